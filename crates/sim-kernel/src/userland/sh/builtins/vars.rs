//! Builtins about variables and parameters: `export`, `readonly`, `unset`, `set`, `shift`,
//! `local`, `read`, `getopts`.

use super::super::exec::{Ctl, Fut};
use super::super::lexer::is_name;
use super::super::state::{Options, Shell};
use super::number;
use crate::errno::Errno;

/// ash's `'value'` quoting for `set` and `export -p`.
pub fn single_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\"'\"'"))
}

async fn bad_name(sh: &mut Shell, builtin: &str, name: &str) -> Ctl {
    sh.error(Some(builtin), &format!("{name}: bad variable name")).await;
    Ctl::Error(2)
}

async fn export_like(sh: &mut Shell, args: &[String], readonly: bool) -> Result<i32, Ctl> {
    let builtin = if readonly { "readonly" } else { "export" };
    let names: Vec<&String> = args[1..].iter().filter(|a| a.as_str() != "-p").collect();
    if names.is_empty() {
        let mut out = String::new();
        for (k, v) in sh.vars.iter() {
            if (readonly && v.readonly) || (!readonly && v.exported) {
                match &v.value {
                    Some(val) => out.push_str(&format!("{builtin} {k}={}\n", single_quote(val))),
                    None => out.push_str(&format!("{builtin} {k}\n")),
                }
            }
        }
        sh.proc.print(&out).await;
        return Ok(0);
    }
    for a in names {
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (a.as_str(), None),
        };
        if !is_name(name) {
            return Err(bad_name(sh, builtin, name).await);
        }
        if let Some(v) = value {
            if let Err(e) = sh.set_var(name, v) {
                sh.error(Some(builtin), &format!("{}: is read only", e.0)).await;
                return Err(Ctl::Error(2));
            }
        }
        if readonly {
            sh.vars.make_readonly(name);
        } else {
            sh.vars.export(name);
        }
    }
    Ok(0)
}

pub(super) fn export<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(export_like(sh, args, false))
}

pub(super) fn readonly<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(export_like(sh, args, true))
}

pub(super) fn unset<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let mut functions = false;
        let mut rest = &args[1..];
        while let Some(flag) = rest.first().filter(|a| a.starts_with('-') && a.len() > 1) {
            functions = flag.contains('f');
            rest = &rest[1..];
        }
        for name in rest {
            if functions {
                sh.funcs.remove(name);
                continue;
            }
            if let Err(e) = sh.vars.unset(name) {
                sh.error(Some("unset"), &format!("{}: is read only", e.0)).await;
                return Err(Ctl::Error(2));
            }
        }
        Ok(0)
    })
}

pub(super) fn set<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        if args.len() == 1 {
            let mut out = String::new();
            for (k, v) in sh.vars.iter() {
                if let Some(val) = &v.value {
                    out.push_str(&format!("{k}={}\n", single_quote(val)));
                }
            }
            sh.proc.print(&out).await;
            return Ok(0);
        }
        let mut i = 1;
        while let Some(a) = args.get(i) {
            if a == "--" {
                sh.params = args[i + 1..].to_vec();
                return Ok(0);
            }
            let on = a.starts_with('-');
            if !(on || a.starts_with('+')) || a.len() < 2 {
                if a == "-" {
                    sh.opts.xtrace = false;
                    sh.opts.verbose = false;
                    i += 1;
                    continue;
                }
                break;
            }
            if &a[1..] == "o" {
                match args.get(i + 1) {
                    Some(name) => {
                        let letter = Options::NAMES.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
                        match letter {
                            Some(' ') => {}
                            Some(c) => {
                                sh.opts.set_letter(c, on);
                            }
                            None => {
                                sh.error(Some("set"), &format!("illegal option -o {name}")).await;
                                return Err(Ctl::Error(2));
                            }
                        }
                        i += 2;
                    }
                    None => {
                        let mut out = String::new();
                        for (name, _) in Options::NAMES {
                            let is_on = sh.opts.get_named(name).unwrap_or(false);
                            if on {
                                out.push_str(&format!("{name:<16}{}\n", if is_on { "on" } else { "off" }));
                            } else {
                                out.push_str(&format!("set {}o {name}\n", if is_on { '-' } else { '+' }));
                            }
                        }
                        sh.proc.print(&out).await;
                        return Ok(0);
                    }
                }
                continue;
            }
            for c in a[1..].chars() {
                if c == 'p' || !sh.opts.set_letter(c, on) {
                    sh.error(Some("set"), &format!("illegal option {}{c}", if on { '-' } else { '+' })).await;
                    return Err(Ctl::Error(2));
                }
            }
            i += 1;
        }
        if i < args.len() {
            sh.params = args[i..].to_vec();
        }
        Ok(0)
    })
}

pub(super) fn shift<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let n = match args.get(1) {
            Some(a) => number(sh, "shift", a).await? as usize,
            None => 1,
        };
        if n > sh.params.len() {
            return Ok(1);
        }
        sh.params.drain(..n);
        Ok(0)
    })
}

pub(super) fn local<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        if sh.func_depth == 0 || sh.locals.is_empty() {
            sh.error(Some("local"), "not in a function").await;
            return Err(Ctl::Error(2));
        }
        for a in &args[1..] {
            let (name, value) = match a.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (a.as_str(), None),
            };
            if !is_name(name) {
                return Err(bad_name(sh, "local", name).await);
            }
            let old = sh.vars.var(name).cloned();
            if let Some(frame) = sh.locals.last_mut() {
                if !frame.iter().any(|(n, _)| n == name) {
                    frame.push((name.to_string(), old));
                }
            }
            if let Some(v) = value {
                sh.assign(name, v).await?;
            }
        }
        Ok(0)
    })
}

/// Reads one line from standard input without reading past it (byte by byte unless it is a
/// terminal, which hands out whole lines). `None` at end of input with nothing read.
async fn read_line(sh: &mut Shell) -> Result<(Option<String>, bool), Errno> {
    let mut line = Vec::new();
    let tty = sh.proc.isatty(0);
    let mut buf = vec![0u8; if tty { 4096 } else { 1 }];
    loop {
        let n = match sh.proc.read(0, &mut buf).await {
            Ok(n) => n,
            Err(Errno::EINTR) => {
                sh.collect_signals();
                if sh.pending.iter().any(|s| sh.traps.get(s).is_some_and(|a| !a.is_empty())) {
                    return Err(Errno::EINTR);
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(((!line.is_empty()).then(|| String::from_utf8_lossy(&line).into_owned()), false));
        }
        line.extend_from_slice(&buf[..n]);
        if line.last() == Some(&b'\n') {
            line.pop();
            return Ok((Some(String::from_utf8_lossy(&line).into_owned()), true));
        }
    }
}

pub(super) fn read<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let mut raw = false;
        let mut i = 1;
        let mut prompt = None;
        while let Some(a) = args.get(i).filter(|a| a.starts_with('-') && a.len() > 1) {
            match a.as_str() {
                "-r" => raw = true,
                "-p" => {
                    prompt = args.get(i + 1).cloned();
                    i += 1;
                }
                "-s" => {}
                "--" => {
                    i += 1;
                    break;
                }
                _ => {
                    sh.error(Some("read"), &format!("illegal option {a}")).await;
                    return Ok(2);
                }
            }
            i += 1;
        }
        let names: Vec<String> = if args.len() > i { args[i..].to_vec() } else { vec!["REPLY".into()] };
        if let Some(p) = prompt.filter(|_| sh.proc.isatty(0)) {
            sh.proc.eprint(&p).await;
        }
        // Unescaped text, with each character marked if a backslash protected it.
        let mut chars: Vec<(char, bool)> = Vec::new();
        let mut status = 0;
        loop {
            let (line, complete) = match read_line(sh).await {
                Ok(l) => l,
                Err(Errno::EINTR) => return Ok(128 + sh.pending.iter().next().copied().unwrap_or(0)),
                Err(_) => (None, false),
            };
            let Some(line) = line else {
                status = 1;
                break;
            };
            if !complete {
                status = 1;
            }
            let mut it = line.chars().peekable();
            let mut continued = false;
            while let Some(c) = it.next() {
                if c == '\\' && !raw {
                    match it.next() {
                        Some(n) => chars.push((n, true)),
                        None => continued = complete,
                    }
                } else {
                    chars.push((c, false));
                }
            }
            if !continued {
                break;
            }
        }
        let ifs = sh.vars.get("IFS").unwrap_or(" \t\n").to_string();
        let is_ifs = |c: &(char, bool)| !c.1 && ifs.contains(c.0);
        let is_ws = |c: &(char, bool)| is_ifs(c) && c.0.is_whitespace();
        let mut pos = 0;
        while pos < chars.len() && is_ws(&chars[pos]) {
            pos += 1;
        }
        for (n, name) in names.iter().enumerate() {
            let value: String = if n + 1 == names.len() {
                let mut end = chars.len();
                while end > pos && is_ws(&chars[end - 1]) {
                    end -= 1;
                }
                chars[pos..end].iter().map(|c| c.0).collect()
            } else {
                let start = pos;
                while pos < chars.len() && !is_ifs(&chars[pos]) {
                    pos += 1;
                }
                let v: String = chars[start..pos].iter().map(|c| c.0).collect();
                while pos < chars.len() && is_ws(&chars[pos]) {
                    pos += 1;
                }
                if pos < chars.len() && is_ifs(&chars[pos]) {
                    pos += 1;
                    while pos < chars.len() && is_ws(&chars[pos]) {
                        pos += 1;
                    }
                }
                v
            };
            if !is_name(name) {
                return Err(bad_name(sh, "read", name).await);
            }
            sh.assign(name, &value).await?;
        }
        Ok(status)
    })
}

pub(super) fn getopts<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let (Some(spec), Some(var)) = (args.get(1), args.get(2)) else {
            sh.error(Some("getopts"), "usage: getopts optstring var [arg...]").await;
            return Ok(2);
        };
        let list: Vec<String> = if args.len() > 3 { args[3..].to_vec() } else { sh.params.clone() };
        let optind: usize = sh.vars.get("OPTIND").and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
        let sub: usize = sh.getopts_pos;
        let silent = spec.starts_with(':');
        let Some(arg) = list.get(optind - 1).filter(|a| a.starts_with('-') && a.len() > 1 && a.as_str() != "--") else {
            if list.get(optind - 1).is_some_and(|a| a == "--") {
                sh.assign("OPTIND", &(optind + 1).to_string()).await?;
            }
            sh.getopts_pos = 0;
            sh.assign(var, "?").await?;
            return Ok(1);
        };
        let chars: Vec<char> = arg.chars().collect();
        let idx = if sub == 0 { 1 } else { sub };
        let c = chars.get(idx).copied().unwrap_or('?');
        let mut next_optind = optind;
        let mut next_sub = idx + 1;
        if next_sub >= chars.len() {
            next_optind += 1;
            next_sub = 0;
        }
        let pos = spec.trim_start_matches(':').find(c);
        let takes_arg = pos.is_some_and(|p| spec.trim_start_matches(':')[p + c.len_utf8()..].starts_with(':'));
        let mut result = c.to_string();
        let _ = sh.vars.unset("OPTARG");
        if pos.is_none() || c == ':' {
            if silent {
                sh.assign("OPTARG", &c.to_string()).await?;
            } else {
                sh.proc.eprint(&format!("Illegal option -{c}\n")).await;
            }
            result = "?".into();
        } else if takes_arg {
            let optarg = if next_sub != 0 {
                let s: String = chars[next_sub..].iter().collect();
                next_optind += 1;
                next_sub = 0;
                Some(s)
            } else {
                let v = list.get(next_optind - 1).cloned();
                if v.is_some() {
                    next_optind += 1;
                }
                v
            };
            match optarg {
                Some(v) => sh.assign("OPTARG", &v).await?,
                None if silent => {
                    sh.assign("OPTARG", &c.to_string()).await?;
                    result = ":".into();
                }
                None => {
                    sh.proc.eprint(&format!("No arg for -{c} option\n")).await;
                    result = "?".into();
                }
            }
        }
        sh.getopts_pos = next_sub;
        sh.assign("OPTIND", &next_optind.to_string()).await?;
        sh.assign(var, &result).await?;
        Ok(0)
    })
}
