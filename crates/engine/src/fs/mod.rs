//! The filesystem vocabulary shared by layers, the union filesystem and both kernels.
//!
//! Layers are unpacked into, diffed from and packed out of *some* directory tree: an in-memory
//! one ([`mem::MemFs`]) in the simulator and in tests, a real directory natively. [`FsRead`] and
//! [`FsWrite`] are that tree, reduced to the operations the image code needs.
//!
//! Conventions every implementation keeps:
//! - Paths are relative to the tree's root, `/`-separated and normalised (see [`path`]):
//!   `""` is the root, `"etc/passwd"` a file. No `.`, `..`, empty or absolute components.
//! - Nothing follows symlinks. The last component is acted on itself (like `lstat(2)`,
//!   `lchown(2)`), and an intermediate component that is a symlink fails with
//!   [`FsError::SymlinkInPath`]. Callers that want symlinks followed resolve them first, inside
//!   the root (see `image::layer`). This is what keeps a hostile layer from writing outside.
//! - Overlayfs' on-disk vocabulary is the common one: a whiteout is a character device 0:0, an
//!   opaque directory carries the xattr [`OPAQUE_XATTR`] = `y`. The union model reads exactly
//!   that, so an in-memory upper dir and a real overlayfs upper dir diff with the same code.

pub mod copy;
pub mod mem;
pub mod path;

use std::io::Read;

/// The xattr overlayfs sets on a directory that hides everything below it in lower layers.
pub const OPAQUE_XATTR: &str = "trusted.overlay.opaque";

/// What kind of inode a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link.
    Symlink,
    /// A character device (0:0 is an overlayfs whiteout).
    CharDevice,
    /// A block device.
    BlockDevice,
    /// A named pipe.
    Fifo,
    /// A unix socket (never stored in layers).
    Socket,
}

/// What `lstat(2)` says about an inode, reduced to what images carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// The inode's kind.
    pub kind: FileKind,
    /// Permission bits including setuid, setgid and sticky (`mode & 0o7777`).
    pub mode: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Bytes in a regular file, the target length of a symlink, 0 otherwise.
    pub size: u64,
    /// Modification time, seconds since the epoch (tar's precision).
    pub mtime: i64,
    /// Device numbers (major, minor) of a device node.
    pub rdev: (u32, u32),
    /// Inode number, unique within the tree: two paths with one `ino` are hard links.
    pub ino: u64,
    /// Number of hard links.
    pub nlink: u32,
}

impl Metadata {
    /// Whether this is an overlayfs whiteout (a character device 0:0).
    pub fn is_whiteout(&self) -> bool {
        self.kind == FileKind::CharDevice && self.rdev == (0, 0)
    }

    /// The attributes to recreate this inode with.
    pub fn attrs(&self) -> Attrs {
        Attrs { mode: self.mode, uid: self.uid, gid: self.gid, mtime: self.mtime }
    }
}

/// The settable attributes of an inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attrs {
    /// Permission bits including setuid, setgid and sticky.
    pub mode: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Modification time, seconds since the epoch.
    pub mtime: i64,
}

impl Attrs {
    /// Root-owned with the given mode, mtime 0.
    pub fn root(mode: u32) -> Attrs {
        Attrs { mode, uid: 0, gid: 0, mtime: 0 }
    }
}

/// Why a filesystem operation failed. Every variant names the path it failed on.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    /// The path, or one of its parents, does not exist (`ENOENT`).
    #[error("{0}: no such file or directory")]
    NotFound(String),
    /// The path exists and the operation needs it not to (`EEXIST`).
    #[error("{0}: file exists")]
    AlreadyExists(String),
    /// A parent component is not a directory (`ENOTDIR`).
    #[error("{0}: not a directory")]
    NotADirectory(String),
    /// The operation needs a non-directory (`EISDIR`).
    #[error("{0}: is a directory")]
    IsADirectory(String),
    /// `rename` onto a directory that has entries (`ENOTEMPTY`).
    #[error("{0}: directory not empty")]
    DirectoryNotEmpty(String),
    /// The operation would move an inode across filesystems (`EXDEV`), e.g. renaming a
    /// directory that exists in a lower layer of a union filesystem without `redirect_dir`.
    #[error("{0}: invalid cross-device link")]
    CrossDevice(String),
    /// An intermediate component is a symlink; nothing here follows symlinks.
    #[error("{0}: path goes through a symlink")]
    SymlinkInPath(String),
    /// The path is not normalised (see the module docs).
    #[error("{0:?}: invalid path")]
    InvalidPath(String),
    /// The operation does not apply to this kind of inode, or this tree cannot do it.
    #[error("{path}: {what} is not supported")]
    Unsupported {
        /// The path.
        path: String,
        /// What was asked.
        what: &'static str,
    },
    /// An I/O error from the backing store.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Reading a directory tree. See the module docs for the path conventions.
pub trait FsRead {
    /// The inode at `path` without following a final symlink, or `None` if nothing is there.
    fn lstat(&self, path: &str) -> Result<Option<Metadata>, FsError>;
    /// The names in a directory, sorted bytewise, without `.` and `..`.
    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError>;
    /// A symlink's target, as stored.
    fn read_link(&self, path: &str) -> Result<String, FsError>;
    /// A regular file's contents.
    fn open(&self, path: &str) -> Result<Box<dyn Read + '_>, FsError>;
    /// The extended attributes of the inode, sorted by name.
    fn xattrs(&self, path: &str) -> Result<Vec<(String, Vec<u8>)>, FsError>;

    /// Reads from a regular file at `offset` into `buf`, like `pread(2)`; 0 at end of file.
    /// The default reads through [`FsRead::open`]; trees that can seek override it.
    fn read_at(&self, path: &str, offset: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        let io = |source| FsError::Io { path: path.to_string(), source };
        let mut r = self.open(path)?;
        std::io::copy(&mut (&mut r).take(offset), &mut std::io::sink()).map_err(io)?;
        let mut filled = 0;
        while filled < buf.len() {
            match r.read(&mut buf[filled..]).map_err(io)? {
                0 => break,
                n => filled += n,
            }
        }
        Ok(filled)
    }
}

/// Changing a directory tree. Every operation acts on `path` itself, never through a symlink.
pub trait FsWrite: FsRead {
    /// Creates a directory; the parent must exist and `path` must not.
    fn mkdir(&mut self, path: &str, attrs: &Attrs) -> Result<(), FsError>;
    /// Creates or replaces a regular file with `data`; returns the bytes written. Replacing a
    /// directory fails with [`FsError::IsADirectory`].
    fn write_file(&mut self, path: &str, attrs: &Attrs, data: &mut dyn Read) -> Result<u64, FsError>;
    /// Creates a symlink to `target` (stored verbatim, never resolved); `path` must not exist.
    fn symlink(&mut self, path: &str, target: &str, attrs: &Attrs) -> Result<(), FsError>;
    /// Makes `path` another name for the inode at `existing`; `path` must not exist.
    fn hard_link(&mut self, path: &str, existing: &str) -> Result<(), FsError>;
    /// Creates a device node, fifo or (with kind CharDevice and rdev 0:0) a whiteout.
    fn mknod(&mut self, path: &str, kind: FileKind, rdev: (u32, u32), attrs: &Attrs) -> Result<(), FsError>;
    /// Removes whatever is at `path`, directories with everything in them.
    fn remove(&mut self, path: &str) -> Result<(), FsError>;
    /// Sets mode, owner and mtime of the inode at `path` (not following a symlink).
    fn set_attrs(&mut self, path: &str, attrs: &Attrs) -> Result<(), FsError>;
    /// Sets one extended attribute.
    fn set_xattr(&mut self, path: &str, name: &str, value: &[u8]) -> Result<(), FsError>;
    /// Moves `from` to `to` like `rename(2)`: replaces a non-directory or an empty directory.
    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError>;

    /// Writes `data` into an existing regular file at `offset` (extending it with zeros if
    /// needed), like `pwrite(2)`, keeping its attributes. The default rewrites the whole file.
    fn write_at(&mut self, path: &str, offset: u64, data: &[u8]) -> Result<(), FsError> {
        let meta = self.lstat(path)?.ok_or_else(|| FsError::NotFound(path.to_string()))?;
        let mut contents = Vec::new();
        self.open(path)?.read_to_end(&mut contents).map_err(|source| FsError::Io { path: path.to_string(), source })?;
        let end = offset as usize + data.len();
        if contents.len() < end {
            contents.resize(end, 0);
        }
        contents[offset as usize..end].copy_from_slice(data);
        self.write_file(path, &meta.attrs(), &mut &contents[..])?;
        Ok(())
    }

    /// Cuts or extends a regular file to `len` bytes, like `truncate(2)`.
    fn truncate(&mut self, path: &str, len: u64) -> Result<(), FsError> {
        let meta = self.lstat(path)?.ok_or_else(|| FsError::NotFound(path.to_string()))?;
        let mut contents = Vec::new();
        self.open(path)?.read_to_end(&mut contents).map_err(|source| FsError::Io { path: path.to_string(), source })?;
        contents.resize(len as usize, 0);
        self.write_file(path, &meta.attrs(), &mut &contents[..])?;
        Ok(())
    }
}
