//! Tokens and words: the character level of the shell language.
//!
//! The lexer is a set of methods on [`Parser`] rather than a separate pass, because the shell
//! cannot be tokenised ahead of parsing: `$(...)` nests a whole program inside a word, and
//! here-document bodies start after the *next* newline. Words come out structured
//! ([`Part`]s) so quoting survives until expansion.

use std::rc::Rc;

mod embedded;

use super::ast::{Param, ParamOp, Part, Word};
use super::parser::{ParseError, Parser};
use embedded::ansi_c;

/// A token.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A word (possibly a reserved word: see [`word_literal`]).
    Word(Word),
    /// An operator: `&& || ;; ; & | ( ) < > >> << <<- <& >& <> >|`.
    Op(&'static str),
    /// Digits right before a redirection operator (`2>`).
    IoNumber(i32),
    /// A newline.
    Newline,
    /// End of input.
    Eof,
}

/// The operators, longest first so that `<<-` wins over `<<` and `<`.
const OPS: [&str; 17] = ["<<-", "&&", "||", ";;", "<<", "<&", "<>", ">>", ">&", ">|", ";", "&", "|", "(", ")", "<", ">"];

/// The text of a word made only of unquoted literal characters (reserved words, names).
pub fn word_literal(w: &Word) -> Option<&str> {
    match w.0.as_slice() {
        [Part::Lit(s)] => Some(s),
        _ => None,
    }
}

/// Whether `s` is a valid variable name.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic()) && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Where a word is being read: what ends it and which characters are special.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ctx {
    /// An ordinary word: ends at a blank or an operator character.
    Normal,
    /// Inside `"..."`.
    Double,
    /// The word of `${x-word}`: ends at `}`; `in_double` when the expansion is inside quotes.
    Brace { in_double: bool },
    /// The pattern of `${x/pattern/replacement}`: ends at `/` or `}`.
    Pattern { in_double: bool },
    /// The offset or length of `${x:offset:length}`: ends at `:` or `}`; like [`Ctx::Raw`].
    Slice,
    /// A here-document body or arithmetic text: only `$`, `` ` `` and `\` are special.
    Raw,
}

impl Ctx {
    /// Whether quotes (`'...'`, `"..."`) start here, as outside double quotes.
    fn quotes(self) -> bool {
        matches!(self, Ctx::Normal | Ctx::Brace { in_double: false } | Ctx::Pattern { in_double: false })
    }
}

fn is_meta(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>')
}

/// Appends literal text to a part list, merging with a previous literal of the same kind.
fn push_lit(parts: &mut Vec<Part>, c: char, quoted: bool) {
    match (parts.last_mut(), quoted) {
        (Some(Part::Lit(s)), false) | (Some(Part::Quoted(s)), true) => s.push(c),
        _ => parts.push(if quoted { Part::Quoted(c.to_string()) } else { Part::Lit(c.to_string()) }),
    }
}

impl Parser {
    /// Reads the next token from the input.
    pub(crate) fn lex(&mut self) -> Result<Tok, ParseError> {
        loop {
            match self.peek_char() {
                Some(' ' | '\t') => self.bump(),
                Some('\\') if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                Some('#') => {
                    while self.peek_char().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                _ => break,
            }
        }
        let line = self.line;
        let tok = self.lex_token();
        self.tok_line = line;
        tok
    }

    /// The token at the current position, blanks and comments skipped.
    fn lex_token(&mut self) -> Result<Tok, ParseError> {
        let Some(c) = self.peek_char() else { return Ok(Tok::Eof) };
        if c == '\n' {
            self.bump();
            self.read_heredoc_bodies()?;
            return Ok(Tok::Newline);
        }
        for op in OPS {
            if self.starts_with(op) {
                for _ in 0..op.len() {
                    self.bump();
                }
                return Ok(Tok::Op(op));
            }
        }
        if c.is_ascii_digit() {
            let mut n = 0;
            while self.peek_at(n).is_some_and(|c| c.is_ascii_digit()) {
                n += 1;
            }
            if matches!(self.peek_at(n), Some('<' | '>')) {
                let digits: String = (0..n).filter_map(|i| self.peek_at(i)).collect();
                if let Ok(fd) = digits.parse::<i32>() {
                    for _ in 0..n {
                        self.bump();
                    }
                    return Ok(Tok::IoNumber(fd));
                }
            }
        }
        let parts = self.read_parts(Ctx::Normal)?;
        Ok(Tok::Word(Word(parts)))
    }

    /// The whole text as one word with expansions but no quoting (a prompt string).
    pub(crate) fn prompt_word(&mut self) -> Result<Word, ParseError> {
        Ok(Word(self.read_parts(Ctx::Raw)?))
    }

    /// Reads word parts until the context's end (not consumed, except a closing quote).
    pub(crate) fn read_parts(&mut self, ctx: Ctx) -> Result<Vec<Part>, ParseError> {
        self.enter()?;
        let r = self.read_parts_inner(ctx);
        self.depth -= 1;
        r
    }

    fn read_parts_inner(&mut self, ctx: Ctx) -> Result<Vec<Part>, ParseError> {
        let mut parts = Vec::new();
        let start = self.pos;
        loop {
            let Some(c) = self.peek_char() else {
                return match ctx {
                    Ctx::Normal | Ctx::Raw => Ok(parts),
                    Ctx::Double => Err(self.eof_error("unterminated quoted string")),
                    Ctx::Brace { .. } | Ctx::Pattern { .. } | Ctx::Slice => Err(self.eof_error("missing '}'")),
                };
            };
            match (ctx, c) {
                (Ctx::Normal, c) if is_meta(c) => return Ok(parts),
                (Ctx::Double, '"') => {
                    self.bump();
                    return Ok(parts);
                }
                (Ctx::Brace { .. } | Ctx::Pattern { .. } | Ctx::Slice, '}') => return Ok(parts),
                (Ctx::Pattern { .. }, '/') | (Ctx::Slice, ':') => return Ok(parts),
                (c, '$') if c.quotes() && self.peek_at(1) == Some('\'') => {
                    let rest: Vec<char> = (2..).map_while(|n| self.peek_at(n)).collect();
                    let Some((text, used)) = ansi_c(&rest) else { return Err(self.eof_error("unterminated quoted string")) };
                    for _ in 0..used + 2 {
                        self.bump();
                    }
                    parts.push(Part::Quoted(text));
                }
                (_, '\\') => {
                    self.bump();
                    match (ctx, self.peek_char()) {
                        (_, Some('\n')) => self.bump(),
                        (_, None) => push_lit(&mut parts, '\\', false),
                        (c, Some(ch)) if c.quotes() => {
                            self.bump();
                            push_lit(&mut parts, ch, true);
                        }
                        (Ctx::Double | Ctx::Brace { in_double: true } | Ctx::Pattern { in_double: true }, Some(c @ ('$' | '`' | '"' | '\\')))
                        | (Ctx::Brace { in_double: true } | Ctx::Pattern { in_double: true }, Some(c @ '}'))
                        | (Ctx::Raw | Ctx::Slice, Some(c @ ('$' | '`' | '\\'))) => {
                            self.bump();
                            push_lit(&mut parts, c, true);
                        }
                        (_, Some(_)) => push_lit(&mut parts, '\\', true),
                    }
                }
                (c, '\'') if c.quotes() => {
                    self.bump();
                    let mut s = String::new();
                    loop {
                        match self.peek_char() {
                            None => return Err(self.eof_error("unterminated quoted string")),
                            Some('\'') => break,
                            Some(c) => {
                                s.push(c);
                                self.bump();
                            }
                        }
                    }
                    self.bump();
                    parts.push(Part::Quoted(s));
                }
                (c, '"') if c.quotes() => {
                    self.bump();
                    let inner = self.read_parts(Ctx::Double)?;
                    parts.push(Part::Double(inner));
                }
                (_, '$') => self.read_dollar(&mut parts, ctx)?,
                (_, '`') => parts.push(self.read_backquote(ctx)?),
                (Ctx::Normal, '~') if self.pos == start => {
                    self.bump();
                    let mut user = String::new();
                    while let Some(c) = self.peek_char().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
                        user.push(c);
                        self.bump();
                    }
                    if self.peek_char().is_none_or(|c| c == '/' || is_meta(c)) {
                        parts.push(Part::Tilde(user));
                    } else {
                        parts.push(Part::Lit(format!("~{user}")));
                    }
                }
                (c, ch) if !c.quotes() => {
                    self.bump();
                    push_lit(&mut parts, ch, true);
                }
                (_, c) => {
                    self.bump();
                    push_lit(&mut parts, c, false);
                }
            }
        }
    }

    /// `$...`: a parameter, `${...}`, `$(...)` or `$((...))`; a lone `$` is literal.
    fn read_dollar(&mut self, parts: &mut Vec<Part>, ctx: Ctx) -> Result<(), ParseError> {
        let quoted = !ctx.quotes();
        self.bump();
        match self.peek_char() {
            Some('(') if self.peek_at(1) == Some('(') => {
                self.bump();
                self.bump();
                let text = self.read_arith_text()?;
                let mut sub = Parser::new(&text);
                sub.depth = self.depth;
                let inner = sub.read_parts(Ctx::Raw)?;
                parts.push(Part::Arith(Word(inner)));
            }
            Some('(') => {
                self.bump();
                let list = self.parse_subst_list()?;
                parts.push(Part::Command(Rc::new(list)));
            }
            Some('{') => {
                self.bump();
                let p = self.read_braced_param(quoted)?;
                parts.push(Part::Param(Box::new(p)));
            }
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                let mut name = String::new();
                while let Some(c) = self.peek_char().filter(|c| *c == '_' || c.is_ascii_alphanumeric()) {
                    name.push(c);
                    self.bump();
                }
                parts.push(Part::Param(Box::new(Param { name, op: ParamOp::Plain })));
            }
            Some(c) if c.is_ascii_digit() || matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!') => {
                self.bump();
                parts.push(Part::Param(Box::new(Param { name: c.to_string(), op: ParamOp::Plain })));
            }
            _ => push_lit(parts, '$', quoted),
        }
        Ok(())
    }

    /// The text of `$((...))` up to the matching `))`, which is consumed.
    fn read_arith_text(&mut self) -> Result<String, ParseError> {
        let mut depth = 0u32;
        let mut text = String::new();
        loop {
            match self.peek_char() {
                None => return Err(self.eof_error("missing '))'")),
                Some(')') if depth == 0 && self.peek_at(1) == Some(')') => {
                    self.bump();
                    self.bump();
                    return Ok(text);
                }
                Some(c) => {
                    match c {
                        '(' => depth += 1,
                        ')' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    text.push(c);
                    self.bump();
                }
            }
        }
    }

    /// `${...}` after the brace.
    fn read_braced_param(&mut self, in_double: bool) -> Result<Param, ParseError> {
        let special = |c: char| matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!');
        let mut length = false;
        if self.peek_char() == Some('#') {
            let next = self.peek_at(1);
            if next.is_some_and(|c| c == '_' || c.is_ascii_alphanumeric() || (special(c) && self.peek_at(2) == Some('}'))) {
                self.bump();
                length = true;
            }
        }
        let mut name = String::new();
        match self.peek_char() {
            None => return Err(self.eof_error("missing '}'")),
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                while let Some(c) = self.peek_char().filter(|c| *c == '_' || c.is_ascii_alphanumeric()) {
                    name.push(c);
                    self.bump();
                }
            }
            Some(c) if c.is_ascii_digit() => {
                while let Some(c) = self.peek_char().filter(char::is_ascii_digit) {
                    name.push(c);
                    self.bump();
                }
            }
            Some(c) if special(c) => {
                name.push(c);
                self.bump();
            }
            Some(_) => return Err(self.bad_substitution()),
        }
        if length {
            return match self.peek_char() {
                Some('}') => {
                    self.bump();
                    Ok(Param { name, op: ParamOp::Length })
                }
                None => Err(self.eof_error("missing '}'")),
                Some(_) => Err(self.bad_substitution()),
            };
        }
        let colon = self.peek_char() == Some(':');
        if colon {
            self.bump();
            if !matches!(self.peek_char(), Some('-' | '=' | '?' | '+') | None) {
                let offset = Word(self.read_parts(Ctx::Slice)?);
                let length = if self.peek_char() == Some(':') {
                    self.bump();
                    Some(Word(self.read_parts(Ctx::Slice)?))
                } else {
                    None
                };
                self.bump(); // the closing brace
                return Ok(Param { name, op: ParamOp::Substring(offset, length) });
            }
        }
        if !colon && self.peek_char() == Some('/') {
            self.bump();
            let all = self.peek_char() == Some('/');
            if all {
                self.bump();
            }
            let pattern = Word(self.read_parts(Ctx::Pattern { in_double })?);
            let replacement = if self.peek_char() == Some('/') {
                self.bump();
                Some(Word(self.read_parts(Ctx::Brace { in_double })?))
            } else {
                None
            };
            self.bump(); // the closing brace
            return Ok(Param { name, op: ParamOp::Replace(all, pattern, replacement) });
        }
        let op_char = match self.peek_char() {
            None => return Err(self.eof_error("missing '}'")),
            Some('}') if !colon => {
                self.bump();
                return Ok(Param { name, op: ParamOp::Plain });
            }
            Some(c @ ('-' | '=' | '?' | '+')) => c,
            Some(c @ ('#' | '%')) if !colon => c,
            Some(_) => return Err(self.bad_substitution()),
        };
        self.bump();
        let double = matches!(op_char, '#' | '%') && self.peek_char() == Some(op_char);
        if double {
            self.bump();
        }
        let word = Word(self.read_parts(Ctx::Brace { in_double })?);
        self.bump(); // the closing brace
        let op = match op_char {
            '-' => ParamOp::Default(colon, word),
            '=' => ParamOp::Assign(colon, word),
            '?' => ParamOp::Error(colon, word),
            '+' => ParamOp::Alternative(colon, word),
            '#' => ParamOp::TrimPrefix(double, word),
            _ => ParamOp::TrimSuffix(double, word),
        };
        Ok(Param { name, op })
    }

    fn bad_substitution(&mut self) -> ParseError {
        // ash reports the error once it has read up to the closing brace.
        while self.peek_char().is_some_and(|c| c != '}') {
            self.bump();
        }
        ParseError { msg: "bad substitution".into(), line: self.line, eof: false }
    }
}
