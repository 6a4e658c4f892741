//! Docker Engine API types: what `dockerd` answers, with the real JSON field names, in the order
//! Docker writes them. Pure data: the engine fills them, the CLI renders them, and `wharf
//! daemon` serves them as they are.
//!
//! - [`image`]: `GET /images/json`, `/images/{name}/json`, `/images/{name}/history`.
//! - [`container`]: `container.Config`, shared by image and container responses.
//! - [`gojson`], [`gotime`]: Go's JSON encoding and `time.Time` format, so the bytes match.

pub mod container;
pub mod gojson;
pub mod gotime;
pub mod image;

pub use container::ContainerConfig;
pub use gotime::GoTime;
pub use image::{GraphDriverData, HistoryResponseItem, ImageInspect, ImageMetadata, ImageSummary, RootFs};
