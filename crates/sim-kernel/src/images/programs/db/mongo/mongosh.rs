//! `mongosh` (2.1): connects to `mongodb://host:port/db` (default `127.0.0.1:27017/test`),
//! then runs `--eval` or reads commands at the `test> ` prompt, printing results in
//! mongosh's shapes.

use serde_json::json;

use super::super::client::{DbError, Mongo};
use super::super::wire::{ConnectError, LineReader};
use super::doc::{Bson, Doc};
use super::inspect::inspect;
use super::shell::{parse, Command};
use crate::sys::Proc;

struct Session {
    mongo: Mongo,
    db: String,
}

fn network_error(e: &DbError, host: &str, port: u16) -> String {
    match e {
        DbError::Connect(ConnectError::UnknownHost(h)) => format!("MongoNetworkError: getaddrinfo ENOTFOUND {h}"),
        DbError::Connect(ConnectError::Failed { ip, errno }) => {
            let code = match errno {
                crate::errno::Errno::ECONNREFUSED => "ECONNREFUSED",
                crate::errno::Errno::ETIMEDOUT => "ETIMEDOUT",
                _ => "EHOSTUNREACH",
            };
            format!("MongoNetworkError: connect {code} {ip}:{port}")
        }
        other => format!("MongoServerSelectionError: {other} ({host})"),
    }
}

fn doc_arg(args: &[Bson], i: usize) -> Doc {
    match args.get(i) {
        Some(Bson::Doc(d)) => d.clone(),
        _ => Doc::default(),
    }
}

fn result(pairs: Vec<(&str, Bson)>) -> Bson {
    Bson::Doc(Doc(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

/// Runs one command; `Ok(None)` prints nothing, `Err` is the error line, `Ok(Some(""))` exit.
async fn run(p: &Proc, s: &mut Session, line: &str) -> Result<Option<String>, String> {
    let cmd = parse(line, p.now() / 1_000_000).map_err(|e| e.0)?;
    let call = |op: &str, coll: &str, extra: serde_json::Value| {
        let mut req = json!({ "db": s.db, "op": op, "coll": coll });
        if let (Some(r), Some(e)) = (req.as_object_mut(), extra.as_object()) {
            r.extend(e.clone());
        }
        req
    };
    let fail = |e: DbError| match e {
        DbError::Mongo { code_name, message, .. } => format!("Mongo{}Error: {message}", if code_name == "DuplicateKey" { "Bulkwrite" } else { "Server" }),
        other => format!("MongoNetworkError: {other}"),
    };
    Ok(Some(match cmd {
        Command::Exit => String::new(),
        Command::Use(db) => {
            s.db = db.clone();
            format!("switched to db {db}")
        }
        Command::Db => s.db.clone(),
        Command::ShowDbs => {
            let r = s.mongo.call(p, json!({ "op": "listDatabases" })).await.map_err(fail)?;
            let mut names: Vec<String> = vec!["admin".into(), "config".into(), "local".into()];
            names.extend(r["names"].as_array().into_iter().flatten().filter_map(|n| n.as_str().map(str::to_string)));
            wharf_engine::sort::ascending(&mut names);
            let width = names.iter().map(String::len).max().unwrap_or(0) + 2;
            names
                .iter()
                .map(|n| {
                    let size = match n.as_str() {
                        "config" => "12.00 KiB",
                        "local" => "72.00 KiB",
                        _ => "40.00 KiB",
                    };
                    format!("{n:<width$}{size}")
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        Command::ShowCollections => {
            let r = s.mongo.call(p, json!({ "db": s.db, "op": "listCollections" })).await.map_err(fail)?;
            let names: Vec<String> = r["names"].as_array().into_iter().flatten().filter_map(|n| n.as_str().map(str::to_string)).collect();
            if names.is_empty() {
                return Ok(None);
            }
            names.join("\n")
        }
        Command::DropDatabase => {
            s.mongo.call(p, json!({ "db": s.db, "op": "dropDatabase" })).await.map_err(fail)?;
            inspect(&result(vec![("ok", Bson::Int(1)), ("dropped", Bson::String(s.db.clone()))]))
        }
        Command::Method { coll, method, args } => {
            let filter = doc_arg(&args, 0).to_wire();
            match method.as_str() {
                "insertOne" => {
                    let r = s.mongo.call(p, call("insertOne", &coll, json!({ "doc": doc_arg(&args, 0).to_wire() }))).await.map_err(fail)?;
                    inspect(&result(vec![("acknowledged", Bson::Bool(true)), ("insertedId", Bson::from_wire(&r["insertedId"]))]))
                }
                "insertMany" => {
                    let docs: Vec<serde_json::Value> = match args.first() {
                        Some(Bson::Array(items)) => items.iter().map(|i| if let Bson::Doc(d) = i { d.to_wire() } else { Doc::default().to_wire() }).collect(),
                        _ => return Err("MongoInvalidArgumentError: Argument \"docs\" must be an array of documents".into()),
                    };
                    let r = s.mongo.call(p, call("insertMany", &coll, json!({ "docs": docs }))).await.map_err(fail)?;
                    let ids = Doc(r["insertedIds"].as_array().into_iter().flatten().enumerate().map(|(i, id)| (i.to_string(), Bson::from_wire(id))).collect());
                    inspect(&result(vec![("acknowledged", Bson::Bool(true)), ("insertedIds", Bson::Doc(ids))]))
                }
                "find" | "findOne" => {
                    let r = s.mongo.call(p, call("find", &coll, json!({ "filter": filter }))).await.map_err(fail)?;
                    let docs: Vec<Bson> = r["docs"].as_array().into_iter().flatten().map(|d| Bson::Doc(Doc::from_wire(d))).collect();
                    if method == "findOne" {
                        inspect(docs.first().unwrap_or(&Bson::Null))
                    } else if docs.is_empty() {
                        return Ok(None);
                    } else {
                        inspect(&Bson::Array(docs))
                    }
                }
                "countDocuments" | "estimatedDocumentCount" | "count" => {
                    let r = s.mongo.call(p, call("countDocuments", &coll, json!({ "filter": filter }))).await.map_err(fail)?;
                    r["count"].to_string()
                }
                "deleteOne" | "deleteMany" => {
                    let r = s.mongo.call(p, call(&method, &coll, json!({ "filter": filter }))).await.map_err(fail)?;
                    inspect(&result(vec![("acknowledged", Bson::Bool(true)), ("deletedCount", Bson::Int(r["deletedCount"].as_i64().unwrap_or(0)))]))
                }
                "updateOne" | "updateMany" => {
                    let r = s.mongo.call(p, call(&method, &coll, json!({ "filter": filter, "update": doc_arg(&args, 1).to_wire() }))).await.map_err(fail)?;
                    let n = |k: &str| Bson::Int(r[k].as_i64().unwrap_or(0));
                    inspect(&result(vec![("acknowledged", Bson::Bool(true)), ("insertedId", Bson::Null), ("matchedCount", n("matchedCount")), ("modifiedCount", n("modifiedCount")), ("upsertedCount", Bson::Int(0))]))
                }
                "drop" => {
                    let r = s.mongo.call(p, call("drop", &coll, json!({}))).await.map_err(fail)?;
                    r["dropped"].as_bool().unwrap_or(false).to_string()
                }
                other => return Err(format!("TypeError: db.{coll}.{other} is not a function")),
            }
        }
    }))
}

/// The program.
pub async fn mongosh(p: Proc) -> i32 {
    let argv = p.argv();
    if argv.iter().any(|a| a == "--version") {
        p.print("2.1.1\n").await;
        return 0;
    }
    let (mut host, mut port, mut db) = ("127.0.0.1".to_string(), 27017u16, "test".to_string());
    let (mut eval, mut quiet) = (Vec::new(), false);
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        let mut next = || {
            i += 1;
            argv.get(i).cloned().unwrap_or_default()
        };
        match a {
            "--eval" => eval.push(next()),
            "--quiet" => quiet = true,
            "--host" => host = next(),
            "--port" => port = next().parse().unwrap_or(27017),
            "-u" | "--username" | "-p" | "--password" | "--authenticationDatabase" => {
                next();
            }
            url if url.starts_with("mongodb://") => {
                if let Some((m, d)) = Mongo::from_url(url) {
                    host = m.host;
                    port = m.port;
                    if let Some(d) = d {
                        db = d;
                    }
                }
            }
            other if !other.starts_with('-') => {
                let (hp, d) = other.split_once('/').map_or((other, None), |(h, d)| (h, Some(d)));
                if let Some(d) = d.filter(|d| !d.is_empty()) {
                    db = d.to_string();
                }
                if hp.contains(':') || hp.contains('.') || eval.is_empty() && d.is_some() {
                    let (h, pt) = hp.split_once(':').map_or((hp, None), |(h, pt)| (h, pt.parse().ok()));
                    host = h.to_string();
                    port = pt.unwrap_or(port);
                } else {
                    db = hp.to_string();
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mongo = Mongo { host: host.clone(), port };
    if let Err(e) = mongo.call(&p, json!({ "op": "listDatabases" })).await {
        if !quiet {
            p.print(&format!("Current Mongosh Log ID:\t{}\nConnecting to:\t\tmongodb://{host}:{port}/{}?directConnection=true&serverSelectionTimeoutMS=2000&appName=mongosh+2.1.1\n", log_id(&p), if db == "test" { String::new() } else { db.clone() })).await;
        }
        p.eprint(&format!("{}\n", network_error(&e, &host, port))).await;
        return 1;
    }
    if !quiet {
        let mut banner = format!("Current Mongosh Log ID:\t{}\nConnecting to:\t\tmongodb://{host}:{port}/{}?directConnection=true&serverSelectionTimeoutMS=2000&appName=mongosh+2.1.1\nUsing MongoDB:\t\t7.0.4\nUsing Mongosh:\t\t2.1.1\n\nFor mongosh info see: https://docs.mongodb.com/mongodb-shell/\n\n", log_id(&p), if db == "test" { String::new() } else { db.clone() });
        if eval.is_empty() {
            banner.push_str("------\n   The server generated these startup warnings when booting\n   Access control is not enabled for the database. Read and write access to data and configuration is unrestricted\n------\n\n");
        }
        p.print(&banner).await;
    }
    let mut s = Session { mongo, db };
    if !eval.is_empty() {
        let mut last = None;
        for script in &eval {
            for stmt in script.split(';').map(str::trim).filter(|x| !x.is_empty()) {
                match run(&p, &mut s, stmt).await {
                    Ok(out) => last = out,
                    Err(e) => {
                        p.eprint(&format!("{e}\n")).await;
                        return 1;
                    }
                }
            }
        }
        if let Some(out) = last.filter(|o| !o.is_empty()) {
            p.print(&format!("{out}\n")).await;
        }
        return 0;
    }
    let tty = p.isatty(0);
    let mut input = LineReader::default();
    loop {
        if tty {
            p.print(&format!("{}> ", s.db)).await;
        }
        let Some(line) = input.next_line(&p, 0).await else { return 0 };
        if line.trim().is_empty() {
            continue;
        }
        match run(&p, &mut s, &line).await {
            Ok(Some(out)) if out.is_empty() && matches!(parse(&line, 0), Ok(Command::Exit)) => return 0,
            Ok(Some(out)) => p.print(&format!("{out}\n")).await,
            Ok(None) => {}
            Err(e) => p.print(&format!("{e}\n")).await,
        }
    }
}

/// A log ID like mongosh's (an ObjectId-shaped hex string).
fn log_id(p: &Proc) -> String {
    let mut r = [0u8; 8];
    p.random(&mut r);
    format!("{:08x}{}", p.now().div_euclid(1_000_000_000) as u32, r.iter().map(|b| format!("{b:02x}")).collect::<String>())
}
