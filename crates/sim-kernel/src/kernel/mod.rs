//! The simulator as the engine's [`Kernel`]: what dockerd asks of Linux, done on the
//! simulated machine.
//!
//! Layers are unpacked into in-memory trees (overlayfs format), a container's root is the
//! engine's [`UnionFs`] over them, mounted as its own filesystem; container processes are
//! ordinary simulated processes in new namespaces, with pipes for their standard streams.

mod spawn;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::Arc;
use std::task::{Context, Poll};

use wharf_engine::digest::Digest;
use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{FsError, FsWrite};
use wharf_engine::image::layer::{self, ApplyMode, ApplyOptions};
use wharf_engine::image::store::{ContentStore, MemoryContentStore, MemoryMetadataStore, MetadataStore};
use wharf_engine::kernel::{CgroupStats, ExitStatus, IpNet, Kernel, KernelError, Limits, Pid, ProcessRow, ProcessSpec, Protocol, Stream, Timestamp};
use wharf_engine::unionfs::UnionFs;

use crate::errno::Errno;
use crate::io::{FileObj, FileRef};
use crate::machine::MachineRef;
use crate::net::Forward;
use crate::process::ProcState;
use crate::vfs::{Filesystem, FsId, FsKind};

/// An unpacked layer: its tree and the layer below.
struct Layer {
    parent: Option<Digest>,
    tree: Arc<MemFs>,
}

/// The standard streams the engine holds for a container process.
struct Stdio {
    stdin: Option<FileRef>,
    stdout: FileRef,
    stderr: FileRef,
}

/// The engine's kernel, on a simulated machine.
pub struct SimKernel {
    machine: MachineRef,
    content: MemoryContentStore,
    metadata: MemoryMetadataStore,
    layers: BTreeMap<Digest, Layer>,
    rootfs: BTreeMap<String, (FsId, Option<Digest>)>,
    stdio: BTreeMap<Pid, Stdio>,
    /// The network namespace of each process the engine attached to a bridge, so its veths
    /// can be removed after the process is gone.
    netns: BTreeMap<Pid, usize>,
}

/// Turns a simulated errno into the engine's kernel error, naming `what`.
fn kerr(what: &str, e: Errno) -> KernelError {
    match e {
        Errno::ENOENT | Errno::ESRCH | Errno::ENODEV => KernelError::NotFound(what.to_string()),
        Errno::EBUSY | Errno::EADDRINUSE | Errno::EEXIST => KernelError::Busy(what.to_string()),
        Errno::EPERM | Errno::EACCES => KernelError::PermissionDenied(what.to_string()),
        Errno::EAGAIN | Errno::ENOMEM => KernelError::WouldExceedLimit(what.to_string()),
        e => KernelError::Other(format!("{what}: {e}")),
    }
}

/// Docker's init layer, between the image and the container's own layer: the mount points
/// and files the runtime mounts over, so they never show in `docker diff` or a commit.
fn init_layer() -> MemFs {
    use wharf_engine::fs::{Attrs, FsRead};
    let mut fs = MemFs::new();
    for dir in ["dev", "dev/pts", "dev/shm", "etc", "proc", "sys"] {
        let _ = fs.mkdir(dir, &Attrs::root(0o755));
    }
    for file in ["dev/console", "etc/hostname", "etc/hosts", "etc/resolv.conf", ".dockerenv"] {
        if fs.lstat(file).ok().flatten().is_none() {
            let mode = if file == ".dockerenv" { 0o755 } else { 0o644 };
            let _ = fs.write_file(file, &Attrs::root(mode), &mut std::io::empty());
        }
    }
    fs
}

/// `mkdir -p` of the host path `path`, each directory in whatever mount serves it.
fn mkdir_p(m: &mut crate::machine::Machine, ns: crate::vfs::MntNsId, path: &str) -> Result<(), Errno> {
    let mut prefix = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        prefix = format!("{prefix}/{part}");
        let step = m.resolve_in(ns, "/", "/", &prefix, true, None)?;
        if step.exists {
            continue;
        }
        let (mount, inner) = m.vfs.locate(ns, &step.path);
        let fs = mount.fs;
        let mtime = m.clock.now() / 1_000_000_000;
        let tree = m.vfs.fs_mut(fs)?.kind.tree_mut().ok_or(Errno::EROFS)?;
        tree.mkdir(&inner, &wharf_engine::fs::Attrs { mtime, ..wharf_engine::fs::Attrs::root(0o755) }).map_err(Errno::from)?;
    }
    Ok(())
}

impl SimKernel {
    /// A kernel on `machine`, with empty stores.
    pub fn new(machine: MachineRef) -> SimKernel {
        SimKernel {
            machine,
            content: MemoryContentStore::new(),
            metadata: MemoryMetadataStore::new(),
            layers: BTreeMap::new(),
            rootfs: BTreeMap::new(),
            stdio: BTreeMap::new(),
            netns: BTreeMap::new(),
        }
    }

    /// The machine.
    pub fn machine(&self) -> &MachineRef {
        &self.machine
    }

    /// The layer trees of the chain ending at `top`, bottom first.
    fn chain(&self, top: Option<&Digest>) -> Result<Vec<Arc<MemFs>>, KernelError> {
        let mut out = Vec::new();
        let mut next = top.copied();
        while let Some(id) = next {
            let layer = self.layers.get(&id).ok_or_else(|| KernelError::NotFound(format!("layer {id}")))?;
            out.push(layer.tree.clone());
            next = layer.parent;
        }
        out.reverse();
        Ok(out)
    }

    fn rootfs_fs(&self, id: &str) -> Result<FsId, KernelError> {
        self.rootfs.get(id).map(|(fs, _)| *fs).ok_or_else(|| KernelError::NotFound(format!("rootfs {id}")))
    }

    /// The mount namespace root of a container's root filesystem (for the engine's init
    /// process and `docker exec`).
    pub fn rootfs_id(&self, id: &str) -> Option<FsId> {
        self.rootfs.get(id).map(|(fs, _)| *fs)
    }
}

impl Kernel for SimKernel {
    fn now(&self) -> Timestamp {
        self.machine.borrow().clock.now()
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        self.machine.borrow_mut().rng.fill(buf)
    }

    fn poll_sleep_until(&mut self, deadline: Timestamp, cx: &mut Context<'_>) -> Poll<()> {
        let clock = self.machine.borrow().clock.clone();
        clock.poll_sleep_until(deadline, cx)
    }

    fn stores(&mut self) -> (&mut dyn ContentStore, &mut dyn MetadataStore) {
        (&mut self.content, &mut self.metadata)
    }

    fn unpack_layer(&mut self, chain_id: &Digest, parent: Option<&Digest>, tar: &mut dyn Read) -> Result<(), KernelError> {
        if self.layers.contains_key(chain_id) {
            return Ok(());
        }
        if let Some(p) = parent {
            if !self.layers.contains_key(p) {
                return Err(KernelError::NotFound(format!("parent layer {p}")));
            }
        }
        let mut tree = MemFs::new();
        layer::apply(tar, &mut tree, &ApplyOptions::new(ApplyMode::Layer)).map_err(|e| KernelError::Other(e.to_string()))?;
        self.layers.insert(*chain_id, Layer { parent: parent.copied(), tree: Arc::new(tree) });
        Ok(())
    }

    fn remove_layer(&mut self, chain_id: &Digest) -> Result<(), KernelError> {
        let used_by_layer = self.layers.values().any(|l| l.parent.as_ref() == Some(chain_id));
        let used_by_rootfs = self.rootfs.values().any(|(_, top)| {
            let mut next = top.as_ref();
            while let Some(id) = next {
                if id == chain_id {
                    return true;
                }
                next = self.layers.get(id).and_then(|l| l.parent.as_ref());
            }
            false
        });
        if used_by_layer || used_by_rootfs {
            return Err(KernelError::Busy(format!("layer {chain_id}")));
        }
        self.layers.remove(chain_id).map(|_| ()).ok_or_else(|| KernelError::NotFound(format!("layer {chain_id}")))
    }

    fn create_rootfs(&mut self, id: &str, top: Option<&Digest>) -> Result<(), KernelError> {
        if self.rootfs.contains_key(id) {
            return Err(KernelError::Busy(format!("rootfs {id}")));
        }
        let mut lowers = self.chain(top)?;
        lowers.push(Arc::new(init_layer()));
        let union = UnionFs::new(lowers, MemFs::new());
        let fs = self.machine.borrow_mut().vfs.add_fs(Filesystem { kind: FsKind::Union(Box::new(union)), fstype: "overlay".into(), source: "overlay".into(), options: String::new() });
        self.rootfs.insert(id.to_string(), (fs, top.copied()));
        Ok(())
    }

    fn with_rootfs(&mut self, id: &str, f: &mut dyn FnMut(&mut dyn FsWrite) -> Result<(), KernelError>) -> Result<(), KernelError> {
        let fs = self.rootfs_fs(id)?;
        let mut m = self.machine.borrow_mut();
        let tree = m.vfs.fs_mut(fs).map_err(|e| kerr(id, e))?.kind.tree_mut().ok_or_else(|| KernelError::NotFound(id.to_string()))?;
        f(tree)
    }

    fn diff_rootfs(&mut self, id: &str, out: &mut dyn Write) -> Result<(), KernelError> {
        let fs = self.rootfs_fs(id)?;
        let m = self.machine.borrow();
        let FsKind::Union(union) = &m.vfs.fs(fs).map_err(|e| kerr(id, e))?.kind else {
            return Err(KernelError::Fs(FsError::Unsupported { path: id.to_string(), what: "diff of a non-union root" }));
        };
        layer::create_from_upper(union.upper(), out).map_err(|e| KernelError::Other(e.to_string()))?;
        Ok(())
    }

    fn remove_rootfs(&mut self, id: &str) -> Result<(), KernelError> {
        let fs = self.rootfs_fs(id)?;
        self.machine.borrow_mut().vfs.remove_fs(fs).map_err(|e| kerr(id, e))?;
        self.rootfs.remove(id);
        Ok(())
    }

    fn rootfs_changes(&mut self, id: &str) -> Result<Vec<wharf_engine::unionfs::diff::Change>, KernelError> {
        let fs = self.rootfs_fs(id)?;
        let m = self.machine.borrow();
        let FsKind::Union(union) = &m.vfs.fs(fs).map_err(|e| kerr(id, e))?.kind else {
            return Err(KernelError::Fs(FsError::Unsupported { path: id.to_string(), what: "diff of a non-union root" }));
        };
        Ok(wharf_engine::unionfs::diff::changes(union)?)
    }

    fn spawn(&mut self, spec: &ProcessSpec) -> Result<Pid, KernelError> {
        let root_fs = match &spec.rootfs {
            Some(id) => Some(self.rootfs_fs(id)?),
            None => None,
        };
        let (pid, stdio) = spawn::spawn(&self.machine, spec, root_fs)?;
        self.stdio.insert(pid, stdio);
        Ok(pid)
    }

    fn signal(&mut self, pid: Pid, signal: i32) -> Result<(), KernelError> {
        self.machine.borrow_mut().signal(None, pid, signal).map_err(|e| kerr(&format!("process {pid}"), e))
    }

    fn poll_wait(&mut self, pid: Pid, cx: &mut Context<'_>) -> Poll<Result<ExitStatus, KernelError>> {
        let mut m = self.machine.borrow_mut();
        let Some(p) = m.procs.get_mut(&pid) else { return Poll::Ready(Err(KernelError::NotFound(format!("process {pid}")))) };
        if let ProcState::Zombie(status) = p.state {
            m.remove_process(pid);
            return Poll::Ready(Ok(status));
        }
        // The daemon's supervisor polls every container each time it wakes: register once.
        if !p.exit_waiters.iter().any(|w| w.will_wake(cx.waker())) {
            p.exit_waiters.push(cx.waker().clone());
        }
        Poll::Pending
    }

    fn poll_read_output(&mut self, pid: Pid, stream: Stream, buf: &mut [u8], cx: &mut Context<'_>) -> Poll<Result<usize, KernelError>> {
        let Some(io) = self.stdio.get(&pid) else { return Poll::Ready(Err(KernelError::NotFound(format!("process {pid}")))) };
        let file = match stream {
            Stream::Stdout => &io.stdout,
            Stream::Stderr => &io.stderr,
        };
        let f = file.borrow();
        match &f.obj {
            FileObj::Pipe(end) => end.poll_read(buf, cx).map_err(|e| kerr("output", e)),
            _ => Poll::Ready(Ok(0)),
        }
    }

    fn write_stdin(&mut self, pid: Pid, data: &[u8]) -> Result<(), KernelError> {
        let io = self.stdio.get_mut(&pid).ok_or_else(|| KernelError::NotFound(format!("process {pid}")))?;
        if data.is_empty() {
            io.stdin = None;
            return Ok(());
        }
        let file = io.stdin.as_ref().ok_or_else(|| KernelError::Other("stdin is closed".into()))?;
        let f = file.borrow();
        let FileObj::Pipe(end) = &f.obj else { return Err(KernelError::Other("stdin is not a pipe".into())) };
        // The engine's writes are small (keystrokes, `docker run -i` input); a full pipe
        // drops what does not fit, as a non-blocking write would.
        let waker = std::task::Waker::noop();
        let _ = end.poll_write(data, &mut Context::from_waker(waker));
        Ok(())
    }

    fn freeze(&mut self, pid: Pid, frozen: bool) -> Result<(), KernelError> {
        let mut m = self.machine.borrow_mut();
        let cg = m.proc(pid).map_err(|e| kerr(&format!("process {pid}"), e))?.cgroup.clone();
        let data = if frozen { b"1".as_slice() } else { b"0".as_slice() };
        crate::cgroupfs::write(&mut m, &format!("{cg}/cgroup.freeze"), data, pid).map_err(|e| kerr(&cg, e))
    }

    fn set_limits(&mut self, pid: Pid, limits: &Limits) -> Result<(), KernelError> {
        let mut m = self.machine.borrow_mut();
        let cg = m.proc(pid).map_err(|e| kerr(&format!("process {pid}"), e))?.cgroup.clone();
        let g = m.cgroups.groups.get_mut(&cg).ok_or_else(|| KernelError::NotFound(cg.clone()))?;
        g.memory_max = limits.memory_max;
        g.pids_max = limits.pids_max;
        g.cpu_max = match limits.cpu_max {
            Some((quota, period)) => (Some(quota), period),
            None => (None, g.cpu_max.1),
        };
        Ok(())
    }

    fn cgroup_stats(&mut self, pid: Pid) -> Result<CgroupStats, KernelError> {
        let m = self.machine.borrow();
        let cg = m.proc(pid).map_err(|e| kerr(&format!("process {pid}"), e))?.cgroup.clone();
        let g = m.cgroups.groups.get(&cg).ok_or_else(|| KernelError::NotFound(cg.clone()))?;
        Ok(CgroupStats {
            memory_current: crate::cgroup::memory_current(&m, &cg),
            memory_max: g.memory_max,
            cpu_usage_usec: g.usage_usec,
            pids_current: crate::cgroup::live_in(&m, &cg),
            pids: m.procs.values().filter(|p| !p.is_zombie() && p.cgroup == cg).map(|p| p.pid).collect(),
        })
    }

    fn process_table(&mut self, pid: Pid) -> Result<Vec<ProcessRow>, KernelError> {
        let m = self.machine.borrow();
        let cg = m.proc(pid).map_err(|e| kerr(&format!("process {pid}"), e))?.cgroup.clone();
        let on_terminal = |p: &crate::process::Process| {
            (0..3).any(|fd| p.fds.get(&fd).is_some_and(|f| f.borrow().terminal || matches!(f.borrow().obj, FileObj::Tty(_))))
        };
        Ok(m.procs
            .values()
            .filter(|p| !p.is_zombie() && p.cgroup == cg)
            .map(|p| ProcessRow {
                uid: p.creds.uid,
                pid: p.pid,
                ppid: p.ppid,
                started: p.start_time,
                tty: on_terminal(p).then(|| "pts/0".to_string()),
                cpu_time: p.cpu_nanos as i64,
                args: p.argv.clone(),
            })
            .collect())
    }

    fn host_shell(&mut self, command_line: &str) -> Result<Pid, KernelError> {
        let spec = ProcessSpec {
            args: vec!["/bin/sh".into(), "-c".into(), command_line.to_string()],
            env: vec![format!("PATH={}", crate::sys::DEFAULT_PATH), "HOME=/root".into()],
            cwd: "/root".into(),
            ..ProcessSpec::default()
        };
        self.spawn(&spec)
    }

    fn create_bridge(&mut self, name: &str, gateway: IpNet) -> Result<(), KernelError> {
        self.machine.borrow_mut().net.create_bridge(name, gateway).map_err(|e| kerr(name, e))
    }

    fn delete_bridge(&mut self, name: &str) -> Result<(), KernelError> {
        self.machine.borrow_mut().net.delete_bridge(name).map_err(|e| kerr(name, e))
    }

    fn connect(&mut self, pid: Pid, bridge: &str, ifname: &str, address: IpNet, gateway: Option<std::net::Ipv4Addr>) -> Result<(), KernelError> {
        let mut m = self.machine.borrow_mut();
        let ns = m.proc(pid).map_err(|e| kerr(&format!("process {pid}"), e))?.ns.net;
        self.netns.insert(pid, ns);
        m.net.connect(ns, bridge, ifname, address, gateway).map_err(|e| kerr(bridge, e))
    }

    fn disconnect(&mut self, pid: Pid, bridge: &str) -> Result<(), KernelError> {
        let mut m = self.machine.borrow_mut();
        let alive = m.proc(pid).ok().map(|p| p.ns.net);
        let ns = alive.or_else(|| self.netns.get(&pid).copied()).ok_or_else(|| KernelError::NotFound(format!("process {pid}")))?;
        let r = m.net.disconnect(ns, bridge).map_err(|e| kerr(bridge, e));
        // Once its processes are gone and its last veth removed, the namespace goes too.
        if alive.is_none() && m.net.namespaces.get(&ns).is_some_and(|n| n.ifaces.len() <= 1) && !m.procs.values().any(|p| p.ns.net == ns) {
            m.net.remove_namespace(ns);
            self.netns.remove(&pid);
        }
        r
    }

    fn serve_dns(&mut self, pid: Pid, server: std::net::Ipv4Addr, answer: wharf_engine::kernel::DnsAnswer) -> Result<(), KernelError> {
        let mut m = self.machine.borrow_mut();
        let ns = m.proc(pid).map_err(|e| kerr(&format!("process {pid}"), e))?.ns.net;
        m.net.dns.insert((ns, server), answer);
        Ok(())
    }

    fn write_container_file(&mut self, id: &str, name: &str, data: &[u8]) -> Result<String, KernelError> {
        let dir = format!("var/lib/docker/containers/{id}");
        let mut m = self.machine.borrow_mut();
        let host = m.host_fs;
        let tree = m.vfs.fs_mut(host).map_err(|e| kerr(id, e))?.kind.tree_mut().ok_or_else(|| KernelError::NotFound("host disk".into()))?;
        let mut path = String::new();
        for part in dir.split('/') {
            path = if path.is_empty() { part.to_string() } else { format!("{path}/{part}") };
            if tree.lstat(&path)?.is_none() {
                tree.mkdir(&path, &wharf_engine::fs::Attrs::root(0o710))?;
            }
        }
        let file = format!("{dir}/{name}");
        if tree.lstat(&file)?.is_some() {
            tree.remove(&file)?;
        }
        tree.write_file(&file, &wharf_engine::fs::Attrs::root(0o644), &mut &data[..])?;
        Ok(format!("/{file}"))
    }

    fn publish_port(&mut self, protocol: Protocol, host_ip: std::net::Ipv4Addr, host_port: u16, target_ip: std::net::Ipv4Addr, target_port: u16) -> Result<(), KernelError> {
        let f = Forward { protocol, host_ip, host_port, target_ip, target_port };
        self.machine.borrow_mut().net.publish(f).map_err(|e| kerr(&format!("{host_ip}:{host_port}"), e))
    }

    fn unpublish_port(&mut self, protocol: Protocol, host_ip: std::net::Ipv4Addr, host_port: u16) -> Result<(), KernelError> {
        self.machine.borrow_mut().net.unpublish(protocol, host_ip, host_port).map_err(|e| kerr(&format!("{host_ip}:{host_port}"), e))
    }

    fn create_volume(&mut self, name: &str) -> Result<String, KernelError> {
        let path = format!("var/lib/docker/volumes/{name}/_data");
        let mut m = self.machine.borrow_mut();
        let host = m.host_fs;
        let mtime = m.clock.now() / 1_000_000_000;
        let tree = m.vfs.fs_mut(host).map_err(|e| kerr(name, e))?.kind.tree_mut().ok_or_else(|| KernelError::NotFound("host disk".into()))?;
        let mut dir = String::new();
        for part in path.split('/') {
            dir = if dir.is_empty() { part.to_string() } else { format!("{dir}/{part}") };
            if tree.lstat(&dir)?.is_none() {
                let mode = if part == "volumes" { 0o701 } else { 0o755 };
                tree.mkdir(&dir, &wharf_engine::fs::Attrs { mtime, ..wharf_engine::fs::Attrs::root(mode) })?;
            }
        }
        Ok(format!("/{path}"))
    }

    fn remove_volume(&mut self, name: &str) -> Result<(), KernelError> {
        let mut m = self.machine.borrow_mut();
        let host = m.host_fs;
        let tree = m.vfs.fs_mut(host).map_err(|e| kerr(name, e))?.kind.tree_mut().ok_or_else(|| KernelError::NotFound("host disk".into()))?;
        tree.remove(&format!("var/lib/docker/volumes/{name}")).map_err(KernelError::from)
    }

    fn with_host_dir(&mut self, path: &str, create: bool, f: &mut dyn FnMut(&mut dyn FsWrite, &str) -> Result<(), KernelError>) -> Result<(), KernelError> {
        let mut m = self.machine.borrow_mut();
        let ns = m.host_mnt;
        let not_found = || KernelError::NotFound(path.to_string());
        let exists = matches!(m.resolve_in(ns, "/", "/", path, true, None), Ok(r) if r.exists);
        if !exists && !create {
            return Err(not_found());
        }
        if !exists {
            mkdir_p(&mut m, ns, path).map_err(|e| kerr(path, e))?;
        }
        let res = m.resolve_in(ns, "/", "/", path, true, None).map_err(|e| kerr(path, e))?;
        if m.lstat_abs(ns, &res.path, None).map_err(|e| kerr(path, e))?.is_none_or(|md| md.kind != wharf_engine::fs::FileKind::Dir) {
            return Err(KernelError::Fs(FsError::NotADirectory(path.to_string())));
        }
        let (mount, inner) = m.vfs.locate(ns, &res.path);
        let fs = mount.fs;
        let tree = m.vfs.fs_mut(fs).map_err(|e| kerr(path, e))?.kind.tree_mut().ok_or_else(not_found)?;
        f(tree, &inner)
    }
}

#[cfg(test)]
mod tests;
