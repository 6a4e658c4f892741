//! `GET /system/df`: Docker's `types.DiskUsage` and `types.BuildCache` (API 1.41), what
//! `docker system df` sums up.

use serde::{Deserialize, Serialize};

use super::container_summary::ContainerSummary;
use super::gotime::GoTime;
use super::image::ImageSummary;
use super::volume::Volume;

/// `types.BuildCache`: one build cache record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildCache {
    /// Record ID.
    #[serde(rename = "ID")]
    pub id: String,
    /// Parent record, or `""`.
    #[serde(rename = "Parent")]
    pub parent: String,
    /// `regular`, `source.local`, `exec.cachemount`...
    #[serde(rename = "Type")]
    pub kind: String,
    /// What made it.
    #[serde(rename = "Description")]
    pub description: String,
    /// Used by a running build.
    #[serde(rename = "InUse")]
    pub in_use: bool,
    /// Shared with an image.
    #[serde(rename = "Shared")]
    pub shared: bool,
    /// Bytes.
    #[serde(rename = "Size")]
    pub size: i64,
    /// Creation.
    #[serde(rename = "CreatedAt")]
    pub created_at: GoTime,
    /// Last use (`null` if never).
    #[serde(rename = "LastUsedAt")]
    pub last_used_at: Option<GoTime>,
    /// Uses.
    #[serde(rename = "UsageCount")]
    pub usage_count: i64,
}

/// `types.DiskUsage`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DiskUsage {
    /// Bytes of all image layers, shared ones counted once.
    #[serde(rename = "LayersSize")]
    pub layers_size: i64,
    /// Images, with `Containers` and `SharedSize` computed.
    #[serde(rename = "Images")]
    pub images: Vec<ImageSummary>,
    /// Containers, with `SizeRw` computed.
    #[serde(rename = "Containers")]
    pub containers: Vec<ContainerSummary>,
    /// Volumes, with `UsageData` filled.
    #[serde(rename = "Volumes")]
    pub volumes: Vec<Volume>,
    /// Build cache records.
    #[serde(rename = "BuildCache")]
    pub build_cache: Vec<BuildCache>,
    /// Deprecated: the builder's total size; omitted when 0.
    #[serde(rename = "BuilderSize", default, skip_serializing_if = "is_zero")]
    pub builder_size: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}
