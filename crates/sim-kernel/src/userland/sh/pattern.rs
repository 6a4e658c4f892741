//! Shell patterns (`*`, `?`, `[...]`) for `case`, `${x#pat}` and pathname expansion.
//!
//! A pattern is compiled from characters that each remember whether they were quoted: a
//! quoted `*` matches only a star. Pathname expansion walks the simulated filesystem with
//! [`Proc::read_dir`], one pattern component per directory level, and sorts the result
//! bytewise as ash does in the C locale.

use crate::sys::Proc;

/// One character of expanded text and whether it was quoted.
pub type QChar = (char, bool);

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Char(char),
    Range(char, char),
    Class(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Char(char),
    Any,
    Star,
    Set(bool, Vec<Item>),
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern(Vec<Tok>);

/// Parses a bracket expression starting after `[`; returns it and the index after `]`.
fn bracket(s: &[QChar], mut i: usize) -> Option<(Tok, usize)> {
    let mut negate = false;
    if matches!(s.get(i), Some(('!' | '^', false))) {
        negate = true;
        i += 1;
    }
    let mut items = Vec::new();
    let start = i;
    loop {
        let &(c, q) = s.get(i)?;
        if c == ']' && !q && i > start {
            return Some((Tok::Set(negate, items), i + 1));
        }
        if c == '[' && !q && matches!(s.get(i + 1), Some((':', false))) {
            let rest: String = s[i + 2..].iter().map(|p| p.0).collect();
            if let Some(end) = rest.find(":]") {
                items.push(Item::Class(rest[..end].to_string()));
                i += 2 + rest[..end].chars().count() + 2;
                continue;
            }
        }
        if matches!(s.get(i + 1), Some(('-', false))) && s.get(i + 2).is_some_and(|&(d, dq)| d != ']' || dq) {
            items.push(Item::Range(c, s[i + 2].0));
            i += 3;
        } else {
            items.push(Item::Char(c));
            i += 1;
        }
    }
}

/// Whether the text has an unquoted pattern character (so pathname expansion applies).
pub fn has_glob(s: &[QChar]) -> bool {
    s.iter().enumerate().any(|(i, &(c, q))| !q && (c == '*' || c == '?' || (c == '[' && bracket(s, i + 1).is_some())))
}

fn class_matches(name: &str, c: char) -> bool {
    match name {
        "alpha" => c.is_alphabetic(),
        "digit" => c.is_ascii_digit(),
        "alnum" => c.is_alphanumeric(),
        "upper" => c.is_uppercase(),
        "lower" => c.is_lowercase(),
        "space" => c.is_whitespace(),
        "blank" => c == ' ' || c == '\t',
        "punct" => c.is_ascii_punctuation(),
        "xdigit" => c.is_ascii_hexdigit(),
        "cntrl" => c.is_control(),
        "print" => !c.is_control(),
        "graph" => !c.is_control() && c != ' ',
        _ => false,
    }
}

impl Pattern {
    /// Compiles quoted-aware text.
    pub fn new(s: &[QChar]) -> Pattern {
        let mut toks = Vec::new();
        let mut i = 0;
        while i < s.len() {
            let (c, q) = s[i];
            match (c, q) {
                ('*', false) => {
                    if toks.last() != Some(&Tok::Star) {
                        toks.push(Tok::Star);
                    }
                    i += 1;
                }
                ('?', false) => {
                    toks.push(Tok::Any);
                    i += 1;
                }
                ('[', false) => match bracket(s, i + 1) {
                    Some((t, next)) => {
                        toks.push(t);
                        i = next;
                    }
                    None => {
                        toks.push(Tok::Char('['));
                        i += 1;
                    }
                },
                ('\\', false) if i + 1 < s.len() => {
                    toks.push(Tok::Char(s[i + 1].0));
                    i += 2;
                }
                _ => {
                    toks.push(Tok::Char(c));
                    i += 1;
                }
            }
        }
        Pattern(toks)
    }

    /// A pattern from plain text where every character is active.
    #[cfg(test)]
    pub fn from_str_unquoted(s: &str) -> Pattern {
        Pattern::new(&s.chars().map(|c| (c, false)).collect::<Vec<_>>())
    }

    fn one(t: &Tok, c: char) -> bool {
        match t {
            Tok::Char(x) => *x == c,
            Tok::Any => true,
            Tok::Star => false,
            Tok::Set(negate, items) => {
                let hit = items.iter().any(|it| match it {
                    Item::Char(x) => *x == c,
                    Item::Range(a, b) => *a <= c && c <= *b,
                    Item::Class(name) => class_matches(name, c),
                });
                hit != *negate
            }
        }
    }

    /// Whether the whole of `text` matches.
    pub fn matches(&self, text: &str) -> bool {
        let t: Vec<char> = text.chars().collect();
        let p = &self.0;
        let (mut pi, mut ti) = (0, 0);
        let mut back: Option<(usize, usize)> = None;
        while ti < t.len() {
            if pi < p.len() && p[pi] == Tok::Star {
                back = Some((pi, ti));
                pi += 1;
            } else if pi < p.len() && Pattern::one(&p[pi], t[ti]) {
                pi += 1;
                ti += 1;
            } else if let Some((bp, bt)) = back {
                pi = bp + 1;
                ti = bt + 1;
                back = Some((bp, bt + 1));
            } else {
                return false;
            }
        }
        p[pi..].iter().all(|t| *t == Tok::Star)
    }

    /// Whether the pattern starts with a literal dot (it may then match hidden files).
    fn starts_with_dot(&self) -> bool {
        self.0.first() == Some(&Tok::Char('.'))
    }
}

/// `${x#p}` and friends: removes the shortest or longest matching prefix or suffix.
pub fn trim(value: &str, pat: &Pattern, suffix: bool, longest: bool) -> String {
    let bounds: Vec<usize> = value.char_indices().map(|(i, _)| i).chain(std::iter::once(value.len())).collect();
    let candidates: Vec<usize> = if suffix == longest { bounds.clone() } else { bounds.iter().rev().copied().collect() };
    for &b in &candidates {
        let (part, rest) = if suffix { (&value[b..], &value[..b]) } else { (&value[..b], &value[b..]) };
        if pat.matches(part) {
            return rest.to_string();
        }
    }
    value.to_string()
}

/// `${x/p/r}` and `${x//p/r}`: replaces the first (or every) leftmost-longest match.
pub fn replace(value: &str, pat: &Pattern, rep: &str, all: bool) -> String {
    let chars: Vec<char> = value.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut replaced = false;
    while i < chars.len() {
        if !replaced || all {
            let hit = (i + 1..=chars.len()).rev().find(|&end| pat.matches(&chars[i..end].iter().collect::<String>()));
            if let Some(end) = hit {
                out.push_str(rep);
                i = end;
                replaced = true;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Pathname expansion of one field: the sorted matches, or `None` when nothing matches (the
/// caller keeps the word as it was).
pub fn glob(proc: &Proc, field: &[QChar]) -> Option<Vec<String>> {
    let components: Vec<&[QChar]> = field.split(|&(c, _)| c == '/').collect();
    let absolute = field.first().is_some_and(|&(c, _)| c == '/');
    let mut paths: Vec<String> = vec![if absolute { "/".to_string() } else { String::new() }];
    let last = components.len() - 1;
    for (n, comp) in components.iter().enumerate() {
        if comp.is_empty() {
            if n == 0 {
                continue;
            }
            if n == last {
                // A trailing slash: only directories.
                paths.retain(|p| proc.stat(p).is_ok_and(|m| m.kind == wharf_engine::fs::FileKind::Dir));
                paths.iter_mut().for_each(|p| p.push('/'));
            }
            continue;
        }
        let join = |base: &str, name: &str| if base.is_empty() || base.ends_with('/') { format!("{base}{name}") } else { format!("{base}/{name}") };
        if !has_glob(comp) {
            let name: String = comp.iter().map(|q| q.0).collect();
            paths = paths.iter().map(|b| join(b, &name)).collect();
            continue;
        }
        let pat = Pattern::new(comp);
        let mut next = Vec::new();
        for base in &paths {
            let dir = if base.is_empty() { "." } else { base.as_str() };
            let Ok(entries) = proc.read_dir(dir) else { continue };
            let mut names: Vec<String> = entries
                .into_iter()
                .map(|e| e.name)
                .filter(|name| (!name.starts_with('.') || pat.starts_with_dot()) && name != "." && name != ".." && pat.matches(name))
                .collect();
            names.sort();
            next.extend(names.into_iter().map(|name| join(base, &name)));
        }
        paths = next;
        if paths.is_empty() {
            return None;
        }
    }
    paths.retain(|p| proc.lstat(p.trim_end_matches('/')).is_ok() || p == "/");
    if paths.is_empty() {
        None
    } else {
        paths.sort();
        Some(paths)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Pattern {
        Pattern::from_str_unquoted(s)
    }

    #[test]
    fn patterns_match_like_fnmatch() {
        assert!(p("*.txt").matches("a.txt"));
        assert!(!p("*.txt").matches("a.txt.bak"));
        assert!(p("a?c").matches("abc"));
        assert!(p("[a-c]x").matches("bx"));
        assert!(!p("[!a-c]x").matches("bx"));
        assert!(p("[[:digit:]]*").matches("1abc"));
        assert!(p("[]]").matches("]"));
        assert!(p("[").matches("["));
        assert!(p("*").matches(""));
        assert!(p("a*b*c").matches("aXbYbZc"));
        let quoted: Vec<QChar> = vec![('*', true)];
        assert!(!Pattern::new(&quoted).matches("x"));
        assert!(Pattern::new(&quoted).matches("*"));
    }

    #[test]
    fn trimming_takes_the_shortest_or_longest_match() {
        assert_eq!(trim("a/b/c", &p("*/"), false, false), "b/c");
        assert_eq!(trim("a/b/c", &p("*/"), false, true), "c");
        assert_eq!(trim("file.tar.gz", &p(".*"), true, false), "file.tar");
        assert_eq!(trim("file.tar.gz", &p(".*"), true, true), "file");
        assert_eq!(trim("abc", &p("x"), true, true), "abc");
    }

    #[test]
    fn replacing_takes_the_leftmost_longest_match() {
        assert_eq!(replace("abcabc", &p("b*"), "X", false), "aX");
        assert_eq!(replace("abcabc", &p("b"), "", true), "acac");
        assert_eq!(replace("a.b.c", &p("."), "-", false), "a-b.c");
        assert_eq!(replace("abcabc", &p("[ac]"), ".", true), ".b..b.");
    }
}
