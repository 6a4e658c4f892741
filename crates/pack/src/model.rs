//! The parsed pack: what the playground renders and what the checker runs.

use crate::error::Location;
use crate::matcher::Matcher;

/// A course: `pack.toml` plus its modules, in teaching order.
#[derive(Clone, Debug)]
pub struct Pack {
    /// Stable identifier (`docker`), used to key saved progress.
    pub id: String,
    /// Title shown to learners.
    pub title: String,
    /// The pack's version (semver); progress is kept across versions by step ID.
    pub version: String,
    /// Who wrote it.
    pub authors: Vec<String>,
    /// BCP 47 language tag of the prose (`en`).
    pub language: String,
    /// Modules in teaching order, written or planned.
    pub modules: Vec<Module>,
}

/// Whether a module exists yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleStatus {
    /// Written: it has a markdown file and steps, and is checked.
    Written,
    /// Announced in the table of contents only; no file, nothing to check.
    Planned,
}

/// One module: an environment of its own (a fresh host) and its steps.
#[derive(Clone, Debug)]
pub struct Module {
    /// Stable identifier (`M03`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Written or planned.
    pub status: ModuleStatus,
    /// The markdown file, relative to the pack (written modules only).
    pub file: Option<String>,
    /// The introduction: prose before the first step.
    pub intro: Vec<Segment>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// A piece of a step's visible body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Markdown prose (to be rendered sanitised: a pack never runs HTML or scripts).
    Markdown(String),
    /// A click-to-run block: shown, and typed into the terminal line by line on a click.
    Run(String),
    /// A code block only to read (output, a file's content), with its language.
    Code {
        /// The info string's first word (`text`, `dockerfile`...), possibly empty.
        lang: String,
        /// The code.
        code: String,
    },
}

/// A shell script to run in the simulated host, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// The script's text.
    pub code: String,
    /// The line of its opening fence.
    pub at: Location,
}

/// A hint, shown on request or, with a condition, when the condition holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// Markdown.
    pub text: String,
    /// A `hintcheck` script: the hint appears while it exits 0. `None`: on request, in order.
    pub when: Option<Script>,
}

/// A recognised wrong path: when `script` exits 0, the step shows `message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failcheck {
    /// The detecting script.
    pub script: Script,
    /// Markdown telling the learner what went wrong.
    pub message: String,
}

/// A typed answer, checked against a regular expression.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The regular expression (regex-lite syntax), matched against the trimmed answer.
    pub pattern: regex_lite::Regex,
    /// An answer that must match (the validator checks it); also the revealed solution.
    pub example: String,
    /// Where it was written.
    pub at: Location,
}

impl Answer {
    /// Whether `typed` is accepted.
    pub fn accepts(&self, typed: &str) -> bool {
        self.pattern.is_match(typed.trim())
    }
}

/// A declarative check with its location.
#[derive(Clone, Debug)]
pub struct Expect {
    /// The matcher.
    pub matcher: Matcher,
    /// Its line.
    pub at: Location,
}

/// One step.
#[derive(Clone, Debug)]
pub struct Step {
    /// Identifier, unique in its module (`rootfs`; by default `step-N`).
    pub id: String,
    /// Title (the heading's text).
    pub title: String,
    /// The heading's location.
    pub at: Location,
    /// A challenge: no click-to-run blocks, a hidden solution, a check.
    pub challenge: bool,
    /// IDs of earlier steps in the module whose work this step builds on: their setup and
    /// solution are replayed before it, and it unlocks when they are done. By default the
    /// previous step.
    pub needs: Vec<String>,
    /// What the learner sees.
    pub body: Vec<Segment>,
    /// Hidden scripts run before the step starts.
    pub setup: Vec<Script>,
    /// Lines typed into the terminal to solve the step. For a step without a `solution`
    /// block, its click-to-run blocks.
    pub solution: Option<Script>,
    /// Scripts that must all exit 0 for the step to be done.
    pub verify: Vec<Script>,
    /// Declarative checks that must all hold for the step to be done.
    pub expect: Vec<Expect>,
    /// Hints, in order.
    pub hints: Vec<Hint>,
    /// Wrong paths.
    pub failchecks: Vec<Failcheck>,
    /// A typed answer, if the step asks a question.
    pub answer: Option<Answer>,
}

impl Step {
    /// Whether completing the step is checked (by scripts, matchers or an answer).
    pub fn is_checked(&self) -> bool {
        !self.verify.is_empty() || !self.expect.is_empty() || self.answer.is_some()
    }

    /// The click-to-run blocks, in order.
    pub fn run_blocks(&self) -> impl Iterator<Item = &str> {
        self.body.iter().filter_map(|s| match s {
            Segment::Run(code) => Some(code.as_str()),
            _ => None,
        })
    }
}

impl Pack {
    /// The written modules.
    pub fn written(&self) -> impl Iterator<Item = &Module> {
        self.modules.iter().filter(|m| m.status == ModuleStatus::Written)
    }
}
