//! Lookup in a stack of layers: which layer a path comes from, and what a merged directory lists.
//!
//! [`LayerStack`] is the read side of overlayfs over any trees in overlay format: given layers
//! top first, it resolves a path component by component the way `ovl_lookup()` does and lists
//! directories the way the merged `readdir` does. [`super::UnionFs`] reads through one (upper on
//! top of its lowers), and [`super::diff`] compares two (with and without the upper).

use std::collections::BTreeSet;
use std::io::Read;
use std::sync::LazyLock;

use crate::fs::mem::MemFs;
use crate::fs::path::{check, join, split};
use crate::fs::{FileKind, FsError, FsRead, Metadata, OPAQUE_XATTR};

/// The prefix of the xattrs overlayfs keeps for itself: never copied up, never listed in the
/// merged view, never settable through it.
pub const PRIVATE_XATTR_PREFIX: &str = "trusted.overlay.";

/// Inode numbers of the merged view are `layer << INO_SHIFT | ino`, `layer` counted bottom up
/// from 0, so every layer's inodes stay distinct and hard links within a layer stay visible.
const INO_SHIFT: u32 = 48;

/// Where a path resolved to.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The index (top first) of the layer the inode is taken from: the topmost one holding it.
    pub layer: usize,
    /// What that layer says about it.
    pub meta: Metadata,
    /// For a directory, the layers (top first) whose directories merge at this path; the first
    /// is `layer`. Empty for anything else.
    pub stack: Vec<usize>,
}

impl Found {
    /// Whether the path is a directory.
    pub fn is_dir(&self) -> bool {
        self.meta.kind == FileKind::Dir
    }
}

/// A read-only merged view of layer trees in overlay format, topmost first.
///
/// The layers hold whiteouts (character devices 0:0) and opaque directories (xattr
/// [`OPAQUE_XATTR`] = `y`) as overlayfs writes them; see the [module docs](super) for the rules.
pub struct LayerStack<'a> {
    layers: Vec<&'a dyn FsRead>,
}

impl<'a> LayerStack<'a> {
    /// A view of `layers`, the topmost first (the order of overlayfs' `lowerdir=`). No layers
    /// at all (an image `FROM scratch`) is an empty root directory.
    pub fn new(mut layers: Vec<&'a dyn FsRead>) -> LayerStack<'a> {
        static EMPTY: LazyLock<MemFs> = LazyLock::new(MemFs::new);
        if layers.is_empty() {
            layers.push(&*EMPTY);
        }
        LayerStack { layers }
    }

    /// The layers, topmost first.
    pub fn layers(&self) -> &[&'a dyn FsRead] {
        &self.layers
    }

    /// The root: a directory merging every layer.
    pub(crate) fn root(&self) -> Result<Found, FsError> {
        let meta = self.layers[0].lstat("")?.ok_or_else(|| FsError::NotFound(String::new()))?;
        Ok(Found { layer: 0, meta, stack: (0..self.layers.len()).collect() })
    }

    /// Resolves `path` through the layers; `None` if nothing is visible there. An intermediate
    /// component that is a symlink or not a directory fails like [`FsRead::lstat`] does.
    pub(crate) fn resolve(&self, path: &str) -> Result<Option<Found>, FsError> {
        check(path)?;
        let mut found = self.root()?;
        if path.is_empty() {
            return Ok(Some(found));
        }
        let mut dir = String::new();
        let last = path.split('/').count() - 1;
        for (i, name) in path.split('/').enumerate() {
            match found.meta.kind {
                FileKind::Dir => {}
                FileKind::Symlink => return Err(FsError::SymlinkInPath(path.to_string())),
                _ => return Err(FsError::NotADirectory(path.to_string())),
            }
            match self.child(&found, &dir, name)? {
                Some(child) => found = child,
                // A missing last component is an answer; a missing parent is an error.
                None if i == last => return Ok(None),
                None => return Err(FsError::NotFound(path.to_string())),
            }
            dir = join(&dir, name);
        }
        Ok(Some(found))
    }

    /// Looks `name` up in the directory `dir` (resolved to `parent`), layer by layer down the
    /// parent's stack: the first layer holding the name decides; a whiteout hides it; a
    /// non-directory hides everything below it; directories merge until an opaque one, a
    /// whiteout or a non-directory stops the descent.
    pub(crate) fn child(&self, parent: &Found, dir: &str, name: &str) -> Result<Option<Found>, FsError> {
        let path = join(dir, name);
        let mut found: Option<Found> = None;
        for &l in &parent.stack {
            let Some(meta) = self.layers[l].lstat(&path)? else { continue };
            if meta.is_whiteout() {
                break;
            }
            let is_dir = meta.kind == FileKind::Dir;
            match &mut found {
                None if is_dir => found = Some(Found { layer: l, meta, stack: vec![l] }),
                None => return Ok(Some(Found { layer: l, meta, stack: Vec::new() })),
                Some(f) if is_dir => f.stack.push(l),
                Some(_) => break,
            }
            if is_opaque(self.layers[l], &path)? {
                break;
            }
        }
        Ok(found)
    }

    /// The names visible in the directory `dir` (resolved to `found`), sorted bytewise.
    pub(crate) fn list(&self, found: &Found, dir: &str) -> Result<Vec<String>, FsError> {
        let mut names = BTreeSet::new();
        for &l in &found.stack {
            names.extend(self.layers[l].read_dir(dir)?);
        }
        let mut visible = Vec::with_capacity(names.len());
        for name in names {
            if self.child(found, dir, &name)?.is_some() {
                visible.push(name);
            }
        }
        Ok(visible)
    }

    /// Like [`LayerStack::resolve`], but a missing path is [`FsError::NotFound`].
    pub(crate) fn get(&self, path: &str) -> Result<Found, FsError> {
        self.resolve(path)?.ok_or_else(|| FsError::NotFound(path.to_string()))
    }

    /// Whether `name` in the directory `dir` would be visible from the layers of `parent`'s
    /// stack below `upper`: the question overlayfs asks (`ovl_lower_positive()`) to decide
    /// whether removing the name needs a whiteout.
    pub(crate) fn lower_positive(&self, parent: &Found, dir: &str, name: &str, upper: usize) -> Result<bool, FsError> {
        let lowers = Found { stack: parent.stack.iter().copied().filter(|&l| l != upper).collect(), ..parent.clone() };
        Ok(self.child(&lowers, dir, name)?.is_some())
    }

    /// The merged inode number of an inode of layer `layer` (top first).
    fn merged_ino(&self, layer: usize, ino: u64) -> u64 {
        ((self.layers.len() - 1 - layer) as u64) << INO_SHIFT | ino
    }
}

/// Whether `path` in `layer` is a directory marked opaque (`trusted.overlay.opaque` = `y`).
pub(crate) fn is_opaque(layer: &dyn FsRead, path: &str) -> Result<bool, FsError> {
    Ok(layer.xattrs(path)?.iter().any(|(k, v)| k == OPAQUE_XATTR && v.as_slice() == b"y"))
}

/// Whether an xattr is overlayfs' own (see [`PRIVATE_XATTR_PREFIX`]).
pub(crate) fn is_private_xattr(name: &str) -> bool {
    name.starts_with(PRIVATE_XATTR_PREFIX)
}

impl FsRead for LayerStack<'_> {
    fn lstat(&self, path: &str) -> Result<Option<Metadata>, FsError> {
        Ok(self.resolve(path)?.map(|f| Metadata { ino: self.merged_ino(f.layer, f.meta.ino), ..f.meta }))
    }

    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        let found = self.get(path)?;
        if !found.is_dir() {
            return Err(FsError::NotADirectory(path.to_string()));
        }
        self.list(&found, path)
    }

    fn read_link(&self, path: &str) -> Result<String, FsError> {
        let found = self.get(path)?;
        self.layers[found.layer].read_link(path)
    }

    fn open(&self, path: &str) -> Result<Box<dyn Read + '_>, FsError> {
        let found = self.get(path)?;
        self.layers[found.layer].open(path)
    }

    fn xattrs(&self, path: &str) -> Result<Vec<(String, Vec<u8>)>, FsError> {
        let found = self.get(path)?;
        let mut all = self.layers[found.layer].xattrs(path)?;
        all.retain(|(k, _)| !is_private_xattr(k));
        Ok(all)
    }
}

/// Splits a path into parent and name, refusing the root (which has neither).
pub(crate) fn parent_and_name(path: &str) -> Result<(&str, &str), FsError> {
    check(path)?;
    if path.is_empty() {
        return Err(FsError::Unsupported { path: String::new(), what: "this operation on the root" });
    }
    Ok(split(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::{Attrs, FsWrite};

    fn file(fs: &mut MemFs, p: &str, data: &str) {
        fs.write_file(p, &Attrs::root(0o644), &mut data.as_bytes()).unwrap();
    }
    fn dir(fs: &mut MemFs, p: &str) {
        fs.mkdir(p, &Attrs::root(0o755)).unwrap();
    }
    fn whiteout(fs: &mut MemFs, p: &str) {
        fs.mknod(p, FileKind::CharDevice, (0, 0), &Attrs::root(0)).unwrap();
    }
    fn read(fs: &dyn FsRead, p: &str) -> String {
        let mut s = String::new();
        fs.open(p).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn topmost_wins_and_whiteouts_hide() {
        let (mut bottom, mut top) = (MemFs::new(), MemFs::new());
        dir(&mut bottom, "etc");
        file(&mut bottom, "etc/a", "old");
        file(&mut bottom, "etc/b", "b");
        dir(&mut top, "etc");
        file(&mut top, "etc/a", "new");
        whiteout(&mut top, "etc/b");
        whiteout(&mut top, "etc/never-was");
        let stack = LayerStack::new(vec![&top, &bottom]);
        assert_eq!(read(&stack, "etc/a"), "new");
        assert!(stack.lstat("etc/b").unwrap().is_none());
        assert_eq!(stack.read_dir("etc").unwrap(), vec!["a"]);
        assert!(matches!(stack.read_dir("etc/a"), Err(FsError::NotADirectory(_))));
    }

    #[test]
    fn opaque_dirs_and_non_dirs_stop_the_descent() {
        let (mut l1, mut l2, mut l3) = (MemFs::new(), MemFs::new(), MemFs::new());
        dir(&mut l1, "d");
        file(&mut l1, "d/from1", "");
        dir(&mut l2, "d");
        file(&mut l2, "d/from2", "");
        l2.set_xattr("d", OPAQUE_XATTR, b"y").unwrap();
        dir(&mut l3, "d");
        file(&mut l3, "d/from3", "");
        let stack = LayerStack::new(vec![&l3, &l2, &l1]);
        assert_eq!(stack.read_dir("d").unwrap(), vec!["from2", "from3"]);
        assert_eq!(stack.resolve("d").unwrap().unwrap().stack, vec![0, 1]);

        // A file in a higher layer hides a directory below; a directory above a file shows
        // only its own entries.
        let (mut low, mut high) = (MemFs::new(), MemFs::new());
        dir(&mut low, "x");
        file(&mut low, "x/inner", "");
        file(&mut low, "y", "file below");
        file(&mut high, "x", "file above");
        dir(&mut high, "y");
        file(&mut high, "y/own", "");
        let stack = LayerStack::new(vec![&high, &low]);
        assert_eq!(stack.lstat("x").unwrap().unwrap().kind, FileKind::File);
        assert!(matches!(stack.lstat("x/inner"), Err(FsError::NotADirectory(_))));
        assert_eq!(stack.read_dir("y").unwrap(), vec!["own"]);
    }

    #[test]
    fn a_whiteout_stops_merging_below_a_directory() {
        let (mut l1, mut l2, mut l3) = (MemFs::new(), MemFs::new(), MemFs::new());
        dir(&mut l1, "d");
        file(&mut l1, "d/old", "");
        whiteout(&mut l2, "d");
        dir(&mut l3, "d");
        file(&mut l3, "d/new", "");
        let stack = LayerStack::new(vec![&l3, &l2, &l1]);
        assert_eq!(stack.read_dir("d").unwrap(), vec!["new"]);
    }

    #[test]
    fn private_xattrs_are_hidden_and_inodes_are_per_layer() {
        let (mut low, mut high) = (MemFs::new(), MemFs::new());
        dir(&mut low, "d");
        low.set_xattr("d", OPAQUE_XATTR, b"y").unwrap();
        low.set_xattr("d", "user.note", b"hi").unwrap();
        file(&mut low, "a", "");
        low.hard_link("b", "a").unwrap();
        file(&mut high, "c", "");
        let stack = LayerStack::new(vec![&high, &low]);
        assert_eq!(stack.xattrs("d").unwrap(), vec![("user.note".to_string(), b"hi".to_vec())]);
        let (a, b, c) = (
            stack.lstat("a").unwrap().unwrap(),
            stack.lstat("b").unwrap().unwrap(),
            stack.lstat("c").unwrap().unwrap(),
        );
        assert_eq!(a.ino, b.ino);
        assert_ne!(a.ino, c.ino);
        assert!(matches!(stack.lstat("nope/x"), Err(FsError::NotFound(_))));
    }
}
