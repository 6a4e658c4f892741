//! The engine's failures, and the words each server reports them in.

use super::value::Type;
use super::Dialect;

/// Why a statement failed. Positions are byte offsets into the statement.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs, reason = "fields are named for what they hold: `at` a byte offset, `name` the missing thing")]
pub enum SqlError {
    /// An unexpected token (`None`: the statement ended early).
    Syntax { near: Option<String>, at: usize },
    /// A string or quoted name that never closes.
    Unterminated { at: usize },
    /// A type the engine does not know.
    UnknownType { name: String, at: usize },
    /// A function the engine does not know.
    UnknownFunction { name: String, at: usize },
    /// No such table in the current database.
    NoSuchTable { name: String, at: usize },
    /// `CREATE TABLE` of an existing table.
    TableExists(String),
    /// No such column; `clause` is MySQL's name for where it was used.
    NoSuchColumn { name: String, at: usize, clause: &'static str },
    /// More values than columns in an `INSERT`.
    ColumnCount,
    /// A value that does not convert to its column's type.
    InvalidInput { ty: Type, text: String, column: String },
    /// NULL for a `NOT NULL` column (`explicit`: written as NULL rather than left out).
    NotNull { table: String, column: String, explicit: bool },
    /// A repeated primary or unique key.
    Duplicate { table: String, column: String, key: String, primary: bool },
    /// No such database.
    NoSuchDatabase(String),
    /// `CREATE DATABASE` of an existing one.
    DatabaseExists(String),
    /// MySQL: a table statement before `USE`.
    NoDatabase,
    /// Division by zero.
    DivisionByZero,
}

/// A failure as a server reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServerError {
    /// PostgreSQL: the `ERROR:` message; MySQL: the text after `ERROR n (state): `.
    pub message: String,
    /// PostgreSQL's `DETAIL:` line.
    pub detail: Option<String>,
    /// PostgreSQL: 1-based character position in the statement, for psql's `LINE` marker.
    pub position: Option<usize>,
    /// MySQL's error number.
    pub code: u32,
    /// The SQLSTATE.
    pub state: String,
}

impl ServerError {
    /// As JSON, for the wire.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "message": self.message, "detail": self.detail, "position": self.position, "code": self.code, "state": self.state })
    }

    /// Reads [`ServerError::to_json`]'s output.
    pub fn from_json(v: &serde_json::Value) -> ServerError {
        ServerError {
            message: v["message"].as_str().unwrap_or("").to_string(),
            detail: v["detail"].as_str().map(str::to_string),
            position: v["position"].as_u64().map(|p| p as usize),
            code: v["code"].as_u64().unwrap_or(0) as u32,
            state: v["state"].as_str().unwrap_or("").to_string(),
        }
    }

    fn pg(state: &str, message: String, position: Option<usize>) -> ServerError {
        ServerError { message, detail: None, position, code: 0, state: state.into() }
    }

    fn my(code: u32, state: &str, message: String) -> ServerError {
        ServerError { message, detail: None, position: None, code, state: state.into() }
    }
}

impl SqlError {
    /// How `dialect`'s server words this error for statement `src` in database `db`.
    pub fn render(&self, dialect: Dialect, src: &str, db: &str) -> ServerError {
        let pos = |at: usize| Some(src[..at.min(src.len())].chars().count() + 1);
        let near = |at: usize| src[at.min(src.len())..].trim_end_matches(';').to_string();
        match dialect {
            Dialect::Postgres => match self {
                SqlError::Syntax { near: Some(n), at } => ServerError::pg("42601", format!("syntax error at or near \"{n}\""), pos(*at)),
                SqlError::Syntax { near: None, at } => ServerError::pg("42601", "syntax error at end of input".into(), pos(*at)),
                SqlError::Unterminated { at } => ServerError::pg("42601", "unterminated quoted string at or near \"".to_string() + &src[*at..] + "\"", pos(*at)),
                SqlError::UnknownType { name, at } => ServerError::pg("42704", format!("type \"{name}\" does not exist"), pos(*at)),
                SqlError::UnknownFunction { name, at } => {
                    let mut e = ServerError::pg("42883", format!("function {name}() does not exist"), pos(*at));
                    e.detail = Some("HINT:  No function matches the given name and argument types. You might need to add explicit type casts.".into());
                    e
                }
                SqlError::NoSuchTable { name, at } => ServerError::pg("42P01", format!("relation \"{name}\" does not exist"), pos(*at)),
                SqlError::TableExists(n) => ServerError::pg("42P07", format!("relation \"{n}\" already exists"), None),
                SqlError::NoSuchColumn { name, at, .. } => ServerError::pg("42703", format!("column \"{name}\" does not exist"), pos(*at)),
                SqlError::ColumnCount => ServerError::pg("42601", "INSERT has more expressions than target columns".into(), None),
                SqlError::InvalidInput { ty, text, .. } => ServerError::pg("22P02", format!("invalid input syntax for type {}: \"{text}\"", ty.pg_name()), None),
                SqlError::NotNull { table, column, .. } => ServerError::pg("23502", format!("null value in column \"{column}\" of relation \"{table}\" violates not-null constraint"), None),
                SqlError::Duplicate { table, column, key, primary } => {
                    let name = if *primary { format!("{table}_pkey") } else { format!("{table}_{column}_key") };
                    let mut e = ServerError::pg("23505", format!("duplicate key value violates unique constraint \"{name}\""), None);
                    e.detail = Some(format!("DETAIL:  Key ({column})=({key}) already exists."));
                    e
                }
                SqlError::NoSuchDatabase(n) => ServerError::pg("3D000", format!("database \"{n}\" does not exist"), None),
                SqlError::DatabaseExists(n) => ServerError::pg("42P04", format!("database \"{n}\" already exists"), None),
                SqlError::NoDatabase => ServerError::pg("3D000", "no database selected".into(), None),
                SqlError::DivisionByZero => ServerError::pg("22012", "division by zero".into(), None),
            },
            Dialect::MySql => match self {
                SqlError::Syntax { at, .. } | SqlError::Unterminated { at } | SqlError::UnknownType { at, .. } => {
                    ServerError::my(1064, "42000", format!("You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '{}' at line 1", near(*at)))
                }
                SqlError::UnknownFunction { name, .. } => ServerError::my(1305, "42000", format!("FUNCTION {db}.{name} does not exist")),
                SqlError::NoSuchTable { name, .. } => ServerError::my(1146, "42S02", format!("Table '{db}.{name}' doesn't exist")),
                SqlError::TableExists(n) => ServerError::my(1050, "42S01", format!("Table '{n}' already exists")),
                SqlError::NoSuchColumn { name, clause, .. } => ServerError::my(1054, "42S22", format!("Unknown column '{name}' in '{clause}'")),
                SqlError::ColumnCount => ServerError::my(1136, "21S01", "Column count doesn't match value count at row 1".into()),
                SqlError::InvalidInput { ty, text, column } => {
                    let kind = match ty {
                        Type::Int => "integer",
                        Type::Float => "decimal",
                        Type::Timestamp | Type::TimestampTz => "datetime",
                        Type::Date => "date",
                        _ => "string",
                    };
                    ServerError::my(1366, "HY000", format!("Incorrect {kind} value: '{text}' for column '{column}' at row 1"))
                }
                SqlError::NotNull { column, explicit: true, .. } => ServerError::my(1048, "23000", format!("Column '{column}' cannot be null")),
                SqlError::NotNull { column, explicit: false, .. } => ServerError::my(1364, "HY000", format!("Field '{column}' doesn't have a default value")),
                SqlError::Duplicate { table, column, key, primary } => ServerError::my(1062, "23000", format!("Duplicate entry '{key}' for key '{table}.{}'", if *primary { "PRIMARY" } else { column })),
                SqlError::NoSuchDatabase(n) => ServerError::my(1049, "42000", format!("Unknown database '{n}'")),
                SqlError::DatabaseExists(n) => ServerError::my(1007, "HY000", format!("Can't create database '{n}'; database exists")),
                SqlError::NoDatabase => ServerError::my(1046, "3D000", "No database selected".into()),
                SqlError::DivisionByZero => ServerError::my(1365, "22012", "Division by 0".into()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_table_in_each_dialect() {
        let e = SqlError::NoSuchTable { name: "x".into(), at: 14 };
        let pg = e.render(Dialect::Postgres, "SELECT * FROM x;", "postgres");
        assert_eq!((pg.message.as_str(), pg.position), ("relation \"x\" does not exist", Some(15)));
        let my = e.render(Dialect::MySql, "SELECT * FROM x;", "shop");
        assert_eq!((my.code, my.state.as_str(), my.message.as_str()), (1146, "42S02", "Table 'shop.x' doesn't exist"));
    }

    #[test]
    fn mysql_syntax_errors_quote_the_rest_of_the_statement() {
        let e = SqlError::Syntax { near: Some("SELEC".into()), at: 0 };
        assert!(e.render(Dialect::MySql, "SELEC 1;", "").message.ends_with("near 'SELEC 1' at line 1"));
    }
}
