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

/// `s` quoted as Go's `strconv.Quote` quotes it: double quotes, `\"`, `\\`, the C escapes
/// (`\n`, `\t`, ...), `\x00` for other ASCII controls, `\u00a0`/`\U000e0001` for other
/// non-printable characters; printable non-ASCII text is kept as it is.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_print(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
///
/// Without Unicode category tables this excludes what Go excludes among assigned characters
/// (controls, separators other than U+0020, format characters, private use, noncharacters);
/// unassigned code points, which Go escapes, are kept as they are.
fn is_go_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    let u = c as u32;
    !(c.is_control()
        || c.is_whitespace()
        || is_format(u)
        || (0xE000..=0xF8FF).contains(&u)
        || u >= 0xF0000
        || (0xFDD0..=0xFDEF).contains(&u)
        || (u & 0xFFFE) == 0xFFFE)
}

/// Unicode's format characters (general category Cf).
fn is_format(u: u32) -> bool {
    const RANGES: &[(u32, u32)] = &[
        (0x00AD, 0x00AD),
        (0x0600, 0x0605),
        (0x061C, 0x061C),
        (0x06DD, 0x06DD),
        (0x070F, 0x070F),
        (0x0890, 0x0891),
        (0x08E2, 0x08E2),
        (0x180E, 0x180E),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x2064),
        (0x2066, 0x206F),
        (0xFEFF, 0xFEFF),
        (0xFFF9, 0xFFFB),
        (0x110BD, 0x110BD),
        (0x110CD, 0x110CD),
        (0x13430, 0x1343F),
        (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A),
        (0xE0001, 0xE0001),
        (0xE0020, 0xE007F),
    ];
    RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
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
