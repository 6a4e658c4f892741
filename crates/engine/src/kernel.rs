//! The Kernel trait: everything the engine asks of a machine.
//!
//! **The key decision: the engine is a library over this one trait.** Docker's daemon talks to
//! Linux through containerd, runc and the kernel; wharf's engine talks to [`Kernel`] instead,
//! and there are two: the simulated Linux of `wharf-sim-kernel` (a browser tab) and the real one
//! in `wharf` (`crates/native`). To port wharf, implement this module's trait and nothing else.
//!
//! **Nothing here blocks.** A browser tab cannot block, so every operation that waits is a
//! `poll_*` method in the style of [`std::future::Future::poll`]: it returns
//! [`Poll::Pending`] after arranging for `cx`'s waker to be woken, and the engine builds its
//! futures (an attached `run`, `wait`, `stop`'s grace period, `logs -f`, build steps) on top.
//! The simulator's deterministic executor drives them with virtual time; natively a real runtime
//! drives the same futures with real time.
//!
//! Each method says which Linux call it stands for and how it fails. Operations a kernel cannot
//! do fail with [`KernelError::Unsupported`]; none panics.

use std::io::{Read, Write};
use std::task::{Context, Poll};

use crate::digest::Digest;
use crate::fs::{FsError, FsWrite};
use crate::image::store::{ContentStore, MetadataStore, StoreError};

/// A process ID as the host (the outermost PID namespace) sees it.
pub type Pid = u32;

/// Nanoseconds since the Unix epoch.
pub type Timestamp = i64;

/// Why a kernel operation failed.
#[derive(Debug, thiserror::Error)]
pub enum KernelError {
    /// This kernel cannot do the operation at all (e.g. a feature the simulator lacks).
    #[error("{0} is not supported by this kernel")]
    Unsupported(&'static str),
    /// No such process, layer, root filesystem, network or volume (`ESRCH`, `ENOENT`).
    #[error("{0}: not found")]
    NotFound(String),
    /// The object is in use (`EBUSY`), e.g. a port already bound.
    #[error("{0}: resource busy")]
    Busy(String),
    /// The caller lacks a privilege (`EPERM`, `EACCES`).
    #[error("{0}: permission denied")]
    PermissionDenied(String),
    /// Limits were hit (`EAGAIN` from fork under `pids.max`, `ENOMEM`).
    #[error("{0}: resource temporarily unavailable")]
    WouldExceedLimit(String),
    /// A filesystem operation failed.
    #[error(transparent)]
    Fs(#[from] FsError),
    /// A store operation failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Anything else the platform reported, with its message.
    #[error("{0}")]
    Other(String),
}

/// How a namespace of a new process is chosen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum NamespaceMode {
    /// Share the host's (`--network host`, `--pid host`).
    #[default]
    Host,
    /// A fresh one (`unshare(2)` / `CLONE_NEW*`).
    New,
    /// Join the one process `pid` is in (`setns(2)`; `--network container:x`, `docker exec`).
    Join(Pid),
}

/// The namespaces of a new process.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Namespaces {
    /// Mount namespace.
    pub mnt: NamespaceMode,
    /// PID namespace: a new one makes the process PID 1 inside.
    pub pid: NamespaceMode,
    /// Hostname and domain name.
    pub uts: NamespaceMode,
    /// System V IPC and POSIX message queues.
    pub ipc: NamespaceMode,
    /// Network stack.
    pub net: NamespaceMode,
    /// User and group ID mappings.
    pub user: NamespaceMode,
    /// Cgroup root view.
    pub cgroup: NamespaceMode,
}

/// A mount to make inside a new mount namespace, after the root filesystem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountSpec {
    /// A bind mount of a host path (`-v /host:/ctr`, `--mount type=bind`) or of a volume's
    /// storage (see [`Kernel::create_volume`]).
    Bind {
        /// Host path.
        source: String,
        /// Path in the container.
        target: String,
        /// Mount read-only.
        readonly: bool,
    },
    /// A tmpfs (`--tmpfs`, `RUN --mount=type=tmpfs`).
    Tmpfs {
        /// Path in the container.
        target: String,
        /// Size limit in bytes.
        size: Option<u64>,
        /// mount(2) flags and tmpfs data as dockerd merges them (`noexec`, `nosuid`, `nodev`,
        /// `ro`, `size=64m`, `mode=1777`), like an OCI mount's `options`; empty for none.
        options: Vec<String>,
    },
}

/// Resource limits, applied through a cgroup of the process's own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Limits {
    /// `memory.max` in bytes; exceeding it OOM-kills the process (exit 137).
    pub memory_max: Option<u64>,
    /// `pids.max`: fork fails beyond it.
    pub pids_max: Option<u64>,
    /// `cpu.max` as (quota, period) in microseconds (`--cpus 1.5` is 150000/100000).
    pub cpu_max: Option<(u64, u64)>,
}

/// Everything needed to start a process: what `clone(2)` + `execve(2)` and runc's config say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProcessSpec {
    /// `argv`; `args[0]` is looked up in `PATH` of `env` if it has no `/`.
    pub args: Vec<String>,
    /// `KEY=value` environment.
    pub env: Vec<String>,
    /// Working directory inside the root.
    pub cwd: String,
    /// User and group IDs (already resolved against the image's `/etc/passwd`).
    pub uid: u32,
    /// Primary group.
    pub gid: u32,
    /// Supplementary groups.
    pub groups: Vec<u32>,
    /// The root filesystem made by [`Kernel::create_rootfs`], or `None` for the host's.
    pub rootfs: Option<String>,
    /// Mount the root filesystem read-only (`--read-only`).
    pub readonly_rootfs: bool,
    /// Namespaces.
    pub namespaces: Namespaces,
    /// Hostname, when the UTS namespace is new.
    pub hostname: Option<String>,
    /// Extra mounts.
    pub mounts: Vec<MountSpec>,
    /// The cgroup to run in, below the root (`system.slice/docker-<id>.scope`); created with
    /// `limits` if it does not exist, joined if it does (`docker exec`). Empty: the caller's.
    pub cgroup: String,
    /// Cgroup limits.
    pub limits: Limits,
    /// Capabilities to keep (`CAP_CHOWN`...); everything else is dropped.
    pub capabilities: Vec<String>,
    /// Apply Docker's default seccomp profile.
    pub seccomp: bool,
    /// Set `no_new_privs` (`--security-opt no-new-privileges`).
    pub no_new_privileges: bool,
    /// Give the process a pseudo-terminal instead of pipes (`-t`).
    pub tty: bool,
    /// Keep stdin open for [`Kernel::write_stdin`] (`-i`).
    pub stdin: bool,
}

/// How a process ended, as `waitpid(2)` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// It called `exit(code)`.
    Exited(i32),
    /// A signal killed it.
    Signaled(i32),
}

impl ExitStatus {
    /// The shell's view: the code, or 128 + the signal number (137 for SIGKILL).
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Exited(c) => c,
            ExitStatus::Signaled(s) => 128 + s,
        }
    }
}

/// Which output stream of a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// File descriptor 1 (and the terminal, for a tty process).
    Stdout,
    /// File descriptor 2.
    Stderr,
}

/// What a cgroup has used, for `docker stats` and `docker top`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CgroupStats {
    /// `memory.current` in bytes.
    pub memory_current: u64,
    /// `memory.max`, if limited.
    pub memory_max: Option<u64>,
    /// `cpu.stat` usage_usec.
    pub cpu_usage_usec: u64,
    /// `pids.current`.
    pub pids_current: u64,
    /// The processes in the cgroup, host PIDs.
    pub pids: Vec<Pid>,
}

/// One process, as `ps -ef` shows it (the default of `docker top`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessRow {
    /// Effective user ID.
    pub uid: u32,
    /// Host PID.
    pub pid: Pid,
    /// Host PID of the parent.
    pub ppid: Pid,
    /// When it started.
    pub started: Timestamp,
    /// Its controlling terminal (`pts/0`), or `None`.
    pub tty: Option<String>,
    /// CPU time used, in nanoseconds.
    pub cpu_time: i64,
    /// Its command line.
    pub args: Vec<String>,
}

/// A network interface address with its prefix (`172.17.0.2/16`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IpNet {
    /// The address.
    pub addr: std::net::Ipv4Addr,
    /// Prefix length.
    pub prefix: u8,
}

/// Transport protocol of a published port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

/// A DNS server's answers: a name to its addresses (empty: no such name). See
/// [`Kernel::serve_dns`].
pub type DnsAnswer = std::rc::Rc<dyn Fn(&str) -> Vec<std::net::Ipv4Addr>>;

/// The machine under the engine. See the module docs.
pub trait Kernel {
    // ---- time and randomness -------------------------------------------------------------

    /// The wall clock, like `clock_gettime(CLOCK_REALTIME)`. Virtual in the simulator.
    fn now(&self) -> Timestamp;

    /// Fills `buf` with random bytes, like `getrandom(2)`. Seeded in the simulator, so the same
    /// commands give the same container IDs.
    fn fill_random(&mut self, buf: &mut [u8]);

    /// Ready once [`Kernel::now`] has reached `deadline`; otherwise wakes `cx` when it has.
    /// Like `clock_nanosleep(2)` with `TIMER_ABSTIME`, without blocking.
    fn poll_sleep_until(&mut self, deadline: Timestamp, cx: &mut Context<'_>) -> Poll<()>;

    // ---- storage ---------------------------------------------------------------------------

    /// The blob store (manifests, configs, layer tarballs) and the metadata store (image
    /// records, tags, container and volume state), together: the image database needs both
    /// at once.
    fn stores(&mut self) -> (&mut dyn ContentStore, &mut dyn MetadataStore);

    // ---- layers and root filesystems -------------------------------------------------------

    /// Unpacks the (uncompressed) layer `tar` into layer storage under its chain ID, on top of
    /// `parent`. Whiteouts become overlayfs whiteouts. Fails with [`KernelError::NotFound`] if
    /// `parent` is not unpacked, and with a filesystem error naming the entry for a hostile tar;
    /// a failed unpack leaves nothing behind. Unpacking an existing chain ID is a no-op.
    fn unpack_layer(&mut self, chain_id: &Digest, parent: Option<&Digest>, tar: &mut dyn Read) -> Result<(), KernelError>;

    /// Forgets an unpacked layer. Fails with [`KernelError::Busy`] while a root filesystem uses it.
    fn remove_layer(&mut self, chain_id: &Digest) -> Result<(), KernelError>;

    /// Makes a container's root filesystem: the union of the unpacked layer chain ending at
    /// `top` (or an empty tree) with a fresh writable upper layer. Like
    /// `mount -t overlay -o lowerdir=...,upperdir=...,workdir=...`.
    fn create_rootfs(&mut self, id: &str, top: Option<&Digest>) -> Result<(), KernelError>;

    /// [`Kernel::create_rootfs`] for a root that never outlives one run (`docker run --rm`): a
    /// kernel may skip making its writes durable (overlayfs `volatile`). By default the same.
    fn create_scratch_rootfs(&mut self, id: &str, top: Option<&Digest>) -> Result<(), KernelError> {
        self.create_rootfs(id, top)
    }

    /// Runs `f` on the root filesystem `id`, for the engine to read and write it directly
    /// (`COPY`, `docker cp`, writing `/etc/hosts`). A callback rather than a reference because
    /// a kernel may keep the tree inside shared state (the simulator's mount table).
    fn with_rootfs(&mut self, id: &str, f: &mut dyn FnMut(&mut dyn FsWrite) -> Result<(), KernelError>) -> Result<(), KernelError>;

    /// Writes the changes in `id`'s upper layer as a layer tar (overlayfs whiteouts and opaque
    /// directories become `.wh.` entries): `docker commit`, `docker diff` and build steps.
    fn diff_rootfs(&mut self, id: &str, out: &mut dyn Write) -> Result<(), KernelError>;

    /// Unmounts and deletes a root filesystem and its upper layer.
    fn remove_rootfs(&mut self, id: &str) -> Result<(), KernelError>;

    /// What `docker diff` lists for root filesystem `id`: its merged view compared with its
    /// lower layers alone ([`crate::unionfs::diff`]).
    fn rootfs_changes(&mut self, id: &str) -> Result<Vec<crate::unionfs::diff::Change>, KernelError> {
        let _ = id;
        Err(KernelError::Unsupported("docker diff"))
    }

    // ---- processes ------------------------------------------------------------------------

    /// Starts a process, like `clone(2)` with the namespace flags, then the mounts,
    /// `pivot_root(2)`, cgroup limits, capabilities, seccomp and `execve(2)`. Fails with
    /// [`KernelError::NotFound`] if `args[0]` does not exist in the root (Docker's exit 127) and
    /// [`KernelError::PermissionDenied`] if it is not executable (126).
    fn spawn(&mut self, spec: &ProcessSpec) -> Result<Pid, KernelError>;

    /// Sends `signal` (a Linux signal number) to `pid`, like `kill(2)`.
    fn signal(&mut self, pid: Pid, signal: i32) -> Result<(), KernelError>;

    /// Ready with the exit status once `pid` has ended, like `waitpid(2)`; reaps it.
    fn poll_wait(&mut self, pid: Pid, cx: &mut Context<'_>) -> Poll<Result<ExitStatus, KernelError>>;

    /// Reads what `pid` wrote to `stream`: ready with 0 bytes at end of stream, like `read(2)` on
    /// a non-blocking pipe with `poll(2)`.
    fn poll_read_output(&mut self, pid: Pid, stream: Stream, buf: &mut [u8], cx: &mut Context<'_>) -> Poll<Result<usize, KernelError>>;

    /// Writes to `pid`'s stdin; an empty `data` closes it (end of input).
    fn write_stdin(&mut self, pid: Pid, data: &[u8]) -> Result<(), KernelError>;

    /// Freezes or thaws every process in `pid`'s cgroup, like writing `cgroup.freeze`
    /// (`docker pause`/`unpause`).
    fn freeze(&mut self, pid: Pid, frozen: bool) -> Result<(), KernelError>;

    /// Changes the limits of `pid`'s cgroup while it runs, like writing `memory.max`,
    /// `pids.max` and `cpu.max` (`docker update`). `None` means `max`.
    fn set_limits(&mut self, pid: Pid, limits: &Limits) -> Result<(), KernelError> {
        let _ = (pid, limits);
        Err(KernelError::Unsupported("docker update of a running container's limits"))
    }

    /// What `pid`'s cgroup has used (`memory.current`, `cpu.stat`, `pids.current`).
    fn cgroup_stats(&mut self, pid: Pid) -> Result<CgroupStats, KernelError>;

    /// The processes in `pid`'s cgroup, for `docker top`, like reading `/proc/PID/stat` and
    /// `cmdline` for each PID in `cgroup.procs`.
    fn process_table(&mut self, pid: Pid) -> Result<Vec<ProcessRow>, KernelError> {
        let _ = pid;
        Err(KernelError::Unsupported("docker top"))
    }

    /// Runs a command line in the host's shell (`sh -c`), for lesson setup and checks.
    fn host_shell(&mut self, command_line: &str) -> Result<Pid, KernelError>;

    // ---- networks -------------------------------------------------------------------------

    /// Creates a bridge with the gateway address `gateway`, like
    /// `ip link add NAME type bridge && ip addr add GATEWAY dev NAME`. Fails with
    /// [`KernelError::Busy`] if the name exists.
    fn create_bridge(&mut self, name: &str, gateway: IpNet) -> Result<(), KernelError>;

    /// Deletes a bridge.
    fn delete_bridge(&mut self, name: &str) -> Result<(), KernelError>;

    /// Puts `pid`'s network namespace on `bridge` through a veth pair, naming the inside end
    /// `ifname`, with `address` and a default route via `gateway` if given.
    fn connect(&mut self, pid: Pid, bridge: &str, ifname: &str, address: IpNet, gateway: Option<std::net::Ipv4Addr>) -> Result<(), KernelError>;

    /// `pid`'s network is in place (connected, or nothing to connect): a kernel that holds a
    /// new process back until then, so that its program never starts without its network
    /// (the native one, as runc's create-then-start), lets it run now.
    fn network_ready(&mut self, _pid: Pid) {}

    /// Takes `pid`'s network namespace off `bridge`, deleting its veth pair, like
    /// `ip link del` of the container's end (`docker network disconnect`). Fails with
    /// [`KernelError::NotFound`] when it is not attached.
    fn disconnect(&mut self, pid: Pid, bridge: &str) -> Result<(), KernelError> {
        let _ = (pid, bridge);
        Err(KernelError::Unsupported("network disconnect"))
    }

    /// Forwards `host_ip:host_port` on the host to `target_ip:target_port` (`-p`). Fails with
    /// [`KernelError::Busy`] if the host port is taken ("port is already allocated").
    fn publish_port(&mut self, protocol: Protocol, host_ip: std::net::Ipv4Addr, host_port: u16, target_ip: std::net::Ipv4Addr, target_port: u16) -> Result<(), KernelError>;

    /// Stops forwarding a published port.
    fn unpublish_port(&mut self, protocol: Protocol, host_ip: std::net::Ipv4Addr, host_port: u16) -> Result<(), KernelError>;

    /// Starts a DNS server for `pid`'s network namespace at `server` (Docker's embedded DNS at
    /// 127.0.0.11 on user-defined networks): `answer` maps a name to its addresses, empty for
    /// NXDOMAIN. Like dockerd's resolver listening on UDP and TCP port 53 inside the
    /// container's namespace (moby `libnetwork/resolver.go`). Registering again replaces the
    /// server; it goes with the namespace. Kernels without this fail with
    /// [`KernelError::Unsupported`] (the native kernel does, for now).
    fn serve_dns(&mut self, pid: Pid, server: std::net::Ipv4Addr, answer: DnsAnswer) -> Result<(), KernelError> {
        let _ = (pid, server, answer);
        Err(KernelError::Unsupported("embedded DNS"))
    }

    /// Writes one of the files dockerd keeps beside a container and bind-mounts into it
    /// (`hosts`, `hostname`, `resolv.conf` under `/var/lib/docker/containers/ID/`) and returns
    /// its host path for a [`MountSpec::Bind`]. Bind-mounted over the init layer's empty files,
    /// they never show in `docker diff` or a commit. Rewriting one is seen at once inside
    /// (`docker network connect` adds to `/etc/hosts`).
    fn write_container_file(&mut self, id: &str, name: &str, data: &[u8]) -> Result<String, KernelError> {
        let _ = (id, name, data);
        Err(KernelError::Unsupported("container files"))
    }

    /// The host's resolver configuration as containers off user networks get it (dockerd
    /// copies `/etc/resolv.conf` without its loopback name servers); `None` keeps the
    /// simulated host's.
    fn host_resolv_conf(&self) -> Option<String> {
        None
    }

    // ---- volumes --------------------------------------------------------------------------

    /// Creates the storage of a named volume and returns its host path (the `Mountpoint` of
    /// `docker volume inspect`), for [`MountSpec::Bind`]. Creating an existing one returns it.
    fn create_volume(&mut self, name: &str) -> Result<String, KernelError>;

    /// Deletes a volume's storage and contents.
    fn remove_volume(&mut self, name: &str) -> Result<(), KernelError>;

    /// Runs `f` on the host directory at the absolute `path` (a volume's storage, a bind
    /// mount's source), for the engine to fill a new volume from its image, size it for
    /// `docker system df` and copy files with `docker cp`. `f` gets a tree and the directory's
    /// path inside it. With `create`, a missing directory is made with its parents, like
    /// `mkdir -p` (`-v /host/dir:/ctr`); otherwise a missing one fails with
    /// [`KernelError::NotFound`] ("bind source path does not exist").
    fn with_host_dir(&mut self, path: &str, create: bool, f: &mut dyn FnMut(&mut dyn FsWrite, &str) -> Result<(), KernelError>) -> Result<(), KernelError> {
        let _ = (path, create, f);
        Err(KernelError::Unsupported("host directories"))
    }
}
