//! Executes a parsed template over JSON data, following Go's `text/template/exec.go`: how
//! fields resolve, how functions receive and type-check arguments, what `if` finds true, what
//! `range` iterates, and which node an error message points at.

use std::borrow::Cow;

use serde_json::Value;

use super::funcs::{self, Param};
use super::ast::{Arg, Command, Node, Number, Pipe};
use super::literal::go_quote;
use super::value::{go_type, print_value, truth, Val};
use super::{Missing, TemplateError};

/// How a walk through a list of nodes ended.
enum Flow {
    Normal,
    Break,
    Continue,
}

/// The node an error points at.
#[derive(Clone, Copy)]
enum At<'t> {
    Pipe(&'t Pipe),
    Cmd(&'t Command),
    Arg(&'t Arg),
}

type EResult<T> = Result<T, TemplateError>;
type EVal<'d> = EResult<Val<'d>>;

/// One execution of a template.
pub(super) struct Exec<'t, 'd> {
    /// The template's text, to turn positions into `line:column`.
    pub text: &'t str,
    pub missing: &'t Missing,
    pub escape_root_json: bool,
    /// Use the docker CLI's header functions.
    pub header: bool,
    pub out: String,
    vars: Vec<(String, Val<'d>)>,
    at: Option<At<'t>>,
}

impl<'t, 'd> Exec<'t, 'd> {
    pub fn new(text: &'t str, missing: &'t Missing, escape_root_json: bool, header: bool) -> Self {
        Exec { text, missing, escape_root_json, header, out: String::new(), vars: Vec::new(), at: None }
    }

    /// Runs `body` with `data` as dot; output accumulates in `self.out` even on error.
    pub fn run(&mut self, body: &'t [Node], data: &'d Value) -> EResult<()> {
        let root = Val::Data { v: Cow::Borrowed(data), root: true };
        self.vars = vec![("$".into(), root.clone())];
        self.walk(&root, body).map(|_| ())
    }

    fn error(&self, msg: impl std::fmt::Display) -> TemplateError {
        self.error_at(self.at, msg)
    }

    /// Go's `state.errorf`: `template: :LINE:COL: executing "" at <NODE>: MSG`, where COL is
    /// the byte offset of the node in its line.
    fn error_at(&self, at: Option<At<'t>>, msg: impl std::fmt::Display) -> TemplateError {
        let Some(at) = at else {
            return TemplateError::Exec(format!("template: : {msg}"));
        };
        let (pos, context) = match at {
            At::Pipe(p) => (p.pos, p.to_string()),
            At::Cmd(c) => (c.pos, c.to_string()),
            At::Arg(a) => (a.pos(), a.to_string()),
        };
        let before = &self.text[..pos.min(self.text.len())];
        let line = 1 + before.matches('\n').count();
        let col = before.rfind('\n').map_or(pos, |nl| pos - nl - 1);
        TemplateError::Exec(format!("template: :{line}:{col}: executing \"\" at <{context}>: {msg}"))
    }

    fn walk(&mut self, dot: &Val<'d>, nodes: &'t [Node]) -> EResult<Flow> {
        for node in nodes {
            let flow = match node {
                Node::Text(t) => {
                    self.out.push_str(t);
                    Flow::Normal
                }
                Node::Action { pipe } => {
                    let v = self.eval_pipeline(dot, pipe)?;
                    if pipe.decl.is_empty() {
                        self.out.push_str(&print_value(&v));
                    }
                    Flow::Normal
                }
                Node::If(c) | Node::With(c) => {
                    let mark = self.vars.len();
                    let v = self.eval_pipeline(dot, &c.pipe)?;
                    let flow = if truth(&v) {
                        let new_dot = if matches!(node, Node::With(_)) { &v } else { dot };
                        self.walk(new_dot, &c.list)?
                    } else if let Some(e) = &c.else_list {
                        self.walk(dot, e)?
                    } else {
                        Flow::Normal
                    };
                    self.vars.truncate(mark);
                    flow
                }
                Node::Range(c) => {
                    let mark = self.vars.len();
                    let v = self.eval_pipeline(dot, &c.pipe)?;
                    let items = match v.value() {
                        None | Some(Value::Null | Value::Array(_) | Value::Object(_)) => v.items(),
                        Some(_) => return Err(self.error(format!("range can't iterate over {}", print_value(&v)))),
                    };
                    let inner = self.vars.len();
                    let decls = c.pipe.decl.len();
                    for (index, elem) in &items {
                        if decls > 0 {
                            self.vars[inner - 1].1 = elem.clone();
                        }
                        if decls > 1 {
                            self.vars[inner - 2].1 = index.clone();
                        }
                        let flow = self.walk(elem, &c.list)?;
                        self.vars.truncate(inner);
                        if let Flow::Break = flow {
                            break;
                        }
                    }
                    if items.is_empty() {
                        if let Some(e) = &c.else_list {
                            self.walk(dot, e)?;
                        }
                    }
                    self.vars.truncate(mark);
                    Flow::Normal
                }
                Node::Break => Flow::Break,
                Node::Continue => Flow::Continue,
            };
            if !matches!(flow, Flow::Normal) {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn eval_pipeline(&mut self, dot: &Val<'d>, pipe: &'t Pipe) -> EVal<'d> {
        self.at = Some(At::Pipe(pipe));
        let mut value: Option<Val<'d>> = None;
        for cmd in &pipe.cmds {
            value = Some(self.eval_command(dot, cmd, value)?);
        }
        let value = value.unwrap_or(Val::Missing);
        for name in &pipe.decl {
            if pipe.is_assign {
                match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = value.clone(),
                    None => return Err(self.error(format!("undefined variable: {name}"))),
                }
            } else {
                self.vars.push((name.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], fin: &Option<Val<'d>>) -> EResult<()> {
        if args.len() > 1 || fin.is_some() {
            return Err(self.error(format!("can't give argument to non-function {}", args[0])));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Val<'d>, cmd: &'t Command, fin: Option<Val<'d>>) -> EVal<'d> {
        let first = &cmd.args[0];
        match first {
            Arg::Field { idents, .. } => {
                self.at = Some(At::Arg(first));
                self.eval_field_chain(dot.clone(), idents, &cmd.args, fin)
            }
            Arg::Chain { .. } => self.eval_chain(dot, first, &cmd.args, fin),
            Arg::Identifier { name, .. } => {
                self.at = Some(At::Arg(first));
                self.eval_call(dot, name, At::Cmd(cmd), &cmd.args[1..], fin)
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &fin)?;
                self.eval_pipeline(dot, p)
            }
            Arg::Variable { .. } => self.eval_variable(first, &cmd.args, fin),
            _ => {
                self.at = Some(At::Arg(first));
                self.not_a_function(&cmd.args, &fin)?;
                match first {
                    Arg::Bool { val, .. } => Ok(Val::owned(Value::Bool(*val))),
                    Arg::Dot { .. } => Ok(dot.clone()),
                    Arg::Nil { .. } => Err(self.error("nil is not a command")),
                    Arg::Number(n) => self.ideal_constant(first, n),
                    Arg::Str { text, .. } => Ok(Val::str(text.clone())),
                    _ => Err(self.error(format!("can't evaluate command {first}"))),
                }
            }
        }
    }

    fn ideal_constant(&mut self, node: &'t Arg, n: &Number) -> EVal<'d> {
        self.at = Some(At::Arg(node));
        let hex_int = n.text.len() > 2 && n.text[..2].eq_ignore_ascii_case("0x") && !n.text.contains(['p', 'P']);
        let looks_float = n.text.contains(['.', 'e', 'E', 'p', 'P']) && !hex_int && !n.text.starts_with('\'');
        match (n.float, n.int) {
            (Some(f), _) if looks_float => {
                Ok(serde_json::Number::from_f64(f).map_or(Val::Missing, |x| Val::owned(Value::Number(x))))
            }
            (_, Some(i)) => Ok(Val::owned(i.into())),
            _ => Err(self.error(format!("{} overflows int", n.text))),
        }
    }

    fn eval_variable(&mut self, node: &'t Arg, args: &'t [Arg], fin: Option<Val<'d>>) -> EVal<'d> {
        self.at = Some(At::Arg(node));
        let Arg::Variable { idents, .. } = node else { return Ok(Val::Missing) };
        let value = match self.vars.iter().rev().find(|(n, _)| *n == idents[0]) {
            Some((_, v)) => v.clone(),
            None => return Err(self.error(format!("undefined variable: {}", idents[0]))),
        };
        if idents.len() == 1 {
            if !args.is_empty() {
                self.not_a_function(args, &fin)?;
            }
            return Ok(value);
        }
        self.eval_field_chain(value, &idents[1..], args, fin)
    }

    fn eval_chain(&mut self, dot: &Val<'d>, node: &'t Arg, args: &'t [Arg], fin: Option<Val<'d>>) -> EVal<'d> {
        self.at = Some(At::Arg(node));
        let Arg::Chain { node: inner, fields, .. } = node else { return Ok(Val::Missing) };
        if let Arg::Nil { .. } = inner.as_ref() {
            return Err(self.error(format!("indirection through explicit nil in {node}")));
        }
        let receiver = self.eval_operand(dot, inner)?;
        self.eval_field_chain(receiver, fields, args, fin)
    }

    fn eval_field_chain(&mut self, mut receiver: Val<'d>, idents: &[String], args: &[Arg], fin: Option<Val<'d>>) -> EVal<'d> {
        let n = idents.len();
        for ident in &idents[..n - 1] {
            receiver = self.eval_field(ident, &[], &None, receiver)?;
        }
        self.eval_field(&idents[n - 1], args, &fin, receiver)
    }

    fn eval_field(&self, name: &str, args: &[Arg], fin: &Option<Val<'d>>, receiver: Val<'d>) -> EVal<'d> {
        let has_args = args.len() > 1 || fin.is_some();
        let obj = match receiver.value() {
            None => {
                if let Missing::Error = self.missing {
                    return Err(self.error(format!("nil data; no entry for key {}", go_quote(name))));
                }
                return Ok(Val::Missing);
            }
            Some(Value::Null) => return Err(self.error(format!("nil pointer evaluating interface {{}}.{name}"))),
            Some(Value::Object(_)) => receiver.child(name),
            Some(v) => return Err(self.error(format!("can't evaluate field {name} in type {}", go_type(v)))),
        };
        if let (Missing::Struct(type_name), true) = (self.missing, receiver.is_root()) {
            return match obj {
                Some(_) if has_args => {
                    Err(self.error(format!("{name} has arguments but cannot be invoked as function")))
                }
                Some(v) => Ok(v),
                None => Err(self.error(format!("can't evaluate field {name} in type {type_name}"))),
            };
        }
        if has_args {
            return Err(self.error(format!("{name} is not a method but has arguments")));
        }
        match (obj, self.missing) {
            (Some(v), _) => Ok(v),
            (None, Missing::Error) => Err(self.error(format!("map has no entry for key {}", go_quote(name)))),
            (None, _) => Ok(Val::Missing),
        }
    }

    /// Evaluates an operand without checking it against a parameter type (Go's `evalArg`
    /// with a nil type, as for the receiver of a chain).
    fn eval_operand(&mut self, dot: &Val<'d>, node: &'t Arg) -> EVal<'d> {
        self.at = Some(At::Arg(node));
        match node {
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Field { idents, .. } => self.eval_field_chain(dot.clone(), idents, std::slice::from_ref(node), None),
            Arg::Variable { .. } => self.eval_variable(node, &[], None),
            Arg::Pipe(p) => self.eval_pipeline(dot, p),
            Arg::Identifier { name, .. } => self.eval_call(dot, name, At::Arg(node), &[], None),
            Arg::Chain { .. } => self.eval_chain(dot, node, &[], None),
            Arg::Bool { val, .. } => Ok(Val::owned(Value::Bool(*val))),
            Arg::Number(n) => self.ideal_constant(node, n),
            Arg::Str { text, .. } => Ok(Val::str(text.clone())),
            Arg::Nil { .. } => Err(self.error("cannot assign nil to interface {}")),
        }
    }

    /// Evaluates an argument for a parameter of type `param` (Go's `evalArg`).
    fn eval_arg(&mut self, dot: &Val<'d>, param: Param, node: &'t Arg) -> EVal<'d> {
        self.at = Some(At::Arg(node));
        match (node, param) {
            (Arg::Nil { .. }, Param::Any) => Ok(Val::owned(Value::Null)),
            (Arg::Nil { .. }, Param::StrList) => Ok(Val::owned(Value::Array(Vec::new()))),
            (Arg::Nil { .. }, p) => Err(self.error(format!("cannot assign nil to {}", p.go_name()))),
            (Arg::Bool { .. } | Arg::Number(_) | Arg::Str { .. }, Param::Any) => self.eval_operand(dot, node),
            (Arg::Str { text, .. }, Param::Str) => Ok(Val::str(text.clone())),
            (Arg::Number(Number { int: Some(i), .. }), Param::Int) => Ok(Val::owned((*i).into())),
            (Arg::Bool { .. } | Arg::Number(_), Param::Str) => {
                Err(self.error(format!("expected string; found {node}")))
            }
            (Arg::Bool { .. } | Arg::Number(_) | Arg::Str { .. }, Param::Int) => {
                Err(self.error(format!("expected integer; found {node}")))
            }
            (Arg::Bool { .. } | Arg::Number(_) | Arg::Str { .. }, Param::StrList) => {
                Err(self.error(format!("can't handle {node} for arg of type []string")))
            }
            _ => {
                let v = self.eval_operand(dot, node)?;
                self.validate(v, param)
            }
        }
    }

    /// Go's `validateType`: a value must fit the parameter it is passed to.
    fn validate(&self, v: Val<'d>, param: Param) -> EVal<'d> {
        let ok = match (v.value(), param) {
            (_, Param::Any) => true,
            (None, Param::StrList) => return Ok(Val::owned(Value::Array(Vec::new()))),
            (None, p) => return Err(self.error(format!("invalid value; expected {}", p.go_name()))),
            (Some(Value::String(_)), Param::Str) => true,
            (Some(Value::Number(n)), Param::Int) => n.as_i64().is_some(),
            (Some(Value::Array(a)), Param::StrList) => a.iter().all(Value::is_string),
            _ => false,
        };
        if ok {
            return Ok(v);
        }
        let got = v.value().map_or("interface {}", go_type);
        Err(self.error(format!("wrong type for value; expected {}; got {got}", param.go_name())))
    }

    fn eval_call(&mut self, dot: &Val<'d>, name: &str, cmd: At<'t>, args: &'t [Arg], fin: Option<Val<'d>>) -> EVal<'d> {
        let Some(sig) = funcs::signature(name, self.header) else {
            return Err(self.error(format!("{} is not a defined function", go_quote(name))));
        };
        let num_in = args.len() + usize::from(fin.is_some());
        let fixed = sig.fixed.len();
        if sig.variadic.is_some() {
            if num_in < fixed {
                let got = args.len();
                return Err(self.error(format!("wrong number of args for {name}: want at least {fixed} got {got}")));
            }
        } else if num_in != fixed {
            return Err(self.error(format!("wrong number of args for {name}: want {fixed} got {num_in}")));
        }
        if name == "and" || name == "or" {
            // Go 1.18+: and/or stop at the first argument that decides the result.
            let mut v = Val::Missing;
            for arg in args {
                v = self.eval_arg(dot, Param::Any, arg)?;
                if truth(&v) == (name == "or") {
                    return Ok(v);
                }
            }
            if let Some(f) = fin {
                v = f;
            }
            return Ok(v);
        }
        let param_at = |i: usize| if i < fixed { sig.fixed[i] } else { sig.variadic.unwrap_or(Param::Any) };
        let mut argv = Vec::with_capacity(num_in);
        for (i, arg) in args.iter().enumerate() {
            argv.push(self.eval_arg(dot, param_at(i), arg)?);
        }
        if let Some(f) = fin {
            argv.push(self.validate(f, param_at(num_in - 1))?);
        }
        funcs::call(name, argv, self.header, self.escape_root_json)
            .map_err(|e| self.error_at(Some(cmd), format!("error calling {name}: {e}")))
    }
}
