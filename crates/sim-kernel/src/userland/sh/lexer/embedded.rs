//! Text embedded in words that is read differently from the rest: `$'...'` escapes,
//! backquoted commands, and here-document bodies (which start after the next newline).

use std::rc::Rc;

use super::Ctx;
use crate::userland::sh::ast::{HereDoc, Part, Word};
use crate::userland::sh::parser::{ParseError, Parser};

/// The text of `$'...'` (after the quote): backslash escapes as bash and ash read them, up to
/// the closing quote; `None` if it never closes.
pub(super) fn ansi_c(chars: &[char]) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c == '\'' {
            return Some((out, i));
        }
        if c != '\\' || i >= chars.len() {
            out.push(c);
            continue;
        }
        let e = chars[i];
        i += 1;
        let simple = match e {
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'e' | 'E' => Some('\x1b'),
            'f' => Some('\x0c'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\x0b'),
            '\\' | '\'' | '"' | '?' => Some(e),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            continue;
        }
        let (radix, max, start) = match e {
            'x' => (16, 2, i),
            '0'..='7' => (8, 3, i - 1),
            _ => {
                out.push('\\');
                out.push(e);
                continue;
            }
        };
        let mut end = start;
        while end < chars.len() && end - start < max && chars[end].is_digit(radix) {
            end += 1;
        }
        let digits: String = chars[start..end].iter().collect();
        match u32::from_str_radix(&digits, radix).ok().and_then(char::from_u32) {
            Some(ch) => out.push(ch),
            None => {
                out.push('\\');
                out.push(e);
            }
        }
        i = end.max(i);
    }
    None
}

impl Parser {
    /// `` `...` ``: unescapes the text, then parses it as a program.
    pub(super) fn read_backquote(&mut self, ctx: Ctx) -> Result<Part, ParseError> {
        let in_double = matches!(ctx, Ctx::Double | Ctx::Brace { in_double: true } | Ctx::Pattern { in_double: true });
        self.bump();
        let mut text = String::new();
        loop {
            match self.peek_char() {
                None => return Err(self.eof_error("EOF in backquote substitution")),
                Some('`') => {
                    self.bump();
                    break;
                }
                Some('\\') => {
                    self.bump();
                    match self.peek_char() {
                        Some(c @ ('$' | '`' | '\\')) => text.push(c),
                        Some('"') if in_double => text.push('"'),
                        Some('\n') => {}
                        Some(c) => {
                            text.push('\\');
                            text.push(c);
                        }
                        None => return Err(self.eof_error("EOF in backquote substitution")),
                    }
                    self.bump();
                }
                Some(c) => {
                    text.push(c);
                    self.bump();
                }
            }
        }
        let mut sub = Parser::new(&text);
        sub.line = self.line;
        sub.depth = self.depth;
        let list = sub.parse_all()?;
        Ok(Part::Command(Rc::new(list)))
    }

    /// Reads the bodies of the here-documents whose operators were on the line just ended.
    pub(super) fn read_heredoc_bodies(&mut self) -> Result<(), ParseError> {
        for (doc, delim, strip) in std::mem::take(&mut self.pending_heredocs) {
            let mut body = String::new();
            loop {
                if self.peek_char().is_none() {
                    if self.interactive {
                        return Err(self.eof_error("unexpected end of file"));
                    }
                    break;
                }
                let mut line = String::new();
                while let Some(c) = self.peek_char() {
                    self.bump();
                    if c == '\n' {
                        break;
                    }
                    line.push(c);
                }
                let line = if strip { line.trim_start_matches('\t').to_string() } else { line };
                if line == delim {
                    break;
                }
                body.push_str(&line);
                body.push('\n');
            }
            let quoted = doc.borrow().quoted;
            let word = if quoted {
                Word(vec![Part::Quoted(body)])
            } else {
                let mut sub = Parser::new(&body);
                sub.line = self.line;
                Word(sub.read_parts(Ctx::Raw)?)
            };
            *doc.borrow_mut() = HereDoc { body: word, quoted };
        }
        Ok(())
    }
}
