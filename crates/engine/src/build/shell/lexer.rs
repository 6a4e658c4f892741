//! The word processor behind [`super::Lexer`]: one pass over the characters, expanding `$`
//! references and removing quotes and escapes, while also cutting the result into words.

use super::pattern;
use super::{Env, Lexer, ShellError, ShellErrorKind};

/// Expands `word`: the whole result and its words.
pub(super) fn process(
    lexer: &Lexer,
    word: &str,
    env: &dyn Env,
) -> Result<(String, Vec<String>), ShellError> {
    // Go's text/scanner, which BuildKit reads words with, skips a leading byte-order mark.
    let source = word.strip_prefix('\u{feff}').unwrap_or(word);
    let mut sw = ShellWord {
        chars: source.chars().collect(),
        pos: 0,
        lexer,
        env,
        raw_escapes: lexer.raw_escapes,
    };
    sw.process_stop_on(None, lexer.raw_escapes)
        .map_err(|kind| ShellError {
            word: word.to_string(),
            kind,
        })
}

/// Collects words: unquoted whitespace ends a word, quoted or escaped text never does.
///
/// Each `process_stop_on` has its own collector. (BuildKit's current lexer shares one buffer
/// between nested calls, so `ab${x:-c}` splits to `["c"]` there; that is an accident of an
/// allocation optimisation, not behaviour to copy.)
#[derive(Default)]
struct Words {
    buf: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, ch: char) {
        if ch.is_whitespace() {
            if self.in_word && !self.buf.is_empty() {
                self.words.push(std::mem::take(&mut self.buf));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(ch);
        }
    }

    fn add_raw_char(&mut self, ch: char) {
        self.buf.push(ch);
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str) {
        s.chars().for_each(|c| self.add_char(c));
    }

    fn add_raw_string(&mut self, s: &str) {
        self.buf.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.buf.is_empty() {
            self.words.push(self.buf);
        }
        self.words
    }
}

struct ShellWord<'a> {
    chars: Vec<char>,
    pos: usize,
    lexer: &'a Lexer,
    env: &'a dyn Env,
    /// Whether escapes are kept right now (patterns keep them; see `process_stop_on`).
    raw_escapes: bool,
}

/// Go prints a missing character (EOF) as U+FFFD in "unsupported modifier" messages.
fn or_replacement(c: Option<char>) -> char {
    c.unwrap_or('\u{fffd}')
}

impl ShellWord<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn lookup(&self, name: &str) -> Option<String> {
        self.env.get(name)
    }

    /// Processes up to `stop` (consumed) or the end. Reaching the end while a `stop` is
    /// expected fails with a placeholder error that callers replace, since they know which
    /// delimiter was missing.
    fn process_stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<String>), ShellErrorKind> {
        let saved = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        let result = self.stop_on(stop);
        self.raw_escapes = saved;
        result
    }

    fn stop_on(&mut self, stop: Option<char>) -> Result<(String, Vec<String>), ShellErrorKind> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.next();
                return Ok((result, words.finish()));
            }
            match ch {
                '$' => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                    words.add_string(&value);
                }
                '\'' => {
                    let text = self.single_quote()?;
                    result.push_str(&text);
                    words.add_raw_string(&text);
                }
                '"' => {
                    let text = self.double_quote()?;
                    result.push_str(&text);
                    words.add_raw_string(&text);
                }
                _ => {
                    self.next();
                    if ch == self.lexer.escape {
                        if self.raw_escapes {
                            words.add_raw_char(ch);
                            result.push(ch);
                        }
                        // The escape escapes the next character; at the very end it is dropped.
                        let Some(escaped) = self.next() else { break };
                        words.add_raw_char(escaped);
                        result.push(escaped);
                    } else {
                        words.add_char(ch);
                        result.push(ch);
                    }
                }
            }
        }
        if stop.is_some() {
            return Err(ShellErrorKind::MissingBrace);
        }
        Ok((result, words.finish()))
    }

    /// `'...'`: everything literal, no escapes at all.
    fn single_quote(&mut self) -> Result<String, ShellErrorKind> {
        let mut out = String::new();
        self.next();
        if self.lexer.raw_quotes {
            out.push('\'');
        }
        loop {
            match self.next() {
                None => return Err(ShellErrorKind::UnterminatedSingleQuote),
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        out.push('\'');
                    }
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
        }
    }

    /// `"..."`: literal except `$` references and escapes of `"`, `$` and the escape itself.
    fn double_quote(&mut self) -> Result<String, ShellErrorKind> {
        let mut out = String::new();
        self.next();
        if self.lexer.raw_quotes {
            out.push('"');
        }
        loop {
            match self.peek() {
                None => return Err(ShellErrorKind::UnterminatedDoubleQuote),
                Some('"') => {
                    self.next();
                    if self.lexer.raw_quotes {
                        out.push('"');
                    }
                    return Ok(out);
                }
                Some('$') => out.push_str(&self.process_dollar()?),
                Some(_) => {
                    let Some(mut ch) = self.next() else { continue };
                    if ch == self.lexer.escape {
                        if self.raw_escapes {
                            out.push(ch);
                        }
                        match self.peek() {
                            // A trailing escape is dropped; the missing quote is reported next.
                            None => continue,
                            Some(c) if c == '"' || c == '$' || c == self.lexer.escape => {
                                self.next();
                                ch = c;
                            }
                            // Other escapes stay as written (BuildKit writes the escape once
                            // more in raw mode; kept for identical heredoc detection).
                            Some(_) => {}
                        }
                    }
                    out.push(ch);
                }
            }
        }
    }

    fn process_dollar(&mut self) -> Result<String, ShellErrorKind> {
        self.next();
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            return Ok(match self.lookup(&name) {
                Some(v) => v,
                None if self.lexer.skip_unset => format!("${name}"),
                None => String::new(),
            });
        }
        self.next();
        match self.peek() {
            None => return Err(ShellErrorKind::MissingBrace),
            Some('{' | '}' | ':') => return Err(ShellErrorKind::BadSubstitution),
            Some(_) => {}
        }
        let name = self.process_name();
        let first = self.next();
        let mut modifier = or_replacement(first).to_string();
        match first {
            Some('}') => Ok(match self.lookup(&name) {
                Some(v) => v,
                None if self.lexer.skip_unset => format!("${{{name}}}"),
                None => String::new(),
            }),
            Some(':' | '+' | '-' | '?' | '#' | '%') => {
                let null_is_unset = first == Some(':');
                let op = if null_is_unset {
                    let op = self.next();
                    modifier.push(or_replacement(op));
                    op
                } else {
                    first
                };
                let pattern_op = matches!(op, Some('#' | '%'));
                if null_is_unset && pattern_op {
                    return Err(ShellErrorKind::UnsupportedModifier(modifier));
                }
                let (word, _) = self.process_stop_on(Some('}'), pattern_op).map_err(|e| {
                    if self.peek().is_none() {
                        ShellErrorKind::MissingBrace
                    } else {
                        e
                    }
                })?;
                let value = self.lookup(&name);
                if self.lexer.skip_unset && value.is_none() {
                    return Ok(format!("${{{name}{modifier}{word}}}"));
                }
                let empty = value
                    .as_deref()
                    .is_none_or(|v| null_is_unset && v.is_empty());
                match op {
                    Some('-') => Ok(if empty {
                        word
                    } else {
                        value.unwrap_or_default()
                    }),
                    Some('+') => Ok(if empty { String::new() } else { word }),
                    Some('?') => {
                        let message = |default: &str| {
                            if word.is_empty() {
                                default.to_string()
                            } else {
                                word.clone()
                            }
                        };
                        match value {
                            None => Err(ShellErrorKind::Required {
                                name,
                                message: message("is not allowed to be unset"),
                            }),
                            Some(v) if null_is_unset && v.is_empty() => {
                                Err(ShellErrorKind::Required {
                                    name,
                                    message: message("is not allowed to be empty"),
                                })
                            }
                            Some(v) => Ok(v),
                        }
                    }
                    Some(c @ ('#' | '%')) => {
                        let value = value.unwrap_or_default();
                        // `#`/`%` remove the shortest match, `##`/`%%` the longest.
                        let (pattern, greedy) = match word.strip_prefix(c) {
                            Some(rest) => (rest.to_string(), true),
                            None => (word, false),
                        };
                        if c == '#' {
                            trim_prefix(&pattern, &value, greedy)
                        } else {
                            trim_suffix(&pattern, &value, greedy)
                        }
                    }
                    _ => Err(ShellErrorKind::UnsupportedModifier(modifier)),
                }
            }
            Some('/') => self.replace(name),
            _ => Err(ShellErrorKind::UnsupportedModifier(modifier)),
        }
    }

    /// `${name/pattern/replacement}` and `${name//pattern/replacement}` (after the first `/`).
    fn replace(&mut self, name: String) -> Result<String, ShellErrorKind> {
        let all = self.peek() == Some('/');
        if all {
            self.next();
        }
        let (pattern, _) = self.process_stop_on(Some('/'), true).map_err(|e| {
            if self.peek().is_none() {
                ShellErrorKind::MissingSlash
            } else {
                e
            }
        })?;
        let (replacement, _) = self.process_stop_on(Some('}'), true).map_err(|e| {
            if self.peek().is_none() {
                ShellErrorKind::MissingBrace
            } else {
                e
            }
        })?;
        let Some(value) = self.lookup(&name) else {
            if self.lexer.skip_unset {
                return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
            }
            return Ok(String::new());
        };
        let tokens = pattern::compile(&pattern).map_err(|reason| invalid(&pattern, reason))?;
        Ok(pattern::replace(&tokens, &value, &replacement, all))
    }

    /// A variable name: letters, digits and `_`; or a run of digits (`$1`); or one special
    /// parameter character (`$@`, `$*`, `$#`, `$?`, `$-`, `$$`, `$!`, `$0`).
    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && is_digit(ch) {
                while let Some(c) = self.peek().filter(|c| is_digit(*c)) {
                    name.push(c);
                    self.next();
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.next();
                return ch.to_string();
            }
            if !(ch.is_alphabetic() || is_digit(ch) || ch == '_') {
                break;
            }
            self.next();
            name.push(ch);
        }
        name
    }
}

/// Go's `unicode.IsDigit` (decimal digits), approximated by Rust's numeric property.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

fn invalid(pattern: &str, reason: String) -> ShellErrorKind {
    ShellErrorKind::InvalidPattern {
        pattern: pattern.to_string(),
        reason,
    }
}

fn trim_prefix(pattern: &str, value: &str, greedy: bool) -> Result<String, ShellErrorKind> {
    let tokens = pattern::compile(pattern).map_err(|reason| invalid(pattern, reason))?;
    let chars: Vec<char> = value.chars().collect();
    Ok(match pattern::match_prefix(&tokens, &chars, greedy) {
        Some(end) => chars[end..].iter().collect(),
        None => value.to_string(),
    })
}

/// Suffixes are matched as BuildKit does: reverse the pattern (escapes kept with their
/// character) and the value, and remove a prefix. Errors name the reversed pattern, as there.
fn trim_suffix(pattern: &str, value: &str, greedy: bool) -> Result<String, ShellErrorKind> {
    let reversed: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&pattern::reverse_pattern(pattern), &reversed, greedy)?;
    Ok(trimmed.chars().rev().collect())
}
