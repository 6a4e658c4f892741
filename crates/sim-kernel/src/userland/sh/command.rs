//! Simple commands: expansion, tracing, lookup (special builtins, functions, builtins,
//! `PATH`), assignments, and running external programs.
//!
//! External programs in the foreground are started with [`Proc::spawn`] (`posix_spawn`)
//! and get descriptors 0 to 9 only: the shell's own saved descriptors (10 and up) behave as
//! close-on-exec. In a forked child with nothing left to do, the program replaces the child
//! with [`Proc::exec`] instead.

use wharf_engine::collect::CollectMap;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::ast::{Command, Simple};
use super::builtins::{self, Builtin};
use super::exec::{Ctl, Fut, R};
use super::jobs::ChildJob;
use super::state::{Shell, Var};
use crate::errno::Errno;
use crate::io::FileRef;
use crate::program::exec_format;
use crate::sys::{Command as Spawn, Proc};

/// What a command name resolves to.
#[derive(Clone)]
pub enum Found {
    /// A special builtin (`export`, `exit`...): found before functions, assignments stick.
    Special(Builtin),
    /// A shell function.
    Function(Rc<Command>),
    /// A regular builtin.
    Builtin(Builtin),
    /// An executable file.
    Path(String),
    /// Nothing (`EACCES` when a file was found but may not run, else `ENOENT`).
    Missing(Errno),
}

/// What applying prefix assignments gives: the (name, value) pairs, what to restore, and
/// whether it went well.
type Assigned = (Vec<(String, String)>, Vec<(String, Option<Var>)>, R);

/// Where ash looks when `PATH` is unset.
const DEFAULT_PATH: &str = "/sbin:/usr/sbin:/bin:/usr/bin";

/// Whether ash's `set -x` would quote this word.
fn trace_quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_^]-./:,@+".contains(c);
    if s.chars().all(safe) && !super::parser::KEYWORDS.contains(&s) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\"'\"'"))
}

/// The descriptors a new program gets: 0 to 9 as the shell has them now.
pub fn visible_fds(proc: &Proc) -> BTreeMap<i32, FileRef> {
    (0..10).filter_map(|fd| proc.file(fd).ok().map(|f| (fd, f))).collect_map()
}

impl Shell {
    /// Resolves a command name.
    pub fn lookup(&self, name: &str, use_functions: bool) -> Found {
        if let Some(b) = builtins::special(name) {
            return Found::Special(b);
        }
        if use_functions {
            if let Some(f) = self.funcs.get(name) {
                return Found::Function(f.clone());
            }
        }
        if let Some(b) = builtins::regular(name) {
            return Found::Builtin(b);
        }
        if name.contains('/') {
            return Found::Path(name.to_string());
        }
        match self.find_in_path(name) {
            Ok(p) => Found::Path(p),
            Err(e) => Found::Missing(e),
        }
    }

    /// Searches `PATH` for an executable regular file.
    pub fn find_in_path(&self, name: &str) -> Result<String, Errno> {
        let path = self.vars.get("PATH").unwrap_or(DEFAULT_PATH);
        let mut err = Errno::ENOENT;
        for dir in path.split(':') {
            let full = if dir.is_empty() { name.to_string() } else { format!("{}/{name}", dir.trim_end_matches('/')) };
            match self.proc.stat(&full) {
                Ok(m) if m.kind == wharf_engine::fs::FileKind::Dir => {}
                Ok(_) if self.proc.access(&full, 1).is_ok() => return Ok(full),
                Ok(_) => err = Errno::EACCES,
                Err(_) => {}
            }
        }
        Err(err)
    }

    /// Sets a variable (honouring `set -a`).
    pub fn set_var(&mut self, name: &str, value: &str) -> Result<(), super::state::ReadOnly> {
        self.vars.set(name, value)?;
        if self.opts.allexport {
            self.vars.export(name);
        }
        Ok(())
    }

    /// Assigns a variable, reporting a read-only one as ash does.
    pub async fn assign(&mut self, name: &str, value: &str) -> R {
        if let Err(e) = self.set_var(name, value) {
            self.error(None, &format!("{}: is read only", e.0)).await;
            return Err(Ctl::Error(2));
        }
        Ok(())
    }

    /// Expands and applies a command's `name=value` prefixes left to right (so `A=1 B=$A`
    /// sees the new `A`). Unless `sticky` (special builtins, assignment-only commands) they
    /// last one command and are exported to it: the second value says what to restore.
    fn apply_assigns<'a>(&'a mut self, cmd: &'a Simple, sticky: bool) -> Fut<'a, Assigned> {
        Box::pin(async move {
            let mut done = Vec::new();
            let mut saved = Vec::new();
            for a in &cmd.assigns {
                let v = match self.expand_string(&a.value).await {
                    Ok(v) => v,
                    Err(e) => return (done, saved, Err(e)),
                };
                if !sticky {
                    saved.push((a.name.clone(), self.vars.var(&a.name).cloned()));
                }
                if let Err(e) = self.assign(&a.name, &v).await {
                    return (done, saved, Err(e));
                }
                if !sticky {
                    self.vars.export(&a.name);
                }
                done.push((a.name.clone(), v));
            }
            (done, saved, Ok(()))
        })
    }

    /// Undoes [`Shell::push_temp_assigns`].
    pub fn pop_temp_assigns(&mut self, saved: Vec<(String, Option<Var>)>) {
        for (k, old) in saved.into_iter().rev() {
            self.vars.remove(&k);
            if let Some(var) = old {
                self.vars.insert(&k, var);
            }
        }
    }

    /// Writes the `set -x` line.
    fn trace<'a>(&'a mut self, assigns: &'a [(String, String)], argv: &'a [String]) -> Fut<'a, ()> {
        Box::pin(async move {
            let ps4 = self.vars.get("PS4").unwrap_or("+ ").to_string();
            let mut words: Vec<String> = assigns.iter().map(|(k, v)| format!("{k}={}", trace_quote(v))).collect();
            words.extend(argv.iter().map(|a| if a.is_empty() { String::new() } else { trace_quote(a) }));
            self.proc.eprint(&format!("{ps4}{}\n", words.join(" "))).await;
        })
    }

    /// Runs a simple command. `exec`: this is a forked child's last act, so an external
    /// program may replace the process.
    pub fn run_simple<'a>(&'a mut self, cmd: &'a Simple, exec: bool) -> Fut<'a, R> {
        Box::pin(async move {
            self.msg.line = cmd.line;
            self.checkpoint().await?;
            self.subst_status = None;
            let argv = self.expand_words(&cmd.words).await?;
            let Some(name) = argv.first().cloned() else {
                // Redirections first: an assignment error goes where they say.
                let saved = match self.redirect(&cmd.redirs, true).await? {
                    Ok(saved) => saved,
                    Err(st) => {
                        self.status = st;
                        return Ok(());
                    }
                };
                let (assigns, _, r) = self.apply_assigns(cmd, true).await;
                if r.is_ok() && self.opts.xtrace && !assigns.is_empty() {
                    self.trace(&assigns, &argv).await;
                }
                self.restore(saved);
                self.status = self.subst_status.unwrap_or(0);
                return r;
            };
            let found = self.lookup(&name, true);
            let special = matches!(found, Found::Special(_));
            let (assigns, temps, r) = self.apply_assigns(cmd, special).await;
            if let Err(e) = r {
                self.pop_temp_assigns(temps);
                return Err(e);
            }
            if self.opts.xtrace {
                self.trace(&assigns, &argv).await;
            }
            if let Found::Special(b) = &found {
                if name == "exec" && argv.len() == 1 {
                    // `exec >file`: the redirections stay.
                    return match self.redirect(&cmd.redirs, false).await? {
                        Ok(_) => {
                            self.status = 0;
                            Ok(())
                        }
                        Err(st) => self.special_failed(st),
                    };
                }
                let saved = match self.redirect(&cmd.redirs, true).await? {
                    Ok(saved) => saved,
                    Err(st) => return self.special_failed(st),
                };
                let r = b(self, &argv).await;
                self.restore(saved);
                return self.builtin_result(r);
            }
            let saved = match self.redirect(&cmd.redirs, true).await {
                Ok(Ok(saved)) => saved,
                Ok(Err(st)) => {
                    self.pop_temp_assigns(temps);
                    self.status = st;
                    return Ok(());
                }
                Err(e) => {
                    self.pop_temp_assigns(temps);
                    return Err(e);
                }
            };
            let r = match found {
                Found::Special(_) => Ok(()),
                Found::Function(body) => self.call_function(&body, &argv).await,
                Found::Builtin(b) => {
                    let r = b(self, &argv).await;
                    self.builtin_result(r)
                }
                Found::Path(path) => self.run_external(&path, &argv, exec).await,
                Found::Missing(e) => {
                    let (msg, st) = if e == Errno::EACCES { ("Permission denied", 126) } else { ("not found", 127) };
                    self.error(None, &format!("{name}: {msg}")).await;
                    self.status = st;
                    Ok(())
                }
            };
            self.restore(saved);
            self.pop_temp_assigns(temps);
            r
        })
    }

    /// A special builtin's redirection failed: fatal outside interactive shells.
    fn special_failed(&mut self, status: i32) -> R {
        self.status = status;
        if self.opts.interactive {
            Ok(())
        } else {
            Err(Ctl::Error(status))
        }
    }

    /// Stores a builtin's status, passing control flow on.
    pub fn builtin_result(&mut self, r: Result<i32, Ctl>) -> R {
        match r {
            Ok(st) => {
                self.status = st;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Calls a shell function with `argv[1..]` as its parameters.
    pub fn call_function<'a>(&'a mut self, body: &'a Command, argv: &'a [String]) -> Fut<'a, R> {
        Box::pin(async move {
            let saved_params = std::mem::replace(&mut self.params, argv[1..].to_vec());
            self.func_depth += 1;
            self.locals.push(Vec::new());
            let r = self.run_command(body).await;
            if let Some(frame) = self.locals.pop() {
                self.pop_temp_assigns(frame);
            }
            self.func_depth -= 1;
            self.params = saved_params;
            match r {
                Err(Ctl::Return) => Ok(()),
                other => other,
            }
        })
    }

    /// Runs a program file: spawned and waited for, or exec'd in a child that has nothing
    /// else to do.
    pub fn run_external<'a>(&'a mut self, path: &'a str, argv: &'a [String], exec: bool) -> Fut<'a, R> {
        Box::pin(async move {
            let env = self.vars.environ();
            if exec {
                for fd in std::mem::take(&mut self.internal_fds) {
                    let _ = self.proc.close(fd);
                }
                return match self.proc.exec(path, argv.to_vec(), Some(env)) {
                    Ok(program) => {
                        self.status = program.await;
                        Err(Ctl::Exit)
                    }
                    Err(e) => {
                        self.exec_failed(path, argv, e).await?;
                        Err(Ctl::Exit)
                    }
                };
            }
            let spawn =
                Spawn { path: path.to_string(), argv: argv.to_vec(), env: Some(env), fds: Some(visible_fds(&self.proc)), pgid: self.opts.monitor.then_some(0) };
            match self.proc.spawn(spawn) {
                Ok(pid) => {
                    let statuses = self.wait_foreground(&[pid]).await;
                    self.status = statuses.first().map_or(127, |s| s.code());
                    self.after_foreground(&statuses).await
                }
                Err(e) => self.exec_failed(path, argv, e).await,
            }
        })
    }

    /// Reports why a program could not start, or runs a format-less file as a script.
    fn exec_failed<'a>(&'a mut self, path: &'a str, argv: &'a [String], e: Errno) -> Fut<'a, R> {
        Box::pin(async move {
            let name = argv.first().map_or(path, String::as_str);
            match e {
                Errno::ENOEXEC => {
                    let text = match self.proc.read_file(path).await {
                        Ok(bytes) if exec_format(&bytes).is_none() => String::from_utf8_lossy(&bytes).into_owned(),
                        _ => {
                            self.error(None, &format!("{name}: Exec format error")).await;
                            self.status = 126;
                            return Ok(());
                        }
                    };
                    let job = ChildJob::Script { text, arg0: path.to_string(), params: argv[1..].to_vec() };
                    match self.fork_child(job, false, Default::default()) {
                        Ok(pid) => {
                            let statuses = self.wait_foreground(&[pid]).await;
                            self.status = statuses.first().map_or(127, |s| s.code());
                            self.after_foreground(&statuses).await
                        }
                        Err(e) => self.fork_failed(e).await,
                    }
                }
                Errno::EACCES => {
                    self.error(None, &format!("{name}: Permission denied")).await;
                    self.status = 126;
                    Ok(())
                }
                Errno::ENOENT | Errno::ENOTDIR => {
                    self.error(None, &format!("{name}: not found")).await;
                    self.status = 127;
                    Ok(())
                }
                Errno::EAGAIN | Errno::ENOMEM => self.fork_failed(e).await,
                e => {
                    self.error(None, &format!("{name}: {e}")).await;
                    self.status = 126;
                    Ok(())
                }
            }
        })
    }
}
