//! `docker network ...`, `docker port`, and the networking flags of `run`/`create` (`-p`,
//! `-P`, `--network-alias`, `--ip`, `--dns`, `--add-host`).

use std::net::Ipv4Addr;

use super::Client;
use crate::api::container::{ContainerConfig, Empty};
use crate::api::{PortBinding, PortMap};
use crate::cli::grammar::Parsed;
use crate::cli::render::{inspect, networks, ports};
use crate::daemon::{NetworkCreate, NetworkRequest};

/// One `-p` value, as docker's `nat.ParsePortSpec` reads it:
/// `[ip:[hostPort]:]containerPort[/proto]`. Returns `80/tcp` and its binding.
pub fn parse_port_spec(spec: &str) -> Result<(String, PortBinding), String> {
    let (rest, proto) = match spec.rsplit_once('/') {
        Some((r, p)) => (r, p.to_ascii_lowercase()),
        None => (spec, "tcp".to_string()),
    };
    if !["tcp", "udp", "sctp"].contains(&proto.as_str()) {
        return Err(format!("invalid proto: {proto}"));
    }
    let parts: Vec<&str> = rest.split(':').collect();
    let (ip, host, container) = match parts.as_slice() {
        [c] => ("", "", *c),
        [h, c] => ("", *h, *c),
        [ip, h, c] => (*ip, *h, *c),
        _ => return Err(format!("invalid port format for --publish: {spec}")),
    };
    if container.is_empty() {
        return Err(format!("no port specified: {spec}<empty>"));
    }
    if container.parse::<u16>().is_err() {
        return Err(format!("invalid containerPort: {container}"));
    }
    if !host.is_empty() && host.parse::<u16>().is_err() {
        return Err(format!("invalid hostPort: {host}"));
    }
    if !ip.is_empty() && ip.parse::<Ipv4Addr>().is_err() {
        return Err(format!("invalid IP address: {ip}"));
    }
    Ok((format!("{container}/{proto}"), PortBinding { host_ip: ip.to_string(), host_port: host.to_string() }))
}

/// The networking part of a create request; published ports are also exposed in `config`,
/// as the CLI does.
pub(super) fn network_request(p: &Parsed, config: &mut ContainerConfig) -> Result<NetworkRequest, String> {
    let mut bindings = PortMap::new();
    for spec in p.values("publish") {
        let (port, b) = parse_port_spec(spec)?;
        config.exposed_ports.insert(port.clone(), Empty {});
        bindings.entry(port).or_insert_with(|| Some(Vec::new())).get_or_insert_with(Vec::new).push(b);
    }
    for spec in p.values("expose") {
        let (port, proto) = spec.split_once('/').unwrap_or((spec, "tcp"));
        config.exposed_ports.insert(format!("{port}/{proto}"), Empty {});
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

impl Client<'_> {
    /// `docker network create`.
    pub(super) async fn network_create(&self, p: &Parsed) -> i32 {
        let labels = p.values("label").iter().map(|l| l.split_once('=').map_or((l.clone(), String::new()), |(k, v)| (k.to_string(), v.to_string()))).collect();
        let req = NetworkCreate {
            name: p.args[0].clone(),
            driver: p.string("driver").to_string(),
            subnet: p.values("subnet").first().cloned(),
            gateway: p.values("gateway").first().cloned(),
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
        let b = |ip: &str, port: &str| PortBinding { host_ip: ip.into(), host_port: port.into() };
        assert_eq!(parse_port_spec("8080:80"), Ok(("80/tcp".into(), b("", "8080"))));
        assert_eq!(parse_port_spec("80"), Ok(("80/tcp".into(), b("", ""))));
        assert_eq!(parse_port_spec("127.0.0.1:5353:53/udp"), Ok(("53/udp".into(), b("127.0.0.1", "5353"))));
        assert_eq!(parse_port_spec("127.0.0.1::80"), Ok(("80/tcp".into(), b("127.0.0.1", ""))));
        assert!(parse_port_spec("8080:http").is_err());
    }
}
