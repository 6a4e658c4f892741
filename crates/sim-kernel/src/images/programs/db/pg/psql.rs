//! `psql`: connects over the local socket (no `-h`) or TCP, runs `-c` commands or reads
//! statements at the `postgres=# ` prompt, and prints results in psql's aligned format.

use super::super::client::{DbError, Sql};
use super::super::sql::error::ServerError;
use super::super::sql::{split_statements, QueryResult};
use super::super::wire::{ConnectError, LineReader};
use super::print::aligned;
use super::server::{Release, SOCKET};
use crate::sys::Proc;
use crate::userland::net::is_busybox;

#[derive(Default)]
struct Options {
    user: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    database: Option<String>,
    password: Option<String>,
    commands: Vec<String>,
    tuples_only: bool,
    list: bool,
}

fn parse(argv: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut positional = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].clone();
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ if a.len() > 2 && a.starts_with('-') && !a.starts_with("--") && "UhpdcW".contains(&a[1..2]) => (a[..2].to_string(), Some(a[2..].to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            i += 1;
            argv.get(i).cloned().ok_or_else(|| format!("psql: error: option requires an argument -- '{}'", name.trim_start_matches('-')))
        };
        match flag.as_str() {
            "-U" | "--username" => o.user = Some(value("U")?),
            "-h" | "--host" => o.host = Some(value("h")?),
            "-p" | "--port" => o.port = Some(value("p")?.parse().map_err(|_| "psql: error: invalid port number".to_string())?),
            "-d" | "--dbname" => o.database = Some(value("d")?),
            "-c" | "--command" => o.commands.push(value("c")?),
            "-t" | "--tuples-only" => o.tuples_only = true,
            "-l" | "--list" => o.list = true,
            "-W" | "-w" | "-q" | "--quiet" | "-X" | "--no-psqlrc" | "-A" | "--no-align" => {}
            f if f.starts_with('-') && f.len() > 1 => return Err(format!("psql: error: invalid option -- '{}'\npsql: hint: Try \"psql --help\" for more information.", f.trim_start_matches('-'))),
            _ => positional.push(a.clone()),
        }
        i += 1;
    }
    let mut positional = positional.into_iter();
    if let Some(first) = positional.next() {
        if let Some(s) = first.strip_prefix("postgresql://").or_else(|| first.strip_prefix("postgres://")).map(|_| first.clone()) {
            let url = Sql::from_url(&s).ok_or("psql: error: invalid URI")?;
            o.host = Some(url.host);
            o.port = Some(url.port);
            o.user = o.user.or(Some(url.user));
            o.password = url.password;
            o.database = url.database.or(o.database);
        } else if o.database.is_none() {
            o.database = Some(first);
        }
    }
    if let Some(user) = positional.next() {
        o.user.get_or_insert(user);
    }
    Ok(o)
}

/// The login name of the process's user, from `/etc/passwd`.
async fn os_user(p: &Proc) -> String {
    let uid = p.uid();
    let passwd = p.read_file("/etc/passwd").await.unwrap_or_default();
    String::from_utf8_lossy(&passwd).lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.len() > 2 && f[2].parse() == Ok(uid)).then(|| f[0].to_string())
    })
    .unwrap_or_else(|| uid.to_string())
}

/// Where psql says it tried to connect, for its error messages.
fn target(conn: &Sql, ip: Option<std::net::Ipv4Addr>) -> String {
    if conn.local {
        format!("connection to server on socket \"{SOCKET}\"")
    } else {
        let ip = ip.map_or_else(String::new, |ip| format!(" ({ip})"));
        format!("connection to server at \"{}\"{ip}, port {}", conn.host, conn.port)
    }
}

/// Opens the session: checks that the server answers and the login is accepted, asking for
/// a password on the terminal when the server wants one. Returns the error line otherwise.
async fn login(p: &Proc, conn: &mut Sql, input: &mut LineReader) -> Result<(), String> {
    loop {
        match conn.run(p, "").await {
            Ok(_) => return Ok(()),
            Err(DbError::Connect(ConnectError::UnknownHost(h))) => {
                let why = if is_busybox(p) { "Name does not resolve" } else { "Name or service not known" };
                return Err(format!("could not translate host name \"{h}\" to address: {why}"));
            }
            Err(DbError::Connect(ConnectError::Failed { ip, errno })) => {
                return Err(format!("{} failed: {}\n\tIs the server running on that host and accepting TCP/IP connections?", target(conn, Some(ip)), errno.message()));
            }
            Err(DbError::Sql(e)) if e.state == "28P01" && conn.password.is_none() => {
                if !p.isatty(0) {
                    return Err(format!("{} failed: fe_sendauth: no password supplied", target(conn, resolve_ip(p, conn).await)));
                }
                p.print(&format!("Password for user {}: ", conn.user)).await;
                let line = input.next_line(p, 0).await.unwrap_or_default();
                conn.password = Some(line);
            }
            Err(DbError::Sql(e)) => return Err(format!("{} failed: FATAL:  {}", target(conn, resolve_ip(p, conn).await), e.message)),
            Err(_) => return Err(format!("{} failed: server closed the connection unexpectedly", target(conn, None))),
        }
    }
}

async fn resolve_ip(p: &Proc, conn: &Sql) -> Option<std::net::Ipv4Addr> {
    if conn.local {
        return None;
    }
    crate::userland::net::resolve(p, &conn.host).await.ok().map(|v| v[0])
}

/// psql's `ERROR:` lines for a failed statement, with the `LINE n:` pointer.
fn error_text(e: &ServerError, stmt: &str) -> String {
    let mut s = format!("ERROR:  {}\n", e.message);
    if let Some(pos) = e.position {
        let before: String = stmt.chars().take(pos.saturating_sub(1)).collect();
        let line_no = before.matches('\n').count() + 1;
        let line = stmt.lines().nth(line_no - 1).unwrap_or("");
        let col = before.rsplit('\n').next().unwrap_or("").chars().count();
        let prefix = format!("LINE {line_no}: ");
        s.push_str(&format!("{prefix}{line}\n{}^\n", " ".repeat(prefix.len() + col)));
    }
    if let Some(d) = &e.detail {
        s.push_str(d);
        s.push('\n');
    }
    s
}

/// What psql prints for a successful statement.
fn result_text(r: &QueryResult, tuples_only: bool, title: Option<&str>) -> String {
    if !r.returns_rows {
        return format!("{}\n", r.tag);
    }
    if tuples_only {
        let mut s: String = r.rows.iter().map(|row| format!(" {}\n", row.iter().map(|c| c.clone().unwrap_or_default()).collect::<Vec<_>>().join(" | "))).collect();
        s.push('\n');
        return s;
    }
    aligned(r, title)
}

/// Sends one statement (or meta-command) and prints its outcome. Returns whether it worked.
async fn run_one(p: &Proc, conn: &Sql, stmt: &str, tuples_only: bool) -> bool {
    let meta = stmt.trim_start().starts_with('\\');
    match conn.run(p, stmt).await {
        Ok((results, error, _)) => {
            for r in &results {
                if meta && r.rows.is_empty() && r.columns.first().is_some_and(|c| c == "Schema") {
                    p.eprint("Did not find any relations.\n").await;
                    continue;
                }
                let title = if !meta {
                    None
                } else if r.columns.first().is_some_and(|c| c == "Schema") {
                    Some("List of relations")
                } else {
                    Some("List of databases")
                };
                p.print(&result_text(r, tuples_only, title)).await;
            }
            match error {
                Some(e) => {
                    p.eprint(&error_text(&e, stmt)).await;
                    false
                }
                None => true,
            }
        }
        Err(e) => {
            p.eprint(&format!("FATAL:  {e}\nThe connection to the server was lost. Attempting reset: Failed.\n")).await;
            false
        }
    }
}

/// This `psql`'s version: the image's PostgreSQL inside a `postgres` image, else the host's
/// Debian client (or Alpine's, in another busybox image).
fn client_version(p: &Proc) -> String {
    if p.getenv("PG_VERSION").is_some() {
        Release::of(p).client()
    } else if is_busybox(p) {
        "15.1".into()
    } else {
        "15.5 (Debian 15.5-0+deb12u1)".into()
    }
}

/// The server's version number (`16.1`), which psql's greeting names when it is not its own.
async fn server_number(p: &Proc, conn: &Sql) -> String {
    let banner = conn.query(p, "SELECT version()").await.ok().and_then(|r| r.rows.into_iter().next()?.into_iter().next()?);
    banner.as_deref().and_then(|b| b.split(' ').nth(1)).unwrap_or("15.1").to_string()
}

/// The program.
pub async fn psql(p: Proc) -> i32 {
    let argv = p.argv();
    if argv.iter().any(|a| a == "-V" || a == "--version") {
        p.print(&format!("psql (PostgreSQL) {}\n", client_version(&p))).await;
        return 0;
    }
    let o = match parse(&argv) {
        Ok(o) => o,
        Err(e) => {
            p.eprint(&format!("{e}\n")).await;
            return 1;
        }
    };
    let user = match o.user.clone().or_else(|| p.getenv("PGUSER")) {
        Some(u) => u,
        None => os_user(&p).await,
    };
    let host = o.host.clone().or_else(|| p.getenv("PGHOST"));
    let port = o.port.or_else(|| p.getenv("PGPORT").and_then(|v| v.parse().ok())).unwrap_or(5432);
    let database = o.database.clone().or_else(|| p.getenv("PGDATABASE")).unwrap_or_else(|| user.clone());
    let password = o.password.clone().or_else(|| p.getenv("PGPASSWORD"));
    let local = host.is_none();
    if local && !p.exists(SOCKET) {
        p.eprint(&format!("psql: error: connection to server on socket \"{SOCKET}\" failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?\n")).await;
        return 2;
    }
    let mut conn = Sql::postgres(host.as_deref().unwrap_or("127.0.0.1"), &user, password.as_deref(), Some(&database));
    conn.port = port;
    conn.local = local;
    let mut input = LineReader::default();
    if let Err(e) = login(&p, &mut conn, &mut input).await {
        p.eprint(&format!("psql: error: {e}\n")).await;
        return 2;
    }
    if o.list {
        return if run_one(&p, &conn, "\\l", o.tuples_only).await { 0 } else { 1 };
    }
    if !o.commands.is_empty() {
        for c in &o.commands {
            let stmts = if c.trim_start().starts_with('\\') { vec![c.clone()] } else { split_statements(c) };
            for s in stmts {
                if !run_one(&p, &conn, &s, o.tuples_only).await {
                    return 1;
                }
            }
        }
        return 0;
    }
    interactive(&p, &mut conn, &mut input, o.tuples_only).await
}

/// The prompt loop.
async fn interactive(p: &Proc, conn: &mut Sql, input: &mut LineReader, tuples_only: bool) -> i32 {
    let tty = p.isatty(0);
    if tty {
        let (client, server) = (client_version(p), server_number(p, conn).await);
        let version = if client.split(' ').next() == Some(server.as_str()) { client } else { format!("{client}, server {server}") };
        p.print(&format!("psql ({version})\nType \"help\" for help.\n\n")).await;
    }
    let mut buffer = String::new();
    loop {
        if tty {
            let db = conn.database.clone().unwrap_or_default();
            let mark = if buffer.is_empty() { '=' } else { '-' };
            p.print(&format!("{db}{mark}# ")).await;
        }
        let Some(line) = input.next_line(p, 0).await else {
            if tty {
                p.print("\n").await;
            }
            return 0;
        };
        let trimmed = line.trim();
        if buffer.is_empty() && trimmed.starts_with('\\') {
            let mut words = trimmed.split_whitespace();
            match words.next().unwrap_or("") {
                "\\q" => return 0,
                "\\c" | "\\connect" => {
                    if let Some(db) = words.next() {
                        let mut next = conn.clone();
                        next.database = Some(db.to_string());
                        match next.run(p, "").await {
                            Ok(_) => {
                                *conn = next;
                                p.print(&format!("You are now connected to database \"{db}\" as user \"{}\".\n", conn.user)).await;
                            }
                            Err(e) => p.eprint(&format!("connection to server failed: FATAL:  {e}\nPrevious connection kept\n")).await,
                        }
                    }
                }
                "\\conninfo" => {
                    let db = conn.database.clone().unwrap_or_default();
                    let how = if conn.local { "via socket in \"/var/run/postgresql\"".to_string() } else { format!("on host \"{}\"", conn.host) };
                    p.print(&format!("You are connected to database \"{db}\" as user \"{}\" {how} at port \"{}\".\n", conn.user, conn.port)).await;
                }
                "\\dt" | "\\d" | "\\l" | "\\list" => {
                    run_one(p, conn, trimmed, tuples_only).await;
                }
                other => p.eprint(&format!("invalid command {other}\nTry \\? for help.\n")).await,
            }
            continue;
        }
        if buffer.is_empty() && matches!(trimmed, "exit" | "quit") {
            return 0;
        }
        if buffer.is_empty() && trimmed == "help" {
            p.print("You are using psql, the command-line interface to PostgreSQL.\nType:  \\copyright for distribution terms\n       \\h for help with SQL commands\n       \\? for help with psql commands\n       \\g or terminate with semicolon to execute query\n       \\q to quit\n").await;
            continue;
        }
        if trimmed.is_empty() && buffer.is_empty() {
            continue;
        }
        if !buffer.is_empty() {
            buffer.push('\n');
        }
        buffer.push_str(&line);
        if !complete(&buffer) {
            continue;
        }
        let text = std::mem::take(&mut buffer);
        for stmt in split_statements(&text) {
            run_one(p, conn, &stmt, tuples_only).await;
        }
    }
}

/// Whether the typed text ends with a `;` outside quotes.
fn complete(text: &str) -> bool {
    let mut quote = None;
    let mut last = ' ';
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None => {}
        }
        if !c.is_whitespace() {
            last = c;
        }
    }
    quote.is_none() && last == ';'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_point_at_the_position() {
        let e = ServerError { message: "relation \"x\" does not exist".into(), position: Some(15), ..ServerError::default() };
        assert_eq!(error_text(&e, "SELECT * FROM x;"), "ERROR:  relation \"x\" does not exist\nLINE 1: SELECT * FROM x;\n                      ^\n");
    }

    #[test]
    fn options_and_uris() {
        let argv: Vec<String> = ["psql", "-U", "postgres", "-hdb", "-c", "select 1", "shop"].iter().map(|s| s.to_string()).collect();
        let o = parse(&argv).unwrap();
        assert_eq!((o.user.as_deref(), o.host.as_deref(), o.database.as_deref(), o.commands.len()), (Some("postgres"), Some("db"), Some("shop"), 1));
        let argv: Vec<String> = ["psql", "postgresql://app:pw@localhost:5433/app"].iter().map(|s| s.to_string()).collect();
        let o = parse(&argv).unwrap();
        assert_eq!((o.user.as_deref(), o.password.as_deref(), o.port), (Some("app"), Some("pw"), Some(5433)));
    }

    #[test]
    fn a_statement_is_complete_at_its_semicolon() {
        assert!(complete("select 1;"));
        assert!(!complete("select ';'"));
        assert!(!complete("create table t ("));
    }
}
