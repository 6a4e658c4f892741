//! Values and column types, and how each dialect prints them.

use std::cmp::Ordering;

use super::Dialect;
use crate::userland::coreutils::timefmt::{gmtime, strftime};

/// A column's type, reduced to what the engine distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// `INT`, `INTEGER`, `BIGINT`, `SMALLINT`, `SERIAL`.
    Int,
    /// `REAL`, `FLOAT`, `DOUBLE`, `NUMERIC`, `DECIMAL`.
    Float,
    /// `TEXT`, `VARCHAR(n)`, `CHAR(n)`.
    Text,
    /// `BOOLEAN`.
    Bool,
    /// `TIMESTAMP` (without time zone), `DATETIME`.
    Timestamp,
    /// `TIMESTAMPTZ` (what PostgreSQL's `NOW()` returns).
    TimestampTz,
    /// `DATE`.
    Date,
}

impl Type {
    /// The type named `word` (lower case), if the engine knows it.
    pub fn from_name(word: &str) -> Option<Type> {
        Some(match word {
            "int" | "integer" | "int4" | "int8" | "int2" | "bigint" | "smallint" | "tinyint" | "mediumint" | "serial" | "bigserial" | "smallserial" => Type::Int,
            "real" | "float" | "float4" | "float8" | "double" | "numeric" | "decimal" => Type::Float,
            "text" | "varchar" | "char" | "character" | "string" | "longtext" | "mediumtext" | "tinytext" | "json" | "jsonb" | "uuid" => Type::Text,
            "bool" | "boolean" => Type::Bool,
            "timestamp" | "datetime" => Type::Timestamp,
            "timestamptz" => Type::TimestampTz,
            "date" => Type::Date,
            _ => return None,
        })
    }

    /// Whether psql right-aligns it.
    pub fn is_numeric(self) -> bool {
        matches!(self, Type::Int | Type::Float)
    }

    /// The name in PostgreSQL's error messages.
    pub fn pg_name(self) -> &'static str {
        match self {
            Type::Int => "integer",
            Type::Float => "numeric",
            Type::Text => "text",
            Type::Bool => "boolean",
            Type::Timestamp => "timestamp",
            Type::TimestampTz => "timestamp with time zone",
            Type::Date => "date",
        }
    }

    /// A short name for storage.
    pub fn key(self) -> &'static str {
        match self {
            Type::Int => "int",
            Type::Float => "float",
            Type::Text => "text",
            Type::Bool => "bool",
            Type::Timestamp => "timestamp",
            Type::TimestampTz => "timestamptz",
            Type::Date => "date",
        }
    }
}

/// A value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `NULL`.
    Null,
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Text.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// A point in time (nanoseconds since the epoch) and whether it carries a time zone.
    Time(i64, bool),
    /// A date (seconds since the epoch at midnight).
    Date(i64),
}

impl Value {
    /// The type of the value, if not null.
    pub fn ty(&self) -> Option<Type> {
        Some(match self {
            Value::Null => return None,
            Value::Int(_) => Type::Int,
            Value::Float(_) => Type::Float,
            Value::Text(_) => Type::Text,
            Value::Bool(_) => Type::Bool,
            Value::Time(_, false) => Type::Timestamp,
            Value::Time(_, true) => Type::TimestampTz,
            Value::Date(_) => Type::Date,
        })
    }

    /// How `dialect`'s client shows it (`None` for NULL).
    pub fn render(&self, dialect: Dialect) -> Option<String> {
        Some(match self {
            Value::Null => return None,
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format_float(*f),
            Value::Text(s) => s.clone(),
            Value::Bool(b) => match (dialect, b) {
                (Dialect::Postgres, true) => "t".into(),
                (Dialect::Postgres, false) => "f".into(),
                (Dialect::MySql, b) => (*b as i32).to_string(),
            },
            Value::Time(ns, tz) => {
                let secs = ns.div_euclid(1_000_000_000);
                let base = strftime("%Y-%m-%d %H:%M:%S", &gmtime(secs), 0);
                match dialect {
                    Dialect::MySql => base,
                    Dialect::Postgres => {
                        let micros = ns.rem_euclid(1_000_000_000) / 1000;
                        let frac = if micros == 0 { String::new() } else { format!(".{micros:06}").trim_end_matches('0').to_string() };
                        format!("{base}{frac}{}", if *tz { "+00" } else { "" })
                    }
                }
            }
            Value::Date(secs) => strftime("%Y-%m-%d", &gmtime(*secs), 0),
        })
    }

    /// SQL truth: only `TRUE` (or a non-zero number, as MySQL has it) passes a `WHERE`.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            _ => false,
        }
    }

    /// Compares two values of comparable kinds; `None` when either is NULL.
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        use Value::*;
        match (self, other) {
            (Null, _) | (_, Null) => None,
            (Int(a), Int(b)) => Some(a.cmp(b)),
            (Int(a), Float(b)) => (*a as f64).partial_cmp(b),
            (Float(a), Int(b)) => a.partial_cmp(&(*b as f64)),
            (Float(a), Float(b)) => a.partial_cmp(b),
            (Bool(a), Bool(b)) => Some(a.cmp(b)),
            (Time(a, _), Time(b, _)) => Some(a.cmp(b)),
            (Date(a), Date(b)) => Some(a.cmp(b)),
            (Text(a), Text(b)) => Some(a.cmp(b)),
            (a, b) => Some(a.render(Dialect::Postgres).cmp(&b.render(Dialect::Postgres))),
        }
    }

    /// The value as JSON, for the data files.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Int(i) => json!({ "i": i }),
            Value::Float(f) => json!({ "f": f }),
            Value::Text(s) => json!({ "s": s }),
            Value::Bool(b) => json!({ "b": b }),
            Value::Time(ns, tz) => json!({ "t": ns, "tz": tz }),
            Value::Date(d) => json!({ "d": d }),
        }
    }

    /// Reads [`Value::to_json`]'s output back.
    pub fn from_json(v: &serde_json::Value) -> Value {
        let get = |k: &str| v.get(k);
        if let Some(i) = get("i").and_then(|x| x.as_i64()) {
            Value::Int(i)
        } else if let Some(f) = get("f").and_then(|x| x.as_f64()) {
            Value::Float(f)
        } else if let Some(s) = get("s").and_then(|x| x.as_str()) {
            Value::Text(s.to_string())
        } else if let Some(b) = get("b").and_then(|x| x.as_bool()) {
            Value::Bool(b)
        } else if let Some(t) = get("t").and_then(|x| x.as_i64()) {
            Value::Time(t, get("tz").and_then(|x| x.as_bool()).unwrap_or(false))
        } else if let Some(d) = get("d").and_then(|x| x.as_i64()) {
            Value::Date(d)
        } else {
            Value::Null
        }
    }
}

/// A float as PostgreSQL prints a `numeric` result: no exponent, no trailing `.0`
/// beyond what the value needs.
fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let s = format!("{f}");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_and_times_print_per_dialect() {
        assert_eq!(Value::Bool(true).render(Dialect::Postgres).as_deref(), Some("t"));
        assert_eq!(Value::Bool(true).render(Dialect::MySql).as_deref(), Some("1"));
        let t = Value::Time(1_700_000_000_123_456_000, true);
        assert_eq!(t.render(Dialect::Postgres).as_deref(), Some("2023-11-14 22:13:20.123456+00"));
        assert_eq!(t.render(Dialect::MySql).as_deref(), Some("2023-11-14 22:13:20"));
        assert_eq!(Value::Null.render(Dialect::MySql), None);
    }

    #[test]
    fn values_survive_the_data_file() {
        for v in [Value::Int(-3), Value::Text("a'b".into()), Value::Bool(false), Value::Time(5, false), Value::Null, Value::Float(1.5)] {
            assert_eq!(Value::from_json(&v.to_json()), v);
        }
    }
}
