//! `sed` scripts: addresses and commands, parsed with GNU sed's error messages.

use regex_lite::Regex;

use super::regex::{compile, Dialect};

/// An address: a line number, the last line, or lines matching a regex.
pub enum Addr {
    /// Line N.
    Line(usize),
    /// `$`.
    Last,
    /// `/re/`.
    Re(Regex),
}

/// A piece of an `s` replacement.
pub enum Part {
    /// Literal text.
    Lit(String),
    /// `&` (0) or `\\N`.
    Group(usize),
}

/// What a command does.
pub enum Kind {
    /// `s/re/repl/flags`.
    Subst {
        /// The pattern.
        re: Regex,
        /// The replacement.
        repl: Vec<Part>,
        /// `g`.
        global: bool,
        /// Which match to replace (`2`).
        nth: usize,
        /// `p`.
        print: bool,
    },
    /// `p`.
    Print,
    /// `d`.
    Delete,
    /// `q` (print first, `true`) or `Q`, with an exit code.
    Quit(i32, bool),
    /// `=`.
    LineNo,
    /// `a`, `i` or `c` with their text.
    Text(char, String),
    /// `y/abc/xyz/`.
    Translit(Vec<(char, char)>),
    /// `n`.
    Next,
}

/// One command with its addresses.
pub struct Cmd {
    /// First address.
    pub a1: Option<Addr>,
    /// Second address (a range).
    pub a2: Option<Addr>,
    /// `!`.
    pub negate: bool,
    /// The command.
    pub kind: Kind,
    /// Inside a range now.
    pub active: bool,
}

/// Parses one `-e` expression.
pub struct Parser {
    s: Vec<char>,
    i: usize,
    expr: usize,
    dialect: Dialect,
}

impl Parser {
    /// A parser for expression number `expr` (1-based, for messages).
    pub fn new(script: &str, expr: usize, dialect: Dialect) -> Parser {
        Parser { s: script.chars().collect(), i: 0, expr, dialect }
    }

    fn err(&self, msg: &str) -> String {
        format!("-e expression #{}, char {}: {msg}", self.expr, self.i)
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.i += 1;
        }
    }

    /// Text up to an unescaped `delim`; `\delim` becomes `delim`.
    fn delimited(&mut self, delim: char, what: &str) -> Result<String, String> {
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else { return Err(self.err(&format!("unterminated {what}"))) };
            self.i += 1;
            if c == delim {
                return Ok(out);
            }
            if c == '\\' {
                let Some(n) = self.peek() else { return Err(self.err(&format!("unterminated {what}"))) };
                self.i += 1;
                if n == delim {
                    out.push(n);
                } else if n == 'n' && what == "`y' command" {
                    out.push('\n');
                } else {
                    out.push('\\');
                    out.push(n);
                }
            } else {
                out.push(c);
            }
        }
    }

    fn regex(&self, pat: &str, icase: bool) -> Result<Regex, String> {
        compile(pat, self.dialect, icase, false, false).map_err(|m| self.err(&m))
    }

    fn addr(&mut self) -> Result<Option<Addr>, String> {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                let start = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
                let n: String = self.s[start..self.i].iter().collect();
                Ok(Some(Addr::Line(n.parse().unwrap_or(0))))
            }
            Some('$') => {
                self.i += 1;
                Ok(Some(Addr::Last))
            }
            Some(d @ ('/' | '\\')) => {
                self.i += 1;
                let delim = if d == '\\' {
                    let c = self.peek().ok_or_else(|| self.err("unexpected `,'"))?;
                    self.i += 1;
                    c
                } else {
                    '/'
                };
                let pat = self.delimited(delim, "address regex")?;
                let icase = self.peek() == Some('I');
                if icase {
                    self.i += 1;
                }
                Ok(Some(Addr::Re(self.regex(&pat, icase)?)))
            }
            _ => Ok(None),
        }
    }

    fn text_arg(&mut self) -> String {
        if self.peek() == Some('\\') {
            self.i += 1;
            if self.peek() == Some('\n') {
                self.i += 1;
            }
        }
        self.skip_ws();
        let start = self.i;
        while self.peek().is_some_and(|c| c != '\n') {
            self.i += 1;
        }
        self.s[start..self.i].iter().collect()
    }

    fn replacement(raw: &str) -> Vec<Part> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            match c {
                '&' => {
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                    parts.push(Part::Group(0));
                }
                '\\' => match chars.next() {
                    Some(d @ '0'..='9') => {
                        parts.push(Part::Lit(std::mem::take(&mut lit)));
                        parts.push(Part::Group(d as usize - '0' as usize));
                    }
                    Some('n') => lit.push('\n'),
                    Some('t') => lit.push('\t'),
                    Some(o) => lit.push(o),
                    None => lit.push('\\'),
                },
                _ => lit.push(c),
            }
        }
        parts.push(Part::Lit(lit));
        parts
    }

    /// The next command, `None` at the end; `Err` is GNU's message.
    pub fn command(&mut self) -> Result<Option<Cmd>, String> {
        while self.peek().is_some_and(|c| c.is_whitespace() || c == ';') {
            self.i += 1;
        }
        if self.peek().is_none() {
            return Ok(None);
        }
        let a1 = self.addr()?;
        let mut a2 = None;
        if a1.is_some() && self.peek() == Some(',') {
            self.i += 1;
            a2 = Some(self.addr()?.ok_or_else(|| self.err("unexpected `,'"))?);
        }
        self.skip_ws();
        let mut negate = false;
        while self.peek() == Some('!') {
            negate = true;
            self.i += 1;
            self.skip_ws();
        }
        let Some(c) = self.peek() else { return Err(self.err("missing command")) };
        self.i += 1;
        let kind = match c {
            's' => {
                let delim = self.peek().filter(|d| *d != '\n' && *d != '\\').ok_or_else(|| self.err("unterminated `s' command"))?;
                self.i += 1;
                let pat = self.delimited(delim, "`s' command")?;
                let repl = self.delimited(delim, "`s' command")?;
                let (mut global, mut nth, mut print, mut icase) = (false, 1, false, false);
                while let Some(f) = self.peek() {
                    match f {
                        'g' => global = true,
                        'p' => print = true,
                        'i' | 'I' => icase = true,
                        d if d.is_ascii_digit() => nth = d as usize - '0' as usize,
                        ';' | '\n' | '}' | ' ' => break,
                        _ => {
                            self.i += 1;
                            return Err(self.err("unknown option to `s'"));
                        }
                    }
                    self.i += 1;
                }
                Kind::Subst { re: self.regex(&pat, icase)?, repl: Parser::replacement(&repl), global, nth: nth.max(1), print }
            }
            'y' => {
                let delim = self.peek().ok_or_else(|| self.err("unterminated `y' command"))?;
                self.i += 1;
                let from: Vec<char> = self.delimited(delim, "`y' command")?.chars().collect();
                let to: Vec<char> = self.delimited(delim, "`y' command")?.chars().collect();
                if from.len() != to.len() {
                    return Err(self.err("strings for `y' command are different lengths"));
                }
                Kind::Translit(from.into_iter().zip(to).collect())
            }
            'p' => Kind::Print,
            'd' => Kind::Delete,
            'n' => Kind::Next,
            '=' => Kind::LineNo,
            'q' | 'Q' => {
                self.skip_ws();
                let start = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
                let code: String = self.s[start..self.i].iter().collect();
                Kind::Quit(code.parse().unwrap_or(0), c == 'q')
            }
            'a' | 'i' | 'c' => Kind::Text(c, self.text_arg()),
            other => return Err(self.err(&format!("unknown command: `{other}'"))),
        };
        Ok(Some(Cmd { a1, a2, negate, kind, active: false }))
    }
}

