//! YAML into a small tree that remembers lines, so validation errors can name where a key is.
//!
//! yaml-rust2's own `Yaml` drops positions, so the tree is built from its marked events.
//! Scalars keep their text and whether they were quoted: Compose's schema types a plain `3306`
//! as a number and `"3306"` as a string, and interpolation must see both as text.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// A scalar: its text and whether it was plain (unquoted, not a block).
    Scalar(String, bool),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys in file order.
    Map(Vec<(String, Node)>),
}

/// A value and the (1-based) line it starts on (0 when made by the program).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it starts.
    pub line: usize,
}

/// The JSON-schema type a node has, as Compose's validator names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// null.
    Null,
    /// boolean.
    Bool,
    /// integer.
    Int,
    /// number (not integer).
    Float,
    /// string.
    Str,
    /// array.
    Seq,
    /// object.
    Map,
}

impl Node {
    /// A node made by the program (no line).
    pub fn new(value: Value) -> Node {
        Node { value, line: 0 }
    }

    /// A plain string scalar.
    pub fn str(s: &str) -> Node {
        Node::new(Value::Scalar(s.to_string(), false))
    }

    /// Its schema type (YAML 1.2 core schema for plain scalars).
    pub fn kind(&self) -> Kind {
        match &self.value {
            Value::Null => Kind::Null,
            Value::Seq(_) => Kind::Seq,
            Value::Map(_) => Kind::Map,
            Value::Scalar(_, false) => Kind::Str,
            Value::Scalar(s, true) => match s.as_str() {
                "true" | "false" | "True" | "False" | "TRUE" | "FALSE" => Kind::Bool,
                "null" | "Null" | "NULL" | "~" | "" => Kind::Null,
                _ if s.parse::<i64>().is_ok() || s.starts_with("0x") || s.starts_with("0o") => Kind::Int,
                _ if s.parse::<f64>().is_ok() && !s.chars().any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E') => Kind::Float,
                _ => Kind::Str,
            },
        }
    }

    /// The scalar's text (`None` for null, sequences and mappings).
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    /// The mapping's entries.
    pub fn as_map(&self) -> Option<&[(String, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The sequence's items.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The value under `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value under `key`, created as null when missing (the node must be a mapping).
    pub fn entry(&mut self, key: &str) -> &mut Node {
        let Value::Map(m) = &mut self.value else { panic!("entry on a non-mapping") };
        let i = match m.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                m.push((key.to_string(), Node::new(Value::Null)));
                m.len() - 1
            }
        };
        &mut m[i].1
    }
}

/// A YAML syntax error, with the parser's position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("yaml: line {line}: {message}")]
pub struct YamlError {
    /// 1-based line.
    pub line: usize,
    /// What went wrong.
    pub message: String,
}

#[derive(Default)]
struct Builder {
    /// Open collections: the node and, for mappings, a key waiting for its value.
    stack: Vec<(Node, Option<String>)>,
    anchors: BTreeMap<usize, Node>,
    /// Anchor ids of the open collections.
    anchor_ids: Vec<usize>,
    doc: Option<Node>,
    key_error: Option<YamlError>,
}

impl Builder {
    fn push_value(&mut self, node: Node) {
        let Some((parent, pending)) = self.stack.last_mut() else {
            if self.doc.is_none() {
                self.doc = Some(node);
            }
            return;
        };
        match &mut parent.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => match pending.take() {
                None => match node.value {
                    Value::Scalar(k, _) => *pending = Some(k),
                    Value::Null => *pending = Some("null".into()),
                    _ => {
                        self.key_error.get_or_insert(YamlError { line: node.line, message: "invalid map key: complex keys are not supported".into() });
                        *pending = Some(String::new());
                    }
                },
                Some(key) if key == "<<" => merge_key(entries, node),
                Some(key) => {
                    if entries.iter().any(|(k, _)| *k == key) {
                        self.key_error.get_or_insert(YamlError { line: node.line, message: format!("mapping key \"{key}\" already defined") });
                    }
                    entries.push((key, node));
                }
            },
            _ => unreachable!("only collections are pushed"),
        }
    }
}

/// YAML's merge key: the entries of `src` (a mapping or a sequence of them) that `entries`
/// lacks.
fn merge_key(entries: &mut Vec<(String, Node)>, src: Node) {
    let maps = match src.value {
        Value::Seq(items) => items,
        other => vec![Node { value: other, line: src.line }],
    };
    for m in maps {
        if let Value::Map(kv) = m.value {
            for (k, v) in kv {
                if !entries.iter().any(|(e, _)| *e == k) {
                    entries.push((k, v));
                }
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let line = mark.line();
        match ev {
            Event::Scalar(text, style, anchor, _) => {
                let plain = style == TScalarStyle::Plain;
                let value = if plain && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL") { Value::Null } else { Value::Scalar(text, plain) };
                let node = Node { value, line };
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push_value(node);
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push((Node { value: Value::Seq(Vec::new()), line }, None));
                self.anchor_ids.push(anchor);
            }
            Event::MappingStart(anchor, _) => {
                self.stack.push((Node { value: Value::Map(Vec::new()), line }, None));
                self.anchor_ids.push(anchor);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, _) = self.stack.pop().expect("balanced events");
                let anchor = self.anchor_ids.pop().unwrap_or(0);
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push_value(node);
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().unwrap_or(Node { value: Value::Null, line });
                self.push_value(node);
            }
            _ => {}
        }
    }
}

/// yaml-rust2's messages in the words of libyaml (which Go's yaml, and so Compose, uses)
/// where they differ.
fn libyaml_wording(info: &str) -> String {
    match info {
        "simple key expect ':'" => "could not find expected ':'".into(),
        "did not find expected <document start>" => "did not find expected <document start>".into(),
        "while parsing a block mapping, did not find expected key" => "did not find expected key".into(),
        other => other.to_string(),
    }
}

/// Parses the first document of `text` (an empty file is null).
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let mut b = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut b, false).map_err(|e| YamlError { line: e.marker().line(), message: libyaml_wording(e.info()) })?;
    if let Some(e) = b.key_error {
        return Err(e);
    }
    Ok(b.doc.unwrap_or(Node { value: Value::Null, line: 1 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_kinds() {
        let n = parse("services:\n  web:\n    image: nginx\n    ports:\n      - 3307:3306\n      - \"80\"\n").unwrap();
        let web = n.get("services").unwrap().get("web").unwrap();
        assert_eq!(web.line, 3);
        let ports = web.get("ports").unwrap().as_seq().unwrap();
        assert_eq!(ports[0].kind(), Kind::Str);
        assert_eq!(ports[1].kind(), Kind::Str);
        assert_eq!(parse("a: 3306").unwrap().get("a").unwrap().kind(), Kind::Int);
    }

    #[test]
    fn anchors_and_merge_keys() {
        let n = parse("x: &base\n  a: 1\ny:\n  <<: *base\n  b: 2\n").unwrap();
        assert_eq!(n.get("y").unwrap().get("a").unwrap().as_str(), Some("1"));
    }

    #[test]
    fn syntax_errors_have_lines() {
        let e = parse("a:\n  b: 1\n s- c\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
    }
}
