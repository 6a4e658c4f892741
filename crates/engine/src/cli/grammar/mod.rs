//! The docker command line as data: every command, alias and flag, and a parser that reads
//! an argv the way the docker CLI 28.2 does (cobra + pflag), with no behaviour attached.
//!
//! This is phase 1 of a two-phase CLI (ripgrep's `LowArgs`): [`parse`] turns words into a
//! [`Parsed`] (canonical command path, flag values by name, positional arguments) or a
//! [`UsageError`] carrying Docker's exact text and exit code. It does no I/O and calls no
//! engine, so the browser and the native binary parse identically. Phase 2 (turning a
//! [`Parsed`] into engine requests) lives elsewhere.
//!
//! - [`defs`]: the catalogue, one [`CommandDef`] per command, declared as data.
//! - [`parse()`]: cobra's command lookup (aliases, management commands, `help`) and pflag's
//!   flag syntax (`--f=v`, `--f v`, `-fv`, `-abc`, `--`, non-interspersed commands).
//! - [`help`]: `--help` text generated from the catalogue with docker's usage template and
//!   pflag's column layout, and tab completion for the browser terminal.
//!
//! The client is docker CLI 28.2 and the daemon it talks to is dockerd 20.10 (API 1.41), the
//! pair `shared/reference/docker/` was captured with. The daemon shows in three places: flags
//! and commands that need a newer API are hidden from `--help` and refused when used
//! ([`DAEMON_API`]); swarm-only commands are hidden while the node is not in a swarm
//! ([`help::SwarmState`]); experimental-daemon features are hidden. Where it matters, the code
//! says which part of `docker/cli`, `spf13/cobra` or `spf13/pflag` it follows.

pub mod defs;
mod error;
pub mod help;
mod parse;
mod parsed;
mod value;

#[cfg(test)]
mod tests;

pub use error::{run_error, with_help, UsageError, UsageErrorKind};
pub use parse::{parse, Invocation};
pub use parsed::Parsed;
pub(crate) use value::parse_bool;

/// How a flag takes and keeps its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A switch: `-d`, `--rm`, `--rm=false`. Values are stored as `true` or `false`.
    Bool,
    /// One value, the last one given wins (`--name x`). Also the CLI's own scalar types
    /// (`bytes`, `decimal`, …) that phase 2 validates.
    String,
    /// A signed integer, checked like Go's `strconv.ParseInt(s, 0, 64)` while parsing.
    Int,
    /// An unsigned integer of this many bits, checked like `strconv.ParseUint(s, 0, bits)`.
    Uint(u8),
    /// A Go duration (`10m`, `1h30m`), checked like `time.ParseDuration` while parsing.
    Duration,
    /// Repeatable; every value is kept (`-e A -e B`, `-p`, `-v`, `--filter`).
    List,
    /// Repeatable, and each value is a comma-separated (CSV) list (pflag's `stringSlice`).
    Slice,
    /// Repeatable `key=value` pairs (`--opt`, `--sysctl`); a value without `=` is a key with
    /// an empty value.
    Map,
}

/// The Engine API version of the daemon wharf plays (dockerd 20.10).
pub const DAEMON_API: &str = "1.41";

/// What `docker --version` prints: the client wharf plays.
pub const VERSION_LINE: &str = "Docker version 28.2.2, build e6534b4";

/// docker's `versions.LessThan` on dotted API versions (`"1.41" < "1.43"`).
pub fn api_less(a: &str, b: &str) -> bool {
    let parse = |v: &str| v.split('.').map(|p| p.parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    let (a, b) = (parse(a), parse(b));
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i).copied().unwrap_or(0), b.get(i).copied().unwrap_or(0));
        if x != y {
            return x < y;
        }
    }
    false
}

/// A command's `swarm` annotation: whether `--help` lists it, given the node's swarm state
/// (docker's `hideUnsupportedFeatures`), and whether the root lists it under "Swarm Commands".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swarm {
    /// No annotation.
    No,
    /// `"swarm": ""`: a swarm command that needs no swarm (`swarm init`, `swarm join`).
    Any,
    /// `"swarm": "manager"`: hidden unless the node is a swarm manager.
    Manager,
    /// `"swarm": "active"`: hidden while the node is in no swarm (`swarm leave`).
    Active,
}

/// One flag of a command, as pflag declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagDef {
    /// Long name without dashes: `publish`.
    pub long: &'static str,
    /// One-letter shorthand: `p`.
    pub short: Option<char>,
    /// How values are taken and kept.
    pub kind: Kind,
    /// The value's type as `--help` prints it after the flag (`list`, `string`, `bytes`);
    /// empty for switches.
    pub type_name: &'static str,
    /// The default as `--help` shows it in `(default …)`, unquoted; empty when pflag hides
    /// it (a zero value). Typed getters fall back to it.
    pub default: &'static str,
    /// Help text, exactly as docker declares it (a back-quoted word names the value).
    pub help: &'static str,
    /// Left out of `--help` (still parsed).
    pub hidden: bool,
    /// Deprecation notice; a deprecated flag is hidden but still parsed.
    pub deprecated: &'static str,
    /// Another flag's long name whose values this one shares (`--net` feeds `--network`).
    pub alias_of: &'static str,
    /// The API version the flag needs (its `version` annotation), empty for any. Against an
    /// older daemon the flag is hidden and using it is an error.
    pub api: &'static str,
    /// Only for a daemon with experimental features (`experimental` annotation): hidden, and
    /// refused when used.
    pub experimental: bool,
    /// Only for a Windows daemon (`ostype` annotation): hidden, and refused when used.
    pub windows: bool,
}

impl FlagDef {
    /// A flag with no shorthand, no default, visible.
    pub const fn new(long: &'static str, kind: Kind, type_name: &'static str, help: &'static str) -> FlagDef {
        FlagDef {
            long,
            short: None,
            kind,
            type_name,
            default: "",
            help,
            hidden: false,
            deprecated: "",
            alias_of: "",
            api: "",
            experimental: false,
            windows: false,
        }
    }

    /// With a one-letter shorthand.
    pub const fn short(mut self, c: char) -> FlagDef {
        self.short = Some(c);
        self
    }

    /// With a default that `--help` shows.
    pub const fn default(mut self, d: &'static str) -> FlagDef {
        self.default = d;
        self
    }

    /// Hidden from `--help`.
    pub const fn hidden(mut self) -> FlagDef {
        self.hidden = true;
        self
    }

    /// Deprecated (and so hidden) with this notice.
    pub const fn deprecated(mut self, notice: &'static str) -> FlagDef {
        self.deprecated = notice;
        self.hidden = true;
        self
    }

    /// Values are stored under `target`'s name.
    pub const fn alias_of(mut self, target: &'static str) -> FlagDef {
        self.alias_of = target;
        self
    }

    /// Only for an experimental daemon (hidden from wharf's 20.10 daemon, which is not).
    pub const fn experimental(mut self) -> FlagDef {
        self.experimental = true;
        self.hidden = true;
        self
    }

    /// Only for a Windows daemon (hidden from wharf's Linux daemon).
    pub const fn windows(mut self) -> FlagDef {
        self.windows = true;
        self.hidden = true;
        self
    }

    /// Needs this API version (docker's `version` annotation).
    pub const fn api(mut self, version: &'static str) -> FlagDef {
        self.api = version;
        self
    }

    /// The name values are stored under.
    pub fn key(&self) -> &'static str {
        if self.alias_of.is_empty() {
            self.long
        } else {
            self.alias_of
        }
    }
}

/// How many positional arguments a command accepts (docker's `cli/required.go`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Args {
    /// Anything.
    Any,
    /// None (`cli.NoArgs`).
    None,
    /// Exactly n (`cli.ExactArgs`).
    Exact(usize),
    /// At least n (`cli.RequiresMinArgs`).
    Min(usize),
    /// At most n (`cli.RequiresMaxArgs`).
    Max(usize),
    /// Between min and max (`cli.RequiresRangeArgs`).
    Range(usize, usize),
}

/// A CLI plugin's metadata (docker 28 lists plugins as `compose*  Docker Compose`; `docker
/// info` shows vendor and version).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plugin {
    /// Vendor as the plugin reports it.
    pub vendor: &'static str,
    /// Version as the plugin reports it.
    pub version: &'static str,
}

/// One docker command: a leaf (`run`), a management command (`container`) or the root.
#[derive(Debug, Clone, Copy)]
pub struct CommandDef {
    /// The word that selects it: `run`, `ls`. The root is `docker`.
    pub name: &'static str,
    /// Other words that select it (`docker container ps` for `ls`).
    pub aliases: &'static [&'static str],
    /// cobra's `Use`: the name and its arguments, `run [OPTIONS] IMAGE [COMMAND] [ARG...]`.
    pub usage: &'static str,
    /// One-line description.
    pub short: &'static str,
    /// Longer description shown by `--help` instead of `short`; empty when none.
    pub long: &'static str,
    /// The canonical path phase 2 dispatches on: `docker ps` is `["container", "ls"]`.
    pub canonical: &'static [&'static str],
    /// Positional argument rule.
    pub args: Args,
    /// Whether flags may follow positional arguments (`false` for `run`, `exec`, …, so
    /// `docker run alpine ls -l` passes `-l` to the container).
    pub interspersed: bool,
    /// The command's flags. cobra's one persistent flag, `--help`, is implicit: every command
    /// accepts it (and `-h` where no flag claims the letter).
    pub flags: &'static [FlagDef],
    /// Subcommands, for management commands and the root.
    pub commands: &'static [&'static CommandDef],
    /// Left out of command lists.
    pub hidden: bool,
    /// Set for CLI plugins (`compose`).
    pub plugin: Option<Plugin>,
    /// docker's `aliases` annotation: every path that reaches the command, as `--help` lists
    /// them (`docker container run, docker run`). Empty: `--help` lists the command's path
    /// and its [`CommandDef::aliases`] under the parent (cobra's default).
    pub alias_note: &'static str,
    /// docker's `category-top` annotation: the command's place under "Common Commands" in
    /// `docker --help` (1 first); 0 for none.
    pub top: u8,
    /// The API version the command needs (`version` annotation), empty for any.
    pub api: &'static str,
    /// The `swarm` annotation.
    pub swarm: Swarm,
    /// docker's `experimentalCLI` annotation: `--help` ends with the EXPERIMENTAL notice.
    pub experimental_cli: bool,
    /// Only for a daemon with experimental features (`experimental` annotation): wharf's
    /// daemon is not, so the command is hidden and refused.
    pub experimental: bool,
}

impl CommandDef {
    /// A leaf command with no aliases, no flags, interspersed flags and any arguments; the
    /// catalogue fills in the rest with struct update syntax.
    pub const LEAF: CommandDef = CommandDef {
        name: "",
        aliases: &[],
        usage: "",
        short: "",
        long: "",
        canonical: &[],
        args: Args::Any,
        interspersed: true,
        flags: &[],
        commands: &[],
        hidden: false,
        plugin: None,
        alias_note: "",
        top: 0,
        api: "",
        swarm: Swarm::No,
        experimental_cli: false,
        experimental: false,
    };

    /// Whether the command groups others (root or management command).
    pub fn is_group(&self) -> bool {
        !self.commands.is_empty()
    }

    /// The subcommand selected by `word` (its name or an alias).
    pub fn subcommand(&self, word: &str) -> Option<&'static CommandDef> {
        self.commands.iter().copied().find(|c| c.name == word || c.aliases.contains(&word))
    }

    /// The command's flag with this long name.
    pub fn flag(&self, long: &str) -> Option<&'static FlagDef> {
        self.flags.iter().find(|f| f.long == long)
    }
}

/// The root command, `docker`.
pub fn root() -> &'static CommandDef {
    &defs::DOCKER
}

/// Resolves a path of words (`["container", "ps"]`, aliases allowed) from the root, with
/// the path docker prints for it (`docker container ls`).
pub fn find(path: &[&str]) -> Option<(&'static CommandDef, String)> {
    let mut cmd = root();
    let mut shown = String::from("docker");
    for word in path {
        cmd = cmd.subcommand(word)?;
        shown.push(' ');
        shown.push_str(cmd.name);
    }
    Some((cmd, shown))
}

/// Every command reachable from the root with the path docker prints for it, root first,
/// depth first in catalogue order (for coverage checks and the command palette).
pub fn walk() -> Vec<(String, &'static CommandDef)> {
    fn visit(cmd: &'static CommandDef, path: String, out: &mut Vec<(String, &'static CommandDef)>) {
        out.push((path.clone(), cmd));
        for sub in cmd.commands {
            visit(sub, format!("{path} {}", sub.name), out);
        }
    }
    let mut out = Vec::new();
    visit(root(), "docker".to_string(), &mut out);
    out
}
