//! Builtin commands: the table, and the ones that steer execution (`exit`, `return`,
//! `break`, `eval`, `.`, `exec`).
//!
//! POSIX's special builtins are found before functions, keep their prefix assignments and
//! make redirection errors fatal; the others behave like programs that happen to run inside
//! the shell. `echo`, `printf`, `test` and `kill` are busybox applets in ash, so their
//! errors read `sh: message` without the builtin's name.

mod io;
mod procs;
mod test;
mod vars;

use super::exec::{Ctl, Fut};
use super::state::Shell;

/// A builtin: gets `argv` (with its own name first), returns its exit status.
pub type Builtin = for<'a> fn(&'a mut Shell, &'a [String]) -> Fut<'a, Result<i32, Ctl>>;

/// The special builtins.
pub fn special(name: &str) -> Option<Builtin> {
    Some(match name {
        ":" => colon,
        "." | "source" => dot,
        "break" => break_,
        "continue" => continue_,
        "eval" => eval,
        "exec" => exec,
        "exit" => exit,
        "export" => vars::export,
        "readonly" => vars::readonly,
        "return" => return_,
        "set" => vars::set,
        "shift" => vars::shift,
        "trap" => procs::trap,
        "unset" => vars::unset,
        _ => return None,
    })
}

/// The regular builtins.
pub fn regular(name: &str) -> Option<Builtin> {
    Some(match name {
        "true" => colon,
        "false" => false_,
        "cd" | "chdir" => procs::cd,
        "pwd" => procs::pwd,
        "echo" => io::echo,
        "printf" => io::printf,
        "test" | "[" | "[[" => test::test,
        "let" => let_,
        "read" => vars::read,
        "local" => vars::local,
        "getopts" => vars::getopts,
        "type" => procs::type_,
        "command" => procs::command,
        "umask" => procs::umask,
        "wait" => procs::wait,
        "kill" => procs::kill,
        "jobs" => procs::jobs,
        _ => return None,
    })
}

/// Every builtin's name, for the terminal's Tab completion.
pub const NAMES: &[&str] = &[
    ":", ".", "source", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set", "shift", "trap",
    "unset", "true", "false", "cd", "chdir", "pwd", "echo", "printf", "test", "[", "[[", "let", "read", "local", "getopts",
    "type", "command", "umask", "wait", "kill", "jobs",
];

/// Parses a decimal argument as ash does (`Illegal number: x`).
pub(crate) async fn number(sh: &mut Shell, builtin: &str, s: &str) -> Result<i64, Ctl> {
    match s.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        _ => {
            sh.error(Some(builtin), &format!("Illegal number: {s}")).await;
            Err(Ctl::Error(2))
        }
    }
}

/// bash's `let expr...`, which ash has: status 0 if the last value is not zero.
fn let_<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let mut last = 0;
        for expr in &args[1..] {
            match super::arith::eval(expr, sh) {
                Ok(v) => last = v,
                Err(e) => {
                    sh.error(Some("let"), &e.0).await;
                    return Ok(2);
                }
            }
        }
        Ok(if last == 0 { 1 } else { 0 })
    })
}

fn colon<'a>(_: &'a mut Shell, _: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async { Ok(0) })
}

fn false_<'a>(_: &'a mut Shell, _: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async { Ok(1) })
}

fn exit<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        if let Some(a) = args.get(1) {
            sh.status = (number(sh, "exit", a).await? & 0xff) as i32;
        }
        Err(Ctl::Exit)
    })
}

fn return_<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        if let Some(a) = args.get(1) {
            sh.status = (number(sh, "return", a).await? & 0xff) as i32;
        }
        Err(Ctl::Return)
    })
}

async fn loop_jump(sh: &mut Shell, args: &[String], brk: bool) -> Result<i32, Ctl> {
    let name = if brk { "break" } else { "continue" };
    let n = match args.get(1) {
        Some(a) => number(sh, name, a).await?,
        None => 1,
    };
    if n == 0 {
        sh.error(Some(name), "Illegal number: 0").await;
        return Err(Ctl::Error(2));
    }
    if sh.loop_depth == 0 {
        return Ok(0);
    }
    let n = (n as u32).min(sh.loop_depth);
    sh.status = 0;
    Err(if brk { Ctl::Break(n) } else { Ctl::Continue(n) })
}

fn break_<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(loop_jump(sh, args, true))
}

fn continue_<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(loop_jump(sh, args, false))
}

fn eval<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let text = args[1..].join(" ");
        sh.status = 0;
        let saved = sh.msg.source.replace("eval".into());
        let r = sh.run_text(&text, sh.msg.line).await;
        sh.msg.source = saved;
        r.map(|()| sh.status)
    })
}

fn dot<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let Some(name) = args.get(1) else {
            sh.error(Some("."), "missing argument").await;
            return Err(Ctl::Error(2));
        };
        let path = if name.contains('/') { Some(name.clone()) } else { sh.find_file_in_path(name) };
        let text = match &path {
            Some(p) => sh.proc.read_file(p).await.map_err(|e| format!("can't open '{name}': {e}")),
            None => Err(format!("{name}: not found")),
        };
        let text = match text {
            Ok(t) => t,
            Err(msg) => {
                sh.error(Some("."), &msg).await;
                return Err(Ctl::Error(2));
            }
        };
        let text = String::from_utf8_lossy(&text).into_owned();
        let saved_params = (args.len() > 2).then(|| std::mem::replace(&mut sh.params, args[2..].to_vec()));
        let saved_source = sh.msg.source.replace(name.clone());
        let saved_line = sh.msg.line;
        sh.status = 0;
        let r = sh.run_text(&text, 1).await;
        sh.msg.source = saved_source;
        sh.msg.line = saved_line;
        if let Some(p) = saved_params {
            sh.params = p;
        }
        match r {
            Ok(()) | Err(Ctl::Return) => Ok(sh.status),
            Err(e) => Err(e),
        }
    })
}

fn exec<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let Some(name) = args.get(1) else { return Ok(0) };
        let path = if name.contains('/') { Ok(name.clone()) } else { sh.find_in_path(name) };
        let path = match path {
            Ok(p) => p,
            Err(e) => {
                let (msg, st) = if e == crate::errno::Errno::EACCES { ("Permission denied", 126) } else { ("not found", 127) };
                sh.error(Some("exec"), &format!("{name}: {msg}")).await;
                sh.status = st;
                return Err(Ctl::Error(st));
            }
        };
        sh.traps.clear();
        sh.run_external(&path, &args[1..], true).await?;
        Ok(sh.status)
    })
}

impl Shell {
    /// Searches `PATH` for a readable file (`.` looks there only, as ash does).
    pub fn find_file_in_path(&self, name: &str) -> Option<String> {
        let path = self.vars.get("PATH").unwrap_or("/sbin:/usr/sbin:/bin:/usr/bin");
        path.split(':')
            .map(|dir| if dir.is_empty() { name.to_string() } else { format!("{}/{name}", dir.trim_end_matches('/')) })
            .find(|p| self.proc.stat(p).is_ok_and(|m| m.kind != wharf_engine::fs::FileKind::Dir))
    }
}

#[cfg(test)]
mod names_tests {
    #[test]
    fn every_listed_name_is_a_builtin() {
        for name in super::NAMES {
            assert!(super::special(name).is_some() || super::regular(name).is_some(), "{name}");
        }
    }
}
