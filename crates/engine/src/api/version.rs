//! `GET /version`: Docker's `types.Version` (API 1.41), the server half of `docker version`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `types.ComponentVersion`: the engine, containerd, runc, docker-init.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentVersion {
    /// `Engine`, `containerd`, `runc`, `docker-init`.
    #[serde(rename = "Name")]
    pub name: String,
    /// Its version.
    #[serde(rename = "Version")]
    pub version: String,
    /// `GitCommit`, and for the engine `ApiVersion`, `BuildTime`...; omitted when empty.
    #[serde(rename = "Details", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, String>,
}

/// The platform's name (`Docker Engine - Community`), or `""`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformName {
    /// The name.
    #[serde(rename = "Name")]
    pub name: String,
}

/// `types.Version`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// Platform.
    #[serde(rename = "Platform")]
    pub platform: PlatformName,
    /// Components; omitted when empty.
    #[serde(rename = "Components", default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentVersion>,
    /// The engine's version (`20.10.24+dfsg1`).
    #[serde(rename = "Version")]
    pub version: String,
    /// API version (`1.41`).
    #[serde(rename = "ApiVersion")]
    pub api_version: String,
    /// Oldest API version served; omitted when empty.
    #[serde(rename = "MinAPIVersion", default, skip_serializing_if = "String::is_empty")]
    pub min_api_version: String,
    /// Source commit.
    #[serde(rename = "GitCommit")]
    pub git_commit: String,
    /// Go version.
    #[serde(rename = "GoVersion")]
    pub go_version: String,
    /// `linux`.
    #[serde(rename = "Os")]
    pub os: String,
    /// `amd64`.
    #[serde(rename = "Arch")]
    pub arch: String,
    /// Kernel release; omitted when empty.
    #[serde(rename = "KernelVersion", default, skip_serializing_if = "String::is_empty")]
    pub kernel_version: String,
    /// Experimental features on; omitted when false.
    #[serde(rename = "Experimental", default, skip_serializing_if = "std::ops::Not::not")]
    pub experimental: bool,
    /// Build time, RFC 3339; omitted when empty.
    #[serde(rename = "BuildTime", default, skip_serializing_if = "String::is_empty")]
    pub build_time: String,
}
