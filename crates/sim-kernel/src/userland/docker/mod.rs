//! `docker` and `dockerd` on the simulated host.
//!
//! `dockerd` is the daemon's supervisor task made visible as a process (as on a real host,
//! `ps` shows it and killing it takes Docker down); `docker` is the engine's CLI
//! ([`wharf_engine::client`]) with the process's standard streams as its terminal. Both
//! reach the one [`wharf_engine::daemon::Daemon`] of the machine (`Machine::docker`), the way
//! the real pair meet at `/var/run/docker.sock`.

use std::cell::Cell;
use std::future::poll_fn;
use std::task::{Context, Poll};

mod hostfs;
mod init;

use wharf_engine::client::{self, ClientIo, LocalFuture};
use wharf_engine::daemon::{Daemon, DaemonRef, HostFacts};
use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FileKind, FsWrite};
use wharf_engine::registry::Registries;
use wharf_engine::kernel::Stream;

use crate::errno::Errno;
use crate::signal::{Disposition, SIGINT, SIGTERM};
use crate::kernel::SimKernel;
use crate::machine::MachineRef;
use crate::program::{ProgramFuture, Programs};
use crate::sys::{OpenFlags, Proc};

/// Registers `docker`, `dockerd` and `docker-init`.
pub fn register(p: &mut Programs) {
    p.register("docker", docker);
    p.register("dockerd", dockerd);
    p.register("docker-init", init::docker_init);
    p.register("docker-compose", docker_compose);
}

/// Gives `machine` its Docker daemon, reaching the simulated Docker Hub (not yet running:
/// start `dockerd`).
pub fn install_daemon(machine: &MachineRef) -> DaemonRef {
    let daemon = Daemon::shared(Box::new(SimKernel::new(machine.clone())));
    daemon.borrow_mut().registries = Registries::with_hub(crate::images::docker_hub());
    daemon.borrow_mut().host = HostFacts { name: super::host::HOSTNAME.to_string(), kernel_version: super::coreutils::sysinfo::RELEASE.to_string(), address: Some(crate::net::HOST_ADDR), ..HostFacts::default() };
    machine.borrow_mut().docker = Some(daemon.clone());
    daemon
}

/// The daemon, if `dockerd` runs.
fn running_daemon(proc: &Proc) -> Option<DaemonRef> {
    let m = proc.machine().borrow();
    let pid = m.docker_pid?;
    let alive = m.procs.get(&pid).is_some_and(|p| !p.is_zombie());
    alive.then(|| m.docker.clone()).flatten()
}

/// `dockerd`: runs the machine's daemon supervisor until killed.
pub fn dockerd(proc: Proc) -> ProgramFuture {
    Box::pin(async move {
        let Some(daemon) = proc.machine().borrow().docker.clone() else {
            proc.eprint("dockerd: no engine on this machine\n").await;
            return 1;
        };
        let pid = proc.host_pid();
        proc.machine().borrow_mut().docker_pid = Some(pid);
        // dockerd makes its predefined networks, and so docker0, as it starts.
        daemon.borrow_mut().networks_init();
        poll_fn(|cx| {
            let polled = daemon.borrow_mut().poll_supervise(cx);
            // Waiting for its containers, dockerd sleeps (`S` in `ps`), as the real one does.
            if let Ok(p) = proc.machine().borrow_mut().proc_mut(pid) {
                p.blocked = Some(cx.waker().clone());
            }
            polled
        })
        .await;
        0
    })
}

/// The CLI's view of a simulated process, with the interrupts it caught and has not yet
/// reported.
struct ProcIo<'p>(&'p Proc, Cell<u32>);

impl<'p> ProcIo<'p> {
    fn new(proc: &'p Proc) -> Self {
        ProcIo(proc, Cell::new(0))
    }

    /// Moves caught SIGINT/SIGTERM into the count. Taken at once, they cannot cut short a
    /// later write with `EINTR`.
    fn collect_signals(&self) {
        let caught = self.0.take_signals().into_iter().filter(|s| matches!(*s, SIGINT | SIGTERM)).count() as u32;
        self.1.set(self.1.get() + caught);
    }
}

impl ClientIo for ProcIo<'_> {
    fn write<'a>(&'a self, stream: Stream, data: &'a [u8]) -> LocalFuture<'a, ()> {
        let fd = if stream == Stream::Stdout { 1 } else { 2 };
        Box::pin(async move {
            let mut rest = data;
            while !rest.is_empty() {
                match self.0.write(fd, rest).await {
                    Ok(n) => rest = &rest[n..],
                    // A caught signal interrupted the write: note it, and go on (SA_RESTART).
                    Err(Errno::EINTR) => self.collect_signals(),
                    Err(_) => break,
                }
            }
        })
    }

    fn catch_interrupts(&self) {
        for sig in [SIGINT, SIGTERM] {
            let _ = self.0.set_disposition(sig, Disposition::Catch);
        }
    }

    fn poll_interrupt(&self, cx: &mut Context<'_>) -> Poll<()> {
        self.collect_signals();
        if self.1.get() > 0 {
            self.1.set(self.1.get() - 1);
            return Poll::Ready(());
        }
        // A caught signal wakes the process's blocked waker.
        let pid = self.0.host_pid();
        if let Ok(p) = self.0.machine().borrow_mut().proc_mut(pid) {
            p.blocked = Some(cx.waker().clone());
        }
        Poll::Pending
    }

    fn read_stdin<'a>(&'a self, buf: &'a mut [u8]) -> LocalFuture<'a, usize> {
        Box::pin(async move { self.0.read(0, buf).await.unwrap_or(0) })
    }

    fn stdin_is_tty(&self) -> bool {
        self.0.isatty(0)
    }

    fn stdout_is_tty(&self) -> bool {
        self.0.isatty(1)
    }

    fn read_tree<'a>(&'a self, dir: &'a str) -> LocalFuture<'a, Result<MemFs, String>> {
        Box::pin(async move {
            let missing = || format!("unable to prepare context: path \"{dir}\" not found");
            match self.0.stat(dir) {
                Ok(md) if md.kind == FileKind::Dir => {}
                Ok(_) => return Err(format!("unable to prepare context: context must be a directory: {dir}")),
                Err(_) => return Err(missing()),
            }
            let mut tree = MemFs::new();
            copy_tree(self.0, dir, &mut tree, "").await.map_err(|e| format!("unable to prepare context: {e}"))?;
            Ok(tree)
        })
    }

    fn write_file<'a>(&'a self, path: &'a str, data: &'a [u8]) -> LocalFuture<'a, Result<(), String>> {
        Box::pin(async move { self.0.write_file(path, data).await.map_err(|e| e.to_string()) })
    }

    fn read_file<'a>(&'a self, path: &'a str) -> LocalFuture<'a, Result<Vec<u8>, String>> {
        Box::pin(async move {
            let fd = self.0.open(path, OpenFlags::READ, 0).map_err(|e| e.to_string())?;
            let data = self.0.read_to_end(fd).await.map_err(|e| e.to_string());
            let _ = self.0.close(fd);
            data
        })
    }

    fn host_path_is_dir<'a>(&'a self, path: &'a str) -> LocalFuture<'a, Result<Option<bool>, String>> {
        Box::pin(async move { hostfs::is_dir(self.0, path) })
    }

    fn tar_from_host<'a>(&'a self, path: &'a str, name: &'a str) -> LocalFuture<'a, Result<Vec<u8>, String>> {
        Box::pin(async move { hostfs::pack(self.0, path, name) })
    }

    fn untar_to_host<'a>(&'a self, dir: &'a str, tar: &'a [u8]) -> LocalFuture<'a, Result<(), String>> {
        Box::pin(async move { hostfs::unpack(self.0, dir, tar) })
    }

    fn cwd(&self) -> String {
        self.0.cwd()
    }

    fn getenv(&self, key: &str) -> Option<String> {
        self.0.getenv(key)
    }
}

/// Copies the host directory `dir` (as `proc` sees it) into `tree` at `at`.
async fn copy_tree(proc: &Proc, dir: &str, tree: &mut MemFs, at: &str) -> Result<(), Errno> {
    for entry in proc.read_dir(dir)? {
        let src = format!("{}/{}", dir.trim_end_matches('/'), entry.name);
        let dst = if at.is_empty() { entry.name.clone() } else { format!("{at}/{}", entry.name) };
        let md = proc.lstat(&src)?;
        let attrs = Attrs { mode: md.mode & 0o7777, uid: md.uid, gid: md.gid, mtime: md.mtime };
        match md.kind {
            FileKind::Dir => {
                tree.mkdir(&dst, &attrs).map_err(Errno::from)?;
                Box::pin(copy_tree(proc, &src, tree, &dst)).await?;
            }
            FileKind::Symlink => tree.symlink(&dst, &proc.readlink(&src)?, &attrs).map_err(Errno::from)?,
            FileKind::File => {
                let data = proc.read_file(&src).await?;
                tree.write_file(&dst, &attrs, &mut &data[..]).map_err(Errno::from)?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn docker(proc: Proc) -> ProgramFuture {
    Box::pin(async move {
        let argv: Vec<String> = proc.argv().into_iter().skip(1).collect();
        let daemon = running_daemon(&proc);
        client::main(&argv, &ProcIo::new(&proc), daemon).await
    })
}

/// `docker-compose`, the v1 spelling: the same Compose as `docker compose`.
fn docker_compose(proc: Proc) -> ProgramFuture {
    Box::pin(async move {
        let argv: Vec<String> = std::iter::once("compose".to_string()).chain(proc.argv().into_iter().skip(1)).collect();
        let daemon = running_daemon(&proc);
        client::main(&argv, &ProcIo::new(&proc), daemon).await
    })
}

#[cfg(test)]
mod tests;
