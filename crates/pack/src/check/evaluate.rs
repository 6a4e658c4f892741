//! Whether a step is done on a given machine: the live check after each command, and the last
//! stage of the validator.

use wharf_sim_kernel::sim::Sim;

use super::host::{read_file, run_script, SCRIPT_BUDGET};
use crate::error::Location;
use crate::matcher::{ContainerState, EngineState, Matcher};
use crate::model::Step;

/// The result of one check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It holds.
    Pass,
    /// It does not, and why.
    Fail(String),
    /// It cannot be decided here (a docker matcher with no engine, or needing a feature the
    /// engine does not have yet). The step is not done.
    Pending(String),
}

/// A step's state on a machine.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// Every check passed (and the typed answer, if any, was accepted).
    pub done: bool,
    /// Each check with where it was written.
    pub checks: Vec<(Location, Verdict)>,
    /// Messages of failchecks that fired: the learner took a known wrong path.
    pub wrong_paths: Vec<String>,
    /// Indexes into `step.hints` of conditional hints whose `hintcheck` succeeds now.
    pub hints_due: Vec<usize>,
    /// `hintcheck` and `failcheck` scripts that neither succeeded nor failed cleanly (exit
    /// code above 1: a syntax error, a command not found), with the code.
    pub broken: Vec<(Location, i32)>,
}

fn contains(hay: &[u8], needle: &str) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Evaluates one matcher.
pub fn matcher(m: &Matcher, sim: &mut Sim, last_output: &str, engine: Option<&dyn EngineState>) -> Verdict {
    let fail = |s: String| Verdict::Fail(s);
    let pass_if = |ok: bool, why: String| if ok { Verdict::Pass } else { Verdict::Fail(why) };
    if m.needs_engine() && engine.is_none() {
        return Verdict::Pending("this machine has no docker engine to ask".into());
    }
    match m {
        Matcher::FileExists { path } => pass_if(read_file(sim, path).is_some(), format!("{path} does not exist")),
        Matcher::FileContains { path, contains: text } => match read_file(sim, path) {
            Some(bytes) => pass_if(contains(&bytes, text), format!("{path} does not contain {text:?}")),
            None => fail(format!("{path} does not exist")),
        },
        Matcher::OutputMatches(re) => pass_if(re.is_match(last_output), format!("the last output does not match `{}`", re.as_str())),
        Matcher::OutputContains(text) => pass_if(last_output.contains(text.as_str()), format!("the last output does not contain {text:?}")),
        Matcher::Container { name, state, publishes } => {
            let Some(c) = engine.and_then(|e| e.container(name)) else { return fail(format!("no container named {name}")) };
            match state {
                Some(ContainerState::Running) if !c.running => return fail(format!("container {name} is not running")),
                Some(ContainerState::Exited) if !c.exited => return fail(format!("container {name} has not exited")),
                _ => {}
            }
            if publishes.is_empty() {
                return Verdict::Pass;
            }
            match (&c.published, publishes.iter().find(|p| !c.published.as_ref().is_ok_and(|ps| ps.contains(p)))) {
                (Err(missing), _) => Verdict::Pending(format!("container {name}: {missing}")),
                (Ok(_), Some(p)) => fail(format!("container {name} does not publish port {p}")),
                (Ok(_), None) => Verdict::Pass,
            }
        }
        Matcher::ImageLayers { image, layers } => match engine.and_then(|e| e.image_layers(image)) {
            Some(n) => pass_if(n == *layers, format!("image {image} has {n} layers, not {layers}")),
            None => fail(format!("no image {image}")),
        },
        Matcher::VolumeFile { volume, path, contains: text } => match engine.map(|e| e.volume_file(volume, path)) {
            Some(Ok(Some(bytes))) => pass_if(contains(&bytes, text), format!("{path} in volume {volume} does not contain {text:?}")),
            Some(Err(missing)) => Verdict::Pending(format!("volume {volume}: {missing}")),
            Some(Ok(None)) | None => fail(format!("volume {volume} has no file {path}")),
        },
    }
}

/// [`evaluate`] with the docker matchers reading `sim`'s own engine, as the playground and the
/// validator check a step.
pub fn evaluate_live(step: &Step, sim: &mut Sim, last_output: &str, answer: Option<&str>) -> Evaluation {
    let engine = super::engine::SimEngine::of(sim);
    evaluate(step, sim, last_output, engine.as_ref().map(|e| e as &dyn EngineState), answer)
}

/// Evaluates `step` on `sim`: its verify scripts, matchers, failchecks and conditional hints.
/// `last_output` is what the terminal printed for the learner's last command; `answer` what
/// they typed in the step's answer box, if anything.
///
/// Call it while the terminal waits for input (after a command, on the check button): the
/// scripts run to completion, and virtual time may move if they sleep.
pub fn evaluate(step: &Step, sim: &mut Sim, last_output: &str, engine: Option<&dyn EngineState>, answer: Option<&str>) -> Evaluation {
    let mut checks = Vec::new();
    for v in &step.verify {
        let run = run_script(sim, &v.code, true, SCRIPT_BUDGET);
        let verdict = if run.code == 0 {
            Verdict::Pass
        } else {
            let said = run.output.trim();
            Verdict::Fail(if said.is_empty() { format!("verify exited {}", run.code) } else { format!("verify exited {}: {said}", run.code) })
        };
        checks.push((v.at.clone(), verdict));
    }
    for e in &step.expect {
        checks.push((e.at.clone(), matcher(&e.matcher, sim, last_output, engine)));
    }
    if let Some(a) = &step.answer {
        let verdict = match answer {
            Some(typed) if a.accepts(typed) => Verdict::Pass,
            Some(typed) => Verdict::Fail(format!("{typed:?} is not the answer")),
            None => Verdict::Fail("no answer typed yet".into()),
        };
        checks.push((a.at.clone(), verdict));
    }
    let mut broken = Vec::new();
    let mut holds = |sim: &mut Sim, script: &crate::model::Script| {
        let code = run_script(sim, &script.code, false, SCRIPT_BUDGET).code;
        if code > 1 {
            broken.push((script.at.clone(), code));
        }
        code == 0
    };
    let wrong_paths = step.failchecks.iter().filter(|f| holds(sim, &f.script)).map(|f| f.message.clone()).collect();
    let hints_due = step.hints.iter().enumerate().filter_map(|(i, h)| h.when.as_ref().map(|w| (i, w))).filter(|(_, w)| holds(sim, w)).map(|(i, _)| i).collect();
    let done = step.is_checked() && checks.iter().all(|(_, v)| *v == Verdict::Pass);
    Evaluation { done, checks, wrong_paths, hints_due, broken }
}
