//! Usage errors with docker's wording and exit codes, written once here.
//!
//! Where each comes from in docker/cli 20.10:
//! - flag errors go through `cli.FlagErrorFunc` and become a `StatusError` with code 125:
//!   `unknown flag: --foo\nSee 'docker run --help'.`, plus the command's usage when it has
//!   subcommands;
//! - argument-count errors are plain errors from `cli/required.go`, so `main` prints them and
//!   exits 1: `"docker run" requires at least 1 argument.\nSee 'docker run --help'.\n\nUsage:  …`;
//! - an unknown command is the root command's own error, also exit 1, and the only one with
//!   the `docker: ` prefix and no final period: `docker: 'foo' is not a docker command.\nSee
//!   'docker --help'`;
//! - a management command given an unknown subcommand (`docker volume help`) prints a blank
//!   line and its usage, exit 1.
//!
//! The message is what docker writes to stderr, without the newline `fmt.Fprintln` adds.
//!
//! [`reported`] is the other `docker: ` form, for phase 2: `run` and `create` print their
//! failures (invalid options, daemon errors) through docker's `reportError`.

use super::help::{usage_string, use_line, HelpContext};
use super::value::go_quote;
use super::{Args, CommandDef};

/// What went wrong, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageErrorKind {
    /// A flag problem: unknown flag, missing or invalid value. Exit 125.
    Flag,
    /// Too few or too many positional arguments. Exit 1.
    Args,
    /// `docker foo`. Exit 1.
    UnknownCommand,
    /// `docker help foo`. Exit 1.
    UnknownHelpTopic,
    /// A management command given something it does not know (`docker volume help`). Exit 1.
    GroupUsage,
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
        let mut message = format!("{cause}\nSee '{path} --help'.");
        if cmd.is_group() {
            message.push_str("\n\n");
            message.push_str(&usage_string(cmd, path, &HelpContext::default()));
        }
        UsageError { kind: UsageErrorKind::Flag, message }
    }

    /// pflag's `invalid argument "v" for "-x, --name" flag: cause`.
    pub(crate) fn invalid_value(cmd: &CommandDef, path: &str, flag_display: &str, value: &str, cause: &str) -> UsageError {
        let cause = format!("invalid argument {} for {} flag: {cause}", go_quote(value), go_quote(flag_display));
        UsageError::flag(cmd, path, &cause)
    }

    /// The `cli/required.go` check of `cmd`'s positional argument count, if it fails.
    pub(crate) fn check_args(cmd: &CommandDef, path: &str, n: usize) -> Option<UsageError> {
        let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
        let what = match cmd.args {
            Args::Any => return None,
            Args::None if n == 0 => return None,
            Args::None => {
                if cmd.is_group() {
                    let usage = usage_string(cmd, path, &HelpContext::default());
                    return Some(UsageError {
                        kind: UsageErrorKind::GroupUsage,
                        message: format!("\n{}", usage.trim_end_matches('\n')),
                    });
                }
                "accepts no arguments".to_string()
            }
            Args::Exact(k) if n == k => return None,
            Args::Exact(k) => format!("requires exactly {k} {}", plural(k)),
            Args::Min(k) if n >= k => return None,
            Args::Min(k) => format!("requires at least {k} {}", plural(k)),
            Args::Max(k) if n <= k => return None,
            Args::Max(k) => format!("requires at most {k} {}", plural(k)),
            Args::Range(lo, hi) if (lo..=hi).contains(&n) => return None,
            Args::Range(lo, hi) => format!("requires at least {lo} and at most {hi} {}", plural(hi)),
        };
        Some(UsageError {
            kind: UsageErrorKind::Args,
            message: format!(
                "{} {what}.\nSee '{path} --help'.\n\nUsage:  {}\n\n{}",
                go_quote(path),
                use_line(cmd, path),
                cmd.short
            ),
        })
    }

    /// `docker foo`: the root command's `RunE`.
    pub(crate) fn unknown_command(word: &str) -> UsageError {
        UsageError {
            kind: UsageErrorKind::UnknownCommand,
            message: format!("docker: '{word}' is not a docker command.\nSee 'docker --help'"),
        }
    }

    /// `docker help foo`: cobra's help command.
    pub(crate) fn unknown_help_topic(rest: &[String]) -> UsageError {
        UsageError { kind: UsageErrorKind::UnknownHelpTopic, message: format!("unknown help topic: {}", rest.join(" ")) }
    }
}

/// docker's `reportError`, which `docker run` and `docker create` print their failures with
/// (exit 125 for option and daemon errors, 126/127 when the command cannot run):
/// `docker: Error response from daemon: No such image: x:1.` then, `with_help`,
/// `See 'docker run --help'.`. `command` is docker's own name for the command (`run` even
/// for `docker container run`). The text gets exactly one final period.
pub fn reported(command: &str, message: &str, with_help: bool) -> String {
    let mut out = format!("docker: {}.", message.strip_suffix('.').unwrap_or(message));
    if with_help {
        out.push_str(&format!("\nSee 'docker {command} --help'."));
    }
    out
}
