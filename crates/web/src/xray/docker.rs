//! What dockerd knows, copied out of the engine: images with their layer stacks, containers
//! (their writable layer's changes, namespaces, limits, mounts, networks), networks and
//! volumes. Plain data like [`super::snapshot`], so a pane redraws only when it changed.
//!
//! Read in two passes so no borrow of the machine is held while the daemon works:
//! [`read`] asks the daemon (which reaches the machine through its kernel), then [`join`]
//! adds what only the machine knows (each container's processes as seen inside and outside
//! its PID namespace, its hostname, its namespaces' colour).

use std::collections::BTreeMap;

use wharf_engine::collect::CollectMap;
use wharf_engine::daemon::{Daemon, MountKind};
use wharf_engine::digest::Digest;
use wharf_engine::image::oci::chain_ids;
use wharf_sim_kernel::machine::Machine;

use super::snapshot::colour;

/// One layer of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// Chain ID (`sha256:…`): the same stack of layers below and including this one. Two
    /// images share a layer on disk exactly when they share its chain ID.
    pub chain: String,
    /// Diff ID (`sha256:…`): the digest of the layer's uncompressed tar.
    pub diff_id: String,
    /// The build step that made it (`docker history`'s CREATED BY).
    pub created_by: String,
    /// Docker's size of the layer, bytes.
    pub size: u64,
}

/// An image in the daemon's store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Image ID (`sha256:…`).
    pub id: String,
    /// Its tags (`nginx:latest`), none for a dangling image.
    pub tags: Vec<String>,
    /// Layers, bottom first.
    pub layers: Vec<Layer>,
    /// Steps that changed only the config (`ENV`, `CMD`...).
    pub metadata_steps: usize,
}

impl Image {
    /// The short ID `docker images` prints.
    pub fn short_id(&self) -> &str {
        let hex = self.id.strip_prefix("sha256:").unwrap_or(&self.id);
        &hex[..hex.len().min(12)]
    }

    /// Its first tag, or `<none>` and the short ID.
    pub fn name(&self) -> String {
        self.tags.first().cloned().unwrap_or_else(|| format!("<none> {}", self.short_id()))
    }

    /// Sum of its layers' sizes (`docker images` SIZE).
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|l| l.size).sum()
    }
}

/// One `docker diff` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `A`dded, `C`hanged, `D`eleted.
    pub kind: char,
    /// Absolute path in the container.
    pub path: String,
}

impl Change {
    /// What the change is in the writable layer, in overlayfs' words: a new file, a
    /// copy-up of a file from a lower layer, or a whiteout hiding one.
    pub fn overlay_word(&self) -> &'static str {
        match self.kind {
            'A' => "new",
            'D' => "whiteout",
            _ => "copy-up",
        }
    }
}

/// A volume, bind or tmpfs mounted into a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// `volume`, `bind` or `tmpfs`.
    pub kind: &'static str,
    /// The volume's name (volumes only).
    pub name: String,
    /// The host path (binds; a volume's data directory).
    pub source: String,
    /// Path in the container.
    pub destination: String,
    /// Writable.
    pub rw: bool,
}

/// A container attached to a network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The network's name.
    pub network: String,
    /// Its address while it runs (`172.17.0.2`).
    pub ip: Option<String>,
    /// Names the embedded DNS answers with this address: the container's name and its
    /// aliases, on user-defined networks only (the default bridge has no DNS by name).
    pub dns_names: Vec<String>,
}

/// A published port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    /// Host address (`0.0.0.0`).
    pub host_ip: String,
    /// Host port.
    pub host_port: String,
    /// Container port and protocol (`80/tcp`).
    pub container_port: String,
}

/// A container's cgroup limits and what it uses now.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Limits {
    /// `--memory`, bytes.
    pub memory_max: Option<u64>,
    /// `memory.current`, bytes (0 when stopped).
    pub memory: u64,
    /// `--pids-limit`.
    pub pids_max: Option<u64>,
    /// Live processes.
    pub pids: u64,
    /// `--cpus`.
    pub cpus: Option<f64>,
}

/// One process of a container, as the host and the container number it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proc {
    /// Host PID.
    pub host_pid: u32,
    /// PID inside the container's PID namespace.
    pub pid: u32,
    /// Command line.
    pub cmdline: String,
}

/// A container.
#[derive(Debug, Clone, PartialEq)]
pub struct Container {
    /// Full ID.
    pub id: String,
    /// Name, without `/`.
    pub name: String,
    /// The image as the user named it (`nginx`).
    pub image: String,
    /// The image ID.
    pub image_id: String,
    /// `running`, `exited`...
    pub status: &'static str,
    /// Host PID of its first process while it runs.
    pub pid: Option<u32>,
    /// `docker diff`.
    pub changes: Vec<Change>,
    /// Limits and usage.
    pub limits: Limits,
    /// Volumes, binds, tmpfs.
    pub mounts: Vec<Mount>,
    /// Networks it is on.
    pub endpoints: Vec<Endpoint>,
    /// Published ports.
    pub ports: Vec<Port>,
    /// `--network` (`default`, `host`, `none`, a name).
    pub network_mode: String,
    /// Its hostname (from its UTS namespace while it runs, else its config).
    pub hostname: String,
    /// Its processes, PID 1 first (filled by [`join`]).
    pub procs: Vec<Proc>,
    /// Its PID, mount and network namespaces' indexes while it runs (filled by [`join`]).
    pub namespaces: Option<(usize, usize, usize)>,
    /// Its colour in every picture: its UTS namespace's, as in the kernel views (0: none).
    pub colour: usize,
}

impl Container {
    /// The 12-character short ID.
    pub fn short_id(&self) -> &str {
        &self.id[..self.id.len().min(12)]
    }

    /// Whether its process exists.
    pub fn running(&self) -> bool {
        matches!(self.status, "running" | "paused")
    }
}

/// A network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    /// Name.
    pub name: String,
    /// `bridge`, `host`, `null`.
    pub driver: String,
    /// The bridge device (`docker0`, `br-…`).
    pub bridge: String,
    /// `172.17.0.0/16`.
    pub subnet: Option<String>,
    /// The bridge's own address.
    pub gateway: Option<String>,
    /// `--internal`: no way out.
    pub internal: bool,
    /// User-defined bridge: the embedded DNS answers container names.
    pub user_defined: bool,
}

/// A volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    /// Name (64 hex characters when anonymous).
    pub name: String,
    /// Where its data lives on the host.
    pub mountpoint: String,
}

impl Volume {
    /// Whether it was made for a container without a name (`-v /data`).
    pub fn anonymous(&self) -> bool {
        self.name.len() == 64 && self.name.bytes().all(|b| b.is_ascii_hexdigit())
    }

    /// The name to show: anonymous volumes by their first 12 characters.
    pub fn short_name(&self) -> &str {
        if self.anonymous() {
            &self.name[..12]
        } else {
            &self.name
        }
    }
}

/// Everything the daemon-side panes draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docker {
    /// Whether this machine has a Docker engine at all.
    pub installed: bool,
    /// Images, by first tag.
    pub images: Vec<Image>,
    /// Containers, oldest first.
    pub containers: Vec<Container>,
    /// Networks, by name.
    pub networks: Vec<Network>,
    /// Volumes, by name.
    pub volumes: Vec<Volume>,
}

impl Docker {
    /// The container with full ID `id`.
    pub fn container(&self, id: &str) -> Option<&Container> {
        self.containers.iter().find(|c| c.id == id)
    }

    /// The image with ID `id`.
    pub fn image(&self, id: &str) -> Option<&Image> {
        self.images.iter().find(|i| i.id == id)
    }
}

/// Asks the daemon for its images, containers, networks and volumes. Only reads: nothing the
/// learner could notice changes (no event, no network created).
pub fn read(daemon: &mut Daemon) -> Docker {
    let images = images(daemon);
    let mut containers: Vec<&wharf_engine::daemon::Container> = daemon.containers().collect();
    wharf_engine::sort::by_key(&mut containers, |c| c.serial);
    let ids: Vec<String> = containers.iter().map(|c| c.id.clone()).collect();
    let containers = ids.iter().filter_map(|id| container(daemon, id)).collect();
    let mut networks: Vec<Network> = daemon
        .networks()
        .map(|n| Network {
            name: n.name.clone(),
            driver: n.driver.clone(),
            bridge: n.bridge.clone(),
            subnet: n.subnet.map(|s| format!("{}/{}", s.addr, s.prefix)),
            gateway: n.gateway.map(|g| g.to_string()),
            internal: n.internal,
            user_defined: n.is_user_bridge(),
        })
        .collect();
    wharf_engine::sort::by(&mut networks, |a, b| a.name.cmp(&b.name));
    let volumes = daemon.volumes().map(|v| Volume { name: v.name.clone(), mountpoint: v.mountpoint.clone() }).collect();
    Docker { installed: true, images, containers, networks, volumes }
}

fn images(daemon: &mut Daemon) -> Vec<Image> {
    let db = daemon.images();
    let Ok(ids) = db.ids() else { return Vec::new() };
    let tags = db.tags().unwrap_or_default();
    let mut out: Vec<Image> = ids
        .iter()
        .filter_map(|id| {
            let rec = db.get(id).ok()?;
            let config = db.config(id).ok()?;
            let diff_ids: Vec<Digest> = rec.layers.iter().map(|l| l.diff_id).collect();
            let chains = chain_ids(&diff_ids);
            let made: Vec<&str> = config.history.iter().filter(|h| !h.empty_layer).map(|h| h.created_by.as_str()).collect();
            let layers = rec
                .layers
                .iter()
                .zip(chains)
                .enumerate()
                .map(|(i, (l, chain))| Layer { chain: chain.to_string(), diff_id: l.diff_id.to_string(), created_by: made.get(i).copied().unwrap_or("").to_string(), size: l.size })
                .collect();
            let mut names: Vec<String> = tags.references(id).iter().filter(|r| r.tag().is_some()).map(|r| r.familiar_string()).collect();
            wharf_engine::sort::ascending(&mut names);
            Some(Image { id: id.to_string(), tags: names, layers, metadata_steps: config.history.iter().filter(|h| h.empty_layer).count() })
        })
        .collect();
    wharf_engine::sort::by(&mut out, |a, b| (a.tags.is_empty(), a.name()).cmp(&(b.tags.is_empty(), b.name())));
    out
}

fn container(daemon: &mut Daemon, id: &str) -> Option<Container> {
    let json = daemon.container_inspect(id).ok()?;
    let c = daemon.container(id).ok()?.clone();
    let changes = daemon
        .container_changes(id)
        .map(|cs| cs.into_iter().map(|ch| Change { kind: ch.kind.letter(), path: ch.path }).collect())
        .unwrap_or_default();
    let running = c.state.is_running();
    let stats = if running { daemon.container_stats(id).ok() } else { None };
    let limits = Limits {
        memory_max: (c.host.memory > 0).then_some(c.host.memory),
        memory: stats.as_ref().map_or(0, |s| s.memory_stats.usage),
        pids_max: (c.host.pids_limit > 0).then_some(c.host.pids_limit),
        pids: stats.as_ref().map_or(0, |s| s.pids_stats.current),
        cpus: (c.host.nano_cpus > 0).then(|| c.host.nano_cpus as f64 / 1e9),
    };
    let mounts = c
        .mount_points
        .iter()
        .map(|m| Mount {
            kind: match m.kind {
                MountKind::Volume => "volume",
                MountKind::Bind => "bind",
                MountKind::Tmpfs => "tmpfs",
            },
            name: m.name.clone(),
            source: m.source.clone(),
            destination: m.destination.clone(),
            rw: m.rw,
        })
        .collect();
    let user_defined: BTreeMap<String, bool> = daemon.networks().map(|n| (n.name.clone(), n.is_user_bridge())).collect_map();
    let settings = &json.network_settings;
    let endpoints = settings
        .networks
        .iter()
        .flatten()
        .map(|(name, e)| {
            let mut dns_names = Vec::new();
            if user_defined.get(name).copied().unwrap_or(false) {
                dns_names.push(c.name.clone());
                for a in e.aliases.iter().flatten() {
                    if !dns_names.contains(a) {
                        dns_names.push(a.clone());
                    }
                }
            }
            Endpoint { network: name.clone(), ip: (!e.ip_address.is_empty()).then(|| e.ip_address.clone()), dns_names }
        })
        .collect();
    let ports = settings
        .ports
        .iter()
        .flatten()
        .flat_map(|(port, bindings)| {
            bindings.iter().flatten().map(move |b| Port { host_ip: if b.host_ip.is_empty() { "0.0.0.0".into() } else { b.host_ip.clone() }, host_port: b.host_port.clone(), container_port: port.clone() })
        })
        .collect();
    Some(Container {
        id: c.id.clone(),
        name: c.name.clone(),
        image: c.config.image.clone(),
        image_id: c.image_id.to_string(),
        status: c.state.status.as_str(),
        pid: c.state.pid.filter(|_| running),
        changes,
        limits,
        mounts,
        endpoints,
        ports,
        network_mode: c.host.network_mode.clone(),
        hostname: c.config.hostname.clone(),
        procs: Vec::new(),
        namespaces: None,
        colour: 0,
    })
}

/// Adds what the machine knows about each running container: its processes with their PIDs
/// inside and outside, its hostname now, its namespaces and colour.
pub fn join(docker: &mut Docker, m: &Machine) {
    for c in &mut docker.containers {
        let Some(init) = c.pid.and_then(|pid| m.procs.get(&pid)).filter(|p| !p.is_zombie()) else { continue };
        let ns = init.ns;
        c.namespaces = Some((ns.pid, ns.mnt.0, ns.net));
        c.colour = colour(Some(ns.uts), ns.pid);
        if let Some(u) = m.uts.get(ns.uts) {
            c.hostname = u.hostname.clone();
        }
        let mut procs: Vec<Proc> = m
            .procs
            .values()
            .filter(|p| !p.is_zombie() && p.ns.pid == ns.pid)
            .map(|p| Proc { host_pid: p.pid, pid: p.ns_pids.last().copied().unwrap_or(p.pid), cmdline: p.argv.join(" ") })
            .collect();
        wharf_engine::sort::by_key(&mut procs, |p| p.pid);
        c.procs = procs;
    }
}
