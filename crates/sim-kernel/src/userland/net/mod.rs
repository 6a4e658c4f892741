//! Programs that talk over the simulated network: `curl`, `wget`, `ping`, `nc`, `nslookup`,
//! `getent`, `ip`. They resolve names as glibc and musl do (`/etc/hosts`, then the first
//! `nameserver` of `/etc/resolv.conf`) and speak just enough HTTP/1.1 for the course.
//!
//! Where the host's tool (Debian: curl, iputils `ping`, iproute2 `ip`) and BusyBox's applet
//! differ in output, a program checks which one it is: a process whose root has
//! `/bin/busybox` is running the applet.

mod curl;
mod ping;
mod tools;

use std::net::Ipv4Addr;

use crate::errno::Errno;
use crate::program::Programs;
use crate::sys::Proc;

/// Registers the network programs.
pub fn register(p: &mut Programs) {
    p.register("curl", |proc| Box::pin(curl::curl(proc)));
    p.register("wget", |proc| Box::pin(curl::wget(proc)));
    p.register("ping", |proc| Box::pin(ping::ping(proc)));
    p.register("nc", |proc| Box::pin(tools::nc(proc)));
    p.register("nslookup", |proc| Box::pin(tools::nslookup(proc)));
    p.register("getent", |proc| Box::pin(tools::getent(proc)));
    p.register("ip", |proc| Box::pin(tools::ip(proc)));
}

/// Whether this process runs BusyBox's applet rather than the distribution's tool.
pub(crate) fn is_busybox(p: &Proc) -> bool {
    p.exists("/bin/busybox")
}

/// Why a name did not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResolveError {
    /// The server answered that there is no such name.
    NoSuchName,
    /// No server answered (none configured, or unreachable).
    NoServer,
}

/// Names in `/etc/hosts` for `name`.
async fn hosts_file(p: &Proc, name: &str) -> Vec<Ipv4Addr> {
    let text = p.read_file("/etc/hosts").await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let mut fields = line.split_whitespace();
        let Some(ip) = fields.next().and_then(|f| f.parse::<Ipv4Addr>().ok()) else { continue };
        if fields.any(|n| n.eq_ignore_ascii_case(name)) && !out.contains(&ip) {
            out.push(ip);
        }
    }
    out
}

/// The first `nameserver` of `/etc/resolv.conf`.
pub(crate) async fn nameserver(p: &Proc) -> Option<Ipv4Addr> {
    let text = p.read_file("/etc/resolv.conf").await.unwrap_or_default();
    String::from_utf8_lossy(&text).lines().find_map(|l| l.strip_prefix("nameserver").and_then(|s| s.trim().parse().ok()))
}

/// Resolves `name`: an address literal, `/etc/hosts`, then DNS.
pub(crate) async fn resolve(p: &Proc, name: &str) -> Result<Vec<Ipv4Addr>, ResolveError> {
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        return Ok(vec![ip]);
    }
    let local = hosts_file(p, name).await;
    if !local.is_empty() {
        return Ok(local);
    }
    if name.eq_ignore_ascii_case("localhost") {
        return Ok(vec![Ipv4Addr::LOCALHOST]);
    }
    let server = nameserver(p).await.ok_or(ResolveError::NoServer)?;
    match p.dns_query(server, name).await {
        Ok(v) if v.is_empty() => Err(ResolveError::NoSuchName),
        Ok(v) => Ok(v),
        Err(_) => Err(ResolveError::NoServer),
    }
}

/// A parsed `http://host[:port]/path` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Url {
    pub host: String,
    pub port: u16,
    pub path: String,
}

impl Url {
    /// Parses a URL as curl does, `http://` optional.
    pub fn parse(s: &str) -> Option<Url> {
        let rest = s.strip_prefix("http://").unwrap_or(s);
        if rest.contains("://") {
            return None;
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], rest[i..].to_string()),
            None => (rest, "/".to_string()),
        };
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, p.parse().ok()?),
            None => (authority, 80),
        };
        if host.is_empty() {
            return None;
        }
        Some(Url { host: host.to_string(), port, path })
    }

    /// `host` or `host:port` for the `Host` header.
    pub fn host_header(&self) -> String {
        if self.port == 80 {
            self.host.clone()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// An HTTP response.
#[derive(Debug, Clone, Default)]
pub(crate) struct Response {
    /// `HTTP/1.1 200 OK`.
    pub status_line: String,
    /// Header lines, without the status line.
    pub headers: Vec<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// The status code.
    pub fn code(&self) -> u16 {
        self.status_line.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
    }
}

/// Sends `request` over a fresh connection to `ip:port` and reads the response (until the
/// body's `Content-Length`, or the end of the stream).
pub(crate) async fn exchange(p: &Proc, ip: Ipv4Addr, port: u16, request: &[u8]) -> Result<Response, Errno> {
    let fd = p.connect_tcp(ip, port, None).await?;
    p.write_all(fd, request).await?;
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_only = request.starts_with(b"HEAD ");
    loop {
        if let Some(end) = find(&data, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_string();
            let len = head.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)));
            if head_only || len.is_some_and(|n| data.len() >= end + 4 + n) {
                break;
            }
        }
        let n = p.read(fd, &mut buf).await?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    let _ = p.close(fd);
    let end = find(&data, b"\r\n\r\n").ok_or(Errno::EPIPE)?;
    let head = String::from_utf8_lossy(&data[..end]).to_string();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("").to_string();
    let headers: Vec<String> = lines.map(str::to_string).collect();
    let len = headers.iter().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)));
    let mut body = data[end + 4..].to_vec();
    if let Some(n) = len {
        body.truncate(n);
    }
    if head_only {
        body.clear();
    }
    Ok(Response { status_line, headers, body })
}

/// The first position of `needle` in `hay`.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_like_curl() {
        assert_eq!(Url::parse("localhost:8080"), Some(Url { host: "localhost".into(), port: 8080, path: "/".into() }));
        assert_eq!(Url::parse("http://web/index.html"), Some(Url { host: "web".into(), port: 80, path: "/index.html".into() }));
        assert_eq!(Url::parse("ftp://x"), None);
    }
}
