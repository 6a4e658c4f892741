//! Running text (scripts, `-c` strings, `eval`, traps), command substitution, trap
//! dispatch, and error reporting in ash's format.

use super::ast::List;
use super::exec::{Ctl, Fut, R};
use super::jobs::{ChildFds, ChildJob};
use super::parser::Parser;
use super::state::Shell;
use crate::errno::Errno;
use crate::signal::SIGINT;

impl Shell {
    /// Writes an error to standard error the way ash does: `$0: `, then the builtin (or
    /// sourced file) name, then `line N: ` when not interactive and there is a name or the
    /// shell runs a script.
    pub async fn error(&self, builtin: Option<&str>, text: &str) {
        let mut out = format!("{}: ", self.arg0);
        let name = builtin.map(str::to_string).or_else(|| self.msg.source.clone());
        if let Some(n) = &name {
            if *n != self.arg0 {
                out.push_str(n);
                out.push_str(": ");
            }
        }
        if (name.is_some() || self.msg.script) && !self.opts.interactive {
            out.push_str(&format!("line {}: ", self.msg.line));
        }
        out.push_str(text);
        out.push('\n');
        self.proc.eprint(&out).await;
    }

    /// Parses and runs `text` one complete command at a time (so earlier commands run before
    /// a later syntax error is found, as in ash). Lines are counted from `first_line`.
    pub fn run_text<'a>(&'a mut self, text: &'a str, first_line: u32) -> Fut<'a, R> {
        Box::pin(async move {
            let mut parser = Parser::new(text).with_first_line(first_line);
            loop {
                match parser.next_command() {
                    Ok(None) => return Ok(()),
                    Ok(Some((list, _))) => {
                        if !self.opts.noexec {
                            self.run_list(&list).await?;
                        }
                    }
                    Err(e) => {
                        self.msg.line = e.line;
                        self.error(None, &e.to_string()).await;
                        self.status = 2;
                        return Err(Ctl::Error(2));
                    }
                }
            }
        })
    }

    /// Runs trap actions for signals that have arrived; Ctrl-C with no trap in an
    /// interactive shell abandons the command line.
    pub async fn handle_signals(&mut self) -> R {
        self.collect_signals();
        if self.pending.is_empty() || self.in_trap {
            return Ok(());
        }
        self.run_traps().await
    }

    /// Handles the pending signals (see [`Shell::handle_signals`]).
    fn run_traps(&mut self) -> Fut<'_, R> {
        Box::pin(async move {
            while let Some(sig) = self.pending.pop_first() {
                match self.traps.get(&sig).cloned() {
                    Some(action) if !action.is_empty() => {
                        let saved = self.status;
                        self.in_trap = true;
                        let r = self.run_text(&action, self.msg.line).await;
                        self.in_trap = false;
                        match r {
                            Err(Ctl::Exit) => return Err(Ctl::Exit),
                            Err(Ctl::Error(st)) if !self.opts.interactive => return Err(Ctl::Error(st)),
                            _ => self.status = saved,
                        }
                    }
                    Some(_) => {}
                    None if sig == SIGINT && self.opts.interactive => {
                        self.pending.clear();
                        return Err(Ctl::Interrupt);
                    }
                    None => {}
                }
            }
            Ok(())
        })
    }

    /// `$(...)`: runs the list in a forked child writing into a pipe, and returns what it
    /// wrote without trailing newlines.
    pub async fn command_subst(&mut self, list: &List) -> Result<String, Ctl> {
        let (r, w) = match self.high_pipe() {
            Ok(p) => p,
            Err(e) => {
                self.error(None, &format!("can't create pipe: {e}")).await;
                return Err(Ctl::Error(2));
            }
        };
        let fds = ChildFds { dups: vec![(w, 1)], close: vec![r, w] };
        let monitor = std::mem::replace(&mut self.opts.monitor, false);
        let forked = self.fork_child(ChildJob::List(list.clone()), false, fds);
        self.opts.monitor = monitor;
        let _ = self.proc.close(w);
        let pid = match forked {
            Ok(pid) => pid,
            Err(e) => {
                let _ = self.proc.close(r);
                self.fork_failed(e).await?;
                return Err(Ctl::Error(2));
            }
        };
        let mut out = Vec::new();
        let mut buf = vec![0u8; 4096];
        loop {
            match self.proc.read(r, &mut buf).await {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(Errno::EINTR) => self.collect_signals(),
                Err(_) => break,
            }
        }
        let _ = self.proc.close(r);
        let status = loop {
            match self.proc.wait(pid).await {
                Ok(st) => break st.code(),
                Err(Errno::EINTR) => self.collect_signals(),
                Err(_) => break 127,
            }
        };
        self.subst_status = Some(status);
        self.status = status;
        let mut s = String::from_utf8_lossy(&out).into_owned();
        while s.ends_with('\n') {
            s.pop();
        }
        Ok(s)
    }
}
