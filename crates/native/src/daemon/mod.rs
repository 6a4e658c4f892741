//! `wharf daemon`: dockerd for real. One [`Daemon`] over [`NativeKernel`], its supervisor, and
//! the Docker Engine API (v1.41) over a unix socket, so the real docker CLI drives it.
//!
//! Everything runs on one thread, in the kernel's reactor ([`block_on_with`]): the supervisor
//! is the background future, the server the main one. The server polls its listener, a
//! `signalfd(2)` for SIGINT/SIGTERM, and one task per connection; the daemon is borrowed only
//! for the length of one poll (see `engine::daemon`). HTTP is hand-rolled ([`http`]): why
//! there, not hyper.
//!
//! Modules: [`conn`] (non-blocking socket I/O), [`http`], `routes` (the API's table),
//! `create` (`container.Config` + `HostConfig` onto the engine's `CreateRequest`), `streams`
//! (attach, logs, exec start, wait), `system` (ping, version, info), `resources` (volumes,
//! networks, `docker cp`, export), `images` (build, commit, import; pull and push fail as
//! offline), [`persist`] (the state
//! on disk, loaded at start and written after every turn).

pub mod conn;
mod create;
pub mod http;
mod images;
pub mod persist;
mod resources;
mod routes;
mod streams;
mod system;

use std::future::{poll_fn, Future};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::Poll;

use anyhow::Context as _;
use wharf_engine::daemon::{Daemon, DaemonRef};

use crate::kernel::reactor::{register_fd, Interest};
use crate::kernel::{block_on_with, NativeKernel};

/// `--root`, for `docker info`.
static ROOT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The Engine API version served (dockerd 20.10's).
pub const API_VERSION: &str = "1.41";

/// `unix:///run/wharf.sock` → `/run/wharf.sock`; other schemes are refused.
pub fn socket_path(host: &str) -> anyhow::Result<PathBuf> {
    match host.strip_prefix("unix://") {
        Some(p) if !p.is_empty() => Ok(PathBuf::from(p)),
        _ => anyhow::bail!("unsupported host {host:?}: wharf listens on unix:///PATH only"),
    }
}

/// Blocks SIGINT and SIGTERM and returns a `signalfd(2)` that becomes readable on either.
/// (Containers start with an empty signal mask, so they do not inherit the block.)
fn stop_signals() -> anyhow::Result<OwnedFd> {
    // SAFETY: sigset manipulation on a local, then sigprocmask/signalfd with valid pointers.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        let fd = libc::signalfd(-1, &set, libc::SFD_NONBLOCK | libc::SFD_CLOEXEC);
        if fd < 0 {
            return Err(std::io::Error::last_os_error()).context("signalfd");
        }
        Ok(OwnedFd::from_raw_fd(fd))
    }
}

/// Runs the daemon until SIGINT or SIGTERM; then every running container is stopped as
/// `docker stop` does ([`stop_containers`]), its state saved, every mount and cgroup removed
/// (the kernel's `Drop`) and the socket unlinked.
pub fn run(root: &Path, host: &str) -> anyhow::Result<()> {
    let path = socket_path(host)?;
    std::fs::create_dir_all(root)?;
    let lock = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(root.join("lock"))?;
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive)
        .map_err(|_| anyhow::anyhow!("{} is in use by another wharf", root.display()))?;
    let _ = ROOT.set(root.display().to_string());
    let mut kernel = NativeKernel::open(root).map_err(|e| anyhow::anyhow!("{e}"))?;
    kernel.unpack_stored_images().map_err(|e| anyhow::anyhow!("{e}"))?;
    let daemon = Daemon::shared(Box::new(kernel));
    let mut persister = persist::Persister::new(root);
    persister.restore(&mut daemon.borrow_mut())?;
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_socket()) {
        std::fs::remove_file(&path).with_context(|| format!("remove stale {}", path.display()))?;
    }
    let listener = UnixListener::bind(&path).with_context(|| format!("listen on {}", path.display()))?;
    listener.set_nonblocking(true)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o660))?;
    let stop = stop_signals()?;
    eprintln!("wharf daemon: API listen on {}", path.display());
    let supervisor = daemon.clone();
    let serve_then_stop = async {
        serve(listener, daemon.clone(), &stop).await;
        eprintln!("wharf daemon: stopping");
        stop_containers(&daemon, &stop).await;
    };
    block_on_with(poll_fn(move |cx| supervisor.borrow_mut().poll_supervise(cx)), persist::syncing(serve_then_stop, &daemon, &mut persister));
    let _ = std::fs::remove_file(&path);
    drop(daemon);
    drop(lock);
    Ok(())
}

/// dockerd's shutdown: each running container gets its stop signal and, after its stop
/// timeout, SIGKILL (all at once, so the longest timeout bounds the wait). They keep their exit
/// codes, and their restart policies bring them back with the next daemon. Another stop
/// signal meanwhile ends the wait: the rest are killed with the kernel.
async fn stop_containers(daemon: &DaemonRef, stop: &OwnedFd) {
    let stopped = daemon.borrow_mut().shutdown_stop_all();
    poll_fn(|cx| {
        if signalled(stop) {
            eprintln!("wharf daemon: stop signal again: killing the containers still running");
            return Poll::Ready(());
        }
        register_fd(stop.as_raw_fd(), Interest::Read, cx.waker());
        let mut d = daemon.borrow_mut();
        let running: Vec<String> = d.containers().filter(|c| c.state.is_running()).map(|c| c.id.clone()).collect();
        if running.is_empty() {
            return Poll::Ready(());
        }
        running.iter().for_each(|id| d.watch(id, cx.waker()));
        Poll::Pending
    })
    .await;
    daemon.borrow_mut().shutdown_finish(&stopped);
}

/// Whether a stop signal arrived on the `signalfd` `stop` (consuming it).
fn signalled(stop: &OwnedFd) -> bool {
    let mut info = [0u8; 128];
    // SAFETY: reads at most 128 bytes (one signalfd_siginfo) into a live buffer.
    unsafe { libc::read(stop.as_raw_fd(), info.as_mut_ptr().cast(), info.len()) > 0 }
}

type Task = Pin<Box<dyn Future<Output = ()>>>;

/// Accepts connections and polls each one's task until a stop signal arrives.
async fn serve(listener: UnixListener, daemon: DaemonRef, stop: &OwnedFd) {
    let mut tasks: Vec<Task> = Vec::new();
    poll_fn(|cx| {
        if signalled(stop) {
            return Poll::Ready(());
        }
        register_fd(stop.as_raw_fd(), Interest::Read, cx.waker());
        loop {
            match listener.accept() {
                Ok((stream, _)) => tasks.push(Box::pin(connection(stream, daemon.clone()))),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    register_fd(listener.as_raw_fd(), Interest::Read, cx.waker());
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    eprintln!("wharf daemon: accept: {e}");
                    break;
                }
            }
        }
        tasks.retain_mut(|t| t.as_mut().poll(cx).is_pending());
        Poll::Pending
    })
    .await
}

/// Serves requests on one connection until it closes, is hijacked or streams.
async fn connection(stream: std::os::unix::net::UnixStream, daemon: DaemonRef) {
    let Ok(mut conn) = conn::Conn::new(stream) else { return };
    loop {
        let req = match http::read_request(&mut conn).await {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(e) => {
                let _ = http::write_full(&mut conn, 400, "application/json", &[], format!("{{\"message\":\"{e}\"}}\n").as_bytes(), false).await;
                return;
            }
        };
        let keep = req.keep_alive();
        let head = req.method == "HEAD";
        match routes::handle(&daemon, req, &mut conn).await {
            http::Response::Full { status, content_type, headers, body } => {
                let body = if head { Vec::new() } else { body };
                if http::write_full(&mut conn, status, content_type, &headers, &body, keep).await.is_err() || !keep {
                    return;
                }
            }
            http::Response::Done => {
                conn.shutdown_write();
                return;
            }
        }
    }
}

/// Go's name for this machine's CPU architecture (`GOARCH`).
pub fn go_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    }
}
