//! Signals: numbers, names and default actions, as `signal(7)` lists them for x86-64.

/// A signal number.
pub type Signal = i32;

/// SIGHUP.
pub const SIGHUP: Signal = 1;
/// SIGINT (Ctrl-C).
pub const SIGINT: Signal = 2;
/// SIGQUIT.
pub const SIGQUIT: Signal = 3;
/// SIGKILL: cannot be caught or ignored.
pub const SIGKILL: Signal = 9;
/// SIGUSR1.
pub const SIGUSR1: Signal = 10;
/// SIGUSR2.
pub const SIGUSR2: Signal = 12;
/// SIGPIPE.
pub const SIGPIPE: Signal = 13;
/// SIGALRM.
pub const SIGALRM: Signal = 14;
/// SIGTERM: `kill`'s and `docker stop`'s default.
pub const SIGTERM: Signal = 15;
/// SIGCHLD.
pub const SIGCHLD: Signal = 17;
/// SIGCONT.
pub const SIGCONT: Signal = 18;
/// SIGSTOP: cannot be caught or ignored.
pub const SIGSTOP: Signal = 19;
/// SIGTSTP (Ctrl-Z).
pub const SIGTSTP: Signal = 20;
/// SIGWINCH.
pub const SIGWINCH: Signal = 28;

const NAMES: [(&str, Signal); 17] = [
    ("HUP", SIGHUP),
    ("INT", SIGINT),
    ("QUIT", SIGQUIT),
    ("KILL", SIGKILL),
    ("USR1", SIGUSR1),
    ("USR2", SIGUSR2),
    ("PIPE", SIGPIPE),
    ("ALRM", SIGALRM),
    ("TERM", SIGTERM),
    ("CHLD", SIGCHLD),
    ("CONT", SIGCONT),
    ("STOP", SIGSTOP),
    ("TSTP", SIGTSTP),
    ("WINCH", SIGWINCH),
    ("TRAP", 5),
    ("ABRT", 6),
    ("SEGV", 11),
];

/// Parses `TERM`, `SIGTERM`, `sigterm` or `15`.
pub fn parse(s: &str) -> Option<Signal> {
    if let Ok(n) = s.parse::<Signal>() {
        return (0..=64).contains(&n).then_some(n);
    }
    let upper = s.to_ascii_uppercase();
    let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
    NAMES.iter().find(|(name, _)| *name == bare).map(|&(_, n)| n)
}

/// The name without `SIG` (`TERM`), or the number as text.
pub fn name(sig: Signal) -> String {
    NAMES.iter().find(|(_, n)| *n == sig).map_or_else(|| sig.to_string(), |(name, _)| name.to_string())
}

/// What happens to a process that receives a signal it neither catches nor ignores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultAction {
    /// The process ends, killed by the signal.
    Terminate,
    /// Nothing.
    Ignore,
    /// The process stops until SIGCONT.
    Stop,
    /// A stopped process continues.
    Continue,
}

/// The default action of `sig`.
pub fn default_action(sig: Signal) -> DefaultAction {
    match sig {
        SIGCHLD | SIGWINCH | 23 => DefaultAction::Ignore,
        SIGSTOP | SIGTSTP | 21 | 22 => DefaultAction::Stop,
        SIGCONT => DefaultAction::Continue,
        _ => DefaultAction::Terminate,
    }
}

/// How a process has asked to treat a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Disposition {
    /// The default action.
    #[default]
    Default,
    /// Ignored (`trap '' TERM`).
    Ignore,
    /// Delivered to the program (`trap 'echo hi' TERM`), which polls for it.
    Catch,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        assert_eq!(parse("TERM"), Some(15));
        assert_eq!(parse("sigkill"), Some(9));
        assert_eq!(parse("9"), Some(9));
        assert_eq!(parse("NOPE"), None);
        assert_eq!(name(SIGINT), "INT");
        assert_eq!(default_action(SIGCHLD), DefaultAction::Ignore);
        assert_eq!(default_action(SIGTERM), DefaultAction::Terminate);
    }
}
