//! The database side of a declared app: `connect mongo|postgres URL` and route `query`s.
//!
//! Connecting resolves and reaches the server as the real drivers do (so a wrong network or
//! name fails the same way); the queries speak to the simulated database servers.

use std::net::Ipv4Addr;

use super::super::db::{Doc, Mongo, Sql};
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

/// `MongoClient.connect(url)`: the driver's error on failure (it retries server selection for
/// 30 s before it gives up). PostgreSQL pools connect on the first query, so `postgres`
/// only checks the URL.
pub async fn connect(p: &Proc, kind: &str, url: &str) -> Result<(), String> {
    if kind == "postgres" {
        return Sql::from_url(url).map(|_| ()).ok_or_else(|| format!("TypeError: Invalid URL: {url}"));
    }
    match reach(p, kind, url).await {
        Ok((fd, _, _)) => {
            let _ = p.close(fd);
            Ok(())
        }
        Err(cause) => {
            let _ = p.sleep(30_000_000_000).await;
            Err(format!("MongoServerSelectionError: {cause}\n    at Timeout._onTimeout (/node_modules/mongodb/lib/sdam/topology.js:292:38)\n    at listOnTimeout (node:internal/timers:573:17)\n    at process.processTimers (node:internal/timers:514:7) {{\n  reason: TopologyDescription {{ type: 'Unknown' }},\n  code: undefined,\n  [Symbol(errorLabels)]: Set(0) {{}}\n}}"))
        }
    }
}

/// A SQL timestamp (`2026-01-01 00:00:05.123456+00`) as a driver hands it to JSON:
/// `2026-01-01T00:00:05.123Z` with `millis` (JavaScript's Date), else every digit (Go).
pub fn json_time(value: &str, millis: bool) -> String {
    let looks_like_time = value.len() >= 19 && value.as_bytes()[4] == b'-' && value.as_bytes()[10] == b' ' && value.as_bytes()[13] == b':';
    if !looks_like_time {
        return value.to_string();
    }
    let body = value.trim_end_matches("+00").trim_end_matches("+00:00");
    let (secs, frac) = body.split_once('.').unwrap_or((body, ""));
    let frac = if millis { format!("{frac:0<3}")[..3].to_string() } else { frac.to_string() };
    let dot = if frac.is_empty() { "" } else { "." };
    format!("{}T{}{dot}{frac}Z", &secs[..10], &secs[11..])
}

/// Runs `what` on the server behind `url` for a framework of `style`; the text for `$result`:
/// for mongo `count DB.COLL` the count and `insert DB.COLL` the new `_id`; for postgres the
/// first column of the first row of the SQL statement `what`.
pub async fn query(p: &Proc, kind: &str, url: &str, what: &str, style: &str) -> Result<String, String> {
    if kind == "mongo" {
        let (mongo, _) = Mongo::from_url(url).ok_or_else(|| format!("MongoParseError: Invalid scheme ({url})"))?;
        let (op, target) = what.split_once(' ').unwrap_or((what, ""));
        let (db, coll) = target.trim().split_once('.').ok_or_else(|| format!("query mongo {what:?}: name the collection as DB.COLL"))?;
        return match op {
            "count" => mongo.count_documents(p, db, coll, &Doc::default()).await.map(|n| n.to_string()),
            "insert" => mongo.insert_one(p, db, coll, Doc::default()).await.map(|id| format!("{id:?}")),
            _ => return Err(format!("query mongo {what:?}: the operations are count and insert")),
        }
        .map_err(|e| format!("MongoServerError: {e}"));
    }
    let sql = Sql::from_url(url).ok_or_else(|| format!("TypeError: Invalid URL: {url}"))?;
    // The driver's own words when the server is out of reach (`connect ECONNREFUSED …`).
    let (fd, _, _) = reach(p, kind, url).await.map_err(|c| format!("Error: {c}"))?;
    let _ = p.close(fd);
    let result = sql.query(p, what).await.map_err(|e| format!("error: {e}"))?;
    let first = result.rows.first().and_then(|r| r.first().cloned().flatten()).unwrap_or_default();
    Ok(json_time(&first, style != "gin"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_timestamps_become_json_times() {
        assert_eq!(json_time("2026-01-01 00:00:05.123456+00", true), "2026-01-01T00:00:05.123Z");
        assert_eq!(json_time("2026-01-01 00:00:05.123456+00", false), "2026-01-01T00:00:05.123456Z");
        assert_eq!(json_time("2026-01-01 00:00:05+00", true), "2026-01-01T00:00:05.000Z");
        assert_eq!(json_time("42", true), "42");
    }

    #[test]
    fn finds_host_and_port_in_driver_urls() {
        assert_eq!(host_port("mongodb://db:27017", 27017), Some(("db".into(), 27017)));
        assert_eq!(host_port("mongodb://mongo-db-test", 27017), Some(("mongo-db-test".into(), 27017)));
        assert_eq!(host_port("postgres://postgres:foobarbaz@db:5432/postgres", 5432), Some(("db".into(), 5432)));
        assert_eq!(host_port("mongodb://a:1,b:2/x?replicaSet=r", 27017), Some(("a".into(), 1)));
        assert_eq!(host_port("localhost:27017", 27017), None);
    }
}
