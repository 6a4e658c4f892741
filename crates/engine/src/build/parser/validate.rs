//! The per-instruction rules BuildKit applies after parsing (its `instructions/parse.go`):
//! argument counts, flags, stage names, HEALTHCHECK options, SHELL's JSON form.
//!
//! These are separate from [`super::parse`] because BuildKit's own parser accepts what they
//! reject (its fixtures dump `COPY --user=me` and a bare `HEALTHCHECK`), yet `docker build`
//! refuses them. The checks run in BuildKit's order, so the first error reported is the same.

use crate::golang::parse_duration as parse_go_duration;
use crate::build::ast::{Args, Ast, Instruction, Node};
use crate::build::dump::go_quote;
use crate::build::error::{ParseError, ParseErrorKind};
use crate::build::parser::directives::CheckConfig;
use crate::build::parser::heredoc::parse_heredoc;
use crate::build::parser::{flags, mount};

/// Applies the instruction rules to every node, stopping at the first failure.
pub fn validate(ast: &Ast) -> Result<(), ParseError> {
    if let Some(check) = &ast.directives.check {
        let line = ast
            .directives
            .all
            .iter()
            .find(|d| d.name == "check")
            .map_or(1, |d| d.line);
        CheckConfig::parse(check)
            .map_err(|kind| ParseError::new(crate::build::ast::Span::line(line), kind))?;
    }
    for node in &ast.nodes {
        check(node).map_err(|kind| ParseError::new(node.span, kind))?;
    }
    Ok(())
}

/// BuildKit's `handleJSONArgs`: exec form as is, shell form as one string.
fn command_line(args: &[&str], json: bool) -> Vec<String> {
    if args.is_empty() {
        Vec::new()
    } else if json {
        args.iter().map(|s| s.to_string()).collect()
    } else {
        vec![args.join(" ")]
    }
}

fn check(node: &Node) -> Result<(), ParseErrorKind> {
    use Instruction::*;
    let args = node.args.strings();
    let flags = || flags::parse(node.instruction, &node.flags);
    let exactly_one = |name| {
        if args.len() == 1 {
            Ok(())
        } else {
            Err(ParseErrorKind::ExactlyOneArgument(name))
        }
    };
    let at_least_one = |name| {
        if args.is_empty() {
            Err(ParseErrorKind::AtLeastOneArgument(name))
        } else {
            Ok(())
        }
    };
    match node.instruction {
        Env | Label => {
            let name = if node.instruction == Env {
                "ENV"
            } else {
                "LABEL"
            };
            flags()?;
            at_least_one(name)?;
            if args.chunks(3).any(|pair| pair[0].is_empty()) {
                return Err(ParseErrorKind::BlankNames(name));
            }
        }
        Maintainer => {
            exactly_one("MAINTAINER")?;
            flags()?;
        }
        Add | Copy => {
            let name = if node.instruction == Add {
                "ADD"
            } else {
                "COPY"
            };
            if args.len() < 2 {
                return Err(ParseErrorKind::NoDestination(name));
            }
            flags()?;
            let dest = args.last().copied().unwrap_or_default();
            if matches!(parse_heredoc(dest), Ok(Some(_))) {
                return Err(ParseErrorKind::HeredocDestination(name));
            }
        }
        From => {
            match args.as_slice() {
                [_] => {}
                [_, as_, name] if as_.eq_ignore_ascii_case("as") => {
                    if !valid_stage_name(&name.to_lowercase()) {
                        return Err(ParseErrorKind::InvalidStageName(name.to_string()));
                    }
                }
                _ => return Err(ParseErrorKind::FromArguments),
            }
            flags()?;
        }
        Onbuild => {
            at_least_one("ONBUILD")?;
            flags()?;
            let trigger = args[0].trim().to_uppercase();
            match trigger.as_str() {
                "ONBUILD" => return Err(ParseErrorKind::ChainedOnbuild),
                "MAINTAINER" | "FROM" => return Err(ParseErrorKind::OnbuildTrigger(trigger)),
                _ => {}
            }
        }
        Workdir => {
            exactly_one("WORKDIR")?;
            flags()?;
        }
        Run => mount::check_run_flags(&flags()?)?,
        Cmd | Entrypoint => {
            flags()?;
        }
        Healthcheck => healthcheck(node, &args)?,
        Expose => {
            at_least_one("EXPOSE")?;
            flags()?;
        }
        User => {
            exactly_one("USER")?;
            flags()?;
        }
        Volume => {
            at_least_one("VOLUME")?;
            flags()?;
            if args.iter().any(|v| v.trim().is_empty()) {
                return Err(ParseErrorKind::EmptyVolume);
            }
        }
        // BuildKit reads no flags for STOPSIGNAL and ARG: they are ignored there.
        Stopsignal => exactly_one("STOPSIGNAL")?,
        Arg => {
            at_least_one("ARG")?;
            if args.iter().any(|a| a.starts_with('=')) {
                return Err(ParseErrorKind::BlankNames("ARG"));
            }
        }
        Shell => {
            flags()?;
            if command_line(&args, node.args.is_json()).is_empty() {
                return Err(ParseErrorKind::AtLeastOneArgument("SHELL"));
            }
            if !node.args.is_json() {
                return Err(ParseErrorKind::ShellNotJson);
            }
        }
    }
    Ok(())
}

/// `^[a-z][a-z0-9-_.]*$`.
fn valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

fn healthcheck(node: &Node, args: &[&str]) -> Result<(), ParseErrorKind> {
    let Some(first) = args.first() else {
        return Err(ParseErrorKind::AtLeastOneArgument("HEALTHCHECK"));
    };
    let kind = first.to_uppercase();
    let rest = &args[1..];
    if kind == "NONE" {
        // Flags are not even read for NONE.
        return if rest.is_empty() {
            Ok(())
        } else {
            Err(ParseErrorKind::HealthcheckNoneArguments)
        };
    }
    let given = flags::parse(Instruction::Healthcheck, &node.flags)?;
    let json = matches!(&node.args, Args::Health { command, .. } if command.is_json());
    if kind != "CMD" {
        return Err(ParseErrorKind::HealthcheckType(kind));
    }
    if command_line(rest, json).is_empty() {
        return Err(ParseErrorKind::HealthcheckMissingCommand);
    }
    for name in ["interval", "timeout", "start-period", "start-interval"] {
        let Some(value) = given.string(name).filter(|v| !v.is_empty()) else {
            continue;
        };
        let nanos = parse_go_duration(value).map_err(ParseErrorKind::BadDuration)?;
        if nanos != 0 && nanos < 1_000_000 {
            return Err(ParseErrorKind::IntervalTooShort(name.to_string()));
        }
    }
    if let Some(retries) = given.string("retries").filter(|v| !v.is_empty()) {
        let n = parse_go_int32(retries).map_err(ParseErrorKind::BadRetries)?;
        if n < 0 {
            return Err(ParseErrorKind::NegativeRetries(n));
        }
    }
    Ok(())
}


/// Go's `strconv.ParseInt(s, 10, 32)` with its error messages.
fn parse_go_int32(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let syntax_ok = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
    let error = |what: &str| format!("strconv.ParseInt: parsing {}: {what}", go_quote(s));
    if !syntax_ok {
        return Err(error("invalid syntax"));
    }
    match s.parse::<i64>() {
        Ok(n) if i32::try_from(n).is_ok() => Ok(n),
        _ => Err(error("value out of range")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("5s"), Ok(5_000_000_000));
        assert_eq!(parse_go_duration("1m30s"), Ok(90_000_000_000));
        assert_eq!(parse_go_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse_go_duration(".5ms"), Ok(500_000));
        assert_eq!(parse_go_duration("0"), Ok(0));
        assert_eq!(parse_go_duration("-2us"), Ok(-2_000));
        assert_eq!(
            parse_go_duration("5"),
            Err("time: missing unit in duration \"5\"".into())
        );
        assert_eq!(
            parse_go_duration("5x"),
            Err("time: unknown unit \"x\" in duration \"5x\"".into())
        );
        assert_eq!(
            parse_go_duration("x"),
            Err("time: invalid duration \"x\"".into())
        );
        assert_eq!(
            parse_go_duration(""),
            Err("time: invalid duration \"\"".into())
        );
        assert!(parse_go_duration("9999999999999999999h").is_err());
    }

    #[test]
    fn go_ints() {
        assert_eq!(parse_go_int32("+3"), Ok(3));
        assert_eq!(
            parse_go_int32("x"),
            Err("strconv.ParseInt: parsing \"x\": invalid syntax".into())
        );
        assert_eq!(
            parse_go_int32("99999999999"),
            Err("strconv.ParseInt: parsing \"99999999999\": value out of range".into())
        );
    }

    #[test]
    fn stage_names() {
        assert!(valid_stage_name("build-1.x_y"));
        assert!(!valid_stage_name("1build"));
        assert!(!valid_stage_name("a/b"));
        assert!(!valid_stage_name(""));
    }
}
