//! A simulated host to check steps in: scripts run beside the terminal, lines typed into it.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use wharf_engine::kernel::Pid;
use wharf_sim_kernel::executor::RunOutcome;
use wharf_sim_kernel::signal::SIGKILL;
use wharf_sim_kernel::sim::Sim;
use wharf_sim_kernel::sys::{Command, OpenFlags, Proc};
use wharf_sim_kernel::{runner, userland};

/// Steps one typed line may take (as `wharf sim run`).
pub use wharf_sim_kernel::runner::LINE_BUDGET;
/// Steps a check or setup script may take.
pub const SCRIPT_BUDGET: u64 = 2_000_000;

/// How a script ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptRun {
    /// Its exit code (128 + signal when killed; 124 when it ran out of budget, as `timeout`).
    pub code: i32,
    /// Standard output and error, interleaved (empty when not captured).
    pub output: String,
}

/// Drives `sim` until the first-generation process `pid` ends; kills it when it cannot.
fn finish(sim: &mut Sim, pid: Pid, budget: u64) -> Option<i32> {
    for _ in 0..2 {
        // First without moving the clock past a waiting terminal, then letting it move (a
        // script that sleeps).
        let outcome = sim.run_until_input_wanted(budget);
        if let Some(status) = sim.take_status(pid) {
            return Some(status.code());
        }
        if outcome != RunOutcome::BudgetExhausted {
            sim.run(budget);
            if let Some(status) = sim.take_status(pid) {
                return Some(status.code());
            }
        }
    }
    let _ = sim.machine().borrow_mut().signal(None, pid, SIGKILL);
    sim.run_until_input_wanted(budget);
    let _ = sim.take_status(pid);
    None
}

/// The body of the checker process: spawns `sh -c SCRIPT` with standard input from
/// `/dev/null` and output into a pipe it drains (or `/dev/null` when not `capture`d), in a
/// process group of its own so the terminal's job control never sees it.
async fn checker(p: Proc, script: String, capture: bool, out: Rc<RefCell<Vec<u8>>>) -> i32 {
    let Ok(null) = p.open("/dev/null", OpenFlags { read: true, write: true, ..OpenFlags::READ }, 0) else { return 126 };
    let pipe = if capture { p.pipe().ok() } else { None };
    let (Ok(null_ref), writer) = (p.file(null), pipe.map(|(_, w)| p.file(w))) else { return 126 };
    let sink = match writer {
        Some(Ok(w)) => w,
        _ => null_ref.clone(),
    };
    let fds = BTreeMap::from([(0, null_ref), (1, sink.clone()), (2, sink)]);
    let cmd = Command { path: "/bin/sh".into(), argv: vec!["sh".into(), "-c".into(), script], env: None, fds: Some(fds), pgid: Some(0) };
    let spawned = p.spawn(cmd);
    let _ = p.close(null);
    if let Some((r, w)) = pipe {
        let _ = p.close(w);
        if let Ok(bytes) = p.read_to_end(r).await {
            out.borrow_mut().extend(bytes);
        }
    }
    match spawned {
        Ok(child) => p.wait(child).await.map_or(126, |s| s.code()),
        Err(_) => 127,
    }
}

/// Runs `script` with `sh -c` as root on `sim`'s host, beside whatever the terminal runs, and
/// returns how it ended. With `capture`, the script must not leave background jobs holding
/// its output open (they would keep it running until the budget ends).
pub fn run_script(sim: &mut Sim, script: &str, capture: bool, budget: u64) -> ScriptRun {
    let out = Rc::new(RefCell::new(Vec::new()));
    let (cell, script) = (out.clone(), script.to_string());
    let started = sim.start(&["wharf-check"], move |p| Box::pin(checker(p, script, capture, cell)));
    let code = match started {
        Ok(pid) => finish(sim, pid, budget).unwrap_or(124),
        Err(_) => 126,
    };
    let output = String::from_utf8_lossy(&out.borrow()).into_owned();
    ScriptRun { code, output }
}

/// Reads a file of the host (as root, through its mount table), or `None`.
pub fn read_file(sim: &mut Sim, path: &str) -> Option<Vec<u8>> {
    let out: Rc<RefCell<Option<Vec<u8>>>> = Rc::new(RefCell::new(None));
    let (cell, path) = (out.clone(), path.to_string());
    let pid = sim
        .start(&["wharf-check"], move |p| {
            Box::pin(async move {
                *cell.borrow_mut() = p.read_file(&path).await.ok();
                0
            })
        })
        .ok()?;
    finish(sim, pid, SCRIPT_BUDGET)?;
    let bytes = out.borrow_mut().take();
    bytes
}

/// A freshly booted host with a login shell on its terminal, as a learner finds it.
pub struct Host {
    /// The machine.
    pub sim: Sim,
    /// What the last typed line printed.
    pub last_output: String,
    /// Everything typed and shown so far (`$ LINE` and output).
    pub transcript: String,
}

impl Host {
    /// Boots the Debian host with `seed` and starts the terminal's shell.
    pub fn boot(seed: u64) -> Host {
        let mut sim = userland::host::boot(seed);
        runner::start_shell(&mut sim, "/bin/sh").expect("the host has /bin/sh");
        let mut host = Host { sim, last_output: String::new(), transcript: String::new() };
        // Take the banner and first prompt off the screen.
        let banner = runner::run_transcript(&mut host.sim, "", LINE_BUDGET);
        host.transcript.push_str(&banner);
        host
    }

    /// Types each line of `lines` into the terminal, as clicking a run block does.
    pub fn type_lines(&mut self, lines: &str) {
        for line in lines.lines() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let shown = runner::run_transcript(&mut self.sim, line, LINE_BUDGET);
            self.last_output = shown.split_once('\n').map_or(String::new(), |(_, rest)| rest.to_string());
            self.transcript.push_str(&shown);
        }
    }

    /// Runs a hidden script (setup, verify...).
    pub fn run(&mut self, script: &str, capture: bool) -> ScriptRun {
        run_script(&mut self.sim, script, capture, SCRIPT_BUDGET)
    }
}
