//! [`NativeKernel`]: the engine's [`Kernel`] on real Linux.
//!
//! - **Storage** under `--root` (default `/var/lib/wharf`): the stores of [`crate::store`];
//!   unpacked layers in `layers/<chain-hex>/{diff,parent}` ([`layers`]: unpacked into a temp
//!   dir, then renamed); root filesystems in `containers/<id>/{init,upper,work,merged,top}`,
//!   an overlayfs mount (under Docker's init layer) with
//!   `redirect_dir=off,index=off,metacopy=off` ([`rootfs`]); volumes in
//!   `volumes/<name>/_data`.
//! - **Processes** start the crun way: a forked child becomes the container without
//!   re-executing wharf ([`init`]: cgroup, namespaces, `CLONE_PARENT` fork, mounts,
//!   `pivot_root`, masked paths, hostname, seccomp ([`seccomp`]), user, capabilities
//!   ([`caps`]), `execve`; exec failures come back over a close-on-exec socket, so a missing
//!   program is `NotFound` before anything ran). `-t` gets a pty made inside ([`pty`]).
//! - **cgroups** v2, or v1 on v1 and hybrid machines ([`cgroup`]); `docker top` from `/proc`
//!   ([`proctable`]).
//! - **Waiting** never blocks: `poll_*` register with the thread-local [`reactor`]
//!   (`poll(2)` over pidfds and pipes, plus timers), and [`block_on`] / [`block_on_with`]
//!   drive futures with it.
//! - **Networks** through `ip` and `nsenter`, published ports through a userland proxy ([`net`]),
//!   the embedded DNS of user networks on the reactor ([`dns`]).
//!
//! ```no_run
//! use std::future::poll_fn;
//! use wharf_engine::kernel::Kernel;
//! let mut kernel = wharf::kernel::NativeKernel::open("/var/lib/wharf".as_ref()).unwrap();
//! let pid = kernel.host_shell("echo hi").unwrap();
//! let status = wharf::kernel::block_on(poll_fn(|cx| kernel.poll_wait(pid, cx)));
//!
//! // With the daemon: its supervisor runs beside each client command.
//! let daemon = wharf_engine::daemon::Daemon::shared(Box::new(kernel));
//! let supervisor = daemon.clone();
//! # let io: &dyn wharf_engine::client::ClientIo = todo!();
//! let argv = vec!["run".to_string(), "--rm".into(), "busybox".into(), "echo".into(), "hi".into()];
//! let code = wharf::kernel::block_on_with(
//!     poll_fn(move |cx| supervisor.borrow_mut().poll_supervise(cx)),
//!     wharf_engine::client::main(&argv, io, Some(daemon.clone())),
//! );
//! ```

pub mod caps;
pub mod cgroup;
pub mod dns;
pub mod init;
pub mod init_spec;
pub mod layers;
pub mod net;
pub mod process;
pub mod proctable;
pub mod pty;
pub mod reactor;
pub mod rootfs;
pub mod seccomp;
pub mod udp_proxy;

use std::collections::HashSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::task::{Context, Poll};

use wharf_engine::digest::Digest;
use wharf_engine::fs::FsWrite;
use wharf_engine::image::layer;
use wharf_engine::image::store::{ContentStore, MetadataStore};
use wharf_engine::kernel::{CgroupStats, ExitStatus, IpNet, Kernel, KernelError, Pid, ProcessSpec, Protocol, Stream, Timestamp};

use crate::dirfs::DirFs;
use crate::store::{open_stores, DiskContentStore, DiskMetadataStore};

pub use reactor::{block_on, block_on_with};

/// The Linux kernel as the engine's [`Kernel`]. See the module docs.
pub struct NativeKernel {
    root: PathBuf,
    layout: cgroup::Layout,
    content: DiskContentStore,
    metadata: DiskMetadataStore,
    layers: layers::Layers,
    rootfs: rootfs::Rootfs,
    procs: process::Table,
    /// Root filesystems made by this instance, unmounted when it is dropped.
    made_rootfs: HashSet<String>,
    net: net::Net,
    dns: dns::Dns,
    /// Container processes waiting to `execve` until their network is set up.
    held: HeldList,
}

type HeldList = std::rc::Rc<std::cell::RefCell<Vec<(Pid, process::Held)>>>;

fn release_all(held: &HeldList) {
    let list = std::mem::take(&mut *held.borrow_mut());
    list.into_iter().for_each(|(_, h)| h.release());
}

fn io_kerr(what: impl std::fmt::Display) -> impl Fn(std::io::Error) -> KernelError {
    move |e| KernelError::Other(format!("{what}: {e}"))
}

impl NativeKernel {
    /// The kernel over state in `root` (created if missing).
    pub fn open(root: &Path) -> Result<NativeKernel, KernelError> {
        fs::create_dir_all(root).map_err(io_kerr(root.display()))?;
        let (content, metadata) = open_stores(root)?;
        Ok(NativeKernel {
            root: root.to_path_buf(),
            layout: cgroup::detect(),
            content,
            metadata,
            layers: layers::Layers::open(root).map_err(io_kerr(root.display()))?,
            rootfs: rootfs::Rootfs::open(root).map_err(io_kerr(root.display()))?,
            procs: process::Table::new(),
            made_rootfs: HashSet::new(),
            net: net::Net::default(),
            dns: dns::Dns::default(),
            held: HeldList::default(),
        })
    }

    /// Whether the layer stack `chain` is unpacked.
    pub fn has_layer(&self, chain: &Digest) -> bool {
        self.layers.exists(chain)
    }

    /// Unpacks the layers of every image in the store that lacks them: images that `wharf
    /// load` (which writes only the stores) put there. Run before handing the kernel to a daemon.
    pub fn unpack_stored_images(&mut self) -> Result<(), KernelError> {
        let other = |e: &dyn std::fmt::Display| KernelError::Other(e.to_string());
        let db = wharf_engine::image::db::ImageDb::new(&mut self.content, &mut self.metadata);
        let mut todo = Vec::new();
        for id in db.ids().map_err(|e| other(&e))? {
            let record = db.get(&id).map_err(|e| other(&e))?;
            let diff_ids: Vec<Digest> = record.layers.iter().map(|l| l.diff_id).collect();
            let chains = wharf_engine::image::oci::chain_ids(&diff_ids);
            for (i, chain) in chains.iter().enumerate() {
                if !self.layers.exists(chain) && !todo.iter().any(|(c, _, _)| c == chain) {
                    todo.push((*chain, i.checked_sub(1).map(|p| chains[p]), record.layers[i].blob));
                }
            }
        }
        for (chain, parent, blob) in todo {
            let tar = self.content.get(&blob).map_err(|e| other(&e))?;
            self.layers.unpack(&chain, parent.as_ref(), &mut &tar[..])?;
        }
        Ok(())
    }

    /// The cgroup layout found at start.
    pub fn cgroup_layout(&self) -> cgroup::Layout {
        self.layout
    }

    fn child(&mut self, pid: Pid) -> Result<&mut process::Child, KernelError> {
        self.let_go();
        self.procs.get_mut(&pid).ok_or_else(|| KernelError::NotFound(format!("process {pid}")))
    }

    fn cgroup_of(&mut self, pid: Pid) -> Result<cgroup::Cgroup, KernelError> {
        match &self.child(pid)?.cgroup {
            Some(cg) => Ok(cg.clone()),
            None => Err(KernelError::NotFound(format!("cgroup of process {pid}"))),
        }
    }

    fn start(&mut self, spec: &ProcessSpec, host: bool) -> Result<Pid, KernelError> {
        let rootfs = match &spec.rootfs {
            Some(id) => Some(self.rootfs.merged(id)?),
            None => None,
        };
        let (pid, child, held) = process::spawn(self.layout, spec, rootfs, host)?;
        self.procs.insert(pid, child);
        if let Some(h) = held {
            // Let go once the caller has connected it (`network_ready`), else at the end of
            // this turn of the reactor (the engine connects in the same call as it spawns) or
            // before anything looks at the process, whichever comes first.
            self.held.borrow_mut().push((pid, h));
            let held = self.held.clone();
            reactor::defer(move || release_all(&held));
        }
        Ok(pid)
    }

    /// Mounts root filesystem `id` over the chain ending at `top` (`scratch`: `volatile`,
    /// see [`rootfs`]).
    fn make_rootfs(&mut self, id: &str, top: Option<&Digest>, scratch: bool) -> Result<(), KernelError> {
        // A process joins a cgroup next: on v2, through the kernel's global lock (see
        // `init_spec::CgroupEntry`), which this warms while the root mounts.
        if self.layout == cgroup::Layout::V2 {
            cgroup::warm_attach_lock();
        }
        let lowers = match top {
            Some(t) => self.layers.chain(t)?,
            None => Vec::new(),
        };
        self.rootfs.create(id, top, &lowers, scratch)?;
        self.made_rootfs.insert(id.to_string());
        Ok(())
    }

    /// Lets every container process still held for its network run its program now (the
    /// reactor does it at the end of each poll; callers driving the kernel without one call it
    /// after `connect`).
    pub fn let_go(&mut self) {
        release_all(&self.held);
    }
}

impl Kernel for NativeKernel {
    fn now(&self) -> Timestamp {
        reactor::now()
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        let mut done = 0;
        while done < buf.len() {
            // SAFETY: writes at most the rest of `buf`, which is live and mutable.
            let n = unsafe { libc::getrandom(buf[done..].as_mut_ptr().cast(), buf.len() - done, 0) };
            if n > 0 {
                done += n as usize;
            }
        }
    }

    fn poll_sleep_until(&mut self, deadline: Timestamp, cx: &mut Context<'_>) -> Poll<()> {
        if reactor::now() >= deadline {
            return Poll::Ready(());
        }
        reactor::register_timer(deadline, cx.waker());
        Poll::Pending
    }

    fn stores(&mut self) -> (&mut dyn ContentStore, &mut dyn MetadataStore) {
        (&mut self.content, &mut self.metadata)
    }

    fn unpack_layer(&mut self, chain_id: &Digest, parent: Option<&Digest>, tar: &mut dyn Read) -> Result<(), KernelError> {
        self.layers.unpack(chain_id, parent, tar)
    }

    fn remove_layer(&mut self, chain_id: &Digest) -> Result<(), KernelError> {
        if !self.layers.exists(chain_id) {
            return Err(KernelError::NotFound(format!("layer {chain_id}")));
        }
        let busy = || KernelError::Busy(format!("layer {chain_id}"));
        if self.layers.has_children(chain_id)? {
            return Err(busy());
        }
        // A layer inside a root's chain has a child layer; only chain tops need checking here.
        if self.rootfs.tops()?.contains(&Some(*chain_id)) {
            return Err(busy());
        }
        self.layers.remove(chain_id)
    }

    fn create_rootfs(&mut self, id: &str, top: Option<&Digest>) -> Result<(), KernelError> {
        self.make_rootfs(id, top, false)
    }

    fn create_scratch_rootfs(&mut self, id: &str, top: Option<&Digest>) -> Result<(), KernelError> {
        self.make_rootfs(id, top, true)
    }

    fn with_rootfs(&mut self, id: &str, f: &mut dyn FnMut(&mut dyn FsWrite) -> Result<(), KernelError>) -> Result<(), KernelError> {
        let merged = self.rootfs.merged(id)?;
        let mut tree = DirFs::open(&merged).map_err(io_kerr(merged.display()))?;
        f(&mut tree)
    }

    fn diff_rootfs(&mut self, id: &str, out: &mut dyn Write) -> Result<(), KernelError> {
        let upper = self.rootfs.upper(id)?;
        let tree = DirFs::open(&upper).map_err(io_kerr(upper.display()))?;
        layer::create_from_upper(&tree, out).map_err(|e| KernelError::Other(e.to_string()))?;
        Ok(())
    }

    fn remove_rootfs(&mut self, id: &str) -> Result<(), KernelError> {
        self.rootfs.remove(id)?;
        self.made_rootfs.remove(id);
        Ok(())
    }

    fn rootfs_changes(&mut self, id: &str) -> Result<Vec<wharf_engine::unionfs::diff::Change>, KernelError> {
        let upper = DirFs::open(self.rootfs.upper(id)?).map_err(io_kerr(id))?;
        let mut lowers = Vec::new();
        if let Some(top) = self.rootfs.top(id)? {
            for dir in self.layers.chain(&top)?.iter().rev() {
                lowers.push(DirFs::open(dir).map_err(io_kerr(dir.display()))?);
            }
        }
        let init = self.rootfs.init_layer(id)?;
        lowers.push(DirFs::open(&init).map_err(io_kerr(init.display()))?);
        let lowers: Vec<&dyn wharf_engine::fs::FsRead> = lowers.iter().map(|l| l as &dyn wharf_engine::fs::FsRead).collect();
        Ok(wharf_engine::unionfs::diff::changes_of(&lowers, &upper)?)
    }

    fn spawn(&mut self, spec: &ProcessSpec) -> Result<Pid, KernelError> {
        self.start(spec, false)
    }

    fn signal(&mut self, pid: Pid, signal: i32) -> Result<(), KernelError> {
        self.let_go();
        let r = match self.procs.get(&pid) {
            Some(c) => match c.pidfd() {
                // SAFETY: pidfd_send_signal on our own pidfd, no siginfo.
                Some(fd) => unsafe { libc::syscall(libc::SYS_pidfd_send_signal, fd, signal, std::ptr::null::<libc::siginfo_t>(), 0) as i32 },
                None => return Err(KernelError::NotFound(format!("process {pid}"))),
            },
            // SAFETY: kill(2) with integer arguments.
            None => unsafe { libc::kill(pid as libc::pid_t, signal) },
        };
        if r != 0 {
            let e = std::io::Error::last_os_error();
            return Err(match e.raw_os_error() {
                Some(libc::ESRCH) => KernelError::NotFound(format!("process {pid}")),
                Some(libc::EPERM) => KernelError::PermissionDenied(format!("process {pid}")),
                _ => KernelError::Other(format!("signal {signal} to {pid}: {e}")),
            });
        }
        Ok(())
    }

    fn poll_wait(&mut self, pid: Pid, cx: &mut Context<'_>) -> Poll<Result<ExitStatus, KernelError>> {
        let done = match self.child(pid) {
            Ok(c) => c.poll_wait(pid, cx),
            Err(e) => Poll::Ready(Err(e)),
        };
        if done.is_ready() {
            // Its namespace is going: so is the DNS server there (which would keep it alive).
            self.dns.stop(pid);
        }
        done
    }

    fn poll_read_output(&mut self, pid: Pid, stream: Stream, buf: &mut [u8], cx: &mut Context<'_>) -> Poll<Result<usize, KernelError>> {
        match self.child(pid) {
            Ok(c) => c.poll_read(stream, buf, cx),
            Err(e) => Poll::Ready(Err(e)),
        }
    }

    fn write_stdin(&mut self, pid: Pid, data: &[u8]) -> Result<(), KernelError> {
        self.child(pid)?.write_stdin(data)
    }

    fn freeze(&mut self, pid: Pid, frozen: bool) -> Result<(), KernelError> {
        self.cgroup_of(pid)?.freeze(frozen)
    }

    fn cgroup_stats(&mut self, pid: Pid) -> Result<CgroupStats, KernelError> {
        Ok(self.cgroup_of(pid)?.stats())
    }

    fn process_table(&mut self, pid: Pid) -> Result<Vec<wharf_engine::kernel::ProcessRow>, KernelError> {
        let pids = self.cgroup_of(pid)?.stats().pids;
        Ok(pids.into_iter().filter_map(proctable::row).collect())
    }

    fn host_shell(&mut self, command_line: &str) -> Result<Pid, KernelError> {
        let spec = ProcessSpec {
            args: vec!["/bin/sh".into(), "-c".into(), command_line.to_string()],
            env: vec!["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(), "HOME=/root".into()],
            cwd: "/".into(),
            ..ProcessSpec::default()
        };
        self.start(&spec, true)
    }

    fn create_bridge(&mut self, name: &str, gateway: IpNet) -> Result<(), KernelError> {
        self.net.create_bridge(name, gateway)
    }

    fn delete_bridge(&mut self, name: &str) -> Result<(), KernelError> {
        self.net.delete_bridge(name)
    }

    fn connect(&mut self, pid: Pid, bridge: &str, ifname: &str, address: IpNet, gateway: Option<std::net::Ipv4Addr>) -> Result<(), KernelError> {
        self.net.connect(pid, bridge, ifname, address, gateway)
    }

    fn network_ready(&mut self, pid: Pid) {
        let mut held = self.held.borrow_mut();
        if let Some(i) = held.iter().position(|(p, _)| *p == pid) {
            held.swap_remove(i).1.release();
        }
    }

    fn publish_port(&mut self, protocol: Protocol, host_ip: std::net::Ipv4Addr, host_port: u16, target_ip: std::net::Ipv4Addr, target_port: u16) -> Result<(), KernelError> {
        self.net.publish_port(protocol, host_ip, host_port, target_ip, target_port)
    }

    fn unpublish_port(&mut self, protocol: Protocol, host_ip: std::net::Ipv4Addr, host_port: u16) -> Result<(), KernelError> {
        self.net.unpublish_port(protocol, host_ip, host_port)
    }

    fn serve_dns(&mut self, pid: Pid, server: std::net::Ipv4Addr, answer: wharf_engine::kernel::DnsAnswer) -> Result<(), KernelError> {
        self.dns.serve(pid, server, answer)
    }

    fn write_container_file(&mut self, id: &str, name: &str, data: &[u8]) -> Result<String, KernelError> {
        if !matches!(name, "hosts" | "hostname" | "resolv.conf") {
            return Err(KernelError::Other(format!("invalid container file {name:?}")));
        }
        let path = self.rootfs.merged(id)?.with_file_name(name);
        // Written in place, not renamed over: the file is bind-mounted into the container, and
        // a rename would leave the container looking at the old inode.
        fs::write(&path, data).map_err(io_kerr(path.display()))?;
        Ok(path.to_string_lossy().into_owned())
    }

    fn host_resolv_conf(&self) -> Option<String> {
        Some(dns::host_resolv_conf())
    }

    fn create_volume(&mut self, name: &str) -> Result<String, KernelError> {
        if name.is_empty() || name.contains('/') || name.starts_with('.') {
            return Err(KernelError::Other(format!("invalid volume name {name:?}")));
        }
        let data = self.root.join("volumes").join(name).join("_data");
        fs::create_dir_all(&data).map_err(io_kerr(data.display()))?;
        Ok(data.to_string_lossy().into_owned())
    }

    fn remove_volume(&mut self, name: &str) -> Result<(), KernelError> {
        if name.is_empty() || name.contains('/') || name.starts_with('.') {
            return Err(KernelError::NotFound(format!("volume {name}")));
        }
        let dir = self.root.join("volumes").join(name);
        if !dir.exists() {
            return Err(KernelError::NotFound(format!("volume {name}")));
        }
        fs::remove_dir_all(&dir).map_err(io_kerr(dir.display()))
    }

    fn with_host_dir(&mut self, path: &str, create: bool, f: &mut dyn FnMut(&mut dyn FsWrite, &str) -> Result<(), KernelError>) -> Result<(), KernelError> {
        let dir = std::path::Path::new(path);
        if create {
            fs::create_dir_all(dir).map_err(io_kerr(dir.display()))?;
        }
        if !dir.is_dir() {
            return Err(KernelError::NotFound(path.to_string()));
        }
        let mut tree = DirFs::open(dir).map_err(io_kerr(dir.display()))?;
        f(&mut tree, "")
    }
}

impl Drop for NativeKernel {
    /// Kills and reaps the processes still running, removes the cgroups this kernel made and
    /// unmounts the root filesystems it made: nothing is left behind.
    fn drop(&mut self) {
        let mut alive = Vec::new();
        for (&pid, child) in &mut self.procs {
            let Some(pidfd) = child.pidfd() else { continue };
            if let Some(cg) = &child.cgroup {
                let _ = cg.freeze(false);
            }
            // SAFETY: pidfd_send_signal on our own pidfd, no siginfo.
            unsafe { libc::syscall(libc::SYS_pidfd_send_signal, pidfd, libc::SIGKILL, std::ptr::null::<libc::siginfo_t>(), 0) };
            alive.push(pid);
        }
        // Reap without blocking on any one: a dying container init waits in the kernel until
        // every process of its PID namespace is reaped, and an exec'd process there is our
        // child too (CLONE_PARENT), so a blocking wait on the init first would never return.
        for _ in 0..2000 {
            // SAFETY: waitpid of our own children, WNOHANG.
            alive.retain(|&pid| unsafe { libc::waitpid(pid as libc::pid_t, &mut 0, libc::WNOHANG) } == 0);
            if alive.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        // Every cgroup this kernel made, including ones a reaped process left to a sibling.
        for cg in self.procs.values_mut().filter_map(|c| c.cgroup.as_mut()).filter(|c| c.made()) {
            // The killed processes' own children (host PID namespace) may take a moment.
            for _ in 0..100 {
                if cg.remove().is_ok() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
        // Unmounted, not deleted: a container outlives its daemon (`daemon::persist`); `rm`
        // deletes its directory.
        for id in std::mem::take(&mut self.made_rootfs) {
            self.rootfs.unmount(&id);
        }
        self.net.shutdown();
    }
}
