//! `.dockerignore`: which context paths the client leaves out of the tar it sends.
//!
//! Docker's rules (`moby/patternmatcher`, used by the docker CLI): one pattern a line, `#`
//! comments and blank lines skipped, each pattern cleaned like Go's `filepath.Clean` with a
//! leading `/` dropped; `*` and `?` never match `/`, `**` matches any number of directories
//! (zero included), `[...]` is a class, `\` escapes. A path is excluded when the *last*
//! pattern matching it (or one of its parent directories) is not an `!` exception. The
//! Dockerfile and `.dockerignore` themselves are always sent (the CLI appends `!` exceptions
//! for them), so the daemon can read them.
//!
//! ```
//! use wharf_engine::build::exec::DockerIgnore;
//! let ignore = DockerIgnore::parse("*.log\n!keep.log\nbuild/\n").with_build_files("Dockerfile");
//! assert!(ignore.excludes("debug.log"));
//! assert!(!ignore.excludes("keep.log"));
//! assert!(ignore.excludes("build/out/a.o"));
//! assert!(!ignore.excludes("src/debug.log"), "`*` stays in one directory");
//! ```

use crate::fs::path::normalize;

/// One piece of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A literal character.
    Lit(char),
    /// `*`: any run of characters but `/`.
    Star,
    /// `?`: one character but `/`.
    One,
    /// `**` at the end: anything.
    StarStarEnd,
    /// `**` (with its `/` eaten) elsewhere: any number of whole directories, zero included.
    StarStar,
    /// `[...]`: (negated, ranges).
    Class(bool, Vec<(char, char)>),
}

/// One `.dockerignore` line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    exclusion: bool,
    tokens: Vec<Token>,
}

/// The patterns of a `.dockerignore` file, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DockerIgnore {
    patterns: Vec<Pattern>,
}

/// Go's `filepath.Clean` for a pattern, made relative (a leading `/` is dropped).
fn clean(p: &str) -> String {
    let trimmed = p.trim_start_matches('/');
    if trimmed.is_empty() {
        return ".".to_string();
    }
    match normalize(trimmed) {
        Some(n) if n.is_empty() => ".".to_string(),
        Some(n) => n,
        None => trimmed.to_string(),
    }
}

fn compile(p: &str) -> Vec<Token> {
    let chars: Vec<char> = p.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                out.push(if i >= chars.len() { Token::StarStarEnd } else { Token::StarStar });
                continue;
            }
            '*' => out.push(Token::Star),
            '?' => out.push(Token::One),
            '\\' if i + 1 < chars.len() => {
                i += 1;
                out.push(Token::Lit(chars[i]));
            }
            '[' => {
                let mut j = i + 1;
                let negate = matches!(chars.get(j), Some('^') | Some('!'));
                if negate {
                    j += 1;
                }
                let mut ranges = Vec::new();
                let mut closed = false;
                while j < chars.len() {
                    if chars[j] == ']' {
                        closed = true;
                        break;
                    }
                    let mut lo = chars[j];
                    if lo == '\\' && j + 1 < chars.len() {
                        j += 1;
                        lo = chars[j];
                    }
                    let mut hi = lo;
                    if chars.get(j + 1) == Some(&'-') && chars.get(j + 2).is_some_and(|c| *c != ']') {
                        hi = chars[j + 2];
                        j += 2;
                    }
                    ranges.push((lo, hi));
                    j += 1;
                }
                if closed {
                    out.push(Token::Class(negate, ranges));
                    i = j + 1;
                    continue;
                }
                out.push(Token::Lit('['));
            }
            c => out.push(Token::Lit(c)),
        }
        i += 1;
    }
    out
}

fn matches(tokens: &[Token], name: &[char]) -> bool {
    match tokens.first() {
        None => name.is_empty(),
        Some(Token::Lit(c)) => name.first() == Some(c) && matches(&tokens[1..], &name[1..]),
        Some(Token::One) => name.first().is_some_and(|c| *c != '/') && matches(&tokens[1..], &name[1..]),
        Some(Token::Class(negate, ranges)) => match name.first() {
            Some(c) if *c != '/' && ranges.iter().any(|(lo, hi)| lo <= c && c <= hi) != *negate => matches(&tokens[1..], &name[1..]),
            _ => false,
        },
        Some(Token::Star) => (0..=name.len()).take_while(|&k| k == 0 || name[k - 1] != '/').any(|k| matches(&tokens[1..], &name[k..])),
        Some(Token::StarStarEnd) => true,
        // `(.*/)?`: nothing, or anything ending in a slash.
        Some(Token::StarStar) => matches(&tokens[1..], name) || (1..=name.len()).any(|k| name[k - 1] == '/' && matches(&tokens[1..], &name[k..])),
    }
}

impl DockerIgnore {
    /// Reads a `.dockerignore` file.
    pub fn parse(text: &str) -> DockerIgnore {
        let mut patterns = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (exclusion, p) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            let p = clean(p);
            patterns.push(Pattern { exclusion, tokens: compile(&p) });
        }
        DockerIgnore { patterns }
    }

    /// Adds the CLI's exceptions for the build files: `.dockerignore` and the Dockerfile
    /// (`dockerfile`, relative to the context) are sent even when a pattern matches them.
    pub fn with_build_files(mut self, dockerfile: &str) -> DockerIgnore {
        for keep in [".dockerignore", dockerfile] {
            if self.excludes(keep) {
                self.patterns.push(Pattern { exclusion: true, tokens: compile(&clean(keep)) });
            }
        }
        self
    }

    /// Whether `path` (relative to the context, `/`-separated) is left out.
    pub fn excludes(&self, path: &str) -> bool {
        let path = clean(path);
        let name: Vec<char> = path.chars().collect();
        let parents: Vec<usize> = name.iter().enumerate().filter(|(_, c)| **c == '/').map(|(i, _)| i).collect();
        let mut excluded = false;
        for p in &self.patterns {
            if p.exclusion == excluded {
                // Only a pattern that could flip the answer matters.
                let hit = matches(&p.tokens, &name) || parents.iter().any(|&end| matches(&p.tokens, &name[..end]));
                if hit {
                    excluded = !p.exclusion;
                }
            }
        }
        excluded
    }

    /// Whether any `!` exception could re-include something below an excluded directory, so a
    /// client must still walk into it.
    pub fn has_exceptions(&self) -> bool {
        self.patterns.iter().any(|p| p.exclusion)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_pattern_rules() {
        let d = DockerIgnore::parse("# comment\n\n**/*.tmp\n/secret\ndocs/**\n!docs/README.md\nbuild?\n[ab].txt\n");
        assert!(d.excludes("x.tmp") && d.excludes("a/b/c.tmp"));
        assert!(d.excludes("secret") && d.excludes("secret/key"));
        assert!(d.excludes("docs/x/y") && !d.excludes("docs/README.md"));
        assert!(d.excludes("build1") && !d.excludes("build12"));
        assert!(d.excludes("a.txt") && !d.excludes("c.txt"));
        assert!(!d.excludes("src/main.rs"));
    }

    #[test]
    fn the_last_matching_pattern_wins_and_build_files_are_kept() {
        let d = DockerIgnore::parse("*\n!src\nsrc/*.o\n").with_build_files("Dockerfile");
        assert!(d.excludes("README"));
        assert!(!d.excludes("src/a.c") && d.excludes("src/a.o"));
        assert!(!d.excludes("Dockerfile") && !d.excludes(".dockerignore"));
        assert!(d.has_exceptions());
    }
}
