//! Image archives: `docker save` tarballs and OCI image layouts, in and out.
//!
//! [`load`] is `docker load`: it reads a tar (plain or gzip) of either format into the
//! [`ImageDb`], and prints what Docker prints. Loading happens in three steps so that bad input
//! stores nothing:
//!
//! 1. every file of the archive goes into the content store ([`files::ArchiveFiles`]);
//! 2. the format reader *plans* the images: it parses manifests and configs, checks every
//!    blob's digest and size, every layer's diff ID against the config, and every tag;
//! 3. only then are images created and tagged, and the blobs no image needs are removed.
//!
//! A failure in 1 or 2 removes every blob the load added.
//!
//! [`docker_save::write::save`] is `docker save`; [`oci_layout::write::write_layout`] writes an
//! OCI layout.

pub mod docker_save;
pub mod files;
pub mod oci_layout;
pub mod ustar;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::io::{self, Read};

use crate::digest::Digest;
use crate::image::db::{DbError, ImageDb, LayerRecord};
use crate::image::layer::LayerError;
use crate::image::reference::{Reference, ReferenceError};
use crate::image::store::{ContentStore, StoreError};

use files::ArchiveFiles;

/// Why an archive could not be loaded or saved. Docker's wording where Docker has one.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The input is not a readable tar.
    #[error("reading archive: {0}")]
    Read(#[source] io::Error),
    /// An entry that would land outside the archive, or a link out of it.
    #[error("invalid archive entry {path:?}: {reason}")]
    Hostile {
        /// The entry as named in the tar.
        path: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Neither `manifest.json` nor an OCI layout's `index.json`.
    #[error("invalid archive: no manifest.json (docker save) or index.json (OCI layout) found")]
    UnknownFormat,
    /// A file the manifest names is not in the archive.
    #[error("file {0:?} not found in archive")]
    MissingFile(String),
    /// A JSON document is larger than wharf reads into memory.
    #[error("{path}: {size} bytes is too large for a JSON document")]
    TooLarge {
        /// The file.
        path: String,
        /// Its size.
        size: u64,
    },
    /// A JSON document does not parse.
    #[error("{path}: {source}")]
    Json {
        /// The file.
        path: String,
        /// The parse error.
        #[source]
        source: serde_json::Error,
    },
    /// The image is for another OS (Docker's text).
    #[error("cannot load {0} image on linux")]
    UnsupportedOs(String),
    /// `manifest.json` lists a different number of layers than the config (Docker's text).
    #[error("invalid manifest, layers length mismatch: expected {expected}, got {actual}")]
    LayerCountMismatch {
        /// Layers in the manifest.
        expected: usize,
        /// Diff IDs in the config.
        actual: usize,
    },
    /// A layer's content is not the layer the config names (Docker's text).
    #[error("invalid diffID for layer {index}: expected \"{expected}\", got \"{actual}\"")]
    DiffIdMismatch {
        /// Position of the layer, bottom first.
        index: usize,
        /// The config's diff ID.
        expected: Digest,
        /// The digest of the uncompressed layer.
        actual: Digest,
    },
    /// A blob does not hash to the digest that names it.
    #[error("{path}: digest mismatch: expected {expected}, got {actual}")]
    BlobDigestMismatch {
        /// The blob's path in the archive.
        path: String,
        /// The digest that names it.
        expected: Digest,
        /// The digest of its content.
        actual: Digest,
    },
    /// A blob's size differs from its descriptor.
    #[error("{path}: size mismatch: expected {expected} bytes, got {actual}")]
    BlobSizeMismatch {
        /// The blob's path in the archive.
        path: String,
        /// The descriptor's size.
        expected: u64,
        /// The blob's size.
        actual: u64,
    },
    /// A `RepoTags` entry that is a name without a tag (Docker's text).
    #[error("invalid tag {0:?}")]
    InvalidTag(String),
    /// A `RepoTags` entry or OCI ref name that is not a reference.
    #[error(transparent)]
    Reference(#[from] ReferenceError),
    /// An OCI descriptor of a kind wharf cannot load (zstd layers, unknown manifests).
    #[error("unsupported media type {0}")]
    UnsupportedMediaType(String),
    /// An image index with no manifest for this platform (Docker's text).
    #[error("no matching manifest for {0} in the manifest list entries")]
    NoMatchingManifest(String),
    /// `oci-layout` names a version wharf does not know.
    #[error("unsupported OCI image layout version {0:?}")]
    LayoutVersion(String),
    /// Image indexes nested deeper than wharf follows.
    #[error("image indexes nested too deeply")]
    TooDeep,
    /// Saving an image without layers (Docker's text).
    #[error("empty export - not implemented")]
    EmptyExport,
    /// A layer blob is not a readable layer.
    #[error("{path}: {source}")]
    Layer {
        /// The blob's path in the archive.
        path: String,
        /// Why.
        #[source]
        source: LayerError,
    },
    /// Writing the output tar failed.
    #[error(transparent)]
    Tar(#[from] ustar::TarError),
    /// The image database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The content store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ArchiveError {
    /// A hostile entry.
    pub fn hostile(path: &str, reason: &'static str) -> ArchiveError {
        ArchiveError::Hostile { path: path.to_string(), reason }
    }

    /// A read error of the archive stream.
    pub fn read(e: io::Error) -> ArchiveError {
        ArchiveError::Read(e)
    }
}

/// How to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// The OS an image must be for (`linux`).
    pub os: String,
    /// The architecture to pick from a multi-platform OCI index (`amd64`, `arm64`).
    pub architecture: String,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { os: "linux".to_string(), architecture: "amd64".to_string() }
    }
}

/// An image checked and ready to be created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedImage {
    /// The config bytes.
    pub config: Vec<u8>,
    /// Its layers, verified.
    pub layers: Vec<LayerRecord>,
    /// The tags to give it, with the default tag applied.
    pub tags: Vec<Reference>,
    /// Its parent image, if the archive says so and the parent is loaded too.
    pub parent: Option<Digest>,
}

/// What a load did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// The images created, in archive order, with the tags given (familiar form).
    pub images: Vec<(Digest, Vec<String>)>,
    /// Docker's output, one line each: `Loaded image: busybox:latest`, `Loaded image ID: ...`.
    pub lines: Vec<String>,
}

/// Verifies a layer blob and describes it: runs [`crate::image::layer::inspect`] over the stored
/// blob and checks its diff ID against the config's.
pub(crate) fn verify_layer(store: &dyn ContentStore, path: &str, blob: &Digest, index: usize, expected: &Digest) -> Result<LayerRecord, ArchiveError> {
    let mut reader = store.open(blob)?;
    let info = crate::image::layer::inspect(&mut reader).map_err(|source| ArchiveError::Layer { path: path.to_string(), source })?;
    if info.diff_id != *expected {
        return Err(ArchiveError::DiffIdMismatch { index, expected: *expected, actual: info.diff_id });
    }
    Ok(LayerRecord { diff_id: info.diff_id, blob: *blob, blob_size: info.blob_size, compressed: info.compressed, size: info.size })
}

/// Refuses an image for another OS, as Docker's `IsOSSupported` does.
pub(crate) fn check_os(os: &str, opts: &LoadOptions) -> Result<(), ArchiveError> {
    if os.is_empty() || os == opts.os {
        Ok(())
    } else {
        Err(ArchiveError::UnsupportedOs(os.to_string()))
    }
}

/// `docker load`: reads a `docker save` tarball or an OCI layout tar from `input` into `db`.
/// `docker save` is recognised by `manifest.json` (preferred, as Docker does when an archive has
/// both), an OCI layout by `index.json`.
pub fn load(db: &mut ImageDb<'_>, input: &mut dyn Read, opts: &LoadOptions) -> Result<LoadReport, ArchiveError> {
    let before: HashSet<Digest> = db.content().list()?.into_iter().collect();
    let mut files = ArchiveFiles::read(db.content(), input, &before)?;
    let planned = if files.contains(docker_save::MANIFEST_FILE) {
        docker_save::read::plan(db.content_ref(), &files, opts)
    } else if files.contains(oci_layout::INDEX_FILE) {
        oci_layout::read::plan(db.content_ref(), &files, opts)
    } else {
        Err(ArchiveError::UnknownFormat)
    };
    let planned = match planned {
        Ok(p) => p,
        Err(e) => {
            files.discard(db.content());
            return Err(e);
        }
    };
    let report = commit(db, &planned);
    let keep: HashSet<Digest> = match &report {
        Ok(r) => r.images.iter().map(|(id, _)| *id).chain(planned.iter().flat_map(|p| p.layers.iter().map(|l| l.blob))).collect(),
        Err(_) => HashSet::new(),
    };
    files.discard_except(db.content(), &keep);
    report
}

/// Creates and tags the planned images, writing Docker's lines (`tarexport.Load`): each tag
/// prints `Loaded image: name:tag`, preceded by a rename notice when the tag moves; the IDs are
/// printed (`Loaded image ID: sha256:...`) only if the *last* image had no tags — a quirk of
/// Docker's, kept.
fn commit(db: &mut ImageDb<'_>, planned: &[PlannedImage]) -> Result<LoadReport, ArchiveError> {
    let mut report = LoadReport::default();
    let mut id_lines = Vec::new();
    let mut last_ref_count = 0;
    for p in planned {
        let id = db.create(&p.config, p.layers.clone())?;
        id_lines.push(format!("Loaded image ID: {id}"));
        last_ref_count = 0;
        let mut tags = Vec::new();
        for tag in &p.tags {
            let name = tag.familiar_string();
            if let Some(prev) = db.set_loaded_tag(tag, &id)? {
                report.lines.push(format!("The image {name} already exists, renaming the old one with ID {prev} to empty string"));
            }
            report.lines.push(format!("Loaded image: {name}"));
            tags.push(name);
            last_ref_count += 1;
        }
        report.images.push((id, tags));
    }
    // Parents are linked once every image exists, as Docker does after its loop.
    for (p, (id, _)) in planned.iter().zip(&report.images) {
        if p.parent.is_some() {
            db.set_parent(id, p.parent)?;
        }
    }
    if last_ref_count == 0 {
        report.lines.extend(id_lines);
    }
    Ok(report)
}
