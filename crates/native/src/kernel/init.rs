//! The container's init, like `runc init`: the child [`super::process::spawn`] forks runs
//! [`run`], with the container's standard streams on 0-2 and the status socket on
//! [`STATUS_FD`] (no `execve` of this binary: nothing of wharf's is exposed to the container
//! through `/proc/self/exe`, and a start costs one image load fewer).
//!
//! It makes new namespaces (but the cgroup one), enters its cgroup (on v1; see
//! [`CgroupEntry`]), joins existing namespaces (`docker exec`), then forks with
//! `CLONE_PARENT` (so the child is the *parent's* child, and PID 1 of a new PID namespace),
//! reports the child's PID and exits. The child brings its loopback up, mounts its root
//! (on v2 while the parent moves it into its cgroup, and waits for the parent's `C`), takes
//! its cgroup namespace and mounts `/sys/fs/cgroup`, then sets up the
//! other mounts, `pivot_root`, hostname, seccomp, user and capabilities, checks that its
//! program can be executed (else reports the
//! errno, so the parent can tell "not found" (127) from "not executable" (126) before
//! anything ran), reports `R`eady and waits for one byte from the parent before `execve`: the
//! parent sends it once the container's network is set up (see `process`).
//!
//! Both processes are forks of a possibly multi-threaded parent: they leave by `_exit` (no
//! exit handlers, no destructors of the parent's thread-locals) and print nothing.

use std::ffi::CString;
use std::fs;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::fs::symlink;
use std::os::unix::net::UnixStream;
use std::path::Path;

use super::caps;
use super::init_spec::{CgroupEntry, InitMount, InitSpec, STATUS_FD};
use super::seccomp;

/// Becomes the container; never returns. Call only in a freshly forked child whose
/// descriptors 0-2 and [`STATUS_FD`] are set (see the module docs).
pub fn run(spec: &InitSpec, mut status: UnixStream) -> ! {
    // SAFETY: fcntl and close_range with integer arguments: the status socket must not reach
    // the container's program, and every other descriptor of the parent is closed now, not at
    // `execve`: the container may wait a while for its network before that, and must not hold
    // another process's pipe open meanwhile.
    unsafe {
        libc::fcntl(STATUS_FD, libc::F_SETFD, libc::FD_CLOEXEC);
        libc::syscall(libc::SYS_close_range, STATUS_FD as libc::c_uint + 1, libc::c_uint::MAX, 0 as libc::c_uint);
    }
    // New namespaces at once, while the parent makes the cgroup; namespaces to join only once
    // in the cgroup: `setns` into a container's mount namespace (`docker exec`) hides the
    // host's cgroup mounts.
    let fresh = spec.join.is_empty();
    if fresh {
        namespaces_or_fail(spec, &mut status);
    }
    if let CgroupEntry::Itself(tasks) = &spec.cgroup {
        let mut made = [0u8; 1];
        if !matches!(status.read(&mut made), Ok(1)) || made[0] != b'G' {
            // The parent could not make the cgroup, and says why itself.
            exit(1)
        }
        if let Some(Err(e)) = tasks.iter().map(|t| fs::write(t, "0").map_err(|e| format!("joining the cgroup: writing {t}: {e}"))).find(Result::is_err) {
            fail(&mut status, &e);
        }
    }
    if !fresh {
        namespaces_or_fail(spec, &mut status);
    }
    // SAFETY: a fork-like clone (no new stack: the child continues on a copy of this one).
    // This process is single-threaded, so the child may run any code.
    let pid = unsafe { libc::syscall(libc::SYS_clone, (libc::CLONE_PARENT | libc::SIGCHLD) as libc::c_ulong, 0usize, 0usize, 0usize, 0usize) };
    match pid {
        -1 => fail(&mut status, &format!("clone: {}", io::Error::last_os_error())),
        0 => container(spec, status),
        pid => {
            report(&mut status, &format!("P{pid}"));
            exit(0)
        }
    }
}

/// Leaves at once, as a forked child must: `_exit(2)`.
fn exit(code: i32) -> ! {
    // SAFETY: _exit takes an integer and does not return.
    unsafe { libc::_exit(code) }
}

/// Sends one line of the report in a single `write(2)`: init and the container child share the
/// socket, and a line split over several writes could interleave with the other's
/// (`writeln!` writes each formatted piece separately).
fn report(status: &mut UnixStream, line: &str) {
    let _ = status.write_all(format!("{line}\n").as_bytes());
}

/// Reports a setup failure to the parent and exits.
fn fail(status: &mut UnixStream, msg: &str) -> ! {
    report(status, &format!("X{}", msg.replace('\n', " ")));
    exit(1)
}

fn check(r: libc::c_int, what: &str) -> io::Result<()> {
    if r < 0 {
        let e = io::Error::last_os_error();
        return Err(io::Error::new(e.kind(), format!("{what}: {e}")));
    }
    Ok(())
}

fn cstr(s: &str) -> io::Result<CString> {
    CString::new(s).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, format!("{s:?} contains NUL")))
}

fn namespaces_or_fail(spec: &InitSpec, status: &mut UnixStream) {
    if let Err(e) = namespaces(spec) {
        fail(status, &format!("namespaces: {e}"));
    }
}

fn namespaces(spec: &InitSpec) -> io::Result<()> {
    for (path, flag) in &spec.join {
        let f = fs::File::open(path)?;
        // SAFETY: setns on a descriptor we own.
        check(unsafe { libc::setns(f.as_raw_fd(), *flag) }, path)?;
    }
    // The cgroup namespace comes later, in the container (see `join_cgroup`).
    let unshare = spec.unshare & !libc::CLONE_NEWCGROUP;
    if unshare != 0 {
        // SAFETY: unshare takes flags only.
        check(unsafe { libc::unshare(unshare) }, "unshare")?;
    }
    Ok(())
}

/// Once in its cgroup (inherited, or moved by the parent, which then sends `C`), takes a new
/// cgroup namespace if asked, rooted there, and mounts `/sys/fs/cgroup` under `root`.
fn join_cgroup(spec: &InitSpec, mut status: &UnixStream, root: Option<&Path>) -> io::Result<()> {
    let mut c = [0u8; 1];
    if matches!(spec.cgroup, CgroupEntry::ByParent) && (!matches!(status.read(&mut c), Ok(1)) || c[0] != b'C') {
        return Err(io::Error::other("the parent did not move the container into its cgroup"));
    }
    if spec.unshare & libc::CLONE_NEWCGROUP != 0 {
        // SAFETY: unshare takes flags only.
        check(unsafe { libc::unshare(libc::CLONE_NEWCGROUP) }, "unshare cgroup")?;
    }
    match root {
        Some(root) => cgroup_mounts(&inside(root, "sys/fs/cgroup")?),
        None => Ok(()),
    }
}

/// The container process: mounts, root, identity, then `execve`.
fn container(spec: &InitSpec, mut status: UnixStream) -> ! {
    if let Err(e) = setup(spec, &status) {
        fail(&mut status, &e.to_string());
    }
    reset_signals();
    let program = match find_program(spec) {
        Ok(program) => program,
        Err(errno) => {
            report(&mut status, &format!("E{errno}"));
            exit(127)
        }
    };
    // Ready: the parent lets it go once the container's network is in place (runc's
    // create/start split), or at once.
    report(&mut status, "R");
    let mut go = [0u8; 1];
    if !matches!(status.read(&mut go), Ok(1)) {
        exit(1)
    }
    let errno = exec(spec, &program);
    report(&mut status, &format!("E{errno}"));
    exit(127)
}

/// The candidates `exec` tries for `args[0]`: the path itself, or each `PATH` entry with it.
fn candidates(spec: &InitSpec) -> Vec<String> {
    let Some(prog) = spec.args.first() else { return Vec::new() };
    if prog.contains('/') {
        return vec![prog.clone()];
    }
    let path = spec.env.iter().find_map(|e| e.strip_prefix("PATH=")).unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    path.split(':').filter(|d| !d.is_empty()).map(|d| format!("{d}/{prog}")).collect()
}

/// What `exec` would fail with before anything runs, checked ahead so the parent still
/// learns "not found" (127) or "not executable" (126) while the process waits to be let go:
/// `ENOENT` if no candidate exists, `EACCES` if the first that does is not an executable file.
/// The path found, for `exec`.
fn find_program(spec: &InitSpec) -> Result<CString, i32> {
    for c in candidates(spec) {
        let Ok(path) = cstr(&c) else { continue };
        // SAFETY: a live C string and a zeroed stat buffer.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        if unsafe { libc::stat(path.as_ptr(), &mut st) } != 0 {
            match io::Error::last_os_error().raw_os_error() {
                Some(libc::ENOENT | libc::ENOTDIR) => continue,
                Some(e) => return Err(e),
                None => continue,
            }
        }
        // SAFETY: as above; effective IDs, as execve checks.
        let executable = unsafe { libc::faccessat(libc::AT_FDCWD, path.as_ptr(), libc::X_OK, libc::AT_EACCESS) } == 0;
        if st.st_mode & libc::S_IFMT != libc::S_IFREG || !executable {
            return Err(libc::EACCES);
        }
        return Ok(path);
    }
    Err(libc::ENOENT)
}

/// Gives the container default signal dispositions and an empty mask, as a fresh process has:
/// ignored signals stay ignored across `execve`, and Rust's runtime ignores SIGPIPE (a parent
/// may ignore others). The raw `rt_sigaction(2)`, since libc refuses its reserved real-time
/// signals.
fn reset_signals() {
    /// The kernel's `struct sigaction`; all zero is `SIG_DFL`, no flags, empty mask.
    #[repr(C)]
    struct KernelSigaction {
        handler: usize,
        flags: libc::c_ulong,
        restorer: usize,
        mask: u64,
    }
    let default = KernelSigaction { handler: 0, flags: 0, restorer: 0, mask: 0 };
    for sig in 1..=64 {
        if sig != libc::SIGKILL && sig != libc::SIGSTOP {
            // SAFETY: rt_sigaction reads a live struct of the kernel's layout; no old action.
            unsafe { libc::syscall(libc::SYS_rt_sigaction, sig, &default as *const KernelSigaction, std::ptr::null_mut::<KernelSigaction>(), 8usize) };
        }
    }
    // SAFETY: sigprocmask with a live, emptied set.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
    }
}

fn mount(source: &str, target: &Path, fstype: &str, flags: libc::c_ulong, data: &str) -> io::Result<()> {
    let (s, t, f, d) = (cstr(source)?, cstr(&target.to_string_lossy())?, cstr(fstype)?, cstr(data)?);
    let data_ptr = if data.is_empty() { std::ptr::null() } else { d.as_ptr().cast() };
    // SAFETY: all strings are live NUL-terminated C strings.
    check(unsafe { libc::mount(s.as_ptr(), t.as_ptr(), f.as_ptr(), flags, data_ptr) }, &format!("mount {fstype} on {}", target.display()))
}

/// `target` (a path inside the root, not following symlinks out of it: mount points are made by
/// us on trees we just created, or by the image, whose symlinks we refuse).
fn inside(root: &Path, target: &str) -> io::Result<std::path::PathBuf> {
    let rel = target.trim_start_matches('/');
    let mut p = root.to_path_buf();
    for c in Path::new(rel).components() {
        match c {
            std::path::Component::Normal(n) => {
                p.push(n);
                if p.symlink_metadata().map(|m| m.file_type().is_symlink()).unwrap_or(false) {
                    return Err(io::Error::other(format!("mount target {target} goes through a symlink")));
                }
            }
            std::path::Component::CurDir => {}
            _ => return Err(io::Error::other(format!("mount target {target} is not a plain path"))),
        }
    }
    Ok(p)
}

fn setup(spec: &InitSpec, status: &UnixStream) -> io::Result<()> {
    if spec.unshare & libc::CLONE_NEWNET != 0 {
        loopback_up()?;
    }
    // From inside the root once it is bound onto itself, every mount below names its target
    // relative to it: a path walk of a few components rather than the dozen of the host path.
    let root = Path::new(".");
    if let Some(host_root) = &spec.rootfs {
        let host_root = Path::new(host_root);
        mount("", Path::new("/"), "", libc::MS_REC | libc::MS_PRIVATE, "")?;
        mount(&host_root.to_string_lossy(), host_root, "", libc::MS_BIND | libc::MS_REC, "")?;
        std::env::set_current_dir(host_root)?;
        system_mounts(root)?;
        // Docker masks parts of /proc and /sys unless the container is privileged (keeps
        // CAP_SYS_ADMIN, with which it could undo it anyway).
        if !spec.capabilities.as_ref().is_some_and(|c| c.contains(&caps::SYS_ADMIN)) {
            mask_paths(root)?;
        }
    }
    join_cgroup(spec, status, spec.rootfs.is_some().then_some(root))?;
    if spec.rootfs.is_some() {
        for m in &spec.mounts {
            match m {
                InitMount::Bind { source, target, readonly } => {
                    let t = inside(root, target)?;
                    if Path::new(source).is_dir() {
                        fs::create_dir_all(&t)?;
                    } else if !t.exists() {
                        fs::create_dir_all(t.parent().unwrap_or(root))?;
                        fs::File::create(&t)?;
                    }
                    mount(source, &t, "", libc::MS_BIND | libc::MS_REC, "")?;
                    if *readonly {
                        mount("", &t, "", libc::MS_BIND | libc::MS_REMOUNT | libc::MS_RDONLY | libc::MS_REC, "")?;
                    }
                }
                InitMount::Tmpfs { target, flags, data } => {
                    let t = inside(root, target)?;
                    fs::create_dir_all(&t)?;
                    mount("tmpfs", &t, "tmpfs", *flags, data)?;
                }
            }
        }
        pivot(root)?;
        if spec.readonly_rootfs {
            mount("", Path::new("/"), "", libc::MS_BIND | libc::MS_REMOUNT | libc::MS_RDONLY, "")?;
        }
    }
    if spec.tty {
        super::pty::setup_console(status, spec.uid, spec.gid).map_err(|e| io::Error::other(format!("console: {e}")))?;
    }
    // SAFETY: umask takes a mode only. Docker's containers start with 0022.
    unsafe { libc::umask(0o022) };
    if let Some(h) = &spec.hostname {
        // SAFETY: a live buffer and its length.
        check(unsafe { libc::sethostname(h.as_ptr().cast(), h.len()) }, "sethostname")?;
    }
    if !spec.cwd.is_empty() {
        if spec.rootfs.is_some() {
            let _ = fs::create_dir_all(&spec.cwd);
        }
        std::env::set_current_dir(&spec.cwd).map_err(|e| io::Error::new(e.kind(), format!("chdir to {}: {e}", spec.cwd)))?;
    }
    if let Some(keep) = &spec.capabilities {
        if spec.seccomp {
            seccomp::install(keep).map_err(|e| io::Error::other(format!("seccomp: {e}")))?;
        }
        caps::drop_bounding(keep)?;
        // SAFETY: prctl with integer arguments only: keep permitted capabilities across setuid.
        check(unsafe { libc::prctl(libc::PR_SET_KEEPCAPS, 1, 0, 0, 0) }, "keepcaps")?;
    } else if spec.seccomp {
        seccomp::install(&[]).map_err(|e| io::Error::other(format!("seccomp: {e}")))?;
    }
    let groups: Vec<libc::gid_t> = spec.groups.clone();
    // SAFETY: a live array and its length; then ID changes with integer arguments.
    unsafe {
        check(libc::setgroups(groups.len(), groups.as_ptr()), "setgroups")?;
        check(libc::setresgid(spec.gid, spec.gid, spec.gid), "setgid")?;
        check(libc::setresuid(spec.uid, spec.uid, spec.uid), "setuid")?;
    }
    if let Some(keep) = &spec.capabilities {
        caps::set(keep)?;
    }
    Ok(())
}

/// Brings up `lo` in the container's new network namespace, as runc does for every Docker
/// container: with `--network none` it is the only interface, and 127.0.0.1 answers.
fn loopback_up() -> io::Result<()> {
    // SAFETY: a socket this function owns, then SIOCGIFFLAGS and SIOCSIFFLAGS with a live,
    // zero-initialised `ifreq` naming `lo`.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        check(fd, "socket")?;
        let fd = OwnedFd::from_raw_fd(fd);
        let mut req: libc::ifreq = std::mem::zeroed();
        req.ifr_name[0] = b'l' as libc::c_char;
        req.ifr_name[1] = b'o' as libc::c_char;
        check(libc::ioctl(fd.as_raw_fd(), libc::SIOCGIFFLAGS, &mut req), "loopback flags")?;
        req.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
        check(libc::ioctl(fd.as_raw_fd(), libc::SIOCSIFFLAGS, &req), "loopback up")
    }
}

/// `/proc`, `/sys` (read-only), a tmpfs `/dev` with the usual nodes, `/dev/pts`, `/dev/shm`,
/// `/dev/mqueue`: what runc's default spec mounts, but `/sys/fs/cgroup` (see `join_cgroup`).
fn system_mounts(root: &Path) -> io::Result<()> {
    let nosuid_nodev_noexec = libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC;
    let dir = |p: &str| -> io::Result<std::path::PathBuf> {
        let t = inside(root, p)?;
        fs::create_dir_all(&t)?;
        Ok(t)
    };
    mount("proc", &dir("proc")?, "proc", nosuid_nodev_noexec, "")?;
    mount("sysfs", &dir("sys")?, "sysfs", nosuid_nodev_noexec | libc::MS_RDONLY, "")?;
    dir("sys/fs/cgroup")?;
    let dev = dir("dev")?;
    mount("tmpfs", &dev, "tmpfs", libc::MS_NOSUID | libc::MS_STRICTATIME, "mode=755,size=65536k")?;
    for (name, major, minor) in [("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0)] {
        let p = cstr(&dev.join(name).to_string_lossy())?;
        // SAFETY: a live C string; mknod of a character device.
        check(unsafe { libc::mknod(p.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(major, minor)) }, name)?;
        // mknod is subject to the umask; devices are world-usable.
        // SAFETY: as above.
        check(unsafe { libc::chmod(p.as_ptr(), 0o666) }, name)?;
    }
    fs::create_dir(dev.join("pts"))?;
    mount("devpts", &dev.join("pts"), "devpts", libc::MS_NOSUID | libc::MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5")?;
    symlink("pts/ptmx", dev.join("ptmx"))?;
    fs::create_dir(dev.join("shm"))?;
    mount("shm", &dev.join("shm"), "tmpfs", nosuid_nodev_noexec, "mode=1777,size=65536k")?;
    fs::create_dir(dev.join("mqueue"))?;
    // mqueue belongs to the IPC namespace; without a new one the mount may be refused.
    let _ = mount("mqueue", &dev.join("mqueue"), "mqueue", nosuid_nodev_noexec, "");
    for (name, target) in [("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")] {
        symlink(target, dev.join(name))?;
    }
    Ok(())
}

/// `/sys/fs/cgroup` read-only, as runc mounts Docker's `cgroup` mount: on a unified (v2)
/// host the container's cgroup2; otherwise a tmpfs holding each v1 hierarchy of the host
/// (`/proc/self/mountinfo`, still the host's here), seen from the container's cgroup
/// namespace. The v2 mount of a hybrid host is left out, as runc 1.1 does.
fn cgroup_mounts(target: &Path) -> io::Result<()> {
    let flags = libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC;
    // Read into room for the whole table: `read_to_string` alone starts from a 32-byte probe
    // (procfs gives no size) and needs ten reads for it.
    let mut host = String::with_capacity(64 << 10);
    fs::File::open("/proc/self/mountinfo")?.read_to_string(&mut host)?;
    let mounts: Vec<[String; 4]> = host
        .lines()
        .filter_map(|l| {
            let (left, right) = l.split_once(" - ")?;
            let point = left.split(' ').nth(4)?;
            let mut r = right.split(' ');
            let (fstype, source, options) = (r.next()?, r.next()?, r.next()?);
            point.starts_with("/sys/fs/cgroup").then(|| [point, fstype, source, options].map(String::from))
        })
        .collect();
    if mounts.iter().any(|[p, t, ..]| p == "/sys/fs/cgroup" && t == "cgroup2") {
        return mount("cgroup", target, "cgroup2", flags | libc::MS_RDONLY, "");
    }
    mount("tmpfs", target, "tmpfs", flags, "mode=755")?;
    for [point, _, _, options] in mounts.iter().filter(|[_, t, ..]| t == "cgroup") {
        let Some(name) = Path::new(point).file_name() else { continue };
        let dir = target.join(name);
        fs::create_dir_all(&dir)?;
        let data: Vec<&str> = options.split(',').filter(|o| *o != "rw" && *o != "ro").collect();
        // runc names a named hierarchy's mount after it (`systemd`), the others `cgroup`.
        let source = data.iter().find_map(|o| o.strip_prefix("name=")).unwrap_or("cgroup");
        mount(source, &dir, "cgroup", flags | libc::MS_RDONLY, &data.join(","))?;
    }
    Ok(())
}

/// Docker's default `MaskedPaths` (hidden: `/dev/null` over files, an empty read-only tmpfs
/// over directories) and `ReadonlyPaths` (bind-mounted read-only).
fn mask_paths(root: &Path) -> io::Result<()> {
    const MASKED: [&str; 8] = [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/sched_debug",
        "/sys/firmware",
    ];
    const READONLY: [&str; 5] = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];
    for path in MASKED {
        let p = root.join(path.trim_start_matches('/'));
        match fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => mount("tmpfs", &p, "tmpfs", libc::MS_RDONLY, "")?,
            Ok(_) => mount(&root.join("dev/null").to_string_lossy(), &p, "", libc::MS_BIND, "")?,
            Err(_) => {}
        }
    }
    for path in READONLY {
        let p = root.join(path.trim_start_matches('/'));
        if p.exists() {
            mount(&p.to_string_lossy(), &p, "", libc::MS_BIND | libc::MS_REC, "")?;
            // The remount keeps the flags the bind took from `/proc` (nosuid, nodev, noexec).
            mount("", &p, "", libc::MS_BIND | libc::MS_REMOUNT | libc::MS_RDONLY | libc::MS_REC | mount_flags(&p)?, "")?;
        }
    }
    Ok(())
}

/// The per-mount flags of the mount holding `path` (`statvfs(3)`'s `f_flag` as `MS_*`).
fn mount_flags(path: &Path) -> io::Result<libc::c_ulong> {
    let p = cstr(&path.to_string_lossy())?;
    // SAFETY: a live C string and a zeroed statvfs buffer.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    check(unsafe { libc::statvfs(p.as_ptr(), &mut st) }, "statvfs")?;
    let pairs = [(libc::ST_NOSUID, libc::MS_NOSUID), (libc::ST_NODEV, libc::MS_NODEV), (libc::ST_NOEXEC, libc::MS_NOEXEC), (libc::ST_RELATIME, libc::MS_RELATIME), (libc::ST_NOATIME, libc::MS_NOATIME)];
    Ok(pairs.iter().filter(|(st_flag, _)| st.f_flag & st_flag != 0).fold(0, |acc, (_, ms)| acc | ms))
}

/// `pivot_root(2)` with runc's trick: pivot onto the root itself, then detach the old root.
fn pivot(root: &Path) -> io::Result<()> {
    std::env::set_current_dir(root)?;
    let dot = cstr(".")?;
    // SAFETY: live C strings.
    unsafe {
        check(libc::syscall(libc::SYS_pivot_root, dot.as_ptr(), dot.as_ptr()) as libc::c_int, "pivot_root")?;
        check(libc::umount2(dot.as_ptr(), libc::MNT_DETACH), "unmount old root")?;
    }
    std::env::set_current_dir("/")
}

/// `execve` of `program` (`find_program`'s path for `args[0]`); returns the errno that made it
/// fail.
fn exec(spec: &InitSpec, program: &CString) -> i32 {
    let (Ok(argv), Ok(envp)) = (spec.args.iter().map(|a| cstr(a)).collect::<io::Result<Vec<_>>>(), spec.env.iter().map(|a| cstr(a)).collect::<io::Result<Vec<_>>>()) else {
        return libc::EINVAL;
    };
    let mut argv_p: Vec<*const libc::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    argv_p.push(std::ptr::null());
    let mut envp_p: Vec<*const libc::c_char> = envp.iter().map(|a| a.as_ptr()).collect();
    envp_p.push(std::ptr::null());
    // SAFETY: NULL-terminated arrays of live C strings.
    unsafe { libc::execve(program.as_ptr(), argv_p.as_ptr(), envp_p.as_ptr()) };
    io::Error::last_os_error().raw_os_error().unwrap_or(libc::ENOENT)
}
