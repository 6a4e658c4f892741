//! `wharf docker ARGS...`: the docker CLI in-process, against a one-shot daemon over
//! [`NativeKernel`] on `--root` (no `wharf daemon` needed): `wharf docker run --rm busybox
//! echo hi`. The daemon's state is loaded from and saved to `--root` as `wharf daemon` does
//! (so `wharf docker ps -a` lists what an earlier `wharf docker run` left), but containers
//! still running when the command ends are killed with it (the kernel's `Drop`) and come back
//! exited (255); for long-lived containers start `wharf daemon` and use the real docker CLI.
//! Ctrl-C first stops the running containers as dockerd's shutdown does, then ends the
//! command (see [`run`]).

use std::future::{poll_fn, Future};
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::task::Poll;

use wharf::daemon::persist::{syncing, Persister};
use wharf::dirfs::DirFs;
use wharf::kernel::reactor::{register_fd, Interest};
use wharf::kernel::{block_on_with, NativeKernel};
use wharf::store::RootLock;
use wharf_engine::client::{ClientIo, LocalFuture};
use wharf_engine::daemon::Daemon;
use wharf_engine::fs::mem::MemFs;
use wharf_engine::kernel::Stream;

/// Flags of `wharf docker`.
#[derive(clap::Args)]
pub struct Args {
    /// The docker command line (`run --rm busybox echo hi`)
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
    pub argv: Vec<String>,
}

/// The process's own stdio and files.
#[derive(Default)]
struct StdIo {
    /// Set once the command handles Ctrl-C itself (Compose's attached `up`).
    handles_interrupts: std::cell::Cell<bool>,
}

impl ClientIo for StdIo {
    fn write<'a>(&'a self, stream: Stream, data: &'a [u8]) -> LocalFuture<'a, ()> {
        Box::pin(async move {
            // Blocking writes: this process is the client; a full pipe stalls only it.
            let _ = match stream {
                Stream::Stdout => std::io::stdout().lock().write_all(data).and_then(|()| std::io::stdout().flush()),
                Stream::Stderr => std::io::stderr().lock().write_all(data),
            };
        })
    }

    fn read_stdin<'a>(&'a self, buf: &'a mut [u8]) -> LocalFuture<'a, usize> {
        Box::pin(async move {
            // Wait in the reactor until stdin is readable, so containers run meanwhile.
            poll_fn(|cx| {
                let mut p = libc::pollfd { fd: 0, events: libc::POLLIN, revents: 0 };
                // SAFETY: one live pollfd, zero timeout.
                if unsafe { libc::poll(&mut p, 1, 0) } > 0 {
                    return Poll::Ready(());
                }
                register_fd(0, Interest::Read, cx.waker());
                Poll::Pending
            })
            .await;
            std::io::stdin().lock().read(buf).unwrap_or(0)
        })
    }

    fn stdin_is_tty(&self) -> bool {
        std::io::stdin().is_terminal()
    }

    fn stdout_is_tty(&self) -> bool {
        std::io::stdout().is_terminal()
    }

    fn cwd(&self) -> String {
        std::env::current_dir().map(|d| d.to_string_lossy().into_owned()).unwrap_or_else(|_| "/".into())
    }

    fn getenv(&self, key: &str) -> Option<String> {
        std::env::var(key).ok()
    }

    fn catch_interrupts(&self) {
        self.handles_interrupts.set(true);
        wharf::interrupts::catch();
    }

    fn poll_interrupt(&self, cx: &mut std::task::Context<'_>) -> Poll<()> {
        wharf::interrupts::poll(cx)
    }

    fn read_file<'a>(&'a self, path: &'a str) -> LocalFuture<'a, Result<Vec<u8>, String>> {
        Box::pin(async move { std::fs::read(path).map_err(|e| format!("open {path}: {}", super::load::go_error(&e))) })
    }

    fn write_file<'a>(&'a self, path: &'a str, data: &'a [u8]) -> LocalFuture<'a, Result<(), String>> {
        Box::pin(async move { std::fs::write(path, data).map_err(|e| format!("open {path}: {}", super::load::go_error(&e))) })
    }

    fn read_tree<'a>(&'a self, dir: &'a str) -> LocalFuture<'a, Result<MemFs, String>> {
        // The directory goes through a tar, as the docker CLI sends a context, then into memory.
        Box::pin(async move {
            use wharf_engine::image::layer::{self, ApplyMode, ApplyOptions};
            let tree = DirFs::open(Path::new(dir)).map_err(|_| format!("unable to prepare context: path \"{dir}\" not found"))?;
            let mut tar = Vec::new();
            layer::create_from_tree(&tree, &mut tar).map_err(|e| format!("unable to prepare context: {e}"))?;
            let mut mem = MemFs::new();
            layer::apply(&mut &tar[..], &mut mem, &ApplyOptions::new(ApplyMode::Flatten)).map_err(|e| format!("unable to prepare context: {e}"))?;
            Ok(mem)
        })
    }

    fn host_path_is_dir<'a>(&'a self, path: &'a str) -> LocalFuture<'a, Result<Option<bool>, String>> {
        Box::pin(async move { Ok(std::fs::symlink_metadata(path).ok().map(|m| m.is_dir())) })
    }

    fn tar_from_host<'a>(&'a self, path: &'a str, name: &'a str) -> LocalFuture<'a, Result<Vec<u8>, String>> {
        Box::pin(async move {
            let p = Path::new(path);
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let base = p.file_name().map(|b| b.to_string_lossy().into_owned()).unwrap_or_default();
            let tree = DirFs::open(parent).map_err(|e| format!("lstat {path}: {e}"))?;
            wharf_engine::container::archive::pack(&tree, &base, name).map_err(|e| e.to_string())
        })
    }

    fn untar_to_host<'a>(&'a self, dir: &'a str, tar: &'a [u8]) -> LocalFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let mut tree = DirFs::open(Path::new(dir)).map_err(|e| format!("lstat {dir}: {e}"))?;
            wharf_engine::container::archive::unpack(tar, &mut tree, "").map(|_| ()).map_err(|e| e.to_string())
        })
    }
}

/// Runs the command; its exit code.
pub fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let _lock = RootLock::exclusive(root)?;
    let mut kernel = NativeKernel::open(root).map_err(|e| anyhow::anyhow!("{e}"))?;
    kernel.unpack_stored_images().map_err(|e| anyhow::anyhow!("{e}"))?;
    let daemon = Daemon::shared(Box::new(kernel));
    let mut persister = Persister::new(root);
    persister.restore(&mut daemon.borrow_mut())?;
    let supervisor = daemon.clone();
    let io = StdIo::default();
    // Ctrl-C (or SIGTERM) does not kill the process, which would leave its containers running
    // and mounted: the first stops the running containers as dockerd's shutdown does (stop
    // signal, then SIGKILL after the timeout) and lets the command see them end; with nothing
    // to stop, or at the second, the command ends (130) and the kernel's end kills the rest.
    // A command that handles interrupts itself gets them instead: Compose's `up`, and an
    // attached `run`, `start -a` or `attach` without a TTY, which send them on to the container.
    wharf::interrupts::catch();
    let mut client = std::pin::pin!(wharf_engine::client::main(&args.argv, &io, Some(daemon.clone())));
    let mut stopped: Option<Vec<String>> = None;
    let interruptible = poll_fn(|cx| {
        let mut code = match client.as_mut().poll(cx) {
            Poll::Ready(code) => Some(code),
            Poll::Pending => None,
        };
        if code.is_none() && !io.handles_interrupts.get() && wharf::interrupts::poll(cx).is_ready() {
            match &stopped {
                None => {
                    let stopping = daemon.borrow_mut().shutdown_stop_all();
                    code = stopping.is_empty().then_some(130);
                    stopped = Some(stopping);
                    cx.waker().wake_by_ref();
                }
                Some(_) => code = Some(130),
            }
        }
        let Some(code) = code else { return Poll::Pending };
        if let Some(stopped) = &stopped {
            daemon.borrow_mut().shutdown_finish(stopped);
        }
        Poll::Ready(code)
    });
    let code = block_on_with(poll_fn(move |cx| supervisor.borrow_mut().poll_supervise(cx)), syncing(interruptible, &daemon, &mut persister));
    Ok(u8::try_from(code).unwrap_or(1))
}
