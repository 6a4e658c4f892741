//! One small SQL engine behind both relational stand-ins: PostgreSQL and MySQL parse with
//! their own identifier rules ([`Dialect`]), run on the same [`Catalog`], and differ in how
//! values, results and errors come out ([`error`], the clients' printers).

mod ast;
pub mod error;
mod exec;
mod lex;
mod parse;
mod store;
mod value;

pub use error::SqlError;
pub use exec::{Catalog, Session};
pub use parse::split_statements;

/// Which server's rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// PostgreSQL 15: unquoted names fold to lower case, `t`/`f` booleans.
    Postgres,
    /// MySQL 8.0: names keep their case, `"text"` is a string, `USE`/`SHOW`.
    MySql,
}

/// What one statement returned, already rendered as the dialect's client shows values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryResult {
    /// Column headers; empty for a statement that returns no rows.
    pub columns: Vec<String>,
    /// Per column, whether it holds numbers (psql right-aligns them).
    pub numeric: Vec<bool>,
    /// The rows; `None` is SQL NULL.
    pub rows: Vec<Vec<Option<String>>>,
    /// PostgreSQL's command tag: `CREATE TABLE`, `INSERT 0 1`, `SELECT 2`, ...
    pub tag: String,
    /// Rows inserted, updated or deleted (MySQL's "rows affected").
    pub affected: u64,
    /// Rows an `UPDATE` matched (MySQL's "Rows matched").
    pub matched: u64,
    /// Whether the statement returns rows (a `SELECT`, even an empty one).
    pub returns_rows: bool,
    /// An `INSERT` of several rows (MySQL then prints `Records: N ...`).
    pub multi_row: bool,
}

impl QueryResult {
    /// As JSON, for the wire.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "columns": self.columns, "numeric": self.numeric, "rows": self.rows, "tag": self.tag,
            "affected": self.affected, "matched": self.matched, "returns_rows": self.returns_rows, "multi_row": self.multi_row,
        })
    }

    /// Reads [`QueryResult::to_json`]'s output.
    pub fn from_json(v: &serde_json::Value) -> QueryResult {
        let strings = |k: &str| v[k].as_array().map(|a| a.iter().map(|x| x.as_str().unwrap_or("").to_string()).collect()).unwrap_or_default();
        QueryResult {
            columns: strings("columns"),
            numeric: v["numeric"].as_array().map(|a| a.iter().map(|x| x.as_bool().unwrap_or(false)).collect()).unwrap_or_default(),
            rows: v["rows"].as_array().map(|rows| rows.iter().map(|r| r.as_array().map(|c| c.iter().map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()).collect()).unwrap_or_default(),
            tag: v["tag"].as_str().unwrap_or("").to_string(),
            affected: v["affected"].as_u64().unwrap_or(0),
            matched: v["matched"].as_u64().unwrap_or(0),
            returns_rows: v["returns_rows"].as_bool().unwrap_or(false),
            multi_row: v["multi_row"].as_bool().unwrap_or(false),
        }
    }
}
