//! `NativeKernel` on the real kernel: real containers from a busybox-static root filesystem.
//! Needs root, overlayfs and `/bin/busybox` (scripts/setup installs busybox-static); without
//! them each test prints `SKIPPED: <reason>` to stderr and passes.

#[path = "support/busybox_root.rs"]
mod busybox_root;

use std::future::poll_fn;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;
use std::task::Poll;
use std::time::Duration;

use wharf::dirfs::DirFs;
use wharf::kernel::{block_on, NativeKernel};
use wharf_engine::digest::Digest;
use wharf_engine::image::layer;
use wharf_engine::kernel::{ExitStatus, Kernel, KernelError, Limits, NamespaceMode, Namespaces, Pid, ProcessSpec, Stream};

/// Docker's default capabilities.
const DOCKER_CAPS: [&str; 14] = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
    "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
];

/// Why these tests cannot run here, if they cannot.
fn skip_reason() -> Option<String> {
    if !rustix::process::geteuid().is_root() {
        return Some("not root".into());
    }
    if !Path::new("/bin/busybox").exists() {
        return Some("/bin/busybox missing (apt-get install busybox-static)".into());
    }
    if !std::fs::read_to_string("/proc/filesystems").unwrap_or_default().contains("overlay") {
        return Some("no overlayfs".into());
    }
    None
}

/// A layer tar: busybox, its applets as symlinks, the usual directories and `/etc/lower.txt`.
fn busybox_layer() -> &'static (Vec<u8>, Digest) {
    static LAYER: OnceLock<(Vec<u8>, Digest)> = OnceLock::new();
    LAYER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // No /proc, /sys or /dev: the kernel's init layer provides the mount points.
        busybox_root::populate_with(d, busybox_root::IMAGE_DIRS);
        std::fs::write(d.join("etc/lower.txt"), "from the image\n").unwrap();
        std::fs::write(d.join("etc/not-executable"), "#!/bin/sh\n").unwrap();
        let mut tar = Vec::new();
        let digest = layer::create_from_tree(&DirFs::open(d).unwrap(), &mut tar).unwrap();
        (tar, digest.diff_id)
    })
}

/// A kernel over a fresh root, with the busybox layer unpacked and a root filesystem `c1`.
struct Fixture {
    kernel: NativeKernel,
    name: String,
    _root: tempfile::TempDir,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = self.kernel.remove_rootfs("c1");
    }
}

fn fixture(test: &str) -> Option<Fixture> {
    if let Some(reason) = skip_reason() {
        eprintln!("SKIPPED: {reason}");
        return None;
    }
    let root = tempfile::tempdir().unwrap();
    let mut kernel = NativeKernel::open(root.path()).unwrap();
    let (tar, chain) = busybox_layer();
    kernel.unpack_layer(chain, None, &mut tar.as_slice()).unwrap();
    kernel.create_rootfs("c1", Some(chain)).unwrap();
    Some(Fixture { kernel, name: format!("wharf-test-{}-{test}", std::process::id()), _root: root })
}

impl Fixture {
    /// A Docker-like spec running `args` in `c1`.
    fn spec(&self, args: &[&str]) -> ProcessSpec {
        ProcessSpec {
            args: args.iter().map(|a| a.to_string()).collect(),
            env: vec!["PATH=/bin".into()],
            cwd: "/".into(),
            rootfs: Some("c1".into()),
            namespaces: Namespaces {
                mnt: NamespaceMode::New,
                pid: NamespaceMode::New,
                uts: NamespaceMode::New,
                ipc: NamespaceMode::New,
                net: NamespaceMode::New,
                user: NamespaceMode::Host,
                cgroup: NamespaceMode::New,
            },
            hostname: Some("c0ffee".into()),
            cgroup: self.name.clone(),
            capabilities: DOCKER_CAPS.iter().map(|c| c.to_string()).collect(),
            seccomp: true,
            ..ProcessSpec::default()
        }
    }

    /// Reads `stream` of `pid` to its end.
    fn read_all(&mut self, pid: Pid, stream: Stream) -> String {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = block_on(poll_fn(|cx| self.kernel.poll_read_output(pid, stream, &mut buf, cx))).unwrap();
            if n == 0 {
                return String::from_utf8_lossy(&out).into_owned();
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    fn wait(&mut self, pid: Pid) -> ExitStatus {
        block_on(poll_fn(|cx| self.kernel.poll_wait(pid, cx))).unwrap()
    }

    /// Runs `spec` to the end: (status, stdout, stderr).
    fn run(&mut self, spec: &ProcessSpec) -> (ExitStatus, String, String) {
        let pid = self.kernel.spawn(spec).unwrap();
        let out = self.read_all(pid, Stream::Stdout);
        let err = self.read_all(pid, Stream::Stderr);
        (self.wait(pid), out, err)
    }

    fn sh(&mut self, script: &str) -> (ExitStatus, String, String) {
        let spec = self.spec(&["sh", "-c", script]);
        self.run(&spec)
    }
}

#[test]
fn echo_hello_and_exit_codes() {
    let Some(mut f) = fixture("echo") else { return };
    let spec = f.spec(&["echo", "hello"]);
    assert_eq!(f.run(&spec), (ExitStatus::Exited(0), "hello\n".into(), String::new()));
    let (status, _, err) = f.sh("echo oops >&2; exit 3");
    assert_eq!((status.code(), err.as_str()), (3, "oops\n"));
}

#[test]
fn pid_1_hostname_and_a_private_proc() {
    let Some(mut f) = fixture("pid1") else { return };
    let (status, out, err) = f.sh("echo $$; hostname; echo /proc/[0-9]*; id -u; pwd");
    assert_eq!(status, ExitStatus::Exited(0), "{err}");
    assert_eq!(out, "1\nc0ffee\n/proc/1\n0\n/\n");
}

#[test]
fn missing_and_non_executable_programs_fail_before_running() {
    let Some(mut f) = fixture("exec") else { return };
    let spec = f.spec(&["no-such-program"]);
    assert!(matches!(f.kernel.spawn(&spec), Err(KernelError::NotFound(_))));
    let spec = f.spec(&["/etc/not-executable"]);
    assert!(matches!(f.kernel.spawn(&spec), Err(KernelError::PermissionDenied(_))));
}

#[test]
fn container_changes_show_in_the_diff() {
    let Some(mut f) = fixture("diff") else { return };
    let (status, _, err) = f.sh("echo new > /new.txt && rm /etc/lower.txt");
    assert_eq!(status, ExitStatus::Exited(0), "{err}");
    let mut tar = Vec::new();
    f.kernel.diff_rootfs("c1", &mut tar).unwrap();
    let mut names = Vec::new();
    let mut archive = tar::Archive::new(tar.as_slice());
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        if name == "new.txt" {
            let mut s = String::new();
            entry.read_to_string(&mut s).unwrap();
            assert_eq!(s, "new\n");
        }
        names.push(name);
    }
    assert!(names.contains(&"new.txt".to_string()), "{names:?}");
    assert!(names.contains(&"etc/.wh.lower.txt".to_string()), "{names:?}");
    assert!(!names.iter().any(|n| ["proc", "sys", "dev"].iter().any(|m| n.starts_with(m))), "mount points stay out: {names:?}");
}

#[test]
fn memory_limit_oom_kills_with_137() {
    let Some(mut f) = fixture("oom") else { return };
    let mut spec = f.spec(&["tail", "/dev/zero"]);
    spec.limits = Limits { memory_max: Some(16 << 20), ..Limits::default() };
    let (status, _, _) = f.run(&spec);
    assert_eq!(status.code(), 137);
}

#[test]
fn pids_limit_makes_fork_fail() {
    let Some(mut f) = fixture("pids") else { return };
    let mut spec = f.spec(&["sh", "-c", "for i in 1 2 3 4 5 6; do sleep 1 & done; echo started"]);
    spec.limits = Limits { pids_max: Some(3), ..Limits::default() };
    let (_, out, err) = f.run(&spec);
    assert!(err.contains("fork"), "stdout {out:?} stderr {err:?}");
}

#[test]
fn freeze_stops_output_and_thaw_resumes_it() {
    let Some(mut f) = fixture("freeze") else { return };
    let spec = f.spec(&["sh", "-c", "while true; do echo tick; usleep 10000; done"]);
    let pid = f.kernel.spawn(&spec).unwrap();
    let mut buf = [0u8; 4096];
    let mut read_now = |k: &mut NativeKernel| block_on(poll_fn(|cx| Poll::Ready(k.poll_read_output(pid, Stream::Stdout, &mut buf, cx))));
    std::thread::sleep(Duration::from_millis(100));
    f.kernel.freeze(pid, true).unwrap();
    while let Poll::Ready(Ok(n)) = read_now(&mut f.kernel) {
        assert!(n > 0);
    }
    std::thread::sleep(Duration::from_millis(100));
    assert!(read_now(&mut f.kernel).is_pending(), "a frozen container writes nothing");
    let stats = f.kernel.cgroup_stats(pid).unwrap();
    assert!(stats.pids.contains(&pid), "{stats:?}");
    f.kernel.freeze(pid, false).unwrap();
    let n = block_on(poll_fn(|cx| f.kernel.poll_read_output(pid, Stream::Stdout, &mut buf, cx))).unwrap();
    assert!(n > 0, "thawed, it writes again");
    f.kernel.signal(pid, libc::SIGKILL).unwrap();
    assert_eq!(f.wait(pid), ExitStatus::Signaled(libc::SIGKILL));
}

#[test]
fn sigterm_ends_a_sleep() {
    let Some(mut f) = fixture("sigterm") else { return };
    let mut spec = f.spec(&["sleep", "100"]);
    // As PID 1 of its namespace, sleep would ignore SIGTERM (it has no handler): Docker's
    // reason for `docker stop`'s SIGKILL. In the host's PID namespace it dies of it.
    spec.namespaces.pid = NamespaceMode::Host;
    let pid = f.kernel.spawn(&spec).unwrap();
    f.kernel.signal(pid, libc::SIGTERM).unwrap();
    assert_eq!(f.wait(pid).code(), 143);
}

#[test]
fn seccomp_refuses_unshare_and_proc_is_masked() {
    let Some(mut f) = fixture("seccomp") else { return };
    let (status, _, err) = f.sh("unshare -u true");
    assert_ne!(status, ExitStatus::Exited(0));
    assert!(err.contains("Operation not permitted"), "{err}");
    let (_, out, _) = f.sh("wc -c < /proc/timer_list; ls /sys/firmware | wc -l; echo 1 > /proc/sys/kernel/domainname || echo ro; umask");
    assert_eq!(out, "0\n0\nro\n0022\n");
    // CAP_MKNOD is a default capability; the devices cgroup is what keeps the disk out of reach.
    let (_, out, err) = f.sh("mknod /tmp/disk b 8 0 && head -c 1 /tmp/disk; echo > /dev/null && echo null works");
    assert_eq!(out, "null works\n");
    assert!(err.contains("Operation not permitted"), "{err}");
}

#[test]
fn a_failed_unpack_leaves_nothing() {
    let Some(mut f) = fixture("unpack") else { return };
    let layers = f._root.path().join("layers");
    let kernel = &mut f.kernel;
    let bogus = Digest::of(b"bogus");
    let mut bad = vec![0xffu8; 1024];
    bad[0] = b'x';
    assert!(kernel.unpack_layer(&bogus, None, &mut bad.as_slice()).is_err());
    let names: Vec<_> = std::fs::read_dir(layers).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "only the busybox layer: {names:?}");
    let (_, chain) = busybox_layer();
    assert!(matches!(kernel.remove_layer(chain), Err(KernelError::Busy(_))));
    kernel.remove_rootfs("c1").unwrap();
    kernel.remove_layer(chain).unwrap();
}

#[test]
fn a_tty_container_sees_a_terminal() {
    let Some(mut f) = fixture("tty") else { return };
    let mut spec = f.spec(&["sh", "-c", "tty; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo interactive"]);
    spec.tty = true;
    let (status, out, err) = f.run(&spec);
    assert_eq!(status, ExitStatus::Exited(0), "{out} {err}");
    assert_eq!(out, "/dev/pts/0\r\ninteractive\r\n");
}

#[test]
fn stdin_reaches_the_container_and_closing_it_ends_input() {
    let Some(mut f) = fixture("stdin") else { return };
    let mut spec = f.spec(&["sh", "-c", "cat; echo done"]);
    spec.stdin = true;
    let pid = f.kernel.spawn(&spec).unwrap();
    f.kernel.write_stdin(pid, b"piped\n").unwrap();
    f.kernel.write_stdin(pid, b"").unwrap();
    assert_eq!(f.read_all(pid, Stream::Stdout), "piped\ndone\n");
    assert_eq!(f.wait(pid), ExitStatus::Exited(0));
    // A container that never reads does not block the writer.
    let mut spec = f.spec(&["sleep", "10"]);
    spec.stdin = true;
    let pid = f.kernel.spawn(&spec).unwrap();
    f.kernel.write_stdin(pid, &vec![b'x'; 4 << 20]).unwrap();
    f.kernel.signal(pid, libc::SIGKILL).unwrap();
    assert_eq!(f.wait(pid).code(), 137);
}

#[test]
fn mounts_readonly_root_and_capabilities() {
    let Some(mut f) = fixture("mounts") else { return };
    let volume = f.kernel.create_volume("data").unwrap();
    std::fs::write(Path::new(&volume).join("hello"), "from the volume\n").unwrap();
    let mut spec = f.spec(&["sh", "-c", "cat /data/hello; echo x > /scratch/x && cat /scratch/x; touch /nope 2>/dev/null || echo ro; grep -E 'CapEff|SigIgn' /proc/self/status; ls /dev | tr '\\n' ' '"]);
    spec.readonly_rootfs = true;
    spec.mounts = vec![
        wharf_engine::kernel::MountSpec::Bind { source: volume, target: "/data".into(), readonly: true },
        wharf_engine::kernel::MountSpec::Tmpfs { target: "/scratch".into(), size: Some(1 << 20), options: Vec::new() },
    ];
    let (status, out, err) = f.run(&spec);
    assert_eq!(status, ExitStatus::Exited(0), "{err}");
    assert_eq!(
        out,
        "from the volume\nx\nro\nSigIgn:\t0000000000000000\nCapEff:\t00000000a80425fb\nfd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero "
    );
    f.kernel.remove_volume("data").unwrap();
}

#[test]
fn host_shell_and_cgroup_stats() {
    let Some(mut f) = fixture("host") else { return };
    let pid = f.kernel.host_shell("echo from the host").unwrap();
    assert_eq!(f.read_all(pid, Stream::Stdout), "from the host\n");
    assert_eq!(f.wait(pid), ExitStatus::Exited(0));
    let mut spec = f.spec(&["sleep", "10"]);
    spec.limits = Limits { memory_max: Some(64 << 20), pids_max: Some(10), cpu_max: Some((50_000, 100_000)) };
    let pid = f.kernel.spawn(&spec).unwrap();
    let stats = f.kernel.cgroup_stats(pid).unwrap();
    assert_eq!((stats.memory_max, stats.pids.clone(), stats.pids_current), (Some(64 << 20), vec![pid], 1), "{stats:?}");
    assert!(stats.memory_current > 0, "{stats:?}");
    f.kernel.signal(pid, libc::SIGKILL).unwrap();
    assert_eq!(f.wait(pid).code(), 137);
}

#[test]
fn bridge_veth_and_a_published_port() {
    use std::io::{BufRead, BufReader};
    use std::net::{Ipv4Addr, SocketAddrV4, TcpStream};
    use wharf_engine::kernel::{IpNet, Protocol};
    let Some(mut f) = fixture("net") else { return };
    if std::process::Command::new("ip").arg("-V").output().is_err() || !Path::new("/usr/bin/nsenter").exists() {
        eprintln!("SKIPPED: iproute2's ip or util-linux's nsenter missing");
        return;
    }
    let subnet = (std::process::id() % 200) as u8 + 20;
    let (gateway, address) = (Ipv4Addr::new(10, 213, subnet, 1), Ipv4Addr::new(10, 213, subnet, 2));
    let bridge = format!("wbr{}", std::process::id() % 100_000);
    f.kernel.create_bridge(&bridge, IpNet { addr: gateway, prefix: 24 }).unwrap();
    assert!(matches!(f.kernel.create_bridge(&bridge, IpNet { addr: gateway, prefix: 24 }), Err(KernelError::Busy(_))));
    let device = Path::new("/sys/class/net").join(&bridge);
    assert!(!device.exists(), "a bridge is made when a container first joins it");
    let spec = f.spec(&["sh", "-c", "while true; do echo hi | nc -l -p 8080; done"]);
    let pid = f.kernel.spawn(&spec).unwrap();
    f.kernel.connect(pid, &bridge, "eth0", IpNet { addr: address, prefix: 24 }, Some(gateway)).unwrap();
    assert!(device.exists());
    // No reactor turns here: let the container run now that its network is there.
    f.kernel.let_go();
    let free_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    f.kernel.publish_port(Protocol::Tcp, Ipv4Addr::LOCALHOST, free_port, address, 8080).unwrap();
    assert!(matches!(f.kernel.publish_port(Protocol::Tcp, Ipv4Addr::LOCALHOST, free_port, address, 8080), Err(KernelError::Busy(_))));
    for target in [SocketAddrV4::new(address, 8080), SocketAddrV4::new(Ipv4Addr::LOCALHOST, free_port)] {
        let mut line = String::new();
        for _ in 0..100 {
            if let Ok(conn) = TcpStream::connect(target) {
                conn.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
                let _ = BufReader::new(conn).read_line(&mut line);
                if !line.is_empty() {
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(line, "hi\n", "through {target}");
    }
    f.kernel.unpublish_port(Protocol::Tcp, Ipv4Addr::LOCALHOST, free_port).unwrap();
    f.kernel.signal(pid, libc::SIGKILL).unwrap();
    f.wait(pid);
    f.kernel.delete_bridge(&bridge).unwrap();
    assert!(!device.exists());
    // One never joined is never made, and goes without a trace.
    f.kernel.create_bridge(&bridge, IpNet { addr: gateway, prefix: 24 }).unwrap();
    f.kernel.delete_bridge(&bridge).unwrap();
    assert!(!device.exists());
    assert!(matches!(f.kernel.delete_bridge(&bridge), Err(KernelError::NotFound(_))));
}

#[test]
fn exec_joins_a_running_container() {
    let Some(mut f) = fixture("exec-join") else { return };
    let spec = f.spec(&["sleep", "10"]);
    let pid = f.kernel.spawn(&spec).unwrap();
    let mut exec = f.spec(&["sh", "-c", "echo $$; hostname; echo /proc/[0-9]*; ls /proc/self/fd | tr '\\n' ' '"]);
    exec.namespaces = Namespaces {
        mnt: NamespaceMode::Join(pid),
        pid: NamespaceMode::Join(pid),
        uts: NamespaceMode::Join(pid),
        ipc: NamespaceMode::Join(pid),
        net: NamespaceMode::Join(pid),
        user: NamespaceMode::Host,
        cgroup: NamespaceMode::Join(pid),
    };
    let (status, out, err) = f.run(&exec);
    assert_eq!(status, ExitStatus::Exited(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_ne!(lines[0], "1", "{out}");
    assert_eq!(lines[1], "c0ffee");
    assert!(lines[2].starts_with("/proc/1 /proc/"), "{out}");
    assert_eq!(lines[3], "0 1 2 3 ", "only the standard streams (and ls's own directory)");
    assert_eq!(f.kernel.cgroup_stats(pid).unwrap().pids, vec![pid], "the exec ended, the container remains");
    f.kernel.signal(pid, libc::SIGKILL).unwrap();
    assert_eq!(f.wait(pid).code(), 137);
}

#[test]
fn the_engine_writes_into_a_root_and_an_empty_chain_works() {
    let Some(mut f) = fixture("with-rootfs") else { return };
    f.kernel
        .with_rootfs("c1", &mut |tree| {
            tree.write_file("etc/greeting", &wharf_engine::fs::Attrs::root(0o644), &mut &b"written by the engine\n"[..])?;
            Ok(())
        })
        .unwrap();
    let spec = f.spec(&["cat", "/etc/greeting"]);
    assert_eq!(f.run(&spec).1, "written by the engine\n");
    f.kernel.create_rootfs("empty", None).unwrap();
    assert!(matches!(f.kernel.create_rootfs("empty", None), Err(KernelError::Busy(_))));
    let mut spec = f.spec(&["sh"]);
    spec.rootfs = Some("empty".into());
    assert!(matches!(f.kernel.spawn(&spec), Err(KernelError::NotFound(_))), "nothing to run in an empty root");
    f.kernel.remove_rootfs("empty").unwrap();
    assert!(matches!(f.kernel.remove_rootfs("empty"), Err(KernelError::NotFound(_))));
}

#[test]
fn docker_diff_and_docker_top() {
    let Some(mut f) = fixture("diff-top") else { return };
    let (status, _, err) = f.sh("echo new > /new.txt && rm /etc/lower.txt && echo changed > /etc/not-executable");
    assert_eq!(status, ExitStatus::Exited(0), "{err}");
    let changes: Vec<String> = f.kernel.rootfs_changes("c1").unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(changes, ["C /etc", "D /etc/lower.txt", "C /etc/not-executable", "A /new.txt"]);
    let spec = f.spec(&["sh", "-c", "sleep 10 & wait"]);
    let pid = f.kernel.spawn(&spec).unwrap();
    let mut rows = Vec::new();
    for _ in 0..100 {
        rows = f.kernel.process_table(pid).unwrap();
        if rows.len() == 2 && rows[1].args[0] == "sleep" {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let args: Vec<String> = rows.iter().map(|r| r.args.join(" ")).collect();
    assert_eq!(args, ["sh -c sleep 10 & wait", "sleep 10"]);
    assert_eq!((rows[0].pid, rows[1].ppid, rows[0].tty.clone()), (pid, pid, None));
    f.kernel.signal(pid, libc::SIGKILL).unwrap();
    f.wait(pid);
}

/// The client's terminal, as a buffer.
struct Captured(std::cell::RefCell<(Vec<u8>, Vec<u8>)>);

impl wharf_engine::client::ClientIo for Captured {
    fn write<'a>(&'a self, stream: Stream, data: &'a [u8]) -> wharf_engine::client::LocalFuture<'a, ()> {
        let mut out = self.0.borrow_mut();
        match stream {
            Stream::Stdout => out.0.extend_from_slice(data),
            Stream::Stderr => out.1.extend_from_slice(data),
        }
        Box::pin(async {})
    }
    fn read_stdin<'a>(&'a self, _buf: &'a mut [u8]) -> wharf_engine::client::LocalFuture<'a, usize> {
        Box::pin(async { 0 })
    }
    fn stdin_is_tty(&self) -> bool {
        false
    }
    fn stdout_is_tty(&self) -> bool {
        false
    }
    fn read_tree<'a>(&'a self, dir: &'a str) -> wharf_engine::client::LocalFuture<'a, Result<wharf_engine::fs::mem::MemFs, String>> {
        Box::pin(async move { Err(format!("unable to prepare context: path \"{dir}\" not found")) })
    }
    fn write_file<'a>(&'a self, _path: &'a str, _data: &'a [u8]) -> wharf_engine::client::LocalFuture<'a, Result<(), String>> {
        Box::pin(async { Err("read-only test client".to_string()) })
    }
    fn read_file<'a>(&'a self, path: &'a str) -> wharf_engine::client::LocalFuture<'a, Result<Vec<u8>, String>> {
        Box::pin(async move { Err(format!("open {path}: no such file or directory")) })
    }
    fn host_path_is_dir<'a>(&'a self, path: &'a str) -> wharf_engine::client::LocalFuture<'a, Result<Option<bool>, String>> {
        Box::pin(async move { Ok(std::fs::symlink_metadata(path).ok().map(|m| m.is_dir())) })
    }
    fn tar_from_host<'a>(&'a self, path: &'a str, name: &'a str) -> wharf_engine::client::LocalFuture<'a, Result<Vec<u8>, String>> {
        Box::pin(async move {
            let p = std::path::Path::new(path);
            let (parent, base) = (p.parent().unwrap_or(std::path::Path::new("/")), p.file_name().map(|b| b.to_string_lossy().into_owned()).unwrap_or_default());
            let tree = wharf::dirfs::DirFs::open(parent).map_err(|e| format!("lstat {path}: {e}"))?;
            wharf_engine::container::archive::pack(&tree, &base, name).map_err(|e| e.to_string())
        })
    }
    fn untar_to_host<'a>(&'a self, dir: &'a str, tar: &'a [u8]) -> wharf_engine::client::LocalFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let mut tree = wharf::dirfs::DirFs::open(std::path::Path::new(dir)).map_err(|e| format!("lstat {dir}: {e}"))?;
            wharf_engine::container::archive::unpack(tar, &mut tree, "").map(|_| ()).map_err(|e| e.to_string())
        })
    }
}

#[test]
fn docker_run_through_the_daemon() {
    use wharf_engine::daemon::Daemon;
    use wharf_engine::image::db::LayerRecord;
    if let Some(reason) = skip_reason() {
        eprintln!("SKIPPED: {reason}");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let mut kernel = NativeKernel::open(root.path()).unwrap();
    let (tar, diff_id) = busybox_layer();
    kernel.unpack_layer(diff_id, None, &mut tar.as_slice()).unwrap();
    let daemon = Daemon::shared(Box::new(kernel));
    {
        let mut d = daemon.borrow_mut();
        let mut db = d.images();
        let blob = db.content().put(None, tar).unwrap();
        let config = format!(
            r#"{{"architecture":"amd64","os":"linux","config":{{"Env":["PATH=/bin"],"Cmd":["sh"]}},"rootfs":{{"type":"layers","diff_ids":["{diff_id}"]}}}}"#
        );
        let layer = LayerRecord { diff_id: *diff_id, blob, blob_size: tar.len() as u64, compressed: false, size: 0 };
        let id = db.create(config.as_bytes(), vec![layer]).unwrap();
        db.tag(&"busybox:latest".parse().unwrap(), &id, wharf_engine::api::GoTime::from_unix(0)).unwrap();
    }
    let run = |args: &[&str]| {
        let io = Captured(Default::default());
        let argv: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let supervisor = daemon.clone();
        let background = poll_fn(move |cx| supervisor.borrow_mut().poll_supervise(cx));
        let code = wharf::kernel::block_on_with(background, wharf_engine::client::main(&argv, &io, Some(daemon.clone())));
        let (out, err) = io.0.into_inner();
        (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
    };
    assert_eq!(run(&["run", "--rm", "busybox", "sh", "-c", "echo hello from $(hostname | cut -c1-3)...; exit 3"]).0, 3);
    let (code, out, err) = run(&["run", "--name", "hello1", "busybox", "echo", "hello"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "hello\n", ""));
    let (code, out, err) = run(&["logs", "hello1"]);
    assert_eq!((code, out.as_str()), (0, "hello\n"), "{err}");
    assert_eq!(run(&["run", "--name", "writer", "busybox", "sh", "-c", "echo x > /new; rm /etc/lower.txt"]).0, 0);
    let changes: Vec<String> = daemon.borrow_mut().container_changes("writer").unwrap().iter().map(|c| format!("{:?} {}", c.kind, c.path)).collect();
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert!(changes[1].ends_with(" /etc/lower.txt") && changes[2].ends_with(" /new"), "{changes:?}");
    assert_eq!(run(&["rm", "writer"]).0, 0);
    assert_eq!(run(&["rm", "hello1"]).0, 0);
    let (code, _, err) = run(&["run", "--rm", "busybox", "no-such-program"]);
    assert_eq!(code, 127, "{err}");
    // A detached sleep is PID 1 and ignores SIGTERM: `docker stop -t 1` kills it after a second.
    assert_eq!(run(&["run", "-d", "--name", "sleeper", "busybox", "sleep", "100"]).0, 0);
    // (`docker top` and `docker diff` are daemon calls; their CLI commands come later.)
    let top = daemon.borrow_mut().container_top("sleeper").unwrap();
    assert_eq!(top.processes.len(), 1);
    assert_eq!(top.processes[0].last().unwrap(), "sleep 100");
    let stats = daemon.borrow_mut().container_stats("sleeper");
    assert!(stats.is_ok(), "{stats:?}");
    let start = std::time::Instant::now();
    assert_eq!(run(&["stop", "-t", "1", "sleeper"]), (0, "sleeper\n".into(), String::new()));
    assert!(start.elapsed() >= Duration::from_millis(900), "{:?}", start.elapsed());
    let (code, out, err) = run(&["wait", "sleeper"]);
    assert_eq!((code, out.as_str()), (0, "137\n"), "{err}");
    assert_eq!(run(&["rm", "sleeper"]).0, 0);
}

/// A removed root its container did not write to is kept as a spare and taken by the next
/// root made; one whose container wrote a file, or changed its `/`, is deleted instead.
#[test]
fn clean_roots_are_reused_and_written_ones_deleted() {
    let Some(mut f) = fixture("spare") else { return };
    let (_, chain) = busybox_layer();
    let root = f._root.path().to_path_buf();
    let spares = || std::fs::read_dir(root.join("spare-roots")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect::<Vec<_>>();
    let run_in = |f: &mut Fixture, id: &str, script: &str| {
        f.kernel.create_scratch_rootfs(id, Some(chain)).unwrap();
        f.kernel.write_container_file(id, "hostname", format!("{id}\n").as_bytes()).unwrap();
        let mut spec = f.spec(&["sh", "-c", script]);
        spec.rootfs = Some(id.into());
        let out = f.run(&spec).1;
        f.kernel.remove_rootfs(id).unwrap();
        out
    };
    assert!(spares().is_empty());
    run_in(&mut f, "r1", "true");
    assert_eq!(spares(), ["r1"], "nothing written: kept");
    let kept = root.join("spare-roots/r1");
    assert!(!kept.join("hostname").exists() && !kept.join("top").exists(), "its files are gone");
    // The next root takes it, and its container sees a fresh `/`.
    let out = run_in(&mut f, "r2", "stat -c %a / && ls -A /tmp | wc -l && touch /tmp/mine");
    assert_eq!(out, "755\n0\n");
    assert!(!root.join("containers/r2").exists());
    assert!(spares().is_empty(), "r1's directory was taken; r2 wrote a file, so it is deleted: {:?}", spares());
    run_in(&mut f, "r3", "chmod 700 /");
    assert!(spares().is_empty(), "a changed / is not reused");
}

/// The mount options of the mount on `point`, from this process's mount table.
fn mount_options(point: &Path) -> Option<String> {
    let table = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    let point = point.to_str().unwrap();
    table.lines().find(|l| l.split(' ').nth(4) == Some(point)).map(|l| l.rsplit(' ').next().unwrap_or_default().to_string())
}

/// A `--rm` container's root (a scratch root) is mounted `volatile`, so its unmount syncs
/// nothing; roots share one init layer instead of making one each; a scratch root left by an
/// earlier kernel mounts again despite the marker overlayfs leaves for volatile mounts; and a
/// removed root is gone at once, its files deleted in the background.
#[test]
fn scratch_roots_are_volatile_and_share_the_init_layer() {
    let Some(mut f) = fixture("scratch") else { return };
    let (_, chain) = busybox_layer();
    let root = f._root.path().to_path_buf();
    f.kernel.create_scratch_rootfs("s1", Some(chain)).unwrap();
    let scratch = mount_options(&root.join("containers/s1/merged")).expect("s1 mounted");
    assert!(scratch.contains("volatile"), "{scratch}");
    let kept = mount_options(&root.join("containers/c1/merged")).expect("c1 mounted");
    assert!(!kept.contains("volatile"), "{kept}");
    assert!(root.join("init-layer/.dockerenv").exists() && !root.join("containers/s1/init").exists());
    let mut spec = f.spec(&["sh", "-c", "test -f /.dockerenv && test -d /dev/pts && echo init layer there"]);
    spec.rootfs = Some("s1".into());
    assert_eq!(f.run(&spec).1, "init layer there\n");
    f.kernel.remove_rootfs("s1").unwrap();

    let mut earlier = NativeKernel::open(&root).unwrap();
    earlier.create_scratch_rootfs("s2", Some(chain)).unwrap();
    drop(earlier); // unmounts, keeping the directory, as a daemon that stops does
    assert!(mount_options(&root.join("containers/s2/merged")).is_none());
    assert!(root.join("containers/s2/work/work/incompat/volatile").is_dir(), "overlayfs's marker, which refuses a plain mount");
    let mut later = NativeKernel::open(&root).unwrap();
    later.create_rootfs("s2", Some(chain)).unwrap();
    assert!(mount_options(&root.join("containers/s2/merged")).is_some());
    later.remove_rootfs("s2").unwrap();
    assert!(!root.join("containers/s2").exists(), "removed at once (deleted by a thread)");
    // What a process left undeleted (it exited first) goes with the next kernel's start.
    std::fs::create_dir_all(root.join("containers/.removed-gone/upper/deep")).unwrap();
    let _next = NativeKernel::open(&root).unwrap();
    let start = std::time::Instant::now();
    while root.join("containers/.removed-gone").exists() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!root.join("containers/.removed-gone").exists());
}
