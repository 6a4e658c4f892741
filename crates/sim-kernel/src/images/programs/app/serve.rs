//! The HTTP side of a declared app: one request per connection, answered by the first route
//! whose method and path match, with the headers and request logs of the framework the app
//! declares (`node`'s http module, fastify with its pino logger, express with morgan's `tiny`
//! format, gin's logger).

use std::net::Ipv4Addr;

use super::decl::{Action, Decl, Listen};
use super::run::Vars;
use crate::sys::Proc;
use crate::userland::coreutils::timefmt::{gmtime, strftime};

/// A parsed request line with the headers the logs show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`.
    pub method: String,
    /// The path without the query.
    pub path: String,
    /// The target as sent (with the query).
    pub target: String,
    /// The `Host` header.
    pub host: String,
}

/// Parses the head of an HTTP request.
pub fn parse_request(head: &str) -> Option<Request> {
    let mut lines = head.lines();
    let mut words = lines.next()?.split_whitespace();
    let method = words.next()?.to_string();
    let target = words.next()?.to_string();
    let host = lines.find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("host")).map(|(_, v)| v.trim().to_string())).unwrap_or_default();
    let path = target.split('?').next().unwrap_or("/").to_string();
    Some(Request { method, path, target, host })
}

/// The response an app gives, before the framework adds its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// `text`, `json`, `html`, `none`.
    pub kind: String,
    /// Headers the route set.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

fn http_date(secs: i64) -> String {
    strftime("%a, %d %b %Y %H:%M:%S GMT", &gmtime(secs), 0)
}

/// The framework's answer when no route matches.
pub fn not_found(style: &str, req: &Request) -> Reply {
    let (kind, body) = match style {
        "fastify" => ("json", format!("{{\"message\":\"Route {}:{} not found\",\"error\":\"Not Found\",\"statusCode\":404}}", req.method, req.target)),
        "express" => ("html", format!("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot {} {}</pre>\n</body>\n</html>\n", req.method, req.path)),
        "gin" => ("text", "404 page not found".to_string()),
        _ => ("none", String::new()),
    };
    Reply { status: 404, kind: kind.into(), headers: Vec::new(), body }
}

/// The bytes of `reply` as the framework `style` sends them at `now` (seconds).
pub fn render(style: &str, reply: &Reply, now: i64) -> Vec<u8> {
    let charset = |t: &str| format!("{t}; charset=utf-8");
    let ctype = match (style, reply.kind.as_str()) {
        (_, "none") => None,
        ("node", "json") => Some("application/json".to_string()),
        ("node", "text") => Some("text/plain".to_string()),
        ("node", _) => Some("text/html".to_string()),
        (_, "json") => Some(charset("application/json")),
        (_, "text") => Some(charset("text/plain")),
        (_, _) => Some(charset("text/html")),
    };
    let date = http_date(now);
    let len = reply.body.len();
    let mut h: Vec<(String, String)> = Vec::new();
    let extra = reply.headers.iter().cloned();
    match style {
        "fastify" => {
            h.extend(extra);
            if let Some(t) = ctype {
                h.push(("content-type".into(), t));
            }
            h.push(("content-length".into(), len.to_string()));
            h.push(("Date".into(), date));
            h.push(("Connection".into(), "keep-alive".into()));
            h.push(("Keep-Alive".into(), "timeout=72".into()));
        }
        "express" => {
            h.push(("X-Powered-By".into(), "Express".into()));
            h.extend(extra);
            if let Some(t) = ctype {
                h.push(("Content-Type".into(), t));
            }
            h.push(("Content-Length".into(), len.to_string()));
            h.push(("Date".into(), date));
            h.push(("Connection".into(), "keep-alive".into()));
            h.push(("Keep-Alive".into(), "timeout=5".into()));
        }
        "gin" => {
            h.extend(extra);
            if let Some(t) = ctype {
                h.push(("Content-Type".into(), t));
            }
            h.push(("Date".into(), date));
            h.push(("Content-Length".into(), len.to_string()));
        }
        _ => {
            h.extend(extra);
            if let Some(t) = ctype {
                h.push(("Content-Type".into(), t));
            }
            h.push(("Date".into(), date));
            h.push(("Connection".into(), "keep-alive".into()));
            h.push(("Keep-Alive".into(), "timeout=5".into()));
            h.push(("Content-Length".into(), len.to_string()));
        }
    }
    let mut out = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (k, v) in h {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&reply.body);
    out.into_bytes()
}

/// What the app's log says about one request, per framework.
fn request_logs(p: &Proc, style: &str, n: u64, req: &Request, peer: (Ipv4Addr, u16), status: u16, length: usize) -> String {
    let now = p.now();
    match style {
        "fastify" => {
            let head = pino_head(p);
            let q = wharf_engine::golang::quote;
            format!(
                "{head},\"reqId\":\"req-{n}\",\"req\":{{\"method\":{},\"url\":{},\"hostname\":{},\"remoteAddress\":\"{}\",\"remotePort\":{}}},\"msg\":\"incoming request\"}}\n{head},\"reqId\":\"req-{n}\",\"res\":{{\"statusCode\":{status}}},\"responseTime\":0.{:04},\"msg\":\"request completed\"}}\n",
                q(&req.method),
                q(&req.target),
                q(&req.host),
                peer.0,
                peer.1,
                2000 + (now.rem_euclid(7919) as u64)
            )
        }
        // morgan's `tiny` format.
        "express" => format!("{} {} {status} {length} - 0.{:03} ms\n", req.method, req.target, 400 + now.rem_euclid(500)),
        "gin" => {
            let stamp = strftime("%Y/%m/%d - %H:%M:%S", &gmtime(now.div_euclid(1_000_000_000)), 0);
            format!("[GIN] {stamp} | {status:>3} | {:>12} | {:>15} | {:<7} {}\n", format!("{}µs", 20 + now.rem_euclid(80)), peer.0, req.method, wharf_engine::golang::quote(&req.path))
        }
        _ => String::new(),
    }
}

/// pino's fields before the message: level, time (ms), pid and hostname.
pub fn pino_head(p: &Proc) -> String {
    format!("{{\"level\":30,\"time\":{},\"pid\":{},\"hostname\":{}", p.now().div_euclid(1_000_000), p.pid(), wharf_engine::golang::quote(&p.hostname()))
}

/// The lines a framework prints once it listens.
pub fn listening_logs(p: &Proc, listen: &Listen, port: u16) -> String {
    match listen.style.as_str() {
        "fastify" => {
            let mut addrs = vec![Ipv4Addr::LOCALHOST];
            if let Ok((ifaces, _)) = p.interfaces() {
                addrs.extend(ifaces.iter().filter(|i| i.name != "lo").filter_map(|i| i.addr.map(|a| a.addr)));
            }
            addrs.iter().map(|a| format!("{},\"msg\":\"Server listening at http://{a}:{port}\"}}\n", pino_head(p))).collect()
        }
        _ => String::new(),
    }
}

/// Serves `decl`'s routes on `port` until the process is killed.
pub async fn serve(p: &Proc, decl: &Decl, listen: &Listen, port: u16, vars: &mut Vars) -> i32 {
    let fd = match p.listen_tcp(Ipv4Addr::UNSPECIFIED, port) {
        Ok(fd) => fd,
        Err(_) => {
            p.eprint(&format!("Error: listen EADDRINUSE: address already in use 0.0.0.0:{port}\n")).await;
            return 1;
        }
    };
    let logs = listening_logs(p, listen, port);
    if !logs.is_empty() {
        p.print(&logs).await;
    }
    let mut served = 0u64;
    loop {
        let Ok((conn, peer)) = p.accept(fd).await else { return 0 };
        served += 1;
        let mut data = Vec::new();
        let mut buf = [0u8; 4096];
        while !data.windows(4).any(|w| w == b"\r\n\r\n") {
            match p.read(conn, &mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => data.extend_from_slice(&buf[..n]),
            }
        }
        let Some(req) = parse_request(&String::from_utf8_lossy(&data)) else {
            let _ = p.close(conn);
            continue;
        };
        let reply = super::run::answer(p, decl, &listen.style, &req, vars).await;
        let now = p.now().div_euclid(1_000_000_000);
        let mut bytes = render(&listen.style, &reply, now);
        if req.method == "HEAD" {
            let head_len = bytes.windows(4).position(|w| w == b"\r\n\r\n").map_or(bytes.len(), |i| i + 4);
            bytes.truncate(head_len);
        }
        let _ = p.write_all(conn, &bytes).await;
        let _ = p.close(conn);
        let log = request_logs(p, &listen.style, served, &req, peer, reply.status, reply.body.len());
        if !log.is_empty() {
            p.print(&log).await;
        }
    }
}

/// Whether a route's method and path match a request.
pub fn matches(route_method: &str, route_path: &str, req: &Request) -> bool {
    (route_method == "*" || route_method.eq_ignore_ascii_case(&req.method) || (route_method == "GET" && req.method == "HEAD")) && (route_path == "*" || route_path == req.path)
}

/// The route actions that make up the answer: every action of the first matching route.
pub fn route_actions<'d>(decl: &'d Decl, req: &Request) -> Option<&'d [Action]> {
    decl.routes.iter().find(|r| matches(&r.method, &r.path, req)).map(|r| r.actions.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, target: &str) -> Request {
        parse_request(&format!("{method} {target} HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl\r\n\r\n")).unwrap()
    }

    #[test]
    fn parses_request_heads() {
        let r = req("GET", "/add?x=1");
        assert_eq!((r.method.as_str(), r.path.as_str(), r.target.as_str(), r.host.as_str()), ("GET", "/add", "/add?x=1", "localhost:8080"));
        assert!(parse_request("").is_none());
    }

    #[test]
    fn node_sends_no_content_type_for_plain_end() {
        let reply = Reply { status: 200, kind: "none".into(), headers: vec![], body: "omg hi".into() };
        let text = String::from_utf8(render("node", &reply, 0)).unwrap();
        assert_eq!(text, "HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 6\r\n\r\nomg hi");
    }

    #[test]
    fn fastify_lowercases_its_own_headers_after_the_routes() {
        let reply = Reply { status: 200, kind: "json".into(), headers: vec![("access-control-allow-origin".into(), "*".into())], body: "{\"hello\":\"world\"}".into() };
        let text = String::from_utf8(render("fastify", &reply, 0)).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\naccess-control-allow-origin: *\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: 17\r\n"), "{text}");
    }

    #[test]
    fn frameworks_answer_unknown_routes_their_way() {
        let r = req("GET", "/nope");
        assert_eq!(not_found("fastify", &r).body, "{\"message\":\"Route GET:/nope not found\",\"error\":\"Not Found\",\"statusCode\":404}");
        assert_eq!(not_found("gin", &r).body, "404 page not found");
        assert!(not_found("express", &r).body.contains("<pre>Cannot GET /nope</pre>"));
    }

    #[test]
    fn first_matching_route_wins_and_get_covers_head() {
        let decl = super::super::decl::parse("// wharf: route GET /ping reply 200 text pong\n// wharf: route * * reply 200 text any\n").unwrap();
        assert_eq!(route_actions(&decl, &req("HEAD", "/ping")).unwrap()[0], Action::Reply(200, "text".into(), "pong".into()));
        assert_eq!(route_actions(&decl, &req("POST", "/ping")).unwrap()[0], Action::Reply(200, "text".into(), "any".into()));
    }
}
