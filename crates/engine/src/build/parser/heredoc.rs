//! Heredocs: finding `<<EOF` markers in RUN/COPY/ADD lines and naming their delimiters.
//!
//! The line is split into words by the shell lexer in raw mode (quotes and escapes kept,
//! unset variables left alone); a word of the form `[fd]<<[-]WORD` is a heredoc. The
//! delimiter is `WORD` with its quotes removed; if any part of it was quoted (`<<"EOF"`,
//! `<<'EOF'`, `<<E"O"F`) the body is not expanded. `<<-` strips leading tabs from the body and
//! from the terminator line. Bodies are read by the parser after the instruction, in the
//! order the markers appear.

use nom::bytes::complete::{tag, take_while};
use nom::character::complete::{char, digit0};
use nom::combinator::{all_consuming, opt};
use nom::{IResult, Parser};

use crate::build::ast::Heredoc;
use crate::build::error::ParseErrorKind;
use crate::build::shell::{Lexer, NoEnv};

/// The heredocs whose markers appear in `line`, bodies still empty.
pub(crate) fn heredocs_from_line(line: &str) -> Result<Vec<Heredoc>, ParseErrorKind> {
    let mut lexer = Lexer::new('\\');
    lexer.raw_quotes = true;
    lexer.raw_escapes = true;
    lexer.skip_unset = true;
    // A line the lexer cannot split (an unclosed quote) simply has no heredocs.
    let words = lexer.process_words(line, &NoEnv).unwrap_or_default();
    let mut docs = Vec::new();
    for word in words {
        if let Some(doc) = parse_heredoc(&word)? {
            docs.push(doc);
        }
    }
    Ok(docs)
}

/// `[fd]<<[-]rest` where `rest` has no `<`: the parts.
fn marker(word: &str) -> IResult<&str, (&str, Option<char>, &str)> {
    all_consuming((digit0, tag("<<"), opt(char('-')), take_while(|c| c != '<')))
        .parse(word)
        .map(|(rest, (fd, _, dash, name))| (rest, (fd, dash, name)))
}

/// The heredoc a single word declares, if it declares one. `Err` when its delimiter cannot
/// be lexed (`<<'EOF`).
pub(crate) fn parse_heredoc(word: &str) -> Result<Option<Heredoc>, ParseErrorKind> {
    let Ok((_, (fd, dash, rest))) = marker(word) else {
        return Ok(None);
    };
    if rest.is_empty() {
        return Ok(None);
    }
    let mut lexer = Lexer::new('\\');
    lexer.skip_unset = true;
    let words = lexer
        .process_words(rest, &NoEnv)
        .map_err(ParseErrorKind::HeredocDelimiter)?;
    let [name] = words.as_slice() else {
        return Ok(None);
    };
    lexer.raw_quotes = true;
    let raw = lexer
        .process_words(rest, &NoEnv)
        .map_err(ParseErrorKind::HeredocDelimiter)?;
    let quotes = |s: &str| s.chars().filter(|c| *c == '"' || *c == '\'').count();
    // Quotes that the raw lexing kept but the normal one removed: part of the word was quoted.
    let expand = raw.len() == 1 && quotes(name) == quotes(&raw[0]);
    Ok(Some(Heredoc {
        name: name.clone(),
        fd: fd.parse().unwrap_or(0),
        expand,
        chomp: dash.is_some(),
        content: String::new(),
    }))
}

/// Whether `line` (a raw body line) ends the heredoc `doc`.
pub(crate) fn is_terminator(doc: &Heredoc, line: &str) -> bool {
    let line = line.trim_end_matches(['\r', '\n']);
    let line = if doc.chomp {
        line.trim_start_matches('\t')
    } else {
        line
    };
    line == doc.name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        heredocs_from_line(line)
            .unwrap()
            .into_iter()
            .map(|d| d.name)
            .collect()
    }

    #[test]
    fn finds_markers() {
        assert_eq!(names("RUN <<EOF"), ["EOF"]);
        assert_eq!(names("RUN <<-EOF"), ["EOF"]);
        assert_eq!(names("RUN <<'EOF'"), ["EOF"]);
        assert_eq!(names("RUN 4<<EOF"), ["EOF"]);
        assert_eq!(names("RUN <<EOF <<EOF2"), ["EOF", "EOF2"]);
        assert_eq!(names("RUN cat <<EOF > file"), ["EOF"]);
        assert!(names("RUN '<<EOF'").is_empty());
        assert!(names("RUN \"<<EOF\"").is_empty());
        assert!(names("RUN <<'EOF").is_empty());
        assert!(names("RUN a<<EOF").is_empty());
    }

    #[test]
    fn delimiters() {
        for valid in [
            "<<EOF",
            "<<'EOF'",
            "<<\"EOF\"",
            "<<-EOF",
            "<<-'EOF'",
            "<<-\"EOF\"",
        ] {
            assert_eq!(
                parse_heredoc(valid).unwrap().unwrap().name,
                "EOF",
                "{valid}"
            );
        }
        for invalid in ["<<'EOF", "<<\"EOF", "<<EOF'", "<<EOF\""] {
            assert!(parse_heredoc(invalid).is_err(), "{invalid}");
        }
        for not in ["", "EOF", "<<", "<<-", "<EOF", "<<<EOF"] {
            assert_eq!(parse_heredoc(not).unwrap(), None, "{not}");
        }
        let doc = parse_heredoc("3<<-E\"O\"F").unwrap().unwrap();
        assert_eq!(
            (doc.name.as_str(), doc.fd, doc.expand, doc.chomp),
            ("EOF", 3, false, true)
        );
        assert!(parse_heredoc("<<EOF").unwrap().unwrap().expand);
    }

    #[test]
    fn terminators() {
        let doc = parse_heredoc("<<-EOF").unwrap().unwrap();
        assert!(is_terminator(&doc, "\t\tEOF\r\n"));
        let doc = parse_heredoc("<<EOF").unwrap().unwrap();
        assert!(!is_terminator(&doc, "\tEOF\n"));
        assert!(is_terminator(&doc, "EOF"));
    }
}
