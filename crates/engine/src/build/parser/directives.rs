//! Parser directives: `# syntax=...`, `# escape=...`, `# check=...`.
//!
//! BuildKit's rule: directives are comment lines of the form `# name=value` at the very top of
//! the file. The first line that is not one (an instruction, a blank line, any other comment,
//! or an unknown directive name) ends the directive section for good, so a directive after it
//! is just a comment. Each directive may appear once. `escape` takes `\` or `` ` `` only.

use std::collections::BTreeSet;

use nom::bytes::complete::take_while;
use nom::character::complete::{char, satisfy};
use nom::combinator::recognize;
use nom::{IResult, Parser};

use crate::build::ast::{Directive, Directives};
use crate::build::error::ParseErrorKind;
use crate::build::parser::lines::trim_left_space;

/// The directives recognised; any other `# name=value` line is a comment.
const KNOWN: [&str; 3] = ["syntax", "escape", "check"];

/// The directive section's state while lines are read.
#[derive(Default)]
pub(crate) struct DirectiveState {
    done: bool,
    seen: BTreeSet<String>,
    pub(crate) directives: Directives,
}

impl DirectiveState {
    /// The current escape character.
    pub(crate) fn escape(&self) -> char {
        self.directives.escape
    }

    /// Looks at one line (already trimmed of its newline and, on a first line, of leading
    /// whitespace) while the directive section lasts.
    pub(crate) fn observe(&mut self, line: &str, line_no: usize) -> Result<(), ParseErrorKind> {
        if self.done {
            return Ok(());
        }
        let Some(after_hash) = line.strip_prefix('#') else {
            self.done = true;
            return Ok(());
        };
        let Ok((_, (name, value))) = directive(trim_left_space(after_hash)) else {
            self.done = true;
            return Ok(());
        };
        let name = name.to_ascii_lowercase();
        if !KNOWN.contains(&name.as_str()) {
            self.done = true;
            return Ok(());
        }
        if !self.seen.insert(name.clone()) {
            return Err(ParseErrorKind::DuplicateDirective(name));
        }
        match name.as_str() {
            "escape" => {
                self.directives.escape = match value {
                    "\\" => '\\',
                    "`" => '`',
                    other => return Err(ParseErrorKind::InvalidEscapeToken(other.to_string())),
                }
            }
            "syntax" => self.directives.syntax = Some(value.to_string()),
            _ => self.directives.check = Some(value.to_string()),
        }
        self.directives.all.push(Directive {
            name,
            value: value.to_string(),
            line: line_no,
        });
        Ok(())
    }
}

/// Whitespace as Go's regexp `\s` means it.
fn is_re_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r')
}

/// `name \s* = \s* value \s*` where name is `[a-zA-Z][a-zA-Z0-9]*` and value is not empty.
/// The value keeps inner whitespace and loses the outer kind; when everything after `=` is
/// whitespace, BuildKit's lazy `(.+?)` keeps the last whitespace character as the value.
fn directive(input: &str) -> IResult<&str, (&str, &str)> {
    let (after_eq, (name, _, _)) = (
        recognize((
            satisfy(|c| c.is_ascii_alphabetic()),
            take_while(|c: char| c.is_ascii_alphanumeric()),
        )),
        take_while(is_re_space),
        char('='),
    )
        .parse(input)?;
    let value = after_eq
        .trim_start_matches(is_re_space)
        .trim_end_matches(is_re_space);
    if !value.is_empty() {
        return Ok(("", (name, value)));
    }
    match after_eq.char_indices().last() {
        Some((i, _)) => Ok(("", (name, &after_eq[i..]))),
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::NonEmpty,
        ))),
    }
}

/// The `# check=` directive's settings: which lint rules to skip and whether warnings fail
/// the build (`skip=A,B;error=true`, `skip=all`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckConfig {
    /// Rules to skip, by name.
    pub skip: Vec<String>,
    /// `skip=all`.
    pub skip_all: bool,
    /// Experimental rules to enable, by name.
    pub experimental: Vec<String>,
    /// `experimental=all`.
    pub experimental_all: bool,
    /// `error=true`: lint warnings fail the build.
    pub error: bool,
}

impl CheckConfig {
    /// Parses a `check` directive's value, with BuildKit's messages for bad ones.
    pub fn parse(value: &str) -> Result<CheckConfig, ParseErrorKind> {
        let mut config = CheckConfig::default();
        let value = value.trim();
        if value.is_empty() {
            return Ok(config);
        }
        let invalid = |what: &str| {
            ParseErrorKind::InvalidCheckDirective(format!(
                "invalid check option {}",
                crate::build::dump::go_quote(what)
            ))
        };
        for part in value.splitn(3, ';') {
            let Some((key, v)) = part.split_once('=') else {
                return Err(invalid(part));
            };
            let list = |v: &str| {
                v.split(',')
                    .map(|r| r.trim().to_string())
                    .collect::<Vec<_>>()
            };
            match key.trim() {
                "skip" if v.trim() == "all" => config.skip_all = true,
                "skip" => config.skip = list(v.trim()),
                "experimental" if v.trim() == "all" => config.experimental_all = true,
                "experimental" => config.experimental = list(v.trim()),
                "error" => {
                    config.error = match v.trim() {
                        "1" | "t" | "T" | "TRUE" | "true" | "True" => true,
                        "0" | "f" | "F" | "FALSE" | "false" | "False" => false,
                        other => {
                            return Err(ParseErrorKind::InvalidCheckDirective(format!(
                                "failed to parse check option {}: strconv.ParseBool: parsing {}: invalid syntax",
                                crate::build::dump::go_quote(part),
                                crate::build::dump::go_quote(other)
                            )))
                        }
                    }
                }
                other => return Err(invalid(other)),
            }
        }
        Ok(config)
    }

    /// Whether warnings of the rule named `rule` are dropped.
    pub fn skips(&self, rule: &str) -> bool {
        self.skip_all || self.skip.iter().any(|r| r == rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(lines: &[&str]) -> Result<Directives, ParseErrorKind> {
        let mut state = DirectiveState::default();
        for (i, line) in lines.iter().enumerate() {
            state.observe(line, i + 1)?;
        }
        Ok(state.directives)
    }

    #[test]
    fn reads_directives_at_the_top_only() {
        let d = run(&[
            "# syntax = docker/dockerfile:1",
            "#ESCAPE=`",
            "FROM x",
            "# check=x",
        ])
        .unwrap();
        assert_eq!(d.escape, '`');
        assert_eq!(d.syntax.as_deref(), Some("docker/dockerfile:1"));
        assert_eq!(d.check, None);
        let d = run(&["# a comment", "# escape=`"]).unwrap();
        assert_eq!(d.escape, '\\');
        let d = run(&["", "# escape=`"]).unwrap();
        assert_eq!(d.escape, '\\');
        let d = run(&["# unknown=1", "# escape=`"]).unwrap();
        assert_eq!(d.escape, '\\');
    }

    #[test]
    fn rejects_repeats_and_bad_escapes() {
        assert_eq!(
            run(&["# escape=`", "# escape=\\"]).unwrap_err().to_string(),
            "only one escape parser directive can be used"
        );
        assert_eq!(
            run(&["# escape=x"]).unwrap_err().to_string(),
            "invalid escape token 'x' does not match ` or \\"
        );
        assert_eq!(
            run(&["# escape= "]).unwrap_err().to_string(),
            "invalid escape token ' ' does not match ` or \\"
        );
        assert!(run(&["# escape="]).is_ok());
    }

    #[test]
    fn check_config() {
        let c = CheckConfig::parse("skip=JSONArgsRecommended, StageNameCasing;error=true").unwrap();
        assert_eq!(c.skip, ["JSONArgsRecommended", "StageNameCasing"]);
        assert!(c.error);
        assert!(CheckConfig::parse("skip=all").unwrap().skips("Anything"));
        assert_eq!(
            CheckConfig::parse("bogus").unwrap_err().to_string(),
            "invalid check option \"bogus\""
        );
        assert_eq!(
            CheckConfig::parse("error=maybe").unwrap_err().to_string(),
            "failed to parse check option \"error=maybe\": strconv.ParseBool: parsing \"maybe\": invalid syntax"
        );
    }
}
