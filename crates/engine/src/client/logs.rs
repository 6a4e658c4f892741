//! `docker logs [-f] [-t] [--tail N] [--since T]`: the container's log, then with `-f` what
//! it writes until it stops.

use std::future::poll_fn;

use super::Client;
use crate::api::gotime::GoTime;
use crate::cli::grammar::Parsed;
use crate::daemon::LogChunk;

/// How many lines `--tail` keeps: `all` (or anything unparsable) keeps everything.
fn tail_count(s: &str) -> Option<usize> {
    s.parse::<usize>().ok()
}

/// docker's `timetypes.GetTimestamp` for `--since`: a duration before now (`10m`), Unix
/// seconds, or an RFC 3339 time.
pub(super) fn since_nanos(s: &str, now: i64) -> Result<i64, String> {
    // (Docker reads a bare `0` as the Unix epoch, not as a zero duration.)
    if let Ok(d) = crate::golang::parse_duration(s).map_err(drop).and_then(|d| if s == "0" { Err(()) } else { Ok(d) }) {
        return Ok(now - d);
    }
    if let Ok(secs) = s.parse::<f64>() {
        return Ok((secs * 1e9) as i64);
    }
    GoTime::parse(s).map(|t| t.unix_nanos()).map_err(|_| format!("invalid value for \"since\": failed to parse value as time or duration: \"{s}\""))
}

impl Client<'_> {
    async fn print_chunk(&self, chunk: &LogChunk, timestamps: bool) {
        if timestamps {
            let stamp = GoTime::from_unix_nanos(chunk.time).rfc3339_nano_fixed();
            let mut line = format!("{stamp} ").into_bytes();
            line.extend_from_slice(&chunk.bytes);
            self.io.write(chunk.stream, &line).await;
        } else {
            self.io.write(chunk.stream, &chunk.bytes).await;
        }
    }

    /// `docker logs`.
    pub(super) async fn logs(&self, p: &Parsed) -> i32 {
        let name = &p.args[0];
        let timestamps = p.bool("timestamps");
        let found = self.daemon.borrow().lookup(name);
        let id = match found {
            Ok(id) => id,
            Err(e) => return self.daemon_error(&e).await,
        };
        let since = match p.value("since") {
            Some(s) => match since_nanos(s, self.now()) {
                Ok(t) => Some(t),
                Err(e) => {
                    self.err(&format!("{e}\n")).await;
                    return 1;
                }
            },
            None => None,
        };
        let chunks: Vec<LogChunk> = self.daemon.borrow().container(&id).map(|c| c.log.clone()).unwrap_or_default();
        let chunks: Vec<LogChunk> = chunks.into_iter().filter(|c| since.is_none_or(|s| c.time >= s)).collect();
        let skip = p.value("tail").and_then(tail_count).map_or(0, |n| chunks.len().saturating_sub(n));
        for chunk in &chunks[skip..] {
            self.print_chunk(chunk, timestamps).await;
        }
        if !p.bool("follow") {
            return 0;
        }
        let mut next = self.daemon.borrow().container(&id).map(|c| c.log.len()).unwrap_or(0);
        loop {
            let step = poll_fn(|cx| self.daemon.borrow_mut().poll_log_from(&id, next, cx)).await;
            let Some(new) = step else { return 0 };
            next += new.len();
            for chunk in &new {
                self.print_chunk(chunk, timestamps).await;
            }
        }
    }
}
