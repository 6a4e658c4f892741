//! Instruction flags (`--from=x`, `--link`, `--mount=...`): which instruction takes which, and
//! reading them with BuildKit's rules and messages (its `BFlags`).
//!
//! A bool flag is `--link`, `--link=true` or `--link=false`; a string flag needs `=value`
//! (possibly empty) and may be given once; a list flag (`--mount`, `--exclude`) may repeat.

use crate::build::ast::Instruction;
use crate::build::error::{suggest, ParseErrorKind};

/// How a flag takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `--x`, `--x=true`, `--x=false`.
    Bool,
    /// `--x=value`, once.
    String,
    /// `--x=value`, any number of times.
    List,
}

/// The flags an instruction accepts (the catalogue of BuildKit's `instructions/parse.go`).
pub(crate) fn accepted(instruction: Instruction) -> &'static [(&'static str, Kind)] {
    use Kind::*;
    match instruction {
        Instruction::From => &[("platform", String)],
        Instruction::Run => &[
            ("mount", List),
            ("network", String),
            ("security", String),
            ("device", List),
        ],
        Instruction::Add => &[
            ("exclude", List),
            ("chown", String),
            ("chmod", String),
            ("link", Bool),
            ("keep-git-dir", Bool),
            ("checksum", String),
            ("unpack", Bool),
        ],
        Instruction::Copy => &[
            ("exclude", List),
            ("parents", Bool),
            ("chown", String),
            ("from", String),
            ("chmod", String),
            ("link", Bool),
        ],
        Instruction::Healthcheck => &[
            ("interval", String),
            ("timeout", String),
            ("start-period", String),
            ("start-interval", String),
            ("retries", String),
        ],
        _ => &[],
    }
}

/// The value a flag was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// A bool flag's value.
    Bool(bool),
    /// A string flag's value.
    String(String),
    /// A list flag's values, in order.
    List(Vec<String>),
}

/// The flags that were given, by name.
#[derive(Debug, Default)]
pub(crate) struct Given {
    values: Vec<(&'static str, Value)>,
}

impl Given {
    /// The value of a string flag, if given.
    pub(crate) fn string(&self, name: &str) -> Option<&str> {
        self.values.iter().find_map(|(n, v)| match v {
            Value::String(s) if *n == name => Some(s.as_str()),
            _ => None,
        })
    }

    /// The values of a list flag (empty if not given).
    pub(crate) fn list(&self, name: &str) -> &[String] {
        self.values
            .iter()
            .find_map(|(n, v)| match v {
                Value::List(items) if *n == name => Some(items.as_slice()),
                _ => None,
            })
            .unwrap_or(&[])
    }
}

/// Reads `flags` (as written, `--name[=value]`) against what `instruction` accepts.
pub(crate) fn parse(instruction: Instruction, flags: &[String]) -> Result<Given, ParseErrorKind> {
    let specs = accepted(instruction);
    let mut given = Given::default();
    for flag in flags {
        if flag == "--" {
            break;
        }
        let body = flag.strip_prefix("--").unwrap_or(flag);
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        let Some(&(spec_name, kind)) = specs.iter().find(|(n, _)| *n == name) else {
            let names: Vec<&str> = specs.iter().map(|(n, _)| *n).collect();
            return Err(ParseErrorKind::UnknownFlag {
                name: name.to_string(),
                suggestion: suggest(name, &names, true),
            });
        };
        let slot = given.values.iter().position(|(n, _)| *n == spec_name);
        if slot.is_some() && kind != Kind::List {
            return Err(ParseErrorKind::DuplicateFlag(name.to_string()));
        }
        let missing = || ParseErrorKind::MissingFlagValue(name.to_string());
        let parsed = match kind {
            Kind::Bool => match value.map(str::to_lowercase).as_deref() {
                None | Some("true") => Value::Bool(true),
                Some("false") => Value::Bool(false),
                Some("") => return Err(missing()),
                Some(_) => {
                    return Err(ParseErrorKind::NotABool(
                        name.to_string(),
                        value.unwrap_or_default().to_string(),
                    ))
                }
            },
            Kind::String => Value::String(value.ok_or_else(missing)?.to_string()),
            Kind::List => {
                let value = value.ok_or_else(missing)?.to_string();
                if let Some(i) = slot {
                    if let Value::List(items) = &mut given.values[i].1 {
                        items.push(value);
                    }
                    continue;
                }
                Value::List(vec![value])
            }
        };
        given.values.push((spec_name, parsed));
    }
    Ok(given)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(instruction: Instruction, flags: &[&str]) -> Result<Given, String> {
        let flags: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
        parse(instruction, &flags).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_flags() {
        let g = run(
            Instruction::Copy,
            &["--from=a", "--link", "--exclude=x", "--exclude=y"],
        )
        .unwrap();
        assert_eq!(g.string("from"), Some("a"));
        assert_eq!(g.list("exclude"), ["x", "y"]);
        assert_eq!(g.string("chown"), None);
        assert!(run(Instruction::Add, &["--link=FALSE", "--checksum=sha256:abc"]).is_ok());
    }

    #[test]
    fn rejects_bad_flags() {
        assert_eq!(
            run(Instruction::Copy, &["--user=me"]).unwrap_err(),
            "unknown flag: --user"
        );
        assert_eq!(
            run(Instruction::Run, &["--mout=type=cache"]).unwrap_err(),
            "unknown flag: --mout (did you mean mount?)"
        );
        assert_eq!(
            run(Instruction::Env, &["--x"]).unwrap_err(),
            "unknown flag: --x"
        );
        assert_eq!(
            run(Instruction::Copy, &["--from=a", "--from=b"]).unwrap_err(),
            "duplicate flag specified: --from"
        );
        assert_eq!(
            run(Instruction::Copy, &["--from"]).unwrap_err(),
            "missing a value on flag: --from"
        );
        assert_eq!(
            run(Instruction::Copy, &["--link="]).unwrap_err(),
            "missing a value on flag: --link"
        );
        assert_eq!(
            run(Instruction::Copy, &["--link=maybe"]).unwrap_err(),
            "expecting boolean value for flag --link, not: maybe"
        );
    }
}
