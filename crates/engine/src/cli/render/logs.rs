//! `docker logs` over `json-file` entries: which entries the daemon sends for `--tail`,
//! `--since` and `--until`, and how `-t` prefixes them. The caller writes each chunk to the
//! stream it came from, in order, so stdout and stderr interleave as they were written.

use crate::api::{GoTime, LogEntry};
use crate::kernel::Timestamp;

/// Which stream a chunk goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// The container's stdout.
    Stdout,
    /// Its stderr.
    Stderr,
}

/// The flags that choose and shape the entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `-t`: prefix each entry with its time (nine fraction digits, UTC) and a space.
    pub timestamps: bool,
    /// `--tail N`: only the last N entries; `None` for `all`.
    pub tail: Option<usize>,
    /// `--since`: skip entries before this instant.
    pub since: Option<Timestamp>,
    /// `--until`: stop at the first entry after this instant.
    pub until: Option<Timestamp>,
}

/// The chunks `docker logs` writes: the last `tail` entries, then those in the time window.
pub fn render(entries: &[LogEntry], opts: &Options) -> Vec<(Stream, String)> {
    let start = opts.tail.map_or(0, |n| entries.len().saturating_sub(n));
    let mut out = Vec::new();
    for e in &entries[start..] {
        let t = e.time.unix_nanos();
        if opts.since.is_some_and(|since| t < since) {
            continue;
        }
        if opts.until.is_some_and(|until| t > until) {
            break;
        }
        let stream = if e.stream == "stderr" { Stream::Stderr } else { Stream::Stdout };
        let text = if opts.timestamps { format!("{} {}", GoTime::from_unix_nanos(t).rfc3339_nano_fixed(), e.log) } else { e.log.clone() };
        out.push((stream, text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<LogEntry> {
        include_str!("testdata/docker-json-file-log-sample.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    #[test]
    fn streams_stay_apart_and_in_order() {
        let out = render(&sample(), &Options::default());
        assert_eq!(out, vec![(Stream::Stderr, "err 0\n".into()), (Stream::Stdout, "tick 0\n".into()), (Stream::Stdout, "tick 1\n".into())]);
    }

    #[test]
    fn timestamps_tail_and_since() {
        let opts = Options { timestamps: true, tail: Some(2), ..Options::default() };
        let out = render(&sample(), &opts);
        assert_eq!(out[0], (Stream::Stdout, "2026-11-22T11:02:44.320908502Z tick 0\n".into()));
        assert_eq!(out.len(), 2);
        assert!(render(&sample(), &Options { tail: Some(0), ..Options::default() }).is_empty());
        let since = GoTime::parse("2026-11-22T11:02:44.5Z").unwrap().unix_nanos();
        assert_eq!(render(&sample(), &Options { since: Some(since), ..Options::default() }), vec![(Stream::Stdout, "tick 1\n".into())]);
        let until = GoTime::parse("2026-11-22T11:02:44.3209Z").unwrap().unix_nanos();
        assert_eq!(render(&sample(), &Options { until: Some(until), ..Options::default() }).len(), 1);
    }
}
