//! A booted simulator: the machine plus the executor that runs its processes.

use std::cell::RefCell;
use std::rc::Rc;

use wharf_engine::fs::mem::MemFs;
use wharf_engine::kernel::{ExitStatus, Pid, Timestamp};

use crate::clock::VirtualClock;
use crate::errno::Errno;
use crate::executor::{Executor, RunOutcome};
use crate::machine::{Machine, MachineRef};
use crate::program::{ProgramFuture, Programs};
use crate::sys::Proc;

/// 2026-01-01T00:00:00Z: the simulator's boot time, so transcripts do not depend on the day.
pub const BOOT_TIME: Timestamp = 1_767_225_600_000_000_000;

/// A running simulated machine.
pub struct Sim {
    machine: MachineRef,
    executor: Executor,
}

impl Sim {
    /// Boots a machine whose disk is `root`, with randomness from `seed` and the given
    /// programs. No process runs yet.
    pub fn boot(root: MemFs, seed: u64, programs: Programs) -> Sim {
        let clock = VirtualClock::new(BOOT_TIME);
        let executor = Executor::new(clock.clone());
        let machine = Machine::new(root, seed, clock, executor.spawner(), programs);
        Sim { machine: Rc::new(RefCell::new(machine)), executor }
    }

    /// The machine.
    pub fn machine(&self) -> &MachineRef {
        &self.machine
    }

    /// Starts a first-generation process (root, host namespaces, on the terminal) running
    /// `body`; returns its host PID.
    pub fn start(&mut self, argv: &[&str], body: impl FnOnce(Proc) -> ProgramFuture + 'static) -> Result<Pid, Errno> {
        let pid = {
            let mut m = self.machine.borrow_mut();
            let mut t = m.first_process_template();
            t.argv = argv.iter().map(|s| s.to_string()).collect();
            t.comm = argv.first().map(|a| a.rsplit('/').next().unwrap_or(a).chars().take(15).collect()).unwrap_or_default();
            let pid = m.insert_process(t)?;
            m.collected.insert(pid);
            pid
        };
        let machine = self.machine.clone();
        let proc = Proc::new(machine.clone(), pid);
        let task = self.executor.spawn(async move {
            let code = body(proc).await;
            machine.borrow_mut().exit(pid, ExitStatus::Exited(code & 0xff));
        });
        self.machine.borrow_mut().proc_mut(pid)?.task = Some(task);
        Ok(pid)
    }

    /// Runs processes until all are done, all wait for outside input, or `budget` steps pass.
    pub fn run(&mut self, budget: u64) -> RunOutcome {
        self.executor.run(budget)
    }

    /// Runs like [`Sim::run`], but stops before virtual time jumps ahead once nothing can
    /// run and a process waits to read the terminal: the moment a user would type the next
    /// line. (The headless transcript runner, [`crate::runner`], steps line by line this way.)
    pub fn run_until_input_wanted(&mut self, budget: u64) -> RunOutcome {
        let machine = self.machine.clone();
        self.executor.run_until_settled(budget, || machine.borrow().tty.borrow().waits_for_input())
    }

    /// Runs what can run at this instant, without moving the clock: what a keypress
    /// right after the previous one finds.
    pub fn run_without_waiting(&mut self, budget: u64) -> RunOutcome {
        self.executor.run_until_settled(budget, || true)
    }

    /// The exit status of a first-generation process that has ended (and reaps it).
    pub fn take_status(&mut self, pid: Pid) -> Option<ExitStatus> {
        let mut m = self.machine.borrow_mut();
        let status = match m.procs.get(&pid)?.state {
            crate::process::ProcState::Zombie(s) => s,
            _ => return None,
        };
        m.remove_process(pid);
        Some(status)
    }

    /// What the terminal showed since the last call, with `\r\n` turned back into `\n`.
    pub fn take_screen(&mut self) -> String {
        let bytes = self.machine.borrow().tty.borrow_mut().take_output();
        String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
    }

    /// Types on the terminal.
    pub fn type_input(&mut self, text: &str) {
        self.machine.borrow().tty.borrow_mut().type_input(text.as_bytes());
    }

    /// Ctrl-C: SIGINT to the terminal's foreground process group.
    pub fn interrupt(&mut self) {
        let mut m = self.machine.borrow_mut();
        let pgrp = m.tty.borrow().foreground_pgrp;
        let members: Vec<Pid> = m.procs.values().filter(|p| p.pgid == pgrp && !p.is_zombie()).map(|p| p.pid).collect();
        for pid in members {
            let _ = m.signal(None, pid, crate::signal::SIGINT);
        }
    }

    /// Steps the executor has run so far.
    pub fn steps(&self) -> u64 {
        self.executor.steps()
    }
}

#[cfg(test)]
mod tests;

impl Drop for Sim {
    /// The Docker daemon's kernel holds the machine: let go of it so both are freed.
    fn drop(&mut self) {
        let daemon = self.machine.borrow_mut().docker.take();
        drop(daemon);
    }
}
