//! BuildKit's parser dump format, and Go's string quoting that it is written in.
//!
//! One line per instruction: `(` + the lower-cased instruction, then the flags if any as a
//! Go-quoted list (`["--from=a" "--chown=1"]`), then each argument Go-quoted, then `)`.
//! ONBUILD nests (`(onbuild (run "echo" "test"))`), ENV and LABEL print `key value sep`
//! triplets. This is the format of BuildKit's `testfiles/*/result` fixtures, so
//! [`Ast::dump`] must reproduce them byte for byte.
//!
//! BuildKit's dump leaves heredoc bodies out; [`Ast::dump_with_heredocs`] adds them, one
//! indented `(heredoc ...)` line each, for wharf's own fixtures.

use std::fmt::Write as _;

pub use crate::golang::quote as go_quote;

use crate::build::ast::{Args, Ast, Node};

impl Ast {
    /// The dump in BuildKit's format, each line ending in `\n`.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for node in &self.nodes {
            out.push('(');
            dump_node(node, &mut out);
            out.push_str(")\n");
        }
        out
    }

    /// [`Ast::dump`] with, after each instruction that has heredocs, one line per heredoc:
    /// `  (heredoc ["fd=3" "chomp" "noexpand"] "EOF" "body\n")` (the list only when not empty).
    pub fn dump_with_heredocs(&self) -> String {
        let mut out = String::new();
        for node in &self.nodes {
            out.push('(');
            dump_node(node, &mut out);
            out.push_str(")\n");
            for doc in &node.heredocs {
                let mut attrs = Vec::new();
                if doc.fd != 0 {
                    attrs.push(format!("fd={}", doc.fd));
                }
                if doc.chomp {
                    attrs.push("chomp".to_string());
                }
                if !doc.expand {
                    attrs.push("noexpand".to_string());
                }
                out.push_str("  (heredoc");
                if !attrs.is_empty() {
                    let _ = write!(out, " {}", go_quote_list(&attrs));
                }
                let _ = writeln!(out, " {} {})", go_quote(&doc.name), go_quote(&doc.content));
            }
        }
        out
    }
}

fn dump_node(node: &Node, out: &mut String) {
    out.push_str(node.instruction.name());
    if !node.flags.is_empty() {
        out.push(' ');
        out.push_str(&go_quote_list(&node.flags));
    }
    if let Args::Trigger(trigger) = &node.args {
        out.push_str(" (");
        dump_node(trigger, out);
        out.push(')');
        return;
    }
    for arg in node.args.strings() {
        out.push(' ');
        out.push_str(&go_quote(arg));
    }
}

/// A list as Go's `%q` prints a `[]string`: `["a" "b"]`.
pub fn go_quote_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| go_quote(s.as_ref())).collect();
    format!("[{}]", quoted.join(" "))
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a b"), "\"a b\"");
        assert_eq!(
            go_quote("\" \\ / \u{8} \u{c} \n \r \t \0"),
            r#""\" \\ / \b \f \n \r \t \x00""#
        );
        assert_eq!(go_quote("♥☃"), "\"♥☃\"");
        assert_eq!(go_quote("\u{7f}\u{a0}\u{feff}"), r#""\x7f\u00a0\ufeff""#);
        assert_eq!(go_quote("\u{e0001}é"), "\"\\U000e0001é\"");
        assert_eq!(
            go_quote_list(&["--from=a", "--chown=1"]),
            r#"["--from=a" "--chown=1"]"#
        );
    }
}
