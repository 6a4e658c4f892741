//! The shell's syntax tree: what the parser builds and the interpreter walks.
//!
//! Words keep their quoting structure (which parts were quoted decides field splitting and
//! globbing later); command substitutions are parsed eagerly, so a syntax error inside
//! `$(...)` is reported when the line is read, as ash does. Nodes are cheap to clone: bodies
//! that forked subshells take along are shared through `Rc`.

use std::cell::RefCell;
use std::rc::Rc;

/// A word: a sequence of parts, concatenated before field splitting.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Word(pub Vec<Part>);

/// One piece of a word.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Unquoted text: not split, but glob characters in it are active.
    Lit(String),
    /// Quoted text (`'...'`, `\c`, literal text inside `"..."`): taken as is.
    Quoted(String),
    /// `"..."`: the parts inside are expanded but neither split nor globbed.
    Double(Vec<Part>),
    /// `$name`, `${name...}`.
    Param(Box<Param>),
    /// `$(...)` or `` `...` ``.
    Command(Rc<Program>),
    /// `$((...))`: the expression text is expanded first, then evaluated.
    Arith(Word),
    /// `~` or `~user` at the start of a word.
    Tilde(String),
}

/// A parameter expansion.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name: a variable, a digit string, or one of `@ * # ? - $ ! 0`.
    pub name: String,
    /// What to do with it.
    pub op: ParamOp,
}

/// The operators of `${...}`.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamOp {
    /// `$x`, `${x}`.
    Plain,
    /// `${#x}`.
    Length,
    /// `${x-w}` / `${x:-w}` (the bool: with the colon, so empty counts as unset).
    Default(bool, Word),
    /// `${x=w}` / `${x:=w}`.
    Assign(bool, Word),
    /// `${x?w}` / `${x:?w}`.
    Error(bool, Word),
    /// `${x+w}` / `${x:+w}`.
    Alternative(bool, Word),
    /// `${x#p}` (false) / `${x##p}` (true).
    TrimPrefix(bool, Word),
    /// `${x%p}` (false) / `${x%%p}` (true).
    TrimSuffix(bool, Word),
    /// `${x:offset}` / `${x:offset:length}` (bash's, which ash accepts): arithmetic words.
    Substring(Word, Option<Word>),
    /// `${x/pattern/replacement}` (false) / `${x//pattern/replacement}` (true: every match).
    Replace(bool, Word, Option<Word>),
}

/// A redirection operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirOp {
    /// `<`
    In,
    /// `>` (and `>|`)
    Out,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupIn,
    /// `>&`
    DupOut,
}

/// A here-document body, filled in by the parser once it has read the lines after the
/// command (so it is shared with the node that names it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HereDoc {
    /// The body: unquoted delimiters give a word with expansions, quoted ones a literal.
    pub body: Word,
    /// Whether the delimiter was quoted (no expansion).
    pub quoted: bool,
}

/// What a redirection does.
#[derive(Debug, Clone, PartialEq)]
pub enum RedirTarget {
    /// A file name or descriptor word (`> file`, `2>&1`).
    Word(RedirOp, Word),
    /// `<<` and `<<-`.
    HereDoc(Rc<RefCell<HereDoc>>),
}

/// One redirection, `[n]op target`.
#[derive(Debug, Clone, PartialEq)]
pub struct Redir {
    /// The explicit descriptor, if any (`2>`).
    pub fd: Option<i32>,
    /// The target.
    pub target: RedirTarget,
}

impl Redir {
    /// The descriptor this redirection changes.
    pub fn fd(&self) -> i32 {
        self.fd.unwrap_or(match &self.target {
            RedirTarget::Word(RedirOp::In | RedirOp::DupIn | RedirOp::ReadWrite, _) | RedirTarget::HereDoc(_) => 0,
            RedirTarget::Word(..) => 1,
        })
    }
}

/// An assignment `name=value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Assign {
    /// The variable.
    pub name: String,
    /// The value (expanded without splitting or globbing).
    pub value: Word,
}

/// A simple command: assignments, words, redirections.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Simple {
    /// Leading `name=value` words.
    pub assigns: Vec<Assign>,
    /// The command name and arguments.
    pub words: Vec<Word>,
    /// Redirections, in order.
    pub redirs: Vec<Redir>,
    /// The line it starts on (for error messages and `$LINENO`).
    pub line: u32,
}

/// One `case` arm.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseArm {
    /// The patterns, `a|b)`.
    pub patterns: Vec<Word>,
    /// The body.
    pub body: List,
}

/// Compound commands.
#[derive(Debug, Clone, PartialEq)]
pub enum Compound {
    /// `{ list; }`
    Group(List),
    /// `( list )`
    Subshell(List),
    /// `if c; then b; elif c; then b; else e; fi`: the (condition, body) pairs, then `else`.
    If(Vec<(List, List)>, Option<List>),
    /// `for name [in words]; do body; done` (`None`: over `"$@"`).
    For(String, Option<Vec<Word>>, List),
    /// `while` (false) or `until` (true) loops: condition, body.
    Loop(bool, List, List),
    /// `case word in arms esac`.
    Case(Word, Vec<CaseArm>),
}

/// A command: simple, compound with its redirections, or a function definition.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// A simple command.
    Simple(Simple),
    /// A compound command and the redirections after it.
    Compound(Compound, Vec<Redir>),
    /// `name() body`.
    Function(String, Rc<Command>),
}

/// `[!] cmd | cmd | ...`
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// `!` in front.
    pub negate: bool,
    /// The stages.
    pub commands: Vec<Command>,
}

/// `pipeline && pipeline || ...`
#[derive(Debug, Clone, PartialEq)]
pub struct AndOr {
    /// The first pipeline.
    pub first: Pipeline,
    /// The rest, each with whether it runs on success (`&&`, true) or failure (`||`).
    pub rest: Vec<(bool, Pipeline)>,
}

/// One element of a list and how it ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The and-or list.
    pub and_or: AndOr,
    /// Ends with `&`: runs in the background.
    pub background: bool,
}

/// A sequence of commands.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct List(pub Vec<Item>);

/// A whole parsed text (a `-c` string, a substitution, a complete interactive command).
pub type Program = List;

impl List {
    /// Whether there is nothing to run.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
