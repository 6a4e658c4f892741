//! Finding images by what a user typed, the way Docker's daemon does.
//!
//! - [`ImageDb::resolve`] is `ImageService.GetImage`: a full ID (`sha256:<64>` or `<64>`), then
//!   the tag table, then a unique ID prefix; otherwise `No such image: name:latest`.
//! - [`ImageDb::search`] is `image.Store.Search` over `digestset`: any non-empty hex prefix,
//!   optionally after `sha256:`, that matches exactly one image.
//! - [`ImageDb::resolve_for_save`] is `tarexport.parseNames`: which images and tags
//!   `docker save NAME...` writes.

use super::{DbError, ImageDb};
use crate::digest::Digest;
use crate::image::reference::{id_prefix, is_full_id, Reference};

/// Why an ID prefix names no single image (`digestset` errors).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// No image ID starts with the prefix.
    #[error("No such image: {0}")]
    NotFound(String),
    /// Several image IDs start with the prefix.
    #[error("ambiguous digest string")]
    Ambiguous(String),
}

/// A full image ID in either spelling (`<64 hex>` or `sha256:<64 hex>`).
fn full_id(input: &str) -> Option<Digest> {
    if is_full_id(input) {
        return Digest::from_hex(input).ok();
    }
    input.parse::<Digest>().ok()
}

impl ImageDb<'_> {
    /// Docker's `GetImage`: resolves a reference, full ID or unique ID prefix to an image ID.
    pub fn resolve(&self, input: &str) -> Result<Digest, DbError> {
        if let Some(id) = full_id(input) {
            return match self.record(&id)? {
                Some(_) => Ok(id),
                None => Err(DbError::NoSuchImage(id.to_string())),
            };
        }
        let reference = Reference::parse(input)?;
        if let Some(id) = self.tags()?.get(&reference) {
            if self.record(&id)?.is_some() {
                return Ok(id);
            }
        }
        match self.search(input) {
            Ok(id) => Ok(id),
            Err(SearchError::NotFound(_) | SearchError::Ambiguous(_)) => Err(DbError::no_such_image(input)),
        }
    }

    /// Docker's `image.Store.Search`: the one image whose ID starts with the hex in `term`.
    pub fn search(&self, term: &str) -> Result<Digest, SearchError> {
        let Some(prefix) = id_prefix(term) else { return Err(SearchError::NotFound(term.to_string())) };
        let ids = self.ids().map_err(|_| SearchError::NotFound(term.to_string()))?;
        let mut matches = ids.iter().filter(|id| id.hex().starts_with(prefix));
        match (matches.next(), matches.next()) {
            (Some(id), None) => Ok(*id),
            (Some(_), Some(_)) => Err(SearchError::Ambiguous(term.to_string())),
            (None, _) => Err(SearchError::NotFound(term.to_string())),
        }
    }

    /// Docker's `tarexport.parseNames`: the images `docker save` writes, in the order first
    /// named, each with the tags to record for it.
    ///
    /// A full ID or ID prefix saves the image without tags; a bare name saves every tag of the
    /// repository (`docker save busybox` includes `busybox:1.35` too); `name:tag` must exist
    /// (`reference does not exist`).
    pub fn resolve_for_save(&self, names: &[String]) -> Result<Vec<(Digest, Vec<Reference>)>, DbError> {
        let mut out: Vec<(Digest, Vec<Reference>)> = Vec::new();
        let mut add = |db: &Self, id: Digest, reference: Option<Reference>| -> Result<(), DbError> {
            db.get(&id)?;
            let pos = match out.iter().position(|(i, _)| *i == id) {
                Some(p) => p,
                None => {
                    out.push((id, Vec::new()));
                    out.len() - 1
                }
            };
            if let Some(r) = reference.filter(|r| r.digest().is_none()) {
                let r = r.with_default_tag();
                if !out[pos].1.contains(&r) {
                    out[pos].1.push(r);
                }
            }
            Ok(())
        };
        let tags = self.tags()?;
        for name in names {
            if let Some(id) = full_id(name) {
                add(self, id, None)?;
                continue;
            }
            let reference = Reference::parse(name)?;
            let search = |term: &str| {
                self.search(term).map_err(|e| match e {
                    SearchError::NotFound(t) => DbError::NoSuchImage(t),
                    SearchError::Ambiguous(_) => DbError::NoSuchImage(term.to_string()),
                })
            };
            if reference.familiar_name() == "sha256" {
                add(self, search(name)?, None)?;
            } else if reference.tag().is_none() && reference.digest().is_none() {
                let assocs = tags.references_by_name(&reference);
                if assocs.is_empty() {
                    add(self, search(name)?, None)?;
                }
                for (r, id) in assocs {
                    add(self, id, Some(r))?;
                }
            } else {
                let id = tags.get(&reference).ok_or(DbError::ReferenceDoesNotExist)?;
                add(self, id, Some(reference))?;
            }
        }
        Ok(out)
    }
}
