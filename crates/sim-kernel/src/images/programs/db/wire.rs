//! How the simulated database clients and servers frame their messages on a connection.
//!
//! Redis speaks real RESP ([`super::resp`]). PostgreSQL, MySQL and MongoDB each have a binary
//! wire protocol that nothing outside the simulator would ever speak to here, so their
//! stand-ins exchange one JSON object per line instead: the same request and reply shapes,
//! without the byte-level handshakes.

use std::net::Ipv4Addr;

use serde_json::Value;

use crate::errno::Errno;
use crate::sys::Proc;
use crate::userland::net::resolve;

/// Reads `\n`-terminated lines from a descriptor, keeping what follows a line for the next.
#[derive(Default)]
pub struct LineReader {
    buf: Vec<u8>,
    eof: bool,
}

impl LineReader {
    /// The next line without its `\n` (and `\r`), or `None` at the end of the stream.
    pub async fn next_line(&mut self, p: &Proc, fd: i32) -> Option<String> {
        loop {
            if let Some(i) = self.buf.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buf.drain(..=i).collect();
                let text = String::from_utf8_lossy(&line[..i]);
                return Some(text.strip_suffix('\r').unwrap_or(&text).to_string());
            }
            if self.eof {
                if self.buf.is_empty() {
                    return None;
                }
                let rest: Vec<u8> = self.buf.drain(..).collect();
                return Some(String::from_utf8_lossy(&rest).to_string());
            }
            self.fill(p, fd).await;
        }
    }

    /// Exactly `n` bytes (fewer at the end of the stream).
    pub async fn next_bytes(&mut self, p: &Proc, fd: i32, n: usize) -> Vec<u8> {
        while self.buf.len() < n && !self.eof {
            self.fill(p, fd).await;
        }
        let n = n.min(self.buf.len());
        self.buf.drain(..n).collect()
    }

    async fn fill(&mut self, p: &Proc, fd: i32) {
        let mut chunk = [0u8; 4096];
        match p.read(fd, &mut chunk).await {
            Ok(0) | Err(_) => self.eof = true,
            Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Writes `v` as one line.
pub async fn send_json(p: &Proc, fd: i32, v: &Value) -> Result<(), Errno> {
    let mut line = v.to_string();
    line.push('\n');
    p.write_all(fd, line.as_bytes()).await
}

/// Reads one JSON line (`None` at the end of the stream or on garbage).
pub async fn recv_json(r: &mut LineReader, p: &Proc, fd: i32) -> Option<Value> {
    let line = r.next_line(p, fd).await?;
    serde_json::from_slice(line.as_bytes()).ok()
}

/// Why a client could not reach its server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectError {
    /// The host name did not resolve.
    UnknownHost(String),
    /// The connection failed (`ECONNREFUSED`, `EHOSTUNREACH`, `ETIMEDOUT`).
    Failed {
        /// The address tried.
        ip: Ipv4Addr,
        /// Why.
        errno: Errno,
    },
}

/// Resolves `host` as the C library would and connects to `port` on its first address.
pub async fn connect(p: &Proc, host: &str, port: u16) -> Result<(i32, Ipv4Addr), ConnectError> {
    let ip = match resolve(p, host).await {
        Ok(ips) => ips[0],
        Err(_) => return Err(ConnectError::UnknownHost(host.to_string())),
    };
    match p.connect_tcp(ip, port, Some(10)).await {
        Ok(fd) => Ok((fd, ip)),
        Err(errno) => Err(ConnectError::Failed { ip, errno }),
    }
}
