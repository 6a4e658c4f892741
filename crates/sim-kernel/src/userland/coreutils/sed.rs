//! `sed` (GNU sed 4.9): addresses (`N`, `$`, `/re/`, ranges, `!`), the commands `s`, `p`,
//! `d`, `q`, `Q`, `=`, `a`, `i`, `c`, `y`, `n`, and the options `-n`, `-e`, `-E`, `-i`, `-s`.

use regex_lite::Regex;

use super::args::{HasArg, Spec};
use super::regex::Dialect;
use super::sedscript::{Addr, Cmd, Kind, Parser, Part};
use super::util::{strerror, Io};

fn matches(a: &Addr, n: usize, last: bool, line: &str) -> bool {
    match a {
        Addr::Line(k) => *k == n,
        Addr::Last => last,
        Addr::Re(r) => r.is_match(line),
    }
}

fn selected(c: &mut Cmd, n: usize, last: bool, line: &str) -> bool {
    let hit = match (&c.a1, &c.a2) {
        (None, _) => true,
        (Some(a), None) => matches(a, n, last, line),
        (Some(a), Some(b)) => {
            if c.active {
                let end = match b {
                    Addr::Line(k) => n >= *k,
                    other => matches(other, n, last, line),
                };
                if end {
                    c.active = false;
                }
                true
            } else if matches(a, n, last, line) {
                c.active = !matches!(b, Addr::Line(k) if *k <= n);
                true
            } else {
                false
            }
        }
    };
    hit != c.negate
}

fn substitute(re: &Regex, repl: &[Part], global: bool, nth: usize, line: &str) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut count = 0;
    let mut changed = false;
    for caps in re.captures_iter(line) {
        let Some(m) = caps.get(0) else { continue };
        count += 1;
        if count < nth {
            continue;
        }
        out.push_str(&line[last..m.start()]);
        for p in repl {
            match p {
                Part::Lit(s) => out.push_str(s),
                Part::Group(g) => out.push_str(caps.get(*g).map_or("", |x| x.as_str())),
            }
        }
        last = m.end();
        changed = true;
        if !global {
            break;
        }
    }
    changed.then(|| {
        out.push_str(&line[last..]);
        out
    })
}

/// Runs the script over `lines`; returns the output and the exit code a `q` asked for.
async fn execute(io: &mut Io, cmds: &mut [Cmd], lines: &[String], quiet: bool) -> (String, Option<i32>) {
    let mut out = String::new();
    let mut n = 0;
    while n < lines.len() {
        let mut line = lines[n].clone();
        n += 1;
        let mut deleted = false;
        let mut after = String::new();
        let mut quit = None;
        let mut k = 0;
        while k < cmds.len() {
            let last = n == lines.len();
            if !selected(&mut cmds[k], n, last, &line) {
                k += 1;
                continue;
            }
            match &cmds[k].kind {
                Kind::Subst { re, repl, global, nth, print } => {
                    if let Some(new) = substitute(re, repl, *global, *nth, &line) {
                        line = new;
                        if *print {
                            out.push_str(&format!("{line}\n"));
                        }
                    }
                }
                Kind::Print => out.push_str(&format!("{line}\n")),
                Kind::Delete => {
                    deleted = true;
                    break;
                }
                Kind::Next => {
                    if !quiet {
                        out.push_str(&format!("{line}\n"));
                    }
                    if n >= lines.len() {
                        deleted = true;
                        break;
                    }
                    line = lines[n].clone();
                    n += 1;
                }
                Kind::LineNo => out.push_str(&format!("{n}\n")),
                Kind::Text('a', t) => after.push_str(&format!("{t}\n")),
                Kind::Text('i', t) => out.push_str(&format!("{t}\n")),
                Kind::Text(_, t) => {
                    out.push_str(&format!("{t}\n"));
                    deleted = true;
                    break;
                }
                Kind::Translit(map) => line = line.chars().map(|c| map.iter().find(|(f, _)| *f == c).map_or(c, |(_, t)| *t)).collect(),
                Kind::Quit(code, print) => {
                    quit = Some(*code);
                    deleted = !print;
                    break;
                }
            }
            k += 1;
        }
        if !deleted && !quiet {
            out.push_str(&format!("{line}\n"));
        }
        out.push_str(&after);
        if quit.is_some() {
            return (out, quit);
        }
        let _ = io.p.checkpoint().await;
    }
    (out, None)
}

/// `sed [-n] [-E] [-i[SUFFIX]] [-s] {SCRIPT | -e SCRIPT...} [FILE]...`.
pub async fn sed(mut io: Io) -> i32 {
    let spec = Spec {
        short: "nrEe:f:i::sz",
        long: &[
            ("quiet", HasArg::No, 'n'),
            ("silent", HasArg::No, 'n'),
            ("regexp-extended", HasArg::No, 'E'),
            ("expression", HasArg::Required, 'e'),
            ("file", HasArg::Required, 'f'),
            ("in-place", HasArg::Optional, 'i'),
            ("separate", HasArg::No, 's'),
        ],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... {script-only-if-no-other-script} [input-file]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let mut ops = a.operands.clone();
    let mut scripts: Vec<String> = a.opts.iter().filter(|(c, _)| *c == 'e').filter_map(|(_, v)| v.clone()).collect();
    for (_, f) in a.opts.iter().filter(|(c, _)| *c == 'f') {
        match io.read_input(f.as_deref().unwrap_or("-")).await {
            Ok(d) => scripts.push(String::from_utf8_lossy(&d).into_owned()),
            Err(e) => {
                io.err(&format!("couldn't open file {}: {}", f.as_deref().unwrap_or(""), strerror(e))).await;
                return 1;
            }
        }
    }
    if scripts.is_empty() {
        if ops.is_empty() {
            io.err_raw("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n  -n, --quiet, --silent\n                 suppress automatic printing of pattern space\n").await;
            return 1;
        }
        scripts.push(ops.remove(0));
    }
    let dialect = if a.has('E') || a.has('r') { Dialect::Extended } else { Dialect::Basic };
    let mut cmds = Vec::new();
    for (k, s) in scripts.iter().enumerate() {
        let mut p = Parser::new(s, k + 1, dialect);
        loop {
            match p.command() {
                Ok(Some(c)) => cmds.push(c),
                Ok(None) => break,
                Err(msg) => {
                    io.err(&msg).await;
                    return 1;
                }
            }
        }
    }
    let quiet = a.has('n');
    let files = if ops.is_empty() { vec!["-".to_string()] } else { ops };
    let in_place = a.opts.iter().find(|(c, _)| *c == 'i').map(|(_, v)| v.clone().unwrap_or_default());
    let mut status = 0;
    let mut inputs: Vec<(String, Vec<String>)> = Vec::new();
    for f in &files {
        match io.read_input(f).await {
            Ok(d) => inputs.push((f.clone(), String::from_utf8_lossy(&d).lines().map(str::to_string).collect())),
            Err(e) => {
                io.err(&format!("can't read {f}: {}", strerror(e))).await;
                status = 2;
            }
        }
    }
    if in_place.is_some() || a.has('s') {
        for (f, lines) in inputs {
            for c in cmds.iter_mut() {
                c.active = false;
            }
            let (out, quit) = execute(&mut io, &mut cmds, &lines, quiet).await;
            match &in_place {
                Some(suffix) => {
                    if !suffix.is_empty() {
                        let _ = io.p.write_file(&format!("{f}{suffix}"), (lines.join("\n") + "\n").as_bytes()).await;
                    }
                    if let Err(e) = io.p.write_file(&f, out.as_bytes()).await {
                        io.err(&format!("couldn't open temporary file {f}: {}", strerror(e))).await;
                        status = 4;
                    }
                }
                None => io.out(&out),
            }
            if let Some(q) = quit {
                return io.finish(q).await;
            }
        }
        return io.finish(status).await;
    }
    let all: Vec<String> = inputs.into_iter().flat_map(|(_, l)| l).collect();
    let (out, quit) = execute(&mut io, &mut cmds, &all, quiet).await;
    io.out(&out);
    io.finish(quit.unwrap_or(status)).await
}
