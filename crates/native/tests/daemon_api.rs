//! `wharf daemon` driven by the real docker CLI over a unix socket: a busybox image loaded with
//! `docker load`, then run, exit codes, detached containers, logs, exec and inspect. Needs
//! root, overlayfs, `/bin/busybox` and a `docker` client (Debian's `docker.io`; its dockerd is
//! never started); without them each test prints `SKIPPED: <reason>` and passes.

#[path = "support/busybox_root.rs"]
mod busybox_root;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use wharf::dirfs::DirFs;
use wharf_engine::digest::Digest;
use wharf_engine::image::layer;

/// The docker CLI to drive the daemon with: the machine's own (28.x, as the reference
/// outputs) before Debian's 20.10, whose messages differ (`Error: No such container`).
fn docker_cli() -> Option<PathBuf> {
    ["/usr/local/bin/docker", "/usr/bin/docker"].iter().map(PathBuf::from).find(|p| p.exists())
}

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
    if docker_cli().is_none() {
        return Some("no docker CLI (apt-get install docker.io)".into());
    }
    None
}

/// A `docker save` tarball of `busybox:latest`: one layer with busybox and its applets.
fn busybox_image() -> &'static Vec<u8> {
    static IMAGE: OnceLock<Vec<u8>> = OnceLock::new();
    IMAGE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        busybox_root::populate_with(d, busybox_root::IMAGE_DIRS);
        let mut layer_tar = Vec::new();
        let diff_id: Digest = layer::create_from_tree(&DirFs::open(d).unwrap(), &mut layer_tar).unwrap().diff_id;
        let config = format!(
            r#"{{"architecture":"amd64","os":"linux","created":"2024-01-01T00:00:00Z","config":{{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]}},"rootfs":{{"type":"layers","diff_ids":["{diff_id}"]}},"history":[{{"created":"2024-01-01T00:00:00Z","created_by":"busybox-static"}}]}}"#
        );
        let config_name = format!("{}.json", Digest::of(config.as_bytes()).hex());
        let layer_name = format!("{}/layer.tar", diff_id.hex());
        let manifest = format!(r#"[{{"Config":"{config_name}","RepoTags":["busybox:latest"],"Layers":["{layer_name}"]}}]"#);
        let mut out = tar::Builder::new(Vec::new());
        for (name, bytes) in [(config_name.as_str(), config.as_bytes()), (layer_name.as_str(), &layer_tar[..]), ("manifest.json", manifest.as_bytes())] {
            let mut h = tar::Header::new_ustar();
            h.set_size(bytes.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            out.append_data(&mut h, name, bytes).unwrap();
        }
        out.into_inner().unwrap()
    })
}

/// A running `wharf daemon` on a temporary root and socket; stopped (SIGTERM) on drop, which
/// must leave no mount under its root.
struct Wharfd {
    child: Child,
    root: tempfile::TempDir,
    socket: PathBuf,
}

impl Wharfd {
    fn start() -> Option<Wharfd> {
        if let Some(reason) = skip_reason() {
            eprintln!("SKIPPED: {reason}");
            return None;
        }
        let root = tempfile::tempdir().unwrap();
        let socket = root.path().join("wharf.sock");
        let child = Wharfd::spawn(root.path(), &socket);
        let d = Wharfd { child, root, socket };
        let image = d.root.path().join("busybox.tar");
        std::fs::write(&image, busybox_image()).unwrap();
        let out = d.docker(&["load", "-i", image.to_str().unwrap()]);
        assert_eq!(stdout(&out), "Loaded image: busybox:latest\n", "{}", stderr(&out));
        Some(d)
    }

    /// `wharf daemon` on `dir/state`, once it listens on `socket`.
    fn spawn(dir: &Path, socket: &Path) -> Child {
        let child = Command::new(env!("CARGO_BIN_EXE_wharf"))
            .arg("--root")
            .arg(dir.join("state"))
            .arg("daemon")
            .arg("-H")
            .arg(format!("unix://{}", socket.display()))
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while !socket.exists() {
            assert!(start.elapsed() < Duration::from_secs(5), "the daemon did not listen");
            std::thread::sleep(Duration::from_millis(10));
        }
        child
    }

    /// Stops the daemon (SIGTERM), checks it left nothing mounted, and starts a new one on
    /// the same root.
    fn restart(&mut self) {
        self.stop();
        self.child = Wharfd::spawn(self.root.path(), &self.socket);
    }

    fn stop(&mut self) {
        // SAFETY: kill(2) of our own child.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let status = self.child.wait().unwrap();
        let root = self.root.path().to_string_lossy().into_owned();
        let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
        let left: Vec<&str> = mounts.lines().filter(|l| l.contains(root.as_str())).collect();
        if !std::thread::panicking() {
            assert!(status.success(), "daemon exit: {status:?}");
            assert!(left.is_empty(), "mounts left behind: {left:?}");
            assert!(!self.socket.exists(), "the socket is removed");
        }
    }

    /// Runs docker with `input` on its stdin; (exit code, stdout).
    fn run_with_input(&self, args: &[&str], input: &str) -> (i32, String) {
        use std::io::Write;
        let mut child = Command::new("timeout")
            .arg("30")
            .arg(docker_cli().unwrap())
            .env("DOCKER_HOST", format!("unix://{}", self.socket.display()))
            .env("DOCKER_CONFIG", self.root.path().join("docker-config"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (out.status.code().unwrap_or(-1), stdout(&out))
    }

    fn docker(&self, args: &[&str]) -> Output {
        // A hung request fails the test instead of hanging it.
        Command::new("timeout")
            .arg("30")
            .arg(docker_cli().unwrap())
            .env("DOCKER_HOST", format!("unix://{}", self.socket.display()))
            .env("DOCKER_CONFIG", self.root.path().join("docker-config"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// Runs docker and returns (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.docker(args);
        (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
    }
}

impl Drop for Wharfd {
    fn drop(&mut self) {
        self.stop();
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn version_run_and_exit_codes() {
    let Some(d) = Wharfd::start() else { return };
    let (code, out, err) = d.run(&["version", "--format", "{{.Server.Platform.Name}} {{.Server.APIVersion}}"]);
    assert_eq!((code, out.trim()), (0, format!("wharf {} 1.41", env!("CARGO_PKG_VERSION")).as_str()), "{err}");
    let (code, out, err) = d.run(&["run", "--rm", "--pull", "never", "busybox", "echo", "hello"]);
    assert_eq!((code, out.as_str()), (0, "hello\n"), "{err}");
    let (code, out, _) = d.run(&["run", "--rm", "--pull", "never", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3"]);
    assert_eq!((code, out.as_str()), (3, "out\n"));
    let (code, _, err) = d.run(&["run", "--rm", "--pull", "never", "busybox", "no-such-program"]);
    assert_eq!(code, 127, "{err}");
    // stdin sent before the container starts is held for it, and its end closes the input.
    assert_eq!(d.run_with_input(&["run", "--rm", "-i", "--pull", "never", "busybox", "sh", "-c", "cat; echo done"], "piped\n"), (0, "piped\ndone\n".into()));
    let (code, out, _) = d.run(&["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    assert_eq!((code, out.as_str()), (0, "busybox:latest\n"));
    let (code, _, err) = d.run(&["run", "--rm", "--pull", "never", "--device", "/dev/null:/dev/xnull", "busybox", "true"]);
    assert_eq!(code, 125, "{err}");
    assert!(err.contains("wharf does not support HostConfig.Devices yet"), "{err}");
    let (code, _, err) = d.run(&["inspect", "no-such-thing"]);
    assert_eq!(code, 1);
    assert!(err.contains("No such object: no-such-thing"), "{err}");
    assert_eq!(d.run(&["ps", "-aq"]).1, "", "--rm removed them all");
}

#[test]
fn detached_lifecycle_logs_and_exec() {
    let Some(d) = Wharfd::start() else { return };
    let (code, id, err) = d.run(&["run", "-d", "--name", "web", "--pull", "never", "busybox", "sh", "-c", "echo started; trap 'exit 0' TERM; while true; do sleep 0.1; done"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(id.trim().len(), 64);
    let (_, ps, _) = d.run(&["ps", "--format", "{{.Names}} {{.Image}} {{.Status}}"]);
    assert!(ps.starts_with("web busybox Up "), "{ps}");
    assert_eq!(d.run(&["inspect", "-f", "{{.State.Status}}", "web"]).1, "running\n");
    let (code, out, err) = d.run(&["exec", "web", "sh", "-c", "echo in $(hostname | wc -c); ls /proc | grep -c '^[0-9]' >/dev/null; exit 4"]);
    assert_eq!((code, out.as_str()), (4, "in 13\n"), "{err}");
    assert_eq!(d.run_with_input(&["exec", "-i", "web", "tr", "a-z", "A-Z"], "shout\n"), (0, "SHOUT\n".into()));
    let (code, top, err) = d.run(&["top", "web"]);
    assert_eq!(code, 0, "{err}");
    assert!(top.contains("while true"), "{top}");
    let start = Instant::now();
    let mut logs = String::new();
    while !logs.contains("started") && start.elapsed() < Duration::from_secs(3) {
        logs = d.run(&["logs", "web"]).1;
    }
    assert_eq!(logs, "started\n");
    assert_eq!(d.run(&["stop", "web"]), (0, "web\n".into(), String::new()));
    assert_eq!(d.run(&["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "web"]).1, "exited 0\n");
    let (code, _, err) = d.run(&["exec", "web", "true"]);
    assert_eq!(code, 1);
    assert!(err.contains("is not running"), "{err}");
    assert_eq!(d.run(&["rm", "web"]), (0, "web\n".into(), String::new()));
    let (code, _, err) = d.run(&["rm", "web"]);
    // The daemon's words; docker 28's CLI prefixes them with `Error: `, older ones with
    // `Error response from daemon: `.
    assert_eq!(code, 1);
    assert!(err.ends_with(": No such container: web\n"), "{err}");
    // A detached container still running when the daemon stops is stopped and unmounted.
    assert_eq!(d.run(&["run", "-d", "--stop-timeout", "1", "--pull", "never", "busybox", "sleep", "100"]).0, 0);
}

/// The daemon's state outlives it: a daemon told to stop (SIGTERM) stops its running
/// containers as `docker stop` does, so after a restart on the same root they are listed with
/// the exit code that gave (a trapped SIGTERM's own code; 137 for one that ignored it past its
/// stop timeout) and their logs; a volume keeps its data, a user network is still there, a
/// stopped container starts again with its filesystem as it left it, and `--restart always`
/// and `unless-stopped` bring theirs back, while one stopped by hand stays stopped.
#[test]
fn state_survives_a_daemon_restart() {
    let Some(mut d) = Wharfd::start() else { return };
    let (code, _, err) = d.run(&["network", "create", "appnet"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = d.run(&["run", "--name", "done", "-v", "data:/data", "--network", "appnet", "--pull", "never", "busybox", "sh", "-c", "echo kept > /data/f; echo rootfs > /mine; echo said hello"]);
    assert_eq!(code, 0, "{err}");
    // `sh` as PID 1 ignores SIGTERM: SIGKILL after the stop timeout.
    let (code, _, err) = d.run(&["run", "-d", "--name", "long", "--stop-timeout", "1", "--pull", "never", "busybox", "sh", "-c", "echo up; sleep 100"]);
    assert_eq!(code, 0, "{err}");
    let trap = "trap 'echo bye; exit 3' TERM; echo up; while true; do sleep 0.1; done";
    let (code, _, err) = d.run(&["run", "-d", "--name", "polite", "--pull", "never", "busybox", "sh", "-c", trap]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = d.run(&["run", "-d", "--name", "always", "--restart", "always", "--stop-timeout", "1", "--pull", "never", "busybox", "sh", "-c", "echo run; sleep 100"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = d.run(&["run", "-d", "--name", "back", "--restart", "unless-stopped", "--pull", "never", "busybox", "sh", "-c", trap]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = d.run(&["run", "-d", "--name", "halted", "--restart", "unless-stopped", "--pull", "never", "busybox", "sh", "-c", trap]);
    assert_eq!(code, 0, "{err}");
    let start = Instant::now();
    while !["long", "polite", "back", "halted"].iter().all(|n| d.run(&["logs", n]).1.contains("up")) && start.elapsed() < Duration::from_secs(5) {}
    assert_eq!(d.run(&["stop", "halted"]).0, 0);
    d.restart();
    let (_, ps, _) = d.run(&["ps", "-a", "--format", "{{.Names}} {{.Status}}"]);
    let ps: Vec<&str> = ps.lines().collect();
    assert_eq!(ps.len(), 6, "{ps:?}");
    for expected in ["always Up ", "back Up ", "halted Exited (3) ", "long Exited (137) ", "polite Exited (3) ", "done Exited (0) "] {
        assert!(ps.iter().any(|l| l.starts_with(expected)), "{expected:?} in {ps:?}");
    }
    assert_eq!(d.run(&["logs", "done"]).1, "said hello\n");
    assert_eq!(d.run(&["logs", "long"]).1, "up\n");
    assert_eq!(d.run(&["logs", "polite"]).1, "up\nbye\n");
    assert_eq!(d.run(&["inspect", "-f", "{{.RestartCount}} {{.HostConfig.RestartPolicy.Name}}", "always"]).1, "0 always\n");
    assert_eq!(d.run(&["volume", "ls", "--format", "{{.Name}}"]).1, "data\n");
    assert_eq!(d.run(&["network", "ls", "--filter", "name=appnet", "--format", "{{.Name}}"]).1, "appnet\n");
    let (code, out, err) = d.run(&["start", "-a", "done"]);
    assert_eq!((code, out.as_str()), (0, "said hello\n"), "{err}");
    let (code, out, err) = d.run(&["run", "--rm", "-v", "data:/data", "--pull", "never", "busybox", "cat", "/data/f"]);
    assert_eq!((code, out.as_str()), (0, "kept\n"), "{err}");
    let (code, out, err) = d.run(&["cp", "done:/mine", "-"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("rootfs\n"), "the container's own file is still in its filesystem");
    assert_eq!(d.run(&["logs", "done"]).1, "said hello\nsaid hello\n");
    assert_eq!(d.run(&["rm", "-f", "done", "long", "polite", "always", "back", "halted"]).0, 0);
    d.restart();
    assert_eq!(d.run(&["ps", "-aq"]).1, "", "removed containers stay removed");
}

/// Containers on a user-defined network reach each other by name through the embedded DNS
/// on 127.0.0.11, as dockerd's, from the program's first instruction on (the network is set
/// up before it starts); the default bridge gets the host's name servers instead.
#[test]
fn containers_on_a_user_network_reach_each_other_by_name() {
    let Some(d) = Wharfd::start() else { return };
    let (code, _, err) = d.run(&["network", "create", "talk"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = d.run(&["run", "-d", "--name", "server", "--network", "talk", "--network-alias", "db", "--pull", "never", "busybox", "sh", "-c", "echo hello from server > /index.html; httpd -f -p 80 -h /"]);
    assert_eq!(code, 0, "{err}");
    let ip = d.run(&["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "server"]).1;
    let (code, out, err) = d.run(&["run", "--rm", "--network", "talk", "--pull", "never", "busybox", "sh", "-c", "cat /etc/resolv.conf; nslookup server 2>&1; ping -c1 -W2 db >/dev/null && echo ping ok; wget -qO- http://server/index.html"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("nameserver 127.0.0.11\noptions ndots:0\n"), "{out}");
    assert!(out.contains(&format!("Name:\tserver\nAddress: {}\n", ip.trim())), "{out} (server is {ip})");
    assert!(out.contains("ping ok\nhello from server\n"), "{out}");
    // The default bridge has no embedded DNS: the host's name servers, loopback ones left out.
    let (code, out, _) = d.run(&["run", "--rm", "--pull", "never", "busybox", "cat", "/etc/resolv.conf"]);
    assert_eq!(code, 0);
    assert!(out.contains("nameserver ") && !out.contains("127.0.0.11") && !out.contains("nameserver 127."), "{out}");
    assert_eq!(d.run(&["rm", "-f", "server"]).0, 0);
}

/// `wharf docker build` runs the engine's classic builder on the real kernel: RUN in a real
/// container, its overlayfs upper diffed into a layer, the image then run.
#[test]
fn the_builder_runs_natively() {
    if let Some(why) = skip_reason() {
        eprintln!("SKIPPED: {why}");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let ctx = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("busybox.tar"), busybox_image()).unwrap();
    std::fs::write(ctx.path().join("Dockerfile"), "FROM busybox\nRUN echo built natively > /msg\nCMD [\"cat\", \"/msg\"]\n").unwrap();
    let wharf = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_wharf")).arg("--root").arg(root.path()).args(args).output().unwrap();
    let tar = root.path().join("busybox.tar");
    assert!(wharf(&["load", "-i", tar.to_str().unwrap()]).status.success());
    let built = wharf(&["docker", "build", "-t", "nat", ctx.path().to_str().unwrap()]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(stdout(&built).ends_with("Successfully tagged nat:latest\n"), "{}", stdout(&built));
    let ran = wharf(&["docker", "run", "--rm", "nat"]);
    assert_eq!(stdout(&ran), "built natively\n", "{}", stderr(&ran));
}

/// The image-making endpoints through the real docker CLI: `docker build` (its legacy builder,
/// with a context from disk, a failing RUN's exit code and `-q`), `docker commit` with a
/// change, `docker export` into `docker import`; pull and push fail as dockerd's do without a
/// reachable registry.
#[test]
fn build_commit_import_and_offline_pull_and_push_through_the_cli() {
    let Some(d) = Wharfd::start() else { return };
    let ctx = d.root.path().join("ctx");
    std::fs::create_dir(&ctx).unwrap();
    std::fs::write(ctx.join("hello.txt"), "from the context\n").unwrap();
    std::fs::write(ctx.join("Dockerfile"), "FROM busybox\nCOPY hello.txt /hello.txt\nRUN echo built > /built\nCMD [\"cat\", \"/built\", \"/hello.txt\"]\n").unwrap();
    std::fs::write(ctx.join("Failing"), "FROM busybox\nRUN echo trying; exit 3\n").unwrap();
    let ctx_s = ctx.to_str().unwrap();
    let (code, out, err) = d.run(&["build", "-t", "made", ctx_s]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("Sending build context to Docker daemon"), "{out}");
    assert!(out.contains("Step 1/4 : FROM busybox\n") && out.contains("Step 3/4 : RUN echo built > /built\n"), "{out}");
    assert!(out.ends_with("Successfully tagged made:latest\n"), "{out}");
    assert_eq!(d.run(&["run", "--rm", "--pull", "never", "made"]).1, "built\nfrom the context\n");
    let (code, out, err) = d.run(&["build", "-f", ctx.join("Failing").to_str().unwrap(), ctx_s]);
    assert_eq!(code, 3, "a failed RUN's code: {out}{err}");
    assert!(out.contains("trying\n"), "{out}");
    assert!(err.contains("The command '/bin/sh -c echo trying; exit 3' returned a non-zero code: 3"), "{err}");
    let (code, out, err) = d.run(&["build", "-q", "-t", "made", ctx_s]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, d.run(&["inspect", "-f", "{{.Id}}", "made"]).1, "-q prints the ID only");

    let (code, _, err) = d.run(&["run", "--name", "box", "--pull", "never", "busybox", "sh", "-c", "echo committed > /c"]);
    assert_eq!(code, 0, "{err}");
    let (code, id, err) = d.run(&["commit", "-c", "CMD [\"cat\", \"/c\"]", "-m", "by hand", "box", "snap:1"]);
    assert_eq!(code, 0, "{err}");
    assert!(id.starts_with("sha256:") && id.len() == 72, "{id}");
    assert_eq!(d.run(&["run", "--rm", "--pull", "never", "snap:1"]).1, "committed\n");
    assert_eq!(d.run(&["inspect", "-f", "{{.Comment}}", "snap:1"]).1, "by hand\n");

    let exported = d.root.path().join("box.tar");
    let (code, _, err) = d.run(&["export", "-o", exported.to_str().unwrap(), "box"]);
    assert_eq!(code, 0, "{err}");
    let (code, id, err) = d.run(&["import", exported.to_str().unwrap(), "flat:1"]);
    assert_eq!(code, 0, "{err}");
    assert!(id.starts_with("sha256:"), "{id}");
    assert_eq!(d.run(&["run", "--rm", "--pull", "never", "flat:1", "cat", "/c"]).1, "committed\n");
    assert_eq!(d.run(&["history", "--format", "{{.Comment}}", "flat:1"]).1, "Imported from -\n");
    // `-c` reaches the daemon as `changes` query parameters, applied to the image's config.
    let (code, _, err) = d.run(&["import", "-c", "CMD [\"cat\", \"/c\"]", "--change", "ENV A=b", exported.to_str().unwrap(), "flat:2"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(d.run(&["run", "--rm", "--pull", "never", "flat:2"]).1, "committed\n");
    assert_eq!(d.run(&["inspect", "-f", "{{json .Config.Env}}", "flat:2"]).1, "[\"A=b\"]\n");
    let (code, _, err) = d.run(&["import", "-c", "FROM scratch", exported.to_str().unwrap(), "flat:3"]);
    assert_eq!((code, err.as_str()), (1, "Error response from daemon: from is not a valid change command\n"));

    let (code, _, err) = d.run(&["pull", "busybox:1.36"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("Error response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on "), "{err}");
    assert!(err.trim_end().ends_with("no such host"), "{err}");
    let (code, out, err) = d.run(&["push", "made"]);
    assert_eq!(code, 1);
    assert!(out.ends_with("Using default tag: latest\nThe push refers to repository [docker.io/library/made]\n"), "{out}");
    assert!(err.contains("no such host"), "{err}");
    let (code, _, err) = d.run(&["push", "nothing-here"]);
    assert_eq!(code, 1);
    assert!(err.contains("An image does not exist locally with the tag: nothing-here"), "{err}");
    assert_eq!(d.run(&["rm", "box"]).0, 0);
}

/// `POST /containers/create` answers with the engine's warnings, which the CLI prints after
/// creating the container; none is an empty list.
#[test]
fn create_returns_the_engines_warnings() {
    let Some(d) = Wharfd::start() else { return };
    let (code, _, err) = d.run(&["create", "--name", "hosted", "--network", "host", "-p", "8080:80", "--pull", "never", "busybox", "true"]);
    assert_eq!((code, err.as_str()), (0, "WARNING: Published ports are discarded when using host network mode\n"));
    let (code, _, err) = d.run(&["create", "--name", "plain", "--pull", "never", "busybox", "true"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(d.run(&["rm", "hosted", "plain"]).0, 0);
}

/// A stop signal while the daemon waits for its containers to stop ends the wait: what still
/// runs is killed, and shows exited (255) with the next daemon, as after a crash.
#[test]
fn another_stop_signal_cuts_the_shutdown_short() {
    let Some(mut d) = Wharfd::start() else { return };
    let (code, _, err) = d.run(&["run", "-d", "--name", "stubborn", "--stop-timeout", "600", "--pull", "never", "busybox", "sleep", "1000"]);
    assert_eq!(code, 0, "{err}");
    let start = Instant::now();
    // SAFETY: kill(2) of our own child.
    unsafe { libc::kill(d.child.id() as libc::pid_t, libc::SIGTERM) };
    std::thread::sleep(Duration::from_millis(300));
    assert!(d.child.try_wait().unwrap().is_none(), "the daemon waits for its container (stop timeout 600 s)");
    d.restart(); // the second SIGTERM
    assert!(start.elapsed() < Duration::from_secs(30), "{:?}", start.elapsed());
    let (_, ps, _) = d.run(&["ps", "-a", "--format", "{{.Names}} {{.Status}}"]);
    assert!(ps.starts_with("stubborn Exited (255) "), "{ps}");
}
