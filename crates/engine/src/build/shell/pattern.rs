//! Shell patterns for `${v#pat}`, `${v%pat}` and `${v/pat/repl}`: `*` (any run), `?` (any
//! character) and literal characters, `\*`, `\?`, `\\` for the literal ones.
//!
//! BuildKit turns these into Go regular expressions; we match them with a small automaton
//! instead. As there, `*` and `?` never match a newline, and no bracket expressions (`[a-z]`)
//! exist.

/// One element of a compiled pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    /// This character.
    Lit(char),
    /// `?`: any one character.
    Any,
    /// `*`: any run of characters.
    Star,
}

/// Compiles `pattern`, or says why it is invalid (BuildKit's wording).
pub(super) fn compile(pattern: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => out.push(Tok::Star),
            '?' => out.push(Tok::Any),
            '\\' => {
                // `\}` and `\/` are escaped for the `${...}` syntax; the backslash is not part
                // of the pattern.
                if matches!(chars.peek(), Some('}' | '/')) {
                    continue;
                }
                match chars.next() {
                    Some(e @ ('*' | '?' | '\\')) => out.push(Tok::Lit(e)),
                    other => {
                        return Err(format!(
                            "invalid escape '\\{}'",
                            other.unwrap_or('\u{fffd}')
                        ))
                    }
                }
            }
            c => out.push(Tok::Lit(c)),
        }
    }
    Ok(out)
}

/// BuildKit's pattern reversal for suffix matching: characters reversed, but an escape stays
/// in front of the character it escapes (`a\*c` becomes `c\*a`).
pub(super) fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut units: Vec<&[char]> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() {
            units.push(&chars[i..i + 2]);
            i += 2;
        } else {
            units.push(&chars[i..i + 1]);
            i += 1;
        }
    }
    units.iter().rev().flat_map(|u| u.iter()).collect()
}

/// Sets of automaton states, each with the earliest start of a match that reaches it.
struct Set {
    starts: Vec<Option<usize>>,
}

impl Set {
    fn new(len: usize) -> Self {
        Set {
            starts: vec![None; len + 1],
        }
    }

    fn is_empty(&self) -> bool {
        self.starts.iter().all(Option::is_none)
    }

    /// Adds state `i` (and the states after any `*` it can skip) for a match from `start`.
    fn add(&mut self, toks: &[Tok], mut i: usize, start: usize) {
        loop {
            match self.starts[i] {
                Some(s) if s <= start => return,
                _ => self.starts[i] = Some(start),
            }
            if i < toks.len() && toks[i] == Tok::Star {
                i += 1;
            } else {
                return;
            }
        }
    }

    fn step(&self, toks: &[Tok], c: char) -> Set {
        let mut next = Set::new(toks.len());
        for (i, tok) in toks.iter().enumerate() {
            let Some(start) = self.starts[i] else {
                continue;
            };
            match *tok {
                Tok::Lit(l) if l == c => next.add(toks, i + 1, start),
                Tok::Any if c != '\n' => next.add(toks, i + 1, start),
                Tok::Star if c != '\n' => next.add(toks, i, start),
                _ => {}
            }
        }
        next
    }
}

/// The end (in characters) of the shortest, or with `greedy` the longest, prefix of `value`
/// that the pattern matches whole.
pub(super) fn match_prefix(toks: &[Tok], value: &[char], greedy: bool) -> Option<usize> {
    let mut set = Set::new(toks.len());
    set.add(toks, 0, 0);
    let mut found = None;
    for k in 0..=value.len() {
        if set.starts[toks.len()].is_some() {
            found = Some(k);
            if !greedy {
                return found;
            }
        }
        if k == value.len() {
            break;
        }
        set = set.step(toks, value[k]);
        if set.is_empty() {
            break;
        }
    }
    found
}

/// The leftmost match starting at or after `from`, longest at that start, as `(start, end)`.
fn find(toks: &[Tok], value: &[char], from: usize) -> Option<(usize, usize)> {
    let mut set = Set::new(toks.len());
    let mut best: Option<(usize, usize)> = None;
    for k in from..=value.len() {
        if best.is_none() {
            set.add(toks, 0, k);
        }
        if let Some(start) = set.starts[toks.len()] {
            best = match best {
                Some((s, e)) if s < start || (s == start && e >= k) => Some((s, e)),
                _ => Some((start, k)),
            };
        }
        if k == value.len() {
            break;
        }
        set = set.step(toks, value[k]);
        if best.is_some() && set.is_empty() {
            break;
        }
    }
    best
}

/// `value` with the first (or every, with `all`) match replaced, following Go's
/// `Regexp.ReplaceAllString` rules for empty matches.
pub(super) fn replace(toks: &[Tok], value: &str, replacement: &str, all: bool) -> String {
    let chars: Vec<char> = value.chars().collect();
    if !all {
        return match find(toks, &chars, 0) {
            Some((s, e)) => {
                let mut out: String = chars[..s].iter().collect();
                out.push_str(replacement);
                out.extend(&chars[e..]);
                out
            }
            None => value.to_string(),
        };
    }
    let mut out = String::new();
    let mut search = 0;
    let mut last_end = 0;
    while search <= chars.len() {
        let Some((start, end)) = find(toks, &chars, search) else {
            break;
        };
        out.extend(&chars[last_end..start]);
        // No replacement for an empty match right after another match.
        if end > last_end || start == 0 {
            out.push_str(replacement);
        }
        last_end = end;
        search = if search + 1 > end { search + 1 } else { end };
    }
    out.extend(&chars[last_end.min(chars.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn prefixes() {
        let t = compile("a*c").unwrap();
        assert_eq!(match_prefix(&t, &chars("abcbc"), false), Some(3));
        assert_eq!(match_prefix(&t, &chars("abcbc"), true), Some(5));
        assert_eq!(
            match_prefix(&compile("x").unwrap(), &chars("abc"), true),
            None
        );
        assert_eq!(
            match_prefix(&compile("").unwrap(), &chars("abc"), true),
            Some(0)
        );
    }

    #[test]
    fn replacements() {
        let t = compile("o").unwrap();
        assert_eq!(replace(&t, "foo boo", "0", false), "f0o boo");
        assert_eq!(replace(&t, "foo boo", "0", true), "f00 b00");
        assert_eq!(replace(&compile("").unwrap(), "ab", "-", true), "-a-b-");
        assert_eq!(replace(&compile("b*").unwrap(), "abc", "-", true), "a-");
        assert_eq!(replace(&compile("?").unwrap(), "abc", "-", true), "---");
    }

    #[test]
    fn escapes() {
        assert_eq!(
            compile(r"\*\?\\").unwrap(),
            vec![Tok::Lit('*'), Tok::Lit('?'), Tok::Lit('\\')]
        );
        assert_eq!(compile(r"\}").unwrap(), vec![Tok::Lit('}')]);
        assert!(compile(r"\x").is_err());
        assert_eq!(reverse_pattern(r"a\*c"), r"c\*a");
    }
}
