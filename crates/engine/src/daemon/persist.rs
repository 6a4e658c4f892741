//! What survives a restart of the daemon: containers (configuration and state), volumes and
//! networks, as one document the platform stores ([`Daemon::snapshot`]) and hands back to a
//! new daemon at start ([`Daemon::restore`]), as dockerd reloads `/var/lib/docker`.
//!
//! Logs are not in the document: they only grow, so the platform appends them to a log file
//! of its own (dockerd's `ID-json.log`) and passes them back at restore.
//!
//! Nothing runs across a restart: a container that was running comes back exited with 255,
//! as dockerd shows one whose process vanished with the daemon (without live-restore), and
//! its restart policy then decides, as at dockerd's start: `always` starts it again (even
//! after a `docker stop`), `unless-stopped` unless it was stopped by hand, `on-failure` after
//! a non-zero exit while retries remain.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::container::{Container, LogChunk, RestartPolicy};
use super::networks::NetSnapshot;
use super::volumes::VolumeRecord;
use super::Daemon;
use crate::container::state::Status;

/// The exit code of a container whose process went with the daemon.
pub const EXIT_LOST: i32 = 255;

/// The stored document.
#[derive(Serialize, Deserialize, Default)]
struct Snapshot {
    containers: Vec<Container>,
    volumes: Vec<VolumeRecord>,
    net: NetSnapshot,
    /// Swarm mode's services and tasks; the orchestrator replaces lost tasks after a restart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    swarm: Option<super::swarm::Swarm>,
}

/// Whether dockerd starts `c` at its own start.
fn restarts_at_daemon_start(c: &Container) -> bool {
    match c.host.restart {
        RestartPolicy::No => false,
        RestartPolicy::Always => true,
        RestartPolicy::UnlessStopped => !c.state.manually_stopped,
        RestartPolicy::OnFailure(max) => c.state.exit_code != 0 && (max == 0 || c.state.restart_count < max),
    }
}

impl Daemon {
    /// The daemon's state as bytes to store (JSON). Identical state gives identical bytes, so
    /// a platform can skip writes that change nothing.
    pub fn snapshot(&self) -> Vec<u8> {
        let doc = Snapshot { containers: self.containers.values().cloned().collect(), volumes: self.volumes.values().cloned().collect(), net: self.net_snapshot(), swarm: self.swarm.clone() };
        serde_json::to_vec(&doc).expect("plain data serialises")
    }

    /// Loads a [`Daemon::snapshot`] into a daemon with no containers yet; `log` gives each
    /// container's stored log. Root filesystems are mounted again (`create_rootfs` of an
    /// existing one), bridges made again, then restart policies applied. Returns the IDs of
    /// the containers it started.
    pub fn restore(&mut self, bytes: &[u8], log: &mut dyn FnMut(&str) -> Vec<LogChunk>) -> Result<Vec<String>, String> {
        let doc: Snapshot = serde_json::from_slice(bytes).map_err(|e| format!("reading the daemon's state: {e}"))?;
        let now = self.kernel.now();
        self.volumes = doc.volumes.into_iter().map(|v| (v.name.clone(), v)).collect::<BTreeMap<_, _>>();
        self.net_restore(doc.net);
        self.swarm = doc.swarm;
        let mut lost = Vec::new();
        for mut c in doc.containers {
            if matches!(c.state.status, Status::Running | Status::Paused | Status::Restarting | Status::Removing) {
                if c.state.status != Status::Restarting {
                    c.state.exit_code = EXIT_LOST;
                }
                c.state.status = Status::Exited;
                c.state.finished_at = Some(now);
                lost.push(c.id.clone());
            }
            c.state.pid = None;
            c.state.kill_at = None;
            c.state.restart_at = None;
            c.log = log(&c.id);
            if c.state.remove_on_exit || (c.host.auto_remove && lost.contains(&c.id)) {
                // `rm -f` or `--rm` was under way: finish it.
                let _ = self.kernel.remove_rootfs(&c.id);
                continue;
            }
            if let Err(e) = self.kernel.create_rootfs(&c.id, c.top_layer.as_ref()) {
                c.state.error = format!("restoring the root filesystem: {e}");
            }
            self.containers.insert(c.id.clone(), c);
        }
        for id in &lost {
            self.net_forget_addresses(id);
        }
        let starting: Vec<String> = self.containers.values().filter(|c| c.state.status != Status::Created && restarts_at_daemon_start(c)).map(|c| c.id.clone()).collect();
        let mut started = Vec::new();
        for id in starting {
            if self.container_start(&id).is_ok() {
                started.push(id);
            }
        }
        Ok(started)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::HostOptions;

    fn container(restart: RestartPolicy, exit_code: i32, manually_stopped: bool) -> Container {
        let mut c = Container::new("a".repeat(64), "c".into(), 0, (crate::digest::Digest::of(b"x"), None), Default::default(), HostOptions { restart, ..Default::default() });
        c.state.exit_code = exit_code;
        c.state.manually_stopped = manually_stopped;
        c
    }

    #[test]
    fn restart_policies_at_daemon_start() {
        assert!(!restarts_at_daemon_start(&container(RestartPolicy::No, 255, false)));
        assert!(restarts_at_daemon_start(&container(RestartPolicy::Always, 0, true)), "always: even after docker stop");
        assert!(!restarts_at_daemon_start(&container(RestartPolicy::UnlessStopped, 0, true)));
        assert!(restarts_at_daemon_start(&container(RestartPolicy::UnlessStopped, 255, false)));
        assert!(!restarts_at_daemon_start(&container(RestartPolicy::OnFailure(0), 0, false)));
        assert!(restarts_at_daemon_start(&container(RestartPolicy::OnFailure(2), 255, false)));
        let mut spent = container(RestartPolicy::OnFailure(2), 1, false);
        spent.state.restart_count = 2;
        assert!(!restarts_at_daemon_start(&spent));
    }

    #[test]
    fn a_container_record_round_trips_without_its_log() {
        let mut c = container(RestartPolicy::OnFailure(3), 7, false);
        c.log.push(LogChunk { stream: crate::kernel::Stream::Stdout, time: 1, bytes: b"x\n".to_vec() });
        let back: Container = serde_json::from_slice(&serde_json::to_vec(&c).unwrap()).unwrap();
        assert_eq!((back.id, back.host, back.state, back.log.len()), (c.id, c.host, c.state, 0));
    }
}
