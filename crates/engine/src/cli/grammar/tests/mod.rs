//! Tests of the grammar: the catalogue's invariants, one table row per command-line form the
//! course uses, docker's error texts, golden `--help` pages, completion, and a randomized
//! no-panic check.

mod catalogue;
mod commands;
mod completion;
mod errors;
mod fuzz;
mod golden;
mod inventory;

use super::{parse, Invocation, Parsed, UsageError};

/// Splits a command line like a shell would for these tests: blanks separate words, single
/// quotes are literal, double quotes allow `\"` and `\\`. A leading `docker` is dropped.
pub(super) fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    cur.push(c);
                }
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\')) => cur.push(chars.next().unwrap_or('\\')),
                        c => cur.push(c),
                    }
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    if out.first().map(String::as_str) == Some("docker") {
        out.remove(0);
    }
    out
}

/// Parses a command line that must run, or fails the test with docker's message.
pub(super) fn run(line: &str) -> Parsed {
    match parse(&words(line)) {
        Ok(Invocation::Run(p)) => p,
        Ok(other) => panic!("{line}: expected a command, got {other:?}"),
        Err(e) => panic!("{line}: expected a command, got error:\n{e}"),
    }
}

/// Parses a command line that must fail.
pub(super) fn fail(line: &str) -> UsageError {
    match parse(&words(line)) {
        Err(e) => e,
        Ok(other) => panic!("{line}: expected an error, got {other:?}"),
    }
}
