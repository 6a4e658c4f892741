//! The event log `docker events` reads: what happened to which object, in order.

use std::collections::BTreeMap;
use std::task::Waker;

use crate::kernel::Timestamp;

/// One event (`events.Message` without its legacy fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// When, in nanoseconds since the epoch.
    pub time: Timestamp,
    /// The object type: `container`, `image`, `network`, `volume`.
    pub kind: &'static str,
    /// What happened: `create`, `start`, `die`, `kill`, `stop`, `destroy`, `pause`, ...
    pub action: String,
    /// The object's ID (or name, for images and volumes).
    pub id: String,
    /// Attributes (`image`, `name`, `exitCode`, `signal`).
    pub attributes: BTreeMap<String, String>,
}

/// The daemon's events, oldest first, and the clients following them.
#[derive(Default)]
pub struct EventLog {
    events: Vec<Event>,
    followers: Vec<Waker>,
}

impl EventLog {
    /// Records an event and wakes the followers.
    pub fn push(&mut self, event: Event) {
        self.events.push(event);
        self.followers.drain(..).for_each(Waker::wake);
    }

    /// The events so far.
    pub fn all(&self) -> &[Event] {
        &self.events
    }

    /// Wakes `waker` at the next event.
    pub fn follow(&mut self, waker: &Waker) {
        if !self.followers.iter().any(|w| w.will_wake(waker)) {
            self.followers.push(waker.clone());
        }
    }
}
