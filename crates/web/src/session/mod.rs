//! The playground's one seam to the simulator: a booted machine with a login shell on its
//! terminal, driven a line at a time.
//!
//! The browser does the line editing (see [`crate::term`]); the session only types whole lines,
//! sends Ctrl-C and Ctrl-D, runs the executor for a bounded number of steps, and hands back what
//! the screen showed. Nothing here touches the DOM, so it is tested natively. Everything the
//! X-ray panes draw is read from the machine through [`Session::machine`] by [`crate::xray`].
//!
//! The machine is `wharf-sim-kernel`'s Debian host (`userland::host::boot`) with its
//! interactive `sh` as the login shell (`runner::start_shell`), as the headless transcript
//! runner uses them; so what a lesson's checks replay headlessly is what the learner typed.

use std::cell::Ref;

use wharf_engine::kernel::Pid;
use wharf_sim_kernel::errno::Errno;
use wharf_sim_kernel::executor::RunOutcome;
use wharf_sim_kernel::machine::Machine;
use wharf_sim_kernel::runner;
use wharf_sim_kernel::sim::Sim;
use wharf_sim_kernel::userland::host;
use wharf_pack::check::{evaluate_live, run_script, Evaluation};
use wharf_pack::check::host::SCRIPT_BUDGET;
use wharf_pack::Step;

use crate::term::{self, Completion};

mod complete;

/// Steps run at once when a line is typed, before the page draws again. Enough for a typical
/// command to finish inside the keystroke, so its output shows without waiting a frame.
pub const KEYSTROKE_BUDGET: u64 = 20_000;

/// Most output one pump collects before it stops early. A program printing flat out (`yes`)
/// would otherwise hand the terminal more per frame than it can draw in one.
pub const OUTPUT_CAP: usize = 32 * 1024;

/// Lines the terminal keeps (xterm.js's scrollback).
pub const SCROLLBACK_LINES: usize = 5000;

/// Lines of a flood (more than [`OUTPUT_CAP`] bytes at once) that reach the screen: the
/// newest ones. Nobody reads 256 KiB a frame, and drawing it all would stall the page; the
/// lines in between are dropped, as a terminal that cannot keep up would show them only as
/// a blur.
pub const FLOOD_LINES: usize = 1000;

/// Most steps run between two looks at the output within one pump. A pump starts looking
/// after every step (one step of `yes` writes 256 KiB) and doubles the stride while nothing
/// prints.
const CHUNK: u64 = 64;

/// Seed of the machine's random source when the page does not choose one.
pub const DEFAULT_SEED: u64 = 1;

/// Where the machine is after a [`Session::pump`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// Processes still have work to do: pump again next frame.
    Busy,
    /// Everything waits for the keyboard (a shell at its prompt, `cat` reading).
    Idle,
    /// The login shell ended with this exit code (`exit`, Ctrl-D, killed). Nothing more will
    /// read the terminal until [`Session::reboot`].
    Exited(i32),
}

/// What one [`Session::pump`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pump {
    /// Executor steps spent (polls of process tasks).
    pub steps: u64,
    /// Where the machine is now.
    pub activity: Activity,
}

/// A simulated machine with its login shell on the terminal.
pub struct Session {
    sim: Sim,
    shell: Option<Pid>,
    exited: Option<i32>,
    /// Output taken from the terminal and not yet handed out by [`Session::screen_delta`]
    /// (including the start of a UTF-8 character split across two reads).
    partial: Vec<u8>,
    seed: u64,
    /// What the terminal showed since the last typed line: the `output` matchers read it.
    last_output: Vec<u8>,
    /// Lines typed so far: the page checks the open step after each.
    commands: u64,
}

impl Session {
    /// Boots a machine with randomness from `seed` and starts its login shell. Nothing runs
    /// until the first [`Session::pump`]; the shell's first prompt appears then.
    pub fn boot(seed: u64) -> Session {
        let mut sim = host::boot(seed);
        let shell = runner::start_shell(&mut sim, "/bin/sh");
        Session::new(sim, shell, seed)
    }

    /// A session on a booted machine, given how starting its login shell went.
    fn new(sim: Sim, shell: Result<Pid, Errno>, seed: u64) -> Session {
        let mut session = Session { sim, shell: None, exited: None, partial: Vec::new(), seed, last_output: Vec::new(), commands: 0 };
        match shell {
            Ok(pid) => session.shell = Some(pid),
            Err(e) => {
                session.exited = Some(127);
                session.sim.machine().borrow().tty.borrow_mut().write(format!("wharf: cannot start the login shell: {e}\n").as_bytes());
            }
        }
        session
    }

    /// Throws the machine away and boots a fresh one with the same seed.
    pub fn reboot(&mut self) {
        *self = Session::boot(self.seed);
    }

    /// Types `line` and Enter on the terminal. The line must not contain a newline of its
    /// own; the browser's line editor submits one line at a time.
    pub fn type_line(&mut self, line: &str) {
        let mut text = String::with_capacity(line.len() + 1);
        text.push_str(line);
        text.push('\n');
        self.sim.type_input(&text);
        self.last_output.clear();
        self.commands += 1;
    }

    /// Lines typed since boot.
    pub fn commands(&self) -> u64 {
        self.commands
    }

    /// What the last typed line printed, with `\n` line ends and without the prompt that
    /// followed it (the unfinished last line).
    pub fn last_output(&self) -> String {
        let text = String::from_utf8_lossy(&self.last_output).replace("\r\n", "\n");
        match text.rfind('\n') {
            Some(i) => text[..=i].to_string(),
            None => String::new(),
        }
    }

    /// Evaluates `step` on this machine, as the learner left it: its scripts run beside the
    /// terminal (see [`wharf_pack::check::evaluate`]).
    pub fn check(&mut self, step: &Step, answer: Option<&str>) -> Evaluation {
        let last = self.last_output();
        evaluate_live(step, &mut self.sim, &last, answer)
    }

    /// Runs `step`'s hidden setup scripts; the first failure, in words.
    pub fn setup(&mut self, step: &Step) -> Result<(), String> {
        for s in &step.setup {
            let run = run_script(&mut self.sim, &s.code, true, SCRIPT_BUDGET);
            if run.code != 0 {
                return Err(format!("the step's setup ({}) exited {}: {}", s.at, run.code, run.output.trim()));
            }
        }
        Ok(())
    }

    /// Ctrl-C: SIGINT to the terminal's foreground process group.
    pub fn interrupt(&mut self) {
        self.sim.interrupt();
    }

    /// Ctrl-D on an empty line: the next read of the terminal returns end of file.
    pub fn type_eof(&mut self) {
        self.sim.machine().borrow().tty.borrow_mut().type_eof();
    }

    /// Runs processes for at most `budget` executor steps, or until [`OUTPUT_CAP`] bytes of
    /// output wait for the screen.
    pub fn pump(&mut self, budget: u64) -> Pump {
        if let Some(code) = self.exited {
            return Pump { steps: 0, activity: Activity::Exited(code) };
        }
        let before = self.sim.steps();
        let mut outcome = RunOutcome::BudgetExhausted;
        let mut chunk = 1;
        while outcome == RunOutcome::BudgetExhausted {
            let spent = self.sim.steps() - before;
            if spent >= budget {
                break;
            }
            outcome = self.sim.run_until_input_wanted(chunk.min(budget - spent));
            let out = self.sim.machine().borrow().tty.borrow_mut().take_output();
            chunk = if out.is_empty() { (chunk * 2).min(CHUNK) } else { 1 };
            if self.last_output.len() < OUTPUT_CAP {
                self.last_output.extend_from_slice(&out);
            }
            self.partial.extend_from_slice(&out);
            if self.partial.len() >= OUTPUT_CAP {
                break;
            }
        }
        let steps = self.sim.steps() - before;
        if let Some(status) = self.shell.and_then(|pid| self.sim.take_status(pid)) {
            self.exited = Some(status.code());
            self.shell = None;
        }
        let activity = match (self.exited, outcome) {
            (Some(code), _) => Activity::Exited(code),
            (None, RunOutcome::BudgetExhausted) => Activity::Busy,
            (None, RunOutcome::Idle) => Activity::Idle,
            // Every task ended but the shell was not collected: it cannot happen with a
            // first-generation shell, and treating it as an exit keeps the page consistent.
            (None, RunOutcome::AllDone) => Activity::Exited(0),
        };
        Pump { steps, activity }
    }

    /// Lets `ms` milliseconds of real time pass on the machine's clock. The page calls it
    /// while the shell waits at its prompt, so background jobs (`sleep 30 &`) finish in real
    /// time; a foreground wait needs no such help: the clock jumps to its deadline at once.
    pub fn elapse(&mut self, ms: f64) {
        let nanos = (ms.max(0.0) * 1e6) as i64;
        if nanos > 0 {
            self.sim.machine().borrow().clock.advance_by(nanos);
        }
    }

    /// What the terminal showed since the last call, as xterm.js wants it (`\r\n` line ends,
    /// escape sequences untouched). A character split between two calls waits for the next.
    pub fn screen_delta(&mut self) -> String {
        let bytes = self.sim.machine().borrow().tty.borrow_mut().take_output();
        if self.last_output.len() < OUTPUT_CAP {
            self.last_output.extend_from_slice(&bytes);
        }
        self.partial.extend_from_slice(&bytes);
        if self.partial.is_empty() {
            return String::new();
        }
        if self.partial.len() > OUTPUT_CAP {
            let keep = tail_lines(&self.partial, FLOOD_LINES);
            self.partial.drain(..self.partial.len() - keep);
        }
        let valid = match std::str::from_utf8(&self.partial) {
            Ok(_) => self.partial.len(),
            // An incomplete character at the end waits; anything else invalid is replaced.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => self.partial.len(),
        };
        let text = String::from_utf8_lossy(&self.partial[..valid]).into_owned();
        self.partial.drain(..valid);
        text
    }

    /// The login shell's exit code, once it has ended.
    pub fn exit_code(&self) -> Option<i32> {
        self.exited
    }

    /// The machine, for the X-ray panes to read. Borrow it only briefly, never across a pump.
    pub fn machine(&self) -> Ref<'_, Machine> {
        self.sim.machine().borrow()
    }

    /// What the machine's Docker daemon knows, for the X-ray: empty when the machine has no
    /// engine or the daemon is in use. The daemon is read first and the machine after, so
    /// no borrow of the machine is held while the daemon reaches it through its kernel.
    pub fn docker(&self) -> crate::xray::docker::Docker {
        use crate::xray::docker;
        let Some(daemon) = self.sim.machine().borrow().docker.clone() else { return docker::Docker::default() };
        let Ok(mut d) = daemon.try_borrow_mut() else { return docker::Docker::default() };
        let mut snap = docker::read(&mut d);
        drop(d);
        docker::join(&mut snap, &self.sim.machine().borrow());
        snap
    }

    /// Rows and columns of the terminal widget, for `stty size` and full-screen programs.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.sim.machine().borrow().tty.borrow_mut().size = (rows, cols);
    }

    /// The machine, mutably: for tests that set up what the engine will (bridges, overlays).
    #[cfg(test)]
    pub(crate) fn machine_mut(&self) -> std::cell::RefMut<'_, Machine> {
        self.sim.machine().borrow_mut()
    }

    /// Tab completion of the word before the cursor (`before` is the line up to it), from
    /// what the machine has: commands, paths as the shell reading the keyboard sees them (the
    /// login shell, or a container's shell a docker client is attached to), docker objects.
    /// Nothing while any other program reads the keyboard.
    pub fn complete(&self, before: &str) -> Completion {
        let nothing = Completion { start: before.chars().count(), ..Completion::default() };
        let reader = match self.shell {
            Some(pid) if self.shell_in_foreground(pid) => Some(pid),
            Some(_) => self.attached_shell(),
            None => None,
        };
        match reader {
            Some(pid) => term::complete(before, &complete::MachineSources::new(self.sim.machine(), pid)),
            None => nothing,
        }
    }

    /// The container shell an attached docker client types into: a shell waiting on a
    /// container's terminal (`-t`), the newest if several wait (the session just attached).
    fn attached_shell(&self) -> Option<Pid> {
        if !self.attached() {
            return None;
        }
        let m = self.sim.machine().borrow();
        let on_container_terminal = |p: &wharf_sim_kernel::process::Process| {
            p.fds.get(&0).is_some_and(|f| {
                let f = f.borrow();
                f.terminal && matches!(f.obj, wharf_sim_kernel::io::FileObj::Pipe(_))
            })
        };
        m.procs
            .values()
            .filter(|p| !p.is_zombie() && p.blocked.is_some() && matches!(p.comm.as_str(), "sh" | "ash" | "bash" | "dash") && on_container_terminal(p))
            .map(|p| p.pid)
            .max()
    }

    /// Whether the keyboard belongs to a `docker` client attached to a container (`run -it`,
    /// `attach`, `start -ai`): Ctrl-P Ctrl-Q must reach it as keys, not recall history.
    pub fn attached(&self) -> bool {
        let Some(pid) = self.shell else { return false };
        if self.shell_in_foreground(pid) {
            return false;
        }
        // The shell waits for its foreground job: a docker client among its children. (The
        // terminal's foreground group may be the container's shell by now.)
        let m = self.sim.machine().borrow();
        m.procs.values().any(|p| p.ppid == pid && !p.is_zombie() && p.comm == "docker")
    }

    /// Types raw bytes on the terminal, as keys that bypass line editing (the detach keys).
    pub fn type_keys(&mut self, keys: &str) {
        self.sim.type_input(keys);
    }

    fn shell_in_foreground(&self, shell: Pid) -> bool {
        let m = self.sim.machine().borrow();
        let pgrp = m.tty.borrow().foreground_pgrp;
        m.procs.get(&shell).is_some_and(|p| p.pgid == pgrp)
    }

    /// The seed the machine was booted with.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

/// How many bytes at the end of `bytes` hold its last `lines` lines (after a newline).
fn tail_lines(bytes: &[u8], lines: usize) -> usize {
    let mut seen = 0;
    for (i, &b) in bytes.iter().enumerate().rev() {
        if b == b'\n' {
            seen += 1;
            if seen > lines {
                return bytes.len() - i - 1;
            }
        }
    }
    bytes.len()
}

#[cfg(test)]
pub(crate) mod tests;
