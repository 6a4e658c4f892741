//! [`MemoryRegistry`]: a registry in memory, as Docker Hub or as `registry:2`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::{manifest, ManifestRef, Registry, RegistryError, SearchResult};
use crate::digest::Digest;

/// A registry's content in memory: blobs by digest (shared by all repositories, as
/// `registry:2` stores them), and per repository its manifests and tags.
///
/// Two flavours differ only where Docker Hub and `registry:2` differ: the Hub answers
/// [`RegistryError::Denied`] for a repository it does not have (it cannot tell "missing" from
/// "private"), and only lets a logged-in user push to their own namespace; `registry:2` says
/// `manifest unknown` and accepts any push.
#[derive(Debug, Clone, Default)]
pub struct MemoryRegistry {
    hub: bool,
    blobs: HashMap<Digest, Arc<[u8]>>,
    repos: BTreeMap<String, Repository>,
    /// Repositories not made yet, and what makes one (see [`MemoryRegistry::stock_lazily`]).
    unstocked: BTreeSet<String>,
    stock: Option<fn(&mut MemoryRegistry, &str)>,
}

/// One repository of a [`MemoryRegistry`]: its tags and manifests.
#[derive(Debug, Clone, Default)]
pub struct Repository {
    tags: BTreeMap<String, Digest>,
    manifests: HashMap<Digest, Arc<[u8]>>,
    info: Option<SearchResult>,
}

impl Repository {
    /// Each tag and the manifest it names, sorted by tag.
    pub fn tags(&self) -> impl Iterator<Item = (&str, &Digest)> {
        self.tags.iter().map(|(t, d)| (t.as_str(), d))
    }

    /// Each manifest's digest and bytes.
    pub fn manifests(&self) -> impl Iterator<Item = (&Digest, &[u8])> {
        self.manifests.iter().map(|(d, b)| (d, &**b))
    }
}

impl MemoryRegistry {
    /// An empty `registry:2`.
    pub fn new() -> MemoryRegistry {
        MemoryRegistry::default()
    }

    /// An empty Docker Hub.
    pub fn hub() -> MemoryRegistry {
        MemoryRegistry { hub: true, ..MemoryRegistry::default() }
    }

    /// Makes each of `repositories` with `stock` when it is first asked for (a manifest
    /// pulled or pushed), not now: a seeded Hub of many images costs nothing until used.
    pub fn stock_lazily(&mut self, repositories: &[&str], stock: fn(&mut MemoryRegistry, &str)) {
        self.unstocked.extend(repositories.iter().map(|r| r.to_string()));
        self.stock = Some(stock);
    }

    /// Makes every repository still waiting for [`MemoryRegistry::stock_lazily`]'s `stock`.
    pub fn stock_all(&mut self) {
        while let Some(repository) = self.unstocked.first().cloned() {
            self.stock_now(&repository);
        }
    }

    fn stock_now(&mut self, repository: &str) {
        if self.unstocked.remove(repository) {
            if let Some(stock) = self.stock {
                stock(self, repository);
            }
        }
    }

    /// Adds a blob (the registry's own seeding; uploads go through [`Registry::put_blob`]).
    pub fn add_blob(&mut self, bytes: Vec<u8>) -> Digest {
        let digest = Digest::of(&bytes);
        self.blobs.entry(digest).or_insert_with(|| bytes.into());
        digest
    }

    /// Adds manifest bytes under `repository` and, if given, `tag`, without checking them
    /// (seeding, and tests of hostile manifests). Returns the manifest digest.
    pub fn add_manifest(&mut self, repository: &str, tag: Option<&str>, bytes: Vec<u8>) -> Digest {
        let digest = Digest::of(&bytes);
        let repo = self.repos.entry(repository.to_string()).or_default();
        repo.manifests.insert(digest, bytes.into());
        if let Some(tag) = tag {
            repo.tags.insert(tag.to_string(), digest);
        }
        digest
    }

    /// Points `tag` of `repository` at an existing manifest; false if there is none.
    pub fn add_tag(&mut self, repository: &str, tag: &str, digest: &Digest) -> bool {
        match self.repos.get_mut(repository) {
            Some(repo) if repo.manifests.contains_key(digest) => {
                repo.tags.insert(tag.to_string(), *digest);
                true
            }
            _ => false,
        }
    }

    /// Sets what `docker search` shows for `repository` (Hub only).
    pub fn set_search_info(&mut self, repository: &str, description: &str, stars: u64, official: bool) {
        let name = repository.strip_prefix("library/").unwrap_or(repository).to_string();
        let info = SearchResult { name, description: description.to_string(), star_count: stars, is_official: official, is_automated: false };
        self.repos.entry(repository.to_string()).or_default().info = Some(info);
    }

    /// Every repository made so far and its tags, sorted (`/v2/_catalog` and `tags/list`).
    pub fn catalog(&self) -> Vec<(String, Vec<String>)> {
        self.repos.iter().filter(|(_, r)| !r.manifests.is_empty()).map(|(name, r)| (name.clone(), r.tags.keys().cloned().collect())).collect()
    }

    /// Every blob's digest and bytes.
    pub fn blobs(&self) -> impl Iterator<Item = (&Digest, &[u8])> {
        self.blobs.iter().map(|(d, b)| (d, &**b))
    }

    /// A blob's bytes, if the registry has it.
    pub fn blob_bytes_of(&self, digest: &Digest) -> Option<Vec<u8>> {
        self.blobs.get(digest).map(|b| b.to_vec())
    }

    /// Every repository by name, sorted.
    pub fn repositories(&self) -> impl Iterator<Item = (&str, &Repository)> {
        self.repos.iter().map(|(n, r)| (n.as_str(), r))
    }

    /// The bytes held in blobs and manifests (what the registry costs in memory).
    pub fn blob_bytes(&self) -> usize {
        self.blobs.values().map(|b| b.len()).sum::<usize>() + self.repos.values().flat_map(|r| r.manifests.values()).map(|m| m.len()).sum::<usize>()
    }

    /// Replaces a stored blob's bytes without changing its name: only for tests of registries
    /// that serve corrupt or hostile content.
    #[cfg(test)]
    pub(crate) fn corrupt_blob(&mut self, digest: &Digest, bytes: &[u8]) {
        self.blobs.insert(*digest, bytes.into());
    }

    fn unknown_repo(&self) -> RegistryError {
        if self.hub {
            RegistryError::Denied
        } else {
            RegistryError::ManifestUnknown
        }
    }
}

impl Registry for MemoryRegistry {
    fn manifest(&mut self, repository: &str, reference: ManifestRef<'_>) -> Result<(Vec<u8>, Digest), RegistryError> {
        self.stock_now(repository);
        let repo = self.repos.get(repository).filter(|r| !r.manifests.is_empty()).ok_or_else(|| self.unknown_repo())?;
        let digest = match reference {
            ManifestRef::Tag(t) => *repo.tags.get(t).ok_or(RegistryError::ManifestUnknown)?,
            ManifestRef::Digest(d) => *d,
        };
        let bytes = repo.manifests.get(&digest).ok_or(RegistryError::ManifestUnknown)?;
        Ok((bytes.to_vec(), digest))
    }

    fn blob(&mut self, _repository: &str, digest: &Digest) -> Result<Vec<u8>, RegistryError> {
        self.blobs.get(digest).map(|b| b.to_vec()).ok_or(RegistryError::BlobUnknown(*digest))
    }

    fn has_blob(&mut self, _repository: &str, digest: &Digest) -> bool {
        self.blobs.contains_key(digest)
    }

    fn authorize_push(&self, repository: &str, user: Option<&str>) -> Result<(), RegistryError> {
        if !self.hub {
            return Ok(());
        }
        match (user, repository.split_once('/')) {
            (Some(user), Some((namespace, _))) if namespace == user => Ok(()),
            _ => Err(RegistryError::Denied),
        }
    }

    fn put_blob(&mut self, _repository: &str, bytes: &[u8]) -> Result<Digest, RegistryError> {
        Ok(self.add_blob(bytes.to_vec()))
    }

    fn put_manifest(&mut self, repository: &str, tag: &str, bytes: &[u8]) -> Result<Digest, RegistryError> {
        self.stock_now(repository);
        let m = manifest::parse(bytes).map_err(|_| RegistryError::ManifestInvalid)?;
        if let Some(missing) = std::iter::once(&m.config).chain(&m.layers).find(|d| !self.blobs.contains_key(&d.digest)) {
            return Err(RegistryError::BlobUnknown(missing.digest));
        }
        Ok(self.add_manifest(repository, Some(tag), bytes.to_vec()))
    }

    fn search(&mut self, term: &str) -> Vec<SearchResult> {
        let term = term.to_lowercase();
        let mut out: Vec<SearchResult> = self
            .repos
            .values()
            .filter_map(|r| r.info.clone())
            .filter(|i| i.name.contains(&term) || i.description.to_lowercase().contains(&term))
            .collect();
        crate::sort::by(&mut out, |a, b| b.star_count.cmp(&a.star_count).then_with(|| a.name.cmp(&b.name)));
        out
    }
}
