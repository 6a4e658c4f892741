//! `echo` and `printf`, as busybox's applets behave.

use super::super::exec::{Ctl, Fut};
use super::super::state::Shell;

/// Interprets backslash escapes (`echo -e`, `printf %b`, `printf` formats). `Err` carries
/// the text before a `\c` (which ends all output).
fn escapes(s: &str, in_format: bool) -> Result<Vec<u8>, Vec<u8>> {
    let mut out = Vec::new();
    let b = s.as_bytes();
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
        match c {
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'c' if !in_format => return Err(out),
            b'e' => out.push(27),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'\\' => out.push(b'\\'),
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
            b'0'..=b'7' => {
                // `\0nnn` in echo and %b; `\nnn` (the 0 counting as a digit) in formats.
                let mut v = (c - b'0') as u32;
                let max = if c == b'0' && !in_format { 3 } else { 2 };
                let mut n = 0;
                while n < max && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                    v = v * 8 + (b[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                out.push(v as u8);
            }
            b'"' if in_format => out.push(b'"'),
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

async fn write_out(sh: &mut Shell, data: &[u8]) -> i32 {
    match sh.proc.write_all(1, data).await {
        Ok(()) => 0,
        Err(e) => {
            sh.proc.eprint(&format!("sh: write error: {e}\n")).await;
            1
        }
    }
}

pub(super) fn echo<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let (mut newline, mut interpret) = (true, false);
        let mut i = 1;
        while let Some(a) = args.get(i) {
            let flags = a.strip_prefix('-').filter(|f| !f.is_empty() && f.chars().all(|c| "neE".contains(c)));
            let Some(flags) = flags else { break };
            for c in flags.chars() {
                match c {
                    'n' => newline = false,
                    'e' => interpret = true,
                    _ => interpret = false,
                }
            }
            i += 1;
        }
        let text = args[i..].join(" ");
        let mut out = if interpret {
            match escapes(&text, false) {
                Ok(v) => v,
                Err(v) => {
                    newline = false;
                    v
                }
            }
        } else {
            text.into_bytes()
        };
        if newline {
            out.push(b'\n');
        }
        Ok(write_out(sh, &out).await)
    })
}

/// A numeric `printf` argument: decimal, hex, octal, or `'c` for a character's code.
fn num_arg(s: &str, bad: &mut Option<String>) -> i64 {
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix('\'').or_else(|| t.strip_prefix('"')) {
        return rest.chars().next().map_or(0, |c| c as i64);
    }
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    match super::super::arith::parse_number(digits) {
        Some(v) if !digits.is_empty() => {
            if neg {
                v.wrapping_neg()
            } else {
                v
            }
        }
        _ => {
            bad.get_or_insert_with(|| s.to_string());
            0
        }
    }
}

/// Pads `body` to `width` (negative: left-justified), with zeros after any sign if asked.
fn pad(body: String, width: Option<usize>, left: bool, zero: bool) -> String {
    let Some(w) = width else { return body };
    let len = body.chars().count();
    if len >= w {
        return body;
    }
    let fill = w - len;
    if left {
        format!("{body}{}", " ".repeat(fill))
    } else if zero {
        let (sign, digits) = if body.starts_with(['-', '+', ' ']) { body.split_at(1) } else { ("", body.as_str()) };
        let (prefix, digits) = if digits.starts_with("0x") || digits.starts_with("0X") { digits.split_at(2) } else { ("", digits) };
        format!("{sign}{prefix}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{body}", " ".repeat(fill))
    }
}

/// `%e` with C's exponent form (`1.000000e+00`).
fn exp_form(v: f64, prec: usize, upper: bool) -> String {
    let s = format!("{v:.prec$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let out = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

/// `%g`: the shorter of `%e` and `%f`, trailing zeros removed.
fn g_form(v: f64, prec: usize, upper: bool) -> String {
    let p = prec.max(1);
    if v == 0.0 {
        return "0".into();
    }
    let exp = v.abs().log10().floor() as i32;
    let trim = |s: String| if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    if exp < -4 || exp >= p as i32 {
        let s = exp_form(v, p - 1, upper);
        let (m, e) = s.split_once(if upper { 'E' } else { 'e' }).unwrap_or((&s, ""));
        format!("{}{}{e}", trim(m.to_string()), if upper { 'E' } else { 'e' })
    } else {
        trim(format!("{v:.*}", (p as i32 - 1 - exp).max(0) as usize))
    }
}

pub(super) fn printf<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let Some(format) = args.get(1) else {
            sh.proc.eprint("sh: usage: printf FORMAT [ARGUMENT...]\n").await;
            return Ok(2);
        };
        let fmt: Vec<char> = format.chars().collect();
        let mut rest = args[2..].iter();
        let mut out: Vec<u8> = Vec::new();
        let mut bad: Option<String> = None;
        let mut status = 0;
        'outer: loop {
            let before = rest.len();
            let mut i = 0;
            while i < fmt.len() {
                let c = fmt[i];
                if c == '\\' {
                    let start = i;
                    i += 1;
                    if fmt.get(i).is_some_and(|d| ('0'..='7').contains(d)) {
                        while i < fmt.len() && i - start <= 3 && ('0'..='7').contains(&fmt[i]) {
                            i += 1;
                        }
                    } else if fmt.get(i) == Some(&'x') {
                        i += 1;
                        while i < fmt.len() && i - start <= 3 && fmt[i].is_ascii_hexdigit() {
                            i += 1;
                        }
                    } else {
                        i = (i + 1).min(fmt.len());
                    }
                    let piece: String = fmt[start..i].iter().collect();
                    out.extend(escapes(&piece, true).unwrap_or_else(|v| v));
                    continue;
                }
                if c != '%' {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    i += 1;
                    continue;
                }
                let start = i;
                i += 1;
                if fmt.get(i) == Some(&'%') {
                    out.push(b'%');
                    i += 1;
                    continue;
                }
                let (mut left, mut zero, mut plus, mut space, mut alt) = (false, false, false, false, false);
                while let Some(f) = fmt.get(i).filter(|f| "-0+ #".contains(**f)) {
                    match f {
                        '-' => left = true,
                        '0' => zero = true,
                        '+' => plus = true,
                        ' ' => space = true,
                        _ => alt = true,
                    }
                    i += 1;
                }
                let mut width: Option<usize> = None;
                if fmt.get(i) == Some(&'*') {
                    let w = num_arg(rest.next().map_or("", String::as_str), &mut bad);
                    if w < 0 {
                        left = true;
                    }
                    width = Some(w.unsigned_abs() as usize);
                    i += 1;
                } else {
                    let s = i;
                    while fmt.get(i).is_some_and(char::is_ascii_digit) {
                        i += 1;
                    }
                    if i > s {
                        width = fmt[s..i].iter().collect::<String>().parse().ok();
                    }
                }
                let mut prec: Option<usize> = None;
                if fmt.get(i) == Some(&'.') {
                    i += 1;
                    if fmt.get(i) == Some(&'*') {
                        prec = Some(num_arg(rest.next().map_or("", String::as_str), &mut bad).max(0) as usize);
                        i += 1;
                    } else {
                        let s = i;
                        while fmt.get(i).is_some_and(char::is_ascii_digit) {
                            i += 1;
                        }
                        prec = Some(fmt[s..i].iter().collect::<String>().parse().unwrap_or(0));
                    }
                }
                while fmt.get(i).is_some_and(|c| "hlLqjzt".contains(*c)) {
                    i += 1;
                }
                let Some(&conv) = fmt.get(i) else {
                    let spec: String = fmt[start..].iter().collect();
                    sh.proc.write_all(1, &out).await.ok();
                    sh.proc.eprint(&format!("sh: {spec}: invalid format\n")).await;
                    return Ok(1);
                };
                i += 1;
                let arg = rest.next().map_or("", String::as_str);
                let text = match conv {
                    's' => {
                        let s: String = match prec {
                            Some(p) => arg.chars().take(p).collect(),
                            None => arg.to_string(),
                        };
                        pad(s, width, left, false)
                    }
                    'b' => match escapes(arg, false) {
                        Ok(v) => pad(String::from_utf8_lossy(&v).into_owned(), width, left, false),
                        Err(v) => {
                            out.extend(v);
                            break 'outer;
                        }
                    },
                    'c' => {
                        let ch = arg.chars().next().map_or("\0".to_string(), String::from);
                        pad(ch, width, left, false)
                    }
                    'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                        let v = num_arg(arg, &mut bad);
                        let mut body = match conv {
                            'o' => format!("{:o}", v as u64),
                            'x' => format!("{:x}", v as u64),
                            'X' => format!("{:X}", v as u64),
                            'u' => format!("{}", v as u64),
                            _ => v.unsigned_abs().to_string(),
                        };
                        if let Some(p) = prec {
                            if body.len() < p {
                                body = format!("{}{body}", "0".repeat(p - body.len()));
                            }
                        }
                        if alt && conv == 'o' && !body.starts_with('0') {
                            body.insert(0, '0');
                        }
                        if alt && v != 0 && matches!(conv, 'x' | 'X') {
                            body.insert_str(0, if conv == 'x' { "0x" } else { "0X" });
                        }
                        if matches!(conv, 'd' | 'i') {
                            let sign = if v < 0 {
                                "-"
                            } else if plus {
                                "+"
                            } else if space {
                                " "
                            } else {
                                ""
                            };
                            body.insert_str(0, sign);
                        }
                        pad(body, width, left, zero && prec.is_none())
                    }
                    'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                        let v: f64 = match arg.trim().parse() {
                            Ok(v) => v,
                            Err(_) => num_arg(arg, &mut bad) as f64,
                        };
                        let p = prec.unwrap_or(6);
                        let mut body = match conv {
                            'f' | 'F' => format!("{v:.p$}"),
                            'e' | 'E' => exp_form(v, p, conv == 'E'),
                            _ => g_form(v, p, conv == 'G'),
                        };
                        if v >= 0.0 && plus {
                            body.insert(0, '+');
                        } else if v >= 0.0 && space {
                            body.insert(0, ' ');
                        }
                        pad(body, width, left, zero)
                    }
                    _ => {
                        let spec: String = fmt[start..].iter().collect();
                        sh.proc.write_all(1, &out).await.ok();
                        sh.proc.eprint(&format!("sh: {spec}: invalid format\n")).await;
                        return Ok(1);
                    }
                };
                if let Some(b) = bad.take() {
                    sh.proc.write_all(1, &out).await.ok();
                    out.clear();
                    sh.proc.eprint(&format!("sh: invalid number '{b}'\n")).await;
                    status = 1;
                }
                out.extend_from_slice(text.as_bytes());
            }
            if rest.len() == 0 || rest.len() == before {
                break;
            }
        }
        let w = write_out(sh, &out).await;
        Ok(if w != 0 { w } else { status })
    })
}
