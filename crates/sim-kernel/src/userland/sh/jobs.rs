//! Child processes: forking subshells, waiting for them, and the background job table.
//!
//! A forked child is a copy of the shell ([`Shell::for_child`]) running one piece of syntax
//! ([`ChildJob`]). A child whose whole job is one simple command execs it, so `sleep 9 &`
//! leaves the PID in `$!` belonging to `sleep` itself, as in ash.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

use wharf_engine::kernel::ExitStatus;

use super::ast::{AndOr, Command, List, Simple};
use super::exec::{Ctl, Fut, R};
use super::state::Shell;
use crate::errno::Errno;
use crate::signal::{Disposition, Signal, SIGINT, SIGQUIT};
use crate::sys::OpenFlags;

/// What a forked child runs.
#[derive(Debug, Clone)]
pub enum ChildJob {
    /// A list (`( ... )`, `$( ... )`).
    List(List),
    /// A background and-or list.
    AndOr(AndOr),
    /// One pipeline stage.
    Command(Command),
    /// A file without an executable format, run as a script (`ENOEXEC`).
    Script {
        /// Its text.
        text: String,
        /// `$0`: the path it was run as.
        arg0: String,
        /// `$1`...
        params: Vec<String>,
    },
    /// Writes text to its standard output (a here-document too big for a pipe's buffer).
    Feed(String),
}

/// Descriptor moves a child makes before running: `dup2(from, to)` pairs, then closes.
#[derive(Debug, Clone, Default)]
pub struct ChildFds {
    /// `(from, to)`.
    pub dups: Vec<(i32, i32)>,
    /// Closed after the moves.
    pub close: Vec<i32>,
}

/// One background job.
#[derive(Debug, Clone)]
pub struct Job {
    /// `%N`.
    pub id: usize,
    /// Its processes, in pipeline order.
    pub pids: Vec<u32>,
    /// Their statuses once collected.
    pub statuses: Vec<Option<ExitStatus>>,
    /// The command text `jobs` shows.
    pub text: String,
}

impl Job {
    /// Whether every process has ended.
    pub fn done(&self) -> bool {
        self.statuses.iter().all(Option::is_some)
    }

    /// The job's status: its last process's.
    pub fn status(&self) -> Option<ExitStatus> {
        self.statuses.last().copied().flatten()
    }
}

/// The job table.
#[derive(Debug, Clone, Default)]
pub struct Jobs {
    /// Jobs, oldest first.
    pub list: Vec<Job>,
}

impl Jobs {
    /// Adds a job; returns its number.
    pub fn add(&mut self, pids: Vec<u32>, text: String) -> usize {
        let id = self.list.iter().map(|j| j.id).max().unwrap_or(0) + 1;
        let statuses = vec![None; pids.len()];
        self.list.push(Job { id, pids, statuses, text });
        id
    }

    /// The job containing `pid`.
    pub fn by_pid(&mut self, pid: u32) -> Option<&mut Job> {
        self.list.iter_mut().find(|j| j.pids.contains(&pid))
    }

    /// `+` for the current (newest) job, `-` for the previous one.
    pub fn mark(&self, id: usize) -> char {
        let n = self.list.len();
        match self.list.iter().position(|j| j.id == id) {
            Some(i) if i + 1 == n => '+',
            Some(i) if i + 2 == n => '-',
            _ => ' ',
        }
    }
}

/// How ash describes a death by signal (`Killed`, `Terminated`...).
pub fn signal_text(sig: Signal) -> String {
    match sig {
        1 => "Hangup",
        2 => "Interrupt",
        3 => "Quit",
        4 => "Illegal instruction",
        5 => "Trace/breakpoint trap",
        6 => "Aborted",
        7 => "Bus error",
        8 => "Floating point exception",
        9 => "Killed",
        10 => "User defined signal 1",
        11 => "Segmentation fault",
        12 => "User defined signal 2",
        13 => "Broken pipe",
        14 => "Alarm clock",
        15 => "Terminated",
        _ => return format!("Signal {sig}"),
    }
    .to_string()
}

/// The state column of `jobs` and job notifications.
pub fn state_text(status: Option<ExitStatus>) -> String {
    match status {
        None => "Running".into(),
        Some(ExitStatus::Exited(0)) => "Done".into(),
        Some(ExitStatus::Exited(n)) => format!("Done({n})"),
        Some(ExitStatus::Signaled(s)) => signal_text(s),
    }
}

/// Polls a future once: its output if it is ready now.
pub async fn poll_once<F: Future>(f: F) -> Option<F::Output> {
    let mut f = pin!(f);
    poll_fn(|cx| match f.as_mut().poll(cx) {
        Poll::Ready(v) => Poll::Ready(Some(v)),
        Poll::Pending => Poll::Ready(None),
    })
    .await
}

/// The single simple command a list consists of, if that is all it is.
pub fn sole_simple(list: &List) -> Option<&Simple> {
    match list.0.as_slice() {
        [item] if !item.background => sole_simple_and_or(&item.and_or),
        _ => None,
    }
}

fn sole_simple_and_or(ao: &AndOr) -> Option<&Simple> {
    match (ao.rest.is_empty(), ao.first.negate, ao.first.commands.as_slice()) {
        (true, false, [Command::Simple(s)]) => Some(s),
        _ => None,
    }
}

impl Shell {
    /// Forks a child running `job`; in an interactive shell it leads a new process group.
    pub fn fork_child(&mut self, job: ChildJob, background: bool, fds: ChildFds) -> Result<u32, Errno> {
        self.fork_child_in(job, background, fds, None)
    }

    /// Forks a child running `job`, joining process group `group` (job control only).
    pub fn fork_child_in(&mut self, job: ChildJob, background: bool, fds: ChildFds, group: Option<u32>) -> Result<u32, Errno> {
        let pgid = if self.opts.monitor { Some(group.unwrap_or(0)) } else { None };
        let template = self.clone();
        let detach = background && !self.opts.monitor;
        self.proc.fork(pgid, move |p| {
            let child = template.for_child(p);
            child.child_main(job, fds, detach)
        })
    }

    /// A forked child's life. `detach`: a background job without job control, which ignores
    /// Ctrl-C and reads `/dev/null`.
    async fn child_main(mut self, job: ChildJob, fds: ChildFds, detach: bool) -> i32 {
        for (from, to) in &fds.dups {
            let _ = self.proc.dup2(*from, *to);
        }
        for fd in &fds.close {
            let _ = self.proc.close(*fd);
        }
        if detach {
            for sig in [SIGINT, SIGQUIT] {
                let _ = self.proc.set_disposition(sig, Disposition::Ignore);
                self.traps.insert(sig, String::new());
            }
            if let Ok(fd) = self.proc.open("/dev/null", OpenFlags::READ, 0) {
                if fd != 0 {
                    let _ = self.proc.dup2(fd, 0);
                    let _ = self.proc.close(fd);
                }
            }
        }
        let r = match &job {
            ChildJob::List(list) => match sole_simple(list) {
                Some(s) => self.run_simple(s, true).await,
                None => self.run_list(list).await,
            },
            ChildJob::AndOr(ao) => match sole_simple_and_or(ao) {
                Some(s) => self.run_simple(s, true).await,
                None => self.run_and_or(ao).await,
            },
            ChildJob::Command(Command::Simple(s)) => self.run_simple(s, true).await,
            ChildJob::Command(c) => self.run_command(c).await,
            ChildJob::Script { text, arg0, params } => {
                self.arg0 = arg0.clone();
                self.params = params.clone();
                self.funcs.clear();
                self.msg.script = true;
                self.run_text(text, 1).await
            }
            ChildJob::Feed(text) => {
                let _ = self.proc.write_all(1, text.as_bytes()).await;
                Ok(())
            }
        };
        self.finish(r).await
    }

    /// The exit status for how execution ended; runs the EXIT trap.
    pub async fn finish(&mut self, r: R) -> i32 {
        let status = match r {
            Err(Ctl::Error(st)) => st,
            Err(Ctl::Interrupt) => 130,
            _ => self.status,
        };
        self.status = status;
        if let Some(action) = self.traps.remove(&0) {
            if !action.is_empty() {
                // The EXIT trap sees the exit status in `$?`; only `exit` inside it changes it.
                match self.run_text(&action, self.msg.line).await {
                    Err(Ctl::Exit) => {}
                    _ => self.status = status,
                }
            }
        }
        self.status & 0xff
    }

    /// Moves caught signals from the kernel into the shell's pending set.
    pub fn collect_signals(&mut self) {
        self.pending.extend(self.proc.take_signals());
    }

    /// Waits for a foreground job's processes (giving it the terminal under job control).
    /// Signals that arrive meanwhile are kept for after the job, as POSIX says.
    pub fn wait_foreground<'a>(&'a mut self, pids: &'a [u32]) -> Fut<'a, Vec<ExitStatus>> {
        Box::pin(async move {
            if self.opts.monitor {
                if let Some(&leader) = pids.first() {
                    let _ = self.proc.set_foreground(leader);
                }
            }
            let mut out = Vec::new();
            for &pid in pids {
                let status = loop {
                    match self.proc.wait(pid).await {
                        Ok(s) => break s,
                        Err(Errno::EINTR) => self.collect_signals(),
                        Err(_) => break ExitStatus::Exited(127),
                    }
                };
                out.push(status);
            }
            if self.opts.monitor {
                let _ = self.proc.set_foreground(self.proc.pgid());
            }
            out
        })
    }

    /// Collects the statuses of background processes that have ended, without waiting.
    pub async fn reap_jobs(&mut self) {
        let proc = self.proc.clone();
        for job in &mut self.jobs.list {
            for (i, pid) in job.pids.iter().enumerate() {
                if job.statuses[i].is_none() {
                    if let Some(Ok(st)) = poll_once(proc.wait(*pid)).await {
                        job.statuses[i] = Some(st);
                    }
                }
            }
        }
    }

    /// Interactive shells report finished background jobs before the prompt.
    pub async fn notify_jobs(&mut self) {
        self.reap_jobs().await;
        let mut out = String::new();
        for job in self.jobs.list.iter().filter(|j| j.done()) {
            out.push_str(&job_line(job, self.jobs.mark(job.id)));
        }
        self.jobs.list.retain(|j| !j.done());
        if !out.is_empty() {
            self.proc.eprint(&out).await;
        }
    }

    /// Waits for one process of a job (the `wait` builtin): `Err(signal)` if a trapped signal
    /// interrupts.
    pub async fn wait_job_pid(&mut self, pid: u32) -> Result<Option<ExitStatus>, Signal> {
        if let Some(job) = self.jobs.by_pid(pid) {
            let i = job.pids.iter().position(|p| *p == pid).unwrap_or(0);
            if let Some(st) = job.statuses[i] {
                return Ok(Some(st));
            }
        }
        loop {
            match self.proc.wait(pid).await {
                Ok(st) => {
                    if let Some(job) = self.jobs.by_pid(pid) {
                        let i = job.pids.iter().position(|p| *p == pid).unwrap_or(0);
                        job.statuses[i] = Some(st);
                    }
                    return Ok(Some(st));
                }
                Err(Errno::EINTR) => {
                    self.collect_signals();
                    let trapped = self.pending.iter().copied().find(|s| self.traps.get(s).is_some_and(|a| !a.is_empty()));
                    if let Some(sig) = trapped {
                        return Err(sig);
                    }
                    if self.pending.contains(&SIGINT) && self.opts.interactive {
                        return Err(SIGINT);
                    }
                }
                Err(_) => return Ok(None),
            }
        }
    }
}

/// One line of `jobs` output or a completion notice.
pub fn job_line(job: &Job, mark: char) -> String {
    let head = format!("[{}]{}  {}", job.id, mark, state_text(job.status()));
    format!("{head:<33}{}\n", job.text)
}
