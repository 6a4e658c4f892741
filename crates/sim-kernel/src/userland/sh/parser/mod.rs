//! The shell grammar: tokens into [`ast`](super::ast) nodes, by recursive descent.
//!
//! The top level is parsed one complete command at a time ([`Parser::next_command`]) and run
//! before the next is read, as ash does: a syntax error on line 3 of a script comes after
//! lines 1 and 2 ran. Error texts are busybox ash's (`syntax error: unexpected "fi"`);
//! errors caused by running out of input are flagged so an interactive shell can ask for a
//! continuation line instead.

use std::cell::RefCell;
use std::rc::Rc;

mod compound;

use super::ast::{AndOr, Command, Compound, HereDoc, Item, List, Pipeline, Redir, RedirOp, RedirTarget, Simple, Word};
use super::lexer::{is_name, word_literal, Tok};
use compound::{as_assignment, heredoc_delimiter};

/// A syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong, as ash words it after `syntax error: `.
    pub msg: String,
    /// The line it was found on.
    pub line: u32,
    /// Whether more input could complete the text (an interactive shell then prompts `PS2`).
    pub eof: bool,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "syntax error: {}", self.msg)
    }
}

/// Words that end a list when they come where a command would.
const TERMINATORS: [&str; 8] = ["}", "fi", "then", "else", "elif", "do", "done", "esac"];

/// The reserved words.
pub const KEYWORDS: [&str; 16] = ["!", "{", "}", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then", "until", "while"];

/// How deeply blocks, substitutions and `${...}` may nest: the parser recurses, and its
/// frames share the page's stack.
pub const MAX_NESTING: u32 = 100;

/// A parser over one text.
pub struct Parser {
    src: Vec<char>,
    pub(crate) pos: usize,
    /// The current line number.
    pub(crate) line: u32,
    /// The line the last token started on.
    pub(crate) tok_line: u32,
    pub(super) peeked: Option<(Tok, u32)>,
    /// Here-documents whose bodies start after the next newline: (node, delimiter, strip tabs).
    pub(crate) pending_heredocs: Vec<(Rc<RefCell<HereDoc>>, String, bool)>,
    /// Current nesting of blocks and substitutions (see [`MAX_NESTING`]).
    pub(crate) depth: u32,
    /// More input may follow (a terminal): a here-document without its delimiter line is
    /// then incomplete rather than ended by the end of the text.
    pub interactive: bool,
}

impl Parser {
    /// A parser for `text`, counting lines from 1.
    pub fn new(text: &str) -> Parser {
        Parser { src: text.chars().collect(), pos: 0, line: 1, tok_line: 1, peeked: None, pending_heredocs: Vec::new(), depth: 0, interactive: false }
    }

    /// Sets the number of the first line (ash counts `-c` strings from 0).
    pub fn with_first_line(mut self, line: u32) -> Parser {
        self.line = line;
        self.tok_line = line;
        self
    }

    pub(crate) fn peek_char(&self) -> Option<char> {
        self.src.get(self.pos).copied()
    }

    pub(crate) fn peek_at(&self, n: usize) -> Option<char> {
        self.src.get(self.pos + n).copied()
    }

    pub(crate) fn starts_with(&self, s: &str) -> bool {
        s.chars().enumerate().all(|(i, c)| self.peek_at(i) == Some(c))
    }

    pub(crate) fn bump(&mut self) {
        if self.peek_char() == Some('\n') {
            self.line += 1;
        }
        self.pos += 1;
    }

    pub(crate) fn eof_error(&self, msg: &str) -> ParseError {
        ParseError { msg: msg.into(), line: self.line, eof: true }
    }

    pub(super) fn peek(&mut self) -> Result<&Tok, ParseError> {
        if self.peeked.is_none() {
            let t = self.lex()?;
            self.peeked = Some((t, self.tok_line));
        }
        Ok(&self.peeked.as_ref().expect("just filled").0)
    }

    pub(super) fn next(&mut self) -> Result<Tok, ParseError> {
        self.peek()?;
        Ok(self.peeked.take().expect("just peeked").0)
    }

    pub(super) fn peek_line(&mut self) -> Result<u32, ParseError> {
        self.peek()?;
        Ok(self.peeked.as_ref().map_or(self.line, |p| p.1))
    }

    pub(super) fn peek_keyword(&mut self) -> Result<Option<&'static str>, ParseError> {
        Ok(match self.peek()? {
            Tok::Word(w) => word_literal(w).and_then(|s| KEYWORDS.iter().find(|k| **k == s).copied()),
            _ => None,
        })
    }

    pub(super) fn unexpected(&mut self, expecting: Option<&str>) -> ParseError {
        let line = self.peek_line().unwrap_or(self.line);
        let (what, eof) = match self.peek() {
            Ok(Tok::Eof) => ("end of file".to_string(), true),
            Ok(Tok::Newline) => ("newline".to_string(), false),
            Ok(Tok::Op(op)) => (format!("\"{op}\""), false),
            Ok(Tok::IoNumber(_)) => ("redirection".to_string(), false),
            Ok(Tok::Word(w)) => match word_literal(w).filter(|s| KEYWORDS.contains(s)) {
                Some(k) => (format!("\"{k}\""), false),
                None => ("word".to_string(), false),
            },
            Err(e) => return e,
        };
        let msg = match expecting {
            Some(k) => format!("unexpected {what} (expecting \"{k}\")"),
            None => format!("unexpected {what}"),
        };
        ParseError { msg, line, eof }
    }

    pub(super) fn expect_keyword(&mut self, k: &str) -> Result<(), ParseError> {
        if self.peek_keyword()? == Some(k) {
            self.next()?;
            Ok(())
        } else {
            Err(self.unexpected(Some(k)))
        }
    }

    pub(super) fn skip_newlines(&mut self) -> Result<(), ParseError> {
        while *self.peek()? == Tok::Newline {
            self.next()?;
        }
        Ok(())
    }

    /// Parses the next complete command (up to a newline at the top level); `None` at the
    /// end of the text.
    pub fn next_command(&mut self) -> Result<Option<(List, u32)>, ParseError> {
        self.skip_newlines()?;
        if *self.peek()? == Tok::Eof {
            return Ok(None);
        }
        let line = self.peek_line()?;
        let list = self.list(false)?;
        match self.peek()? {
            Tok::Newline => {
                self.next()?;
            }
            Tok::Eof => {}
            _ => return Err(self.unexpected(None)),
        }
        Ok(Some((list, line)))
    }

    /// Parses the whole text (a backquoted substitution, `eval` argument, trap action).
    pub fn parse_all(&mut self) -> Result<List, ParseError> {
        let mut all = List::default();
        while let Some((list, _)) = self.next_command()? {
            all.0.extend(list.0);
        }
        Ok(all)
    }

    /// `$(...)` after the parenthesis: a program up to the matching `)`.
    pub(crate) fn parse_subst_list(&mut self) -> Result<List, ParseError> {
        let saved = self.peeked.take();
        let list = self.list(true)?;
        if *self.peek()? != Tok::Op(")") {
            return Err(self.unexpected(Some(")")));
        }
        // The `)` ends the substitution; the word goes on right after it.
        self.peeked = saved;
        Ok(list)
    }

    /// A list: and-or lists separated by `;`, `&` or (when `multiline`) newlines; stops
    /// before a reserved word that ends a block, `)`, `;;` or the end.
    pub(super) fn list(&mut self, multiline: bool) -> Result<List, ParseError> {
        self.enter()?;
        let r = self.list_inner(multiline);
        self.depth -= 1;
        r
    }

    /// Counts one more level of nesting; an error past [`MAX_NESTING`].
    pub(crate) fn enter(&mut self) -> Result<(), ParseError> {
        if self.depth >= MAX_NESTING {
            return Err(ParseError { msg: "nesting too deep".into(), line: self.line, eof: false });
        }
        self.depth += 1;
        Ok(())
    }

    fn list_inner(&mut self, multiline: bool) -> Result<List, ParseError> {
        let mut items = Vec::new();
        loop {
            if multiline {
                self.skip_newlines()?;
            }
            if let Some(k) = self.peek_keyword()? {
                if TERMINATORS.contains(&k) {
                    if items.is_empty() {
                        return Err(self.unexpected(None));
                    }
                    break;
                }
            }
            match self.peek()? {
                Tok::Eof => break,
                Tok::Op(")") | Tok::Op(";;") if multiline => {
                    if items.is_empty() && *self.peek()? == Tok::Op(")") {
                        return Err(self.unexpected(None));
                    }
                    break;
                }
                _ => {}
            }
            let and_or = self.and_or()?;
            let background = match self.peek()? {
                Tok::Op("&") => {
                    self.next()?;
                    true
                }
                Tok::Op(";") => {
                    self.next()?;
                    false
                }
                Tok::Newline if multiline => false,
                _ => {
                    items.push(Item { and_or, background: false });
                    break;
                }
            };
            items.push(Item { and_or, background });
            if !multiline && *self.peek()? == Tok::Newline {
                break;
            }
        }
        Ok(List(items))
    }

    fn and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let on_success = match self.peek()? {
                Tok::Op("&&") => true,
                Tok::Op("||") => false,
                _ => break,
            };
            self.next()?;
            self.skip_newlines()?;
            rest.push((on_success, self.pipeline()?));
        }
        Ok(AndOr { first, rest })
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        let negate = self.peek_keyword()? == Some("!");
        if negate {
            self.next()?;
            if self.peek_keyword()? == Some("!") {
                return Err(self.unexpected(None));
            }
        }
        let mut commands = vec![self.command()?];
        while *self.peek()? == Tok::Op("|") {
            self.next()?;
            self.skip_newlines()?;
            commands.push(self.command()?);
        }
        Ok(Pipeline { negate, commands })
    }

    pub(super) fn command(&mut self) -> Result<Command, ParseError> {
        let compound = match self.peek_keyword()? {
            Some("{") => {
                self.next()?;
                let body = self.list(true)?;
                self.expect_keyword("}")?;
                Compound::Group(body)
            }
            Some("if") => self.if_clause()?,
            Some(k @ ("while" | "until")) => {
                let until = k == "until";
                self.next()?;
                let cond = self.list(true)?;
                self.expect_keyword("do")?;
                let body = self.list(true)?;
                self.expect_keyword("done")?;
                Compound::Loop(until, cond, body)
            }
            Some("for") => self.for_clause()?,
            Some("case") => self.case_clause()?,
            Some(_) => return Err(self.unexpected(None)),
            None if *self.peek()? == Tok::Op("(") => {
                self.next()?;
                let body = self.list(true)?;
                if *self.peek()? != Tok::Op(")") {
                    return Err(self.unexpected(Some(")")));
                }
                self.next()?;
                Compound::Subshell(body)
            }
            None => return self.simple(),
        };
        let mut redirs = Vec::new();
        while let Some(r) = self.redirection()? {
            redirs.push(r);
        }
        if matches!(self.peek()?, Tok::Word(_)) {
            return Err(self.unexpected(None));
        }
        Ok(Command::Compound(compound, redirs))
    }

    fn redirection(&mut self) -> Result<Option<Redir>, ParseError> {
        let fd = match self.peek()? {
            Tok::IoNumber(n) => Some(*n),
            Tok::Op("<" | ">" | ">>" | "<<" | "<<-" | "<&" | ">&" | "<>" | ">|") => None,
            _ => return Ok(None),
        };
        if fd.is_some() {
            self.next()?;
        }
        let Tok::Op(op) = self.next()? else { return Err(self.unexpected(None)) };
        let target = match self.next()? {
            Tok::Word(w) => w,
            Tok::Op("<" | ">" | ">>" | "<<" | "<<-" | "<&" | ">&" | "<>" | ">|") => {
                return Err(ParseError { msg: "unexpected redirection".into(), line: self.tok_line, eof: false })
            }
            t => {
                self.peeked = Some((t, self.tok_line));
                return Err(self.unexpected(None));
            }
        };
        let target = match op {
            "<<" | "<<-" => {
                let (delim, quoted) = heredoc_delimiter(&target);
                let doc = Rc::new(RefCell::new(HereDoc { body: Word::default(), quoted }));
                self.pending_heredocs.push((doc.clone(), delim, op == "<<-"));
                RedirTarget::HereDoc(doc)
            }
            _ => {
                let rop = match op {
                    "<" => RedirOp::In,
                    ">" | ">|" => RedirOp::Out,
                    ">>" => RedirOp::Append,
                    "<>" => RedirOp::ReadWrite,
                    "<&" => RedirOp::DupIn,
                    _ => RedirOp::DupOut,
                };
                RedirTarget::Word(rop, target)
            }
        };
        Ok(Some(Redir { fd, target }))
    }

    fn simple(&mut self) -> Result<Command, ParseError> {
        if matches!(self.peek()?, Tok::Word(w) if word_literal(w) == Some("function")) {
            return self.function_keyword();
        }
        let mut cmd = Simple { line: self.peek_line()?, ..Simple::default() };
        loop {
            if let Some(r) = self.redirection()? {
                cmd.redirs.push(r);
                continue;
            }
            let Tok::Word(w) = self.peek()? else { break };
            let w = w.clone();
            if cmd.words.is_empty() {
                if let Some(a) = as_assignment(&w) {
                    self.next()?;
                    cmd.assigns.push(a);
                    continue;
                }
            }
            self.next()?;
            cmd.words.push(w);
        }
        if *self.peek()? == Tok::Op("(") {
            let name = match (cmd.assigns.is_empty() && cmd.redirs.is_empty(), cmd.words.as_slice()) {
                (true, [w]) => word_literal(w).filter(|n| !KEYWORDS.contains(n)).map(str::to_string),
                _ => None,
            };
            let Some(name) = name else { return Err(self.unexpected(None)) };
            if !is_name(&name) {
                return Err(ParseError { msg: "bad function name".into(), line: self.line, eof: false });
            }
            self.next()?;
            if *self.peek()? != Tok::Op(")") {
                return Err(self.unexpected(Some(")")));
            }
            self.next()?;
            self.skip_newlines()?;
            let body = self.command()?;
            return Ok(Command::Function(name, Rc::new(body)));
        }
        if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirs.is_empty() {
            return Err(self.unexpected(None));
        }
        Ok(Command::Simple(cmd))
    }
}
