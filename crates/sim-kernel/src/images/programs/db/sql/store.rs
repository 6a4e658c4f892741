//! The catalog on disk: one JSON file the servers rewrite after each change, so a volume
//! over the data directory keeps the tables.

use wharf_engine::collect::CollectMap;
use std::collections::BTreeMap;

use serde_json::{json, Value as Json};

use super::exec::{Catalog, Column, Default, Table};
use super::value::{Type, Value};

const TYPES: [Type; 7] = [Type::Int, Type::Float, Type::Text, Type::Bool, Type::Timestamp, Type::TimestampTz, Type::Date];

impl Catalog {
    /// The catalog as bytes for its data file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let dbs: serde_json::Map<String, Json> = self
            .databases
            .iter()
            .map(|(name, tables)| {
                let tables: serde_json::Map<String, Json> = tables
                    .iter()
                    .map(|(tn, t)| {
                        let cols: Vec<Json> = t
                            .columns
                            .iter()
                            .map(|c| {
                                let default = match &c.default {
                                    None => Json::Null,
                                    Some(Default::Now) => json!("now"),
                                    Some(Default::Value(v)) => json!({ "value": v.to_json() }),
                                };
                                json!({ "name": c.name, "type": c.ty.key(), "text": c.type_text, "auto": c.auto, "primary": c.primary, "not_null": c.not_null, "unique": c.unique, "default": default })
                            })
                            .collect();
                        let rows: Vec<Json> = t.rows.iter().map(|r| Json::Array(r.iter().map(Value::to_json).collect())).collect();
                        (tn.clone(), json!({ "columns": cols, "rows": rows, "serial": t.serial }))
                    })
                    .collect_object();
                (name.clone(), Json::Object(tables))
            })
            .collect_object();
        // serde_json's pretty layout, through the one indenter the engine has (no pretty serialiser per type).
        let mut out = wharf_engine::api::gojson::to_string_indent_raw(&json!({ "databases": dbs }), "  ").unwrap_or_default().into_bytes();
        out.push(b'\n');
        out
    }

    /// Reads [`Catalog::to_bytes`]'s output; `None` if it is not a catalog.
    pub fn from_bytes(bytes: &[u8]) -> Option<Catalog> {
        let v: Json = serde_json::from_slice(bytes).ok()?;
        let mut databases = BTreeMap::new();
        for (name, tables) in v.get("databases")?.as_object()? {
            let mut map = BTreeMap::new();
            for (tn, t) in tables.as_object()? {
                let columns = t["columns"]
                    .as_array()?
                    .iter()
                    .map(|c| Column {
                        name: c["name"].as_str().unwrap_or("").to_string(),
                        ty: TYPES.into_iter().find(|ty| Some(ty.key()) == c["type"].as_str()).unwrap_or(Type::Text),
                        type_text: c["text"].as_str().unwrap_or("").to_string(),
                        auto: c["auto"].as_bool().unwrap_or(false),
                        primary: c["primary"].as_bool().unwrap_or(false),
                        not_null: c["not_null"].as_bool().unwrap_or(false),
                        unique: c["unique"].as_bool().unwrap_or(false),
                        default: match &c["default"] {
                            Json::String(s) if s == "now" => Some(Default::Now),
                            Json::Object(o) => o.get("value").map(|v| Default::Value(Value::from_json(v))),
                            _ => None,
                        },
                    })
                    .collect();
                let rows = t["rows"].as_array()?.iter().map(|r| r.as_array().map(|c| c.iter().map(Value::from_json).collect()).unwrap_or_default()).collect();
                map.insert(tn.clone(), Table { columns, rows, serial: t["serial"].as_i64().unwrap_or(0) });
            }
            databases.insert(name.clone(), map);
        }
        Some(Catalog { databases })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Dialect, Session};
    use super::*;

    #[test]
    fn a_catalog_survives_its_file() {
        let mut c = Catalog::default();
        c.databases.insert("postgres".into(), BTreeMap::new());
        let mut s = Session { dialect: Dialect::Postgres, database: Some("postgres".into()), now: 7_000_000_000, version: String::new() };
        c.execute(&mut s, "CREATE TABLE t (id SERIAL, at TIMESTAMP DEFAULT NOW(), n TEXT DEFAULT 'x')").unwrap();
        c.execute(&mut s, "INSERT INTO t (n) VALUES ('a')").unwrap();
        let back = Catalog::from_bytes(&c.to_bytes()).unwrap();
        assert_eq!(back, c);
    }
}
