//! The headless transcript runner: types lines into the terminal of an interactive shell
//! and records what the screen shows, as a learner would see it. Lesson checks and tests
//! use it to replay command sequences without a browser.
//!
//! Each line runs until the terminal waits for input again (the shell is back at its
//! prompt, or a program reads the keyboard) or the step budget runs out. A runaway is
//! stopped the way a learner would stop it: the foreground job is killed, or, when the
//! runaway is the shell itself (`while :; do :; done`), the shell is interrupted as by
//! Ctrl-C.

use wharf_engine::kernel::Pid;

use crate::errno::Errno;
use crate::executor::RunOutcome;
use crate::signal::{Signal, SIGINT, SIGKILL};
use crate::sim::Sim;

/// Printed when a line's budget runs out and its foreground job is killed.
pub const BUDGET_KILLED: &str = "wharf: step budget exhausted; sent SIGKILL to the foreground job";
/// Printed when the runaway is the shell itself, which is then interrupted (Ctrl-C).
pub const BUDGET_INTERRUPTED: &str = "wharf: step budget exhausted; sent SIGINT to the shell";
/// Printed when an interrupted shell still does not come back (it ignores SIGINT).
pub const BUDGET_SHELL_KILLED: &str = "wharf: step budget exhausted; sent SIGKILL to the shell";

/// How prompts end: `PS1` for root and for other users, and `PS2`. The runner takes the
/// last line of a screenful as a prompt when it ends so (or when it is the prompt seen
/// before), and strips it.
const PROMPT_ENDINGS: [&str; 3] = ["# ", "$ ", "> "];

/// The continuation prompt (`PS2`): the next line is shown as `> LINE`.
const PS2: &str = "> ";

/// Starts `path` (normally `/bin/sh`) as the terminal's interactive login shell: a
/// first-generation process as root in `/root`. Returns its host PID.
pub fn start_shell(sim: &mut Sim, path: &str) -> Result<Pid, Errno> {
    let path = path.to_string();
    sim.start(&["sh"], move |p| {
        Box::pin(async move {
            match p.exec(&path, vec!["sh".into()], None) {
                Ok(program) => program.await,
                Err(e) => {
                    p.eprint(&format!("wharf: can't start {path}: {e}\n")).await;
                    127
                }
            }
        })
    })
}

/// Splits a trailing prompt off a screenful: the prompt seen last time, or else a last
/// line that ends like a prompt.
fn strip_prompt<'a>(screen: &'a str, last: &str) -> (&'a str, Option<String>) {
    if !last.is_empty() {
        if let Some(body) = screen.strip_suffix(last) {
            // `PS2` is a whole line; a program's `host:6379> ` only ends like it.
            if last != PS2 || body.is_empty() || body.ends_with('\n') {
                return (body, Some(last.to_string()));
            }
        }
    }
    let start = screen.rfind('\n').map_or(0, |i| i + 1);
    let tail = &screen[start..];
    if PROMPT_ENDINGS.iter().any(|p| tail.ends_with(p)) {
        return (&screen[..start], Some(tail.to_string()));
    }
    (screen, None)
}

/// Whether a prompt is a program's own (`mysql> `, `127.0.0.1:6379> `, psql's
/// `postgres=# `) rather than the shell's, so the transcript shows it as the learner saw it.
fn is_program_prompt(prompt: &str) -> bool {
    (prompt.ends_with("> ") && prompt != PS2) || ["=# ", "-# ", "=> ", "-> "].iter().any(|end| prompt.ends_with(end))
}

/// Whether the terminal waits for someone to type.
fn wants_input(sim: &Sim) -> bool {
    sim.machine().borrow().tty.borrow().waits_for_input()
}

/// Signals the terminal's foreground process group. Returns whether that group is the login
/// shell's own (a first-generation process is in it).
fn signal_foreground(sim: &mut Sim, sig: Signal, only_if_shell: Option<bool>) -> bool {
    let mut m = sim.machine().borrow_mut();
    let pgrp = m.tty.borrow().foreground_pgrp;
    let members: Vec<(Pid, bool)> = m.procs.values().filter(|p| p.pgid == pgrp && !p.is_zombie()).map(|p| (p.pid, p.ppid == 0)).collect();
    let is_shell = members.iter().any(|(_, first)| *first);
    if only_if_shell.is_none_or(|want| want == is_shell) {
        for (pid, _) in members {
            let _ = m.signal(None, pid, sig);
        }
    }
    is_shell
}

/// A script line that is this alone is Ctrl-C, not text: SIGINT to the terminal's
/// foreground job, shown as the terminal echoes it (`^C`, the job's next output on the
/// same line).
pub const CTRL_C: &str = "^C";

/// Steps one typed line may take before the runner stops it: enough for any command the
/// course runs, small enough that a runaway loop ends in well under a second.
pub const LINE_BUDGET: u64 = 200_000;

/// Types each line of `script` into the terminal (empty lines and `#` comments only where
/// the shell prompts for a command), runs until the terminal wants input again, and returns
/// the transcript: `$ LINE` (`> LINE` after a continuation prompt, `mysql> LINE` after a
/// program's own prompt, plain `LINE` when a program such as `read` or `cat` reads it)
/// followed by what the line printed, prompts stripped. A line `^C` ([`CTRL_C`]) presses
/// Ctrl-C once everything before it has settled; a second `^C` right after it is pressed
/// before any virtual time passes (the impatient double Ctrl-C).
pub fn run_transcript(sim: &mut Sim, script: &str, budget_per_line: u64) -> String {
    let mut out = String::new();
    sim.run_until_input_wanted(budget_per_line);
    let first = sim.take_screen();
    let (banner, mut prompt) = strip_prompt(&first, "");
    if first.is_empty() {
        // Called again on a session whose prompt was already taken off the screen.
        prompt = Some(String::new());
    }
    out.push_str(banner);
    let mut last_ps1 = prompt.clone().unwrap_or_default();
    let lines: Vec<&str> = script.lines().collect();
    for (at, &line) in lines.iter().enumerate() {
        // Blank lines and `#` comments are the script's own, skipped at the shell's prompt;
        // inside a heredoc or a quote (`PS2`) or typed to a program, they are input.
        let trimmed = line.trim_start();
        let at_shell_prompt = prompt.as_deref().is_some_and(|p| p != PS2 && !is_program_prompt(p));
        if at_shell_prompt && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        // After the shell's prompt the line shows as `$ LINE` (`> LINE` after `PS2`); typed
        // into a program that reads the terminal (`read`, `cat`), it follows its output.
        out.push_str(match prompt.as_deref() {
            Some(PS2) => PS2,
            Some(p) if is_program_prompt(p) => p,
            Some(_) => "$ ",
            None => "",
        });
        out.push_str(line);
        if line == CTRL_C {
            sim.interrupt();
        } else {
            out.push('\n');
            sim.type_input(&format!("{line}\n"));
        }
        // Ctrl-C twice in a row: the second comes before any time has passed.
        let double = line == CTRL_C && lines.get(at + 1) == Some(&CTRL_C);
        let outcome = if double { sim.run_without_waiting(budget_per_line) } else { sim.run_until_input_wanted(budget_per_line) };
        let mut screen = sim.take_screen();
        if outcome == RunOutcome::BudgetExhausted && !wants_input(sim) {
            if !screen.is_empty() && !screen.ends_with('\n') {
                screen.push('\n');
            }
            let is_shell = signal_foreground(sim, SIGKILL, Some(false));
            if is_shell {
                signal_foreground(sim, SIGINT, Some(true));
                screen.push_str(BUDGET_INTERRUPTED);
            } else {
                screen.push_str(BUDGET_KILLED);
            }
            screen.push('\n');
            let again = sim.run_until_input_wanted(budget_per_line);
            screen.push_str(&sim.take_screen());
            if again == RunOutcome::BudgetExhausted && !wants_input(sim) {
                signal_foreground(sim, SIGKILL, None);
                screen.push_str(BUDGET_SHELL_KILLED);
                screen.push('\n');
                sim.run_until_input_wanted(budget_per_line);
                screen.push_str(&sim.take_screen());
            }
        }
        let (body, p) = match strip_prompt(&screen, PS2) {
            (body, Some(p)) => (body, Some(p)),
            _ => strip_prompt(&screen, &last_ps1),
        };
        if let Some(p) = p.as_deref().filter(|p| *p != PS2) {
            last_ps1 = p.to_string();
        }
        out.push_str(body);
        if line == CTRL_C && body.is_empty() {
            out.push('\n');
        }
        if p.is_some() && !body.is_empty() && !body.ends_with('\n') {
            out.push('\n');
        }
        prompt = p;
        if outcome == RunOutcome::AllDone {
            break;
        }
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
