//! Applying a layer tar to a tree, entry by entry (see the parent module for the rules).
//!
//! Each entry is checked completely (name, type, target, location) before anything is written
//! for it. Then, as Docker's `UnpackLayer` does: whatever is at the path is removed unless the
//! entry and the existing node are both directories (then the attributes merge), the node is
//! created, and a directory's attributes are set again after the whole tar, so that creating
//! its children does not move its mtime.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use super::compression::LayerStream;
use super::entry::{self, EntryHeader, Kind};
use super::resolve::{below, entry_path, symlink_stays_inside, Resolver};
use super::{ApplyMode, ApplyOptions, LayerError, LayerInfo, OPAQUE_WHITEOUT, WHITEOUT_META_PREFIX, WHITEOUT_PREFIX};
use crate::fs::path::{join, split};
use crate::fs::{Attrs, FileKind, FsWrite, OPAQUE_XATTR};

/// Applies the layer blob `input` (a tar, plain or gzip) to `fs`, streaming, and returns its
/// digests and size. The input is read to its end, so the digests cover every byte.
///
/// Fails with a [`LayerError`] naming the first entry that is hostile or cannot be applied;
/// the entries before it stay applied (see the module docs).
pub fn apply(input: &mut dyn Read, fs: &mut dyn FsWrite, opts: &ApplyOptions) -> Result<LayerInfo, LayerError> {
    let mut stream = LayerStream::open(input, opts.hasher)?;
    let mut applier = Applier {
        fs,
        opts: *opts,
        resolver: Resolver::default(),
        dir_attrs: BTreeMap::new(),
        created: (opts.mode == ApplyMode::Flatten).then(BTreeSet::new),
        size: 0,
    };
    {
        let mut archive = tar::Archive::new(&mut stream);
        for entry in archive.entries().map_err(LayerError::Read)? {
            let mut entry = entry.map_err(LayerError::Read)?;
            applier.entry(&mut entry)?;
        }
    }
    let size = applier.finish()?;
    stream.finish(size)
}

struct Applier<'f> {
    fs: &'f mut dyn FsWrite,
    opts: ApplyOptions,
    resolver: Resolver,
    /// Directory attributes to set once the whole tar is in, with the entry that set them.
    dir_attrs: BTreeMap<String, (String, Attrs)>,
    /// Flatten mode: every path this tar created, which opaque whiteouts keep.
    created: Option<BTreeSet<String>>,
    /// Regular-file bytes written.
    size: u64,
}

impl Applier<'_> {
    fn entry<R: Read>(&mut self, entry: &mut tar::Entry<'_, R>) -> Result<(), LayerError> {
        let h = entry::parse(entry)?;
        if h.kind == Kind::GlobalHeader {
            return Ok(());
        }
        let path = entry_path(&h.name)?;
        if path.starts_with(WHITEOUT_META_PREFIX) && path != OPAQUE_WHITEOUT {
            // AUFS metadata at the root (`.wh..wh.plnk/...`, `.wh..wh.aufs`): Docker skips it.
            return Ok(());
        }
        let (parent, base) = split(&path);
        if parent.split('/').any(|c| c.starts_with(WHITEOUT_PREFIX)) {
            return Err(bad_whiteout(&h, "a whiteout name cannot be a parent directory"));
        }
        if base.starts_with(WHITEOUT_PREFIX) {
            return self.whiteout(&h, parent, base);
        }
        if path.is_empty() {
            return self.root(&h);
        }
        self.check_kind(&h)?;

        let resolved = self.resolver.resolve(&*self.fs, parent, &h.name)?;
        let target = join(&resolved.path, base);
        let link_target = match h.kind {
            Kind::Symlink => {
                let link = h.link.as_deref().unwrap_or_default();
                if !symlink_stays_inside(&resolved.path, link) {
                    return Err(bad_symlink(&h, "escapes the layer root"));
                }
                None
            }
            Kind::HardLink => Some(self.hard_link_target(&h, &target)?),
            _ => None,
        };
        let implied = self.resolver.create(self.fs, resolved, &h.name)?;
        self.note_created(implied);

        let existing = self.fs.lstat(&target).map_err(|e| LayerError::fs(&h.name, e))?;
        let merge = h.kind == Kind::Dir && existing.as_ref().is_some_and(|m| m.kind == FileKind::Dir);
        if existing.is_some() && !merge {
            self.remove(&target, &h.name)?;
        }
        let fs_err = |e| LayerError::fs(&h.name, e);
        match h.kind {
            Kind::File => {
                let written = self.fs.write_file(&target, &h.attrs, &mut *entry).map_err(fs_err)?;
                if written < h.size {
                    // Leave nothing of a file whose data the stream did not hold.
                    self.fs.remove(&target).map_err(|e| LayerError::fs(&h.name, e))?;
                    return Err(LayerError::Truncated { entry: h.name });
                }
                self.size = self.size.saturating_add(written);
            }
            Kind::Dir => {
                if !merge {
                    // Writable by its owner until the end, when its own attributes are set,
                    // so that its entries can go in even without root.
                    let attrs = Attrs { mode: h.attrs.mode | 0o700, ..h.attrs };
                    self.fs.mkdir(&target, &attrs).map_err(fs_err)?;
                }
                self.resolver.note_dir(&target);
                self.dir_attrs.insert(target.clone(), (h.name.clone(), h.attrs));
            }
            Kind::Symlink => {
                let link = h.link.as_deref().unwrap_or_default();
                self.fs.symlink(&target, link, &h.attrs).map_err(fs_err)?;
            }
            Kind::HardLink => {
                let existing = link_target.unwrap_or_default();
                self.fs.hard_link(&target, &existing).map_err(fs_err)?;
            }
            Kind::CharDevice => self.fs.mknod(&target, FileKind::CharDevice, h.rdev, &h.attrs).map_err(fs_err)?,
            Kind::BlockDevice => self.fs.mknod(&target, FileKind::BlockDevice, h.rdev, &h.attrs).map_err(fs_err)?,
            Kind::Fifo => self.fs.mknod(&target, FileKind::Fifo, (0, 0), &h.attrs).map_err(fs_err)?,
            Kind::GlobalHeader => {}
        }
        for (name, value) in &h.xattrs {
            self.fs.set_xattr(&target, name, value).map_err(|e| LayerError::fs(&h.name, e))?;
        }
        self.note_created([target]);
        Ok(())
    }

    /// Refuses what no location can make acceptable: devices, absurd sizes, empty targets.
    fn check_kind(&self, h: &EntryHeader) -> Result<(), LayerError> {
        match h.kind {
            Kind::CharDevice if h.rdev == (0, 0) => Err(LayerError::DeviceNotAllowed {
                entry: h.name.clone(),
                reason: "a character device 0:0 is an overlayfs whiteout; layers delete files with .wh. entries",
            }),
            Kind::CharDevice | Kind::BlockDevice if !self.opts.allow_devices => {
                Err(LayerError::DeviceNotAllowed { entry: h.name.clone(), reason: "device nodes are not allowed here" })
            }
            Kind::File if h.size > self.opts.max_file_size => {
                Err(LayerError::TooLarge { entry: h.name.clone(), size: h.size, limit: self.opts.max_file_size })
            }
            Kind::Symlink if h.link.as_deref().unwrap_or_default().is_empty() => Err(bad_symlink(h, "is empty")),
            _ => Ok(()),
        }
    }

    /// Where hard link `h` (to be created at `target`) points: an existing non-directory
    /// inside the root, found through its parents' symlinks like any other path.
    fn hard_link_target(&mut self, h: &EntryHeader, target: &str) -> Result<String, LayerError> {
        let link = h.link.as_deref().unwrap_or_default();
        if link.starts_with('/') {
            return Err(bad_hard_link(h, "is absolute"));
        }
        let normal = crate::fs::path::normalize(link).ok_or_else(|| bad_hard_link(h, "escapes the layer root"))?;
        if normal.is_empty() {
            return Err(bad_hard_link(h, "is a directory"));
        }
        let (parent, base) = split(&normal);
        let resolved = self.resolver.resolve(&*self.fs, parent, &h.name)?;
        if !resolved.missing.is_empty() {
            return Err(bad_hard_link(h, "does not exist"));
        }
        let existing = join(&resolved.path, base);
        match self.fs.lstat(&existing).map_err(|e| LayerError::fs(&h.name, e))? {
            None => Err(bad_hard_link(h, "does not exist")),
            // In a layer directory a whiteout stands for a deleted file.
            Some(m) if m.is_whiteout() && self.opts.mode == ApplyMode::Layer => Err(bad_hard_link(h, "does not exist")),
            Some(m) if m.kind == FileKind::Dir => Err(bad_hard_link(h, "is a directory")),
            Some(_) if existing == target => Err(bad_hard_link(h, "is the entry itself")),
            Some(_) => Ok(existing),
        }
    }

    /// A directory entry for the root itself updates the root's attributes.
    fn root(&mut self, h: &EntryHeader) -> Result<(), LayerError> {
        if h.kind != Kind::Dir {
            return Err(LayerError::RootNotDir { entry: h.name.clone() });
        }
        for (name, value) in &h.xattrs {
            self.fs.set_xattr("", name, value).map_err(|e| LayerError::fs(&h.name, e))?;
        }
        self.dir_attrs.insert(String::new(), (h.name.clone(), h.attrs));
        Ok(())
    }

    /// `.wh.NAME`, `.wh..wh..opq`, or AUFS metadata (`.wh..wh.*`, skipped as Docker does).
    fn whiteout(&mut self, h: &EntryHeader, parent: &str, base: &str) -> Result<(), LayerError> {
        if base == OPAQUE_WHITEOUT {
            return self.opaque(h, parent);
        }
        if base.starts_with(WHITEOUT_META_PREFIX) {
            return Ok(());
        }
        let name = &base[WHITEOUT_PREFIX.len()..];
        if name.is_empty() || name == "." || name == ".." {
            return Err(bad_whiteout(h, "a whiteout must name a file in its directory"));
        }
        let resolved = self.resolver.resolve(&*self.fs, parent, &h.name)?;
        match self.opts.mode {
            ApplyMode::Layer => {
                let dir = resolved.path.clone();
                self.resolver.create(self.fs, resolved, &h.name)?;
                let target = join(&dir, name);
                if self.fs.lstat(&target).map_err(|e| LayerError::fs(&h.name, e))?.is_some() {
                    self.remove(&target, &h.name)?;
                }
                // Docker: mknod(S_IFCHR, 0), then chown to the entry's owner.
                let attrs = Attrs { mode: 0, ..h.attrs };
                self.fs.mknod(&target, FileKind::CharDevice, (0, 0), &attrs).map_err(|e| LayerError::fs(&h.name, e))
            }
            ApplyMode::Flatten => {
                if !resolved.missing.is_empty() {
                    return Ok(()); // nothing there to delete
                }
                let target = join(&resolved.path, name);
                if self.fs.lstat(&target).map_err(|e| LayerError::fs(&h.name, e))?.is_some() {
                    self.remove(&target, &h.name)?;
                }
                Ok(())
            }
        }
    }

    /// `DIR/.wh..wh..opq`: mark `DIR` opaque (layer) or clear what it held before (flatten).
    fn opaque(&mut self, h: &EntryHeader, parent: &str) -> Result<(), LayerError> {
        let resolved = self.resolver.resolve(&*self.fs, parent, &h.name)?;
        let dir = resolved.path.clone();
        let implied = self.resolver.create(self.fs, resolved, &h.name)?;
        self.note_created(implied);
        match self.opts.mode {
            ApplyMode::Layer => self.fs.set_xattr(&dir, OPAQUE_XATTR, b"y").map_err(|e| LayerError::fs(&h.name, e)),
            ApplyMode::Flatten => self.clear_preexisting(&dir, &h.name),
        }
    }

    /// Removes everything below `dir` that this tar did not create, keeping the directories
    /// that lead to something it did.
    fn clear_preexisting(&mut self, dir: &str, entry: &str) -> Result<(), LayerError> {
        let names = self.fs.read_dir(dir).map_err(|e| LayerError::fs(entry, e))?;
        for name in names {
            let path = join(dir, &name);
            let Some(created) = self.created.as_ref() else { return Ok(()) };
            let keep = created.contains(&path) || created.range(below(&path)).next().is_some();
            if !keep {
                self.remove(&path, entry)?;
                continue;
            }
            let is_dir = self.fs.lstat(&path).map_err(|e| LayerError::fs(entry, e))?.is_some_and(|m| m.kind == FileKind::Dir);
            if is_dir {
                self.clear_preexisting(&path, entry)?;
            }
        }
        Ok(())
    }

    /// Removes `path` and forgets everything remembered about it and below it.
    fn remove(&mut self, path: &str, entry: &str) -> Result<(), LayerError> {
        self.fs.remove(path).map_err(|e| LayerError::fs(entry, e))?;
        self.resolver.forget(path);
        let doomed: Vec<String> = self.dir_attrs.range(below(path)).map(|(k, _)| k.clone()).collect();
        for k in doomed.into_iter().chain([path.to_string()]) {
            self.dir_attrs.remove(&k);
        }
        if let Some(created) = self.created.as_mut() {
            let doomed: Vec<String> = created.range(below(path)).cloned().collect();
            for k in doomed.into_iter().chain([path.to_string()]) {
                created.remove(&k);
            }
        }
        Ok(())
    }

    fn note_created(&mut self, paths: impl IntoIterator<Item = String>) {
        if let Some(created) = self.created.as_mut() {
            created.extend(paths);
        }
    }

    /// Sets directory attributes, deepest first (so a read-only parent is set last), and
    /// returns the layer size.
    fn finish(self) -> Result<u64, LayerError> {
        for (path, (entry, attrs)) in self.dir_attrs.iter().rev() {
            self.fs.set_attrs(path, attrs).map_err(|e| LayerError::fs(entry, e))?;
        }
        Ok(self.size)
    }
}

fn bad_whiteout(h: &EntryHeader, reason: &'static str) -> LayerError {
    LayerError::BadWhiteout { entry: h.name.clone(), reason }
}

fn bad_symlink(h: &EntryHeader, reason: &'static str) -> LayerError {
    LayerError::BadSymlink { entry: h.name.clone(), target: h.link.clone().unwrap_or_default(), reason }
}

fn bad_hard_link(h: &EntryHeader, reason: &'static str) -> LayerError {
    LayerError::BadHardLink { entry: h.name.clone(), target: h.link.clone().unwrap_or_default(), reason }
}
