//! Network system calls: listen, accept, connect, DNS, ping, interfaces.

use std::net::Ipv4Addr;
use std::task::Poll;

use super::Proc;
use crate::errno::Errno;
use crate::io::{FileObj, OpenFile};
use crate::net::{Iface, ProtoKey};

impl Proc {
    fn net_ns(&self) -> Result<usize, Errno> {
        self.me(|p| p.ns.net)
    }

    /// `socket` + `bind(addr:port)` + `listen` for TCP: a descriptor to [`Proc::accept`] on.
    pub fn listen_tcp(&self, addr: Ipv4Addr, port: u16) -> Result<i32, Errno> {
        let ns = self.net_ns()?;
        let l = self.with(|m| m.net.listen(ns, ProtoKey::Tcp, addr, port))?;
        self.install(OpenFile::new(FileObj::Listener(l), true, true, false))
    }

    /// `socket(SOCK_DGRAM)` + `bind`: a UDP socket on `addr:port`; each peer that sends to it
    /// arrives as one connection to `accept` (see [`crate::net::Net::connect_udp`]).
    pub fn listen_udp(&self, addr: Ipv4Addr, port: u16) -> Result<i32, Errno> {
        let ns = self.net_ns()?;
        let l = self.with(|m| m.net.listen(ns, ProtoKey::Udp, addr, port))?;
        self.install(OpenFile::new(FileObj::Listener(l), true, true, false))
    }

    /// `connect(2)` of a UDP socket: never refused; datagrams to a port nobody bound are lost.
    pub fn connect_udp(&self, addr: Ipv4Addr, port: u16) -> Result<i32, Errno> {
        let ns = self.net_ns()?;
        let sock = self.with(|m| m.net.connect_udp(ns, addr, port))?;
        self.install(OpenFile::new(FileObj::Socket(sock), true, true, false))
    }

    /// `accept(2)`: waits for a connection; returns its descriptor and the peer's address.
    pub async fn accept(&self, fd: i32) -> Result<(i32, (Ipv4Addr, u16)), Errno> {
        let file = self.file(fd)?;
        let listener = match &file.borrow().obj {
            FileObj::Listener(l) => l.clone(),
            _ => return Err(Errno::EINVAL),
        };
        let sock = self.block(|_, cx| listener.borrow_mut().poll_accept(cx).map(Ok)).await?;
        let peer = sock.peer;
        let fd = self.install(OpenFile::new(FileObj::Socket(sock), true, true, false))?;
        Ok((fd, peer))
    }

    /// `connect(2)` over TCP: `ECONNREFUSED` if nothing listens, `EHOSTUNREACH`,
    /// `ENETUNREACH`, or `ETIMEDOUT` (after the kernel's SYN retries: 2 minutes of virtual
    /// time, shortened to `timeout_secs` if given, like `curl --connect-timeout`).
    pub async fn connect_tcp(&self, addr: Ipv4Addr, port: u16, timeout_secs: Option<u64>) -> Result<i32, Errno> {
        let ns = self.net_ns()?;
        let r = self.with(|m| m.net.connect_tcp(ns, addr, port));
        match r {
            Ok(sock) => self.install(OpenFile::new(FileObj::Socket(sock), true, true, false)),
            Err(Errno::ETIMEDOUT) => {
                self.sleep(timeout_secs.unwrap_or(127) as i64 * 1_000_000_000).await?;
                Err(Errno::ETIMEDOUT)
            }
            Err(e) => Err(e),
        }
    }

    /// The peer of a connected socket.
    pub fn peer_addr(&self, fd: i32) -> Result<(Ipv4Addr, u16), Errno> {
        match &self.file(fd)?.borrow().obj {
            FileObj::Socket(s) => Ok(s.peer),
            _ => Err(Errno::EINVAL),
        }
    }

    /// Closes the sending half of a connection (`shutdown(SHUT_WR)`): the peer reads EOF.
    pub fn shutdown_write(&self, fd: i32) -> Result<(), Errno> {
        let file = self.file(fd)?;
        let mut f = file.borrow_mut();
        match &mut f.obj {
            FileObj::Socket(s) => {
                // Replacing the write end with a fresh, unconnected pipe end drops ours.
                let (_, w) = crate::io::Pipe::pair();
                drop(std::mem::replace(&mut s.tx, w));
                Ok(())
            }
            _ => Err(Errno::EINVAL),
        }
    }

    /// Sends a DNS query for `name` to `server` and returns the answers (empty: NXDOMAIN).
    pub async fn dns_query(&self, server: Ipv4Addr, name: &str) -> Result<Vec<Ipv4Addr>, Errno> {
        let ns = self.net_ns()?;
        let r = self.with(|m| m.net.dns_query(ns, server, name));
        if r == Err(Errno::ETIMEDOUT) {
            self.sleep(5_000_000_000).await?;
        }
        // A round trip takes a little time, as a resolver's would.
        self.block({
            let mut first = true;
            move |_, cx| {
                if first {
                    first = false;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                } else {
                    Poll::Ready(Ok(()))
                }
            }
        })
        .await?;
        r
    }

    /// Whether this process may open a raw ICMP socket: `CAP_NET_RAW` must be in its bounding
    /// set (ping gets it from its file capability or setuid bit when the set allows).
    pub fn may_raw_socket(&self) -> bool {
        self.me(|p| p.creds.cap_bounding & (1 << super::caps::CAP_NET_RAW) != 0).unwrap_or(false)
    }

    /// An ICMP echo: the reply's TTL, or why none came.
    pub fn ping(&self, addr: Ipv4Addr) -> Result<u8, Errno> {
        let ns = self.net_ns()?;
        self.with(|m| m.net.ping(ns, addr))
    }

    /// The interfaces of this process's network namespace and its default gateway.
    pub fn interfaces(&self) -> Result<(Vec<Iface>, Option<Ipv4Addr>), Errno> {
        let ns = self.net_ns()?;
        self.with(|m| m.net.namespaces.get(&ns).map(|s| (s.ifaces.clone(), s.gateway)).ok_or(Errno::EINVAL))
    }

    /// Whether bridge `name` has a port (a veth on it): without one it has no carrier, and
    /// `ip link` shows it `NO-CARRIER` and `DOWN`, as an idle docker0 is.
    pub fn bridge_has_ports(&self, name: &str) -> bool {
        self.with(|m| m.net.bridge_has_ports(name))
    }
}
