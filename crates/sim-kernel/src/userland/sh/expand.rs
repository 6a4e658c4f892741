//! Word expansion, in POSIX order: tilde, parameters, command substitution and arithmetic
//! (all left to right), then field splitting on `IFS`, pathname expansion, quote removal.
//!
//! Expansion first produces [`Piece`]s that remember, per character run, whether it was
//! quoted (no splitting, no globbing) and whether it came from an unquoted expansion (subject
//! to splitting). `"$@"` produces field breaks between the positional parameters.

use super::ast::{Param, ParamOp, Part, Word};
use super::exec::{Ctl, Fut};
use super::pattern::{self, Pattern, QChar};
use super::state::Shell;

/// A run of expanded text.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// Text; `quoted` text is neither split nor globbed; `split` text came from an
    /// unquoted expansion and is split on `IFS`.
    Text { s: String, quoted: bool, split: bool },
    /// A boundary between fields that is not an `IFS` character (between `"$@"` members).
    Break,
}

fn text(s: impl Into<String>, quoted: bool, split: bool) -> Piece {
    Piece::Text { s: s.into(), quoted, split }
}

/// Splits pieces into fields of quote-marked characters.
fn split_fields(pieces: &[Piece], ifs: &str) -> Vec<Vec<QChar>> {
    let mut fields = Vec::new();
    let mut cur: Vec<QChar> = Vec::new();
    let mut have = false;
    let mut ws_ended = false;
    for p in pieces {
        match p {
            Piece::Break => {
                if have || !cur.is_empty() {
                    fields.push(std::mem::take(&mut cur));
                }
                have = false;
                ws_ended = false;
            }
            Piece::Text { s, quoted, split } if !*split || ifs.is_empty() => {
                cur.extend(s.chars().map(|c| (c, *quoted)));
                have = have || *quoted || !s.is_empty();
                ws_ended = ws_ended && s.is_empty();
            }
            Piece::Text { s, .. } => {
                for c in s.chars() {
                    if !ifs.contains(c) {
                        cur.push((c, false));
                        have = true;
                        ws_ended = false;
                    } else if c.is_whitespace() {
                        if have {
                            fields.push(std::mem::take(&mut cur));
                            have = false;
                            ws_ended = true;
                        }
                    } else if ws_ended {
                        ws_ended = false;
                    } else {
                        fields.push(std::mem::take(&mut cur));
                        have = false;
                    }
                }
            }
        }
    }
    if have || !cur.is_empty() {
        fields.push(cur);
    }
    fields
}

fn flatten(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text { s, .. } => s.as_str(),
            Piece::Break => " ",
        })
        .collect()
}

fn to_qchars(pieces: &[Piece]) -> Vec<QChar> {
    let mut out = Vec::new();
    for p in pieces {
        if let Piece::Text { s, quoted, .. } = p {
            out.extend(s.chars().map(|c| (c, *quoted)));
        }
    }
    out
}

impl Shell {
    /// The value of a parameter (`$x`, `$1`, `$?`...), `None` if unset. `$@` and `$*` give
    /// the parameters joined by spaces.
    pub fn param_value(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.status.to_string()),
            "$" => Some(self.top_pid.to_string()),
            "!" => self.last_bg.map(|p| p.to_string()),
            "#" => Some(self.params.len().to_string()),
            "-" => Some(self.opts.flags()),
            "0" => Some(self.arg0.clone()),
            "@" | "*" => Some(self.params.join(" ")),
            "RANDOM" if self.vars.get("RANDOM").is_none() => {
                let mut b = [0u8; 2];
                self.proc.random(&mut b);
                Some((u16::from_le_bytes(b) & 0x7fff).to_string())
            }
            "LINENO" if self.vars.get("LINENO").is_none() => Some(self.msg.line.to_string()),
            n if n.bytes().all(|b| b.is_ascii_digit()) => n.parse::<usize>().ok().and_then(|i| self.params.get(i.checked_sub(1)?).cloned()),
            n => self.vars.get(n).map(str::to_string),
        }
    }

    /// Full expansion of command words: fields after splitting and globbing.
    pub fn expand_words<'a>(&'a mut self, words: &'a [Word]) -> Fut<'a, Result<Vec<String>, Ctl>> {
        Box::pin(async move {
            let mut out = Vec::new();
            for w in words {
                // A plain word (the command name, most arguments) needs no expansion.
                if let [Part::Lit(s)] = w.0.as_slice() {
                    if !s.contains(['*', '?', '[']) || self.opts.noglob {
                        out.push(s.clone());
                        continue;
                    }
                }
                let mut pieces = Vec::new();
                self.expand_parts(&w.0, false, &mut pieces).await?;
                let ifs = self.vars.get("IFS").map_or_else(|| " \t\n".to_string(), str::to_string);
                for field in split_fields(&pieces, &ifs) {
                    if !self.opts.noglob && pattern::has_glob(&field) {
                        if let Some(matches) = pattern::glob(&self.proc, &field) {
                            out.extend(matches);
                            continue;
                        }
                    }
                    out.push(field.into_iter().map(|q| q.0).collect());
                }
            }
            Ok(out)
        })
    }

    /// Expansion without splitting or globbing: assignments, redirection targets, `case`.
    pub fn expand_string<'a>(&'a mut self, w: &'a Word) -> Fut<'a, Result<String, Ctl>> {
        Box::pin(async move {
            let mut pieces = Vec::new();
            self.expand_parts(&w.0, false, &mut pieces).await?;
            Ok(flatten(&pieces))
        })
    }

    /// Expansion into a pattern: quoted characters match literally.
    pub fn expand_pattern<'a>(&'a mut self, w: &'a Word) -> Fut<'a, Result<Pattern, Ctl>> {
        Box::pin(async move {
            let mut pieces = Vec::new();
            self.expand_parts(&w.0, false, &mut pieces).await?;
            Ok(Pattern::new(&to_qchars(&pieces)))
        })
    }

    fn expand_parts<'a>(&'a mut self, parts: &'a [Part], quoted: bool, out: &'a mut Vec<Piece>) -> Fut<'a, Result<(), Ctl>> {
        Box::pin(async move {
            for part in parts {
                match part {
                    Part::Lit(s) => out.push(text(s.clone(), quoted, false)),
                    Part::Quoted(s) => out.push(text(s.clone(), true, false)),
                    Part::Double(inner) => {
                        if let [Part::Param(p)] = inner.as_slice() {
                            if p.name == "@" && p.op == ParamOp::Plain {
                                self.push_at(out, true);
                                continue;
                            }
                        }
                        out.push(text("", true, false));
                        self.expand_parts(inner, true, out).await?;
                    }
                    Part::Tilde(user) => {
                        let home = self.tilde(user).await;
                        out.push(text(home, true, false));
                    }
                    Part::Param(p) => self.expand_param(p, quoted, out).await?,
                    Part::Command(list) => {
                        let s = self.command_subst(list).await?;
                        out.push(text(s, quoted, !quoted));
                    }
                    Part::Arith(w) => {
                        let expr = self.expand_string(w).await?;
                        match super::arith::eval(&expr, self) {
                            Ok(v) => out.push(text(v.to_string(), quoted, !quoted)),
                            Err(e) => {
                                self.error(None, &e.0).await;
                                return Err(Ctl::Error(2));
                            }
                        }
                    }
                }
            }
            Ok(())
        })
    }

    /// An arithmetic word (`${x:offset:length}`): expanded, then evaluated.
    async fn arith_word(&mut self, w: &Word) -> Result<i64, Ctl> {
        let expr = self.expand_string(w).await?;
        match super::arith::eval(&expr, self) {
            Ok(v) => Ok(v),
            Err(e) => {
                self.error(None, &e.0).await;
                Err(Ctl::Error(2))
            }
        }
    }

    /// The word of `${x-word}`: outside double quotes its literal text is split too.
    async fn expand_brace_word(&mut self, w: &Word, quoted: bool, out: &mut Vec<Piece>) -> Result<(), Ctl> {
        let mut tmp = Vec::new();
        self.expand_parts(&w.0, quoted, &mut tmp).await?;
        for mut p in tmp {
            if let Piece::Text { quoted: false, split, .. } = &mut p {
                *split = true;
            }
            out.push(p);
        }
        Ok(())
    }

    /// `$@` (and unquoted `$*`): one field per parameter.
    fn push_at(&self, out: &mut Vec<Piece>, quoted: bool) {
        for (i, p) in self.params.iter().enumerate() {
            if i > 0 {
                out.push(Piece::Break);
            }
            out.push(text(p.clone(), quoted, !quoted));
        }
    }

    async fn tilde(&mut self, user: &str) -> String {
        if user.is_empty() {
            return self.vars.get("HOME").unwrap_or("").to_string();
        }
        let passwd = self.proc.read_file("/etc/passwd").await.unwrap_or_default();
        String::from_utf8_lossy(&passwd)
            .lines()
            .find_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                (f.len() >= 6 && f[0] == user).then(|| f[5].to_string())
            })
            .unwrap_or_else(|| format!("~{user}"))
    }

    fn expand_param<'a>(&'a mut self, p: &'a Param, quoted: bool, out: &'a mut Vec<Piece>) -> Fut<'a, Result<(), Ctl>> {
        Box::pin(async move {
            let value = self.param_value(&p.name);
            let is_set = value.is_some() && !(matches!(p.name.as_str(), "@" | "*") && self.params.is_empty());
            let empty = value.as_deref().is_none_or(str::is_empty);
            let missing = |colon: bool| !is_set || (colon && empty);
            match &p.op {
                ParamOp::Plain => {
                    if !is_set && self.opts.nounset && !matches!(p.name.as_str(), "@" | "*") {
                        self.error(None, &format!("{}: parameter not set", p.name)).await;
                        return Err(Ctl::Error(2));
                    }
                    match p.name.as_str() {
                        "@" if !quoted => self.push_at(out, false),
                        "*" if !quoted => self.push_at(out, false),
                        "@" => self.push_at(out, true),
                        "*" => {
                            let sep = self.vars.get("IFS").map_or(" ".to_string(), |s| s.chars().next().map(String::from).unwrap_or_default());
                            out.push(text(self.params.join(&sep), true, false));
                        }
                        _ => out.push(text(value.unwrap_or_default(), quoted, !quoted)),
                    }
                }
                ParamOp::Length => {
                    if !is_set && self.opts.nounset {
                        self.error(None, &format!("{}: parameter not set", p.name)).await;
                        return Err(Ctl::Error(2));
                    }
                    // ash measures `${#@}` and `${#*}` as the length of "$*".
                    let n = value.unwrap_or_default().chars().count();
                    out.push(text(n.to_string(), quoted, !quoted));
                }
                ParamOp::Default(colon, w) => {
                    if missing(*colon) {
                        self.expand_brace_word(w, quoted, out).await?;
                    } else {
                        out.push(text(value.unwrap_or_default(), quoted, !quoted));
                    }
                }
                ParamOp::Alternative(colon, w) => {
                    if !missing(*colon) {
                        self.expand_brace_word(w, quoted, out).await?;
                    }
                }
                ParamOp::Assign(colon, w) => {
                    if missing(*colon) {
                        let v = self.expand_string(w).await?;
                        if !super::lexer::is_name(&p.name) {
                            self.error(None, &format!("{}: bad variable name", p.name)).await;
                            return Err(Ctl::Error(2));
                        }
                        self.assign(&p.name, &v).await?;
                        out.push(text(v, quoted, !quoted));
                    } else {
                        out.push(text(value.unwrap_or_default(), quoted, !quoted));
                    }
                }
                ParamOp::Error(colon, w) => {
                    if missing(*colon) {
                        let msg = self.expand_string(w).await?;
                        let msg = if !msg.is_empty() {
                            msg
                        } else if *colon {
                            "parameter not set or null".to_string()
                        } else {
                            "parameter not set".to_string()
                        };
                        self.error(None, &format!("{}: {msg}", p.name)).await;
                        return Err(Ctl::Error(2));
                    }
                    out.push(text(value.unwrap_or_default(), quoted, !quoted));
                }
                ParamOp::Substring(offset, length) => {
                    let chars: Vec<char> = value.unwrap_or_default().chars().collect();
                    let n = chars.len() as i64;
                    let off = self.arith_word(offset).await?;
                    let start = if off < 0 { n + off } else { off };
                    let end = match length {
                        None => n,
                        Some(w) => match self.arith_word(w).await? {
                            l if l < 0 => n + l,
                            l => start.saturating_add(l),
                        },
                    };
                    let (start, end) = (start.clamp(0, n) as usize, end.clamp(0, n) as usize);
                    let v: String = if start < end { chars[start..end].iter().collect() } else { String::new() };
                    out.push(text(v, quoted, !quoted));
                }
                ParamOp::Replace(all, pat, rep) => {
                    let pat = self.expand_pattern(pat).await?;
                    let rep = match rep {
                        Some(w) => self.expand_string(w).await?,
                        None => String::new(),
                    };
                    let v = pattern::replace(&value.unwrap_or_default(), &pat, &rep, *all);
                    out.push(text(v, quoted, !quoted));
                }
                ParamOp::TrimPrefix(longest, w) | ParamOp::TrimSuffix(longest, w) => {
                    if !is_set && self.opts.nounset {
                        self.error(None, &format!("{}: parameter not set", p.name)).await;
                        return Err(Ctl::Error(2));
                    }
                    let pat = self.expand_pattern(w).await?;
                    let suffix = matches!(p.op, ParamOp::TrimSuffix(..));
                    let v = pattern::trim(&value.unwrap_or_default(), &pat, suffix, *longest);
                    out.push(text(v, quoted, !quoted));
                }
            }
            Ok(())
        })
    }
}

impl super::arith::ArithEnv for Shell {
    fn get(&self, name: &str) -> Option<String> {
        self.param_value(name)
    }

    fn set(&mut self, name: &str, value: i64) -> Result<(), String> {
        self.set_var(name, &value.to_string()).map_err(|e| format!("{}: is read only", e.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Piece {
        text(s, false, true)
    }

    fn fields(pieces: &[Piece], ifs: &str) -> Vec<String> {
        split_fields(pieces, ifs).into_iter().map(|f| f.into_iter().map(|q| q.0).collect()).collect()
    }

    #[test]
    fn field_splitting_follows_posix_ifs_rules() {
        assert_eq!(fields(&[lit("  a  b  ")], " \t\n"), vec!["a", "b"]);
        assert_eq!(fields(&[lit("a:b::c")], ":"), vec!["a", "b", "", "c"]);
        assert_eq!(fields(&[lit("a:")], ":"), vec!["a"]);
        assert_eq!(fields(&[lit(":a")], ":"), vec!["", "a"]);
        assert_eq!(fields(&[lit("a : b")], " :"), vec!["a", "b"]);
        assert_eq!(fields(&[lit("a b")], ""), vec!["a b"]);
        assert_eq!(fields(&[text("", true, false)], " "), vec![""]);
        assert_eq!(fields(&[lit("")], " "), Vec::<String>::new());
        assert_eq!(fields(&[text("x", false, false), lit(" y")], " "), vec!["x", "y"]);
        assert_eq!(fields(&[text("a", true, false), Piece::Break, text("b", true, false)], " "), vec!["a", "b"]);
    }
}
