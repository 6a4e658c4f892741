//! `docker run`, `docker create` and `docker start`: building the create request from the
//! flags, pulling a missing image, and attaching to the container's streams.

use std::collections::BTreeMap;
use std::future::poll_fn;
use std::task::Poll;

use super::Client;
use crate::api::container::ContainerConfig;
use crate::cli::grammar::{run_error, with_help, Parsed};
use crate::cli::units::ram_in_bytes;
use crate::collect::CollectMap;
use crate::daemon::{ApiError, AttachId, CreateRequest, HostOptions, RestartPolicy, WaitCondition};
use crate::kernel::Stream;

/// Reads `--env-file` lines as docker does: `KEY=value`, a bare `KEY` taking the client's
/// value (none here), `#` comments and blank lines skipped.
fn env_file_lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim_start).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

/// The `--health-*` flags as a `HealthConfig` (`None`: the image's stays).
fn health_flags(p: &Parsed) -> Result<Option<crate::api::container::HealthConfig>, String> {
    if p.bool("no-healthcheck") {
        return Ok(Some(crate::api::container::HealthConfig { test: vec!["NONE".into()], ..Default::default() }));
    }
    let duration = |flag: &str| -> Result<i64, String> { p.value(flag).map_or(Ok(0), |v| crate::golang::parse_duration(v).map_err(|e| format!("invalid argument \"{v}\" for \"--{flag}\" flag: {e}"))) };
    let (interval, timeout, start_period) = (duration("health-interval")?, duration("health-timeout")?, duration("health-start-period")?);
    let retries = if p.has("health-retries") { p.int("health-retries") } else { 0 };
    let cmd = p.value("health-cmd");
    if cmd.is_none() && interval == 0 && timeout == 0 && start_period == 0 && retries == 0 {
        return Ok(None);
    }
    let test = cmd.map(|c| vec!["CMD-SHELL".to_string(), c.to_string()]).unwrap_or_default();
    Ok(Some(crate::api::container::HealthConfig { test, interval, timeout, start_period, retries }))
}

/// `--cpus 1.5` in billionths of a CPU, with docker's error text.
fn nano_cpus(s: &str) -> Result<u64, String> {
    let v: f64 = s.parse().map_err(|_| format!("invalid argument \"{s}\" for \"--cpus\" flag: failed to parse {s} as a rational number"))?;
    Ok((v * 1e9).round() as u64)
}

/// Docker's default detach sequence, Ctrl-P Ctrl-Q, found in the input stream: what to
/// forward to the container, and whether the sequence was completed. A lone Ctrl-P is held
/// back until the next key shows whether it starts the sequence.
#[derive(Default)]
struct DetachKeys {
    held_ctrl_p: bool,
}

impl DetachKeys {
    const CTRL_P: u8 = 0x10;
    const CTRL_Q: u8 = 0x11;

    fn scan(&mut self, input: &[u8]) -> (Vec<u8>, bool) {
        let mut out = Vec::with_capacity(input.len() + 1);
        for &b in input {
            if self.held_ctrl_p {
                self.held_ctrl_p = false;
                if b == Self::CTRL_Q {
                    return (out, true);
                }
                out.push(Self::CTRL_P);
            }
            if b == Self::CTRL_P {
                self.held_ctrl_p = true;
            } else {
                out.push(b);
            }
        }
        (out, false)
    }
}

/// How an attached client's streaming ended.
pub(super) enum AttachEnd {
    /// The container's output ended (it exited): wait for its code.
    Ended,
    /// The user detached (Ctrl-P Ctrl-Q): the container runs on.
    Detached,
    /// The third interrupt: the client gives up, the container runs on.
    ForcedExit,
}

/// Interrupts after which the docker CLI stops forwarding and exits.
const FORCED_EXIT_INTERRUPTS: u32 = 3;

impl Client<'_> {
    /// The create request the flags of `run`/`create` describe (`IMAGE [COMMAND] [ARG...]`).
    async fn create_request(&self, p: &Parsed) -> Result<CreateRequest, String> {
        let image = p.args[0].clone();
        let cmd: Vec<String> = p.args[1..].to_vec();
        let mut env = Vec::new();
        for path in p.values("env-file") {
            let bytes = self.io.read_file(path).await.map_err(|_| format!("open {path}: no such file or directory"))?;
            env.extend(env_file_lines(&String::from_utf8_lossy(&bytes)));
        }
        env.extend(p.values("env").iter().cloned());
        let labels: BTreeMap<String, String> = p.values("label").iter().map(|l| l.split_once('=').map_or((l.clone(), String::new()), |(k, v)| (k.to_string(), v.to_string()))).collect_map();
        let mounts = super::volumes::mount_flags(p).map_err(|e| e.message)?;
        let volumes: BTreeMap<String, crate::api::container::Empty> = mounts.anonymous.iter().map(|v| (v.clone(), Default::default())).collect_map();
        let healthcheck = health_flags(p)?;
        let mut config = ContainerConfig {
            volumes: (!volumes.is_empty()).then_some(volumes),
            hostname: p.string("hostname").to_string(),
            user: p.string("user").to_string(),
            tty: p.bool("tty"),
            open_stdin: p.bool("interactive"),
            stdin_once: p.bool("interactive"),
            attach_stdin: p.bool("interactive") && !p.bool("detach"),
            attach_stdout: !p.bool("detach"),
            attach_stderr: !p.bool("detach"),
            env: (!env.is_empty()).then_some(env),
            cmd: (!cmd.is_empty()).then_some(cmd),
            entrypoint: p.value("entrypoint").map(|e| vec![e.to_string()]),
            working_dir: p.string("workdir").to_string(),
            labels: (!labels.is_empty()).then_some(labels),
            stop_signal: p.string("stop-signal").to_string(),
            stop_timeout: p.has("stop-timeout").then(|| p.int("stop-timeout")),
            healthcheck,
            ..ContainerConfig::default()
        };
        let memory = match p.value("memory") {
            Some(m) => ram_in_bytes(m).map_err(|e| format!("invalid argument \"{m}\" for \"-m, --memory\" flag: {e}"))?,
            None => 0,
        };
        let host = HostOptions {
            auto_remove: p.bool("rm"),
            restart: RestartPolicy::parse(p.string("restart"))?,
            memory,
            nano_cpus: p.value("cpus").map(nano_cpus).transpose()?.unwrap_or(0),
            pids_limit: p.value("pids-limit").map(|v| v.parse::<i64>().unwrap_or(0).max(0) as u64).unwrap_or(0),
            read_only: p.bool("read-only"),
            init: p.bool("init"),
            privileged: p.bool("privileged"),
            cap_add: p.values("cap-add").to_vec(),
            cap_drop: p.values("cap-drop").to_vec(),
            security_opt: p.values("security-opt").to_vec(),
            network_mode: p.value("network").unwrap_or("default").to_string(),
            binds: mounts.binds,
            mounts: mounts.mounts,
            tmpfs: mounts.tmpfs,
            volumes_from: mounts.volumes_from,
        };
        if host.auto_remove && host.restart != RestartPolicy::No {
            return Err("Conflicting options: --restart and --rm".into());
        }
        let network = super::network::network_request(p, &mut config)?;
        Ok(CreateRequest { name: p.value("name").map(str::to_string), image, config, host, network })
    }

    /// Creates the container, pulling the image first when it is missing (`--pull missing`),
    /// as docker's `createContainer` does (printing the daemon's warnings after it); `-q`
    /// silences the pull. Errors are the text to print.
    async fn create_pulling(&self, req: CreateRequest, p: &Parsed) -> Result<String, String> {
        let warnings = crate::daemon::create_warnings(&req.host.network_mode, &req.network);
        let created = self.create_or_pull(req, p).await;
        if created.is_ok() {
            for w in warnings {
                self.err(&format!("WARNING: {w}\n")).await;
            }
        }
        created
    }

    async fn create_or_pull(&self, req: CreateRequest, p: &Parsed) -> Result<String, String> {
        let (pull, quiet) = (p.string("pull"), p.bool("quiet"));
        let first = self.daemon.borrow_mut().container_create(req.clone());
        match first {
            Ok(id) => Ok(id),
            Err(e) if e.is_not_found() && e.message.starts_with("No such image") && pull != "never" => {
                let reference = crate::image::reference::Reference::parse(&req.image).map(|r| r.with_default_tag().familiar_string()).unwrap_or_else(|_| req.image.clone());
                if !quiet {
                    self.err(&format!("Unable to find image '{reference}' locally\n")).await;
                }
                self.pull_image(&req.image, (!quiet).then_some(Stream::Stderr), false).await?;
                self.daemon.borrow_mut().container_create(req).map_err(|e| format!("Error response from daemon: {e}"))
            }
            Err(e) => Err(format!("Error response from daemon: {e}")),
        }
    }

    /// `docker create`.
    pub(super) async fn create_command(&self, p: &Parsed) -> i32 {
        if let Err(e) = super::volumes::mount_flags(p) {
            self.err(&format!("{}\n", e.message)).await;
            return e.exit_code();
        }
        let req = match self.create_request(p).await {
            Ok(r) => r,
            Err(msg) => {
                self.err(&format!("{}\n", with_help("create", &msg))).await;
                return 125;
            }
        };
        match self.create_pulling(req, p).await {
            Ok(id) => {
                self.out(&format!("{id}\n")).await;
                0
            }
            Err(msg) => {
                self.err(&format!("{}\n", with_help("create", &msg))).await;
                125
            }
        }
    }

    /// `docker run`.
    pub(super) async fn run(&self, p: &Parsed) -> i32 {
        let detach = p.bool("detach");
        if let Err(e) = super::volumes::mount_flags(p) {
            self.err(&format!("{}\n", e.message)).await;
            return e.exit_code();
        }
        if p.bool("tty") && p.bool("interactive") && !self.io.stdin_is_tty() {
            self.err("the input device is not a TTY\n").await;
            return 1;
        }
        let req = match self.create_request(p).await {
            Ok(r) => r,
            Err(msg) => {
                self.err(&format!("{}\n", with_help("run", &msg))).await;
                return 125;
            }
        };
        let auto_remove = req.host.auto_remove;
        let id = match self.create_pulling(req, p).await {
            Ok(id) => id,
            Err(msg) => {
                self.err(&format!("{}\n", with_help("run", &msg))).await;
                return 125;
            }
        };
        if detach {
            return match self.start_container(&id) {
                Ok(()) => {
                    self.out(&format!("{id}\n")).await;
                    0
                }
                Err(e) => self.run_start_failed(&id, &e, auto_remove).await,
            };
        }
        let condition = if auto_remove { WaitCondition::Removed } else { WaitCondition::NextExit };
        let (ticket, wait) = {
            let mut d = self.daemon.borrow_mut();
            let ticket = d.attach(&id).expect("just created");
            (ticket, d.wait_start(&id, condition).expect("just created"))
        };
        if let Err(e) = self.start_container(&id) {
            self.daemon.borrow_mut().detach(ticket);
            return self.run_start_failed(&id, &e, auto_remove).await;
        }
        match self.stream_attached(&id, ticket, p.bool("interactive"), p.bool("sig-proxy")).await {
            AttachEnd::Detached => 0,
            AttachEnd::ForcedExit => 1,
            AttachEnd::Ended => poll_fn(|cx| self.daemon.borrow_mut().poll_wait(wait, cx)).await,
        }
    }

    fn start_container(&self, id: &str) -> Result<(), ApiError> {
        self.daemon.borrow_mut().container_start(id)
    }

    /// A `run` whose container would not start: docker's message and exit code (127 not
    /// found, 126 not executable, 125 otherwise); with `--rm` the container goes too.
    async fn run_start_failed(&self, id: &str, e: &ApiError, auto_remove: bool) -> i32 {
        if auto_remove {
            let _ = self.daemon.borrow_mut().container_remove(id, true);
        }
        let (text, code) = run_error(&format!("Error response from daemon: {e}"));
        self.err(&format!("{text}\n")).await;
        code
    }

    /// Copies an attached container's output to ours until it ends, and with `-i` our
    /// input to its stdin. With `sig_proxy` and no TTY (whose Ctrl-C is a byte for the
    /// container's terminal), a Ctrl-C is sent on to the container as SIGINT, which a PID 1
    /// without a handler ignores; the third ends the client (exit 1), as the docker CLI does,
    /// and leaves the container running.
    pub(super) async fn stream_attached(&self, id: &str, ticket: AttachId, interactive: bool, sig_proxy: bool) -> AttachEnd {
        let mut stdin_open = interactive;
        // dockerd watches for the detach keys only on a container with a TTY; without one,
        // Ctrl-P Ctrl-Q are ordinary input.
        let tty = self.daemon.borrow_mut().container(id).is_ok_and(|c| c.config.tty);
        let sig_proxy = sig_proxy && !tty;
        if sig_proxy {
            self.io.catch_interrupts();
        }
        let mut interrupts = 0;
        let mut keys = DetachKeys::default();
        let mut inbuf = vec![0u8; 4096];
        enum Event {
            Output(Option<crate::daemon::LogChunk>),
            Input(usize),
            Interrupt,
        }
        loop {
            let event = {
                let mut read = stdin_open.then(|| self.io.read_stdin(&mut inbuf));
                poll_fn(|cx| {
                    if let Poll::Ready(chunk) = self.daemon.borrow_mut().poll_attach(ticket, cx) {
                        return Poll::Ready(Event::Output(chunk));
                    }
                    if sig_proxy && self.io.poll_interrupt(cx).is_ready() {
                        return Poll::Ready(Event::Interrupt);
                    }
                    if let Some(read) = read.as_mut() {
                        if let Poll::Ready(n) = read.as_mut().poll(cx) {
                            return Poll::Ready(Event::Input(n));
                        }
                    }
                    Poll::Pending
                })
                .await
            };
            match event {
                Event::Interrupt => {
                    interrupts += 1;
                    if interrupts == FORCED_EXIT_INTERRUPTS {
                        self.daemon.borrow_mut().detach(ticket);
                        self.err(&format!("\ngot {FORCED_EXIT_INTERRUPTS} SIGTERM/SIGINTs, forcefully exiting\n")).await;
                        return AttachEnd::ForcedExit;
                    }
                    // The client cannot tell SIGINT from SIGTERM here; Ctrl-C is the one a
                    // learner sends.
                    let _ = self.daemon.borrow_mut().container_kill(id, "SIGINT");
                }
                Event::Output(Some(chunk)) => self.io.write(chunk.stream, &chunk.bytes).await,
                Event::Output(None) => break,
                Event::Input(0) => {
                    stdin_open = false;
                    let _ = self.daemon.borrow_mut().container_write_stdin(id, &[]);
                }
                Event::Input(n) => {
                    let (forward, detached) = if tty { keys.scan(&inbuf[..n]) } else { (inbuf[..n].to_vec(), false) };
                    if !forward.is_empty() {
                        let _ = self.daemon.borrow_mut().container_write_stdin(id, &forward);
                    }
                    if detached {
                        self.daemon.borrow_mut().detach(ticket);
                        return AttachEnd::Detached;
                    }
                }
            }
        }
        self.daemon.borrow_mut().detach(ticket);
        AttachEnd::Ended
    }

    /// `docker start [-a] [-i] CONTAINER...`.
    pub(super) async fn start(&self, p: &Parsed) -> i32 {
        let attach = p.bool("attach") || p.bool("interactive");
        if attach {
            let name = &p.args[0];
            let prepared = {
                let mut d = self.daemon.borrow_mut();
                d.attach(name).and_then(|t| d.wait_start(name, WaitCondition::NextExit).map(|w| (t, w)))
            };
            let (ticket, wait) = match prepared {
                Ok(x) => x,
                Err(e) => return self.daemon_error(&e).await,
            };
            let id = self.daemon.borrow().lookup(name).unwrap_or_default();
            if let Err(e) = self.start_container(&id) {
                self.daemon.borrow_mut().detach(ticket);
                self.daemon_error(&e).await;
                return 1;
            }
            // `start -a` always proxies signals (it has no `--sig-proxy`).
            return match self.stream_attached(&id, ticket, p.bool("interactive"), true).await {
                AttachEnd::Detached => 0,
                AttachEnd::ForcedExit => 1,
                AttachEnd::Ended => poll_fn(|cx| self.daemon.borrow_mut().poll_wait(wait, cx)).await,
            };
        }
        let mut failed = Vec::new();
        for name in &p.args {
            match self.start_container(name) {
                Ok(()) => self.out(&format!("{name}\n")).await,
                Err(e) => {
                    self.err(&format!("Error response from daemon: {e}\n")).await;
                    failed.push(name.clone());
                }
            }
        }
        if failed.is_empty() {
            0
        } else {
            self.err(&format!("Error: failed to start containers: {}\n", failed.join(", "))).await;
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files_skip_comments_and_blanks() {
        assert_eq!(env_file_lines("# x\nA=1\n\n  B=2\n"), ["A=1", "B=2"]);
    }

    #[test]
    fn ctrl_p_ctrl_q_detaches_and_a_lone_ctrl_p_passes() {
        let mut k = DetachKeys::default();
        assert_eq!(k.scan(b"ls\n"), (b"ls\n".to_vec(), false));
        assert_eq!(k.scan(b"a\x10"), (b"a".to_vec(), false));
        assert_eq!(k.scan(b"\x11rest"), (vec![], true));
        let mut k = DetachKeys::default();
        assert_eq!(k.scan(b"\x10x"), (b"\x10x".to_vec(), false));
    }

    #[test]
    fn cpus_are_billionths() {
        assert_eq!(nano_cpus("1.5"), Ok(1_500_000_000));
        assert!(nano_cpus("x").is_err());
    }
}
