//! The tag table: Docker's `repositories.json`, mapping familiar repository names to
//! `name:tag` (or `name@digest`) references and the image IDs they point at.
//!
//! ```json
//! {"Repositories":{"busybox":{"busybox:latest":"sha256:55d0..."}}}
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::digest::Digest;
use crate::image::reference::Reference;

/// The document stored under [`TagTable::KEY`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagTable {
    /// Familiar name -> familiar reference string -> image ID.
    #[serde(rename = "Repositories")]
    pub repositories: BTreeMap<String, BTreeMap<String, Digest>>,
}

impl TagTable {
    /// The metadata key of the table.
    pub const KEY: &'static str = "repositories.json";

    /// The image `reference` points at. A reference with neither tag nor digest means `:latest`;
    /// one with both is looked up by digest (Docker's `refstore.Get`).
    pub fn get(&self, reference: &Reference) -> Option<Digest> {
        let key = store_key(reference);
        self.repositories.get(&reference.familiar_name())?.get(&key).copied()
    }

    /// Points `reference` at `id`; returns the image it pointed at before, if another.
    pub fn add(&mut self, reference: &Reference, id: Digest) -> Option<Digest> {
        let key = store_key(reference);
        let prev = self.repositories.entry(reference.familiar_name()).or_default().insert(key, id);
        prev.filter(|p| *p != id)
    }

    /// Removes `reference`; returns the image it pointed at.
    pub fn remove(&mut self, reference: &Reference) -> Option<Digest> {
        let name = reference.familiar_name();
        let repo = self.repositories.get_mut(&name)?;
        let id = repo.remove(&store_key(reference))?;
        if repo.is_empty() {
            self.repositories.remove(&name);
        }
        Some(id)
    }

    /// Every reference to `id`, sorted by full name as Docker's `References` sorts them
    /// (`docker.io/library/busybox:latest` before `localhost:5000/busybox:1.35`).
    pub fn references(&self, id: &Digest) -> Vec<Reference> {
        let mut refs: Vec<Reference> = self
            .repositories
            .values()
            .flat_map(|repo| repo.iter())
            .filter(|(_, target)| *target == id)
            .filter_map(|(key, _)| Reference::parse(key).ok())
            .collect();
        crate::sort::by_key(&mut refs, |r| r.to_string());
        refs
    }

    /// Every `(reference, id)` of one repository, sorted by full reference.
    pub fn references_by_name(&self, name: &Reference) -> Vec<(Reference, Digest)> {
        let Some(repo) = self.repositories.get(&name.familiar_name()) else { return Vec::new() };
        let mut out: Vec<(Reference, Digest)> = repo.iter().filter_map(|(k, id)| Some((Reference::parse(k).ok()?, *id))).collect();
        crate::sort::by_key(&mut out, |(r, _)| r.to_string());
        out
    }

    /// Whether any reference points at `id`.
    pub fn is_referenced(&self, id: &Digest) -> bool {
        self.repositories.values().any(|repo| repo.values().any(|t| t == id))
    }
}

/// The key of a reference inside its repository: the familiar string with the default tag, or
/// `name@digest` when a digest is given (the digest takes precedence over a tag).
fn store_key(reference: &Reference) -> String {
    match reference.digest() {
        Some(d) => format!("{}@{d}", reference.familiar_name()),
        None => reference.clone().with_default_tag().familiar_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Reference {
        Reference::parse(s).unwrap()
    }

    #[test]
    fn tags_are_stored_under_familiar_names_like_repositories_json() {
        let mut t = TagTable::default();
        let id = Digest::of(b"img");
        assert_eq!(t.add(&r("busybox"), id), None);
        assert_eq!(t.add(&r("localhost:5000/busybox:1.35"), id), None);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            format!(r#"{{"Repositories":{{"busybox":{{"busybox:latest":"{id}"}},"localhost:5000/busybox":{{"localhost:5000/busybox:1.35":"{id}"}}}}}}"#)
        );
        assert_eq!(t.get(&r("docker.io/library/busybox:latest")), Some(id));
        let refs: Vec<String> = t.references(&id).iter().map(Reference::familiar_string).collect();
        assert_eq!(refs, ["busybox:latest", "localhost:5000/busybox:1.35"]);
    }

    #[test]
    fn retagging_reports_the_previous_image_and_untag_cleans_up() {
        let mut t = TagTable::default();
        let (a, b) = (Digest::of(b"a"), Digest::of(b"b"));
        t.add(&r("x:1"), a);
        assert_eq!(t.add(&r("x:1"), a), None, "same image: nothing replaced");
        assert_eq!(t.add(&r("x:1"), b), Some(a));
        assert_eq!(t.remove(&r("x:1")), Some(b));
        assert!(t.repositories.is_empty());
        assert!(!t.is_referenced(&b));
    }
}
