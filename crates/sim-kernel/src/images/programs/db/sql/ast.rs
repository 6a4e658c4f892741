//! The statements the SQL engine runs.

use super::value::{Type, Value};

/// A statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `CREATE TABLE [IF NOT EXISTS] name (columns)`.
    CreateTable { name: String, if_not_exists: bool, columns: Vec<ColumnDef> },
    /// `DROP TABLE [IF EXISTS] names`.
    DropTable { names: Vec<String>, if_exists: bool },
    /// `INSERT INTO table [(columns)] VALUES (...), ...`.
    Insert { table: String, columns: Option<Vec<String>>, rows: Vec<Vec<Expr>>, returning: Option<Vec<Item>> },
    /// `SELECT ...`.
    Select(Select),
    /// `UPDATE table SET col = expr, ... [WHERE ...]`.
    Update { table: String, sets: Vec<(String, Expr)>, filter: Option<Expr> },
    /// `DELETE FROM table [WHERE ...]`.
    Delete { table: String, filter: Option<Expr> },
    /// `CREATE DATABASE [IF NOT EXISTS] name`.
    CreateDatabase { name: String, if_not_exists: bool },
    /// `DROP DATABASE [IF EXISTS] name`.
    DropDatabase { name: String, if_exists: bool },
    /// MySQL's `USE name`.
    Use(String),
    /// MySQL's `SHOW DATABASES`.
    ShowDatabases,
    /// MySQL's `SHOW TABLES`.
    ShowTables,
    /// `DESCRIBE table`.
    Describe(String),
    /// `BEGIN`, `COMMIT`, `ROLLBACK`, `SET ...`: accepted, no effect; the tag to answer.
    Nothing(String),
}

/// A column in `CREATE TABLE`.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// The type as written (`VARCHAR(50)`), for `DESCRIBE`.
    pub type_text: String,
    /// `SERIAL` or `AUTO_INCREMENT`.
    pub auto: bool,
    /// `PRIMARY KEY`.
    pub primary: bool,
    /// `NOT NULL` (implied by `PRIMARY KEY`).
    pub not_null: bool,
    /// `UNIQUE`.
    pub unique: bool,
    /// `DEFAULT expr`.
    pub default: Option<Expr>,
}

/// A `SELECT`.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    /// What it lists.
    pub items: Vec<Item>,
    /// `FROM table`.
    pub from: Option<(String, usize)>,
    /// `WHERE`.
    pub filter: Option<Expr>,
    /// `ORDER BY expr [DESC]`.
    pub order: Vec<(Expr, bool)>,
    /// `LIMIT n`.
    pub limit: Option<usize>,
    /// `OFFSET n`.
    pub offset: usize,
}

/// One entry of a select list.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `*`.
    Star,
    /// An expression, its `AS` alias, and its source text (MySQL's column header).
    Expr { expr: Expr, alias: Option<String>, text: String },
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal.
    Lit(Value),
    /// A column, and where it was written.
    Col(String, usize),
    /// A function call; `COUNT(*)` has no arguments and `star`.
    Call { name: String, args: Vec<Expr>, star: bool },
    /// A binary operation (`=`, `<>`, `<`, `AND`, `+`, `LIKE`, ...), in upper case.
    Bin(String, Box<Expr>, Box<Expr>),
    /// `NOT e`.
    Not(Box<Expr>),
    /// `-e`.
    Neg(Box<Expr>),
    /// `e IS [NOT] NULL`.
    IsNull(Box<Expr>, bool),
    /// `e::type` or `CAST(e AS type)`.
    Cast(Box<Expr>, Type),
}

impl Expr {
    /// Whether this is (or contains) an aggregate call.
    pub fn is_aggregate(&self) -> bool {
        match self {
            Expr::Call { name, args, .. } => matches!(name.as_str(), "count" | "sum" | "min" | "max" | "avg") || args.iter().any(Expr::is_aggregate),
            Expr::Bin(_, a, b) => a.is_aggregate() || b.is_aggregate(),
            Expr::Not(a) | Expr::Neg(a) | Expr::IsNull(a, _) | Expr::Cast(a, _) => a.is_aggregate(),
            Expr::Lit(_) | Expr::Col(..) => false,
        }
    }
}
