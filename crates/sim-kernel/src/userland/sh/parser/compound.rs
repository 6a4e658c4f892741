//! The compound commands' grammar (`if`, `for`, `case`) and the word-level helpers the
//! parser needs (assignments, here-document delimiters).

use std::rc::Rc;

use super::{ParseError, Parser};
use crate::userland::sh::ast::{Assign, CaseArm, Command, Compound, List, Part, Word};
use crate::userland::sh::lexer::{is_name, word_literal, Tok};

impl Parser {
    /// bash's `function name [()] body`, which ash accepts.
    pub(super) fn function_keyword(&mut self) -> Result<Command, ParseError> {
        self.next()?;
        let name = match self.next()? {
            Tok::Word(w) => word_literal(&w).map(str::to_string),
            t => {
                self.peeked = Some((t, self.tok_line));
                return Err(self.unexpected(None));
            }
        };
        let Some(name) = name.filter(|n| is_name(n)) else {
            return Err(ParseError { msg: "bad function name".into(), line: self.line, eof: false });
        };
        if *self.peek()? == Tok::Op("(") {
            self.next()?;
            if *self.peek()? != Tok::Op(")") {
                return Err(self.unexpected(Some(")")));
            }
            self.next()?;
        }
        self.skip_newlines()?;
        let body = self.command()?;
        Ok(Command::Function(name, Rc::new(body)))
    }

    pub(super) fn if_clause(&mut self) -> Result<Compound, ParseError> {
        self.next()?;
        let mut arms = Vec::new();
        let mut otherwise = None;
        loop {
            let cond = self.list(true)?;
            self.expect_keyword("then")?;
            let body = self.list(true)?;
            arms.push((cond, body));
            match self.peek_keyword()? {
                Some("elif") => {
                    self.next()?;
                }
                Some("else") => {
                    self.next()?;
                    otherwise = Some(self.list(true)?);
                    self.expect_keyword("fi")?;
                    break;
                }
                _ => {
                    self.expect_keyword("fi")?;
                    break;
                }
            }
        }
        Ok(Compound::If(arms, otherwise))
    }

    pub(super) fn for_clause(&mut self) -> Result<Compound, ParseError> {
        self.next()?;
        let bad = |p: &Parser| ParseError { msg: "bad for loop variable".into(), line: p.line, eof: false };
        let name = match self.next()? {
            Tok::Word(w) => match word_literal(&w) {
                Some(n) if is_name(n) => n.to_string(),
                _ => return Err(bad(self)),
            },
            _ => return Err(bad(self)),
        };
        let mut items = None;
        let mut nl = false;
        while *self.peek()? == Tok::Newline {
            self.next()?;
            nl = true;
        }
        if self.peek_keyword()? == Some("in") {
            self.next()?;
            let mut words = Vec::new();
            while let Tok::Word(_) = self.peek()? {
                let Tok::Word(w) = self.next()? else { unreachable!("peeked a word") };
                words.push(w);
            }
            match self.peek()? {
                Tok::Op(";") | Tok::Newline => {
                    self.next()?;
                }
                _ => return Err(self.unexpected(Some("do"))),
            }
            items = Some(words);
        } else if !nl && *self.peek()? == Tok::Op(";") {
            self.next()?;
        }
        self.skip_newlines()?;
        self.expect_keyword("do")?;
        let body = self.list(true)?;
        self.expect_keyword("done")?;
        Ok(Compound::For(name, items, body))
    }

    pub(super) fn case_clause(&mut self) -> Result<Compound, ParseError> {
        self.next()?;
        let word = match self.next()? {
            Tok::Word(w) => w,
            _ => return Err(ParseError { msg: "unexpected word".into(), line: self.line, eof: false }),
        };
        self.skip_newlines()?;
        self.expect_keyword("in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.peek_keyword()? == Some("esac") {
                self.next()?;
                break;
            }
            if *self.peek()? == Tok::Op("(") {
                self.next()?;
            }
            let mut patterns = Vec::new();
            loop {
                match self.next()? {
                    Tok::Word(w) => patterns.push(w),
                    t => {
                        self.peeked = Some((t, self.tok_line));
                        return Err(self.unexpected(None));
                    }
                }
                match self.peek()? {
                    Tok::Op("|") => {
                        self.next()?;
                    }
                    Tok::Op(")") => {
                        self.next()?;
                        break;
                    }
                    _ => return Err(self.unexpected(Some(")"))),
                }
            }
            self.skip_newlines()?;
            let body = match (self.peek_keyword()?, self.peek()?) {
                (Some("esac"), _) | (None, Tok::Op(";;")) => List::default(),
                _ => self.list(true)?,
            };
            arms.push(CaseArm { patterns, body });
            match self.peek()? {
                Tok::Op(";;") => {
                    self.next()?;
                }
                _ => {
                    self.expect_keyword("esac")?;
                    break;
                }
            }
        }
        Ok(Compound::Case(word, arms))
    }
}

/// `name=value` at the start of a simple command.
pub(super) fn as_assignment(w: &Word) -> Option<Assign> {
    let Some(Part::Lit(first)) = w.0.first() else { return None };
    let (name, rest) = first.split_once('=')?;
    if !is_name(name) {
        return None;
    }
    let mut value = assignment_tildes(rest, w.0.len() == 1);
    value.extend(w.0[1..].iter().cloned());
    Some(Assign { name: name.to_string(), value: Word(value) })
}

/// The literal start of an assignment's value, with `~` expanded at its start and after each
/// `:` (`PATH=~/bin:~root/bin`), as ash does. `whole`: nothing follows this text.
fn assignment_tildes(text: &str, whole: bool) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let lit = |parts: &mut Vec<Part>, s: &str| match parts.last_mut() {
        Some(Part::Lit(l)) => l.push_str(s),
        _ if s.is_empty() => {}
        _ => parts.push(Part::Lit(s.to_string())),
    };
    let segments: Vec<&str> = text.split(':').collect();
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            lit(&mut parts, ":");
        }
        if let Some(t) = seg.strip_prefix('~') {
            let (user, tail) = match t.split_once('/') {
                Some((u, r)) => (u, Some(r)),
                None => (t, None),
            };
            let ends_here = tail.is_some() || i + 1 < segments.len() || whole;
            if ends_here && user.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
                parts.push(Part::Tilde(user.to_string()));
                if let Some(r) = tail {
                    parts.push(Part::Lit(format!("/{r}")));
                }
                continue;
            }
        }
        lit(&mut parts, seg);
    }
    parts
}

/// A here-document's delimiter after quote removal, and whether any of it was quoted.
pub(super) fn heredoc_delimiter(w: &Word) -> (String, bool) {
    let mut text = String::new();
    let mut quoted = false;
    fn walk(parts: &[Part], text: &mut String, quoted: &mut bool) {
        for p in parts {
            match p {
                Part::Lit(s) => text.push_str(s),
                Part::Quoted(s) => {
                    *quoted = true;
                    text.push_str(s);
                }
                Part::Double(inner) => {
                    *quoted = true;
                    walk(inner, text, quoted);
                }
                Part::Tilde(u) => {
                    text.push('~');
                    text.push_str(u);
                }
                Part::Param(p) => {
                    text.push('$');
                    text.push_str(&p.name);
                }
                Part::Command(_) | Part::Arith(_) => text.push_str("$(...)"),
            }
        }
    }
    walk(&w.0, &mut text, &mut quoted);
    (text, quoted)
}
