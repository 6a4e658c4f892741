//! Flag values checked the way pflag checks them, with Go's error texts: `strconv.ParseBool`,
//! `strconv.ParseInt(s, 0, 64)`, `strconv.ParseUint(s, 0, bits)`, `time.ParseDuration`, and
//! the CSV split of pflag's `stringSlice`.

use super::{FlagDef, Kind};

/// Checks a raw value for `flag` and returns what to store: zero or more values (a `strings`
/// flag stores one per CSV field; a switch stores `true` or `false`). The error is the
/// cause pflag puts after `invalid argument "…" for "…" flag: `.
pub(crate) fn check(flag: &FlagDef, raw: &str) -> Result<Vec<String>, String> {
    match flag.kind {
        Kind::Bool => parse_bool(raw).map(|b| vec![b.to_string()]),
        Kind::Int => parse_int(raw).map(|_| vec![raw.to_string()]),
        Kind::Uint(bits) => parse_uint(raw, bits).map(|_| vec![raw.to_string()]),
        Kind::Duration => parse_duration(raw).map(|_| vec![raw.to_string()]),
        Kind::Slice => split_csv(raw),
        Kind::String | Kind::List | Kind::Map => Ok(vec![raw.to_string()]),
    }
}

/// Go's `strconv.ParseBool`.
pub(crate) fn parse_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(format!("strconv.ParseBool: parsing {}: invalid syntax", go_quote(s))),
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, `0x`/`0o`/`0b`/`0` prefixes, `_`
/// separators.
pub(crate) fn parse_int(s: &str) -> Result<i64, String> {
    let err = |what: &str| format!("strconv.ParseInt: parsing {}: {what}", go_quote(s));
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = uint_magnitude(digits, 64).map_err(|e| err(e.text()))?;
    let cutoff = 1u64 << 63;
    if !neg && magnitude >= cutoff {
        return Err(err("value out of range"));
    }
    if neg && magnitude > cutoff {
        return Err(err("value out of range"));
    }
    Ok(if neg { (magnitude as i64).wrapping_neg() } else { magnitude as i64 })
}

/// Go's `strconv.ParseUint(s, 0, bits)`.
pub(crate) fn parse_uint(s: &str, bits: u8) -> Result<u64, String> {
    uint_magnitude(s, bits).map_err(|e| format!("strconv.ParseUint: parsing {}: {}", go_quote(s), e.text()))
}

/// Why a number did not parse.
enum NumError {
    Syntax,
    Range,
}

impl NumError {
    fn text(&self) -> &'static str {
        match self {
            NumError::Syntax => "invalid syntax",
            NumError::Range => "value out of range",
        }
    }
}

/// The body of Go's `ParseUint` with base 0.
fn uint_magnitude(s0: &str, bits: u8) -> Result<u64, NumError> {
    let bytes = s0.as_bytes();
    if bytes.is_empty() {
        return Err(NumError::Syntax);
    }
    let (base, body): (u64, &[u8]) = if bytes[0] == b'0' {
        match bytes.get(1).map(u8::to_ascii_lowercase) {
            Some(b'b') if bytes.len() >= 3 => (2, &bytes[2..]),
            Some(b'o') if bytes.len() >= 3 => (8, &bytes[2..]),
            Some(b'x') if bytes.len() >= 3 => (16, &bytes[2..]),
            _ => (8, &bytes[1..]),
        }
    } else {
        (10, bytes)
    };
    let max: u64 = if bits >= 64 { u64::MAX } else { (1u64 << bits) - 1 };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in body {
        let d = match c {
            b'_' => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u64::from(c - b'0'),
            b'a'..=b'z' => u64::from(c - b'a') + 10,
            b'A'..=b'Z' => u64::from(c - b'A') + 10,
            _ => return Err(NumError::Syntax),
        };
        if d >= base {
            return Err(NumError::Syntax);
        }
        n = n.checked_mul(base).and_then(|n| n.checked_add(d)).ok_or(NumError::Range)?;
        if n > max {
            return Err(NumError::Range);
        }
    }
    if underscores && !underscore_ok(s0) {
        return Err(NumError::Syntax);
    }
    Ok(n)
}

/// Go's `underscoreOK`: `_` only between digits (a base prefix counts as a digit).
fn underscore_ok(s: &str) -> bool {
    let mut s = s.as_bytes();
    if let Some(b'-' | b'+') = s.first() {
        s = &s[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = s[1].eq_ignore_ascii_case(&b'x');
    }
    while i < s.len() {
        let c = s[i];
        i += 1;
        if c.is_ascii_digit() || hex && (b'a'..=b'f').contains(&c.to_ascii_lowercase()) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

pub(crate) use crate::golang::parse_duration;


/// The CSV split of pflag's `stringSlice` (Go's `encoding/csv`, one record): `a,b` is two
/// values, `"a,b"` one, and an empty string none.
pub(crate) fn split_csv(s: &str) -> Result<Vec<String>, String> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    // Only the first line is a record.
    let line = s.split('\n').next().unwrap_or("").trim_end_matches('\r');
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let mut field = String::new();
        if chars.get(i) == Some(&'"') {
            let open = i;
            i += 1;
            loop {
                match chars.get(i) {
                    Some('"') if chars.get(i + 1) == Some(&'"') => {
                        field.push('"');
                        i += 2;
                    }
                    Some('"') => {
                        i += 1;
                        match chars.get(i) {
                            None | Some(',') => break,
                            Some(_) => return Err(csv_error(i + 1, "extraneous or missing \" in quoted-field")),
                        }
                    }
                    Some(&c) => {
                        field.push(c);
                        i += 1;
                    }
                    None => return Err(csv_error(open.max(chars.len()) + 1, "extraneous or missing \" in quoted-field")),
                }
            }
        } else {
            while let Some(&c) = chars.get(i) {
                if c == ',' {
                    break;
                }
                if c == '"' {
                    return Err(csv_error(i + 1, "bare \" in non-quoted-field"));
                }
                field.push(c);
                i += 1;
            }
        }
        out.push(field);
        if chars.get(i) == Some(&',') {
            i += 1;
        } else {
            return Ok(out);
        }
    }
}

/// Go's `csv.ParseError` text for a one-line record.
fn csv_error(column: usize, what: &str) -> String {
    format!("parse error on line 1, column {column}: {what}")
}

/// Go's `strconv.Quote` (what `%q` prints for a string).
pub(crate) use crate::golang::quote as go_quote;


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_follow_go() {
        assert_eq!(parse_int("10"), Ok(10));
        assert_eq!(parse_int("-1"), Ok(-1));
        assert_eq!(parse_int("0x10"), Ok(16));
        assert_eq!(parse_int("010"), Ok(8));
        assert_eq!(parse_int("1_000"), Ok(1000));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(parse_int("abc"), Err(r#"strconv.ParseInt: parsing "abc": invalid syntax"#.into()));
        assert_eq!(parse_int(""), Err(r#"strconv.ParseInt: parsing "": invalid syntax"#.into()));
        assert_eq!(parse_int("08"), Err(r#"strconv.ParseInt: parsing "08": invalid syntax"#.into()));
        assert_eq!(parse_int("_1"), Err(r#"strconv.ParseInt: parsing "_1": invalid syntax"#.into()));
        assert_eq!(
            parse_int("9223372036854775808"),
            Err(r#"strconv.ParseInt: parsing "9223372036854775808": value out of range"#.into())
        );
        assert_eq!(parse_uint("65535", 16), Ok(65535));
        assert_eq!(parse_uint("65536", 16), Err(r#"strconv.ParseUint: parsing "65536": value out of range"#.into()));
        assert_eq!(parse_uint("-1", 16), Err(r#"strconv.ParseUint: parsing "-1": invalid syntax"#.into()));
    }

    #[test]
    fn bools_follow_go() {
        assert_eq!(parse_bool("True"), Ok(true));
        assert_eq!(parse_bool("0"), Ok(false));
        assert_eq!(parse_bool("yes"), Err(r#"strconv.ParseBool: parsing "yes": invalid syntax"#.into()));
    }

    #[test]
    fn durations_follow_go() {
        assert_eq!(parse_duration("10m"), Ok(600_000_000_000));
        assert_eq!(parse_duration("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse_duration("-2ms"), Ok(-2_000_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("300µs"), Ok(300_000));
        assert_eq!(parse_duration("5"), Err(r#"time: missing unit in duration "5""#.into()));
        assert_eq!(parse_duration("5d"), Err(r#"time: unknown unit "d" in duration "5d""#.into()));
        assert_eq!(parse_duration(""), Err(r#"time: invalid duration """#.into()));
        assert_eq!(parse_duration(".s"), Err(r#"time: invalid duration ".s""#.into()));
        assert_eq!(parse_duration("9999999999h"), Err(r#"time: invalid duration "9999999999h""#.into()));
    }

    #[test]
    fn csv_splits_like_pflag_string_slice() {
        assert_eq!(split_csv("a,b"), Ok(vec!["a".into(), "b".into()]));
        assert_eq!(split_csv(""), Ok(vec![]));
        assert_eq!(split_csv("\"a,b\",c"), Ok(vec!["a,b".into(), "c".into()]));
        assert_eq!(split_csv("a,"), Ok(vec!["a".into(), "".into()]));
        assert!(split_csv("a\"b").unwrap_err().contains("bare \" in non-quoted-field"));
        assert!(split_csv("\"ab").unwrap_err().contains("extraneous or missing \" in quoted-field"));
    }

    #[test]
    fn quoting_matches_go() {
        assert_eq!(go_quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(go_quote("héllo"), "\"héllo\"");
    }
}
