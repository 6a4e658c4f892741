//! The database side of a declared app: `connect mongo|postgres URL` and route `query`s.
//!
//! Connecting resolves and reaches the server as the real drivers do (so a wrong network or
//! name fails the same way); the queries speak to the simulated database servers.

use std::net::Ipv4Addr;

use crate::errno::Errno;
use crate::sys::Proc;
use crate::userland::net::resolve;

/// Host and port of a `mongodb://` or `postgres(ql)://user:pw@host:port/db` URL.
pub fn host_port(url: &str, default_port: u16) -> Option<(String, u16)> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let authority = authority.split(',').next()?;
    match authority.rsplit_once(':') {
        Some((h, p)) => Some((h.to_string(), p.parse().ok()?)),
        None if !authority.is_empty() => Some((authority.to_string(), default_port)),
        None => None,
    }
}

fn default_port(kind: &str) -> u16 {
    if kind == "mongo" {
        27017
    } else {
        5432
    }
}

/// Opens a TCP connection to the server behind `url`, or the driver's error text.
pub async fn reach(p: &Proc, kind: &str, url: &str) -> Result<(i32, Ipv4Addr, u16), String> {
    let (host, port) = host_port(url, default_port(kind)).ok_or_else(|| format!("MongoParseError: Invalid scheme, expected connection string to start with \"mongodb://\" or \"mongodb+srv://\" ({url})"))?;
    let addr = match resolve(p, &host).await {
        Ok(addrs) => addrs[0],
        Err(_) => return Err(format!("getaddrinfo ENOTFOUND {host}")),
    };
    match p.connect_tcp(addr, port, Some(30)).await {
        Ok(fd) => Ok((fd, addr, port)),
        Err(Errno::ECONNREFUSED) => Err(format!("connect ECONNREFUSED {addr}:{port}")),
        Err(Errno::ETIMEDOUT) => Err(format!("connect ETIMEDOUT {addr}:{port}")),
        Err(e) => Err(format!("connect {e:?} {addr}:{port}")),
    }
}

/// `MongoClient.connect(url)` or a first Postgres connection: the driver's error on failure.
/// The Mongo driver retries server selection for 30 s before it gives up.
pub async fn connect(p: &Proc, kind: &str, url: &str) -> Result<(), String> {
    match reach(p, kind, url).await {
        Ok((fd, _, _)) => {
            let _ = p.close(fd);
            Ok(())
        }
        Err(cause) if kind == "mongo" => {
            let _ = p.sleep(30_000_000_000).await;
            Err(format!("MongoServerSelectionError: {cause}\n    at Timeout._onTimeout (/node_modules/mongodb/lib/sdam/topology.js:292:38)\n    at listOnTimeout (node:internal/timers:573:17)\n    at process.processTimers (node:internal/timers:514:7) {{\n  reason: TopologyDescription {{ type: 'Unknown' }},\n  code: undefined,\n  [Symbol(errorLabels)]: Set(0) {{}}\n}}"))
        }
        Err(cause) => Err(format!("Error: {cause}")),
    }
}

/// Runs `what` on the server behind `url`; the result's text for `$result`.
pub async fn query(p: &Proc, kind: &str, url: &str, what: &str) -> Result<String, String> {
    let (fd, _, _) = reach(p, kind, url).await.map_err(|c| format!("Error: {c}"))?;
    let _ = p.close(fd);
    Err(format!("{kind} query {what:?}: the simulated {kind} server does not answer queries yet"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_host_and_port_in_driver_urls() {
        assert_eq!(host_port("mongodb://db:27017", 27017), Some(("db".into(), 27017)));
        assert_eq!(host_port("mongodb://mongo-db-test", 27017), Some(("mongo-db-test".into(), 27017)));
        assert_eq!(host_port("postgres://postgres:foobarbaz@db:5432/postgres", 5432), Some(("db".into(), 5432)));
        assert_eq!(host_port("mongodb://a:1,b:2/x?replicaSet=r", 27017), Some(("a".into(), 1)));
        assert_eq!(host_port("localhost:27017", 27017), None);
    }
}
