//! What the docker CLI prints for the Engine API's answers: pure functions from `api` types
//! (and the user's flags, and the time) to the bytes on stdout and stderr, so the browser and
//! the native binary print the same thing.
//!
//! - [`images`]: `docker images` / `docker image ls`.
//! - [`history`]: `docker history` / `docker image history`.
//! - [`ps`]: `docker ps`; [`ports`]: its `PORTS` column and `docker port`.
//! - [`stats`], [`top`], [`diff`], [`logs`]: `docker stats --no-stream`, `top`, `diff`, `logs`.
//! - [`events`]: `docker events` lines.
//! - [`volumes`], [`networks`]: `docker volume ls`, `docker network ls`.
//! - [`system_df`]: `docker system df`; [`version`]: `docker version`;
//!   [`info`]: `docker info`.
//! - [`inspect`]: the JSON arrays and `--format` output of `docker image inspect` (and the
//!   other `inspect` commands, which share docker's `inspect.Inspect`).
//!
//! The client is docker CLI 28.2 talking to a 20.10 daemon (API 1.41); see `ARCHITECTURE.md`.
//! Callers fetch the data (from the engine or, natively, from the stores), call a renderer,
//! and print what it returns: no renderer does I/O.

pub mod diff;
pub mod events;
pub mod history;
pub mod images;
pub mod info;
pub mod inspect;
pub mod logs;
pub mod networks;
pub mod ports;
pub mod ps;
pub mod stats;
pub mod system_df;
pub mod top;
pub mod version;
pub mod volumes;

use std::fmt::Display;

/// What a command writes and how it exits, when it can print on both streams at once (as
/// `inspect` does: the objects it found on stdout, what it did not find on stderr).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Printed {
    /// Bytes for stdout.
    pub stdout: String,
    /// Bytes for stderr, each message ending in a newline.
    pub stderr: String,
    /// The process exit code.
    pub code: i32,
}

/// Docker's `stringid.TruncateID`: drop the algorithm, keep 12 characters.
pub fn truncate_id(id: &str) -> String {
    let hex = id.split_once(':').map_or(id, |(_, h)| h);
    hex.chars().take(12).collect()
}

/// An error the daemon answered with, as the API client reports it (`errdefs` wrapping in
/// `client.checkResponseErr`): `Error response from daemon: No such image: x:latest`.
pub fn daemon_error(message: impl Display) -> String {
    format!("Error response from daemon: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_daemon_errors() {
        assert_eq!(truncate_id("sha256:55d09268a59ea9121d6b1b11a747cb93399cdfc839c4c6d773ff6c060c91d306"), "55d09268a59e");
        assert_eq!(truncate_id("55d09268a59e"), "55d09268a59e");
        assert_eq!(daemon_error("No such image: x:latest"), "Error response from daemon: No such image: x:latest");
    }
}
