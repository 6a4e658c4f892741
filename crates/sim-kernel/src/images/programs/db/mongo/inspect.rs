//! How mongosh prints values: Node's `util.inspect` with `compact: 3` and `breakLength: 80`
//! (an object goes on one line when it nests at most two levels and fits), single-quoted
//! strings, `ObjectId('…')` and `ISODate('…')`.

use super::doc::Bson;
use crate::userland::coreutils::timefmt::{gmtime, strftime};

const BREAK_LENGTH: usize = 80;

/// The printed form of `v` at the top level.
pub fn inspect(v: &Bson) -> String {
    format(v, 0).0
}

fn key(k: &str) -> String {
    let ident = k.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$') && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if ident {
        k.to_string()
    } else {
        quote(k)
    }
}

fn quote(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\'', "\\'").replace('\n', "\\n"))
    }
}

fn number(d: f64) -> String {
    if d.fract() == 0.0 && d.abs() < 1e21 {
        format!("{}", d as i64)
    } else {
        format!("{d}")
    }
}

/// The text and how many levels of objects it nests.
fn format(v: &Bson, indent: usize) -> (String, usize) {
    match v {
        Bson::Null => ("null".into(), 0),
        Bson::Bool(b) => (b.to_string(), 0),
        Bson::Int(i) => (i.to_string(), 0),
        Bson::Double(d) => (number(*d), 0),
        Bson::String(s) => (quote(s), 0),
        Bson::ObjectId(o) => (format!("ObjectId('{o}')"), 0),
        Bson::Date(ms) => {
            let secs = ms.div_euclid(1000);
            (format!("ISODate('{}.{:03}Z')", strftime("%Y-%m-%dT%H:%M:%S", &gmtime(secs), 0), ms.rem_euclid(1000)), 0)
        }
        Bson::Array(items) => {
            if items.is_empty() {
                return ("[]".into(), 0);
            }
            let parts: Vec<(String, usize)> = items.iter().map(|i| format(i, indent + 2)).collect();
            join(parts, indent, ('[', ']'))
        }
        Bson::Doc(d) => {
            if d.0.is_empty() {
                return ("{}".into(), 0);
            }
            let parts: Vec<(String, usize)> = d
                .0
                .iter()
                .map(|(k, v)| {
                    let (s, depth) = format(v, indent + 2);
                    (format!("{}: {s}", key(k)), depth)
                })
                .collect();
            join(parts, indent, ('{', '}'))
        }
    }
}

/// Node's `reduceToSingleString`.
fn join(parts: Vec<(String, usize)>, indent: usize, braces: (char, char)) -> (String, usize) {
    let depth = parts.iter().map(|p| p.1).max().unwrap_or(0) + 1;
    let entries: Vec<String> = parts.into_iter().map(|p| p.0).collect();
    let start = entries.len() + indent + 1 + 10;
    let total = entries.len() + start + entries.iter().map(|e| e.chars().count()).sum::<usize>();
    if depth <= 3 && total <= BREAK_LENGTH && !entries.iter().any(|e| e.contains('\n')) {
        return (format!("{} {} {}", braces.0, entries.join(", "), braces.1), depth);
    }
    let pad = " ".repeat(indent);
    (format!("{}\n{pad}  {}\n{pad}{}", braces.0, entries.join(&format!(",\n{pad}  ")), braces.1), depth)
}

#[cfg(test)]
mod tests {
    use super::super::doc::Doc;
    use super::*;

    fn doc(pairs: Vec<(&str, Bson)>) -> Bson {
        Bson::Doc(Doc(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
    }

    #[test]
    fn an_insert_result_breaks_over_lines() {
        let r = doc(vec![("acknowledged", Bson::Bool(true)), ("insertedId", Bson::ObjectId("65a1b2c3d4e5f6a7b8c9d0e1".into()))]);
        assert_eq!(inspect(&r), "{\n  acknowledged: true,\n  insertedId: ObjectId('65a1b2c3d4e5f6a7b8c9d0e1')\n}");
    }

    #[test]
    fn short_documents_stay_on_one_line_inside_the_array() {
        let d = doc(vec![("_id", Bson::ObjectId("65a1b2c3d4e5f6a7b8c9d0e1".into())), ("name", Bson::String("alice".into())), ("age", Bson::Int(30))]);
        assert_eq!(inspect(&Bson::Array(vec![d])), "[\n  { _id: ObjectId('65a1b2c3d4e5f6a7b8c9d0e1'), name: 'alice', age: 30 }\n]");
        assert_eq!(inspect(&doc(vec![("ok", Bson::Int(1)), ("dropped", Bson::String("x".into()))])), "{ ok: 1, dropped: 'x' }");
        assert_eq!(inspect(&doc(vec![("first name", Bson::String("it's".into()))])), "{ 'first name': \"it's\" }");
    }
}
