//! Virtual time: a clock that only moves when the executor says so.
//!
//! `sleep 1000` in the simulator costs no real time: a sleeping task registers its deadline
//! here, and when nothing else can run the executor jumps the clock to the earliest deadline.
//! The same inputs therefore give the same timestamps, byte for byte.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use wharf_engine::kernel::Timestamp;

/// One nanosecond-resolution virtual clock, shared by the executor and every sleeper.
#[derive(Clone)]
pub struct VirtualClock(Arc<Mutex<ClockState>>);

struct ClockState {
    now: Timestamp,
    /// Deadlines waiting to fire: (deadline, registration order, waker). The sequence number
    /// keeps equal deadlines in registration order, so wake-ups are deterministic.
    timers: BinaryHeap<Reverse<Timer>>,
    seq: u64,
}

struct Timer {
    deadline: Timestamp,
    seq: u64,
    waker: Waker,
}

impl PartialEq for Timer {
    fn eq(&self, other: &Self) -> bool {
        (self.deadline, self.seq) == (other.deadline, other.seq)
    }
}
impl Eq for Timer {}
impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Timer {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.deadline, self.seq).cmp(&(other.deadline, other.seq))
    }
}

impl VirtualClock {
    /// A clock reading `start` (nanoseconds since the epoch).
    pub fn new(start: Timestamp) -> VirtualClock {
        VirtualClock(Arc::new(Mutex::new(ClockState { now: start, timers: BinaryHeap::new(), seq: 0 })))
    }

    fn state(&self) -> MutexGuard<'_, ClockState> {
        // The simulator is single-threaded; a poisoned lock means a panic already happened.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The current virtual time.
    pub fn now(&self) -> Timestamp {
        self.state().now
    }

    /// Ready once the clock reads `deadline`; otherwise remembers `cx`'s waker for then.
    pub fn poll_sleep_until(&self, deadline: Timestamp, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.state();
        if s.now >= deadline {
            return Poll::Ready(());
        }
        s.seq += 1;
        let seq = s.seq;
        s.timers.push(Reverse(Timer { deadline, seq, waker: cx.waker().clone() }));
        Poll::Pending
    }

    /// A future that completes at `deadline`.
    pub fn sleep_until(&self, deadline: Timestamp) -> SleepUntil {
        SleepUntil { clock: self.clone(), deadline }
    }

    /// A future that completes `nanos` from now.
    pub fn sleep(&self, nanos: i64) -> SleepUntil {
        self.sleep_until(self.now().saturating_add(nanos))
    }

    /// Moves the clock forward by `nanos` (CPU work takes time too) and wakes every sleeper
    /// whose deadline has passed.
    pub fn advance_by(&self, nanos: i64) {
        let due = {
            let mut s = self.state();
            s.now = s.now.saturating_add(nanos);
            let now = s.now;
            let mut due = Vec::new();
            while s.timers.peek().is_some_and(|Reverse(t)| t.deadline <= now) {
                due.push(s.timers.pop().expect("peeked").0.waker);
            }
            due
        };
        due.into_iter().for_each(Waker::wake);
    }

    /// Jumps to the earliest pending deadline and wakes everything due then. Returns false if
    /// no timer is pending (time cannot move).
    pub fn advance_to_next_deadline(&self) -> bool {
        let due = {
            let mut s = self.state();
            let Some(Reverse(first)) = s.timers.peek() else { return false };
            let deadline = first.deadline;
            s.now = s.now.max(deadline);
            let mut due = Vec::new();
            while s.timers.peek().is_some_and(|Reverse(t)| t.deadline <= deadline) {
                due.push(s.timers.pop().expect("peeked").0.waker);
            }
            due
        };
        // Wake outside the lock: a waker may poll straight back into the clock.
        due.into_iter().for_each(Waker::wake);
        true
    }
}

/// The future returned by [`VirtualClock::sleep_until`].
pub struct SleepUntil {
    clock: VirtualClock,
    deadline: Timestamp,
}

impl std::future::Future for SleepUntil {
    type Output = ();

    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.clock.poll_sleep_until(self.deadline, cx)
    }
}
