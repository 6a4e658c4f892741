//! Reading an OCI image layout: index, nested indexes, manifests, configs and layers, every
//! blob checked against its descriptor's digest and size.

use std::collections::BTreeMap;

use super::{blob_path, LayoutMarker, ANNOTATION_IMAGE_NAME, INDEX_FILE, LAYOUT_FILE, LAYOUT_VERSION};
use crate::digest::Digest;
use crate::image::archive::files::ArchiveFiles;
use crate::image::archive::{check_os, verify_layer, ArchiveError, LoadOptions, PlannedImage};
use crate::image::db::DockerImage;
use crate::image::oci::{media_type as mt, Descriptor, Index, Manifest, ANNOTATION_REF_NAME};
use crate::image::reference::Reference;
use crate::image::store::ContentStore;

/// How deep nested indexes are followed.
const MAX_DEPTH: usize = 8;

/// Layer media types wharf can load (compression is detected from the bytes).
const LAYER_TYPES: &[&str] = &[
    mt::OCI_LAYER_TAR,
    mt::OCI_LAYER_GZIP,
    mt::DOCKER_LAYER_TAR,
    mt::DOCKER_LAYER_GZIP,
    "application/vnd.oci.image.layer.nondistributable.v1.tar",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
];

struct Reader<'a> {
    store: &'a dyn ContentStore,
    files: &'a ArchiveFiles,
    opts: &'a LoadOptions,
}

impl Reader<'_> {
    /// The blob a descriptor names, checked: returns its path in the archive.
    fn blob(&self, desc: &Descriptor) -> Result<String, ArchiveError> {
        let path = blob_path(&desc.digest);
        let (actual, size) = self.files.blob(&path)?;
        if actual != desc.digest {
            return Err(ArchiveError::BlobDigestMismatch { path, expected: desc.digest, actual });
        }
        if size != desc.size {
            return Err(ArchiveError::BlobSizeMismatch { path, expected: desc.size, actual: size });
        }
        Ok(path)
    }

    fn json<T: for<'de> serde::Deserialize<'de>>(&self, desc: &Descriptor) -> Result<T, ArchiveError> {
        let path = self.blob(desc)?;
        self.files.read_json(self.store, &path)
    }

    fn platform_matches(&self, desc: &Descriptor) -> bool {
        desc.platform.as_ref().is_none_or(|p| p.os == self.opts.os && p.architecture == self.opts.architecture)
    }

    /// The image manifest a descriptor leads to, through nested indexes; `None` when a
    /// top-level descriptor is for another platform.
    fn manifest(&self, desc: &Descriptor, depth: usize) -> Result<Option<Manifest>, ArchiveError> {
        if depth > MAX_DEPTH {
            return Err(ArchiveError::TooDeep);
        }
        if !self.platform_matches(desc) {
            return Ok(None);
        }
        match desc.media_type.as_str() {
            mt::OCI_MANIFEST | mt::DOCKER_MANIFEST => self.json(desc).map(Some),
            mt::OCI_INDEX | mt::DOCKER_MANIFEST_LIST => {
                let index: Index = self.json(desc)?;
                let chosen = index
                    .manifests
                    .iter()
                    .filter(|d| matches!(d.media_type.as_str(), mt::OCI_MANIFEST | mt::DOCKER_MANIFEST | mt::OCI_INDEX | mt::DOCKER_MANIFEST_LIST))
                    .find(|d| d.platform.is_some() && self.platform_matches(d))
                    .or_else(|| match &index.manifests[..] {
                        [only] if only.platform.is_none() => Some(only),
                        _ => None,
                    });
                match chosen {
                    Some(d) => self.manifest(d, depth + 1),
                    None => Err(ArchiveError::NoMatchingManifest(format!("{}/{}", self.opts.os, self.opts.architecture))),
                }
            }
            other => Err(ArchiveError::UnsupportedMediaType(other.to_string())),
        }
    }

    fn image(&self, manifest: &Manifest) -> Result<PlannedImage, ArchiveError> {
        let config_path = self.blob(&manifest.config)?;
        let config = self.files.read_file(self.store, &config_path)?;
        let img = DockerImage::parse(&config).map_err(|source| ArchiveError::Json { path: config_path.clone(), source })?;
        check_os(&img.os, self.opts)?;
        let diff_ids = img.diff_ids();
        if manifest.layers.len() != diff_ids.len() {
            return Err(ArchiveError::LayerCountMismatch { expected: manifest.layers.len(), actual: diff_ids.len() });
        }
        let mut layers = Vec::with_capacity(diff_ids.len());
        for (index, (desc, diff_id)) in manifest.layers.iter().zip(diff_ids).enumerate() {
            if !LAYER_TYPES.contains(&desc.media_type.as_str()) {
                return Err(ArchiveError::UnsupportedMediaType(desc.media_type.clone()));
            }
            let path = self.blob(desc)?;
            layers.push(verify_layer(self.store, &path, &desc.digest, index, diff_id)?);
        }
        Ok(PlannedImage { config, layers, tags: Vec::new(), parent: None })
    }
}

/// The name an index entry gives its image (see the module docs).
pub fn image_name(annotations: &BTreeMap<String, String>) -> Option<Reference> {
    let full = annotations.get(ANNOTATION_IMAGE_NAME).and_then(|n| Reference::parse(n).ok());
    let named = full.or_else(|| annotations.get(ANNOTATION_REF_NAME).and_then(|n| Reference::parse(n).ok()))?;
    let named = named.with_default_tag();
    named.tag().is_some().then_some(named)
}

/// Plans the images of an OCI layout whose files are in `store`.
pub fn plan(store: &dyn ContentStore, files: &ArchiveFiles, opts: &LoadOptions) -> Result<Vec<PlannedImage>, ArchiveError> {
    if files.contains(LAYOUT_FILE) {
        let marker: LayoutMarker = files.read_json(store, LAYOUT_FILE)?;
        if marker.image_layout_version != LAYOUT_VERSION {
            return Err(ArchiveError::LayoutVersion(marker.image_layout_version));
        }
    }
    let index: Index = files.read_json(store, INDEX_FILE)?;
    let reader = Reader { store, files, opts };
    let mut planned: Vec<PlannedImage> = Vec::new();
    let mut by_config: BTreeMap<Digest, usize> = BTreeMap::new();
    let mut skipped_platforms = 0;
    for desc in &index.manifests {
        let Some(manifest) = reader.manifest(desc, 0)? else {
            skipped_platforms += 1;
            continue;
        };
        let pos = match by_config.get(&manifest.config.digest) {
            Some(&p) => p,
            None => {
                planned.push(reader.image(&manifest)?);
                by_config.insert(manifest.config.digest, planned.len() - 1);
                planned.len() - 1
            }
        };
        if let Some(name) = image_name(&desc.annotations) {
            if !planned[pos].tags.contains(&name) {
                planned[pos].tags.push(name);
            }
        }
    }
    if planned.is_empty() && skipped_platforms > 0 {
        return Err(ArchiveError::NoMatchingManifest(format!("{}/{}", opts.os, opts.architecture)));
    }
    Ok(planned)
}
