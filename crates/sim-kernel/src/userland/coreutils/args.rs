//! Command-line parsing in the style of `getopt_long(3)`, with the error messages GNU and
//! util-linux print, so that a mistyped flag in the simulator reads like one on Debian.
//!
//! Options are described by a getopt short string (`"nrk:"`, `:` after a letter that takes an
//! argument, `::` for an optional one) and a table of long options, each mapped to a `char`
//! id (a short letter, or any other `char` for long-only options). Like glibc, options and
//! operands may be mixed unless the spec says to stop at the first operand (`env`, `chroot`,
//! `unshare`), `--` ends options, and long options may be abbreviated to a unique prefix.

/// Whether an option takes an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HasArg {
    /// `--all`.
    No,
    /// `--lines=N` or `--lines N`.
    Required,
    /// `--color[=WHEN]`: only with `=`.
    Optional,
}

/// One long option: name, argument, and the id it reports.
pub type LongOpt = (&'static str, HasArg, char);

/// How a program's command line is shaped.
pub struct Spec {
    /// getopt's short option string.
    pub short: &'static str,
    /// The long options.
    pub long: &'static [LongOpt],
    /// Stop at the first operand (`+` in a getopt string).
    pub stop_at_operand: bool,
}

/// A parsed command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    /// Options in order, with their arguments.
    pub opts: Vec<(char, Option<String>)>,
    /// Operands.
    pub operands: Vec<String>,
}

impl Args {
    /// Whether option `id` was given.
    pub fn has(&self, id: char) -> bool {
        self.opts.iter().any(|(c, _)| *c == id)
    }

    /// The last argument given to option `id`.
    pub fn value(&self, id: char) -> Option<&str> {
        self.opts.iter().rev().find(|(c, _)| *c == id).and_then(|(_, v)| v.as_deref())
    }

    /// How many times option `id` was given (`-vv`).
    pub fn count(&self, id: char) -> usize {
        self.opts.iter().filter(|(c, _)| *c == id).count()
    }
}

/// Why a command line was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgError {
    /// `-z` is not an option.
    Invalid(char),
    /// `--zzz` is not an option.
    Unrecognized(String),
    /// `-n` without its argument.
    NeedsArg(char),
    /// `--lines` without its argument.
    LongNeedsArg(String),
    /// `--all=x`.
    LongNoArg(String),
    /// `--co` could be several options.
    Ambiguous(String, Vec<String>),
}

impl ArgError {
    /// The message getopt prints after `prog: `.
    pub fn message(&self) -> String {
        match self {
            ArgError::Invalid(c) => format!("invalid option -- '{c}'"),
            ArgError::Unrecognized(s) => format!("unrecognized option '{s}'"),
            ArgError::NeedsArg(c) => format!("option requires an argument -- '{c}'"),
            ArgError::LongNeedsArg(s) => format!("option '--{s}' requires an argument"),
            ArgError::LongNoArg(s) => format!("option '--{s}' doesn't allow an argument"),
            ArgError::Ambiguous(s, all) => {
                let list: Vec<String> = all.iter().map(|a| format!("'--{a}'")).collect();
                format!("option '{s}' is ambiguous; possibilities: {}", list.join(" "))
            }
        }
    }
}

fn short_kind(short: &str, c: char) -> Option<HasArg> {
    let chars: Vec<char> = short.chars().collect();
    let i = chars.iter().position(|&x| x == c && x != ':')?;
    match (chars.get(i + 1), chars.get(i + 2)) {
        (Some(':'), Some(':')) => Some(HasArg::Optional),
        (Some(':'), _) => Some(HasArg::Required),
        _ => Some(HasArg::No),
    }
}

fn find_long(spec: &Spec, arg: &str, name: &str) -> Result<LongOpt, ArgError> {
    if let Some(exact) = spec.long.iter().find(|(n, _, _)| *n == name) {
        return Ok(*exact);
    }
    let matches: Vec<&LongOpt> = spec.long.iter().filter(|(n, _, _)| n.starts_with(name)).collect();
    match matches.as_slice() {
        [] => Err(ArgError::Unrecognized(arg.to_string())),
        [one] => Ok(**one),
        many => {
            // Abbreviations of several names for one option are not ambiguous.
            if many.iter().all(|m| m.2 == many[0].2 && m.1 == many[0].1) {
                return Ok(*many[0]);
            }
            Err(ArgError::Ambiguous(arg.split('=').next().unwrap_or(arg).to_string(), many.iter().map(|m| m.0.to_string()).collect()))
        }
    }
}

/// Parses `argv` (without `argv[0]`).
pub fn parse(spec: &Spec, argv: &[String]) -> Result<Args, ArgError> {
    let mut out = Args::default();
    let mut i = 0;
    while i < argv.len() {
        let arg = &argv[i];
        i += 1;
        if arg == "--" {
            out.operands.extend(argv[i..].iter().cloned());
            break;
        }
        if let Some(body) = arg.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let (full, kind, id) = find_long(spec, arg, name)?;
            let value = match (kind, inline) {
                (HasArg::No, Some(_)) => return Err(ArgError::LongNoArg(full.to_string())),
                (HasArg::No, None) | (HasArg::Optional, None) => None,
                (_, Some(v)) => Some(v),
                (HasArg::Required, None) => {
                    let v = argv.get(i).cloned().ok_or_else(|| ArgError::LongNeedsArg(full.to_string()))?;
                    i += 1;
                    Some(v)
                }
            };
            out.opts.push((id, value));
            continue;
        }
        if arg.len() < 2 || !arg.starts_with('-') {
            if spec.stop_at_operand {
                out.operands.extend(argv[i - 1..].iter().cloned());
                break;
            }
            out.operands.push(arg.clone());
            continue;
        }
        let chars: Vec<char> = arg.chars().skip(1).collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            j += 1;
            match short_kind(spec.short, c).ok_or(ArgError::Invalid(c))? {
                HasArg::No => out.opts.push((c, None)),
                HasArg::Optional => {
                    let rest: String = chars[j..].iter().collect();
                    out.opts.push((c, (!rest.is_empty()).then_some(rest)));
                    break;
                }
                HasArg::Required => {
                    let rest: String = chars[j..].iter().collect();
                    let v = if !rest.is_empty() {
                        rest
                    } else {
                        let v = argv.get(i).cloned().ok_or(ArgError::NeedsArg(c))?;
                        i += 1;
                        v
                    };
                    out.opts.push((c, Some(v)));
                    break;
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: Spec = Spec {
        short: "an:c::",
        long: &[("all", HasArg::No, 'a'), ("lines", HasArg::Required, 'n'), ("color", HasArg::Optional, 'C'), ("context", HasArg::No, 'x')],
        stop_at_operand: false,
    };

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn short_long_mixed_and_bundled() {
        let a = parse(&SPEC, &v(&["f1", "-an3", "--lines", "4", "f2", "--color=never", "--", "-a"])).unwrap();
        assert_eq!(a.opts, vec![('a', None), ('n', Some("3".into())), ('n', Some("4".into())), ('C', Some("never".into()))]);
        assert_eq!(a.operands, v(&["f1", "f2", "-a"]));
        assert_eq!(a.value('n'), Some("4"));
        assert!(parse(&SPEC, &v(&["--al"])).unwrap().has('a'));
        assert_eq!(parse(&SPEC, &v(&["-"])).unwrap().operands, v(&["-"]));
    }

    #[test]
    fn errors_read_like_glibc() {
        assert_eq!(parse(&SPEC, &v(&["-z"])).unwrap_err().message(), "invalid option -- 'z'");
        assert_eq!(parse(&SPEC, &v(&["--zzz"])).unwrap_err().message(), "unrecognized option '--zzz'");
        assert_eq!(parse(&SPEC, &v(&["-n"])).unwrap_err().message(), "option requires an argument -- 'n'");
        assert_eq!(parse(&SPEC, &v(&["--lines"])).unwrap_err().message(), "option '--lines' requires an argument");
        assert_eq!(parse(&SPEC, &v(&["--all=1"])).unwrap_err().message(), "option '--all' doesn't allow an argument");
        assert_eq!(parse(&SPEC, &v(&["--co"])).unwrap_err().message(), "option '--co' is ambiguous; possibilities: '--color' '--context'");
    }

    #[test]
    fn stop_at_operand_keeps_the_command_intact() {
        let spec = Spec { short: "i", long: &[], stop_at_operand: true };
        let a = parse(&spec, &v(&["-i", "ls", "-l"])).unwrap();
        assert_eq!(a.operands, v(&["ls", "-l"]));
    }
}
