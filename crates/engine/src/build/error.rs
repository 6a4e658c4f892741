//! Parse errors and warnings, worded as BuildKit words them.
//!
//! An error is a [`ParseErrorKind`] (what is wrong, BuildKit's exact text) with the [`Span`] of
//! the instruction or line at fault; it displays as
//! `dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)`.
//! Warnings (deprecated or doubtful syntax that still parses) are kept apart in
//! [`Warning`]s, named after BuildKit's lint rules.

use thiserror::Error;

use crate::build::ast::Span;
use crate::build::dump::go_quote;
use crate::build::shell::ShellError;

/// A Dockerfile that cannot be parsed, with the lines at fault.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("dockerfile parse error on line {}: {kind}", span.start)]
pub struct ParseError {
    /// The lines at fault (the whole instruction for instruction errors).
    pub span: Span,
    /// What is wrong.
    pub kind: ParseErrorKind,
}

impl ParseError {
    /// An error of `kind` at `span`.
    pub fn new(span: Span, kind: ParseErrorKind) -> Self {
        ParseError { span, kind }
    }
}

/// What is wrong with a Dockerfile. The messages are BuildKit's, word for word.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseErrorKind {
    /// Nothing but comments and blank lines.
    #[error("file with no instructions")]
    NoInstructions,
    /// A line longer than BuildKit's scanner accepts (64 KiB).
    #[error("dockerfile line greater than max allowed size of 65535")]
    LineTooLong,
    /// The first word is not an instruction; `suggestion` is the closest one, if close.
    #[error("unknown instruction: {name}{}", did_you_mean(suggestion))]
    UnknownInstruction {
        /// The word as written.
        name: String,
        /// A near instruction name, in the same case as `name`.
        suggestion: Option<String>,
    },
    /// A parser directive given twice.
    #[error("only one {0} parser directive can be used")]
    DuplicateDirective(String),
    /// `# escape=` with something other than `\` or `` ` ``.
    #[error("invalid escape token '{0}' does not match ` or \\")]
    InvalidEscapeToken(String),
    /// A malformed `# check=` directive.
    #[error("{0}")]
    InvalidCheckDirective(String),
    /// `ENV name` / `LABEL name`: the legacy form without a value.
    #[error("{0} must have two arguments")]
    MustHaveTwoArguments(&'static str),
    /// `ENV a=1 b`: a word without `=` in the `k=v` form.
    #[error("Syntax error - can't find = in {}. Must be of the form: name=value", go_quote(.0))]
    MissingEquals(String),
    /// A JSON array holding something other than strings.
    #[error("when using JSON array syntax, arrays must be comprised of strings only")]
    JsonNotStrings,
    /// A heredoc whose terminator never came.
    #[error("unterminated heredoc")]
    UnterminatedHeredoc,
    /// A heredoc delimiter the shell lexer rejects.
    #[error("{0}")]
    HeredocDelimiter(ShellError),
    /// `{instr} requires at least one argument`.
    #[error("{0} requires at least one argument")]
    AtLeastOneArgument(&'static str),
    /// `{instr} requires exactly one argument`.
    #[error("{0} requires exactly one argument")]
    ExactlyOneArgument(&'static str),
    /// ADD/COPY with only one argument.
    #[error("{0} requires at least two arguments, but only one was provided. Destination could not be determined")]
    NoDestination(&'static str),
    /// ADD/COPY whose destination is a heredoc.
    #[error("{0} cannot accept a heredoc as a destination")]
    HeredocDestination(&'static str),
    /// `ENV =x`, `ARG =x`.
    #[error("{0} names can not be blank")]
    BlankNames(&'static str),
    /// `FROM a b` and the like.
    #[error("FROM requires either one or three arguments")]
    FromArguments,
    /// `FROM x AS 1abc`.
    #[error("invalid name for build stage: {}, name can't start with a number or contain symbols", go_quote(.0))]
    InvalidStageName(String),
    /// A flag the instruction does not take.
    #[error("unknown flag: --{name}{}", did_you_mean(suggestion))]
    UnknownFlag {
        /// The flag's name, without `--`.
        name: String,
        /// A near flag name.
        suggestion: Option<String>,
    },
    /// A single-valued flag given twice.
    #[error("duplicate flag specified: --{0}")]
    DuplicateFlag(String),
    /// `--from` without `=value`, or `--link=`.
    #[error("missing a value on flag: --{0}")]
    MissingFlagValue(String),
    /// `--link=maybe`.
    #[error("expecting boolean value for flag --{0}, not: {1}")]
    NotABool(String, String),
    /// `ONBUILD ONBUILD ...`.
    #[error("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")]
    ChainedOnbuild,
    /// `ONBUILD FROM` / `ONBUILD MAINTAINER`.
    #[error("{0} isn't allowed as an ONBUILD trigger")]
    OnbuildTrigger(String),
    /// `HEALTHCHECK NONE something`.
    #[error("HEALTHCHECK NONE takes no arguments")]
    HealthcheckNoneArguments,
    /// `HEALTHCHECK CMD` with nothing after it.
    #[error("Missing command after HEALTHCHECK CMD")]
    HealthcheckMissingCommand,
    /// `HEALTHCHECK CONNECT ...`.
    #[error("Unknown type {} in HEALTHCHECK (try CMD)", go_quote(.0))]
    HealthcheckType(String),
    /// A HEALTHCHECK duration that does not parse (Go's `time.ParseDuration` message).
    #[error("{0}")]
    BadDuration(String),
    /// A HEALTHCHECK interval below the 1ms minimum.
    #[error("Interval {} cannot be less than 1ms", go_quote(.0))]
    IntervalTooShort(String),
    /// `--retries=x` (Go's `strconv.ParseInt` message).
    #[error("{0}")]
    BadRetries(String),
    /// `--retries=-1`.
    #[error("--retries cannot be negative ({0})")]
    NegativeRetries(i64),
    /// `VOLUME ""`.
    #[error("VOLUME specified can not be an empty string")]
    EmptyVolume,
    /// `SHELL sh -c`.
    #[error("SHELL requires the arguments to be in JSON form")]
    ShellNotJson,
    /// `RUN --network=bogus`.
    #[error("invalid network mode {}", go_quote(.0))]
    NetworkMode(String),
    /// `RUN --security=bogus`.
    #[error("security {} is not valid", go_quote(.0))]
    SecurityMode(String),
    /// A malformed `RUN --mount` value.
    #[error("{0}")]
    Mount(String),
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean {s}?)"),
        None => String::new(),
    }
}

/// A doubtful construct that still parses, named after BuildKit's lint rule for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The rule that fired.
    pub rule: Rule,
    /// Where.
    pub span: Span,
    /// The rule's message for this occurrence.
    pub message: String,
}

impl std::fmt::Display for Warning {
    /// BuildKit's short form: `NoEmptyContinuation: Empty continuation line (line 5)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} (line {})",
            self.rule.name(),
            self.message,
            self.span.start
        )
    }
}

/// The lint rules the parser itself can see (BuildKit's `linter/ruleset.go`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A blank line inside a continued instruction.
    NoEmptyContinuation,
    /// The MAINTAINER instruction.
    MaintainerDeprecated,
}

impl Rule {
    /// The rule's name, as `# check=skip=` names it.
    pub fn name(self) -> &'static str {
        match self {
            Rule::NoEmptyContinuation => "NoEmptyContinuation",
            Rule::MaintainerDeprecated => "MaintainerDeprecated",
        }
    }

    /// What the rule is about.
    pub fn description(self) -> &'static str {
        match self {
            Rule::NoEmptyContinuation => {
                "Empty continuation lines will become errors in a future release"
            }
            Rule::MaintainerDeprecated => {
                "The MAINTAINER instruction is deprecated, use a label instead to define an image author"
            }
        }
    }

    /// The rule's documentation page.
    pub fn url(self) -> &'static str {
        match self {
            Rule::NoEmptyContinuation => {
                "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/"
            }
            Rule::MaintainerDeprecated => {
                "https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/"
            }
        }
    }

    /// The message for one occurrence.
    pub fn message(self) -> &'static str {
        match self {
            Rule::NoEmptyContinuation => "Empty continuation line",
            Rule::MaintainerDeprecated => {
                "Maintainer instruction is deprecated in favor of using label"
            }
        }
    }
}

/// The closest of `options` to `value` within an edit distance of 2, as BuildKit's
/// `suggest.WrapError` picks it: none on an exact match; when `case_sensitive` is false the
/// comparison ignores case and the answer takes `value`'s case if that is all upper or all lower.
pub(crate) fn suggest(value: &str, options: &[&str], case_sensitive: bool) -> Option<String> {
    let fold = |s: &str| {
        if case_sensitive {
            s.to_string()
        } else {
            s.to_lowercase()
        }
    };
    let wanted = fold(value);
    let mut best = None;
    let mut min = 3;
    for option in options {
        let candidate = fold(option);
        if candidate == wanted {
            return None;
        }
        let distance = levenshtein(&wanted, &candidate);
        if distance < min {
            min = distance;
            best = Some(if case_sensitive {
                candidate
            } else {
                match_case(&candidate, value)
            });
        }
    }
    best
}

fn match_case(candidate: &str, original: &str) -> String {
    if original == original.to_lowercase() {
        candidate.to_lowercase()
    } else if original == original.to_uppercase() {
        candidate.to_uppercase()
    } else {
        candidate.to_string()
    }
}

/// Edit distance in characters (insertions, deletions and substitutions all cost 1).
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            let cost = usize::from(ca != *cb);
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + cost);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_follow_buildkit() {
        let names = ["run", "cmd", "copy", "from"];
        assert_eq!(suggest("RUNN", &names, false).as_deref(), Some("RUN"));
        assert_eq!(suggest("runn", &names, false).as_deref(), Some("run"));
        assert_eq!(suggest("Runn", &names, false).as_deref(), Some("run"));
        assert_eq!(suggest("frobnicate", &names, false), None);
        assert_eq!(
            suggest("mout", &["mount", "network"], true).as_deref(),
            Some("mount")
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = ParseError::new(
            Span::new(3, 4),
            ParseErrorKind::UnknownInstruction {
                name: "RUNN".into(),
                suggestion: Some("RUN".into()),
            },
        );
        assert_eq!(
            e.to_string(),
            "dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)"
        );
        let e = ParseError::new(Span::line(1), ParseErrorKind::MissingEquals("a b".into()));
        assert_eq!(
            e.to_string(),
            "dockerfile parse error on line 1: Syntax error - can't find = in \"a b\". Must be of the form: name=value"
        );
    }
}
