//! OCI image layouts (image-spec `image-layout.md`), as written by skopeo, umoci, BuildKit and
//! Docker 25+: reading in [`read`](mod@read), writing in [`write`](mod@write).
//!
//! ```text
//! oci-layout                   {"imageLayoutVersion":"1.0.0"}
//! index.json                   an image index: one descriptor per image (and name)
//! blobs/sha256/<hex>           manifests, nested indexes, configs, layers (plain or gzip)
//! ```
//!
//! **Names.** The spec leaves naming open; wharf reads, in this order, containerd's
//! `io.containerd.image.name` (a full reference, what Docker 25+ writes) and then
//! `org.opencontainers.image.ref.name` read *as a reference*: `busybox` becomes
//! `busybox:latest` (skopeo's `oci:DIR:busybox`), `busybox:1.36` stays. A ref name that is not a
//! valid reference (or only a digest) leaves the image untagged. Note that a bare tag such as
//! umoci's `DIR:latest` therefore names the repository `latest`.
//!
//! **Platforms.** A nested index (or a top-level descriptor with a `platform`) is narrowed to
//! the load's OS and architecture, like `docker pull` does with a manifest list.

pub mod read;
pub mod write;

use serde::{Deserialize, Serialize};

use crate::digest::Digest;

/// The index file.
pub const INDEX_FILE: &str = "index.json";
/// The layout marker file.
pub const LAYOUT_FILE: &str = "oci-layout";
/// The only layout version there is.
pub const LAYOUT_VERSION: &str = "1.0.0";
/// containerd's annotation for an image's full name.
pub const ANNOTATION_IMAGE_NAME: &str = "io.containerd.image.name";

/// The `oci-layout` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayoutMarker {
    /// `1.0.0`.
    #[serde(rename = "imageLayoutVersion")]
    pub image_layout_version: String,
}

/// Where a blob lives in a layout.
pub fn blob_path(digest: &Digest) -> String {
    format!("blobs/sha256/{}", digest.hex())
}
