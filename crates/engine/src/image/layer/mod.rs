//! Layer tarballs: apply a changeset to a tree, and create one from a tree or an upper dir.
//!
//! A layer is a tar stream (plain or gzip) of the files a build step or a container changed,
//! with deletions written as AUFS-style whiteouts: `.wh.NAME` says "NAME is gone", and
//! `DIR/.wh..wh..opq` says "nothing below DIR comes from lower layers". Two digests name a
//! layer: the *diff ID* (sha256 of the uncompressed tar, what image configs list) and the
//! *blob digest* (sha256 of the bytes as stored or pulled, what manifests list).
//!
//! - [`apply`] unpacks a layer onto any [`FsWrite`](crate::fs::FsWrite), streaming, in one of
//!   two [`ApplyMode`]s: [`ApplyMode::Layer`] keeps whiteouts in overlayfs' on-disk form (a
//!   per-layer directory for overlayfs or the union model), [`ApplyMode::Flatten`] carries
//!   them out on a merged tree.
//! - [`inspect`] computes a blob's digests and size without unpacking it (`docker load`).
//! - [`create_from_tree`] and [`create_from_upper`] write deterministic layer tars
//!   (`docker export`, `docker commit`, build steps).
//!
//! **A layer is hostile input.** Nothing it says can make [`apply`] write outside the tree:
//! [`FsWrite`](crate::fs::FsWrite) never follows symlinks, and every path in the tar is
//! resolved inside the root first with chroot semantics (absolute symlinks restart at the
//! root, `..` stops there), the way Docker's `FollowSymlinkInScope` does. What cannot be made
//! safe is refused with a [`LayerError`] naming the entry: escaping names and symlinks,
//! absolute names, hard links to outside, missing or directory targets, devices unless
//! allowed, overlayfs xattrs smuggled in the tar, whiteouts of `.` or `..`, names that are not
//! UTF-8, absurd sizes.
//!
//! On error the entries before the failing one stay applied and nothing of the failing one is
//! written; callers unpack into a fresh directory and discard it (see `Kernel::unpack_layer`).
//!
//! Decisions where Docker is lax or silent (moby `pkg/archive`, `UnpackLayer`):
//! - Absolute names (`/etc/passwd`) and absolute hard link targets are refused; Docker strips
//!   the `/`. Absolute *symlink* targets are fine: they name the container's root.
//! - `trusted.overlay.*` and `user.overlay.*` xattrs in a tar are refused (Docker would set
//!   them, forging opaque dirs or redirects), and so is a character device 0:0 (an overlayfs
//!   whiteout in disguise).
//! - Implied parent directories are created 0755, root-owned, mtime 0 (Docker: 0755, now).
//!   Whiteouts in [`ApplyMode::Layer`] are `mknod(S_IFCHR, 0)` with the entry's owner, as
//!   Docker, and its mtime. In [`ApplyMode::Flatten`] a whiteout whose directory does not
//!   exist does nothing (Docker would create the directory).
//! - AUFS metadata at the root (`.wh..wh.plnk/...`) and PAX global headers are skipped, as
//!   Docker does; any other name with a `.wh.`-prefixed *parent* is refused.
//! - Tar fields of only NULs read as 0, as in Go and GNU tar.

mod apply;
mod compression;
mod create;
mod entry;
mod resolve;

#[cfg(test)]
mod tests;

use std::io;

use crate::digest::{Digest, Sha256};
use crate::fs::FsError;

pub use apply::apply;
pub use compression::{inspect, inspect_with};
pub use create::{create_from_tree, create_from_upper};

/// The prefix of a whiteout entry: `.wh.NAME` deletes `NAME`.
pub const WHITEOUT_PREFIX: &str = ".wh.";

/// The prefix of AUFS metadata entries (`.wh..wh.plnk`, ...), skipped when applying.
pub const WHITEOUT_META_PREFIX: &str = ".wh..wh.";

/// The entry that makes its directory opaque.
pub const OPAQUE_WHITEOUT: &str = ".wh..wh..opq";

/// The default [`ApplyOptions::max_file_size`]: 1 TiB. A header claiming more is refused
/// before a byte of it is read.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1 << 40;

/// How whiteouts are carried out by [`apply`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyMode {
    /// Unpack into an empty per-layer directory, overlayfs style: `.wh.NAME` becomes a
    /// character device 0:0 at `NAME`, `.wh..wh..opq` becomes the xattr
    /// `trusted.overlay.opaque=y` on its directory. What `docker pull` does with overlay2.
    Layer,
    /// Apply onto a merged tree (a flattened export, `ADD` of a tarball): `.wh.NAME` removes
    /// `NAME`, and `.wh..wh..opq` removes what the directory held *before* this tar, keeping
    /// what this tar created in it.
    Flatten,
}

/// A running sha256 over one stream. [`apply`] hashes through this seam so that a native
/// caller can move hashing to another thread (the engine itself never spawns one).
pub trait StreamHasher {
    /// Feeds the next bytes of the stream.
    fn update(&mut self, bytes: &[u8]);
    /// The digest of everything fed.
    fn finish(self: Box<Self>) -> Digest;
}

impl StreamHasher for Sha256 {
    fn update(&mut self, bytes: &[u8]) {
        Sha256::update(self, bytes)
    }

    fn finish(self: Box<Self>) -> Digest {
        Sha256::finish(*self)
    }
}

/// Makes a fresh [`StreamHasher`]; one is made per hashed stream.
pub type NewHasher = fn() -> Box<dyn StreamHasher>;

/// The default [`NewHasher`]: sha256 on the calling thread.
pub fn inline_hasher() -> Box<dyn StreamHasher> {
    Box::new(Sha256::new())
}

/// How to [`apply`] a layer.
#[derive(Debug, Clone, Copy)]
pub struct ApplyOptions {
    /// What whiteouts become.
    pub mode: ApplyMode,
    /// Create character and block devices. Off in the simulator; on natively when running as
    /// root. Fifos are always allowed; a character device 0:0 never is (it would be a
    /// whiteout in disguise).
    pub allow_devices: bool,
    /// The largest regular file accepted, in bytes.
    pub max_file_size: u64,
    /// Makes the hashers for the diff ID and the blob digest.
    pub hasher: NewHasher,
}

impl ApplyOptions {
    /// Options for `mode` with no devices, the default size limit and inline hashing.
    pub fn new(mode: ApplyMode) -> ApplyOptions {
        ApplyOptions { mode, allow_devices: false, max_file_size: DEFAULT_MAX_FILE_SIZE, hasher: inline_hasher }
    }
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions::new(ApplyMode::Layer)
    }
}

/// What a layer blob is: its two digests and Docker's layer size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerInfo {
    /// sha256 of the uncompressed tar stream, to its very end (padding included).
    pub diff_id: Digest,
    /// The sum of regular-file sizes, each hard-linked file once: Docker's layer `Size`.
    pub size: u64,
    /// Whether the blob was gzip-compressed.
    pub compressed: bool,
    /// sha256 of the blob as read (equal to `diff_id` when not compressed).
    pub blob_digest: Digest,
    /// Length of the blob as read.
    pub blob_size: u64,
}

/// What [`create_from_tree`] and [`create_from_upper`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerDigest {
    /// sha256 of the tar written.
    pub diff_id: Digest,
    /// The sum of regular-file sizes, each hard-linked file once.
    pub size: u64,
}

/// Why a layer could not be applied, inspected or created. Entry errors name the entry as it
/// appears in the tar.
#[derive(Debug, thiserror::Error)]
pub enum LayerError {
    /// A name with `..` components that climb above the root.
    #[error("layer entry {entry:?}: path escapes the layer root")]
    PathEscapes {
        /// The entry.
        entry: String,
    },
    /// A name starting with `/`.
    #[error("layer entry {entry:?}: absolute paths are not allowed in a layer")]
    AbsolutePath {
        /// The entry.
        entry: String,
    },
    /// A name or link target that is not UTF-8 (shown lossily).
    #[error("layer entry {entry:?}: {what} is not valid utf-8")]
    NotUtf8 {
        /// The entry, lossily decoded.
        entry: String,
        /// `name` or `link target`.
        what: &'static str,
    },
    /// A symlink whose target is unusable.
    #[error("layer entry {entry:?}: symlink target {target:?} {reason}")]
    BadSymlink {
        /// The entry.
        entry: String,
        /// The target as written.
        target: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A hard link whose target is unusable.
    #[error("layer entry {entry:?}: hard link target {target:?} {reason}")]
    BadHardLink {
        /// The entry.
        entry: String,
        /// The target as written.
        target: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A device node where devices are not allowed, or a character device 0:0.
    #[error("layer entry {entry:?}: {reason}")]
    DeviceNotAllowed {
        /// The entry.
        entry: String,
        /// Why.
        reason: &'static str,
    },
    /// A malformed whiteout.
    #[error("layer entry {entry:?}: {reason}")]
    BadWhiteout {
        /// The entry.
        entry: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An xattr in the overlayfs namespace, which would forge whiteouts or redirects.
    #[error("layer entry {entry:?}: xattr {name:?} is reserved for overlayfs")]
    ForbiddenXattr {
        /// The entry.
        entry: String,
        /// The xattr name.
        name: String,
    },
    /// A regular file larger than [`ApplyOptions::max_file_size`].
    #[error("layer entry {entry:?}: size {size} exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The entry.
        entry: String,
        /// The size claimed.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A tar entry type layers do not carry (sparse files, volume labels, ...).
    #[error("layer entry {entry:?}: unsupported tar entry type {kind:?}")]
    UnsupportedType {
        /// The entry.
        entry: String,
        /// The type flag.
        kind: char,
    },
    /// A header field that cannot be used.
    #[error("layer entry {entry:?}: {reason}")]
    BadHeader {
        /// The entry.
        entry: String,
        /// What is wrong.
        reason: String,
    },
    /// A non-directory entry for the root itself.
    #[error("layer entry {entry:?}: the layer root can only be a directory")]
    RootNotDir {
        /// The entry.
        entry: String,
    },
    /// A parent path that exists but is not a directory.
    #[error("layer entry {entry:?}: parent {parent:?} is not a directory")]
    ParentNotDir {
        /// The entry.
        entry: String,
        /// The parent, resolved inside the root.
        parent: String,
    },
    /// Symlinks in the entry's parents that loop or nest more than 40 deep.
    #[error("layer entry {entry:?}: too many levels of symbolic links")]
    SymlinkLoop {
        /// The entry.
        entry: String,
    },
    /// A regular file whose data ended before its header's size.
    #[error("layer entry {entry:?}: file data is truncated")]
    Truncated {
        /// The entry.
        entry: String,
    },
    /// The target tree refused an operation for this entry.
    #[error("layer entry {entry:?}: {source}")]
    Fs {
        /// The entry.
        entry: String,
        /// The filesystem error.
        #[source]
        source: FsError,
    },
    /// The source tree of [`create_from_tree`] or [`create_from_upper`] failed.
    #[error("reading the layer source: {0}")]
    Source(#[source] FsError),
    /// The stream is not a readable layer (bad gzip, bad tar header, I/O error).
    #[error("reading layer: {0}")]
    Read(#[source] io::Error),
    /// Writing a created layer failed.
    #[error("writing layer: {0}")]
    Write(#[source] io::Error),
}

impl LayerError {
    /// Wraps a filesystem error met while applying `entry`.
    pub(crate) fn fs(entry: &str, source: FsError) -> LayerError {
        LayerError::Fs { entry: entry.to_string(), source }
    }
}
