//! The tree a template parses into, and Go's way of printing its nodes back (error messages
//! quote them: `executing "" at <index .Tags 5>`).

use std::fmt;

/// A node of the template body.
#[derive(Debug, Clone)]
pub(super) enum Node {
    Text(String),
    Action { pipe: Pipe },
    If(Control),
    Range(Control),
    With(Control),
    Break,
    Continue,
}

/// The parts of `if`, `range` and `with`.
#[derive(Debug, Clone)]
pub(super) struct Control {
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Option<Vec<Node>>,
}

/// A pipeline: optional variable declarations, then commands separated by `|`.
#[derive(Debug, Clone)]
pub(super) struct Pipe {
    pub pos: usize,
    pub is_assign: bool,
    pub decl: Vec<String>,
    pub cmds: Vec<Command>,
}

/// A command: an operand and its arguments.
#[derive(Debug, Clone)]
pub(super) struct Command {
    pub pos: usize,
    pub args: Vec<Arg>,
}

/// An operand.
#[derive(Debug, Clone)]
pub(super) enum Arg {
    Field { pos: usize, idents: Vec<String> },
    /// `$x.A.B`: `idents[0]` is the variable, with its `$`.
    Variable { pos: usize, idents: Vec<String> },
    /// `(pipeline).A.B`, or a function name followed by fields.
    Chain { pos: usize, node: Box<Arg>, fields: Vec<String> },
    Identifier { pos: usize, name: String },
    Dot { pos: usize },
    Nil { pos: usize },
    Bool { pos: usize, val: bool },
    Number(Number),
    Str { pos: usize, quoted: String, text: String },
    Pipe(Box<Pipe>),
}

/// A numeric constant, with every interpretation Go found for it.
#[derive(Debug, Clone)]
pub(super) struct Number {
    pub pos: usize,
    pub text: String,
    pub int: Option<i64>,
    pub float: Option<f64>,
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Variable { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. }
            | Arg::Str { pos, .. } => *pos,
            Arg::Number(n) => n.pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Field { idents, .. } => write!(f, ".{}", idents.join(".")),
            Arg::Variable { idents, .. } => f.write_str(&idents.join(".")),
            Arg::Chain { node, fields, .. } => {
                match node.as_ref() {
                    Arg::Pipe(p) => write!(f, "({p})")?,
                    n => write!(f, "{n}")?,
                }
                fields.iter().try_for_each(|x| write!(f, ".{x}"))
            }
            Arg::Identifier { name, .. } => f.write_str(name),
            Arg::Dot { .. } => f.write_str("."),
            Arg::Nil { .. } => f.write_str("nil"),
            Arg::Bool { val, .. } => write!(f, "{val}"),
            Arg::Number(n) => f.write_str(&n.text),
            Arg::Str { quoted, .. } => f.write_str(quoted),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            match a {
                Arg::Pipe(p) => write!(f, "({p})")?,
                a => write!(f, "{a}")?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            write!(f, "{} := ", self.decl.join(", "))?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}
