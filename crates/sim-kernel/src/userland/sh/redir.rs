//! Redirections: opening files, duplicating and closing descriptors, here-documents.
//!
//! Redirections of commands that run inside the shell (builtins, functions, compound
//! commands) must be undone afterwards, so each replaced descriptor is first copied to a
//! private number (10 and up, which programs the shell starts do not inherit) and put back
//! by [`Shell::restore`].

use super::ast::{Redir, RedirOp, RedirTarget};
use super::exec::{Ctl, Fut};
use super::jobs::{ChildFds, ChildJob};
use super::state::Shell;
use crate::errno::Errno;
use crate::io::pipe::PIPE_CAPACITY;
use crate::sys::OpenFlags;

/// Descriptors to put back: (descriptor, the copy of what it was, if it was open).
#[derive(Debug, Default)]
pub struct Saved(Vec<(i32, Option<i32>)>);

/// ash's wording for open errors: "no such file" when opening, "nonexistent directory"
/// when creating; other errors in the C library's words.
fn open_error(e: Errno, create: bool) -> String {
    match (e, create) {
        (Errno::ENOENT | Errno::ENOTDIR, false) => "no such file".into(),
        (Errno::ENOENT | Errno::ENOTDIR, true) => "nonexistent directory".into(),
        (e, _) => e.message().into(),
    }
}

impl Shell {
    /// Applies redirections in order. `Ok(Err(status))`: one failed (reported, and the ones
    /// before it undone); `Err`: an expansion error. With `save`, [`Shell::restore`] undoes
    /// them later.
    pub fn redirect<'a>(&'a mut self, redirs: &'a [Redir], save: bool) -> Fut<'a, Result<Result<Saved, i32>, Ctl>> {
        Box::pin(async move {
            let mut saved = Saved::default();
            for r in redirs {
                let fd = r.fd();
                if save && !saved.0.iter().any(|(f, _)| *f == fd) {
                    let copy = if self.proc.file(fd).is_ok() {
                        let to = (10..).find(|n| self.proc.file(*n).is_err()).unwrap_or(10);
                        match self.proc.dup2(fd, to) {
                            Ok(_) => {
                                self.internal_fds.insert(to);
                                Some(to)
                            }
                            Err(_) => None,
                        }
                    } else {
                        None
                    };
                    saved.0.push((fd, copy));
                }
                let outcome = match self.apply_one(r, fd).await {
                    Ok(o) => o,
                    Err(e) => {
                        self.restore(saved);
                        return Err(e);
                    }
                };
                if let Err(msg) = outcome {
                    self.error(None, &msg).await;
                    self.restore(saved);
                    return Ok(Err(1));
                }
            }
            Ok(Ok(saved))
        })
    }

    /// Undoes redirections.
    pub fn restore(&mut self, saved: Saved) {
        for (fd, copy) in saved.0.into_iter().rev() {
            match copy {
                Some(c) => {
                    let _ = self.proc.dup2(c, fd);
                    let _ = self.proc.close(c);
                    self.internal_fds.remove(&c);
                }
                None => {
                    let _ = self.proc.close(fd);
                }
            }
        }
    }

    /// Puts an open descriptor at `fd`.
    fn install(&mut self, opened: i32, fd: i32) {
        if opened != fd {
            let _ = self.proc.dup2(opened, fd);
            let _ = self.proc.close(opened);
        }
    }

    /// One redirection: `Ok(Err(message))` when it fails.
    async fn apply_one(&mut self, r: &Redir, fd: i32) -> Result<Result<(), String>, Ctl> {
        let (op, word) = match &r.target {
            RedirTarget::HereDoc(doc) => {
                let doc = doc.borrow().clone();
                let body = if doc.quoted { doc.body.0.iter().map(quoted_text).collect() } else { self.expand_string(&doc.body).await? };
                return Ok(self.heredoc(&body, fd).await.map_err(|e| format!("can't create pipe: {e}")));
            }
            RedirTarget::Word(op, w) => (*op, w),
        };
        let target = self.expand_string(word).await?;
        let open = |sh: &mut Shell, flags: OpenFlags, create: bool| -> Result<(), String> {
            if create && sh.opts.noclobber && flags.truncate && sh.proc.stat(&target).is_ok_and(|m| m.kind == wharf_engine::fs::FileKind::File) {
                return Err(format!("can't create {target}: File exists"));
            }
            match sh.proc.open(&target, flags, 0o666) {
                Ok(f) => {
                    sh.install(f, fd);
                    Ok(())
                }
                Err(e) if create => Err(format!("can't create {target}: {}", open_error(e, true))),
                Err(e) => Err(format!("can't open {target}: {}", open_error(e, false))),
            }
        };
        Ok(match op {
            RedirOp::In => open(self, OpenFlags::READ, false),
            RedirOp::Out => open(self, OpenFlags::CREATE, true),
            RedirOp::Append => open(self, OpenFlags::APPEND, true),
            RedirOp::ReadWrite => open(self, OpenFlags { read: true, write: true, create: true, ..OpenFlags::default() }, true),
            RedirOp::DupIn | RedirOp::DupOut => {
                if target == "-" {
                    let _ = self.proc.close(fd);
                    Ok(())
                } else if let Ok(n) = target.parse::<i32>() {
                    if n == fd {
                        Ok(())
                    } else if self.proc.dup2(n, fd).is_err() {
                        Err(format!("{n}: Bad file descriptor"))
                    } else {
                        Ok(())
                    }
                } else if op == RedirOp::DupOut && r.fd.is_none() {
                    // bash's `>&file`, which ash accepts: stdout and stderr to the file.
                    let res = open(self, OpenFlags::CREATE, true);
                    if res.is_ok() {
                        let _ = self.proc.dup2(1, 2);
                    }
                    res
                } else {
                    Err(format!("{target}: bad number"))
                }
            }
        })
    }

    /// A here-document: the body through a pipe (fed by a child when it exceeds the pipe's
    /// buffer, so the shell never blocks on itself).
    async fn heredoc(&mut self, body: &str, fd: i32) -> Result<(), Errno> {
        let (r, w) = self.high_pipe()?;
        if body.len() <= PIPE_CAPACITY {
            let _ = self.proc.write_all(w, body.as_bytes()).await;
        } else {
            let fds = ChildFds { dups: vec![(w, 1)], close: vec![r, w] };
            let _ = self.fork_child(ChildJob::Feed(body.to_string()), true, fds);
        }
        let _ = self.proc.close(w);
        self.install(r, fd);
        Ok(())
    }
}

/// The text of a part of a quoted here-document body (all literal).
fn quoted_text(p: &super::ast::Part) -> String {
    match p {
        super::ast::Part::Quoted(s) | super::ast::Part::Lit(s) => s.clone(),
        _ => String::new(),
    }
}
