//! What the stand-in nginx serves: static files from `/usr/share/nginx/html` over HTTP/1.1 on
//! port 80 (index files, nginx's 404 page, `HEAD`), with one access-log line per request on
//! stdout in nginx's `main` format. One request per connection. The request loop ([`serve`],
//! [`respond`]) is shared with the registry ([`super::registry`]).

use std::net::Ipv4Addr;

use wharf_engine::fs::FileKind;

use crate::errno::Errno;
use crate::signal::{Disposition, Signal};
use crate::sys::Proc;
use crate::userland::coreutils::timefmt::{gmtime, strftime};

/// The server's name in `Server:` and on error pages.
const SERVER: &str = "nginx/1.25.3";
/// The document root of the image's default site.
const ROOT: &str = "/usr/share/nginx/html";

fn http_date(secs: i64) -> String {
    strftime("%a, %d %b %Y %H:%M:%S GMT", &gmtime(secs), 0)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "js" => "application/javascript",
        "json" => "application/json",
        "txt" => "text/plain",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// nginx's error page for `code`.
fn error_page(code: u16, reason: &str) -> String {
    format!("<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n<hr><center>{SERVER}</center>\r\n</body>\r\n</html>\r\n")
}

/// One HTTP/1.1 request as the stand-in servers read it.
pub struct Request {
    /// `GET /x HTTP/1.1`.
    pub line: String,
    /// The method.
    pub method: String,
    /// The path, without the query.
    pub target: String,
    /// `User-Agent`, or `-`.
    pub agent: String,
    /// The body (`Content-Length` bytes).
    pub body: Vec<u8>,
}

/// What [`serve`] hands a server: a request on an accepted connection.
pub struct Exchange {
    /// The connection.
    pub fd: i32,
    /// Who connected.
    pub peer: Ipv4Addr,
    /// What they asked.
    pub request: Request,
}

/// Catches `signals`, listens on `port`, and runs `handle` for each request (one per
/// connection) until one of `signals` arrives; returns it. `handle` answers with
/// [`respond`] and logs as its server does.
pub async fn serve<F, Fut>(p: &Proc, port: u16, signals: &[Signal], mut handle: F) -> Signal
where
    F: FnMut(Exchange) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for &s in signals {
        let _ = p.set_disposition(s, Disposition::Catch);
    }
    let listener = p.listen_tcp(Ipv4Addr::UNSPECIFIED, port).ok();
    loop {
        let accepted = match listener {
            Some(fd) => p.accept(fd).await,
            None => {
                p.block(|_, _| std::task::Poll::<Result<(i32, (Ipv4Addr, u16)), Errno>>::Pending)
                    .await
            }
        };
        match accepted {
            Ok((fd, peer)) => {
                let request = read_request(p, fd).await;
                handle(Exchange {
                    fd,
                    peer: peer.0,
                    request,
                })
                .await;
                let _ = p.close(fd);
            }
            Err(_) => {
                if let Some(s) = p.take_signals().into_iter().find(|s| signals.contains(s)) {
                    if let Some(fd) = listener {
                        let _ = p.close(fd);
                    }
                    return s;
                }
            }
        }
    }
}

async fn read_request(p: &Proc, fd: i32) -> Request {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    while !data.windows(4).any(|w| w == b"\r\n\r\n") {
        match p.read(fd, &mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
    let head_len = data.windows(4).position(|w| w == b"\r\n\r\n").map_or(data.len(), |i| i + 4);
    let text = String::from_utf8_lossy(&data[..head_len]).to_string();
    let length = text.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
    });
    let mut body = data[head_len..].to_vec();
    while body.len() < length.unwrap_or(0) {
        match p.read(fd, &mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&buf[..n]),
        }
    }
    let line = text.lines().next().unwrap_or("").trim_end().to_string();
    let agent = text
        .lines()
        .find_map(|l| l.strip_prefix("User-Agent:").map(|v| v.trim().to_string()))
        .unwrap_or_else(|| "-".into());
    let mut words = line.split_whitespace();
    let method = words.next().unwrap_or("").to_string();
    let target = words
        .next()
        .unwrap_or("/")
        .split('?')
        .next()
        .unwrap_or("/")
        .to_string();
    Request {
        line,
        method,
        target,
        agent,
        body,
    }
}

/// Writes a response: the status line, `headers` (each `Name: value`, `Content-Length`
/// included), and the body unless the request was `HEAD`. Returns the body bytes sent.
pub async fn respond(
    p: &Proc,
    x: &Exchange,
    status: (u16, &str),
    headers: &[String],
    body: &[u8],
) -> usize {
    let mut head = format!("HTTP/1.1 {} {}\r\n", status.0, status.1);
    for h in headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    let sent = if x.request.method == "HEAD" {
        0
    } else {
        body.len()
    };
    out.extend_from_slice(&body[..sent]);
    let _ = p.write_all(x.fd, &out).await;
    sent
}

/// The `Date:` value for now.
pub fn date_now(p: &Proc) -> String {
    http_date(p.now().div_euclid(1_000_000_000))
}

/// Serves nginx's default site on port 80 until one of `signals` arrives; returns it.
pub async fn serve_site(p: &Proc, signals: &[Signal]) -> Signal {
    serve(p, 80, signals, |x| handle(p, x)).await
}

async fn handle(p: &Proc, x: Exchange) {
    let now = p.now().div_euclid(1_000_000_000);
    let (code, reason, ctype, body, mtime) = match x.request.method.as_str() {
        "GET" | "HEAD" => {
            let mut path = format!("{ROOT}{}", x.request.target);
            if p.stat(&path).is_ok_and(|s| s.kind == FileKind::Dir) {
                if !path.ends_with('/') {
                    path.push('/');
                }
                path.push_str("index.html");
            }
            match (p.stat(&path), p.read_file(&path).await) {
                (Ok(st), Ok(bytes)) if st.kind != FileKind::Dir => {
                    (200, "OK", content_type(&path), bytes, Some(st.mtime))
                }
                (Err(Errno::EACCES), _) | (_, Err(Errno::EACCES)) => (
                    403,
                    "Forbidden",
                    "text/html",
                    error_page(403, "Forbidden").into_bytes(),
                    None,
                ),
                _ => (
                    404,
                    "Not Found",
                    "text/html",
                    error_page(404, "Not Found").into_bytes(),
                    None,
                ),
            }
        }
        _ => (
            405,
            "Not Allowed",
            "text/html",
            error_page(405, "Not Allowed").into_bytes(),
            None,
        ),
    };
    let mut headers = vec![
        format!("Server: {SERVER}"),
        format!("Date: {}", http_date(now)),
        format!("Content-Type: {ctype}"),
        format!("Content-Length: {}", body.len()),
    ];
    if let Some(m) = mtime {
        headers.extend([
            format!("Last-Modified: {}", http_date(m)),
            "Connection: keep-alive".into(),
            format!("ETag: \"{:x}-{:x}\"", m, body.len()),
            "Accept-Ranges: bytes".into(),
        ]);
    } else {
        headers.push("Connection: keep-alive".into());
    }
    let sent = respond(p, &x, (code, reason), &headers, &body).await;
    let stamp = strftime("%d/%b/%Y:%H:%M:%S +0000", &gmtime(now), 0);
    p.print(&format!(
        "{} - - [{stamp}] \"{}\" {code} {sent} \"-\" \"{}\" \"-\"\n",
        x.peer, x.request.line, x.request.agent
    ))
    .await;
}
