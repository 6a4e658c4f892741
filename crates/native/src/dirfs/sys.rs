//! Small conversions between Linux's vocabulary (errno, `stat`, `timespec`, ids) and the
//! engine's.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};

use rustix::fs::{self as rfs, FileType, Timespec, Timestamps};
use rustix::io::Errno;
use wharf_engine::fs::{Attrs, FileKind, FsError, Metadata};

/// Maps an errno met on `path` to the engine's error.
pub(super) fn fs_err(e: Errno, path: &str) -> FsError {
    let path = path.to_string();
    match e {
        Errno::NOENT => FsError::NotFound(path),
        Errno::EXIST => FsError::AlreadyExists(path),
        Errno::NOTDIR => FsError::NotADirectory(path),
        Errno::ISDIR => FsError::IsADirectory(path),
        Errno::NOTEMPTY => FsError::DirectoryNotEmpty(path),
        Errno::LOOP => FsError::SymlinkInPath(path),
        Errno::XDEV => FsError::CrossDevice(path),
        e => FsError::Io { path, source: io::Error::from_raw_os_error(e.raw_os_error()) },
    }
}

/// An I/O error met on `path` (reading the data to write, mostly).
pub(super) fn io_err(path: &str, source: io::Error) -> FsError {
    FsError::Io { path: path.to_string(), source }
}

/// The kind of inode a `st_mode` describes.
pub(super) fn kind_of(mode: u32) -> FileKind {
    match FileType::from_raw_mode(mode) {
        FileType::RegularFile => FileKind::File,
        FileType::Directory => FileKind::Dir,
        FileType::Symlink => FileKind::Symlink,
        FileType::CharacterDevice => FileKind::CharDevice,
        FileType::BlockDevice => FileKind::BlockDevice,
        FileType::Fifo => FileKind::Fifo,
        _ => FileKind::Socket,
    }
}

/// `lstat(2)` in the engine's terms.
#[allow(clippy::unnecessary_cast, reason = "`Stat` field types differ between architectures")]
pub(super) fn metadata(st: &rfs::Stat) -> Metadata {
    let kind = kind_of(st.st_mode);
    let rdev = match kind {
        FileKind::CharDevice | FileKind::BlockDevice => (rfs::major(st.st_rdev), rfs::minor(st.st_rdev)),
        _ => (0, 0),
    };
    Metadata {
        kind,
        mode: st.st_mode & 0o7777,
        uid: st.st_uid,
        gid: st.st_gid,
        size: if matches!(kind, FileKind::File | FileKind::Symlink) { st.st_size as u64 } else { 0 },
        mtime: st.st_mtime as i64,
        rdev,
        ino: st.st_ino as u64,
        nlink: st.st_nlink as u32,
    }
}

pub(super) fn timestamps(mtime: i64) -> Timestamps {
    // atime follows mtime, as Docker sets it when unpacking.
    let t = Timespec { tv_sec: mtime, tv_nsec: 0 };
    Timestamps { last_access: t, last_modification: t }
}

/// `/proc/self/fd/<fd>`, or `/proc/self/fd/<fd>/<name>`: the node itself, reached without
/// resolving any path component that a layer controls.
pub(super) fn proc_path(fd: BorrowedFd<'_>, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("/proc/self/fd/{}/{name}", fd.as_raw_fd()),
        None => format!("/proc/self/fd/{}", fd.as_raw_fd()),
    }
}

/// The uid and gid of `attrs`; `u32::MAX` means "unchanged" to `chown(2)`, so it is refused.
pub(super) fn owner(attrs: &Attrs, path: &str) -> Result<(rfs::Uid, rfs::Gid), FsError> {
    if attrs.uid == u32::MAX || attrs.gid == u32::MAX {
        return Err(io_err(path, io::Error::new(io::ErrorKind::InvalidInput, "uid or gid 4294967295 cannot be set")));
    }
    Ok((rfs::Uid::from_raw(attrs.uid), rfs::Gid::from_raw(attrs.gid)))
}
