//! The files of an image archive, read once from a tar stream straight into the content store.
//!
//! An archive is hostile input and can only be read front to back (stdin), while the file that
//! says what is in it comes anywhere (`docker save` writes `manifest.json` last). So every
//! regular file is streamed into the content store as it comes, and only its path, digest and
//! size are remembered; symlinks and hard links are remembered as links. The format readers then
//! look files up by path, following links *inside* the archive only.
//!
//! Blobs this import added are tracked so that a failed load removes them again
//! ([`ArchiveFiles::discard`]) and a successful one removes what no image needs.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufReader, Read};

use super::ArchiveError;
use crate::digest::Digest;
use crate::image::store::ContentStore;

/// How many links a lookup follows before giving up (Linux's `MAXSYMLINKS`).
const MAX_LINKS: usize = 40;

/// The largest JSON document (manifest, index, config) read into memory: 64 MiB.
pub const MAX_JSON_SIZE: u64 = 64 << 20;

/// One entry of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    /// A regular file, stored as a blob.
    File { digest: Digest, size: u64 },
    /// A symbolic link with its target as written.
    Symlink(String),
    /// A hard link to another entry (a path from the archive root).
    HardLink(String),
}

/// The files of an archive whose contents are in a content store.
#[derive(Debug, Default)]
pub struct ArchiveFiles {
    entries: BTreeMap<String, Entry>,
    /// Blobs that were not in the store before this import.
    added: HashSet<Digest>,
}

/// Normalises an archive path: drops `.` and empty components and a leading `./`. Refuses
/// absolute paths and any `..` (an image archive never needs one).
pub fn clean_path(raw: &str) -> Result<String, ArchiveError> {
    if raw.starts_with('/') {
        return Err(ArchiveError::hostile(raw, "absolute path"));
    }
    let mut parts = Vec::new();
    for part in raw.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(ArchiveError::hostile(raw, "path escapes the archive")),
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// Resolves a link `target` written in the entry at `path` to an archive path, refusing
/// targets that leave the archive.
fn resolve_link(path: &str, target: &str) -> Result<String, ArchiveError> {
    if target.starts_with('/') {
        return Err(ArchiveError::hostile(path, "symlink to an absolute path"));
    }
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(ArchiveError::hostile(path, "symlink escapes the archive"));
                }
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

impl ArchiveFiles {
    /// Reads a tar (plain or gzip-compressed) into `store`. `before` is what the store held
    /// before the import began. On error, whatever was added is removed again.
    pub fn read(store: &mut dyn ContentStore, input: &mut dyn Read, before: &HashSet<Digest>) -> Result<ArchiveFiles, ArchiveError> {
        let mut files = ArchiveFiles::default();
        match files.read_tar(store, input, before) {
            Ok(()) => Ok(files),
            Err(e) => {
                files.discard(store);
                Err(e)
            }
        }
    }

    fn read_tar(&mut self, store: &mut dyn ContentStore, input: &mut dyn Read, before: &HashSet<Digest>) -> Result<(), ArchiveError> {
        // Sniff the gzip magic (a pipe may hand out one byte at a time), then put it back.
        let mut head = [0u8; 2];
        let mut got = 0;
        while got < head.len() {
            match input.read(&mut head[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ArchiveError::read(e)),
            }
        }
        let gzip = head[..got] == [0x1f, 0x8b];
        let mut buffered = BufReader::with_capacity(64 << 10, (&head[..got]).chain(input));
        let mut gz;
        let reader: &mut dyn Read = if gzip {
            gz = flate2::bufread::MultiGzDecoder::new(buffered);
            &mut gz
        } else {
            &mut buffered
        };
        let mut archive = tar::Archive::new(reader);
        for entry in archive.entries().map_err(ArchiveError::read)? {
            let mut entry = entry.map_err(ArchiveError::read)?;
            let raw = String::from_utf8(entry.path_bytes().into_owned()).map_err(|e| ArchiveError::hostile(&String::from_utf8_lossy(e.as_bytes()), "name is not utf-8"))?;
            let path = clean_path(&raw)?;
            let kind = entry.header().entry_type();
            let link = || -> Result<String, ArchiveError> {
                let target = entry.link_name_bytes().ok_or_else(|| ArchiveError::hostile(&raw, "link without a target"))?;
                String::from_utf8(target.into_owned()).map_err(|_| ArchiveError::hostile(&raw, "link target is not utf-8"))
            };
            let item = match kind {
                tar::EntryType::Regular | tar::EntryType::Continuous => {
                    let (digest, size) = store.put_stream(None, &mut entry)?;
                    if !before.contains(&digest) {
                        self.added.insert(digest);
                    }
                    Entry::File { digest, size }
                }
                tar::EntryType::Symlink => Entry::Symlink(link()?),
                tar::EntryType::Link => Entry::HardLink(clean_path(&link()?)?),
                // Directories are implied by paths; devices and fifos are never image content.
                _ => continue,
            };
            if path.is_empty() {
                return Err(ArchiveError::hostile(&raw, "entry for the archive root"));
            }
            self.entries.insert(path, item);
        }
        Ok(())
    }

    /// Whether the archive has `path` (a file or a link, not followed).
    pub fn contains(&self, path: &str) -> bool {
        clean_path(path).is_ok_and(|p| self.entries.contains_key(&p))
    }

    /// The blob of the regular file at `path`, following links inside the archive.
    pub fn blob(&self, path: &str) -> Result<(Digest, u64), ArchiveError> {
        let mut current = clean_path(path)?;
        for _ in 0..=MAX_LINKS {
            match self.entries.get(&current) {
                None => return Err(ArchiveError::MissingFile(path.to_string())),
                Some(Entry::File { digest, size }) => return Ok((*digest, *size)),
                Some(Entry::Symlink(target)) => current = resolve_link(&current, target)?,
                Some(Entry::HardLink(target)) => current = target.clone(),
            }
        }
        Err(ArchiveError::hostile(path, "too many levels of symbolic links"))
    }

    /// Reads the (small) file at `path` into memory.
    pub fn read_file(&self, store: &dyn ContentStore, path: &str) -> Result<Vec<u8>, ArchiveError> {
        let (digest, size) = self.blob(path)?;
        if size > MAX_JSON_SIZE {
            return Err(ArchiveError::TooLarge { path: path.to_string(), size });
        }
        Ok(store.get(&digest)?)
    }

    /// Parses the JSON file at `path`.
    pub fn read_json<T: for<'de> serde::Deserialize<'de>>(&self, store: &dyn ContentStore, path: &str) -> Result<T, ArchiveError> {
        let bytes = self.read_file(store, path)?;
        serde_json::from_slice(&bytes).map_err(|source| ArchiveError::Json { path: path.to_string(), source })
    }

    /// Removes every blob this import added, except those in `keep`. Best effort: a blob that
    /// cannot be removed is left for a later prune.
    pub fn discard_except(&mut self, store: &mut dyn ContentStore, keep: &HashSet<Digest>) {
        for digest in self.added.drain() {
            if !keep.contains(&digest) {
                let _ = store.delete(&digest);
            }
        }
    }

    /// Removes every blob this import added.
    pub fn discard(&mut self, store: &mut dyn ContentStore) {
        self.discard_except(store, &HashSet::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_cleaned_and_escapes_refused() {
        assert_eq!(clean_path("./a//b/./c").unwrap(), "a/b/c");
        assert!(clean_path("/etc/passwd").is_err());
        assert!(clean_path("a/../../b").is_err());
        assert!(clean_path("a/../b").is_err(), "no archive needs ..");
    }

    #[test]
    fn links_resolve_inside_the_archive_only() {
        assert_eq!(resolve_link("x/layer.tar", "../y/layer.tar").unwrap(), "y/layer.tar");
        assert_eq!(resolve_link("x/layer.tar", "./other.tar").unwrap(), "x/other.tar");
        assert!(resolve_link("x/layer.tar", "../../etc/passwd").is_err());
        assert!(resolve_link("x/layer.tar", "/etc/passwd").is_err());
    }
}
