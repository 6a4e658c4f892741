//! SQL tokens: words, quoted names, strings, numbers and punctuation, each with its byte
//! offset in the statement (servers point at it in errors).

use super::SqlError;

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A keyword or unquoted name, as written.
    Word(String),
    /// A `"quoted"` (or MySQL `` `quoted` ``) name.
    Quoted(String),
    /// A `'string'`.
    Str(String),
    /// A number literal, as written.
    Num(String),
    /// Punctuation and operators: `( ) , ; . * = < > <= >= <> != + - / %`.
    Sym(&'static str),
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned {
    /// The token.
    pub tok: Tok,
    /// Its byte offset in the source.
    pub at: usize,
    /// The byte offset just past it.
    pub end: usize,
}

const SYMS: [&str; 17] = ["<=", ">=", "<>", "!=", "::", "(", ")", ",", ";", ".", "*", "=", "<", ">", "+", "-", "/"];

/// Splits `src` into tokens (comments dropped).
pub fn lex(src: &str) -> Result<Vec<Spanned>, SqlError> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i] as char;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if src[i..].starts_with("--") || src[i..].starts_with('#') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        let tok = if c == '\'' || c == '"' || c == '`' {
            let mut s = String::new();
            i += 1;
            loop {
                let Some(ch) = src[i..].chars().next() else {
                    return Err(SqlError::Unterminated { at: start });
                };
                i += ch.len_utf8();
                if ch == c {
                    if b.get(i) == Some(&(c as u8)) {
                        s.push(c);
                        i += 1;
                        continue;
                    }
                    break;
                }
                if ch == '\\' && c == '\'' && b.get(i).is_some() {
                    // MySQL's backslash escapes (PostgreSQL strings rarely contain one).
                    let esc = src[i..].chars().next().unwrap_or('\\');
                    i += esc.len_utf8();
                    s.push(match esc {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                    continue;
                }
                s.push(ch);
            }
            if c == '\'' {
                Tok::Str(s)
            } else {
                Tok::Quoted(s)
            }
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            Tok::Num(src[start..i].to_string())
        } else if c.is_alphabetic() || c == '_' || c == '\\' {
            i += c.len_utf8();
            while i < b.len() {
                let ch = src[i..].chars().next().unwrap_or(' ');
                if ch.is_alphanumeric() || ch == '_' || ch == '$' {
                    i += ch.len_utf8();
                } else {
                    break;
                }
            }
            Tok::Word(src[start..i].to_string())
        } else if let Some(s) = SYMS.iter().find(|s| src[i..].starts_with(**s)) {
            i += s.len();
            Tok::Sym(s)
        } else {
            return Err(SqlError::Syntax { near: Some(c.to_string()), at: start });
        };
        out.push(Spanned { tok, at: start, end: i });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        lex(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn words_strings_numbers_and_symbols() {
        assert_eq!(
            toks("SELECT 'it''s', \"Name\", 4.5 FROM t WHERE a<>1; -- done"),
            vec![
                Tok::Word("SELECT".into()),
                Tok::Str("it's".into()),
                Tok::Sym(","),
                Tok::Quoted("Name".into()),
                Tok::Sym(","),
                Tok::Num("4.5".into()),
                Tok::Word("FROM".into()),
                Tok::Word("t".into()),
                Tok::Word("WHERE".into()),
                Tok::Word("a".into()),
                Tok::Sym("<>"),
                Tok::Num("1".into()),
                Tok::Sym(";"),
            ]
        );
    }

    #[test]
    fn an_open_string_is_an_error() {
        assert_eq!(lex("select 'abc"), Err(SqlError::Unterminated { at: 7 }));
    }
}
