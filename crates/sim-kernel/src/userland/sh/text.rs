//! Syntax back to text, for `jobs` and job notices (ash rebuilds the command from the tree,
//! so spacing is normalised: `sleep   5 &` is listed as `sleep 5`).

use super::ast::{AndOr, Command, Compound, List, ParamOp, Part, Pipeline, Redir, RedirOp, RedirTarget, Word};

fn parts(ps: &[Part], out: &mut String) {
    for p in ps {
        match p {
            Part::Lit(s) => out.push_str(s),
            Part::Quoted(s) => {
                out.push('\'');
                out.push_str(s);
                out.push('\'');
            }
            Part::Double(inner) => {
                out.push('"');
                parts(inner, out);
                out.push('"');
            }
            Part::Tilde(u) => {
                out.push('~');
                out.push_str(u);
            }
            Part::Param(p) => match &p.op {
                ParamOp::Plain => {
                    out.push('$');
                    out.push_str(&p.name);
                }
                ParamOp::Length => out.push_str(&format!("${{#{}}}", p.name)),
                ParamOp::Substring(off, len) => {
                    out.push_str(&format!("${{{}:", p.name));
                    parts(&off.0, out);
                    if let Some(l) = len {
                        out.push(':');
                        parts(&l.0, out);
                    }
                    out.push('}');
                }
                ParamOp::Replace(all, pat, rep) => {
                    out.push_str(&format!("${{{}{}", p.name, if *all { "//" } else { "/" }));
                    parts(&pat.0, out);
                    if let Some(r) = rep {
                        out.push('/');
                        parts(&r.0, out);
                    }
                    out.push('}');
                }
                op => {
                    let (sym, w) = match op {
                        ParamOp::Default(c, w) => (if *c { ":-" } else { "-" }, w),
                        ParamOp::Assign(c, w) => (if *c { ":=" } else { "=" }, w),
                        ParamOp::Error(c, w) => (if *c { ":?" } else { "?" }, w),
                        ParamOp::Alternative(c, w) => (if *c { ":+" } else { "+" }, w),
                        ParamOp::TrimPrefix(l, w) => (if *l { "##" } else { "#" }, w),
                        ParamOp::TrimSuffix(l, w) => (if *l { "%%" } else { "%" }, w),
                        _ => ("", &Word(Vec::new())),
                    };
                    out.push_str(&format!("${{{}{sym}", p.name));
                    parts(&w.0, out);
                    out.push('}');
                }
            },
            Part::Command(list) => {
                out.push_str("$(");
                out.push_str(&self::list(list));
                out.push(')');
            }
            Part::Arith(w) => {
                out.push_str("$((");
                parts(&w.0, out);
                out.push_str("))");
            }
        }
    }
}

/// A word as source text.
pub fn word(w: &Word) -> String {
    let mut s = String::new();
    parts(&w.0, &mut s);
    s
}

fn redir(r: &Redir) -> String {
    let fd = r.fd.map(|n| n.to_string()).unwrap_or_default();
    match &r.target {
        RedirTarget::HereDoc(_) => format!("{fd}<<..."),
        RedirTarget::Word(op, w) => {
            let sym = match op {
                RedirOp::In => "<",
                RedirOp::Out => ">",
                RedirOp::Append => ">>",
                RedirOp::ReadWrite => "<>",
                RedirOp::DupIn => "<&",
                RedirOp::DupOut => ">&",
            };
            format!("{fd}{sym}{}", word(w))
        }
    }
}

/// A command as source text.
pub fn command(c: &Command) -> String {
    match c {
        Command::Simple(s) => {
            let mut items: Vec<String> = s.assigns.iter().map(|a| format!("{}={}", a.name, word(&a.value))).collect();
            items.extend(s.words.iter().map(word));
            items.extend(s.redirs.iter().map(redir));
            items.join(" ")
        }
        Command::Function(name, body) => format!("{name}() {}", command(body)),
        Command::Compound(c, redirs) => {
            let mut s = match c {
                Compound::Group(l) => format!("{{ {}; }}", list(l)),
                Compound::Subshell(l) => format!("({})", list(l)),
                Compound::If(..) => "if ...; fi".to_string(),
                Compound::For(name, ..) => format!("for {name} ...; done"),
                Compound::Loop(until, ..) => format!("{} ...; done", if *until { "until" } else { "while" }),
                Compound::Case(w, _) => format!("case {} in ...; esac", word(w)),
            };
            for r in redirs {
                s.push(' ');
                s.push_str(&redir(r));
            }
            s
        }
    }
}

fn pipeline(p: &Pipeline) -> String {
    let body = p.commands.iter().map(command).collect::<Vec<_>>().join(" | ");
    if p.negate {
        format!("! {body}")
    } else {
        body
    }
}

/// An and-or list as source text.
pub fn and_or(ao: &AndOr) -> String {
    let mut s = pipeline(&ao.first);
    for (on_success, p) in &ao.rest {
        s.push_str(if *on_success { " && " } else { " || " });
        s.push_str(&pipeline(p));
    }
    s
}

/// A list as source text.
pub fn list(l: &List) -> String {
    l.0.iter().map(|i| if i.background { format!("{} &", and_or(&i.and_or)) } else { and_or(&i.and_or) }).collect::<Vec<_>>().join("; ")
}
