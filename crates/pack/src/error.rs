//! Parse errors, each naming the file and line an instructor has to fix.

use std::fmt;

/// A place in a pack: a file relative to the pack's directory, and a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Location {
    /// The file, relative to the pack directory (`m03-chroot.md`).
    pub file: String,
    /// The line, from 1 (0 when the whole file is meant).
    pub line: usize,
}

impl Location {
    /// `file` at `line`.
    pub fn new(file: &str, line: usize) -> Location {
        Location { file: file.to_string(), line }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// Something wrong in a pack's files, found before anything runs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {message}")]
pub struct ParseError {
    /// Where.
    pub at: Location,
    /// What, lower-case, quoting the offending input.
    pub message: String,
}

impl ParseError {
    /// An error at `file:line`.
    pub fn new(file: &str, line: usize, message: impl Into<String>) -> ParseError {
        ParseError { at: Location::new(file, line), message: message.into() }
    }
}

/// Several errors at once, so an instructor fixes a file in one pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseErrors(pub Vec<ParseError>);

impl fmt::Display for ParseErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseErrors {}
