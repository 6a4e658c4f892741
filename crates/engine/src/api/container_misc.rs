//! Small container responses: `GET /containers/{id}/top` (`container.ContainerTopOKBody`) and
//! `GET /containers/{id}/changes` (`container.ContainerChangeResponseItem`), API 1.41.

use serde::{Deserialize, Serialize};

/// What `docker top` gets: `ps` output split into titles and rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerTopOkBody {
    /// One row per process, one cell per title (the last, `CMD`, may contain spaces).
    #[serde(rename = "Processes")]
    pub processes: Vec<Vec<String>>,
    /// Column titles (`UID`, `PID`, `PPID`, `C`, `STIME`, `TTY`, `TIME`, `CMD` for `-ef`).
    #[serde(rename = "Titles")]
    pub titles: Vec<String>,
}

/// The kind of a filesystem change, as the API numbers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// `C`: modified (a directory whose entries changed, too).
    Modify,
    /// `A`: added.
    Add,
    /// `D`: deleted.
    Delete,
}

impl ChangeKind {
    /// The letter `docker diff` prints.
    pub fn letter(self) -> char {
        match self {
            ChangeKind::Modify => 'C',
            ChangeKind::Add => 'A',
            ChangeKind::Delete => 'D',
        }
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(match self {
            ChangeKind::Modify => 0,
            ChangeKind::Add => 1,
            ChangeKind::Delete => 2,
        })
    }
}

impl<'de> Deserialize<'de> for ChangeKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ChangeKind, D::Error> {
        match u8::deserialize(d)? {
            0 => Ok(ChangeKind::Modify),
            1 => Ok(ChangeKind::Add),
            2 => Ok(ChangeKind::Delete),
            n => Err(serde::de::Error::custom(format!("unknown change kind {n}"))),
        }
    }
}

/// One line of `docker diff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerChangeResponseItem {
    /// What happened.
    #[serde(rename = "Kind")]
    pub kind: ChangeKind,
    /// Absolute path in the container.
    #[serde(rename = "Path")]
    pub path: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_numbered_like_the_api() {
        let item = ContainerChangeResponseItem { kind: ChangeKind::Add, path: "/tmp/x".into() };
        let text = serde_json::to_string(&item).unwrap();
        assert_eq!(text, r#"{"Kind":1,"Path":"/tmp/x"}"#);
        assert_eq!(serde_json::from_str::<ContainerChangeResponseItem>(&text).unwrap(), item);
    }
}
