//! The supervisor: reads every container's output into its log, notices exits, ends
//! `docker stop`'s grace period with SIGKILL, and applies restart policies.

use std::task::{Context, Poll};

use super::container::{LogChunk, RestartPolicy};
use super::Daemon;
use crate::container::state::Status;
use crate::kernel::{ExitStatus, Pid, Stream, Timestamp};

/// The first delay before a restart; it doubles with each quick failure (moby's backoff).
const RESTART_DELAY: i64 = 100_000_000;
/// A container that ran this long is no longer failing quickly: the delay starts over.
const RESTART_RESET_AFTER: i64 = 10_000_000_000;
/// The longest delay between restarts.
const RESTART_MAX_DELAY: i64 = 60_000_000_000;

impl Daemon {
    /// Watches every container. Never completes: poll it from a task of its own.
    pub fn poll_supervise(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        self.supervisor = Some(cx.waker().clone());
        let now = self.kernel.now();
        self.armed.retain(|&t| t > now);
        let ids: Vec<String> = self.containers.keys().cloned().collect();
        for id in ids {
            let state = &self.containers[&id].state;
            if let Some(at) = state.restart_at {
                if now >= at {
                    self.container_mut(&id).state.restart_at = None;
                    if self.container_start(&id).is_err() {
                        self.container_mut(&id).state.status = Status::Exited;
                        let code = self.containers[&id].state.exit_code;
                        self.waits.fulfil(&id, true, false, code);
                    }
                    self.changed(&id);
                    cx.waker().wake_by_ref();
                } else {
                    self.arm(at, cx);
                }
                continue;
            }
            let Some(pid) = state.pid else { continue };
            let kill_at = state.kill_at;
            self.collect_output(&id, pid, cx);
            if let Some(at) = kill_at {
                if now >= at {
                    self.container_mut(&id).state.kill_at = Some(Timestamp::MAX);
                    self.container_event(&id, "kill", &[("signal", "9".into())]);
                    let _ = self.kernel.signal(pid, 9);
                } else {
                    self.arm(at, cx);
                }
            }
            self.poll_health(&id, pid, cx);
            if let Poll::Ready(result) = self.kernel.poll_wait(pid, cx) {
                self.collect_output(&id, pid, cx);
                self.exited(&id, result.unwrap_or(ExitStatus::Exited(255)));
                cx.waker().wake_by_ref();
            }
        }
        if let Some(at) = self.reconcile_services() {
            self.arm(at, cx);
        }
        self.reap_detached_execs(cx);
        Poll::Pending
    }

    /// Asks the kernel to wake the supervisor at `at`, once per deadline.
    pub(super) fn arm(&mut self, at: Timestamp, cx: &mut Context<'_>) {
        if at != Timestamp::MAX && self.armed.insert(at) && self.kernel.poll_sleep_until(at, cx).is_ready() {
            cx.waker().wake_by_ref();
        }
    }

    /// Moves what container `id`'s process wrote into its log.
    fn collect_output(&mut self, id: &str, pid: Pid, cx: &mut Context<'_>) {
        let mut buf = [0u8; 8192];
        let mut grew = false;
        for stream in [Stream::Stdout, Stream::Stderr] {
            while let Poll::Ready(Ok(n)) = self.kernel.poll_read_output(pid, stream, &mut buf, cx) {
                if n == 0 {
                    break;
                }
                let time = self.kernel.now();
                let log = &mut self.container_mut(id).log;
                let start = log.len();
                for piece in buf[..n].split_inclusive(|&b| b == b'\n') {
                    log.push(LogChunk { stream, time, bytes: piece.to_vec() });
                }
                let new: Vec<LogChunk> = log[start..].to_vec();
                for chunk in &new {
                    self.attachments.deliver(id, chunk);
                }
                grew = true;
            }
        }
        if grew {
            if let Some(ws) = self.watchers.remove(id) {
                ws.into_iter().for_each(std::task::Waker::wake);
            }
        }
    }

    /// Records the exit of container `id`'s process and decides what follows.
    fn exited(&mut self, id: &str, status: ExitStatus) {
        let now = self.kernel.now();
        let code = status.code();
        let c = self.container_mut(id);
        let was_stopping = c.state.kill_at.is_some();
        let ran_for = now - c.state.started_at.unwrap_or(now);
        c.state.status = Status::Exited;
        c.state.pid = None;
        c.state.exit_code = code;
        c.state.finished_at = Some(now);
        c.state.kill_at = None;
        c.state.oom_killed = status == ExitStatus::Signaled(9) && c.host.memory > 0 && !was_stopping && !c.state.manually_stopped;
        let restart = !c.state.manually_stopped
            && !c.state.remove_on_exit
            && match c.host.restart {
                RestartPolicy::No => false,
                RestartPolicy::Always | RestartPolicy::UnlessStopped => true,
                RestartPolicy::OnFailure(max) => code != 0 && (max == 0 || c.state.restart_count < max),
            };
        let remove = c.state.remove_on_exit || (c.host.auto_remove && !restart);
        self.attachments.close(id);
        self.container_event(id, "die", &[("exitCode", code.to_string())]);
        self.net_release(id);
        if was_stopping {
            self.container_event(id, "stop", &[]);
        }
        if remove {
            self.destroy(id);
            return;
        }
        if restart {
            let c = self.container_mut(id);
            c.state.status = Status::Restarting;
            c.state.restart_count += 1;
            let quick_failures = if ran_for >= RESTART_RESET_AFTER { 0 } else { c.state.restart_count.saturating_sub(1).min(20) };
            let delay = (RESTART_DELAY << quick_failures).min(RESTART_MAX_DELAY);
            c.state.restart_at = Some(now + delay);
        }
        self.waits.fulfil(id, true, false, code);
        self.changed(id);
    }
}
