//! Routing: which namespace a packet from a namespace to an address reaches, and how far.

use std::net::Ipv4Addr;

use super::{same_subnet, Net};
use crate::errno::Errno;

/// Where a packet ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hop {
    /// Namespace `ns`, after `routers` routing hops (0 on the same segment).
    Ns {
        /// The destination namespace.
        ns: usize,
        /// Routers passed (each takes one from the TTL).
        routers: u8,
    },
    /// The simulated outside world, beyond the host's uplink.
    External,
}

/// Whether an address is one the simulated world treats as outside (not private, not ours).
fn is_external(addr: Ipv4Addr) -> bool {
    !(addr.is_private() || addr.is_loopback() || addr.is_link_local() || addr.is_unspecified() || addr.is_broadcast() || addr.is_multicast())
}

impl Net {
    /// Routes a packet from namespace `from` to `dst`. Errors are what `connect(2)` and
    /// `ping` report: `ENETUNREACH` with no route, `EHOSTUNREACH` when nobody on the segment
    /// has the address, `ETIMEDOUT` when a firewall drops it (Docker's isolation between
    /// bridges).
    pub fn route(&self, from: usize, dst: Ipv4Addr) -> Result<Hop, Errno> {
        let stack = self.namespaces.get(&from).ok_or(Errno::ENETUNREACH)?;
        if dst.is_loopback() || stack.ifaces.iter().any(|i| i.addr.is_some_and(|a| a.addr == dst)) {
            return Ok(Hop::Ns { ns: from, routers: 0 });
        }
        if let Some(hop) = self.on_link(from, dst)? {
            return Ok(hop);
        }
        let gw = stack.gateway.ok_or(Errno::ENETUNREACH)?;
        if from == 0 {
            return if is_external(dst) { Ok(Hop::External) } else { Err(Errno::EHOSTUNREACH) };
        }
        let Some(Hop::Ns { ns: router, .. }) = self.on_link(from, gw)? else { return Err(Errno::ENETUNREACH) };
        if router != 0 {
            return Err(Errno::EHOSTUNREACH);
        }
        let host = &self.namespaces[&0];
        if host.ifaces.iter().any(|i| i.addr.is_some_and(|a| a.addr == dst)) {
            return Ok(Hop::Ns { ns: 0, routers: 0 });
        }
        if is_external(dst) {
            return Ok(Hop::External);
        }
        // The host reaches every bridge, but Docker's rules drop traffic between bridges.
        match self.on_link(0, dst)? {
            Some(_) => Err(Errno::ETIMEDOUT),
            None => Err(Errno::EHOSTUNREACH),
        }
    }

    /// The namespace with `dst` on a segment `from` is directly attached to.
    fn on_link(&self, from: usize, dst: Ipv4Addr) -> Result<Option<Hop>, Errno> {
        let stack = &self.namespaces[&from];
        for iface in &stack.ifaces {
            let (Some(net), Some(segment)) = (iface.addr, iface.segment()) else { continue };
            if !same_subnet(net, dst) {
                continue;
            }
            return match self.owner_on_segment(segment, dst) {
                Some(ns) => Ok(Some(Hop::Ns { ns, routers: 0 })),
                None => Err(Errno::EHOSTUNREACH),
            };
        }
        Ok(None)
    }
}
