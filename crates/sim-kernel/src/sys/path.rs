//! Path system calls: stat, directories, links, permissions, the working directory.

use wharf_engine::fs::{Attrs, FileKind, Metadata};

use super::file::may;
use super::Proc;
use crate::errno::Errno;
use crate::machine::Machine;
use crate::synth;
use crate::vfs::FsKind;

/// What `stat(2)` says.
pub type Stat = Metadata;

/// One directory entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    /// Its name.
    pub name: String,
    /// What it is (without following symlinks).
    pub kind: FileKind,
}

/// Splits a namespace-absolute path into parent and name.
fn parent_of(abs: &str) -> (&str, &str) {
    match abs.rsplit_once('/') {
        Some(("", name)) => ("/", name),
        Some((parent, name)) => (parent, name),
        None => ("/", abs),
    }
}

impl Proc {
    /// `stat(2)`: follows symlinks.
    pub fn stat(&self, path: &str) -> Result<Stat, Errno> {
        self.stat_impl(path, true)
    }

    /// `lstat(2)`: does not follow a final symlink.
    pub fn lstat(&self, path: &str) -> Result<Stat, Errno> {
        self.stat_impl(path, false)
    }

    fn stat_impl(&self, path: &str, follow: bool) -> Result<Stat, Errno> {
        self.with(|m| {
            let res = m.resolve(self.pid, path, follow)?;
            let ns = m.proc(self.pid)?.ns.mnt;
            m.lstat_abs(ns, &res.path, Some(self.pid))?.ok_or(Errno::ENOENT)
        })
    }

    /// Whether `path` exists (following symlinks).
    pub fn exists(&self, path: &str) -> bool {
        self.stat(path).is_ok()
    }

    /// `access(2)`-style check: may this process read (4), write (2) or execute (1) `path`?
    pub fn access(&self, path: &str, want: u32) -> Result<(), Errno> {
        let meta = self.stat(path)?;
        let creds = self.me(|p| p.creds.clone())?;
        if may(&creds, &meta, want) {
            Ok(())
        } else {
            Err(Errno::EACCES)
        }
    }

    /// Lists a directory, sorted by name.
    pub fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, Errno> {
        self.with(|m| {
            let res = m.resolve(self.pid, path, true)?;
            let ns = m.proc(self.pid)?.ns.mnt;
            let meta = m.lstat_abs(ns, &res.path, Some(self.pid))?.ok_or(Errno::ENOENT)?;
            if meta.kind != FileKind::Dir {
                return Err(Errno::ENOTDIR);
            }
            let (mount, inner) = m.vfs.locate(ns, &res.path);
            let kind = &m.vfs.fs(mount.fs)?.kind;
            let mut names = match kind.tree() {
                Some(t) => t.read_dir(&inner).map_err(Errno::from)?,
                None => synth::read_dir(m, kind, &inner, Some(self.pid))?,
            };
            wharf_engine::sort::ascending(&mut names);
            let base = res.path.trim_end_matches('/');
            Ok(names
                .into_iter()
                .filter_map(|name| {
                    let child = format!("{base}/{name}");
                    let kind = m.lstat_abs(ns, &child, Some(self.pid)).ok().flatten()?.kind;
                    Some(DirEntry { name, kind })
                })
                .collect())
        })
    }

    /// `readlink(2)`.
    pub fn readlink(&self, path: &str) -> Result<String, Errno> {
        self.with(|m| {
            let res = m.resolve(self.pid, path, false)?;
            let ns = m.proc(self.pid)?.ns.mnt;
            m.readlink_abs(ns, &res.path, Some(self.pid))
        })
    }

    /// Resolves `path` fully (`realpath(3)`), as this process sees it.
    pub fn realpath(&self, path: &str) -> Result<String, Errno> {
        self.with(|m| {
            let res = m.resolve(self.pid, path, true)?;
            if !res.exists {
                return Err(Errno::ENOENT);
            }
            Ok(visible(&m.proc(self.pid)?.root, &res.path))
        })
    }

    /// Runs a change on the tree behind a new name `path` in a writable directory.
    fn create_at(&self, path: &str, f: impl FnOnce(&mut Machine, &str, Attrs) -> Result<(), Errno>, mode: u32) -> Result<(), Errno> {
        self.with(|m| {
            let res = m.resolve(self.pid, path, false)?;
            if res.exists {
                return Err(Errno::EEXIST);
            }
            self.check_dir_writable(m, &res.path)?;
            let p = m.proc(self.pid)?;
            let attrs = Attrs { mode: mode & !p.umask & 0o7777, uid: p.creds.uid, gid: p.creds.gid, mtime: m.clock.now() / 1_000_000_000 };
            f(m, &res.path, attrs)
        })
    }

    fn check_dir_writable(&self, m: &Machine, abs: &str) -> Result<(), Errno> {
        let p = m.proc(self.pid)?;
        let (parent, _) = parent_of(abs);
        let meta = m.lstat_abs(p.ns.mnt, parent, Some(self.pid))?.ok_or(Errno::ENOENT)?;
        if may(&p.creds, &meta, 3) {
            Ok(())
        } else {
            Err(Errno::EACCES)
        }
    }

    /// `mkdir(2)`. In the cgroup filesystem it creates a cgroup.
    pub fn mkdir(&self, path: &str, mode: u32) -> Result<(), Errno> {
        self.create_at(
            path,
            |m, abs, attrs| {
                let ns = m.proc(self.pid)?.ns.mnt;
                if let Some(inner) = cgroup_path(m, ns, abs) {
                    return crate::cgroupfs::mkdir(m, &inner);
                }
                let (tree, inner) = m.tree_mut(ns, abs)?;
                tree.mkdir(&inner, &attrs).map_err(Errno::from)
            },
            mode,
        )
    }

    /// `symlink(2)`: creates `path` pointing at `target`.
    pub fn symlink(&self, target: &str, path: &str) -> Result<(), Errno> {
        self.create_at(
            path,
            |m, abs, attrs| {
                let ns = m.proc(self.pid)?.ns.mnt;
                let (tree, inner) = m.tree_mut(ns, abs)?;
                tree.symlink(&inner, target, &Attrs { mode: 0o777, ..attrs }).map_err(Errno::from)
            },
            0o777,
        )
    }

    /// `mknod(2)` for device nodes and fifos.
    pub fn mknod(&self, path: &str, kind: FileKind, mode: u32, rdev: (u32, u32)) -> Result<(), Errno> {
        if !self.capable(super::caps::CAP_MKNOD) && kind != FileKind::Fifo {
            return Err(Errno::EPERM);
        }
        self.create_at(
            path,
            |m, abs, attrs| {
                let ns = m.proc(self.pid)?.ns.mnt;
                let (tree, inner) = m.tree_mut(ns, abs)?;
                tree.mknod(&inner, kind, rdev, &attrs).map_err(Errno::from)
            },
            mode,
        )
    }

    /// `link(2)`: a hard link `path` to `existing`. Both must be on one filesystem (`EXDEV`).
    pub fn link(&self, existing: &str, path: &str) -> Result<(), Errno> {
        self.with(|m| {
            let src = m.resolve(self.pid, existing, false)?;
            if !src.exists {
                return Err(Errno::ENOENT);
            }
            let dst = m.resolve(self.pid, path, false)?;
            if dst.exists {
                return Err(Errno::EEXIST);
            }
            self.check_dir_writable(m, &dst.path)?;
            let ns = m.proc(self.pid)?.ns.mnt;
            let (a, a_inner) = m.vfs.locate(ns, &src.path);
            let (b, b_inner) = m.vfs.locate(ns, &dst.path);
            if a.fs != b.fs {
                return Err(Errno::EXDEV);
            }
            let (tree, _) = m.tree_mut(ns, &dst.path)?;
            tree.hard_link(&b_inner, &a_inner).map_err(Errno::from)
        })
    }

    /// `unlink(2)`: removes a non-directory.
    pub fn unlink(&self, path: &str) -> Result<(), Errno> {
        self.remove_impl(path, false)
    }

    /// `rmdir(2)`: removes an empty directory.
    pub fn rmdir(&self, path: &str) -> Result<(), Errno> {
        self.remove_impl(path, true)
    }

    fn remove_impl(&self, path: &str, dir: bool) -> Result<(), Errno> {
        self.with(|m| {
            let res = m.resolve(self.pid, path, false)?;
            let ns = m.proc(self.pid)?.ns.mnt;
            let meta = m.lstat_abs(ns, &res.path, Some(self.pid))?.ok_or(Errno::ENOENT)?;
            match (dir, meta.kind == FileKind::Dir) {
                (false, true) => return Err(Errno::EISDIR),
                (true, false) => return Err(Errno::ENOTDIR),
                _ => {}
            }
            if res.path == "/" || m.vfs.mounts(ns).iter().any(|mt| mt.mountpoint == res.path) {
                return Err(Errno::EBUSY);
            }
            if let Some(inner) = cgroup_path(m, ns, &res.path) {
                return if dir { crate::cgroupfs::rmdir(m, &inner) } else { Err(Errno::EPERM) };
            }
            self.check_dir_writable(m, &res.path)?;
            let (tree, inner) = m.tree_mut(ns, &res.path)?;
            if dir && !tree.read_dir(&inner).map_err(Errno::from)?.is_empty() {
                return Err(Errno::ENOTEMPTY);
            }
            tree.remove(&inner).map_err(Errno::from)
        })
    }

    /// `rename(2)`. Across filesystems it fails with `EXDEV` (`mv` then copies).
    pub fn rename(&self, from: &str, to: &str) -> Result<(), Errno> {
        self.with(|m| {
            let src = m.resolve(self.pid, from, false)?;
            if !src.exists {
                return Err(Errno::ENOENT);
            }
            let dst = m.resolve(self.pid, to, false)?;
            self.check_dir_writable(m, &src.path)?;
            self.check_dir_writable(m, &dst.path)?;
            let ns = m.proc(self.pid)?.ns.mnt;
            let (a, a_inner) = m.vfs.locate(ns, &src.path);
            let (b, b_inner) = m.vfs.locate(ns, &dst.path);
            if a.fs != b.fs || a.mountpoint != b.mountpoint {
                return Err(Errno::EXDEV);
            }
            let (tree, _) = m.tree_mut(ns, &src.path)?;
            tree.rename(&a_inner, &b_inner).map_err(Errno::from)
        })
    }

    /// Changes attributes of the inode at `path` (following symlinks unless `nofollow`).
    fn set_attrs_with(&self, path: &str, nofollow: bool, f: impl FnOnce(&mut Attrs, &crate::process::Creds) -> Result<(), Errno>) -> Result<(), Errno> {
        self.with(|m| {
            let res = m.resolve(self.pid, path, !nofollow)?;
            let ns = m.proc(self.pid)?.ns.mnt;
            let creds = m.proc(self.pid)?.creds.clone();
            let meta = m.lstat_abs(ns, &res.path, Some(self.pid))?.ok_or(Errno::ENOENT)?;
            let mut attrs = meta.attrs();
            if !creds.has(super::caps::CAP_FOWNER) && creds.uid != meta.uid {
                return Err(Errno::EPERM);
            }
            f(&mut attrs, &creds)?;
            let (tree, inner) = m.tree_mut(ns, &res.path)?;
            tree.set_attrs(&inner, &attrs).map_err(Errno::from)
        })
    }

    /// `chmod(2)`.
    pub fn chmod(&self, path: &str, mode: u32) -> Result<(), Errno> {
        self.set_attrs_with(path, false, |a, _| {
            a.mode = mode & 0o7777;
            Ok(())
        })
    }

    /// `lchown(2)` (`None` leaves that ID alone); only root may give files away.
    pub fn lchown(&self, path: &str, uid: Option<u32>, gid: Option<u32>) -> Result<(), Errno> {
        self.set_attrs_with(path, true, |a, creds| {
            if !creds.has(super::caps::CAP_CHOWN) && (uid.is_some_and(|u| u != a.uid) || gid.is_some_and(|g| g != creds.gid && !creds.groups.contains(&g))) {
                return Err(Errno::EPERM);
            }
            a.uid = uid.unwrap_or(a.uid);
            a.gid = gid.unwrap_or(a.gid);
            Ok(())
        })
    }

    /// Sets the modification time (seconds since the epoch), like `utimensat(2)`.
    pub fn set_mtime(&self, path: &str, mtime: i64) -> Result<(), Errno> {
        self.set_attrs_with(path, false, |a, _| {
            a.mtime = mtime;
            Ok(())
        })
    }

    /// `truncate(2)`.
    pub fn truncate(&self, path: &str, len: u64) -> Result<(), Errno> {
        self.with(|m| {
            let res = m.resolve(self.pid, path, true)?;
            let ns = m.proc(self.pid)?.ns.mnt;
            let (tree, inner) = m.tree_mut(ns, &res.path)?;
            tree.truncate(&inner, len).map_err(Errno::from)
        })
    }

    /// `chdir(2)`.
    pub fn chdir(&self, path: &str) -> Result<(), Errno> {
        self.with(|m| {
            let res = m.resolve(self.pid, path, true)?;
            let p = m.proc(self.pid)?;
            let meta = m.lstat_abs(p.ns.mnt, &res.path, Some(self.pid))?.ok_or(Errno::ENOENT)?;
            if meta.kind != FileKind::Dir {
                return Err(Errno::ENOTDIR);
            }
            if !may(&p.creds, &meta, 1) {
                return Err(Errno::EACCES);
            }
            m.proc_mut(self.pid)?.cwd = res.path;
            Ok(())
        })
    }

    /// `getcwd(3)`: the working directory as the process sees it (inside its root).
    pub fn cwd(&self) -> String {
        self.me(|p| visible(&p.root, &p.cwd)).unwrap_or_else(|_| "/".into())
    }

    /// Reads a whole file by path.
    pub async fn read_file(&self, path: &str) -> Result<Vec<u8>, Errno> {
        let fd = self.open(path, super::OpenFlags::READ, 0)?;
        let r = self.read_to_end(fd).await;
        self.close(fd)?;
        r
    }

    /// Creates or replaces a file by path with `data` (mode 0666 before the umask).
    pub async fn write_file(&self, path: &str, data: &[u8]) -> Result<(), Errno> {
        let fd = self.open(path, super::OpenFlags::CREATE, 0o666)?;
        let r = self.write_all(fd, data).await;
        self.close(fd)?;
        r
    }
}

/// The cgroup path behind a namespace-absolute path, if it lies in a cgroup filesystem.
fn cgroup_path(m: &Machine, ns: crate::vfs::MntNsId, abs: &str) -> Option<String> {
    let (mount, inner) = m.vfs.locate(ns, abs);
    matches!(m.vfs.fs(mount.fs).ok()?.kind, FsKind::Cgroup2).then_some(inner)
}

/// A namespace-absolute path as a process rooted at `root` names it.
pub(crate) fn visible(root: &str, abs: &str) -> String {
    if root == "/" {
        return abs.to_string();
    }
    match abs.strip_prefix(root) {
        Some("") => "/".to_string(),
        Some(rest) if rest.starts_with('/') => rest.to_string(),
        _ => abs.to_string(),
    }
}
