//! `xargs` (simple): build command lines from standard input.

use super::util::{self, Io};
use crate::errno::Errno;

/// Splits input into arguments like xargs: blanks and newlines separate, quotes group.
fn split(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut have = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                have = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    have = true;
                }
            }
            (None, c) if c.is_whitespace() => {
                if have || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    have = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if have || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `xargs [-n MAX] [-I REPLACE] [-0] [-d DELIM] [-t] [-r] [COMMAND [ARG]...]`.
pub async fn xargs(mut io: Io) -> i32 {
    let args = io.argv.clone();
    let (mut max, mut replace, mut delim, mut trace, mut no_empty) = (None, None::<String>, None::<char>, false, false);
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') && args[i] != "-" {
        let a = args[i].clone();
        i += 1;
        let mut value = |inline: &str| -> String {
            if !inline.is_empty() {
                return inline.to_string();
            }
            i += 1;
            args.get(i - 1).cloned().unwrap_or_default()
        };
        match a.as_str() {
            "--" => break,
            "-0" | "--null" => delim = Some('\0'),
            "-t" | "--verbose" => trace = true,
            "-r" | "--no-run-if-empty" => no_empty = true,
            s if s.starts_with("-n") => max = value(&s[2..]).parse::<usize>().ok(),
            s if s.starts_with("-I") => replace = Some(value(&s[2..])),
            s if s.starts_with("-d") => delim = util::basename(&value(&s[2..])).chars().next(),
            s if s.starts_with("-L") || s.starts_with("-P") || s.starts_with("-s") => {
                value(&s[2..]);
            }
            s => {
                let c = s.chars().nth(1).unwrap_or('-');
                return io.usage(&format!("invalid option -- '{c}'"), 1).await;
            }
        }
    }
    let mut cmd: Vec<String> = args[i..].to_vec();
    if cmd.is_empty() {
        cmd.push("echo".into());
    }
    let data = io.p.read_to_end(0).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&data);
    let items: Vec<String> = match (delim, &replace) {
        (Some(d), _) => text.split(d).filter(|s| !s.is_empty()).map(|s| s.trim_end_matches('\n').to_string()).collect(),
        (None, Some(_)) => text.lines().map(|l| l.trim_start().to_string()).filter(|l| !l.is_empty()).collect(),
        (None, None) => split(&text),
    };
    let batches: Vec<Vec<String>> = if replace.is_some() {
        items.iter().map(|x| vec![x.clone()]).collect()
    } else {
        let n = max.unwrap_or(usize::MAX).max(1);
        items.chunks(n.min(items.len().max(1))).map(|c| c.to_vec()).collect()
    };
    let batches = if batches.is_empty() && !no_empty && replace.is_none() { vec![Vec::new()] } else { batches };
    let mut status = 0;
    for b in batches {
        let argv: Vec<String> = match &replace {
            Some(r) => cmd.iter().map(|a| a.replace(r.as_str(), &b[0])).collect(),
            None => cmd.iter().cloned().chain(b).collect(),
        };
        if trace {
            io.err_raw(&format!("{}\n", argv.join(" "))).await;
        }
        match util::run_child(&io.p, argv).await {
            Ok(0) => {}
            Ok(255) => {
                io.err(&format!("{}: exited with status 255; aborting", cmd[0])).await;
                return 124;
            }
            Ok(c) if c > 128 => return 125,
            Ok(_) => status = 123,
            Err(e) => {
                io.err(&format!("{}: {}", cmd[0], e.message())).await;
                return if e == Errno::ENOENT { 127 } else { 126 };
            }
        }
    }
    status
}
