//! Stream sockets: listeners with a backlog, and connections as a pair of pipes.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::net::Ipv4Addr;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use super::{Hop, Net, ProtoKey};
use crate::errno::Errno;
use crate::io::{Pipe, PipeEnd};

/// One end of an established connection.
pub struct Socket {
    /// What the peer sent.
    pub rx: PipeEnd,
    /// What this end sends.
    pub tx: PipeEnd,
    /// This end's address and port.
    pub local: (Ipv4Addr, u16),
    /// The peer's address and port.
    pub peer: (Ipv4Addr, u16),
}

/// A listening socket: connections wait here until accepted.
#[derive(Default)]
pub struct Listener {
    backlog: VecDeque<Socket>,
    waiters: Vec<Waker>,
}

impl Listener {
    /// Takes the next connection, or waits for one.
    pub fn poll_accept(&mut self, cx: &mut Context<'_>) -> Poll<Socket> {
        match self.backlog.pop_front() {
            Some(s) => Poll::Ready(s),
            None => {
                self.waiters.push(cx.waker().clone());
                Poll::Pending
            }
        }
    }

    /// Connections waiting to be accepted.
    pub fn pending(&self) -> usize {
        self.backlog.len()
    }

    fn push(&mut self, s: Socket) {
        self.backlog.push_back(s);
        self.waiters.drain(..).for_each(Waker::wake);
    }
}

impl Net {
    /// Binds a listener in namespace `ns` (`socket` + `bind` + `listen`). `EADDRINUSE` if the
    /// port is taken there, including by a published port in the host namespace.
    pub fn listen(&mut self, ns: usize, proto: ProtoKey, addr: Ipv4Addr, port: u16) -> Result<Rc<RefCell<Listener>>, Errno> {
        self.purge_closed_listeners();
        let taken = self.listeners.keys().any(|(n, p, a, q)| *n == ns && *p == proto && *q == port && (*a == addr || a.is_unspecified() || addr.is_unspecified()));
        let forwarded = ns == 0 && self.forwards.iter().any(|f| ProtoKey::from(f.protocol) == proto && f.host_port == port);
        if taken || forwarded {
            return Err(Errno::EADDRINUSE);
        }
        let l = Rc::new(RefCell::new(Listener::default()));
        self.listeners.insert((ns, proto, addr, port), l.clone());
        Ok(l)
    }

    /// Forgets listeners whose socket every process has closed: the table's own reference is
    /// then the only one left.
    pub fn purge_closed_listeners(&mut self) {
        self.listeners.retain(|_, v| Rc::strong_count(v) > 1);
    }

    fn listener_at(&self, ns: usize, proto: ProtoKey, dst: Ipv4Addr, port: u16) -> Option<Rc<RefCell<Listener>>> {
        let any = Ipv4Addr::UNSPECIFIED;
        let open = |l: &&Rc<RefCell<Listener>>| Rc::strong_count(l) > 1;
        let exact = self.listeners.get(&(ns, proto, dst, port)).filter(open);
        exact.or_else(|| self.listeners.get(&(ns, proto, any, port)).filter(open)).cloned()
    }

    /// Connects from namespace `from` to `dst:port` (TCP). Published ports apply when the
    /// destination is the host. Returns the client's end.
    pub fn connect_tcp(&mut self, from: usize, dst: Ipv4Addr, port: u16) -> Result<Socket, Errno> {
        self.connect_proto(from, ProtoKey::Tcp, dst, port)
    }

    /// A UDP "connection" from namespace `from` to `dst:port`: the datagrams between a
    /// connected UDP socket and the one bound there, carried as a stream (published UDP ports
    /// forward them as docker-proxy does). With nothing bound there the datagrams are lost
    /// (UDP has no refusal to wait for): the socket reads end of file at once.
    pub fn connect_udp(&mut self, from: usize, dst: Ipv4Addr, port: u16) -> Result<Socket, Errno> {
        match self.connect_proto(from, ProtoKey::Udp, dst, port) {
            Err(Errno::ECONNREFUSED) => {
                let local_port = self.ephemeral_port();
                let (rx, _) = Pipe::pair();
                let (_, tx) = Pipe::pair();
                Ok(Socket { rx, tx, local: (self.source_addr(from, dst), local_port), peer: (dst, port) })
            }
            other => other,
        }
    }

    fn connect_proto(&mut self, from: usize, proto: ProtoKey, dst: Ipv4Addr, port: u16) -> Result<Socket, Errno> {
        let (mut ns, mut dst, mut port) = match self.route(from, dst)? {
            Hop::Ns { ns, .. } => (ns, dst, port),
            Hop::External => return Err(Errno::ECONNREFUSED),
        };
        let mut src = self.source_addr(from, dst);
        if ns == 0 && self.listener_at(0, proto, dst, port).is_none() {
            if let Some(f) = self.forwards.iter().find(|f| ProtoKey::from(f.protocol) == proto && f.host_port == port && (f.host_ip.is_unspecified() || f.host_ip == dst || dst.is_loopback())) {
                let (tip, tport) = (f.target_ip, f.target_port);
                ns = match self.route(0, tip)? {
                    Hop::Ns { ns, .. } => ns,
                    Hop::External => return Err(Errno::ECONNREFUSED),
                };
                // docker-proxy connects from the bridge's gateway address.
                if from == 0 {
                    src = self.source_addr(0, tip);
                }
                dst = tip;
                port = tport;
            }
        }
        let listener = self.listener_at(ns, proto, dst, port).ok_or(Errno::ECONNREFUSED)?;
        let local_port = self.ephemeral_port();
        let (c2s_r, c2s_w) = Pipe::pair();
        let (s2c_r, s2c_w) = Pipe::pair();
        listener.borrow_mut().push(Socket { rx: c2s_r, tx: s2c_w, local: (dst, port), peer: (src, local_port) });
        Ok(Socket { rx: s2c_r, tx: c2s_w, local: (src, local_port), peer: (dst, port) })
    }

    /// The address namespace `from` sends from when talking to `dst`.
    pub fn source_addr(&self, from: usize, dst: Ipv4Addr) -> Ipv4Addr {
        if dst.is_loopback() {
            return Ipv4Addr::LOCALHOST;
        }
        let stack = &self.namespaces[&from];
        let target = if stack.ifaces.iter().filter_map(|i| i.addr).any(|a| super::same_subnet(a, dst)) { dst } else { stack.gateway.unwrap_or(dst) };
        stack.ifaces.iter().filter_map(|i| i.addr).find(|a| super::same_subnet(*a, target) && !a.addr.is_loopback()).map_or(Ipv4Addr::LOCALHOST, |a| a.addr)
    }

    /// Asks the DNS server at `server` (as seen from namespace `from`) for `name`'s addresses.
    pub fn dns_query(&self, from: usize, server: Ipv4Addr, name: &str) -> Result<Vec<Ipv4Addr>, Errno> {
        if server == super::internet::UPSTREAM_DNS && !self.dns.contains_key(&(from, server)) {
            // The host's upstream resolver, out on the uplink (see `internet`).
            return match self.route(from, Ipv4Addr::new(8, 8, 8, 8))? {
                Hop::External => Ok(super::internet::lookup(name)),
                Hop::Ns { .. } => Err(Errno::ETIMEDOUT),
            };
        }
        let ns = match self.route(from, server)? {
            Hop::Ns { ns, .. } => ns,
            Hop::External => return Err(Errno::ETIMEDOUT),
        };
        let answer = self.dns.get(&(ns, server)).or_else(|| self.dns.get(&(ns, Ipv4Addr::UNSPECIFIED))).ok_or(Errno::ECONNREFUSED)?;
        let found = answer(name);
        if found.is_empty() && server.is_loopback() && self.route(ns, Ipv4Addr::new(8, 8, 8, 8)) == Ok(Hop::External) {
            // Docker's embedded DNS forwards names it does not know to the host's resolver,
            // from a namespace that can reach it (not on an `--internal` network).
            return Ok(super::internet::lookup(name));
        }
        Ok(found)
    }

    /// What `ping` sees: the TTL of the reply (64 from a Linux peer, minus routers).
    pub fn ping(&self, from: usize, dst: Ipv4Addr) -> Result<u8, Errno> {
        match self.route(from, dst)? {
            Hop::Ns { routers, .. } => Ok(64 - routers),
            Hop::External => Ok(117),
        }
    }
}
