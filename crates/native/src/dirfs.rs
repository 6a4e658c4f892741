//! [`DirFs`]: a real host directory as the engine's [`FsRead`] + [`FsWrite`] tree, for unpacking
//! layers into overlayfs layer directories and diffing upper directories.
//!
//! **No symlink is ever followed, in any component.** A parent directory is opened with
//! `openat2(2)` and `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS` (or, on
//! kernels before 5.6, one `openat(O_PATH | O_NOFOLLOW | O_DIRECTORY)` per component), and the
//! final component is acted on with the `*at(2)` calls and `AT_SYMLINK_NOFOLLOW` / `O_NOFOLLOW`.
//! Where Linux has no such call (`chmod` of a node, xattrs), the node is reached through
//! `/proc/self/fd/<fd>` of an `O_PATH` descriptor, whose magic link names that inode and
//! nothing else. A symlink in the middle of a path fails with [`FsError::SymlinkInPath`].
//!
//! Owners are set only when asked (by default: when running as root), because only root can
//! give files away. Directory descriptors are cached by path and dropped on removal and rename.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::CStr;
use std::io::{self, Read};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::Path;
use std::sync::Arc;

use rustix::fs::{self as rfs, AtFlags, FileType, Mode, OFlags, ResolveFlags};
use rustix::io::Errno;
use wharf_engine::fs::path::{check, is_within, join, split};
use wharf_engine::fs::{Attrs, FileKind, FsError, FsRead, FsWrite, Metadata};

mod sys;
mod xattr;

use sys::{fs_err, io_err, kind_of, metadata, owner, proc_path, timestamps};

/// Directory descriptors kept open at most; the cache is emptied when full.
const MAX_CACHED_DIRS: usize = 1024;
/// Copy buffer of [`FsWrite::write_file`].
const COPY_BUFFER: usize = 1 << 20;

/// A host directory seen as an [`FsWrite`] tree. See the module docs.
pub struct DirFs {
    /// `O_PATH` descriptor of the root.
    root: OwnedFd,
    owners: bool,
    /// `O_PATH` descriptors of directories below the root, by path.
    dirs: RefCell<HashMap<String, Arc<OwnedFd>>>,
    /// Whether the kernel has `openat2(2)`.
    openat2: Cell<bool>,
    buf: Vec<u8>,
}

/// A directory descriptor: the root's, or a cached one.
enum DirFd<'a> {
    Root(BorrowedFd<'a>),
    Sub(Arc<OwnedFd>),
}

impl AsFd for DirFd<'_> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        match self {
            DirFd::Root(fd) => *fd,
            DirFd::Sub(fd) => fd.as_fd(),
        }
    }
}

impl DirFs {
    /// Opens the directory at `root` (which the caller trusts: it may be reached through
    /// symlinks). Owners are set when running as root.
    pub fn open(root: impl AsRef<Path>) -> io::Result<DirFs> {
        let root = rfs::open(root.as_ref(), OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())?;
        Ok(DirFs {
            root,
            owners: rustix::process::geteuid().is_root(),
            dirs: RefCell::new(HashMap::new()),
            openat2: Cell::new(true),
            buf: vec![0; COPY_BUFFER],
        })
    }

    /// Whether to set owners (uid, gid) from the attributes asked for. Without it everything
    /// belongs to the calling user.
    pub fn set_owners(&mut self, owners: bool) {
        self.owners = owners;
    }

    /// The directory `dir` (normalised, may be the root) as a descriptor; `full` is the path
    /// named in errors.
    fn dir(&self, dir: &str, full: &str) -> Result<DirFd<'_>, FsError> {
        if dir.is_empty() {
            return Ok(DirFd::Root(self.root.as_fd()));
        }
        if let Some(fd) = self.dirs.borrow().get(dir) {
            return Ok(DirFd::Sub(fd.clone()));
        }
        let fd = Arc::new(self.open_dir(dir, full)?);
        let mut dirs = self.dirs.borrow_mut();
        if dirs.len() >= MAX_CACHED_DIRS {
            dirs.clear();
        }
        dirs.insert(dir.to_string(), fd.clone());
        Ok(DirFd::Sub(fd))
    }

    fn open_dir(&self, dir: &str, full: &str) -> Result<OwnedFd, FsError> {
        // No O_NOFOLLOW: with O_PATH it would open a trailing symlink itself; without it,
        // RESOLVE_NO_SYMLINKS refuses the trailing component too (ELOOP).
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        if self.openat2.get() {
            let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS;
            for _ in 0..16 {
                match rfs::openat2(&self.root, dir, flags, Mode::empty(), resolve) {
                    Ok(fd) => return Ok(fd),
                    // A concurrent rename elsewhere on the system; try again.
                    Err(Errno::AGAIN) => continue,
                    Err(Errno::NOSYS) => {
                        self.openat2.set(false);
                        break;
                    }
                    // RESOLVE_* refusals: a symlink (or an escape) in the path.
                    Err(Errno::LOOP | Errno::XDEV) => return Err(FsError::SymlinkInPath(full.to_string())),
                    Err(e) => return Err(fs_err(e, full)),
                }
            }
        }
        self.open_dir_by_components(dir, full)
    }

    /// `open_dir` for kernels without `openat2`: one `O_NOFOLLOW` step per component.
    fn open_dir_by_components(&self, dir: &str, full: &str) -> Result<OwnedFd, FsError> {
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let mut cur: Option<OwnedFd> = None;
        for comp in dir.split('/') {
            let at = cur.as_ref().map_or(self.root.as_fd(), |fd| fd.as_fd());
            match rfs::openat(at, comp, flags, Mode::empty()) {
                Ok(fd) => cur = Some(fd),
                Err(Errno::NOTDIR | Errno::LOOP) => {
                    let st = rfs::statat(at, comp, AtFlags::SYMLINK_NOFOLLOW).map_err(|e| fs_err(e, full))?;
                    return Err(match kind_of(st.st_mode) {
                        FileKind::Symlink => FsError::SymlinkInPath(full.to_string()),
                        _ => FsError::NotADirectory(full.to_string()),
                    });
                }
                Err(e) => return Err(fs_err(e, full)),
            }
        }
        cur.ok_or_else(|| FsError::InvalidPath(dir.to_string()))
    }

    /// The parent directory of `path` (not the root) and its last component.
    fn parent<'p>(&self, path: &'p str) -> Result<(DirFd<'_>, &'p str), FsError> {
        check(path)?;
        if path.is_empty() {
            return Err(FsError::InvalidPath(path.to_string()));
        }
        let (dir, name) = split(path);
        Ok((self.dir(dir, path)?, name))
    }

    /// Drops cached descriptors of `path` and below.
    fn forget(&self, path: &str) {
        self.dirs.borrow_mut().retain(|dir, _| !is_within(dir, path));
    }

    /// Opens the root for reading (it is held as `O_PATH`).
    fn open_root(&self, flags: OFlags) -> Result<OwnedFd, FsError> {
        rfs::openat(&self.root, ".", flags | OFlags::CLOEXEC, Mode::empty()).map_err(|e| fs_err(e, ""))
    }

    /// Sets owner, mode (not on symlinks) and mtime of `name` in `dir`, without following it.
    fn set_attrs_at(&self, dir: &DirFd<'_>, name: &str, path: &str, attrs: &Attrs) -> Result<(), FsError> {
        let node = rfs::openat(dir, name, OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC, Mode::empty()).map_err(|e| fs_err(e, path))?;
        if self.owners {
            let (uid, gid) = owner(attrs, path)?;
            rfs::chownat(&node, "", Some(uid), Some(gid), AtFlags::EMPTY_PATH | AtFlags::SYMLINK_NOFOLLOW).map_err(|e| fs_err(e, path))?;
        }
        let is_symlink = kind_of(rfs::fstat(&node).map_err(|e| fs_err(e, path))?.st_mode) == FileKind::Symlink;
        if !is_symlink {
            // chmod(2) has no "don't follow" form before fchmodat2; the magic link names the
            // O_PATH inode itself.
            let mode = Mode::from_bits_truncate(attrs.mode & 0o7777);
            rfs::chmodat(rfs::CWD, proc_path(node.as_fd(), None), mode, AtFlags::empty()).map_err(|e| fs_err(e, path))?;
        }
        rfs::utimensat(dir, name, &timestamps(attrs.mtime), AtFlags::SYMLINK_NOFOLLOW).map_err(|e| fs_err(e, path))
    }

    /// Removes the contents of directory `name` in `dir`, depth first.
    fn remove_contents(&self, dir: BorrowedFd<'_>, name: &CStr, path: &str) -> Result<(), FsError> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rfs::openat(dir, name, flags, Mode::empty()).map_err(|e| fs_err(e, path))?;
        let mut children = Vec::new();
        let mut list = rfs::Dir::read_from(&fd).map_err(|e| fs_err(e, path))?;
        while let Some(entry) = list.read() {
            let entry = entry.map_err(|e| fs_err(e, path))?;
            let child = entry.file_name();
            if child != c"." && child != c".." {
                children.push((child.to_owned(), entry.file_type()));
            }
        }
        for (child, ty) in children {
            let is_dir = match ty {
                FileType::Directory => true,
                FileType::Unknown => {
                    let st = rfs::statat(&fd, &child, AtFlags::SYMLINK_NOFOLLOW).map_err(|e| fs_err(e, path))?;
                    kind_of(st.st_mode) == FileKind::Dir
                }
                _ => false,
            };
            if is_dir {
                self.remove_contents(fd.as_fd(), &child, path)?;
            }
            let flag = if is_dir { AtFlags::REMOVEDIR } else { AtFlags::empty() };
            rfs::unlinkat(&fd, &child, flag).map_err(|e| fs_err(e, path))?;
        }
        Ok(())
    }

    /// Creates `path` as an empty regular file (mode 0600 until attributes are set), replacing
    /// a non-directory that is there. Never opens an existing node: it may be a hard link to
    /// something else, or a symlink.
    fn create_file(&self, path: &str) -> Result<OwnedFd, FsError> {
        let (dir, name) = self.parent(path)?;
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        match rfs::openat(&dir, name, flags, Mode::from_bits_truncate(0o600)) {
            Ok(fd) => Ok(fd),
            Err(Errno::EXIST) => {
                let st = rfs::statat(&dir, name, AtFlags::SYMLINK_NOFOLLOW).map_err(|e| fs_err(e, path))?;
                if kind_of(st.st_mode) == FileKind::Dir {
                    return Err(FsError::IsADirectory(path.to_string()));
                }
                rfs::unlinkat(&dir, name, AtFlags::empty()).map_err(|e| fs_err(e, path))?;
                rfs::openat(&dir, name, flags, Mode::from_bits_truncate(0o600)).map_err(|e| fs_err(e, path))
            }
            Err(e) => Err(fs_err(e, path)),
        }
    }

    /// Opens an existing regular file for `flags`, refusing symlinks and other kinds.
    fn open_file(&self, path: &str, flags: OFlags) -> Result<OwnedFd, FsError> {
        let (dir, name) = self.parent(path)?;
        let flags = flags | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = match rfs::openat(&dir, name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::LOOP) => return Err(FsError::Unsupported { path: path.to_string(), what: "reading a symlink as a file" }),
            Err(e) => return Err(fs_err(e, path)),
        };
        match kind_of(rfs::fstat(&fd).map_err(|e| fs_err(e, path))?.st_mode) {
            FileKind::File => Ok(fd),
            FileKind::Dir => Err(FsError::IsADirectory(path.to_string())),
            _ => Err(FsError::Unsupported { path: path.to_string(), what: "reading a non-file" }),
        }
    }
}

impl FsRead for DirFs {
    fn lstat(&self, path: &str) -> Result<Option<Metadata>, FsError> {
        check(path)?;
        if path.is_empty() {
            return rfs::fstat(&self.root).map(|st| Some(metadata(&st))).map_err(|e| fs_err(e, path));
        }
        let (dir, name) = self.parent(path)?;
        match rfs::statat(&dir, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => Ok(Some(metadata(&st))),
            Err(Errno::NOENT) => Ok(None),
            Err(e) => Err(fs_err(e, path)),
        }
    }

    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        check(path)?;
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = if path.is_empty() {
            self.open_root(OFlags::RDONLY | OFlags::DIRECTORY)?
        } else {
            let (dir, name) = self.parent(path)?;
            rfs::openat(&dir, name, flags, Mode::empty()).map_err(|e| match e {
                Errno::LOOP => FsError::NotADirectory(path.to_string()),
                e => fs_err(e, path),
            })?
        };
        let mut names = Vec::new();
        let mut list = rfs::Dir::new(fd).map_err(|e| fs_err(e, path))?;
        while let Some(entry) = list.read() {
            let entry = entry.map_err(|e| fs_err(e, path))?;
            let name = entry.file_name();
            if name == c"." || name == c".." {
                continue;
            }
            let name = name.to_str().map_err(|_| FsError::InvalidPath(join(path, &name.to_string_lossy())))?;
            names.push(name.to_string());
        }
        names.sort();
        Ok(names)
    }

    fn read_link(&self, path: &str) -> Result<String, FsError> {
        let (dir, name) = self.parent(path)?;
        let target = rfs::readlinkat(&dir, name, Vec::new()).map_err(|e| match e {
            Errno::INVAL => FsError::Unsupported { path: path.to_string(), what: "readlink of a non-symlink" },
            e => fs_err(e, path),
        })?;
        target.into_string().map_err(|_| FsError::InvalidPath(path.to_string()))
    }

    fn open(&self, path: &str) -> Result<Box<dyn Read + '_>, FsError> {
        let fd = self.open_file(path, OFlags::RDONLY)?;
        Ok(Box::new(std::fs::File::from(fd)))
    }

    fn xattrs(&self, path: &str) -> Result<Vec<(String, Vec<u8>)>, FsError> {
        check(path)?;
        if path.is_empty() {
            return xattr::list(&proc_path(self.root.as_fd(), None), true, path);
        }
        let (dir, name) = self.parent(path)?;
        xattr::list(&proc_path(dir.as_fd(), Some(name)), false, path)
    }

    fn read_at(&self, path: &str, offset: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        let fd = self.open_file(path, OFlags::RDONLY)?;
        let mut filled = 0;
        while filled < buf.len() {
            match rustix::io::pread(&fd, &mut buf[filled..], offset + filled as u64) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(Errno::INTR) => continue,
                Err(e) => return Err(fs_err(e, path)),
            }
        }
        Ok(filled)
    }
}

impl FsWrite for DirFs {
    fn mkdir(&mut self, path: &str, attrs: &Attrs) -> Result<(), FsError> {
        check(path)?;
        if path.is_empty() {
            return Err(FsError::AlreadyExists(path.to_string()));
        }
        let (dir, name) = self.parent(path)?;
        rfs::mkdirat(&dir, name, Mode::from_bits_truncate(0o700)).map_err(|e| fs_err(e, path))?;
        self.set_attrs_at(&dir, name, path, attrs)
    }

    fn write_file(&mut self, path: &str, attrs: &Attrs, data: &mut dyn Read) -> Result<u64, FsError> {
        let fd = self.create_file(path)?;
        let mut written = 0u64;
        loop {
            let n = match data.read(&mut self.buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(io_err(path, e)),
            };
            let mut chunk = &self.buf[..n];
            while !chunk.is_empty() {
                match rustix::io::write(&fd, chunk) {
                    Ok(w) => chunk = &chunk[w..],
                    Err(Errno::INTR) => continue,
                    Err(e) => return Err(fs_err(e, path)),
                }
            }
            written += n as u64;
        }
        if self.owners {
            let (uid, gid) = owner(attrs, path)?;
            rfs::fchown(&fd, Some(uid), Some(gid)).map_err(|e| fs_err(e, path))?;
        }
        rfs::fchmod(&fd, Mode::from_bits_truncate(attrs.mode & 0o7777)).map_err(|e| fs_err(e, path))?;
        rfs::futimens(&fd, &timestamps(attrs.mtime)).map_err(|e| fs_err(e, path))?;
        Ok(written)
    }

    fn symlink(&mut self, path: &str, target: &str, attrs: &Attrs) -> Result<(), FsError> {
        let (dir, name) = self.parent(path)?;
        rfs::symlinkat(target, &dir, name).map_err(|e| fs_err(e, path))?;
        self.set_attrs_at(&dir, name, path, attrs)
    }

    fn hard_link(&mut self, path: &str, existing: &str) -> Result<(), FsError> {
        check(existing)?;
        if existing.is_empty() {
            return Err(FsError::IsADirectory(existing.to_string()));
        }
        let (old_dir, old_name) = self.parent(existing)?;
        let st = rfs::statat(&old_dir, old_name, AtFlags::SYMLINK_NOFOLLOW).map_err(|e| fs_err(e, existing))?;
        if kind_of(st.st_mode) == FileKind::Dir {
            return Err(FsError::IsADirectory(existing.to_string()));
        }
        let (new_dir, new_name) = self.parent(path)?;
        rfs::linkat(&old_dir, old_name, &new_dir, new_name, AtFlags::empty()).map_err(|e| fs_err(e, path))
    }

    fn mknod(&mut self, path: &str, kind: FileKind, rdev: (u32, u32), attrs: &Attrs) -> Result<(), FsError> {
        let file_type = match kind {
            FileKind::CharDevice => FileType::CharacterDevice,
            FileKind::BlockDevice => FileType::BlockDevice,
            FileKind::Fifo => FileType::Fifo,
            FileKind::Socket => FileType::Socket,
            _ => return Err(FsError::Unsupported { path: path.to_string(), what: "mknod of a file, directory or symlink" }),
        };
        let (dir, name) = self.parent(path)?;
        let dev = rfs::makedev(rdev.0, rdev.1);
        rfs::mknodat(&dir, name, file_type, Mode::empty(), dev).map_err(|e| fs_err(e, path))?;
        self.set_attrs_at(&dir, name, path, attrs)
    }

    fn remove(&mut self, path: &str) -> Result<(), FsError> {
        check(path)?;
        if path.is_empty() {
            return Err(FsError::Unsupported { path: path.to_string(), what: "removing the root" });
        }
        let (dir, name) = self.parent(path)?;
        let st = rfs::statat(&dir, name, AtFlags::SYMLINK_NOFOLLOW).map_err(|e| fs_err(e, path))?;
        let is_dir = kind_of(st.st_mode) == FileKind::Dir;
        if is_dir {
            let cname = std::ffi::CString::new(name).map_err(|_| FsError::InvalidPath(path.to_string()))?;
            self.remove_contents(dir.as_fd(), &cname, path)?;
        }
        let flag = if is_dir { AtFlags::REMOVEDIR } else { AtFlags::empty() };
        rfs::unlinkat(&dir, name, flag).map_err(|e| fs_err(e, path))?;
        drop(dir);
        self.forget(path);
        Ok(())
    }

    fn set_attrs(&mut self, path: &str, attrs: &Attrs) -> Result<(), FsError> {
        check(path)?;
        if path.is_empty() {
            let fd = self.open_root(OFlags::RDONLY | OFlags::DIRECTORY)?;
            if self.owners {
                let (uid, gid) = owner(attrs, path)?;
                rfs::fchown(&fd, Some(uid), Some(gid)).map_err(|e| fs_err(e, path))?;
            }
            rfs::fchmod(&fd, Mode::from_bits_truncate(attrs.mode & 0o7777)).map_err(|e| fs_err(e, path))?;
            return rfs::futimens(&fd, &timestamps(attrs.mtime)).map_err(|e| fs_err(e, path));
        }
        let (dir, name) = self.parent(path)?;
        self.set_attrs_at(&dir, name, path, attrs)
    }

    fn set_xattr(&mut self, path: &str, name: &str, value: &[u8]) -> Result<(), FsError> {
        check(path)?;
        if path.is_empty() {
            return xattr::set(&proc_path(self.root.as_fd(), None), true, name, value, path);
        }
        let (dir, base) = self.parent(path)?;
        xattr::set(&proc_path(dir.as_fd(), Some(base)), false, name, value, path)
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        check(from)?;
        check(to)?;
        if from == to {
            return match self.lstat(from)? {
                Some(_) => Ok(()),
                None => Err(FsError::NotFound(from.to_string())),
            };
        }
        if from.is_empty() || to.is_empty() || is_within(to, from) {
            return Err(FsError::InvalidPath(to.to_string()));
        }
        let (from_dir, from_name) = self.parent(from)?;
        let (to_dir, to_name) = self.parent(to)?;
        rfs::renameat(&from_dir, from_name, &to_dir, to_name).map_err(|e| match e {
            Errno::NOENT => FsError::NotFound(from.to_string()),
            e => fs_err(e, to),
        })?;
        drop((from_dir, to_dir));
        self.forget(from);
        self.forget(to);
        Ok(())
    }

    fn write_at(&mut self, path: &str, offset: u64, data: &[u8]) -> Result<(), FsError> {
        let fd = self.open_file(path, OFlags::WRONLY)?;
        let mut done = 0;
        while done < data.len() {
            match rustix::io::pwrite(&fd, &data[done..], offset + done as u64) {
                Ok(n) => done += n,
                Err(Errno::INTR) => continue,
                Err(e) => return Err(fs_err(e, path)),
            }
        }
        Ok(())
    }

    fn truncate(&mut self, path: &str, len: u64) -> Result<(), FsError> {
        let fd = self.open_file(path, OFlags::WRONLY)?;
        rfs::ftruncate(&fd, len).map_err(|e| fs_err(e, path))
    }
}

#[cfg(test)]
mod tests;
