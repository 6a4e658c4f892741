//! The union filesystem model: lower layers and an upper layer with overlayfs semantics.
//!
//! A container's root filesystem is its image's layers, read-only, under one writable layer.
//! Linux does this with overlayfs; wharf's simulated kernel does it with [`UnionFs`], and a
//! differential test (`tests/tests/overlay_differential.rs`) mounts real overlays to hold the
//! two to the same answers, the merged tree *and* the bytes left in the upper directory.
//!
//! The model is overlayfs mounted with `redirect_dir=off,index=off,metacopy=off`: the module
//! defaults of the machine it was checked on (Linux 6.18), which the differential test passes
//! explicitly, and what a native kernel should pass to get the same behaviour.
//!
//! # The on-disk vocabulary
//!
//! Every layer, lower or upper, is a tree in overlay format (see [`crate::fs`]): a *whiteout*
//! is a character device 0:0 and says "the name below is gone"; an *opaque* directory carries
//! the xattr `trusted.overlay.opaque` = `y` and says "nothing below me shows through".
//!
//! # Reading: lookup through the layers ([`LayerStack`])
//!
//! - The topmost layer holding a name wins; a whiteout there hides the name.
//! - Directories merge: a directory's entries are the union of the same directory in every
//!   layer down to (and including) the first one that is opaque. A whiteout or a non-directory
//!   below a directory also ends the descent (a non-directory in an upper layer hides a
//!   directory below it, and a directory above a file shows only its own entries).
//! - The merged `read_dir` lists the visible names, sorted, without whiteouts. Attributes,
//!   contents and xattrs of a name come from the topmost layer holding it; the `trusted.overlay.*`
//!   xattrs are overlayfs' own and never show (the kernel hides them from `listxattr`).
//!
//! # Writing: everything goes to the upper ([`UnionFs`])
//!
//! - **Copy-up.** Before anything from a lower layer is changed (`set_attrs`, `set_xattr`,
//!   `rename`, `hard_link` of it), it is copied into the upper with its mode, owner, mtime and
//!   xattrs, and so is every parent directory first (never a directory's contents). The
//!   `trusted.overlay.*` xattrs are not copied: a copied-up opaque lower directory is *not*
//!   opaque in the upper (the lower one still stops the descent).
//! - **Hard links break on copy-up**, as without `index=on`: the copied name gets a new inode
//!   and the other names keep showing the lower one.
//! - **Metadata changes copy the data too** (`metacopy=off`).
//! - **Removing** a name that is visible in the lower layers below its parent (the kernel's
//!   `ovl_lower_positive()`) leaves a whiteout in the upper; an upper-only name just goes.
//!   `remove` of a directory is recursive and leaves one whiteout, what `rm -r` leaves.
//! - **Creating over a whiteout** replaces it; a *directory* created over a whiteout is opaque,
//!   so the removed directory's old entries stay hidden. A directory created where the upper
//!   has no whiteout is not opaque, even in a merged parent (what Linux 6.18 does).
//! - **Rename** copies a file up and leaves a whiteout at the old name if a lower layer has it.
//!   A directory that exists in a lower layer (merged, or lower only) cannot be renamed:
//!   [`FsError::CrossDevice`] (`EXDEV`), what the kernel answers with `redirect_dir=off`
//!   (`mv` then falls back to copy and delete). A directory that lives only
//!   in the upper may move; moved into a merged parent it becomes opaque, as the kernel makes it.
//!   Two names of one lower inode are distinct inodes to overlayfs, so renaming one onto the
//!   other copies up and whites out like any other rename.
//! - Setting a `trusted.overlay.*` xattr through the union is refused, as overlayfs refuses it.
//!
//! # Deliberate differences from the kernel
//!
//! - **No clock.** The kernel updates the mtime of an upper directory whose entries change (and
//!   restores the copied-up parent's times after a copy-up); the model never changes a
//!   directory's mtime by itself, so directory mtimes of the two do not compare.
//! - **Bookkeeping xattrs.** The kernel also writes `trusted.overlay.origin` and
//!   `trusted.overlay.impure` into the upper (for inode numbers and NFS export); the model
//!   writes only whiteouts and `trusted.overlay.opaque`.
//! - **Stray whiteouts.** A whiteout in a directory that exists in one layer only is shown by
//!   the kernel's `readdir` (as a name `lstat` cannot find); the model lists only names that
//!   lookup finds.
//! - **Whiteout inodes.** The kernel's whiteouts are hard links of one shared inode; the model's
//!   are separate inodes, root-owned, mode `0`.
//! - **Inode numbers** of the merged view are per layer (`layer << 48 | ino`), not the kernel's.
//! - **Writing in place.** [`FsWrite::write_file`](crate::fs::FsWrite::write_file) replaces a
//!   file (a new inode), where a process writing to an open file keeps the inode: its xattrs,
//!   and its data shared with the other upper names of a hard link. A caller modelling
//!   `echo > file` copies the xattrs over itself; upper hard links then part.

pub mod diff;
mod lookup;
mod write;

#[cfg(test)]
mod tests;

use std::io::Read;
use std::sync::Arc;

use crate::fs::mem::MemFs;
use crate::fs::{FsError, FsRead, Metadata};

pub use lookup::{LayerStack, PRIVATE_XATTR_PREFIX};

/// A merged view of read-only lower layers under one writable upper layer, with overlayfs
/// semantics (see the [module docs](self)).
///
/// The upper is a [`MemFs`] in overlay format, ready to be diffed or packed into a layer
/// ([`UnionFs::upper`], [`UnionFs::into_upper`]).
#[derive(Debug, Clone, Default)]
pub struct UnionFs {
    /// Bottom layer first, the order of an image's layers.
    lowers: Vec<Arc<MemFs>>,
    upper: MemFs,
}

impl UnionFs {
    /// A union of `lowers` (bottom first, as an image lists its layers) under `upper`.
    pub fn new(lowers: Vec<Arc<MemFs>>, upper: MemFs) -> UnionFs {
        UnionFs { lowers, upper }
    }

    /// The lower layers, bottom first.
    pub fn lowers(&self) -> &[Arc<MemFs>] {
        &self.lowers
    }

    /// The upper layer: what was written, in overlay format.
    pub fn upper(&self) -> &MemFs {
        &self.upper
    }

    /// Gives up the union for its upper layer.
    pub fn into_upper(self) -> MemFs {
        self.upper
    }

    /// The merged view: the upper over the lowers. Layer 0 of the stack is the upper.
    pub fn stack(&self) -> LayerStack<'_> {
        LayerStack::new(self.layers(true))
    }

    /// The view without the upper: the image as it was before anything was written.
    pub fn lower_stack(&self) -> LayerStack<'_> {
        LayerStack::new(self.layers(false))
    }

    /// The layers, topmost first, with or without the upper.
    fn layers(&self, with_upper: bool) -> Vec<&dyn FsRead> {
        let mut layers: Vec<&dyn FsRead> = Vec::with_capacity(self.lowers.len() + 1);
        if with_upper {
            layers.push(&self.upper);
        }
        layers.extend(self.lowers.iter().rev().map(|l| &**l as &dyn FsRead));
        layers
    }
}

impl FsRead for UnionFs {
    fn lstat(&self, path: &str) -> Result<Option<Metadata>, FsError> {
        self.stack().lstat(path)
    }

    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        self.stack().read_dir(path)
    }

    fn read_link(&self, path: &str) -> Result<String, FsError> {
        self.stack().read_link(path)
    }

    fn open(&self, path: &str) -> Result<Box<dyn Read + '_>, FsError> {
        let layer = self.stack().get(path)?.layer;
        self.layers(true)[layer].open(path)
    }

    fn xattrs(&self, path: &str) -> Result<Vec<(String, Vec<u8>)>, FsError> {
        self.stack().xattrs(path)
    }
}
