//! The shapes instruction arguments come in, and the table saying which instruction takes
//! which (BuildKit's `line_parsers.go` dispatch map).
//!
//! A handful of shapes cover every instruction: JSON or shell ([`Shape::JsonOrShell`]), JSON
//! or a word list ([`Shape::JsonOrWords`]), whitespace words ([`Shape::Words`]), `k=v` pairs
//! ([`Shape::Pairs`]), ARG's `name[=value]` words ([`Shape::NameValues`]), one string
//! ([`Shape::Text`]) and HEALTHCHECK's type-then-command ([`Shape::Health`]). Flags
//! (`--from=x`) are cut off the front of the line first, by [`split_command`].

use nom::bytes::complete::{take_till, take_while};
use nom::{IResult, Parser};

use crate::build::ast::{Args, Instruction, Pair};
use crate::build::error::ParseErrorKind;
use crate::build::parser::json::{parse_array, JsonArray};

/// How an instruction's arguments are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A JSON array, else the text as one shell-form string.
    JsonOrShell,
    /// A JSON array, else whitespace-separated words.
    JsonOrWords,
    /// Whitespace-separated words.
    Words,
    /// `k=v ...` pairs, or the legacy `k v` (ENV, LABEL).
    Pairs,
    /// Quote-aware `name[=value]` words (ARG).
    NameValues,
    /// The text as one string.
    Text,
    /// A type word, then JSON or shell.
    Health,
    /// A whole instruction (ONBUILD); handled by the parser itself.
    SubCommand,
}

/// The dispatch table: which shape each instruction's arguments take.
pub(crate) fn shape(instruction: Instruction) -> Shape {
    use Instruction::*;
    match instruction {
        Run | Cmd | Entrypoint | Shell => Shape::JsonOrShell,
        Add | Copy | Volume => Shape::JsonOrWords,
        From | Expose => Shape::Words,
        Env | Label => Shape::Pairs,
        Arg => Shape::NameValues,
        Maintainer | Stopsignal | User | Workdir => Shape::Text,
        Healthcheck => Shape::Health,
        Onbuild => Shape::SubCommand,
    }
}

/// Reads `rest` (trimmed, flags removed) in `shape`. `what` names the instruction in errors.
pub(crate) fn parse_args(
    shape: Shape,
    rest: &str,
    escape: char,
    what: Instruction,
) -> Result<Args, ParseErrorKind> {
    match shape {
        Shape::JsonOrShell => json_or_shell(rest),
        Shape::JsonOrWords => Ok(match json(rest)? {
            Some(items) => Args::Json(items),
            None => words(rest),
        }),
        Shape::Words => Ok(words(rest)),
        Shape::Pairs => pairs(
            rest,
            escape,
            if what == Instruction::Env {
                "ENV"
            } else {
                "LABEL"
            },
        ),
        Shape::NameValues => {
            let w = quoted_words(rest, escape);
            Ok(if w.is_empty() {
                Args::Empty
            } else {
                Args::Words(w)
            })
        }
        Shape::Text => Ok(if rest.is_empty() {
            Args::Empty
        } else {
            Args::Text(rest.to_string())
        }),
        Shape::Health => health(rest),
        // ONBUILD never gets here; an empty trigger is all that is left to say.
        Shape::SubCommand => Ok(Args::Empty),
    }
}

/// Whitespace that separates the instruction from its arguments, and words (`[\t\v\f\r ]`).
fn is_separator(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// Splits a logical line into the instruction keyword, its flags and the trimmed rest.
pub(crate) fn split_command(line: &str) -> (&str, Vec<String>, &str) {
    let line = line.trim_matches(char::is_whitespace);
    let split: IResult<&str, (&str, &str)> =
        (take_till(is_separator), take_while(is_separator)).parse(line);
    let Ok((rest, (keyword, gap))) = split else {
        return (line, Vec::new(), "");
    };
    if gap.is_empty() {
        return (keyword, Vec::new(), "");
    }
    let (rest, flags) = extract_flags(rest);
    (keyword, flags, rest.trim_matches(char::is_whitespace))
}

/// Cuts the leading `--flag[=value]` words off `line`. Quotes group and are removed, `\`
/// escapes (always the backslash, whatever the escape directive says), and a bare `--` ends
/// the flags without being one.
///
/// BuildKit scans flags byte by byte and so mangles non-ASCII text in them (`--chown=é`
/// becomes `--chown=Ã©`); we read characters and keep the text as written.
pub(crate) fn extract_flags(line: &str) -> (&str, Vec<String>) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(char),
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut flags = Vec::new();
    let mut word = String::new();
    let mut blank_ok = false;
    let mut phase = Phase::Spaces;
    let mut i = 0;
    loop {
        let Some(&(pos, ch)) = chars.get(i) else {
            if phase != Phase::Spaces && word != "--" && (blank_ok || !word.is_empty()) {
                flags.push(word);
            }
            return ("", flags);
        };
        match phase {
            Phase::Spaces => {
                if ch.is_whitespace() {
                    i += 1;
                    continue;
                }
                let next = chars.get(i + 1).map(|&(_, c)| c);
                if ch != '-' || next != Some('-') {
                    return (&line[pos..], flags);
                }
                phase = Phase::Word;
            }
            Phase::Word => {
                if ch.is_whitespace() {
                    if word == "--" {
                        return (&line[pos..], flags);
                    }
                    if blank_ok || !word.is_empty() {
                        flags.push(std::mem::take(&mut word));
                    }
                    word.clear();
                    blank_ok = false;
                    phase = Phase::Spaces;
                } else if ch == '\'' || ch == '"' {
                    blank_ok = true;
                    phase = Phase::Quote(ch);
                } else if ch == '\\' {
                    // A backslash escapes the next character; a trailing one is dropped.
                    if let Some(&(_, escaped)) = chars.get(i + 1) {
                        word.push(escaped);
                        i += 1;
                    }
                } else {
                    word.push(ch);
                }
                i += 1;
            }
            Phase::Quote(quote) => {
                if ch == quote {
                    phase = Phase::Word;
                } else if ch == '\\' {
                    match chars.get(i + 1) {
                        Some(&(_, escaped)) => {
                            word.push(escaped);
                            i += 1;
                        }
                        None => phase = Phase::Word,
                    }
                } else {
                    word.push(ch);
                }
                i += 1;
            }
        }
    }
}

/// The JSON array in `rest`, if it is one; `Ok(None)` means "not JSON, use the text".
fn json(rest: &str) -> Result<Option<Vec<String>>, ParseErrorKind> {
    let text = rest.trim_start_matches(char::is_whitespace);
    if !text.starts_with('[') {
        return Ok(None);
    }
    match parse_array(text) {
        JsonArray::Strings(items) => Ok(Some(items)),
        JsonArray::NotStrings => Err(ParseErrorKind::JsonNotStrings),
        JsonArray::Invalid => Ok(None),
    }
}

fn json_or_shell(rest: &str) -> Result<Args, ParseErrorKind> {
    if rest.is_empty() {
        return Ok(Args::Empty);
    }
    Ok(match json(rest)? {
        Some(items) => Args::Json(items),
        None => Args::Shell(rest.to_string()),
    })
}

/// Words split on runs of `[\t\v\f\r ]`.
fn words(rest: &str) -> Args {
    if rest.is_empty() {
        return Args::Empty;
    }
    Args::Words(
        rest.split(is_separator)
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// Words split on unquoted whitespace, quotes and escapes kept as written (they are removed
/// later, when the builder expands the words).
pub(crate) fn quoted_words(rest: &str, escape: char) -> Vec<String> {
    let chars: Vec<char> = rest.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut blank_ok = false;
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        let last = i + 1 == chars.len();
        i += 1;
        if !in_word && quote.is_none() {
            if ch.is_whitespace() {
                continue;
            }
            in_word = true;
        }
        match quote {
            None if ch.is_whitespace() => {
                if blank_ok || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                blank_ok = false;
                in_word = false;
            }
            None => {
                if ch == '\'' || ch == '"' {
                    quote = Some(ch);
                    blank_ok = true;
                }
                if ch == escape {
                    if last {
                        continue;
                    }
                    word.push(ch);
                    word.push(chars[i]);
                    i += 1;
                } else {
                    word.push(ch);
                }
            }
            Some(q) => {
                if ch == q {
                    quote = None;
                }
                if ch == escape && q != '\'' {
                    if last {
                        quote = None;
                        continue;
                    }
                    word.push(ch);
                    word.push(chars[i]);
                    i += 1;
                } else {
                    word.push(ch);
                }
            }
        }
    }
    if (in_word || quote.is_some()) && (blank_ok || !word.is_empty()) {
        words.push(word);
    }
    words
}

/// ENV and LABEL: `k=v ...` pairs, or the legacy `k v` where the value is the rest of the line.
fn pairs(rest: &str, escape: char, what: &'static str) -> Result<Args, ParseErrorKind> {
    let words = quoted_words(rest, escape);
    let Some(first) = words.first() else {
        return Ok(Args::Empty);
    };
    if !first.contains('=') {
        let split: IResult<&str, (&str, &str)> =
            (take_till(is_separator), take_while(is_separator)).parse(rest);
        return match split {
            Ok((value, (key, gap))) if !gap.is_empty() => Ok(Args::Pairs(vec![Pair {
                key: key.to_string(),
                value: value.to_string(),
                legacy: true,
            }])),
            _ => Err(ParseErrorKind::MustHaveTwoArguments(what)),
        };
    }
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        let Some((key, value)) = word.split_once('=') else {
            return Err(ParseErrorKind::MissingEquals(word));
        };
        out.push(Pair {
            key: key.to_string(),
            value: value.to_string(),
            legacy: false,
        });
    }
    Ok(Args::Pairs(out))
}

/// HEALTHCHECK: the first word, then JSON or shell.
fn health(rest: &str) -> Result<Args, ParseErrorKind> {
    let kind_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    if kind_end == 0 {
        return Ok(Args::Empty);
    }
    let (kind, command) = rest.split_at(kind_end);
    let command = json_or_shell(command.trim_start_matches(char::is_whitespace))?;
    Ok(Args::Health {
        kind: kind.to_string(),
        command: Box::new(command),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_keyword_flags_and_rest() {
        assert_eq!(
            split_command("  COPY --from=a  --chown=1 x /y "),
            ("COPY", vec!["--from=a".into(), "--chown=1".into()], "x /y")
        );
        assert_eq!(
            split_command("CMD --doit=true -- [ \"a\" ]"),
            ("CMD", vec!["--doit=true".into()], "[ \"a\" ]")
        );
        assert_eq!(
            split_command("COPY -- foo /tmp/"),
            ("COPY", vec![], "foo /tmp/")
        );
        assert_eq!(split_command("RUN"), ("RUN", vec![], ""));
        assert_eq!(
            split_command("COPY --from=\"a b\" --x='' c"),
            ("COPY", vec!["--from=a b".into(), "--x=".into()], "c")
        );
        assert_eq!(
            split_command("RUN --mount=type=cache"),
            ("RUN", vec!["--mount=type=cache".into()], "")
        );
        assert_eq!(split_command("RUN -x"), ("RUN", vec![], "-x"));
    }

    #[test]
    fn quoted_words_keep_quotes() {
        assert_eq!(
            quoted_words(r#"abc="123 456" def"#, '\\'),
            [r#"abc="123 456""#, "def"]
        );
        assert_eq!(quoted_words(r"a\ b c\", '\\'), [r"a\ b", "c"]);
        assert_eq!(quoted_words(r#"'a\'b''"#, '\\'), [r#"'a\'b''"#]);
        assert_eq!(quoted_words(r#""" x"#, '\\'), [r#""""#, "x"]);
        assert_eq!(quoted_words("", '\\'), Vec::<String>::new());
    }

    #[test]
    fn env_pairs() {
        let p = |s| parse_args(Shape::Pairs, s, '\\', Instruction::Env);
        assert_eq!(p("a b c").unwrap().strings(), ["a", "b c", ""]);
        assert_eq!(
            p("a=1 b=\"x y\"").unwrap().strings(),
            ["a", "1", "=", "b", "\"x y\"", "="]
        );
        assert_eq!(
            p("PATH").unwrap_err().to_string(),
            "ENV must have two arguments"
        );
        assert_eq!(
            p("a=1 b").unwrap_err().to_string(),
            "Syntax error - can't find = in \"b\". Must be of the form: name=value"
        );
        assert_eq!(p("").unwrap(), Args::Empty);
    }
}
