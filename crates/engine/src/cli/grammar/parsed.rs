//! [`Parsed`]: a command line that passed phase 1, and typed reads of its flags.

use std::collections::BTreeMap;

use super::value::{parse_bool, parse_duration, parse_int, parse_uint};
use super::{CommandDef, FlagDef, Kind, UsageError};

/// A command line docker would run: which command, its flags and its arguments.
///
/// Flags are stored under their long name (an alias such as `--net` under its target,
/// `network`), each with every value given, in order. Switches hold `true`/`false`;
/// integers and durations have already been checked. The typed getters fall back to the
/// catalogue default when a flag was not given.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The canonical command: `docker ps` and `docker container list` are both
    /// `["container", "ls"]`.
    pub command: Vec<&'static str>,
    /// The path docker prints in messages for the command as typed: `docker ps`,
    /// `docker container ls` (aliases resolve to names).
    pub path: String,
    /// The command's definition.
    pub def: &'static CommandDef,
    /// Definitions from the root down to `def`.
    pub(crate) chain: Vec<&'static CommandDef>,
    /// Values of the command's flags (and inherited ones), by long name.
    pub flags: BTreeMap<&'static str, Vec<String>>,
    /// Values of the root's flags (`-H`, `--context`, `--debug`, …), by long name.
    pub globals: BTreeMap<&'static str, Vec<String>>,
    /// Positional arguments.
    pub args: Vec<String>,
    /// How many positional arguments came before a `--`, if one was given.
    pub args_before_dash: Option<usize>,
    /// pflag's deprecation notices for the flags used, to print on stderr before running
    /// (`Flag --kernel-memory has been deprecated, …`), each without its newline.
    pub warnings: Vec<String>,
}

impl Parsed {
    /// The definition of a flag this command line can hold, by long name: the command's own,
    /// or one of a management command before it (compose's `-f` in `docker compose -f x.yml
    /// up`). The root's flags are in [`Parsed::globals`].
    pub fn flag_def(&self, name: &str) -> Option<&'static FlagDef> {
        // chain is [root, …, def]: look at def, then its parents up to (not including) root.
        self.chain.iter().skip(1).rev().find_map(|c| c.flag(name))
    }

    /// Whether the flag was given (pflag's `Changed`).
    pub fn has(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }

    /// Every value given for the flag, in order (empty when not given).
    pub fn values(&self, name: &str) -> &[String] {
        self.flags.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The last value given, if any.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values(name).last().map(String::as_str)
    }

    /// The flag's value as a string: the last one given, else the catalogue default, else "".
    pub fn string(&self, name: &str) -> &str {
        self.value(name).or_else(|| self.flag_def(name).map(|f| f.default)).unwrap_or("")
    }

    /// A switch: the last value given, else its default (`--sig-proxy` is on by default).
    pub fn bool(&self, name: &str) -> bool {
        parse_bool(self.string(name)).unwrap_or(false)
    }

    /// An integer flag (already checked while parsing); 0 when unset with no default.
    pub fn int(&self, name: &str) -> i64 {
        parse_int(self.string(name)).unwrap_or(0)
    }

    /// An unsigned integer flag (already checked while parsing).
    pub fn uint(&self, name: &str) -> u64 {
        let bits = match self.flag_def(name).map(|f| f.kind) {
            Some(Kind::Uint(bits)) => bits,
            _ => 64,
        };
        parse_uint(self.string(name), bits).unwrap_or(0)
    }

    /// A duration flag in nanoseconds (already checked while parsing); 0 when unset.
    pub fn duration(&self, name: &str) -> i64 {
        parse_duration(self.string(name)).unwrap_or(0)
    }

    /// A `map` flag's `key=value` pairs in the order given; a later key replaces an earlier
    /// one, as in docker's `MapOpts`. `key` alone maps to "".
    pub fn map(&self, name: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for v in self.values(name) {
            let (k, val) = v.split_once('=').unwrap_or((v.as_str(), ""));
            match out.iter_mut().find(|(key, _)| key == k) {
                Some(slot) => slot.1 = val.to_string(),
                None => out.push((k.to_string(), val.to_string())),
            }
        }
        out
    }

    /// The last value given for a root flag (`host`, `context`, `log-level`, …).
    pub fn global(&self, name: &str) -> Option<&str> {
        self.globals.get(name).and_then(|v| v.last()).map(String::as_str)
    }

    /// The error docker gives when a flag's value fails its type's own check (sizes,
    /// `--cpus`, `--env`, …), for phase 2 to return:
    /// `invalid argument "12x" for "-m, --memory" flag: invalid size: '12x'`, the usage line
    /// and `Run 'docker run --help' for more information`, exit 125.
    pub fn invalid_value(&self, name: &str, value: &str, cause: &str) -> UsageError {
        let display = match self.flag_def(name) {
            Some(FlagDef { short: Some(c), long, .. }) => format!("-{c}, --{long}"),
            _ => format!("--{name}"),
        };
        UsageError::invalid_value(self.def, &self.path, &display, value, cause)
    }
}
