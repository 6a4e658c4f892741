//! `docker save` tarballs (Docker 20.10's `image/tarexport`): reading in [`read`](mod@read), writing in
//! [`write`](mod@write), and the legacy v1 layer metadata both need in [`v1`].
//!
//! ```text
//! <image id hex>.json          the image config, byte for byte
//! <v1 id>/VERSION              "1.0"
//! <v1 id>/json                 the v1 image JSON of the layer (see [`v1`])
//! <v1 id>/layer.tar            the uncompressed layer, or a symlink to an identical one
//! manifest.json                [{"Config":..., "RepoTags":[...], "Layers":["<v1 id>/layer.tar", ...]}]
//! repositories                 {"busybox":{"latest":"<top v1 id>"}}
//! ```

pub mod read;
pub mod v1;
pub mod write;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::container::null_default;

/// The name of the manifest file.
pub const MANIFEST_FILE: &str = "manifest.json";
/// The name of the legacy tag file.
pub const REPOSITORIES_FILE: &str = "repositories";

/// One image of `manifest.json` (`tarexport.manifestItem`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestItem {
    /// Path of the config file in the archive.
    #[serde(rename = "Config")]
    pub config: String,
    /// Familiar `name:tag` strings (`null` when untagged).
    #[serde(rename = "RepoTags", default)]
    pub repo_tags: Option<Vec<String>>,
    /// Paths of the layer tars, bottom first.
    #[serde(rename = "Layers", default, deserialize_with = "null_default")]
    pub layers: Vec<String>,
    /// The parent image ID, if it is also in the archive.
    #[serde(rename = "Parent", default, skip_serializing_if = "String::is_empty", deserialize_with = "null_default")]
    pub parent: String,
    /// Foreign layer descriptors (Windows base layers); kept as they are.
    #[serde(rename = "LayerSources", default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "null_default")]
    pub layer_sources: BTreeMap<String, serde_json::Value>,
}
