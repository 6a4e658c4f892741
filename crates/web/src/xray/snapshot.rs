//! What the X-ray panes show, copied out of the machine: plain data that compares cheaply, so
//! a pane redraws only when what it shows changed.
//!
//! Everything is read through `wharf-sim-kernel`'s public state (the process table, PID and
//! UTS namespaces, mount tables, the cgroup tree, the network); nothing here changes it.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use wharf_sim_kernel::cgroup;
use wharf_sim_kernel::machine::Machine;
use wharf_sim_kernel::net::IfaceKind;
use wharf_sim_kernel::process::ProcState;
use wharf_sim_kernel::vfs::{FsKind, MntNsId};

/// One live process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcInfo {
    /// Host PID.
    pub pid: u32,
    /// Parent's host PID (0: none).
    pub ppid: u32,
    /// Command name.
    pub comm: String,
    /// Command line.
    pub cmdline: String,
    /// Its number in each PID namespace it is visible in, host's first.
    pub ns_pids: Vec<u32>,
    /// Its PID namespace.
    pub pid_ns: usize,
    /// Its UTS namespace's hostname.
    pub hostname: String,
    /// `R`unning/sleeping, s`T`opped.
    pub state: char,
    /// Its colour in the pictures (see [`colour`]).
    pub colour: usize,
}

/// A PID namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PidNsInfo {
    /// Its index (0: the host's).
    pub id: usize,
    /// Nesting depth.
    pub level: usize,
    /// The enclosing namespace.
    pub parent: Option<usize>,
}

/// The process table and PID namespaces.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Processes {
    /// Live processes by host PID.
    pub procs: Vec<ProcInfo>,
    /// Every PID namespace, by index.
    pub namespaces: Vec<PidNsInfo>,
}

/// One cgroup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CgroupInfo {
    /// Path below the root (`""` is the root).
    pub path: String,
    /// Live processes in it and below.
    pub procs: u64,
    /// `pids.max`.
    pub pids_max: Option<u64>,
    /// `memory.current`, bytes.
    pub memory: u64,
    /// `memory.max`, bytes.
    pub memory_max: Option<u64>,
    /// `cpu.max` quota and period, microseconds.
    pub cpu_max: (Option<u64>, u64),
    /// `cgroup.freeze`.
    pub frozen: bool,
}

/// One mount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountInfo {
    /// Where, namespace-absolute.
    pub mountpoint: String,
    /// `ext4`, `proc`, `overlay`...
    pub fstype: String,
    /// `/dev/sda1`, `proc`, `overlay`...
    pub source: String,
    /// Mounted read-only.
    pub readonly: bool,
    /// A bind mount's directory inside its filesystem.
    pub subpath: String,
}

/// A mount namespace and who lives in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountNsInfo {
    /// Its index.
    pub id: usize,
    /// Whether it is the host's.
    pub host: bool,
    /// Commands of the processes in it (host PID, comm), a few.
    pub members: Vec<(u32, String)>,
    /// Its mount table, in mount order.
    pub mounts: Vec<MountInfo>,
    /// Its colour in the pictures.
    pub colour: usize,
}

/// One network interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfaceInfo {
    /// `lo`, `eth0`, `docker0`.
    pub name: String,
    /// `loopback`, `bridge`, `veth`, `ether`.
    pub kind: &'static str,
    /// Address with prefix.
    pub addr: Option<String>,
    /// For a veth: the bridge its peer is on.
    pub bridge: Option<String>,
}

/// A network namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetNsInfo {
    /// Its index (0: the host's).
    pub id: usize,
    /// Interfaces, `lo` first.
    pub ifaces: Vec<IfaceInfo>,
    /// Default gateway.
    pub gateway: Option<String>,
    /// Hostname and command of a process in it, to name it.
    pub label: String,
    /// Its colour in the pictures.
    pub colour: usize,
}

/// The network.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Network {
    /// Namespaces, the host's first.
    pub namespaces: Vec<NetNsInfo>,
    /// Published ports: `0.0.0.0:8080 -> 172.17.0.2:80/tcp`.
    pub published: Vec<String>,
}

/// A union filesystem (a container's root) and its layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionInfo {
    /// Where it is mounted and in which mount namespace.
    pub mountpoint: String,
    /// The mount namespace.
    pub mnt_ns: usize,
    /// Entries in each lower layer, bottom first.
    pub lowers: Vec<usize>,
    /// Entries in the writable upper layer.
    pub upper: usize,
    /// Its colour in the pictures (its mount namespace's).
    pub colour: usize,
}

/// The colour a namespace (or a process) gets in every picture: its UTS namespace's when it
/// has its own, else one from its own index. Docker gives every container a UTS namespace,
/// so one container is one colour across the Processes, Filesystem, Network and Layers
/// tabs.
pub fn colour(uts: Option<usize>, own: usize) -> usize {
    match uts {
        Some(u) if u > 0 => u,
        _ => own + 3,
    }
}

/// Reads the process table.
pub fn processes(m: &Machine) -> Processes {
    let live = || m.procs.values().filter(|p| !p.is_zombie());
    let procs = live()
        .map(|p| ProcInfo {
            pid: p.pid,
            ppid: p.ppid,
            comm: p.comm.clone(),
            cmdline: p.argv.join(" "),
            ns_pids: p.ns_pids.clone(),
            pid_ns: p.ns.pid,
            hostname: m.uts.get(p.ns.uts).map(|u| u.hostname.clone()).unwrap_or_default(),
            state: if p.state == ProcState::Stopped { 'T' } else { 'R' },
            colour: colour(Some(p.ns.uts), p.ns.pid),
        })
        .collect();
    let namespaces = m.pid_namespaces.iter().enumerate().map(|(id, ns)| PidNsInfo { id, level: ns.level, parent: ns.parent }).collect();
    Processes { procs, namespaces }
}

/// Reads the cgroup tree.
pub fn cgroups(m: &Machine) -> Vec<CgroupInfo> {
    m.cgroups
        .groups
        .iter()
        .map(|(path, g)| CgroupInfo {
            path: path.clone(),
            procs: cgroup::live_in(m, path),
            pids_max: g.pids_max,
            memory: cgroup::memory_current(m, path),
            memory_max: g.memory_max,
            cpu_max: g.cpu_max,
            frozen: g.frozen,
        })
        .collect()
}

/// Reads the mount table of every mount namespace a live process is in, the host's first.
pub fn mounts(m: &Machine) -> Vec<MountNsInfo> {
    let mut members: BTreeMap<MntNsId, Vec<(u32, String)>> = BTreeMap::from([(m.host_mnt, Vec::new())]);
    let mut uts: BTreeMap<MntNsId, usize> = BTreeMap::new();
    for p in m.procs.values().filter(|p| !p.is_zombie()) {
        members.entry(p.ns.mnt).or_default().push((p.pid, p.comm.clone()));
        uts.entry(p.ns.mnt).or_insert(p.ns.uts);
    }
    members
        .into_iter()
        .map(|(ns, members)| MountNsInfo {
            colour: colour(uts.get(&ns).copied(), ns.0),
            id: ns.0,
            host: ns == m.host_mnt,
            members,
            mounts: m
                .vfs
                .mounts(ns)
                .iter()
                .map(|mount| {
                    let fs = m.vfs.fs(mount.fs).ok();
                    MountInfo {
                        mountpoint: mount.mountpoint.clone(),
                        fstype: fs.map(|f| f.fstype.clone()).unwrap_or_default(),
                        source: fs.map(|f| f.source.clone()).unwrap_or_default(),
                        readonly: mount.readonly,
                        subpath: mount.subpath.clone(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// Reads the network namespaces that exist and the published ports.
pub fn network(m: &Machine) -> Network {
    let mut labels: BTreeMap<usize, String> = BTreeMap::new();
    let mut uts: BTreeMap<usize, usize> = BTreeMap::new();
    for p in m.procs.values().filter(|p| !p.is_zombie()) {
        uts.entry(p.ns.net).or_insert(p.ns.uts);
        labels.entry(p.ns.net).or_insert_with(|| {
            let host = m.uts.get(p.ns.uts).map(|u| u.hostname.as_str()).unwrap_or("");
            format!("{host} · {}", p.comm)
        });
    }
    let namespaces = m
        .net
        .namespaces
        .iter()
        .map(|(&id, ns)| NetNsInfo {
            id,
            ifaces: ns
                .ifaces
                .iter()
                .map(|i| IfaceInfo {
                    name: i.name.clone(),
                    kind: match i.kind {
                        IfaceKind::Loopback => "loopback",
                        IfaceKind::Bridge => "bridge",
                        IfaceKind::Veth { .. } => "veth",
                        IfaceKind::Ethernet => "ether",
                    },
                    addr: i.addr.map(|a| format!("{}/{}", a.addr, a.prefix)),
                    bridge: match &i.kind {
                        IfaceKind::Veth { bridge } => Some(bridge.clone()),
                        _ => None,
                    },
                })
                .collect(),
            gateway: ns.gateway.map(|g| g.to_string()),
            label: if id == 0 { "host".to_string() } else { labels.get(&id).cloned().unwrap_or_else(|| format!("netns {id}")) },
            colour: colour(uts.get(&id).copied(), id),
        })
        .collect();
    let published = m
        .net
        .forwards
        .iter()
        .map(|f| {
            let proto = format!("{:?}", f.protocol).to_lowercase();
            format!("{}:{} → {}:{}/{proto}", f.host_ip, f.host_port, f.target_ip, f.target_port)
        })
        .collect();
    Network { namespaces, published }
}

thread_local! {
    /// Entry counts of lower layers, which never change once made: keyed by address, which
    /// is stable while the layer lives (and a stale entry only miscounts a picture).
    static LAYER_SIZES: RefCell<HashMap<usize, usize>> = RefCell::new(HashMap::new());
}

/// Reads every union filesystem that is mounted somewhere.
pub fn unions(m: &Machine) -> Vec<UnionInfo> {
    let mut uts: BTreeMap<MntNsId, usize> = BTreeMap::new();
    for p in m.procs.values().filter(|p| !p.is_zombie()) {
        uts.entry(p.ns.mnt).or_insert(p.ns.uts);
    }
    // `extend` inserts one by one: `collect()` would sort, and instantiate a sort for the type.
    let mut namespaces: BTreeSet<MntNsId> = BTreeSet::new();
    namespaces.extend(uts.keys().copied());
    namespaces.insert(m.host_mnt);
    let mut out = Vec::new();
    for ns in namespaces {
        for mount in m.vfs.mounts(ns) {
            let Ok(fs) = m.vfs.fs(mount.fs) else { continue };
            let FsKind::Union(u) = &fs.kind else { continue };
            let lowers = u
                .lowers()
                .iter()
                .map(|l| {
                    let key = std::sync::Arc::as_ptr(l) as usize;
                    LAYER_SIZES.with(|c| *c.borrow_mut().entry(key).or_insert_with(|| l.walk().len()))
                })
                .collect();
            let colour = colour(uts.get(&ns).copied(), ns.0);
            out.push(UnionInfo { mountpoint: mount.mountpoint.clone(), mnt_ns: ns.0, lowers, upper: u.upper().walk().len(), colour });
        }
    }
    out
}
