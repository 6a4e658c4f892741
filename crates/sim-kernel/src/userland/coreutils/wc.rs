//! `wc`: newline, word, character and byte counts, with GNU's column widths.

use super::args::{HasArg, Spec};
use super::util::{strerror, Io};

#[derive(Default, Clone, Copy)]
struct Counts {
    lines: u64,
    words: u64,
    chars: u64,
    bytes: u64,
    max_line: u64,
}

fn count(data: &[u8]) -> Counts {
    let mut c = Counts { bytes: data.len() as u64, ..Counts::default() };
    let mut in_word = false;
    let mut line_len = 0u64;
    for &b in data {
        if b & 0xc0 != 0x80 {
            c.chars += 1;
        }
        match b {
            b'\n' => {
                c.lines += 1;
                c.max_line = c.max_line.max(line_len);
                line_len = 0;
                in_word = false;
            }
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                in_word = false;
                line_len += if b == b'\t' { 8 - line_len % 8 } else { 1 };
            }
            _ => {
                if !in_word {
                    c.words += 1;
                }
                in_word = true;
                if b & 0xc0 != 0x80 {
                    line_len += 1;
                }
            }
        }
    }
    c.max_line = c.max_line.max(line_len);
    c
}

/// `wc [-clmwL] [FILE]...`.
pub async fn wc(mut io: Io) -> i32 {
    let spec = Spec {
        short: "clmwL",
        long: &[("bytes", HasArg::No, 'c'), ("lines", HasArg::No, 'l'), ("chars", HasArg::No, 'm'), ("words", HasArg::No, 'w'), ("max-line-length", HasArg::No, 'L')],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [FILE]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let mut show = [a.has('l'), a.has('w'), a.has('m'), a.has('c'), a.has('L')];
    if !show.iter().any(|&s| s) {
        show = [true, true, false, true, false];
    }
    let files = if a.operands.is_empty() { vec!["-".to_string()] } else { a.operands.clone() };
    let mut results = Vec::new();
    let mut status = 0;
    let mut all_regular = true;
    let mut size_sum = 0u64;
    for f in &files {
        if f == "-" {
            all_regular = false;
        } else if let Ok(st) = io.p.stat(f) {
            size_sum += st.size;
            all_regular &= st.kind == wharf_engine::fs::FileKind::File;
        }
        match io.read_input(f).await {
            Ok(data) => results.push((Some(count(&data)), f.clone())),
            Err(e) => {
                io.err(&format!("{f}: {}", strerror(e))).await;
                results.push((None, f.clone()));
                status = 1;
            }
        }
        let _ = io.p.checkpoint().await;
    }
    let mut total = Counts::default();
    for c in results.iter().filter_map(|r| r.0) {
        total.lines += c.lines;
        total.words += c.words;
        total.chars += c.chars;
        total.bytes += c.bytes;
        total.max_line = total.max_line.max(c.max_line);
    }
    let shown = show.iter().filter(|&&s| s).count();
    let width = if shown == 1 && files.len() == 1 {
        1
    } else {
        let w = size_sum.max(total.bytes).to_string().len();
        if all_regular { w } else { w.max(7) }
    };
    let fmt = |c: &Counts| -> String {
        let vals = [c.lines, c.words, c.chars, c.bytes, c.max_line];
        let cols: Vec<String> = vals.iter().zip(show).filter(|(_, s)| *s).map(|(v, _)| format!("{v:>width$}")).collect();
        cols.join(" ")
    };
    for (c, name) in &results {
        if let Some(c) = c {
            let line = if name == "-" && a.operands.is_empty() { format!("{}\n", fmt(c)) } else { format!("{} {name}\n", fmt(c)) };
            io.out(&line);
        }
    }
    if files.len() > 1 {
        io.out(&format!("{} total\n", fmt(&total)));
    }
    io.finish(status).await
}
