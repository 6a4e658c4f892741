//! The engine's stores on disk, under `--root`:
//!
//! - [`DiskContentStore`]: `ROOT/blobs/sha256/<hex>`, one file per blob;
//! - [`DiskMetadataStore`]: `ROOT/meta/<key>`, one file per document;
//! - [`RootLock`]: `ROOT/lock`, held while a command changes the stores.
//!
//! Every write goes to a temporary file in the destination directory, is fsynced, renamed over
//! the destination and the directory fsynced: a crash leaves the old or the new file, never
//! half of one. Blobs are verified on the way in (nothing is renamed into place unless it hashes
//! to what was expected) and on the way out ([`VerifyingReader`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use wharf_engine::digest::{Digest, Sha256};
use wharf_engine::image::store::{check_key, ContentStore, MetadataStore, StoreError, VerifyingReader};

/// A name for a temporary file no other writer (thread or process) uses. `~` never appears in
/// a blob name or a metadata key, so temporary files are never mistaken for content.
fn temp_name(base: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!(".{base}~tmp{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

fn io_err(context: impl Into<String>) -> impl FnOnce(io::Error) -> StoreError {
    let context = context.into();
    move |source| StoreError::Io { context, source }
}

/// Renames `tmp` over `dest` and makes both the file and the rename durable.
fn commit(file: File, tmp: &Path, dest: &Path) -> io::Result<()> {
    file.sync_all()?;
    drop(file);
    fs::rename(tmp, dest)?;
    if let Some(dir) = dest.parent() {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Writes `data` to `dest` atomically and durably (see the module docs).
pub fn write_atomic(dest: &Path, data: &[u8]) -> io::Result<()> {
    write_replacing(dest, data, true)
}

/// [`write_atomic`] without the fsyncs: after a crash `dest` may hold its old content (or,
/// on a file system that does not order data before renames, be empty), never half of either.
/// For documents whose loss is harmless, such as an image's tag time.
pub fn write_atomic_volatile(dest: &Path, data: &[u8]) -> io::Result<()> {
    write_replacing(dest, data, false)
}

fn write_replacing(dest: &Path, data: &[u8], durable: bool) -> io::Result<()> {
    let dir = dest.parent().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no parent directory"))?;
    fs::create_dir_all(dir)?;
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(temp_name(&name));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(data)?;
        if durable {
            commit(f, &tmp, dest)
        } else {
            fs::rename(&tmp, dest)
        }
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Blobs as files: `ROOT/blobs/sha256/<hex>`.
#[derive(Debug, Clone)]
pub struct DiskContentStore {
    dir: PathBuf,
}

impl DiskContentStore {
    /// The store under `root` (created if missing).
    pub fn open(root: &Path) -> Result<DiskContentStore, StoreError> {
        let dir = root.join("blobs").join("sha256");
        fs::create_dir_all(&dir).map_err(io_err(format!("creating {}", dir.display())))?;
        Ok(DiskContentStore { dir })
    }

    fn path(&self, digest: &Digest) -> PathBuf {
        self.dir.join(digest.hex())
    }
}

impl ContentStore for DiskContentStore {
    fn put_stream(&mut self, expected: Option<&Digest>, data: &mut dyn Read) -> Result<(Digest, u64), StoreError> {
        let tmp = self.dir.join(temp_name("blob"));
        let result = (|| {
            let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(io_err("creating a blob"))?;
            let mut hasher = Sha256::new();
            let mut buf = vec![0u8; 256 << 10];
            let mut len = 0u64;
            loop {
                let n = match data.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(io_err("reading blob")(e)),
                };
                hasher.update(&buf[..n]);
                file.write_all(&buf[..n]).map_err(io_err("writing a blob"))?;
                len += n as u64;
            }
            let actual = hasher.finish();
            if let Some(e) = expected {
                if *e != actual {
                    return Err(StoreError::DigestMismatch { expected: *e, actual });
                }
            }
            let dest = self.path(&actual);
            if dest.exists() {
                drop(file);
                let _ = fs::remove_file(&tmp);
            } else {
                commit(file, &tmp, &dest).map_err(io_err(format!("storing blob {actual}")))?;
            }
            Ok((actual, len))
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    fn open(&self, digest: &Digest) -> Result<Box<dyn Read + '_>, StoreError> {
        match File::open(self.path(digest)) {
            Ok(f) => Ok(Box::new(VerifyingReader::new(BufReader::with_capacity(256 << 10, f), *digest))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(StoreError::NotFound(*digest)),
            Err(e) => Err(io_err(format!("opening blob {digest}"))(e)),
        }
    }

    fn size(&self, digest: &Digest) -> Result<Option<u64>, StoreError> {
        match fs::metadata(self.path(digest)) {
            Ok(m) => Ok(Some(m.len())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_err(format!("reading blob {digest}"))(e)),
        }
    }

    fn delete(&mut self, digest: &Digest) -> Result<bool, StoreError> {
        match fs::remove_file(self.path(digest)) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io_err(format!("deleting blob {digest}"))(e)),
        }
    }

    fn list(&self) -> Result<Vec<Digest>, StoreError> {
        let entries = fs::read_dir(&self.dir).map_err(io_err("listing blobs"))?;
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(io_err("listing blobs"))?;
            if let Some(d) = entry.file_name().to_str().and_then(|n| Digest::from_hex(n).ok()) {
                out.push(d);
            }
        }
        out.sort();
        Ok(out)
    }
}

/// Documents as files: `ROOT/meta/<key>`.
#[derive(Debug, Clone)]
pub struct DiskMetadataStore {
    dir: PathBuf,
}

impl DiskMetadataStore {
    /// The store under `root` (created if missing).
    pub fn open(root: &Path) -> Result<DiskMetadataStore, StoreError> {
        let dir = root.join("meta");
        fs::create_dir_all(&dir).map_err(io_err(format!("creating {}", dir.display())))?;
        Ok(DiskMetadataStore { dir })
    }

    fn collect(&self, dir: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let Some(name) = entry.file_name().to_str().map(str::to_string) else { continue };
            let key = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
            if entry.file_type()?.is_dir() {
                self.collect(&entry.path(), &key, out)?;
            } else if check_key(&key).is_ok() {
                out.push(key);
            }
        }
        Ok(())
    }
}

impl MetadataStore for DiskMetadataStore {
    fn read(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        check_key(key)?;
        match fs::read(self.dir.join(key)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_err(format!("reading {key}"))(e)),
        }
    }

    fn write(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        check_key(key)?;
        write_atomic(&self.dir.join(key), value).map_err(io_err(format!("writing {key}")))
    }

    fn write_volatile(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        check_key(key)?;
        write_atomic_volatile(&self.dir.join(key), value).map_err(io_err(format!("writing {key}")))
    }

    fn delete(&mut self, key: &str) -> Result<(), StoreError> {
        check_key(key)?;
        match fs::remove_file(self.dir.join(key)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_err(format!("deleting {key}"))(e)),
        }
    }

    fn keys(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        self.collect(&self.dir, "", &mut out).map_err(io_err("listing metadata"))?;
        out.retain(|k| k.starts_with(prefix));
        out.sort();
        Ok(out)
    }
}

/// Both stores of `root`: what an [`wharf_engine::image::db::ImageDb`] is made of.
pub fn open_stores(root: &Path) -> Result<(DiskContentStore, DiskMetadataStore), StoreError> {
    Ok((DiskContentStore::open(root)?, DiskMetadataStore::open(root)?))
}

/// An exclusive lock on `ROOT/lock` (`flock(2)`), so two `wharf` processes never interleave
/// their changes to the tag table. Released when dropped.
pub struct RootLock {
    _file: File,
}

impl RootLock {
    /// Waits for and takes the lock.
    pub fn exclusive(root: &Path) -> io::Result<RootLock> {
        fs::create_dir_all(root)?;
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(root.join("lock"))?;
        rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)?;
        Ok(RootLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_are_verified_in_and_out() {
        let root = tempfile::tempdir().unwrap();
        let mut s = DiskContentStore::open(root.path()).unwrap();
        let d = s.put(None, b"hello").unwrap();
        assert_eq!(s.get(&d).unwrap(), b"hello");
        assert_eq!(s.list().unwrap(), vec![d]);
        let wrong = Digest::of(b"x");
        assert!(matches!(s.put(Some(&wrong), b"hello!"), Err(StoreError::DigestMismatch { .. })));
        assert_eq!(s.list().unwrap(), vec![d], "nothing stored, no temp file listed");
        assert_eq!(fs::read_dir(root.path().join("blobs/sha256")).unwrap().count(), 1, "temp file removed");
        fs::write(root.path().join("blobs/sha256").join(d.hex()), b"jello").unwrap();
        assert!(matches!(s.get(&d), Err(StoreError::DigestMismatch { .. })), "corruption at rest is caught");
        assert!(s.delete(&d).unwrap());
        assert!(matches!(s.get(&d), Err(StoreError::NotFound(_))));
    }

    #[test]
    fn metadata_is_written_atomically_and_listed_by_prefix() {
        let root = tempfile::tempdir().unwrap();
        let mut m = DiskMetadataStore::open(root.path()).unwrap();
        m.write("images/a.json", b"1").unwrap();
        m.write("images/b.json", b"2").unwrap();
        m.write("repositories.json", b"{}").unwrap();
        m.write("images/a.json", b"3").unwrap();
        assert_eq!(m.read("images/a.json").unwrap().unwrap(), b"3");
        m.write_volatile("images/b.json", b"4").unwrap();
        assert_eq!(m.read("images/b.json").unwrap().unwrap(), b"4");
        assert_eq!(fs::read_dir(root.path().join("meta/images")).unwrap().count(), 2, "no temp file left");
        assert_eq!(m.keys("images/").unwrap(), ["images/a.json", "images/b.json"]);
        assert!(m.write("../escape", b"x").is_err());
        m.delete("images/a.json").unwrap();
        assert_eq!(m.read("images/a.json").unwrap(), None);
        let _lock = RootLock::exclusive(root.path()).unwrap();
    }
}
