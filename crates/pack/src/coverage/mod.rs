//! How much of the seed inventory a pack exercises: which docker CLI commands (C01–C94) and
//! Dockerfile items (D01–D89) some step with a passing solution uses.
//!
//! The items and how each is recognised live in a reviewable table, `items.tsv` beside this
//! file: per item, regular expressions over a step's text. Recognition is textual on purpose:
//! "exercised" means a learner types it (or builds a Dockerfile containing it) in a step that
//! `wharf pack check` proves working; what the simulator does with it is the validator's
//! business, not this module's.

use regex_lite::Regex;

use crate::model::Step;

/// The item table shipped with the crate.
pub const ITEMS: &str = include_str!("items.tsv");

/// Which checklist an item belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A docker CLI command (`C01`...), matched against what the learner types.
    Cli,
    /// A Dockerfile item (`D01`...), matched against what is typed and what setups write.
    Dockerfile,
}

/// One inventory item and how to recognise it.
#[derive(Clone, Debug)]
pub struct Item {
    /// `C01`, `D45`.
    pub id: String,
    /// CLI or Dockerfile.
    pub kind: Kind,
    /// What it is, for the report.
    pub what: String,
    /// All must match the same step's text.
    pub patterns: Vec<Regex>,
}

/// Parses a table in the format of `items.tsv`; errors name the line.
pub fn parse_items(table: &str) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    for (n, line) in table.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = n + 1;
        let mut cols = line.split('\t');
        let (Some(id), Some(patterns), Some(what), None) = (cols.next(), cols.next(), cols.next(), cols.next()) else {
            return Err(format!("line {at}: want ID, TAB, patterns, TAB, description"));
        };
        let kind = match id.as_bytes().first() {
            Some(b'C') => Kind::Cli,
            Some(b'D') => Kind::Dockerfile,
            _ => return Err(format!("line {at}: item ID {id:?} starts with neither C nor D")),
        };
        let patterns = patterns
            .split(" && ")
            .map(|p| Regex::new(p).map_err(|e| format!("line {at}: {id}: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        items.push(Item { id: id.to_string(), kind, what: what.to_string(), patterns });
    }
    Ok(items)
}

/// The text of one step that items are matched against.
#[derive(Clone, Debug, Default)]
pub struct StepText {
    /// Where the step is, for the report (`M08/3`).
    pub label: String,
    /// The lines its solution types (the `solution` block, or else its run blocks).
    pub typed: String,
    /// Its setup scripts.
    pub setup: String,
}

impl StepText {
    /// The text of `step`, labelled `label`.
    pub fn of(label: String, step: &Step) -> StepText {
        let typed = match &step.solution {
            Some(s) => s.code.clone(),
            None => step.run_blocks().collect::<Vec<_>>().join("\n"),
        };
        let setup = step.setup.iter().map(|s| s.code.as_str()).collect::<Vec<_>>().join("\n");
        StepText { label, typed, setup }
    }

    fn matches(&self, item: &Item) -> bool {
        let text = match item.kind {
            Kind::Cli => self.typed.clone(),
            Kind::Dockerfile => format!("{}\n{}", self.setup, self.typed),
        };
        item.patterns.iter().all(|p| p.is_match(&text))
    }
}

/// Per item, the first passing step that exercises it.
#[derive(Clone, Debug)]
pub struct Coverage {
    /// The items in table order, each with the label of a step using it, if any.
    pub items: Vec<(Item, Option<String>)>,
}

impl Coverage {
    /// Matches every item against the texts of the passing steps.
    pub fn measure(items: Vec<Item>, passing: &[StepText]) -> Coverage {
        let items = items
            .into_iter()
            .map(|item| {
                let by = passing.iter().find(|s| s.matches(&item)).map(|s| s.label.clone());
                (item, by)
            })
            .collect();
        Coverage { items }
    }

    /// (covered, total) for one checklist.
    pub fn count(&self, kind: Kind) -> (usize, usize) {
        let of_kind = self.items.iter().filter(|(i, _)| i.kind == kind);
        let total = of_kind.clone().count();
        (of_kind.filter(|(_, by)| by.is_some()).count(), total)
    }

    /// The covered share of one checklist, in percent (0 for an empty one).
    pub fn percent(&self, kind: Kind) -> f64 {
        let (covered, total) = self.count(kind);
        if total == 0 {
            0.0
        } else {
            100.0 * covered as f64 / total as f64
        }
    }
}

#[cfg(test)]
mod tests;
