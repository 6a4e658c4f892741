//! `head` and `tail`: the first or last lines or bytes of their inputs.

use super::args::{HasArg, Spec};
use super::cat::{close_input, open_input};
use super::util::{q, ql, strerror, Io};

/// How much to take: a count of lines or bytes, from the start or the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Amount {
    bytes: bool,
    n: u64,
    /// `head -n -N` (all but the last N) or `tail -n +N` (from line N on).
    flipped: bool,
}

fn parse_amount(s: &str, bytes: bool, tail: bool) -> Option<Amount> {
    let (flipped, digits) = match s.as_bytes().first() {
        Some(b'-') if !tail => (true, &s[1..]),
        Some(b'+') if tail => (true, &s[1..]),
        Some(b'-') | Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (num, mult) = match digits.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        None => (digits, 1u64),
        Some((i, _)) => {
            let m = match &digits[i..] {
                "b" => 512,
                "K" | "KiB" => 1024,
                "kB" | "KB" => 1000,
                "M" | "MiB" => 1 << 20,
                "MB" => 1_000_000,
                "G" | "GiB" => 1 << 30,
                _ => return None,
            };
            (&digits[..i], m)
        }
    };
    let n: u64 = num.parse().ok()?;
    Some(Amount { bytes, n: n.saturating_mul(mult), flipped })
}

/// Rewrites the obsolete `-3` / `+3` forms into `-n 3`.
fn modernise(argv: &[String], tail: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in argv.iter().enumerate() {
        let numeric = a.len() > 1 && a[1..].chars().all(|c| c.is_ascii_digit());
        if i == 0 && numeric && (a.starts_with('-') || (tail && a.starts_with('+'))) {
            out.push("-n".to_string());
            out.push(if a.starts_with('+') { a.clone() } else { a[1..].to_string() });
        } else {
            out.push(a.clone());
        }
    }
    out
}

async fn parse(io: &mut Io, tail: bool) -> Result<(Amount, Vec<String>, bool, bool, bool), i32> {
    io.argv = modernise(&io.argv, tail);
    let spec = Spec {
        short: if tail { "c:n:fFqvs:z" } else { "c:n:qvz" },
        long: &[
            ("bytes", HasArg::Required, 'c'),
            ("lines", HasArg::Required, 'n'),
            ("quiet", HasArg::No, 'q'),
            ("silent", HasArg::No, 'q'),
            ("verbose", HasArg::No, 'v'),
            ("follow", HasArg::Optional, 'f'),
            ("zero-terminated", HasArg::No, 'z'),
        ],
        stop_at_operand: false,
    };
    let a = io.args(&spec, "[OPTION]... [FILE]...", 1).await?;
    let mut amount = Amount { bytes: false, n: 10, flipped: false };
    for (c, v) in &a.opts {
        let (bytes, what) = match c {
            'c' => (true, "bytes"),
            'n' => (false, "lines"),
            _ => continue,
        };
        let v = v.clone().unwrap_or_default();
        amount = match parse_amount(&v, bytes, tail) {
            Some(x) => x,
            None => {
                io.err(&format!("invalid number of {what}: {}", ql(&v))).await;
                return Err(1);
            }
        };
    }
    let files = if a.operands.is_empty() { vec!["-".to_string()] } else { a.operands.clone() };
    Ok((amount, files, a.has('q'), a.has('v'), a.has('z')))
}

fn header(io: &mut Io, name: &str, first: bool) {
    let shown = if name == "-" { "standard input" } else { name };
    io.out(&format!("{}==> {shown} <==\n", if first { "" } else { "\n" }));
}

/// `head [-n N|-c N] [FILE]...`: stops reading as soon as it has enough.
pub async fn head(mut io: Io) -> i32 {
    let (amount, files, quiet, verbose, zero) = match parse(&mut io, false).await {
        Ok(x) => x,
        Err(c) => return c,
    };
    let sep = if zero { 0 } else { b'\n' };
    let show_headers = verbose || (files.len() > 1 && !quiet);
    let mut status = 0;
    let mut buf = vec![0u8; 8192];
    for (i, f) in files.iter().enumerate() {
        let fd = match open_input(&io, f) {
            Ok(fd) => fd,
            Err(e) => {
                io.err(&format!("cannot open {} for reading: {}", q(f), strerror(e))).await;
                status = 1;
                continue;
            }
        };
        if show_headers {
            header(&mut io, f, i == 0);
        }
        if amount.flipped {
            let data = io.p.read_to_end(fd).await.unwrap_or_default();
            let keep = if amount.bytes {
                data.len().saturating_sub(amount.n as usize)
            } else {
                let ends: Vec<usize> = data.iter().enumerate().filter(|(_, &b)| b == sep).map(|(i, _)| i + 1).collect();
                let total = ends.len() + usize::from(!data.is_empty() && data.last() != Some(&sep));
                let want = total.saturating_sub(amount.n as usize);
                if want == 0 { 0 } else { ends.get(want - 1).copied().unwrap_or(data.len()) }
            };
            io.out_bytes(&data[..keep]);
        } else {
            let mut left = amount.n;
            while left > 0 {
                let k = match io.p.read(fd, &mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(k) => k,
                };
                let chunk = &buf[..k];
                let take = if amount.bytes {
                    let t = (left as usize).min(k);
                    left -= t as u64;
                    t
                } else {
                    let mut t = k;
                    for (j, &b) in chunk.iter().enumerate() {
                        if b == sep {
                            left -= 1;
                            if left == 0 {
                                t = j + 1;
                                break;
                            }
                        }
                    }
                    t
                };
                io.out_bytes(&chunk[..take]);
                if !io.tick().await {
                    return 1;
                }
            }
        }
        close_input(&io, fd);
    }
    io.finish(status).await
}

/// `tail [-n [+]N|-c [+]N] [FILE]...` (`-f` is accepted and ignored: input ends).
pub async fn tail(mut io: Io) -> i32 {
    let (amount, files, quiet, verbose, zero) = match parse(&mut io, true).await {
        Ok(x) => x,
        Err(c) => return c,
    };
    let sep = if zero { 0 } else { b'\n' };
    let show_headers = verbose || (files.len() > 1 && !quiet);
    let mut status = 0;
    for (i, f) in files.iter().enumerate() {
        let fd = match open_input(&io, f) {
            Ok(fd) => fd,
            Err(e) => {
                io.err(&format!("cannot open {} for reading: {}", q(f), strerror(e))).await;
                status = 1;
                continue;
            }
        };
        let data = io.p.read_to_end(fd).await.unwrap_or_default();
        close_input(&io, fd);
        if show_headers {
            header(&mut io, f, i == 0);
        }
        let n = amount.n as usize;
        let start = if amount.bytes {
            if amount.flipped { n.saturating_sub(1).min(data.len()) } else { data.len().saturating_sub(n) }
        } else {
            let starts: Vec<usize> = std::iter::once(0).chain(data.iter().enumerate().filter(|(_, &b)| b == sep).map(|(i, _)| i + 1)).filter(|&s| s < data.len()).collect();
            if amount.flipped {
                starts.get(n.saturating_sub(1)).copied().unwrap_or(data.len())
            } else if n == 0 {
                data.len()
            } else {
                starts.get(starts.len().saturating_sub(n)).copied().unwrap_or(0)
            }
        };
        io.out_bytes(&data[start..]);
        if !io.tick().await {
            return 1;
        }
    }
    io.finish(status).await
}
