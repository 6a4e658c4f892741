//! Reading a `docker save` tarball (Docker 20.10's `tarexport.Load`), checking more than Docker
//! does: every layer's diff ID, every path, every tag, before anything is stored.

use std::collections::HashMap;

use super::{ManifestItem, MANIFEST_FILE};
use crate::digest::Digest;
use crate::image::archive::files::ArchiveFiles;
use crate::image::archive::{check_os, verify_layer, ArchiveError, LoadOptions, PlannedImage};
use crate::image::db::{DockerImage, LayerRecord};
use crate::image::reference::Reference;
use crate::image::store::ContentStore;

/// Plans the images of a `docker save` archive whose files are in `store`.
pub fn plan(store: &dyn ContentStore, files: &ArchiveFiles, opts: &LoadOptions) -> Result<Vec<PlannedImage>, ArchiveError> {
    let manifest: Vec<ManifestItem> = files.read_json(store, MANIFEST_FILE)?;
    // A layer shared by several images (a symlinked layer.tar) is inspected once.
    let mut verified: HashMap<(Digest, Digest), LayerRecord> = HashMap::new();
    let mut planned = Vec::with_capacity(manifest.len());
    let mut histories = Vec::with_capacity(manifest.len());
    for item in &manifest {
        let config = files.read_file(store, &item.config)?;
        let img = DockerImage::parse(&config).map_err(|source| ArchiveError::Json { path: item.config.clone(), source })?;
        check_os(&img.os, opts)?;
        let diff_ids = img.diff_ids();
        if item.layers.len() != diff_ids.len() {
            return Err(ArchiveError::LayerCountMismatch { expected: item.layers.len(), actual: diff_ids.len() });
        }
        let mut layers = Vec::with_capacity(diff_ids.len());
        for (index, (path, diff_id)) in item.layers.iter().zip(diff_ids).enumerate() {
            let (blob, _) = files.blob(path)?;
            let record = match verified.get(&(blob, *diff_id)) {
                Some(r) => r.clone(),
                None => {
                    let r = verify_layer(store, path, &blob, index, diff_id)?;
                    verified.insert((blob, *diff_id), r.clone());
                    r
                }
            };
            layers.push(record);
        }
        let mut tags = Vec::new();
        for tag in item.repo_tags.iter().flatten() {
            let reference = Reference::parse(tag)?;
            if reference.tag().is_none() {
                return Err(ArchiveError::InvalidTag(tag.clone()));
            }
            tags.push(reference);
        }
        histories.push((Digest::of(&config), img.history.clone()));
        planned.push(PlannedImage { config, layers, tags, parent: None });
    }
    link_parents(&manifest, &histories, &mut planned);
    Ok(planned)
}

/// Docker's `validatedParentLinks` + `checkValidParent`: a `Parent` counts only if that image is
/// in the same archive and its history is the child's minus one step. Others are dropped, as
/// Docker drops a parent it does not load.
fn link_parents(manifest: &[ManifestItem], histories: &[(Digest, Vec<crate::image::db::config::HistoryEntry>)], planned: &mut [PlannedImage]) {
    for (i, item) in manifest.iter().enumerate() {
        let Ok(parent) = item.parent.parse::<Digest>() else { continue };
        let Some((_, parent_history)) = histories.iter().find(|(id, _)| *id == parent && *id != histories[i].0) else { continue };
        let child_history = &histories[i].1;
        let valid = (child_history.is_empty() && parent_history.is_empty())
            || (child_history.len() == parent_history.len() + 1 && parent_history.iter().zip(child_history).all(|(a, b)| a == b));
        if valid {
            planned[i].parent = Some(parent);
        }
    }
}
