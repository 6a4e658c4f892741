//! `docker pull`: a manifest, its config and its layers from a registry into the kernel's
//! stores, with Docker's progress lines.
//!
//! Nothing is tagged until every blob is verified and every layer unpacked: a blob that does
//! not hash to its descriptor, a layer whose diff ID is not the config's, or a layer the
//! kernel refuses fails the pull, and the blobs and layers it added are removed again.

use std::collections::HashMap;

use super::{fail, manifest, ManifestRef, Registries, Registry, RegistryError, TransferError, TransferErrorKind};
use crate::digest::Digest;
use crate::image::db::{DockerImage, ImageDb, LayerRecord};
use crate::image::layer;
use crate::image::oci::{chain_ids, Descriptor};
use crate::image::reference::Reference;
use crate::kernel::Kernel;

/// Layers dockerd downloads at once (`--max-concurrent-downloads`); the rest print `Waiting`.
pub const MAX_CONCURRENT_DOWNLOADS: usize = 3;

/// What a pull did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pulled {
    /// The image ID.
    pub id: Digest,
    /// The manifest's digest (`Digest:` line, `RepoDigests`).
    pub manifest_digest: Digest,
    /// Whether the reference already named this image (`Image is up to date`).
    pub up_to_date: bool,
}

/// `docker pull reference`, with each progress line (no newline) given to `progress`, ending
/// with the full reference on its own line as the 28.x client prints it. A reference with
/// neither tag nor digest pulls `latest` (the caller prints
/// [`USING_DEFAULT_TAG`](super::USING_DEFAULT_TAG) first when the user typed no tag).
///
/// The reference is tagged, and, for a pull by tag, `name@<manifest digest>` is recorded too,
/// as dockerd does, so `docker images --digests` and `RepoDigests` show it. Pulled tags keep
/// Go's zero `LastTagTime`, as in Docker.
pub fn pull(kernel: &mut dyn Kernel, registries: &mut Registries, reference: &Reference, progress: &mut dyn FnMut(&str)) -> Result<Pulled, TransferError> {
    let reference = reference.clone().with_default_tag();
    let repo = reference.path().to_string();
    let registry = registries.reach(reference.domain()).map_err(fail(false))?;

    let (tag_or_digest, wanted) = match (reference.digest(), reference.tag()) {
        (Some(d), _) => (d.to_string(), ManifestRef::Digest(d)),
        (None, Some(t)) => (t.to_string(), ManifestRef::Tag(t)),
        (None, None) => unreachable!("with_default_tag gives a tag"),
    };
    let (bytes, manifest_digest) = registry.manifest(&repo, wanted).map_err(|e| {
        fail(false)(match e {
            RegistryError::Denied => TransferErrorKind::PullAccessDenied(reference.familiar_name()),
            RegistryError::ManifestUnknown => TransferErrorKind::ManifestNotFound(reference.familiar_string()),
            other => other.into(),
        })
    })?;
    if reference.digest().is_some_and(|d| *d != Digest::of(&bytes)) {
        return Err(fail(false)(TransferErrorKind::ManifestVerification(manifest_digest)));
    }
    let m = manifest::parse(&bytes).map_err(|e| fail(false)(TransferErrorKind::UnsupportedManifest(e)))?;

    progress(&format!("{tag_or_digest}: Pulling from {repo}"));
    let streamed = fail(true);
    let id = m.config.digest;
    let (content, meta) = kernel.stores();
    let exists = ImageDb::new(content, meta).record(&id).map_err(|e| streamed(e.into()))?.is_some();
    if !exists {
        let mut added = Added::default();
        let result = fetch_image(kernel, registry, &repo, &m.config, &m.layers, progress, &mut added);
        if let Err(kind) = result {
            added.undo(kernel);
            return Err(streamed(kind));
        }
    }
    progress(&format!("Digest: {manifest_digest}"));

    let (content, meta) = kernel.stores();
    let mut db = ImageDb::new(content, meta);
    let before = db.tags().map_err(|e| streamed(e.into()))?.get(&reference);
    db.set_loaded_tag(&reference, &id).map_err(|e| streamed(e.into()))?;
    if reference.digest().is_none() {
        let by_digest: Reference = format!("{}@{manifest_digest}", reference.name()).parse().map_err(|e: crate::image::reference::ReferenceError| streamed(crate::image::db::DbError::from(e).into()))?;
        db.set_loaded_tag(&by_digest, &id).map_err(|e| streamed(e.into()))?;
    }
    let up_to_date = before == Some(id);
    let status = if up_to_date { "Image is up to date for" } else { "Downloaded newer image for" };
    progress(&format!("Status: {status} {}", reference.familiar_string()));
    progress(&reference.to_string());
    Ok(Pulled { id, manifest_digest, up_to_date })
}

/// Blobs and layers a pull added, to remove if it fails.
#[derive(Default)]
struct Added {
    blobs: Vec<Digest>,
    layers: Vec<Digest>,
}

impl Added {
    fn undo(self, kernel: &mut dyn Kernel) {
        for chain in self.layers.iter().rev() {
            let _ = kernel.remove_layer(chain);
        }
        let (content, _) = kernel.stores();
        for blob in &self.blobs {
            let _ = content.delete(blob);
        }
    }
}

/// Fetches, verifies and stores the config and layers of an image not stored yet, unpacks the
/// layers and creates the image record.
fn fetch_image(kernel: &mut dyn Kernel, registry: &mut dyn Registry, repo: &str, config: &Descriptor, layers: &[Descriptor], progress: &mut dyn FnMut(&str), added: &mut Added) -> Result<(), TransferErrorKind> {
    let config_bytes = registry.blob(repo, &config.digest)?;
    if Digest::of(&config_bytes) != config.digest {
        return Err(TransferErrorKind::ConfigVerification(config.digest));
    }
    let img = DockerImage::parse(&config_bytes).map_err(|_| TransferErrorKind::ConfigVerification(config.digest))?;
    if img.diff_ids().len() != layers.len() {
        return Err(TransferErrorKind::LayersMismatch);
    }
    let chains = chain_ids(img.diff_ids());
    let known = known_layers(kernel)?;

    // Which layers to download, announced as dockerd does before any completes.
    let mut records: Vec<Option<LayerRecord>> = chains.iter().map(|c| known.get(c).cloned()).collect();
    let todo: Vec<usize> = (0..layers.len()).filter(|&i| records[i].is_none()).collect();
    for (i, rec) in records.iter().enumerate() {
        let what = if rec.is_some() { "Already exists" } else { "Pulling fs layer" };
        progress(&format!("{}: {what}", layers[i].digest.short()));
    }
    for &i in todo.iter().skip(MAX_CONCURRENT_DOWNLOADS) {
        progress(&format!("{}: Waiting", layers[i].digest.short()));
    }
    for &i in &todo {
        let d = &layers[i];
        let bytes = registry.blob(repo, &d.digest)?;
        progress(&format!("{}: Verifying Checksum", d.digest.short()));
        if bytes.len() as u64 != d.size || Digest::of(&bytes) != d.digest {
            return Err(TransferErrorKind::LayerVerification(d.digest));
        }
        let (content, _) = kernel.stores();
        if !content.contains(&d.digest)? {
            content.put(Some(&d.digest), &bytes)?;
            added.blobs.push(d.digest);
        }
        progress(&format!("{}: Download complete", d.digest.short()));
    }
    for (i, chain) in chains.iter().enumerate() {
        let parent = i.checked_sub(1).map(|p| chains[p]);
        let pulled = records[i].is_none();
        let rec = match records[i].take() {
            Some(rec) => rec,
            None => {
                let (content, _) = kernel.stores();
                let info = layer::inspect(&mut content.open(&layers[i].digest)?)?;
                if info.diff_id != img.diff_ids()[i] {
                    return Err(TransferErrorKind::LayersMismatch);
                }
                let size = manifest::reported_size(&layers[i]).unwrap_or(info.size);
                LayerRecord { diff_id: info.diff_id, blob: layers[i].digest, blob_size: info.blob_size, compressed: info.compressed, size }
            }
        };
        // Unpack (a no-op for a chain the kernel has; needed for one only `docker load` stored).
        let (content, _) = kernel.stores();
        let tar = content.get(&rec.blob)?;
        kernel.unpack_layer(chain, parent.as_ref(), &mut &tar[..])?;
        if pulled {
            // Undone on failure; a layer some container still uses stays (`remove_layer` is busy).
            added.layers.push(*chain);
        }
        if pulled {
            progress(&format!("{}: Pull complete", layers[i].digest.short()));
        }
        records[i] = Some(rec);
    }
    let (content, meta) = kernel.stores();
    let mut db = ImageDb::new(content, meta);
    let before = db.content_ref().contains(&config.digest)?;
    db.create(&config_bytes, records.into_iter().flatten().collect())?;
    if !before {
        added.blobs.push(config.digest);
    }
    Ok(())
}

/// The layers of every stored image by chain ID: what `Already exists` means.
fn known_layers(kernel: &mut dyn Kernel) -> Result<HashMap<Digest, LayerRecord>, TransferErrorKind> {
    let (content, meta) = kernel.stores();
    let db = ImageDb::new(content, meta);
    let mut out = HashMap::new();
    for id in db.ids()? {
        let Some(rec) = db.record(&id)? else { continue };
        let diff_ids: Vec<Digest> = rec.layers.iter().map(|l| l.diff_id).collect();
        for (chain, layer) in chain_ids(&diff_ids).into_iter().zip(rec.layers) {
            out.entry(chain).or_insert(layer);
        }
    }
    Ok(out)
}
