//! `redis-cli`: one command from its arguments, or a prompt (`127.0.0.1:6379> `) reading
//! commands. Replies print as redis-cli prints them on a terminal (`"value"`,
//! `(integer) 2`, `(nil)`), and bare (`--raw`) when the output is a pipe.

use super::super::client::exchange_resp;
use super::super::resp::{split_words, Reply};
use super::super::wire::{connect, ConnectError, LineReader};
use crate::sys::Proc;
use crate::userland::net::is_busybox;

struct Options {
    host: String,
    port: u16,
    raw: Option<bool>,
    command: Vec<String>,
}

fn parse(argv: &[String]) -> Result<Options, String> {
    let mut o = Options { host: "127.0.0.1".into(), port: 6379, raw: None, command: Vec::new() };
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        let mut value = || {
            i += 1;
            argv.get(i).cloned().ok_or_else(|| format!("Unrecognized option or bad number of args for: '{a}'"))
        };
        match a {
            "-h" => o.host = value()?,
            "-p" => o.port = value()?.parse().map_err(|_| "Invalid port".to_string())?,
            "-a" | "--pass" | "--user" | "-n" => {
                value()?;
            }
            "--raw" => o.raw = Some(true),
            "--no-raw" => o.raw = Some(false),
            "--no-auth-warning" => {}
            _ if a.starts_with('-') && o.command.is_empty() && a.len() > 1 => return Err(format!("Unrecognized option or bad number of args for: '{a}'")),
            _ => {
                o.command = argv[i..].to_vec();
                break;
            }
        }
        i += 1;
    }
    Ok(o)
}

/// Why the connection failed, in redis-cli's words.
fn connect_error(p: &Proc, o: &Options, e: &ConnectError) -> String {
    let why = match e {
        ConnectError::UnknownHost(_) if is_busybox(p) => "Name does not resolve".to_string(),
        ConnectError::UnknownHost(_) => "Name or service not known".to_string(),
        ConnectError::Failed { errno, .. } => errno.message().to_string(),
    };
    format!("Could not connect to Redis at {}:{}: {why}", o.host, o.port)
}

/// Sends one command on a fresh connection.
async fn send(p: &Proc, o: &Options, words: &[String]) -> Result<Reply, String> {
    let (fd, _) = connect(p, &o.host, o.port).await.map_err(|e| connect_error(p, o, &e))?;
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    let r = exchange_resp(p, fd, &args).await;
    let _ = p.close(fd);
    r.map_err(|_| "Error: Server closed the connection".to_string())
}

/// The program.
pub async fn redis_cli(p: Proc) -> i32 {
    let argv = p.argv();
    if argv.iter().any(|a| a == "-v" || a == "--version") {
        p.print("redis-cli 7.2.3\n").await;
        return 0;
    }
    let o = match parse(&argv) {
        Ok(o) => o,
        Err(e) => {
            p.eprint(&format!("{e}\n")).await;
            return 1;
        }
    };
    let pretty = o.raw.map_or_else(|| p.isatty(1), |raw| !raw);
    let show = |r: &Reply| {
        let mut s = if pretty { r.to_cli() } else { r.to_raw() };
        s.push('\n');
        s
    };
    if !o.command.is_empty() {
        return match send(&p, &o, &o.command).await {
            Ok(r) => {
                p.print(&show(&r)).await;
                i32::from(matches!(r, Reply::Error(_)))
            }
            Err(e) => {
                p.eprint(&format!("{e}\n")).await;
                1
            }
        };
    }
    // The prompt: connected or not, as redis-cli shows it.
    let interactive = p.isatty(0);
    let mut connected = match connect(&p, &o.host, o.port).await {
        Ok((fd, _)) => {
            let _ = p.close(fd);
            true
        }
        Err(e) => {
            p.print(&format!("{}\n", connect_error(&p, &o, &e))).await;
            false
        }
    };
    let mut input = LineReader::default();
    loop {
        if interactive {
            let prompt = if connected { format!("{}:{}> ", o.host, o.port) } else { "not connected> ".to_string() };
            p.print(&prompt).await;
        }
        let Some(line) = input.next_line(&p, 0).await else { break };
        let words = split_words(&line);
        let Some(first) = words.first() else { continue };
        if first.eq_ignore_ascii_case("exit") || first.eq_ignore_ascii_case("quit") {
            break;
        }
        match send(&p, &o, &words).await {
            Ok(r) => {
                connected = true;
                p.print(&show(&r)).await;
            }
            Err(e) => {
                connected = false;
                p.print(&format!("{e}\n")).await;
            }
        }
    }
    0
}
