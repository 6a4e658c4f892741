//! An image config as Docker's daemon reads it (`image.Image`, which embeds `image.V1Image`).
//!
//! Parsing goes through Go's rules: missing fields are zero values, the run-time config is
//! [`ContainerConfig`] with every Go field. The config *bytes* stay the image's identity; this
//! view only feeds `inspect`, `history`, listings and `docker save`'s v1 layer JSON.

use serde::{Deserialize, Serialize};

use crate::api::container::null_default;
use crate::api::{ContainerConfig, GoTime};
use crate::digest::Digest;

/// One build step of an image's history (`image.History`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When (Go's zero time if absent).
    #[serde(default, deserialize_with = "null_default")]
    pub created: GoTime,
    /// Who.
    #[serde(default, deserialize_with = "null_default")]
    pub author: String,
    /// The command that made the step.
    #[serde(default, deserialize_with = "null_default")]
    pub created_by: String,
    /// A comment (`buildkit.dockerfile.v0`, `Imported from -`).
    #[serde(default, deserialize_with = "null_default")]
    pub comment: String,
    /// True when the step made no layer.
    #[serde(default, deserialize_with = "null_default")]
    pub empty_layer: bool,
}

/// The `rootfs` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootFsDoc {
    /// `layers`.
    #[serde(rename = "type", default, deserialize_with = "null_default")]
    pub kind: String,
    /// The layers' diff IDs, bottom first.
    #[serde(default, deserialize_with = "null_default")]
    pub diff_ids: Vec<Digest>,
}

/// Docker's `image.Image`: the fields of a config the daemon looks at.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DockerImage {
    /// The parent image ID (legacy builder; rarely in configs).
    #[serde(default, deserialize_with = "null_default")]
    pub parent: String,
    /// Top-level comment (`Imported from -`).
    #[serde(default, deserialize_with = "null_default")]
    pub comment: String,
    /// When the image was made.
    #[serde(default, deserialize_with = "null_default")]
    pub created: GoTime,
    /// The legacy builder's container ID.
    #[serde(default, deserialize_with = "null_default")]
    pub container: String,
    /// The legacy builder's container config.
    #[serde(default, deserialize_with = "null_default")]
    pub container_config: ContainerConfig,
    /// Daemon version that built it.
    #[serde(default, deserialize_with = "null_default")]
    pub docker_version: String,
    /// Author.
    #[serde(default, deserialize_with = "null_default")]
    pub author: String,
    /// The run-time defaults.
    #[serde(default)]
    pub config: Option<ContainerConfig>,
    /// CPU architecture.
    #[serde(default, deserialize_with = "null_default")]
    pub architecture: String,
    /// CPU variant.
    #[serde(default, deserialize_with = "null_default")]
    pub variant: String,
    /// Operating system.
    #[serde(default, deserialize_with = "null_default")]
    pub os: String,
    /// `Size` of a v1 image JSON (0 in modern configs).
    #[serde(rename = "Size", default, deserialize_with = "null_default")]
    pub size: i64,
    /// The layers.
    #[serde(default)]
    pub rootfs: Option<RootFsDoc>,
    /// The build steps.
    #[serde(default, deserialize_with = "null_default")]
    pub history: Vec<HistoryEntry>,
    /// OS version (Windows).
    #[serde(rename = "os.version", default, deserialize_with = "null_default")]
    pub os_version: String,
}

impl DockerImage {
    /// Parses config bytes.
    pub fn parse(bytes: &[u8]) -> Result<DockerImage, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    /// The layers' diff IDs, bottom first (none when `rootfs` is absent).
    pub fn diff_ids(&self) -> &[Digest] {
        self.rootfs.as_ref().map(|r| &r.diff_ids[..]).unwrap_or(&[])
    }

    /// The OS, defaulting to `linux` like Docker's `OperatingSystem()`.
    pub fn operating_system(&self) -> &str {
        if self.os.is_empty() {
            "linux"
        } else {
            &self.os
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legacy_reference_config_parses() {
        let img = DockerImage::parse(include_bytes!("../testdata/config-legacy.json")).unwrap();
        assert_eq!(img.created.to_string(), "2026-11-22T11:02:10.864051716Z");
        assert_eq!(img.container_config.hostname, "bde5aa7334ad");
        assert_eq!(img.diff_ids().len(), 6);
        assert_eq!(img.history.len(), 11);
        assert!(img.history[1].empty_layer);
        assert_eq!(img.history[0].comment, "Imported from -");
        assert_eq!(img.docker_version, "20.10.24+dfsg1");
    }

    #[test]
    fn a_minimal_oci_config_gets_go_zero_values() {
        let nulls = DockerImage::parse(br#"{"created":null,"history":[{"created":null}],"rootfs":null,"config":null}"#).unwrap();
        assert!(nulls.created.is_zero() && nulls.history[0].created.is_zero() && nulls.diff_ids().is_empty());
        let img = DockerImage::parse(br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#).unwrap();
        assert!(img.created.is_zero());
        assert_eq!(img.config, None);
        assert_eq!(img.container_config, ContainerConfig::default());
        assert!(img.history.is_empty());
    }
}
