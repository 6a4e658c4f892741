//! Runs statements on a catalog of databases and tables held in memory.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::ast::{ColumnDef, Expr, Item, Select, Stmt};
use super::parse::parse;
use super::value::{Type, Value};
use super::{Dialect, QueryResult, SqlError};

/// A column of a stored table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// The type as written.
    pub type_text: String,
    /// `SERIAL` / `AUTO_INCREMENT`.
    pub auto: bool,
    /// Part of the primary key.
    pub primary: bool,
    /// `NOT NULL`.
    pub not_null: bool,
    /// `UNIQUE`.
    pub unique: bool,
    /// `DEFAULT`: a value, or the time of the insert (`DEFAULT NOW()`).
    pub default: Option<Default>,
}

/// A column default.
#[derive(Debug, Clone, PartialEq)]
pub enum Default {
    /// A constant.
    Value(Value),
    /// The time of the insert.
    Now,
}

/// A table: its columns, rows, and the last number its serial column handed out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The rows, in insertion order.
    pub rows: Vec<Vec<Value>>,
    /// The serial counter.
    pub serial: i64,
}

impl Table {
    fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name.eq_ignore_ascii_case(name))
    }
}

impl Column {
    /// The digits after the point of a `DECIMAL(p,s)` / `NUMERIC(p,s)` column.
    fn scale(&self) -> Option<usize> {
        let lower = self.type_text.to_ascii_lowercase();
        if !(lower.starts_with("decimal") || lower.starts_with("numeric")) {
            return None;
        }
        lower.split_once(',')?.1.trim_end_matches(')').trim().parse().ok()
    }

    /// A stored value as the column shows it (`1.50` in a `DECIMAL(6,2)`).
    fn render(&self, v: &Value, d: Dialect) -> Option<String> {
        match (v, self.scale()) {
            (Value::Float(f), Some(s)) => Some(format!("{f:.s$}")),
            (Value::Int(i), Some(s)) if s > 0 => Some(format!("{i}.{}", "0".repeat(s))),
            _ => v.render(d),
        }
    }
}

/// The databases of one server.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catalog {
    /// Databases by name, each a map of tables by name.
    pub databases: BTreeMap<String, BTreeMap<String, Table>>,
}

/// One client's state: the dialect, the current database and the time of the statement.
#[derive(Debug, Clone)]
pub struct Session {
    /// Whose rules.
    pub dialect: Dialect,
    /// The current database (MySQL's may be none before `USE`).
    pub database: Option<String>,
    /// The statement's time, nanoseconds since the epoch (`NOW()`).
    pub now: i64,
    /// What `version()` answers.
    pub version: String,
}

/// The row a column expression reads from, if any.
type RowRef<'a> = Option<(&'a Table, &'a [Value])>;

impl Catalog {
    /// Parses and runs one statement.
    pub fn execute(&mut self, s: &mut Session, sql: &str) -> Result<QueryResult, SqlError> {
        let stmt = parse(sql, s.dialect)?;
        self.run(s, stmt)
    }

    /// Whether running `sql` could change the catalog (the server then saves it).
    pub fn is_write(sql: &str) -> bool {
        let first = sql.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        matches!(first.as_str(), "CREATE" | "DROP" | "INSERT" | "UPDATE" | "DELETE")
    }

    fn tables(&mut self, s: &Session) -> Result<&mut BTreeMap<String, Table>, SqlError> {
        let db = s.database.clone().ok_or(SqlError::NoDatabase)?;
        self.databases.get_mut(&db).ok_or(SqlError::NoSuchDatabase(db))
    }

    fn table(&mut self, s: &Session, name: &str, at: usize) -> Result<&mut Table, SqlError> {
        self.tables(s)?.get_mut(name).ok_or(SqlError::NoSuchTable { name: name.to_string(), at })
    }

    fn run(&mut self, s: &mut Session, stmt: Stmt) -> Result<QueryResult, SqlError> {
        let done = |tag: &str, affected: u64| QueryResult { tag: tag.to_string(), affected, ..QueryResult::default() };
        match stmt {
            Stmt::CreateTable { name, if_not_exists, columns } => {
                let now = s.now;
                let tables = self.tables(s)?;
                if tables.contains_key(&name) {
                    return if if_not_exists { Ok(done("CREATE TABLE", 0)) } else { Err(SqlError::TableExists(name)) };
                }
                let columns = columns.into_iter().map(|c| column(c, now)).collect::<Result<_, _>>()?;
                tables.insert(name, Table { columns, ..Table::default() });
                Ok(done("CREATE TABLE", 0))
            }
            Stmt::DropTable { names, if_exists } => {
                let tables = self.tables(s)?;
                if let Some(missing) = names.iter().find(|n| !tables.contains_key(*n)).filter(|_| !if_exists) {
                    return Err(SqlError::NoSuchTable { name: missing.clone(), at: 0 });
                }
                for n in &names {
                    tables.remove(n);
                }
                Ok(done("DROP TABLE", 0))
            }
            Stmt::CreateDatabase { name, if_not_exists } => {
                if self.databases.contains_key(&name) {
                    return if if_not_exists { Ok(done("CREATE DATABASE", 0)) } else { Err(SqlError::DatabaseExists(name)) };
                }
                self.databases.insert(name, BTreeMap::new());
                Ok(done("CREATE DATABASE", 1))
            }
            Stmt::DropDatabase { name, if_exists } => match self.databases.remove(&name) {
                Some(tables) => Ok(done("DROP DATABASE", tables.len() as u64)),
                None if if_exists => Ok(done("DROP DATABASE", 0)),
                None => Err(SqlError::NoSuchDatabase(name)),
            },
            Stmt::Use(name) => {
                if !self.databases.contains_key(&name) {
                    return Err(SqlError::NoSuchDatabase(name));
                }
                s.database = Some(name);
                Ok(done("USE", 0))
            }
            Stmt::ShowDatabases => {
                let rows = self.databases.keys().map(|d| vec![Some(d.clone())]).collect();
                Ok(QueryResult { columns: vec!["Database".into()], numeric: vec![false], rows, returns_rows: true, ..QueryResult::default() })
            }
            Stmt::ShowTables => {
                let db = s.database.clone().ok_or(SqlError::NoDatabase)?;
                let rows = self.tables(s)?.keys().map(|t| vec![Some(t.clone())]).collect();
                Ok(QueryResult { columns: vec![format!("Tables_in_{db}")], numeric: vec![false], rows, returns_rows: true, ..QueryResult::default() })
            }
            Stmt::Describe(name) => {
                let t = self.table(s, &name, 0)?;
                let rows = t
                    .columns
                    .iter()
                    .map(|c| {
                        let default = match &c.default {
                            Some(Default::Now) => Some("CURRENT_TIMESTAMP".to_string()),
                            Some(Default::Value(v)) => v.render(Dialect::MySql),
                            None => None,
                        };
                        let key = if c.primary { "PRI" } else if c.unique { "UNI" } else { "" };
                        vec![Some(c.name.clone()), Some(c.type_text.to_lowercase()), Some(if c.not_null { "NO" } else { "YES" }.into()), Some(key.into()), default, Some(if c.auto { "auto_increment" } else { "" }.into())]
                    })
                    .collect();
                let columns = ["Field", "Type", "Null", "Key", "Default", "Extra"].map(String::from).to_vec();
                Ok(QueryResult { numeric: vec![false; 6], columns, rows, returns_rows: true, ..QueryResult::default() })
            }
            Stmt::Nothing(tag) => Ok(done(&tag, 0)),
            Stmt::Insert { table, columns, rows, returning } => self.insert(s, &table, columns, rows, returning),
            Stmt::Select(sel) => self.select(s, &sel),
            Stmt::Update { table, sets, filter } => {
                let (dialect, now) = (s.dialect, s.now);
                let ctx = Ctx { dialect, now, version: s.version.clone() };
                let t = self.table(s, &table, 0)?;
                let mut targets = Vec::new();
                for (col, _) in &sets {
                    targets.push(t.column(col).ok_or(SqlError::NoSuchColumn { name: col.clone(), at: 0, clause: "field list" })?);
                }
                let (mut matched, mut changed) = (0, 0);
                for i in 0..t.rows.len() {
                    let row = t.rows[i].clone();
                    if let Some(f) = &filter {
                        if !ctx.eval(f, Some((t, &row)), "where clause")?.truthy() {
                            continue;
                        }
                    }
                    matched += 1;
                    let mut new = row.clone();
                    for ((_, e), &ci) in sets.iter().zip(&targets) {
                        let v = ctx.eval(e, Some((t, &row)), "field list")?;
                        new[ci] = coerce(v, &t.columns[ci])?;
                    }
                    if new != row {
                        changed += 1;
                    }
                    t.rows[i] = new;
                }
                Ok(QueryResult { tag: format!("UPDATE {matched}"), affected: changed, matched, ..QueryResult::default() })
            }
            Stmt::Delete { table, filter } => {
                let ctx = Ctx { dialect: s.dialect, now: s.now, version: s.version.clone() };
                let t = self.table(s, &table, 0)?;
                let mut keep = Vec::new();
                let mut gone = 0;
                for row in std::mem::take(&mut t.rows) {
                    let hit = match &filter {
                        Some(f) => ctx.eval(f, Some((t, &row)), "where clause")?.truthy(),
                        None => true,
                    };
                    if hit {
                        gone += 1;
                    } else {
                        keep.push(row);
                    }
                }
                t.rows = keep;
                Ok(done(&format!("DELETE {gone}"), gone))
            }
        }
    }

    fn insert(&mut self, s: &Session, name: &str, columns: Option<Vec<String>>, rows: Vec<Vec<Expr>>, returning: Option<Vec<Item>>) -> Result<QueryResult, SqlError> {
        let ctx = Ctx { dialect: s.dialect, now: s.now, version: s.version.clone() };
        let at = 0;
        let t = self.table(s, name, at)?;
        let targets: Vec<usize> = match &columns {
            Some(cols) => cols.iter().map(|c| t.column(c).ok_or(SqlError::NoSuchColumn { name: c.clone(), at: 0, clause: "field list" })).collect::<Result<_, _>>()?,
            None => (0..t.columns.len()).collect(),
        };
        let mut added = Vec::new();
        for exprs in &rows {
            if exprs.len() > targets.len() || (columns.is_some() && exprs.len() != targets.len() && s.dialect == Dialect::MySql) {
                return Err(SqlError::ColumnCount);
            }
            let mut row = vec![None; t.columns.len()];
            for (e, &ci) in exprs.iter().zip(&targets) {
                row[ci] = Some(ctx.eval(e, None, "field list")?);
            }
            let mut full = Vec::new();
            for (ci, c) in t.columns.iter().enumerate() {
                let explicit = row[ci].is_some();
                let mut v = row[ci].clone().unwrap_or(Value::Null);
                if c.auto && (!explicit || (v == Value::Null && s.dialect == Dialect::MySql)) {
                    t.serial += 1;
                    v = Value::Int(t.serial);
                } else if !explicit {
                    v = match &c.default {
                        Some(Default::Value(d)) => d.clone(),
                        Some(Default::Now) => Value::Time(s.now, c.ty == Type::TimestampTz),
                        None => Value::Null,
                    };
                }
                let v = coerce(v, c)?;
                if c.auto {
                    if let Value::Int(i) = v {
                        t.serial = t.serial.max(i);
                    }
                }
                if v == Value::Null && c.not_null {
                    return Err(SqlError::NotNull { table: name.to_string(), column: c.name.clone(), explicit });
                }
                if (c.primary || c.unique) && v != Value::Null && t.rows.iter().chain(&added).any(|r: &Vec<Value>| r[ci] == v) {
                    return Err(SqlError::Duplicate { table: name.to_string(), column: c.name.clone(), key: v.render(s.dialect).unwrap_or_default(), primary: c.primary });
                }
                full.push(v);
            }
            added.push(full);
        }
        let n = added.len() as u64;
        let mut result = QueryResult { tag: format!("INSERT 0 {n}"), affected: n, multi_row: n > 1, ..QueryResult::default() };
        if let Some(items) = returning {
            let t = &*t;
            let sel = project(&ctx, t, &items, &added)?;
            result.columns = sel.columns;
            result.numeric = sel.numeric;
            result.rows = sel.rows;
            result.returns_rows = true;
        }
        t.rows.extend(added);
        Ok(result)
    }

    fn select(&mut self, s: &Session, sel: &Select) -> Result<QueryResult, SqlError> {
        let ctx = Ctx { dialect: s.dialect, now: s.now, version: s.version.clone() };
        let empty = Table::default();
        let (t, mut rows): (&Table, Vec<Vec<Value>>) = match &sel.from {
            Some((name, at)) => {
                let t = &*self.table(s, name, *at)?;
                (t, t.rows.clone())
            }
            None => (&empty, vec![vec![]]),
        };
        if let Some(f) = &sel.filter {
            let mut kept = Vec::new();
            for r in rows {
                if ctx.eval(f, Some((t, &r)), "where clause")?.truthy() {
                    kept.push(r);
                }
            }
            rows = kept;
        }
        let aggregate = sel.items.iter().any(|i| matches!(i, Item::Expr { expr, .. } if expr.is_aggregate()));
        if aggregate {
            let mut out = QueryResult { returns_rows: true, ..QueryResult::default() };
            let mut row = Vec::new();
            for item in &sel.items {
                let Item::Expr { expr, alias, text } = item else { return Err(SqlError::Syntax { near: Some("*".into()), at: 0 }) };
                let v = ctx.aggregate(expr, t, &rows)?;
                out.columns.push(header(s.dialect, expr, alias, text));
                out.numeric.push(matches!(v.ty(), Some(ty) if ty.is_numeric()));
                row.push(v.render(s.dialect));
            }
            out.rows.push(row);
            out.tag = "SELECT 1".into();
            return Ok(out);
        }
        if !sel.order.is_empty() {
            let mut keyed = Vec::new();
            for r in rows {
                let mut keys = Vec::new();
                for (e, _) in &sel.order {
                    keys.push(ctx.order_key(e, t, &r, &sel.items)?);
                }
                keyed.push((keys, r));
            }
            wharf_engine::sort::by(&mut keyed, |(a, _), (b, _)| {
                for (i, (_, desc)) in sel.order.iter().enumerate() {
                    // NULLs sort last ascending in PostgreSQL, first in MySQL.
                    let o = match (&a[i], &b[i]) {
                        (Value::Null, Value::Null) => Ordering::Equal,
                        (Value::Null, _) => if s.dialect == Dialect::Postgres { Ordering::Greater } else { Ordering::Less },
                        (_, Value::Null) => if s.dialect == Dialect::Postgres { Ordering::Less } else { Ordering::Greater },
                        (x, y) => x.compare(y).unwrap_or(Ordering::Equal),
                    };
                    let o = if *desc { o.reverse() } else { o };
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                Ordering::Equal
            });
            rows = keyed.into_iter().map(|(_, r)| r).collect();
        }
        let rows: Vec<Vec<Value>> = rows.into_iter().skip(sel.offset).take(sel.limit.unwrap_or(usize::MAX)).collect();
        let mut out = project(&ctx, t, &sel.items, &rows)?;
        out.tag = format!("SELECT {}", out.rows.len());
        Ok(out)
    }
}

/// A column definition as stored: its default evaluated now unless it is the insert's time.
fn column(c: ColumnDef, now: i64) -> Result<Column, SqlError> {
    let default = match c.default {
        None => None,
        Some(Expr::Call { name, .. }) if name == "now" || name == "current_timestamp" => Some(Default::Now),
        Some(e) => Some(Default::Value(Ctx { dialect: Dialect::Postgres, now, version: String::new() }.eval(&e, None, "field list")?)),
    };
    Ok(Column { name: c.name, ty: c.ty, type_text: c.type_text, auto: c.auto, primary: c.primary, not_null: c.not_null, unique: c.unique, default })
}

/// The header of a select-list column.
fn header(d: Dialect, e: &Expr, alias: &Option<String>, text: &str) -> String {
    if let Some(a) = alias {
        return a.clone();
    }
    match d {
        Dialect::MySql => text.to_string(),
        Dialect::Postgres => match e {
            Expr::Col(n, _) => n.clone(),
            Expr::Call { name, .. } => name.clone(),
            Expr::Cast(inner, ty) => match &**inner {
                Expr::Col(n, _) => n.clone(),
                _ => match ty {
                    Type::Int => "int4".into(),
                    Type::Text => "text".into(),
                    _ => "?column?".into(),
                },
            },
            _ => "?column?".into(),
        },
    }
}

/// Evaluates a select list over rows.
fn project(ctx: &Ctx, t: &Table, items: &[Item], rows: &[Vec<Value>]) -> Result<QueryResult, SqlError> {
    let mut out = QueryResult { returns_rows: true, ..QueryResult::default() };
    let mut numeric: Vec<Option<bool>> = Vec::new();
    for item in items {
        match item {
            Item::Star => {
                for c in &t.columns {
                    out.columns.push(c.name.clone());
                    numeric.push(Some(c.ty.is_numeric()));
                }
            }
            Item::Expr { expr, alias, text } => {
                out.columns.push(header(ctx.dialect, expr, alias, text));
                numeric.push(match expr {
                    Expr::Col(n, _) => t.column(n).map(|i| t.columns[i].ty.is_numeric()),
                    _ => None,
                });
            }
        }
    }
    for r in rows {
        let mut line = Vec::new();
        let mut col = 0;
        for item in items {
            match item {
                Item::Star => {
                    for (v, c) in r.iter().zip(&t.columns) {
                        line.push(c.render(v, ctx.dialect));
                        col += 1;
                    }
                }
                Item::Expr { expr, .. } => {
                    let v = ctx.eval(expr, Some((t, r)), "field list")?;
                    if numeric[col].is_none() && v != Value::Null {
                        numeric[col] = Some(v.ty().is_some_and(Type::is_numeric));
                    }
                    let column = match expr {
                        Expr::Col(n, _) => t.column(n).map(|i| &t.columns[i]),
                        _ => None,
                    };
                    line.push(match column {
                        Some(c) => c.render(&v, ctx.dialect),
                        None => v.render(ctx.dialect),
                    });
                    col += 1;
                }
            }
        }
        out.rows.push(line);
    }
    // With no rows to look at, still check that the columns exist.
    if rows.is_empty() {
        let none: Vec<Value> = t.columns.iter().map(|_| Value::Null).collect();
        for item in items {
            if let Item::Expr { expr, .. } = item {
                ctx.eval(expr, Some((t, &none)), "field list")?;
            }
        }
    }
    out.numeric = numeric.into_iter().map(|n| n.unwrap_or(false)).collect();
    Ok(out)
}

/// Converts a value to a column's type, as an assignment does.
fn coerce(v: Value, c: &Column) -> Result<Value, SqlError> {
    let bad = |text: String| SqlError::InvalidInput { ty: c.ty, text, column: c.name.clone() };
    Ok(match (c.ty, v) {
        (_, Value::Null) => Value::Null,
        (Type::Int, Value::Float(f)) => Value::Int(f.round() as i64),
        (Type::Int, Value::Bool(b)) => Value::Int(b as i64),
        (Type::Int, Value::Text(s)) => Value::Int(s.trim().parse().map_err(|_| bad(s.clone()))?),
        (Type::Float, Value::Int(i)) => Value::Float(i as f64),
        (Type::Float, Value::Text(s)) => Value::Float(s.trim().parse().map_err(|_| bad(s.clone()))?),
        (Type::Bool, Value::Int(i)) => Value::Bool(i != 0),
        (Type::Bool, Value::Text(s)) => match s.to_ascii_lowercase().as_str() {
            "t" | "true" | "yes" | "y" | "on" | "1" => Value::Bool(true),
            "f" | "false" | "no" | "n" | "off" | "0" => Value::Bool(false),
            _ => return Err(bad(s)),
        },
        (Type::Text, v @ (Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Time(..) | Value::Date(_))) => Value::Text(v.render(Dialect::Postgres).unwrap_or_default()),
        (Type::Timestamp | Type::TimestampTz, Value::Text(s)) => Value::Time(parse_time(&s).ok_or_else(|| bad(s.clone()))?, c.ty == Type::TimestampTz),
        (Type::Timestamp, Value::Time(t, _)) => Value::Time(t, false),
        (Type::TimestampTz, Value::Time(t, _)) => Value::Time(t, true),
        (Type::Date, Value::Text(s)) => Value::Date(parse_time(&s).ok_or_else(|| bad(s.clone()))? / 1_000_000_000),
        (Type::Date, Value::Time(t, _)) => Value::Date(t.div_euclid(86_400_000_000_000) * 86_400),
        (_, v) => v,
    })
}

/// `YYYY-MM-DD[ HH:MM[:SS]]` as nanoseconds since the epoch (UTC).
fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, time) = s.split_once([' ', 'T']).unwrap_or((s, "00:00:00"));
    let d: Vec<i64> = date.split('-').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    let t: Vec<i64> = time.trim_end_matches('Z').split(':').map(|x| x.split('.').next().unwrap_or("0").parse().ok()).collect::<Option<_>>()?;
    if d.len() != 3 || t.is_empty() {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let (y, m, day) = (if d[1] <= 2 { d[0] - 1 } else { d[0] }, d[1], d[2]);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + t[0] * 3600 + t.get(1).unwrap_or(&0) * 60 + t.get(2).unwrap_or(&0);
    Some(secs * 1_000_000_000)
}

/// What expressions need besides a row.
struct Ctx {
    dialect: Dialect,
    now: i64,
    version: String,
}

impl Ctx {
    fn eval(&self, e: &Expr, row: RowRef, clause: &'static str) -> Result<Value, SqlError> {
        Ok(match e {
            Expr::Lit(v) => v.clone(),
            Expr::Col(name, at) => match row.and_then(|(t, r)| t.column(name).map(|i| r[i].clone())) {
                Some(v) => v,
                None => return Err(SqlError::NoSuchColumn { name: name.clone(), at: *at, clause }),
            },
            Expr::Call { name, args, .. } => {
                let vals = args.iter().map(|a| self.eval(a, row, clause)).collect::<Result<Vec<_>, _>>()?;
                match name.as_str() {
                    "now" | "current_timestamp" | "localtimestamp" => Value::Time(self.now, self.dialect == Dialect::Postgres),
                    "version" => Value::Text(self.version.clone()),
                    "current_database" | "database" => Value::Text(String::new()),
                    "upper" => text_fn(&vals, |s| s.to_uppercase()),
                    "lower" => text_fn(&vals, |s| s.to_lowercase()),
                    "length" | "char_length" => match vals.first() {
                        Some(Value::Null) | None => Value::Null,
                        Some(v) => Value::Int(v.render(self.dialect).unwrap_or_default().chars().count() as i64),
                    },
                    "concat" => Value::Text(vals.iter().filter_map(|v| v.render(self.dialect)).collect()),
                    "coalesce" | "ifnull" => vals.into_iter().find(|v| *v != Value::Null).unwrap_or(Value::Null),
                    _ => return Err(SqlError::UnknownFunction { name: name.clone(), at: 0 }),
                }
            }
            Expr::Not(a) => match self.eval(a, row, clause)? {
                Value::Null => Value::Null,
                v => Value::Bool(!v.truthy()),
            },
            Expr::Neg(a) => match self.eval(a, row, clause)? {
                Value::Int(i) => Value::Int(-i),
                Value::Float(f) => Value::Float(-f),
                v => v,
            },
            Expr::IsNull(a, negated) => Value::Bool((self.eval(a, row, clause)? == Value::Null) != *negated),
            Expr::Cast(a, ty) => {
                let v = self.eval(a, row, clause)?;
                coerce(v, &Column { name: String::new(), ty: *ty, type_text: String::new(), auto: false, primary: false, not_null: false, unique: false, default: None })?
            }
            Expr::Bin(op, a, b) => {
                let (x, y) = (self.eval(a, row, clause)?, self.eval(b, row, clause)?);
                self.binary(op, x, y)?
            }
        })
    }

    fn binary(&self, op: &str, x: Value, y: Value) -> Result<Value, SqlError> {
        let boolean = |v: bool| if self.dialect == Dialect::MySql { Value::Int(v as i64) } else { Value::Bool(v) };
        match op {
            "AND" => Ok(match (&x, &y) {
                (Value::Null, _) | (_, Value::Null) if x.truthy() || y.truthy() || (x == Value::Null && y == Value::Null) => Value::Null,
                _ => boolean(x.truthy() && y.truthy()),
            }),
            "OR" => Ok(if x.truthy() || y.truthy() { boolean(true) } else if x == Value::Null || y == Value::Null { Value::Null } else { boolean(false) }),
            "LIKE" => Ok(match (x.render(self.dialect), y.render(self.dialect)) {
                (Some(s), Some(p)) => boolean(like(&s, &p, self.dialect == Dialect::MySql)),
                _ => Value::Null,
            }),
            "=" | "<>" | "<" | ">" | "<=" | ">=" => {
                let (x, y) = unify(x, y);
                let Some(o) = x.compare(&y) else { return Ok(Value::Null) };
                Ok(boolean(match op {
                    "=" => o == Ordering::Equal,
                    "<>" => o != Ordering::Equal,
                    "<" => o == Ordering::Less,
                    ">" => o == Ordering::Greater,
                    "<=" => o != Ordering::Greater,
                    _ => o != Ordering::Less,
                }))
            }
            _ => {
                let (x, y) = unify(x, y);
                Ok(match (x, y) {
                    (Value::Null, _) | (_, Value::Null) => Value::Null,
                    (Value::Int(a), Value::Int(b)) => match op {
                        "+" => Value::Int(a.wrapping_add(b)),
                        "-" => Value::Int(a.wrapping_sub(b)),
                        "*" => Value::Int(a.wrapping_mul(b)),
                        _ if b == 0 => return Err(SqlError::DivisionByZero),
                        _ if self.dialect == Dialect::MySql => Value::Float(a as f64 / b as f64),
                        _ => Value::Int(a / b),
                    },
                    (a, b) => {
                        let (Some(a), Some(b)) = (as_f64(&a), as_f64(&b)) else { return Ok(Value::Null) };
                        match op {
                            "+" => Value::Float(a + b),
                            "-" => Value::Float(a - b),
                            "*" => Value::Float(a * b),
                            _ if b == 0.0 => return Err(SqlError::DivisionByZero),
                            _ => Value::Float(a / b),
                        }
                    }
                })
            }
        }
    }

    /// The value an `ORDER BY` term sorts on: a column of the row, or a select-list alias.
    fn order_key(&self, e: &Expr, t: &Table, r: &[Value], items: &[Item]) -> Result<Value, SqlError> {
        if let Expr::Col(n, _) = e {
            if t.column(n).is_none() {
                if let Some(Item::Expr { expr, .. }) = items.iter().find(|i| matches!(i, Item::Expr { alias: Some(a), .. } if a.eq_ignore_ascii_case(n))) {
                    return self.eval(expr, Some((t, r)), "order clause");
                }
            }
        }
        if let Expr::Lit(Value::Int(i)) = e {
            if let Some(Item::Expr { expr, .. }) = items.get((*i as usize).wrapping_sub(1)) {
                return self.eval(expr, Some((t, r)), "order clause");
            }
        }
        self.eval(e, Some((t, r)), "order clause")
    }

    fn aggregate(&self, e: &Expr, t: &Table, rows: &[Vec<Value>]) -> Result<Value, SqlError> {
        match e {
            Expr::Call { name, args, star } if e.is_aggregate() && !args.iter().any(Expr::is_aggregate) => {
                let vals: Vec<Value> = if *star {
                    rows.iter().map(|_| Value::Int(1)).collect()
                } else {
                    let arg = args.first().ok_or(SqlError::Syntax { near: Some(")".into()), at: 0 })?;
                    rows.iter().map(|r| self.eval(arg, Some((t, r)), "field list")).collect::<Result<Vec<_>, _>>()?.into_iter().filter(|v| *v != Value::Null).collect()
                };
                Ok(match name.as_str() {
                    "count" => Value::Int(vals.len() as i64),
                    "sum" if vals.is_empty() => Value::Null,
                    "sum" => vals.into_iter().try_fold(Value::Int(0), |acc, v| self.binary("+", acc, v))?,
                    "avg" if vals.is_empty() => Value::Null,
                    "avg" => Value::Float(vals.iter().filter_map(as_f64).sum::<f64>() / vals.len() as f64),
                    "min" => vals.into_iter().min_by(|a, b| a.compare(b).unwrap_or(Ordering::Equal)).unwrap_or(Value::Null),
                    _ => vals.into_iter().max_by(|a, b| a.compare(b).unwrap_or(Ordering::Equal)).unwrap_or(Value::Null),
                })
            }
            Expr::Bin(op, a, b) => {
                let (x, y) = (self.aggregate(a, t, rows)?, self.aggregate(b, t, rows)?);
                self.binary(op, x, y)
            }
            other => match rows.first() {
                Some(r) => self.eval(other, Some((t, r)), "field list"),
                None => self.eval(other, None, "field list"),
            },
        }
    }
}

fn text_fn(vals: &[Value], f: impl Fn(&str) -> String) -> Value {
    match vals.first() {
        Some(Value::Text(s)) => Value::Text(f(s)),
        Some(v) => v.clone(),
        None => Value::Null,
    }
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::Text(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

/// Brings a text literal to the other side's kind, as an untyped literal is read.
fn unify(x: Value, y: Value) -> (Value, Value) {
    let conv = |text: &str, like: &Value| -> Option<Value> {
        match like {
            Value::Int(_) => text.trim().parse().ok().map(Value::Int).or_else(|| text.trim().parse().ok().map(Value::Float)),
            Value::Float(_) => text.trim().parse().ok().map(Value::Float),
            Value::Bool(_) => match text.to_ascii_lowercase().as_str() {
                "t" | "true" | "1" => Some(Value::Bool(true)),
                "f" | "false" | "0" => Some(Value::Bool(false)),
                _ => None,
            },
            Value::Time(_, tz) => parse_time(text).map(|t| Value::Time(t, *tz)),
            _ => None,
        }
    };
    match (&x, &y) {
        (Value::Text(s), other) if !matches!(other, Value::Text(_) | Value::Null) => match conv(s, other) {
            Some(v) => (v, y),
            None => (x, y),
        },
        (other, Value::Text(s)) if !matches!(other, Value::Text(_) | Value::Null) => match conv(s, other) {
            Some(v) => (x, v),
            None => (x, y),
        },
        (Value::Int(a), Value::Bool(_)) => (Value::Bool(*a != 0), y),
        (Value::Bool(_), Value::Int(b)) => (x, Value::Bool(*b != 0)),
        _ => (x, y),
    }
}

/// SQL `LIKE`: `%` any run, `_` one character (MySQL compares without case).
fn like(s: &str, p: &str, fold: bool) -> bool {
    let (s, p): (Vec<char>, Vec<char>) = if fold { (s.to_lowercase().chars().collect(), p.to_lowercase().chars().collect()) } else { (s.chars().collect(), p.chars().collect()) };
    fn go(s: &[char], p: &[char]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some('%') => (0..=s.len()).any(|i| go(&s[i..], &p[1..])),
            Some('_') => !s.is_empty() && go(&s[1..], &p[1..]),
            Some(c) => s.first() == Some(c) && go(&s[1..], &p[1..]),
        }
    }
    go(&s, &p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg() -> (Catalog, Session) {
        let mut c = Catalog::default();
        c.databases.insert("postgres".into(), BTreeMap::new());
        (c, Session { dialect: Dialect::Postgres, database: Some("postgres".into()), now: 1_700_000_000_000_000_000, version: "PostgreSQL 15.1".into() })
    }

    fn rows(r: &QueryResult) -> Vec<Vec<String>> {
        r.rows.iter().map(|row| row.iter().map(|c| c.clone().unwrap_or_else(|| "NULL".into())).collect()).collect()
    }

    #[test]
    fn create_insert_select() {
        let (mut c, mut s) = pg();
        assert_eq!(c.execute(&mut s, "CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, age INT)").unwrap().tag, "CREATE TABLE");
        assert_eq!(c.execute(&mut s, "INSERT INTO users (name, age) VALUES ('alice', 30)").unwrap().tag, "INSERT 0 1");
        assert_eq!(c.execute(&mut s, "INSERT INTO users (name, age) VALUES ('bob', 25), ('carol', NULL)").unwrap().tag, "INSERT 0 2");
        let r = c.execute(&mut s, "SELECT * FROM users ORDER BY age").unwrap();
        assert_eq!(r.columns, vec!["id", "name", "age"]);
        assert_eq!(r.numeric, vec![true, false, true]);
        assert_eq!(rows(&r), vec![vec!["2", "bob", "25"], vec!["1", "alice", "30"], vec!["3", "carol", "NULL"]]);
        let r = c.execute(&mut s, "select name from users where id = '1'").unwrap();
        assert_eq!(rows(&r), vec![vec!["alice"]]);
        let r = c.execute(&mut s, "SELECT COUNT(*) FROM users WHERE age > 20").unwrap();
        assert_eq!((r.columns.clone(), rows(&r)), (vec!["count".to_string()], vec![vec!["2".to_string()]]));
    }

    #[test]
    fn errors_name_what_is_missing() {
        let (mut c, mut s) = pg();
        assert_eq!(c.execute(&mut s, "SELECT * FROM nope"), Err(SqlError::NoSuchTable { name: "nope".into(), at: 14 }));
        c.execute(&mut s, "CREATE TABLE t (id INT PRIMARY KEY, n TEXT NOT NULL)").unwrap();
        assert_eq!(c.execute(&mut s, "CREATE TABLE t (a INT)"), Err(SqlError::TableExists("t".into())));
        assert!(matches!(c.execute(&mut s, "SELECT x FROM t"), Err(SqlError::NoSuchColumn { ref name, at: 7, .. }) if name == "x"));
        assert!(matches!(c.execute(&mut s, "INSERT INTO t VALUES (1)"), Err(SqlError::NotNull { explicit: false, .. })));
        c.execute(&mut s, "INSERT INTO t VALUES (1, 'a')").unwrap();
        assert!(matches!(c.execute(&mut s, "INSERT INTO t VALUES (1, 'b')"), Err(SqlError::Duplicate { primary: true, .. })));
        assert!(matches!(c.execute(&mut s, "INSERT INTO t VALUES ('x', 'b')"), Err(SqlError::InvalidInput { ty: Type::Int, .. })));
    }

    #[test]
    fn now_version_and_expressions_without_a_table() {
        let (mut c, mut s) = pg();
        let r = c.execute(&mut s, "SELECT NOW()").unwrap();
        assert_eq!((r.columns[0].as_str(), r.rows[0][0].as_deref()), ("now", Some("2023-11-14 22:13:20+00")));
        let r = c.execute(&mut s, "select version(), 1 + 2 as three, 'a' = 'a'").unwrap();
        assert_eq!(rows(&r), vec![vec!["PostgreSQL 15.1", "3", "t"]]);
        assert_eq!(r.columns, vec!["version", "three", "?column?"]);
    }

    #[test]
    fn decimals_show_their_scale() {
        let (mut c, mut s) = pg();
        c.execute(&mut s, "CREATE TABLE p (price NUMERIC(6,2), n REAL)").unwrap();
        c.execute(&mut s, "INSERT INTO p VALUES (1.5, 1.5), (3, 2)").unwrap();
        assert_eq!(rows(&c.execute(&mut s, "SELECT * FROM p").unwrap()), vec![vec!["1.50", "1.5"], vec!["3.00", "2"]]);
        assert_eq!(rows(&c.execute(&mut s, "SELECT price FROM p WHERE n = 2").unwrap()), vec![vec!["3.00"]]);
    }

    #[test]
    fn update_delete_and_drop() {
        let (mut c, mut s) = pg();
        c.execute(&mut s, "CREATE TABLE t (id INT, n TEXT)").unwrap();
        c.execute(&mut s, "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')").unwrap();
        assert_eq!(c.execute(&mut s, "UPDATE t SET n = 'z' WHERE id >= 2").unwrap().tag, "UPDATE 2");
        assert_eq!(c.execute(&mut s, "DELETE FROM t WHERE n = 'z'").unwrap().tag, "DELETE 2");
        assert_eq!(rows(&c.execute(&mut s, "SELECT n FROM t").unwrap()), vec![vec!["a"]]);
        c.execute(&mut s, "DROP TABLE t").unwrap();
        assert!(c.execute(&mut s, "SELECT * FROM t").is_err());
    }

    #[test]
    fn mysql_databases_and_headers() {
        let mut c = Catalog::default();
        let mut s = Session { dialect: Dialect::MySql, database: None, now: 0, version: "8.0.35".into() };
        assert_eq!(c.execute(&mut s, "CREATE TABLE t (a INT)"), Err(SqlError::NoDatabase));
        c.execute(&mut s, "CREATE DATABASE shop").unwrap();
        c.execute(&mut s, "USE shop").unwrap();
        assert_eq!(s.database.as_deref(), Some("shop"));
        c.execute(&mut s, "CREATE TABLE Items (id INT AUTO_INCREMENT PRIMARY KEY, Name VARCHAR(20))").unwrap();
        c.execute(&mut s, "INSERT INTO Items (Name) VALUES (\"pen\")").unwrap();
        c.execute(&mut s, "INSERT INTO Items VALUES (NULL, 'ink')").unwrap();
        let r = c.execute(&mut s, "SELECT COUNT(*), MAX(id) FROM Items WHERE name LIKE 'P%'").unwrap();
        assert_eq!(r.columns, vec!["COUNT(*)", "MAX(id)"]);
        assert_eq!(rows(&r), vec![vec!["1", "1"]]);
        assert_eq!(rows(&c.execute(&mut s, "SELECT id FROM Items WHERE Name = 'ink'").unwrap()), vec![vec!["2"]]);
        assert!(c.execute(&mut s, "SELECT * FROM items").is_err(), "table names keep their case");
    }
}
