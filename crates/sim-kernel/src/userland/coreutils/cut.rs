//! `cut` (fields, characters, bytes) and `base64` (encode, `-d` decode, `-w` wrap).

use super::args::{HasArg, Spec};
use super::util::{ql, strerror, Io};

/// A `cut` list: ranges of 1-based positions, `None` end meaning "to the end".
fn parse_list(s: &str, what: &str) -> Result<Vec<(usize, Option<usize>)>, String> {
    let mut out = Vec::new();
    for part in s.split([',', ' ']).filter(|p| !p.is_empty()) {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a, Some(b)),
            None => (part, None),
        };
        let num = |x: &str| -> Result<Option<usize>, String> {
            if x.is_empty() {
                return Ok(None);
            }
            match x.parse::<usize>() {
                Ok(0) => Err(format!("{what}s are numbered from 1")),
                Ok(n) => Ok(Some(n)),
                Err(_) => Err(format!("invalid {what} value {}", ql(part))),
            }
        };
        let start = num(a)?.unwrap_or(1);
        let end = match b {
            None => Some(start),
            Some(b) => num(b)?,
        };
        if end.is_some_and(|e| e < start) {
            return Err("invalid decreasing range".into());
        }
        out.push((start, end));
    }
    if out.is_empty() {
        return Err(format!("invalid {what} value {}", ql(s)));
    }
    Ok(out)
}

fn wanted(list: &[(usize, Option<usize>)], pos: usize) -> bool {
    list.iter().any(|&(s, e)| pos >= s && e.is_none_or(|e| pos <= e))
}

/// `cut -f LIST [-d DELIM] [-s] | -c LIST | -b LIST [FILE]...`.
pub async fn cut(mut io: Io) -> i32 {
    let spec = Spec {
        short: "b:c:d:f:sn",
        long: &[("bytes", HasArg::Required, 'b'), ("characters", HasArg::Required, 'c'), ("delimiter", HasArg::Required, 'd'), ("fields", HasArg::Required, 'f'), ("only-delimited", HasArg::No, 's'), ("complement", HasArg::No, 'C'), ("output-delimiter", HasArg::Required, 'O')],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "OPTION... [FILE]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let (mode, list) = match (a.value('f'), a.value('c'), a.value('b')) {
        (Some(f), None, None) => ('f', f),
        (None, Some(c), None) => ('c', c),
        (None, None, Some(b)) => ('b', b),
        (None, None, None) => return io.usage("you must specify a list of bytes, characters, or fields", 1).await,
        _ => return io.usage("only one type of list may be specified", 1).await,
    };
    let list = match parse_list(list, if mode == 'f' { "field" } else { "byte/character position" }) {
        Ok(l) => l,
        Err(m) => return io.usage(&m, 1).await,
    };
    let delim = a.value('d').unwrap_or("\t").to_string();
    if delim.chars().count() != 1 {
        return io.usage("the delimiter must be a single character", 1).await;
    }
    if mode != 'f' && a.has('d') {
        return io.usage("an input delimiter may be specified only when operating on fields", 1).await;
    }
    let out_delim = a.value('O').map(str::to_string).unwrap_or_else(|| if mode == 'f' { delim.clone() } else { String::new() });
    let comp = a.has('C');
    let files = if a.operands.is_empty() { vec!["-".to_string()] } else { a.operands.clone() };
    let mut status = 0;
    for f in &files {
        let data = match io.read_input(f).await {
            Ok(d) => d,
            Err(e) => {
                io.err(&format!("{f}: {}", strerror(e))).await;
                status = 1;
                continue;
            }
        };
        for line in String::from_utf8_lossy(&data).lines() {
            let out = if mode == 'f' {
                if !line.contains(delim.as_str()) {
                    if a.has('s') {
                        continue;
                    }
                    line.to_string()
                } else {
                    let parts: Vec<&str> = line.split(delim.as_str()).collect();
                    parts.iter().enumerate().filter(|(i, _)| wanted(&list, i + 1) != comp).map(|(_, p)| *p).collect::<Vec<_>>().join(&out_delim)
                }
            } else {
                let units: Vec<String> = if mode == 'c' { line.chars().map(String::from).collect() } else { line.bytes().map(|b| (b as char).to_string()).collect() };
                units.iter().enumerate().filter(|(i, _)| wanted(&list, i + 1) != comp).map(|(_, u)| u.as_str()).collect::<String>()
            };
            io.out(&format!("{out}\n"));
            if !io.tick().await {
                return 1;
            }
        }
    }
    io.finish(status).await
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes base64, ignoring newlines (and all garbage with `ignore_garbage`). `Err` keeps
/// what decoded before the bad input, as `base64 -d` prints it.
pub fn decode(text: &[u8], ignore_garbage: bool) -> Result<Vec<u8>, Vec<u8>> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    let mut pad = false;
    for &c in text {
        let v = match c {
            b'\n' | b'\r' => continue,
            b'=' => {
                pad = true;
                continue;
            }
            _ => ALPHABET.iter().position(|&a| a == c),
        };
        let Some(v) = v else {
            if ignore_garbage {
                continue;
            }
            return Err(out);
        };
        if pad {
            return Err(out);
        }
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 || (bits > 0 && !pad && !ignore_garbage && text.iter().filter(|c| !c.is_ascii_whitespace()).count() % 4 != 0) {
        return Err(out);
    }
    Ok(out)
}

/// `base64 [-d] [-i] [-w COLS] [FILE]`.
pub async fn base64(mut io: Io) -> i32 {
    let spec = Spec { short: "diw:", long: &[("decode", HasArg::No, 'd'), ("ignore-garbage", HasArg::No, 'i'), ("wrap", HasArg::Required, 'w')], stop_at_operand: false };
    let a = match io.args(&spec, "[OPTION]... [FILE]", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let wrap = match a.value('w') {
        Some(w) => match w.parse::<usize>() {
            Ok(n) => n,
            Err(_) => {
                io.err(&format!("invalid wrap size: {}", ql(w))).await;
                return 1;
            }
        },
        None => 76,
    };
    if a.operands.len() > 1 {
        return io.usage(&format!("extra operand {}", super::util::q(&a.operands[1])), 1).await;
    }
    let f = a.operands.first().cloned().unwrap_or_else(|| "-".into());
    let data = match io.read_input(&f).await {
        Ok(d) => d,
        Err(e) => {
            io.err(&format!("{f}: {}", strerror(e))).await;
            return 1;
        }
    };
    if a.has('d') {
        return match decode(&data, a.has('i')) {
            Ok(d) => {
                io.out_bytes(&d);
                io.finish(0).await
            }
            Err(partial) => {
                io.out_bytes(&partial);
                io.err("invalid input").await;
                1
            }
        };
    }
    let enc = encode(&data);
    if wrap == 0 {
        io.out(&enc);
    } else {
        for chunk in enc.as_bytes().chunks(wrap) {
            io.out_bytes(chunk);
            io.out("\n");
        }
    }
    if !enc.is_empty() && wrap == 0 {
        io.out("");
    }
    io.finish(0).await
}
