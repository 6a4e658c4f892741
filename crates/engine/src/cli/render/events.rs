//! `docker events`: one line per event, either docker's own layout
//! (`TIME TYPE ACTION ID (k=v, ...)`) or the user's `--format` template run over the
//! `events.Message` (Go field names: `.Type`, `.Action`, `.Actor.Attributes`, `.TimeNano`).
//!
//! The template is a plain Go template (no `table`, no trimming); `--format json` means
//! `{{json .}}`, which prints the message with its JSON tags in Go's field order and no HTML
//! escaping.

use serde_json::{json, Value};

use crate::api::{GoTime, Message};
use crate::cli::template::{Missing, Template, TemplateError};

/// The `--format` of `docker events`, checked once before any event arrives (as the CLI
/// executes it over an empty message first, so a bad field fails at once).
#[derive(Debug, Clone)]
pub struct EventFormat {
    template: Option<Template>,
    whole_json: bool,
}

impl EventFormat {
    /// Parses `--format` (empty for docker's layout).
    pub fn parse(format: &str) -> Result<EventFormat, TemplateError> {
        let format = if format == "json" { "{{json .}}" } else { format };
        if format.is_empty() {
            return Ok(EventFormat { template: None, whole_json: false });
        }
        let template = Template::parse_go(format)?.with_missing(Missing::Struct("*events.Message".into()));
        template.render(&template_data(&Message::default()))?;
        Ok(EventFormat { template: Some(template), whole_json: format == "{{json .}}" })
    }

    /// The line printed for one event, newline included.
    pub fn line(&self, m: &Message) -> Result<String, TemplateError> {
        match &self.template {
            None => Ok(pretty(m)),
            // serde writes the struct's fields in order; a `Value` would sort them.
            Some(_) if self.whole_json => Ok(format!("{}\n", serde_json::to_string(m).unwrap_or_default())),
            Some(t) => Ok(format!("{}\n", t.render(&template_data(m))?)),
        }
    }
}

/// What the CLI prints when `--format` does not parse or fails on an empty message, before
/// exiting with status 64: `Error parsing format: template: ...`.
pub fn format_error(e: &TemplateError) -> String {
    format!("Error parsing format: {e}")
}

/// The message with Go's field names, as a template sees the struct.
fn template_data(m: &Message) -> Value {
    json!({
        "Status": m.status,
        "ID": m.id,
        "From": m.from,
        "Type": m.kind,
        "Action": m.action,
        "Actor": {"ID": m.actor.id, "Attributes": m.actor.attributes.clone().unwrap_or_default()},
        "Scope": m.scope,
        "Time": m.time,
        "TimeNano": m.time_nano,
    })
}

/// Docker's layout: the time with nine fraction digits (UTC), type, action, actor, and the
/// attributes sorted by key.
fn pretty(m: &Message) -> String {
    let mut out = String::new();
    if m.time_nano != 0 {
        out.push_str(&GoTime::from_unix_nanos(m.time_nano).rfc3339_nano_fixed());
        out.push(' ');
    } else if m.time != 0 {
        out.push_str(&GoTime::from_unix(m.time).rfc3339_nano_fixed());
        out.push(' ');
    }
    out.push_str(&format!("{} {} {}", m.kind, m.action, m.actor.id));
    if let Some(attrs) = m.actor.attributes.as_ref().filter(|a| !a.is_empty()) {
        let pairs: Vec<String> = attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        out.push_str(&format!(" ({})", pairs.join(", ")));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Message> {
        include_str!("testdata/docker-events-sample-json.txt").lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    fn print(format: &str) -> String {
        let f = EventFormat::parse(format).unwrap();
        sample().iter().map(|m| f.line(m).unwrap()).collect()
    }

    #[test]
    fn the_default_layout_is_dockers() {
        assert_eq!(print(""), include_str!("testdata/docker-events-sample.txt"));
    }

    #[test]
    fn json_format_is_dockers() {
        assert_eq!(print("{{json .}}"), include_str!("testdata/docker-events-sample-json.txt"));
        assert_eq!(print("json"), include_str!("testdata/docker-events-sample-json.txt"));
    }

    #[test]
    fn templates_use_go_field_names() {
        let out = print("{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.TimeNano}}");
        assert_eq!(out.lines().next().unwrap(), "container create evtest 1795345667764905884");
        let err = EventFormat::parse("{{.Nope}}").unwrap_err();
        assert_eq!(format_error(&err), "Error parsing format: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *events.Message");
    }
}
