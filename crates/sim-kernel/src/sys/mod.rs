//! System calls: the only way a simulated program touches the machine.
//!
//! A program gets a [`Proc`], its process handle, and calls methods on it the way a C program
//! calls libc. Calls that can wait (`read`, `write` to a pipe, `wait`, `sleep`) are `async`;
//! the rest return at once. PIDs in this API are the ones the process itself sees, in its own
//! PID namespace, as on Linux.
//!
//! Every call borrows the machine for its own length only, never across an `.await`.

pub mod caps;
mod file;
mod net;
mod ns;
mod path;
mod spawn;

use std::future::poll_fn;
use std::task::{Context, Poll};

pub use file::OpenFlags;
pub use ns::{CloneFlags, MountFlags};
pub use path::{DirEntry, Stat};
pub use spawn::{find_and_exec, Command, DEFAULT_PATH};
use wharf_engine::kernel::{Pid, Timestamp};

use crate::errno::Errno;
use crate::machine::{Machine, MachineRef};
use crate::process::ProcState;
use crate::signal::{Disposition, Signal};

/// CPU time charged for one scheduling step of a program.
pub const STEP_NANOS: u64 = 50_000;

/// CPUs of the simulated machine: CPU work advances the clock by its length divided by this.
pub const CPUS: u64 = 2;

/// How many [`Proc::checkpoint`]s a program may pass before it yields to others.
const CHECKPOINTS_PER_YIELD: u32 = 64;

/// A process's handle on the machine: its system calls.
#[derive(Clone)]
pub struct Proc {
    m: MachineRef,
    pid: Pid,
    checkpoints: std::rc::Rc<std::cell::Cell<u32>>,
}

impl Proc {
    /// The handle of host process `pid`.
    pub fn new(m: MachineRef, pid: Pid) -> Proc {
        Proc { m, pid, checkpoints: Default::default() }
    }

    /// The machine (for the kernel's own use: the engine side, tests).
    pub fn machine(&self) -> &MachineRef {
        &self.m
    }

    /// Runs `f` with the machine borrowed.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut Machine) -> R) -> R {
        f(&mut self.m.borrow_mut())
    }

    /// Runs `f` on this process's record.
    fn me<R>(&self, f: impl FnOnce(&mut crate::process::Process) -> R) -> Result<R, Errno> {
        self.with(|m| m.proc_mut(self.pid).map(f))
    }

    /// The host PID (for the kernel side; programs use [`Proc::pid`]).
    pub fn host_pid(&self) -> Pid {
        self.pid
    }

    /// `getpid()`: the PID in the process's own namespace.
    pub fn pid(&self) -> u32 {
        self.me(|p| p.own_pid()).unwrap_or(0)
    }

    /// `getppid()`: the parent's PID as this process sees it (0 if outside its namespace).
    pub fn ppid(&self) -> u32 {
        self.with(|m| {
            let Ok(p) = m.proc(self.pid) else { return 0 };
            let level = m.pid_namespaces[p.ns.pid].level;
            m.procs.get(&p.ppid).and_then(|pp| pp.pid_in(level)).unwrap_or(0)
        })
    }

    /// `getuid()`.
    pub fn uid(&self) -> u32 {
        self.me(|p| p.creds.uid).unwrap_or(0)
    }

    /// `getgid()`.
    pub fn gid(&self) -> u32 {
        self.me(|p| p.creds.gid).unwrap_or(0)
    }

    /// Supplementary groups.
    pub fn groups(&self) -> Vec<u32> {
        self.me(|p| p.creds.groups.clone()).unwrap_or_default()
    }

    /// Whether this process holds capability `cap` (see [`caps`]).
    pub fn capable(&self, cap: caps::Cap) -> bool {
        self.me(|p| p.creds.has(cap)).unwrap_or(false)
    }

    /// `prctl(PR_CAPBSET_DROP)`: removes `cap` from the bounding set for good; needs
    /// `CAP_SETPCAP`.
    pub fn capbset_drop(&self, cap: caps::Cap) -> Result<(), Errno> {
        self.with(|m| {
            let p = m.proc_mut(self.pid)?;
            if !p.creds.has(caps::CAP_SETPCAP) {
                return Err(Errno::EPERM);
            }
            p.creds.cap_bounding &= !(1u64 << cap);
            Ok(())
        })
    }

    /// `setresuid`/`setresgid`/`setgroups` in one call; root only.
    pub fn set_creds(&self, uid: u32, gid: u32, groups: Vec<u32>) -> Result<(), Errno> {
        self.with(|m| {
            let p = m.proc_mut(self.pid)?;
            if !p.creds.has(caps::CAP_SETUID) {
                return Err(Errno::EPERM);
            }
            (p.creds.uid, p.creds.gid, p.creds.groups) = (uid, gid, groups);
            Ok(())
        })
    }

    /// The command line.
    pub fn argv(&self) -> Vec<String> {
        self.me(|p| p.argv.clone()).unwrap_or_default()
    }

    /// The environment, `KEY=value`.
    pub fn env(&self) -> Vec<String> {
        self.me(|p| p.env.clone()).unwrap_or_default()
    }

    /// One environment variable.
    pub fn getenv(&self, key: &str) -> Option<String> {
        self.env().into_iter().find_map(|kv| kv.strip_prefix(key).and_then(|r| r.strip_prefix('=')).map(str::to_string))
    }

    /// Replaces the environment (what `execve` would pass on).
    pub fn set_env(&self, env: Vec<String>) {
        let _ = self.me(|p| p.env = env);
    }

    /// The file mode creation mask.
    pub fn umask(&self) -> u32 {
        self.me(|p| p.umask).unwrap_or(0o022)
    }

    /// `umask(2)`: sets the mask, returns the old one.
    pub fn set_umask(&self, mask: u32) -> u32 {
        self.me(|p| std::mem::replace(&mut p.umask, mask & 0o777)).unwrap_or(0o022)
    }

    /// `clock_gettime(CLOCK_REALTIME)` in nanoseconds.
    pub fn now(&self) -> Timestamp {
        self.with(|m| m.clock.now())
    }

    /// Nanoseconds since boot (`CLOCK_MONOTONIC`).
    pub fn uptime(&self) -> i64 {
        self.with(|m| m.clock.now() - m.boot_time)
    }

    /// Random bytes from the machine's seeded source (`/dev/urandom`).
    pub fn random(&self, buf: &mut [u8]) {
        self.with(|m| m.rng.fill(buf))
    }

    /// Waits `nanos` of virtual time; `EINTR` if a caught signal arrives first.
    pub async fn sleep(&self, nanos: i64) -> Result<(), Errno> {
        let deadline = self.now().saturating_add(nanos);
        let clock = self.with(|m| m.clock.clone());
        self.block(|_, cx| clock.poll_sleep_until(deadline, cx).map(Ok)).await
    }

    /// Charges a slice of CPU time and lets other processes run now and then. Programs that
    /// loop (a shell's `while`, `yes`) call it once per iteration so that nothing can hog the
    /// page and the executor's step budget can stop a runaway.
    pub async fn checkpoint(&self) -> Result<(), Errno> {
        let _ = self.me(|p| p.cpu_nanos += STEP_NANOS);
        let n = self.checkpoints.get() + 1;
        self.checkpoints.set(n % CHECKPOINTS_PER_YIELD);
        if n >= CHECKPOINTS_PER_YIELD {
            // The slice of CPU just used passes on the clock too (shared by the CPUs), and a
            // `cpu.max` quota may now hold the process until its next period.
            let slice = STEP_NANOS * CHECKPOINTS_PER_YIELD as u64;
            let throttled_until = self.with(|m| {
                m.clock.advance_by((slice / CPUS) as i64);
                crate::cgroup::charge_cpu(m, self.pid, slice / 1000)
            });
            if let Some(until) = throttled_until {
                let clock = self.with(|m| m.clock.clone());
                self.block(|_, cx| clock.poll_sleep_until(until, cx).map(Ok)).await?;
            }
            let mut yielded = false;
            self.block(move |_, cx| {
                if yielded {
                    Poll::Ready(Ok(()))
                } else {
                    yielded = true;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
            })
            .await?;
        }
        Ok(())
    }

    /// Charges `bytes` of memory to this process (a program that allocates calls it). Over a
    /// cgroup's `memory.max` the process is OOM-killed and this returns `ENOMEM`.
    pub fn alloc(&self, bytes: u64) -> Result<(), Errno> {
        self.with(|m| crate::cgroup::charge_memory(m, self.pid, bytes))
    }

    /// Gives back memory charged with [`Proc::alloc`].
    pub fn free(&self, bytes: u64) {
        let _ = self.me(|p| p.memory = p.memory.saturating_sub(bytes));
    }

    /// Sets how a signal is handled (`trap`, `signal(2)`). SIGKILL and SIGSTOP cannot be
    /// changed (`EINVAL`).
    pub fn set_disposition(&self, sig: Signal, d: Disposition) -> Result<(), Errno> {
        if matches!(sig, crate::signal::SIGKILL | crate::signal::SIGSTOP) || !(1..=64).contains(&sig) {
            return Err(Errno::EINVAL);
        }
        self.me(|p| {
            p.dispositions.insert(sig, d);
        })
    }

    /// Takes the caught signals that arrived since the last call, lowest number first.
    pub fn take_signals(&self) -> Vec<Signal> {
        let bits = self.me(|p| std::mem::take(&mut p.pending)).unwrap_or(0);
        (1..64).filter(|s| bits & (1 << s) != 0).collect()
    }

    /// Polls `f` until it is ready: the common shape of every waiting system call. A caught
    /// signal interrupts the wait with `EINTR`; a stopped process waits until continued; a
    /// dead process never resumes (its task is being dropped).
    pub(crate) async fn block<T>(&self, mut f: impl FnMut(&mut Machine, &mut Context<'_>) -> Poll<Result<T, Errno>>) -> Result<T, Errno> {
        poll_fn(|cx| {
            let mut m = self.m.borrow_mut();
            let Ok(p) = m.proc_mut(self.pid) else { return Poll::Pending };
            match p.state {
                ProcState::Zombie(_) => return Poll::Pending,
                ProcState::Stopped => {
                    p.blocked = Some(cx.waker().clone());
                    return Poll::Pending;
                }
                ProcState::Running => {}
            }
            let cgroup = p.cgroup.clone();
            if m.cgroups.is_frozen(&cgroup) {
                if let Ok(p) = m.proc_mut(self.pid) {
                    p.blocked = Some(cx.waker().clone());
                }
                return Poll::Pending;
            }
            let Ok(p) = m.proc_mut(self.pid) else { return Poll::Pending };
            if p.pending != 0 {
                p.blocked = None;
                return Poll::Ready(Err(Errno::EINTR));
            }
            let r = f(&mut m, cx);
            if let Ok(p) = m.proc_mut(self.pid) {
                p.blocked = if r.is_pending() { Some(cx.waker().clone()) } else { None };
            }
            r
        })
        .await
    }
}
