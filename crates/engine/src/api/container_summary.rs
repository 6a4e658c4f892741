//! `GET /containers/json`, what `docker ps` lists: Docker's `types.Container` and
//! `types.Port` (API 1.41).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::container_inspect::MountPoint;
use super::network_settings::SummaryNetworkSettings;

/// `types.Port`: one exposed or published port.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Port {
    /// Host IP (`0.0.0.0`, `::`); omitted for a port only exposed.
    #[serde(rename = "IP", default, skip_serializing_if = "String::is_empty")]
    pub ip: String,
    /// Port in the container.
    #[serde(rename = "PrivatePort")]
    pub private_port: u16,
    /// Port on the host; omitted (0) when not published.
    #[serde(rename = "PublicPort", default, skip_serializing_if = "is_zero")]
    pub public_port: u16,
    /// `tcp`, `udp` or `sctp`.
    #[serde(rename = "Type")]
    pub kind: String,
}

fn is_zero(n: &u16) -> bool {
    *n == 0
}

fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}

/// The `HostConfig` of a [`ContainerSummary`]: only the network mode.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryHostConfig {
    /// `--network`; omitted when empty.
    #[serde(rename = "NetworkMode", default, skip_serializing_if = "String::is_empty")]
    pub network_mode: String,
}

/// One entry of `GET /containers/json` (`types.Container`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerSummary {
    /// Full 64-hex ID.
    #[serde(rename = "Id")]
    pub id: String,
    /// `/name` (plus `/other/alias` names for legacy links).
    #[serde(rename = "Names")]
    pub names: Vec<String>,
    /// The image as the user named it (`busybox`), or its ID if that name moved.
    #[serde(rename = "Image")]
    pub image: String,
    /// `sha256:...`.
    #[serde(rename = "ImageID")]
    pub image_id: String,
    /// Path and arguments joined by spaces.
    #[serde(rename = "Command")]
    pub command: String,
    /// Creation time, Unix seconds.
    #[serde(rename = "Created")]
    pub created: i64,
    /// Exposed and published ports.
    #[serde(rename = "Ports")]
    pub ports: Vec<Port>,
    /// Writable layer bytes (`-s` only); omitted when 0.
    #[serde(rename = "SizeRw", default, skip_serializing_if = "is_zero_i64")]
    pub size_rw: i64,
    /// Root filesystem bytes, image included (`-s` only); omitted when 0.
    #[serde(rename = "SizeRootFs", default, skip_serializing_if = "is_zero_i64")]
    pub size_root_fs: i64,
    /// Labels (`{}` when none).
    #[serde(rename = "Labels")]
    pub labels: Option<BTreeMap<String, String>>,
    /// `created`, `running`, `exited`...
    #[serde(rename = "State")]
    pub state: String,
    /// `Up 2 minutes` (see `container::state::StateView::status_line`).
    #[serde(rename = "Status")]
    pub status: String,
    /// The network mode.
    #[serde(rename = "HostConfig")]
    pub host_config: SummaryHostConfig,
    /// Attached networks.
    #[serde(rename = "NetworkSettings")]
    pub network_settings: Option<SummaryNetworkSettings>,
    /// Mounts.
    #[serde(rename = "Mounts")]
    pub mounts: Vec<MountPoint>,
}
