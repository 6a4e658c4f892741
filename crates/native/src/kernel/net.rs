//! Networks: bridges and veth pairs through iproute2's `ip` (and util-linux's `nsenter` for the
//! container's side), published ports as a userland TCP or UDP proxy (Docker's `docker-proxy`,
//! UDP in [`super::udp_proxy`]).
//! A bridge is made when the first container joins it, not when its network is created or
//! restored: a one-shot `wharf docker run --network none` then runs no `ip` at all.
//!
//! **Why the `ip` command rather than rtnetlink:** the calls are the very commands a lesson
//! shows (`ip link add br0 type bridge`...), a failure reads as `ip` prints it, and iproute2 is
//! on every machine wharf runs containers on; a hand-written netlink client would be a few
//! hundred lines of message building for no behaviour the course can see.

use std::collections::{HashMap, HashSet};
use std::io;
use std::net::{Ipv4Addr, Shutdown, SocketAddrV4, TcpListener, TcpStream, UdpSocket};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

use wharf_engine::kernel::{IpNet, KernelError, Pid, Protocol};

/// The default bridge network's device, kept across daemons.
const DEFAULT_BRIDGE: &str = "docker0";

/// A running port proxy: its stop flag and the address to poke (connect to, or send an empty
/// datagram to) to stop it.
struct Proxy {
    stop: Arc<AtomicBool>,
    wake: SocketAddrV4,
}

/// A published port: protocol (UDP or not), host address and port.
type PortKey = (bool, Ipv4Addr, u16);

/// The bridges and port forwards this kernel made.
#[derive(Default)]
pub struct Net {
    bridges: HashSet<String>,
    /// Bridges asked for but not made yet: each is made when a container first joins it, so
    /// a daemon whose containers run with `--network none` (or none at all) runs no `ip`.
    pending: HashMap<String, IpNet>,
    proxies: HashMap<PortKey, Proxy>,
}

/// Runs `ip ARGS` (after `prefix`, e.g. `nsenter --net=...`); its stderr becomes the error.
fn run(prefix: &[&str], args: &[&str]) -> Result<(), KernelError> {
    let mut cmd = if prefix.is_empty() {
        Command::new("ip")
    } else {
        let mut c = Command::new(prefix[0]);
        c.args(&prefix[1..]).arg("ip");
        c
    };
    let out = cmd.args(args).output().map_err(|e| KernelError::Other(format!("ip {}: {e}", args.join(" "))))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if err.contains("File exists") {
            return Err(KernelError::Busy(args.join(" ")));
        }
        return Err(KernelError::Other(format!("ip {}: {err}", args.join(" "))));
    }
    Ok(())
}

/// Runs several `ip` commands in one process, `ip -batch -` (after `prefix`), stopping at the
/// first that fails: each process costs milliseconds on a loaded machine, and a veth takes six.
fn run_batch(prefix: &[&str], commands: &[String]) -> Result<(), KernelError> {
    use std::io::Write;
    use std::process::Stdio;
    let mut cmd = Command::new(prefix.first().copied().unwrap_or("ip"));
    if !prefix.is_empty() {
        cmd.args(&prefix[1..]).arg("ip");
    }
    let what = || format!("ip -batch: {}", commands.join("; "));
    let mut child = cmd.args(["-batch", "-"]).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().map_err(|e| KernelError::Other(format!("{}: {e}", what())))?;
    let script: String = commands.iter().map(|c| format!("{c}\n")).collect();
    let _ = child.stdin.take().expect("piped").write_all(script.as_bytes());
    let out = child.wait_with_output().map_err(|e| KernelError::Other(format!("{}: {e}", what())))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if err.contains("File exists") {
            return Err(KernelError::Busy(what()));
        }
        return Err(KernelError::Other(format!("{}: {err}", what())));
    }
    Ok(())
}

fn check_ifname(name: &str) -> Result<(), KernelError> {
    if name.is_empty() || name.len() > 15 || name.contains(['/', ' ', ':']) || name == "." || name == ".." {
        return Err(KernelError::Other(format!("invalid interface name {name:?}")));
    }
    Ok(())
}

fn link_exists(name: &str) -> bool {
    Path::new("/sys/class/net").join(name).exists()
}

/// Copies both ways between two connections until each side ends.
fn splice(a: TcpStream, b: TcpStream) {
    let (Ok(a2), Ok(b2)) = (a.try_clone(), b.try_clone()) else { return };
    let one = thread::spawn(move || {
        let (mut from, to) = (a, b2);
        let _ = io::copy(&mut from, &mut &to);
        let _ = to.shutdown(Shutdown::Write);
    });
    let (mut from, to) = (b, a2);
    let _ = io::copy(&mut from, &mut &to);
    let _ = to.shutdown(Shutdown::Write);
    let _ = one.join();
}

impl Net {
    /// Takes note of bridge `name` with address `gateway`, made when first joined
    /// ([`Net::connect`]); `Busy` if such an interface exists.
    pub fn create_bridge(&mut self, name: &str, gateway: IpNet) -> Result<(), KernelError> {
        check_ifname(name)?;
        if link_exists(name) || self.pending.contains_key(name) {
            return Err(KernelError::Busy(format!("network interface {name}")));
        }
        self.pending.insert(name.to_string(), gateway);
        Ok(())
    }

    /// `ip link add NAME type bridge; ip addr add GATEWAY dev NAME; ip link set NAME up`.
    fn make_bridge(&mut self, name: &str, gateway: IpNet) -> Result<(), KernelError> {
        let addr = format!("{}/{}", gateway.addr, gateway.prefix);
        let result = run_batch(&[], &[format!("link add {name} type bridge"), format!("addr add {addr} dev {name}"), format!("link set {name} up")]);
        match result {
            Ok(()) => {
                self.bridges.insert(name.to_string());
                Ok(())
            }
            Err(e) => {
                // Busy: `link add` found the name taken (not ours to delete); otherwise a later
                // step failed on the bridge just made.
                if !matches!(e, KernelError::Busy(_)) && link_exists(name) {
                    let _ = run(&[], &["link", "del", name]);
                }
                Err(e)
            }
        }
    }

    /// `ip link del NAME`.
    pub fn delete_bridge(&mut self, name: &str) -> Result<(), KernelError> {
        check_ifname(name)?;
        if self.pending.remove(name).is_some() {
            return Ok(());
        }
        if !link_exists(name) {
            return Err(KernelError::NotFound(format!("network interface {name}")));
        }
        run(&[], &["link", "del", name])?;
        self.bridges.remove(name);
        Ok(())
    }

    /// A veth pair: `vethXXXXXXX` on the bridge, `ifname` in `pid`'s network namespace with
    /// `address` and a default route via `gateway` (the container's init brought its
    /// loopback up).
    pub fn connect(&mut self, pid: Pid, bridge: &str, ifname: &str, address: IpNet, gateway: Option<Ipv4Addr>) -> Result<(), KernelError> {
        check_ifname(bridge)?;
        check_ifname(ifname)?;
        if let Some(gateway) = self.pending.remove(bridge) {
            if !link_exists(bridge) {
                self.make_bridge(bridge, gateway)?;
            }
        }
        if !link_exists(bridge) {
            return Err(KernelError::NotFound(format!("network {bridge}")));
        }
        let netns = format!("/proc/{pid}/ns/net");
        if !Path::new(&netns).exists() {
            return Err(KernelError::NotFound(format!("process {pid}")));
        }
        let mut random = [0u8; 4];
        // SAFETY: fills a live 4-byte buffer.
        unsafe { libc::getrandom(random.as_mut_ptr().cast(), 4, 0) };
        let host = format!("veth{:07x}", u32::from_ne_bytes(random) & 0x0fff_ffff);
        let pid_s = pid.to_string();
        let outside = [format!("link add {host} type veth peer name {ifname} netns {pid_s}"), format!("link set {host} master {bridge} up")];
        if let Err(e) = run_batch(&[], &outside) {
            if !matches!(e, KernelError::Busy(_)) && link_exists(&host) {
                let _ = run(&[], &["link", "del", &host]);
            }
            return Err(e);
        }
        let inside = ["nsenter", &format!("--net={netns}")];
        let addr = format!("{}/{}", address.addr, address.prefix);
        let mut within = vec![format!("addr add {addr} dev {ifname}"), format!("link set {ifname} up")];
        if let Some(gw) = gateway {
            within.push(format!("route add default via {gw}"));
        }
        let result = run_batch(&inside, &within);
        if result.is_err() {
            let _ = run(&[], &["link", "del", &host]);
        }
        result
    }

    /// Listens on `host_ip:host_port` and forwards to the target (Docker's userland proxy):
    /// each TCP connection with a thread per direction, UDP datagrams per client
    /// ([`super::udp_proxy`]).
    pub fn publish_port(&mut self, protocol: Protocol, host_ip: Ipv4Addr, host_port: u16, target_ip: Ipv4Addr, target_port: u16) -> Result<(), KernelError> {
        let udp = protocol == Protocol::Udp;
        let what = format!("{host_ip}:{host_port}");
        if self.proxies.contains_key(&(udp, host_ip, host_port)) {
            return Err(KernelError::Busy(what));
        }
        let bind_error = |e: io::Error| match e.kind() {
            io::ErrorKind::AddrInUse => KernelError::Busy(what.clone()),
            io::ErrorKind::PermissionDenied => KernelError::PermissionDenied(what.clone()),
            _ => KernelError::Other(format!("{what}: {e}")),
        };
        // A bridge that cannot be made fails the container's connect, with `ip`'s words.
        self.make_bridge_for(target_ip);
        let stop = Arc::new(AtomicBool::new(false));
        let wake_ip = if host_ip.is_unspecified() { Ipv4Addr::LOCALHOST } else { host_ip };
        let target = SocketAddrV4::new(target_ip, target_port);
        if udp {
            let socket = UdpSocket::bind((host_ip, host_port)).map_err(bind_error)?;
            let port = socket.local_addr().map(|a| a.port()).unwrap_or(host_port);
            super::udp_proxy::spawn(socket, target, stop.clone(), format!("proxy udp {what}")).map_err(|e| KernelError::Other(format!("proxy thread: {e}")))?;
            self.proxies.insert((udp, host_ip, host_port), Proxy { stop, wake: SocketAddrV4::new(wake_ip, port) });
            return Ok(());
        }
        let listener = TcpListener::bind((host_ip, host_port)).map_err(bind_error)?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(host_port);
        let flag = stop.clone();
        thread::Builder::new()
            .name(format!("proxy {what}"))
            .spawn(move || {
                for conn in listener.incoming() {
                    if flag.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(client) = conn else { continue };
                    thread::spawn(move || {
                        if let Ok(server) = TcpStream::connect(target) {
                            splice(client, server);
                        }
                    });
                }
            })
            .map_err(|e| KernelError::Other(format!("proxy thread: {e}")))?;
        self.proxies.insert((udp, host_ip, host_port), Proxy { stop, wake: SocketAddrV4::new(wake_ip, port) });
        Ok(())
    }

    /// Makes the pending bridge whose subnet holds `ip` now rather than when its container
    /// joins: the proxy starts before that, and until the bridge's route exists a connection
    /// or datagram to `ip` would follow the default route off the machine.
    fn make_bridge_for(&mut self, ip: Ipv4Addr) {
        let holds = |gw: &IpNet| {
            let mask = u32::MAX.checked_shl(32 - u32::from(gw.prefix)).unwrap_or(0);
            u32::from(gw.addr) & mask == u32::from(ip) & mask
        };
        let Some((name, gateway)) = self.pending.iter().find(|(_, gw)| holds(gw)).map(|(n, gw)| (n.clone(), *gw)) else { return };
        if link_exists(&name) || self.make_bridge(&name, gateway).is_ok() {
            self.pending.remove(&name);
        }
    }

    /// Stops the proxy on `host_ip:host_port` (open connections run to their end).
    pub fn unpublish_port(&mut self, protocol: Protocol, host_ip: Ipv4Addr, host_port: u16) -> Result<(), KernelError> {
        let udp = protocol == Protocol::Udp;
        let proxy = self.proxies.remove(&(udp, host_ip, host_port)).ok_or_else(|| KernelError::NotFound(format!("{host_ip}:{host_port}")))?;
        proxy.stop.store(true, Ordering::SeqCst);
        // Wake the accept (or receive) loop so it sees the flag and drops the listener.
        if udp {
            let _ = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).and_then(|s| s.send_to(&[], proxy.wake));
        } else {
            let _ = TcpStream::connect(proxy.wake);
        }
        Ok(())
    }

    /// Stops every proxy and deletes every bridge this kernel made but `docker0`, which stays
    /// for the next daemon as dockerd leaves it (deleting a bridge takes the kernel tens of
    /// milliseconds, a third of a one-shot `wharf docker run`).
    pub fn shutdown(&mut self) {
        let ports: Vec<_> = self.proxies.keys().copied().collect();
        for (udp, ip, port) in ports {
            let _ = self.unpublish_port(if udp { Protocol::Udp } else { Protocol::Tcp }, ip, port);
        }
        self.pending.clear();
        for b in std::mem::take(&mut self.bridges).into_iter().filter(|b| b != DEFAULT_BRIDGE) {
            let _ = run(&[], &["link", "del", &b]);
        }
    }
}
