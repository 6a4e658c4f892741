//! `wharf docker ...` (the engine's CLI in-process, on the real kernel) where the native side
//! once fell short of the simulator: Ctrl-C (Compose's and a plain `run`'s), published UDP ports, `--tmpfs` and
//! `--mount type=tmpfs` options, and `import --change`. Each test imports a busybox root
//! filesystem into a root of its own. Needs root, overlayfs and `/bin/busybox` (the UDP test
//! also the host's `python3`, run in the container through `chroot`); without them each test
//! prints `SKIPPED: <reason>` and passes.

#[path = "support/busybox_root.rs"]
mod busybox_root;

use std::fs;
use std::io::Read;
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn skip_reason() -> Option<String> {
    if !rustix::process::geteuid().is_root() {
        return Some("not root".into());
    }
    if !Path::new("/bin/busybox").exists() {
        return Some("/bin/busybox missing (apt-get install busybox-static)".into());
    }
    if !fs::read_to_string("/proc/filesystems").unwrap_or_default().contains("overlay") {
        return Some("no overlayfs".into());
    }
    None
}

/// A wharf root with `busybox:latest` imported (CMD `sh`), in a temporary directory that also
/// holds the rootfs tarball and a Compose project.
struct Root {
    dir: tempfile::TempDir,
}

impl Root {
    fn new() -> Option<Root> {
        if let Some(reason) = skip_reason() {
            eprintln!("SKIPPED: {reason}");
            return None;
        }
        let root = Root { dir: tempfile::tempdir().unwrap() };
        let rootfs = root.path("rootfs");
        busybox_root::populate_with(&rootfs, busybox_root::IMAGE_DIRS);
        let tar = root.path("busybox.tar");
        let out = Command::new("tar").arg("-C").arg(&rootfs).arg("-cf").arg(&tar).arg(".").output().unwrap();
        assert!(out.status.success(), "tar: {}", String::from_utf8_lossy(&out.stderr));
        let (code, _, err) = root.docker(&["import", "-c", "CMD [\"sh\"]", tar.to_str().unwrap(), "busybox"]);
        assert_eq!(code, 0, "{err}");
        Some(root)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `wharf --root ROOT docker ARGS` in the project directory, not yet waited for.
    fn command(&self, args: &[&str]) -> Command {
        let project = self.path("proj");
        fs::create_dir_all(&project).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_wharf"));
        cmd.arg("--root").arg(self.path("state")).arg("docker").args(args).current_dir(project).stdin(Stdio::null());
        cmd
    }

    /// Runs `wharf docker ARGS`: (exit code, stdout, stderr).
    fn docker(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.command(args).output().unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

impl Drop for Root {
    fn drop(&mut self) {
        let state = self.path("state").to_string_lossy().into_owned();
        let mounts = fs::read_to_string("/proc/self/mountinfo").unwrap();
        let left: Vec<&str> = mounts.lines().filter(|l| l.contains(state.as_str())).collect();
        if !std::thread::panicking() {
            assert!(left.is_empty(), "mounts left behind: {left:?}");
        }
    }
}

/// Waits (at most 30 s) for `child` to exit; its exit code, or -(signal).
fn wait_bounded(child: &mut Child) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or_else(|| -status.signal().unwrap_or(0));
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("still running after 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits (at most 30 s) until the file `path` contains `text`; its contents.
fn wait_for_text(path: &Path, text: &str) -> String {
    let start = Instant::now();
    loop {
        let now = fs::read_to_string(path).unwrap_or_default();
        if now.contains(text) {
            return now;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "no {text:?} after 30 s in:\n{now}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn sigint(child: &Child) {
    // SAFETY: kill(2) of our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
}

/// An attached `compose up` stops its containers on Ctrl-C and ends 130; a second Ctrl-C
/// kills the one still stopping (it ignores SIGTERM and has a 100 s grace period).
#[test]
fn compose_up_stops_on_ctrl_c_and_kills_on_the_second() {
    let Some(root) = Root::new() else { return };
    let compose = "services:\n  polite:\n    image: busybox\n    network_mode: none\n    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; echo polite up; while true; do sleep 0.1; done\"]\n  stubborn:\n    image: busybox\n    network_mode: none\n    stop_grace_period: 100s\n    command: [\"sh\", \"-c\", \"echo stubborn up; sleep 1000\"]\n";
    fs::create_dir_all(root.path("proj")).unwrap();
    fs::write(root.path("proj/compose.yaml"), compose).unwrap();
    let log = root.path("up.log");
    let file = fs::File::create(&log).unwrap();
    let mut up = root.command(&["compose", "up"]).stdout(file.try_clone().unwrap()).stderr(file).spawn().unwrap();
    wait_for_text(&log, "polite up");
    wait_for_text(&log, "stubborn up");
    sigint(&up);
    wait_for_text(&log, "Container proj-polite-1  Stopped");
    let start = Instant::now();
    sigint(&up);
    let code = wait_bounded(&mut up);
    let out = fs::read_to_string(&log).unwrap();
    assert_eq!(code, 130, "{out}");
    assert!(start.elapsed() < Duration::from_secs(20), "the second Ctrl-C did not wait out the grace period: {:?}", start.elapsed());
    assert!(out.contains("Gracefully stopping... (press Ctrl+C again to force)\n"), "{out}");
    assert!(out.contains(" Container proj-stubborn-1  Killing\n Container proj-stubborn-1  Killed\n"), "{out}");
    assert!(out.ends_with("canceled\n"), "{out}");
    let (code, ps, err) = root.docker(&["ps", "-a", "--format", "{{.Names}} {{.Status}}"]);
    assert_eq!(code, 0, "{err}");
    assert!(ps.lines().any(|l| l.starts_with("proj-polite-1 Exited (0) ")), "{ps}");
    assert!(ps.lines().any(|l| l.starts_with("proj-stubborn-1 Exited (137) ")), "{ps}");
    assert_eq!(root.docker(&["compose", "down"]).0, 0);
}

/// Ctrl-C on a foreground `run` is sent on to the container as SIGINT (`--sig-proxy`): one
/// that traps it ends with its own code, and `--rm` removes it. One that ignores it keeps
/// running until the third Ctrl-C, when the client gives up with docker's message and exit 1;
/// without a daemon of its own to outlive the command, the container is killed then.
#[test]
fn run_forwards_ctrl_c_and_gives_up_at_the_third() {
    let Some(root) = Root::new() else { return };
    let log = root.path("run.log");
    let file = fs::File::create(&log).unwrap();
    let script = "trap 'echo got INT; exit 3' INT; echo up; while true; do sleep 0.1; done";
    let mut run = root.command(&["run", "--rm", "--network", "none", "busybox", "sh", "-c", script]).stdout(file.try_clone().unwrap()).stderr(file).spawn().unwrap();
    wait_for_text(&log, "up\n");
    sigint(&run);
    assert_eq!(wait_bounded(&mut run), 3, "{}", fs::read_to_string(&log).unwrap());
    assert_eq!(fs::read_to_string(&log).unwrap(), "up\ngot INT\n");
    assert_eq!(root.docker(&["ps", "-aq"]).1, "", "--rm removed it");

    let log = root.path("stubborn.log");
    let file = fs::File::create(&log).unwrap();
    let mut run = root.command(&["run", "--name", "stubborn", "--network", "none", "busybox", "sh", "-c", "trap '' INT; echo up; sleep 1000"]).stdout(file.try_clone().unwrap()).stderr(file).spawn().unwrap();
    wait_for_text(&log, "up\n");
    for _ in 0..2 {
        sigint(&run);
        std::thread::sleep(Duration::from_millis(300));
        assert!(run.try_wait().unwrap().is_none(), "an ignored Ctrl-C ends nothing");
    }
    sigint(&run);
    assert_eq!(wait_bounded(&mut run), 1);
    assert_eq!(fs::read_to_string(&log).unwrap(), "up\n\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n");
    let (_, ps, _) = root.docker(&["ps", "-a", "--format", "{{.Names}} {{.Status}}"]);
    assert!(ps.starts_with("stubborn Exited "), "{ps}");
}

/// `-p 127.0.0.1:5353:5300/udp`: a datagram to the host port reaches the container's UDP server
/// (the host's python3, `chroot`ed to through a read-only bind of `/`), and its reply comes
/// back from that port.
#[test]
fn a_published_udp_port_forwards_both_ways() {
    let Some(root) = Root::new() else { return };
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("SKIPPED: no python3 for the UDP server in the container");
        return;
    }
    let server = "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(('0.0.0.0', 5300))\nprint('listening')\ndata, peer = s.recvfrom(2048)\nprint('got', data.decode())\ns.sendto(b'echo ' + data, peer)\n";
    // A network of its own, with a subnet no other root's first containers take (those on
    // docker0 all start at 172.17.0.2); the one-shot deletes its bridge when it ends. Not port
    // 53 in the container: on a user network the embedded DNS holds 127.0.0.11:53 there.
    let (code, _, err) = root.docker(&["network", "create", "--subnet", "172.30.253.0/24", "udpnet"]);
    assert_eq!(code, 0, "{err}");
    let mut run = root.command(&["run", "--rm", "--network", "udpnet", "-v", "/:/host:ro", "-p", "127.0.0.1:5353:5300/udp", "busybox", "chroot", "/host", "python3", "-u", "-c", server]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Its first line once it listens (or end of output if it failed).
    let mut stdout = std::io::BufReader::new(run.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    if line != "listening\n" {
        let out = run.wait_with_output().unwrap();
        panic!("the UDP server did not start: {line}{}", String::from_utf8_lossy(&out.stderr));
    }
    let client = UdpSocket::bind("127.0.0.1:0").unwrap();
    client.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    let mut buf = [0u8; 64];
    let start = Instant::now();
    // Sent again until answered, in case a datagram is lost.
    let reply = loop {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = run.kill();
            let out = run.wait_with_output().unwrap();
            panic!("no UDP reply after 20 s; the container said: {}", String::from_utf8_lossy(&out.stderr));
        }
        client.send_to(b"ping", "127.0.0.1:5353").unwrap();
        if let Ok((n, from)) = client.recv_from(&mut buf) {
            break (String::from_utf8_lossy(&buf[..n]).into_owned(), from.to_string());
        }
    };
    assert_eq!(reply, ("echo ping".to_string(), "127.0.0.1:5353".to_string()));
    let code = wait_bounded(&mut run);
    let mut out = String::new();
    stdout.read_to_string(&mut out).unwrap();
    let mut err = String::new();
    run.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!((code, out.as_str()), (0, "got ping\n"), "{err}");
}

/// `--tmpfs` and `--mount type=tmpfs` get dockerd's `noexec,nosuid,nodev` and their own size
/// and mode; `exec` lifts `noexec`.
#[test]
fn tmpfs_mounts_carry_their_options() {
    let Some(root) = Root::new() else { return };
    let script = "grep -E ' /(x|y|e) ' /proc/mounts | sort; df -k /x /y | tail -n 2 | awk '{print $6, $2}'; stat -c '%a %n' /x /y";
    let (code, out, err) = root.docker(&["run", "--rm", "--network", "none", "--tmpfs", "/x:size=64k,mode=1770", "--mount", "type=tmpfs,dst=/y,tmpfs-size=131072,tmpfs-mode=0700", "--tmpfs", "/e:exec", "busybox", "sh", "-c", script]);
    assert_eq!(code, 0, "{err}");
    let expected = "tmpfs /e tmpfs rw,nosuid,nodev,relatime 0 0\n\
                    tmpfs /x tmpfs rw,nosuid,nodev,noexec,relatime,size=64k,mode=1770 0 0\n\
                    tmpfs /y tmpfs rw,nosuid,nodev,noexec,relatime,size=128k,mode=700 0 0\n\
                    /x 64\n/y 128\n1770 /x\n700 /y\n";
    assert_eq!(out, expected);
}

/// `--network none` leaves the container its loopback, up: 127.0.0.1 answers, and nothing
/// else is there.
#[test]
fn network_none_keeps_a_working_loopback() {
    let Some(root) = Root::new() else { return };
    let script = "ls /sys/class/net; ip -o -4 addr show; ping -c 1 -W 2 127.0.0.1 >/dev/null && echo loopback answers";
    let (code, out, err) = root.docker(&["run", "--rm", "--network", "none", "busybox", "sh", "-c", script]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "lo", "{out}");
    assert!(lines[1].starts_with("1: lo    inet 127.0.0.1/8 scope host lo"), "{out}");
    assert_eq!(lines[2..], ["loopback answers"], "{out}");
}

/// `import --change` applies Dockerfile instructions to the new image's config; one it does
/// not take fails before anything is stored.
#[test]
fn import_applies_changes() {
    let Some(root) = Root::new() else { return };
    let tar = root.path("busybox.tar");
    let tar = tar.to_str().unwrap();
    let changes = ["CMD [\"sh\", \"-c\", \"echo A=$A in $(pwd) as $(id -u)\"]", "ENV A=b", "WORKDIR /tmp", "USER 65534", "EXPOSE 53/udp", "LABEL team=docs", "VOLUME /data", "ONBUILD RUN true"];
    let mut args = vec!["import"];
    for c in &changes {
        args.extend(["--change", c]);
    }
    args.extend([tar, "changed"]);
    let (code, out, err) = root.docker(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("sha256:"), "{out}");
    let format = "{{json .Config.Cmd}} {{json .Config.Env}} {{.Config.WorkingDir}} {{.Config.User}} {{json .Config.ExposedPorts}} {{json .Config.Labels}} {{json .Config.Volumes}} {{json .Config.OnBuild}}";
    let (_, inspect, _) = root.docker(&["image", "inspect", "-f", format, "changed"]);
    assert_eq!(inspect, "[\"sh\",\"-c\",\"echo A=$A in $(pwd) as $(id -u)\"] [\"A=b\"] /tmp 65534 {\"53/udp\":{}} {\"team\":\"docs\"} {\"/data\":{}} [\"RUN true\"]\n");
    let (code, out, err) = root.docker(&["run", "--rm", "--network", "none", "changed"]);
    assert_eq!((code, out.as_str()), (0, "A=b in /tmp as 65534\n"), "{err}");
    let (code, _, err) = root.docker(&["import", "-c", "FROM scratch", tar, "bad"]);
    assert_eq!((code, err.as_str()), (1, "Error response from daemon: from is not a valid change command\n"));
    assert_eq!(root.docker(&["images", "-q", "bad"]).1, "");
}

/// A `run --rm` leaves the daemon's state as it found it, so the state file is not rewritten
/// (a rewrite is a rename: a new inode), with `--network none` as on the default bridge.
#[test]
fn a_run_that_leaves_nothing_behind_writes_no_state() {
    use std::os::unix::fs::MetadataExt;
    let Some(root) = Root::new() else { return };
    let state = root.path("state/daemon/state.json");
    for network in ["none", "bridge"] {
        let run = ["run", "--rm", "--network", network, "busybox", "true"];
        assert_eq!(root.docker(&run).0, 0);
        let before = fs::metadata(&state).unwrap().ino();
        let (code, _, err) = root.docker(&run);
        assert_eq!(code, 0, "{err}");
        assert_eq!(fs::metadata(&state).unwrap().ino(), before, "--network {network} rewrote {}", state.display());
    }
}
