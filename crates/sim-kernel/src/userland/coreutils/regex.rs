//! POSIX regular expressions (basic and extended, with GNU's extensions) translated into the
//! syntax of `regex-lite`, which does the matching. Shared by `grep` and `sed`.

use regex_lite::{Regex, RegexBuilder};

/// Which POSIX dialect a pattern is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// BRE (`grep`, `sed`): `\(`, `\{`, `\|`, `\+`, `\?` are operators.
    Basic,
    /// ERE (`grep -E`, `sed -E`).
    Extended,
    /// A fixed string (`grep -F`).
    Fixed,
}

/// Why a pattern was rejected, worded as GNU's regex library words it.
pub fn gnu_error(pattern: &str, dialect: Dialect) -> String {
    let mut depth = 0i32;
    let mut chars = pattern.chars().peekable();
    let mut in_bracket = false;
    while let Some(c) = chars.next() {
        match (c, dialect) {
            ('[', _) if !in_bracket => in_bracket = true,
            (']', _) if in_bracket => in_bracket = false,
            ('\\', Dialect::Basic) if !in_bracket => match chars.next() {
                Some('(') => depth += 1,
                Some(')') => depth -= 1,
                Some('{') if !pattern.contains("\\}") => return "Unmatched \\{".into(),
                _ => {}
            },
            ('\\', _) => {
                chars.next();
            }
            ('(', Dialect::Extended) if !in_bracket => depth += 1,
            (')', Dialect::Extended) if !in_bracket => depth -= 1,
            _ => {}
        }
    }
    if in_bracket {
        "Unmatched [, [^, [:, [., or [=".into()
    } else if depth > 0 {
        "Unmatched ( or \\(".into()
    } else if depth < 0 {
        "Unmatched ) or \\)".into()
    } else {
        "Invalid regular expression".into()
    }
}

/// Copies a bracket expression starting at `[` into `out`; returns the index after `]`.
fn bracket(p: &[char], mut i: usize, out: &mut String) -> Option<usize> {
    out.push('[');
    i += 1;
    if p.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    let mut first = true;
    while i < p.len() {
        let c = p[i];
        if c == ']' && !first {
            out.push(']');
            return Some(i + 1);
        }
        first = false;
        if c == '[' && matches!(p.get(i + 1), Some(':') | Some('.') | Some('=')) {
            let kind = p[i + 1];
            let end = (i + 2..p.len().saturating_sub(1)).find(|&j| p[j] == kind && p[j + 1] == ']')?;
            let name: String = p[i + 2..end].iter().collect();
            if kind == ':' {
                out.push_str(&format!("[:{name}:]"));
            } else {
                for ch in name.chars() {
                    out.push('\\');
                    out.push(ch);
                }
            }
            i = end + 2;
            continue;
        }
        match c {
            '\\' | '[' | '&' | '~' | '^' => {
                out.push('\\');
                out.push(c);
            }
            ']' => out.push_str("\\]"),
            '-' if p.get(i + 1) == Some(&'-') || p.get(i + 1) == Some(&']') || out.ends_with('[') || out.ends_with("[^") => out.push_str("\\-"),
            _ => out.push(c),
        }
        i += 1;
    }
    None
}

/// Translates a POSIX pattern into `regex-lite` syntax. `None` if it is malformed.
pub fn translate(pattern: &str, dialect: Dialect) -> Option<String> {
    if dialect == Dialect::Fixed {
        return Some(regex_lite::escape(pattern));
    }
    let p: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let ere = dialect == Dialect::Extended;
    // Where `*` is a literal: at the start, after `(`, `|` or `^`.
    let mut at_start = true;
    while i < p.len() {
        let c = p[i];
        let was_start = at_start;
        at_start = false;
        match c {
            '[' => {
                i = bracket(&p, i, &mut out)?;
                continue;
            }
            '\\' => {
                let &n = p.get(i + 1)?;
                i += 2;
                match n {
                    '(' if !ere => {
                        out.push('(');
                        at_start = true;
                    }
                    ')' if !ere => out.push(')'),
                    '|' if !ere => {
                        out.push('|');
                        at_start = true;
                    }
                    '{' if !ere => out.push('{'),
                    '}' if !ere => out.push('}'),
                    '+' | '?' if !ere => out.push(n),
                    '<' | '>' => out.push_str("\\b"),
                    'b' | 'B' | 'w' | 'W' | 's' | 'S' => {
                        out.push('\\');
                        out.push(n);
                    }
                    'n' => out.push_str("\\n"),
                    't' => out.push_str("\\t"),
                    '1'..='9' => return None,
                    other => out.push_str(&regex_lite::escape(&other.to_string())),
                }
                continue;
            }
            '*' if was_start => out.push_str("\\*"),
            '^' => {
                out.push('^');
                at_start = true;
            }
            '(' | ')' | '|' | '+' | '?' if !ere => {
                out.push('\\');
                out.push(c);
            }
            '(' | '|' => {
                out.push(c);
                at_start = true;
            }
            '{' if ere => {
                // GNU: a brace that does not start a valid interval is literal.
                let close = p[i..].iter().position(|&x| x == '}').map(|k| i + k);
                let valid = close.is_some_and(|j| {
                    let body: String = p[i + 1..j].iter().collect();
                    !body.is_empty() && body.chars().all(|ch| ch.is_ascii_digit() || ch == ',') && body.chars().next().is_some_and(|ch| ch.is_ascii_digit() || ch == ',')
                });
                out.push_str(if valid { "{" } else { "\\{" });
            }
            '}' if ere => out.push('}'),
            '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Some(out)
}

/// Compiles a POSIX pattern. `Err` carries GNU's message.
pub fn compile(pattern: &str, dialect: Dialect, icase: bool, word: bool, line: bool) -> Result<Regex, String> {
    let t = translate(pattern, dialect).ok_or_else(|| gnu_error(pattern, dialect))?;
    let t = if line {
        format!("^(?:{t})$")
    } else if word {
        format!("(?:^|\\b)(?:{t})(?:\\b|$)")
    } else {
        t
    };
    RegexBuilder::new(&t).case_insensitive(icase).build().map_err(|_| gnu_error(pattern, dialect))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, d: Dialect, s: &str) -> bool {
        compile(p, d, false, false, false).unwrap().is_match(s)
    }

    #[test]
    fn basic_and_extended_syntax() {
        assert!(m("a\\(b\\)*c", Dialect::Basic, "abbc"));
        assert!(m("a(b)", Dialect::Basic, "a(b)"));
        assert!(m("a+", Dialect::Basic, "a+"));
        assert!(!m("a+", Dialect::Basic, "aa"));
        assert!(m("x\\{2\\}", Dialect::Basic, "xx"));
        assert!(m("^*a", Dialect::Basic, "*a"));
        assert!(m("(ab)+|z", Dialect::Extended, "abab"));
        assert!(m("a{", Dialect::Extended, "a{"));
        assert!(m("[[:digit:]]\\+", Dialect::Basic, "42"));
        assert!(m("[]a]", Dialect::Basic, "]"));
        assert!(m("a.c", Dialect::Fixed, "a.c"));
        assert!(!m("a.c", Dialect::Fixed, "abc"));
        assert_eq!(compile("(", Dialect::Extended, false, false, false).unwrap_err(), "Unmatched ( or \\(");
        assert_eq!(compile("a\\{", Dialect::Basic, false, false, false).unwrap_err(), "Unmatched \\{");
    }
}
