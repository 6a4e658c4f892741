//! A line of the `json-file` log driver (`jsonlog.JSONLog`), what `docker logs` reads back.
//! Not an API response: the daemon's on-disk format, one JSON object a line.

use serde::{Deserialize, Serialize};

use super::gotime::GoTime;

/// One log entry: a line (with its `\n`) or a partial line a process wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// The bytes, as text; ends with `\n` unless the line was partial.
    pub log: String,
    /// `stdout` or `stderr`.
    pub stream: String,
    /// When the daemon read it.
    pub time: GoTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_log_lines_round_trip() {
        for line in include_str!("../cli/render/testdata/docker-json-file-log-sample.jsonl").lines() {
            let e: LogEntry = serde_json::from_str(line).unwrap();
            assert_eq!(crate::api::gojson::to_string(&e).unwrap(), line);
        }
    }
}
