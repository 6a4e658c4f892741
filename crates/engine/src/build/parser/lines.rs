//! Physical lines: reading them, comments, and line continuations with the escape character.
//!
//! BuildKit reads a Dockerfile line by line and joins an instruction's continuation lines
//! before looking at it: a line whose last non-blank character is the escape character (not
//! itself escaped) continues on the next line; comment lines inside a continuation are
//! skipped, and so are blank ones (with a warning). Whitespace is Go's `unicode.IsSpace`,
//! which is Rust's `char::is_whitespace`.

use nom::bytes::complete::take_while;
use nom::character::complete::char;
use nom::combinator::{eof, recognize};
use nom::{IResult, Parser};

/// The longest physical line BuildKit's scanner reads (64 KiB, terminator included).
pub(crate) const MAX_LINE: usize = 64 * 1024;

/// The physical lines of a source, each with its `\n` (the last one may have none).
pub(crate) struct LineReader<'a> {
    rest: &'a str,
}

impl<'a> LineReader<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        LineReader { rest: src }
    }
}

impl<'a> Iterator for LineReader<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let end = self.rest.find('\n').map_or(self.rest.len(), |i| i + 1);
        let (line, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(line)
    }
}

/// `line` without its trailing `\r` and `\n` characters.
pub(crate) fn trim_newline(line: &str) -> &str {
    line.trim_end_matches(['\r', '\n'])
}

/// `s` without leading whitespace.
pub(crate) fn trim_left_space(s: &str) -> &str {
    s.trim_start_matches(char::is_whitespace)
}

/// Whether a raw line is a comment: `#` after optional leading whitespace.
pub(crate) fn is_comment(raw: &str) -> bool {
    trim_left_space(trim_newline(raw)).starts_with('#')
}

/// Whether a continuation line is blank.
pub(crate) fn is_blank(line: &str) -> bool {
    trim_left_space(trim_newline(line)).is_empty()
}

/// A line starting with `#` is a comment and contributes nothing.
pub(crate) fn strip_comment(line: &str) -> &str {
    if line.starts_with('#') {
        ""
    } else {
        line
    }
}

/// Cuts a trailing continuation off `line`: `(text, true)` when the line ends the
/// instruction, `(text without the escape and trailing blanks, false)` when it continues.
///
/// The line continues when its last non-blank (space or tab) character is `escape` and the
/// character before it is not `escape` too (`\\` at the end is a literal backslash), or when
/// the escape is alone on the line.
pub(crate) fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    match continuation(line, escape) {
        Ok((_, kept)) => (kept, false),
        Err(_) => (line, true),
    }
}

/// The continuation grammar: `text escape [ \t]* EOF` where `text` is empty or does not end
/// in `escape`. The output is `text`.
fn continuation(line: &str, escape: char) -> IResult<&str, &str> {
    let body = line.trim_end_matches([' ', '\t']);
    let Some(text) = body.strip_suffix(escape) else {
        return Err(nom::Err::Error(nom::error::Error::new(
            line,
            nom::error::ErrorKind::Char,
        )));
    };
    if text.ends_with(escape) {
        return Err(nom::Err::Error(nom::error::Error::new(
            line,
            nom::error::ErrorKind::Char,
        )));
    }
    // The tail after `text` must be exactly the escape and blanks.
    let (rest, _) = (
        char(escape),
        recognize(take_while(|c| c == ' ' || c == '\t')),
        eof,
    )
        .parse(&line[text.len()..])?;
    Ok((rest, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_with_terminators() {
        let lines: Vec<&str> = LineReader::new("a\r\nb\n\nc").collect();
        assert_eq!(lines, ["a\r\n", "b\n", "\n", "c"]);
        assert_eq!(LineReader::new("a\n").count(), 1);
    }

    #[test]
    fn continuations() {
        assert_eq!(trim_continuation("RUN a \\", '\\'), ("RUN a ", false));
        assert_eq!(trim_continuation("RUN a \\ \t", '\\'), ("RUN a ", false));
        assert_eq!(trim_continuation("RUN a \\\\", '\\'), ("RUN a \\\\", true));
        assert_eq!(trim_continuation("\\", '\\'), ("", false));
        assert_eq!(trim_continuation("  \\  ", '\\'), ("  ", false));
        assert_eq!(trim_continuation("RUN a `", '`'), ("RUN a ", false));
        assert_eq!(trim_continuation("RUN a \\", '`'), ("RUN a \\", true));
        assert_eq!(trim_continuation("RUN é\\", '\\'), ("RUN é", false));
        assert_eq!(trim_continuation("", '\\'), ("", true));
    }
}
