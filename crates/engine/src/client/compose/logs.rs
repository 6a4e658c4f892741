//! Compose's log view: each line after a `SERVICE-N | ` prefix (coloured per service on a
//! terminal), from where `--since`/`--tail`/attaching says, until the containers stop.

use std::collections::BTreeMap;
use std::future::poll_fn;
use std::task::Poll;

use super::super::Client;
use super::{Member, COLORS};
use crate::api::gotime::GoTime;
use crate::cli::grammar::Parsed;
use crate::compose::model::Project;
use crate::kernel::Stream;

/// How logs are shown: prefixes, colours, timestamps, and where they start.
#[derive(Debug, Clone, Default)]
pub(super) struct LogView {
    /// `--no-log-prefix`.
    pub no_prefix: bool,
    /// `--no-color` / `--ansi never`.
    pub no_color: bool,
    /// `-t`: each line after its prefix starts with the time the daemon read it.
    pub timestamps: bool,
    /// `--tail N`: the last N lines of each container (`None`: all).
    pub tail: Option<usize>,
    /// `--since`: lines read at or after this time (Unix nanoseconds).
    pub since: Option<i64>,
    /// Per container ID, how many chunks of its log to skip (what it wrote before `up`
    /// attached to it).
    pub from: BTreeMap<String, usize>,
}

impl LogView {
    /// The prefix and colour flags `up` and `logs` share.
    pub(super) fn of(p: &Parsed, no_color: bool) -> Self {
        LogView { no_prefix: p.bool("no-log-prefix"), no_color, ..LogView::default() }
    }
}

impl Client<'_> {
    /// Prints the logs of `members` with Compose's prefixes; with `follow`, until they all
    /// stop (announcing each exit when `exits`).
    /// With `abort`, it returns at the first exit: the container's service and exit code.
    pub(super) async fn stream_logs(&self, project: &Project, members: &[Member], follow: bool, exits: bool, view: &LogView, abort: bool) -> Option<(String, i32)> {
        let short = |m: &Member| m.name.strip_prefix(&format!("{}-", project.name)).unwrap_or(&m.name).to_string();
        let width = members.iter().map(|m| short(m).len()).max().unwrap_or(0);
        let tty = self.io.stdout_is_tty() && !view.no_color;
        let mut services: Vec<&str> = Vec::new();
        let prefixes: Vec<String> = members
            .iter()
            .map(|m| {
                if view.no_prefix {
                    return String::new();
                }
                let text = format!("{:<width$} | ", short(m));
                if !tty {
                    return text;
                }
                let i = services.iter().position(|s| *s == m.service).unwrap_or_else(|| {
                    services.push(&m.service);
                    services.len() - 1
                });
                format!("\x1b[{}m{text}\x1b[0m", COLORS[i % COLORS.len()])
            })
            .collect();
        // Where each container's log starts: `--since`, then the last `--tail` lines.
        let mut cursors: Vec<usize> = {
            let d = self.daemon.borrow();
            members
                .iter()
                .map(|m| {
                    let log = d.container(&m.id).map(|c| c.log.as_slice()).unwrap_or_default();
                    let from = view.since.map_or(0, |t| log.iter().position(|c| c.time >= t).unwrap_or(log.len()));
                    let from = from.max(view.from.get(&m.id).copied().unwrap_or(0));
                    view.tail.map_or(from, |n| from.max(log.len().saturating_sub(n)))
                })
                .collect()
        };
        let mut ended = vec![false; members.len()];
        loop {
            let step = poll_fn(|cx| {
                let mut d = self.daemon.borrow_mut();
                let mut all_done = true;
                for (i, m) in members.iter().enumerate() {
                    let Ok(c) = d.container(&m.id) else {
                        continue;
                    };
                    if cursors[i] < c.log.len() {
                        return Poll::Ready(Some((i, c.log[cursors[i]..].to_vec(), None)));
                    }
                    let done = !c.state.is_running() && c.state.restart_at.is_none();
                    if done && !ended[i] && follow {
                        return Poll::Ready(Some((i, Vec::new(), Some(c.state.exit_code))));
                    }
                    all_done &= done || !follow;
                }
                if all_done {
                    return Poll::Ready(None);
                }
                for m in members {
                    d.watch(&m.id, cx.waker());
                }
                Poll::Pending
            })
            .await;
            let Some((i, chunks, exit)) = step else { return None };
            cursors[i] += chunks.len();
            for chunk in chunks {
                let mut line = prefixes[i].clone().into_bytes();
                if view.timestamps {
                    line.extend_from_slice(format!("{} ", GoTime::from_unix_nanos(chunk.time).rfc3339_nano_fixed()).as_bytes());
                }
                line.extend_from_slice(&chunk.bytes);
                if !line.ends_with(b"\n") {
                    line.push(b'\n');
                }
                self.io.write(Stream::Stdout, &line).await;
            }
            if let Some(code) = exit {
                ended[i] = true;
                if exits {
                    self.out(&format!("{} exited with code {code}\n", short(&members[i]))).await;
                }
                if abort {
                    return Some((members[i].service.clone(), code as i32));
                }
            }
        }
    }
}
