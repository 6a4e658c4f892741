//! Running steps in the simulated host: the playground's live checks ([`evaluate`]) and the
//! validator that replays every solution in a fresh host ([`validate`]).
//!
//! Checks run the way Killercoda runs `verify.sh`: as root on the host, in a process of
//! their own beside the learner's terminal, with no access to the learner's shell variables
//! or working directory. They see what the learner did to the machine.

pub mod engine;
pub mod evaluate;
pub mod host;
pub mod validate;

pub use engine::SimEngine;
pub use evaluate::{evaluate, evaluate_live, Evaluation, Verdict};
pub use host::{read_file, run_script, Host, ScriptRun};
pub use validate::{prerequisites, validate, validate_module, validate_step, ModuleReport, Outcome, StepReport};
