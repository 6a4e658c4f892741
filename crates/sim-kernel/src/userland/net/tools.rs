//! `nc`, `nslookup`, `getent hosts` and `ip addr`/`ip route`.

use std::net::Ipv4Addr;

use super::{is_busybox, nameserver, resolve, ResolveError};
use crate::net::IfaceKind;
use crate::sys::Proc;

/// `nc [-z] HOST PORT`, `nc -l [-p] PORT`: a TCP client copying stdin out and the reply to
/// stdout, a one-connection server, or a port probe.
pub async fn nc(p: Proc) -> i32 {
    let argv = p.argv();
    let (mut listen, mut zero, mut udp) = (false, false, false);
    let mut port_flag: Option<u16> = None;
    let mut operands: Vec<String> = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        match a.as_str() {
            "-p" => {
                i += 1;
                port_flag = argv.get(i).and_then(|s| s.parse().ok());
            }
            "-w" | "-W" | "-q" => i += 1,
            s if s.starts_with('-') => {
                listen |= s.contains('l');
                zero |= s.contains('z');
                udp |= s.contains('u');
            }
            _ => operands.push(a.clone()),
        }
        i += 1;
    }
    let mut buf = [0u8; 4096];
    if listen {
        let Some(port) = port_flag.or_else(|| operands.last().and_then(|s| s.parse().ok())) else {
            p.eprint("nc: missing port number\n").await;
            return 1;
        };
        let bound = if udp { p.listen_udp(Ipv4Addr::UNSPECIFIED, port) } else { p.listen_tcp(Ipv4Addr::UNSPECIFIED, port) };
        let lfd = match bound {
            Ok(fd) => fd,
            Err(e) => {
                p.eprint(&format!("nc: bind: {}\n", e.message())).await;
                return 1;
            }
        };
        if udp {
            // A UDP server has no connection to end: it prints what every peer sends until
            // it is killed.
            while let Ok((fd, _)) = p.accept(lfd).await {
                while let Ok(n) = p.read(fd, &mut buf).await {
                    if n == 0 {
                        break;
                    }
                    let _ = p.write_all(1, &buf[..n]).await;
                }
                let _ = p.close(fd);
            }
            return 1;
        }
        let Ok((fd, _)) = p.accept(lfd).await else { return 1 };
        let _ = p.close(lfd);
        while let Ok(n) = p.read(fd, &mut buf).await {
            if n == 0 {
                break;
            }
            let _ = p.write_all(1, &buf[..n]).await;
        }
        return 0;
    }
    let (Some(host), Some(port)) = (operands.first(), operands.get(1).and_then(|s| s.parse::<u16>().ok())) else {
        p.eprint("nc: missing hostname and port\n").await;
        return 1;
    };
    let ip = match resolve(&p, host).await {
        Ok(ips) => ips[0],
        Err(_) => {
            p.eprint(&format!("nc: bad address '{host}'\n")).await;
            return 1;
        }
    };
    let connected = if udp { p.connect_udp(ip, port) } else { p.connect_tcp(ip, port, None).await };
    let fd = match connected {
        Ok(fd) => fd,
        Err(e) => {
            if !zero {
                p.eprint(&format!("nc: can't connect to remote host ({ip}): {}\n", e.message())).await;
            }
            return 1;
        }
    };
    if zero {
        let _ = p.close(fd);
        return 0;
    }
    while let Ok(n) = p.read(0, &mut buf).await {
        if n == 0 {
            break;
        }
        let _ = p.write_all(fd, &buf[..n]).await;
    }
    let _ = p.shutdown_write(fd);
    while let Ok(n) = p.read(fd, &mut buf).await {
        if n == 0 {
            break;
        }
        let _ = p.write_all(1, &buf[..n]).await;
    }
    0
}

/// BusyBox `nslookup NAME [SERVER]`.
pub async fn nslookup(p: Proc) -> i32 {
    let args: Vec<String> = p.argv().into_iter().skip(1).filter(|a| !a.starts_with('-')).collect();
    let Some(name) = args.first().cloned() else {
        p.eprint("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n").await;
        return 1;
    };
    let server = match args.get(1) {
        Some(s) => s.parse().ok(),
        None => nameserver(&p).await,
    };
    let Some(server) = server else {
        p.eprint(";; connection timed out; no servers could be reached\n\n").await;
        return 1;
    };
    match p.dns_query(server, &name).await {
        Ok(ips) if !ips.is_empty() => {
            let mut s = format!("Server:\t\t{server}\nAddress:\t{server}:53\n\nNon-authoritative answer:\nName:\t{name}\n");
            for ip in ips {
                s.push_str(&format!("Address: {ip}\n"));
            }
            s.push('\n');
            p.print(&s).await;
            0
        }
        Ok(_) => {
            p.print(&format!("Server:\t\t{server}\nAddress:\t{server}:53\n\n** server can't find {name}: NXDOMAIN\n\n")).await;
            1
        }
        Err(_) => {
            p.print(";; connection timed out; no servers could be reached\n\n").await;
            1
        }
    }
}

/// `getent hosts NAME...` (and `ahosts`): glibc's lookup, `%-15s %s` per address.
pub async fn getent(p: Proc) -> i32 {
    let argv = p.argv();
    let Some(db) = argv.get(1) else {
        p.eprint("Usage: getent [OPTION...] database [key ...]\n").await;
        return 1;
    };
    if db != "hosts" && db != "ahosts" && db != "ahostsv4" {
        p.eprint(&format!("Unknown database: {db}\nTry `getent --help' or `getent --usage' for more information.\n")).await;
        return 1;
    }
    let mut code = 0;
    let mut out = String::new();
    for name in &argv[2..] {
        match resolve(&p, name).await {
            Ok(ips) if db == "hosts" => out.push_str(&format!("{:<15} {name}\n", ips[0])),
            Ok(ips) => {
                for (i, ip) in ips.iter().enumerate() {
                    out.push_str(&format!("{ip:<15} STREAM {}\n{ip:<15} DGRAM  \n{ip:<15} RAW    \n", if i == 0 { name.as_str() } else { "" }));
                }
            }
            Err(ResolveError::NoSuchName | ResolveError::NoServer) => code = 2,
        }
    }
    p.print(&out).await;
    code
}

/// `ip addr` and `ip route` (`ip a`, `ip r`, `show`).
pub async fn ip(p: Proc) -> i32 {
    let argv = p.argv();
    let Ok((ifaces, gateway)) = p.interfaces() else { return 1 };
    let object = argv.get(1).map(String::as_str).unwrap_or("");
    let busybox = is_busybox(&p);
    let mut s = String::new();
    match object {
        "a" | "addr" | "address" | "l" | "link" => {
            // `ip link` is `ip addr` without the addresses, and iproute2 names the link mode.
            let link = object.starts_with('l');
            let mode = if link && !busybox { "mode DEFAULT " } else { "" };
            for i in &ifaces {
                let (flags, state, mtu) = match i.kind {
                    IfaceKind::Loopback => ("LOOPBACK,UP,LOWER_UP", "UNKNOWN", 65536),
                    IfaceKind::Veth { .. } => ("BROADCAST,MULTICAST,UP,LOWER_UP", "UP", 1500),
                    IfaceKind::Bridge if !p.bridge_has_ports(&i.name) => ("NO-CARRIER,BROADCAST,MULTICAST,UP", "DOWN", 1500),
                    _ => ("BROADCAST,MULTICAST,UP,LOWER_UP", "UP", 1500),
                };
                let name = match i.kind {
                    IfaceKind::Veth { .. } => format!("{}@if{}", i.name, i.index + 1),
                    _ => i.name.clone(),
                };
                let qlen = if busybox { " qlen 1000" } else { " group default qlen 1000" };
                // Each namespace numbers its own interfaces: `lo` is always 1.
                let index = if matches!(i.kind, IfaceKind::Loopback) { 1 } else { i.index };
                let tail = if matches!(i.kind, IfaceKind::Loopback) { qlen.to_string() } else if busybox { " ".into() } else { format!(" {mode}group default ") };
                let tail = if matches!(i.kind, IfaceKind::Loopback) && !busybox { format!(" {mode}{}", tail.trim_start()) } else { tail };
                s.push_str(&format!("{index}: {name}: <{flags}> mtu {mtu} qdisc noqueue state {state}{tail}\n"));
                let m = i.mac;
                let mac = format!("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", m[0], m[1], m[2], m[3], m[4], m[5]);
                if matches!(i.kind, IfaceKind::Loopback) {
                    s.push_str("    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n");
                } else {
                    s.push_str(&format!("    link/ether {mac} brd ff:ff:ff:ff:ff:ff{}\n", if matches!(i.kind, IfaceKind::Veth { .. }) && !busybox { " link-netnsid 0" } else { "" }));
                }
                if let Some(a) = i.addr.filter(|_| !link) {
                    let scope = if a.addr.is_loopback() { "host" } else { "global" };
                    let brd = if a.addr.is_loopback() {
                        String::new()
                    } else {
                        let mask = if a.prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(a.prefix)) };
                        format!(" brd {}", Ipv4Addr::from(u32::from(a.addr) | !mask))
                    };
                    s.push_str(&format!("    inet {}/{}{brd} scope {scope} {}\n       valid_lft forever preferred_lft forever\n", a.addr, a.prefix, i.name));
                }
            }
        }
        "r" | "route" => {
            if let Some(gw) = gateway {
                if let Some(dev) = ifaces.iter().find(|i| i.addr.is_some_and(|a| crate::net::same_subnet(a, gw))) {
                    s.push_str(&format!("default via {gw} dev {}{}\n", dev.name, if busybox { " " } else { "" }));
                }
            }
            for i in ifaces.iter().filter(|i| !matches!(i.kind, IfaceKind::Loopback)) {
                let Some(a) = i.addr else { continue };
                let mask = if a.prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(a.prefix)) };
                let net = Ipv4Addr::from(u32::from(a.addr) & mask);
                if busybox {
                    s.push_str(&format!("{net}/{} dev {} scope link  src {}\n", a.prefix, i.name, a.addr));
                } else {
                    s.push_str(&format!("{net}/{} dev {} proto kernel scope link src {}\n", a.prefix, i.name, a.addr));
                }
            }
        }
        _ => {
            p.eprint("Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | route | link }\n").await;
            return 1;
        }
    }
    p.print(&s).await;
    0
}
