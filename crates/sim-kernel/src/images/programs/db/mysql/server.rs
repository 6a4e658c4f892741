//! `mysqld` (8.0): the entrypoint's checks and first-start set-up, then SQL on port 3306
//! over the shared engine; the catalog and the accounts live under `/var/lib/mysql`, so a
//! volume keeps them.

use wharf_engine::collect::CollectMap;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::json;

use super::super::serve::serve;
use super::super::sql::{Catalog, Dialect};
use super::super::sqlserver::{backend, SqlServer};
use crate::images::programs::servers::{err_lines, millis, now, out_lines};
use crate::signal::{SIGINT, SIGTERM};
use crate::sys::Proc;

/// The Unix socket local clients (`mysql` without `-h`, or with `-h localhost`) use.
pub const SOCKET: &str = "/var/run/mysqld/mysqld.sock";
const CATALOG: &str = "/var/lib/mysql/catalog.json";
const ACCOUNTS: &str = "/var/lib/mysql/mysql/user.json";

/// The entrypoint's first start: the system schemas, `MYSQL_DATABASE`, root's password and
/// `MYSQL_USER`/`MYSQL_PASSWORD`.
async fn initialise(p: &Proc) {
    let mut catalog = Catalog::default();
    for db in ["information_schema", "mysql", "performance_schema", "sys"] {
        catalog.databases.insert(db.into(), BTreeMap::new());
    }
    if let Some(db) = p.getenv("MYSQL_DATABASE").filter(|d| !d.is_empty()) {
        catalog.databases.insert(db, BTreeMap::new());
    }
    let _ = p.write_file(CATALOG, &catalog.to_bytes()).await;
    let root = p.getenv("MYSQL_ROOT_PASSWORD").filter(|v| !v.is_empty());
    let mut users = vec![json!({ "user": "root", "password": root })];
    if let (Some(u), Some(pw)) = (p.getenv("MYSQL_USER").filter(|v| !v.is_empty()), p.getenv("MYSQL_PASSWORD")) {
        users.push(json!({ "user": u, "password": pw }));
    }
    let _ = p.write_file(ACCOUNTS, json!(users).to_string().as_bytes()).await;
}

/// The MySQL of the image a program runs in: the number of its `MYSQL_VERSION`
/// (`8.0.35-1debian12` gives `8.0.35`); 8.0.35 without one.
pub fn version(p: &Proc) -> String {
    p.getenv("MYSQL_VERSION").and_then(|v| v.split('-').next().map(str::to_string)).filter(|v| !v.is_empty()).unwrap_or_else(|| "8.0.35".into())
}

async fn load(p: &Proc) -> SqlServer {
    let catalog = p.read_file(CATALOG).await.ok().and_then(|b| Catalog::from_bytes(&b)).unwrap_or_default();
    let accounts: serde_json::Value = p.read_file(ACCOUNTS).await.ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let users = accounts.as_array().map(|a| a.iter().filter_map(|u| Some((u["user"].as_str()?.to_string(), u["password"].as_str().map(str::to_string)))).collect_map()).unwrap_or_default();
    SqlServer { dialect: Dialect::MySql, catalog, users, version: version(p), data_file: CATALOG.into(), owner: "root".into() }
}

/// `mysqld` (8.0.35, or the image's [`version`]): the entrypoint's notes and its refusal without a root password option,
/// then the server's start-up and SQL on port 3306; SIGTERM and SIGINT shut it down (exit 0).
pub async fn mysqld(p: Proc) -> i32 {
    let ts = || format!("{}+00:00", now(&p, "%Y-%m-%d %H:%M:%S"));
    let v = version(&p);
    // The entrypoint names the package as the image's environment does (`8.0.35-1debian12`).
    let package = p.getenv("MYSQL_VERSION").filter(|v| !v.is_empty()).unwrap_or_else(|| format!("{v}-1debian12"));
    let started = format!("[Note] [Entrypoint]: Entrypoint script for MySQL Server {package} started.");
    out_lines(&p, &[format!("{} {started}", ts()), format!("{} [Note] [Entrypoint]: Switching to dedicated user 'mysql'", ts()), format!("{} {started}", ts())]).await;
    let set = |k: &str| p.getenv(k).is_some_and(|v| !v.is_empty());
    if !(set("MYSQL_ROOT_PASSWORD") || set("MYSQL_ALLOW_EMPTY_PASSWORD") || set("MYSQL_RANDOM_ROOT_PASSWORD")) && p.stat("/var/lib/mysql/mysql").is_err() {
        p.eprint(&format!("{} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified
    You need to specify one of the following as an environment variable:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD
    - MYSQL_RANDOM_ROOT_PASSWORD
", ts()))
            .await;
        return 1;
    }
    if p.stat("/var/lib/mysql/mysql").is_err() {
        let _ = p.mkdir("/var/lib/mysql/mysql", 0o750);
        initialise(&p).await;
    }
    let iso = || format!("{}.{}000Z", now(&p, "%Y-%m-%dT%H:%M:%S"), millis(&p));
    let pid = p.pid();
    let lines = vec![
        format!("{} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld {v}) starting as process {pid}", iso()),
        format!("{} 1 [System] [MY-013576] [InnoDB] InnoDB initialization has started.", iso()),
        format!("{} 1 [System] [MY-013577] [InnoDB] InnoDB initialization has ended.", iso()),
        format!("{} 0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.", iso()),
        format!("{} 0 [System] [MY-011323] [Server] X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock", iso()),
        format!("{} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{v}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.", iso()),
    ];
    err_lines(&p, &lines).await;
    let server = Rc::new(RefCell::new(load(&p).await));
    let _ = p.write_file(SOCKET, b"").await;
    serve(&p, 3306, &[SIGTERM, SIGINT], server, backend).await;
    let _ = p.unlink(SOCKET);
    let lines = vec![
        format!("{} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: {v}).", iso()),
        format!("{} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld {v})  MySQL Community Server - GPL.", iso()),
    ];
    err_lines(&p, &lines).await;
    0
}

