//! Process system calls: spawn (fork + exec), exec, wait, kill, process groups.

use std::collections::BTreeMap;
use std::future::Future;
use std::task::Poll;

use wharf_engine::fs::FileKind;
use wharf_engine::kernel::{ExitStatus, Pid};

use super::file::may;
use super::Proc;
use crate::errno::Errno;
use crate::io::FileRef;
use crate::machine::Machine;
use crate::program::{exec_format, ExecFormat, Program, ProgramFuture};
use crate::signal::{Disposition, Signal};

/// What to run in a new process: `posix_spawn(3)`'s arguments.
#[derive(Clone, Default)]
pub struct Command {
    /// The executable's path (no `PATH` search: the caller does that).
    pub path: String,
    /// `argv`, including `argv[0]`.
    pub argv: Vec<String>,
    /// The environment (`None`: inherit).
    pub env: Option<Vec<String>>,
    /// The descriptor table (`None`: inherit every descriptor).
    pub fds: Option<BTreeMap<i32, FileRef>>,
    /// Process group: `None` inherits, `Some(0)` starts a new one led by the child.
    pub pgid: Option<u32>,
}

/// Looks up the program an executable file runs, following `#!` once.
fn load(m: &mut Machine, pid: Pid, path: &str, argv: &[String]) -> Result<(Program, Vec<String>, String), Errno> {
    let res = m.resolve(pid, path, true)?;
    let p = m.proc(pid)?;
    let (ns, creds) = (p.ns.mnt, p.creds.clone());
    let meta = m.lstat_abs(ns, &res.path, Some(pid))?.ok_or(Errno::ENOENT)?;
    if meta.kind == FileKind::Dir || !may(&creds, &meta, 1) || meta.mode & 0o111 == 0 {
        return Err(Errno::EACCES);
    }
    let mut head = vec![0u8; 256];
    let (mount, inner) = m.vfs.locate(ns, &res.path);
    let n = match m.vfs.fs(mount.fs)?.kind.tree() {
        Some(t) => t.read_at(&inner, 0, &mut head).map_err(Errno::from)?,
        None => return Err(Errno::EACCES),
    };
    head.truncate(n);
    let comm = |s: &str| s.rsplit('/').next().unwrap_or(s).chars().take(15).collect::<String>();
    match exec_format(&head).ok_or(Errno::ENOEXEC)? {
        ExecFormat::Binary(name) => {
            let program = m.programs.get(&name).ok_or(Errno::ENOEXEC)?;
            Ok((program, argv.to_vec(), comm(argv.first().map_or(path, String::as_str))))
        }
        ExecFormat::Script { interpreter, arg } => {
            let mut new_argv = vec![interpreter.clone()];
            new_argv.extend(arg);
            new_argv.push(path.to_string());
            new_argv.extend(argv.iter().skip(1).cloned());
            let (program, argv, _) = load(m, pid, &interpreter, &new_argv).map_err(|e| if e == Errno::ENOEXEC { Errno::ENOEXEC } else { Errno::ENOENT })?;
            Ok((program, argv, comm(path)))
        }
    }
}

/// The search path when the environment has no `PATH` (glibc's default for root).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// `execvp(3)`: looks `args[0]` up on the process's `PATH` unless it contains a `/`, then
/// execs it. Returns the program's future for the caller to await.
pub fn find_and_exec(proc: &Proc, args: &[String]) -> Result<ProgramFuture, Errno> {
    let name = args.first().ok_or(Errno::ENOENT)?;
    let path = if name.contains('/') { name.clone() } else { proc.which(name).ok_or(Errno::ENOENT)? };
    proc.exec(&path, args.to_vec(), None)
}

impl Proc {
    /// The first executable regular file called `name` on `PATH`, like `which`.
    pub fn which(&self, name: &str) -> Option<String> {
        let path = self.getenv("PATH").unwrap_or_else(|| DEFAULT_PATH.to_string());
        path.split(':').filter(|d| !d.is_empty()).map(|d| format!("{}/{name}", d.trim_end_matches('/'))).find(|candidate| {
            self.stat(candidate).is_ok_and(|m| m.kind == FileKind::File && m.mode & 0o111 != 0)
        })
    }

    /// `fork(2)` with a Rust body: a child process that shares nothing but copies of this
    /// one's files, identity and namespaces, and runs `body` (a subshell, a pipeline stage).
    /// Returns the child's PID as this process sees it.
    pub fn fork<F, Fut>(&self, pgid: Option<u32>, body: F) -> Result<u32, Errno>
    where
        F: FnOnce(Proc) -> Fut + 'static,
        Fut: Future<Output = i32> + 'static,
    {
        self.start_child(None, pgid, None, move |p| Box::pin(body(p)))
    }

    /// `posix_spawn(3)`: starts `cmd` in a new child process.
    pub fn spawn(&self, cmd: Command) -> Result<u32, Errno> {
        let (program, argv, comm) = self.with(|m| load(m, self.pid, &cmd.path, &cmd.argv))?;
        let setup = Some((argv, cmd.env, comm));
        self.start_child(cmd.fds, cmd.pgid, setup, program)
    }

    fn start_child(
        &self,
        fds: Option<BTreeMap<i32, FileRef>>,
        pgid: Option<u32>,
        exec: Option<(Vec<String>, Option<Vec<String>>, String)>,
        body: impl FnOnce(Proc) -> ProgramFuture + 'static,
    ) -> Result<u32, Errno> {
        let machine = self.m.clone();
        let (pid, seen) = self.with(|m| -> Result<(Pid, u32), Errno> {
            crate::cgroup::charge_fork(m, self.pid)?;
            let mut t = m.child_template(self.pid)?;
            if let Some(fds) = fds {
                t.fds = fds;
            }
            if let Some((argv, env, comm)) = exec {
                t.argv = argv;
                if let Some(env) = env {
                    t.env = env;
                }
                t.comm = comm;
                t.dispositions.retain(|_, d| *d == Disposition::Ignore);
            }
            let new_group = pgid == Some(0);
            if let Some(g) = pgid.filter(|g| *g != 0) {
                t.pgid = self.host_of(m, g)?;
            }
            t.memory = crate::cgroup::BASE_PROCESS_MEMORY;
            let pid = m.insert_process(t)?;
            if new_group {
                m.proc_mut(pid)?.pgid = pid;
            }
            let level = m.pid_namespaces[m.proc(self.pid)?.ns.pid].level;
            let seen = m.proc(pid)?.pid_in(level).unwrap_or(0);
            Ok((pid, seen))
        })?;
        let child = Proc::new(machine.clone(), pid);
        let task = self.with(|m| {
            m.spawner.spawn(async move {
                let code = body(child).await;
                machine.borrow_mut().exit(pid, ExitStatus::Exited(code & 0xff));
            })
        });
        self.with(|m| m.proc_mut(pid).map(|p| p.task = Some(task)))?;
        Ok(seen)
    }

    /// `execve(2)`: replaces this process's program. On success returns the new program's
    /// future, which the caller awaits and returns (`return proc.exec(..)?.await`), so the
    /// process keeps its PID, files and namespaces.
    pub fn exec(&self, path: &str, argv: Vec<String>, env: Option<Vec<String>>) -> Result<ProgramFuture, Errno> {
        let (program, argv, comm) = self.with(|m| load(m, self.pid, path, &argv))?;
        self.me(|p| {
            p.argv = argv;
            if let Some(env) = env {
                p.env = env;
            }
            p.comm = comm;
            p.dispositions.retain(|_, d| *d == Disposition::Ignore);
        })?;
        Ok(program(self.clone()))
    }

    /// The host PID of the process this one calls `pid`.
    fn host_of(&self, m: &Machine, pid: u32) -> Result<Pid, Errno> {
        let ns = m.proc(self.pid)?.ns.pid;
        m.host_pid(ns, pid).ok_or(Errno::ESRCH)
    }

    /// `waitpid(pid)`: waits for a child to end and collects its status. `ECHILD` if `pid` is
    /// not a child; `EINTR` if a caught signal arrives.
    pub async fn wait(&self, pid: u32) -> Result<ExitStatus, Errno> {
        let child = self.with(|m| {
            let host = self.host_of(m, pid).map_err(|_| Errno::ECHILD)?;
            (m.proc(host)?.ppid == self.pid).then_some(host).ok_or(Errno::ECHILD)
        })?;
        self.block(|m, cx| {
            let c = m.proc_mut(child).map_err(|_| Errno::ECHILD)?;
            if let crate::process::ProcState::Zombie(status) = c.state {
                m.remove_process(child);
                return Poll::Ready(Ok(status));
            }
            c.exit_waiters.push(cx.waker().clone());
            Poll::Pending
        })
        .await
    }

    /// `wait(2)`: waits for any child; returns its PID and status.
    pub async fn wait_any(&self) -> Result<(u32, ExitStatus), Errno> {
        self.block(|m, cx| {
            let level = m.pid_namespaces[m.proc(self.pid)?.ns.pid].level;
            let children: Vec<&crate::process::Process> = m.procs.values().filter(|c| c.ppid == self.pid).collect();
            if children.is_empty() {
                return Poll::Ready(Err(Errno::ECHILD));
            }
            if let Some(z) = children.iter().find(|c| c.is_zombie()) {
                let (host, seen) = (z.pid, z.pid_in(level).unwrap_or(0));
                let crate::process::ProcState::Zombie(status) = z.state else { unreachable!() };
                m.remove_process(host);
                return Poll::Ready(Ok((seen, status)));
            }
            m.proc_mut(self.pid)?.child_waiters.push(cx.waker().clone());
            Poll::Pending
        })
        .await
    }

    /// `kill(2)`: `pid > 0` one process, `0` this process group, `< -1` the group `-pid`,
    /// `-1` every process this one may signal in its namespace.
    pub fn kill(&self, pid: i32, sig: Signal) -> Result<(), Errno> {
        self.with(|m| {
            let me = m.proc(self.pid)?;
            let (ns, pgid) = (me.ns.pid, me.pgid);
            let targets: Vec<Pid> = match pid {
                p if p > 0 => vec![self.host_of(m, p as u32)?],
                0 => m.procs.values().filter(|q| q.pgid == pgid).map(|q| q.pid).collect(),
                -1 => m.procs.values().filter(|q| q.pid != self.pid && m.in_pid_ns(q, ns) && q.own_pid() != 1).map(|q| q.pid).collect(),
                g => {
                    let leader = self.host_of(m, g.unsigned_abs())?;
                    m.procs.values().filter(|q| q.pgid == leader).map(|q| q.pid).collect()
                }
            };
            if targets.is_empty() {
                return Err(Errno::ESRCH);
            }
            let mut result = Ok(());
            for t in targets {
                if let Err(e) = m.signal(Some(self.pid), t, sig) {
                    result = Err(e);
                }
            }
            result
        })
    }

    /// Makes process group `pgid` (a PID this process sees) the terminal's foreground group,
    /// like `tcsetpgrp(3)`: it gets Ctrl-C.
    pub fn set_foreground(&self, pgid: u32) -> Result<(), Errno> {
        self.with(|m| {
            let host = self.host_of(m, pgid)?;
            m.tty.borrow_mut().foreground_pgrp = host;
            Ok(())
        })
    }

    /// This process's group leader, as this process sees it.
    pub fn pgid(&self) -> u32 {
        self.with(|m| {
            let Ok(p) = m.proc(self.pid) else { return 0 };
            let level = m.pid_namespaces[p.ns.pid].level;
            m.procs.get(&p.pgid).and_then(|g| g.pid_in(level)).unwrap_or(0)
        })
    }
}
