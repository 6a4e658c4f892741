//! The virtual filesystem: filesystems, per-namespace mount tables, and path resolution.
//!
//! Filesystems are trees behind the engine's [`FsWrite`] (a `MemFs` for tmpfs and the host's
//! disk, a union filesystem for a container's root) or synthesized from kernel state (`proc`,
//! `cgroup2`, see [`FsKind`]). A mount namespace is an ordered list of [`Mount`]s keyed by
//! *namespace-absolute* paths; a process sees the namespace through its root (`chroot`) and
//! working directory, both namespace-absolute too.
//!
//! Paths, not inodes, are the currency: an open file remembers its filesystem and the path
//! inside it. That is simpler than an inode cache and is all the course needs; the one
//! behaviour it gives up is reading a file after it was unlinked.

pub mod resolve;

pub use resolve::{resolve, Node, Resolution};

use wharf_engine::fs::path::is_within;
use wharf_engine::fs::FsWrite;

use crate::errno::Errno;

/// Identifies a filesystem instance (one tmpfs, one overlay, one proc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FsId(pub usize);

/// Identifies a mount namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MntNsId(pub usize);

/// What backs a filesystem.
pub enum FsKind {
    /// A tree of data: the host disk, a tmpfs, a container's union root.
    Tree(Box<dyn FsWrite>),
    /// `proc`, synthesized from the process table as seen from one PID namespace.
    Proc {
        /// The PID namespace of the process that mounted it.
        pid_ns: usize,
    },
    /// `cgroup2`, synthesized from the cgroup tree.
    Cgroup2,
    /// A container's root: the engine's union filesystem (overlayfs).
    Union(Box<wharf_engine::unionfs::UnionFs>),
}

impl FsKind {
    /// The tree behind a data filesystem (`None` for synthesized ones).
    pub fn tree(&self) -> Option<&dyn FsWrite> {
        match self {
            FsKind::Tree(t) => Some(t.as_ref()),
            FsKind::Union(u) => Some(u.as_ref()),
            FsKind::Proc { .. } | FsKind::Cgroup2 => None,
        }
    }

    /// The tree behind a data filesystem, mutably.
    pub fn tree_mut(&mut self) -> Option<&mut dyn FsWrite> {
        match self {
            FsKind::Tree(t) => Some(t.as_mut()),
            FsKind::Union(u) => Some(u.as_mut()),
            FsKind::Proc { .. } | FsKind::Cgroup2 => None,
        }
    }
}

/// A filesystem instance.
pub struct Filesystem {
    /// What backs it.
    pub kind: FsKind,
    /// The type `mount` and `/proc/mounts` show (`ext4`, `tmpfs`, `overlay`, `proc`, `cgroup2`).
    pub fstype: String,
    /// The source `mount` shows (`/dev/sda1`, `tmpfs`, `overlay`, `proc`).
    pub source: String,
    /// What `/proc/mounts` shows after `rw`/`ro` (`nosuid,nodev,noexec,relatime,size=65536k`);
    /// empty for plain `relatime`.
    pub options: String,
}

/// One entry of a mount table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// Where it is mounted, namespace-absolute (`/`, `/proc`).
    pub mountpoint: String,
    /// The filesystem.
    pub fs: FsId,
    /// The directory of the filesystem that appears at the mountpoint (`""` for its root; a
    /// subdirectory for bind mounts).
    pub subpath: String,
    /// Mounted read-only.
    pub readonly: bool,
}

/// All filesystems and mount namespaces of the machine.
#[derive(Default)]
pub struct Vfs {
    filesystems: Vec<Option<Filesystem>>,
    namespaces: Vec<Vec<Mount>>,
}

impl Vfs {
    /// A VFS with no filesystems and no namespaces.
    pub fn new() -> Vfs {
        Vfs::default()
    }

    /// Registers a filesystem (not yet mounted anywhere).
    pub fn add_fs(&mut self, fs: Filesystem) -> FsId {
        self.filesystems.push(Some(fs));
        FsId(self.filesystems.len() - 1)
    }

    /// A filesystem by ID.
    pub fn fs(&self, id: FsId) -> Result<&Filesystem, Errno> {
        self.filesystems.get(id.0).and_then(Option::as_ref).ok_or(Errno::EINVAL)
    }

    /// A filesystem by ID, mutably.
    pub fn fs_mut(&mut self, id: FsId) -> Result<&mut Filesystem, Errno> {
        self.filesystems.get_mut(id.0).and_then(Option::as_mut).ok_or(Errno::EINVAL)
    }

    /// Drops a filesystem that no mount uses any more.
    pub fn remove_fs(&mut self, id: FsId) -> Result<(), Errno> {
        if self.namespaces.iter().flatten().any(|m| m.fs == id) {
            return Err(Errno::EBUSY);
        }
        self.filesystems.get_mut(id.0).and_then(Option::take).map(|_| ()).ok_or(Errno::EINVAL)
    }

    /// A new mount namespace whose root is `root_fs`.
    pub fn new_namespace(&mut self, root_fs: FsId) -> MntNsId {
        self.namespaces.push(vec![Mount { mountpoint: "/".into(), fs: root_fs, subpath: String::new(), readonly: false }]);
        MntNsId(self.namespaces.len() - 1)
    }

    /// A copy of `ns` (`unshare --mount`): same filesystems, independent mount table.
    pub fn clone_namespace(&mut self, ns: MntNsId) -> MntNsId {
        let copy = self.namespaces[ns.0].clone();
        self.namespaces.push(copy);
        MntNsId(self.namespaces.len() - 1)
    }

    /// The mount table of `ns`, in mount order.
    pub fn mounts(&self, ns: MntNsId) -> &[Mount] {
        &self.namespaces[ns.0]
    }

    /// Adds a mount on top of whatever is at `mountpoint` (which must already be resolved).
    pub fn mount(&mut self, ns: MntNsId, mount: Mount) {
        self.namespaces[ns.0].push(mount);
    }

    /// Removes the topmost mount at `mountpoint`. Fails with `EINVAL` if nothing is mounted
    /// there and `EBUSY` if other mounts sit below it, unless `lazy` (`umount -l`), which
    /// detaches those too.
    pub fn umount(&mut self, ns: MntNsId, mountpoint: &str, lazy: bool) -> Result<FsId, Errno> {
        let table = &mut self.namespaces[ns.0];
        let idx = table.iter().rposition(|m| m.mountpoint == mountpoint).ok_or(Errno::EINVAL)?;
        let below = |m: &Mount| m.mountpoint != mountpoint && is_within(m.mountpoint.trim_start_matches('/'), mountpoint.trim_start_matches('/'));
        let nested = table[idx + 1..].iter().any(below);
        if nested && !lazy {
            return Err(Errno::EBUSY);
        }
        let fs = table.remove(idx).fs;
        if lazy {
            let mut i = idx;
            while i < table.len() {
                if below(&table[i]) {
                    table.remove(i);
                } else {
                    i += 1;
                }
            }
        }
        Ok(fs)
    }

    /// The mount that serves the namespace-absolute path `abs`, and the path inside its
    /// filesystem.
    pub fn locate(&self, ns: MntNsId, abs: &str) -> (&Mount, String) {
        let rel = abs.trim_start_matches('/');
        // `max_by_key` keeps the last of equal keys: the latest mount on a mountpoint wins.
        let mount = self.namespaces[ns.0]
            .iter()
            .filter(|m| is_within(rel, m.mountpoint.trim_start_matches('/')))
            .max_by_key(|m| m.mountpoint.len())
            .expect("every namespace has a root mount");
        let rest = rel[mount.mountpoint.trim_start_matches('/').len()..].trim_start_matches('/');
        let inner = match (mount.subpath.is_empty(), rest.is_empty()) {
            (true, _) => rest.to_string(),
            (false, true) => mount.subpath.clone(),
            (false, false) => format!("{}/{}", mount.subpath, rest),
        };
        (mount, inner)
    }

    /// `pivot_root(new_root, put_old)` in `ns`: mounts below `new_root` move up to `/`; the
    /// others (the old root included) move below `put_old`. Both paths namespace-absolute;
    /// `new_root` must be a mountpoint and `put_old` must lie below it.
    pub fn pivot_root(&mut self, ns: MntNsId, new_root: &str, put_old: &str) -> Result<(), Errno> {
        let nr = new_root.trim_start_matches('/');
        let po = put_old.trim_start_matches('/');
        if nr.is_empty() || !is_within(po, nr) || po == nr {
            return Err(Errno::EINVAL);
        }
        let table = &mut self.namespaces[ns.0];
        if !table.iter().any(|m| m.mountpoint.trim_start_matches('/') == nr) {
            return Err(Errno::EINVAL);
        }
        let old_under_new = &po[nr.len()..]; // "/.oldroot"
        let mut moved_up = Vec::new();
        let mut moved_down = Vec::new();
        for mut m in table.drain(..) {
            let mp = m.mountpoint.trim_start_matches('/').to_string();
            if is_within(&mp, nr) {
                let rest = &mp[nr.len()..];
                m.mountpoint = if rest.is_empty() { "/".into() } else { rest.to_string() };
                moved_up.push(m);
            } else {
                m.mountpoint = if mp.is_empty() { old_under_new.to_string() } else { format!("{old_under_new}/{mp}") };
                moved_down.push(m);
            }
        }
        // The old root's mounts go first: the new root must stay on top at `/`.
        table.extend(moved_down);
        table.extend(moved_up);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
