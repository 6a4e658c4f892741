//! The shell's state: variables, functions, positional parameters, options, traps, jobs.
//!
//! A forked subshell gets a clone of the whole state (that is what `fork` means), so
//! everything here is plain data; syntax trees are shared through `Rc`.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::ast::Command;
use super::jobs::Jobs;
use crate::signal::Signal;
use crate::sys::Proc;

/// One shell variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    /// The value (`None`: declared, e.g. `export X`, but unset).
    pub value: Option<String>,
    /// Passed to commands' environments.
    pub exported: bool,
    /// `readonly`.
    pub readonly: bool,
    /// Creation order: the environment lists variables in the order they appeared.
    pub seq: u64,
}

/// The variable table.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    map: BTreeMap<String, Var>,
    next_seq: u64,
}

impl Vars {
    /// A variable's value, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.map.get(name).and_then(|v| v.value.as_deref())
    }

    /// The full record.
    pub fn var(&self, name: &str) -> Option<&Var> {
        self.map.get(name)
    }

    /// Sets a value; `Err` if the variable is read-only.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ReadOnly> {
        match self.map.get_mut(name) {
            Some(v) if v.readonly => Err(ReadOnly(name.to_string())),
            Some(v) => {
                v.value = Some(value.to_string());
                Ok(())
            }
            None => {
                self.insert(name, Var { value: Some(value.to_string()), exported: false, readonly: false, seq: 0 });
                Ok(())
            }
        }
    }

    /// Adds or replaces a whole record (keeping the original order if it existed).
    pub fn insert(&mut self, name: &str, mut var: Var) {
        var.seq = match self.map.get(name) {
            Some(old) => old.seq,
            None => {
                self.next_seq += 1;
                self.next_seq
            }
        };
        self.map.insert(name.to_string(), var);
    }

    /// Marks exported (creating an unset variable if needed).
    pub fn export(&mut self, name: &str) {
        match self.map.get_mut(name) {
            Some(v) => v.exported = true,
            None => self.insert(name, Var { value: None, exported: true, readonly: false, seq: 0 }),
        }
    }

    /// Marks read-only.
    pub fn make_readonly(&mut self, name: &str) {
        match self.map.get_mut(name) {
            Some(v) => v.readonly = true,
            None => self.insert(name, Var { value: None, exported: false, readonly: true, seq: 0 }),
        }
    }

    /// `unset`; `Err` if read-only.
    pub fn unset(&mut self, name: &str) -> Result<(), ReadOnly> {
        if self.map.get(name).is_some_and(|v| v.readonly) {
            return Err(ReadOnly(name.to_string()));
        }
        self.map.remove(name);
        Ok(())
    }

    /// Removes a record whatever its flags (restoring after `local`).
    pub fn remove(&mut self, name: &str) -> Option<Var> {
        self.map.remove(name)
    }

    /// All variables, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Var)> {
        self.map.iter()
    }

    /// The environment for a command: exported variables with a value, in creation order.
    pub fn environ(&self) -> Vec<String> {
        let mut list: Vec<(&String, &Var)> = self.map.iter().filter(|(_, v)| v.exported && v.value.is_some()).collect();
        wharf_engine::sort::by_key(&mut list, |(_, v)| v.seq);
        list.into_iter().map(|(k, v)| format!("{k}={}", v.value.as_deref().unwrap_or(""))).collect()
    }
}

/// The error of assigning a read-only variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOnly(pub String);

/// `set -o` options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// `-e`: exit when a command fails.
    pub errexit: bool,
    /// `-x`: trace commands to stderr.
    pub xtrace: bool,
    /// `-u`: expanding an unset variable is an error.
    pub nounset: bool,
    /// `-f`: no pathname expansion.
    pub noglob: bool,
    /// `-n`: read commands but do not run them.
    pub noexec: bool,
    /// `-v`: echo input lines.
    pub verbose: bool,
    /// `-C`: `>` does not overwrite files.
    pub noclobber: bool,
    /// `-a`: export every assigned variable.
    pub allexport: bool,
    /// `-i`: interactive.
    pub interactive: bool,
    /// `-m`: job control (process groups, foreground terminal).
    pub monitor: bool,
    /// `-o pipefail`: a pipeline fails if any stage does.
    pub pipefail: bool,
    /// `-s`: commands come from standard input.
    pub stdin: bool,
    /// `-c`: commands come from an argument.
    pub command: bool,
}

impl Options {
    /// `$-`: ash lists the letters in reverse of its option table's order.
    pub fn flags(&self) -> String {
        let table = [
            (self.errexit, 'e'),
            (self.noglob, 'f'),
            (self.interactive, 'i'),
            (self.monitor, 'm'),
            (self.noexec, 'n'),
            (self.stdin, 's'),
            (self.command, 'c'),
            (self.xtrace, 'x'),
            (self.verbose, 'v'),
            (self.noclobber, 'C'),
            (self.allexport, 'a'),
            (self.nounset, 'u'),
        ];
        table.iter().rev().filter(|(on, _)| *on).map(|(_, c)| *c).collect()
    }

    /// Sets the option named by a `set -X` letter; false if unknown.
    pub fn set_letter(&mut self, c: char, on: bool) -> bool {
        let slot = match c {
            'a' => &mut self.allexport,
            'C' => &mut self.noclobber,
            'e' => &mut self.errexit,
            'f' => &mut self.noglob,
            'n' => &mut self.noexec,
            'u' => &mut self.nounset,
            'v' => &mut self.verbose,
            'x' => &mut self.xtrace,
            'm' => &mut self.monitor,
            'p' => &mut self.pipefail,
            _ => return false,
        };
        *slot = on;
        true
    }

    /// Whether the option called `name` (`set -o name`) is on; `None` if unknown.
    pub fn get_named(&self, name: &str) -> Option<bool> {
        Some(match name {
            "errexit" => self.errexit,
            "noglob" => self.noglob,
            "monitor" => self.monitor,
            "noexec" => self.noexec,
            "xtrace" => self.xtrace,
            "verbose" => self.verbose,
            "noclobber" => self.noclobber,
            "allexport" => self.allexport,
            "nounset" => self.nounset,
            "pipefail" => self.pipefail,
            "ignoreeof" | "notify" | "errtrace" | "vi" => false,
            _ => return None,
        })
    }

    /// `set -o` names in ash's order, with the letter that sets each (`p` stands for
    /// `pipefail`, which has none; a space for options the shell lists but ignores).
    pub const NAMES: [(&'static str, char); 14] = [
        ("errexit", 'e'),
        ("noglob", 'f'),
        ("ignoreeof", ' '),
        ("monitor", 'm'),
        ("noexec", 'n'),
        ("xtrace", 'x'),
        ("verbose", 'v'),
        ("noclobber", 'C'),
        ("allexport", 'a'),
        ("notify", ' '),
        ("nounset", 'u'),
        ("errtrace", ' '),
        ("vi", ' '),
        ("pipefail", 'p'),
    ];
}

/// How errors are prefixed: ash prints `$0: ` and, outside interactive use, `line N: `.
#[derive(Debug, Clone, Default)]
pub struct MsgCtx {
    /// Whether the top level is a script (a file, or `-c` with an explicit `$0`): then every
    /// error carries the line number, not only builtins'.
    pub script: bool,
    /// The line being run.
    pub line: u32,
    /// The file being sourced by `.` (or `eval`): named in errors after `$0`.
    pub source: Option<String>,
}

/// The whole interpreter state of one shell process.
#[derive(Clone)]
pub struct Shell {
    /// The process this shell runs as.
    pub proc: Proc,
    /// Variables.
    pub vars: Vars,
    /// Functions, by name.
    pub funcs: BTreeMap<String, Rc<Command>>,
    /// `$1`...
    pub params: Vec<String>,
    /// `$0`.
    pub arg0: String,
    /// `$?`.
    pub status: i32,
    /// `$!`.
    pub last_bg: Option<u32>,
    /// Options.
    pub opts: Options,
    /// Trap actions by signal (0 is EXIT); an empty action ignores the signal.
    pub traps: BTreeMap<Signal, String>,
    /// Caught signals not yet handled.
    pub pending: BTreeSet<Signal>,
    /// Background jobs.
    pub jobs: Jobs,
    /// Nesting of loops (for `break`/`continue`).
    pub loop_depth: u32,
    /// Nesting of function calls (for `return`, `local`).
    pub func_depth: u32,
    /// Variables saved by `local`, one frame per function call.
    pub locals: Vec<Vec<(String, Option<Var>)>>,
    /// Descriptors the shell holds for itself (saved copies): closed in commands it runs.
    pub internal_fds: BTreeSet<i32>,
    /// Where errors are reported from.
    pub msg: MsgCtx,
    /// Depth of contexts where `set -e` does not apply (conditions, `!`, `&&` left sides).
    pub errexit_off: u32,
    /// Whether a trap action is running (no nested traps).
    pub in_trap: bool,
    /// `$$`: the PID of the shell proper, which subshells keep.
    pub top_pid: u32,
    /// The status of the last command substitution in the current simple command.
    pub subst_status: Option<i32>,
    /// Position inside a bundle of options (`-abc`) for `getopts`.
    pub getopts_pos: usize,
    /// How deeply lists are nested right now (see [`super::exec::MAX_DEPTH`]).
    pub depth: u32,
}

impl Shell {
    /// A fresh shell for `proc`, importing its environment.
    pub fn new(proc: Proc) -> Shell {
        let mut vars = Vars::default();
        for kv in proc.env() {
            if let Some((k, v)) = kv.split_once('=') {
                if super::lexer::is_name(k) {
                    vars.insert(k, Var { value: Some(v.to_string()), exported: true, readonly: false, seq: 0 });
                }
            }
        }
        let defaults = [("IFS", " \t\n"), ("PS2", "> "), ("PS4", "+ "), ("OPTIND", "1")];
        for (k, v) in defaults {
            if vars.get(k).is_none() {
                let _ = vars.set(k, v);
            }
        }
        // busybox's default prompt: the working directory, then `#` for root or `$`; alpine's
        // familiar `/ # `.
        if vars.get("PS1").is_none() {
            let _ = vars.set("PS1", "\\w \\$ ");
        }
        if vars.get("PATH").is_none() {
            let _ = vars.set("PATH", "/sbin:/usr/sbin:/bin:/usr/bin");
            vars.export("PATH");
        }
        let cwd = proc.cwd();
        let pwd_ok = vars.get("PWD").is_some_and(|p| p.starts_with('/') && proc.realpath(p).ok().as_deref() == Some(cwd.as_str()));
        if !pwd_ok {
            let _ = vars.set("PWD", &cwd);
        }
        vars.export("PWD");
        let level = vars.get("SHLVL").and_then(|l| l.trim().parse::<i64>().ok()).unwrap_or(0);
        let _ = vars.set("SHLVL", &(level + 1).to_string());
        vars.export("SHLVL");
        let _ = vars.set("PPID", &proc.ppid().to_string());
        if vars.get("HOSTNAME").is_none() {
            let _ = vars.set("HOSTNAME", &proc.hostname());
        }
        let top_pid = proc.pid();
        Shell {
            proc,
            vars,
            funcs: BTreeMap::new(),
            params: Vec::new(),
            arg0: "sh".into(),
            status: 0,
            last_bg: None,
            opts: Options::default(),
            traps: BTreeMap::new(),
            pending: BTreeSet::new(),
            jobs: Jobs::default(),
            loop_depth: 0,
            func_depth: 0,
            locals: Vec::new(),
            internal_fds: BTreeSet::new(),
            msg: MsgCtx::default(),
            errexit_off: 0,
            in_trap: false,
            top_pid,
            subst_status: None,
            getopts_pos: 0,
            depth: 0,
        }
    }

    /// The state a forked child starts with: a copy, with traps reset (ignored signals stay
    /// ignored), no jobs, not interactive.
    pub fn for_child(&self, proc: Proc) -> Shell {
        let mut s = self.clone();
        s.proc = proc;
        s.traps.retain(|sig, action| *sig != 0 && action.is_empty());
        s.pending.clear();
        s.jobs = Jobs::default();
        s.opts.interactive = false;
        s.opts.monitor = false;
        // A child runs on a fresh task, with its own stack.
        s.depth = 0;
        s
    }
}
