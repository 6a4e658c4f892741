//! The `mysql` client: `-uUSER -pPASSWORD [-h HOST] [-P PORT] [-e SQL] [DATABASE]`, the
//! `mysql> ` prompt, and the MySQL 8.0 client's messages.

use super::super::client::{DbError, Sql};
use super::super::sql::error::ServerError;
use super::super::sql::split_statements;
use super::super::wire::{ConnectError, LineReader};
use super::print::{boxed, status, tabbed};
use super::server::SOCKET;
use crate::sys::Proc;

#[derive(Default)]
struct Options {
    user: Option<String>,
    password: Option<Option<String>>,
    host: Option<String>,
    port: Option<u16>,
    execute: Option<String>,
    database: Option<String>,
}

fn parse(argv: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].clone();
        let mut next = || {
            i += 1;
            argv.get(i).cloned().ok_or_else(|| format!("mysql: option '{a}' requires an argument"))
        };
        if let Some(v) = a.strip_prefix("--password=") {
            o.password = Some(Some(v.to_string()));
        } else if a == "-p" || a == "--password" {
            o.password = Some(None);
        } else if let Some(v) = a.strip_prefix("-p") {
            o.password = Some(Some(v.to_string()));
        } else if a == "-u" || a == "--user" {
            o.user = Some(next()?);
        } else if let Some(v) = a.strip_prefix("-u").or_else(|| a.strip_prefix("--user=")) {
            o.user = Some(v.to_string());
        } else if a == "-h" || a == "--host" {
            o.host = Some(next()?);
        } else if let Some(v) = a.strip_prefix("-h").or_else(|| a.strip_prefix("--host=")) {
            o.host = Some(v.to_string());
        } else if a == "-P" || a == "--port" {
            o.port = next()?.parse().ok();
        } else if let Some(v) = a.strip_prefix("-P").or_else(|| a.strip_prefix("--port=")) {
            o.port = v.parse().ok();
        } else if a == "-e" || a == "--execute" {
            o.execute = Some(next()?);
        } else if let Some(v) = a.strip_prefix("--execute=") {
            o.execute = Some(v.to_string());
        } else if a == "-D" || a == "--database" {
            o.database = Some(next()?);
        } else if a.starts_with('-') {
            return Err(format!("mysql: [ERROR] unknown option '{a}'."));
        } else {
            o.database = Some(a);
        }
        i += 1;
    }
    Ok(o)
}

fn error_line(e: &ServerError) -> String {
    format!("ERROR {} ({}): {}\n", e.code, e.state, e.message)
}

/// The program.
pub async fn mysql(p: Proc) -> i32 {
    let argv = p.argv();
    if argv.iter().any(|a| a == "-V" || a == "--version") {
        p.print(&format!("mysql  Ver {} for Linux on x86_64 (MySQL Community Server - GPL)\n", super::server::version(&p))).await;
        return 0;
    }
    let o = match parse(&argv) {
        Ok(o) => o,
        Err(e) => {
            p.eprint(&format!("{e}\n")).await;
            return 1;
        }
    };
    let mut input = LineReader::default();
    let password = match &o.password {
        Some(Some(pw)) => {
            p.eprint("mysql: [Warning] Using a password on the command line interface can be insecure.\n").await;
            Some(pw.clone())
        }
        Some(None) => {
            p.print("Enter password: ").await;
            let line = input.next_line(&p, 0).await.unwrap_or_default();
            p.print("\n").await;
            Some(line)
        }
        None => p.getenv("MYSQL_PWD"),
    };
    let user = o.user.clone().unwrap_or_else(|| "root".into());
    let local = o.host.as_deref().is_none_or(|h| h == "localhost");
    let host = if local { "127.0.0.1".to_string() } else { o.host.clone().unwrap_or_default() };
    let port = o.port.unwrap_or(3306);
    if local && !p.exists(SOCKET) {
        p.eprint(&format!("ERROR 2002 (HY000): Can't connect to local MySQL server through socket '{SOCKET}' (2)\n")).await;
        return 1;
    }
    let mut conn = Sql::mysql(&host, &user, password.as_deref(), o.database.as_deref());
    conn.port = port;
    conn.local = local;
    match conn.run(&p, "").await {
        Ok(_) => {}
        Err(DbError::Connect(ConnectError::UnknownHost(h))) => {
            p.eprint(&format!("ERROR 2005 (HY000): Unknown MySQL server host '{h}' (-2)\n")).await;
            return 1;
        }
        Err(DbError::Connect(ConnectError::Failed { errno, .. })) => {
            p.eprint(&format!("ERROR 2003 (HY000): Can't connect to MySQL server on '{host}:{port}' ({})\n", errno.number())).await;
            return 1;
        }
        Err(DbError::Sql(e)) => {
            p.eprint(&error_line(&e)).await;
            return 1;
        }
        Err(_) => {
            p.eprint("ERROR 2013 (HY000): Lost connection to MySQL server at 'reading initial communication packet', system error: 0\n").await;
            return 1;
        }
    }
    let tty = p.isatty(1);
    if let Some(sql) = &o.execute {
        for stmt in split_statements(sql) {
            match conn.run(&p, &stmt).await {
                Ok((results, error, db)) => {
                    conn.database = db;
                    for r in results.iter().filter(|r| r.returns_rows && !r.columns.is_empty()) {
                        p.print(&if tty { boxed(r) } else { tabbed(r) }).await;
                    }
                    if let Some(e) = error {
                        p.eprint(&error_line(&e)).await;
                        return 1;
                    }
                }
                Err(e) => {
                    p.eprint(&format!("ERROR 2013 (HY000): {e}\n")).await;
                    return 1;
                }
            }
        }
        return 0;
    }
    interactive(&p, &mut conn, &mut input).await
}

async fn interactive(p: &Proc, conn: &mut Sql, input: &mut LineReader) -> i32 {
    let tty = p.isatty(0);
    if tty {
        let server = conn.query(p, "SELECT version()").await.ok().and_then(|r| r.rows.into_iter().next()?.into_iter().next()?).unwrap_or_else(|| "8.0.35".into());
        p.print(&format!("Welcome to the MySQL monitor.  Commands end with ; or \\g.\nYour MySQL connection id is 8\nServer version: {server} MySQL Community Server - GPL\n\nCopyright (c) 2000, 2023, Oracle and/or its affiliates.\n\nOracle is a registered trademark of Oracle Corporation and/or its\naffiliates. Other names may be trademarks of their respective\nowners.\n\nType 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n\n")).await;
    }
    let mut buffer = String::new();
    loop {
        if tty {
            p.print(if buffer.is_empty() { "mysql> " } else { "    -> " }).await;
        }
        let Some(line) = input.next_line(p, 0).await else {
            if tty {
                p.print("Bye\n").await;
            }
            return 0;
        };
        let trimmed = line.trim().trim_end_matches(';');
        if buffer.is_empty() {
            let lower = trimmed.to_ascii_lowercase();
            if matches!(lower.as_str(), "exit" | "quit" | "\\q") {
                p.print("Bye\n").await;
                return 0;
            }
            if trimmed.is_empty() {
                continue;
            }
            // `use` is the client's own command: no `;` needed.
            if lower.starts_with("use ") && !line.contains(';') {
                buffer = format!("{trimmed};");
            }
        }
        if buffer.is_empty() || !buffer.ends_with(';') {
            if !buffer.is_empty() {
                buffer.push('\n');
            }
            buffer.push_str(&line);
        }
        if !buffer.trim_end().ends_with(';') && !buffer.trim_end().ends_with("\\G") {
            continue;
        }
        let text = std::mem::take(&mut buffer);
        for stmt in split_statements(&text) {
            match conn.run(p, &stmt).await {
                Ok((results, error, db)) => {
                    conn.database = db;
                    for r in &results {
                        let mut out = String::new();
                        if r.returns_rows && !r.rows.is_empty() {
                            out.push_str(&boxed(r));
                        }
                        out.push_str(&status(r));
                        if r.tag != "USE" {
                            out.push('\n');
                        }
                        p.print(&out).await;
                    }
                    if let Some(e) = error {
                        p.print(&error_line(&e)).await;
                    }
                }
                Err(e) => p.print(&format!("ERROR 2013 (HY000): Lost connection to MySQL server during query: {e}\n")).await,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_as_mysql_reads_them() {
        let argv: Vec<String> = ["mysql", "-uroot", "-psecret", "-h", "db", "-e", "select 1", "shop"].iter().map(|s| s.to_string()).collect();
        let o = parse(&argv).unwrap();
        assert_eq!((o.user.as_deref(), o.password.clone(), o.host.as_deref(), o.execute.as_deref(), o.database.as_deref()), (Some("root"), Some(Some("secret".to_string())), Some("db"), Some("select 1"), Some("shop")));
        let o = parse(&["mysql".to_string(), "-p".to_string()]).unwrap();
        assert_eq!(o.password, Some(None));
    }
}
