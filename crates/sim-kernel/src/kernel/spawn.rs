//! Starting a container process: namespaces, root filesystem and mounts, cgroup, identity,
//! standard streams; then the program, found on the container's `PATH`.

use std::collections::BTreeMap;

use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FileKind, FsWrite};
use wharf_engine::kernel::{ExitStatus, KernelError, MountSpec, NamespaceMode, Pid, ProcessSpec};

use super::{kerr, Stdio};
use crate::errno::Errno;
use crate::io::{FileObj, OpenFile, Pipe};
use crate::machine::{Machine, MachineRef, Uts};
use crate::process::NsSet;
use crate::sys::Proc;
use crate::vfs::{Filesystem, FsId, FsKind, Mount, MntNsId};

/// The device nodes Docker puts in a container's `/dev` (a tmpfs).
const DEV_NODES: [(&str, (u32, u32)); 6] = [("null", (1, 3)), ("zero", (1, 5)), ("full", (1, 7)), ("random", (1, 8)), ("urandom", (1, 9)), ("tty", (5, 0))];

fn dev_tree() -> MemFs {
    let mut dev = MemFs::new();
    for (name, rdev) in DEV_NODES {
        let _ = dev.mknod(name, FileKind::CharDevice, rdev, &Attrs::root(0o666));
    }
    for d in ["pts", "shm", "mqueue"] {
        let _ = dev.mkdir(d, &Attrs::root(if d == "shm" { 0o1777 } else { 0o755 }));
    }
    for (name, target) in [("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")] {
        let _ = dev.symlink(name, target, &Attrs::root(0o777));
    }
    dev
}

/// The container's `/sys`: read-only, with the cgroup mount point in place.
fn sysfs_tree() -> MemFs {
    let mut sys = MemFs::new();
    for d in ["fs", "fs/cgroup"] {
        let _ = sys.mkdir(d, &Attrs::root(0o755));
    }
    sys
}

/// Makes sure `path` exists in the tree of `fs` as a directory (or a file when `file`), the
/// way runc creates missing mount points.
fn ensure_mountpoint(m: &mut Machine, fs: FsId, path: &str, file: bool) -> Result<(), Errno> {
    let tree = m.vfs.fs_mut(fs)?.kind.tree_mut().ok_or(Errno::EINVAL)?;
    let rel = path.trim_start_matches('/');
    let mut dir = String::new();
    let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    for (i, part) in parts.iter().enumerate() {
        dir = if dir.is_empty() { part.to_string() } else { format!("{dir}/{part}") };
        if tree.lstat(&dir).map_err(Errno::from)?.is_some() {
            continue;
        }
        if file && i + 1 == parts.len() {
            tree.write_file(&dir, &Attrs::root(0o644), &mut std::io::empty()).map_err(Errno::from)?;
        } else {
            tree.mkdir(&dir, &Attrs::root(0o755)).map_err(Errno::from)?;
        }
    }
    Ok(())
}

/// Creates mountpoint `path` (namespace-absolute) on whatever `ns` shows there, as runc does:
/// with a volume mounted over `/etc`, the `/etc/hosts` it bind-mounts next is made in the volume.
fn ensure_mountpoint_in(m: &mut Machine, ns: MntNsId, path: &str, file: bool) -> Result<(), Errno> {
    let (mount, inner) = m.vfs.locate(ns, path);
    let fs = mount.fs;
    ensure_mountpoint(m, fs, &inner, file)
}

/// `path` inside the tree of `fs` with its symlinks followed inside that root, as runc
/// resolves a mount target (`/sbin/docker-init` is `/usr/sbin/docker-init` on a merged-/usr
/// Debian). Missing components are kept as they are, for [`ensure_mountpoint`] to create.
fn resolve_target(m: &Machine, fs: FsId, path: &str) -> Result<String, Errno> {
    let tree = m.vfs.fs(fs)?.kind.tree().ok_or(Errno::EINVAL)?;
    let mut todo: Vec<String> = path.split('/').filter(|p| !p.is_empty()).rev().map(str::to_string).collect();
    let mut done: Vec<String> = Vec::new();
    let mut links = 0;
    while let Some(part) = todo.pop() {
        match part.as_str() {
            "." => continue,
            ".." => {
                done.pop();
                continue;
            }
            _ => {}
        }
        let here = if done.is_empty() { part.clone() } else { format!("{}/{part}", done.join("/")) };
        // A missing parent is an error for the tree, and just a path to create for runc.
        match tree.lstat(&here) {
            Ok(Some(md)) if md.kind == FileKind::Symlink => {
                links += 1;
                if links > 40 {
                    return Err(Errno::ELOOP);
                }
                let target = tree.read_link(&here).map_err(Errno::from)?;
                if target.starts_with('/') {
                    done.clear();
                }
                todo.extend(target.split('/').filter(|p| !p.is_empty()).rev().map(str::to_string));
            }
            _ => done.push(part),
        }
    }
    Ok(format!("/{}", done.join("/")))
}

/// A tmpfs as its mount options describe it.
#[derive(Debug, PartialEq, Eq)]
struct Tmpfs {
    readonly: bool,
    /// `nosuid`, `nodev`, `noexec`, in the kernel's order.
    flags: Vec<&'static str>,
    size_kib: Option<u64>,
    mode: u32,
}

impl Tmpfs {
    /// Reads mount(2) flags and tmpfs data (`size=64m`, `mode=1777`); a `size` given apart
    /// (the spec's byte count) counts when the options name none.
    fn parse(options: &[String], size: Option<u64>) -> Tmpfs {
        let has = |f: &str| options.iter().any(|o| o == f);
        let flags = ["nosuid", "nodev", "noexec"].into_iter().filter(|f| has(f)).collect();
        let data = |key: &str| options.iter().rev().find_map(|o| o.strip_prefix(key)?.strip_prefix('='));
        let bytes = data("size").and_then(memparse).or(size);
        // The kernel rounds a size up to whole pages.
        let size_kib = bytes.map(|b| b.div_ceil(4096) * 4);
        let mode = data("mode").and_then(|m| u32::from_str_radix(m, 8).ok()).unwrap_or(0o1777);
        Tmpfs { readonly: options.iter().rev().find(|o| *o == "ro" || *o == "rw").is_some_and(|o| o == "ro"), flags, size_kib, mode }
    }

    /// What `/proc/mounts` shows after `rw`: the flags, `relatime`, then the size and a mode
    /// other than the default 1777 (tmpfs' `show_options`).
    fn shown(&self) -> String {
        let mut out: Vec<String> = self.flags.iter().map(|f| f.to_string()).collect();
        out.push("relatime".into());
        if let Some(k) = self.size_kib {
            out.push(format!("size={k}k"));
        }
        if self.mode != 0o1777 {
            out.push(format!("mode={:03o}", self.mode));
        }
        out.join(",")
    }
}

/// The kernel's `memparse`: a number with an optional `k`, `m` or `g` (any case).
fn memparse(s: &str) -> Option<u64> {
    let (num, shift) = match s.as_bytes().last()? {
        b'k' | b'K' => (&s[..s.len() - 1], 10),
        b'm' | b'M' => (&s[..s.len() - 1], 20),
        b'g' | b'G' => (&s[..s.len() - 1], 30),
        _ => (s, 0),
    };
    num.parse::<u64>().ok().map(|n| n << shift)
}

/// A new mount namespace rooted at a container's root filesystem, with Docker's standard
/// mounts (`/proc`, `/dev`, `/sys`, `/sys/fs/cgroup`) and the spec's own.
fn container_mounts(m: &mut Machine, root: FsId, spec: &ProcessSpec, pid_ns: usize) -> Result<MntNsId, Errno> {
    let ns = m.vfs.new_namespace(root);
    if spec.readonly_rootfs {
        m.vfs.umount(ns, "/", false).ok();
        m.vfs.mount(ns, Mount { mountpoint: "/".into(), fs: root, subpath: String::new(), readonly: true });
    }
    let standard: [(&str, FsKind, &str, bool); 4] = [
        ("/proc", FsKind::Proc { pid_ns }, "proc", false),
        ("/dev", FsKind::Tree(Box::new(dev_tree())), "tmpfs", false),
        ("/sys", FsKind::Tree(Box::new(sysfs_tree())), "sysfs", true),
        ("/sys/fs/cgroup", FsKind::Cgroup2, "cgroup2", true),
    ];
    for (target, kind, fstype, readonly) in standard {
        if target != "/sys/fs/cgroup" {
            // (The cgroup mount point lives in the container's sysfs, not its root.)
            ensure_mountpoint(m, root, target, false)?;
        }
        // In its own cgroup namespace the container sees its cgroup as the root of the tree:
        // its `memory.max`, `pids.max` and `cpu.max` are `/sys/fs/cgroup/*.max`.
        let own_cgroup = fstype == "cgroup2" && spec.namespaces.cgroup == NamespaceMode::New && m.cgroups.groups.contains_key(&spec.cgroup);
        let subpath = if own_cgroup { spec.cgroup.clone() } else { String::new() };
        let fs = m.vfs.add_fs(Filesystem { kind, fstype: fstype.into(), source: fstype.into(), options: String::new() });
        m.vfs.mount(ns, Mount { mountpoint: target.into(), fs, subpath, readonly });
    }
    for mount in &spec.mounts {
        match mount {
            MountSpec::Bind { source, target, readonly } => {
                let host_ns = m.host_mnt;
                let res = m.resolve_in(host_ns, "/", "/", source, true, None)?;
                if !res.exists {
                    return Err(Errno::ENOENT);
                }
                let is_file = m.lstat_abs(host_ns, &res.path, None)?.is_some_and(|md| md.kind != FileKind::Dir);
                let (src_mount, inner) = m.vfs.locate(host_ns, &res.path);
                let fs = src_mount.fs;
                let target = resolve_target(m, root, target)?;
                ensure_mountpoint_in(m, ns, &target, is_file)?;
                m.vfs.mount(ns, Mount { mountpoint: target, fs, subpath: inner, readonly: *readonly });
            }
            MountSpec::Tmpfs { target, size, options } => {
                ensure_mountpoint_in(m, ns, target, false)?;
                let t = Tmpfs::parse(options, *size);
                let mut tree = MemFs::new();
                let _ = tree.set_attrs("", &Attrs::root(t.mode));
                let fs = m.vfs.add_fs(Filesystem { kind: FsKind::Tree(Box::new(tree)), fstype: "tmpfs".into(), source: "tmpfs".into(), options: t.shown() });
                m.vfs.mount(ns, Mount { mountpoint: target.clone(), fs, subpath: String::new(), readonly: t.readonly });
            }
        }
    }
    Ok(ns)
}

/// The namespaces of the new process.
fn namespaces(m: &mut Machine, spec: &ProcessSpec, root: Option<FsId>) -> Result<(NsSet, MntNsId), Errno> {
    let host = m.first_process_template().ns;
    let join = |m: &Machine, pid: Pid| m.proc(pid).map(|p| p.ns);
    let pid_ns = match spec.namespaces.pid {
        NamespaceMode::Host => host.pid,
        NamespaceMode::New => m.new_pid_namespace(host.pid),
        NamespaceMode::Join(p) => join(m, p)?.pid,
    };
    let mnt = match (&spec.namespaces.mnt, root) {
        (NamespaceMode::Join(p), _) => join(m, *p)?.mnt,
        (_, Some(root)) => container_mounts(m, root, spec, pid_ns)?,
        (NamespaceMode::New, None) => m.vfs.clone_namespace(host.mnt),
        (NamespaceMode::Host, None) => host.mnt,
    };
    let uts = match spec.namespaces.uts {
        NamespaceMode::Host => host.uts,
        NamespaceMode::Join(p) => join(m, p)?.uts,
        NamespaceMode::New => {
            m.uts.push(Uts { hostname: spec.hostname.clone().unwrap_or_default(), domainname: "(none)".into() });
            m.uts.len() - 1
        }
    };
    let mut simple = |mode: &NamespaceMode, host: usize, pick: fn(&NsSet) -> usize, net: bool| -> Result<usize, Errno> {
        Ok(match mode {
            NamespaceMode::Host => host,
            NamespaceMode::Join(p) => pick(&m.proc(*p)?.ns),
            NamespaceMode::New => {
                let id = m.new_ns_index();
                if net {
                    m.net.add_namespace(id);
                }
                id
            }
        })
    };
    let net = simple(&spec.namespaces.net, host.net, |n| n.net, true)?;
    let ipc = simple(&spec.namespaces.ipc, host.ipc, |n| n.ipc, false)?;
    let user = simple(&spec.namespaces.user, host.user, |n| n.user, false)?;
    let cgroup = simple(&spec.namespaces.cgroup, host.cgroup, |n| n.cgroup, false)?;
    Ok((NsSet { pid: pid_ns, mnt, uts, net, ipc, user, cgroup }, mnt))
}

/// Creates the cgroup at `path` (and its parents) unless it exists, and gives it `spec`'s limits.
fn ensure_cgroup(m: &mut Machine, spec: &ProcessSpec) {
    if spec.cgroup.is_empty() {
        return;
    }
    let mut path = String::new();
    for part in spec.cgroup.split('/') {
        // Each parent hands its controllers down, as systemd sets up `system.slice`, so the
        // container's cgroup has the `memory.*`, `pids.*` and `cpu.*` files.
        let parent = m.cgroups.groups.entry(path.clone()).or_default();
        parent.subtree_control.extend(["cpu", "io", "memory", "pids"].map(String::from));
        path = if path.is_empty() { part.to_string() } else { format!("{path}/{part}") };
        m.cgroups.groups.entry(path.clone()).or_default();
    }
    let g = m.cgroups.groups.entry(spec.cgroup.clone()).or_default();
    g.memory_max = spec.limits.memory_max;
    g.pids_max = spec.limits.pids_max;
    if let Some((quota, period)) = spec.limits.cpu_max {
        g.cpu_max = (Some(quota), period);
    }
}

/// The `containerd-shim-runc-v2` that parents a container process, and whether it is new: a
/// new one for a container's init (named by the container ID in its cgroup), the existing one
/// of the container a `docker exec` joins. Host processes have none.
fn shim_for(m: &mut Machine, spec: &ProcessSpec) -> Result<Option<(Pid, bool)>, Errno> {
    if let NamespaceMode::Join(target) = spec.namespaces.pid {
        return Ok(m.shims.get(&target).map(|&shim| (shim, false)));
    }
    if spec.rootfs.is_none() {
        return Ok(None);
    }
    let id = spec.cgroup.rsplit('/').next().and_then(|s| s.strip_prefix("docker-")).and_then(|s| s.strip_suffix(".scope")).unwrap_or("build");
    let shim = m.insert_idle_daemon(&["/usr/bin/containerd-shim-runc-v2", "-namespace", "moby", "-id", id, "-address", "/run/containerd/containerd.sock"])?;
    Ok(Some((shim, true)))
}

/// Starts `spec` on the machine; returns its host PID and the streams the engine keeps.
pub(super) fn spawn(machine: &MachineRef, spec: &ProcessSpec, root: Option<FsId>) -> Result<(Pid, Stdio), KernelError> {
    let what = spec.args.first().cloned().unwrap_or_default();
    let (pid, stdio) = {
        let mut m = machine.borrow_mut();
        let m = &mut *m;
        ensure_cgroup(m, spec);
        let (ns, _) = namespaces(m, spec, root).map_err(|e| kerr(&what, e))?;
        let shim = shim_for(m, spec).map_err(|e| kerr(&what, e))?;
        let mut t = m.first_process_template();
        t.ppid = shim.map_or(0, |(pid, _)| pid);
        let (stdin_r, stdin_w) = Pipe::pair();
        let (out_r, out_w) = Pipe::pair();
        let (err_r, err_w) = Pipe::pair();
        let stdin_file = OpenFile::new(FileObj::Pipe(stdin_r), true, false, false);
        let out_file = OpenFile::new(FileObj::Pipe(out_w), false, true, false);
        let err_file = OpenFile::new(FileObj::Pipe(err_w), false, true, false);
        if spec.tty {
            // One stream, like a terminal: stderr goes where stdout goes.
            stdin_file.borrow_mut().terminal = true;
            out_file.borrow_mut().terminal = true;
            t.fds = BTreeMap::from([(0, stdin_file), (1, out_file.clone()), (2, out_file)]);
        } else {
            t.fds = BTreeMap::from([(0, stdin_file), (1, out_file), (2, err_file)]);
        }
        t.ns = ns;
        t.pid_ns_for_children = ns.pid;
        t.root = "/".into();
        t.cwd = if spec.cwd.is_empty() { "/".into() } else { spec.cwd.clone() };
        t.creds = crate::process::Creds {
            uid: spec.uid,
            gid: spec.gid,
            groups: spec.groups.clone(),
            // A host process (no root filesystem of its own) keeps every capability.
            cap_bounding: if spec.rootfs.is_none() { crate::sys::caps::ALL } else { crate::sys::caps::mask_of(&spec.capabilities) },
            no_new_privs: spec.no_new_privileges,
            seccomp: spec.seccomp,
        };
        t.env = spec.env.clone();
        t.argv = spec.args.clone();
        if !spec.cgroup.is_empty() {
            t.cgroup = spec.cgroup.clone();
        }
        t.memory = crate::cgroup::BASE_PROCESS_MEMORY;
        let pid = m.insert_process(t).map_err(|e| kerr(&what, e))?;
        // The engine collects the exit status, as containerd does through the shim.
        m.collected.insert(pid);
        if let Some((shim, true)) = shim {
            m.shims.insert(pid, shim);
        }
        let stdio = Stdio {
            stdin: spec.stdin.then(|| OpenFile::new(FileObj::Pipe(stdin_w), false, true, false)),
            stdout: OpenFile::new(FileObj::Pipe(out_r), true, false, false),
            stderr: OpenFile::new(FileObj::Pipe(err_r), true, false, false),
        };
        (pid, stdio)
    };
    // Find the program on the container's PATH, as runc's exec does, before anything runs:
    // a missing one is an error of `docker run` itself (exit 127), not of the container.
    let proc = Proc::new(machine.clone(), pid);
    let program = match crate::sys::find_and_exec(&proc, &spec.args) {
        Ok(program) => program,
        Err(e) => {
            let mut m = machine.borrow_mut();
            m.remove_process(pid);
            if let Some(shim) = m.shims.remove(&pid) {
                m.remove_process(shim);
            }
            drop(m);
            return Err(match e {
                Errno::ENOENT => KernelError::NotFound(what),
                Errno::EACCES | Errno::ENOEXEC => KernelError::PermissionDenied(what),
                e => kerr(&what, e),
            });
        }
    };
    let m2 = machine.clone();
    let task = machine.borrow().spawner.spawn(async move {
        let code = program.await;
        m2.borrow_mut().exit(pid, ExitStatus::Exited(code & 0xff));
    });
    machine.borrow_mut().proc_mut(pid).map_err(|e| kerr(&what, e))?.task = Some(task);
    Ok((pid, stdio))
}

#[cfg(test)]
mod tmpfs_tests {
    use super::*;

    #[test]
    fn tmpfs_options_show_as_the_kernel_shows_them() {
        let opts = |s: &str| s.split(',').map(str::to_string).collect::<Vec<_>>();
        let t = Tmpfs::parse(&opts("noexec,nosuid,nodev,rw,size=64m,mode=1777"), None);
        assert_eq!((t.readonly, t.mode, t.shown().as_str()), (false, 0o1777, "nosuid,nodev,noexec,relatime,size=65536k"));
        let t = Tmpfs::parse(&opts("ro,mode=700,size=3000"), None);
        assert_eq!((t.readonly, t.shown().as_str()), (true, "relatime,size=4k,mode=700"));
        assert_eq!(Tmpfs::parse(&[], Some(1 << 20)).shown(), "relatime,size=1024k");
        assert_eq!(memparse("2G"), Some(2 << 30));
        assert_eq!(memparse("x"), None);
    }
}
