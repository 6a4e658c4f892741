//! Namespace and mount system calls: unshare, setns, mount, umount, chroot, pivot_root,
//! sethostname.

use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::FileKind;

use super::path::visible;
use super::Proc;
use crate::errno::Errno;
use crate::machine::Uts;
use crate::vfs::{Filesystem, FsKind, Mount};

/// Which namespaces `unshare(2)`/`setns(2)` act on (`CLONE_NEW*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CloneFlags {
    /// `CLONE_NEWNS`.
    pub mnt: bool,
    /// `CLONE_NEWUTS`.
    pub uts: bool,
    /// `CLONE_NEWIPC`.
    pub ipc: bool,
    /// `CLONE_NEWNET`.
    pub net: bool,
    /// `CLONE_NEWPID`: applies to children, not the caller.
    pub pid: bool,
    /// `CLONE_NEWUSER`.
    pub user: bool,
    /// `CLONE_NEWCGROUP`.
    pub cgroup: bool,
}

/// `mount(2)` flags the simulator understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MountFlags {
    /// `MS_BIND`.
    pub bind: bool,
    /// `MS_RDONLY`.
    pub readonly: bool,
    /// `MS_REMOUNT`.
    pub remount: bool,
}

impl Proc {
    /// `unshare(2)`: moves this process into new namespaces (the PID one only for children).
    /// Root only.
    pub fn unshare(&self, flags: CloneFlags) -> Result<(), Errno> {
        if !self.capable(super::caps::CAP_SYS_ADMIN) && !flags.user {
            return Err(Errno::EPERM);
        }
        self.with(|m| {
            let p = m.proc(self.pid)?;
            let (mut ns, mut for_children, own_pid_ns) = (p.ns, p.pid_ns_for_children, p.ns.pid);
            if flags.mnt {
                ns.mnt = m.vfs.clone_namespace(ns.mnt);
            }
            if flags.uts {
                let copy = m.uts[ns.uts].clone();
                m.uts.push(copy);
                ns.uts = m.uts.len() - 1;
            }
            if flags.pid {
                for_children = m.new_pid_namespace(own_pid_ns);
            }
            for (wanted, slot) in [(flags.ipc, &mut ns.ipc), (flags.net, &mut ns.net), (flags.user, &mut ns.user), (flags.cgroup, &mut ns.cgroup)] {
                if wanted {
                    *slot = m.new_ns_index();
                }
            }
            if flags.net {
                m.net.add_namespace(ns.net);
            }
            let p = m.proc_mut(self.pid)?;
            p.ns = ns;
            p.pid_ns_for_children = for_children;
            Ok(())
        })
    }

    /// `setns(2)` for each namespace in `flags`, taken from process `target` (as this process
    /// sees it): what `nsenter -t PID` and `docker exec` do. Entering a mount namespace also
    /// moves root and working directory to that namespace's root, as the kernel does.
    pub fn setns(&self, target: u32, flags: CloneFlags) -> Result<(), Errno> {
        if !self.capable(super::caps::CAP_SYS_ADMIN) {
            return Err(Errno::EPERM);
        }
        self.with(|m| {
            let ns_id = m.proc(self.pid)?.ns.pid;
            let host = m.host_pid(ns_id, target).ok_or(Errno::ESRCH)?;
            let t = m.proc(host)?;
            let (tns, troot) = (t.ns, t.root.clone());
            let p = m.proc_mut(self.pid)?;
            if flags.mnt {
                p.ns.mnt = tns.mnt;
                p.root = troot.clone();
                p.cwd = troot;
            }
            if flags.uts {
                p.ns.uts = tns.uts;
            }
            if flags.ipc {
                p.ns.ipc = tns.ipc;
            }
            if flags.net {
                p.ns.net = tns.net;
            }
            if flags.user {
                p.ns.user = tns.user;
            }
            if flags.cgroup {
                p.ns.cgroup = tns.cgroup;
            }
            if flags.pid {
                p.pid_ns_for_children = tns.pid;
            }
            Ok(())
        })
    }

    /// The hostname of this process's UTS namespace.
    pub fn hostname(&self) -> String {
        self.with(|m| m.proc(self.pid).map(|p| m.uts[p.ns.uts].hostname.clone()).unwrap_or_default())
    }

    /// `sethostname(2)`: root only, at most 64 bytes.
    pub fn set_hostname(&self, name: &str) -> Result<(), Errno> {
        if !self.capable(super::caps::CAP_SYS_ADMIN) {
            return Err(Errno::EPERM);
        }
        if name.len() > 64 {
            return Err(Errno::EINVAL);
        }
        self.with(|m| {
            let uts = m.proc(self.pid)?.ns.uts;
            m.uts[uts] = Uts { hostname: name.to_string(), ..m.uts[uts].clone() };
            Ok(())
        })
    }

    /// `chroot(2)`: root only.
    pub fn chroot(&self, path: &str) -> Result<(), Errno> {
        if !self.capable(super::caps::CAP_SYS_CHROOT) {
            return Err(Errno::EPERM);
        }
        self.with(|m| {
            let res = m.resolve(self.pid, path, true)?;
            let ns = m.proc(self.pid)?.ns.mnt;
            let meta = m.lstat_abs(ns, &res.path, Some(self.pid))?.ok_or(Errno::ENOENT)?;
            if meta.kind != FileKind::Dir {
                return Err(Errno::ENOTDIR);
            }
            m.proc_mut(self.pid)?.root = res.path;
            Ok(())
        })
    }

    /// `mount(2)`. Types: `proc`, `tmpfs`, `cgroup2`, `sysfs` (an empty read-only tree), and
    /// bind mounts (`flags.bind`, `source` a path); `flags.remount` with `readonly` flips a
    /// mount read-only or back.
    pub fn mount(&self, source: &str, target: &str, fstype: &str, flags: MountFlags) -> Result<(), Errno> {
        if !self.capable(super::caps::CAP_SYS_ADMIN) {
            return Err(Errno::EPERM);
        }
        self.with(|m| {
            let tres = m.resolve(self.pid, target, true)?;
            if !tres.exists {
                return Err(Errno::ENOENT);
            }
            let p = m.proc(self.pid)?;
            let (ns, pid_ns) = (p.ns.mnt, p.ns.pid);
            if flags.remount {
                let table = m.vfs.mounts(ns);
                let idx = table.iter().rposition(|mt| mt.mountpoint == tres.path).ok_or(Errno::EINVAL)?;
                let mut mt = table[idx].clone();
                mt.readonly = flags.readonly;
                m.vfs.umount(ns, &tres.path, true).ok();
                m.vfs.mount(ns, mt);
                return Ok(());
            }
            let (fs, subpath) = if flags.bind {
                let sres = m.resolve(self.pid, source, true)?;
                if !sres.exists {
                    return Err(Errno::ENOENT);
                }
                let (mount, inner) = m.vfs.locate(ns, &sres.path);
                (mount.fs, inner)
            } else {
                let kind = match fstype {
                    "proc" => FsKind::Proc { pid_ns },
                    "cgroup2" => FsKind::Cgroup2,
                    "tmpfs" | "sysfs" | "devpts" | "mqueue" => FsKind::Tree(Box::new(MemFs::new())),
                    _ => return Err(Errno::ENODEV),
                };
                (m.vfs.add_fs(Filesystem { kind, fstype: fstype.to_string(), source: source.to_string(), options: String::new() }), String::new())
            };
            m.vfs.mount(ns, Mount { mountpoint: tres.path, fs, subpath, readonly: flags.readonly || fstype == "sysfs" });
            Ok(())
        })
    }

    /// `umount2(2)`; `lazy` is `MNT_DETACH`.
    pub fn umount(&self, target: &str, lazy: bool) -> Result<(), Errno> {
        if !self.capable(super::caps::CAP_SYS_ADMIN) {
            return Err(Errno::EPERM);
        }
        self.with(|m| {
            let res = m.resolve(self.pid, target, true)?;
            let ns = m.proc(self.pid)?.ns.mnt;
            m.vfs.umount(ns, &res.path, lazy).map(|_| ())
        })
    }

    /// `pivot_root(2)`: `new_root` becomes `/`, the old root moves to `put_old`. Processes of
    /// the namespace whose root or working directory was the old root follow, as on Linux.
    pub fn pivot_root(&self, new_root: &str, put_old: &str) -> Result<(), Errno> {
        if !self.capable(super::caps::CAP_SYS_ADMIN) {
            return Err(Errno::EPERM);
        }
        self.with(|m| {
            let nr = m.resolve(self.pid, new_root, true)?.path;
            let po = m.resolve(self.pid, put_old, true)?.path;
            let ns = m.proc(self.pid)?.ns.mnt;
            m.vfs.pivot_root(ns, &nr, &po)?;
            let old_prefix = po[nr.len()..].to_string();
            for p in m.procs.values_mut().filter(|p| p.ns.mnt == ns) {
                for dir in [&mut p.root, &mut p.cwd] {
                    *dir = if let Some(rest) = dir.strip_prefix(&nr).filter(|r| r.is_empty() || r.starts_with('/')) {
                        if rest.is_empty() { "/".to_string() } else { rest.to_string() }
                    } else if dir == "/" {
                        // Pointing at the old root: moved to the new root, as pivot_root(2) says.
                        "/".to_string()
                    } else {
                        format!("{old_prefix}{dir}")
                    };
                }
            }
            Ok(())
        })
    }

    /// The root directory as this process's namespace names it (for `/proc/self/root`).
    pub fn root_dir(&self) -> String {
        self.me(|p| p.root.clone()).unwrap_or_else(|_| "/".into())
    }

    /// The working directory as seen from `root` (helper for programs that print paths).
    pub fn visible_path(&self, abs: &str) -> String {
        visible(&self.root_dir(), abs)
    }
}
