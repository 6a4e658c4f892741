//! Starting container processes (the parent side of [`super::init`]) and the table of the ones
//! this kernel started: their pidfds, standard streams and cgroups.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::task::{Context, Poll};

use wharf_engine::kernel::{ExitStatus, KernelError, Limits, NamespaceMode, Pid, ProcessSpec, Stream};

use super::cgroup::{Cgroup, Layout};
use super::caps;
use super::pty;
use super::init;
use super::init_spec::{CgroupEntry, InitMount, InitSpec, STATUS_FD};
use super::reactor::{self, Interest};

/// A process this kernel started and has not reaped yet.
pub struct Child {
    /// Closed once reaped.
    pidfd: Option<OwnedFd>,
    /// The queue of the thread writing stdin (see [`Child::write_stdin`]).
    stdin: Option<std::sync::mpsc::Sender<Vec<u8>>>,
    stdout: Option<File>,
    stderr: Option<File>,
    /// Its streams are a pty master (reads end with `EIO`, not 0).
    tty: bool,
    /// Its cgroup (removed once the process is reaped, if this kernel made it).
    pub cgroup: Option<Cgroup>,
    /// Set once reaped: later `poll_wait`s give the same answer.
    pub status: Option<ExitStatus>,
}

/// One standard stream of a container: the end it uses and ours of a pipe (close-on-exec),
/// or, when not `wanted`, `/dev/null` for it and nothing for us.
fn stdio_pipe(wanted: bool, container_reads: bool) -> Result<(OwnedFd, Option<File>), KernelError> {
    if !wanted {
        let null = File::options().read(true).write(true).open("/dev/null").map_err(|e| os("/dev/null", e))?;
        return Ok((OwnedFd::from(null), None));
    }
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills a live two-int array. (Not `std::io::pipe`: newer than the MSRV.)
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(os("pipe", io::Error::last_os_error()));
    }
    // SAFETY: both descriptors were just created and are owned here alone.
    let (r, w) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    Ok(if container_reads { (r, Some(File::from(w))) } else { (w, Some(File::from(r))) })
}

fn set_nonblocking(fd: RawFd) {
    // SAFETY: fcntl on a descriptor we own, integer arguments only.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK);
    }
}

fn os(what: &str, e: io::Error) -> KernelError {
    match e.raw_os_error() {
        Some(libc::ESRCH) | Some(libc::ENOENT) => KernelError::NotFound(what.to_string()),
        Some(libc::EPERM) | Some(libc::EACCES) => KernelError::PermissionDenied(what.to_string()),
        Some(libc::EAGAIN) | Some(libc::ENOMEM) => KernelError::WouldExceedLimit(what.to_string()),
        Some(libc::EBUSY) => KernelError::Busy(what.to_string()),
        _ => KernelError::Other(format!("{what}: {e}")),
    }
}

/// `pidfd_open(2)`.
fn pidfd_open(pid: Pid) -> io::Result<OwnedFd> {
    // SAFETY: integer arguments; a non-negative result is a new descriptor we own.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid as libc::pid_t, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: as above.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

/// The flags and join paths of `spec`'s namespaces.
fn namespaces(spec: &ProcessSpec) -> Result<(i32, Vec<(String, i32)>), KernelError> {
    let ns = &spec.namespaces;
    let mut unshare = 0;
    let mut join = Vec::new();
    let mnt = if spec.rootfs.is_some() && ns.mnt == NamespaceMode::Host { &NamespaceMode::New } else { &ns.mnt };
    for (mode, flag, name) in [
        (&ns.user, libc::CLONE_NEWUSER, "user"),
        (&ns.ipc, libc::CLONE_NEWIPC, "ipc"),
        (&ns.uts, libc::CLONE_NEWUTS, "uts"),
        (&ns.net, libc::CLONE_NEWNET, "net"),
        (&ns.pid, libc::CLONE_NEWPID, "pid"),
        (&ns.cgroup, libc::CLONE_NEWCGROUP, "cgroup"),
        (mnt, libc::CLONE_NEWNS, "mnt"),
    ] {
        match mode {
            NamespaceMode::Host => {}
            NamespaceMode::New if flag == libc::CLONE_NEWUSER => return Err(KernelError::Unsupported("a new user namespace")),
            NamespaceMode::New => unshare |= flag,
            NamespaceMode::Join(pid) => join.push((format!("/proc/{pid}/ns/{name}"), flag)),
        }
    }
    Ok((unshare, join))
}

/// Starts `spec` and returns the host PID and its entry: a `fork(2)` whose child becomes the
/// container's init (see [`init`]) without an `execve` of this binary, as crun and youki do;
/// runc re-executes itself only because a Go process cannot fork. `rootfs` is the host path of
/// the spec's root filesystem; a `host` process (the host shell) keeps every capability.
pub fn spawn(layout: Layout, spec: &ProcessSpec, rootfs: Option<PathBuf>, host: bool) -> Result<(Pid, Child, Option<Held>), KernelError> {
    if spec.args.is_empty() {
        return Err(KernelError::NotFound("empty command".into()));
    }
    let (unshare, join) = namespaces(spec)?;
    let capabilities = caps::numbers(&spec.capabilities).map_err(|c| KernelError::Other(format!("unknown capability {c:?}")))?;
    // Unprivileged containers (without CAP_SYS_ADMIN) get runc's device allow list.
    let restrict_devices = !host && !capabilities.contains(&caps::SYS_ADMIN);
    let mut init = InitSpec {
        cgroup: CgroupEntry::None,
        join,
        unshare,
        // Joining a container's mount namespace (`docker exec`) lands in its root already.
        rootfs: rootfs.filter(|_| !matches!(spec.namespaces.mnt, NamespaceMode::Join(_))).map(|p| p.to_string_lossy().into_owned()),
        readonly_rootfs: spec.readonly_rootfs,
        mounts: spec
            .mounts
            .iter()
            .map(|m| match m.clone() {
                wharf_engine::kernel::MountSpec::Bind { source, target, readonly } => InitMount::Bind { source, target, readonly },
                wharf_engine::kernel::MountSpec::Tmpfs { target, size, options } => InitMount::tmpfs(target, size, &options),
            })
            .collect(),
        hostname: spec.hostname.clone().filter(|_| unshare & libc::CLONE_NEWUTS != 0),
        args: spec.args.clone(),
        env: spec.env.clone(),
        cwd: spec.cwd.clone(),
        uid: spec.uid,
        gid: spec.gid,
        groups: spec.groups.clone(),
        capabilities: if host { None } else { Some(capabilities) },
        seccomp: spec.seccomp,
        tty: spec.tty,
    };
    // On v1 the cgroup is made while the init makes its namespaces, and the init moves itself
    // in (`CgroupEntry::Itself`); on v2 it is made once the container is forked. See below.
    let mut cgroup = if spec.cgroup.is_empty() { None } else { Some(Cgroup::new(layout, &spec.cgroup)?) };
    let entry = match (&cgroup, layout) {
        (None, _) => CgroupEntry::None,
        (Some(cg), Layout::V1) => CgroupEntry::Itself(cg.tasks_files()),
        (Some(_), Layout::V2) => CgroupEntry::ByParent,
    };
    let by_parent = matches!(entry, CgroupEntry::ByParent);
    init.cgroup = entry;
    let (status_r, status_w) = UnixStream::pair().map_err(|e| os("socketpair", e))?;
    // With a terminal, the container makes it and sends the master back (see `pty`): output
    // and input both go through it, and stderr is the terminal too.
    let (stdin_child, init_stdin) = stdio_pipe(!spec.tty && spec.stdin, true)?;
    let (stdout_child, stdout_parent) = stdio_pipe(!spec.tty, false)?;
    let (stderr_child, stderr_parent) = stdio_pipe(!spec.tty, false)?;
    let child_fds = [stdin_child.as_raw_fd(), stdout_child.as_raw_fd(), stderr_child.as_raw_fd(), status_w.as_raw_fd()];
    // SAFETY: glibc's fork runs its atfork handlers, so the child (this thread alone) may
    // allocate; it touches no lock another thread could hold, and never returns (`init::run`
    // ends in `execve` or `_exit`).
    let init_pid = unsafe { libc::fork() };
    if init_pid < 0 {
        return Err(os("fork", io::Error::last_os_error()));
    }
    if init_pid == 0 {
        // The child: stdin, stdout, stderr on 0-2 and the status socket on STATUS_FD, moved
        // above 9 first so no dup2 overwrites a descriptor still to be moved.
        // SAFETY: fcntl, dup2 and _exit on descriptors this process holds.
        unsafe {
            let mut high = [0; 4];
            for (h, fd) in high.iter_mut().zip(child_fds) {
                *h = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 10);
                if *h < 0 {
                    libc::_exit(126);
                }
            }
            for (h, target) in high.into_iter().zip([0, 1, 2, STATUS_FD]) {
                if libc::dup2(h, target) < 0 {
                    libc::_exit(126);
                }
            }
            init::run(&init, UnixStream::from_raw_fd(STATUS_FD))
        }
    }
    drop((status_w, stdin_child, stdout_child, stderr_child));
    let cleanup = |cg: &mut Option<Cgroup>| {
        if let Some(cg) = cg {
            let _ = cg.remove();
        }
    };
    if let (Some(cg), Layout::V1) = (cgroup.as_mut(), layout) {
        // Made, with its limits, before the init moves in (it waits for `G`): the device
        // rules must be whole before the container makes its `/dev` (a `mknod` between
        // `deny a` and the allow list fails). Limits are only for a cgroup made here, not one
        // a `docker exec` joins. The pids limit waits for the container to be forked (see
        // below): the init counts too.
        let made = cg.create(&Limits { pids_max: None, ..spec.limits.clone() }, restrict_devices);
        if let Err(e) = made.and_then(|()| (&status_r).write_all(b"G").map_err(|e| os("starting the container", e))) {
            let _ = status_r.shutdown(std::net::Shutdown::Both);
            // SAFETY: waitpid on our own child.
            unsafe { libc::waitpid(init_pid, &mut 0, 0) };
            cleanup(&mut cgroup);
            return Err(e);
        }
    }
    // The intermediate process reports the container's PID; while the container mounts its
    // root, this process sets the pids limit (before the container runs anything, as runc
    // does once its init exists: a `--pids-limit 1` still lets the init fork it). On v2 it
    // also makes the cgroup and moves the container in, then tells it (`C`) to take its
    // cgroup namespace, whose root is the cgroup it is in then. Both wait for the kernel's
    // cgroup lock: an RCU grace period when it is cold (8–16 ms here), which
    // `cgroup::warm_attach_lock` started earlier and the container's mounts now overlap.
    let mut report = (Vec::new(), Vec::new());
    pty::read_report_until(&status_r, b'P', &mut report);
    let pid = String::from_utf8_lossy(&report.0).lines().find_map(|l| l.strip_prefix('P')?.parse::<Pid>().ok());
    let mut joined = Ok(());
    if let (Some(pid), Some(cg)) = (pid, cgroup.as_mut()) {
        joined = if by_parent {
            cg.create(&spec.limits, restrict_devices).and_then(|()| cg.join(pid))
        } else if cg.made() {
            cg.limit(&Limits { pids_max: spec.limits.pids_max, ..Limits::default() }, false)
        } else {
            Ok(())
        };
    }
    let go_on = joined.is_ok() && (!by_parent || (&status_r).write_all(b"C").is_ok());
    // While the container sets itself up: reap the intermediate process (it exits once it
    // has reported) and take a handle on the container, off the path to its `execve`.
    let mut init_status = 0;
    // SAFETY: waitpid on our own child with a live status int.
    unsafe { libc::waitpid(init_pid, &mut init_status, 0) };
    let pidfd = pid.filter(|_| go_on).map(|p| pidfd_open(p).map_err(|e| os("pidfd_open", e)));
    if go_on {
        pty::read_report_until(&status_r, b'R', &mut report);
    } else {
        // The container, waiting for `C`, reads the end of the socket and exits.
        let _ = status_r.shutdown(std::net::Shutdown::Both);
    }
    let (report, mut fds) = (String::from_utf8_lossy(&report.0).into_owned(), report.1);
    let mut failure = None;
    let mut ready = false;
    for line in report.lines() {
        match line.split_at(1.min(line.len())) {
            ("E", e) => {
                let errno: i32 = e.parse().unwrap_or(libc::ENOENT);
                let what = format!("exec: {:?}", spec.args[0]);
                failure = Some(match errno {
                    libc::ENOENT | libc::ENOTDIR => KernelError::NotFound(format!("{what}: executable file not found in $PATH")),
                    libc::EACCES | libc::EPERM => KernelError::PermissionDenied(what),
                    _ => KernelError::Other(format!("{what}: {}", io::Error::from_raw_os_error(errno))),
                });
            }
            ("X", msg) => failure = Some(KernelError::Other(msg.to_string())),
            ("R", _) => ready = true,
            _ => {}
        }
    }
    if let Err(e) = joined {
        failure = Some(e);
    }
    if failure.is_none() && pid.is_some() && !ready {
        failure = Some(KernelError::Other("the container exited before it was ready".into()));
    }
    if failure.is_none() && pid.is_none() {
        // Nothing else holds its stderr now: say what it printed.
        let mut err = String::new();
        if let Some(mut e) = stderr_parent.as_ref() {
            let _ = e.read_to_string(&mut err);
        }
        failure = Some(KernelError::Other(format!("container init exited without reporting (wait status {init_status}): {}", err.trim())));
    }
    if let Some(e) = failure {
        if let Some(p) = pid {
            // The container child reported an exec failure and exited: reap it.
            // SAFETY: waitpid on our own child, with a live status int.
            unsafe { libc::waitpid(p as libc::pid_t, &mut 0, 0) };
        }
        cleanup(&mut cgroup);
        return Err(e);
    }
    let pid = pid.expect("checked above");
    // Let it `execve`. A container with a network namespace of its own waits until the caller
    // has connected it (the engine connects right after `spawn`, in the same turn of the
    // reactor), so its program never starts without its network, as with runc's
    // create-then-start.
    let held = Held(status_r);
    let held = if !host && matches!(spec.namespaces.net, NamespaceMode::New) {
        Some(held)
    } else {
        held.release();
        None
    };
    let pidfd = pidfd.expect("opened for a container that went on")?;
    let take = |fd: Option<OwnedFd>| {
        fd.map(|fd| {
            set_nonblocking(fd.as_raw_fd());
            File::from(fd)
        })
    };
    let master = if spec.tty {
        match fds.pop() {
            Some(m) => Some(File::from(m)),
            None => return Err(KernelError::Other("the container sent no terminal".into())),
        }
    } else {
        None
    };
    let (stdin, stdout, stderr) = match master {
        Some(m) => {
            let input = if spec.stdin { Some(m.try_clone().map_err(|e| os("dup", e))?) } else { None };
            (input, take(Some(OwnedFd::from(m))), None)
        }
        None => (
            init_stdin,
            take(stdout_parent.map(OwnedFd::from)),
            take(stderr_parent.map(OwnedFd::from)),
        ),
    };
    let stdin = stdin.map(stdin_writer);
    let child = Child { pidfd: Some(pidfd), stdin, stdout, stderr, tty: spec.tty, cgroup, status: None };
    Ok((pid, child, held))
}

/// A container process waiting, after its `R` report, for the byte that lets it `execve`.
pub struct Held(UnixStream);

impl Held {
    /// Lets it go and waits for its `execve` (the status socket is close-on-exec, so its end
    /// comes then), so that on return it runs its program, as when spawn waited for it. A
    /// late failure (rare: [`init`](super::init) checked the program) ends it with 127.
    pub fn release(self) {
        let mut s = &self.0;
        if s.write_all(&[1]).is_ok() {
            let mut rest = Vec::new();
            let _ = s.read_to_end(&mut rest);
        }
    }
}

impl Child {
    /// `waitid(P_PIDFD, WEXITED | WNOHANG)`; registers the pidfd while still running.
    pub fn poll_wait(&mut self, pid: Pid, cx: &mut Context<'_>) -> Poll<Result<ExitStatus, KernelError>> {
        if let Some(s) = self.status {
            return Poll::Ready(Ok(s));
        }
        let Some(pidfd) = self.pidfd.as_ref().map(|p| p.as_raw_fd()) else {
            return Poll::Ready(Err(KernelError::NotFound(format!("process {pid}"))));
        };
        // SAFETY: a zeroed siginfo_t is a valid out-parameter for waitid.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: waitid on our own pidfd with a live siginfo_t.
        let r = unsafe { libc::waitid(libc::P_PIDFD, pidfd as libc::id_t, &mut info, libc::WEXITED | libc::WNOHANG) };
        if r != 0 {
            return Poll::Ready(Err(os(&format!("waitid {pid}"), io::Error::last_os_error())));
        }
        // SAFETY: waitid filled `info` (si_pid is 0 if the child has not exited yet).
        let (child_pid, code, status) = unsafe { (info.si_pid(), info.si_code, info.si_status()) };
        if child_pid == 0 {
            reactor::register_fd(pidfd, Interest::Read, cx.waker());
            return Poll::Pending;
        }
        let s = if code == libc::CLD_EXITED { ExitStatus::Exited(status) } else { ExitStatus::Signaled(status) };
        self.status = Some(s);
        self.pidfd = None;
        if let Some(cg) = &mut self.cgroup {
            let _ = cg.remove();
        }
        Poll::Ready(Ok(s))
    }

    /// A non-blocking `read(2)` of stdout or stderr; 0 at end of stream.
    pub fn poll_read(&mut self, stream: Stream, buf: &mut [u8], cx: &mut Context<'_>) -> Poll<Result<usize, KernelError>> {
        let file = match stream {
            Stream::Stdout => &mut self.stdout,
            Stream::Stderr => &mut self.stderr,
        };
        let Some(f) = file else { return Poll::Ready(Ok(0)) };
        match f.read(buf) {
            Ok(0) => {
                *file = None;
                Poll::Ready(Ok(0))
            }
            Ok(n) => Poll::Ready(Ok(n)),
            Err(e) if self.tty && e.raw_os_error() == Some(libc::EIO) => {
                *file = None;
                Poll::Ready(Ok(0))
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                reactor::register_fd(f.as_raw_fd(), Interest::Read, cx.waker());
                Poll::Pending
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Err(e) => Poll::Ready(Err(os("read", e))),
        }
    }

    /// Queues `data` for stdin; empty closes it once what was queued is written. A thread per
    /// process writes, so a container that does not read never blocks the caller.
    pub fn write_stdin(&mut self, data: &[u8]) -> Result<(), KernelError> {
        if data.is_empty() {
            self.stdin = None;
            return Ok(());
        }
        match &self.stdin {
            Some(queue) => queue.send(data.to_vec()).map_err(|_| KernelError::Other("write stdin: broken pipe".into())),
            None => Err(KernelError::Other("stdin is closed".into())),
        }
    }

    /// The pidfd while not reaped, to signal through (`pidfd_send_signal` cannot hit a
    /// recycled PID).
    pub fn pidfd(&self) -> Option<RawFd> {
        self.pidfd.as_ref().map(|p| p.as_raw_fd())
    }
}

/// Starts the thread that writes what [`Child::write_stdin`] queues to `file`, in order, and
/// closes it when the queue is dropped (or the reader has gone).
fn stdin_writer(file: File) -> std::sync::mpsc::Sender<Vec<u8>> {
    let (queue, chunks) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        for chunk in chunks {
            let mut rest = &chunk[..];
            while !rest.is_empty() {
                match (&file).write(rest) {
                    Ok(n) => rest = &rest[n..],
                    // A pty master shares its (non-blocking) file with the output side.
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                        let mut p = libc::pollfd { fd: file.as_raw_fd(), events: libc::POLLOUT, revents: 0 };
                        // SAFETY: one live pollfd.
                        unsafe { libc::poll(&mut p, 1, -1) };
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => return,
                }
            }
        }
    });
    queue
}

/// The processes of one kernel, by host PID.
pub type Table = HashMap<Pid, Child>;

