//! `sh`: the simulated userland's shell, behaving like busybox ash (the `/bin/sh` of the
//! course's alpine and busybox images); bash is to reuse it.
//!
//! Layers, from characters to processes:
//! - [`lexer`] and [`parser`] turn text into the [`ast`], one complete command at a time;
//! - [`expand`] (with [`arith`] and [`pattern`]) turns words into fields;
//! - [`exec`], [`command`], [`redir`] and [`jobs`] run the tree through the system-call
//!   layer ([`Proc`]): pipelines are forked processes joined by pipes, programs are spawned;
//! - [`builtins`] are the commands that live inside the shell;
//! - this module is the program: options, `-c`, scripts, and the interactive prompt loop.
//!
//! Where ash and dash disagree, ash wins; the differential test in `tests` runs the same
//! scripts under the real busybox when it is installed.

mod arith;
pub mod ast;
mod builtins;
mod command;
mod exec;
mod expand;
mod jobs;
pub mod lexer;
pub mod parser;
mod pattern;
mod redir;
mod repl;
mod run;
mod state;
mod text;

#[cfg(test)]
mod tests;

use crate::program::{ProgramFuture, Programs};
use crate::sys::Proc;
use exec::Ctl;
use state::Shell;

/// The names of the shell's builtins (`cd`, `export`, …), for Tab completion.
pub fn builtin_names() -> &'static [&'static str] {
    builtins::NAMES
}

/// Registers the shell as `sh` and `ash`.
pub fn register(p: &mut Programs) {
    p.register("sh", main);
    p.register("ash", main);
}

/// The shell program's entry point (also for multi-call binaries dispatching `sh`).
pub fn main(proc: Proc) -> ProgramFuture {
    Box::pin(run(proc))
}

/// How the shell was asked to get its commands.
enum Source {
    /// `-c string`.
    String(String),
    /// `sh script`.
    File(String),
    /// Standard input (interactive or not).
    Stdin,
}

async fn run(proc: Proc) -> i32 {
    let argv = proc.argv();
    let mut sh = Shell::new(proc.clone());
    sh.arg0 = argv.first().cloned().unwrap_or_else(|| "sh".into());
    let mut login = sh.arg0.starts_with('-');
    let (mut command, mut stdin, mut force_interactive) = (false, false, false);
    let mut i = 1;
    while let Some(a) = argv.get(i) {
        if a == "--" || a == "-" {
            i += 1;
            break;
        }
        let on = a.starts_with('-');
        if !(on || a.starts_with('+')) || a.len() < 2 {
            break;
        }
        i += 1;
        for c in a[1..].chars() {
            match c {
                'c' => command = true,
                's' => stdin = true,
                'i' => force_interactive = on,
                'l' => login = true,
                'o' => {
                    let name = argv.get(i).cloned().unwrap_or_default();
                    i += 1;
                    match state::Options::NAMES.iter().find(|(n, _)| *n == name) {
                        Some((_, ' ')) => {}
                        Some((_, letter)) => {
                            sh.opts.set_letter(*letter, on);
                        }
                        None => {
                            proc.eprint(&format!("sh: illegal option -o {name}\n")).await;
                            return 2;
                        }
                    }
                }
                c if c != 'p' && sh.opts.set_letter(c, on) => {}
                c => {
                    proc.eprint(&format!("sh: illegal option -{c}\n")).await;
                    return 2;
                }
            }
        }
    }
    let rest = &argv[i.min(argv.len())..];
    let source = if command {
        let Some(text) = rest.first() else {
            proc.eprint("sh: -c requires an argument\n").await;
            return 2;
        };
        if let Some(name) = rest.get(1) {
            sh.arg0 = name.clone();
            sh.msg.script = true;
            sh.params = rest[2..].to_vec();
        }
        sh.opts.command = true;
        Source::String(text.clone())
    } else if !stdin && !rest.is_empty() {
        sh.arg0 = rest[0].clone();
        sh.params = rest[1..].to_vec();
        sh.msg.script = true;
        Source::File(rest[0].clone())
    } else {
        sh.params = rest.to_vec();
        sh.opts.stdin = true;
        Source::Stdin
    };
    if matches!(source, Source::Stdin) && (force_interactive || (proc.isatty(0) && proc.isatty(2))) {
        sh.opts.interactive = true;
        sh.opts.monitor = true;
        for sig in [crate::signal::SIGINT, crate::signal::SIGTERM, crate::signal::SIGQUIT] {
            sh.apply_disposition(sig);
        }
        let _ = proc.set_foreground(proc.pgid());
    }
    if login {
        for file in ["/etc/profile".to_string(), format!("{}/.profile", sh.vars.get("HOME").unwrap_or(""))] {
            if let Ok(text) = proc.read_file(&file).await {
                let r = sh.run_text(&String::from_utf8_lossy(&text), 1).await;
                if let Err(Ctl::Exit) = r {
                    return sh.finish(r).await;
                }
            }
        }
    }
    match source {
        Source::String(text) => {
            let r = sh.run_text(&text, 0).await;
            sh.finish(r).await
        }
        Source::File(path) => match proc.read_file(&path).await {
            Ok(bytes) => {
                let r = sh.run_text(&String::from_utf8_lossy(&bytes), 1).await;
                sh.finish(r).await
            }
            Err(e) => {
                proc.eprint(&format!("sh: can't open '{path}': {e}\n")).await;
                2
            }
        },
        Source::Stdin => repl::repl(&mut sh).await,
    }
}
