//! RESP2, Redis's wire protocol: requests are arrays of bulk strings (or, typed by hand
//! into `nc`, inline space-separated words); replies are the five types of [`Reply`].

use super::wire::LineReader;
use crate::sys::Proc;

/// A Redis reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// `+OK`.
    Status(String),
    /// `-ERR ...`.
    Error(String),
    /// `:2`.
    Integer(i64),
    /// `$5 hello`; `None` is the nil bulk string.
    Bulk(Option<Vec<u8>>),
    /// `*2 ...`; `None` is the nil array.
    Array(Option<Vec<Reply>>),
}

impl Reply {
    /// `+OK`.
    pub fn ok() -> Reply {
        Reply::Status("OK".into())
    }

    /// A bulk string from text.
    pub fn bulk(s: impl AsRef<[u8]>) -> Reply {
        Reply::Bulk(Some(s.as_ref().to_vec()))
    }

    /// The reply's bytes on the wire.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(&mut out);
        out
    }

    fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Reply::Status(s) => out.extend_from_slice(format!("+{s}\r\n").as_bytes()),
            Reply::Error(s) => out.extend_from_slice(format!("-{s}\r\n").as_bytes()),
            Reply::Integer(i) => out.extend_from_slice(format!(":{i}\r\n").as_bytes()),
            Reply::Bulk(None) => out.extend_from_slice(b"$-1\r\n"),
            Reply::Bulk(Some(b)) => {
                out.extend_from_slice(format!("${}\r\n", b.len()).as_bytes());
                out.extend_from_slice(b);
                out.extend_from_slice(b"\r\n");
            }
            Reply::Array(None) => out.extend_from_slice(b"*-1\r\n"),
            Reply::Array(Some(items)) => {
                out.extend_from_slice(format!("*{}\r\n", items.len()).as_bytes());
                for i in items {
                    i.encode_into(out);
                }
            }
        }
    }

    /// How `redis-cli` prints the reply on a terminal (`indent` for nested arrays).
    pub fn to_cli(&self) -> String {
        self.cli(0)
    }

    fn cli(&self, indent: usize) -> String {
        match self {
            Reply::Status(s) => s.clone(),
            Reply::Error(s) => format!("(error) {s}"),
            Reply::Integer(i) => format!("(integer) {i}"),
            Reply::Bulk(None) | Reply::Array(None) => "(nil)".into(),
            Reply::Bulk(Some(b)) => quote(b),
            Reply::Array(Some(items)) if items.is_empty() => "(empty array)".into(),
            Reply::Array(Some(items)) => {
                let width = items.len().to_string().len();
                let mut lines = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let prefix = format!("{:>width$}) ", i + 1);
                    let body = item.cli(indent + prefix.len());
                    let pad = if i == 0 { String::new() } else { " ".repeat(indent) };
                    lines.push(format!("{pad}{prefix}{body}"));
                }
                lines.join("\n")
            }
        }
    }

    /// How `redis-cli` prints the reply when its output is not a terminal (`--no-raw` off).
    pub fn to_raw(&self) -> String {
        match self {
            Reply::Status(s) => s.clone(),
            Reply::Error(s) => s.clone(),
            Reply::Integer(i) => i.to_string(),
            Reply::Bulk(None) | Reply::Array(None) => String::new(),
            Reply::Bulk(Some(b)) => String::from_utf8_lossy(b).to_string(),
            Reply::Array(Some(items)) => items.iter().map(Reply::to_raw).collect::<Vec<_>>().join("\n"),
        }
    }
}

/// redis-cli's quoting of a bulk string: `"..."` with C-like escapes.
fn quote(b: &[u8]) -> String {
    let mut s = String::from("\"");
    for &c in b {
        match c {
            b'\\' => s.push_str("\\\\"),
            b'"' => s.push_str("\\\""),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            0x20..=0x7e => s.push(c as char),
            _ => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s.push('"');
    s
}

/// A request's words as bulk strings.
pub fn encode_command(args: &[impl AsRef<[u8]>]) -> Vec<u8> {
    Reply::Array(Some(args.iter().map(|a| Reply::bulk(a)).collect())).encode()
}

/// Reads one request: a RESP array of bulk strings, or an inline line. `None` at the end.
pub async fn read_command(r: &mut LineReader, p: &Proc, fd: i32) -> Option<Vec<Vec<u8>>> {
    loop {
        let line = r.next_line(p, fd).await?;
        if let Some(n) = line.strip_prefix('*') {
            let n: usize = n.trim().parse().ok()?;
            let mut args = Vec::with_capacity(n);
            for _ in 0..n {
                let head = r.next_line(p, fd).await?;
                let len: usize = head.strip_prefix('$')?.trim().parse().ok()?;
                let mut data = r.next_bytes(p, fd, len + 2).await;
                data.truncate(len);
                args.push(data);
            }
            return Some(args);
        }
        let words = split_words(&line);
        if !words.is_empty() {
            return Some(words.into_iter().map(String::into_bytes).collect());
        }
    }
}

/// Reads one reply.
pub async fn read_reply(r: &mut LineReader, p: &Proc, fd: i32) -> Option<Reply> {
    let line = r.next_line(p, fd).await?;
    let (kind, rest) = line.split_at(line.len().min(1));
    Some(match kind {
        "+" => Reply::Status(rest.to_string()),
        "-" => Reply::Error(rest.to_string()),
        ":" => Reply::Integer(rest.trim().parse().ok()?),
        "$" => {
            let n: i64 = rest.trim().parse().ok()?;
            if n < 0 {
                Reply::Bulk(None)
            } else {
                let mut data = r.next_bytes(p, fd, n as usize + 2).await;
                data.truncate(n as usize);
                Reply::Bulk(Some(data))
            }
        }
        "*" => {
            let n: i64 = rest.trim().parse().ok()?;
            if n < 0 {
                Reply::Array(None)
            } else {
                let mut items = Vec::new();
                for _ in 0..n {
                    items.push(Box::pin(read_reply(r, p, fd)).await?);
                }
                Reply::Array(Some(items))
            }
        }
        _ => return None,
    })
}

/// Splits a typed command line into words as redis-cli does: spaces separate, `"..."` (with
/// backslash escapes) and `'...'` quote.
pub fn split_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { return out };
        let mut word = String::new();
        if first == '"' || first == '\'' {
            chars.next();
            while let Some(c) = chars.next() {
                if c == first {
                    break;
                }
                if c == '\\' && first == '"' {
                    match chars.next() {
                        Some('n') => word.push('\n'),
                        Some('t') => word.push('\t'),
                        Some('r') => word.push('\r'),
                        Some(o) => word.push(o),
                        None => {}
                    }
                } else {
                    word.push(c);
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
        }
        out.push(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_encode_as_resp() {
        assert_eq!(Reply::ok().encode(), b"+OK\r\n");
        assert_eq!(Reply::bulk("hi").encode(), b"$2\r\nhi\r\n");
        assert_eq!(Reply::Bulk(None).encode(), b"$-1\r\n");
        assert_eq!(encode_command(&["GET", "k"]), b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
    }

    #[test]
    fn redis_cli_shows_replies_like_the_real_one() {
        assert_eq!(Reply::ok().to_cli(), "OK");
        assert_eq!(Reply::Integer(2).to_cli(), "(integer) 2");
        assert_eq!(Reply::bulk("a \"b\"\n").to_cli(), "\"a \\\"b\\\"\\n\"");
        assert_eq!(Reply::Bulk(None).to_cli(), "(nil)");
        assert_eq!(Reply::Array(Some(vec![])).to_cli(), "(empty array)");
        assert_eq!(Reply::Array(Some(vec![Reply::bulk("a"), Reply::bulk("b")])).to_cli(), "1) \"a\"\n2) \"b\"");
        assert_eq!(Reply::Error("ERR x".into()).to_cli(), "(error) ERR x");
        assert_eq!(Reply::Integer(2).to_raw(), "2");
        assert_eq!(Reply::bulk("v").to_raw(), "v");
    }

    #[test]
    fn typed_lines_split_like_redis_cli() {
        assert_eq!(split_words("set greeting \"hello world\"  'a b'"), vec!["set", "greeting", "hello world", "a b"]);
    }
}
