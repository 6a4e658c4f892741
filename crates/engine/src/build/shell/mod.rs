//! Variable expansion and word splitting, as BuildKit's shell lexer does them.
//!
//! Dockerfile instructions are not run through a shell, but their words are expanded like a
//! small POSIX shell would: `$v`, `${v}`, `${v:-x}`, `${v:+x}`, `${v-x}`, `${v+x}`,
//! `${v:?msg}`, `${v?msg}`, `${v#pat}`, `${v##pat}`, `${v%pat}`, `${v%%pat}`,
//! `${v/pat/repl}`, `${v//pat/repl}`; single quotes keep everything, double quotes keep all but
//! `$` and escapes, the escape character (`\`, or `` ` `` after `# escape=`) escapes the next
//! character. There is no command substitution, no arithmetic, no globbing.
//!
//! [`expand`] gives one string (WORKDIR, USER, ENV values...), [`expand_words`] splits the
//! result into words (after expansion, honouring quotes), as ADD/COPY/EXPOSE/VOLUME want.
//! The builder calls these with its ARG/ENV scope; the parser uses the same [`Lexer`] in raw
//! mode to find heredoc markers. `expand.table` and `words.table` hold the behaviour, one case
//! a line.

mod lexer;
mod pattern;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use thiserror::Error;

use crate::build::dump::go_quote;

/// Where the lexer looks variables up. Implemented for closures, maps and pairs.
pub trait Env {
    /// The value of `name`, or `None` when it is not set (which differs from set-but-empty
    /// for `${v-x}` and friends).
    fn get(&self, name: &str) -> Option<String>;
}

impl<F: Fn(&str) -> Option<String>> Env for F {
    fn get(&self, name: &str) -> Option<String> {
        self(name)
    }
}

impl Env for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<String> {
        HashMap::get(self, name).cloned()
    }
}

impl Env for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<String> {
        BTreeMap::get(self, name).cloned()
    }
}

impl<const N: usize> Env for [(&str, &str); N] {
    /// The first pair with that name wins, as in BuildKit.
    fn get(&self, name: &str) -> Option<String> {
        self.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }
}

impl Env for Vec<(String, String)> {
    /// The first pair with that name wins, as in BuildKit.
    fn get(&self, name: &str) -> Option<String> {
        self.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }
}

/// No variables at all.
pub struct NoEnv;

impl Env for NoEnv {
    fn get(&self, _name: &str) -> Option<String> {
        None
    }
}

/// Expands the variables in `word` and removes its quotes and escapes.
///
/// ```
/// # use wharf_engine::build::shell::expand;
/// let env = [("HOME", "/root")];
/// assert_eq!(expand(r#"${HOME:-/}/"a b"\$x"#, &env, '\\').unwrap(), "/root/a b$x");
/// ```
pub fn expand(word: &str, env: &dyn Env, escape: char) -> Result<String, ShellError> {
    Lexer::new(escape).process_word(word, env)
}

/// Expands `word` like [`expand`], then splits it into words on unquoted whitespace (including
/// whitespace that came out of a variable). Empty quoted words (`""`) are dropped.
pub fn expand_words(word: &str, env: &dyn Env, escape: char) -> Result<Vec<String>, ShellError> {
    Lexer::new(escape).process_words(word, env)
}

/// The shell lexer with its options. [`expand`] and [`expand_words`] use the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexer {
    /// The escape character: `\` or `` ` ``.
    pub escape: char,
    /// Keep quote characters in the output (they still group words).
    pub raw_quotes: bool,
    /// Keep escape characters in the output (they still escape).
    pub raw_escapes: bool,
    /// Leave references to unset variables as written (`$X`, `${X:-y}`) instead of expanding
    /// them.
    pub skip_unset: bool,
}

impl Lexer {
    /// A lexer with escape character `escape` and every option off.
    pub fn new(escape: char) -> Self {
        Lexer {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_unset: false,
        }
    }

    /// The expansion of `word` as one string.
    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<String, ShellError> {
        lexer::process(self, word, env).map(|(text, _)| text)
    }

    /// The expansion of `word` split into words.
    pub fn process_words(&self, word: &str, env: &dyn Env) -> Result<Vec<String>, ShellError> {
        lexer::process(self, word, env).map(|(_, words)| words)
    }
}

/// A word the lexer cannot expand, and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("failed to process {}: {kind}", go_quote(word))]
pub struct ShellError {
    /// The whole input word.
    pub word: String,
    /// What went wrong.
    pub kind: ShellErrorKind,
}

/// What went wrong while expanding a word (BuildKit's messages).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ShellErrorKind {
    /// An unclosed `'`.
    #[error("unexpected end of statement while looking for matching single-quote")]
    UnterminatedSingleQuote,
    /// An unclosed `"`.
    #[error("unexpected end of statement while looking for matching double-quote")]
    UnterminatedDoubleQuote,
    /// A `${...` without its `}`.
    #[error("syntax error: missing '}}'")]
    MissingBrace,
    /// `${v/pat` without the second `/`.
    #[error("syntax error: missing '/' in ${{}}")]
    MissingSlash,
    /// `${}`, `${:x}`, `${{x}`.
    #[error("syntax error: bad substitution")]
    BadSubstitution,
    /// `${v!x}`, `${v:#x}` and other operators BuildKit does not have.
    #[error("unsupported modifier ({0}) in substitution")]
    UnsupportedModifier(String),
    /// `${v?message}` with `v` unset (or `${v:?message}` with `v` empty).
    #[error("{name}: {message}")]
    Required {
        /// The variable.
        name: String,
        /// The given message, or BuildKit's default.
        message: String,
    },
    /// A `#`, `%` or `/` pattern with a bad escape.
    #[error("invalid pattern ({pattern}) in substitution: {reason}")]
    InvalidPattern {
        /// The pattern as written.
        pattern: String,
        /// Why it is invalid.
        reason: String,
    },
}
