//! The client library against the real servers, on a booted host: what other simulated
//! programs (the course's apps) rely on.

use std::cell::RefCell;
use std::rc::Rc;

use super::{mongo, pg, redis, Bson, DbError, Doc, Mongo, Redis, Reply, Sql};
use crate::signal::SIGTERM;
use crate::sys::Proc;
use crate::userland::host::boot;

const SEC: i64 = 1_000_000_000;

/// Starts `server` as a child, gives it a second to listen, runs `client`, stops the server.
fn with_server<S, C>(env: &[&str], server: fn(Proc) -> S, client: C) -> Vec<String>
where
    S: std::future::Future<Output = i32> + 'static,
    C: FnOnce(Proc, Rc<RefCell<Vec<String>>>) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> + 'static,
{
    let mut sim = boot(1);
    let seen = Rc::new(RefCell::new(Vec::new()));
    let out = seen.clone();
    let env: Vec<String> = env.iter().map(|s| s.to_string()).collect();
    sim.start(&["test"], move |p| {
        Box::pin(async move {
            let mut e = p.env();
            e.extend(env);
            p.set_env(e);
            for d in ["/var/lib/postgresql", "/var/lib/postgresql/data", "/var/run/postgresql", "/data", "/data/db"] {
                let _ = p.mkdir(d, 0o755);
            }
            let pid = p.fork(None, move |c| server(c)).unwrap();
            p.sleep(SEC).await.unwrap();
            client(p.clone(), out).await;
            p.kill(pid as i32, SIGTERM).unwrap();
            p.wait(pid).await.unwrap();
            0
        })
    })
    .unwrap();
    sim.run(5_000_000);
    let v = seen.borrow().clone();
    v
}

#[test]
fn redis_counts() {
    let seen = with_server(&[], |c| redis::redis_server(c), |p, out| {
        Box::pin(async move {
            let r = Redis::new("localhost");
            out.borrow_mut().push(format!("{:?}", r.command(&p, &["INCR", "hits"]).await));
            out.borrow_mut().push(format!("{:?}", r.command(&p, &["INCR", "hits"]).await));
            out.borrow_mut().push(format!("{:?}", r.command(&p, &["GET", "hits"]).await));
            out.borrow_mut().push(format!("{:?}", Redis { host: "localhost".into(), port: 1 }.command(&p, &["PING"]).await.is_err()));
        })
    });
    assert_eq!(seen, vec![format!("{:?}", Ok::<_, DbError>(Reply::Integer(1))), format!("{:?}", Ok::<_, DbError>(Reply::Integer(2))), format!("{:?}", Ok::<_, DbError>(Reply::bulk("2"))), "true".to_string()]);
}

#[test]
fn postgres_answers_queries_with_the_password() {
    let seen = with_server(&["POSTGRES_PASSWORD=pw"], |c| pg::postgres(c), |p, out| {
        Box::pin(async move {
            let db = Sql::from_url("postgres://postgres:pw@127.0.0.1:5432/postgres").unwrap();
            db.query(&p, "CREATE TABLE t (n INT)").await.unwrap();
            db.query(&p, "INSERT INTO t VALUES (1), (2)").await.unwrap();
            let r = db.query(&p, "SELECT COUNT(*) AS n FROM t").await.unwrap();
            out.borrow_mut().push(format!("{}={}", r.columns[0], r.rows[0][0].clone().unwrap_or_default()));
            let bad = Sql { password: Some("no".into()), ..db.clone() };
            out.borrow_mut().push(bad.query(&p, "SELECT 1").await.unwrap_err().to_string());
            out.borrow_mut().push(db.query(&p, "SELECT * FROM nope").await.unwrap_err().to_string());
        })
    });
    assert_eq!(seen, vec!["n=2", "password authentication failed for user \"postgres\"", "relation \"nope\" does not exist"]);
}

#[test]
fn mongo_inserts_and_counts() {
    let seen = with_server(&[], |c| mongo::mongod(c), |p, out| {
        Box::pin(async move {
            let (m, db) = Mongo::from_url("mongodb://localhost:27017/app").unwrap();
            let db = db.unwrap();
            let doc = Doc(vec![("path".into(), Bson::String("/".into()))]);
            let id = m.insert_one(&p, &db, "visits", doc.clone()).await.unwrap();
            m.insert_one(&p, &db, "visits", doc.clone()).await.unwrap();
            out.borrow_mut().push(format!("{}", matches!(id, Bson::ObjectId(ref s) if s.len() == 24)));
            out.borrow_mut().push(m.count_documents(&p, &db, "visits", &Doc::default()).await.unwrap().to_string());
            out.borrow_mut().push(m.find(&p, &db, "visits", &doc).await.unwrap().len().to_string());
        })
    });
    assert_eq!(seen, vec!["true", "2", "2"]);
}
