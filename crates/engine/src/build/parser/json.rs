//! JSON arrays for exec form (`CMD ["a", "b"]`), read the way Go's `encoding/json` reads them.
//!
//! BuildKit unmarshals the text into a Go `[]any`: any valid JSON array passes the syntax
//! check, and only then are non-string elements an error. Invalid JSON (a missing bracket,
//! single quotes, trailing text, a number too big for a float64) is not an error at all: the
//! instruction silently falls back to shell form. So we need the full JSON grammar for the
//! elements, not just strings. Nesting is validated with an explicit stack (Go allows 10000
//! levels), so hostile input cannot overflow ours.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1, take_while_m_n};
use nom::character::complete::{char, one_of};
use nom::combinator::{opt, recognize};
use nom::{IResult, Parser};

/// What a `[`-prefixed argument turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// A JSON array of strings.
    Strings(Vec<String>),
    /// Valid JSON with a non-string element: an error for the instruction.
    NotStrings,
    /// Not valid JSON: the instruction takes the text as shell form.
    Invalid,
}

/// Go's JSON nesting limit.
const MAX_DEPTH: usize = 10_000;

/// Reads `text`, which must be a whole JSON array with only whitespace around it.
pub(crate) fn parse_array(text: &str) -> JsonArray {
    let mut items = Vec::new();
    let mut all_strings = true;
    let Ok((mut s, _)) = (ws, char::<&str, nom::error::Error<&str>>('['), ws).parse(text) else {
        return JsonArray::Invalid;
    };
    if let Ok((rest, _)) = char::<&str, nom::error::Error<&str>>(']').parse(s) {
        s = rest;
    } else {
        loop {
            if let Ok((rest, item)) = string(s) {
                items.push(item);
                s = rest;
            } else {
                match skip_value(s) {
                    Some((rest, false)) => {
                        all_strings = false;
                        s = rest;
                    }
                    // A number a float64 cannot hold fails Go's unmarshal, not its syntax check,
                    // but it is still an error that is not "not strings": shell form.
                    Some((_, true)) | None => return JsonArray::Invalid,
                }
            }
            let separator = (ws, one_of::<&str, &str, nom::error::Error<&str>>(",]"), ws).parse(s);
            let Ok((rest, (_, sep, _))) = separator else {
                return JsonArray::Invalid;
            };
            s = rest;
            if sep == ']' {
                break;
            }
        }
    }
    match ws(s) {
        Ok(("", _)) if all_strings => JsonArray::Strings(items),
        Ok(("", _)) => JsonArray::NotStrings,
        _ => JsonArray::Invalid,
    }
}

/// JSON whitespace.
fn ws(s: &str) -> IResult<&str, &str> {
    take_while(|c| matches!(c, ' ' | '\t' | '\n' | '\r')).parse(s)
}

/// A JSON string literal, decoded. Lone surrogates decode to U+FFFD, as in Go.
fn string(s: &str) -> IResult<&str, String> {
    let (mut s, _) = char('"').parse(s)?;
    let mut out = String::new();
    loop {
        if let Ok((rest, _)) = char::<&str, nom::error::Error<&str>>('"').parse(s) {
            return Ok((rest, out));
        }
        if let Ok((rest, plain)) =
            take_while1::<_, &str, nom::error::Error<&str>>(|c| c != '"' && c != '\\' && c >= ' ')
                .parse(s)
        {
            out.push_str(plain);
            s = rest;
            continue;
        }
        let (rest, _) = char('\\').parse(s)?;
        let (rest, e) = one_of("\"\\/bfnrtu").parse(rest)?;
        s = rest;
        match e {
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let (rest, first) = hex4(s)?;
                s = rest;
                if (0xD800..0xE000).contains(&first) {
                    let low = (tag("\\u"), hex4).parse(s).ok();
                    match low {
                        Some((rest, (_, low)))
                            if (0xD800..0xDC00).contains(&first)
                                && (0xDC00..0xE000).contains(&low) =>
                        {
                            let c = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                            s = rest;
                        }
                        _ => out.push('\u{fffd}'),
                    }
                } else {
                    out.push(char::from_u32(first).unwrap_or('\u{fffd}'));
                }
            }
            other => out.push(other),
        }
    }
}

fn hex4(s: &str) -> IResult<&str, u32> {
    let (rest, digits) = take_while_m_n(4, 4, |c: char| c.is_ascii_hexdigit()).parse(s)?;
    Ok((rest, u32::from_str_radix(digits, 16).unwrap_or(0xFFFD)))
}

/// A JSON number; `true` in the output when a float64 cannot hold it.
fn number(s: &str) -> IResult<&str, bool> {
    let digits = |s| take_while1(|c: char| c.is_ascii_digit()).parse(s);
    let (rest, text) = recognize((
        opt(char('-')),
        alt((
            tag("0"),
            recognize((
                one_of("123456789"),
                take_while(|c: char| c.is_ascii_digit()),
            )),
        )),
        opt((char('.'), digits)),
        opt((one_of("eE"), opt(one_of("+-")), digits)),
    ))
    .parse(s)?;
    Ok((rest, text.parse::<f64>().map_or(true, f64::is_infinite)))
}

/// Where the grammar is within an object or array.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    Value,
    ValueOrClose,
    KeyOrClose,
    Key,
    Colon,
    CommaOrClose,
}

/// Skips one JSON value of any kind: the rest of the input, and whether a number in it was
/// too big. `None` when it is not valid JSON.
fn skip_value(mut s: &str) -> Option<(&str, bool)> {
    let mut stack: Vec<char> = Vec::new();
    let mut expect = Expect::Value;
    let mut overflow = false;
    loop {
        s = ws(s).ok()?.0;
        let first = s.chars().next()?;
        match expect {
            Expect::Value | Expect::ValueOrClose => {
                if expect == Expect::ValueOrClose && first == ']' {
                    stack.pop();
                    s = &s[1..];
                } else {
                    match first {
                        '[' | '{' => {
                            stack.push(first);
                            if stack.len() >= MAX_DEPTH {
                                return None;
                            }
                            s = &s[1..];
                            expect = if first == '[' {
                                Expect::ValueOrClose
                            } else {
                                Expect::KeyOrClose
                            };
                            continue;
                        }
                        '"' => s = string(s).ok()?.0,
                        't' | 'f' | 'n' => {
                            s = alt((
                                tag::<&str, &str, nom::error::Error<&str>>("true"),
                                tag("false"),
                                tag("null"),
                            ))
                            .parse(s)
                            .ok()?
                            .0
                        }
                        _ => {
                            let (rest, big) = number(s).ok()?;
                            overflow |= big;
                            s = rest;
                        }
                    }
                }
                if stack.is_empty() {
                    return Some((s, overflow));
                }
                expect = Expect::CommaOrClose;
            }
            Expect::Key | Expect::KeyOrClose => {
                if expect == Expect::KeyOrClose && first == '}' {
                    stack.pop();
                    s = &s[1..];
                    if stack.is_empty() {
                        return Some((s, overflow));
                    }
                    expect = Expect::CommaOrClose;
                } else {
                    s = string(s).ok()?.0;
                    expect = Expect::Colon;
                }
            }
            Expect::Colon => {
                s = s.strip_prefix(':')?;
                expect = Expect::Value;
            }
            Expect::CommaOrClose => {
                let top = *stack.last()?;
                match (first, top) {
                    (',', '[') => expect = Expect::Value,
                    (',', _) => expect = Expect::Key,
                    (']', '[') | ('}', '{') => {
                        stack.pop();
                        if stack.is_empty() {
                            return Some((&s[1..], overflow));
                        }
                    }
                    _ => return None,
                }
                s = &s[1..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> JsonArray {
        JsonArray::Strings(items.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn arrays_of_strings() {
        assert_eq!(parse_array("[]"), strings(&[]));
        assert_eq!(parse_array("[ \"a\" ,\t\"b\" ] \n"), strings(&["a", "b"]));
        assert_eq!(
            parse_array(r#"["\" \\ \/ \b \f \n \r \t \u0000"]"#),
            strings(&["\" \\ / \u{8} \u{c} \n \r \t \0"])
        );
        assert_eq!(
            parse_array(r#"["\ud83d\ude00", "\ud83d", "\udc00x"]"#),
            strings(&["😀", "\u{fffd}", "\u{fffd}x"])
        );
    }

    #[test]
    fn valid_json_that_is_not_strings() {
        assert_eq!(
            parse_array(r#"["echo", ["nested json"]]"#),
            JsonArray::NotStrings
        );
        assert_eq!(
            parse_array(r#"[1, -2.5e3, true, null, {"a": [1, {}]}]"#),
            JsonArray::NotStrings
        );
    }

    #[test]
    fn not_json_at_all() {
        for text in [
            "['echo','single quotes']",
            r#"["echo", "unterminated"#,
            r#"["echo", "no quote]"#,
            r#"["a"] trailing"#,
            r#"["a",]"#,
            "[01]",
            "[1e400]",
            "[\"tab\tinside\"]",
            "[{\"a\" 1}]",
            "[",
        ] {
            assert_eq!(parse_array(text), JsonArray::Invalid, "{text}");
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = format!("[{}{}]", "[".repeat(20_000), "]".repeat(20_000));
        assert_eq!(parse_array(&deep), JsonArray::Invalid);
        let ok = format!("[{}{}]", "[".repeat(100), "]".repeat(100));
        assert_eq!(parse_array(&ok), JsonArray::NotStrings);
    }
}
