//! The virtual network: interfaces, bridges, veth pairs, routing, TCP-like streams, UDP-like
//! datagrams, DNS and published ports.
//!
//! The model works at layer 3 with the rules Docker's networking relies on:
//! - Each network namespace has a loopback and its own interfaces, addresses and a default
//!   gateway. A bridge is an interface of the host's namespace; a veth puts a namespace on a
//!   bridge's segment.
//! - A packet from namespace A to address D goes to A itself if D is local; to the namespace
//!   that owns D on a segment A is on; else to A's gateway, which is the host. The host
//!   reaches every bridge, but does not forward between bridges (Docker's isolation rules),
//!   and a namespace without a gateway (`--internal`) reaches only its own segments.
//! - Published ports are forwards in the host namespace: a connection to `host_ip:port`
//!   becomes one to `target_ip:target_port`, as docker-proxy does.
//!
//! Connections are pairs of pipes; there are no packets, sequence numbers or MTUs. UDP is
//! carried the same way: each peer that sends to a bound UDP port arrives there as one
//! accepted flow (what `nc -u -l` prints), published UDP ports forward those flows, and
//! datagrams to a port nobody bound are lost rather than refused.

pub mod internet;
mod route;
mod socket;

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::rc::Rc;

pub use route::Hop;
pub use socket::{Listener, Socket};
use wharf_engine::kernel::{IpNet, Protocol};

use crate::errno::Errno;

/// What kind of interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfaceKind {
    /// `lo`.
    Loopback,
    /// A bridge (lives in the host namespace); its segment is the bridge itself.
    Bridge,
    /// One end of a veth pair, attached to a bridge's segment.
    Veth {
        /// The bridge this end's peer is enslaved to.
        bridge: String,
    },
    /// The host's uplink to the simulated outside world.
    Ethernet,
}

/// A network interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iface {
    /// Its name (`lo`, `eth0`, `docker0`, `br-1a2b3c4d5e6f`).
    pub name: String,
    /// What it is.
    pub kind: IfaceKind,
    /// Its IPv4 address and prefix.
    pub addr: Option<IpNet>,
    /// Its MAC address.
    pub mac: [u8; 6],
    /// Interface index (`ip link` shows it).
    pub index: u32,
}

impl Iface {
    /// The segment (bridge name) this interface puts its namespace on, if any.
    pub fn segment(&self) -> Option<&str> {
        match &self.kind {
            IfaceKind::Bridge => Some(&self.name),
            IfaceKind::Veth { bridge } => Some(bridge),
            _ => None,
        }
    }
}

/// One network namespace's stack.
#[derive(Debug, Clone, Default)]
pub struct NetNs {
    /// Interfaces, `lo` first.
    pub ifaces: Vec<Iface>,
    /// Default gateway.
    pub gateway: Option<Ipv4Addr>,
}

/// A forward of a host port to a namespace's address (`-p 8080:80`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forward {
    /// TCP or UDP.
    pub protocol: Protocol,
    /// The host address it listens on (`0.0.0.0` for all).
    pub host_ip: Ipv4Addr,
    /// The host port.
    pub host_port: u16,
    /// Where connections go.
    pub target_ip: Ipv4Addr,
    /// The port there.
    pub target_port: u16,
}

/// Answers DNS questions for a name server address in a namespace (Docker's embedded DNS at
/// 127.0.0.11, the host's resolver): a name to its addresses.
pub type DnsServer = Rc<dyn Fn(&str) -> Vec<Ipv4Addr>>;

/// The whole virtual network.
#[derive(Default)]
pub struct Net {
    /// Namespaces by the index processes carry (`NsSet::net`); 0 is the host's.
    pub namespaces: BTreeMap<usize, NetNs>,
    /// Listening sockets by (namespace, protocol, address, port); `0.0.0.0` listens on all.
    pub listeners: BTreeMap<(usize, ProtoKey, Ipv4Addr, u16), Rc<std::cell::RefCell<Listener>>>,
    /// Published ports.
    pub forwards: Vec<Forward>,
    /// DNS servers by (namespace, address).
    pub dns: BTreeMap<(usize, Ipv4Addr), DnsServer>,
    next_index: u32,
    next_port: u16,
}

/// `Protocol` as a map key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProtoKey {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

impl From<Protocol> for ProtoKey {
    fn from(p: Protocol) -> Self {
        match p {
            Protocol::Tcp => ProtoKey::Tcp,
            Protocol::Udp => ProtoKey::Udp,
        }
    }
}

/// The host's address on the simulated outside network.
pub const HOST_ADDR: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 15);

impl Net {
    /// The host namespace with `lo` and `eth0`.
    pub fn new() -> Net {
        let mut net = Net { next_index: 1, next_port: 32768, ..Net::default() };
        net.add_namespace(0);
        let eth0 = net.iface("eth0", IfaceKind::Ethernet, Some(IpNet { addr: HOST_ADDR, prefix: 24 }), 0);
        let host = net.namespaces.get_mut(&0).expect("just added");
        host.ifaces.push(eth0);
        host.gateway = Some(Ipv4Addr::new(10, 0, 2, 2));
        net
    }

    fn iface(&mut self, name: &str, kind: IfaceKind, addr: Option<IpNet>, seed: u32) -> Iface {
        let index = self.next_index;
        self.next_index += 1;
        // Docker derives a container's MAC from its IP (02:42:ac:11:00:02); others get a
        // stable made-up one.
        let mac = match addr {
            Some(a) if matches!(kind, IfaceKind::Veth { .. } | IfaceKind::Bridge) => {
                let o = a.addr.octets();
                [0x02, 0x42, o[0], o[1], o[2], o[3]]
            }
            _ => [0x52, 0x54, 0x00, 0x12, (index >> 8) as u8 ^ seed as u8, index as u8],
        };
        Iface { name: name.to_string(), kind, addr, mac, index }
    }

    /// Creates namespace `ns` with only a loopback interface (down to nothing else).
    pub fn add_namespace(&mut self, ns: usize) {
        let lo = self.iface("lo", IfaceKind::Loopback, Some(IpNet { addr: Ipv4Addr::LOCALHOST, prefix: 8 }), ns as u32);
        self.namespaces.insert(ns, NetNs { ifaces: vec![lo], gateway: None });
    }

    /// Drops namespace `ns` and everything bound in it.
    pub fn remove_namespace(&mut self, ns: usize) {
        self.namespaces.remove(&ns);
        self.listeners.retain(|(n, ..), _| *n != ns);
        self.dns.retain(|(n, _), _| *n != ns);
    }

    /// `ip link add NAME type bridge` + `ip addr add GATEWAY dev NAME` in the host namespace.
    pub fn create_bridge(&mut self, name: &str, gateway: IpNet) -> Result<(), Errno> {
        let host = self.namespaces.get(&0).ok_or(Errno::EINVAL)?;
        if host.ifaces.iter().any(|i| i.name == name) {
            return Err(Errno::EEXIST);
        }
        let iface = self.iface(name, IfaceKind::Bridge, Some(gateway), 0);
        self.namespaces.get_mut(&0).expect("checked").ifaces.push(iface);
        Ok(())
    }

    /// Deletes a bridge; `EBUSY` while a namespace is still attached.
    pub fn delete_bridge(&mut self, name: &str) -> Result<(), Errno> {
        if self.namespaces.values().flat_map(|n| &n.ifaces).any(|i| i.kind == (IfaceKind::Veth { bridge: name.to_string() })) {
            return Err(Errno::EBUSY);
        }
        let host = self.namespaces.get_mut(&0).ok_or(Errno::EINVAL)?;
        let before = host.ifaces.len();
        host.ifaces.retain(|i| !(i.name == name && i.kind == IfaceKind::Bridge));
        if host.ifaces.len() == before {
            return Err(Errno::ENODEV);
        }
        Ok(())
    }

    /// Attaches namespace `ns` to `bridge` through a veth whose inside end is `ifname` with
    /// `addr`; sets the default route via `gateway` if given.
    pub fn connect(&mut self, ns: usize, bridge: &str, ifname: &str, addr: IpNet, gateway: Option<Ipv4Addr>) -> Result<(), Errno> {
        let host = self.namespaces.get(&0).ok_or(Errno::EINVAL)?;
        if !host.ifaces.iter().any(|i| i.name == bridge && i.kind == IfaceKind::Bridge) {
            return Err(Errno::ENODEV);
        }
        if self.owner_on_segment(bridge, addr.addr).is_some() {
            return Err(Errno::EADDRINUSE);
        }
        let iface = self.iface(ifname, IfaceKind::Veth { bridge: bridge.to_string() }, Some(addr), ns as u32);
        let stack = self.namespaces.get_mut(&ns).ok_or(Errno::EINVAL)?;
        if stack.ifaces.iter().any(|i| i.name == ifname) {
            return Err(Errno::EEXIST);
        }
        stack.ifaces.push(iface);
        if gateway.is_some() && stack.gateway.is_none() {
            stack.gateway = gateway;
        }
        Ok(())
    }

    /// Takes namespace `ns` off `bridge`.
    pub fn disconnect(&mut self, ns: usize, bridge: &str) -> Result<(), Errno> {
        let stack = self.namespaces.get_mut(&ns).ok_or(Errno::EINVAL)?;
        let before = stack.ifaces.len();
        let gone: Vec<Ipv4Addr> = stack.ifaces.iter().filter(|i| i.segment() == Some(bridge) && i.kind != IfaceKind::Bridge).filter_map(|i| i.addr.map(|a| a.addr)).collect();
        stack.ifaces.retain(|i| !(i.segment() == Some(bridge) && i.kind != IfaceKind::Bridge));
        if stack.ifaces.len() == before {
            return Err(Errno::ENODEV);
        }
        if let Some(gw) = stack.gateway {
            let still_reachable = stack.ifaces.iter().filter_map(|i| i.addr).any(|a| same_subnet(a, gw));
            if !still_reachable || gone.is_empty() {
                stack.gateway = None;
            }
        }
        Ok(())
    }

    /// Adds a published port; `EADDRINUSE` if the host port is taken.
    pub fn publish(&mut self, f: Forward) -> Result<(), Errno> {
        self.purge_closed_listeners();
        let clash = self.forwards.iter().any(|g| {
            ProtoKey::from(g.protocol) == ProtoKey::from(f.protocol)
                && g.host_port == f.host_port
                && (g.host_ip == f.host_ip || g.host_ip.is_unspecified() || f.host_ip.is_unspecified())
        });
        let key = ProtoKey::from(f.protocol);
        let listening = self.listeners.keys().any(|(n, p, ip, port)| *n == 0 && *p == key && *port == f.host_port && (ip.is_unspecified() || f.host_ip.is_unspecified() || *ip == f.host_ip));
        if clash || listening {
            return Err(Errno::EADDRINUSE);
        }
        self.forwards.push(f);
        Ok(())
    }

    /// Removes a published port.
    pub fn unpublish(&mut self, protocol: Protocol, host_ip: Ipv4Addr, host_port: u16) -> Result<(), Errno> {
        let before = self.forwards.len();
        self.forwards.retain(|f| !(ProtoKey::from(f.protocol) == ProtoKey::from(protocol) && f.host_ip == host_ip && f.host_port == host_port));
        if self.forwards.len() == before {
            Err(Errno::ENOENT)
        } else {
            Ok(())
        }
    }

    /// A free ephemeral port for the host (`-p 80` without a host port), from 32768 up, as
    /// Docker allocates them.
    pub fn ephemeral_port(&mut self) -> u16 {
        loop {
            let port = self.next_port;
            self.next_port = if self.next_port == 60999 { 32768 } else { self.next_port + 1 };
            let taken = self.forwards.iter().any(|f| f.host_port == port) || self.listeners.keys().any(|(n, _, _, p)| *n == 0 && *p == port);
            if !taken {
                return port;
            }
        }
    }

    /// Whether a veth is attached to `bridge`.
    pub fn bridge_has_ports(&self, bridge: &str) -> bool {
        self.namespaces.values().flat_map(|n| &n.ifaces).any(|i| matches!(&i.kind, IfaceKind::Veth { bridge: b } if b == bridge))
    }

    /// The namespace that owns `addr` on segment `bridge`.
    fn owner_on_segment(&self, bridge: &str, addr: Ipv4Addr) -> Option<usize> {
        self.namespaces.iter().find_map(|(ns, stack)| stack.ifaces.iter().any(|i| i.segment() == Some(bridge) && i.addr.is_some_and(|a| a.addr == addr)).then_some(*ns))
    }
}

/// Whether `addr` lies in `net`'s subnet.
pub fn same_subnet(net: IpNet, addr: Ipv4Addr) -> bool {
    let mask = if net.prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(net.prefix)) };
    u32::from(net.addr) & mask == u32::from(addr) & mask
}

#[cfg(test)]
mod tests;
