use std::net::Ipv4Addr;

use wharf_engine::kernel::{IpNet, Protocol};

use super::*;

fn net(a: [u8; 4], prefix: u8) -> IpNet {
    IpNet { addr: Ipv4Addr::from(a), prefix }
}

/// The host, docker0 with two containers, and a user network with one.
fn world() -> Net {
    let mut n = Net::new();
    n.create_bridge("docker0", net([172, 17, 0, 1], 16)).unwrap();
    n.create_bridge("br-app", net([172, 18, 0, 1], 16)).unwrap();
    for (ns, bridge, ip) in [(1, "docker0", [172, 17, 0, 2]), (2, "docker0", [172, 17, 0, 3]), (3, "br-app", [172, 18, 0, 2])] {
        n.add_namespace(ns);
        let gw = if bridge == "docker0" { [172, 17, 0, 1] } else { [172, 18, 0, 1] };
        n.connect(ns, bridge, "eth0", net(ip, 16), Some(Ipv4Addr::from(gw))).unwrap();
    }
    n.add_namespace(4); // --network none
    n
}

#[test]
fn containers_on_one_bridge_reach_each_other_and_the_host() {
    let n = world();
    assert_eq!(n.route(1, Ipv4Addr::new(172, 17, 0, 3)), Ok(Hop::Ns { ns: 2, routers: 0 }));
    assert_eq!(n.route(1, Ipv4Addr::new(172, 17, 0, 1)), Ok(Hop::Ns { ns: 0, routers: 0 }));
    assert_eq!(n.route(0, Ipv4Addr::new(172, 18, 0, 2)), Ok(Hop::Ns { ns: 3, routers: 0 }));
    assert_eq!(n.route(1, Ipv4Addr::new(8, 8, 8, 8)), Ok(Hop::External));
    assert_eq!(n.ping(1, Ipv4Addr::new(172, 17, 0, 3)), Ok(64));
}

#[test]
fn bridges_are_isolated_and_none_has_only_loopback() {
    let n = world();
    assert_eq!(n.route(1, Ipv4Addr::new(172, 18, 0, 2)), Err(Errno::ETIMEDOUT));
    assert_eq!(n.route(1, Ipv4Addr::new(172, 17, 0, 99)), Err(Errno::EHOSTUNREACH));
    assert_eq!(n.route(4, Ipv4Addr::new(172, 17, 0, 2)), Err(Errno::ENETUNREACH));
    assert_eq!(n.route(4, Ipv4Addr::LOCALHOST), Ok(Hop::Ns { ns: 4, routers: 0 }));
}

#[test]
fn published_ports_forward_and_clash() {
    let mut n = world();
    let l = n.listen(1, ProtoKey::Tcp, Ipv4Addr::UNSPECIFIED, 80).unwrap();
    let f = Forward { protocol: Protocol::Tcp, host_ip: Ipv4Addr::UNSPECIFIED, host_port: 8080, target_ip: Ipv4Addr::new(172, 17, 0, 2), target_port: 80 };
    n.publish(f.clone()).unwrap();
    assert_eq!(n.publish(f).err(), Some(Errno::EADDRINUSE));
    assert!(n.connect_tcp(0, Ipv4Addr::LOCALHOST, 8080).is_ok());
    assert_eq!(l.borrow().pending(), 1);
    assert_eq!(n.connect_tcp(0, Ipv4Addr::LOCALHOST, 8081).err(), Some(Errno::ECONNREFUSED));
    assert_eq!(n.listen(0, ProtoKey::Tcp, Ipv4Addr::UNSPECIFIED, 8080).err(), Some(Errno::EADDRINUSE));
    // A container on the same bridge talks to the container port directly.
    assert!(n.connect_tcp(2, Ipv4Addr::new(172, 17, 0, 2), 80).is_ok());
}

#[test]
fn dns_servers_answer_per_namespace() {
    let mut n = world();
    n.dns.insert((3, Ipv4Addr::new(127, 0, 0, 11)), std::rc::Rc::new(|name: &str| if name == "db" { vec![Ipv4Addr::new(172, 18, 0, 3)] } else { vec![] }));
    assert_eq!(n.dns_query(3, Ipv4Addr::new(127, 0, 0, 11), "db"), Ok(vec![Ipv4Addr::new(172, 18, 0, 3)]));
    assert_eq!(n.dns_query(1, Ipv4Addr::new(127, 0, 0, 11), "db"), Err(Errno::ECONNREFUSED));
}

#[test]
fn the_upstream_resolver_answers_from_where_the_internet_is_reachable() {
    let mut n = world();
    let google = vec![Ipv4Addr::new(142, 250, 185, 78)];
    assert_eq!(n.dns_query(0, internet::UPSTREAM_DNS, "google.com"), Ok(google.clone()));
    assert_eq!(n.dns_query(1, internet::UPSTREAM_DNS, "google.com"), Ok(google.clone()));
    assert_eq!(n.dns_query(4, internet::UPSTREAM_DNS, "google.com"), Err(Errno::ENETUNREACH));
    // The embedded DNS forwards what it does not know.
    n.dns.insert((3, Ipv4Addr::new(127, 0, 0, 11)), std::rc::Rc::new(|_: &str| vec![]));
    assert_eq!(n.dns_query(3, Ipv4Addr::new(127, 0, 0, 11), "google.com"), Ok(google));
}

#[test]
fn a_published_port_is_reached_from_the_bridge_gateway() {
    let mut n = world();
    let l = n.listen(1, ProtoKey::Tcp, Ipv4Addr::UNSPECIFIED, 80).unwrap();
    n.publish(Forward { protocol: Protocol::Tcp, host_ip: Ipv4Addr::UNSPECIFIED, host_port: 8080, target_ip: Ipv4Addr::new(172, 17, 0, 2), target_port: 80 }).unwrap();
    n.connect_tcp(0, Ipv4Addr::LOCALHOST, 8080).unwrap();
    let accepted = l.borrow_mut().poll_accept(&mut std::task::Context::from_waker(std::task::Waker::noop()));
    let std::task::Poll::Ready(s) = accepted else { panic!("no connection") };
    assert_eq!(s.peer.0, Ipv4Addr::new(172, 17, 0, 1));
}

#[test]
fn udp_ports_forward_udp_only_and_lose_datagrams_nobody_binds() {
    let mut n = world();
    let udp = n.listen(1, ProtoKey::Udp, Ipv4Addr::UNSPECIFIED, 53).unwrap();
    // TCP and UDP ports are separate spaces: a TCP listener on 53 does not clash.
    let _tcp = n.listen(1, ProtoKey::Tcp, Ipv4Addr::UNSPECIFIED, 53).unwrap();
    n.publish(Forward { protocol: Protocol::Udp, host_ip: Ipv4Addr::UNSPECIFIED, host_port: 5353, target_ip: Ipv4Addr::new(172, 17, 0, 2), target_port: 53 }).unwrap();
    n.connect_udp(0, Ipv4Addr::LOCALHOST, 5353).unwrap();
    assert_eq!(udp.borrow().pending(), 1);
    // A TCP connection to the UDP-published port finds nothing.
    assert_eq!(n.connect_tcp(0, Ipv4Addr::LOCALHOST, 5353).err(), Some(Errno::ECONNREFUSED));
    // UDP to a port nobody bound is not refused; the datagrams just go nowhere.
    assert!(n.connect_udp(0, Ipv4Addr::LOCALHOST, 5354).is_ok());
    assert_eq!(udp.borrow().pending(), 1);
}

#[test]
fn a_bridge_has_carrier_only_with_a_port() {
    let mut n = world();
    n.create_bridge("br-idle", net([172, 19, 0, 1], 16)).unwrap();
    assert!(n.bridge_has_ports("docker0"));
    assert!(!n.bridge_has_ports("br-idle"));
    n.disconnect(3, "br-app").unwrap();
    assert!(!n.bridge_has_ports("br-app"));
}
