//! The registry side of Docker: what a distribution-API registry (Docker Hub, `registry:2`)
//! answers, and `docker pull` / `docker push` / `docker login` / `docker search` over it.
//!
//! - [`Registry`] is what `/v2/` answers: manifests by tag or digest, blobs by digest, pushed
//!   blobs and manifests, and (Hub only) search. [`MemoryRegistry`] keeps all of it in memory:
//!   the simulator's Docker Hub, and what a `registry:2` container serves, loaded from and
//!   saved to its storage ([`storage`]) by the daemon.
//! - [`Registries`] is the network as the daemon sees it: one registry per host
//!   (`docker.io`, `localhost:5000`), and the `docker login` state per host.
//! - [`pull()`] and [`push()`] move images between a registry and the kernel's stores, printing
//!   Docker's progress lines; [`search::table`] is `docker search`'s output; [`manifest`] writes schema 2 manifests byte for byte as
//!   `distribution` does, so digests look and behave like real ones.
//!
//! **Sizes without bytes.** The stand-in images must show Docker Hub's sizes in `docker images`
//! (alpine 7.33MB, nginx 187MB) without a browser allocating hundreds of megabytes per boot.
//! Their layers therefore carry few real bytes, and a layer descriptor in the manifest may
//! carry the annotation [`SIZE_ANNOTATION`]: the size Docker would report for the layer (the
//! bytes of its regular files). [`pull()`] records that number as the layer's size instead of
//! the counted one; [`push()`] writes it back whenever a layer's recorded size is not what its
//! bytes count to, so the size survives a push to `localhost:5000` and a pull back. The
//! annotation can only change a displayed number: the bytes, digests and diff IDs are verified
//! as usual.
//!
//! **Errors as Docker prints them.** dockerd reports an error as an HTTP error while it has
//! written nothing yet (the 28.x client then prints `Error response from daemon: ...`), and as
//! a message in the progress stream once it has (printed bare, e.g. `denied: requested access
//! to the resource is denied` after the `Preparing` lines of a push). [`TransferError`] keeps
//! which of the two happened; [`TransferError::cli_text`] gives what the client prints.

pub mod manifest;
mod memory;
pub mod pull;
pub mod push;
pub mod config;
mod registries;
pub mod search;
pub mod storage;

#[cfg(test)]
mod tests;

use crate::digest::Digest;
use crate::image::db::DbError;
use crate::image::layer::LayerError;
use crate::image::store::StoreError;
use crate::kernel::KernelError;

pub use memory::{MemoryRegistry, Repository};
pub use pull::{pull, Pulled};
pub use push::{push, Pushed};
pub use registries::{Registries, DEFAULT_INDEX};

/// The layer-descriptor annotation carrying the size Docker reports for the layer (decimal
/// bytes). See the module docs.
pub const SIZE_ANNOTATION: &str = "org.wharf.layer.size";

/// What the 28.x CLI prints before pulling or pushing a reference without tag or digest.
pub const USING_DEFAULT_TAG: &str = "Using default tag: latest";

/// Which manifest of a repository to fetch: by tag or by digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestRef<'a> {
    /// A tag (`latest`).
    Tag(&'a str),
    /// A manifest digest.
    Digest(&'a Digest),
}

/// One `docker search` result, with the Engine API's field names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SearchResult {
    /// The repository (`nginx`, `bitnami/nginx`).
    pub name: String,
    /// Its short description.
    pub description: String,
    /// How many users starred it.
    pub star_count: u64,
    /// A Docker Official Image.
    pub is_official: bool,
    /// Built by Docker Hub's automated builds (always false today).
    pub is_automated: bool,
}

/// An error a registry answers with: the distribution API's error codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// `MANIFEST_UNKNOWN`: no manifest with that tag or digest (`registry:2` answers this for an
    /// unknown repository too).
    #[error("manifest unknown: manifest unknown")]
    ManifestUnknown,
    /// `BLOB_UNKNOWN`.
    #[error("blob unknown: blob unknown to registry")]
    BlobUnknown(Digest),
    /// `DENIED`: Docker Hub's answer for a repository that does not exist or is not yours.
    #[error("denied: requested access to the resource is denied")]
    Denied,
    /// `MANIFEST_INVALID`: a pushed manifest that does not parse or names missing blobs.
    #[error("manifest invalid: manifest invalid")]
    ManifestInvalid,
    /// `DIGEST_INVALID`: pushed content that does not match its digest.
    #[error("digest invalid: provided digest did not match uploaded content")]
    DigestInvalid,
}

/// What went wrong in a pull or push (Docker's texts; see [`TransferError`] for the prefix).
#[derive(Debug, thiserror::Error)]
pub enum TransferErrorKind {
    /// Docker Hub: an unknown repository, or one that needs a login.
    #[error("pull access denied for {0}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied")]
    PullAccessDenied(String),
    /// The repository has no such tag or digest.
    #[error("manifest for {0} not found: manifest unknown: manifest unknown")]
    ManifestNotFound(String),
    /// No registry answers at the reference's host (`localhost:5000` with no `registry:2`).
    #[error("Get \"{url}\": {reason}")]
    Unreachable {
        /// The URL dockerd tried.
        url: String,
        /// The dial error.
        reason: String,
    },
    /// A manifest fetched by digest whose bytes do not hash to it.
    #[error("manifest verification failed for digest {0}")]
    ManifestVerification(Digest),
    /// A manifest that is not a single-image schema 2 / OCI manifest.
    #[error("unsupported manifest format: {0}")]
    UnsupportedManifest(String),
    /// A config blob whose bytes do not hash to the manifest's digest.
    #[error("image config verification failed for digest {0}")]
    ConfigVerification(Digest),
    /// A layer blob whose bytes (or size) are not the manifest's.
    #[error("filesystem layer verification failed for digest {0}")]
    LayerVerification(Digest),
    /// The layers' diff IDs are not the config's.
    #[error("layers from manifest don't match image configuration")]
    LayersMismatch,
    /// `docker push` of a name no local image has.
    #[error("An image does not exist locally with the tag: {0}")]
    NoLocalImage(String),
    /// The registry refused.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// A layer blob is not a readable layer.
    #[error(transparent)]
    Layer(#[from] LayerError),
    /// The image database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The content store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The kernel could not unpack a layer.
    #[error(transparent)]
    Kernel(#[from] KernelError),
}

/// A failed pull or push, and whether dockerd had already streamed progress when it failed.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct TransferError {
    /// What went wrong.
    pub kind: TransferErrorKind,
    /// Progress lines had been written: the error is part of the stream, printed bare.
    pub streamed: bool,
}

impl TransferError {
    /// What the docker CLI prints on stderr: `Error response from daemon: <text>` for an error
    /// before any output, the bare text for an error inside the progress stream.
    pub fn cli_text(&self) -> String {
        if self.streamed {
            self.kind.to_string()
        } else {
            format!("Error response from daemon: {}", self.kind)
        }
    }
}

/// What a terminal shows once a pull or push is done: the docker CLI on a TTY rewrites each
/// layer's line in place (`jsonmessage` with cursor movement), so every `<id>: status` line
/// is replaced by the layer's last status, in the order the layers first appeared; other
/// lines stay as they are. Without a TTY the CLI prints every line (what [`pull()`] emits).
pub fn tty_view(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rows: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for line in lines {
        let id = line.split_once(": ").map(|(id, _)| id).filter(|id| id.len() == 12 && id.bytes().all(|b| b.is_ascii_hexdigit()));
        match id.and_then(|id| rows.get(id).map(|&row| (id, row))) {
            Some((_, row)) => out[row] = line.clone(),
            None => {
                if let Some(id) = id {
                    rows.insert(id, out.len());
                }
                out.push(line.clone());
            }
        }
    }
    out
}

/// An error kind, tagged with whether progress had been streamed.
pub(crate) fn fail(streamed: bool) -> impl Fn(TransferErrorKind) -> TransferError {
    move |kind| TransferError { kind, streamed }
}

/// The registry trait: what a distribution-API registry answers. Repositories are paths
/// inside the registry (`library/alpine`, `user/app`). Methods take `&mut self` so that a
/// registry may build content lazily on first request.
pub trait Registry {
    /// Resolves a tag or digest to the manifest's bytes and digest (`GET /v2/<repo>/manifests/<ref>`).
    fn manifest(&mut self, repository: &str, reference: ManifestRef<'_>) -> Result<(Vec<u8>, Digest), RegistryError>;
    /// A blob's bytes (`GET /v2/<repo>/blobs/<digest>`). The caller verifies them.
    fn blob(&mut self, repository: &str, digest: &Digest) -> Result<Vec<u8>, RegistryError>;
    /// Whether the registry has the blob (`HEAD /v2/<repo>/blobs/<digest>`): a push then
    /// prints `Layer already exists`.
    fn has_blob(&mut self, repository: &str, digest: &Digest) -> bool;
    /// Whether `user` (`None`: not logged in) may push to `repository`; Docker Hub refuses
    /// with [`RegistryError::Denied`].
    fn authorize_push(&self, repository: &str, user: Option<&str>) -> Result<(), RegistryError>;
    /// Accepts a blob upload; the registry computes and returns its digest.
    fn put_blob(&mut self, repository: &str, bytes: &[u8]) -> Result<Digest, RegistryError>;
    /// Accepts a manifest under `tag`; every blob it names must be present. Returns its digest.
    fn put_manifest(&mut self, repository: &str, tag: &str, bytes: &[u8]) -> Result<Digest, RegistryError>;
    /// `docker search`: repositories whose name or description contains `term`, most starred
    /// first. A registry without a search index answers nothing.
    fn search(&mut self, term: &str) -> Vec<SearchResult>;
}
