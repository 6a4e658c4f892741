//! `pack.toml`: the pack's identity and its modules in order.

use serde::Deserialize;
use toml::Spanned;

use crate::error::ParseError;
use crate::model::ModuleStatus;

/// The manifest's file name.
pub const MANIFEST: &str = "pack.toml";

/// `pack.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Stable identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Version.
    pub version: String,
    /// Authors.
    pub authors: Vec<String>,
    /// Language tag.
    pub language: String,
    /// `[[modules]]`, in order.
    pub modules: Vec<Spanned<ModuleEntry>>,
}

/// One `[[modules]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleEntry {
    /// Identifier (`M03`).
    pub id: String,
    /// Title.
    pub title: String,
    /// The markdown file; required unless `status = "planned"`.
    pub file: Option<String>,
    /// `written` (the default) or `planned`.
    #[serde(default)]
    pub status: Status,
}

/// `status = "..."`.
#[derive(Debug, Default, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Has a file and is checked.
    #[default]
    Written,
    /// Listed only.
    Planned,
}

impl From<Status> for ModuleStatus {
    fn from(s: Status) -> ModuleStatus {
        match s {
            Status::Written => ModuleStatus::Written,
            Status::Planned => ModuleStatus::Planned,
        }
    }
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

/// Parses `pack.toml` and checks what TOML cannot: module IDs unique, a file for every written
/// module and none for a planned one.
pub fn parse(text: &str) -> Result<Manifest, Vec<ParseError>> {
    let manifest: Manifest = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        vec![ParseError::new(MANIFEST, line, e.message().trim_end().to_string())]
    })?;
    let mut errors = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for m in &manifest.modules {
        let line = line_of(text, m.span().start);
        let entry = m.get_ref();
        if !seen.insert(entry.id.clone()) {
            errors.push(ParseError::new(MANIFEST, line, format!("module `{}` is listed twice", entry.id)));
        }
        match (entry.status, &entry.file) {
            (Status::Written, None) => errors.push(ParseError::new(MANIFEST, line, format!("module `{}` has no `file` (mark it `status = \"planned\"` if it is not written yet)", entry.id))),
            (Status::Planned, Some(f)) => errors.push(ParseError::new(MANIFEST, line, format!("module `{}` is planned but names a file `{f}`", entry.id))),
            _ => {}
        }
    }
    if manifest.modules.is_empty() {
        errors.push(ParseError::new(MANIFEST, 0, "no `[[modules]]`"));
    }
    if errors.is_empty() {
        Ok(manifest)
    } else {
        Err(errors)
    }
}
