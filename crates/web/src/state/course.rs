//! The course as the learner works through it: the pack, the open module and step, and the
//! progress (steps done, answers typed, hints and solutions revealed), saved per pack.
//!
//! The reducer never runs checks: the page evaluates the open step on the machine
//! (`hooks::use_checker`) and reports the result with [`CourseAction::Checked`]. A step once
//! done stays done; what the last check found (failing checks, wrong paths, conditional hints)
//! is kept in [`Live`] for the open step only and is not saved.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wharf_pack::model::{Module, ModuleStatus, Step};
use wharf_pack::Pack;

use super::{keys, Store};
use crate::pack::Origin;

/// Version of the saved progress record; a record of another version is discarded.
pub const PROGRESS_VERSION: u32 = 1;

/// What the learner has done in one pack. Keys of steps are `MODULE/STEP`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// [`PROGRESS_VERSION`].
    pub version: u32,
    /// Done steps by module ID.
    pub done: BTreeMap<String, BTreeSet<String>>,
    /// Typed answers by step key.
    pub answers: BTreeMap<String, String>,
    /// How many on-request hints are shown, by step key.
    pub hints: BTreeMap<String, usize>,
    /// Steps whose solution was revealed.
    pub solutions: BTreeSet<String>,
}

/// A step's place in the learner's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    /// Its checks passed (or, unchecked, it was read).
    Done,
    /// Its needs are done: it can be worked on.
    Open,
    /// A step it needs is not done yet.
    Locked,
}

impl StepStatus {
    /// For CSS classes and screen readers.
    pub fn label(self) -> &'static str {
        match self {
            StepStatus::Done => "done",
            StepStatus::Open => "to do",
            StepStatus::Locked => "locked",
        }
    }
}

/// A module's dot in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleState {
    /// Announced, not written.
    Planned,
    /// No step done.
    New,
    /// Some steps done.
    Started,
    /// Every step done.
    Done,
}

impl ModuleState {
    /// For CSS classes and screen readers.
    pub fn label(self) -> &'static str {
        match self {
            ModuleState::Planned => "planned",
            ModuleState::New => "not started",
            ModuleState::Started => "started",
            ModuleState::Done => "done",
        }
    }
}

/// What the last check of the open step found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Live {
    /// The step it is about (`MODULE/STEP`).
    pub key: String,
    /// Checks that do not hold yet, in words (a verify script's output, a matcher's reason).
    pub failing: Vec<String>,
    /// Checks that cannot be decided here, and why.
    pub pending: Vec<String>,
    /// Messages of failchecks that fired.
    pub wrong_paths: Vec<String>,
    /// Conditional hints (indexes into the step's hints) whose condition holds.
    pub hints_due: Vec<usize>,
    /// The typed answer was checked and is wrong.
    pub answer_wrong: bool,
    /// The learner has typed a command or an answer since opening the step: only then is
    /// what still fails worth showing.
    pub worked: bool,
}

/// What the learner does with the course.
#[derive(Debug, Clone)]
pub enum CourseAction {
    /// Open a module (`M03`) or a step (`M03/host`), as a link names it. Unknown IDs are ignored.
    Open(String),
    /// Go to step `n` of the open module.
    Step(usize),
    /// The page checked step `key`: whether it is done, and what it found.
    Checked {
        /// Whether every check passed.
        done: bool,
        /// What was found.
        live: Live,
    },
    /// An answer typed for step `key` (checked by the next [`CourseAction::Checked`]).
    Answer {
        /// `MODULE/STEP`.
        key: String,
        /// What was typed.
        text: String,
    },
    /// Show the next on-request hint of the open step.
    Hint,
    /// Reveal the open step's solution.
    Solution,
    /// Mark the open step, which has no check, as read.
    MarkRead,
    /// Forget the open module's progress (the page also boots a fresh machine).
    ResetModule,
    /// Another course (from files or a URL), with its saved progress.
    Replace(Rc<CourseState>),
    /// Show or clear the notice under the header.
    Notice(Option<String>),
}

/// The course and the learner's progress.
#[derive(Debug, Clone)]
pub struct CourseState {
    /// The course.
    pub pack: Rc<Pack>,
    /// Where it was read from.
    pub origin: Origin,
    /// Index of the open module.
    pub module: usize,
    /// Index of the open step in it.
    pub step: usize,
    /// Saved progress.
    pub progress: Progress,
    /// The last check of the open step.
    pub live: Option<Live>,
    /// A message for the learner (progress discarded, a pack that failed to load).
    pub notice: Option<String>,
    /// Moves when the module was reset: the page boots a fresh machine.
    pub resets: u64,
}

impl PartialEq for CourseState {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.pack, &o.pack)
            && (&self.origin, self.module, self.step, &self.progress, &self.live, &self.notice, self.resets)
                == (&o.origin, o.module, o.step, &o.progress, &o.live, &o.notice, o.resets)
    }
}

fn progress_key(pack: &Pack) -> String {
    format!("{}.{}", keys::PROGRESS, pack.id)
}

fn open_key(pack: &Pack) -> String {
    format!("{}.{}", keys::OPEN, pack.id)
}

impl CourseState {
    /// `pack` with its progress restored from `store`, open where `link` (`M03/host`, the
    /// page's `#/…`) says, else where the learner left it, else at the first written module.
    /// A progress record that cannot be read is discarded, with a notice.
    pub fn load(store: &dyn Store, pack: Rc<Pack>, origin: Origin, link: Option<&str>) -> CourseState {
        let (progress, notice) = match store.get(&progress_key(&pack)).filter(|s| !s.is_empty()) {
            None => (Progress { version: PROGRESS_VERSION, ..Progress::default() }, None),
            Some(text) => match serde_json::from_slice::<Progress>(text.as_bytes()) {
                Ok(p) if p.version == PROGRESS_VERSION => (p, None),
                _ => (
                    Progress { version: PROGRESS_VERSION, ..Progress::default() },
                    Some("Your saved progress for this course could not be read (damaged, or from another version of wharf), so it was reset.".to_string()),
                ),
            },
        };
        let first = pack.modules.iter().position(|m| m.status == ModuleStatus::Written).unwrap_or(0);
        let mut st = CourseState { pack, origin, module: first, step: 0, progress, live: None, notice, resets: 0 };
        let stored = store.get(&open_key(&st.pack));
        if !link.is_some_and(|l| st.go(l)) && !stored.is_some_and(|l| st.go(&l)) {
            st.step = st.first_to_do(first);
        }
        st
    }

    /// Writes the progress and where the learner is.
    pub fn save(&self, store: &dyn Store) {
        if let Ok(json) = serde_json::to_string(&self.progress) {
            store.set(&progress_key(&self.pack), &json);
        }
        store.set(&open_key(&self.pack), &self.link());
    }

    /// Opens what `link` names; false when it names nothing.
    fn go(&mut self, link: &str) -> bool {
        let (module, step) = link.split_once('/').map_or((link, None), |(m, s)| (m, Some(s)));
        let Some(mi) = self.pack.modules.iter().position(|m| m.id.eq_ignore_ascii_case(module)) else { return false };
        let si = match step.filter(|s| !s.is_empty()) {
            Some(s) => match self.pack.modules[mi].steps.iter().position(|x| x.id == s) {
                Some(i) => i,
                None => return false,
            },
            None if mi == self.module => self.step,
            None => self.first_to_do(mi),
        };
        self.module = mi;
        self.step = si;
        true
    }

    /// The first step of module `mi` not done yet (the last one when all are).
    fn first_to_do(&self, mi: usize) -> usize {
        let m = &self.pack.modules[mi];
        let done = self.progress.done.get(&m.id);
        m.steps.iter().position(|s| !done.is_some_and(|d| d.contains(&s.id))).unwrap_or(m.steps.len().saturating_sub(1))
    }

    /// The address of the open step, `MODULE/STEP` (`MODULE` for a planned module).
    pub fn link(&self) -> String {
        match self.current() {
            Some(s) => format!("{}/{}", self.open_module().id, s.id),
            None => self.open_module().id.clone(),
        }
    }

    /// The open module.
    pub fn open_module(&self) -> &Module {
        &self.pack.modules[self.module]
    }

    /// The open step (none in a planned module).
    pub fn current(&self) -> Option<&Step> {
        self.open_module().steps.get(self.step)
    }

    /// `MODULE/STEP` of the open step.
    pub fn current_key(&self) -> Option<String> {
        self.current().map(|s| format!("{}/{}", self.open_module().id, s.id))
    }

    /// Whether step `id` of the open module is done.
    fn is_done(&self, module: &Module, id: &str) -> bool {
        self.progress.done.get(&module.id).is_some_and(|d| d.contains(id))
    }

    /// The status of step `i` of the open module.
    pub fn step_status(&self, i: usize) -> StepStatus {
        let m = self.open_module();
        let Some(s) = m.steps.get(i) else { return StepStatus::Locked };
        if self.is_done(m, &s.id) {
            StepStatus::Done
        } else if s.needs.iter().all(|n| self.is_done(m, n)) {
            StepStatus::Open
        } else {
            StepStatus::Locked
        }
    }

    /// Titles of the steps the open step still needs.
    pub fn missing_needs(&self) -> Vec<&str> {
        let m = self.open_module();
        let Some(s) = self.current() else { return Vec::new() };
        s.needs.iter().filter(|n| !self.is_done(m, n)).filter_map(|n| m.steps.iter().find(|x| x.id == **n)).map(|x| x.title.as_str()).collect()
    }

    /// A module's dot.
    pub fn module_state(&self, m: &Module) -> ModuleState {
        if m.status == ModuleStatus::Planned {
            return ModuleState::Planned;
        }
        let done = m.steps.iter().filter(|s| self.is_done(m, &s.id)).count();
        match done {
            0 => ModuleState::New,
            n if n == m.steps.len() => ModuleState::Done,
            _ => ModuleState::Started,
        }
    }

    /// Steps done and steps in all, over the written modules.
    pub fn totals(&self) -> (usize, usize) {
        self.pack.written().fold((0, 0), |(d, t), m| (d + m.steps.iter().filter(|s| self.is_done(m, &s.id)).count(), t + m.steps.len()))
    }

    /// The answer typed for the open step.
    pub fn answer(&self) -> Option<&str> {
        self.current_key().and_then(|k| self.progress.answers.get(&k)).map(String::as_str)
    }

    /// How many on-request hints of the open step are shown.
    pub fn hints_shown(&self) -> usize {
        self.current_key().and_then(|k| self.progress.hints.get(&k).copied()).unwrap_or(0)
    }

    /// Whether the open step's solution was revealed.
    pub fn solution_shown(&self) -> bool {
        self.current_key().is_some_and(|k| self.progress.solutions.contains(&k))
    }

    /// The last check of the open step, if it is about it.
    pub fn live(&self) -> Option<&Live> {
        let key = self.current_key()?;
        self.live.as_ref().filter(|l| l.key == key)
    }

    /// The next state, or `None` if nothing changes.
    pub fn apply(&self, action: CourseAction) -> Option<CourseState> {
        let mut next = self.clone();
        match action {
            CourseAction::Open(link) => {
                if !next.go(&link) {
                    return None;
                }
            }
            CourseAction::Step(i) => {
                if i >= self.open_module().steps.len() {
                    return None;
                }
                next.step = i;
            }
            CourseAction::Checked { done, live } => {
                let key = self.current_key().filter(|k| *k == live.key)?;
                if done {
                    let (m, s) = key.split_once('/').expect("a step key");
                    next.progress.done.entry(m.to_string()).or_default().insert(s.to_string());
                }
                next.live = Some(live);
            }
            CourseAction::Answer { key, text } => {
                next.progress.answers.insert(key, text.trim().to_string());
            }
            CourseAction::Hint => {
                let (key, step) = (self.current_key()?, self.current()?);
                let on_request = step.hints.iter().filter(|h| h.when.is_none()).count();
                let n = next.progress.hints.entry(key).or_default();
                if *n >= on_request {
                    return None;
                }
                *n += 1;
            }
            CourseAction::Solution => {
                next.progress.solutions.insert(self.current_key()?);
            }
            CourseAction::MarkRead => {
                let step = self.current()?;
                if step.is_checked() || self.step_status(self.step) != StepStatus::Open {
                    return None;
                }
                next.progress.done.entry(self.open_module().id.clone()).or_default().insert(step.id.clone());
            }
            CourseAction::ResetModule => {
                let id = self.open_module().id.clone();
                let prefix = format!("{id}/");
                next.progress.done.remove(&id);
                next.progress.answers.retain(|k, _| !k.starts_with(&prefix));
                next.progress.hints.retain(|k, _| !k.starts_with(&prefix));
                next.progress.solutions.retain(|k| !k.starts_with(&prefix));
                next.step = 0;
                next.live = None;
                next.resets += 1;
            }
            CourseAction::Replace(st) => return Some((*st).clone()),
            CourseAction::Notice(n) => next.notice = n,
        }
        (next != *self).then_some(next)
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for CourseState {
    type Action = CourseAction;

    fn reduce(self: Rc<Self>, action: CourseAction) -> Rc<Self> {
        self.apply(action).map_or(self, Rc::new)
    }
}

#[cfg(test)]
mod tests;
