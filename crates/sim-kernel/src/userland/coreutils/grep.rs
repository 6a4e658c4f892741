//! `grep` (GNU grep 3.8): basic, extended and fixed patterns, and the usual output modes.

use regex_lite::Regex;
use wharf_engine::fs::FileKind;

use super::args::{HasArg, Spec};
use super::regex::{compile, Dialect};
use super::util::{join, strerror, Io};

struct Opts {
    invert: bool,
    number: bool,
    count: bool,
    list: bool,
    list_missing: bool,
    quiet: bool,
    silent: bool,
    only: bool,
    names: bool,
    max: Option<u64>,
}

/// Searches one input; returns whether something matched.
async fn search(io: &mut Io, res: &[Regex], data: &[u8], name: &str, o: &Opts) -> bool {
    let binary = data.contains(&0);
    let text = String::from_utf8_lossy(data);
    let mut count = 0u64;
    let body = text.strip_suffix('\n').unwrap_or(&text);
    let prefix = if o.names { format!("{name}:") } else { String::new() };
    for (n, line) in body.split('\n').enumerate() {
        if data.is_empty() {
            break;
        }
        if o.max.is_some_and(|m| count >= m) {
            break;
        }
        let hit = res.iter().any(|r| r.is_match(line));
        if hit == o.invert {
            continue;
        }
        count += 1;
        if o.quiet || o.list || o.list_missing || o.count {
            if o.quiet || o.list || o.list_missing {
                break;
            }
            continue;
        }
        if binary {
            break;
        }
        let num = if o.number { format!("{}:", n + 1) } else { String::new() };
        if o.only && !o.invert {
            for r in res {
                for m in r.find_iter(line).filter(|m| !m.as_str().is_empty()) {
                    io.out(&format!("{prefix}{num}{}\n", m.as_str()));
                }
            }
        } else {
            io.out(&format!("{prefix}{num}{line}\n"));
        }
        if n % 64 == 0 && !io.tick().await {
            return count > 0;
        }
    }
    if o.count {
        io.out(&format!("{prefix}{count}\n"));
    } else if (o.list && count > 0) || (o.list_missing && count == 0) {
        io.out(&format!("{name}\n"));
    } else if binary && count > 0 && !o.quiet && !o.list {
        io.err(&format!("{name}: binary file matches")).await;
    }
    count > 0
}

/// Every regular file below `path`, sorted, for `-r`.
fn files_below(io: &Io, path: &str, out: &mut Vec<String>) {
    match io.p.lstat(path) {
        Ok(st) if st.kind == FileKind::Dir => {
            for e in io.p.read_dir(path).unwrap_or_default() {
                files_below(io, &join(path, &e.name), out);
            }
        }
        Ok(st) if st.kind == FileKind::File => out.push(path.to_string()),
        Ok(_) => {}
        Err(_) => out.push(path.to_string()),
    }
}

/// `grep [OPTION]... PATTERNS [FILE]...`.
pub async fn grep(mut io: Io) -> i32 {
    let spec = Spec {
        short: "EFGivnclLqsrRwxhHoe:f:m:ZaIA:B:C:",
        long: &[
            ("extended-regexp", HasArg::No, 'E'),
            ("fixed-strings", HasArg::No, 'F'),
            ("basic-regexp", HasArg::No, 'G'),
            ("ignore-case", HasArg::No, 'i'),
            ("invert-match", HasArg::No, 'v'),
            ("line-number", HasArg::No, 'n'),
            ("count", HasArg::No, 'c'),
            ("files-with-matches", HasArg::No, 'l'),
            ("files-without-match", HasArg::No, 'L'),
            ("quiet", HasArg::No, 'q'),
            ("silent", HasArg::No, 'q'),
            ("no-messages", HasArg::No, 's'),
            ("recursive", HasArg::No, 'r'),
            ("word-regexp", HasArg::No, 'w'),
            ("line-regexp", HasArg::No, 'x'),
            ("no-filename", HasArg::No, 'h'),
            ("with-filename", HasArg::No, 'H'),
            ("only-matching", HasArg::No, 'o'),
            ("regexp", HasArg::Required, 'e'),
            ("file", HasArg::Required, 'f'),
            ("max-count", HasArg::Required, 'm'),
            ("color", HasArg::Optional, 'K'),
            ("colour", HasArg::Optional, 'K'),
        ],
        stop_at_operand: false,
    };
    let usage = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
    let a = match super::args::parse(&spec, &io.argv) {
        Ok(a) => a,
        Err(e) => {
            if matches!(e, super::args::ArgError::Invalid(_)) {
                io.err_raw(usage).await;
            } else {
                io.err(&e.message()).await;
                io.err_raw(usage).await;
            }
            return 2;
        }
    };
    if io.argv.iter().any(|x| x == "--help") {
        io.out("Usage: grep [OPTION]... PATTERNS [FILE]...\nSearch for PATTERNS in each FILE.\n");
        return io.finish(0).await;
    }
    let mut ops = a.operands.clone();
    let mut patterns: Vec<String> = a.opts.iter().filter(|(c, _)| *c == 'e').filter_map(|(_, v)| v.clone()).flat_map(|p| p.split('\n').map(str::to_string).collect::<Vec<_>>()).collect();
    for (_, f) in a.opts.iter().filter(|(c, _)| *c == 'f') {
        let f = f.clone().unwrap_or_default();
        match io.read_input(&f).await {
            Ok(d) => patterns.extend(String::from_utf8_lossy(&d).lines().map(str::to_string)),
            Err(e) => {
                io.err(&format!("{f}: {}", strerror(e))).await;
                return 2;
            }
        }
    }
    if !a.has('e') && !a.has('f') {
        if ops.is_empty() {
            io.err_raw(usage).await;
            return 2;
        }
        patterns.extend(ops.remove(0).split('\n').map(str::to_string));
    }
    let dialect = a.opts.iter().rev().find_map(|(c, _)| match c {
        'E' => Some(Dialect::Extended),
        'F' => Some(Dialect::Fixed),
        'G' => Some(Dialect::Basic),
        _ => None,
    });
    let dialect = dialect.unwrap_or(if super::util::basename(&io.prog) == "egrep" { Dialect::Extended } else { Dialect::Basic });
    let mut res = Vec::new();
    for p in &patterns {
        match compile(p, dialect, a.has('i'), a.has('w'), a.has('x')) {
            Ok(r) => res.push(r),
            Err(msg) => {
                io.err(&msg).await;
                return 2;
            }
        }
    }
    let recursive = a.has('r') || a.has('R');
    let mut files = Vec::new();
    if ops.is_empty() {
        if recursive {
            let mut found = Vec::new();
            files_below(&io, ".", &mut found);
            files.extend(found.into_iter().map(|f| f.strip_prefix("./").unwrap_or(&f).to_string()));
        } else {
            files.push("-".to_string());
        }
    } else {
        for op in &ops {
            if recursive && io.p.stat(op).is_ok_and(|s| s.kind == FileKind::Dir) {
                files_below(&io, op, &mut files);
            } else {
                files.push(op.clone());
            }
        }
    }
    let names = if a.has('h') { false } else { a.has('H') || files.len() > 1 || recursive };
    let max = a.value('m').and_then(|m| m.parse().ok());
    let o = Opts {
        invert: a.has('v'),
        number: a.has('n'),
        count: a.has('c'),
        list: a.has('l'),
        list_missing: a.has('L'),
        quiet: a.has('q'),
        silent: a.has('s'),
        only: a.has('o'),
        names,
        max,
    };
    let mut matched = false;
    let mut error = false;
    for f in &files {
        let shown = if f == "-" { "(standard input)" } else { f.as_str() };
        match io.read_input(f).await {
            Ok(data) => {
                if search(&mut io, &res, &data, shown, &o).await {
                    matched = true;
                    if o.quiet {
                        return io.finish(0).await;
                    }
                }
            }
            Err(e) => {
                if !o.silent {
                    io.err(&format!("{f}: {}", strerror(e))).await;
                }
                error = true;
            }
        }
        if !io.tick().await {
            return 2;
        }
    }
    let code = if error && !(o.quiet && matched) { 2 } else if matched { 0 } else { 1 };
    io.finish(code).await
}
