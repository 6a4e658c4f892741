//! The daemon's state on disk under `--root`, so containers, volumes and networks outlive
//! `wharf daemon` and each `wharf docker`:
//!
//! - `daemon/state.json`: the engine's [`Daemon::snapshot`] (containers' configuration and
//!   state, volumes, networks), rewritten whole and atomically (temporary file, fsync,
//!   rename: [`crate::store::write_atomic`]) whenever it changes. One document rather than a
//!   file per container, so a crash never leaves a container whose network is missing.
//! - `containers/ID/ID-json.log`: each container's output in Docker's json-file format,
//!   appended as it comes. Only the last line can be torn by a crash; reading skips it.
//!
//! [`Persister::restore`] loads both into a new daemon; [`Persister::sync`] writes what
//! changed since the last call, cheap enough to run after every turn of the reactor.

use std::collections::HashMap;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use wharf_engine::api::gotime::GoTime;
use wharf_engine::api::logs::LogEntry;
use wharf_engine::daemon::{Daemon, DaemonRef, LogChunk};
use wharf_engine::kernel::Stream;

/// Where one daemon's state lives, and what of it is already written.
pub struct Persister {
    root: PathBuf,
    /// The bytes of the last snapshot written.
    written: Vec<u8>,
    /// Log chunks already in each container's log file.
    logged: HashMap<String, usize>,
}

/// A container's log file.
fn log_path(root: &Path, id: &str) -> PathBuf {
    root.join("containers").join(id).join(format!("{id}-json.log"))
}

/// The json-file line of `chunk`.
fn log_line(chunk: &LogChunk) -> String {
    let stream = match chunk.stream {
        Stream::Stdout => "stdout",
        Stream::Stderr => "stderr",
    };
    let entry = LogEntry { log: String::from_utf8_lossy(&chunk.bytes).into_owned(), stream: stream.into(), time: GoTime::from_unix_nanos(chunk.time) };
    let mut line = wharf_engine::api::gojson::to_string(&entry).expect("plain data serialises");
    line.push('\n');
    line
}

/// The chunks of a json-file log; a torn or foreign line is skipped.
fn read_log(path: &Path) -> Vec<LogChunk> {
    let Ok(text) = fs::read_to_string(path) else { return Vec::new() };
    text.lines()
        .filter_map(|l| serde_json::from_str::<LogEntry>(l).ok())
        .map(|e| LogChunk { stream: if e.stream == "stderr" { Stream::Stderr } else { Stream::Stdout }, time: e.time.unix_nanos(), bytes: e.log.into_bytes() })
        .collect()
}

impl Persister {
    /// The state under `root`.
    pub fn new(root: &Path) -> Persister {
        Persister { root: root.to_path_buf(), written: Vec::new(), logged: HashMap::new() }
    }

    fn state_path(&self) -> PathBuf {
        self.root.join("daemon").join("state.json")
    }

    /// Loads the stored state into `daemon` (which has no containers yet); returns the IDs of
    /// the containers their restart policy started again.
    pub fn restore(&mut self, daemon: &mut Daemon) -> anyhow::Result<Vec<String>> {
        let bytes = match fs::read(self.state_path()) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(anyhow::anyhow!("reading {}: {e}", self.state_path().display())),
        };
        let root = self.root.clone();
        let mut logged = HashMap::new();
        let started = daemon
            .restore(&bytes, &mut |id| {
                let log = read_log(&log_path(&root, id));
                logged.insert(id.to_string(), log.len());
                log
            })
            .map_err(|e| anyhow::anyhow!(e))?;
        self.logged = logged;
        self.written = bytes;
        Ok(started)
    }

    /// Appends new log output and rewrites the snapshot if it changed.
    pub fn sync(&mut self, daemon: &Daemon) -> io::Result<()> {
        self.logged.retain(|id, _| daemon.containers().any(|c| &c.id == id));
        for c in daemon.containers() {
            let done = self.logged.get(&c.id).copied().unwrap_or(0);
            if c.log.len() == done {
                continue;
            }
            let path = log_path(&self.root, &c.id);
            if !path.parent().is_some_and(Path::is_dir) {
                continue; // no root filesystem (its creation failed): nothing ran
            }
            let mut file = if c.log.len() < done {
                OpenOptions::new().create(true).write(true).truncate(true).open(&path)?
            } else {
                OpenOptions::new().create(true).append(true).open(&path)?
            };
            let from = if c.log.len() < done { 0 } else { done };
            let text: String = c.log[from..].iter().map(log_line).collect();
            file.write_all(text.as_bytes())?;
            self.logged.insert(c.id.clone(), c.log.len());
        }
        let snapshot = daemon.snapshot();
        if snapshot != self.written {
            crate::store::write_atomic(&self.state_path(), &snapshot)?;
            self.written = snapshot;
        }
        Ok(())
    }
}

/// Polls `main` and then writes what changed, after every poll and once more at the end.
pub async fn syncing<F: std::future::Future>(main: F, daemon: &DaemonRef, persister: &mut Persister) -> F::Output {
    let mut main = std::pin::pin!(main);
    let out = std::future::poll_fn(|cx| {
        let poll = main.as_mut().poll(cx);
        if let Err(e) = persister.sync(&daemon.borrow()) {
            eprintln!("wharf: saving state under {}: {e}", persister.root.display());
        }
        poll
    })
    .await;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_read_back_and_a_torn_last_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x-json.log");
        let chunks = vec![
            LogChunk { stream: Stream::Stdout, time: 1_700_000_000_123_456_789, bytes: b"hello \"you\"\n".to_vec() },
            LogChunk { stream: Stream::Stderr, time: 1_700_000_001_000_000_000, bytes: b"partial".to_vec() },
        ];
        let mut text: String = chunks.iter().map(log_line).collect();
        assert!(text.starts_with("{\"log\":\"hello \\\"you\\\"\\n\",\"stream\":\"stdout\",\"time\":\"2023-11-14T22:13:20.123456789Z\"}\n"), "{text}");
        text.push_str("{\"log\":\"torn");
        fs::write(&path, text).unwrap();
        assert_eq!(read_log(&path), chunks);
    }
}
