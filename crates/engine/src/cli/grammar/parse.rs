//! Reading an argv as the docker CLI 28.2 does.
//!
//! Two layers, each following its Go original:
//! - command lookup is docker's `main` + cobra's `Traverse`: the root's global flags are read
//!   first with interspersing off (so the first word is the command), then each management
//!   command collects its leading flags until a word names a subcommand (`docker compose -f
//!   x.yml up`), and the last command found parses everything left;
//! - flag syntax is pflag's `parseArgs`: `--name=value`, `--name value`, `-n value`, `-nvalue`,
//!   `-n=value`, bundled switches `-dit`, `--` ending the flags, and, for commands that turn
//!   interspersing off (`run`, `create`, `exec`, `commit`, `top`, `tag`), everything after the
//!   first positional argument left alone.
//!
//! Every command accepts `--help` (and `-h` where no flag claims the letter): cobra's help
//! flag is one persistent flag of the root, so setting it anywhere on the line asks for the
//! help of the command finally selected. docker marks the `-h` shorthand deprecated, so pflag
//! warns about it on stderr, as it warns about every deprecated flag used.
//!
//! Before counting arguments, docker checks that the daemon supports the command and the
//! flags given (`isSupported`, run by the `Args` wrapper of `setValidateArgs`).

use std::collections::BTreeMap;

use super::value::{check, go_quote, parse_bool};
use super::{api_less, root, CommandDef, FlagDef, Parsed, UsageError, DAEMON_API};

/// What a command line asks for.
#[derive(Debug, Clone)]
pub enum Invocation {
    /// Run a command.
    Run(Parsed),
    /// Print the help of `command` (render it with [`super::help::render`]) and exit 0:
    /// `--help`, `docker help x`, or a bare `docker`/management command (which docker prints
    /// to stderr).
    Help {
        /// The command whose help to print.
        command: &'static CommandDef,
        /// Its path as docker prints it: `docker container ls`.
        path: String,
        /// Whether docker writes it to stderr rather than stdout.
        stderr: bool,
        /// pflag's deprecation notices to print on stderr first (`Flag shorthand -h has been
        /// deprecated, use --help`), each without its newline.
        warnings: Vec<String>,
    },
    /// `docker --version`/`-v`: print [`super::VERSION_LINE`] and exit 0.
    Version,
}

/// Parses the words after `docker` (`["run", "-it", "alpine"]`).
pub fn parse<S: AsRef<str>>(argv: &[S]) -> Result<Invocation, UsageError> {
    let argv: Vec<String> = argv.iter().map(|s| s.as_ref().to_string()).collect();
    let docker = root();
    let mut globals = BTreeMap::new();

    // docker's HandleGlobalFlags: root flags up to the first word.
    let mut chain = vec![docker];
    let scope = Scope::new(docker);
    let first = parse_flags(&scope, &argv, false, &mut globals).map_err(|e| UsageError::flag(docker, "docker", &e))?;
    let mut help = first.help;
    let mut warnings = first.warnings;
    let rest = first.positionals;
    let version = globals.get("version").and_then(|v: &Vec<String>| v.last()).is_some_and(|v| v == "true");
    if rest.is_empty() {
        if version && !help {
            return Ok(Invocation::Version);
        }
        return Ok(Invocation::Help { command: docker, path: "docker".into(), stderr: !help, warnings });
    }
    if rest[0] == "help" {
        return help_topic(&rest[1..], warnings);
    }

    // cobra's Traverse, from the root.
    let mut flags = BTreeMap::new();
    let mut cmd = docker;
    let mut path = String::from("docker");
    let mut args: Vec<String> = rest;
    'traverse: while cmd.is_group() {
        let scope = Scope::new(cmd);
        let mut in_flag = false;
        for (i, word) in args.iter().enumerate() {
            if let Some(name) = word.strip_prefix("--").filter(|_| !word.contains('=')) {
                in_flag = !scope.long(name).is_some_and(|f| scope.takes_no_value(f));
                continue;
            }
            if word.len() == 2 && word.starts_with('-') && !word.contains('=') {
                let c = char::from(word.as_bytes()[1]);
                if !scope.short(c).is_some_and(|f| scope.takes_no_value(f)) {
                    in_flag = true;
                    continue;
                }
            }
            if in_flag {
                in_flag = false;
                continue;
            }
            if is_flag_arg(word) {
                continue;
            }
            let Some(sub) = cmd.subcommand(word) else { break 'traverse };
            if !std::ptr::eq(cmd, docker) {
                let parsed = parse_flags(&scope, &args[..i], true, &mut flags).map_err(|e| UsageError::flag(cmd, &path, &e))?;
                help |= parsed.help;
                warnings.extend(parsed.warnings);
            }
            cmd = sub;
            path.push(' ');
            path.push_str(sub.name);
            chain.push(sub);
            args = args[i + 1..].to_vec();
            continue 'traverse;
        }
        break;
    }

    // The command found parses what is left.
    let scope = Scope::new(cmd);
    let target = if std::ptr::eq(cmd, docker) { &mut globals } else { &mut flags };
    let parsed = parse_flags(&scope, &args, cmd.interspersed, target).map_err(|e| UsageError::flag(cmd, &path, &e))?;
    help |= parsed.help;
    warnings.extend(parsed.warnings);
    if help {
        return Ok(Invocation::Help { command: cmd, path, stderr: false, warnings });
    }
    if std::ptr::eq(cmd, docker) {
        // The root's RunE: the first word was no command.
        return match parsed.positionals.first() {
            Some(word) => Err(UsageError::unknown_command(word)),
            None => Ok(Invocation::Help { command: docker, path, stderr: true, warnings }),
        };
    }
    if let Some(err) = unsupported(&chain, &path, &flags) {
        return Err(err);
    }
    if let Some(err) = UsageError::check_args(cmd, &path, &parsed.positionals) {
        return Err(err);
    }
    if cmd.is_group() {
        // `docker container`: ShowHelp on stderr.
        return Ok(Invocation::Help { command: cmd, path, stderr: true, warnings });
    }
    Ok(Invocation::Run(Parsed {
        command: cmd.canonical.to_vec(),
        path,
        def: cmd,
        chain,
        flags,
        globals,
        args: parsed.positionals,
        args_before_dash: parsed.dash,
        warnings,
    }))
}

/// docker's `isSupported`: the command (or one above it) and the flags given, against what
/// the daemon supports. `chain` runs from the root to the command.
fn unsupported(chain: &[&'static CommandDef], path: &str, given: &BTreeMap<&'static str, Vec<String>>) -> Option<UsageError> {
    for cmd in chain.iter().rev() {
        if !cmd.api.is_empty() && api_less(DAEMON_API, cmd.api) {
            return Some(UsageError::command_needs_api(path, cmd.api));
        }
        if cmd.experimental {
            return Some(UsageError::needs_experimental_command(path));
        }
    }
    let cmd = chain[chain.len() - 1];
    // pflag visits flags sorted by name; values were stored under the flag's own name unless
    // it is an alias, whose target then counts as changed.
    let mut flags: Vec<&FlagDef> = cmd.flags.iter().filter(|f| given.contains_key(f.long) && f.alias_of.is_empty()).collect();
    crate::sort::by_key(&mut flags, |f| f.long);
    let mut lines = Vec::new();
    for f in flags {
        if !f.api.is_empty() && api_less(DAEMON_API, f.api) {
            lines.push(UsageError::flag_needs_api(f.long, f.api));
        } else if f.windows {
            lines.push(UsageError::flag_needs_windows(f.long));
        } else if f.experimental {
            lines.push(UsageError::flag_needs_experimental(f.long));
        }
    }
    (!lines.is_empty()).then(|| UsageError::unsupported(lines))
}

/// `docker help [COMMAND...]` (cobra's help command, through `Find`).
fn help_topic(words: &[String], warnings: Vec<String>) -> Result<Invocation, UsageError> {
    let mut cmd = root();
    let mut path = String::from("docker");
    let mut rest: Vec<String> = words.to_vec();
    while let Some(pos) = rest.iter().position(|w| !w.starts_with('-')) {
        let Some(sub) = cmd.subcommand(&rest[pos]) else { break };
        rest.remove(pos);
        cmd = sub;
        path.push(' ');
        path.push_str(sub.name);
    }
    if !rest.is_empty() {
        return Err(UsageError::unknown_help_topic(&rest));
    }
    Ok(Invocation::Help { command: cmd, path, stderr: false, warnings })
}

/// cobra's `isFlagArg`.
fn is_flag_arg(arg: &str) -> bool {
    let b = arg.as_bytes();
    (b.len() >= 3 && b[1] == b'-') || (b.len() >= 2 && b[0] == b'-' && b[1] != b'-')
}

/// A flag found by name: one from the catalogue or cobra's implicit `--help`.
#[derive(Clone, Copy)]
enum Found {
    Flag(&'static FlagDef),
    Help,
}

/// The flags one command accepts: its own and the help flag.
struct Scope {
    flags: Vec<&'static FlagDef>,
    /// Whether `-h` means help (no flag of the command uses the letter).
    help_short: bool,
}

impl Scope {
    fn new(cmd: &'static CommandDef) -> Scope {
        let flags: Vec<&'static FlagDef> = cmd.flags.iter().collect();
        let help_short = !flags.iter().any(|f| f.short == Some('h'));
        Scope { flags, help_short }
    }

    fn long(&self, name: &str) -> Option<Found> {
        match self.flags.iter().find(|f| f.long == name) {
            Some(f) => Some(Found::Flag(f)),
            None if name == "help" => Some(Found::Help),
            None => None,
        }
    }

    fn short(&self, c: char) -> Option<Found> {
        match self.flags.iter().find(|f| f.short == Some(c)) {
            Some(f) => Some(Found::Flag(f)),
            None if c == 'h' && self.help_short => Some(Found::Help),
            None => None,
        }
    }

    /// pflag's `NoOptDefVal`: switches need no value.
    fn takes_no_value(&self, found: Found) -> bool {
        match found {
            Found::Help => true,
            Found::Flag(f) => f.kind == super::Kind::Bool,
        }
    }
}

/// What one pflag parse produced besides the stored values.
#[derive(Default)]
struct FlagParse {
    help: bool,
    positionals: Vec<String>,
    dash: Option<usize>,
    /// pflag's deprecation notices.
    warnings: Vec<String>,
}

/// pflag's `parseArgs`; values go into `store`, errors are pflag's texts.
fn parse_flags(
    scope: &Scope,
    args: &[String],
    interspersed: bool,
    store: &mut BTreeMap<&'static str, Vec<String>>,
) -> Result<FlagParse, String> {
    let mut out = FlagParse::default();
    let mut rest: &[String] = args;
    while let Some((s, tail)) = rest.split_first() {
        rest = tail;
        if s.len() < 2 || !s.starts_with('-') {
            out.positionals.push(s.clone());
            if !interspersed {
                out.positionals.extend(rest.iter().cloned());
                return Ok(out);
            }
            continue;
        }
        if s.as_bytes()[1] == b'-' {
            if s.len() == 2 {
                out.dash = Some(out.positionals.len());
                out.positionals.extend(rest.iter().cloned());
                break;
            }
            rest = parse_long(scope, s, rest, store, &mut out)?;
        } else {
            // pflag hands every letter of a bundle the same remaining args; the last
            // letter's view of them wins.
            let mut shorthands = &s.as_bytes()[1..];
            let mut after = rest;
            while !shorthands.is_empty() {
                let (left, a) = parse_short(scope, shorthands, rest, store, &mut out)?;
                shorthands = left;
                after = a;
            }
            rest = after;
        }
    }
    Ok(out)
}

/// One `--name[=value]`.
fn parse_long<'a>(
    scope: &Scope,
    s: &str,
    rest: &'a [String],
    store: &mut BTreeMap<&'static str, Vec<String>>,
    out: &mut FlagParse,
) -> Result<&'a [String], String> {
    let body = &s[2..];
    if body.starts_with('-') || body.starts_with('=') {
        return Err(format!("bad flag syntax: {s}"));
    }
    let (name, inline) = match body.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (body, None),
    };
    let found = scope.long(name).ok_or_else(|| format!("unknown flag: --{name}"))?;
    let (value, rest) = match inline {
        Some(v) => (v.to_string(), rest),
        None if scope.takes_no_value(found) => ("true".to_string(), rest),
        None => match rest.split_first() {
            Some((v, tail)) => (v.clone(), tail),
            None => return Err(format!("flag needs an argument: {s}")),
        },
    };
    set(found, &value, store, out)?;
    Ok(rest)
}

/// The first letter of a bundle `shorthands` (the text after `-`); returns the letters left
/// and the args left.
fn parse_short<'a, 'b>(
    scope: &Scope,
    shorthands: &'b [u8],
    args: &'a [String],
    store: &mut BTreeMap<&'static str, Vec<String>>,
    out: &mut FlagParse,
) -> Result<(&'b [u8], &'a [String]), String> {
    if shorthands.starts_with(b"test.") {
        return Ok((&[], args));
    }
    let c = char::from(shorthands[0]);
    let shown = String::from_utf8_lossy(shorthands);
    let found = if shorthands[0].is_ascii() { scope.short(c) } else { None };
    let found = found.ok_or_else(|| format!("unknown shorthand flag: {} in -{shown}", quote_char(c)))?;
    if let Found::Help = found {
        // cli/cobra.go: MarkShorthandDeprecated("help", "use --help").
        out.warnings.push("Flag shorthand -h has been deprecated, use --help".to_string());
    }
    let mut left = &shorthands[1..];
    let mut args_left = args;
    let value: String = if shorthands.len() > 2 && shorthands[1] == b'=' {
        left = &[];
        String::from_utf8_lossy(&shorthands[2..]).into_owned()
    } else if scope.takes_no_value(found) {
        "true".to_string()
    } else if shorthands.len() > 1 {
        left = &[];
        String::from_utf8_lossy(&shorthands[1..]).into_owned()
    } else if let Some((v, tail)) = args.split_first() {
        args_left = tail;
        v.clone()
    } else {
        return Err(format!("flag needs an argument: {} in -{shown}", quote_char(c)));
    };
    set(found, &value, store, out)?;
    Ok((left, args_left))
}

/// pflag's `Set`: checks the value and stores it.
fn set(
    found: Found,
    value: &str,
    store: &mut BTreeMap<&'static str, Vec<String>>,
    out: &mut FlagParse,
) -> Result<(), String> {
    let invalid = |shown: String, cause: String| {
        format!("invalid argument {} for {} flag: {cause}", go_quote(value), go_quote(&shown))
    };
    match found {
        Found::Help => {
            out.help = parse_bool(value).map_err(|e| invalid("--help".into(), e))?;
        }
        Found::Flag(f) if f.long == "help" => {
            out.help = parse_bool(value).map_err(|e| invalid("--help".into(), e))?;
        }
        Found::Flag(f) => {
            if !f.deprecated.is_empty() {
                out.warnings.push(format!("Flag --{} has been deprecated, {}", f.long, f.deprecated));
            }
            let shown = match f.short {
                Some(c) => format!("-{c}, --{}", f.long),
                None => format!("--{}", f.long),
            };
            let values = check(f, value).map_err(|e| invalid(shown, e))?;
            store.entry(f.key()).or_default().extend(values);
        }
    }
    Ok(())
}

/// Go's `%q` of a byte/rune: `'z'`.
fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '\\' => "'\\\\'".into(),
        '\n' => "'\\n'".into(),
        '\t' => "'\\t'".into(),
        '\r' => "'\\r'".into(),
        c if c.is_control() => format!("'\\x{:02x}'", c as u32),
        c => format!("'{c}'"),
    }
}
