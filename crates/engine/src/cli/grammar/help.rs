//! `--help` text and tab completion, generated from the catalogue.
//!
//! The layout is docker/cli 28.2's usage template (`cli/cobra.go`) executed by hand: the
//! `Usage:` line (two spaces), the description, `Aliases:` (every path that reaches the
//! command), `Options:` (pflag's `FlagUsagesWrapped`: flags sorted by name, one column for
//! names, help wrapped to the terminal width minus one), and for the root `Common Commands:`,
//! `Management Commands:`, `Swarm Commands:`, `Commands:` and `Global Options:`, then the
//! closing hints. Since docker 28 the help no longer starts with a blank line
//! (docker/cli#5730).
//!
//! What the daemon supports decides what is listed, as docker's `hideUnsupportedFeatures`
//! does: flags and commands needing a newer API than [`super::DAEMON_API`], swarm commands
//! the node's [`SwarmState`] does not allow, and experimental-daemon features are left out.

use super::value::go_quote;
use super::{api_less, CommandDef, FlagDef, Kind, Swarm, DAEMON_API};

/// Where the node stands in a swarm (the `Swarm` header of the daemon's `/_ping`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SwarmState {
    /// In no swarm (`docker info` says `Swarm: inactive`): wharf's engine today.
    #[default]
    Inactive,
    /// A worker node.
    Worker,
    /// A manager node.
    Manager,
}

/// What the output depends on besides the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpContext {
    /// Terminal width; docker wraps flag help to one less than it, and assumes 80 when
    /// stdin is not a terminal. `None` does not wrap (what the reference docs show).
    pub width: Option<usize>,
    /// The node's swarm state, which decides which swarm commands are listed.
    pub swarm: SwarmState,
}

impl Default for HelpContext {
    /// 80 columns, no swarm.
    fn default() -> Self {
        HelpContext { width: Some(80), swarm: SwarmState::Inactive }
    }
}

/// The full `--help` output of `cmd` at `path` (`docker container ls`), ending in a newline.
pub fn render(cmd: &CommandDef, path: &str, ctx: &HelpContext) -> String {
    usage_string(cmd, path, ctx)
}

/// cobra's `UseLine`: the parent's path and the command's `Use`.
pub(crate) fn use_line(cmd: &CommandDef, path: &str) -> String {
    match path.rsplit_once(' ') {
        Some((parent, _)) => format!("{parent} {}", cmd.usage),
        None => cmd.usage.to_string(),
    }
}

/// Whether the daemon (API [`DAEMON_API`], a node in state `swarm`) supports a command or
/// flag annotated with API version `api` and swarm requirement `need`.
fn supported(api: &str, need: Swarm, swarm: SwarmState) -> bool {
    let api_ok = api.is_empty() || !api_less(DAEMON_API, api);
    let swarm_ok = match need {
        Swarm::No | Swarm::Any => true,
        Swarm::Manager => swarm == SwarmState::Manager,
        Swarm::Active => swarm != SwarmState::Inactive,
    };
    api_ok && swarm_ok
}

/// Whether `--help` lists subcommand `sub` (cobra's `IsAvailableCommand` after docker hid
/// what the daemon does not support).
fn listed(sub: &CommandDef, ctx: &HelpContext) -> bool {
    !sub.hidden && !sub.experimental && supported(sub.api, sub.swarm, ctx.swarm)
}

/// docker's `commandAliases`: the `aliases` annotation, or the command's path followed by
/// each alias under the parent.
fn command_aliases(cmd: &CommandDef, path: &str) -> Option<String> {
    if !cmd.alias_note.is_empty() {
        return Some(cmd.alias_note.to_string());
    }
    if cmd.aliases.is_empty() {
        return None;
    }
    let parent = path.rsplit_once(' ').map_or("", |(p, _)| p);
    let mut out = path.to_string();
    for alias in cmd.aliases {
        out.push_str(&format!(", {parent} {alias}"));
    }
    Some(out)
}

/// Whether `cmd` at `path` or a command above it is marked `experimentalCLI`.
fn experimental(cmd: &CommandDef, path: &str) -> bool {
    let words: Vec<&str> = path.split(' ').skip(1).collect();
    cmd.experimental_cli || (1..words.len()).any(|n| super::find(&words[..n]).is_some_and(|(c, _)| c.experimental_cli))
}

/// cobra's `NamePadding` for the subcommands of `cmd`: the longest name among all of them
/// (hidden ones too), at least 11.
fn name_padding(cmd: &CommandDef) -> usize {
    cmd.commands.iter().map(|c| c.name.len()).chain(std::iter::once(11)).max().unwrap_or(11)
}

/// cobra's `UsageString` with docker's template.
pub(crate) fn usage_string(cmd: &CommandDef, path: &str, ctx: &HelpContext) -> String {
    let is_root = !path.contains(' ');
    let flags = visible_flags(cmd);
    let mut out = String::from("Usage:  ");
    if cmd.is_group() {
        out.push_str(path);
        if !flags.is_empty() {
            out.push_str(" [OPTIONS]");
        }
        out.push_str(" COMMAND");
    } else {
        out.push_str(&use_line(cmd, path));
    }
    out.push_str("\n\n");
    out.push_str(if cmd.long.is_empty() { cmd.short.trim() } else { cmd.long.trim() });
    if experimental(cmd, path) {
        out.push_str(&format!(
            "\n\nEXPERIMENTAL:\n  {path} is an experimental feature.\n  Experimental features provide early access to product functionality. These\n  features may change between releases without warning, or can be removed from a\n  future release. Learn more about experimental features in our documentation:\n  https://docs.docker.com/go/experimental/"
        ));
    }
    if let Some(aliases) = command_aliases(cmd, path) {
        out.push_str("\n\nAliases:\n  ");
        out.push_str(&aliases);
    }
    let cols = ctx.width.map_or(0, |w| w.saturating_sub(1));
    if !is_root && !flags.is_empty() {
        out.push_str("\n\nOptions:\n");
        out.push_str(flag_usages(&flags, cols).trim_end());
    }
    let pad = name_padding(cmd);
    let mut subs: Vec<&CommandDef> = cmd.commands.iter().copied().filter(|c| listed(c, ctx)).collect();
    crate::sort::by_key(&mut subs, |c| c.name);
    let decorated = |c: &CommandDef| format!("\n  {:<width$}{}", format!("{}{}", c.name, if c.plugin.is_some() { "*" } else { " " }), c.short, width = pad + 1);
    if is_root {
        let mut top: Vec<&&CommandDef> = subs.iter().filter(|c| c.top > 0 && c.plugin.is_none()).collect();
        crate::sort::by_key(&mut top, |c| c.top);
        if !top.is_empty() {
            out.push_str("\n\nCommon Commands:");
            for c in top {
                out.push_str(&decorated(c));
            }
        }
    }
    let groups: Vec<&&CommandDef> = subs.iter().filter(|c| c.is_group() || c.plugin.is_some()).collect();
    let management: Vec<_> = groups.iter().filter(|c| c.swarm == Swarm::No).collect();
    if !management.is_empty() {
        out.push_str("\n\nManagement Commands:");
        for c in management {
            out.push_str(&decorated(c));
        }
    }
    let swarm: Vec<_> = groups.iter().filter(|c| c.swarm != Swarm::No).collect();
    if !swarm.is_empty() {
        out.push_str("\n\nSwarm Commands:");
        for c in swarm {
            out.push_str(&decorated(c));
        }
    }
    let leaves: Vec<_> = subs.iter().filter(|c| !c.is_group() && c.plugin.is_none() && !(is_root && c.top > 0)).collect();
    if !leaves.is_empty() {
        out.push_str("\n\nCommands:");
        for c in leaves {
            out.push_str(&format!("\n  {:<pad$} {}", c.name, c.short));
        }
    }
    if is_root && !flags.is_empty() {
        out.push_str("\n\nGlobal Options:\n");
        out.push_str(flag_usages(&flags, cols).trim_end());
    }
    if cmd.is_group() {
        out.push_str(&format!("\n\nRun '{path} COMMAND --help' for more information on a command."));
    }
    if is_root {
        out.push_str("\n\nFor more help on how to use Docker, head to https://docs.docker.com/go/guides/");
    }
    out.push('\n');
    out
}

/// The flags `--help` lists for `cmd`, sorted by name as pflag sorts them: not hidden, and
/// supported by the daemon.
fn visible_flags(cmd: &CommandDef) -> Vec<&FlagDef> {
    let mut flags: Vec<&FlagDef> = cmd.flags.iter().filter(|f| shown(f)).collect();
    crate::sort::by_key(&mut flags, |f| f.long);
    flags
}

/// Whether a flag shows in `--help`.
fn shown(f: &FlagDef) -> bool {
    !f.hidden && supported(f.api, Swarm::No, SwarmState::Inactive)
}

/// pflag's `UnquoteUsage`: a back-quoted word in the help names the value (and loses its
/// quotes); otherwise the type does.
fn unquote_usage(f: &FlagDef) -> (String, String) {
    if let Some(i) = f.help.find('`') {
        if let Some(j) = f.help[i + 1..].find('`') {
            let name = &f.help[i + 1..i + 1 + j];
            return (name.to_string(), format!("{}{}{}", &f.help[..i], name, &f.help[i + 2 + j..]));
        }
    }
    (f.type_name.to_string(), f.help.to_string())
}

/// pflag's `FlagUsagesWrapped(cols)`.
fn flag_usages(flags: &[&FlagDef], cols: usize) -> String {
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut maxlen = 0;
    for f in flags {
        let mut head = match f.short {
            Some(c) => format!("  -{c}, --{}", f.long),
            None => format!("      --{}", f.long),
        };
        let (var, mut usage) = unquote_usage(f);
        if !var.is_empty() {
            head.push(' ');
            head.push_str(&var);
        }
        // The NUL pflag appends counts towards the column.
        maxlen = maxlen.max(head.len() + 1);
        if !f.default.is_empty() {
            if f.type_name == "string" && f.kind == Kind::String {
                usage.push_str(&format!(" (default {})", go_quote(f.default)));
            } else {
                usage.push_str(&format!(" (default {})", f.default));
            }
        }
        lines.push((head, usage));
    }
    let mut out = String::new();
    for (head, usage) in lines {
        let spacing = " ".repeat(maxlen - head.len());
        out.push_str(&format!("{head} {spacing} {}\n", wrap(maxlen + 2, cols, &usage)));
    }
    out
}

/// pflag's `wrap`: `s` wrapped to `w` columns with following lines indented by `i`.
fn wrap(i: usize, w: usize, s: &str) -> String {
    if w == 0 {
        return s.replace('\n', &format!("\n{}", " ".repeat(i)));
    }
    let mut indent = i;
    let mut width = w as isize - i as isize;
    let mut r = String::new();
    // Not enough room: start on the next line, indented 16.
    if width < 24 {
        indent = 16;
        width = w as isize - 16;
        r.push('\n');
        r.push_str(&" ".repeat(16));
    }
    if width < 24 {
        return s.replace('\n', &r);
    }
    let slop = 5;
    let width = (width - slop as isize) as usize;
    let pad = format!("\n{}", " ".repeat(indent));
    let (first, mut rest) = wrap_n(width, slop, s);
    r.push_str(&first.replace('\n', &pad));
    while !rest.is_empty() {
        let (line, more) = wrap_n(width, slop, rest);
        r.push_str(&pad);
        r.push_str(&line.replace('\n', &pad));
        rest = more;
    }
    r
}

/// pflag's `wrapN`: splits `s` at the last blank within `i` bytes, unless the whole of it
/// fits within `i + slop`.
fn wrap_n(i: usize, slop: usize, s: &str) -> (&str, &str) {
    if i + slop > s.len() {
        return (s, "");
    }
    let mut end = i;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let head = &s[..end];
    let w = match head.rfind([' ', '\t', '\n']) {
        Some(w) if w > 0 => w,
        _ => return (s, ""),
    };
    if let Some(nl) = head.rfind('\n') {
        if nl > 0 && nl < w {
            return (&s[..nl], &s[nl + 1..]);
        }
    }
    (&s[..w], &s[w + 1..])
}

/// Tab completion for the browser terminal: the words typed after `docker`, the last one
/// being completed (possibly empty). Returns matching subcommands, or flags when the word
/// starts with `-`; empty where an object name or a flag value belongs (see
/// [`completion_slot`], which says which).
pub fn completions(words: &[&str]) -> Vec<String> {
    match completion_slot(words) {
        Slot::Words(words) => words,
        Slot::FlagValue { .. } | Slot::Argument { .. } => Vec::new(),
    }
}

/// What belongs where the last of `words` (after `docker`) is typed.
#[derive(Debug, Clone)]
pub enum Slot {
    /// Subcommands or flags, those starting with the typed prefix, sorted.
    Words(Vec<String>),
    /// The value of `flag`, an option of `command`.
    FlagValue {
        /// The command the flag belongs to.
        command: &'static CommandDef,
        /// The flag waiting for its value.
        flag: &'static FlagDef,
    },
    /// Positional argument number `index` (from 0) of `command`, or a word after `--`.
    Argument {
        /// The command (a leaf, or a group given a word it does not know).
        command: &'static CommandDef,
        /// How many positional arguments come before it.
        index: usize,
    },
}

/// Walks `words` (after `docker`) through the grammar as the parser would and says what the
/// last word is: a subcommand or flag ([`Slot::Words`]), a flag's value or an argument.
pub fn completion_slot(words: &[&str]) -> Slot {
    let (prefix, before) = match words.split_last() {
        Some((last, before)) => (*last, before),
        None => ("", &[][..]),
    };
    let mut chain: Vec<&'static CommandDef> = vec![super::root()];
    let mut positionals = 0;
    let mut pending: Option<&'static FlagDef> = None;
    let mut after_dash = false;
    for word in before {
        let cmd = chain[chain.len() - 1];
        if pending.take().is_some() {
            continue;
        }
        if after_dash || positionals > 0 && !cmd.interspersed {
            positionals += 1;
            continue;
        }
        if *word == "--" {
            after_dash = true;
            continue;
        }
        if word.starts_with('-') && word.len() > 1 {
            pending = value_flag(cmd, word);
            continue;
        }
        match cmd.subcommand(word).filter(|_| cmd.is_group() && positionals == 0) {
            Some(sub) => chain.push(sub),
            None => positionals += 1,
        }
    }
    let cmd = chain[chain.len() - 1];
    if let Some(flag) = pending {
        return Slot::FlagValue { command: cmd, flag };
    }
    let ctx = HelpContext::default();
    let mut out: Vec<String> = Vec::new();
    if prefix.starts_with('-') && !(after_dash || positionals > 0 && !cmd.interspersed) {
        for f in cmd.flags.iter().filter(|f| shown(f)) {
            out.push(format!("--{}", f.long));
            if let Some(c) = f.short {
                out.push(format!("-{c}"));
            }
        }
        out.push("--help".into());
    } else if cmd.is_group() && positionals == 0 && !after_dash {
        out.extend(cmd.commands.iter().filter(|c| listed(c, &ctx)).map(|c| c.name.to_string()));
        if chain.len() == 1 {
            out.push("help".into());
        }
    } else if prefix.starts_with('-') {
        return Slot::Words(Vec::new());
    } else {
        return Slot::Argument { command: cmd, index: positionals };
    }
    out.retain(|w| w.starts_with(prefix));
    crate::sort::ascending(&mut out);
    out.dedup();
    Slot::Words(out)
}

/// The flag whose value the flag word (`-e`, `--name`, `-it`) leaves for the next word.
fn value_flag(cmd: &CommandDef, word: &str) -> Option<&'static FlagDef> {
    let flags: &'static [FlagDef] = cmd.flags;
    if let Some(name) = word.strip_prefix("--") {
        return flags.iter().find(|f| !name.contains('=') && f.long == name && f.kind != Kind::Bool);
    }
    // A bundle: the first letter that takes a value takes the rest, or the next word.
    let letters: Vec<char> = word[1..].chars().collect();
    for (i, c) in letters.iter().enumerate() {
        match flags.iter().find(|f| f.short == Some(*c)) {
            Some(f) if f.kind != Kind::Bool => return (i + 1 == letters.len()).then_some(f),
            Some(_) => continue,
            None => return None,
        }
    }
    None
}
