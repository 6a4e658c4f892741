//! `--help` text and tab completion, generated from the catalogue.
//!
//! The layout is docker/cli 20.10's usage template (`cli/cobra.go`) executed by hand: the
//! `Usage:` line (two spaces), the description, `Aliases:`, `Options:` (pflag's
//! `FlagUsagesWrapped`: flags sorted by name, one column for names, help wrapped to the
//! terminal width minus one), `Management Commands:` and `Commands:` padded as cobra's
//! `rpad`, and the closing hints. `docker --help` output starts with a blank line (the help
//! template); usage inside error messages does not.

use super::value::go_quote;
use super::{CommandDef, FlagDef, Kind, Only};

/// What the output depends on besides the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpContext {
    /// Terminal width; docker wraps flag help to one less than it, and assumes 80 when
    /// stdin is not a terminal. `None` does not wrap (what the reference docs show).
    pub width: Option<usize>,
    /// Whether BuildKit is the builder (decides which `docker build` flags show).
    pub buildkit: bool,
}

impl Default for HelpContext {
    /// 80 columns, BuildKit on.
    fn default() -> Self {
        HelpContext { width: Some(80), buildkit: true }
    }
}

/// The full `--help` output of `cmd` at `path` (`docker container ls`), ending in a newline.
pub fn render(cmd: &CommandDef, path: &str, ctx: &HelpContext) -> String {
    format!("\n{}", usage_string(cmd, path, ctx))
}

/// cobra's `UseLine`: the parent's path and the command's `Use`.
pub(crate) fn use_line(cmd: &CommandDef, path: &str) -> String {
    match path.rsplit_once(' ') {
        Some((parent, _)) => format!("{parent} {}", cmd.usage),
        None => cmd.usage.to_string(),
    }
}

/// cobra's `UsageString` with docker's template.
pub(crate) fn usage_string(cmd: &CommandDef, path: &str, ctx: &HelpContext) -> String {
    let flags = visible_flags(cmd, ctx);
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
    if !cmd.aliases.is_empty() {
        out.push_str("\n\nAliases:\n  ");
        out.push_str(cmd.name);
        for alias in cmd.aliases {
            out.push_str(", ");
            out.push_str(alias);
        }
    }
    if !flags.is_empty() {
        out.push_str("\n\nOptions:\n");
        let cols = ctx.width.map_or(0, |w| w.saturating_sub(1));
        out.push_str(flag_usages(&flags, cols).trim_end());
    }
    let pad = cmd.commands.iter().map(|c| c.name.len()).chain(std::iter::once(11)).max().unwrap_or(11);
    let mut subs: Vec<&CommandDef> = cmd.commands.iter().copied().filter(|c| !c.hidden).collect();
    subs.sort_by_key(|c| c.name);
    let groups: Vec<_> = subs.iter().filter(|c| c.is_group()).collect();
    if !groups.is_empty() {
        out.push_str("\n\nManagement Commands:");
        for sub in groups {
            let decorated = format!("{}{}", sub.name, if sub.plugin.is_some() { "*" } else { " " });
            out.push_str(&format!("\n  {decorated:<width$}{}", sub.short, width = pad + 1));
            if let Some(p) = sub.plugin {
                out.push_str(&format!(" ({}, {})", p.vendor, p.version));
            }
        }
    }
    let leaves: Vec<_> = subs.iter().filter(|c| !c.is_group()).collect();
    if !leaves.is_empty() {
        out.push_str("\n\nCommands:");
        for sub in leaves {
            out.push_str(&format!("\n  {:<pad$} {}", sub.name, sub.short));
        }
    }
    if cmd.is_group() {
        out.push_str(&format!("\n\nRun '{path} COMMAND --help' for more information on a command."));
    }
    if std::ptr::eq(cmd, super::root()) {
        out.push_str("\n\nTo get more help with docker, check out our guides at https://docs.docker.com/go/guides/");
    }
    out.push('\n');
    out
}

/// The flags `--help` lists for `cmd`, visible in this context, sorted by name as pflag
/// sorts them.
fn visible_flags<'a>(cmd: &'a CommandDef, ctx: &HelpContext) -> Vec<&'a FlagDef> {
    let mut flags: Vec<&FlagDef> = cmd.flags.iter().filter(|f| shown(f, ctx)).collect();
    flags.sort_by_key(|f| f.long);
    flags
}

/// Whether a flag shows in this context.
fn shown(f: &FlagDef, ctx: &HelpContext) -> bool {
    !f.hidden
        && match f.only {
            Only::Always => true,
            Only::BuildKit => ctx.buildkit,
            Only::Legacy => !ctx.buildkit,
        }
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
/// starts with `-`; empty where an object name or a flag value belongs (the caller adds
/// container, image, volume and network names).
pub fn completions(words: &[&str]) -> Vec<String> {
    let (prefix, before) = match words.split_last() {
        Some((last, before)) => (*last, before),
        None => ("", &[][..]),
    };
    let mut chain: Vec<&'static CommandDef> = vec![super::root()];
    let mut positionals = 0;
    let mut skip_value = false;
    let mut after_dash = false;
    for word in before {
        let cmd = chain[chain.len() - 1];
        if skip_value {
            skip_value = false;
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
            skip_value = takes_value(cmd, word);
            continue;
        }
        match cmd.subcommand(word).filter(|_| cmd.is_group() && positionals == 0) {
            Some(sub) => chain.push(sub),
            None => positionals += 1,
        }
    }
    if skip_value {
        return Vec::new();
    }
    let cmd = chain[chain.len() - 1];
    let ctx = HelpContext::default();
    let mut out: Vec<String> = Vec::new();
    if prefix.starts_with('-') {
        if after_dash || positionals > 0 && !cmd.interspersed {
            return Vec::new();
        }
        for f in cmd.flags.iter().filter(|f| shown(f, &ctx)) {
            out.push(format!("--{}", f.long));
            if let Some(c) = f.short {
                out.push(format!("-{c}"));
            }
        }
        out.push("--help".into());
    } else if cmd.is_group() && positionals == 0 && !after_dash {
        out.extend(cmd.commands.iter().filter(|c| !c.hidden).map(|c| c.name.to_string()));
        if chain.len() == 1 {
            out.push("help".into());
        }
    }
    out.retain(|w| w.starts_with(prefix));
    out.sort();
    out.dedup();
    out
}

/// Whether the flag word (`-e`, `--name`, `-it`) leaves its value for the next word.
fn takes_value(cmd: &CommandDef, word: &str) -> bool {
    if let Some(name) = word.strip_prefix("--") {
        return !name.contains('=') && cmd.flags.iter().any(|f| f.long == name && f.kind != Kind::Bool);
    }
    // A bundle: the first letter that takes a value takes the rest, or the next word.
    let letters: Vec<char> = word[1..].chars().collect();
    for (i, c) in letters.iter().enumerate() {
        match cmd.flags.iter().find(|f| f.short == Some(*c)) {
            Some(f) if f.kind != Kind::Bool => return i + 1 == letters.len(),
            Some(_) => continue,
            None => return false,
        }
    }
    false
}
