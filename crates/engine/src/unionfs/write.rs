//! Writing through the union: copy-up, whiteouts, opaque directories, overlayfs' rename rules.
//!
//! Every operation checks the *merged* view first (what exists, what kind it is), exactly as the
//! VFS does before calling into overlayfs, then changes only the upper layer.

use std::io::Read;

use super::lookup::{is_opaque, is_private_xattr, parent_and_name, Found};
use super::UnionFs;
use crate::fs::path::{check, is_within, split};
use crate::fs::{Attrs, FileKind, FsError, FsRead, FsWrite, Metadata, OPAQUE_XATTR};

/// The upper's index in [`UnionFs::stack`].
const UPPER: usize = 0;

impl UnionFs {
    /// Resolves the directory `dir` that a new entry `full` goes in; errors name `full`.
    fn parent_dir(&self, dir: &str, full: &str) -> Result<Found, FsError> {
        let found = match self.stack().resolve(dir) {
            Ok(Some(found)) => found,
            Ok(None) | Err(FsError::NotFound(_)) => return Err(FsError::NotFound(full.to_string())),
            Err(FsError::NotADirectory(_)) => return Err(FsError::NotADirectory(full.to_string())),
            Err(FsError::SymlinkInPath(_)) => return Err(FsError::SymlinkInPath(full.to_string())),
            Err(e) => return Err(e),
        };
        match found.meta.kind {
            FileKind::Dir => Ok(found),
            FileKind::Symlink => Err(FsError::SymlinkInPath(full.to_string())),
            _ => Err(FsError::NotADirectory(full.to_string())),
        }
    }

    /// Makes sure the visible inode at `path` lives in the upper: copies it up (attributes,
    /// xattrs but overlayfs' own, contents; a directory without its entries), parents first.
    /// Does nothing if it already does. What overlayfs does before any change to a lower inode,
    /// and what a process opening a file for writing triggers.
    pub fn copy_up(&mut self, path: &str) -> Result<(), FsError> {
        let found = self.stack().get(path)?;
        if found.layer == UPPER {
            return Ok(());
        }
        self.copy_up(split(path).0)?;
        let lower = self.lowers[self.lowers.len() - found.layer].clone();
        copy_inode(&*lower, path, &found.meta, &mut self.upper)
    }

    /// The checks and copy-ups before creating a new name at `path`: the parent must be a
    /// visible directory and `path` must not be visible. Clears a whiteout left in the upper at
    /// `path` and says whether there was one.
    fn prepare_create(&mut self, path: &str) -> Result<bool, FsError> {
        check(path)?;
        if path.is_empty() {
            return Err(FsError::AlreadyExists(String::new()));
        }
        let (dir, name) = split(path);
        let parent = self.parent_dir(dir, path)?;
        if self.stack().child(&parent, dir, name)?.is_some() {
            return Err(FsError::AlreadyExists(path.to_string()));
        }
        self.copy_up(dir)?;
        let whiteout = self.upper.lstat(path)?.is_some_and(|m| m.is_whiteout());
        if whiteout {
            self.upper.remove(path)?;
        }
        Ok(whiteout)
    }

    /// Leaves a whiteout at `path` in the upper.
    fn whiteout(&mut self, path: &str) -> Result<(), FsError> {
        self.upper.mknod(path, FileKind::CharDevice, (0, 0), &Attrs::root(0))
    }
}

/// Copies one inode from `src` to the same path in `dst` (whose parent exists).
fn copy_inode(src: &dyn FsRead, path: &str, meta: &Metadata, dst: &mut dyn FsWrite) -> Result<(), FsError> {
    let attrs = meta.attrs();
    match meta.kind {
        FileKind::Dir => dst.mkdir(path, &attrs)?,
        FileKind::File => {
            dst.write_file(path, &attrs, &mut src.open(path)?)?;
        }
        FileKind::Symlink => dst.symlink(path, &src.read_link(path)?, &attrs)?,
        kind => dst.mknod(path, kind, meta.rdev, &attrs)?,
    }
    for (name, value) in src.xattrs(path)? {
        if !is_private_xattr(&name) {
            dst.set_xattr(path, &name, &value)?;
        }
    }
    Ok(())
}

impl FsWrite for UnionFs {
    fn mkdir(&mut self, path: &str, attrs: &Attrs) -> Result<(), FsError> {
        let over_whiteout = self.prepare_create(path)?;
        self.upper.mkdir(path, attrs)?;
        if over_whiteout {
            // What the removed directory held below must stay hidden.
            self.upper.set_xattr(path, OPAQUE_XATTR, b"y")?;
        }
        Ok(())
    }

    fn write_file(&mut self, path: &str, attrs: &Attrs, data: &mut dyn Read) -> Result<u64, FsError> {
        check(path)?;
        if path.is_empty() {
            return Err(FsError::IsADirectory(String::new()));
        }
        let (dir, name) = split(path);
        let parent = self.parent_dir(dir, path)?;
        if self.stack().child(&parent, dir, name)?.is_some_and(|f| f.is_dir()) {
            return Err(FsError::IsADirectory(path.to_string()));
        }
        self.copy_up(dir)?;
        // Replaces a whiteout or an upper file; covers whatever the lowers hold.
        self.upper.write_file(path, attrs, data)
    }

    fn write_at(&mut self, path: &str, offset: u64, data: &[u8]) -> Result<(), FsError> {
        // Like a write through an open file: copy up once, then change the upper in place.
        self.copy_up(path)?;
        self.upper.write_at(path, offset, data)
    }

    fn truncate(&mut self, path: &str, len: u64) -> Result<(), FsError> {
        self.copy_up(path)?;
        self.upper.truncate(path, len)
    }

    fn symlink(&mut self, path: &str, target: &str, attrs: &Attrs) -> Result<(), FsError> {
        self.prepare_create(path)?;
        self.upper.symlink(path, target, attrs)
    }

    fn hard_link(&mut self, path: &str, existing: &str) -> Result<(), FsError> {
        if self.stack().get(existing)?.is_dir() {
            return Err(FsError::IsADirectory(existing.to_string()));
        }
        self.prepare_create(path)?;
        self.copy_up(existing)?;
        self.upper.hard_link(path, existing)
    }

    fn mknod(&mut self, path: &str, kind: FileKind, rdev: (u32, u32), attrs: &Attrs) -> Result<(), FsError> {
        if matches!(kind, FileKind::File | FileKind::Dir | FileKind::Symlink) {
            return Err(FsError::Unsupported { path: path.to_string(), what: "mknod of a file, directory or symlink" });
        }
        self.prepare_create(path)?;
        self.upper.mknod(path, kind, rdev, attrs)
    }

    fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let (dir, name) = parent_and_name(path)?;
        let parent = self.parent_dir(dir, path)?;
        if self.stack().child(&parent, dir, name)?.is_none() {
            return Err(FsError::NotFound(path.to_string()));
        }
        let lower_positive = self.stack().lower_positive(&parent, dir, name, UPPER)?;
        self.copy_up(dir)?;
        if self.upper.lstat(path)?.is_some() {
            self.upper.remove(path)?;
        }
        if lower_positive {
            self.whiteout(path)?;
        }
        Ok(())
    }

    fn set_attrs(&mut self, path: &str, attrs: &Attrs) -> Result<(), FsError> {
        self.copy_up(path)?;
        self.upper.set_attrs(path, attrs)
    }

    fn set_xattr(&mut self, path: &str, name: &str, value: &[u8]) -> Result<(), FsError> {
        if is_private_xattr(name) {
            return Err(FsError::Unsupported { path: path.to_string(), what: "setting an overlayfs xattr" });
        }
        self.copy_up(path)?;
        self.upper.set_xattr(path, name, value)
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        check(to)?;
        let src = self.stack().get(from)?;
        if from == to {
            return Ok(());
        }
        if from.is_empty() || to.is_empty() || is_within(to, from) {
            return Err(FsError::InvalidPath(to.to_string()));
        }
        let (from_dir, from_name) = split(from);
        let (to_dir, to_name) = split(to);
        let from_parent = self.parent_dir(from_dir, from)?;
        let to_parent = self.parent_dir(to_dir, to)?;
        // The checks in the order the VFS and then overlayfs make them.
        let dst = self.stack().child(&to_parent, to_dir, to_name)?;
        if let Some(dst) = &dst {
            // One inode under two upper names: rename(2) does nothing. (Two names of one lower
            // inode are two overlay inodes without index=on, so they do not stop here.)
            if src.layer == UPPER && dst.layer == UPPER && src.meta.ino == dst.meta.ino {
                return Ok(());
            }
            match (src.is_dir(), dst.is_dir()) {
                (true, false) => return Err(FsError::NotADirectory(to.to_string())),
                (false, true) => return Err(FsError::IsADirectory(to.to_string())),
                _ => {}
            }
        }
        if src.is_dir() && src.stack.iter().any(|&l| l != UPPER) {
            // Moving a merged or lower directory would need redirect_dir.
            return Err(FsError::CrossDevice(from.to_string()));
        }
        if let Some(dst) = dst.filter(|d| d.is_dir()) {
            if !self.stack().list(&dst, to)?.is_empty() {
                return Err(FsError::DirectoryNotEmpty(to.to_string()));
            }
        }
        let whiteout_from = self.stack().lower_positive(&from_parent, from_dir, from_name, UPPER)?;
        let into_merged = to_parent.stack.iter().any(|&l| l != UPPER);
        self.copy_up(from)?;
        self.copy_up(to_dir)?;
        if self.upper.lstat(to)?.is_some() {
            // A file, a whiteout, or a directory that is empty in the merged view.
            self.upper.remove(to)?;
        }
        self.upper.rename(from, to)?;
        if src.is_dir() && into_merged && !is_opaque(&self.upper, to)? {
            self.upper.set_xattr(to, OPAQUE_XATTR, b"y")?;
        }
        if whiteout_from {
            self.whiteout(from)?;
        }
        Ok(())
    }
}
