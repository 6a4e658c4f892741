//! `echo` (the `/bin/echo` of coreutils: `-n`, `-e`, `-E`) and `printf`.

use super::util::{ql, Io};

/// Expands backslash escapes. `printf_style` takes `\NNN` octal (printf's format) rather than
/// `\0NNN` (echo's). Returns the text and whether `\c` asked to stop all output.
pub fn unescape(s: &str, printf_style: bool) -> (Vec<u8>, bool) {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' || i + 1 >= b.len() {
            out.push(b[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = b[i];
        i += 1;
        let simple = match c {
            b'\\' => Some(b'\\'),
            b'a' => Some(7),
            b'b' => Some(8),
            b'e' => Some(27),
            b'f' => Some(12),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(11),
            b'"' if printf_style => Some(b'"'),
            _ => None,
        };
        if let Some(v) = simple {
            out.push(v);
            continue;
        }
        match c {
            b'c' => return (out, true),
            b'x' => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 2 && i < b.len() && b[i].is_ascii_hexdigit() {
                    v = v * 16 + (b[i] as char).to_digit(16).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                if n == 0 {
                    out.extend_from_slice(b"\\x");
                } else {
                    out.push(v as u8);
                }
            }
            b'0'..=b'7' if printf_style || c == b'0' => {
                let mut v = if printf_style { (c - b'0') as u32 } else { 0 };
                let mut n = 0;
                let max = if printf_style { 2 } else { 3 };
                while n < max && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                    v = v * 8 + (b[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                out.push(v as u8);
            }
            b'u' | b'U' if printf_style => {
                let len = if c == b'u' { 4 } else { 8 };
                let hex: String = b[i..].iter().take(len).take_while(|x| x.is_ascii_hexdigit()).map(|&x| x as char).collect();
                i += hex.len();
                let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}');
                out.extend_from_slice(ch.to_string().as_bytes());
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    (out, false)
}

/// `echo [-neE] [STRING]...`.
pub async fn echo(mut io: Io) -> i32 {
    let args = io.argv.clone();
    let (mut newline, mut escapes) = (true, false);
    let mut start = 0;
    if args.len() == 1 && (args[0] == "--help" || args[0] == "--version") {
        let text = if args[0] == "--help" { "Usage: echo [SHORT-OPTION]... [STRING]...\n" } else { "echo (GNU coreutils) 9.1\n" };
        io.out(text);
        return io.finish(0).await;
    }
    for a in &args {
        let flags = match a.strip_prefix('-') {
            Some(f) if !f.is_empty() && f.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) => f,
            _ => break,
        };
        for c in flags.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        start += 1;
    }
    let text = args[start..].join(" ");
    if escapes {
        let (bytes, stop) = unescape(&text, false);
        io.out_bytes(&bytes);
        if stop {
            return io.finish(0).await;
        }
    } else {
        io.out(&text);
    }
    if newline {
        io.out("\n");
    }
    io.finish(0).await
}

/// One `%` conversion: flags, width, precision and the conversion letter.
struct Conv {
    flags: String,
    width: Option<usize>,
    precision: Option<usize>,
    kind: char,
}

fn pad(s: String, c: &Conv, numeric: bool) -> String {
    let Some(w) = c.width else { return s };
    let len = s.chars().count();
    if len >= w {
        return s;
    }
    let fill = w - len;
    if c.flags.contains('-') {
        format!("{s}{}", " ".repeat(fill))
    } else if c.flags.contains('0') && numeric && c.precision.is_none() {
        let (sign, digits) = if s.starts_with(['-', '+']) { s.split_at(1) } else { ("", s.as_str()) };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{s}", " ".repeat(fill))
    }
}

/// Parses a numeric argument as printf does (`'a` is the code of `a`, `0x` hex, `0` octal).
fn number(arg: &str) -> Result<i128, ()> {
    let t = arg.trim_start();
    if let Some(ch) = t.strip_prefix('\'').or_else(|| t.strip_prefix('"')) {
        return Ok(ch.chars().next().map_or(0, |c| c as i128));
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let v = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        i128::from_str_radix(h, 16).map_err(|_| ())?
    } else if body.len() > 1 && body.starts_with('0') {
        i128::from_str_radix(&body[1..], 8).map_err(|_| ())?
    } else {
        body.parse::<i128>().map_err(|_| ())?
    };
    Ok(if neg { -v } else { v })
}

fn format_one(c: &Conv, arg: Option<&str>, errors: &mut Vec<String>) -> (Vec<u8>, bool) {
    let a = arg.unwrap_or("");
    let int = |errors: &mut Vec<String>| -> i128 {
        if arg.is_none() {
            return 0;
        }
        number(a).unwrap_or_else(|_| {
            errors.push(format!("{}: expected a numeric value", ql(a)));
            0
        })
    };
    let s = match c.kind {
        'd' | 'i' => {
            let v = int(errors);
            let mut s = v.abs().to_string();
            if let Some(p) = c.precision {
                while s.len() < p {
                    s.insert(0, '0');
                }
            }
            let sign = if v < 0 { "-" } else if c.flags.contains('+') { "+" } else if c.flags.contains(' ') { " " } else { "" };
            pad(format!("{sign}{s}"), c, true)
        }
        'u' | 'o' | 'x' | 'X' => {
            let v = int(errors) as u64;
            let s = match c.kind {
                'o' => format!("{}{v:o}", if c.flags.contains('#') && v != 0 { "0" } else { "" }),
                'x' => format!("{}{v:x}", if c.flags.contains('#') && v != 0 { "0x" } else { "" }),
                'X' => format!("{}{v:X}", if c.flags.contains('#') && v != 0 { "0X" } else { "" }),
                _ => v.to_string(),
            };
            pad(s, c, true)
        }
        'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
            let v: f64 = if arg.is_none() {
                0.0
            } else {
                a.trim().parse().unwrap_or_else(|_| {
                    errors.push(format!("{}: expected a numeric value", ql(a)));
                    0.0
                })
            };
            let p = c.precision.unwrap_or(6);
            let s = match c.kind {
                'e' | 'E' => {
                    let s = format!("{v:.p$e}");
                    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                    let e: i32 = e.parse().unwrap_or(0);
                    let s = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
                    if c.kind == 'E' { s.to_uppercase() } else { s }
                }
                'g' | 'G' => {
                    let s = format!("{v}");
                    if c.kind == 'G' { s.to_uppercase() } else { s }
                }
                _ => format!("{v:.p$}"),
            };
            let s = if c.flags.contains('+') && v >= 0.0 { format!("+{s}") } else { s };
            pad(s, c, true)
        }
        'c' => pad(a.chars().next().map(String::from).unwrap_or_default(), c, false),
        'b' => {
            let (bytes, stop) = unescape(a, true);
            let s = String::from_utf8_lossy(&bytes).into_owned();
            return (pad(s, c, false).into_bytes(), stop);
        }
        'q' => {
            let plain = !a.is_empty() && a.chars().all(|ch| ch.is_ascii_alphanumeric() || "-_./=+,:@%".contains(ch));
            pad(if plain { a.to_string() } else { format!("'{}'", a.replace('\'', "'\\''")) }, c, false)
        }
        _ => {
            let mut s: String = a.to_string();
            if let Some(p) = c.precision {
                s = s.chars().take(p).collect();
            }
            pad(s, c, false)
        }
    };
    (s.into_bytes(), false)
}

/// `printf FORMAT [ARGUMENT]...`: the format is reused until the arguments run out.
pub async fn printf(mut io: Io) -> i32 {
    let args = io.argv.clone();
    let args: Vec<String> = if args.first().map(String::as_str) == Some("--") { args[1..].to_vec() } else { args };
    let Some(format) = args.first().cloned() else {
        return io.usage("missing operand", 1).await;
    };
    if format == "--help" || format == "--version" {
        io.out(if format == "--help" { "Usage: printf FORMAT [ARGUMENT]...\n" } else { "printf (GNU coreutils) 9.1\n" });
        return io.finish(0).await;
    }
    let rest = &args[1..];
    let mut next = 0;
    let mut errors = Vec::new();
    let fmt: Vec<char> = format.chars().collect();
    loop {
        let used_before = next;
        let mut i = 0;
        let mut literal = String::new();
        while i < fmt.len() {
            let ch = fmt[i];
            if ch == '\\' {
                literal.extend(&fmt[i..(i + 2).min(fmt.len())]);
                i += 2;
                continue;
            }
            if ch != '%' {
                literal.push(ch);
                i += 1;
                continue;
            }
            let (bytes, stop) = unescape(&std::mem::take(&mut literal), true);
            io.out_bytes(&bytes);
            if stop {
                return io.finish(i32::from(!errors.is_empty())).await;
            }
            i += 1;
            if fmt.get(i) == Some(&'%') {
                io.out("%");
                i += 1;
                continue;
            }
            let mut conv = Conv { flags: String::new(), width: None, precision: None, kind: 's' };
            while let Some(&f) = fmt.get(i).filter(|c| "-+ #0".contains(**c)) {
                conv.flags.push(f);
                i += 1;
            }
            let take_num = |i: &mut usize, next: &mut usize| -> Option<usize> {
                if fmt.get(*i) == Some(&'*') {
                    *i += 1;
                    let v = rest.get(*next).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
                    *next += 1;
                    return Some(v.unsigned_abs() as usize);
                }
                let s: String = fmt[*i..].iter().take_while(|c| c.is_ascii_digit()).collect();
                *i += s.len();
                s.parse().ok()
            };
            conv.width = take_num(&mut i, &mut next);
            if fmt.get(i) == Some(&'.') {
                i += 1;
                conv.precision = Some(take_num(&mut i, &mut next).unwrap_or(0));
            }
            while fmt.get(i).is_some_and(|c| "hlLjzt".contains(*c)) {
                i += 1;
            }
            let Some(&kind) = fmt.get(i) else {
                io.err(&format!("{}: missing conversion specifier", ql("%"))).await;
                return 1;
            };
            i += 1;
            if !"diouxXfFeEgGcsbq".contains(kind) {
                io.flush().await;
                io.err(&format!("%{kind}: invalid conversion specification")).await;
                return 1;
            }
            conv.kind = kind;
            let arg = rest.get(next).map(String::as_str);
            next += 1;
            let (bytes, stop) = format_one(&conv, arg, &mut errors);
            io.out_bytes(&bytes);
            if stop {
                return io.finish(0).await;
            }
        }
        let (bytes, stop) = unescape(&literal, true);
        io.out_bytes(&bytes);
        if stop || next >= rest.len() || next == used_before {
            break;
        }
        if !io.tick().await {
            return 1;
        }
    }
    if next < rest.len() && next == 0 {
        io.err(&format!("warning: ignoring excess arguments, starting with {}", ql(&rest[0]))).await;
    }
    for e in &errors {
        io.err(e).await;
    }
    io.finish(i32::from(!errors.is_empty())).await
}
