//! What PostgreSQL and MySQL share as servers: logins, running a request's statements on the
//! catalog, and rewriting the data file after each change.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::rc::Rc;

use serde_json::{json, Value as Json};

use super::sql::error::ServerError;
use super::sql::{split_statements, Catalog, Dialect, QueryResult, Session};
use super::wire::{recv_json, send_json, LineReader};
use crate::sys::Proc;

/// A SQL server's state, shared by its backends.
pub struct SqlServer {
    /// Whose rules.
    pub dialect: Dialect,
    /// The tables.
    pub catalog: Catalog,
    /// Users and their passwords (`None`: any password, as `trust` or an empty root password).
    pub users: BTreeMap<String, Option<String>>,
    /// What `version()` answers.
    pub version: String,
    /// Where the catalog is saved.
    pub data_file: String,
    /// The owner shown by `\l` and `\dt`.
    pub owner: String,
}

impl SqlServer {
    fn fatal(&self, peer: Ipv4Addr, local: bool, req: &Json) -> Option<ServerError> {
        let user = req["user"].as_str().unwrap_or("");
        let password = req["password"].as_str();
        let err = |code: u32, state: &str, message: String| Some(ServerError { message, code, state: state.into(), ..ServerError::default() });
        match self.dialect {
            Dialect::Postgres => {
                let Some(stored) = self.users.get(user) else { return err(0, "28000", format!("role \"{user}\" does not exist")) };
                if !local && stored.is_some() && password != stored.as_deref() {
                    return err(0, "28P01", format!("password authentication failed for user \"{user}\""));
                }
                let db = req["database"].as_str().unwrap_or(user);
                if !self.catalog.databases.contains_key(db) {
                    return err(0, "3D000", format!("database \"{db}\" does not exist"));
                }
                None
            }
            Dialect::MySql => {
                let host = if local { "localhost".to_string() } else { peer.to_string() };
                let using = if password.is_some_and(|p| !p.is_empty()) { "YES" } else { "NO" };
                let denied = match self.users.get(user) {
                    None => true,
                    Some(None) => false,
                    Some(Some(pw)) => password.unwrap_or("") != pw,
                };
                if denied {
                    return err(1045, "28000", format!("Access denied for user '{user}'@'{host}' (using password: {using})"));
                }
                match req["database"].as_str() {
                    Some(db) if !self.catalog.databases.contains_key(db) => err(1049, "42000", format!("Unknown database '{db}'")),
                    _ => None,
                }
            }
        }
    }

    /// Answers one request: every statement's result up to the first failure.
    pub fn answer(&mut self, req: &Json, peer: Ipv4Addr, now: i64) -> (Json, bool) {
        let local = req["local"].as_bool().unwrap_or(false);
        if let Some(f) = self.fatal(peer, local, req) {
            return (json!({ "fatal": f.to_json() }), false);
        }
        let user = req["user"].as_str().unwrap_or("");
        let database = match self.dialect {
            Dialect::Postgres => Some(req["database"].as_str().unwrap_or(user).to_string()),
            Dialect::MySql => req["database"].as_str().map(str::to_string),
        };
        let mut session = Session { dialect: self.dialect, database, now, version: self.version.clone() };
        let sql = req["sql"].as_str().unwrap_or("");
        let mut results = Vec::new();
        let mut error = None;
        let mut changed = false;
        if self.dialect == Dialect::Postgres && sql.trim_start().starts_with('\\') {
            match self.meta(sql.trim(), &session) {
                Ok(r) => results.push(r.to_json()),
                Err(e) => error = Some(e.to_json()),
            }
        } else {
            for stmt in split_statements(sql) {
                let db = session.database.clone().unwrap_or_default();
                match self.catalog.execute(&mut session, &stmt) {
                    Ok(r) => {
                        changed |= Catalog::is_write(&stmt);
                        results.push(r.to_json());
                    }
                    Err(e) => {
                        error = Some(e.render(self.dialect, &stmt, &db).to_json());
                        break;
                    }
                }
            }
        }
        (json!({ "results": results, "error": error, "database": session.database }), changed)
    }

    /// psql's `\dt` and `\l`, answered as the queries psql would send.
    fn meta(&self, cmd: &str, s: &Session) -> Result<QueryResult, ServerError> {
        let rows = |rows: Vec<Vec<Option<String>>>, cols: &[&str]| QueryResult { columns: cols.iter().map(|c| c.to_string()).collect(), numeric: vec![false; cols.len()], rows, returns_rows: true, ..QueryResult::default() };
        let some = |s: &str| Some(s.to_string());
        match cmd.split_whitespace().next().unwrap_or("") {
            "\\dt" | "\\d" => {
                let db = s.database.clone().unwrap_or_default();
                let tables = self.catalog.databases.get(&db).map(|t| t.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
                Ok(rows(tables.iter().map(|t| vec![some("public"), some(t), some("table"), some(&self.owner)]).collect(), &["Schema", "Name", "Type", "Owner"]))
            }
            "\\l" | "\\list" => {
                let o = &self.owner;
                let list = self
                    .catalog
                    .databases
                    .keys()
                    .map(|d| {
                        let privs = if d.starts_with("template") { Some(format!("=c/{o}\n{o}=CTc/{o}")) } else { some("") };
                        vec![some(d), some(o), some("UTF8"), some("en_US.utf8"), some("en_US.utf8"), some(""), some("libc"), privs]
                    })
                    .collect();
                Ok(rows(list, &["Name", "Owner", "Encoding", "Collate", "Ctype", "ICU Locale", "Locale Provider", "Access privileges"]))
            }
            other => Err(ServerError { message: format!("invalid command {other}"), ..ServerError::default() }),
        }
    }
}

/// A backend: answers requests on `fd` until the client hangs up, saving after changes.
pub async fn backend(b: Proc, fd: i32, peer: Ipv4Addr, server: Rc<RefCell<SqlServer>>) {
    let mut r = LineReader::default();
    while let Some(req) = recv_json(&mut r, &b, fd).await {
        let (reply, changed) = server.borrow_mut().answer(&req, peer, b.now());
        if changed {
            let (path, bytes) = {
                let s = server.borrow();
                (s.data_file.clone(), s.catalog.to_bytes())
            };
            let _ = b.write_file(&path, &bytes).await;
        }
        if send_json(&b, fd, &reply).await.is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(dialect: Dialect, password: Option<&str>) -> SqlServer {
        let mut catalog = Catalog::default();
        catalog.databases.insert("postgres".into(), BTreeMap::new());
        let user = if dialect == Dialect::Postgres { "postgres" } else { "root" };
        SqlServer { dialect, catalog, users: [(user.to_string(), password.map(str::to_string))].into(), version: "v".into(), data_file: String::new(), owner: user.into() }
    }

    #[test]
    fn postgres_checks_the_password_over_tcp_only() {
        let mut s = server(Dialect::Postgres, Some("secret"));
        let peer = Ipv4Addr::new(172, 17, 0, 1);
        let (r, _) = s.answer(&json!({ "user": "postgres", "password": "nope", "sql": "select 1" }), peer, 0);
        assert_eq!(r["fatal"]["message"], "password authentication failed for user \"postgres\"");
        let (r, _) = s.answer(&json!({ "user": "postgres", "local": true, "sql": "select 1" }), peer, 0);
        assert_eq!(r["results"][0]["rows"][0][0], "1");
        let (r, _) = s.answer(&json!({ "user": "root", "local": true, "sql": "select 1" }), peer, 0);
        assert_eq!(r["fatal"]["message"], "role \"root\" does not exist");
    }

    #[test]
    fn mysql_denies_a_wrong_password_with_the_peer_address() {
        let mut s = server(Dialect::MySql, Some("pw"));
        let (r, _) = s.answer(&json!({ "user": "root", "password": "x", "sql": "select 1" }), Ipv4Addr::new(172, 17, 0, 1), 0);
        assert_eq!(r["fatal"]["message"], "Access denied for user 'root'@'172.17.0.1' (using password: YES)");
    }

    #[test]
    fn a_failing_statement_stops_the_rest_and_writes_are_reported() {
        let mut s = server(Dialect::Postgres, None);
        let (r, changed) = s.answer(&json!({ "user": "postgres", "local": true, "sql": "create table t (a int); select * from nope; create table u (a int);" }), Ipv4Addr::LOCALHOST, 0);
        assert!(changed);
        assert_eq!(r["results"].as_array().unwrap().len(), 1);
        assert_eq!(r["error"]["message"], "relation \"nope\" does not exist");
        assert!(!s.catalog.databases["postgres"].contains_key("u"));
    }
}
