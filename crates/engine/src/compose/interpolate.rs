//! `${VAR}` interpolation (compose-go's `template` package) and `.env` files.
//!
//! Forms: `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}` (unset),
//! `${VAR:?err}` / `${VAR?err}` (required), `${VAR:+alt}` / `${VAR+alt}`, and `$$` for a
//! literal `$`. Defaults are interpolated too. An unset variable with no default becomes ""
//! with a warning, as Compose warns.

use super::yaml::{Node, Value};

/// Why interpolation failed; the text is Compose's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InterpolateError {
    /// `${VAR?err}` with VAR unset.
    #[error("required variable {name} is missing a value{}", if .message.is_empty() { String::new() } else { format!(": {}", .message) })]
    Required {
        /// The variable.
        name: String,
        /// The text after `?`.
        message: String,
    },
    /// A `$` that starts no valid form.
    #[error("invalid interpolation format for {path}.\nYou may need to escape any $ with another $.\n{template}")]
    Invalid {
        /// Where the value is (`services.web.image`).
        path: String,
        /// The whole value.
        template: String,
    },
}

/// Substitutes variables in `s`. `lookup` gives a variable's value; each unset variable
/// used without a default is pushed to `unset`.
pub fn substitute(s: &str, lookup: &dyn Fn(&str) -> Option<String>, unset: &mut Vec<String>) -> Result<String, InterpolateError> {
    let invalid = || InterpolateError::Invalid { path: String::new(), template: s.to_string() };
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('$') {
            out.push('$');
            rest = r;
        } else if let Some(r) = rest.strip_prefix('{') {
            let end = closing_brace(r).ok_or_else(invalid)?;
            let inner = &r[..end];
            rest = &r[end + 1..];
            out.push_str(&braced(inner, lookup, unset).map_err(|e| match e {
                InterpolateError::Invalid { .. } => invalid(),
                other => other,
            })?);
        } else {
            let n = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
            if n == 0 || rest.as_bytes()[0].is_ascii_digit() {
                return Err(invalid());
            }
            out.push_str(&value_of(&rest[..n], lookup, unset));
            rest = &rest[n..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The index of the `}` closing a `${`, counting nested `${`.
fn closing_brace(s: &str) -> Option<usize> {
    let mut depth = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'$' if b.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

fn value_of(name: &str, lookup: &dyn Fn(&str) -> Option<String>, unset: &mut Vec<String>) -> String {
    lookup(name).unwrap_or_else(|| {
        if !unset.iter().any(|u| u == name) {
            unset.push(name.to_string());
        }
        String::new()
    })
}

fn braced(inner: &str, lookup: &dyn Fn(&str) -> Option<String>, unset: &mut Vec<String>) -> Result<String, InterpolateError> {
    let n = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
    let name = &inner[..n];
    if name.is_empty() || name.as_bytes()[0].is_ascii_digit() {
        return Err(InterpolateError::Invalid { path: String::new(), template: String::new() });
    }
    let op = &inner[n..];
    if op.is_empty() {
        return Ok(value_of(name, lookup, unset));
    }
    let value = lookup(name);
    let (colon, op) = match op.strip_prefix(':') {
        Some(o) => (true, o),
        None => (false, op),
    };
    let missing = value.as_deref().is_none_or(|v| colon && v.is_empty());
    let arg = op.get(1..).unwrap_or("");
    match op.chars().next() {
        Some('-') if missing => substitute(arg, lookup, unset),
        Some('-') => Ok(value.unwrap_or_default()),
        Some('?') if missing => Err(InterpolateError::Required { name: name.to_string(), message: arg.to_string() }),
        Some('?') => Ok(value.unwrap_or_default()),
        Some('+') if missing => Ok(String::new()),
        Some('+') => substitute(arg, lookup, unset),
        _ => Err(InterpolateError::Invalid { path: String::new(), template: String::new() }),
    }
}

/// Interpolates every scalar value of `node` (keys are left alone), naming the path on error.
pub fn interpolate(node: &mut Node, path: &str, lookup: &dyn Fn(&str) -> Option<String>, unset: &mut Vec<String>) -> Result<(), InterpolateError> {
    match &mut node.value {
        Value::Scalar(s, _) if s.contains('$') => {
            *s = substitute(s, lookup, unset).map_err(|e| match e {
                InterpolateError::Invalid { template, .. } => InterpolateError::Invalid { path: path.to_string(), template },
                other => other,
            })?;
        }
        Value::Seq(items) => {
            for item in items {
                interpolate(item, &format!("{path}.[]"), lookup, unset)?;
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                interpolate(v, &p, lookup, unset)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The variables of a `.env` file (or `env_file:`): `KEY=value`, `export KEY=value`, quotes
/// stripped (`"…"` with `\n` escapes), `#` comments and blank lines skipped; a bare `KEY`
/// has no value.
pub fn parse_env_file(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((k, v)) = line.split_once('=') else {
            out.push((line.to_string(), None));
            continue;
        };
        let v = v.trim();
        let v = if let Some(q) = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            q.replace("\\n", "\n").replace("\\\"", "\"")
        } else if let Some(q) = v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
            q.to_string()
        } else {
            // An unquoted value ends at ` #`.
            v.split(" #").next().unwrap_or("").trim_end().to_string()
        };
        out.push((k.trim().to_string(), Some(v)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(s: &str) -> Result<String, InterpolateError> {
        let env = |k: &str| match k {
            "TAG" => Some("1.2".to_string()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        substitute(s, &env, &mut Vec::new())
    }

    /// One `input | expected` pair per line; `!` marks an error.
    const TABLE: &str = "\
nginx:${TAG} | nginx:1.2
nginx:$TAG | nginx:1.2
${NOPE:-latest} | latest
${EMPTY:-d} | d
${EMPTY-d} |
${NOPE-d} | d
${TAG:+yes} | yes
${NOPE:+yes} |
($$|/) | ($|/)
$${TAG} | ${TAG}
${NOPE:-${TAG}} | 1.2
a$ | !
${TAG | !
${NOPE?boom} | !";

    #[test]
    fn table() {
        for line in TABLE.lines() {
            let (input, expected) = line.split_once(" |").unwrap();
            let expected = expected.trim();
            match sub(input) {
                Ok(got) => assert_eq!(got, expected, "{input}"),
                Err(e) => assert_eq!(expected, "!", "{input}: {e}"),
            }
        }
    }

    #[test]
    fn required_message_and_unset_warning() {
        assert_eq!(sub("${X?set X}").unwrap_err().to_string(), "required variable X is missing a value: set X");
        let mut unset = Vec::new();
        substitute("${A}${A}$B", &|_| None, &mut unset).unwrap();
        assert_eq!(unset, ["A", "B"]);
    }

    #[test]
    fn env_files() {
        let vars = parse_env_file("# c\nA=1\nexport B=\"x y\"\nC='q'\nD\nE=v # note\n");
        assert_eq!(vars[0], ("A".into(), Some("1".into())));
        assert_eq!(vars[1], ("B".into(), Some("x y".into())));
        assert_eq!(vars[2], ("C".into(), Some("q".into())));
        assert_eq!(vars[3], ("D".into(), None));
        assert_eq!(vars[4], ("E".into(), Some("v".into())));
    }
}
