//! Just enough HTTP/1.1 for the docker CLI: requests with `Content-Length` or chunked bodies,
//! responses with a length (keep-alive), close-delimited streams, and the `101 UPGRADED`
//! hijack of attach and exec.
//!
//! Hand-rolled rather than hyper: the daemon is one `Rc<RefCell<Daemon>>` on one thread, polled
//! by the kernel's own `poll(2)` reactor; a second runtime (tokio) would need its own reactor
//! beside ours, and the Engine API needs only this much of HTTP.

use std::io;

use serde::Serialize;
use wharf_engine::daemon::ApiError;
use wharf_engine::percent::decode;

use super::conn::Conn;

/// Largest header block accepted.
const MAX_HEAD: usize = 64 * 1024;

/// A parsed request.
#[derive(Debug)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path without the `/v1.41` prefix, percent-decoded.
    pub path: String,
    /// Query parameters, decoded.
    pub query: Vec<(String, String)>,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// A query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A boolean query parameter as Go's `httputils.BoolValue` reads it.
    pub fn flag(&self, name: &str) -> bool {
        self.param(name).is_some_and(|v| !matches!(v.to_ascii_lowercase().as_str(), "" | "0" | "no" | "false" | "none"))
    }

    /// A header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Whether the client asked to keep the connection (HTTP/1.1 default).
    pub fn keep_alive(&self) -> bool {
        !self.header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"))
    }
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Reads until `pred` finds a position in the buffer, or end of input.
async fn read_until(conn: &mut Conn, find: impl Fn(&[u8]) -> Option<usize>) -> io::Result<Option<usize>> {
    loop {
        if let Some(i) = find(&conn.buf) {
            return Ok(Some(i));
        }
        if conn.buf.len() > MAX_HEAD * 1024 {
            return Err(bad("request too large"));
        }
        if conn.fill().await? == 0 {
            return Ok(None);
        }
    }
}

fn find_seq(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads exactly `n` bytes of body.
async fn read_exact(conn: &mut Conn, n: usize) -> io::Result<Vec<u8>> {
    while conn.buf.len() < n {
        if conn.fill().await? == 0 {
            return Err(bad("body ended early"));
        }
    }
    Ok(conn.buf.drain(..n).collect())
}

/// The next request on `conn`, or `None` when the client closed it between requests.
pub async fn read_request(conn: &mut Conn) -> io::Result<Option<Request>> {
    let Some(end) = read_until(conn, |b| find_seq(b, b"\r\n\r\n")).await? else {
        return Ok(None);
    };
    if end > MAX_HEAD {
        return Err(bad("header too large"));
    }
    let head: Vec<u8> = conn.buf.drain(..end + 4).collect();
    let head = String::from_utf8_lossy(&head[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let first = lines.next().unwrap_or_default();
    let mut words = first.split(' ');
    let (Some(method), Some(target)) = (words.next(), words.next()) else { return Err(bad(format!("bad request line {first:?}"))) };
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let (raw_path, raw_query) = target.split_once('?').unwrap_or((target, ""));
    let query = raw_query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect();
    let mut path = decode(raw_path);
    // `/v1.41/containers/json` → `/containers/json`.
    if let Some(rest) = path.strip_prefix("/v") {
        if let Some(i) = rest.find('/') {
            if rest[..i].split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
                path = rest[i..].to_string();
            }
        }
    }
    let mut req = Request { method: method.to_string(), path, query, headers, body: Vec::new() };
    if req.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let Some(eol) = read_until(conn, |b| find_seq(b, b"\r\n")).await? else { return Err(bad("chunk ended early")) };
            let line: Vec<u8> = conn.buf.drain(..eol + 2).collect();
            let size_text = String::from_utf8_lossy(&line[..eol]);
            let size_text = size_text.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size_text, 16).map_err(|_| bad(format!("bad chunk size {size_text:?}")))?;
            if size == 0 {
                // Trailers (none expected) end with an empty line.
                read_until(conn, |b| find_seq(b, b"\r\n")).await?;
                let end = find_seq(&conn.buf, b"\r\n").unwrap_or(0);
                conn.buf.drain(..(end + 2).min(conn.buf.len()));
                break;
            }
            let mut data = read_exact(conn, size + 2).await?;
            data.truncate(size);
            req.body.extend_from_slice(&data);
        }
    } else if let Some(len) = req.header("content-length") {
        let len: usize = len.parse().map_err(|_| bad("bad content-length"))?;
        req.body = read_exact(conn, len).await?;
    }
    Ok(Some(req))
}

/// What a handler answers.
pub enum Response {
    /// A complete response.
    Full { status: u16, content_type: &'static str, headers: Vec<(String, String)>, body: Vec<u8> },
    /// Already written by the handler (streams, hijacks); the connection is closed after it.
    Done,
}

impl Response {
    /// A JSON body.
    pub fn json(status: u16, value: &impl Serialize) -> Response {
        let mut body = serde_json::to_vec(value).unwrap_or_default();
        body.push(b'\n');
        Response::Full { status, content_type: "application/json", headers: Vec::new(), body }
    }

    /// An empty body (`204 No Content` and friends).
    pub fn empty(status: u16) -> Response {
        Response::Full { status, content_type: "text/plain", headers: Vec::new(), body: Vec::new() }
    }

    /// dockerd's error body, `{"message": ...}`, with the error's status.
    pub fn error(e: &ApiError) -> Response {
        Response::json(e.status, &serde_json::json!({ "message": e.message }))
    }
}

impl From<ApiError> for Response {
    fn from(e: ApiError) -> Response {
        Response::error(&e)
    }
}

/// The reason phrase of a status.
fn reason(status: u16) -> &'static str {
    match status {
        101 => "UPGRADED",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        409 => "Conflict",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        _ => "Unknown",
    }
}

/// The headers every dockerd response carries.
fn server_headers() -> String {
    format!("Api-Version: {}\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: wharf/{} (linux)\r\n", super::API_VERSION, env!("CARGO_PKG_VERSION"))
}

/// Writes a complete response.
pub async fn write_full(conn: &mut Conn, status: u16, content_type: &str, headers: &[(String, String)], body: &[u8], keep_alive: bool) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n{}", reason(status), server_headers());
    if status != 204 && status != 304 {
        head.push_str(&format!("Content-Type: {content_type}\r\nContent-Length: {}\r\n", body.len()));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !keep_alive {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut all = head.into_bytes();
    all.extend_from_slice(body);
    conn.write_all(&all).await
}

/// Starts a close-delimited streaming body (`wait`, `logs`, `load`, `events`).
pub async fn write_stream_head(conn: &mut Conn, status: u16, content_type: &str) -> io::Result<()> {
    let head = format!("HTTP/1.1 {status} {}\r\n{}Content-Type: {content_type}\r\nConnection: close\r\n\r\n", reason(status), server_headers());
    conn.write_all(head.as_bytes()).await
}

/// Answers an upgrade request: from here on the connection is a raw stream.
pub async fn write_upgrade(conn: &mut Conn, upgraded: bool) -> io::Result<()> {
    let head = if upgraded {
        format!("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n{}\r\n", server_headers())
    } else {
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n{}\r\n", server_headers())
    };
    conn.write_all(head.as_bytes()).await
}

/// One frame of Docker's multiplexed stream (`stdcopy`): stream byte (1 stdout, 2 stderr),
/// three zero bytes, the big-endian length, the bytes.
pub fn frame(stream: wharf_engine::kernel::Stream, data: &[u8]) -> Vec<u8> {
    let kind = match stream {
        wharf_engine::kernel::Stream::Stdout => 1,
        wharf_engine::kernel::Stream::Stderr => 2,
    };
    let mut out = vec![kind, 0, 0, 0];
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
    }

    #[test]
    fn frames_are_stdcopy() {
        assert_eq!(frame(wharf_engine::kernel::Stream::Stderr, b"hi"), [2, 0, 0, 0, 0, 0, 0, 2, b'h', b'i']);
    }
}
