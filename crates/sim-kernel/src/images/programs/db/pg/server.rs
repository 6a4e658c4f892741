//! The `postgres` server (15.1 Alpine or 16.1 Debian, as the image says: [`Release`]): the image entrypoint's checks and `initdb`, then SQL on
//! port 5432 over the shared engine, with the catalog in `$PGDATA/base/catalog.json` and
//! the superuser's password in `$PGDATA/global/pg_authid`, so a volume keeps both (and,
//! as with the real image, a second start ignores `POSTGRES_PASSWORD`).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::json;

use super::super::serve::serve;
use super::super::sql::{Catalog, Dialect};
use super::super::sqlserver::{backend, SqlServer};
use crate::images::programs::servers::{err_lines, millis, now};
use crate::signal::{SIGINT, SIGQUIT, SIGTERM};
use crate::sys::Proc;

/// The Unix socket local clients (`psql` without `-h`) find the server by.
pub const SOCKET: &str = "/var/run/postgresql/.s.PGSQL.5432";
/// The PostgreSQL of the image a program runs in, from the image's `PG_VERSION`: `15.1` in
/// `postgres:15.1-alpine`, `16.1-1.pgdg120+1` (the apt package) in the Debian `postgres:16`.
pub struct Release {
    /// `15.1`, `16.1`.
    pub number: String,
    /// The Debian package version, if a Debian build.
    pub package: Option<String>,
}

impl Release {
    /// The release of `p`'s image (the Alpine 15.1 without `PG_VERSION`).
    pub fn of(p: &Proc) -> Release {
        let v = p.getenv("PG_VERSION").unwrap_or_else(|| "15.1".into());
        match v.split_once('-') {
            Some((number, _)) => Release { number: number.to_string(), package: Some(v.clone()) },
            None => Release { number: v, package: None },
        }
    }

    /// `15`, `16`: what `$PGDATA/PG_VERSION` holds.
    pub fn major(&self) -> &str {
        self.number.split('.').next().unwrap_or(&self.number)
    }

    /// What `SELECT version()` answers, and the server logs at start-up.
    pub fn banner(&self) -> String {
        match &self.package {
            Some(pkg) => format!("PostgreSQL {} (Debian {pkg}) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit", self.number),
            None => format!("PostgreSQL {} on x86_64-pc-linux-musl, compiled by gcc (Alpine 12.2.1_git20220924-r4) 12.2.1 20220924, 64-bit", self.number),
        }
    }

    /// What `psql --version` names after `psql (PostgreSQL) `.
    pub fn client(&self) -> String {
        match &self.package {
            Some(pkg) => format!("{} (Debian {pkg})", self.number),
            None => self.number.clone(),
        }
    }
}

fn catalog_file(pgdata: &str) -> String {
    format!("{pgdata}/base/catalog.json")
}

fn authid_file(pgdata: &str) -> String {
    format!("{pgdata}/global/pg_authid")
}

/// The superuser from `POSTGRES_USER` (default `postgres`).
fn superuser(p: &Proc) -> String {
    p.getenv("POSTGRES_USER").filter(|u| !u.is_empty()).unwrap_or_else(|| "postgres".into())
}

/// `initdb` and the entrypoint's set-up: the cluster's directories and files, the
/// databases `postgres`, `template0`, `template1` and `POSTGRES_DB`, and the superuser's
/// password (none with `POSTGRES_HOST_AUTH_METHOD=trust`).
async fn initdb(p: &Proc, pgdata: &str) {
    for d in ["base", "global", "pg_wal", "pg_xact", "pg_stat", "pg_tblspc"] {
        let _ = p.mkdir(&format!("{pgdata}/{d}"), 0o700);
    }
    let _ = p.write_file(&format!("{pgdata}/PG_VERSION"), format!("{}\n", Release::of(p).major()).as_bytes()).await;
    let _ = p.write_file(&format!("{pgdata}/postgresql.conf"), b"listen_addresses = '*'\nmax_connections = 100\nshared_buffers = 128MB\n").await;
    let _ = p.write_file(&format!("{pgdata}/pg_hba.conf"), b"local   all             all                                     trust\nhost    all             all             127.0.0.1/32            trust\nhost    all             all             all                     scram-sha-256\n").await;
    let user = superuser(p);
    let mut catalog = Catalog::default();
    let db = p.getenv("POSTGRES_DB").filter(|d| !d.is_empty()).unwrap_or_else(|| user.clone());
    for name in ["postgres", "template0", "template1", db.as_str()] {
        catalog.databases.insert(name.to_string(), BTreeMap::new());
    }
    let _ = p.write_file(&catalog_file(pgdata), &catalog.to_bytes()).await;
    let trust = p.getenv("POSTGRES_HOST_AUTH_METHOD").as_deref() == Some("trust");
    let password = if trust { None } else { p.getenv("POSTGRES_PASSWORD") };
    let _ = p.write_file(&authid_file(pgdata), json!({ "user": user, "password": password }).to_string().as_bytes()).await;
}

/// The server's state from `$PGDATA`.
async fn load(p: &Proc, pgdata: &str) -> SqlServer {
    let catalog = p.read_file(&catalog_file(pgdata)).await.ok().and_then(|b| Catalog::from_bytes(&b)).unwrap_or_default();
    let auth: serde_json::Value = p.read_file(&authid_file(pgdata)).await.ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let user = auth["user"].as_str().map_or_else(|| superuser(p), str::to_string);
    let password = auth["password"].as_str().map(str::to_string);
    SqlServer { dialect: Dialect::Postgres, catalog, users: [(user.clone(), password)].into(), version: Release::of(p).banner(), data_file: catalog_file(pgdata), owner: user }
}

/// `postgres`: refuses to initialise without a password, as the image's
/// entrypoint does; otherwise initialises `$PGDATA` once (see [`initdb`]), logs the
/// start-up, serves SQL on port 5432 and shuts down on SIGTERM (smart), SIGINT (fast) or
/// SIGQUIT (immediate).
pub async fn postgres(p: Proc) -> i32 {
    let banner = Release::of(&p).banner();
    let pgdata = p.getenv("PGDATA").unwrap_or_else(|| "/var/lib/postgresql/data".into());
    let version_file = format!("{pgdata}/PG_VERSION");
    let initialised = p.stat(&version_file).is_ok();
    let password = p.getenv("POSTGRES_PASSWORD").is_some_and(|v| !v.is_empty());
    let trust = p.getenv("POSTGRES_HOST_AUTH_METHOD").as_deref() == Some("trust");
    if !initialised && !password && !trust {
        p.eprint("Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".

       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about \"trust\":
       https://www.postgresql.org/docs/current/auth-trust.html
")
        .await;
        return 1;
    }
    let ts = || format!("{}.{} UTC", now(&p, "%Y-%m-%d %H:%M:%S"), millis(&p));
    if !initialised {
        initdb(&p, &pgdata).await;
        p.print(&format!("The files belonging to this database system will be owned by user \"postgres\".
This user must also own the server process.

The database cluster will be initialized with locale \"en_US.utf8\".
The default database encoding has accordingly been set to \"UTF8\".
The default text search configuration will be set to \"english\".

Data page checksums are disabled.

fixing permissions on existing directory {pgdata} ... ok
creating subdirectories ... ok
selecting dynamic shared memory implementation ... posix
selecting default max_connections ... 100
selecting default shared_buffers ... 128MB
selecting default time zone ... UTC
creating configuration files ... ok
running bootstrap script ... ok
sh: locale: not found
{} [35] WARNING:  no usable system locales were found
performing post-bootstrap initialization ... ok
syncing data to disk ... ok


Success. You can now start the database server using:

    pg_ctl -D {pgdata} -l logfile start

initdb: warning: enabling \"trust\" authentication for local connections
initdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb.
waiting for server to start....{} [41] LOG:  starting {}
{} [41] LOG:  database system is ready to accept connections
 done
server started

/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*

waiting for server to shut down....{} [41] LOG:  database system is shut down
 done
server stopped

PostgreSQL init process complete; ready for start up.

", ts(), ts(), banner, ts(), ts()))
        .await;
    }
    let pid = p.pid();
    let lines = vec![
        format!("{} [{pid}] LOG:  starting {banner}", ts()),
        format!("{} [{pid}] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432", ts()),
        format!("{} [{pid}] LOG:  listening on IPv6 address \"::\", port 5432", ts()),
        format!("{} [{pid}] LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"", ts()),
        format!("{} [{}] LOG:  database system was shut down at {}", ts(), pid + 50, ts()),
        format!("{} [{pid}] LOG:  database system is ready to accept connections", ts()),
    ];
    err_lines(&p, &lines).await;
    let server = Rc::new(RefCell::new(load(&p, &pgdata).await));
    let _ = p.write_file(SOCKET, b"").await;
    let sig = serve(&p, 5432, &[SIGTERM, SIGINT, SIGQUIT], server, backend).await;
    let _ = p.unlink(SOCKET);
    let kind = match sig {
        SIGTERM => "smart",
        SIGINT => "fast",
        _ => "immediate",
    };
    let mut lines = vec![format!("{} [{pid}] LOG:  received {kind} shutdown request", ts())];
    if sig != SIGQUIT {
        lines.push(format!("{} [{pid}] LOG:  background worker \"logical replication launcher\" (PID {}) exited with exit code 1", ts(), pid + 53));
        lines.push(format!("{} [{}] LOG:  shutting down", ts(), pid + 48));
        lines.push(format!("{} [{}] LOG:  checkpoint starting: shutdown immediate", ts(), pid + 48));
        lines.push(format!("{} [{}] LOG:  checkpoint complete: wrote 3 buffers (0.0%); 0 WAL file(s) added, 0 removed, 0 recycled; write=0.002 s, sync=0.001 s, total=0.006 s; sync files=2, longest=0.001 s, average=0.001 s; distance=0 kB, estimate=0 kB", ts(), pid + 48));
    }
    lines.push(format!("{} [{pid}] LOG:  database system is shut down", ts()));
    err_lines(&p, &lines).await;
    0
}

