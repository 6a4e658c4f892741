//! MongoDB documents: ordered fields of BSON values, their wire form between the simulated
//! client and server, and filter matching.

use serde_json::{json, Value as Json};

/// A BSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Bson {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer (mongosh's numbers are doubles; integral ones print the same).
    Int(i64),
    /// A double.
    Double(f64),
    /// A string.
    String(String),
    /// An ObjectId, as 24 hex digits.
    ObjectId(String),
    /// A date, milliseconds since the epoch.
    Date(i64),
    /// An array.
    Array(Vec<Bson>),
    /// An embedded document.
    Doc(Doc),
}

/// A document: fields in the order they were written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc(pub Vec<(String, Bson)>);

impl Doc {
    /// The field `key` (dotted paths reach into embedded documents).
    pub fn get(&self, key: &str) -> Option<&Bson> {
        let (head, rest) = match key.split_once('.') {
            Some((h, r)) => (h, Some(r)),
            None => (key, None),
        };
        let v = self.0.iter().find(|(k, _)| k == head).map(|(_, v)| v)?;
        match (rest, v) {
            (None, v) => Some(v),
            (Some(r), Bson::Doc(d)) => d.get(r),
            _ => None,
        }
    }

    /// Sets `key`, keeping its place if present.
    pub fn set(&mut self, key: &str, v: Bson) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = v,
            None => self.0.push((key.to_string(), v)),
        }
    }

    /// Whether this document matches a query filter: equality per field, or an operator
    /// document (`$gt`, `$gte`, `$lt`, `$lte`, `$ne`, `$in`, `$exists`).
    pub fn matches(&self, filter: &Doc) -> bool {
        filter.0.iter().all(|(k, want)| {
            let have = self.get(k);
            match want {
                Bson::Doc(ops) if ops.0.first().is_some_and(|(o, _)| o.starts_with('$')) => ops.0.iter().all(|(op, arg)| op_matches(have, op, arg)),
                want => match have {
                    Some(Bson::Array(items)) if !matches!(want, Bson::Array(_)) => items.iter().any(|i| same(i, want)),
                    Some(h) => same(h, want),
                    None => *want == Bson::Null,
                },
            }
        })
    }

    /// The wire form (JSON keeps no key order, so fields travel as pairs).
    pub fn to_wire(&self) -> Json {
        Json::Array(self.0.iter().map(|(k, v)| json!([k, v.to_wire()])).collect())
    }

    /// Reads [`Doc::to_wire`]'s output.
    pub fn from_wire(v: &Json) -> Doc {
        Doc(v.as_array().map(|a| a.iter().filter_map(|p| Some((p[0].as_str()?.to_string(), Bson::from_wire(&p[1])))).collect()).unwrap_or_default())
    }
}

fn same(a: &Bson, b: &Bson) -> bool {
    match (a, b) {
        (Bson::Int(x), Bson::Double(y)) | (Bson::Double(y), Bson::Int(x)) => *x as f64 == *y,
        _ => a == b,
    }
}

fn number(v: &Bson) -> Option<f64> {
    match v {
        Bson::Int(i) => Some(*i as f64),
        Bson::Double(d) => Some(*d),
        _ => None,
    }
}

fn op_matches(have: Option<&Bson>, op: &str, arg: &Bson) -> bool {
    let cmp = || -> Option<std::cmp::Ordering> {
        let h = have?;
        match (number(h), number(arg)) {
            (Some(a), Some(b)) => a.partial_cmp(&b),
            _ => match (h, arg) {
                (Bson::String(a), Bson::String(b)) => Some(a.cmp(b)),
                (Bson::Date(a), Bson::Date(b)) => Some(a.cmp(b)),
                _ => None,
            },
        }
    };
    use std::cmp::Ordering::*;
    match op {
        "$eq" => have.is_some_and(|h| same(h, arg)),
        "$ne" => !have.is_some_and(|h| same(h, arg)),
        "$gt" => cmp() == Some(Greater),
        "$gte" => matches!(cmp(), Some(Greater | Equal)),
        "$lt" => cmp() == Some(Less),
        "$lte" => matches!(cmp(), Some(Less | Equal)),
        "$in" => matches!(arg, Bson::Array(items) if have.is_some_and(|h| items.iter().any(|i| same(h, i)))),
        "$nin" => !matches!(arg, Bson::Array(items) if have.is_some_and(|h| items.iter().any(|i| same(h, i)))),
        "$exists" => have.is_some() == (*arg != Bson::Bool(false)),
        _ => false,
    }
}

impl Bson {
    /// The wire form: tagged where JSON has no such type.
    pub fn to_wire(&self) -> Json {
        match self {
            Bson::Null => Json::Null,
            Bson::Bool(b) => json!(b),
            Bson::Int(i) => json!({ "$int": i }),
            Bson::Double(d) => json!({ "$double": d }),
            Bson::String(s) => json!(s),
            Bson::ObjectId(o) => json!({ "$oid": o }),
            Bson::Date(d) => json!({ "$date": d }),
            Bson::Array(a) => Json::Array(a.iter().map(Bson::to_wire).collect()),
            Bson::Doc(d) => json!({ "$doc": d.to_wire() }),
        }
    }

    /// Reads [`Bson::to_wire`]'s output.
    pub fn from_wire(v: &Json) -> Bson {
        match v {
            Json::Null => Bson::Null,
            Json::Bool(b) => Bson::Bool(*b),
            Json::Number(n) => n.as_i64().map(Bson::Int).unwrap_or(Bson::Double(n.as_f64().unwrap_or(0.0))),
            Json::String(s) => Bson::String(s.clone()),
            Json::Array(a) => Bson::Array(a.iter().map(Bson::from_wire).collect()),
            Json::Object(o) => {
                if let Some(i) = o.get("$int").and_then(Json::as_i64) {
                    Bson::Int(i)
                } else if let Some(d) = o.get("$double").and_then(Json::as_f64) {
                    Bson::Double(d)
                } else if let Some(s) = o.get("$oid").and_then(Json::as_str) {
                    Bson::ObjectId(s.to_string())
                } else if let Some(d) = o.get("$date").and_then(Json::as_i64) {
                    Bson::Date(d)
                } else if let Some(d) = o.get("$doc") {
                    Bson::Doc(Doc::from_wire(d))
                } else {
                    Bson::Null
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(pairs: &[(&str, Bson)]) -> Doc {
        Doc(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    #[test]
    fn documents_keep_their_order_on_the_wire() {
        let d = doc(&[("z", Bson::Int(1)), ("a", Bson::Doc(doc(&[("b", Bson::Double(1.5))]))), ("_id", Bson::ObjectId("0".repeat(24)))]);
        assert_eq!(Doc::from_wire(&d.to_wire()), d);
    }

    #[test]
    fn filters_match_equality_and_operators() {
        let d = doc(&[("name", Bson::String("a".into())), ("age", Bson::Int(30)), ("tags", Bson::Array(vec![Bson::String("x".into())]))]);
        assert!(d.matches(&doc(&[("name", Bson::String("a".into()))])));
        assert!(d.matches(&doc(&[("age", Bson::Doc(doc(&[("$gte", Bson::Double(30.0))])))])));
        assert!(!d.matches(&doc(&[("age", Bson::Doc(doc(&[("$lt", Bson::Int(30))])))])));
        assert!(d.matches(&doc(&[("tags", Bson::String("x".into()))])));
        assert!(d.matches(&Doc::default()));
        assert!(!d.matches(&doc(&[("missing", Bson::Int(1))])));
    }
}
