//! `docker wait` and the waits behind `run`, `stop` and `rm -f`: tickets a client takes
//! before the event and collects after it (dockerd's `ContainerWait` with a condition).

use std::collections::BTreeMap;
use std::task::{Context, Poll, Waker};

use super::{ApiError, Daemon};

/// What a wait waits for (`--condition` of the API's wait).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitCondition {
    /// Until the container is not running (at once if it is not).
    NotRunning,
    /// Until its process next exits.
    NextExit,
    /// Until it is removed.
    Removed,
}

/// A ticket for one wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct WaitId(u64);

struct Wait {
    container: String,
    condition: WaitCondition,
    result: Option<i32>,
    waker: Option<Waker>,
}

/// Outstanding waits.
#[derive(Default)]
pub(super) struct Waits {
    next: u64,
    waits: BTreeMap<WaitId, Wait>,
}

impl Waits {
    /// Fulfils the waits on `container` that `event` satisfies, with `code`.
    pub(super) fn fulfil(&mut self, container: &str, exited: bool, removed: bool, code: i32) {
        for w in self.waits.values_mut().filter(|w| w.container == container && w.result.is_none()) {
            let done = match w.condition {
                WaitCondition::NotRunning | WaitCondition::NextExit => exited || removed,
                WaitCondition::Removed => removed,
            };
            if done {
                w.result = Some(code);
                if let Some(k) = w.waker.take() {
                    k.wake();
                }
            }
        }
    }
}

impl Daemon {
    /// Starts waiting on the container `input` names; collect with [`Daemon::poll_wait`].
    pub fn wait_start(&mut self, input: &str, condition: WaitCondition) -> Result<WaitId, ApiError> {
        let id = self.lookup(input)?;
        let c = &self.containers[&id];
        let result = match condition {
            WaitCondition::NotRunning if !c.state.is_running() && c.state.restart_at.is_none() => Some(c.state.exit_code),
            _ => None,
        };
        self.waits.next += 1;
        let ticket = WaitId(self.waits.next);
        self.waits.waits.insert(ticket, Wait { container: id, condition, result, waker: None });
        Ok(ticket)
    }

    /// Ready with the exit code once the wait's condition holds.
    pub fn poll_wait(&mut self, ticket: WaitId, cx: &mut Context<'_>) -> Poll<i32> {
        let Some(w) = self.waits.waits.get_mut(&ticket) else { return Poll::Ready(0) };
        match w.result {
            Some(code) => {
                self.waits.waits.remove(&ticket);
                Poll::Ready(code)
            }
            None => {
                w.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
