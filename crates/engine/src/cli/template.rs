//! `--format` templates: Go's `text/template`, with the docker CLI's functions and its
//! conventions for tables, evaluated over JSON data.
//!
//! Two layers:
//! - [`Template::parse_go`] is a plain Go template (what `docker inspect --format` parses);
//! - [`Template::parse`] first applies the docker CLI's formatter conventions: a format starting
//!   with `table` is a table (the word is cut off and a header row is printed through
//!   [`Table`]), the format `json` means `{{json .}}`, surrounding spaces are trimmed, and the
//!   two-character sequences `\t` and `\n` become a tab and a newline.
//!
//! The data is a [`serde_json::Value`]: an object plays a Go map or struct, and
//! [`Missing`] chooses how absent fields behave (a map's `<no value>`, `missingkey=error`, or
//! a formatter context's `can't evaluate field`). Error texts are Go's, position included;
//! the docker CLI (28.x) prints them after `template parsing error: `
//! ([`TemplateError::docker_message`]).
//!
//! Not supported: `{{define}}`, `{{template}}`, `{{block}}` (no `--format` uses them),
//! complex numbers, and methods such as formatter contexts' `.Label "key"`.

mod ast;
mod exec;
mod funcs;
mod lex;
mod literal;
mod parse;
mod value;

#[cfg(test)]
mod tests;

use crate::collect::CollectMap;
use serde_json::Value;

use super::table::Table;

/// A template that failed to parse or to execute. The text is Go's `text/template` error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// The template does not parse: `template: :1: function "foo" not defined`.
    #[error("{0}")]
    Parse(String),
    /// Execution failed: `template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"`.
    #[error("{0}")]
    Exec(String),
}

impl TemplateError {
    /// The line the docker CLI prints: `template parsing error: ` and the Go error (Docker uses
    /// that prefix for execution errors too). The formatter wraps the error with
    /// `errors.Wrap(err, "template parsing error")` since docker CLI 23 (20.10 printed
    /// `Template parsing error: `, capitalised, and a blank line after it).
    pub fn docker_message(&self) -> String {
        format!("template parsing error: {self}")
    }
}

/// What `.Field` does when the data has no such field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Missing {
    /// Go's default for maps: the result is missing and prints `<no value>`.
    #[default]
    NoValue,
    /// `missingkey=error`, as `docker inspect` uses on raw JSON:
    /// `map has no entry for key "Foo"`.
    Error,
    /// The root object stands for a Go struct of this type (say `*formatter.imageContext`), so a
    /// missing field is `can't evaluate field Foo in type *formatter.imageContext`. Nested
    /// objects still behave as maps.
    Struct(String),
}

/// A parsed template, ready to render rows.
#[derive(Debug, Clone)]
pub struct Template {
    text: String,
    body: Vec<ast::Node>,
    table: bool,
    missing: Missing,
    escape_root_json: bool,
}

impl Template {
    /// Parses a `--format` value with the docker CLI's conventions (see the module docs).
    pub fn parse(format: &str) -> Result<Template, TemplateError> {
        let table = format.starts_with("table");
        let text = if table {
            &format["table".len()..]
        } else if format == "json" {
            "{{json .}}"
        } else {
            format
        };
        let text = text.trim_matches(' ').replace("\\t", "\t").replace("\\n", "\n");
        let mut t = Template::parse_go(&text)?;
        t.table = table;
        Ok(t)
    }

    /// Parses a plain Go template, with no docker conventions.
    pub fn parse_go(text: &str) -> Result<Template, TemplateError> {
        let items = lex::lex(text);
        let body = parse::parse(&items)?;
        Ok(Template {
            text: text.to_string(),
            body,
            table: false,
            missing: Missing::NoValue,
            escape_root_json: false,
        })
    }

    /// Whether the format asked for a table (`table ...`).
    pub fn is_table(&self) -> bool {
        self.table
    }

    /// The Go template text that runs (after the docker conventions were applied).
    pub fn source(&self) -> &str {
        &self.text
    }

    /// Sets how missing fields behave (default [`Missing::NoValue`]).
    pub fn with_missing(mut self, missing: Missing) -> Template {
        self.missing = missing;
        self
    }

    /// Makes `{{json .}}` of the root data escape `<`, `>` and `&` as `\u003c`... The docker
    /// CLI's formatter contexts marshal themselves that way, which is why
    /// `docker images --format '{{json .}}'` prints `"\u003cnone\u003e"`; values below the
    /// root (`{{json .Labels}}`) are never escaped.
    pub fn with_escaped_root_json(mut self, on: bool) -> Template {
        self.escape_root_json = on;
        self
    }

    /// Renders the template once with `data` as dot.
    pub fn render(&self, data: &Value) -> Result<String, TemplateError> {
        let mut e = exec::Exec::new(&self.text, &self.missing, self.escape_root_json, false);
        e.run(&self.body, data)?;
        Ok(e.out)
    }

    /// Renders the header row of a table: the template runs over a map from field name to
    /// column title (`("ID", "IMAGE ID")`) with the CLI's header functions, which return their
    /// argument unchanged. Like Docker, an error just ends the header where it happened.
    pub fn render_header(&self, headers: &[(&str, &str)]) -> String {
        let data = header_map(headers);
        let mut e = exec::Exec::new(&self.text, &Missing::NoValue, false, true);
        let _ = e.run(&self.body, &data);
        e.out
    }

    /// Formats rows as the CLI's formatter does: each row rendered and ended with a newline;
    /// for a table, a header row first and everything aligned through [`Table`]. The first row
    /// that fails fails the whole output, as in Docker.
    pub fn render_rows(&self, rows: &[Value], headers: &[(&str, &str)]) -> Result<String, TemplateError> {
        let mut body = String::new();
        for row in rows {
            body.push_str(&self.render(row)?);
            body.push('\n');
        }
        if !self.table {
            return Ok(body);
        }
        let mut t = Table::new();
        t.text(&self.render_header(headers)).text("\n").text(&body);
        Ok(t.render())
    }
}

/// Formats `rows` with the user's `--format` (or `default_format` when it is empty), Docker
/// style: `format_rows("", "table {{.ID}}\t{{.Name}}", &[("ID", "CONTAINER ID"), ("Name",
/// "NAMES")], &rows)`. Use [`Template`] directly to choose [`Missing`] or JSON escaping.
pub fn format_rows(
    format: &str,
    default_format: &str,
    headers: &[(&str, &str)],
    rows: &[Value],
) -> Result<String, TemplateError> {
    let format = if format.is_empty() { default_format } else { format };
    Template::parse(format)?.render_rows(rows, headers)
}

fn header_map(headers: &[(&str, &str)]) -> Value {
    Value::Object(headers.iter().map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect_object())
}
