//! `sort`: lines in byte order (the C locale), numerically, by key, unique, reversed.

use std::cmp::Ordering;

use super::args::{HasArg, Spec};
use super::util::{ql, strerror, Io};

#[derive(Clone, Copy, Default)]
struct Key {
    start_field: usize,
    end_field: Option<usize>,
    numeric: bool,
    reverse: bool,
    fold: bool,
    blanks: bool,
}

fn parse_key(s: &str) -> Result<Key, String> {
    let (pos, flags_all) = s.split_at(s.find(|c: char| !c.is_ascii_digit() && c != ',' && c != '.').unwrap_or(s.len()));
    let mut k = Key::default();
    let (start, end) = pos.split_once(',').map_or((pos, None), |(a, b)| (a, Some(b)));
    let field = |x: &str| x.split('.').next().unwrap_or("").parse::<usize>();
    k.start_field = match field(start) {
        Ok(0) => return Err(format!("field number is zero: invalid field specification {}", ql(s))),
        Ok(n) => n,
        Err(_) => return Err(format!("invalid number at field start: invalid count at start of {}", ql(s))),
    };
    if let Some(e) = end {
        let digits: String = e.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        k.end_field = field(&digits).ok().filter(|n| *n > 0);
        for c in e[digits.len()..].chars() {
            apply_flag(&mut k, c);
        }
    }
    for c in flags_all.chars() {
        apply_flag(&mut k, c);
    }
    Ok(k)
}

fn apply_flag(k: &mut Key, c: char) {
    match c {
        'n' | 'g' | 'h' => k.numeric = true,
        'r' => k.reverse = true,
        'f' => k.fold = true,
        'b' => k.blanks = true,
        _ => {}
    }
}

/// The text of fields `k.start_field..=k.end_field` of `line`.
fn key_text<'a>(line: &'a str, k: &Key, sep: Option<char>) -> &'a str {
    let mut starts = vec![0];
    let b = line.as_bytes();
    match sep {
        Some(s) => starts.extend(line.char_indices().filter(|(_, c)| *c == s).map(|(i, c)| i + c.len_utf8())),
        None => {
            // Fields begin where blanks begin (the blanks belong to the next field).
            for i in 1..b.len() {
                if (b[i] == b' ' || b[i] == b'\t') && !(b[i - 1] == b' ' || b[i - 1] == b'\t') {
                    starts.push(i);
                }
            }
        }
    }
    let from = starts.get(k.start_field - 1).copied().unwrap_or(line.len());
    let to = match k.end_field {
        Some(e) => starts.get(e).map_or(line.len(), |&s| if sep.is_some() { s - 1 } else { s }),
        None => line.len(),
    };
    let t = line.get(from..to.max(from)).unwrap_or("");
    if k.blanks || k.numeric { t.trim_start() } else { t }
}

fn num(s: &str) -> f64 {
    let t = s.trim_start();
    let end = t.char_indices().find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'))).map_or(t.len(), |(i, _)| i);
    t[..end].parse().unwrap_or(0.0)
}

fn compare(a: &str, b: &str, k: &Key) -> Ordering {
    let o = if k.numeric {
        num(a).partial_cmp(&num(b)).unwrap_or(Ordering::Equal)
    } else if k.fold {
        a.to_uppercase().cmp(&b.to_uppercase())
    } else {
        a.as_bytes().cmp(b.as_bytes())
    };
    if k.reverse { o.reverse() } else { o }
}

/// `sort [-nrufbs] [-k KEY]... [-t SEP] [-o FILE] [FILE]...`.
pub async fn sort(mut io: Io) -> i32 {
    let spec = Spec {
        short: "nrufbsk:t:o:ghcCmV",
        long: &[
            ("numeric-sort", HasArg::No, 'n'),
            ("reverse", HasArg::No, 'r'),
            ("unique", HasArg::No, 'u'),
            ("ignore-case", HasArg::No, 'f'),
            ("ignore-leading-blanks", HasArg::No, 'b'),
            ("stable", HasArg::No, 's'),
            ("key", HasArg::Required, 'k'),
            ("field-separator", HasArg::Required, 't'),
            ("output", HasArg::Required, 'o'),
        ],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [FILE]...", 2).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let mut global = Key { start_field: 1, ..Key::default() };
    for (c, _) in &a.opts {
        apply_flag(&mut global, *c);
    }
    let mut keys = Vec::new();
    for (_, v) in a.opts.iter().filter(|(c, _)| *c == 'k') {
        match parse_key(v.as_deref().unwrap_or("")) {
            Ok(mut k) => {
                if !(k.numeric || k.reverse || k.fold || k.blanks) {
                    (k.numeric, k.reverse, k.fold, k.blanks) = (global.numeric, global.reverse, global.fold, global.blanks);
                }
                keys.push(k);
            }
            Err(msg) => {
                io.err(&msg).await;
                return 2;
            }
        }
    }
    let sep = match a.value('t') {
        Some(t) if t.chars().count() == 1 => t.chars().next(),
        Some(t) => {
            io.err(&format!("multi-character tab {}", ql(t))).await;
            return 2;
        }
        None => None,
    };
    let files = if a.operands.is_empty() { vec!["-".to_string()] } else { a.operands.clone() };
    let mut lines: Vec<String> = Vec::new();
    for f in &files {
        match io.read_input(f).await {
            Ok(d) => lines.extend(String::from_utf8_lossy(&d).lines().map(str::to_string)),
            Err(e) => {
                io.err(&format!("cannot read: {f}: {}", strerror(e))).await;
                return 2;
            }
        }
        let _ = io.p.checkpoint().await;
    }
    let by_keys = |x: &String, y: &String| -> Ordering {
        if keys.is_empty() {
            return compare(key_text(x, &global, None), key_text(y, &global, None), &global);
        }
        keys.iter().map(|k| compare(key_text(x, k, sep), key_text(y, k, sep), k)).find(|o| *o != Ordering::Equal).unwrap_or(Ordering::Equal)
    };
    let stable = a.has('s') || a.has('u');
    wharf_engine::sort::by(&mut lines, |x, y| {
        let o = by_keys(x, y);
        if o != Ordering::Equal || stable {
            return o;
        }
        let last = x.as_bytes().cmp(y.as_bytes());
        if global.reverse { last.reverse() } else { last }
    });
    if a.has('u') {
        lines.dedup_by(|x, y| by_keys(x, y) == Ordering::Equal);
    }
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    if let Some(o) = a.value('o') {
        if let Err(e) = io.p.write_file(o, text.as_bytes()).await {
            io.err(&format!("open failed: {o}: {}", strerror(e))).await;
            return 2;
        }
        return 0;
    }
    io.out(&text);
    io.finish(0).await
}
