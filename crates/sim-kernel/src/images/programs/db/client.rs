//! The databases' client library, for other simulated programs (an app that counts visits in
//! Redis or MongoDB, an API that asks PostgreSQL for `NOW()`). The shell clients (`psql`,
//! `mysql`, `redis-cli`, `mongosh`) are built on it too.
//!
//! Each call opens a connection, sends one request and reads its reply, as a pooled driver
//! looks from the outside. Hosts resolve as the C library does (`/etc/hosts`, then the DNS
//! server of `/etc/resolv.conf`), so a container reaches `db` by name on a user network.
//!
//! ```ignore
//! let pg = Sql::from_url("postgres://postgres:secret@db:5432/postgres").unwrap();
//! let now = pg.query(&p, "SELECT NOW()").await?.rows[0][0].clone();
//! let hits = Redis::new("redis").command(&p, &["INCR", "hits"]).await?;
//! let n = Mongo::new("mongo").count_documents(&p, "test", "visits", &Doc::default()).await?;
//! ```

use std::fmt;

use serde_json::{json, Value as Json};

use super::mongo::doc::{Bson, Doc};
use super::resp::{encode_command, read_reply, Reply};
use super::sql::error::ServerError;
use super::sql::{Dialect, QueryResult};
use super::wire::{connect, recv_json, send_json, ConnectError, LineReader};
use crate::sys::Proc;

/// Why a database call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum DbError {
    /// The server could not be reached.
    Connect(ConnectError),
    /// A SQL server refused the login or the statement.
    Sql(ServerError),
    /// Redis answered with an error reply (`ERR ...`).
    Redis(String),
    /// MongoDB answered with an error.
    Mongo {
        /// The error code (`26`).
        code: i64,
        /// Its name (`NamespaceNotFound`).
        code_name: String,
        /// The message.
        message: String,
    },
    /// The connection closed before a reply.
    Closed,
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Connect(ConnectError::UnknownHost(h)) => write!(f, "getaddrinfo ENOTFOUND {h}"),
            DbError::Connect(ConnectError::Failed { ip, errno }) => write!(f, "connect {}: {ip}", errno.message()),
            DbError::Sql(e) => write!(f, "{}", e.message),
            DbError::Redis(m) => write!(f, "{m}"),
            DbError::Mongo { message, .. } => write!(f, "{message}"),
            DbError::Closed => write!(f, "Connection terminated unexpectedly"),
        }
    }
}

impl From<ConnectError> for DbError {
    fn from(e: ConnectError) -> DbError {
        DbError::Connect(e)
    }
}

/// `redis-server`'s default port.
pub const REDIS_PORT: u16 = 6379;
/// PostgreSQL's default port.
pub const POSTGRES_PORT: u16 = 5432;
/// MySQL's default port.
pub const MYSQL_PORT: u16 = 3306;
/// MongoDB's default port.
pub const MONGO_PORT: u16 = 27017;

/// A Redis server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redis {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
}

impl Redis {
    /// The server on `host`'s default port.
    pub fn new(host: &str) -> Redis {
        Redis { host: host.to_string(), port: REDIS_PORT }
    }

    /// Sends one command (`["INCR", "hits"]`) and returns the reply. An error reply is
    /// returned as [`Reply::Error`], not as `Err`: only failing to talk is an `Err`.
    pub async fn command(&self, p: &Proc, args: &[&str]) -> Result<Reply, DbError> {
        let (fd, _) = connect(p, &self.host, self.port).await?;
        let r = exchange_resp(p, fd, args).await;
        let _ = p.close(fd);
        r
    }
}

/// Sends a command on an open Redis connection and reads the reply.
pub(super) async fn exchange_resp(p: &Proc, fd: i32, args: &[&str]) -> Result<Reply, DbError> {
    p.write_all(fd, &encode_command(args)).await.map_err(|_| DbError::Closed)?;
    let mut r = LineReader::default();
    read_reply(&mut r, p, fd).await.ok_or(DbError::Closed)
}

/// A PostgreSQL or MySQL server and the login to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sql {
    /// Which server.
    pub dialect: Dialect,
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// User (`postgres`, `root`).
    pub user: String,
    /// Password, if any.
    pub password: Option<String>,
    /// Database to use (PostgreSQL's default: the user's name).
    pub database: Option<String>,
    /// Whether this is a local (Unix-socket) connection, which the images trust.
    pub local: bool,
}

impl Sql {
    /// PostgreSQL on `host:5432`.
    pub fn postgres(host: &str, user: &str, password: Option<&str>, database: Option<&str>) -> Sql {
        Sql { dialect: Dialect::Postgres, host: host.into(), port: POSTGRES_PORT, user: user.into(), password: password.map(str::to_string), database: database.map(str::to_string), local: false }
    }

    /// MySQL on `host:3306`.
    pub fn mysql(host: &str, user: &str, password: Option<&str>, database: Option<&str>) -> Sql {
        Sql { dialect: Dialect::MySql, host: host.into(), port: MYSQL_PORT, user: user.into(), password: password.map(str::to_string), database: database.map(str::to_string), local: false }
    }

    /// From a connection URL: `postgres://user:pass@host:5432/db` (also `postgresql://`)
    /// or `mysql://user:pass@host:3306/db`.
    pub fn from_url(url: &str) -> Option<Sql> {
        let (scheme, rest) = url.split_once("://")?;
        let dialect = match scheme {
            "postgres" | "postgresql" => Dialect::Postgres,
            "mysql" => Dialect::MySql,
            _ => return None,
        };
        let u = parse_url(rest);
        let mut s = match dialect {
            Dialect::Postgres => Sql::postgres(&u.host, u.user.as_deref().unwrap_or("postgres"), u.password.as_deref(), u.database.as_deref()),
            Dialect::MySql => Sql::mysql(&u.host, u.user.as_deref().unwrap_or("root"), u.password.as_deref(), u.database.as_deref()),
        };
        if let Some(port) = u.port {
            s.port = port;
        }
        Some(s)
    }

    /// Runs `sql` (one or more statements) and returns the last statement's result.
    pub async fn query(&self, p: &Proc, sql: &str) -> Result<QueryResult, DbError> {
        let (mut results, error, _) = self.run(p, sql).await?;
        match error {
            Some(e) => Err(DbError::Sql(e)),
            None => results.pop().ok_or(DbError::Closed),
        }
    }

    /// Runs `sql` and returns every statement's result up to the first failure, that failure,
    /// and the database in use afterwards (MySQL's `USE`).
    pub async fn run(&self, p: &Proc, sql: &str) -> Result<(Vec<QueryResult>, Option<ServerError>, Option<String>), DbError> {
        let request = json!({ "user": self.user, "password": self.password, "database": self.database, "local": self.local, "sql": sql });
        let reply = json_exchange(p, &self.host, self.port, &request).await?;
        if let Some(e) = reply.get("fatal").filter(|e| !e.is_null()) {
            return Err(DbError::Sql(ServerError::from_json(e)));
        }
        let results = reply["results"].as_array().map(|a| a.iter().map(QueryResult::from_json).collect()).unwrap_or_default();
        let error = reply.get("error").filter(|e| !e.is_null()).map(ServerError::from_json);
        Ok((results, error, reply["database"].as_str().map(str::to_string)))
    }
}

/// A MongoDB server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mongo {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
}

impl Mongo {
    /// The server on `host`'s default port.
    pub fn new(host: &str) -> Mongo {
        Mongo { host: host.to_string(), port: MONGO_PORT }
    }

    /// From `mongodb://[user:pass@]host[:port][/db]`: the server and the database named.
    pub fn from_url(url: &str) -> Option<(Mongo, Option<String>)> {
        let rest = url.strip_prefix("mongodb://")?;
        let u = parse_url(rest);
        Some((Mongo { host: u.host, port: u.port.unwrap_or(MONGO_PORT) }, u.database))
    }

    /// `db.<coll>.insertOne(doc)`: returns the new document's `_id`.
    pub async fn insert_one(&self, p: &Proc, db: &str, coll: &str, doc: Doc) -> Result<Bson, DbError> {
        let r = self.call(p, json!({ "db": db, "op": "insertOne", "coll": coll, "doc": doc.to_wire() })).await?;
        Ok(Bson::from_wire(&r["insertedId"]))
    }

    /// `db.<coll>.countDocuments(filter)`.
    pub async fn count_documents(&self, p: &Proc, db: &str, coll: &str, filter: &Doc) -> Result<u64, DbError> {
        let r = self.call(p, json!({ "db": db, "op": "countDocuments", "coll": coll, "filter": filter.to_wire() })).await?;
        Ok(r["count"].as_u64().unwrap_or(0))
    }

    /// `db.<coll>.find(filter)`: the matching documents in insertion order.
    pub async fn find(&self, p: &Proc, db: &str, coll: &str, filter: &Doc) -> Result<Vec<Doc>, DbError> {
        let r = self.call(p, json!({ "db": db, "op": "find", "coll": coll, "filter": filter.to_wire() })).await?;
        Ok(r["docs"].as_array().map(|a| a.iter().map(Doc::from_wire).collect()).unwrap_or_default())
    }

    /// Sends a raw request (see the server's `mongo::server::handle`) and returns its `ok`
    /// payload.
    pub async fn call(&self, p: &Proc, request: Json) -> Result<Json, DbError> {
        let reply = json_exchange(p, &self.host, self.port, &request).await?;
        if let Some(e) = reply.get("error").filter(|e| !e.is_null()) {
            return Err(DbError::Mongo { code: e["code"].as_i64().unwrap_or(0), code_name: e["codeName"].as_str().unwrap_or("").to_string(), message: e["message"].as_str().unwrap_or("").to_string() });
        }
        Ok(reply["ok"].clone())
    }
}

/// One JSON request, one JSON reply, on a fresh connection.
async fn json_exchange(p: &Proc, host: &str, port: u16, request: &Json) -> Result<Json, DbError> {
    let (fd, _) = connect(p, host, port).await?;
    let sent = send_json(p, fd, request).await;
    let mut r = LineReader::default();
    let reply = if sent.is_ok() { recv_json(&mut r, p, fd).await } else { None };
    let _ = p.close(fd);
    reply.ok_or(DbError::Closed)
}

/// The parts of `[user[:password]@]host[:port][/database][?options]`.
#[derive(Debug, Default, PartialEq, Eq)]
struct UrlParts {
    user: Option<String>,
    password: Option<String>,
    host: String,
    port: Option<u16>,
    database: Option<String>,
}

fn parse_url(rest: &str) -> UrlParts {
    let rest = rest.split('?').next().unwrap_or("");
    let (auth, hostpart) = match rest.rsplit_once('@') {
        Some((a, h)) => (Some(a), h),
        None => (None, rest),
    };
    let (hostport, database) = match hostpart.split_once('/') {
        Some((h, d)) if !d.is_empty() => (h, Some(d.to_string())),
        Some((h, _)) => (h, None),
        None => (hostpart, None),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()),
        None => (hostport, None),
    };
    let (user, password) = match auth.map(|a| a.split_once(':').map_or((a, None), |(u, p)| (u, Some(p)))) {
        Some((u, p)) => (Some(u.to_string()), p.map(str::to_string)),
        None => (None, None),
    };
    UrlParts { user, password, host: if host.is_empty() { "localhost".into() } else { host.into() }, port, database }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_urls() {
        let s = Sql::from_url("postgres://app:s3cret@db:5433/shop?sslmode=disable").unwrap();
        assert_eq!((s.dialect, s.host.as_str(), s.port, s.user.as_str(), s.password.as_deref(), s.database.as_deref()), (Dialect::Postgres, "db", 5433, "app", Some("s3cret"), Some("shop")));
        let m = Sql::from_url("mysql://root@mysql/").unwrap();
        assert_eq!((m.port, m.user.as_str(), m.password, m.database), (3306, "root", None, None));
        let (mongo, db) = Mongo::from_url("mongodb://mongo:27017/visits").unwrap();
        assert_eq!((mongo, db.as_deref()), (Mongo::new("mongo"), Some("visits")));
        assert_eq!(Sql::from_url("http://x"), None);
    }
}
