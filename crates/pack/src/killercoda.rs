//! Imports a Killercoda scenario (`index.json`, step markdown, `verify.sh` and background
//! scripts) as a pack with one module.
//!
//! The mapping: `details.intro.text` becomes the module's introduction; each of
//! `details.steps` a step, its `verify` script a ```` ```verify ```` block, its `background`
//! (and `foreground`) script a ```` ```setup ```` block; `details.intro.background` runs as
//! the first step's setup; `details.finish.text` becomes a last, unchecked step. In the
//! markdown, a code block marked `{{exec}}` becomes a click-to-run block (so it is the step's
//! solution), one inside a `<details>` whose summary mentions a solution becomes the hidden
//! `solution`, `{{copy}}` marks are dropped, and headings move below `##`, which starts steps.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::ParseError;
use crate::markdown::{slug, DISPLAY_FENCES};
use crate::source::Source;

#[derive(Deserialize)]
struct Index {
    title: String,
    #[serde(default)]
    details: Details,
}

#[derive(Deserialize, Default)]
struct Details {
    #[serde(default)]
    intro: Option<Part>,
    #[serde(default)]
    steps: Vec<Part>,
    #[serde(default)]
    finish: Option<Part>,
}

#[derive(Deserialize, Default)]
struct Part {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    verify: Option<String>,
    #[serde(default)]
    background: Option<String>,
    #[serde(default)]
    foreground: Option<String>,
}

/// An imported pack: files to write, and notes for the instructor.
#[derive(Debug, Default)]
pub struct Imported {
    /// Path (relative to the new pack) → content.
    pub files: BTreeMap<String, String>,
    /// What needs a human: steps with a check but nothing to prove it, files not found.
    pub notes: Vec<String>,
}

fn read(src: &dyn Source, path: &str, notes: &mut Vec<String>) -> Option<String> {
    let text = src.read(path);
    if text.is_none() {
        notes.push(format!("{path}: named in index.json but not found"));
    }
    text
}

/// A fence long enough to hold `code`.
fn fence(kind: &str, code: &str) -> String {
    let mut ticks = "```".to_string();
    while code.contains(&ticks) {
        ticks.push('`');
    }
    let body = if code.ends_with('\n') { code.to_string() } else { format!("{code}\n") };
    format!("{ticks}{kind}\n{body}{ticks}\n")
}

/// Rewrites a Killercoda step text into pack markdown. Returns the text and whether it gained
/// a solution (click-to-run blocks or a hidden `solution`).
pub fn convert_markdown(text: &str) -> (String, bool) {
    let mut out = String::new();
    let mut solved = false;
    let mut in_solution_details = false;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with("<details") {
            in_solution_details = trimmed.to_lowercase().contains("solution") || lines.peek().is_some_and(|n| n.to_lowercase().contains("solution"));
            continue;
        }
        if trimmed.starts_with("</details") {
            in_solution_details = false;
            continue;
        }
        if trimmed.starts_with("<summary") {
            if in_solution_details {
                // The solution is hidden behind the playground's own button.
                continue;
            }
            let inner = trimmed.trim_start_matches("<summary>").trim_end_matches("</summary>");
            out.push_str(&format!("**{inner}**\n"));
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("```") {
            let lang = rest.split_whitespace().next().unwrap_or("").to_string();
            let mut code = String::new();
            let mut tail = String::new();
            for l in lines.by_ref() {
                if let Some(after) = l.trim().strip_prefix("```") {
                    tail = after.to_string();
                    break;
                }
                code.push_str(l);
                code.push('\n');
            }
            let mut exec = tail.contains("{{exec");
            if !exec && lines.peek().is_some_and(|n| n.trim().starts_with("{{exec")) {
                exec = true;
                lines.next();
            }
            if exec && in_solution_details {
                out.push_str(&fence("solution", &code));
                solved = true;
            } else if exec {
                out.push_str(&fence("run", &code));
                solved = true;
            } else {
                let lang = if DISPLAY_FENCES.contains(&lang.as_str()) { lang } else { "text".to_string() };
                out.push_str(&fence(&lang, &code));
            }
            continue;
        }
        // Headings below `##`, which starts a step in a pack.
        let line = if line.starts_with('#') && line.trim_start_matches('#').starts_with(' ') {
            let level = line.len() - line.trim_start_matches('#').len();
            format!("{}{}", "#".repeat(level.max(1) + 2).chars().take(6).collect::<String>(), line.trim_start_matches('#'))
        } else {
            line.to_string()
        };
        // Inline `cmd`{{exec}}: keep the code in the prose, add a run block after the line.
        let mut runs = Vec::new();
        let mut rewritten = String::new();
        let mut rest = line.as_str();
        while let Some(pos) = rest.find("`{{") {
            let (before, after) = rest.split_at(pos + 1);
            let Some(end) = after.find("}}") else { break };
            let marker = &after[2..end];
            if marker.starts_with("exec") {
                if let Some(open) = before[..before.len() - 1].rfind('`') {
                    runs.push(before[open + 1..before.len() - 1].to_string());
                }
            }
            rewritten.push_str(before);
            rest = &after[end + 2..];
        }
        rewritten.push_str(rest);
        out.push_str(&rewritten);
        out.push('\n');
        for r in runs {
            out.push_str(&fence(if in_solution_details { "solution" } else { "run" }, &r));
            solved = true;
        }
    }
    (out, solved)
}

/// Imports the scenario `src` holds.
pub fn import(src: &dyn Source) -> Result<Imported, ParseError> {
    let json = src.read("index.json").ok_or_else(|| ParseError::new("index.json", 0, "cannot read the scenario's index.json"))?;
    let index: Index = serde_json::from_slice(json.as_bytes()).map_err(|e| ParseError::new("index.json", e.line(), e.to_string()))?;
    let mut notes = Vec::new();
    let id = match slug(&index.title) {
        s if s.is_empty() => "scenario".to_string(),
        s => s,
    };
    let mut md = format!("# {}\n\n", index.title);
    let intro = index.details.intro.unwrap_or_default();
    if let Some(t) = intro.text.as_deref().and_then(|p| read(src, p, &mut notes)) {
        md.push_str(&convert_markdown(&t).0);
        md.push('\n');
    }
    let mut first_setup = intro.background.as_deref().and_then(|p| read(src, p, &mut notes));
    for (i, step) in index.details.steps.iter().enumerate() {
        let n = i + 1;
        let title = step.title.clone().unwrap_or_else(|| format!("Step {n}"));
        md.push_str(&format!("## {title} {{#step-{n}}}\n\n"));
        let (text, solved) = step.text.as_deref().and_then(|p| read(src, p, &mut notes)).map(|t| convert_markdown(&t)).unwrap_or_default();
        md.push_str(&text);
        md.push('\n');
        for script in [first_setup.take(), step.background.as_deref().and_then(|p| read(src, p, &mut notes)), step.foreground.as_deref().and_then(|p| read(src, p, &mut notes))].into_iter().flatten() {
            md.push_str(&fence("setup", &script));
        }
        if let Some(v) = step.verify.as_deref().and_then(|p| read(src, p, &mut notes)) {
            md.push_str(&fence("verify", &v));
            if !solved {
                notes.push(format!("step {n} ({title}) is verified but has no {{{{exec}}}} block: add a ```solution block"));
            }
        }
        md.push('\n');
    }
    if let Some(t) = index.details.finish.and_then(|f| f.text).and_then(|p| read(src, &p, &mut notes)) {
        md.push_str("## Finish {#finish}\n\n");
        md.push_str(&convert_markdown(&t).0);
    }
    let file = format!("{id}.md");
    let manifest = format!(
        "# Imported from a Killercoda scenario.\nid = {id:?}\ntitle = {title:?}\nversion = \"0.1.0\"\nauthors = []\nlanguage = \"en\"\n\n[[modules]]\nid = {id:?}\ntitle = {title:?}\nfile = {file:?}\n",
        title = index.title
    );
    let mut files = BTreeMap::new();
    files.insert("pack.toml".to_string(), manifest);
    files.insert(file, md);
    Ok(Imported { files, notes })
}
