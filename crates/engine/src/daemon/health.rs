//! Healthchecks (`HEALTHCHECK`, `--health-cmd`): the supervisor runs the test in the running
//! container every interval, as `docker exec` would, and keeps `State.Health` as dockerd
//! does: `starting` until the first verdict, `healthy` after a pass, `unhealthy` after
//! `retries` failures in a row (failures during the start period do not count).

use std::task::{Context, Poll};

use super::Daemon;
use crate::api::container_inspect::{Health, HealthcheckResult};
use crate::api::gotime::GoTime;
use crate::kernel::{NamespaceMode, Namespaces, Pid, Stream, Timestamp};

const SECOND: i64 = 1_000_000_000;
/// dockerd's defaults: every 30 s, 30 s allowed, 3 retries; the last 5 results kept.
const DEFAULT_INTERVAL: i64 = 30 * SECOND;
const DEFAULT_TIMEOUT: i64 = 30 * SECOND;
const DEFAULT_RETRIES: u32 = 3;
const LOG_ENTRIES: usize = 5;
/// Output kept per result (dockerd keeps 4 KiB).
const OUTPUT_LIMIT: usize = 4096;

/// A container's health as the daemon tracks it.
#[derive(Debug, Clone)]
pub struct HealthState {
    /// `starting`, `healthy` or `unhealthy`.
    pub status: String,
    /// Consecutive failures.
    pub failing_streak: u32,
    /// The last results.
    pub log: Vec<HealthcheckResult>,
    next_check: Timestamp,
    started: Timestamp,
    probe: Option<(Pid, Timestamp, Vec<u8>)>,
}

impl HealthState {
    /// The API view.
    pub fn to_api(&self) -> Health {
        Health { status: self.status.clone(), failing_streak: i64::from(self.failing_streak), log: Some(self.log.clone()) }
    }
}

impl Daemon {
    /// The probe command of container `id`, if it has a healthcheck.
    fn health_command(&self, id: &str) -> Option<Vec<String>> {
        let test = self.containers[id].config.healthcheck.as_ref()?.test.clone();
        match test.first().map(String::as_str) {
            Some("CMD") => Some(test[1..].to_vec()),
            Some("CMD-SHELL") => Some(vec!["/bin/sh".into(), "-c".into(), test[1..].join(" ")]),
            _ => None,
        }
    }

    fn health_timing(&self, id: &str) -> (i64, i64, i64, u32) {
        let h = self.containers[id].config.healthcheck.clone().unwrap_or_default();
        let or = |v: i64, d: i64| if v > 0 { v } else { d };
        (or(h.interval, DEFAULT_INTERVAL), or(h.timeout, DEFAULT_TIMEOUT), h.start_period.max(0), if h.retries > 0 { h.retries as u32 } else { DEFAULT_RETRIES })
    }

    /// Called at start: a container with a healthcheck begins `starting`.
    pub(super) fn health_reset(&mut self, id: &str) {
        let now = self.kernel.now();
        let (interval, ..) = self.health_timing(id);
        let state = self.health_command(id).map(|_| HealthState { status: "starting".into(), failing_streak: 0, log: Vec::new(), next_check: now + interval, started: now, probe: None });
        self.container_mut(id).health = state;
    }

    /// Runs, times out and judges container `id`'s probes.
    pub(super) fn poll_health(&mut self, id: &str, init: Pid, cx: &mut Context<'_>) {
        let Some(h) = self.containers[id].health.clone() else { return };
        let now = self.kernel.now();
        let (interval, timeout, start_period, retries) = self.health_timing(id);
        match h.probe {
            None if now >= h.next_check => {
                let Some(cmd) = self.health_command(id) else { return };
                let Ok(mut spec) = self.init_spec(id) else { return };
                let join = NamespaceMode::Join(init);
                spec.args = cmd;
                spec.namespaces = Namespaces { mnt: join.clone(), pid: join.clone(), uts: join.clone(), ipc: join.clone(), net: join.clone(), user: NamespaceMode::Host, cgroup: join };
                spec.rootfs = None;
                spec.hostname = None;
                spec.tty = false;
                spec.stdin = false;
                let probe = match self.kernel.spawn(&spec) {
                    Ok(pid) => Some((pid, now, Vec::new())),
                    Err(e) => {
                        self.health_result(id, now, 1, format!("{e}"), start_period, retries, interval);
                        None
                    }
                };
                if let Some(hs) = self.container_mut(id).health.as_mut() {
                    hs.probe = probe;
                }
                cx.waker().wake_by_ref();
            }
            None => self.arm(h.next_check, cx),
            Some((pid, began, mut output)) => {
                let mut buf = [0u8; 1024];
                for stream in [Stream::Stdout, Stream::Stderr] {
                    while let Poll::Ready(Ok(n)) = self.kernel.poll_read_output(pid, stream, &mut buf, cx) {
                        if n == 0 {
                            break;
                        }
                        output.extend_from_slice(&buf[..n.min(OUTPUT_LIMIT.saturating_sub(output.len()))]);
                    }
                }
                let verdict = match self.kernel.poll_wait(pid, cx) {
                    Poll::Ready(r) => Some((r.map(|s| s.code()).unwrap_or(1), String::from_utf8_lossy(&output).into_owned())),
                    Poll::Pending if now >= began + timeout => {
                        let _ = self.kernel.signal(pid, 9);
                        Some((-1, format!("Health check exceeded timeout ({}s)", timeout / SECOND)))
                    }
                    Poll::Pending => {
                        self.arm(began + timeout, cx);
                        if let Some(hs) = self.container_mut(id).health.as_mut() {
                            hs.probe = Some((pid, began, output));
                        }
                        return;
                    }
                };
                if let Some((code, text)) = verdict {
                    if let Some(hs) = self.container_mut(id).health.as_mut() {
                        hs.probe = None;
                    }
                    self.health_result(id, began, code, text, start_period, retries, interval);
                    cx.waker().wake_by_ref();
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn health_result(&mut self, id: &str, began: Timestamp, code: i32, output: String, start_period: i64, retries: u32, interval: i64) {
        let now = self.kernel.now();
        let Some(hs) = self.container_mut(id).health.as_mut() else { return };
        hs.log.push(HealthcheckResult { start: GoTime::from_unix_nanos(began), end: GoTime::from_unix_nanos(now), exit_code: i64::from(code), output });
        if hs.log.len() > LOG_ENTRIES {
            hs.log.remove(0);
        }
        hs.next_check = now + interval;
        let before = hs.status.clone();
        if code == 0 {
            hs.status = "healthy".into();
            hs.failing_streak = 0;
        } else if now - hs.started >= start_period {
            hs.failing_streak += 1;
            if hs.failing_streak >= retries {
                hs.status = "unhealthy".into();
            }
        }
        let after = hs.status.clone();
        if before != after {
            self.container_event(id, &format!("health_status: {after}"), &[]);
            self.changed(id);
        }
    }
}
