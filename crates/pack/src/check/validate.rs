//! The validator: every step's setup, solution and checks, replayed in a fresh host.
//!
//! For each step a new host boots; the steps it needs (transitively, in module order) are
//! replayed (setup, then solution typed at the terminal); then the step's own setup runs, its
//! checks must *fail* (a check the untouched machine already satisfies tests nothing), its
//! solution is typed, no failcheck may fire, every hintcheck and failcheck must answer
//! cleanly (exit 0 or 1), and every check must pass.

use super::evaluate::{evaluate_live, Verdict};
use super::host::Host;
use crate::model::{Module, ModuleStatus, Pack, Step};

/// How one step fared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Its solution satisfies its checks.
    Passed,
    /// It has no check (a reading step); its solution, if any, was still replayed.
    Unchecked,
    /// Some checks could not be evaluated (a docker matcher needing what the engine lacks yet);
    /// the rest pass.
    Pending(String),
    /// Something is wrong, and what.
    Failed(String),
}

/// The report for one step.
#[derive(Clone, Debug)]
pub struct StepReport {
    /// 1-based position in its module.
    pub index: usize,
    /// Step ID.
    pub id: String,
    /// Step title.
    pub title: String,
    /// The outcome.
    pub outcome: Outcome,
    /// What the terminal showed while the step was replayed.
    pub transcript: String,
}

/// The report for one module.
#[derive(Clone, Debug)]
pub struct ModuleReport {
    /// Module ID.
    pub id: String,
    /// Module title.
    pub title: String,
    /// Planned modules are listed, not checked.
    pub planned: bool,
    /// Per step, in order.
    pub steps: Vec<StepReport>,
}

impl ModuleReport {
    /// Whether any step failed.
    pub fn failed(&self) -> bool {
        self.steps.iter().any(|s| matches!(s.outcome, Outcome::Failed(_)))
    }
}

/// The steps `steps[index]` builds on, transitively, in module order.
pub fn prerequisites(steps: &[Step], index: usize) -> Vec<usize> {
    let mut wanted = vec![false; steps.len()];
    let mut stack: Vec<usize> = vec![index];
    while let Some(i) = stack.pop() {
        for need in &steps[i].needs {
            if let Some(j) = steps[..i].iter().position(|s| &s.id == need) {
                if !wanted[j] {
                    wanted[j] = true;
                    stack.push(j);
                }
            }
        }
    }
    (0..index).filter(|i| wanted[*i]).collect()
}

/// Runs a step's setup scripts; the first failure's message.
fn setup(host: &mut Host, step: &Step, whose: &str) -> Result<(), String> {
    for s in &step.setup {
        let run = host.run(&s.code, true);
        if run.code != 0 {
            return Err(format!("{whose} setup ({}) exited {}: {}", s.at, run.code, run.output.trim()));
        }
    }
    Ok(())
}

fn first_failure(checks: &[(crate::error::Location, Verdict)]) -> Option<String> {
    checks.iter().find_map(|(at, v)| match v {
        Verdict::Fail(why) => Some(format!("{at}: {why}")),
        _ => None,
    })
}

/// Validates step `index` of `module` in a fresh host booted with `seed`.
pub fn validate_step(module: &Module, index: usize, seed: u64) -> StepReport {
    let step = &module.steps[index];
    let mut host = Host::boot(seed);
    let outcome = (|| {
        for i in prerequisites(&module.steps, index) {
            let before = &module.steps[i];
            setup(&mut host, before, &format!("needed step `{}`:", before.id))?;
            if let Some(sol) = &before.solution {
                host.type_lines(&sol.code);
            }
        }
        setup(&mut host, step, "the step's")?;
        if !step.verify.is_empty() || !step.expect.is_empty() {
            let early = evaluate_live(step, &mut host.sim, &host.last_output.clone(), None);
            let scripted: Vec<_> = early.checks.iter().filter(|(at, _)| step.answer.as_ref().is_none_or(|a| &a.at != at)).collect();
            if scripted.iter().all(|(_, v)| *v == Verdict::Pass) {
                return Err("its checks already pass before the solution runs: they test nothing".to_string());
            }
        }
        if let Some(sol) = &step.solution {
            host.type_lines(&sol.code);
        }
        let example = step.answer.as_ref().map(|a| a.example.clone());
        let last = host.last_output.clone();
        let eval = evaluate_live(step, &mut host.sim, &last, example.as_deref());
        if let Some((at, code)) = eval.broken.first() {
            return Err(format!("{at}: the script exited {code}, which is neither yes (0) nor no (1): is it broken?"));
        }
        if let Some(msg) = eval.wrong_paths.first() {
            return Err(format!("the solution trips a failcheck: {}", msg.split_whitespace().collect::<Vec<_>>().join(" ")));
        }
        if let Some(why) = first_failure(&eval.checks) {
            return Err(format!("the solution does not pass: {why}"));
        }
        if let Some((at, Verdict::Pending(why))) = eval.checks.iter().find(|(_, v)| matches!(v, Verdict::Pending(_))) {
            return Ok(Outcome::Pending(format!("{at}: {why}")));
        }
        Ok(if step.is_checked() { Outcome::Passed } else { Outcome::Unchecked })
    })()
    .unwrap_or_else(Outcome::Failed);
    StepReport { index: index + 1, id: step.id.clone(), title: step.title.clone(), outcome, transcript: host.transcript }
}

/// Validates every step of a module.
pub fn validate_module(module: &Module, seed: u64) -> ModuleReport {
    let planned = module.status == ModuleStatus::Planned;
    let steps = if planned { Vec::new() } else { (0..module.steps.len()).map(|i| validate_step(module, i, seed)).collect() };
    ModuleReport { id: module.id.clone(), title: module.title.clone(), planned, steps }
}

/// Validates every module of a pack.
pub fn validate(pack: &Pack, seed: u64) -> Vec<ModuleReport> {
    pack.modules.iter().map(|m| validate_module(m, seed)).collect()
}
