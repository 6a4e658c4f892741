//! The Dockerfile syntax tree: what the parser hands to the rest of the builder.
//!
//! One [`Node`] per instruction, in file order, each with its instruction, the flags as written
//! (`--from=a`), its arguments in the shape that instruction takes ([`Args`]), any heredoc bodies
//! and the lines it came from ([`Span`]). Nothing is expanded yet: `$VAR` stays `$VAR` here and
//! is resolved later by [`crate::build::shell`], with ARG/ENV scoping.
//!
//! BuildKit keeps a linked list of strings (`Node.Next`) and a `json` attribute; we keep the
//! same information typed, and [`Args::strings`] gives BuildKit's flat view back (the dump and the
//! instruction checks use it).

use std::fmt;

/// A range of lines in the Dockerfile, 1-based and inclusive.
///
/// An instruction spans from its first line to its last continuation line, or to the
/// terminator of its last heredoc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The first line.
    pub start: usize,
    /// The last line (equal to `start` for a one-line instruction).
    pub end: usize,
}

impl Span {
    /// The span of lines `start..=end` (an `end` before `start` is taken as `start`).
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The span of a single line.
    pub fn line(line: usize) -> Self {
        Span {
            start: line,
            end: line,
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "line {}", self.start)
        } else {
            write!(f, "lines {}-{}", self.start, self.end)
        }
    }
}

/// Declares [`Instruction`] from one catalogue row per instruction.
macro_rules! instructions {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// A Dockerfile instruction (the keyword that starts a line).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Instruction {
            $($(#[$doc])* $variant,)*
        }

        impl Instruction {
            /// Every instruction, in alphabetical order.
            pub const ALL: &'static [Instruction] = &[$(Instruction::$variant,)*];

            /// The instruction's name in lower case, as BuildKit's dump prints it (`"run"`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Instruction::$variant => $name,)*
                }
            }
        }
    };
}

instructions! {
    /// `ADD [--flags] src... dest`: copy files, URLs or git repositories into the image.
    Add => "add",
    /// `ARG name[=default] ...`: a build argument.
    Arg => "arg",
    /// `CMD`: the default command, in exec or shell form.
    Cmd => "cmd",
    /// `COPY [--flags] src... dest`: copy files from the context or another stage.
    Copy => "copy",
    /// `ENTRYPOINT`: the executable the container runs.
    Entrypoint => "entrypoint",
    /// `ENV k=v ...` or `ENV k v`: environment variables.
    Env => "env",
    /// `EXPOSE port[/proto] ...`: ports the container listens on.
    Expose => "expose",
    /// `FROM [--platform=p] image [AS name]`: starts a build stage.
    From => "from",
    /// `HEALTHCHECK [--options] CMD ...` or `HEALTHCHECK NONE`.
    Healthcheck => "healthcheck",
    /// `LABEL k=v ...`: image metadata.
    Label => "label",
    /// `MAINTAINER name` (deprecated in favour of a label).
    Maintainer => "maintainer",
    /// `ONBUILD INSTRUCTION ...`: a trigger run when the image is used as a base.
    Onbuild => "onbuild",
    /// `RUN [--mount=...] [--network=...] command`: run a command in a new layer.
    Run => "run",
    /// `SHELL ["exe", "arg"]`: the shell used by shell-form instructions.
    Shell => "shell",
    /// `STOPSIGNAL signal`: the signal `docker stop` sends.
    Stopsignal => "stopsignal",
    /// `USER user[:group]`.
    User => "user",
    /// `VOLUME path ...`: anonymous volume mount points.
    Volume => "volume",
    /// `WORKDIR path`: the working directory.
    Workdir => "workdir",
}

impl Instruction {
    /// The instruction named by `keyword`, whatever its case (`RUN`, `run`, `Run`).
    pub fn from_keyword(keyword: &str) -> Option<Instruction> {
        let lower = keyword.to_lowercase();
        Instruction::ALL.iter().copied().find(|i| i.name() == lower)
    }

    /// Whether the instruction may carry heredocs (`RUN <<EOF`); BuildKit allows RUN, COPY, ADD.
    pub fn takes_heredocs(self) -> bool {
        matches!(
            self,
            Instruction::Run | Instruction::Copy | Instruction::Add
        )
    }
}

impl fmt::Display for Instruction {
    /// Upper case, as Docker's messages name instructions (`RUN`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name().to_uppercase())
    }
}

/// The arguments of one instruction, in the shape that instruction's syntax gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args {
    /// Nothing after the instruction (and its flags).
    Empty,
    /// A JSON array (`["a", "b"]`): exec form for RUN/CMD/ENTRYPOINT/SHELL, a list for
    /// ADD/COPY/VOLUME. Possibly empty (`CMD []`).
    Json(Vec<String>),
    /// Shell form: the rest of the line, continuations joined, as one string.
    Shell(String),
    /// A single string (MAINTAINER, STOPSIGNAL, USER, WORKDIR).
    Text(String),
    /// Words split on whitespace (FROM, EXPOSE, and ADD/COPY/VOLUME when not JSON), or ARG's
    /// `name[=value]` words with their quotes kept.
    Words(Vec<String>),
    /// ENV and LABEL pairs.
    Pairs(Vec<Pair>),
    /// HEALTHCHECK: its type word (`CMD`, `NONE`) and the command after it.
    Health {
        /// The first word, as written.
        kind: String,
        /// What follows it: [`Args::Empty`], [`Args::Json`] or [`Args::Shell`].
        command: Box<Args>,
    },
    /// ONBUILD: the trigger instruction.
    Trigger(Box<Node>),
}

impl Args {
    /// BuildKit's flat list of argument strings (its `Node.Next` chain): ENV pairs give
    /// `key value sep`, HEALTHCHECK gives its type then its command, ONBUILD gives the
    /// trigger's keyword then the trigger's arguments.
    pub fn strings(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.push_strings(&mut out);
        out
    }

    fn push_strings<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Args::Empty => {}
            Args::Json(items) | Args::Words(items) => out.extend(items.iter().map(String::as_str)),
            Args::Shell(s) | Args::Text(s) => out.push(s),
            Args::Pairs(pairs) => {
                for p in pairs {
                    out.extend([p.key.as_str(), p.value.as_str(), p.separator()]);
                }
            }
            Args::Health { kind, command } => {
                out.push(kind);
                command.push_strings(out);
            }
            Args::Trigger(node) => {
                out.push(&node.keyword);
                node.args.push_strings(out);
            }
        }
    }

    /// Whether the arguments were written as a JSON array (BuildKit's `json` attribute).
    pub fn is_json(&self) -> bool {
        match self {
            Args::Json(_) => true,
            Args::Health { command, .. } => command.is_json(),
            _ => false,
        }
    }
}

/// One ENV or LABEL assignment, unexpanded and with its quotes kept (`name="a b"` gives the
/// value `"a b"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The name.
    pub key: String,
    /// The value, as written.
    pub value: String,
    /// `true` for the legacy `ENV key value` form (the value is the rest of the line).
    pub legacy: bool,
}

impl Pair {
    /// The separator BuildKit records: `"="` for `k=v`, `""` for the legacy `k v` form.
    pub fn separator(&self) -> &'static str {
        if self.legacy {
            ""
        } else {
            "="
        }
    }
}

/// A heredoc attached to an instruction (`RUN <<EOF` ... `EOF`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word, quotes removed (`EOF` for `<<"EOF"`).
    pub name: String,
    /// The file descriptor written before `<<` (`3<<EOF`), 0 when none.
    pub fd: u32,
    /// `false` when the delimiter was quoted: the body is then taken literally.
    pub expand: bool,
    /// `true` for `<<-`: leading tabs are stripped from the body (see [`Heredoc::body`]).
    pub chomp: bool,
    /// The body exactly as written, each line with its line ending.
    pub content: String,
}

impl Heredoc {
    /// The body as the builder uses it: with leading tabs stripped from every line for `<<-`.
    pub fn body(&self) -> String {
        if !self.chomp {
            return self.content.clone();
        }
        let mut out = String::with_capacity(self.content.len());
        for line in self.content.split_inclusive('\n') {
            out.push_str(line.trim_start_matches('\t'));
        }
        out
    }
}

/// One instruction of the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Which instruction it is.
    pub instruction: Instruction,
    /// The keyword exactly as written (`RUN`, `run`), for messages that echo it.
    pub keyword: String,
    /// The flags as written, in order, without the `--` end-of-flags marker
    /// (`["--from=a", "--chown=1"]`).
    pub flags: Vec<String>,
    /// The arguments.
    pub args: Args,
    /// Heredoc bodies, in the order their `<<` markers appear.
    pub heredocs: Vec<Heredoc>,
    /// The whole logical line, continuations joined.
    pub original: String,
    /// The lines it came from.
    pub span: Span,
    /// The comment lines just above it (without `#`), e.g. an ARG's description.
    pub comments: Vec<String>,
}

impl Node {
    /// Whether heredocs are looked for in this instruction: RUN, COPY and ADD (also as an
    /// ONBUILD trigger), and not in JSON form.
    pub fn can_contain_heredoc(&self) -> bool {
        let node = match &self.args {
            Args::Trigger(trigger) if self.instruction == Instruction::Onbuild => trigger,
            _ => self,
        };
        node.instruction.takes_heredocs() && !node.args.is_json()
    }
}

/// The parsed Dockerfile: its parser directives and its instructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ast {
    /// The parser directives found at the top of the file.
    pub directives: Directives,
    /// The instructions, in file order.
    pub nodes: Vec<Node>,
}

/// Parser directives (`# syntax=...`, `# escape=...`, `# check=...`), read only from the
/// comment lines at the very top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directives {
    /// The escape character: `\` unless `# escape=`` ` `` chose the backtick.
    pub escape: char,
    /// The `syntax` directive's value, if any (`docker/dockerfile:1`).
    pub syntax: Option<String>,
    /// The `check` directive's value, if any (`skip=JSONArgsRecommended;error=true`).
    pub check: Option<String>,
    /// Every directive, in order, with its line.
    pub all: Vec<Directive>,
}

impl Default for Directives {
    fn default() -> Self {
        Directives {
            escape: '\\',
            syntax: None,
            check: None,
            all: Vec::new(),
        }
    }
}

/// One parser directive line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The directive's name, lower-cased (`escape`).
    pub name: String,
    /// Its value, trimmed.
    pub value: String,
    /// The line it is on.
    pub line: usize,
}
