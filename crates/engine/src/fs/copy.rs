//! Copying a file or directory from one tree to another, as `cp -a` does: what volumes need
//! (a new volume is filled from the image at its mount point, `docker cp`) and what
//! `docker system df` counts.
//!
//! Both trees may live inside one kernel's shared state (the simulator keeps the host disk and
//! every container root in one machine), so callers copy through a [`MemFs`] in between
//! rather than hold two trees at once.

use super::mem::MemFs;
use super::path::join;
use super::{FileKind, FsError, FsRead, FsWrite};

/// Copies the inode at `from` in `src` (a directory with everything below it) to `to` in
/// `dst`, keeping modes, owners and mtimes. An existing directory at `to` is merged into; an
/// existing non-directory is replaced. The parent of `to` must exist. Returns the bytes of
/// regular files copied.
pub fn copy_tree(src: &dyn FsRead, from: &str, dst: &mut dyn FsWrite, to: &str) -> Result<u64, FsError> {
    let meta = src.lstat(from)?.ok_or_else(|| FsError::NotFound(from.to_string()))?;
    let existing = dst.lstat(to)?;
    if existing.as_ref().is_some_and(|m| (m.kind == FileKind::Dir) != (meta.kind == FileKind::Dir)) {
        dst.remove(to)?;
    }
    let attrs = meta.attrs();
    match meta.kind {
        FileKind::Dir => {
            if existing.as_ref().is_none_or(|m| m.kind != FileKind::Dir || m.is_whiteout()) {
                dst.mkdir(to, &attrs)?;
            }
            let mut bytes = 0;
            for name in src.read_dir(from)? {
                bytes += copy_tree(src, &join(from, &name), dst, &join(to, &name))?;
            }
            dst.set_attrs(to, &attrs)?;
            Ok(bytes)
        }
        FileKind::File => dst.write_file(to, &attrs, &mut src.open(from)?),
        FileKind::Symlink => {
            if dst.lstat(to)?.is_some() {
                dst.remove(to)?;
            }
            dst.symlink(to, &src.read_link(from)?, &attrs)?;
            Ok(0)
        }
        kind => {
            if dst.lstat(to)?.is_some() {
                dst.remove(to)?;
            }
            dst.mknod(to, kind, meta.rdev, &attrs)?;
            Ok(0)
        }
    }
}

/// A new tree whose root holds the contents of the directory `from` in `src`.
pub fn snapshot_dir(src: &dyn FsRead, from: &str) -> Result<MemFs, FsError> {
    let mut out = MemFs::new();
    for name in src.read_dir(from)? {
        copy_tree(src, &join(from, &name), &mut out, &name)?;
    }
    Ok(out)
}

/// A new tree holding what is at `from` in `src` under the single name `name`.
pub fn snapshot_as(src: &dyn FsRead, from: &str, name: &str) -> Result<MemFs, FsError> {
    let mut out = MemFs::new();
    copy_tree(src, from, &mut out, name)?;
    Ok(out)
}

/// Copies the whole of `src` (its root's contents) into the directory `to` of `dst`.
pub fn copy_into(src: &dyn FsRead, dst: &mut dyn FsWrite, to: &str) -> Result<u64, FsError> {
    let mut bytes = 0;
    for name in src.read_dir("")? {
        bytes += copy_tree(src, &name, dst, &join(to, &name))?;
    }
    Ok(bytes)
}

/// Whether the directory at `path` has nothing in it (or is missing).
pub fn is_empty_dir(src: &dyn FsRead, path: &str) -> Result<bool, FsError> {
    match src.lstat(path)? {
        Some(m) if m.kind == FileKind::Dir => Ok(src.read_dir(path)?.is_empty()),
        Some(_) => Ok(false),
        None => Ok(true),
    }
}

/// The bytes of regular files at and below `path`, as `du` counts apparent sizes.
pub fn tree_size(src: &dyn FsRead, path: &str) -> Result<u64, FsError> {
    let Some(meta) = src.lstat(path)? else { return Ok(0) };
    match meta.kind {
        FileKind::Dir => src.read_dir(path)?.iter().map(|n| tree_size(src, &join(path, n))).sum(),
        FileKind::File => Ok(meta.size),
        _ => Ok(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::Attrs;

    fn sample() -> MemFs {
        let mut fs = MemFs::new();
        fs.mkdir("data", &Attrs::root(0o750)).unwrap();
        fs.write_file("data/a.txt", &Attrs::root(0o644), &mut &b"hello"[..]).unwrap();
        fs.symlink("data/link", "a.txt", &Attrs::root(0o777)).unwrap();
        fs
    }

    #[test]
    fn a_directory_is_copied_with_its_contents_and_modes() {
        let src = sample();
        let mut dst = MemFs::new();
        dst.mkdir("vol", &Attrs::root(0o755)).unwrap();
        assert_eq!(copy_tree(&src, "data", &mut dst, "vol/data").unwrap(), 5);
        assert_eq!(dst.lstat("vol/data").unwrap().unwrap().mode & 0o777, 0o750);
        assert_eq!(dst.read_link("vol/data/link").unwrap(), "a.txt");
        assert_eq!(tree_size(&dst, "vol").unwrap(), 5);
        let snap = snapshot_dir(&src, "data").unwrap();
        assert_eq!(snap.read_dir("").unwrap(), ["a.txt", "link"]);
        assert!(!is_empty_dir(&src, "data").unwrap());
        assert!(is_empty_dir(&src, "missing").unwrap());
    }

    #[test]
    fn a_file_replaces_a_file_and_merges_into_directories() {
        let src = sample();
        let mut dst = sample();
        dst.write_file("data/b.txt", &Attrs::root(0o644), &mut &b"bb"[..]).unwrap();
        copy_into(&snapshot_as(&src, "data/a.txt", "a.txt").unwrap(), &mut dst, "data").unwrap();
        assert_eq!(dst.read_dir("data").unwrap(), ["a.txt", "b.txt", "link"]);
    }
}
