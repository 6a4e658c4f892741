//! Runs `expand.table` and `words.table`: every failing line is reported, not just the first.

use std::collections::BTreeMap;

use super::{expand, expand_words};

/// The variables every table line starts with.
fn base_env() -> BTreeMap<String, String> {
    [
        ("PWD", "/home"),
        ("SHELL", "bash"),
        ("KOREAN", "한국어"),
        ("EMPTY", ""),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// One table case: line number, input, expected text, escape character, environment.
struct Case {
    line: usize,
    input: String,
    expected: String,
    escape: char,
    env: BTreeMap<String, String>,
}

fn cases(table: &str) -> Vec<Case> {
    let mut env = base_env();
    let mut escape = '\\';
    let mut out = Vec::new();
    for (i, raw) in table.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(assignment) = raw.strip_prefix("ENV ") {
            let (k, v) = assignment
                .split_once('=')
                .expect("ENV lines are name=value");
            env.insert(k.to_string(), v.to_string());
            continue;
        }
        if let Some(e) = line.strip_prefix("ESCAPE ") {
            escape = e.chars().next().expect("ESCAPE names a character");
            continue;
        }
        let (input, expected) = raw
            .split_once(" | ")
            .or_else(|| raw.strip_suffix(" |").map(|input| (input, "")))
            .unwrap_or_else(|| panic!("line {}: no ` | ` in {raw:?}", i + 1));
        out.push(Case {
            line: i + 1,
            input: input.trim().to_string(),
            expected: expected.trim().to_string(),
            escape,
            env: env.clone(),
        });
    }
    out
}

/// Checks `got` against an expectation; `error` and `error: text` expect a failure.
fn check<T: PartialEq + std::fmt::Debug>(
    case: &Case,
    got: Result<T, super::ShellError>,
    expected: impl FnOnce(&str) -> T,
) -> Option<String> {
    let want = &case.expected;
    match (want.strip_prefix("error"), got) {
        (Some(rest), Err(e)) => {
            let text = rest.strip_prefix(':').map(str::trim).unwrap_or("");
            (!e.to_string().contains(text)).then(|| {
                format!(
                    "line {}: {:?}: error {e} lacks {text:?}",
                    case.line, case.input
                )
            })
        }
        (Some(_), Ok(v)) => Some(format!(
            "line {}: {:?}: expected an error, got {v:?}",
            case.line, case.input
        )),
        (None, Err(e)) => Some(format!(
            "line {}: {:?}: unexpected error: {e}",
            case.line, case.input
        )),
        (None, Ok(v)) => {
            let want = expected(want);
            (v != want).then(|| {
                format!(
                    "line {}: {:?}: got {v:?}, want {want:?}",
                    case.line, case.input
                )
            })
        }
    }
}

#[test]
fn expand_table() {
    let all = cases(include_str!("expand.table"));
    assert!(all.len() > 100, "expand.table has {} cases", all.len());
    let failures: Vec<String> = all
        .iter()
        .filter_map(|c| check(c, expand(&c.input, &c.env, c.escape), str::to_string))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn words_table() {
    let all = cases(include_str!("words.table"));
    let failures: Vec<String> = all
        .iter()
        .filter_map(|c| {
            check(c, expand_words(&c.input, &c.env, c.escape), |w| {
                if w.is_empty() {
                    Vec::new()
                } else {
                    w.split(',').map(str::to_string).collect()
                }
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn errors_quote_the_word() {
    let e = expand("${", &super::NoEnv, '\\').unwrap_err();
    assert_eq!(
        e.to_string(),
        "failed to process \"${\": syntax error: missing '}'"
    );
}

#[test]
fn skip_unset_keeps_references() {
    let mut lexer = super::Lexer::new('\\');
    lexer.skip_unset = true;
    let env = [("SET", "v")];
    let got = lexer
        .process_word("$X ${Y} ${Z:-d} ${W/a/b} $SET", &env)
        .unwrap();
    assert_eq!(got, "$X ${Y} ${Z:-d} ${W/a/b} v");
}

#[test]
fn raw_mode_keeps_quotes_and_escapes() {
    let mut lexer = super::Lexer::new('\\');
    lexer.raw_quotes = true;
    lexer.raw_escapes = true;
    let words = lexer
        .process_words(r#"RUN <<'EOF' "a b" c\ d"#, &super::NoEnv)
        .unwrap();
    assert_eq!(words, ["RUN", "<<'EOF'", "\"a b\"", "c\\ d"]);
}
