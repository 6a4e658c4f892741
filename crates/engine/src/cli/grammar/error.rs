//! Usage errors with docker's wording and exit codes, written once here.
//!
//! Where each comes from in docker/cli 28.2:
//! - flag errors go through `cli.FlagErrorFunc` (`cli/cobra.go`) and become a `StatusError`
//!   with code 125: `unknown flag: --foo`, a blank line, the command's usage line, a blank
//!   line, `Run 'docker run --help' for more information` (no final period);
//! - argument-count errors are plain errors from `cli/required.go`, so `main` prints them and
//!   exits 1: `docker: 'docker run' requires at least 1 argument`, the usage line, and
//!   `See 'docker run --help' for more information` (only `RequiresMinArgs` says "See"; the
//!   others say "Run", and `RequiresMaxArgs` really says "SRun", a typo of 28.x);
//! - an unknown command is the root command's own error, exit 1:
//!   `docker: unknown command: docker foo` and `Run 'docker --help' for more information`
//!   (`cmd/docker/docker.go`); a management command given a word it does not know fails
//!   `cli.NoArgs` the same way, with its usage line in between;
//! - a flag or command the daemon's API is too old for is refused by docker's `isSupported`
//!   before the arguments are counted: `"--annotation" requires API version 1.43, but the
//!   Docker daemon API version is 1.41`, exit 1.
//!
//! The message is what docker writes to stderr, without the newline `fmt.Fprintln` adds.
//!
//! [`with_help`] and [`run_error`] are the `docker: … Run 'docker run --help' …` form that
//! `run` and `create` report their own failures with (phase 2).

use super::help::use_line;
use super::{Args, CommandDef};

/// What went wrong, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageErrorKind {
    /// A flag problem: unknown flag, missing or invalid value. Exit 125.
    Flag,
    /// Too few or too many positional arguments. Exit 1.
    Args,
    /// `docker foo`, or `docker volume foo`. Exit 1.
    UnknownCommand,
    /// `docker help foo`. Exit 1.
    UnknownHelpTopic,
    /// A flag or command that needs a newer daemon API. Exit 1.
    Unsupported,
}

/// A command line docker rejects before doing anything.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    /// Which error.
    pub kind: UsageErrorKind,
    /// The text docker prints to stderr (print it followed by a newline).
    pub message: String,
}

impl UsageError {
    /// The process exit code docker uses.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            UsageErrorKind::Flag => 125,
            _ => 1,
        }
    }

    /// pflag's error `cause` for command `cmd` at `path`, through `cli.FlagErrorFunc`.
    pub(crate) fn flag(cmd: &CommandDef, path: &str, cause: &str) -> UsageError {
        UsageError {
            kind: UsageErrorKind::Flag,
            message: format!("{cause}\n\nUsage:  {}\n\nRun '{path} --help' for more information", use_line(cmd, path)),
        }
    }

    /// pflag's `invalid argument "v" for "-x, --name" flag: cause`.
    pub(crate) fn invalid_value(cmd: &CommandDef, path: &str, flag_display: &str, value: &str, cause: &str) -> UsageError {
        let cause = format!("invalid argument {} for {} flag: {cause}", super::value::go_quote(value), super::value::go_quote(flag_display));
        UsageError::flag(cmd, path, &cause)
    }

    /// The `cli/required.go` check of `cmd`'s positional arguments (the first of them in
    /// `args`), if it fails.
    pub(crate) fn check_args(cmd: &CommandDef, path: &str, args: &[String]) -> Option<UsageError> {
        let n = args.len();
        let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
        let usage = use_line(cmd, path);
        let (what, hint) = match cmd.args {
            Args::Any => return None,
            Args::None if n == 0 => return None,
            Args::None if cmd.is_group() => {
                return Some(UsageError {
                    kind: UsageErrorKind::UnknownCommand,
                    message: format!("docker: unknown command: {path} {}\n\nUsage:  {usage}\n\nRun '{path} --help' for more information", args[0]),
                });
            }
            Args::None => ("accepts no arguments".to_string(), "Run"),
            Args::Exact(k) if n == k => return None,
            Args::Exact(k) => (format!("requires {k} {}", plural(k)), "Run"),
            Args::Min(k) if n >= k => return None,
            Args::Min(k) => (format!("requires at least {k} {}", plural(k)), "See"),
            Args::Max(k) if n <= k => return None,
            // docker/cli 28.x `RequiresMaxArgs` really prints "SRun".
            Args::Max(k) => (format!("requires at most {k} {}", plural(k)), "SRun"),
            Args::Range(lo, hi) if (lo..=hi).contains(&n) => return None,
            Args::Range(lo, hi) => (format!("requires at least {lo} and at most {hi} {}", plural(hi)), "Run"),
        };
        Some(UsageError {
            kind: UsageErrorKind::Args,
            message: format!("docker: '{path}' {what}\n\nUsage:  {usage}\n\n{hint} '{path} --help' for more information"),
        })
    }

    /// `docker foo`: the root command's `RunE`.
    pub(crate) fn unknown_command(word: &str) -> UsageError {
        UsageError {
            kind: UsageErrorKind::UnknownCommand,
            message: format!("docker: unknown command: docker {word}\n\nRun 'docker --help' for more information"),
        }
    }

    /// `docker help foo`: cobra's help command.
    pub(crate) fn unknown_help_topic(rest: &[String]) -> UsageError {
        UsageError { kind: UsageErrorKind::UnknownHelpTopic, message: format!("unknown help topic: {}", rest.join(" ")) }
    }

    /// docker's `areSubcommandsSupported`: `path` or a command above it needs API `version`.
    pub(crate) fn command_needs_api(path: &str, version: &str) -> UsageError {
        UsageError {
            kind: UsageErrorKind::Unsupported,
            message: format!("{path} requires API version {version}, but the Docker daemon API version is {}", super::DAEMON_API),
        }
    }

    /// docker's `areSubcommandsSupported` for a command of the experimental daemon.
    pub(crate) fn needs_experimental_command(path: &str) -> UsageError {
        UsageError { kind: UsageErrorKind::Unsupported, message: format!("{path} is only supported on a Docker daemon with experimental features enabled") }
    }

    /// docker's `areFlagsSupported`, one line per flag given that the daemon does not
    /// support (see [`UsageError::flag_needs_api`] and its siblings), joined as
    /// `errors.Join` joins them.
    pub(crate) fn unsupported(lines: Vec<String>) -> UsageError {
        UsageError { kind: UsageErrorKind::Unsupported, message: lines.join("\n") }
    }

    /// A flag whose `version` annotation is newer than the daemon's API.
    pub(crate) fn flag_needs_api(name: &str, version: &str) -> String {
        format!("\"--{name}\" requires API version {version}, but the Docker daemon API version is {}", super::DAEMON_API)
    }

    /// A Windows-only flag (`ostype` annotation) against wharf's Linux daemon.
    pub(crate) fn flag_needs_windows(name: &str) -> String {
        format!("\"--{name}\" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux")
    }

    /// A flag of the experimental daemon (`experimental` annotation).
    pub(crate) fn flag_needs_experimental(name: &str) -> String {
        format!("\"--{name}\" is only supported on a Docker daemon with experimental features enabled")
    }
}

/// docker 28's `withHelp`, which `docker run` and `docker create` wrap their own failures in
/// (an invalid option, the daemon's refusal): `docker: Error response from daemon: No such
/// image: x:1` + blank line + `Run 'docker run --help' for more information`. `command` is
/// docker's own name for the command (`run` even for `docker container run`). The message is
/// printed as it is: 28.x no longer adds a period.
pub fn with_help(command: &str, message: &str) -> String {
    format!("docker: {message}\n\nRun 'docker {command} --help' for more information")
}

/// docker 28's `toStatusError` for a failed `docker run`: the text to print and the exit code,
/// 127 when the command was not found, 126 when it could not be executed, 125 for any other
/// failure (see `shared/reference/docker/docker-error-cases.txt`).
pub fn run_error(message: &str) -> (String, i32) {
    let code = if ["executable file not found", "no such file or directory", "system cannot find the file specified"].iter().any(|s| message.contains(s)) {
        127
    } else if message.contains("permission denied") || message.contains("is a directory") {
        126
    } else {
        125
    };
    (with_help("run", message), code)
}
