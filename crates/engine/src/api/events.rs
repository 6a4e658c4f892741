//! `GET /events`: Docker's `events.Message` (API 1.41), what `docker events` prints.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `events.Actor`: the object an event is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Container, image, network or volume ID (or name, for volumes).
    #[serde(rename = "ID")]
    pub id: String,
    /// `image`, `name`, `exitCode`, `container`, `type`... (`null` when none).
    #[serde(rename = "Attributes")]
    pub attributes: Option<BTreeMap<String, String>>,
}

/// `events.Message`. `status`, `id` and `from` are the pre-1.22 fields the daemon still fills
/// for container events (and image events' `status`/`id`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Deprecated: the action; omitted when empty.
    #[serde(rename = "status", default, skip_serializing_if = "String::is_empty")]
    pub status: String,
    /// Deprecated: the actor's ID; omitted when empty.
    #[serde(rename = "id", default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Deprecated: the container's image; omitted when empty.
    #[serde(rename = "from", default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    /// `container`, `image`, `network`, `volume`, `daemon`...
    #[serde(rename = "Type")]
    pub kind: String,
    /// `create`, `start`, `die`, `connect`, `exec_start: sh`...
    #[serde(rename = "Action")]
    pub action: String,
    /// What the event is about.
    #[serde(rename = "Actor")]
    pub actor: Actor,
    /// `local`; omitted when empty.
    #[serde(rename = "scope", default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// Unix seconds; omitted when 0.
    #[serde(rename = "time", default, skip_serializing_if = "is_zero")]
    pub time: i64,
    /// Unix nanoseconds; omitted when 0.
    #[serde(rename = "timeNano", default, skip_serializing_if = "is_zero")]
    pub time_nano: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_events_round_trip() {
        for line in include_str!("../cli/render/testdata/docker-events-sample-json.txt").lines() {
            let m: Message = serde_json::from_str(line).unwrap();
            assert_eq!(serde_json::to_string(&m).unwrap(), line);
        }
    }
}
