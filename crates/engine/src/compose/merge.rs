//! `-f a.yml -f b.yml`: later files override earlier ones, key by key (compose-go's merge).
//!
//! Mappings merge recursively. `environment`, `labels` and build `args` merge as mappings
//! whichever form each file used. `ports`, `expose`, `volumes`, `env_file`, `links`, `dns`
//! and `tmpfs` append (duplicates dropped); every other list (`command`, `entrypoint`,
//! healthcheck `test`) and every scalar is replaced whole.

use super::yaml::{Node, Value};

/// Keys whose lists are appended rather than replaced.
const APPENDED: &[&str] = &["ports", "expose", "volumes", "env_file", "links", "dns", "tmpfs", "external_links", "extra_hosts", "cap_add", "cap_drop", "secrets", "configs", "profiles", "security_opt"];

/// Keys that may be a list of `K=V` or a mapping, merged as mappings.
const MAPPINGS: &[&str] = &["environment", "labels", "args", "sysctls"];

/// `["A=1", "B"]` as the mapping `{A: "1", B: null}`.
pub fn list_to_map(node: &Node) -> Node {
    match &node.value {
        Value::Seq(items) => {
            let entries = items
                .iter()
                .filter_map(|i| i.as_str())
                .map(|s| match s.split_once('=') {
                    Some((k, v)) => (k.to_string(), Node { value: Value::Scalar(v.to_string(), false), line: node.line }),
                    None => (s.to_string(), Node { value: Value::Null, line: node.line }),
                })
                .collect();
            Node { value: Value::Map(entries), line: node.line }
        }
        _ => node.clone(),
    }
}

/// `depends_on: [a, b]` as `{a: {condition: service_started}, …}`.
fn depends_to_map(node: &Node) -> Node {
    match &node.value {
        Value::Seq(items) => {
            let entries = items
                .iter()
                .filter_map(|i| i.as_str())
                .map(|s| (s.to_string(), Node::new(Value::Map(vec![("condition".into(), Node::str("service_started"))]))))
                .collect();
            Node { value: Value::Map(entries), line: node.line }
        }
        _ => node.clone(),
    }
}

/// Merges `over` into `base`; `key` is the key both sit under.
pub fn merge(base: &mut Node, over: &Node, key: &str) {
    if MAPPINGS.contains(&key) {
        *base = list_to_map(base);
        return merge(base, &list_to_map(over), "");
    }
    if key == "depends_on" {
        *base = depends_to_map(base);
        return merge(base, &depends_to_map(over), "");
    }
    match (&mut base.value, &over.value) {
        (Value::Map(b), Value::Map(o)) => {
            for (k, v) in o {
                match b.iter_mut().find(|(bk, _)| bk == k) {
                    Some((_, slot)) => merge(slot, v, k),
                    None => b.push((k.clone(), v.clone())),
                }
            }
        }
        (Value::Seq(b), Value::Seq(o)) if APPENDED.contains(&key) => {
            for item in o {
                if !b.iter().any(|x| x.value == item.value) {
                    b.push(item.clone());
                }
            }
        }
        (Value::Map(_), Value::Null) => {}
        _ => *base = over.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::yaml::parse;

    #[test]
    fn later_files_win_and_lists_append() {
        let mut a = parse("services:\n  s:\n    image: foobar\n    command: [a]\n    ports: ['1:1']\n    environment: [A=1, B=2]\n").unwrap();
        let b = parse("services:\n  s:\n    command: [\"echo\", \"new command!\"]\n    ports: ['2:2']\n    environment: {B: 3}\n").unwrap();
        merge(&mut a, &b, "");
        let s = a.get("services").unwrap().get("s").unwrap();
        assert_eq!(s.get("image").unwrap().as_str(), Some("foobar"));
        let cmd: Vec<_> = s.get("command").unwrap().as_seq().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
        assert_eq!(cmd, ["echo", "new command!"]);
        assert_eq!(s.get("ports").unwrap().as_seq().unwrap().len(), 2);
        let env = s.get("environment").unwrap();
        assert_eq!(env.get("A").unwrap().as_str(), Some("1"));
        assert_eq!(env.get("B").unwrap().as_str(), Some("3"));
    }
}
