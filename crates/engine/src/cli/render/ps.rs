//! `docker ps` / `docker container ls`: the CLI's container table over `GET /containers/json`.
//!
//! Each container becomes the CLI's `ContainerContext` as a JSON row (the fields its methods
//! compute), rendered by the shared template engine. The daemon has already filtered (`-a`,
//! `--filter`, `-n`) and sorted (newest first), and worded `Status`.

use serde_json::{json, Value};

use crate::golang::quote;
use super::ports::displayable_ports;
use super::truncate_id;
use crate::api::{ContainerSummary, GoTime};
use crate::cli::table::Table;
use crate::cli::template::{Missing, Template, TemplateError};
use crate::cli::units::{ellipsis, human_size, time_ago};
use crate::collect::CollectMap;
use crate::image::reference::Reference;
use crate::kernel::Timestamp;

/// Column titles of the container formatter.
const HEADERS: &[(&str, &str)] = &[
    ("Command", "COMMAND"),
    ("CreatedAt", "CREATED AT"),
    ("ID", "CONTAINER ID"),
    ("Image", "IMAGE"),
    ("Labels", "LABELS"),
    ("LocalVolumes", "LOCAL VOLUMES"),
    ("Mounts", "MOUNTS"),
    ("Names", "NAMES"),
    ("Networks", "NETWORKS"),
    ("Platform", "PLATFORM"),
    ("Ports", "PORTS"),
    ("RunningFor", "CREATED"),
    ("Size", "SIZE"),
    ("State", "STATE"),
    ("Status", "STATUS"),
];

const DEFAULT_TABLE: &str = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

/// The flags that shape the output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `-q`: IDs only.
    pub quiet: bool,
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// `-s`: adds the `SIZE` column (the caller asks the daemon for sizes).
    pub size: bool,
    /// `--format`, empty for the default table.
    pub format: String,
}

/// Whether the CLI asks the daemon for sizes although `-s` was not given: when the template
/// uses `.Size`, and for `--format json`, whose rows carry `Size` (the reference
/// docker-ps-a-format-json.txt shows virtual sizes).
pub fn wants_size(format: &str) -> bool {
    format == "json" || format.contains(".Size")
}

/// `ContainerContext.Image()`: with truncation, an image given by ID is shortened and a
/// reference loses its digest and default registry.
fn image_column(c: &ContainerSummary, trunc: bool) -> String {
    if c.image.is_empty() {
        return "<no image>".into();
    }
    if !trunc {
        return c.image.clone();
    }
    let short = truncate_id(&c.image_id);
    if short == truncate_id(&c.image) {
        return short;
    }
    let Ok(r) = Reference::parse(&c.image) else { return c.image.clone() };
    let r = if r.digest().is_some() {
        let bare = r.repository();
        match r.tag() {
            Some(tag) => bare.with_tag(tag).unwrap_or(bare),
            None => bare,
        }
    } else {
        r
    };
    r.familiar_string()
}

/// `ContainerContext.Names()`: slashes stripped; truncated, only the first name that is not a
/// legacy link alias.
fn names_column(names: &[String], trunc: bool) -> String {
    let names: Vec<&str> = names.iter().map(|n| n.strip_prefix('/').unwrap_or(n)).collect();
    if trunc {
        return names.iter().find(|n| !n.contains('/')).map(|n| n.to_string()).unwrap_or_default();
    }
    names.join(",")
}

/// One container as the CLI's formatter context sees it.
pub(crate) fn row(c: &ContainerSummary, trunc: bool, now: Timestamp, label_methods: bool) -> Value {
    let labels = c.labels.clone().unwrap_or_default();
    let mounts: Vec<String> = c
        .mounts
        .iter()
        .map(|m| {
            let name = if m.name.is_empty() { &m.source } else { &m.name };
            if trunc {
                ellipsis(name, 15)
            } else {
                name.clone()
            }
        })
        .collect();
    let networks: Vec<&String> = c.network_settings.iter().flat_map(|n| n.networks.iter().flat_map(|m| m.keys())).collect();
    let size = if c.size_root_fs > 0 {
        format!("{} (virtual {})", human_size(c.size_rw.max(0) as u64), human_size(c.size_root_fs as u64))
    } else {
        human_size(c.size_rw.max(0) as u64)
    };
    let created = GoTime::from_unix(c.created);
    let mut v = json!({
        "Command": quote(&if trunc { ellipsis(&c.command, 20) } else { c.command.clone() }),
        "CreatedAt": created.utc_string(),
        "ID": if trunc { truncate_id(&c.id) } else { c.id.clone() },
        "Image": image_column(c, trunc),
        "Labels": labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
        "LocalVolumes": c.mounts.iter().filter(|m| m.driver == "local").count().to_string(),
        "Mounts": mounts.join(","),
        "Names": names_column(&c.names, trunc),
        "Networks": networks.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(","),
        "Platform": null,
        "Ports": displayable_ports(&c.ports),
        "RunningFor": time_ago(created.unix_nanos(), now),
        "Size": size,
        "State": c.state,
        "Status": c.status,
    });
    if label_methods {
        v["Label"] = json!(labels);
    }
    v
}

/// What the CLI writes on stderr (and goes on) when both `--format` and `-q` are given.
pub fn quiet_format_warning(opts: &Options) -> Option<&'static str> {
    (opts.quiet && !opts.format.is_empty()).then_some("WARNING: Ignoring custom format, because both --format and --quiet are set.")
}

/// The CLI's check of `--format` before it asks the daemon anything: the template is parsed
/// as plain Go text and run over an empty container. The error is the whole message the CLI
/// prints (exit status 1): `failed to execute template: template: :1:2: executing "" at
/// <.Nope>: can't evaluate field Nope in type *formatter.ContainerContext`.
pub fn validate(format: &str) -> Result<(), String> {
    if format.is_empty() {
        return Ok(());
    }
    let rewritten = rewrite_label_calls(format);
    let text = rewritten.as_ref().map_or(format, |r| r.format.as_str());
    let t = Template::parse_go(text).map_err(|e| format!("failed to parse template: {e}"))?;
    let t = t.with_missing(Missing::Struct("*formatter.ContainerContext".into()));
    let empty = row(&ContainerSummary::default(), true, 0, rewritten.is_some());
    t.render(&empty).map(|_| ()).map_err(|e| format!("failed to execute template: {e}"))
}

/// A format with `.Label "key"` calls rewritten, and the keys they name.
struct LabelCalls {
    format: String,
    keys: Vec<String>,
}

/// The string literal at the start of `s` (Go's `"..."` with escapes, or a raw `` `...` ``).
fn leading_literal(s: &str) -> Option<String> {
    let mut chars = s.chars();
    match chars.next()? {
        '`' => chars.as_str().split_once('`').map(|(lit, _)| lit.to_string()),
        '"' => {
            let mut out = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '"' => return Some(out),
                    '\\' => out.push(chars.next()?),
                    c => out.push(c),
                }
            }
            None
        }
        _ => None,
    }
}

/// Rewrites the method call `.Label "key"` (which the template engine has no methods for)
/// into `index .Label "key"` over a map added to the rows for that purpose.
fn rewrite_label_calls(format: &str) -> Option<LabelCalls> {
    let mut out = String::with_capacity(format.len());
    let mut keys = Vec::new();
    let mut rest = format;
    while let Some(i) = rest.find(".Label") {
        let after = &rest[i + ".Label".len()..];
        let before_ok = !rest[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.');
        let literal = after.starts_with([' ', '\t']).then(|| leading_literal(after.trim_start())).flatten();
        out.push_str(&rest[..i]);
        match literal {
            Some(key) if before_ok => {
                out.push_str("index .Label");
                keys.push(key);
            }
            _ => out.push_str(".Label"),
        }
        rest = after;
    }
    out.push_str(rest);
    (!keys.is_empty()).then_some(LabelCalls { format: out, keys })
}

/// The header row's data when the format calls `.Label`: the titles, plus a `Label` map
/// giving each key the CLI's title for it (the last dot-separated part, `-` and `_` as
/// spaces: `com.example.build-id` is `build id`).
fn header_with_labels(keys: &[String]) -> Value {
    let mut header: serde_json::Map<String, Value> = HEADERS.iter().map(|(k, v)| (k.to_string(), json!(v))).collect_object();
    let titles: serde_json::Map<String, Value> = keys
        .iter()
        .map(|k| {
            let last = k.rsplit('.').next().unwrap_or(k);
            (k.clone(), json!(last.replace(['-', '_'], " ")))
        })
        .collect_object();
    header.insert("Label".into(), Value::Object(titles));
    Value::Object(header)
}

/// Renders `docker ps` for `containers` (as the daemon listed them) at `now`. A template that
/// fails is the CLI's error: print [`TemplateError::docker_message`] on stderr and exit 1.
pub fn render(containers: &[ContainerSummary], opts: &Options, now: Timestamp) -> Result<String, TemplateError> {
    let default_table;
    let format = match opts.format.as_str() {
        _ if opts.quiet => "{{.ID}}",
        "" | "table" if opts.size => {
            default_table = format!("{DEFAULT_TABLE}\\t{{{{.Size}}}}");
            default_table.as_str()
        }
        "" | "table" => DEFAULT_TABLE,
        other => other,
    };
    let rewritten = rewrite_label_calls(format);
    let format = rewritten.as_ref().map_or(format, |r| r.format.as_str());
    let trunc = !opts.no_trunc;
    let rows: Vec<Value> = containers.iter().map(|c| row(c, trunc, now, rewritten.is_some())).collect();
    let t = Template::parse(format)?.with_missing(Missing::Struct("*formatter.ContainerContext".into())).with_escaped_root_json(true);
    match rewritten {
        Some(calls) if t.is_table() => {
            let mut body = String::new();
            for r in &rows {
                body.push_str(&t.render(r)?);
                body.push('\n');
            }
            // Like Docker, a header that fails to render is cut where it failed.
            let header = t.render(&header_with_labels(&calls.keys)).unwrap_or_default();
            let mut table = Table::new();
            table.text(&header).text("\n").text(&body);
            Ok(table.render())
        }
        _ => t.render_rows(&rows, HEADERS),
    }
}

#[cfg(test)]
mod tests;
