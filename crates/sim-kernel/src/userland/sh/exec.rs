//! The interpreter: lists, and-or lists, pipelines and compound commands.
//!
//! Control flow that unwinds (`break`, `return`, `exit`, a shell error, Ctrl-C) travels as
//! the `Err` side of [`R`], so `?` carries it to the construct that handles it. Every loop
//! iteration and every simple command passes [`Shell::checkpoint`], which charges CPU time,
//! lets other processes run, and runs trap actions for signals that arrived.

use std::future::Future;
use std::pin::Pin;

use wharf_engine::kernel::ExitStatus;

use super::ast::{AndOr, CaseArm, Command, Compound, Item, List, Pipeline, Word};
use super::jobs::ChildJob;
use super::state::Shell;
use crate::errno::Errno;
use crate::signal::SIGINT;

/// How deeply lists may nest while running (function recursion, `eval`, `.`, blocks).
pub const MAX_DEPTH: u32 = 100;

/// SIGSEGV, what a shell that recursed too deeply dies of.
const SIGSEGV: crate::signal::Signal = 11;

/// A boxed future borrowing the shell: the interpreter recurses, so its futures are boxed.
pub type Fut<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Why execution stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctl {
    /// `break n`.
    Break(u32),
    /// `continue n`.
    Continue(u32),
    /// `return` (the status is in `$?`).
    Return,
    /// `exit`, or `set -e` tripping (the status is in `$?`).
    Exit,
    /// A shell error with this status: a non-interactive shell exits, an interactive one
    /// goes back to its prompt.
    Error(i32),
    /// Ctrl-C in an interactive shell: back to the prompt.
    Interrupt,
}

/// The result of running something.
pub type R = Result<(), Ctl>;

impl Shell {
    /// Runs a list.
    pub fn run_list<'a>(&'a mut self, list: &'a List) -> Fut<'a, R> {
        Box::pin(async move {
            if self.depth >= MAX_DEPTH {
                return self.too_deep();
            }
            self.depth += 1;
            let mut r = Ok(());
            for item in &list.0 {
                r = self.run_item(item).await;
                if r.is_ok() {
                    r = self.handle_signals().await;
                }
                if r.is_err() {
                    break;
                }
            }
            self.depth -= 1;
            r
        })
    }

    /// Nesting beyond [`MAX_DEPTH`]: busybox ash recurses until the C stack overflows and
    /// dies of SIGSEGV; the simulator stops earlier (its interpreter's frames are on the
    /// page's stack) and ends the same way.
    fn too_deep(&mut self) -> R {
        let _ = self.proc.kill(self.proc.pid() as i32, SIGSEGV);
        self.status = 128 + SIGSEGV;
        Err(Ctl::Exit)
    }

    async fn run_item(&mut self, item: &Item) -> R {
        if !item.background {
            return self.run_and_or(&item.and_or).await;
        }
        let job = ChildJob::AndOr(item.and_or.clone());
        match self.fork_child(job, true, Default::default()) {
            Ok(pid) => {
                self.last_bg = Some(pid);
                let text = super::text::and_or(&item.and_or);
                self.jobs.add(vec![pid], text);
                self.status = 0;
            }
            Err(e) => return self.fork_failed(e).await,
        }
        Ok(())
    }

    /// `fork` failed (`pids.max`, memory): ash reports it and raises an error, which ends a
    /// non-interactive shell with status 2.
    pub async fn fork_failed(&mut self, e: Errno) -> R {
        self.error(None, &format!("can't fork: {e}")).await;
        self.status = 2;
        Err(Ctl::Error(2))
    }

    /// Runs `a && b || c`.
    pub fn run_and_or<'a>(&'a mut self, ao: &'a AndOr) -> Fut<'a, R> {
        Box::pin(async move {
            let last_index = ao.rest.len();
            self.run_pipeline_guarded(&ao.first, last_index > 0).await?;
            let mut ran = 0;
            let mut negated = ao.first.negate;
            for (i, (on_success, p)) in ao.rest.iter().enumerate() {
                if (self.status == 0) != *on_success {
                    continue;
                }
                ran = i + 1;
                negated = p.negate;
                self.run_pipeline_guarded(p, ran != last_index).await?;
            }
            // set -e: only the last pipeline of the chain counts (`false && x` does not exit).
            if self.opts.errexit && self.errexit_off == 0 && self.status != 0 && !negated && ran == last_index {
                return Err(Ctl::Exit);
            }
            Ok(())
        })
    }

    /// Runs a pipeline with `set -e` suspended when `exempt`.
    async fn run_pipeline_guarded(&mut self, p: &Pipeline, exempt: bool) -> R {
        if exempt {
            self.errexit_off += 1;
        }
        let r = self.run_pipeline(p).await;
        if exempt {
            self.errexit_off -= 1;
        }
        r
    }

    /// Runs a condition list (`if`, `while`): `set -e` does not apply inside.
    async fn run_condition(&mut self, list: &List) -> R {
        self.errexit_off += 1;
        let r = self.run_list(list).await;
        self.errexit_off -= 1;
        r
    }

    async fn run_pipeline(&mut self, p: &Pipeline) -> R {
        if p.negate {
            self.errexit_off += 1;
        }
        let r = if let [cmd] = p.commands.as_slice() { self.run_command(cmd).await } else { self.run_multi(&p.commands).await };
        if p.negate {
            self.errexit_off -= 1;
            if r.is_ok() {
                self.status = (self.status == 0) as i32;
            }
        }
        r
    }

    /// `a | b | c`: one forked process per stage, joined by pipes.
    fn run_multi<'a>(&'a mut self, cmds: &'a [Command]) -> Fut<'a, R> {
        Box::pin(async move {
            let mut pids = Vec::new();
            let mut prev_read: Option<i32> = None;
            let mut failed = None;
            for (i, cmd) in cmds.iter().enumerate() {
                let last = i + 1 == cmds.len();
                let pipe = if last {
                    None
                } else {
                    match self.high_pipe() {
                        Ok(p) => Some(p),
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    }
                };
                let mut fds = super::jobs::ChildFds::default();
                if let Some(r) = prev_read {
                    fds.dups.push((r, 0));
                    fds.close.push(r);
                }
                if let Some((r, w)) = pipe {
                    fds.dups.push((w, 1));
                    fds.close.extend([r, w]);
                }
                let group = pids.first().copied();
                let forked = self.fork_child_in(ChildJob::Command(cmd.clone()), false, fds, group);
                if let Some(r) = prev_read.take() {
                    let _ = self.proc.close(r);
                }
                if let Some((r, w)) = pipe {
                    let _ = self.proc.close(w);
                    prev_read = Some(r);
                }
                match forked {
                    Ok(pid) => pids.push(pid),
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            if let Some(r) = prev_read {
                let _ = self.proc.close(r);
            }
            let statuses = self.wait_foreground(&pids).await;
            if let Some(e) = failed {
                return self.fork_failed(e).await;
            }
            self.status = statuses.last().map_or(2, |s| s.code());
            if self.opts.pipefail {
                self.status = statuses.iter().rev().map(|s| s.code()).find(|c| *c != 0).unwrap_or(0);
            }
            self.after_foreground(&statuses).await
        })
    }

    /// A pipe whose ends sit above the descriptors scripts use (10 and up).
    pub fn high_pipe(&mut self) -> Result<(i32, i32), Errno> {
        let (r, w) = self.proc.pipe()?;
        let r = self.move_high(r)?;
        let w = self.move_high(w)?;
        Ok((r, w))
    }

    /// Moves a descriptor to the lowest free number from 10 up.
    pub fn move_high(&mut self, fd: i32) -> Result<i32, Errno> {
        if fd >= 10 {
            return Ok(fd);
        }
        let to = (10..).find(|n| self.proc.file(*n).is_err()).unwrap_or(10);
        self.proc.dup2(fd, to)?;
        self.proc.close(fd)?;
        Ok(to)
    }

    /// What happens after a foreground job ends: signal reports and Ctrl-C handling.
    pub fn after_foreground<'a>(&'a mut self, statuses: &'a [ExitStatus]) -> Fut<'a, R> {
        Box::pin(async move {
            let killed = statuses.iter().find_map(|s| match s {
                ExitStatus::Signaled(sig) if *sig != crate::signal::SIGPIPE => Some(*sig),
                _ => None,
            });
            match killed {
                Some(SIGINT) if self.opts.interactive => return Err(Ctl::Interrupt),
                Some(SIGINT) => {}
                Some(sig) => self.proc.eprint(&format!("{}\n", super::jobs::signal_text(sig))).await,
                None => {}
            }
            Ok(())
        })
    }

    /// Runs one command in this shell (forking only for subshells and external programs).
    pub fn run_command<'a>(&'a mut self, cmd: &'a Command) -> Fut<'a, R> {
        Box::pin(async move {
            match cmd {
                Command::Simple(s) => self.run_simple(s, false).await,
                Command::Function(name, body) => {
                    self.funcs.insert(name.clone(), body.clone());
                    self.status = 0;
                    Ok(())
                }
                Command::Compound(c, redirs) => {
                    let saved = match self.redirect(redirs, true).await? {
                        Ok(saved) => saved,
                        Err(status) => {
                            self.status = status;
                            return Ok(());
                        }
                    };
                    let r = self.run_compound(c).await;
                    self.restore(saved);
                    r
                }
            }
        })
    }

    fn run_compound<'a>(&'a mut self, c: &'a Compound) -> Fut<'a, R> {
        Box::pin(async move {
            match c {
                Compound::Group(list) => self.run_list(list).await,
                Compound::Subshell(list) => {
                    let pid = match self.fork_child(ChildJob::List(list.clone()), false, Default::default()) {
                        Ok(pid) => pid,
                        Err(e) => return self.fork_failed(e).await,
                    };
                    let statuses = self.wait_foreground(&[pid]).await;
                    self.status = statuses.first().map_or(2, |s| s.code());
                    self.after_foreground(&statuses).await
                }
                Compound::If(arms, otherwise) => {
                    for (cond, body) in arms {
                        self.run_condition(cond).await?;
                        if self.status == 0 {
                            return self.run_list(body).await;
                        }
                    }
                    match otherwise {
                        Some(body) => self.run_list(body).await,
                        None => {
                            self.status = 0;
                            Ok(())
                        }
                    }
                }
                Compound::For(name, words, body) => self.run_for(name, words.as_deref(), body).await,
                Compound::Loop(until, cond, body) => self.run_loop(*until, cond, body).await,
                Compound::Case(word, arms) => self.run_case(word, arms).await,
            }
        })
    }

    /// Handles `break`/`continue` that reach a loop; `Ok(true)` means leave the loop.
    fn loop_control(r: R) -> Result<bool, Ctl> {
        match r {
            Ok(()) => Ok(false),
            Err(Ctl::Break(n)) if n > 1 => Err(Ctl::Break(n - 1)),
            Err(Ctl::Break(_)) => Ok(true),
            Err(Ctl::Continue(n)) if n > 1 => Err(Ctl::Continue(n - 1)),
            Err(Ctl::Continue(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn run_for<'a>(&'a mut self, name: &'a str, words: Option<&'a [Word]>, body: &'a List) -> Fut<'a, R> {
        Box::pin(async move {
            let items = match words {
                Some(w) => self.expand_words(w).await?,
                None => self.params.clone(),
            };
            self.status = 0;
            self.loop_depth += 1;
            let mut r = Ok(());
            for item in items {
                if let Err(e) = self.checkpoint().await {
                    r = Err(e);
                    break;
                }
                if let Err(e) = self.assign(name, &item).await {
                    r = Err(e);
                    break;
                }
                match Shell::loop_control(self.run_list(body).await) {
                    Ok(false) => {}
                    Ok(true) => break,
                    Err(e) => {
                        r = Err(e);
                        break;
                    }
                }
            }
            self.loop_depth -= 1;
            r
        })
    }

    fn run_loop<'a>(&'a mut self, until: bool, cond: &'a List, body: &'a List) -> Fut<'a, R> {
        Box::pin(async move {
            self.loop_depth += 1;
            let mut last = 0;
            let r = loop {
                if let Err(e) = self.checkpoint().await {
                    break Err(e);
                }
                match Shell::loop_control(self.run_condition(cond).await) {
                    Ok(false) => {}
                    Ok(true) => break Ok(()),
                    Err(e) => break Err(e),
                }
                if (self.status == 0) == until {
                    break Ok(());
                }
                match Shell::loop_control(self.run_list(body).await) {
                    Ok(false) => last = self.status,
                    Ok(true) => {
                        last = self.status;
                        break Ok(());
                    }
                    Err(e) => break Err(e),
                }
            };
            self.loop_depth -= 1;
            if r.is_ok() {
                self.status = last;
            }
            r
        })
    }

    fn run_case<'a>(&'a mut self, word: &'a Word, arms: &'a [CaseArm]) -> Fut<'a, R> {
        Box::pin(async move {
            let subject = self.expand_string(word).await?;
            for arm in arms {
                for pat in &arm.patterns {
                    let p = self.expand_pattern(pat).await?;
                    if p.matches(&subject) {
                        self.status = 0;
                        return self.run_list(&arm.body).await;
                    }
                }
            }
            self.status = 0;
            Ok(())
        })
    }

    /// Once per simple command and loop iteration: charge CPU time, let others run, and
    /// handle signals that arrived.
    pub async fn checkpoint(&mut self) -> R {
        let _ = self.proc.checkpoint().await;
        self.handle_signals().await
    }
}
