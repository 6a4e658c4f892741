//! Where images live: a content-addressed blob store and a small metadata store.
//!
//! Both are traits because the engine owns no disk: the simulator keeps them in memory
//! ([`MemoryContentStore`], [`MemoryMetadataStore`]), `wharf` keeps them under `--root`.
//! Every implementation verifies content on the way in *and* on the way out: a blob whose bytes
//! do not hash to its name is an error, never stored and never returned.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read};
use std::sync::Arc;

use crate::digest::{Digest, DigestReader};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No blob with that digest.
    #[error("blob {0} not found")]
    NotFound(Digest),
    /// Content did not hash to the digest it was stored or asked for under.
    #[error("digest mismatch: expected {expected}, got {actual}")]
    DigestMismatch {
        /// The digest the caller named.
        expected: Digest,
        /// The digest of the bytes actually seen.
        actual: Digest,
    },
    /// A metadata key is not a relative `/`-separated path of safe characters.
    #[error("invalid metadata key {0:?}")]
    InvalidKey(String),
    /// The backing storage failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

/// A content-addressed blob store (sha256).
pub trait ContentStore {
    /// Streams a blob in. If `expected` is given and the content does not match, nothing is
    /// stored and [`StoreError::DigestMismatch`] is returned. Storing an existing blob is a no-op.
    fn put_stream(&mut self, expected: Option<&Digest>, data: &mut dyn Read) -> Result<(Digest, u64), StoreError>;
    /// Streams a blob out. The reader fails with `InvalidData` at the end if the stored bytes no
    /// longer hash to `digest` (see [`VerifyingReader`]).
    fn open(&self, digest: &Digest) -> Result<Box<dyn Read + '_>, StoreError>;
    /// The size of a stored blob, or `None` if absent.
    fn size(&self, digest: &Digest) -> Result<Option<u64>, StoreError>;
    /// Removes a blob; returns whether it was there.
    fn delete(&mut self, digest: &Digest) -> Result<bool, StoreError>;
    /// Every stored digest, sorted.
    fn list(&self) -> Result<Vec<Digest>, StoreError>;

    /// Stores a blob held in memory.
    fn put(&mut self, expected: Option<&Digest>, data: &[u8]) -> Result<Digest, StoreError> {
        Ok(self.put_stream(expected, &mut &data[..])?.0)
    }

    /// Reads a whole blob, verified.
    fn get(&self, digest: &Digest) -> Result<Vec<u8>, StoreError> {
        let mut out = Vec::new();
        self.open(digest)?.read_to_end(&mut out).map_err(|e| verify_error(digest, e))?;
        Ok(out)
    }

    /// Whether a blob is stored.
    fn contains(&self, digest: &Digest) -> Result<bool, StoreError> {
        Ok(self.size(digest)?.is_some())
    }
}

/// Turns a read error from a [`VerifyingReader`] back into a typed error.
fn verify_error(digest: &Digest, e: io::Error) -> StoreError {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<Mismatch>()) {
        Some(m) => StoreError::DigestMismatch { expected: m.expected, actual: m.actual },
        None => StoreError::Io { context: format!("reading blob {digest}"), source: e },
    }
}

#[derive(Debug, thiserror::Error)]
#[error("digest mismatch: expected {expected}, got {actual}")]
struct Mismatch {
    expected: Digest,
    actual: Digest,
}

/// A reader that hashes what passes through and fails at end of stream if the content does not
/// match `expected`. Blob stores hand these out so corruption at rest is caught on read.
pub struct VerifyingReader<R> {
    inner: Option<DigestReader<R>>,
    expected: Digest,
}

impl<R: Read> VerifyingReader<R> {
    /// Wraps `inner`, which should yield content hashing to `expected`.
    pub fn new(inner: R, expected: Digest) -> Self {
        VerifyingReader { inner: Some(DigestReader::new(inner)), expected }
    }
}

impl<R: Read> Read for VerifyingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(inner) = self.inner.as_mut() else { return Ok(0) };
        let n = inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            let (actual, _) = self.inner.take().expect("checked above").finish()?;
            if actual != self.expected {
                return Err(io::Error::new(io::ErrorKind::InvalidData, Mismatch { expected: self.expected, actual }));
            }
        }
        Ok(n)
    }
}

/// Reads all of `data`, checks it against `expected`, and returns the bytes with their digest.
/// The common first half of every `put_stream`.
pub fn read_verified(expected: Option<&Digest>, data: &mut dyn Read) -> Result<(Vec<u8>, Digest), StoreError> {
    let mut buf = Vec::new();
    let mut reader = DigestReader::new(data);
    reader.read_to_end(&mut buf).map_err(|source| StoreError::Io { context: "reading blob".into(), source })?;
    let (actual, _) = reader.finish().map_err(|source| StoreError::Io { context: "reading blob".into(), source })?;
    match expected {
        Some(e) if *e != actual => Err(StoreError::DigestMismatch { expected: *e, actual }),
        _ => Ok((buf, actual)),
    }
}

/// Blobs in memory: the simulator's store.
#[derive(Debug, Default, Clone)]
pub struct MemoryContentStore {
    blobs: HashMap<Digest, Arc<[u8]>>,
}

impl MemoryContentStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Overwrites a blob's bytes without verification: only for tests of corruption at rest.
    #[cfg(test)]
    fn corrupt(&mut self, digest: &Digest, bytes: &[u8]) {
        self.blobs.insert(*digest, bytes.into());
    }
}

impl ContentStore for MemoryContentStore {
    fn put_stream(&mut self, expected: Option<&Digest>, data: &mut dyn Read) -> Result<(Digest, u64), StoreError> {
        let (buf, digest) = read_verified(expected, data)?;
        let len = buf.len() as u64;
        self.blobs.entry(digest).or_insert_with(|| buf.into());
        Ok((digest, len))
    }

    fn open(&self, digest: &Digest) -> Result<Box<dyn Read + '_>, StoreError> {
        let blob = self.blobs.get(digest).ok_or(StoreError::NotFound(*digest))?;
        Ok(Box::new(VerifyingReader::new(&blob[..], *digest)))
    }

    fn size(&self, digest: &Digest) -> Result<Option<u64>, StoreError> {
        Ok(self.blobs.get(digest).map(|b| b.len() as u64))
    }

    fn delete(&mut self, digest: &Digest) -> Result<bool, StoreError> {
        Ok(self.blobs.remove(digest).is_some())
    }

    fn list(&self) -> Result<Vec<Digest>, StoreError> {
        let mut all: Vec<Digest> = self.blobs.keys().copied().collect();
        crate::sort::ascending(&mut all);
        Ok(all)
    }
}

/// Small named documents (image records, the tag table), written atomically.
pub trait MetadataStore {
    /// The document at `key`, or `None`.
    fn read(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Replaces the document at `key` atomically: a reader sees the old or the new, never half.
    fn write(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError>;
    /// [`write`](Self::write) for a document a crash may roll back to its old version without
    /// harm (an image's `LastTagTime`): still atomic, but a disk store need not make it durable
    /// before returning. Saves the fsyncs of every cached rebuild.
    fn write_volatile(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        self.write(key, value)
    }
    /// Removes the document at `key` if present.
    fn delete(&mut self, key: &str) -> Result<(), StoreError>;
    /// The keys that start with `prefix`, sorted.
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StoreError>;
}

/// Checks a metadata key: `/`-separated parts of `[A-Za-z0-9._-]`, none empty, `.` or `..`.
pub fn check_key(key: &str) -> Result<(), StoreError> {
    let ok = !key.is_empty()
        && key.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        });
    if ok {
        Ok(())
    } else {
        Err(StoreError::InvalidKey(key.to_string()))
    }
}

/// Documents in memory: the simulator's metadata store.
#[derive(Debug, Default, Clone)]
pub struct MemoryMetadataStore {
    docs: BTreeMap<String, Vec<u8>>,
}

impl MemoryMetadataStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl MetadataStore for MemoryMetadataStore {
    fn read(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        check_key(key)?;
        Ok(self.docs.get(key).cloned())
    }

    fn write(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        check_key(key)?;
        self.docs.insert(key.to_string(), value.to_vec());
        Ok(())
    }

    fn delete(&mut self, key: &str) -> Result<(), StoreError> {
        check_key(key)?;
        self.docs.remove(key);
        Ok(())
    }

    fn keys(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        Ok(self.docs.range(prefix.to_string()..).take_while(|(k, _)| k.starts_with(prefix)).map(|(k, _)| k.clone()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_verifies_and_refuses_a_wrong_digest() {
        let mut s = MemoryContentStore::new();
        let d = s.put(None, b"hello").unwrap();
        assert_eq!(d, Digest::of(b"hello"));
        assert_eq!(s.get(&d).unwrap(), b"hello");
        let wrong = Digest::of(b"other");
        let err = s.put(Some(&wrong), b"hello again").unwrap_err();
        assert!(matches!(err, StoreError::DigestMismatch { expected, .. } if expected == wrong));
        assert_eq!(s.list().unwrap(), vec![d], "the mismatched blob was not stored");
    }

    #[test]
    fn corruption_at_rest_is_caught_on_read() {
        let mut s = MemoryContentStore::new();
        let d = s.put(None, b"hello").unwrap();
        s.corrupt(&d, b"jello");
        assert!(matches!(s.get(&d), Err(StoreError::DigestMismatch { expected, .. }) if expected == d));
    }

    #[test]
    fn missing_blob_is_not_found() {
        let s = MemoryContentStore::new();
        assert!(matches!(s.get(&Digest::of(b"x")), Err(StoreError::NotFound(_))));
    }

    #[test]
    fn metadata_keys_are_checked_and_listed_by_prefix() {
        let mut m = MemoryMetadataStore::new();
        m.write("images/a.json", b"1").unwrap();
        m.write("images/b.json", b"2").unwrap();
        m.write("repositories.json", b"{}").unwrap();
        assert_eq!(m.keys("images/").unwrap(), vec!["images/a.json", "images/b.json"]);
        for bad in ["", "../x", "a//b", "/a", "a/./b", "a b"] {
            assert!(m.write(bad, b"").is_err(), "{bad:?}");
        }
        m.delete("images/a.json").unwrap();
        assert_eq!(m.read("images/a.json").unwrap(), None);
    }
}
