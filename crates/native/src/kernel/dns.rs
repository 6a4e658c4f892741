//! The embedded DNS server of user-defined networks, natively: a UDP socket on
//! `127.0.0.11:53` inside each container's network namespace, answered on the reactor's thread
//! ([`reactor::add_handler`]) from the engine's table of names ([`DnsAnswer`]).
//!
//! **Why a server rather than `/etc/hosts` entries:** it is what dockerd does (and what the
//! simulator models), so `cat /etc/resolv.conf` and `nslookup` show the same thing natively;
//! names are looked up when asked, so a container that starts, stops or connects later is
//! seen at once by everyone without rewriting other containers' files (a rewrite races a
//! reader, and a file bind-mounted into a container cannot be replaced by rename); and names
//! the engine does not know are forwarded to the host's name servers, as dockerd forwards them.
//!
//! The socket is made by entering the namespace (`setns(2)`) on this thread for the length
//! of `socket(2)` + `bind(2)`; it belongs to the namespace from then on. It keeps the namespace
//! alive, so it is closed when the container's process is reaped ([`Dns::stop`]).

use std::collections::HashMap;
use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::os::fd::AsRawFd;
use std::rc::Rc;
use std::time::Duration;

use wharf_engine::kernel::{DnsAnswer, KernelError, Pid};

use super::reactor;

/// The servers this kernel runs, by the PID whose namespace holds them.
#[derive(Default)]
pub struct Dns {
    servers: HashMap<Pid, (u64, Rc<UdpSocket>)>,
}

/// Runs `f` with this thread in `pid`'s network namespace.
fn in_netns<T>(pid: Pid, f: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
    let home = File::open("/proc/thread-self/ns/net")?;
    let target = File::open(format!("/proc/{pid}/ns/net"))?;
    // SAFETY: setns with descriptors we own.
    if unsafe { libc::setns(target.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let result = f();
    // SAFETY: as above; back to where this thread was.
    if unsafe { libc::setns(home.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
        panic!("cannot return to the daemon's network namespace: {}", std::io::Error::last_os_error());
    }
    result
}

/// The name servers of the host's `/etc/resolv.conf` that a container can reach (loopback
/// ones are the host's own and unreachable from a container), else Google's, as libnetwork
/// falls back.
pub fn host_nameservers() -> Vec<Ipv4Addr> {
    let text = std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
    let found: Vec<Ipv4Addr> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("nameserver"))
        .filter_map(|a| a.trim().parse::<Ipv4Addr>().ok())
        .filter(|a| !a.is_loopback())
        .collect();
    if found.is_empty() {
        vec![Ipv4Addr::new(8, 8, 8, 8), Ipv4Addr::new(8, 8, 4, 4)]
    } else {
        found
    }
}

/// The host's `/etc/resolv.conf` for a container off user networks: its loopback name servers
/// replaced as [`host_nameservers`] says, other lines kept.
pub fn host_resolv_conf() -> String {
    let text = std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
    let mut out: String = text.lines().filter(|l| !l.trim_start().starts_with("nameserver")).map(|l| format!("{l}\n")).collect();
    for ns in host_nameservers() {
        out.push_str(&format!("nameserver {ns}\n"));
    }
    out
}

/// A query's question: (name, type) and where the question ends.
fn question(msg: &[u8]) -> Option<(String, u16, usize)> {
    if msg.len() < 12 || u16::from_be_bytes([msg[4], msg[5]]) != 1 {
        return None;
    }
    let mut i = 12;
    let mut labels = Vec::new();
    loop {
        let len = *msg.get(i)? as usize;
        i += 1;
        if len == 0 {
            break;
        }
        if len > 63 {
            return None; // compression in a question: not from a resolver
        }
        labels.push(String::from_utf8_lossy(msg.get(i..i + len)?).into_owned());
        i += len;
    }
    let qtype = u16::from_be_bytes([*msg.get(i)?, *msg.get(i + 1)?]);
    Some((labels.join("."), qtype, i + 4))
}

/// The reply to `query` (whose question ends at `end`) for a name the engine knows: `addrs`
/// for an A question, no records for another type.
fn reply(query: &[u8], end: usize, qtype: u16, addrs: &[Ipv4Addr]) -> Vec<u8> {
    const TYPE_A: u16 = 1;
    let answers: &[Ipv4Addr] = if qtype == TYPE_A { addrs } else { &[] };
    let mut out = Vec::with_capacity(end + 16 * answers.len());
    out.extend_from_slice(&query[..2]);
    // QR, the query's opcode and RD, RA; NOERROR (a known name has no AAAA: empty answer).
    out.push(0x80 | (query[2] & 0x79));
    out.push(0x80);
    out.extend_from_slice(&[0, 1]);
    out.extend_from_slice(&(answers.len() as u16).to_be_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&query[12..end]);
    for a in answers {
        // A pointer to the question's name, A, IN, TTL 600 (dockerd's), 4 bytes.
        out.extend_from_slice(&[0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x02, 0x58, 0, 4]);
        out.extend_from_slice(&a.octets());
    }
    out
}

/// Asks the host's name servers in a thread of its own (the reactor never blocks) and relays
/// the answer to `client` through `socket`.
fn forward(socket: &UdpSocket, query: Vec<u8>, client: SocketAddr) {
    let Ok(socket) = socket.try_clone() else { return };
    let _ = std::thread::Builder::new().name("dns forward".into()).spawn(move || {
        for ns in host_nameservers() {
            let Ok(up) = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)) else { return };
            let _ = up.set_read_timeout(Some(Duration::from_secs(2)));
            if up.send_to(&query, (ns, 53)).is_err() {
                continue;
            }
            let mut buf = [0u8; 4096];
            if let Ok((n, _)) = up.recv_from(&mut buf) {
                let _ = socket.send_to(&buf[..n], client);
                return;
            }
        }
    });
}

impl Dns {
    /// Serves `answer` on `server:53` in `pid`'s network namespace, replacing any server there.
    pub fn serve(&mut self, pid: Pid, server: Ipv4Addr, answer: DnsAnswer) -> Result<(), KernelError> {
        self.stop(pid);
        let socket = in_netns(pid, || {
            let s = UdpSocket::bind((server, 53))?;
            s.set_nonblocking(true)?;
            Ok(s)
        })
        .map_err(|e| KernelError::Other(format!("embedded DNS in process {pid}'s namespace: {e}")))?;
        let socket = Rc::new(socket);
        let served = socket.clone();
        let handler = reactor::add_handler(socket.as_raw_fd(), move || {
            let mut buf = [0u8; 512];
            while let Ok((n, client)) = served.recv_from(&mut buf) {
                let query = &buf[..n];
                let Some((name, qtype, end)) = question(query) else { continue };
                let addrs = answer(&name);
                if addrs.is_empty() {
                    forward(&served, query.to_vec(), client);
                } else {
                    let _ = served.send_to(&reply(query, end, qtype, &addrs), client);
                }
            }
        });
        self.servers.insert(pid, (handler, socket));
        Ok(())
    }

    /// Closes the server in `pid`'s namespace, if any.
    pub fn stop(&mut self, pid: Pid) {
        if let Some((handler, _socket)) = self.servers.remove(&pid) {
            reactor::remove_handler(handler);
        }
    }
}

impl Drop for Dns {
    /// The reactor holds each server's socket through its handler: let go of them all.
    fn drop(&mut self) {
        for (handler, _) in self.servers.values() {
            reactor::remove_handler(*handler);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `dig web A` as a resolver sends it (ID 0x1234, RD).
    fn query(name: &str, qtype: u16) -> Vec<u8> {
        let mut q = vec![0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
        for label in name.split('.') {
            q.push(label.len() as u8);
            q.extend_from_slice(label.as_bytes());
        }
        q.push(0);
        q.extend_from_slice(&qtype.to_be_bytes());
        q.extend_from_slice(&[0, 1]);
        q
    }

    #[test]
    fn an_a_question_gets_its_addresses() {
        let q = query("web.local", 1);
        let (name, qtype, end) = question(&q).unwrap();
        assert_eq!((name.as_str(), qtype, end), ("web.local", 1, q.len()));
        let r = reply(&q, end, qtype, &[Ipv4Addr::new(172, 18, 0, 2)]);
        assert_eq!(&r[..12], &[0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
        assert_eq!(&r[12..end], &q[12..]);
        assert_eq!(&r[end..], &[0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 2, 0x58, 0, 4, 172, 18, 0, 2]);
    }

    #[test]
    fn a_known_name_has_no_aaaa_record() {
        let q = query("web", 28);
        let (_, qtype, end) = question(&q).unwrap();
        let r = reply(&q, end, qtype, &[Ipv4Addr::new(172, 18, 0, 2)]);
        assert_eq!(&r[2..8], &[0x81, 0x80, 0, 1, 0, 0], "NOERROR, no answers");
        assert_eq!(r.len(), q.len());
    }

    #[test]
    fn malformed_queries_are_ignored() {
        assert!(question(&[0; 5]).is_none());
        let mut q = query("web", 1);
        q.truncate(14);
        assert!(question(&q).is_none());
    }
}
