//! The parser of Go's `text/template` (Go 1.19): items to a tree of text, actions, `if`,
//! `range`, `with`, `break` and `continue`, with Go's error messages and positions.
//!
//! Positions matter because execution errors print them (`template: :1:2: executing ...`), and
//! Go has quirks here that we keep: the node for `.A.B` sits at the position of `.B`.
//! `{{define}}`, `{{template}}` and `{{block}}` are not supported: no `--format` needs them.

use std::fmt;

use super::ast::{Arg, Command, Control, Node, Number, Pipe};
use super::funcs::is_function;
use super::lex::{Item, Tok};
use super::literal::{go_quote, parse_go_int, unescape, unquote};
use super::TemplateError;

/// What a step of an item list produced: a node, or the `{{end}}`/`{{else}}` that ends it.
enum Step {
    Node(Node),
    End,
    Else,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::End => "{{end}}",
            Step::Else => "{{else}}",
            Step::Node(_) => "node",
        })
    }
}

/// Parses the items of a template into its body.
pub(super) fn parse(items: &[Item]) -> Result<Vec<Node>, TemplateError> {
    let mut p = Parser { items, i: 0, fetched: 0, vars: vec!["$".into()], range_depth: 0, action_line: 0 };
    let mut root = Vec::new();
    while p.peek().typ != Tok::Eof {
        if p.peek().typ == Tok::LeftDelim {
            let save = p.i;
            p.next();
            if p.next_non_space().typ == Tok::Define {
                return Err(p.errorf("{{define}} is not supported".into()));
            }
            p.i = save;
        }
        match p.text_or_action()? {
            Step::Node(n) => root.push(n),
            s => return Err(p.errorf(format!("unexpected {s}"))),
        }
    }
    Ok(root)
}

struct Parser<'a> {
    items: &'a [Item],
    i: usize,
    /// The furthest item read: Go reports the line of its latest token.
    fetched: usize,
    vars: Vec<String>,
    range_depth: usize,
    action_line: usize,
}

type PResult<T> = Result<T, TemplateError>;

impl<'a> Parser<'a> {
    fn item(&self, i: usize) -> &'a Item {
        // The lexer always ends with Eof or Error, and parsing stops at either.
        &self.items[i.min(self.items.len() - 1)]
    }

    fn next(&mut self) -> &'a Item {
        let it = self.item(self.i);
        self.fetched = self.fetched.max(self.i);
        self.i += 1;
        it
    }

    fn backup(&mut self) {
        self.i -= 1;
    }

    fn peek(&mut self) -> &'a Item {
        let it = self.next();
        self.backup();
        it
    }

    fn next_non_space(&mut self) -> &'a Item {
        loop {
            let it = self.next();
            if it.typ != Tok::Space {
                return it;
            }
        }
    }

    fn peek_non_space(&mut self) -> &'a Item {
        let it = self.next_non_space();
        self.backup();
        it
    }

    fn errorf(&self, msg: String) -> TemplateError {
        TemplateError::Parse(format!("template: :{}: {msg}", self.item(self.fetched).line))
    }

    fn unexpected(&self, token: &Item, context: &str) -> TemplateError {
        if token.typ == Tok::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(" in action started at :{}", self.action_line);
                if token.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format!("{token}{extra}"));
        }
        self.errorf(format!("unexpected {token} in {context}"))
    }

    fn expect(&mut self, typ: Tok, context: &str) -> PResult<&'a Item> {
        let token = self.next_non_space();
        if token.typ != typ {
            return Err(self.unexpected(token, context));
        }
        Ok(token)
    }

    fn item_list(&mut self) -> PResult<(Vec<Node>, Step)> {
        let mut list = Vec::new();
        while self.peek_non_space().typ != Tok::Eof {
            match self.text_or_action()? {
                Step::Node(n) => list.push(n),
                end => return Ok((list, end)),
            }
        }
        Err(self.errorf("unexpected EOF".into()))
    }

    fn text_or_action(&mut self) -> PResult<Step> {
        let token = self.next_non_space();
        match token.typ {
            Tok::Text => Ok(Step::Node(Node::Text(token.val.clone()))),
            Tok::LeftDelim => {
                self.action_line = token.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => Err(self.unexpected(token, "input")),
        }
    }

    fn action(&mut self) -> PResult<Step> {
        let token = self.next_non_space();
        match token.typ {
            Tok::Block | Tok::Template => Err(self.errorf(format!("{{{{{}}}}} is not supported", token.val))),
            Tok::Break | Tok::Continue => {
                let name = token.val.clone();
                let t = self.next_non_space();
                if t.typ != Tok::RightDelim {
                    return Err(self.unexpected(t, &format!("{{{{{name}}}}}")));
                }
                if self.range_depth == 0 {
                    return Err(self.errorf(format!("{{{{{name}}}}} outside {{{{range}}}}")));
                }
                Ok(Step::Node(if name == "break" { Node::Break } else { Node::Continue }))
            }
            Tok::Else => {
                if self.peek_non_space().typ != Tok::If {
                    self.expect(Tok::RightDelim, "else")?;
                }
                Ok(Step::Else)
            }
            Tok::End => {
                self.expect(Tok::RightDelim, "end")?;
                Ok(Step::End)
            }
            Tok::If => Ok(Step::Node(Node::If(self.control("if")?))),
            Tok::Range => Ok(Step::Node(Node::Range(self.control("range")?))),
            Tok::With => Ok(Step::Node(Node::With(self.control("with")?))),
            _ => {
                self.backup();
                Ok(Step::Node(Node::Action { pipe: self.pipeline("command", Tok::RightDelim)? }))
            }
        }
    }

    fn control(&mut self, context: &str) -> PResult<Control> {
        let mark = self.vars.len();
        let pipe = self.pipeline(context, Tok::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, next) = self.item_list()?;
        if context == "range" {
            self.range_depth -= 1;
        }
        let mut else_list = None;
        if let Step::Else = next {
            if context == "if" && self.peek().typ == Tok::If {
                // `{{else if x}}` is `{{else}}{{if x}}...{{end}}` sharing the outer {{end}}.
                self.next();
                else_list = Some(vec![Node::If(self.control("if")?)]);
            } else {
                let (list, next) = self.item_list()?;
                if !matches!(next, Step::End) {
                    return Err(self.errorf(format!("expected end; found {next}")));
                }
                else_list = Some(list);
            }
        }
        self.vars.truncate(mark);
        Ok(Control { pipe, list, else_list })
    }

    fn pipeline(&mut self, context: &str, end: Tok) -> PResult<Pipe> {
        let mut pipe = Pipe { pos: self.peek_non_space().pos, is_assign: false, decl: Vec::new(), cmds: Vec::new() };
        'decls: loop {
            let v = self.peek_non_space();
            if v.typ != Tok::Variable {
                break;
            }
            let at_v = self.i;
            self.next();
            let next = self.peek_non_space();
            match next.typ {
                Tok::Assign | Tok::Declare => {
                    pipe.is_assign = next.typ == Tok::Assign;
                    self.next_non_space();
                    pipe.decl.push(v.val.clone());
                    self.vars.push(v.val.clone());
                }
                Tok::Char if next.val == "," => {
                    self.next_non_space();
                    pipe.decl.push(v.val.clone());
                    self.vars.push(v.val.clone());
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().typ {
                            Tok::Variable | Tok::RightDelim | Tok::RightParen => continue 'decls,
                            _ => return Err(self.errorf("range can only initialize variables".into())),
                        }
                    }
                    return Err(self.errorf(format!("too many declarations in {context}")));
                }
                _ => self.i = at_v,
            }
            break;
        }
        loop {
            let token = self.next_non_space();
            if token.typ == end {
                self.check_pipeline(&pipe, context)?;
                return Ok(pipe);
            }
            match token.typ {
                Tok::Bool
                | Tok::CharConstant
                | Tok::Complex
                | Tok::Dot
                | Tok::Field
                | Tok::Identifier
                | Tok::Number
                | Tok::Nil
                | Tok::RawString
                | Tok::String
                | Tok::Variable
                | Tok::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return Err(self.unexpected(token, context)),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return Err(self.errorf(format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if let Some(Arg::Bool { .. } | Arg::Dot { .. } | Arg::Nil { .. } | Arg::Number(_) | Arg::Str { .. }) =
                c.args.first()
            {
                return Err(self.errorf(format!("non executable command in pipeline stage {}", i + 1)));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<Command> {
        let mut cmd = Command { pos: self.peek_non_space().pos, args: Vec::new() };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let token = self.next();
            match token.typ {
                Tok::Space => continue,
                Tok::RightDelim | Tok::RightParen => self.backup(),
                Tok::Pipe => {}
                _ => return Err(self.unexpected(token, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.errorf("empty command".into()));
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else { return Ok(None) };
        if self.peek().typ != Tok::Field {
            return Ok(Some(node));
        }
        let pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().typ == Tok::Field {
            fields.push(self.next().val[1..].to_string());
        }
        Ok(Some(match node {
            Arg::Field { mut idents, .. } => {
                idents.extend(fields);
                Arg::Field { pos, idents }
            }
            Arg::Variable { mut idents, .. } => {
                idents.extend(fields);
                Arg::Variable { pos, idents }
            }
            Arg::Bool { .. } | Arg::Str { .. } | Arg::Number(_) | Arg::Nil { .. } | Arg::Dot { .. } => {
                return Err(self.errorf(format!("unexpected . after term {}", go_quote(&node.to_string()))));
            }
            node => Arg::Chain { pos, node: Box::new(node), fields },
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let token = self.next_non_space();
        let pos = token.pos;
        Ok(Some(match token.typ {
            Tok::Identifier => {
                if !is_function(&token.val) {
                    return Err(self.errorf(format!("function {} not defined", go_quote(&token.val))));
                }
                Arg::Identifier { pos, name: token.val.clone() }
            }
            Tok::Dot => Arg::Dot { pos },
            Tok::Nil => Arg::Nil { pos },
            Tok::Variable => {
                if !self.vars.contains(&token.val) {
                    return Err(self.errorf(format!("undefined variable {}", go_quote(&token.val))));
                }
                Arg::Variable { pos, idents: vec![token.val.clone()] }
            }
            Tok::Field => Arg::Field { pos, idents: vec![token.val[1..].to_string()] },
            Tok::Bool => Arg::Bool { pos, val: token.val == "true" },
            Tok::CharConstant | Tok::Complex | Tok::Number => Arg::Number(self.number(token)?),
            Tok::LeftParen => Arg::Pipe(Box::new(self.pipeline("parenthesized pipeline", Tok::RightParen)?)),
            Tok::String | Tok::RawString => {
                let text = unquote(&token.val).ok_or_else(|| self.errorf("invalid syntax".into()))?;
                Arg::Str { pos, quoted: token.val.clone(), text }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }

    fn number(&self, token: &Item) -> PResult<Number> {
        let text = token.val.clone();
        let mut n = Number { pos: token.pos, text: text.clone(), int: None, float: None };
        match token.typ {
            Tok::Complex => return Err(self.errorf(format!("complex constants are not supported: {text}"))),
            Tok::CharConstant => {
                let inner = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')).unwrap_or("");
                let c = unescape(inner, '\'')
                    .filter(|s| s.chars().count() == 1)
                    .and_then(|s| s.chars().next())
                    .ok_or_else(|| self.errorf(format!("malformed character constant: {text}")))?;
                n.int = Some(c as i64);
                n.float = Some(c as u32 as f64);
                return Ok(n);
            }
            _ => {}
        }
        if let Some(i) = parse_go_int(&text) {
            n.int = Some(i);
            n.float = Some(i as f64);
        } else if let Some(f) = text.replace('_', "").parse::<f64>().ok().filter(|f| f.is_finite()) {
            if !text.contains(['.', 'e', 'E', 'p', 'P']) {
                return Err(self.errorf(format!("integer overflow: {}", go_quote(&text))));
            }
            n.float = Some(f);
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                n.int = Some(f as i64);
            }
        } else {
            return Err(self.errorf(format!("illegal number syntax: {}", go_quote(&text))));
        }
        Ok(n)
    }
}
