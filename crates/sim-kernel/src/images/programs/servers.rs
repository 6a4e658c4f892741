//! nginx and registry: each prints the log lines its real counterpart prints when a container
//! starts, waits for a signal, then prints its shutdown lines and exits as the real one does
//! on that signal. nginx also serves HTTP on port 80 ([`super::http`]); the registry serves
//! nothing yet. The databases are working servers in [`super::db`]; the log helpers here are
//! shared with them.

use std::task::Poll;

use crate::program::Programs;
use crate::signal::{Disposition, Signal, SIGINT, SIGQUIT, SIGTERM};
use crate::sys::Proc;
use crate::userland::coreutils::timefmt::{gmtime, strftime};

/// Registers the servers under the names their images' executables give.
pub fn register(p: &mut Programs) {
    p.register("nginx", |proc| Box::pin(nginx(proc)));
    p.register("registry", |proc| Box::pin(registry(proc)));
}

/// Catches `signals` and sleeps (without a timer, so the clock is not moved) until one comes.
pub(super) async fn wait_for(p: &Proc, signals: &[Signal]) -> Signal {
    for &s in signals {
        let _ = p.set_disposition(s, Disposition::Catch);
    }
    loop {
        let _ = p.block(|_, _| Poll::<Result<(), _>>::Pending).await;
        if let Some(s) = p.take_signals().into_iter().find(|s| signals.contains(s)) {
            return s;
        }
    }
}

/// The current time in `fmt` (strftime, `%N` nanoseconds).
pub(super) fn now(p: &Proc, fmt: &str) -> String {
    let t = p.now();
    strftime(fmt, &gmtime(t.div_euclid(1_000_000_000)), t.rem_euclid(1_000_000_000) as u32)
}

/// Milliseconds of the current time, for formats that show three digits.
pub(super) fn millis(p: &Proc) -> String {
    format!("{:03}", p.now().rem_euclid(1_000_000_000) / 1_000_000)
}

pub(super) async fn err_lines(p: &Proc, lines: &[String]) {
    let mut s = lines.join("\n");
    s.push('\n');
    p.eprint(&s).await;
}

pub(super) async fn out_lines(p: &Proc, lines: &[String]) {
    let mut s = lines.join("\n");
    s.push('\n');
    p.print(&s).await;
}

/// `nginx -g 'daemon off;'`: the master's notices on stderr; SIGQUIT shuts down gracefully,
/// SIGTERM and SIGINT fast; both exit 0.
async fn nginx(p: Proc) -> i32 {
    let pid = p.pid();
    let ts = || now(&p, "%Y/%m/%d %H:%M:%S");
    let workers = [pid + 28, pid + 29];
    let mut lines: Vec<String> = ["using the \"epoll\" event method", "nginx/1.25.3", "built by gcc 12.2.0 (Debian 12.2.0-14) ", "OS: Linux 6.1.0-13-amd64", "getrlimit(RLIMIT_NOFILE): 1048576:1048576", "start worker processes"]
        .iter()
        .map(|m| format!("{} [notice] {pid}#{pid}: {m}", ts()))
        .collect();
    lines.extend(workers.iter().map(|w| format!("{} [notice] {pid}#{pid}: start worker process {w}", ts())));
    err_lines(&p, &lines).await;
    let sig = super::http::serve(&p, &[SIGQUIT, SIGTERM, SIGINT]).await;
    let ts = now(&p, "%Y/%m/%d %H:%M:%S");
    let mut lines = Vec::new();
    if sig == SIGQUIT {
        lines.push(format!("{ts} [notice] {pid}#{pid}: signal 3 (SIGQUIT) received, shutting down"));
        for w in workers {
            lines.push(format!("{ts} [notice] {w}#{w}: gracefully shutting down"));
            lines.push(format!("{ts} [notice] {w}#{w}: exiting"));
            lines.push(format!("{ts} [notice] {w}#{w}: exit"));
        }
    } else {
        let name = if sig == SIGTERM { "15 (SIGTERM)" } else { "2 (SIGINT)" };
        lines.push(format!("{ts} [notice] {pid}#{pid}: signal {name} received, exiting"));
        for w in workers {
            lines.push(format!("{ts} [notice] {w}#{w}: exiting"));
            lines.push(format!("{ts} [notice] {w}#{w}: exit"));
        }
    }
    for w in workers {
        lines.push(format!("{ts} [notice] {pid}#{pid}: signal 17 (SIGCHLD) received from {w}"));
        lines.push(format!("{ts} [notice] {pid}#{pid}: worker process {w} exited with code 0"));
    }
    lines.push(format!("{ts} [notice] {pid}#{pid}: exit"));
    err_lines(&p, &lines).await;
    0
}

/// `registry serve /etc/docker/registry/config.yml` (2.8): logrus lines on stderr; SIGTERM
/// drains and exits 0. (Serving `localhost:5000` is a later issue; see [`super`].)
async fn registry(p: Proc) -> i32 {
    let fields = "go.version=go1.20.8 instance.id=5e0cf1c4-6e15-4e2b-9a3f-2f4b5d1c9e27 service=registry version=2.8.3";
    let line = |level: &str, msg: &str| format!("time=\"{}Z\" level={level} msg=\"{msg}\" {fields}", now(&p, "%Y-%m-%dT%H:%M:%S.%N"));
    err_lines(&p, &[
        line("warning", "No HTTP secret provided - generated random secret. This may cause problems with uploads if multiple registries are behind a load-balancer. To provide a shared secret, fill in http.secret in the configuration file or set the REGISTRY_HTTP_SECRET environment variable."),
        line("info", "redis not configured"),
        line("info", "Starting upload purge in 20m0s"),
        line("info", "using inmemory blob descriptor cache"),
        line("info", "listening on [::]:5000"),
    ])
    .await;
    wait_for(&p, &[SIGTERM, SIGINT]).await;
    err_lines(&p, &[line("info", "stopping server gracefully. Draining connections for 0s")]).await;
    0
}
