//! A recursive-descent parser for the SQL the course types: DDL, `INSERT`, `SELECT` with
//! `WHERE`/`ORDER BY`/`LIMIT`, `UPDATE`, `DELETE`, and MySQL's `USE`/`SHOW`.

use super::ast::{ColumnDef, Expr, Item, Select, Stmt};
use super::lex::{lex, Spanned, Tok};
use super::value::{Type, Value};
use super::{Dialect, SqlError};

/// Splits a script into statements at top-level `;`, keeping each one's text and its `;`
/// (psql shows the statement as sent when it points at an error).
pub fn split_statements(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in src.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' || c == '`' => quote = Some(c),
            None if c == ';' => {
                if !cur.trim().is_empty() {
                    cur.push(';');
                    out.push(cur.trim().to_string());
                }
                cur.clear();
                continue;
            }
            None => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Parses one statement (a trailing `;` allowed).
pub fn parse(src: &str, dialect: Dialect) -> Result<Stmt, SqlError> {
    let toks = lex(src)?;
    let mut p = Parser { toks, pos: 0, src, dialect };
    let stmt = p.statement()?;
    p.eat_sym(";");
    if p.pos < p.toks.len() {
        return Err(p.unexpected());
    }
    Ok(stmt)
}

struct Parser<'a> {
    toks: Vec<Spanned>,
    pos: usize,
    src: &'a str,
    dialect: Dialect,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.src.len(), |t| t.at)
    }

    fn unexpected(&self) -> SqlError {
        match self.toks.get(self.pos) {
            Some(t) => SqlError::Syntax { near: Some(self.src[t.at..t.end].to_string()), at: t.at },
            None => SqlError::Syntax { near: None, at: self.src.len() },
        }
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw))
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_kw(&mut self, kw: &str) -> Result<(), SqlError> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn eat_sym(&mut self, s: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Sym(x)) if *x == s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_sym(&mut self, s: &str) -> Result<(), SqlError> {
        if self.eat_sym(s) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// A name: PostgreSQL folds unquoted names to lower case, MySQL keeps them.
    fn name(&mut self) -> Result<String, SqlError> {
        let n = match self.peek() {
            Some(Tok::Word(w)) if !is_reserved(w) => match self.dialect {
                Dialect::Postgres => w.to_lowercase(),
                Dialect::MySql => w.clone(),
            },
            Some(Tok::Quoted(q)) => q.clone(),
            _ => return Err(self.unexpected()),
        };
        self.pos += 1;
        Ok(n)
    }

    fn statement(&mut self) -> Result<Stmt, SqlError> {
        let Some(Tok::Word(w)) = self.peek() else { return Err(self.unexpected()) };
        let w = w.to_uppercase();
        self.pos += 1;
        match w.as_str() {
            "SELECT" => Ok(Stmt::Select(self.select()?)),
            "CREATE" => self.create(),
            "DROP" => self.drop(),
            "INSERT" => self.insert(),
            "UPDATE" => self.update(),
            "DELETE" => {
                self.expect_kw("FROM")?;
                let table = self.name()?;
                let filter = self.filter()?;
                Ok(Stmt::Delete { table, filter })
            }
            "USE" if self.dialect == Dialect::MySql => Ok(Stmt::Use(self.name()?)),
            "SHOW" if self.dialect == Dialect::MySql => {
                if self.eat_kw("DATABASES") || self.eat_kw("SCHEMAS") {
                    Ok(Stmt::ShowDatabases)
                } else {
                    self.expect_kw("TABLES")?;
                    Ok(Stmt::ShowTables)
                }
            }
            "DESCRIBE" | "DESC" if self.dialect == Dialect::MySql => Ok(Stmt::Describe(self.name()?)),
            "BEGIN" | "START" | "COMMIT" | "ROLLBACK" | "SET" => {
                self.pos = self.toks.len();
                let tag = match w.as_str() {
                    "START" => "BEGIN".to_string(),
                    other => other.to_string(),
                };
                Ok(Stmt::Nothing(tag))
            }
            _ => {
                self.pos -= 1;
                Err(self.unexpected())
            }
        }
    }

    fn if_exists(&mut self) -> Result<bool, SqlError> {
        if self.eat_kw("IF") {
            self.expect_kw("EXISTS")?;
            return Ok(true);
        }
        Ok(false)
    }

    fn create(&mut self) -> Result<Stmt, SqlError> {
        let database = self.eat_kw("DATABASE") || self.eat_kw("SCHEMA");
        if !database {
            self.expect_kw("TABLE")?;
        }
        let mut if_not_exists = false;
        if self.eat_kw("IF") {
            self.expect_kw("NOT")?;
            self.expect_kw("EXISTS")?;
            if_not_exists = true;
        }
        let name = self.name()?;
        if database {
            return Ok(Stmt::CreateDatabase { name, if_not_exists });
        }
        self.expect_sym("(")?;
        let mut columns: Vec<ColumnDef> = Vec::new();
        loop {
            if self.eat_kw("PRIMARY") {
                self.expect_kw("KEY")?;
                self.expect_sym("(")?;
                loop {
                    let n = self.name()?;
                    if let Some(c) = columns.iter_mut().find(|c| c.name.eq_ignore_ascii_case(&n)) {
                        c.primary = true;
                        c.not_null = true;
                    }
                    if !self.eat_sym(",") {
                        break;
                    }
                }
                self.expect_sym(")")?;
            } else if self.is_kw("UNIQUE") || self.is_kw("FOREIGN") || self.is_kw("CONSTRAINT") || self.is_kw("KEY") || self.is_kw("INDEX") {
                self.skip_group();
            } else {
                columns.push(self.column_def()?);
            }
            if !self.eat_sym(",") {
                break;
            }
        }
        self.expect_sym(")")?;
        // Table options (`ENGINE=InnoDB`, ...) are accepted and ignored.
        while self.peek().is_some_and(|t| *t != Tok::Sym(";")) {
            self.pos += 1;
        }
        Ok(Stmt::CreateTable { name, if_not_exists, columns })
    }

    /// Skips a table constraint up to the `,` or `)` that ends it.
    fn skip_group(&mut self) {
        let mut depth = 0;
        while let Some(t) = self.peek() {
            match t {
                Tok::Sym("(") => depth += 1,
                Tok::Sym(")") if depth == 0 => return,
                Tok::Sym(")") => depth -= 1,
                Tok::Sym(",") if depth == 0 => return,
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn column_def(&mut self) -> Result<ColumnDef, SqlError> {
        let name = self.name()?;
        let type_at = self.at();
        let Some(Tok::Word(t)) = self.peek().cloned() else { return Err(self.unexpected()) };
        let lower = t.to_lowercase();
        let ty = Type::from_name(&lower).ok_or(SqlError::UnknownType { name: lower.clone(), at: type_at })?;
        self.pos += 1;
        if lower == "double" {
            self.eat_kw("PRECISION");
        }
        if lower == "character" {
            self.eat_kw("VARYING");
        }
        if self.eat_sym("(") {
            while !self.eat_sym(")") {
                if self.peek().is_none() {
                    return Err(self.unexpected());
                }
                self.pos += 1;
            }
        }
        let type_end = self.toks[self.pos - 1].end;
        let mut ty = ty;
        if lower == "timestamp" && self.eat_kw("WITH") {
            self.expect_kw("TIME")?;
            self.expect_kw("ZONE")?;
            ty = Type::TimestampTz;
        } else if lower == "timestamp" && self.eat_kw("WITHOUT") {
            self.expect_kw("TIME")?;
            self.expect_kw("ZONE")?;
        }
        let mut col = ColumnDef { name, ty, type_text: self.src[type_at..type_end].to_string(), auto: lower.ends_with("serial"), primary: false, not_null: false, unique: false, default: None };
        loop {
            if self.eat_kw("PRIMARY") {
                self.expect_kw("KEY")?;
                col.primary = true;
                col.not_null = true;
            } else if self.eat_kw("NOT") {
                self.expect_kw("NULL")?;
                col.not_null = true;
            } else if self.eat_kw("NULL") || self.eat_kw("UNSIGNED") {
            } else if self.eat_kw("UNIQUE") {
                col.unique = true;
            } else if self.eat_kw("AUTO_INCREMENT") || self.eat_kw("AUTOINCREMENT") {
                col.auto = true;
            } else if self.eat_kw("DEFAULT") {
                col.default = Some(self.unary()?);
            } else if self.eat_kw("REFERENCES") {
                self.name()?;
                if self.eat_sym("(") {
                    self.name()?;
                    self.expect_sym(")")?;
                }
            } else {
                break;
            }
        }
        Ok(col)
    }

    fn drop(&mut self) -> Result<Stmt, SqlError> {
        if self.eat_kw("DATABASE") || self.eat_kw("SCHEMA") {
            let if_exists = self.if_exists()?;
            return Ok(Stmt::DropDatabase { if_exists, name: self.name()? });
        }
        self.expect_kw("TABLE")?;
        let if_exists = self.if_exists()?;
        let mut names = vec![self.name()?];
        while self.eat_sym(",") {
            names.push(self.name()?);
        }
        self.eat_kw("CASCADE");
        Ok(Stmt::DropTable { names, if_exists })
    }

    fn insert(&mut self) -> Result<Stmt, SqlError> {
        self.expect_kw("INTO")?;
        let table = self.name()?;
        let mut columns = None;
        if self.eat_sym("(") {
            let mut cols = vec![self.name()?];
            while self.eat_sym(",") {
                cols.push(self.name()?);
            }
            self.expect_sym(")")?;
            columns = Some(cols);
        }
        if !self.eat_kw("VALUES") {
            self.expect_kw("VALUE")?;
        }
        let mut rows = Vec::new();
        loop {
            self.expect_sym("(")?;
            let mut row = vec![self.expr()?];
            while self.eat_sym(",") {
                row.push(self.expr()?);
            }
            self.expect_sym(")")?;
            rows.push(row);
            if !self.eat_sym(",") {
                break;
            }
        }
        let returning = if self.dialect == Dialect::Postgres && self.eat_kw("RETURNING") { Some(self.items()?) } else { None };
        Ok(Stmt::Insert { table, columns, rows, returning })
    }

    fn update(&mut self) -> Result<Stmt, SqlError> {
        let table = self.name()?;
        self.expect_kw("SET")?;
        let mut sets = Vec::new();
        loop {
            let col = self.name()?;
            self.expect_sym("=")?;
            sets.push((col, self.expr()?));
            if !self.eat_sym(",") {
                break;
            }
        }
        let filter = self.filter()?;
        Ok(Stmt::Update { table, sets, filter })
    }

    fn filter(&mut self) -> Result<Option<Expr>, SqlError> {
        if self.eat_kw("WHERE") {
            Ok(Some(self.expr()?))
        } else {
            Ok(None)
        }
    }

    fn items(&mut self) -> Result<Vec<Item>, SqlError> {
        let mut items = Vec::new();
        loop {
            if self.eat_sym("*") {
                items.push(Item::Star);
            } else {
                let start = self.at();
                let expr = self.expr()?;
                let end = self.toks[self.pos - 1].end;
                let text = self.src[start..end].to_string();
                let alias = if self.eat_kw("AS") {
                    Some(self.name()?)
                } else if matches!(self.peek(), Some(Tok::Word(w)) if !is_reserved(w)) || matches!(self.peek(), Some(Tok::Quoted(_))) {
                    Some(self.name()?)
                } else {
                    None
                };
                items.push(Item::Expr { expr, alias, text });
            }
            if !self.eat_sym(",") {
                return Ok(items);
            }
        }
    }

    fn select(&mut self) -> Result<Select, SqlError> {
        let items = self.items()?;
        let from = if self.eat_kw("FROM") {
            let at = self.at();
            Some((self.name()?, at))
        } else {
            None
        };
        let filter = self.filter()?;
        let mut order = Vec::new();
        if self.eat_kw("ORDER") {
            self.expect_kw("BY")?;
            loop {
                let e = self.expr()?;
                let desc = self.eat_kw("DESC");
                if !desc {
                    self.eat_kw("ASC");
                }
                order.push((e, desc));
                if !self.eat_sym(",") {
                    break;
                }
            }
        }
        let mut limit = None;
        let mut offset = 0;
        loop {
            if self.eat_kw("LIMIT") {
                limit = Some(self.count()?);
            } else if self.eat_kw("OFFSET") {
                offset = self.count()?;
            } else {
                break;
            }
        }
        Ok(Select { items, from, filter, order, limit, offset })
    }

    fn count(&mut self) -> Result<usize, SqlError> {
        match self.peek() {
            Some(Tok::Num(n)) => {
                let n = n.parse().map_err(|_| self.unexpected())?;
                self.pos += 1;
                Ok(n)
            }
            _ => Err(self.unexpected()),
        }
    }

    fn expr(&mut self) -> Result<Expr, SqlError> {
        let mut left = self.and()?;
        while self.eat_kw("OR") {
            left = Expr::Bin("OR".into(), Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, SqlError> {
        let mut left = self.not()?;
        while self.eat_kw("AND") {
            left = Expr::Bin("AND".into(), Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr, SqlError> {
        if self.eat_kw("NOT") {
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, SqlError> {
        let left = self.additive()?;
        if self.eat_kw("IS") {
            let negated = self.eat_kw("NOT");
            self.expect_kw("NULL")?;
            return Ok(Expr::IsNull(Box::new(left), negated));
        }
        if self.eat_kw("LIKE") {
            return Ok(Expr::Bin("LIKE".into(), Box::new(left), Box::new(self.additive()?)));
        }
        for op in ["=", "<>", "!=", "<=", ">=", "<", ">"] {
            if self.eat_sym(op) {
                let op = if op == "!=" { "<>" } else { op };
                return Ok(Expr::Bin(op.into(), Box::new(left), Box::new(self.additive()?)));
            }
        }
        Ok(left)
    }

    fn additive(&mut self) -> Result<Expr, SqlError> {
        let mut left = self.term()?;
        loop {
            let op = if self.eat_sym("+") {
                "+"
            } else if self.eat_sym("-") {
                "-"
            } else {
                return Ok(left);
            };
            left = Expr::Bin(op.into(), Box::new(left), Box::new(self.term()?));
        }
    }

    fn term(&mut self) -> Result<Expr, SqlError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.eat_sym("*") {
                "*"
            } else if self.eat_sym("/") {
                "/"
            } else {
                return Ok(left);
            };
            left = Expr::Bin(op.into(), Box::new(left), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Expr, SqlError> {
        if self.eat_sym("-") {
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        let mut e = self.primary()?;
        while self.eat_sym("::") {
            e = Expr::Cast(Box::new(e), self.type_name()?);
        }
        Ok(e)
    }

    fn type_name(&mut self) -> Result<Type, SqlError> {
        let at = self.at();
        let Some(Tok::Word(w)) = self.peek().cloned() else { return Err(self.unexpected()) };
        self.pos += 1;
        Type::from_name(&w.to_lowercase()).ok_or(SqlError::UnknownType { name: w.to_lowercase(), at })
    }

    fn primary(&mut self) -> Result<Expr, SqlError> {
        let at = self.at();
        let Some(tok) = self.peek().cloned() else { return Err(self.unexpected()) };
        self.pos += 1;
        match tok {
            Tok::Num(n) => Ok(Expr::Lit(if n.contains('.') { Value::Float(n.parse().map_err(|_| SqlError::Syntax { near: Some(n.clone()), at })?) } else { n.parse().map(Value::Int).unwrap_or_else(|_| Value::Float(n.parse().unwrap_or(0.0))) })),
            Tok::Str(s) => Ok(Expr::Lit(Value::Text(s))),
            // MySQL reads `"text"` as a string (without `ANSI_QUOTES`).
            Tok::Quoted(q) if self.dialect == Dialect::MySql && self.src[at..].starts_with('"') => Ok(Expr::Lit(Value::Text(q))),
            Tok::Quoted(q) => Ok(Expr::Col(q, at)),
            Tok::Sym("(") => {
                let e = self.expr()?;
                self.expect_sym(")")?;
                Ok(e)
            }
            Tok::Word(w) => {
                let upper = w.to_uppercase();
                match upper.as_str() {
                    "NULL" => return Ok(Expr::Lit(Value::Null)),
                    "TRUE" => return Ok(Expr::Lit(Value::Bool(true))),
                    "FALSE" => return Ok(Expr::Lit(Value::Bool(false))),
                    "CURRENT_TIMESTAMP" if !matches!(self.peek(), Some(Tok::Sym("("))) => return Ok(Expr::Call { name: "now".into(), args: vec![], star: false }),
                    "CAST" => {
                        self.expect_sym("(")?;
                        let e = self.expr()?;
                        self.expect_kw("AS")?;
                        let ty = self.type_name()?;
                        self.expect_sym(")")?;
                        return Ok(Expr::Cast(Box::new(e), ty));
                    }
                    _ => {}
                }
                if is_reserved(&w) {
                    self.pos -= 1;
                    return Err(self.unexpected());
                }
                if self.eat_sym("(") {
                    let name = w.to_lowercase();
                    if self.eat_sym("*") {
                        self.expect_sym(")")?;
                        return Ok(Expr::Call { name, args: vec![], star: true });
                    }
                    let mut args = Vec::new();
                    if !self.eat_sym(")") {
                        args.push(self.expr()?);
                        while self.eat_sym(",") {
                            args.push(self.expr()?);
                        }
                        self.expect_sym(")")?;
                    }
                    return Ok(Expr::Call { name, args, star: false });
                }
                // `table.column`: the engine reads one table at a time, so the qualifier goes.
                if self.eat_sym(".") {
                    return self.primary();
                }
                let name = match self.dialect {
                    Dialect::Postgres => w.to_lowercase(),
                    Dialect::MySql => w,
                };
                Ok(Expr::Col(name, at))
            }
            _ => {
                self.pos -= 1;
                Err(self.unexpected())
            }
        }
    }
}

/// Words that end an expression or a list rather than name something.
fn is_reserved(w: &str) -> bool {
    const RESERVED: [&str; 24] = ["SELECT", "FROM", "WHERE", "ORDER", "BY", "LIMIT", "OFFSET", "AND", "OR", "NOT", "AS", "VALUES", "SET", "INTO", "ASC", "DESC", "IS", "LIKE", "RETURNING", "TABLE", "CREATE", "INSERT", "GROUP", "ON"];
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_outside_quotes() {
        assert_eq!(split_statements("select 'a;b'; select 2;\n"), vec!["select 'a;b';", "select 2;"]);
    }

    #[test]
    fn create_table_reads_types_and_constraints() {
        let Stmt::CreateTable { name, columns, .. } = parse("CREATE TABLE Users (id SERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL, born timestamp DEFAULT now())", Dialect::Postgres).unwrap() else { panic!() };
        assert_eq!(name, "users");
        assert_eq!(columns.len(), 3);
        assert!(columns[0].auto && columns[0].primary);
        assert_eq!((columns[1].ty, columns[1].type_text.as_str(), columns[1].not_null), (Type::Text, "VARCHAR(50)", true));
        assert!(columns[2].default.is_some());
    }

    #[test]
    fn select_reads_where_order_and_limit() {
        let Stmt::Select(s) = parse("select name, count(*) as n from t where a = 1 and b <> 'x' order by name desc limit 2;", Dialect::Postgres).unwrap() else { panic!() };
        assert_eq!(s.items.len(), 2);
        assert_eq!(s.from.map(|f| f.0).as_deref(), Some("t"));
        assert!(matches!(s.filter, Some(Expr::Bin(ref op, _, _)) if op == "AND"));
        assert_eq!(s.order.len(), 1);
        assert!(s.order[0].1);
        assert_eq!(s.limit, Some(2));
        assert!(matches!(&s.items[1], Item::Expr { alias: Some(a), text, .. } if a == "n" && text == "count(*)"));
    }

    #[test]
    fn mysql_keeps_case_and_knows_use_and_show() {
        assert_eq!(parse("USE Shop", Dialect::MySql).unwrap(), Stmt::Use("Shop".into()));
        assert_eq!(parse("show databases;", Dialect::MySql).unwrap(), Stmt::ShowDatabases);
        assert!(parse("USE Shop", Dialect::Postgres).is_err());
    }

    #[test]
    fn errors_point_at_the_offending_token() {
        assert_eq!(parse("SELEC 1", Dialect::Postgres), Err(SqlError::Syntax { near: Some("SELEC".into()), at: 0 }));
        assert_eq!(parse("select * from", Dialect::Postgres), Err(SqlError::Syntax { near: None, at: 13 }));
        assert_eq!(parse("insert into t values (1", Dialect::Postgres), Err(SqlError::Syntax { near: None, at: 23 }));
    }

    #[test]
    fn insert_takes_several_rows() {
        let Stmt::Insert { rows, columns, .. } = parse("INSERT INTO t (a, b) VALUES (1, 'x'), (2, NULL)", Dialect::MySql).unwrap() else { panic!() };
        assert_eq!(rows.len(), 2);
        assert_eq!(columns, Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(rows[1][1], Expr::Lit(Value::Null));
    }
}
