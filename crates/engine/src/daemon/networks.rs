//! Networks: the part of dockerd that is libnetwork. The predefined `bridge` (docker0),
//! `host` and `none` networks, user-defined bridges with addresses from Docker's default
//! pools, IPAM, endpoints (a container on a network), the embedded DNS of user networks,
//! published ports, and the `/etc/hosts`, `/etc/hostname` and `/etc/resolv.conf` dockerd
//! writes beside each container and bind-mounts into it.
//!
//! **When things happen.** As in dockerd, a container's networks are chosen at create time,
//! its addresses and host ports are allocated when it starts ([`Daemon::net_prepare`], before
//! its process exists, so a taken port fails the start and leaves the container `Created`),
//! its interfaces, DNS server and port forwards are set up once its process (and so its
//! network namespace) exists ([`Daemon::net_attach`]), and all of it is released when the
//! process ends ([`Daemon::net_release`]).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::rc::Rc;

use super::{ApiError, Daemon};
use crate::api::gotime::GoTime;
use crate::api::network::{EndpointResource, Ipam, IpamConfig, NetworkResource};
use crate::api::network_settings::{EndpointIpamConfig, EndpointSettings, NetworkSettings};
use crate::api::{PortBinding, PortMap};
use crate::collect::CollectMap;
use crate::kernel::{IpNet, KernelError, MountSpec, NamespaceMode, Pid, ProcessSpec, Protocol, Timestamp};

/// The address of the embedded DNS server inside a container on a user-defined network.
pub const EMBEDDED_DNS: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 11);

/// The first host port Docker hands out for `-p 80` or `-P`: the start of Linux's
/// `ip_local_port_range` (32768–60999), which dockerd 20.10 reads (moby
/// `portallocator.getDynamicRange`; 49153–65535 is only its fallback).
const DYNAMIC_PORT_START: u16 = 32768;
/// The end of that range.
const DYNAMIC_PORT_END: u16 = 60999;

/// The `/etc/hosts` entries every container starts with (libnetwork `etchosts`).
const DEFAULT_HOSTS: &str = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

/// The host's resolver configuration, which containers on the default bridge copy.
const HOST_RESOLV_CONF: &str = "nameserver 10.0.2.3\n";

/// A network.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Network {
    /// 64 hex characters.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `bridge`, `host` or `null`.
    pub driver: String,
    /// When it was created.
    pub created: Timestamp,
    /// Its subnet (the network address and prefix), for bridges.
    pub subnet: Option<IpNet>,
    /// The gateway (the bridge's own address).
    pub gateway: Option<Ipv4Addr>,
    /// `--internal`: no gateway out.
    pub internal: bool,
    /// The bridge device (`docker0`, `br-<12 hex>`).
    pub bridge: String,
    /// `bridge`, `host` and `none`: cannot be removed.
    pub predefined: bool,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// Addresses in use.
    allocated: BTreeSet<Ipv4Addr>,
    /// Whether the subnet was given with `--subnet` (then `--ip` may pick an address).
    user_subnet: bool,
    /// `--ip-range`: where containers' addresses come from (the whole subnet when `None`).
    #[serde(default)]
    pub ip_range: Option<IpNet>,
    /// `--aux-address NAME=IP`: addresses kept from containers.
    #[serde(default)]
    pub aux_addresses: BTreeMap<String, Ipv4Addr>,
    /// Whether `--gateway` was given (inspect shows only what was configured).
    #[serde(default)]
    user_gateway: bool,
}

impl Network {
    /// Whether it is a user-defined bridge (embedded DNS, aliases).
    pub fn is_user_bridge(&self) -> bool {
        self.driver == "bridge" && !self.predefined
    }

    /// Whether `ip` is kept from containers: the gateway, an aux address, or in use.
    fn reserved(&self, ip: Ipv4Addr) -> bool {
        Some(ip) == self.gateway || self.allocated.contains(&ip) || self.aux_addresses.values().any(|a| *a == ip)
    }

    /// The lowest free address of the `--ip-range` (or the subnet, less its network and
    /// broadcast addresses), as libnetwork's default IPAM hands them out; or `requested`,
    /// which may lie anywhere in the subnet.
    fn allocate(&mut self, requested: Option<Ipv4Addr>) -> Result<IpNet, AllocError> {
        let net = self.subnet.ok_or(AllocError::Exhausted)?;
        let addr = match requested {
            Some(ip) if !same_subnet(net, ip) => return Err(AllocError::OutOfRange(ip)),
            Some(ip) if self.reserved(ip) => return Err(AllocError::InUse(ip)),
            Some(ip) => ip,
            None => self.pool().find(|ip| !self.reserved(*ip)).ok_or(AllocError::Exhausted)?,
        };
        self.allocated.insert(addr);
        Ok(IpNet { addr, prefix: net.prefix })
    }

    /// The addresses containers are given, in order.
    fn pool(&self) -> impl Iterator<Item = Ipv4Addr> {
        let net = self.subnet.unwrap_or(IpNet { addr: Ipv4Addr::UNSPECIFIED, prefix: 32 });
        let range = self.ip_range.unwrap_or(net);
        let (first, last) = (u32::from(network_of(net).addr), u32::from(network_of(net).addr) | host_mask(net.prefix));
        let (start, end) = (u32::from(network_of(range).addr), u32::from(network_of(range).addr) | host_mask(range.prefix));
        (start.max(first + 1)..=end.min(last.saturating_sub(1))).map(Ipv4Addr::from)
    }
}

/// Why an address could not be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AllocError {
    /// `--ip` outside the subnet.
    OutOfRange(Ipv4Addr),
    /// `--ip` taken (or the gateway's, or an aux address).
    InUse(Ipv4Addr),
    /// Nothing left in the range.
    Exhausted,
}

/// The first free port of `first..=last` after `previous` (the range's last pick), going
/// round: moby's `portRange.FindPort`, whose first pick is the range's start.
fn next_in_range(first: u16, last: u16, previous: Option<u16>, free: impl Fn(u16) -> bool) -> Option<u16> {
    let mut port = previous.unwrap_or(last);
    for _ in first..=last {
        port = if port >= last { first } else { port + 1 };
        if free(port) {
            return Some(port);
        }
    }
    None
}

/// dockerd's `validateNetMode`, run on every create before anything else: what cannot go
/// with another container's network namespace (`config` is what the user set, not the image).
pub(super) fn check_network_mode(config: &crate::api::container::ContainerConfig, mode: &str, req: &NetworkRequest) -> Result<(), ApiError> {
    let Some(other) = mode.strip_prefix("container:") else { return Ok(()) };
    if other.is_empty() {
        return Err(ApiError::invalid("Invalid network mode: invalid container format container:<name|id>"));
    }
    let conflict = if !config.hostname.is_empty() {
        "hostname and the network mode"
    } else if !req.dns.is_empty() {
        "dns and the network mode"
    } else if !req.extra_hosts.is_empty() {
        "custom host-to-IP mapping and the network mode"
    } else if !req.port_bindings.is_empty() || req.publish_all {
        "port publishing and the container type network mode"
    } else if !config.exposed_ports.is_empty() {
        "port exposing and the container type network mode"
    } else {
        return Ok(());
    };
    Err(ApiError::invalid(format!("conflicting options: {conflict}")))
}

/// The warnings dockerd returns with a created container that concern networking.
pub fn create_warnings(mode: &str, req: &NetworkRequest) -> Vec<String> {
    let mut out = Vec::new();
    if mode == "host" && !req.port_bindings.is_empty() {
        out.push("Published ports are discarded when using host network mode".to_string());
    }
    out
}

/// dockerd's `validateNetworkingConfig`: `--ip` and aliases need a user-defined network, and
/// `--ip` one whose subnet the user chose.
fn check_endpoint(n: &Network, ip: Option<Ipv4Addr>, aliases: &[String]) -> Result<(), ApiError> {
    if n.predefined {
        if ip.is_some() {
            return Err(ApiError::invalid("user specified IP address is supported on user defined networks only"));
        }
        if !aliases.is_empty() {
            return Err(ApiError::invalid("network-scoped alias is supported only for containers in user defined networks"));
        }
    }
    if ip.is_some() && !n.user_subnet {
        return Err(ApiError::invalid("user specified IP address is supported only when connecting to networks with user configured subnets"));
    }
    Ok(())
}

/// libnetwork's words for an address it could not hand out.
fn alloc_error(n: &Network, e: AllocError) -> ApiError {
    match e {
        AllocError::OutOfRange(ip) => ApiError::invalid(format!("Invalid address {ip}: It does not belong to any of this network's subnets")),
        AllocError::InUse(_) => ApiError::forbidden("Address already in use"),
        AllocError::Exhausted => ApiError::system(format!("no available IPv4 addresses on this network's address pools: {} ({})", n.name, n.id)),
    }
}

fn host_mask(prefix: u8) -> u32 {
    if prefix >= 32 {
        0
    } else {
        u32::MAX >> prefix
    }
}

fn same_subnet(net: IpNet, ip: Ipv4Addr) -> bool {
    network_of(IpNet { addr: ip, prefix: net.prefix }) == network_of(net)
}

/// One container on one network.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Endpoint {
    /// The network's ID.
    pub network_id: String,
    /// 64 hex characters; empty while the container is stopped.
    pub endpoint_id: String,
    /// Its address while running.
    pub address: Option<IpNet>,
    /// `--network-alias` (and the short ID, on user networks).
    pub aliases: Vec<String>,
    /// `--ip`.
    pub requested_ip: Option<Ipv4Addr>,
}

/// What `docker run`/`create` asks of networking beyond `--network` (in
/// [`super::HostOptions::network_mode`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NetworkRequest {
    /// `-p`: container port (`80/tcp`) to host bindings (`HostConfig.PortBindings`).
    pub port_bindings: PortMap,
    /// `-P`: every exposed port to a random host port.
    pub publish_all: bool,
    /// `--network-alias`.
    pub aliases: Vec<String>,
    /// `--ip`.
    pub ip: Option<Ipv4Addr>,
    /// `--dns`.
    pub dns: Vec<String>,
    /// `--add-host host:ip`.
    pub extra_hosts: Vec<String>,
}

/// A container's networking.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct ContainerNet {
    request: NetworkRequest,
    /// Attached networks, by network ID, in the order they were attached.
    endpoints: Vec<Endpoint>,
    /// Published ports while running (`NetworkSettings.Ports`); `None` before the first start.
    ports: Option<PortMap>,
    /// The network namespace's ID, from the first start on.
    sandbox_id: String,
    /// Host-side forwards to undo at exit: (protocol, host address, host port).
    #[serde(skip)]
    forwards: Vec<(Protocol, Ipv4Addr, u16)>,
    /// The process whose namespace holds the endpoints.
    #[serde(skip)]
    pid: Option<Pid>,
    /// The files bind-mounted into it: (host path, path inside).
    files: Vec<(String, String)>,
}

/// Names the embedded DNS answers, per network ID.
type DnsTable = Rc<RefCell<BTreeMap<String, BTreeMap<String, Vec<Ipv4Addr>>>>>;

/// dockerd's networking state.
#[derive(Default)]
pub struct NetState {
    networks: BTreeMap<String, Network>,
    containers: BTreeMap<String, ContainerNet>,
    /// Host ports in use, per protocol.
    ports: BTreeSet<(u8, u16)>,
    next_dynamic: u16,
    /// Where each `-p START-END:PORT` range last handed out a port, per protocol: dockerd's
    /// port allocator goes round a range rather than reusing its first free port.
    range_last: BTreeMap<(u8, u16, u16), u16>,
    dns: DnsTable,
    ready: bool,
    /// Counts the network IDs made; persisted, so a restarted daemon never repeats one.
    serial: u64,
    /// Counts the endpoint and sandbox IDs made in this daemon's life (not persisted: see
    /// [`Daemon::endpoint_hex64`]).
    endpoint_serial: u64,
}

fn proto_key(p: Protocol) -> u8 {
    match p {
        Protocol::Tcp => 0,
        Protocol::Udp => 1,
    }
}

/// What of [`NetState`] outlives the daemon (see `persist`): networks and each container's
/// requests and endpoints; ports, addresses and DNS names belong to running processes.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub(super) struct NetSnapshot {
    networks: Vec<Network>,
    containers: BTreeMap<String, ContainerNet>,
    serial: u64,
}

impl Daemon {
    pub(super) fn net_snapshot(&self) -> NetSnapshot {
        NetSnapshot { networks: self.net.networks.values().cloned().collect(), containers: self.net.containers.clone(), serial: self.net.serial }
    }

    /// Takes back a snapshot's networks (their bridges made again) instead of creating the
    /// predefined ones afresh; an empty snapshot leaves that to [`Daemon::networks_init`].
    pub(super) fn net_restore(&mut self, snap: NetSnapshot) {
        if snap.networks.is_empty() {
            return;
        }
        self.net.ready = true;
        self.net.next_dynamic = DYNAMIC_PORT_START;
        self.net.serial = snap.serial;
        for n in snap.networks {
            if let (true, Some(subnet), Some(gw)) = (n.driver == "bridge", n.subnet, n.gateway) {
                let _ = self.kernel.create_bridge(&n.bridge, IpNet { addr: gw, prefix: subnet.prefix });
            }
            self.net.networks.insert(n.id.clone(), n);
        }
        self.net.containers = snap.containers;
    }

    /// Container `id`'s process went with the previous daemon: its addresses are free again.
    pub(super) fn net_forget_addresses(&mut self, id: &str) {
        self.net_free(id);
    }
}

/// The MAC address Docker derives from an IPv4 address (`02:42:ac:11:00:02`).
pub fn mac_of(ip: Ipv4Addr) -> String {
    let o = ip.octets();
    format!("02:42:{:02x}:{:02x}:{:02x}:{:02x}", o[0], o[1], o[2], o[3])
}

fn network_of(net: IpNet) -> IpNet {
    let mask = if net.prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(net.prefix)) };
    IpNet { addr: Ipv4Addr::from(u32::from(net.addr) & mask), prefix: net.prefix }
}

fn overlaps(a: IpNet, b: IpNet) -> bool {
    let p = a.prefix.min(b.prefix);
    network_of(IpNet { addr: a.addr, prefix: p }) == network_of(IpNet { addr: b.addr, prefix: p })
}

/// Parses `172.20.0.0/16`, with dockerd's error text.
fn parse_cidr(s: &str) -> Result<IpNet, ApiError> {
    let bad = || ApiError::invalid(format!("invalid CIDR address: {s}"));
    let (a, p) = s.split_once('/').ok_or_else(bad)?;
    let addr: Ipv4Addr = a.parse().map_err(|_| bad())?;
    let prefix: u8 = p.parse().ok().filter(|p| *p <= 32).ok_or_else(bad)?;
    Ok(IpNet { addr, prefix })
}

/// Docker's default address pools: 172.17–31.0.0/16, then 192.168.0.0/16 in /20s.
fn default_pools() -> impl Iterator<Item = IpNet> {
    let big = (17..=31u8).map(|b| IpNet { addr: Ipv4Addr::new(172, b, 0, 0), prefix: 16 });
    let small = (0..16u8).map(|i| IpNet { addr: Ipv4Addr::new(192, 168, i * 16, 0), prefix: 20 });
    big.chain(small)
}

/// What `docker network create` asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkCreate {
    /// The name.
    pub name: String,
    /// `--driver` (`bridge` when empty).
    pub driver: String,
    /// `--subnet`.
    pub subnet: Option<String>,
    /// `--gateway`.
    pub gateway: Option<String>,
    /// `--ip-range`.
    pub ip_range: Option<String>,
    /// `--aux-address NAME=IP`.
    pub aux_addresses: BTreeMap<String, String>,
    /// `--internal`.
    pub internal: bool,
    /// `--label`.
    pub labels: BTreeMap<String, String>,
}

impl Daemon {
    /// A new 64-hex ID for a network. Derived from a counter and the clock rather than drawn
    /// from the kernel's randomness, so that networking leaves the container IDs a seeded
    /// simulation gives unchanged.
    fn random_hex64(&mut self) -> String {
        self.net.serial += 1;
        let now = self.kernel.now();
        crate::digest::Digest::of(format!("wharf network object {} {now}", self.net.serial).as_bytes()).hex()
    }

    /// A new 64-hex ID for an endpoint or the sandbox of container `id`: the container's ID
    /// makes it unique, the clock and this daemon's counter tell its starts apart. No persisted
    /// counter moves, so a `run --rm` leaves the stored state as it found it (nothing to write).
    fn endpoint_hex64(&mut self, id: &str) -> String {
        self.net.endpoint_serial += 1;
        let now = self.kernel.now();
        crate::digest::Digest::of(format!("wharf endpoint {id} {} {now}", self.net.endpoint_serial).as_bytes()).hex()
    }

    /// Creates the predefined networks (`bridge` on docker0, `host`, `none`) once, as dockerd
    /// does at start-up. Every network operation calls it first.
    pub fn networks_init(&mut self) {
        if self.net.ready {
            return;
        }
        self.net.ready = true;
        self.net.next_dynamic = DYNAMIC_PORT_START;
        let now = self.kernel.now();
        for (name, driver) in [("bridge", "bridge"), ("host", "host"), ("none", "null")] {
            let id = self.random_hex64();
            let bridge = name == "bridge";
            let n = Network {
                id: id.clone(),
                name: name.into(),
                driver: driver.into(),
                created: now,
                subnet: bridge.then_some(IpNet { addr: Ipv4Addr::new(172, 17, 0, 0), prefix: 16 }),
                gateway: bridge.then_some(Ipv4Addr::new(172, 17, 0, 1)),
                internal: false,
                bridge: if bridge { "docker0".into() } else { String::new() },
                predefined: true,
                labels: BTreeMap::new(),
                allocated: BTreeSet::new(),
                user_subnet: false,
                ip_range: None,
                aux_addresses: BTreeMap::new(),
                user_gateway: false,
            };
            if bridge {
                let _ = self.kernel.create_bridge("docker0", IpNet { addr: Ipv4Addr::new(172, 17, 0, 1), prefix: 16 });
            }
            self.net.networks.insert(id, n);
        }
    }

    /// Every network as it stands, in ID order, for pictures of the daemon's state: unlike
    /// the API calls it creates nothing (before the first network operation it is empty).
    pub fn networks(&self) -> impl Iterator<Item = &Network> {
        self.net.networks.values()
    }

    /// The network `input` names: a name, a full ID or a unique ID prefix (`network x not
    /// found`).
    pub fn network_lookup(&mut self, input: &str) -> Result<String, ApiError> {
        self.networks_init();
        if let Some(n) = self.net.networks.values().find(|n| n.name == input) {
            return Ok(n.id.clone());
        }
        if self.net.networks.contains_key(input) {
            return Ok(input.to_string());
        }
        let found: Vec<&String> = self.net.networks.keys().filter(|id| !input.is_empty() && id.starts_with(input)).collect();
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(ApiError::not_found(format!("network {input} not found"))),
            _ => Err(ApiError::invalid(format!("network {input} is ambiguous ({} matches found based on ID prefix)", found.len()))),
        }
    }

    /// `POST /networks/create`: the new network's ID.
    pub fn network_create(&mut self, req: NetworkCreate) -> Result<String, ApiError> {
        self.networks_init();
        let driver = if req.driver.is_empty() { "bridge".to_string() } else { req.driver.clone() };
        if self.net.networks.values().any(|n| n.name == req.name) {
            return Err(ApiError::conflict(format!("network with name {} already exists", req.name)));
        }
        match driver.as_str() {
            "bridge" => {}
            "host" | "null" => return Err(ApiError::system(format!("only one instance of \"{driver}\" network is allowed"))),
            other => return Err(ApiError::not_found(format!("plugin \"{other}\" not found"))),
        }
        let used: Vec<IpNet> = self.net.networks.values().filter_map(|n| n.subnet).collect();
        let (subnet, user_subnet) = match &req.subnet {
            Some(s) => {
                let net = parse_cidr(s)?;
                if network_of(net) != net {
                    return Err(ApiError::system(format!("invalid pool request: Invalid Address/Mask combination: {s}")));
                }
                if used.iter().any(|u| overlaps(*u, net)) {
                    return Err(ApiError::forbidden("Pool overlaps with other one on this address space"));
                }
                (net, true)
            }
            None => (default_pools().find(|p| !used.iter().any(|u| overlaps(*u, *p))).ok_or_else(|| ApiError::system("could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network"))?, false),
        };
        let ip_range = match &req.ip_range {
            Some(r) => {
                let range = parse_cidr(r)?;
                if !same_subnet(subnet, range.addr) || range.prefix < subnet.prefix {
                    return Err(ApiError::invalid(format!("invalid pool request: Invalid Address SubPool: {r}")));
                }
                Some(network_of(range))
            }
            None => None,
        };
        let mut aux_addresses = BTreeMap::new();
        for (key, value) in &req.aux_addresses {
            let ip: Ipv4Addr = value.parse().map_err(|_| ApiError::invalid(format!("non parsable secondary ip address ({key}:{value}) passed for network {}", req.name)))?;
            if !same_subnet(subnet, ip) {
                return Err(ApiError::forbidden(format!("auxiliary address: ({key}:{value}) must belong to the master pool: {}/{}", subnet.addr, subnet.prefix)));
            }
            aux_addresses.insert(key.clone(), ip);
        }
        let mut n = Network {
            id: String::new(),
            name: req.name.clone(),
            driver,
            created: self.kernel.now(),
            subnet: Some(subnet),
            gateway: None,
            internal: req.internal,
            bridge: String::new(),
            predefined: false,
            labels: req.labels,
            allocated: BTreeSet::new(),
            user_subnet,
            ip_range,
            aux_addresses: BTreeMap::new(),
            user_gateway: req.gateway.is_some(),
        };
        // Without `--gateway`, libnetwork asks the IPAM for the bridge's address as for any
        // other: the first free one of the range.
        let gateway = match &req.gateway {
            Some(g) => {
                let ip: Ipv4Addr = g.parse().map_err(|_| ApiError::invalid(format!("invalid gateway address {g} in Ipam configuration")))?;
                if !same_subnet(subnet, ip) {
                    return Err(ApiError::forbidden(format!("no matching subnet for gateway {g}")));
                }
                ip
            }
            None => n.pool().next().ok_or_else(|| ApiError::system("failed to allocate gateway: No available addresses on this pool"))?,
        };
        n.gateway = Some(gateway);
        n.aux_addresses = aux_addresses;
        let id = self.random_hex64();
        let bridge = format!("br-{}", &id[..12]);
        self.kernel.create_bridge(&bridge, IpNet { addr: gateway, prefix: subnet.prefix }).map_err(|e| ApiError::system(e.to_string()))?;
        n.id = id.clone();
        n.bridge = bridge;
        self.net.networks.insert(id.clone(), n);
        self.network_event(&id, "create", &[("type", "bridge".into())]);
        Ok(id)
    }

    fn network_event(&mut self, id: &str, action: &str, extra: &[(&str, String)]) {
        let name = self.net.networks.get(id).map(|n| n.name.clone()).unwrap_or_default();
        let mut attributes = BTreeMap::from([("name".to_string(), name)]);
        for (k, v) in extra {
            attributes.insert(k.to_string(), v.clone());
        }
        let time = self.kernel.now();
        self.events.push(super::events::Event { time, kind: "network", action: action.to_string(), id: id.to_string(), attributes });
    }

    /// Whether a running container has an endpoint on network `id` (stopped ones do not
    /// count, for `rm` and `prune` alike).
    fn network_in_use(&self, id: &str) -> bool {
        self.net.containers.values().any(|c| c.pid.is_some() && c.endpoints.iter().any(|e| e.network_id == id))
    }

    /// `DELETE /networks/{id}`.
    pub fn network_remove(&mut self, input: &str) -> Result<(), ApiError> {
        let id = self.network_lookup(input)?;
        let n = &self.net.networks[&id];
        if n.predefined {
            return Err(ApiError::forbidden(format!("{} is a pre-defined network and cannot be removed", n.name)));
        }
        if self.network_in_use(&id) {
            return Err(ApiError::forbidden(format!("error while removing network: network {} id {id} has active endpoints", n.name)));
        }
        let bridge = n.bridge.clone();
        let _ = self.kernel.delete_bridge(&bridge);
        for c in self.net.containers.values_mut() {
            c.endpoints.retain(|e| e.network_id != id);
        }
        self.network_event(&id, "destroy", &[("type", "bridge".into())]);
        self.net.networks.remove(&id);
        self.net.dns.borrow_mut().remove(&id);
        Ok(())
    }

    /// `POST /networks/prune`: removes user networks no container uses; their names.
    pub fn network_prune(&mut self) -> Vec<String> {
        self.networks_init();
        let unused: Vec<(String, String)> = self.net.networks.values().filter(|n| !n.predefined && !self.network_in_use(&n.id)).map(|n| (n.id.clone(), n.name.clone())).collect();
        let mut out = Vec::new();
        for (id, name) in unused {
            if self.network_remove(&id).is_ok() {
                out.push(name);
            }
        }
        crate::sort::ascending(&mut out);
        out
    }

    /// `GET /networks`: every network (without `Containers`, as the list endpoint leaves it).
    pub fn network_list(&mut self) -> Vec<NetworkResource> {
        self.networks_init();
        let ids: Vec<String> = self.net.networks.keys().cloned().collect();
        ids.iter().map(|id| self.network_resource(id, false)).collect()
    }

    /// `GET /networks/{id}`.
    pub fn network_inspect(&mut self, input: &str) -> Result<NetworkResource, ApiError> {
        let id = self.network_lookup(input)?;
        Ok(self.network_resource(&id, true))
    }

    fn network_resource(&self, id: &str, with_containers: bool) -> NetworkResource {
        let n = &self.net.networks[id];
        // A network whose subnet the user chose shows the configuration as given (no gateway
        // unless `--gateway`); others show what the IPAM picked (moby's `buildIpamResources`).
        let config: Vec<IpamConfig> = match (n.subnet, n.gateway) {
            (Some(s), g) => vec![IpamConfig {
                subnet: format!("{}/{}", s.addr, s.prefix),
                ip_range: n.ip_range.map(|r| format!("{}/{}", r.addr, r.prefix)).unwrap_or_default(),
                gateway: g.filter(|_| !n.user_subnet || n.user_gateway).map(|g| g.to_string()).unwrap_or_default(),
                aux_address: n.aux_addresses.iter().map(|(k, v)| (k.clone(), v.to_string())).collect_map(),
            }],
            _ => Vec::new(),
        };
        let options = if n.name == "bridge" && n.predefined {
            [
                ("com.docker.network.bridge.default_bridge", "true"),
                ("com.docker.network.bridge.enable_icc", "true"),
                ("com.docker.network.bridge.enable_ip_masquerade", "true"),
                ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
                ("com.docker.network.bridge.name", "docker0"),
                ("com.docker.network.driver.mtu", "1500"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect_map()
        } else {
            BTreeMap::new()
        };
        let mut containers = BTreeMap::new();
        for (cid, c) in &self.net.containers {
            let Some(ep) = c.endpoints.iter().find(|e| e.network_id == id && !e.endpoint_id.is_empty()) else { continue };
            let name = self.containers.get(cid).map(|c| c.name.clone()).unwrap_or_default();
            containers.insert(
                cid.clone(),
                EndpointResource {
                    name,
                    endpoint_id: ep.endpoint_id.clone(),
                    mac_address: ep.address.map(|a| mac_of(a.addr)).unwrap_or_default(),
                    ipv4_address: ep.address.map(|a| format!("{}/{}", a.addr, a.prefix)).unwrap_or_default(),
                    ipv6_address: String::new(),
                },
            );
        }
        NetworkResource {
            name: n.name.clone(),
            id: n.id.clone(),
            created: GoTime::from_unix_nanos(n.created),
            scope: "local".into(),
            driver: n.driver.clone(),
            enable_ipv6: false,
            ipam: Ipam { driver: "default".into(), options: (!n.predefined).then(BTreeMap::new), config: Some(config) },
            internal: n.internal,
            attachable: false,
            ingress: false,
            config_from: Default::default(),
            config_only: false,
            containers: Some(if with_containers { containers } else { BTreeMap::new() }),
            options: Some(options),
            labels: Some(n.labels.clone()),
        }
    }

    /// Records what `docker create` asked of networking for container `id`, checking that
    /// its networks exist.
    pub(super) fn net_create(&mut self, id: &str, mode: &str, request: NetworkRequest) -> Result<(), ApiError> {
        self.networks_init();
        let mut endpoints = Vec::new();
        if let Some(other) = mode.strip_prefix("container:") {
            self.lookup(other)?;
        } else {
            let name = if mode == "default" || mode.is_empty() { "bridge" } else { mode };
            let net = self.network_lookup(name)?;
            // `--ip` and `--network-alias` are checked when the container joins the network
            // (`check_endpoint`), at its start, as dockerd does.
            endpoints.push(Endpoint { network_id: net, aliases: request.aliases.clone(), requested_ip: request.ip, ..Endpoint::default() });
        }
        self.net.containers.insert(id.to_string(), ContainerNet { request, endpoints, ..ContainerNet::default() });
        Ok(())
    }

    /// The network namespace of container `id`'s process: the host's, a new one, or another
    /// container's (`--network container:NAME`, which must be running).
    pub(super) fn net_namespace(&self, id: &str) -> Result<NamespaceMode, ApiError> {
        let mode = self.containers[id].host.network_mode.as_str();
        if mode == "host" {
            return Ok(NamespaceMode::Host);
        }
        if let Some(other) = mode.strip_prefix("container:") {
            let oid = self.lookup(other)?;
            let pid = self.containers[&oid].state.pid.ok_or_else(|| ApiError::conflict(format!("cannot join network of a non running container: {oid}")))?;
            return Ok(NamespaceMode::Join(pid));
        }
        Ok(NamespaceMode::New)
    }

    /// Before container `id` starts: allocates its addresses and host ports and writes its
    /// `hosts`, `hostname` and `resolv.conf`, bind-mounting them into `spec`. A taken host port
    /// fails the start, recorded in the container's state as dockerd does.
    pub(super) fn net_prepare(&mut self, id: &str, spec: &mut ProcessSpec) -> Result<(), ApiError> {
        self.networks_init();
        if let Err(e) = self.net_allocate(id).and_then(|()| self.net_publish(id)) {
            self.net_release(id);
            let c = self.container_mut(id);
            c.state.exit_code = 128;
            c.state.error = e.message.clone();
            return Err(e);
        }
        self.net_files(id, spec);
        Ok(())
    }

    fn net_allocate(&mut self, id: &str) -> Result<(), ApiError> {
        let Some(mut cn) = self.net.containers.remove(id) else { return Ok(()) };
        let short = id[..12].to_string();
        let mut result = Ok(());
        for ep in &mut cn.endpoints {
            let Some(n) = self.net.networks.get_mut(&ep.network_id) else { continue };
            ep.address = None;
            if let Err(e) = check_endpoint(n, ep.requested_ip, &ep.aliases) {
                result = Err(e);
                break;
            }
            if n.driver == "bridge" {
                match n.allocate(ep.requested_ip) {
                    Ok(a) => ep.address = Some(a),
                    Err(e) => {
                        result = Err(alloc_error(n, e));
                        break;
                    }
                }
                if n.is_user_bridge() && !ep.aliases.contains(&short) {
                    ep.aliases.push(short.clone());
                }
            }
        }
        for ep in cn.endpoints.iter_mut() {
            ep.endpoint_id = self.endpoint_hex64(id);
        }
        cn.sandbox_id = self.endpoint_hex64(id);
        let ports = if result.is_ok() { self.net_ports(id, &cn) } else { Ok(PortMap::new()) };
        let ports = match (result, ports) {
            (Ok(()), Ok(p)) => p,
            (Err(e), _) | (_, Err(e)) => {
                self.net.containers.insert(id.to_string(), cn);
                return Err(e);
            }
        };
        cn.ports = Some(ports);
        self.net.containers.insert(id.to_string(), cn);
        Ok(())
    }

    /// The ports to publish for container `id`: `-p` bindings, and with `-P` every exposed
    /// port, with random host ports where none was given. Reserves them.
    fn net_ports(&mut self, id: &str, cn: &ContainerNet) -> Result<PortMap, ApiError> {
        let mut wanted: PortMap = cn.request.port_bindings.clone();
        let exposed: Vec<String> = self.containers[id].config.exposed_ports.keys().cloned().collect();
        for port in exposed {
            let entry = wanted.entry(port).or_insert(None);
            if cn.request.publish_all && entry.as_ref().is_none_or(Vec::is_empty) {
                *entry = Some(vec![PortBinding::default()]);
            }
        }
        let mode = self.containers[id].host.network_mode.as_str();
        if mode == "host" || mode == "none" || mode.starts_with("container:") {
            // No endpoint of its own maps or exposes anything (`NetworkSettings.Ports` is `{}`).
            return Ok(PortMap::new());
        }
        let mut out = PortMap::new();
        let mut taken: Vec<(u8, u16)> = Vec::new();
        for (port, bindings) in wanted {
            let bindings = bindings.unwrap_or_default();
            if bindings.is_empty() {
                out.insert(port, None);
                continue;
            }
            let proto = if port.ends_with("/udp") { Protocol::Udp } else { Protocol::Tcp };
            let mut list = Vec::new();
            for b in bindings {
                let host_ip = if b.host_ip.is_empty() { "0.0.0.0".to_string() } else { b.host_ip.clone() };
                let requested = if b.host_port.is_empty() { None } else { b.host_port.split_once('-').map_or_else(|| b.host_port.parse().ok().map(|p| (p, p)), |(a, z)| a.parse().ok().zip(z.parse().ok())) };
                let found = match requested {
                    None => Ok(self.dynamic_port(proto)),
                    Some((p, last)) if p == last => match self.net.ports.contains(&(proto_key(proto), p)) {
                        true => Err(format!("Bind for {host_ip}:{p} failed: port is already allocated")),
                        false => Ok(p),
                    },
                    Some((first, last)) => self.port_in_range(proto, first, last).ok_or_else(|| "all ports are allocated".to_string()),
                };
                let host_port = match found {
                    Ok(p) => p,
                    Err(why) => {
                        for t in &taken {
                            self.net.ports.remove(t);
                        }
                        let name = self.containers[id].name.clone();
                        let ep = cn.endpoints.first().map(|e| e.endpoint_id.clone()).unwrap_or_default();
                        return Err(ApiError::system(format!("driver failed programming external connectivity on endpoint {name} ({ep}): {why}")));
                    }
                };
                self.net.ports.insert((proto_key(proto), host_port));
                taken.push((proto_key(proto), host_port));
                list.push(PortBinding { host_ip: host_ip.clone(), host_port: host_port.to_string() });
                if host_ip == "0.0.0.0" {
                    list.push(PortBinding { host_ip: "::".into(), host_port: host_port.to_string() });
                }
            }
            out.insert(port, Some(list));
        }
        Ok(out)
    }

    /// The next free host port of the dynamic range, going round it as dockerd does.
    fn dynamic_port(&mut self, proto: Protocol) -> u16 {
        for _ in DYNAMIC_PORT_START..=DYNAMIC_PORT_END {
            let p = self.net.next_dynamic;
            self.net.next_dynamic = if p >= DYNAMIC_PORT_END { DYNAMIC_PORT_START } else { p + 1 };
            if !self.net.ports.contains(&(proto_key(proto), p)) {
                return p;
            }
        }
        0
    }

    /// A free host port in `first..=last` (`-p 8080-8090:80`): the one after the range's last
    /// pick, going round, as moby's `portRange.FindPort` does.
    fn port_in_range(&mut self, proto: Protocol, first: u16, last: u16) -> Option<u16> {
        let key = (proto_key(proto), first, last);
        let taken = &self.net.ports;
        let port = next_in_range(first, last, self.net.range_last.get(&key).copied(), |p| !taken.contains(&(proto_key(proto), p)))?;
        self.net.range_last.insert(key, port);
        Some(port)
    }

    /// Writes `hosts`, `hostname` and `resolv.conf` for container `id` and bind-mounts them.
    fn net_files(&mut self, id: &str, spec: &mut ProcessSpec) {
        let c = &self.containers[id];
        let hostname = c.config.hostname.clone();
        let mode = c.host.network_mode.clone();
        let Some(cn) = self.net.containers.get(id) else { return };
        let mut hosts = DEFAULT_HOSTS.to_string();
        for h in &cn.request.extra_hosts {
            if let Some((name, ip)) = h.split_once(':') {
                hosts.push_str(&format!("{ip}\t{name}\n"));
            }
        }
        if let Some(a) = cn.endpoints.first().and_then(|e| e.address) {
            hosts.push_str(&format!("{}\t{hostname}\n", a.addr));
        }
        let user_net = cn.endpoints.iter().any(|e| self.net.networks.get(&e.network_id).is_some_and(Network::is_user_bridge));
        let mut resolv = String::new();
        if !cn.request.dns.is_empty() && !user_net {
            for d in &cn.request.dns {
                resolv.push_str(&format!("nameserver {d}\n"));
            }
        } else if user_net {
            resolv.push_str(&format!("nameserver {EMBEDDED_DNS}\noptions ndots:0\n"));
        } else {
            resolv.push_str(&self.kernel.host_resolv_conf().unwrap_or_else(|| HOST_RESOLV_CONF.to_string()));
        }
        let files = [("hosts", "/etc/hosts", hosts), ("hostname", "/etc/hostname", format!("{hostname}\n")), ("resolv.conf", "/etc/resolv.conf", resolv)];
        let mut written = Vec::new();
        if mode == "host" {
            // On the host's network a container sees the host's name and files, as dockerd
            // arranges it (the UTS namespace is shared too).
            spec.namespaces.uts = NamespaceMode::Host;
            spec.hostname = None;
            for f in ["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"] {
                spec.mounts.push(MountSpec::Bind { source: f.into(), target: f.into(), readonly: true });
            }
        } else if let Some(other) = mode.strip_prefix("container:") {
            // Sharing another container's network namespace means sharing its files too.
            if let Ok(oid) = self.lookup(other) {
                written = self.net.containers.get(&oid).map(|c| c.files.clone()).unwrap_or_default();
                // ...and its host name (moby `initializeNetworking`).
                let name = self.containers[&oid].config.hostname.clone();
                spec.hostname = Some(name.clone());
                for e in spec.env.iter_mut().filter(|e| e.starts_with("HOSTNAME=")) {
                    *e = format!("HOSTNAME={name}");
                }
                self.container_mut(id).config.hostname = name;
            }
        } else {
            for (name, target, data) in files {
                if let Ok(source) = self.kernel.write_container_file(id, name, data.as_bytes()) {
                    written.push((source, target.to_string()));
                }
            }
        }
        for (source, target) in &written {
            spec.mounts.push(MountSpec::Bind { source: source.clone(), target: target.clone(), readonly: false });
        }
        if let Some(cn) = self.net.containers.get_mut(id) {
            cn.files = written;
        }
    }

    /// Once container `id`'s process `pid` exists: its interfaces, embedded DNS and port
    /// forwards.
    pub(super) fn net_attach(&mut self, id: &str, pid: Pid) {
        let Some(mut cn) = self.net.containers.remove(id) else { return };
        cn.pid = Some(pid);
        let name = self.containers[id].name.clone();
        let mut first_gateway = true;
        for (i, ep) in cn.endpoints.iter().enumerate() {
            let (Some(n), Some(addr)) = (self.net.networks.get(&ep.network_id), ep.address) else { continue };
            let gw = (!n.internal && first_gateway).then_some(n.gateway).flatten();
            if gw.is_some() {
                first_gateway = false;
            }
            let bridge = n.bridge.clone();
            let _ = self.kernel.connect(pid, &bridge, &format!("eth{i}"), addr, gw);
        }
        for ep in &cn.endpoints {
            let kind = self.net.networks.get(&ep.network_id).map(|n| n.driver.clone()).unwrap_or_default();
            self.network_event(&ep.network_id, "connect", &[("container", id.to_string()), ("type", kind)]);
        }
        self.dns_publish(id, &name, &cn);
        if cn.endpoints.iter().any(|e| self.net.networks.get(&e.network_id).is_some_and(Network::is_user_bridge)) {
            self.serve_dns(pid, &cn);
        }
        self.net.containers.insert(id.to_string(), cn);
    }

    /// Before container `id` starts, as libnetwork programs external connectivity when the
    /// endpoint joins: the host-side forwards of its published ports (docker-proxy's
    /// listeners). A host port some host process holds fails the start with the proxy's error.
    fn net_publish(&mut self, id: &str) -> Result<(), ApiError> {
        let Some(cn) = self.net.containers.get(id) else { return Ok(()) };
        let target = cn.endpoints.first().and_then(|e| e.address).map(|a| a.addr);
        let (Some(target), Some(ports)) = (target, cn.ports.clone()) else { return Ok(()) };
        let endpoint = cn.endpoints.first().map(|e| e.endpoint_id.clone()).unwrap_or_default();
        for (port, bindings) in ports {
            let (num, proto) = port.split_once('/').unwrap_or((&port, "tcp"));
            let (proto, family) = if proto == "udp" { (Protocol::Udp, "udp4") } else { (Protocol::Tcp, "tcp4") };
            let cport: u16 = num.parse().unwrap_or(0);
            for b in bindings.iter().flatten() {
                // Kernels publish IPv4 only: an IPv6 binding (`[::]`, the twin of `0.0.0.0`) is left out.
                let Ok(ip) = b.host_ip.parse::<Ipv4Addr>() else { continue };
                let hp: u16 = b.host_port.parse().unwrap_or(0);
                match self.kernel.publish_port(proto, ip, hp, target, cport) {
                    Ok(()) => self.net.containers.get_mut(id).expect("present").forwards.push((proto, ip, hp)),
                    Err(KernelError::Busy(_)) => {
                        let name = self.containers[id].name.clone();
                        return Err(ApiError::system(format!(
                            "driver failed programming external connectivity on endpoint {name} ({endpoint}): Error starting userland proxy: listen {family} {ip}:{hp}: bind: address already in use"
                        )));
                    }
                    // A kernel that cannot forward leaves the port unreachable.
                    Err(_) => {}
                }
            }
        }
        Ok(())
    }

    /// Registers container `id`'s names on its user networks for the embedded DNS.
    fn dns_publish(&mut self, id: &str, name: &str, cn: &ContainerNet) {
        let mut table = self.net.dns.borrow_mut();
        for ep in &cn.endpoints {
            let (Some(n), Some(addr)) = (self.net.networks.get(&ep.network_id), ep.address) else { continue };
            if !n.is_user_bridge() {
                continue;
            }
            let names = table.entry(ep.network_id.clone()).or_default();
            for alias in std::iter::once(name.to_string()).chain(ep.aliases.iter().cloned()).chain(std::iter::once(id[..12].to_string())) {
                let list = names.entry(alias.to_ascii_lowercase()).or_default();
                if !list.contains(&addr.addr) {
                    list.push(addr.addr);
                }
            }
        }
    }

    /// Starts (or refreshes) the embedded DNS in `pid`'s namespace for `cn`'s user networks.
    fn serve_dns(&mut self, pid: Pid, cn: &ContainerNet) {
        let nets: Vec<String> = cn.endpoints.iter().map(|e| e.network_id.clone()).collect();
        let table = self.net.dns.clone();
        let answer: crate::kernel::DnsAnswer = Rc::new(move |q: &str| {
            let q = q.trim_end_matches('.').to_ascii_lowercase();
            let t = table.borrow();
            nets.iter().filter_map(|n| t.get(n)).filter_map(|names| names.get(&q)).flatten().copied().collect()
        });
        match self.kernel.serve_dns(pid, EMBEDDED_DNS, answer) {
            Ok(()) | Err(KernelError::Unsupported(_)) => {}
            Err(_) => {}
        }
    }

    /// Container `id`'s process ended: its forwards, addresses, ports and DNS names go.
    pub(super) fn net_release(&mut self, id: &str) {
        if let Some(cn) = self.net.containers.get_mut(id) {
            let forwards = std::mem::take(&mut cn.forwards);
            let pid = cn.pid.take();
            for (proto, ip, port) in forwards {
                let _ = self.kernel.unpublish_port(proto, ip, port);
            }
            // The veths go with the sandbox.
            if pid.is_some() {
                let eps: Vec<(String, String)> = cn.endpoints.iter().map(|e| (e.network_id.clone(), self.net.networks.get(&e.network_id).map(|n| n.driver.clone()).unwrap_or_default())).collect();
                for (net, kind) in eps {
                    self.network_event(&net, "disconnect", &[("container", id.to_string()), ("type", kind)]);
                }
            }
            let cn = self.net.containers.get_mut(id).expect("present");
            if let Some(pid) = pid {
                let bridges: Vec<String> = cn.endpoints.iter().filter(|e| e.address.is_some()).filter_map(|e| self.net.networks.get(&e.network_id)).map(|n| n.bridge.clone()).collect();
                for b in bridges {
                    let _ = self.kernel.disconnect(pid, &b);
                }
            }
        }
        self.net_free(id);
    }

    fn net_free(&mut self, id: &str) {
        let Some(cn) = self.net.containers.get_mut(id) else { return };
        if let Some(ports) = cn.ports.as_mut() {
            for (port, bindings) in ports.iter() {
                let proto = if port.ends_with("/udp") { 1 } else { 0 };
                for b in bindings.iter().flatten() {
                    self.net.ports.remove(&(proto, b.host_port.parse().unwrap_or(0)));
                }
            }
            ports.clear();
        }
        let mut table = self.net.dns.borrow_mut();
        for ep in &mut cn.endpoints {
            if let (Some(n), Some(a)) = (self.net.networks.get_mut(&ep.network_id), ep.address.take()) {
                n.allocated.remove(&a.addr);
                if let Some(names) = table.get_mut(&ep.network_id) {
                    for list in names.values_mut() {
                        list.retain(|x| *x != a.addr);
                    }
                    names.retain(|_, l| !l.is_empty());
                }
            }
            ep.endpoint_id.clear();
        }
    }

    /// The container `id` is gone.
    pub(super) fn net_forget(&mut self, id: &str) {
        self.net_release(id);
        self.net.containers.remove(id);
    }

    /// `POST /networks/{id}/connect`.
    pub fn network_connect(&mut self, network: &str, container: &str, aliases: Vec<String>, ip: Option<Ipv4Addr>) -> Result<(), ApiError> {
        let net = self.network_lookup(network)?;
        let cid = self.lookup(container)?;
        let n = self.net.networks[&net].clone();
        let cn = self.net.containers.entry(cid.clone()).or_default();
        if cn.endpoints.iter().any(|e| e.network_id == net) {
            let name = self.containers[&cid].name.clone();
            return Err(ApiError::forbidden(format!("endpoint with name {name} already exists in network {}", n.name)));
        }
        let mode = self.containers[&cid].host.network_mode.clone();
        if mode == "host" || n.driver == "host" {
            return Err(ApiError::forbidden("container cannot be disconnected from host network or connected to host network"));
        }
        if mode == "none" || mode.starts_with("container:") || n.driver != "bridge" {
            return Err(ApiError::forbidden("container sharing network namespace with another container or host cannot be connected to any other network"));
        }
        check_endpoint(&n, ip, &aliases)?;
        let short = cid[..12].to_string();
        let mut ep = Endpoint { network_id: net.clone(), aliases, requested_ip: ip, ..Endpoint::default() };
        let pid = self.net.containers[&cid].pid;
        if let Some(pid) = pid {
            let index = self.net.containers[&cid].endpoints.len();
            let nm = self.net.networks.get_mut(&net).expect("looked up");
            let addr = nm.allocate(ip).map_err(|e| alloc_error(nm, e))?;
            if nm.is_user_bridge() {
                ep.aliases.push(short);
            }
            ep.address = Some(addr);
            ep.endpoint_id = self.endpoint_hex64(&cid);
            let no_gateway = self.net.containers[&cid].endpoints.iter().any(|e| e.address.is_some());
            let gw = (!n.internal && !no_gateway).then_some(n.gateway).flatten();
            let _ = self.kernel.connect(pid, &n.bridge, &format!("eth{index}"), addr, gw);
            let cn = self.net.containers.get_mut(&cid).expect("present");
            cn.endpoints.push(ep);
            let cn = cn.clone();
            let name = self.containers[&cid].name.clone();
            self.dns_publish(&cid, &name, &cn);
            if n.is_user_bridge() {
                self.serve_dns(pid, &cn);
            }
        } else {
            self.net.containers.get_mut(&cid).expect("present").endpoints.push(ep);
        }
        self.network_event(&net, "connect", &[("container", cid), ("type", "bridge".into())]);
        Ok(())
    }

    /// `POST /networks/{id}/disconnect`.
    pub fn network_disconnect(&mut self, network: &str, container: &str) -> Result<(), ApiError> {
        let net = self.network_lookup(network)?;
        let cid = self.lookup(container)?;
        let Some(cn) = self.net.containers.get_mut(&cid) else {
            return Err(ApiError::forbidden(format!("container {cid} is not connected to network {network}")));
        };
        let Some(pos) = cn.endpoints.iter().position(|e| e.network_id == net) else {
            return Err(ApiError::forbidden(format!("container {cid} is not connected to network {network}")));
        };
        let ep = cn.endpoints.remove(pos);
        let pid = cn.pid;
        let n = self.net.networks.get_mut(&net).expect("looked up");
        if let Some(a) = ep.address {
            n.allocated.remove(&a.addr);
            if let Some(names) = self.net.dns.borrow_mut().get_mut(&net) {
                for list in names.values_mut() {
                    list.retain(|x| *x != a.addr);
                }
                names.retain(|_, l| !l.is_empty());
            }
        }
        let bridge = n.bridge.clone();
        if let Some(pid) = pid {
            let _ = self.kernel.disconnect(pid, &bridge);
        }
        self.network_event(&net, "disconnect", &[("container", cid), ("type", "bridge".into())]);
        Ok(())
    }

    /// `NetworkSettings` of container `id` for `docker inspect`.
    pub(super) fn network_settings(&self, id: &str) -> NetworkSettings {
        let Some(cn) = self.net.containers.get(id) else { return NetworkSettings::default() };
        let mut s = NetworkSettings {
            sandbox_id: cn.sandbox_id.clone(),
            sandbox_key: if cn.sandbox_id.is_empty() { String::new() } else { format!("/var/run/docker/netns/{}", &cn.sandbox_id[..12]) },
            ports: cn.ports.clone().or_else(|| Some(PortMap::new())),
            ..NetworkSettings::default()
        };
        let mut networks = BTreeMap::new();
        for ep in &cn.endpoints {
            let Some(n) = self.net.networks.get(&ep.network_id) else { continue };
            let running = !ep.endpoint_id.is_empty();
            let e = EndpointSettings {
                ipam_config: ep.requested_ip.map(|ip| EndpointIpamConfig { ipv4_address: ip.to_string(), ..Default::default() }),
                links: None,
                aliases: (n.is_user_bridge() && !ep.aliases.is_empty()).then(|| ep.aliases.clone()).or_else(|| (n.is_user_bridge() && !cn.request.aliases.is_empty()).then(|| cn.request.aliases.clone())),
                network_id: n.id.clone(),
                endpoint_id: ep.endpoint_id.clone(),
                gateway: if running { ep.address.and(n.gateway).map(|g| g.to_string()).unwrap_or_default() } else { String::new() },
                ip_address: ep.address.map(|a| a.addr.to_string()).unwrap_or_default(),
                ip_prefix_len: ep.address.map_or(0, |a| i64::from(a.prefix)),
                mac_address: ep.address.map(|a| mac_of(a.addr)).unwrap_or_default(),
                ..EndpointSettings::default()
            };
            if n.name == "bridge" && n.predefined {
                s.endpoint_id = e.endpoint_id.clone();
                s.gateway = e.gateway.clone();
                s.ip_address = e.ip_address.clone();
                s.ip_prefix_len = e.ip_prefix_len;
                s.mac_address = e.mac_address.clone();
            }
            networks.insert(n.name.clone(), e);
        }
        s.networks = Some(networks);
        s
    }

    /// `HostConfig.PortBindings` of container `id`.
    pub(super) fn port_bindings(&self, id: &str) -> PortMap {
        self.net.containers.get(id).map(|c| c.request.port_bindings.clone()).unwrap_or_default()
    }
}

impl ApiError {
    /// 403: the operation is not allowed on this object (`errdefs.Forbidden`).
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError { status: 403, message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_skip_used_subnets() {
        let used = [IpNet { addr: Ipv4Addr::new(172, 17, 0, 0), prefix: 16 }];
        let next = default_pools().find(|p| !used.iter().any(|u| overlaps(*u, *p))).unwrap();
        assert_eq!(next, IpNet { addr: Ipv4Addr::new(172, 18, 0, 0), prefix: 16 });
        assert!(overlaps(IpNet { addr: Ipv4Addr::new(172, 18, 5, 0), prefix: 24 }, next));
    }

    #[test]
    fn ipam_hands_out_the_lowest_free_address() {
        let mut n = Network {
            id: String::new(),
            name: "n".into(),
            driver: "bridge".into(),
            created: 0,
            subnet: Some(IpNet { addr: Ipv4Addr::new(172, 18, 0, 0), prefix: 16 }),
            gateway: Some(Ipv4Addr::new(172, 18, 0, 1)),
            internal: false,
            bridge: "br-x".into(),
            predefined: false,
            labels: BTreeMap::new(),
            allocated: BTreeSet::new(),
            user_subnet: false,
            ip_range: None,
            aux_addresses: BTreeMap::new(),
            user_gateway: false,
        };
        assert_eq!(n.allocate(None).unwrap().addr, Ipv4Addr::new(172, 18, 0, 2));
        assert_eq!(n.allocate(None).unwrap().addr, Ipv4Addr::new(172, 18, 0, 3));
        n.allocated.remove(&Ipv4Addr::new(172, 18, 0, 2));
        assert_eq!(n.allocate(None).unwrap().addr, Ipv4Addr::new(172, 18, 0, 2));
        assert_eq!(mac_of(Ipv4Addr::new(172, 17, 0, 2)), "02:42:ac:11:00:02");
    }

    #[test]
    fn ip_ranges_and_aux_addresses_shape_allocation() {
        let mut n = Network {
            id: String::new(),
            name: "n".into(),
            driver: "bridge".into(),
            created: 0,
            subnet: Some(IpNet { addr: Ipv4Addr::new(10, 5, 0, 0), prefix: 16 }),
            gateway: Some(Ipv4Addr::new(10, 5, 0, 1)),
            internal: false,
            bridge: "br-x".into(),
            predefined: false,
            labels: BTreeMap::new(),
            allocated: BTreeSet::new(),
            user_subnet: true,
            ip_range: Some(IpNet { addr: Ipv4Addr::new(10, 5, 1, 0), prefix: 24 }),
            aux_addresses: BTreeMap::from([("router".to_string(), Ipv4Addr::new(10, 5, 1, 1))]),
            user_gateway: true,
        };
        // A range that does not start the subnet hands out its .0 address too.
        assert_eq!(n.allocate(None).unwrap().addr, Ipv4Addr::new(10, 5, 1, 0));
        assert_eq!(n.allocate(None).unwrap().addr, Ipv4Addr::new(10, 5, 1, 2));
        // `--ip` may lie outside the range, but not outside the subnet, nor on a reserved one.
        assert_eq!(n.allocate(Some(Ipv4Addr::new(10, 5, 0, 9))).unwrap().addr, Ipv4Addr::new(10, 5, 0, 9));
        assert_eq!(n.allocate(Some(Ipv4Addr::new(10, 6, 0, 9))), Err(AllocError::OutOfRange(Ipv4Addr::new(10, 6, 0, 9))));
        assert_eq!(n.allocate(Some(Ipv4Addr::new(10, 5, 1, 1))), Err(AllocError::InUse(Ipv4Addr::new(10, 5, 1, 1))));
        assert_eq!(n.allocate(Some(Ipv4Addr::new(10, 5, 0, 1))), Err(AllocError::InUse(Ipv4Addr::new(10, 5, 0, 1))));
        // The whole subnet keeps its network and broadcast addresses back.
        n.ip_range = Some(IpNet { addr: Ipv4Addr::new(10, 5, 255, 252), prefix: 30 });
        assert_eq!(n.allocate(None).unwrap().addr, Ipv4Addr::new(10, 5, 255, 252));
        assert_eq!(n.allocate(None).unwrap().addr, Ipv4Addr::new(10, 5, 255, 253));
        assert_eq!(n.allocate(None).unwrap().addr, Ipv4Addr::new(10, 5, 255, 254));
        assert_eq!(n.allocate(None), Err(AllocError::Exhausted));
        let bridge = Network { predefined: true, user_subnet: false, ..n.clone() };
        assert_eq!(check_endpoint(&bridge, Some(Ipv4Addr::new(10, 5, 0, 3)), &[]).unwrap_err().message, "user specified IP address is supported on user defined networks only");
        let pooled = Network { user_subnet: false, ..n };
        assert_eq!(check_endpoint(&pooled, Some(Ipv4Addr::new(10, 5, 0, 3)), &[]).unwrap_err().message, "user specified IP address is supported only when connecting to networks with user configured subnets");
    }

    #[test]
    fn host_port_ranges_go_round_from_the_last_pick() {
        assert_eq!(next_in_range(9000, 9002, None, |_| true), Some(9000));
        assert_eq!(next_in_range(9000, 9002, Some(9000), |_| true), Some(9001));
        // After the end it starts again, skipping taken ports, even when an earlier one is free.
        assert_eq!(next_in_range(9000, 9002, Some(9002), |p| p != 9000), Some(9001));
        assert_eq!(next_in_range(9000, 9002, Some(9000), |p| p == 9000), Some(9000));
        assert_eq!(next_in_range(9000, 9001, None, |_| false), None);
    }

    #[test]
    fn container_network_mode_conflicts() {
        let config = |hostname: &str| crate::api::container::ContainerConfig { hostname: hostname.into(), ..Default::default() };
        let ports = NetworkRequest { port_bindings: PortMap::from([("80/tcp".to_string(), Some(vec![PortBinding::default()]))]), ..Default::default() };
        assert_eq!(check_network_mode(&config(""), "container:db", &ports).unwrap_err().message, "conflicting options: port publishing and the container type network mode");
        assert_eq!(check_network_mode(&config("x"), "container:db", &ports).unwrap_err().message, "conflicting options: hostname and the network mode");
        assert_eq!(check_network_mode(&config(""), "container:", &ports).unwrap_err().message, "Invalid network mode: invalid container format container:<name|id>");
        assert!(check_network_mode(&config("x"), "host", &ports).is_ok());
        assert_eq!(create_warnings("host", &ports), ["Published ports are discarded when using host network mode"]);
        assert!(create_warnings("bridge", &ports).is_empty());
    }

    #[test]
    fn cidrs_are_checked() {
        assert!(parse_cidr("10.1.0.0/16").is_ok());
        assert_eq!(parse_cidr("10.1.0.0").unwrap_err().message, "invalid CIDR address: 10.1.0.0");
    }
}
