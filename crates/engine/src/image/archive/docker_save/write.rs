//! Writing a `docker save` tarball exactly as Docker 20.10's `tarexport.Save` does.
//!
//! Docker builds the archive in a temporary directory and tars it with `pkg/archive.Tar`, so:
//! entries come in `filepath.Walk` order (names sorted, a directory followed by its contents);
//! a layer directory and its files carry the image's `created` time, `manifest.json` and
//! `repositories` the Unix epoch; a layer already written for another image becomes a symlink
//! `../<v1 id>/layer.tar`, and that directory, never re-dated, carries the time of the save
//! (`now`). Layers are written uncompressed, whatever the stored blob is.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Read, Write};

use super::v1::v1_layers;
use super::{ManifestItem, MANIFEST_FILE, REPOSITORIES_FILE};
use crate::api::gojson;
use crate::digest::Digest;
use crate::image::archive::ustar::TarWriter;
use crate::image::archive::ArchiveError;
use crate::image::db::{DockerImage, ImageDb, LayerRecord};
use crate::image::reference::Reference;
use crate::image::store::{ContentStore, StoreError};

/// One entry of the archive to write.
enum Node {
    Dir { mtime: i64 },
    Bytes { data: Vec<u8>, mtime: i64 },
    Layer { layer: LayerRecord, mtime: i64 },
    Symlink { target: String, mtime: i64 },
}

/// The uncompressed content of a stored layer.
fn layer_reader<'a>(store: &'a dyn ContentStore, layer: &LayerRecord) -> Result<Box<dyn Read + 'a>, ArchiveError> {
    let blob = store.open(&layer.blob)?;
    Ok(if layer.compressed { Box::new(flate2::read::MultiGzDecoder::new(blob)) } else { blob })
}

/// The length of a stored layer once uncompressed (a tar header needs it up front).
fn layer_tar_size(store: &dyn ContentStore, layer: &LayerRecord) -> Result<u64, ArchiveError> {
    if !layer.compressed {
        return Ok(layer.blob_size);
    }
    io::copy(&mut layer_reader(store, layer)?, &mut io::sink()).map_err(ArchiveError::Read)
}

/// `docker save`: writes `images` (each with the tags to record, as
/// [`ImageDb::resolve_for_save`] gives them) to `out`. `now` (Unix seconds) dates the entries
/// Docker does not re-date.
pub fn save(db: &ImageDb<'_>, images: &[(Digest, Vec<Reference>)], out: &mut dyn Write, now: i64) -> Result<(), ArchiveError> {
    let store = db.content_ref();
    // Keyed by path components, which sorts as filepath.Walk visits.
    let mut nodes: BTreeMap<Vec<String>, Node> = BTreeMap::new();
    let mut saved_layers: HashSet<Digest> = HashSet::new();
    let mut diff_paths: HashMap<Digest, String> = HashMap::new();
    let mut manifest = Vec::with_capacity(images.len());
    let mut repositories: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let saved: HashSet<Digest> = images.iter().map(|(id, _)| *id).collect();

    for (id, tags) in images {
        let record = db.get(id)?;
        let config = db.config_bytes(id)?;
        let img = DockerImage::parse(&config).map_err(|source| ArchiveError::Json { path: format!("{}.json", id.hex()), source })?;
        if img.diff_ids().is_empty() {
            return Err(ArchiveError::EmptyExport);
        }
        let created = img.created.unix();
        let v1 = v1_layers(&img).map_err(|source| ArchiveError::Json { path: format!("{}.json", id.hex()), source })?;
        let mut layer_paths = Vec::with_capacity(v1.len());
        for (layer, stored) in v1.iter().zip(&record.layers) {
            let dir = layer.id.hex();
            layer_paths.push(format!("{dir}/layer.tar"));
            if !saved_layers.insert(layer.id) {
                continue;
            }
            let mtime = if diff_paths.contains_key(&stored.diff_id) { now } else { created };
            nodes.insert(vec![dir.clone()], Node::Dir { mtime });
            nodes.insert(vec![dir.clone(), "VERSION".into()], Node::Bytes { data: b"1.0".to_vec(), mtime });
            nodes.insert(vec![dir.clone(), "json".into()], Node::Bytes { data: layer.json.clone().into_bytes(), mtime });
            let tar = match diff_paths.get(&stored.diff_id) {
                Some(other) => Node::Symlink { target: format!("../{other}/layer.tar"), mtime },
                None => {
                    diff_paths.insert(stored.diff_id, dir.clone());
                    Node::Layer { layer: stored.clone(), mtime }
                }
            };
            nodes.insert(vec![dir, "layer.tar".into()], tar);
        }
        nodes.insert(vec![format!("{}.json", id.hex())], Node::Bytes { data: config, mtime: created });

        let top = v1.last().map(|l| l.id.hex()).unwrap_or_default();
        for tag in tags {
            repositories.entry(tag.familiar_name()).or_default().insert(tag.tag().unwrap_or("latest").to_string(), top.clone());
        }
        let repo_tags: Vec<String> = tags.iter().map(Reference::familiar_string).collect();
        let parent = record.parent.filter(|p| saved.contains(p)).map(|p| p.to_string()).unwrap_or_default();
        manifest.push(ManifestItem {
            config: format!("{}.json", id.hex()),
            repo_tags: (!repo_tags.is_empty()).then_some(repo_tags),
            layers: layer_paths,
            parent,
            layer_sources: BTreeMap::new(),
        });
    }

    let json_err = |source| ArchiveError::Json { path: MANIFEST_FILE.to_string(), source };
    if !repositories.is_empty() {
        let data = gojson::to_line(&repositories).map_err(json_err)?.into_bytes();
        nodes.insert(vec![REPOSITORIES_FILE.to_string()], Node::Bytes { data, mtime: 0 });
    }
    let data = gojson::to_line(&manifest).map_err(json_err)?.into_bytes();
    nodes.insert(vec![MANIFEST_FILE.to_string()], Node::Bytes { data, mtime: 0 });

    let mut tar = TarWriter::new(out);
    for (path, node) in nodes {
        let name = path.join("/");
        match node {
            Node::Dir { mtime } => tar.dir(&name, mtime)?,
            Node::Bytes { data, mtime } => {
                tar.file(&name, mtime, data.len() as u64, &mut &data[..])?;
            }
            Node::Symlink { target, mtime } => tar.symlink(&name, &target, mtime)?,
            Node::Layer { layer, mtime } => {
                let size = layer_tar_size(store, &layer)?;
                let written = tar.file(&name, mtime, size, &mut layer_reader(store, &layer)?)?;
                if written != layer.diff_id {
                    return Err(StoreError::DigestMismatch { expected: layer.diff_id, actual: written }.into());
                }
            }
        }
    }
    tar.finish()?;
    Ok(())
}
