//! Builtins about the process and its children: `cd`, `pwd`, `umask`, `trap`, `wait`,
//! `kill`, `jobs`, `type`, `command`.

use wharf_engine::kernel::ExitStatus;

use super::super::command::Found;
use super::super::exec::{Ctl, Fut};
use super::super::jobs::{job_line, signal_text};
use super::super::parser::KEYWORDS;
use super::super::state::Shell;
use super::vars::single_quote;
use crate::signal::{Disposition, Signal, SIGINT, SIGQUIT, SIGTERM};

/// Signal names 1 to 31, as `kill -l` lists them on x86-64 Linux.
const SIGNALS: [&str; 31] = [
    "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP",
    "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS",
];

/// Parses a signal name or number (`TERM`, `SIGTERM`, `15`); `EXIT` is 0.
pub fn parse_signal(s: &str) -> Option<Signal> {
    if let Ok(n) = s.parse::<Signal>() {
        return (0..=64).contains(&n).then_some(n);
    }
    let upper = s.to_ascii_uppercase();
    let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
    if bare == "EXIT" {
        return Some(0);
    }
    SIGNALS.iter().position(|n| *n == bare).map(|i| i as Signal + 1)
}

/// A signal's name (`TERM`), `EXIT` for 0.
pub fn signal_name(sig: Signal) -> String {
    match sig {
        0 => "EXIT".into(),
        1..=31 => SIGNALS[sig as usize - 1].into(),
        n => n.to_string(),
    }
}


pub(super) fn cd<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let operands: Vec<&String> = args[1..].iter().filter(|a| !matches!(a.as_str(), "-L" | "-P")).collect();
        let physical = args[1..].iter().any(|a| a == "-P");
        let old = sh.vars.get("PWD").map(str::to_string).unwrap_or_else(|| sh.proc.cwd());
        let (target, print) = match operands.first().map(|s| s.as_str()) {
            None => match sh.vars.get("HOME") {
                Some(h) => (h.to_string(), false),
                None => return Ok(0),
            },
            Some("") => return Ok(0),
            Some("-") => (sh.vars.get("OLDPWD").map_or_else(|| old.clone(), str::to_string), true),
            Some(d) => (d.to_string(), false),
        };
        let logical = wharf_engine::fs::path::absolute(&old, &target);
        let try_path = if physical { target.clone() } else { logical.clone() };
        if let Err(e) = sh.proc.chdir(&try_path) {
            sh.error(Some("cd"), &format!("can't cd to {target}: {e}")).await;
            return Ok(2);
        }
        let new = if physical { sh.proc.cwd() } else { logical };
        sh.assign("OLDPWD", &old).await?;
        sh.assign("PWD", &new).await?;
        sh.vars.export("OLDPWD");
        sh.vars.export("PWD");
        if print {
            sh.proc.print(&format!("{new}\n")).await;
        }
        Ok(0)
    })
}

pub(super) fn pwd<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let real = sh.proc.cwd();
        let logical = sh.vars.get("PWD").filter(|p| p.starts_with('/') && sh.proc.realpath(p).ok().as_deref() == Some(real.as_str()));
        let dir = match (args.iter().any(|a| a == "-P"), logical) {
            (false, Some(l)) => l.to_string(),
            _ => real,
        };
        sh.proc.print(&format!("{dir}\n")).await;
        Ok(0)
    })
}

fn symbolic(mask: u32) -> String {
    let perm = |bits: u32| -> String { [(4, 'r'), (2, 'w'), (1, 'x')].iter().filter(|(b, _)| bits & b != 0).map(|(_, c)| *c).collect() };
    let allowed = !mask & 0o777;
    format!("u={},g={},o={}", perm(allowed >> 6 & 7), perm(allowed >> 3 & 7), perm(allowed & 7))
}

/// Applies a symbolic mode (`u=rwx,go=rx`, `g-w`, `a+x`) to an umask.
fn apply_symbolic(mask: u32, spec: &str) -> Option<u32> {
    let mut allowed = !mask & 0o777;
    for clause in spec.split(',') {
        let op_at = clause.find(['=', '+', '-'])?;
        let (who, rest) = clause.split_at(op_at);
        let op = rest.chars().next()?;
        let mut bits = 0;
        for c in rest[1..].chars() {
            bits |= match c {
                'r' => 4,
                'w' => 2,
                'x' => 1,
                _ => return None,
            };
        }
        let who = if who.is_empty() { "a" } else { who };
        for w in who.chars() {
            let shifts: &[u32] = match w {
                'u' => &[6],
                'g' => &[3],
                'o' => &[0],
                'a' => &[6, 3, 0],
                _ => return None,
            };
            for &s in shifts {
                match op {
                    '=' => allowed = (allowed & !(7 << s)) | (bits << s),
                    '+' => allowed |= bits << s,
                    _ => allowed &= !(bits << s),
                }
            }
        }
    }
    Some(!allowed & 0o777)
}

pub(super) fn umask<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let symbolic_out = args.get(1).is_some_and(|a| a == "-S");
        let operand = args[1..].iter().find(|a| a.as_str() != "-S");
        let current = sh.proc.umask();
        let Some(mode) = operand else {
            let text = if symbolic_out { symbolic(current) } else { format!("{current:04o}") };
            sh.proc.print(&format!("{text}\n")).await;
            return Ok(0);
        };
        let new =
            if mode.chars().all(|c| c.is_ascii_digit()) { u32::from_str_radix(mode, 8).ok().filter(|m| *m <= 0o777) } else { apply_symbolic(current, mode) };
        match new {
            Some(m) => {
                sh.proc.set_umask(m);
                Ok(0)
            }
            None => {
                sh.error(Some("umask"), &format!("illegal mode: {mode}")).await;
                Ok(2)
            }
        }
    })
}

pub(super) fn trap<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        if args.len() == 1 {
            let mut out = String::new();
            for (sig, action) in &sh.traps {
                out.push_str(&format!("trap -- {} {}\n", single_quote(action), signal_name(*sig)));
            }
            sh.proc.print(&out).await;
            return Ok(0);
        }
        let (action, sigs): (Option<&str>, &[String]) = if args.len() == 2 || parse_signal(&args[1]).is_some_and(|_| args[1].parse::<u32>().is_ok()) {
            (None, &args[1..])
        } else {
            (Some(args[1].as_str()).filter(|a| *a != "-"), &args[2..])
        };
        let mut status = 0;
        for s in sigs {
            let Some(sig) = parse_signal(s) else {
                sh.error(Some("trap"), &format!("{s}: invalid signal specification")).await;
                status = 1;
                continue;
            };
            match action {
                Some(a) => {
                    sh.traps.insert(sig, a.to_string());
                }
                None => {
                    sh.traps.remove(&sig);
                }
            }
            if sig != 0 {
                sh.apply_disposition(sig);
            }
        }
        Ok(status)
    })
}

impl Shell {
    /// Tells the kernel how to treat `sig` given the trap table (and interactive defaults).
    pub fn apply_disposition(&mut self, sig: Signal) {
        let d = match self.traps.get(&sig) {
            Some(a) if a.is_empty() => Disposition::Ignore,
            Some(_) => Disposition::Catch,
            None if self.opts.interactive && matches!(sig, SIGINT | SIGTERM | SIGQUIT) => Disposition::Catch,
            None => Disposition::Default,
        };
        let _ = self.proc.set_disposition(sig, d);
    }

    /// Resolves `%N`, `%%`, `%+`, `%-` or a PID to the PIDs it names.
    fn job_pids(&self, spec: &str) -> Option<Vec<u32>> {
        match spec.strip_prefix('%') {
            Some(rest) => {
                let list = &self.jobs.list;
                let job = match rest {
                    "" | "%" | "+" => list.last(),
                    "-" => list.len().checked_sub(2).and_then(|i| list.get(i)),
                    n => n.parse::<usize>().ok().and_then(|id| list.iter().find(|j| j.id == id)),
                }?;
                Some(job.pids.clone())
            }
            None => spec.parse::<u32>().ok().map(|p| vec![p]),
        }
    }
}

pub(super) fn wait<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        if args.len() == 1 {
            let pids: Vec<u32> = sh.jobs.list.iter().flat_map(|j| j.pids.clone()).collect();
            for pid in pids {
                if let Err(sig) = sh.wait_job_pid(pid).await {
                    return Ok(128 + sig);
                }
            }
            return Ok(0);
        }
        let mut status = 0;
        for spec in &args[1..] {
            let Some(pids) = sh.job_pids(spec) else {
                sh.error(Some("wait"), &format!("{spec}: no such job")).await;
                status = if spec.starts_with('%') { 2 } else { 127 };
                continue;
            };
            for pid in pids {
                match sh.wait_job_pid(pid).await {
                    Err(sig) => return Ok(128 + sig),
                    Ok(None) => status = 127,
                    Ok(Some(st)) => {
                        status = st.code();
                        if let ExitStatus::Signaled(sig) = st {
                            if sig != SIGINT && sig != crate::signal::SIGPIPE {
                                sh.proc.eprint(&format!("{}\n", signal_text(sig))).await;
                            }
                        }
                    }
                }
            }
        }
        Ok(status)
    })
}

pub(super) fn kill<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let mut sig = SIGTERM;
        let mut i = 1;
        match args.get(1).map(String::as_str) {
            Some("-l") | Some("-L") => {
                let mut out = String::new();
                if args.len() > 2 {
                    for a in &args[2..] {
                        match a.parse::<i32>() {
                            Ok(n) => out.push_str(&format!("{}\n", signal_name(if n > 128 { n - 128 } else { n }))),
                            Err(_) => out.push_str(&format!("{}\n", parse_signal(a).unwrap_or(0))),
                        }
                    }
                } else {
                    for (n, name) in SIGNALS.iter().enumerate() {
                        out.push_str(&format!("{:2}) {name}\n", n + 1));
                    }
                }
                sh.proc.print(&out).await;
                return Ok(0);
            }
            Some("-s") | Some("-n") => {
                let name = args.get(2).map_or("", String::as_str);
                match parse_signal(name) {
                    Some(s) => sig = s,
                    None => {
                        sh.proc.eprint(&format!("sh: bad signal name '{name}'\n")).await;
                        return Ok(1);
                    }
                }
                i = 3;
            }
            Some(a) if a.starts_with('-') && a.len() > 1 && a != "--" => {
                match parse_signal(&a[1..]) {
                    Some(s) => sig = s,
                    None => {
                        sh.proc.eprint(&format!("sh: bad signal name '{}'\n", &a[1..])).await;
                        return Ok(1);
                    }
                }
                i = 2;
            }
            Some("--") => i = 2,
            _ => {}
        }
        if args.len() <= i {
            sh.proc.eprint("sh: you need to specify whom to kill\n").await;
            return Ok(1);
        }
        let mut status = 0;
        for target in &args[i..] {
            if let Some(rest) = target.strip_prefix('%') {
                let _ = rest;
                let Some(pids) = sh.job_pids(target) else {
                    sh.error(Some("kill"), &format!("{target}: no such job")).await;
                    status = 2;
                    continue;
                };
                for pid in pids {
                    let _ = sh.proc.kill(pid as i32, sig);
                }
                continue;
            }
            let Ok(pid) = target.parse::<i32>() else {
                sh.proc.eprint(&format!("sh: invalid number '{target}'\n")).await;
                status = 1;
                continue;
            };
            if let Err(e) = sh.proc.kill(pid, sig) {
                sh.proc.eprint(&format!("sh: can't kill pid {target}: {e}\n")).await;
                status = 1;
            }
        }
        // A signal to ourselves is handled before the next command.
        sh.collect_signals();
        Ok(status)
    })
}

pub(super) fn jobs<'a>(sh: &'a mut Shell, _args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        sh.reap_jobs().await;
        let mut out = String::new();
        for job in sh.jobs.list.iter().rev() {
            out.push_str(&job_line(job, sh.jobs.mark(job.id)));
        }
        sh.jobs.list.retain(|j| !j.done());
        sh.proc.print(&out).await;
        Ok(0)
    })
}

/// What `type` says about a name, and whether it was found.
fn describe(sh: &Shell, name: &str) -> (String, bool) {
    if KEYWORDS.contains(&name) {
        return (format!("{name} is a shell keyword"), true);
    }
    match sh.lookup(name, true) {
        Found::Special(_) => (format!("{name} is a special shell builtin"), true),
        Found::Function(_) => (format!("{name} is a function"), true),
        Found::Builtin(_) => (format!("{name} is a shell builtin"), true),
        Found::Path(p) if name.contains('/') && sh.proc.stat(&p).is_err() => (format!("{name}: not found"), false),
        Found::Path(p) => (format!("{name} is {p}"), true),
        Found::Missing(_) => (format!("{name}: not found"), false),
    }
}

pub(super) fn type_<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let mut status = 0;
        let mut out = String::new();
        for name in args[1..].iter().filter(|a| !a.starts_with('-')) {
            let (text, found) = describe(sh, name);
            out.push_str(&text);
            out.push('\n');
            if !found {
                status = 127;
            }
        }
        sh.proc.print(&out).await;
        Ok(status)
    })
}

pub(super) fn command<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let mut i = 1;
        let (mut brief, mut verbose) = (false, false);
        while let Some(a) = args.get(i).filter(|a| a.starts_with('-') && a.len() > 1) {
            match a.as_str() {
                "-v" => brief = true,
                "-V" => verbose = true,
                "-p" => {}
                "--" => {
                    i += 1;
                    break;
                }
                _ => break,
            }
            i += 1;
        }
        let Some(name) = args.get(i) else { return Ok(0) };
        if brief || verbose {
            let (text, found) = describe(sh, name);
            if !found {
                return Ok(127);
            }
            let line = if verbose {
                text
            } else {
                match sh.lookup(name, true) {
                    Found::Path(p) => p,
                    _ => name.clone(),
                }
            };
            sh.proc.print(&format!("{line}\n")).await;
            return Ok(0);
        }
        let argv = &args[i..];
        match sh.lookup(name, false) {
            Found::Special(b) | Found::Builtin(b) => b(sh, argv).await,
            Found::Path(p) => {
                sh.run_external(&p, argv, false).await?;
                Ok(sh.status)
            }
            Found::Function(_) | Found::Missing(_) => {
                sh.error(None, &format!("{name}: not found")).await;
                Ok(127)
            }
        }
    })
}
