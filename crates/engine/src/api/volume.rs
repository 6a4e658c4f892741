//! `GET /volumes` and `/volumes/{name}`: Docker's `volume.Volume` (API 1.41).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `volume.UsageData`: filled only by `GET /system/df`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeUsageData {
    /// Containers using the volume, -1 when not computed.
    #[serde(rename = "RefCount")]
    pub ref_count: i64,
    /// Bytes, -1 when not computed.
    #[serde(rename = "Size")]
    pub size: i64,
}

/// `volume.Volume`. Go declares the fields in this (alphabetical) order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Volume {
    /// Creation time, RFC 3339 in whole seconds; omitted when unknown.
    #[serde(rename = "CreatedAt", default, skip_serializing_if = "String::is_empty")]
    pub created_at: String,
    /// `local`.
    #[serde(rename = "Driver")]
    pub driver: String,
    /// Labels (`null` when none).
    #[serde(rename = "Labels")]
    pub labels: Option<BTreeMap<String, String>>,
    /// `/var/lib/docker/volumes/<name>/_data`.
    #[serde(rename = "Mountpoint")]
    pub mountpoint: String,
    /// Name (64 hex for an anonymous volume).
    #[serde(rename = "Name")]
    pub name: String,
    /// Driver options (`null` when none).
    #[serde(rename = "Options")]
    pub options: Option<BTreeMap<String, String>>,
    /// `local`.
    #[serde(rename = "Scope")]
    pub scope: String,
    /// Driver status; omitted when empty.
    #[serde(rename = "Status", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub status: BTreeMap<String, serde_json::Value>,
    /// Usage (`docker system df` only); omitted otherwise.
    #[serde(rename = "UsageData", default, skip_serializing_if = "Option::is_none")]
    pub usage_data: Option<VolumeUsageData>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::gojson;

    #[test]
    fn the_reference_volume_round_trips() {
        let text = include_str!("../cli/render/testdata/docker-volume-inspect.json");
        let parsed: Vec<Volume> = serde_json::from_str(text).unwrap();
        assert_eq!(gojson::to_string_indent(&parsed, "    ").unwrap() + "\n", text);
    }
}
