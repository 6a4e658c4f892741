//! Image responses of the Docker Engine API (1.41, Docker 20.10), with the real field names in
//! the order the daemon writes them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::container::ContainerConfig;
use super::gotime::GoTime;

/// One entry of `GET /images/json` (`types.ImageSummary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageSummary {
    /// Containers using the image; `-1` when not computed (always, unless asked).
    #[serde(rename = "Containers")]
    pub containers: i64,
    /// When the image was made, Unix seconds.
    #[serde(rename = "Created")]
    pub created: i64,
    /// `sha256:<hex>`.
    #[serde(rename = "Id")]
    pub id: String,
    /// The config's labels (`null` when none).
    #[serde(rename = "Labels")]
    pub labels: Option<BTreeMap<String, String>>,
    /// The parent image ID (legacy builds), or `""`.
    #[serde(rename = "ParentId")]
    pub parent_id: String,
    /// `name@sha256:...` references; `["<none>@<none>"]` for a dangling image.
    #[serde(rename = "RepoDigests")]
    pub repo_digests: Vec<String>,
    /// `name:tag` references (familiar form); `["<none>:<none>"]` for a dangling image.
    #[serde(rename = "RepoTags")]
    pub repo_tags: Vec<String>,
    /// Bytes shared with other images; `-1` when not computed.
    #[serde(rename = "SharedSize")]
    pub shared_size: i64,
    /// Sum of the layers' sizes.
    #[serde(rename = "Size")]
    pub size: i64,
    /// Same as `Size` (kept by the API for old clients).
    #[serde(rename = "VirtualSize")]
    pub virtual_size: i64,
}

/// The storage driver section of `docker image inspect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphDriverData {
    /// Driver-specific paths (`LowerDir`, `MergedDir`, `UpperDir`, `WorkDir`); `null` for an
    /// image without layers.
    #[serde(rename = "Data")]
    pub data: Option<BTreeMap<String, String>>,
    /// The driver (`overlay2`).
    #[serde(rename = "Name")]
    pub name: String,
}

impl GraphDriverData {
    /// overlay2-style paths for a layer stack under `base` (natively `<--root>/overlay2`).
    ///
    /// Docker names each layer directory by a random cache ID; wharf names it by the layer's
    /// chain ID, so the paths are predictable: the top layer's `diff`/`merged`/`work` and, for
    /// more than one layer, `LowerDir` listing the lower layers' `diff` from nearest to bottom.
    pub fn overlay2(base: &str, chain_ids: &[crate::digest::Digest]) -> GraphDriverData {
        let Some((top, lower)) = chain_ids.split_last() else {
            return GraphDriverData { data: None, name: "overlay2".to_string() };
        };
        let dir = |id: &crate::digest::Digest| format!("{base}/{}", id.hex());
        let mut data = BTreeMap::new();
        if !lower.is_empty() {
            let lowers: Vec<String> = lower.iter().rev().map(|id| format!("{}/diff", dir(id))).collect();
            data.insert("LowerDir".to_string(), lowers.join(":"));
        }
        data.insert("MergedDir".to_string(), format!("{}/merged", dir(top)));
        data.insert("UpperDir".to_string(), format!("{}/diff", dir(top)));
        data.insert("WorkDir".to_string(), format!("{}/work", dir(top)));
        GraphDriverData { data: Some(data), name: "overlay2".to_string() }
    }
}

/// The `RootFS` section of `docker image inspect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootFs {
    /// Always `layers`.
    #[serde(rename = "Type")]
    pub kind: String,
    /// The diff IDs, bottom first; omitted when empty.
    #[serde(rename = "Layers", default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<String>,
}

/// The `Metadata` section of `docker image inspect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageMetadata {
    /// When the image was last tagged by `docker tag`/`build`; Go's zero time if never (a
    /// loaded image keeps the zero time).
    #[serde(rename = "LastTagTime")]
    pub last_tag_time: GoTime,
}

/// `GET /images/{name}/json` (`types.ImageInspect`), printed by `docker image inspect`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageInspect {
    /// `sha256:<hex>`.
    #[serde(rename = "Id")]
    pub id: String,
    /// Familiar `name:tag` references, sorted by full name.
    #[serde(rename = "RepoTags")]
    pub repo_tags: Vec<String>,
    /// Familiar `name@digest` references.
    #[serde(rename = "RepoDigests")]
    pub repo_digests: Vec<String>,
    /// Parent image ID or `""`.
    #[serde(rename = "Parent")]
    pub parent: String,
    /// The config's top-level `comment`.
    #[serde(rename = "Comment")]
    pub comment: String,
    /// The config's `created`, in Go's RFC 3339 form.
    #[serde(rename = "Created")]
    pub created: String,
    /// The legacy builder's container ID, or `""`.
    #[serde(rename = "Container")]
    pub container: String,
    /// The legacy builder's container config (all zero otherwise).
    #[serde(rename = "ContainerConfig")]
    pub container_config: ContainerConfig,
    /// The daemon version that built the image, or `""`.
    #[serde(rename = "DockerVersion")]
    pub docker_version: String,
    /// Author, or `""`.
    #[serde(rename = "Author")]
    pub author: String,
    /// Run-time defaults (`null` when the config has none).
    #[serde(rename = "Config")]
    pub config: Option<ContainerConfig>,
    /// CPU architecture.
    #[serde(rename = "Architecture")]
    pub architecture: String,
    /// CPU variant; omitted when empty.
    #[serde(rename = "Variant", default, skip_serializing_if = "String::is_empty")]
    pub variant: String,
    /// Operating system.
    #[serde(rename = "Os")]
    pub os: String,
    /// OS version (Windows); omitted when empty.
    #[serde(rename = "OsVersion", default, skip_serializing_if = "String::is_empty")]
    pub os_version: String,
    /// Sum of the layers' sizes.
    #[serde(rename = "Size")]
    pub size: i64,
    /// Same as `Size`.
    #[serde(rename = "VirtualSize")]
    pub virtual_size: i64,
    /// Storage driver paths.
    #[serde(rename = "GraphDriver")]
    pub graph_driver: GraphDriverData,
    /// Layer diff IDs.
    #[serde(rename = "RootFS")]
    pub root_fs: RootFs,
    /// Tag times.
    #[serde(rename = "Metadata")]
    pub metadata: ImageMetadata,
}

/// One row of `GET /images/{name}/history` (`image.HistoryResponseItem`), newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryResponseItem {
    /// The step's comment.
    #[serde(rename = "Comment")]
    pub comment: String,
    /// When, Unix seconds.
    #[serde(rename = "Created")]
    pub created: i64,
    /// The command that made the step.
    #[serde(rename = "CreatedBy")]
    pub created_by: String,
    /// The local image this step produced, or `<missing>`.
    #[serde(rename = "Id")]
    pub id: String,
    /// Size of the step's layer (0 for an empty layer).
    #[serde(rename = "Size")]
    pub size: i64,
    /// That image's tags (`null` when none).
    #[serde(rename = "Tags")]
    pub tags: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Digest;

    #[test]
    fn overlay2_paths_list_lower_layers_nearest_first() {
        let ids = [Digest::of(b"a"), Digest::of(b"b"), Digest::of(b"c")];
        let g = GraphDriverData::overlay2("/r/overlay2", &ids);
        let data = g.data.unwrap();
        assert_eq!(data["LowerDir"], format!("/r/overlay2/{}/diff:/r/overlay2/{}/diff", ids[1].hex(), ids[0].hex()));
        assert_eq!(data["UpperDir"], format!("/r/overlay2/{}/diff", ids[2].hex()));
        assert!(!GraphDriverData::overlay2("/r", &ids[..1]).data.unwrap().contains_key("LowerDir"));
        assert_eq!(GraphDriverData::overlay2("/r", &[]).data, None);
    }
}
