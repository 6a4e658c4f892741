//! Tab completion, as bash does it for the word under the cursor: a command name in command
//! position, docker's subcommands, flags and object names after `docker` (the engine's
//! grammar says what belongs where: [`completion_slot`]), file paths everywhere else.
//!
//! What exists comes from a [`Sources`]: the session answers from the simulated machine
//! (`session::complete`), tests from a table. This module only reads the line and matches.

use wharf_engine::cli::grammar::help::{completion_slot, Slot};
use wharf_engine::cli::grammar::{CommandDef, FlagDef};

/// The docker objects a name can be completed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    /// Container names, any state.
    Container,
    /// Running (not paused) containers: `stop`, `exec`, `attach`, `kill`, …
    RunningContainer,
    /// Containers that are not running: `start`.
    StoppedContainer,
    /// Paused containers: `unpause`.
    PausedContainer,
    /// Images as `repo:tag`.
    Image,
    /// Volume names.
    Volume,
    /// Network names.
    Network,
}

/// What the machine offers.
pub trait Sources {
    /// Builtins and the programs found on `PATH`.
    fn commands(&self) -> Vec<String>;
    /// The entries of directory `dir` as typed (`""` is the working directory, `~/` home),
    /// with whether each is a directory (a symlink to one counts).
    fn entries(&self, dir: &str) -> Vec<(String, bool)>;
    /// The names of docker objects of a kind.
    fn objects(&self, kind: Object) -> Vec<String>;
}

/// One way to complete the word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The whole word, unquoted (`/usr/bin/`, `busybox:latest`, `--restart`).
    pub word: String,
    /// Whether it is a directory: completing it adds nothing after its `/`.
    pub dir: bool,
}

/// The word under the cursor and its matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    /// Where the word starts, in characters from the start of the line.
    pub start: usize,
    /// The word as far as typed, unquoted.
    pub typed: String,
    /// What it may become, sorted, without duplicates.
    pub matches: Vec<Match>,
    /// The matches are file paths: a listing shows their last component.
    pub paths: bool,
}

impl Completion {
    /// The longest start every match shares (at least what was typed when nothing matches).
    pub fn common_prefix(&self) -> String {
        let mut it = self.matches.iter();
        let Some(first) = it.next() else { return self.typed.clone() };
        let mut prefix: Vec<char> = first.word.chars().collect();
        for m in it {
            let n = prefix.iter().zip(m.word.chars()).take_while(|(a, b)| **a == *b).count();
            prefix.truncate(n);
        }
        prefix.into_iter().collect()
    }

    /// How the matches are listed: the last path component of a path (with `/` for a
    /// directory), else the word.
    pub fn shown(&self) -> Vec<String> {
        self.matches
            .iter()
            .map(|m| {
                let w = m.word.trim_end_matches('/');
                let name = if self.paths { w.rsplit('/').next().unwrap_or(w) } else { w };
                if m.dir { format!("{name}/") } else { name.to_string() }
            })
            .collect()
    }
}

/// One word of the line: where it starts and its unquoted text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    start: usize,
    text: String,
    /// `|`, `;`, `&`, `&&`, `||`, `(`, `)`: starts a new command.
    separator: bool,
    /// `<`, `>`, `>>`: the next word is a file.
    redirect: bool,
}

/// Splits `line` into words as the shell would (quotes and backslashes kept together,
/// operators apart). The last word is the one under the cursor; it is empty when the line
/// ends in a blank or an operator.
fn words(line: &[char]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < line.len() {
        let c = line[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if c == '\\' && q == '"' && i + 1 < line.len() {
                i += 1;
                cur.get_or_insert_with(|| word_at(i)).text.push(line[i]);
            } else {
                cur.get_or_insert_with(|| word_at(i)).text.push(c);
            }
            i += 1;
            continue;
        }
        match c {
            '\'' | '"' => {
                cur.get_or_insert_with(|| word_at(i));
                quote = Some(c);
            }
            '\\' if i + 1 < line.len() => {
                cur.get_or_insert_with(|| word_at(i)).text.push(line[i + 1]);
                i += 1;
            }
            c if c.is_whitespace() => out.extend(cur.take()),
            '|' | ';' | '&' | '(' | ')' | '<' | '>' => {
                out.extend(cur.take());
                let mut op = Word { start: i, text: c.to_string(), separator: !matches!(c, '<' | '>'), redirect: matches!(c, '<' | '>') };
                while i + 1 < line.len() && matches!(line[i + 1], '|' | '&' | '>') && !matches!(c, '(' | ')' | ';') {
                    i += 1;
                    op.text.push(line[i]);
                }
                if op.text.ends_with('&') && op.text.starts_with('>') {
                    op.separator = false;
                }
                out.push(op);
            }
            c => cur.get_or_insert_with(|| word_at(i)).text.push(c),
        }
        i += 1;
    }
    match cur {
        Some(w) => out.push(w),
        None => out.push(word_at(line.len())),
    }
    out
}

fn word_at(start: usize) -> Word {
    Word { start, text: String::new(), separator: false, redirect: false }
}

/// Words that run the command after them.
const PREFIX_COMMANDS: &[&str] = &["sudo", "exec", "command", "time", "nohup", "nice", "xargs", "watch"];

/// Completes the word that ends at the end of `before` (the line up to the cursor).
pub fn complete(before: &str, src: &dyn Sources) -> Completion {
    let chars: Vec<char> = before.chars().collect();
    let all = words(&chars);
    let (current, earlier) = all.split_last().expect("words() returns at least one word");
    // The simple command the cursor is in: the words since the last separator, less
    // redirections and the files they name, less leading `NAME=value` assignments.
    let since = earlier.iter().rposition(|w| w.separator).map_or(0, |i| i + 1);
    let mut args: Vec<&str> = Vec::new();
    let mut skip_file = false;
    for w in &earlier[since..] {
        if std::mem::take(&mut skip_file) {
            continue;
        }
        if w.redirect {
            skip_file = true;
            continue;
        }
        if args.is_empty() && is_assignment(&w.text) {
            continue;
        }
        args.push(&w.text);
    }
    while args.first().is_some_and(|a| PREFIX_COMMANDS.contains(a)) {
        args.remove(0);
    }
    let typed = current.text.clone();
    let mut c = Completion { start: current.start, typed: typed.clone(), matches: Vec::new(), paths: true };
    c.matches = if skip_file {
        paths(&typed, src)
    } else if args.is_empty() && !typed.contains('/') {
        c.paths = false;
        words_matching(&typed, src.commands())
    } else if args.first() == Some(&"docker") {
        let matches = docker(&args[1..], &typed, src);
        c.paths = matches.iter().all(|m| m.word.starts_with(['/', '.', '~']) || m.dir);
        matches
    } else {
        paths(&typed, src)
    };
    wharf_engine::sort::by(&mut c.matches, |a, b| a.word.cmp(&b.word));
    c.matches.dedup();
    c
}

fn is_assignment(w: &str) -> bool {
    w.split_once('=').is_some_and(|(name, _)| !name.is_empty() && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) && !name.starts_with(|c: char| c.is_ascii_digit()))
}

fn words_matching(typed: &str, candidates: Vec<String>) -> Vec<Match> {
    candidates.into_iter().filter(|w| w.starts_with(typed)).map(|word| Match { word, dir: false }).collect()
}

/// Files and directories the typed path may become.
fn paths(typed: &str, src: &dyn Sources) -> Vec<Match> {
    let (dir, prefix) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    src.entries(dir)
        .into_iter()
        .filter(|(name, _)| name.starts_with(prefix) && name != "." && name != ".." && (!name.starts_with('.') || prefix.starts_with('.')))
        .map(|(name, is_dir)| Match { word: if is_dir { format!("{dir}{name}/") } else { format!("{dir}{name}") }, dir: is_dir })
        .collect()
}

/// After `docker`: what the grammar expects at this word.
fn docker(args: &[&str], typed: &str, src: &dyn Sources) -> Vec<Match> {
    // `--flag=value`: complete the value, keep the flag in front.
    if let Some((flag, value)) = typed.strip_prefix("--").and_then(|t| t.split_once('=')) {
        let flag_word = format!("--{flag}");
        let mut words: Vec<&str> = args.to_vec();
        words.push(&flag_word);
        words.push(value);
        return match completion_slot(&words) {
            Slot::FlagValue { command, flag } => flag_value(command, flag, value, src)
                .into_iter()
                .map(|m| Match { word: format!("{flag_word}={}", m.word), dir: m.dir })
                .collect(),
            _ => Vec::new(),
        };
    }
    let mut words: Vec<&str> = args.to_vec();
    words.push(typed);
    match completion_slot(&words) {
        Slot::Words(words) => words.into_iter().map(|word| Match { word, dir: false }).collect(),
        Slot::FlagValue { command, flag } => flag_value(command, flag, typed, src),
        Slot::Argument { command, index } => match argument(command, index) {
            Some(Arg::Object(kind)) => words_matching(typed, src.objects(kind)),
            Some(Arg::AnyObject) => words_matching(typed, [Object::Container, Object::Image, Object::Volume, Object::Network].into_iter().flat_map(|k| src.objects(k)).collect()),
            Some(Arg::Path) => paths(typed, src),
            None => Vec::new(),
        },
    }
}

/// The values a flag takes from the machine: networks for `--network`, volumes (or a host
/// path) for `-v`, containers for `--volumes-from`, files for the file flags.
fn flag_value(command: &CommandDef, flag: &FlagDef, typed: &str, src: &dyn Sources) -> Vec<Match> {
    match flag.key() {
        "network" | "net" => words_matching(typed, src.objects(Object::Network)),
        "volume" if typed.starts_with(['/', '.', '~']) => paths(typed, src),
        "volume" => words_matching(typed, src.objects(Object::Volume)),
        "volumes-from" | "link" => words_matching(typed, src.objects(Object::Container)),
        "mount" => mount_value(typed, src),
        "file" if command.name != "logs" => paths(typed, src),
        "env-file" | "label-file" | "cidfile" | "iidfile" | "output" | "input" | "project-directory" => paths(typed, src),
        _ => Vec::new(),
    }
}

/// `--mount type=volume,source=data,target=/x`: the field being typed, with the fields
/// before it kept: a field name, a `type`, a volume (or, for `type=bind`, a host path) as
/// `source`.
fn mount_value(typed: &str, src: &dyn Sources) -> Vec<Match> {
    let (done, field) = typed.rsplit_once(',').map_or(("", typed), |(d, f)| (d, f));
    let kept = if done.is_empty() { String::new() } else { format!("{done},") };
    let kind = done.split(',').find_map(|f| f.strip_prefix("type="));
    let values: Vec<Match> = match field.split_once('=') {
        Some(("type", v)) => words_matching(v, ["bind", "volume", "tmpfs"].map(String::from).to_vec()),
        Some(("source" | "src", v)) if kind == Some("bind") => paths(v, src),
        Some(("source" | "src", v)) => words_matching(v, src.objects(Object::Volume)),
        Some(_) => Vec::new(),
        None => {
            let names = ["type=", "source=", "target=", "readonly", "volume-nocopy", "tmpfs-size=", "tmpfs-mode="];
            return names.iter().filter(|n| n.starts_with(field)).map(|n| Match { word: format!("{kept}{n}"), dir: false }).collect();
        }
    };
    let name = field.split_once('=').map_or("", |(n, _)| n);
    values.into_iter().map(|m| Match { word: format!("{kept}{name}={}", m.word), dir: m.dir }).collect()
}

/// What a positional argument is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arg {
    Object(Object),
    /// `docker inspect NAME|ID`: a container, image, volume or network.
    AnyObject,
    Path,
}

/// Positional argument `index` of `command`, read from its usage line
/// (`rm [OPTIONS] CONTAINER [CONTAINER...]`, `network connect [OPTIONS] NETWORK CONTAINER`).
fn argument(command: &CommandDef, index: usize) -> Option<Arg> {
    let first_line = command.usage.lines().next().unwrap_or("");
    let mut slots: Vec<(&str, bool)> = Vec::new();
    for token in first_line.split_whitespace().skip(1) {
        let token = token.trim_start_matches('[').trim_end_matches(']');
        if token == "OPTIONS" || token.is_empty() || token == "|" {
            continue;
        }
        let repeats = token.ends_with("...");
        let name = token.trim_end_matches("...").trim_end_matches(']');
        // `CONTAINER [CONTAINER...]` is one repeating slot.
        if repeats && slots.last().is_some_and(|(last, _)| *last == name) {
            slots.last_mut().expect("checked").1 = true;
            continue;
        }
        slots.push((name, repeats));
    }
    let (name, _) = match slots.get(index) {
        Some(slot) => *slot,
        None => *slots.last().filter(|(_, repeats)| *repeats)?,
    };
    let verb = command.name;
    Some(if verb == "inspect" && name == "NAME|ID" {
        Arg::AnyObject
    } else if name.contains("CONTAINER") {
        Arg::Object(match verb {
            "start" => Object::StoppedContainer,
            "unpause" => Object::PausedContainer,
            "stop" | "kill" | "pause" | "exec" | "attach" | "top" => Object::RunningContainer,
            _ => Object::Container,
        })
    } else if name.contains("IMAGE") || name.starts_with("NAME[:TAG") || (verb == "history" && name == "IMAGE") {
        Arg::Object(Object::Image)
    } else if name.contains("VOLUME") {
        Arg::Object(Object::Volume)
    } else if name.contains("NETWORK") {
        Arg::Object(Object::Network)
    } else if name.contains("PATH") || name.contains("FILE") || name.contains("DIR") || name.starts_with("file") {
        Arg::Path
    } else {
        return None;
    })
}

/// A word as typed at the prompt: blanks and the shell's special characters escaped.
pub fn escape(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_whitespace() || "'\"\\$&;|()<>*?!`#{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Lays `items` out in columns for a terminal `width` wide, filled top to bottom as `ls`
/// and bash do; one string per row, without trailing blanks.
pub fn columns(items: &[String], width: usize) -> Vec<String> {
    if items.is_empty() {
        return Vec::new();
    }
    let widest = items.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    let col_width = widest + 2;
    let cols = (width.max(1) / col_width).max(1);
    let rows = items.len().div_ceil(cols);
    (0..rows)
        .map(|r| {
            let mut line = String::new();
            for c in 0..cols {
                if let Some(item) = items.get(r + c * rows) {
                    line.push_str(item);
                    line.extend(std::iter::repeat_n(' ', col_width - item.chars().count()));
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests;
