//! `docker push`: an image's layers, config and a schema 2 manifest to a registry, with
//! Docker's progress lines.

use super::{fail, manifest, Registries, TransferError, TransferErrorKind};
use crate::digest::Digest;
use crate::image::db::ImageDb;
use crate::image::layer;
use crate::image::oci::{media_type, Descriptor};
use crate::image::reference::Reference;
use crate::kernel::Kernel;

/// Layers dockerd uploads at once (`--max-concurrent-uploads`); the rest print `Waiting`.
pub const MAX_CONCURRENT_UPLOADS: usize = 5;

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    /// The pushed manifest's digest.
    pub manifest_digest: Digest,
    /// Its size in bytes.
    pub manifest_size: usize,
}

/// `docker push reference` (`:latest` if no tag), each progress line given to `progress`:
///
/// ```text
/// The push refers to repository [localhost:5000/busybox]
/// 6f1ccf537f1f: Preparing
/// 6f1ccf537f1f: Pushed
/// 1.35: digest: sha256:1984... size: 527
/// ```
///
/// Layers are listed top first and named by diff ID, as dockerd does. Pushing to Docker Hub
/// without being logged in as the repository's namespace fails after the `Preparing` lines
/// with `denied: requested access to the resource is denied`.
pub fn push(kernel: &mut dyn Kernel, registries: &mut Registries, reference: &Reference, progress: &mut dyn FnMut(&str)) -> Result<Pushed, TransferError> {
    let reference = reference.clone().with_default_tag();
    let tag = reference.tag().unwrap_or("latest").to_string();
    let repo = reference.path().to_string();
    progress(&format!("The push refers to repository [{}]", reference.repository()));
    let err = fail(true);

    let (content, meta) = kernel.stores();
    let db = ImageDb::new(content, meta);
    let id = db.tags().map_err(|e| err(e.into()))?.get(&reference).ok_or_else(|| err(TransferErrorKind::NoLocalImage(reference.familiar_name())))?;
    let record = db.get(&id).map_err(|e| err(e.into()))?;
    let config_bytes = db.config_bytes(&id).map_err(|e| err(e.into()))?;

    let user = registries.user(reference.domain()).map(str::to_string);
    let registry = registries.reach(reference.domain()).map_err(&err)?;
    for l in record.layers.iter().rev() {
        progress(&format!("{}: Preparing", l.diff_id.short()));
    }
    for l in record.layers.iter().rev().skip(MAX_CONCURRENT_UPLOADS) {
        progress(&format!("{}: Waiting", l.diff_id.short()));
    }
    registry.authorize_push(&repo, user.as_deref()).map_err(|e| err(e.into()))?;

    let mut descriptors = Vec::with_capacity(record.layers.len());
    for l in &record.layers {
        let (content, _) = kernel.stores();
        let bytes = content.get(&l.blob).map_err(|e| err(e.into()))?;
        let counted = layer::inspect(&mut &bytes[..]).map_err(|e| err(e.into()))?.size;
        descriptors.push(manifest::layer_descriptor(l.blob, bytes.len() as u64, l.compressed, (counted != l.size).then_some(l.size)));
        let registry = registries.reach(reference.domain()).map_err(&err)?;
        let line = if registry.has_blob(&repo, &l.blob) {
            "Layer already exists"
        } else {
            registry.put_blob(&repo, &bytes).map_err(|e| err(e.into()))?;
            "Pushed"
        };
        progress(&format!("{}: {line}", l.diff_id.short()));
    }
    // Completions print bottom first: the order equally fast uploads finish in.
    let registry = registries.reach(reference.domain()).map_err(&err)?;
    let config_digest = registry.put_blob(&repo, &config_bytes).map_err(|e| err(e.into()))?;
    let config = Descriptor::new(media_type::DOCKER_CONFIG, config_digest, config_bytes.len() as u64);
    let bytes = manifest::write(&config, &descriptors);
    let manifest_digest = registry.put_manifest(&repo, &tag, &bytes).map_err(|e| err(e.into()))?;
    progress(&format!("{tag}: digest: {manifest_digest} size: {}", bytes.len()));
    Ok(Pushed { manifest_digest, manifest_size: bytes.len() })
}
