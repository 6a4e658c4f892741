//! Attached clients (`docker run` without `-d`, `start -a`, `attach`): each gets the output
//! written after it attached, in order, even if the container is removed meanwhile (`--rm`).

use std::collections::{BTreeMap, VecDeque};
use std::task::{Context, Poll, Waker};

use super::container::LogChunk;
use super::{ApiError, Daemon};

/// A ticket for one attached client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct AttachId(u64);

struct Attachment {
    container: String,
    pending: VecDeque<LogChunk>,
    closed: bool,
    waker: Option<Waker>,
}

/// The attached clients.
#[derive(Default)]
pub(super) struct Attachments {
    next: u64,
    by_id: BTreeMap<AttachId, Attachment>,
}

impl Attachments {
    /// Hands a chunk of `container`'s output to its clients.
    pub(super) fn deliver(&mut self, container: &str, chunk: &LogChunk) {
        for a in self.by_id.values_mut().filter(|a| a.container == container && !a.closed) {
            a.pending.push_back(chunk.clone());
            if let Some(w) = a.waker.take() {
                w.wake();
            }
        }
    }

    /// The container's output has ended (its process exited).
    pub(super) fn close(&mut self, container: &str) {
        for a in self.by_id.values_mut().filter(|a| a.container == container) {
            a.closed = true;
            if let Some(w) = a.waker.take() {
                w.wake();
            }
        }
    }
}

impl Daemon {
    /// Attaches to the container `input` names: its output from now on.
    pub fn attach(&mut self, input: &str) -> Result<AttachId, ApiError> {
        let id = self.lookup(input)?;
        self.attachments.next += 1;
        let ticket = AttachId(self.attachments.next);
        self.attachments.by_id.insert(ticket, Attachment { container: id.clone(), pending: VecDeque::new(), closed: false, waker: None });
        self.container_event(&id, "attach", &[]);
        Ok(ticket)
    }

    /// The next chunk of output, or `None` once the process has exited and all was read.
    pub fn poll_attach(&mut self, ticket: AttachId, cx: &mut Context<'_>) -> Poll<Option<LogChunk>> {
        let Some(a) = self.attachments.by_id.get_mut(&ticket) else { return Poll::Ready(None) };
        if let Some(chunk) = a.pending.pop_front() {
            return Poll::Ready(Some(chunk));
        }
        if a.closed {
            return Poll::Ready(None);
        }
        a.waker = Some(cx.waker().clone());
        Poll::Pending
    }

    /// Stops delivering to `ticket`.
    pub fn detach(&mut self, ticket: AttachId) {
        self.attachments.by_id.remove(&ticket);
    }
}
