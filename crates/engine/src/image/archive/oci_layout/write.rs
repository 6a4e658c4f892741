//! Writing an OCI image layout: the stored blobs as they are (gzip stays gzip), one OCI manifest
//! per image, and an `index.json` naming each tag the way Docker 25+ does
//! (`io.containerd.image.name` = full reference, `org.opencontainers.image.ref.name` = tag).

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};

use super::{blob_path, LayoutMarker, ANNOTATION_IMAGE_NAME, INDEX_FILE, LAYOUT_FILE, LAYOUT_VERSION};
use crate::digest::Digest;
use crate::image::archive::ustar::TarWriter;
use crate::image::archive::ArchiveError;
use crate::image::db::ImageDb;
use crate::image::oci::{media_type as mt, Descriptor, Index, Manifest, ANNOTATION_REF_NAME};
use crate::image::reference::Reference;

/// Where a layout is written: a tar stream here, a directory natively.
pub trait LayoutSink {
    /// Writes the file at `path` (`/`-separated, relative) with `size` bytes from `data`.
    fn file(&mut self, path: &str, size: u64, data: &mut dyn Read) -> Result<(), ArchiveError>;
}

/// A layout as a tar stream: `oci-layout`, `index.json`, `blobs/`, `blobs/sha256/`, blobs.
pub struct TarSink<W: Write> {
    tar: TarWriter<W>,
    dirs_written: bool,
}

impl<W: Write> TarSink<W> {
    /// A sink writing a tar to `out`.
    pub fn new(out: W) -> TarSink<W> {
        TarSink { tar: TarWriter::new(out), dirs_written: false }
    }

    /// Ends the tar and returns the output.
    pub fn finish(self) -> Result<W, ArchiveError> {
        Ok(self.tar.finish()?)
    }
}

impl<W: Write> LayoutSink for TarSink<W> {
    fn file(&mut self, path: &str, size: u64, data: &mut dyn Read) -> Result<(), ArchiveError> {
        if path.starts_with("blobs/") && !self.dirs_written {
            self.tar.dir("blobs", 0)?;
            self.tar.dir("blobs/sha256", 0)?;
            self.dirs_written = true;
        }
        self.tar.file(path, 0, size, data)?;
        Ok(())
    }
}

fn json_err(source: serde_json::Error) -> ArchiveError {
    ArchiveError::Json { path: INDEX_FILE.to_string(), source }
}

/// Writes `images` (each with its tags) as an OCI layout into `sink`.
pub fn write_layout(db: &ImageDb<'_>, images: &[(Digest, Vec<Reference>)], sink: &mut dyn LayoutSink) -> Result<(), ArchiveError> {
    let store = db.content_ref();
    let mut index = Index { schema_version: 2, media_type: Some(mt::OCI_INDEX.to_string()), manifests: Vec::new(), annotations: BTreeMap::new() };
    let mut blobs: Vec<(Digest, u64)> = Vec::new();
    let mut manifests: Vec<Vec<u8>> = Vec::new();
    let mut seen = HashSet::new();
    for (id, tags) in images {
        let record = db.get(id)?;
        let config_size = store.size(id)?.ok_or(crate::image::store::StoreError::NotFound(*id))?;
        let layers = record
            .layers
            .iter()
            .map(|l| Descriptor::new(if l.compressed { mt::OCI_LAYER_GZIP } else { mt::OCI_LAYER_TAR }, l.blob, l.blob_size))
            .collect();
        let manifest = Manifest {
            schema_version: 2,
            media_type: Some(mt::OCI_MANIFEST.to_string()),
            config: Descriptor::new(mt::OCI_CONFIG, *id, config_size),
            layers,
            annotations: BTreeMap::new(),
        };
        let bytes = serde_json::to_vec(&manifest).map_err(json_err)?;
        let digest = Digest::of(&bytes);
        let desc = Descriptor::new(mt::OCI_MANIFEST, digest, bytes.len() as u64);
        if tags.is_empty() {
            index.manifests.push(desc.clone());
        }
        for tag in tags {
            let mut d = desc.clone();
            d.annotations.insert(ANNOTATION_IMAGE_NAME.to_string(), tag.to_string());
            d.annotations.insert(ANNOTATION_REF_NAME.to_string(), tag.tag().unwrap_or("latest").to_string());
            index.manifests.push(d);
        }
        for (d, size) in std::iter::once((*id, config_size)).chain(record.layers.iter().map(|l| (l.blob, l.blob_size))) {
            if seen.insert(d) {
                blobs.push((d, size));
            }
        }
        if seen.insert(digest) {
            manifests.push(bytes);
        }
    }
    let marker = serde_json::to_vec(&LayoutMarker { image_layout_version: LAYOUT_VERSION.to_string() }).map_err(json_err)?;
    sink.file(LAYOUT_FILE, marker.len() as u64, &mut &marker[..])?;
    let index_bytes = serde_json::to_vec(&index).map_err(json_err)?;
    sink.file(INDEX_FILE, index_bytes.len() as u64, &mut &index_bytes[..])?;
    for bytes in &manifests {
        sink.file(&blob_path(&Digest::of(bytes)), bytes.len() as u64, &mut &bytes[..])?;
    }
    for (digest, size) in blobs {
        sink.file(&blob_path(&digest), size, &mut store.open(&digest)?)?;
    }
    Ok(())
}

/// Writes `images` as an OCI layout tar to `out`.
pub fn write_layout_tar(db: &ImageDb<'_>, images: &[(Digest, Vec<Reference>)], out: &mut dyn Write) -> Result<(), ArchiveError> {
    let mut sink = TarSink::new(out);
    write_layout(db, images, &mut sink)?;
    sink.finish()?;
    Ok(())
}
