//! Docker Engine API types: what `dockerd` answers, with the real JSON field names, in the order
//! Docker writes them. Pure data: the engine fills them, the CLI renders them, and `wharf
//! daemon` serves them as they are.
//!
//! - [`image`]: `GET /images/json`, `/images/{name}/json`, `/images/{name}/history`.
//! - [`container`]: `container.Config`, shared by image and container responses.
//! - [`container_inspect`], [`host_config`], [`network_settings`]: `GET /containers/{id}/json`.
//! - [`container_summary`]: `GET /containers/json`.
//! - [`container_misc`]: `top` and `changes`.
//! - [`stats`]: `GET /containers/{id}/stats`.
//! - [`network`], [`volume`]: networks and volumes.
//! - [`events`]: `GET /events`.
//! - [`system`]: `GET /system/df`; [`version`]: `GET /version`; [`info`]: `GET /info`.
//! - [`logs`]: the `json-file` log driver's lines.
//! - [`gojson`], [`gotime`]: Go's JSON encoding and `time.Time` format, so the bytes match.

pub mod container;
pub mod container_inspect;
pub mod container_misc;
pub mod container_summary;
pub mod events;
pub mod gojson;
pub mod gotime;
pub mod host_config;
pub mod image;
pub mod info;
pub mod logs;
pub mod network;
pub mod network_settings;
pub mod stats;
pub mod system;
pub mod version;
pub mod volume;

pub use container::ContainerConfig;
pub use container_inspect::{ContainerJson, ContainerState, Health, HealthcheckResult, MountPoint};
pub use container_misc::{ChangeKind, ContainerChangeResponseItem, ContainerTopOkBody};
pub use container_summary::{summary_command, summary_ports, ContainerSummary, Port, SummaryHostConfig};
pub use events::{Actor, Message};
pub use gotime::GoTime;
pub use host_config::{HostConfig, LogConfig, PortBinding, PortMap, RestartPolicy, DEFAULT_MASKED_PATHS, DEFAULT_READONLY_PATHS};
pub use image::{GraphDriverData, HistoryResponseItem, ImageInspect, ImageMetadata, ImageSummary, RootFs};
pub use logs::LogEntry;
pub use network::{EndpointResource, Ipam, IpamConfig, NetworkResource};
pub use network_settings::{EndpointSettings, NetworkSettings, SummaryNetworkSettings};
pub use stats::StatsJson;
pub use system::{BuildCache, DiskUsage};
pub use volume::{Volume, VolumeUsageData};
