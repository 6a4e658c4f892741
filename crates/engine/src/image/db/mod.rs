//! The image database: what `docker images` lists, on top of a [`ContentStore`] and a
//! [`MetadataStore`] (in memory in the browser, under `--root` natively).
//!
//! - The config bytes of an image are a blob; their digest is the image ID.
//! - `images/<hex>.json` is the image's record: its layers (diff ID, the stored blob holding the
//!   layer, compressed or not, sizes) and parent.
//! - `last-tag-time/<hex>` is its `LastTagTime`, apart (as Docker's `lastUpdated` file) so that
//!   retagging, which every rebuild does, is a volatile write that can never damage the record.
//! - `repositories.json` is the tag table ([`TagTable`]), as in Docker.
//!
//! Lookups follow Docker's `GetImage`: a full ID, then a tag, then a unique ID prefix.
//! Views for the Engine API (`images`, `inspect`, `history`) are in [`views`].

pub mod config;
mod lookup;
pub mod tags;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::api::GoTime;
use crate::digest::Digest;
use crate::image::reference::{Reference, ReferenceError};
use crate::image::store::{ContentStore, MetadataStore, StoreError};

pub use config::DockerImage;
pub use lookup::SearchError;
pub use tags::TagTable;
pub use views::ListOptions;

/// Why an image database operation failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// Docker's `ErrImageDoesNotExist` (the name is shown as Docker shows it).
    #[error("No such image: {0}")]
    NoSuchImage(String),
    /// A tag that names no image (`refstore.ErrDoesNotExist`).
    #[error("reference does not exist")]
    ReferenceDoesNotExist,
    /// What the user typed is not a reference.
    #[error(transparent)]
    InvalidReference(#[from] ReferenceError),
    /// The config's history has more layer-making steps than the image has layers.
    #[error("too many non-empty layers in History section")]
    TooManyNonEmptyLayers,
    /// Config bytes that are not an image config.
    #[error("invalid image config: {0}")]
    InvalidConfig(#[source] serde_json::Error),
    /// The layers given for a new image are not the ones its config lists.
    #[error("image config lists {expected} layers with diff IDs {diff_ids:?}, but the layers given have {actual:?}")]
    LayersDoNotMatch {
        /// How many the config lists.
        expected: usize,
        /// The config's diff IDs.
        diff_ids: Vec<Digest>,
        /// The diff IDs of the layers given.
        actual: Vec<Digest>,
    },
    /// A stored document does not parse.
    #[error("corrupt image database entry {key}: {source}")]
    Corrupt {
        /// The metadata key.
        key: String,
        /// The parse error.
        #[source]
        source: serde_json::Error,
    },
    /// The stores failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DbError {
    /// `No such image: <name>` with the name as Docker's daemon prints it: a reference gains
    /// `:latest` (`No such image: nosuch:latest`), a digest stays as it is.
    pub fn no_such_image(input: &str) -> DbError {
        if crate::image::reference::is_full_id(input) {
            return DbError::NoSuchImage(format!("sha256:{input}"));
        }
        match Reference::parse(input) {
            Ok(r) => DbError::NoSuchImage(r.with_default_tag().familiar_string()),
            Err(_) => DbError::NoSuchImage(input.to_string()),
        }
    }
}

/// One layer of an image, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerRecord {
    /// sha256 of the uncompressed tar (the config's `rootfs.diff_ids` entry).
    pub diff_id: Digest,
    /// The content-store blob holding the layer (equal to `diff_id` when uncompressed).
    pub blob: Digest,
    /// The blob's size in bytes.
    pub blob_size: u64,
    /// Whether the blob is gzip-compressed.
    pub compressed: bool,
    /// Docker's size of the layer: the bytes of its regular files.
    pub size: u64,
}

/// An image's record: `images/<hex>.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRecord {
    /// The image ID: digest of the config bytes (stored as a blob under that digest).
    pub id: Digest,
    /// The layers, bottom first, matching the config's diff IDs.
    pub layers: Vec<LayerRecord>,
    /// The parent image (legacy builds, or `Parent` in a `docker save` manifest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Digest>,
    /// When `docker tag` (or a build) last tagged the image; `None` is Go's zero time. Stored
    /// under its own key; kept in the record only by roots written before that.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_tag_time: Option<GoTime>,
}

impl ImageRecord {
    /// Sum of the layers' sizes: `Size` in `docker images` and `inspect`.
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|l| l.size).sum()
    }
}

/// The image database over two borrowed stores.
pub struct ImageDb<'s> {
    content: &'s mut dyn ContentStore,
    meta: &'s mut dyn MetadataStore,
}

fn record_key(id: &Digest) -> String {
    format!("images/{}.json", id.hex())
}

fn tag_time_key(id: &Digest) -> String {
    format!("last-tag-time/{}", id.hex())
}

impl<'s> ImageDb<'s> {
    /// A database over `content` (blobs) and `meta` (records and tags).
    pub fn new(content: &'s mut dyn ContentStore, meta: &'s mut dyn MetadataStore) -> ImageDb<'s> {
        ImageDb { content, meta }
    }

    /// The blob store, for archive import and export.
    pub fn content(&mut self) -> &mut dyn ContentStore {
        self.content
    }

    /// The blob store, read-only.
    pub fn content_ref(&self) -> &dyn ContentStore {
        self.content
    }

    fn read_doc<T: for<'de> Deserialize<'de>>(&self, key: &str) -> Result<Option<T>, DbError> {
        match self.meta.read(key)? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|source| DbError::Corrupt { key: key.to_string(), source }),
        }
    }

    fn write_doc<T: Serialize>(&mut self, key: &str, doc: &T) -> Result<(), DbError> {
        let bytes = serde_json::to_vec(doc).map_err(|source| DbError::Corrupt { key: key.to_string(), source })?;
        Ok(self.meta.write(key, &bytes)?)
    }

    /// Adds an image from its config bytes and its stored layers (whose blobs must already be in
    /// the content store). Returns the image ID. Adding an image that exists keeps its tags,
    /// parent and tag time, like Docker's `imageStore.Create`.
    pub fn create(&mut self, config: &[u8], layers: Vec<LayerRecord>) -> Result<Digest, DbError> {
        let img = DockerImage::parse(config).map_err(DbError::InvalidConfig)?;
        let actual: Vec<Digest> = layers.iter().map(|l| l.diff_id).collect();
        if img.diff_ids() != &actual[..] {
            return Err(DbError::LayersDoNotMatch { expected: img.diff_ids().len(), diff_ids: img.diff_ids().to_vec(), actual });
        }
        for l in &layers {
            if !self.content.contains(&l.blob)? {
                return Err(StoreError::NotFound(l.blob).into());
            }
        }
        let id = self.content.put(None, config)?;
        if self.record(&id)?.is_none() {
            self.write_doc(&record_key(&id), &ImageRecord { id, layers, parent: None, last_tag_time: None })?;
        }
        Ok(id)
    }

    /// The record of image `id`, if stored.
    pub fn record(&self, id: &Digest) -> Result<Option<ImageRecord>, DbError> {
        let Some(mut rec) = self.read_doc::<ImageRecord>(&record_key(id))? else { return Ok(None) };
        if let Some(time) = self.read_doc(&tag_time_key(id))? {
            rec.last_tag_time = Some(time);
        }
        Ok(Some(rec))
    }

    /// The record of image `id`, or `No such image: sha256:...`.
    pub fn get(&self, id: &Digest) -> Result<ImageRecord, DbError> {
        self.record(id)?.ok_or_else(|| DbError::NoSuchImage(id.to_string()))
    }

    /// The config bytes of image `id` (verified against the ID on read).
    pub fn config_bytes(&self, id: &Digest) -> Result<Vec<u8>, DbError> {
        Ok(self.content.get(id)?)
    }

    /// The parsed config of image `id`.
    pub fn config(&self, id: &Digest) -> Result<DockerImage, DbError> {
        DockerImage::parse(&self.config_bytes(id)?).map_err(DbError::InvalidConfig)
    }

    /// Every image ID, sorted.
    pub fn ids(&self) -> Result<Vec<Digest>, DbError> {
        let keys = self.meta.keys("images/")?;
        Ok(keys
            .iter()
            .filter_map(|k| k.strip_prefix("images/")?.strip_suffix(".json"))
            .filter_map(|hex| Digest::from_hex(hex).ok())
            .collect())
    }

    /// Records `parent` as the parent image of `id`.
    pub fn set_parent(&mut self, id: &Digest, parent: Option<Digest>) -> Result<(), DbError> {
        let mut rec = self.get(id)?;
        rec.parent = parent;
        self.write_doc(&record_key(id), &rec)
    }

    /// The tag table.
    pub fn tags(&self) -> Result<TagTable, DbError> {
        Ok(self.read_doc(TagTable::KEY)?.unwrap_or_default())
    }

    fn save_tags(&mut self, table: &TagTable) -> Result<(), DbError> {
        self.write_doc(TagTable::KEY, table)
    }

    /// `docker tag`: points `reference` at `id` and sets the image's `LastTagTime` to `now`.
    pub fn tag(&mut self, reference: &Reference, id: &Digest, now: GoTime) -> Result<(), DbError> {
        self.get(id)?;
        let mut table = self.tags()?;
        // Like Docker's reference store, an unchanged table is not written again (a rebuild
        // that retags the same image only updates its tag time).
        if table.get(reference) != Some(*id) {
            table.add(reference, *id);
            self.save_tags(&table)?;
        }
        let time = serde_json::to_vec(&now).map_err(|source| DbError::Corrupt { key: tag_time_key(id), source })?;
        Ok(self.meta.write_volatile(&tag_time_key(id), &time)?)
    }

    /// Tags an image as `docker load` does: without touching `LastTagTime`. Returns the image
    /// the reference pointed at before, if another (Docker then prints "renaming the old one").
    pub fn set_loaded_tag(&mut self, reference: &Reference, id: &Digest) -> Result<Option<Digest>, DbError> {
        self.get(id)?;
        let mut table = self.tags()?;
        let prev = table.add(reference, *id);
        self.save_tags(&table)?;
        Ok(prev)
    }

    /// Removes a tag (`docker rmi busybox:latest` without deleting); returns the image it named.
    pub fn untag(&mut self, reference: &Reference) -> Result<Digest, DbError> {
        let mut table = self.tags()?;
        let id = table.remove(reference).ok_or(DbError::ReferenceDoesNotExist)?;
        self.save_tags(&table)?;
        Ok(id)
    }

    /// Forgets image `id`'s record and config blob (its layers are the caller's to release).
    pub fn delete(&mut self, id: &Digest) -> Result<(), DbError> {
        self.meta.delete(&record_key(id))?;
        self.meta.delete(&tag_time_key(id))?;
        self.content.delete(id)?;
        Ok(())
    }

    /// Every reference to `id`, sorted by full name.
    pub fn references(&self, id: &Digest) -> Result<Vec<Reference>, DbError> {
        Ok(self.tags()?.references(id))
    }
}

#[cfg(test)]
pub(crate) mod tests;
