//! RUN's own flags: `--mount` specs, `--network` and `--security` values.
//!
//! A mount is a CSV list of `key=value` fields (`type=cache,target=/root/.cache,sharing=locked`).
//! Values holding `$` are expanded by the builder later and are not judged here; literal ones
//! are checked with BuildKit's messages, so `type=cahce` fails at parse time with
//! `unsupported mount type "cahce" (did you mean cache?)`.

use crate::build::dump::go_quote;
use crate::build::error::{suggest, ParseErrorKind};
use crate::build::parser::flags::Given;

const MOUNT_TYPES: [&str; 5] = ["bind", "cache", "tmpfs", "secret", "ssh"];
const MOUNT_KEYS: [&str; 16] = [
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "ro",
    "rw",
    "readwrite",
];

/// Checks RUN's `--mount`, `--network` and `--security` values, in BuildKit's order.
pub(crate) fn check_run_flags(given: &Given) -> Result<(), ParseErrorKind> {
    for mount in given.list("mount") {
        check_mount(mount).map_err(ParseErrorKind::Mount)?;
    }
    if let Some(network) = given.string("network") {
        if !["default", "none", "host"].contains(&network) {
            return Err(ParseErrorKind::NetworkMode(network.to_string()));
        }
    }
    if let Some(security) = given.string("security") {
        if !["sandbox", "insecure"].contains(&security) {
            return Err(ParseErrorKind::SecurityMode(security.to_string()));
        }
    }
    Ok(())
}

/// Go's `strconv.ParseBool`.
fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// One `--mount` value.
fn check_mount(spec: &str) -> Result<(), String> {
    let fields = csv_record(spec).map_err(|e| format!("failed to parse csv mounts: {e}"))?;
    let mut kind = "bind".to_string();
    let (mut has_file_info, mut sharing, mut from, mut expanded_later) =
        (None, false, false, false);
    for field in &fields {
        let (key, value) = match field.split_once('=') {
            Some((k, v)) => (k.to_lowercase(), Some(v)),
            None => (field.to_lowercase(), None),
        };
        let Some(value) = value else {
            match key.as_str() {
                "readonly" | "ro" | "readwrite" | "rw" => continue,
                "required" if kind == "secret" || kind == "ssh" => continue,
                "required" => {
                    return Err(format!("unexpected key '{key}' for mount type '{kind}'"))
                }
                _ => return Err(format!("invalid field '{field}' must be a key=value pair")),
            }
        };
        if value.contains('$') {
            if key == "from" && value.chars().skip_while(|c| *c != '$').nth(1).is_some() {
                return Err(format!(
                    "'{key}' doesn't support variable expansion, define alias stage instead"
                ));
            }
            expanded_later = true;
            continue;
        }
        let bad_value = || format!("invalid value for {key}: {value}");
        match key.as_str() {
            "type" => {
                let lower = value.to_lowercase();
                if !MOUNT_TYPES.contains(&lower.as_str()) {
                    let hint = suggest(value, &MOUNT_TYPES, true)
                        .map(|s| format!(" (did you mean {s}?)"))
                        .unwrap_or_default();
                    return Err(format!("unsupported mount type {}{hint}", go_quote(value)));
                }
                kind = lower;
            }
            "from" => from = true,
            "source" | "src" | "target" | "dst" | "destination" | "id" => {}
            "readonly" | "ro" | "readwrite" | "rw" => {
                parse_bool(value).ok_or_else(bad_value)?;
            }
            "required" if kind == "secret" || kind == "ssh" => {
                parse_bool(value).ok_or_else(bad_value)?;
            }
            "required" => return Err(format!("unexpected key '{key}' for mount type '{kind}'")),
            "sharing" => {
                if !["shared", "private", "locked"].contains(&value.to_lowercase().as_str()) {
                    return Err(format!("unsupported sharing value {}", go_quote(value)));
                }
                sharing = true;
            }
            "mode" => {
                u32::from_str_radix(value, 8)
                    .map_err(|_| format!("invalid value {value} for mode"))?;
                has_file_info = has_file_info.or(Some("mode"));
            }
            "uid" | "gid" => {
                value
                    .parse::<u32>()
                    .map_err(|_| format!("invalid value {value} for {key}"))?;
                has_file_info = has_file_info.or(Some(if key == "uid" { "uid" } else { "gid" }));
            }
            _ => {
                let hint = suggest(&key, &MOUNT_KEYS, true)
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                return Err(format!("unexpected key '{key}' in '{field}'{hint}"));
            }
        }
    }
    if expanded_later {
        return Ok(());
    }
    if let Some(what) = has_file_info {
        if !matches!(kind.as_str(), "secret" | "ssh" | "cache") {
            return Err(format!(
                "{what} not allowed for {} type mounts",
                go_quote(&kind)
            ));
        }
    }
    if sharing && kind != "cache" {
        return Err(format!("invalid cache sharing set for {kind} mount"));
    }
    if kind == "secret" && from {
        return Err("secret mount should not have a from".to_string());
    }
    Ok(())
}

/// One CSV record as Go's `encoding/csv` reads it: `,`-separated fields, `"quoted"` fields
/// with `""` for a quote.
fn csv_record(line: &str) -> Result<Vec<String>, String> {
    if line.is_empty() {
        return Err("EOF".to_string());
    }
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        let column = line.len() - rest.len() + 1;
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut field = String::new();
            let mut chars = quoted.char_indices();
            let after = loop {
                match chars.next() {
                    None => {
                        return Err(format!(
                            "parse error on line 1, column {}: extraneous or missing \" in quoted-field",
                            line.len() + 1
                        ))
                    }
                    Some((i, '"')) if quoted[i + 1..].starts_with('"') => {
                        field.push('"');
                        chars.next();
                    }
                    Some((i, '"')) => break &quoted[i + 1..],
                    Some((_, c)) => field.push(c),
                }
            };
            fields.push(field);
            match after.strip_prefix(',') {
                Some(next) => rest = next,
                None if after.is_empty() => return Ok(fields),
                None => {
                    return Err(format!(
                    "parse error on line 1, column {}: extraneous or missing \" in quoted-field",
                    line.len() - after.len() + 1
                ))
                }
            }
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            let field = &rest[..end];
            if let Some(q) = field.find('"') {
                return Err(format!(
                    "parse error on line 1, column {}: bare \" in non-quoted field",
                    column + q
                ));
            }
            fields.push(field.to_string());
            if end == rest.len() {
                return Ok(fields);
            }
            rest = &rest[end + 1..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_mounts() {
        for spec in [
            "type=cache,target=/root/.cache,sharing=locked,id=x,mode=0755,uid=1,gid=2",
            "type=bind,from=build,source=/out,target=/in,rw",
            "type=secret,id=token,required",
            "type=secret,id=token,required=true,target=/run/t",
            "type=tmpfs,target=/tmp",
            "type=ssh",
            "target=/x,type=$KIND",
            "\"type=bind\",\"target=/a,b\"",
        ] {
            assert_eq!(check_mount(spec), Ok(()), "{spec}");
        }
    }

    #[test]
    fn bad_mounts() {
        for (spec, message) in [
            ("type=cahce", "unsupported mount type \"cahce\" (did you mean cache?)"),
            ("type=bind,sharing=locked", "invalid cache sharing set for bind mount"),
            ("type=cache,sharing=maybe", "unsupported sharing value \"maybe\""),
            ("type=bind,mode=0755", "mode not allowed for \"bind\" type mounts"),
            ("target", "invalid field 'target' must be a key=value pair"),
            ("type=bind,required", "unexpected key 'required' for mount type 'bind'"),
            ("type=cache,traget=/x", "unexpected key 'traget' in 'traget=/x' (did you mean target?)"),
            ("type=cache,mode=9", "invalid value 9 for mode"),
            ("type=bind,ro=maybe", "invalid value for ro: maybe"),
            ("from=$STAGE", "'from' doesn't support variable expansion, define alias stage instead"),
            ("type=secret,from=x,id=y", "secret mount should not have a from"),
            ("a\"b", "failed to parse csv mounts: parse error on line 1, column 2: bare \" in non-quoted field"),
            ("", "failed to parse csv mounts: EOF"),
        ] {
            assert_eq!(check_mount(spec), Err(message.to_string()), "{spec}");
        }
    }
}
