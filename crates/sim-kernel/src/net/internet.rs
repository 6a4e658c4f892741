//! A teaching stand-in for the internet beyond the host's uplink: a handful of well-known
//! names with fixed addresses, answered by the host's upstream resolver (10.0.2.3, where a
//! VM's user-mode network puts it) and by the embedded DNS when it forwards a name it does
//! not know. Every outside address answers `ping` (TTL 117, about 12 ms away); nothing
//! outside serves TCP. It exists so `ping google.com -c 1` from a container on the default
//! bridge shows what it shows on a laptop; it is not a model of the real internet.

use std::net::Ipv4Addr;

/// The host's upstream DNS server (`nameserver` in its `/etc/resolv.conf`).
pub const UPSTREAM_DNS: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 3);

/// The names the simulated internet knows.
const NAMES: &[(&str, [u8; 4])] = &[
    ("google.com", [142, 250, 185, 78]),
    ("www.google.com", [142, 250, 185, 68]),
    ("example.com", [93, 184, 215, 14]),
    ("www.example.com", [93, 184, 215, 14]),
    ("docker.com", [141, 193, 213, 21]),
    ("www.docker.com", [141, 193, 213, 21]),
    ("hub.docker.com", [44, 219, 3, 189]),
    ("registry-1.docker.io", [54, 236, 113, 205]),
    ("github.com", [140, 82, 121, 4]),
    ("cloudflare.com", [104, 16, 132, 229]),
    ("one.one.one.one", [1, 1, 1, 1]),
    ("dns.google", [8, 8, 8, 8]),
];

/// The addresses of `name` on the simulated internet (empty: NXDOMAIN).
pub fn lookup(name: &str) -> Vec<Ipv4Addr> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    NAMES.iter().filter(|(n, _)| *n == name).map(|(_, a)| Ipv4Addr::from(*a)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_names_resolve() {
        assert_eq!(lookup("Google.com."), vec![Ipv4Addr::new(142, 250, 185, 78)]);
        assert!(lookup("nope.invalid").is_empty());
    }
}
