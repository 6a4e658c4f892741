//! Published and exposed ports as the docker CLI words them: the `PORTS` column of `docker ps`
//! (`formatter.DisplayablePorts`) and the lines of `docker port`.
//!
//! The 28.x CLI joins host and port with Go's `net.JoinHostPort`, so IPv6 hosts are bracketed:
//! `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp` (the 20.10 CLI printed `:::8080`).

use std::cmp::Ordering;

use crate::api::{Port, PortMap};

/// Go's `net.JoinHostPort`: brackets a host containing a colon.
pub fn join_host_port(host: &str, port: &str) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Orders ports as the CLI's `comparePorts`: private port, then IP, public port, protocol.
fn compare(a: &Port, b: &Port) -> Ordering {
    a.private_port.cmp(&b.private_port).then_with(|| a.ip.cmp(&b.ip)).then_with(|| a.public_port.cmp(&b.public_port)).then_with(|| a.kind.cmp(&b.kind))
}

/// `formGroup`: `80/tcp`, `8000-8002/tcp`, `0.0.0.0:80-81->80-81/tcp`.
fn form_group(ip: &str, kind: &str, first: u16, last: u16) -> String {
    let mut group = first.to_string();
    if first != last {
        group = format!("{group}-{last}");
    }
    if !ip.is_empty() {
        group = format!("{}->{group}", join_host_port(ip, &group));
    }
    format!("{group}/{kind}")
}

/// The `PORTS` column: consecutive ports with the same host IP and protocol (and, when
/// published, the same host port as container port) are grouped into ranges; ports published
/// on another host port follow, one each.
pub fn displayable_ports(ports: &[Port]) -> String {
    let mut ports = ports.to_vec();
    crate::sort::by(&mut ports, compare);
    // (ip, protocol) -> (first, last), in the order the groups were opened.
    let mut groups: Vec<((String, String), (u16, u16))> = Vec::new();
    let mut result = Vec::new();
    let mut host_mappings = Vec::new();
    for port in &ports {
        let current = port.private_port;
        if !port.ip.is_empty() && port.public_port != current {
            let host = join_host_port(&port.ip, &port.public_port.to_string());
            host_mappings.push(format!("{host}->{}/{}", port.private_port, port.kind));
            continue;
        }
        let key = (port.ip.clone(), port.kind.clone());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            None => groups.push((key, (current, current))),
            Some((_, (first, last))) => {
                if current == last.wrapping_add(1) {
                    *last = current;
                } else {
                    result.push(form_group(&key.0, &key.1, *first, *last));
                    (*first, *last) = (current, current);
                }
            }
        }
    }
    for ((ip, kind), (first, last)) in &groups {
        result.push(form_group(ip, kind, *first, *last));
    }
    result.extend(host_mappings);
    result.join(", ")
}

/// Why `docker port CONTAINER PORT` printed nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortError {
    /// The port is not a number: the CLI's `Error: invalid port (x)` with Go's parse error.
    #[error("Error: invalid port ({0}): strconv.ParseUint: parsing {0:?}: invalid syntax")]
    Invalid(String),
    /// The port is a number above 65535.
    #[error("Error: invalid port ({0}): strconv.ParseUint: parsing {0:?}: value out of range")]
    OutOfRange(String),
    /// Nothing published there.
    #[error("Error: No public port '{port}' published for {container}")]
    NotPublished {
        /// What the user asked for (`80`, `80/udp`).
        port: String,
        /// The container as the user named it.
        container: String,
    },
}

/// `docker port CONTAINER [PRIVATE_PORT[/PROTO]]` over `NetworkSettings.Ports`: the lines to
/// print (`80/tcp -> 0.0.0.0:8080`, or just `0.0.0.0:8080` for one port), naturally sorted.
pub fn port_lines(ports: &PortMap, container: &str, asked: Option<&str>) -> Result<String, PortError> {
    let mut out = Vec::new();
    match asked {
        Some(asked) => {
            let (port, proto) = asked.split_once('/').unwrap_or((asked, "tcp"));
            let proto = if proto.is_empty() { "tcp" } else { proto };
            // Go's ParseUint: digits only (no sign), at most 65535.
            if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(PortError::Invalid(port.to_string()));
            }
            if port.parse::<u16>().is_err() {
                return Err(PortError::OutOfRange(port.to_string()));
            }
            let frontends = ports.get(&format!("{port}/{proto}")).cloned().flatten().unwrap_or_default();
            if frontends.is_empty() {
                return Err(PortError::NotPublished { port: asked.to_string(), container: container.to_string() });
            }
            out.extend(frontends.iter().map(|b| join_host_port(&b.host_ip, &b.host_port)));
        }
        None => {
            for (from, frontends) in ports {
                for b in frontends.iter().flatten() {
                    out.push(format!("{from} -> {}", join_host_port(&b.host_ip, &b.host_port)));
                }
            }
        }
    }
    crate::sort::by(&mut out, |a, b| natural_cmp(a, b));
    Ok(out.iter().map(|l| format!("{l}\n")).collect())
}

/// `sortorder.NaturalLess`: runs of digits compare as numbers, the rest byte by byte.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let si = i;
            while i < a.len() && a[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let (na, nb) = (trim_zeros(&a[si..i]), trim_zeros(&b[sj..j]));
            let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb)).then_with(|| (i - si).cmp(&(j - sj)));
            if ord != Ordering::Equal {
                return ord;
            }
        } else {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

fn trim_zeros(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&c| c == b'0').count();
    &s[n.min(s.len().saturating_sub(1))..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::PortBinding;

    fn p(ip: &str, private_port: u16, public_port: u16, kind: &str) -> Port {
        Port { ip: ip.into(), private_port, public_port, kind: kind.into() }
    }

    #[test]
    fn ports_read_like_docker_ps() {
        assert_eq!(displayable_ports(&[]), "");
        assert_eq!(displayable_ports(&[p("", 80, 0, "tcp")]), "80/tcp");
        // Dual stack: the IPv6 host is bracketed (docker CLI 28, moby/moby#49654's output).
        assert_eq!(displayable_ports(&[p("::", 80, 8080, "tcp"), p("0.0.0.0", 80, 8080, "tcp")]), "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp");
        // Same host port as container port: grouped into ranges.
        let same: Vec<Port> = (8000..=8002).map(|n| p("0.0.0.0", n, n, "tcp")).collect();
        assert_eq!(displayable_ports(&same), "0.0.0.0:8000-8002->8000-8002/tcp");
        let exposed = [p("", 443, 0, "tcp"), p("", 80, 0, "tcp"), p("", 81, 0, "tcp"), p("", 53, 0, "udp")];
        // Go flushes a broken range at once but open groups at the end, so `udp` lands between.
        assert_eq!(displayable_ports(&exposed), "80-81/tcp, 53/udp, 443/tcp");
        assert_eq!(displayable_ports(&[p("", 80, 0, "tcp"), p("", 82, 0, "tcp"), p("", 83, 0, "tcp")]), "80/tcp, 82-83/tcp");
    }

    #[test]
    fn docker_port_lines() {
        let mut map = PortMap::new();
        let bind = |ip: &str, port: &str| PortBinding { host_ip: ip.into(), host_port: port.into() };
        map.insert("80/tcp".into(), Some(vec![bind("0.0.0.0", "8080"), bind("::", "8080")]));
        map.insert("9/tcp".into(), Some(vec![bind("0.0.0.0", "9000")]));
        map.insert("443/tcp".into(), None);
        assert_eq!(port_lines(&map, "web", None).unwrap(), "9/tcp -> 0.0.0.0:9000\n80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n");
        assert_eq!(port_lines(&map, "web", Some("80")).unwrap(), "0.0.0.0:8080\n[::]:8080\n");
        assert_eq!(port_lines(&map, "web", Some("80/udp")).unwrap_err().to_string(), "Error: No public port '80/udp' published for web");
        assert_eq!(port_lines(&map, "web", Some("443")).unwrap_err().to_string(), "Error: No public port '443' published for web");
        assert_eq!(port_lines(&PortMap::new(), "web", None).unwrap(), "");
        assert_eq!(port_lines(&map, "web", Some("+80")).unwrap_err().to_string(), "Error: invalid port (+80): strconv.ParseUint: parsing \"+80\": invalid syntax");
        assert_eq!(port_lines(&map, "web", Some("70000/udp")).unwrap_err().to_string(), "Error: invalid port (70000): strconv.ParseUint: parsing \"70000\": value out of range");
        let ports = crate::api::container_summary::summary_ports(&map);
        assert_eq!(displayable_ports(&ports), "443/tcp, 0.0.0.0:9000->9/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp");
    }
}
