//! `docker network ...`, `docker port`, and the networking flags of `run`/`create` (`-p`,
//! `-P`, `--network-alias`, `--ip`, `--dns`, `--add-host`).

use std::net::Ipv4Addr;

use super::Client;
use crate::api::container::{ContainerConfig, Empty};
use crate::api::{PortBinding, PortMap};
use crate::cli::grammar::Parsed;
use crate::cli::render::{inspect, networks, ports};
use crate::collect::CollectMap;
use crate::daemon::{NetworkCreate, NetworkRequest};

/// `80` or `8000-8010` as go-connections' `parsePortRange` reads it: the first and last port.
fn port_range(s: &str) -> Option<(u16, u16)> {
    match s.split_once('-') {
        None => s.parse().ok().map(|p| (p, p)),
        Some((a, b)) => {
            let (a, b): (u16, u16) = (a.parse().ok()?, b.parse().ok()?);
            (a <= b).then_some((a, b))
        }
    }
}

/// One `-p` value, as docker's `nat.ParsePortSpec` reads it:
/// `[ip:[hostPort[-end]]:]containerPort[-end][/proto]`. Returns one `80/tcp` and its binding per
/// container port. A container range maps one to one onto a host range of the same length;
/// a single container port with a host range keeps the range as its binding's `HostPort`, for
/// the daemon to pick a free port in it.
pub fn parse_port_spec(spec: &str) -> Result<Vec<(String, PortBinding)>, String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (ip, host, container) = match parts.as_slice() {
        [c] => (String::new(), "", *c),
        [h, c] => (String::new(), *h, *c),
        [ip @ .., h, c] => (ip.join(":"), *h, *c),
        [] => unreachable!("split yields one part at least"),
    };
    let (container, proto) = match container.split_once('/') {
        Some((c, p)) => (c, if c.is_empty() { String::new() } else if p.is_empty() { "tcp".into() } else { p.to_ascii_lowercase() }),
        None => (container, if container.is_empty() { String::new() } else { "tcp".into() }),
    };
    // go-connections 0.5 (the 28.2 CLI's) checks the protocol first, and an empty container
    // port has none: `-p 8080:` is `invalid proto: `.
    if !["tcp", "udp", "sctp"].contains(&proto.as_str()) {
        return Err(format!("invalid proto: {proto}"));
    }
    let ip = ip.strip_prefix('[').and_then(|i| i.strip_suffix(']')).map(str::to_string).unwrap_or(ip);
    if !ip.is_empty() && ip.parse::<std::net::IpAddr>().is_err() {
        return Err(format!("invalid IP address: {ip}"));
    }
    let (first, last) = port_range(container).ok_or_else(|| format!("invalid containerPort: {container}"))?;
    let hosts = if host.is_empty() { None } else { Some(port_range(host).ok_or_else(|| format!("invalid hostPort: {host}"))?) };
    if let Some((hfirst, hlast)) = hosts {
        if last - first != hlast - hfirst && first != last {
            return Err(format!("invalid ranges specified for container and host Ports: {container} and {host}"));
        }
    }
    Ok((first..=last)
        .enumerate()
        .map(|(i, port)| {
            let host_port = match hosts {
                None => String::new(),
                Some((hfirst, hlast)) if first == last && hfirst != hlast => format!("{hfirst}-{hlast}"),
                Some((hfirst, _)) => (hfirst + i as u16).to_string(),
            };
            (format!("{port}/{proto}"), PortBinding { host_ip: ip.clone(), host_port })
        })
        .collect())
}

/// One `--expose` value, `PORT[/PROTO]` or `START-END[/PROTO]`: the ports it exposes.
fn expose_ports(spec: &str) -> Result<Vec<String>, String> {
    if spec.contains(':') {
        return Err(format!("invalid port format for --expose: {spec}"));
    }
    let (port, proto) = spec.split_once('/').map_or((spec, "tcp"), |(p, proto)| (p, if proto.is_empty() { "tcp" } else { proto }));
    let (first, last) = port_range(port).ok_or_else(|| {
        let cause = if port.is_empty() {
            "empty string specified for ports".to_string()
        } else if port.split_once('-').is_some_and(|(a, z)| a.parse::<u16>().is_ok() && z.parse::<u16>().is_ok()) {
            format!("invalid range specified for port: {port}")
        } else {
            // Go's `strconv.ParseUint` on the first part that is not a port.
            let bad = port.split('-').find(|p| p.parse::<u16>().is_err()).unwrap_or(port);
            let why = if !bad.is_empty() && bad.bytes().all(|b| b.is_ascii_digit()) { "value out of range" } else { "invalid syntax" };
            format!("strconv.ParseUint: parsing {bad:?}: {why}")
        };
        format!("invalid range format for --expose: {spec}, error: {cause}")
    })?;
    Ok((first..=last).map(|p| format!("{p}/{proto}")).collect())
}

/// The networking part of a create request; published ports are also exposed in `config`,
/// as the CLI does.
pub(super) fn network_request(p: &Parsed, config: &mut ContainerConfig) -> Result<NetworkRequest, String> {
    let mut bindings = PortMap::new();
    for spec in p.values("publish") {
        for (port, b) in parse_port_spec(spec)? {
            config.exposed_ports.insert(port.clone(), Empty {});
            bindings.entry(port).or_insert_with(|| Some(Vec::new())).get_or_insert_with(Vec::new).push(b);
        }
    }
    for spec in p.values("expose") {
        for port in expose_ports(spec)? {
            config.exposed_ports.insert(port, Empty {});
        }
    }
    let ip = match p.value("ip") {
        Some(s) if !s.is_empty() => Some(s.parse::<Ipv4Addr>().map_err(|_| format!("invalid IPv4 address: {s}"))?),
        _ => None,
    };
    for h in p.values("add-host") {
        let ok = h.split_once(':').is_some_and(|(n, ip)| !n.is_empty() && (ip.parse::<std::net::IpAddr>().is_ok() || ip == "host-gateway"));
        if !ok {
            return Err(format!("invalid argument \"{h}\" for \"--add-host\" flag: invalid IP address in add-host: \"{}\"", h.split_once(':').map_or("", |(_, ip)| ip)));
        }
    }
    let extra_hosts = p.values("add-host").iter().map(|h| h.replace("host-gateway", "172.17.0.1")).collect();
    Ok(NetworkRequest { port_bindings: bindings, publish_all: p.bool("publish-all"), aliases: p.values("network-alias").to_vec(), ip, dns: p.values("dns").to_vec(), extra_hosts })
}

/// Go's `net.ParseCIDR` with its error text; the address as written and the prefix.
fn parse_cidr(s: &str) -> Result<(Ipv4Addr, u8), String> {
    let bad = || format!("invalid CIDR address: {s}");
    let (a, p) = s.split_once('/').ok_or_else(bad)?;
    Ok((a.parse().map_err(|_| bad())?, p.parse().ok().filter(|p| *p <= 32).ok_or_else(bad)?))
}

/// The CLI's `subnetMatches`: whether `data` (an address or a CIDR) lies in `subnet`.
fn subnet_matches(subnet: &str, data: &str) -> Result<bool, String> {
    let (net, prefix) = parse_cidr(subnet).map_err(|e| format!("invalid subnet: {e}"))?;
    let ip = if data.contains('/') { parse_cidr(data)?.0 } else { data.parse().unwrap_or(Ipv4Addr::UNSPECIFIED) };
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix)) };
    Ok(!data.is_empty() && (u32::from(ip) & mask) == (u32::from(net) & mask) && (data.contains('/') || data.parse::<Ipv4Addr>().is_ok()))
}

/// The CLI's `consolidateIpam` for the one subnet wharf's networks have: each `--ip-range`,
/// `--gateway` and `--aux-address` must fall in a `--subnet`, with its error texts.
fn consolidate_ipam(subnets: &[String], ranges: &[String], gateways: &[String], aux: &[(String, String)]) -> Result<(), String> {
    if subnets.len() < ranges.len() || subnets.len() < gateways.len() {
        return Err("every ip-range or gateway must have a corresponding subnet".into());
    }
    for (i, s) in subnets.iter().enumerate() {
        for earlier in &subnets[..i] {
            if subnet_matches(s, earlier)? || subnet_matches(earlier, s)? {
                return Err("multiple overlapping subnet configuration is not supported".into());
            }
        }
    }
    let mut taken: Vec<(&str, &str, &str)> = Vec::new();
    for (what, values) in [("range", ranges), ("gateway", gateways)] {
        for v in values {
            let mut matched = false;
            for s in subnets {
                if !subnet_matches(s, v)? {
                    continue;
                }
                if let Some((_, _, other)) = taken.iter().find(|(w, sub, _)| *w == what && *sub == s.as_str()) {
                    return Err(match what {
                        "range" => format!("cannot configure multiple ranges ({v}, {other}) on the same subnet ({s})"),
                        _ => format!("cannot configure multiple gateways ({v}, {other}) for the same subnet ({s})"),
                    });
                }
                taken.push((what, s, v));
                matched = true;
            }
            if !matched {
                return Err(format!("no matching subnet for {what} {v}"));
            }
        }
    }
    for (_, v) in aux {
        let mut matched = false;
        for s in subnets {
            matched |= subnet_matches(s, v)?;
        }
        if !matched {
            return Err(format!("no matching subnet for aux-address {v}"));
        }
    }
    Ok(())
}

impl Client<'_> {
    /// `docker network create`.
    pub(super) async fn network_create(&self, p: &Parsed) -> i32 {
        let labels = p.values("label").iter().map(|l| l.split_once('=').map_or((l.clone(), String::new()), |(k, v)| (k.to_string(), v.to_string()))).collect_map();
        let aux = p.map("aux-address");
        if let Err(e) = consolidate_ipam(p.values("subnet"), p.values("ip-range"), p.values("gateway"), &aux) {
            self.err(&format!("{e}\n")).await;
            return 1;
        }
        let req = NetworkCreate {
            name: p.args[0].clone(),
            driver: p.string("driver").to_string(),
            subnet: p.values("subnet").first().cloned(),
            gateway: p.values("gateway").first().cloned(),
            ip_range: p.values("ip-range").first().cloned(),
            aux_addresses: aux.into_iter().collect_map(),
            internal: p.bool("internal"),
            labels,
        };
        let r = self.daemon.borrow_mut().network_create(req);
        match r {
            Ok(id) => {
                self.out(&format!("{id}\n")).await;
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker network ls`.
    pub(super) async fn network_ls(&self, p: &Parsed) -> i32 {
        let mut list = self.daemon.borrow_mut().network_list();
        for f in p.values("filter") {
            let Some((key, value)) = f.split_once('=') else {
                self.err("Error response from daemon: bad format of filter (expected name=value)\n").await;
                return 1;
            };
            let builtin = |n: &crate::api::NetworkResource| ["bridge", "host", "none"].contains(&n.name.as_str());
            match key {
                "name" => list.retain(|n| n.name.contains(value)),
                "id" => list.retain(|n| n.id.starts_with(value)),
                "driver" => list.retain(|n| n.driver == value),
                "type" if value == "custom" => list.retain(|n| !builtin(n)),
                "type" if value == "builtin" => list.retain(builtin),
                "type" => {
                    self.err(&format!("Error response from daemon: invalid filter: 'type'='{value}'\n")).await;
                    return 1;
                }
                "label" => list.retain(|n| {
                    let labels = n.labels.clone().unwrap_or_default();
                    match value.split_once('=') {
                        Some((k, v)) => labels.get(k).is_some_and(|x| x == v),
                        None => labels.contains_key(value),
                    }
                }),
                _ => {
                    self.err(&format!("Error response from daemon: invalid filter '{key}'\n")).await;
                    return 1;
                }
            }
        }
        let opts = networks::Options { quiet: p.bool("quiet"), no_trunc: p.bool("no-trunc"), format: p.string("format").to_string() };
        match networks::render(&list, &opts) {
            Ok(s) => {
                self.out(&s).await;
                0
            }
            Err(e) => {
                self.err(&format!("{e}\n")).await;
                1
            }
        }
    }

    /// `docker network inspect`.
    pub(super) async fn network_inspect(&self, p: &Parsed) -> i32 {
        let results: Vec<_> = {
            let mut d = self.daemon.borrow_mut();
            p.args.iter().map(|n| d.network_inspect(n).map_err(|_| format!("Error: No such network: {n}"))).collect()
        };
        let printed = inspect::render(&results, p.string("format"));
        self.out(&printed.stdout).await;
        self.err(&printed.stderr).await;
        printed.code
    }

    /// `docker network rm`.
    pub(super) async fn network_rm(&self, p: &Parsed) -> i32 {
        let mut code = 0;
        for name in &p.args {
            let r = self.daemon.borrow_mut().network_remove(name);
            match r {
                Ok(()) => self.out(&format!("{name}\n")).await,
                Err(e) if e.is_not_found() && p.bool("force") => {}
                Err(e) => {
                    self.daemon_error(&e).await;
                    code = 1;
                }
            }
        }
        code
    }

    /// `docker network prune`.
    pub(super) async fn network_prune(&self, p: &Parsed) -> i32 {
        if !p.bool("force") {
            self.out("WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ").await;
            let mut buf = [0u8; 64];
            let n = self.io.read_stdin(&mut buf).await;
            let answer = String::from_utf8_lossy(&buf[..n]).trim().to_ascii_lowercase();
            if answer != "y" && answer != "yes" {
                return 0;
            }
        }
        let removed = self.daemon.borrow_mut().network_prune();
        if !removed.is_empty() {
            let mut s = String::from("Deleted Networks:\n");
            for n in removed {
                s.push_str(&format!("{n}\n"));
            }
            self.out(&format!("{s}\n")).await;
        }
        0
    }

    /// `docker network connect`.
    pub(super) async fn network_connect(&self, p: &Parsed) -> i32 {
        let ip = p.value("ip").and_then(|s| s.parse().ok());
        let r = self.daemon.borrow_mut().network_connect(&p.args[0], &p.args[1], p.values("alias").to_vec(), ip);
        match r {
            Ok(()) => 0,
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker network disconnect`.
    pub(super) async fn network_disconnect(&self, p: &Parsed) -> i32 {
        let r = self.daemon.borrow_mut().network_disconnect(&p.args[0], &p.args[1]);
        match r {
            Ok(()) => 0,
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker port CONTAINER [PRIVATE_PORT[/PROTO]]`.
    pub(super) async fn port(&self, p: &Parsed) -> i32 {
        let r = self.daemon.borrow().container_inspect(&p.args[0]);
        let c = match r {
            Ok(c) => c,
            Err(e) => return self.daemon_error(&e).await,
        };
        let map = c.network_settings.ports.unwrap_or_default();
        match ports::port_lines(&map, &p.args[0], p.args.get(1).map(String::as_str)) {
            Ok(s) => {
                self.out(&s).await;
                0
            }
            Err(e) => {
                self.err(&format!("{e}\n")).await;
                1
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_specs() {
        let b = |port: &str, ip: &str, host: &str| (port.to_string(), PortBinding { host_ip: ip.into(), host_port: host.into() });
        assert_eq!(parse_port_spec("8080:80"), Ok(vec![b("80/tcp", "", "8080")]));
        assert_eq!(parse_port_spec("80"), Ok(vec![b("80/tcp", "", "")]));
        assert_eq!(parse_port_spec("127.0.0.1:5353:53/udp"), Ok(vec![b("53/udp", "127.0.0.1", "5353")]));
        assert_eq!(parse_port_spec("127.0.0.1::80"), Ok(vec![b("80/tcp", "127.0.0.1", "")]));
        assert_eq!(parse_port_spec("8080:http"), Err("invalid containerPort: http".into()));
    }

    #[test]
    fn expose_takes_ranges() {
        assert_eq!(expose_ports("7000-7002"), Ok(vec!["7000/tcp".to_string(), "7001/tcp".into(), "7002/tcp".into()]));
        assert_eq!(expose_ports("53/udp"), Ok(vec!["53/udp".to_string()]));
        assert_eq!(expose_ports("1:2").unwrap_err(), "invalid port format for --expose: 1:2");
        assert_eq!(expose_ports("x").unwrap_err(), "invalid range format for --expose: x, error: strconv.ParseUint: parsing \"x\": invalid syntax");
        assert_eq!(expose_ports("9-3").unwrap_err(), "invalid range format for --expose: 9-3, error: invalid range specified for port: 9-3");
    }

    #[test]
    fn ipam_flags_need_a_matching_subnet() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let aux = |k: &str, ip: &str| vec![(k.to_string(), ip.to_string())];
        assert_eq!(consolidate_ipam(&v(&["10.5.0.0/16"]), &v(&["10.5.1.0/24"]), &v(&["10.5.0.1"]), &aux("r", "10.5.1.1")), Ok(()));
        assert_eq!(consolidate_ipam(&[], &v(&["10.5.1.0/24"]), &[], &[]).unwrap_err(), "every ip-range or gateway must have a corresponding subnet");
        assert_eq!(consolidate_ipam(&v(&["10.5.0.0/16"]), &v(&["10.6.1.0/24"]), &[], &[]).unwrap_err(), "no matching subnet for range 10.6.1.0/24");
        assert_eq!(consolidate_ipam(&v(&["10.5.0.0/16"]), &[], &v(&["10.6.0.1"]), &[]).unwrap_err(), "no matching subnet for gateway 10.6.0.1");
        assert_eq!(consolidate_ipam(&v(&["10.5.0.0/16"]), &[], &[], &aux("r", "10.9.0.1")).unwrap_err(), "no matching subnet for aux-address 10.9.0.1");
        assert_eq!(consolidate_ipam(&v(&["10.5.0.0/16"]), &v(&["10.5.1.0/24", "10.5.2.0/24"]), &[], &[]).unwrap_err(), "every ip-range or gateway must have a corresponding subnet");
        assert_eq!(consolidate_ipam(&v(&["bad"]), &v(&["10.5.1.0/24"]), &[], &[]).unwrap_err(), "invalid subnet: invalid CIDR address: bad");
    }

    #[test]
    fn port_ranges_map_one_to_one_or_leave_the_daemon_a_choice() {
        let b = |port: &str, host: &str| (port.to_string(), PortBinding { host_ip: String::new(), host_port: host.into() });
        assert_eq!(parse_port_spec("8080-8082:80-82"), Ok(vec![b("80/tcp", "8080"), b("81/tcp", "8081"), b("82/tcp", "8082")]));
        assert_eq!(parse_port_spec("8080-8082:80"), Ok(vec![b("80/tcp", "8080-8082")]));
        assert_eq!(parse_port_spec("7000-7001"), Ok(vec![b("7000/tcp", ""), b("7001/tcp", "")]));
        assert_eq!(parse_port_spec("8080-8082:80-81"), Err("invalid ranges specified for container and host Ports: 80-81 and 8080-8082".into()));
        assert_eq!(parse_port_spec("8082-8080:80"), Err("invalid hostPort: 8082-8080".into()));
        assert_eq!(parse_port_spec("80/xtp"), Err("invalid proto: xtp".into()));
        assert_eq!(parse_port_spec("1.2.3:80:80"), Err("invalid IP address: 1.2.3".into()));
        assert_eq!(parse_port_spec("8080:"), Err("invalid proto: ".into()));
    }
}
