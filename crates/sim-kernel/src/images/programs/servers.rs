//! nginx: prints the log lines the real one prints when a container starts, serves HTTP on
//! port 80 ([`super::http`]) until a signal, then prints its shutdown lines and exits as the
//! real one does on that signal. The log helpers here are shared with the registry
//! ([`super::registry`]) and the databases ([`super::db`]).

use crate::program::Programs;
use crate::signal::{SIGINT, SIGQUIT, SIGTERM};
use crate::sys::Proc;
use crate::userland::coreutils::timefmt::{gmtime, strftime};

/// Registers nginx under the name its image's executable gives.
pub fn register(p: &mut Programs) {
    p.register("nginx", |proc| Box::pin(nginx(proc)));
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
    let sig = super::http::serve_site(&p, &[SIGQUIT, SIGTERM, SIGINT]).await;
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
