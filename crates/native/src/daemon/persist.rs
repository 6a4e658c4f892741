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
//!
//! **Batched:** a changed snapshot waits [`BATCH_NS`] before it is written, so the changes of
//! one burst (create, start, exit, remove of a `run --rm`) cost one atomic write, or none when
//! the burst ends where it began; [`Persister::flush`] writes what is left when the daemon
//! or the command ends. Each write is still whole and atomic: a crash loses at most the
//! changes of the last window, never the file.

use std::collections::HashMap;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use wharf_engine::api::gotime::GoTime;
use wharf_engine::api::logs::LogEntry;
use wharf_engine::daemon::{Daemon, DaemonRef, LogChunk};
use wharf_engine::kernel::{Stream, Timestamp};

/// Where one daemon's state lives, and what of it is already written.
pub struct Persister {
    root: PathBuf,
    /// The bytes of the last snapshot written.
    written: Vec<u8>,
    /// Log chunks already in each container's log file.
    logged: HashMap<String, usize>,
    /// Since when the daemon's snapshot has differed from `written`.
    dirty_since: Option<Timestamp>,
}

/// How long a changed state waits to be written with the changes that follow it (ns).
pub const BATCH_NS: Timestamp = 50_000_000;

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
        Persister { root: root.to_path_buf(), written: Vec::new(), logged: HashMap::new(), dirty_since: None }
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

    /// Appends new log output and, once the snapshot has differed from the file for
    /// [`BATCH_NS`] (at `now`), rewrites it. Returns when to call again if a write is pending.
    pub fn sync(&mut self, daemon: &Daemon, now: Timestamp) -> io::Result<Option<Timestamp>> {
        self.append_logs(daemon)?;
        let snapshot = daemon.snapshot();
        if snapshot == self.written {
            self.dirty_since = None;
            return Ok(None);
        }
        let since = *self.dirty_since.get_or_insert(now);
        if now - since < BATCH_NS {
            return Ok(Some(since + BATCH_NS));
        }
        self.write(snapshot)?;
        Ok(None)
    }

    /// Writes the logs and the snapshot now if they changed.
    pub fn flush(&mut self, daemon: &Daemon) -> io::Result<()> {
        self.append_logs(daemon)?;
        let snapshot = daemon.snapshot();
        if snapshot != self.written {
            self.write(snapshot)?;
        }
        Ok(())
    }

    fn write(&mut self, snapshot: Vec<u8>) -> io::Result<()> {
        crate::store::write_atomic(&self.state_path(), &snapshot)?;
        self.written = snapshot;
        self.dirty_since = None;
        Ok(())
    }

    /// Appends each container's new log chunks to its json-file log.
    fn append_logs(&mut self, daemon: &Daemon) -> io::Result<()> {
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
        Ok(())
    }
}

/// Polls `main` and then saves what changed (batched, see the module docs) after every poll;
/// everything left is written when `main` ends.
pub async fn syncing<F: std::future::Future>(main: F, daemon: &DaemonRef, persister: &mut Persister) -> F::Output {
    let mut main = std::pin::pin!(main);
    let out = std::future::poll_fn(|cx| {
        let poll = main.as_mut().poll(cx);
        match persister.sync(&daemon.borrow(), crate::kernel::reactor::now()) {
            Ok(Some(deadline)) => crate::kernel::reactor::register_timer(deadline, cx.waker()),
            Ok(None) => {}
            Err(e) => eprintln!("wharf: saving state under {}: {e}", persister.root.display()),
        }
        poll
    })
    .await;
    if let Err(e) = persister.flush(&daemon.borrow()) {
        eprintln!("wharf: saving state under {}: {e}", persister.root.display());
    }
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

    #[test]
    fn a_burst_is_written_once_after_its_window_and_one_that_ends_where_it_began_never() {
        let dir = tempfile::tempdir().unwrap();
        let kernel = crate::kernel::NativeKernel::open(dir.path()).unwrap();
        let mut daemon = Daemon::new(Box::new(kernel));
        let mut p = Persister::new(dir.path());
        p.flush(&daemon).unwrap();
        let state = dir.path().join("daemon").join("state.json");
        let empty = fs::read(&state).unwrap();
        let t = 1_000_000_000;
        daemon.volume_create("brief", Default::default()).unwrap();
        assert_eq!(p.sync(&daemon, t).unwrap(), Some(t + BATCH_NS), "waits for the rest of the burst");
        daemon.volume_remove("brief", false).unwrap();
        assert_eq!(p.sync(&daemon, t + 1).unwrap(), None, "back where it began: nothing to write");
        assert_eq!(fs::read(&state).unwrap(), empty);
        daemon.volume_create("kept", Default::default()).unwrap();
        assert_eq!(p.sync(&daemon, t + 2).unwrap(), Some(t + 2 + BATCH_NS), "a new window");
        assert_eq!(fs::read(&state).unwrap(), empty);
        assert_eq!(p.sync(&daemon, t + 2 + BATCH_NS).unwrap(), None);
        assert_eq!(fs::read(&state).unwrap(), daemon.snapshot(), "written once the window ends");
        daemon.volume_remove("kept", false).unwrap();
        assert!(p.sync(&daemon, t + 3 + BATCH_NS).unwrap().is_some());
        p.flush(&daemon).unwrap();
        assert_eq!(fs::read(&state).unwrap(), empty, "flush writes what is pending");
    }
}
