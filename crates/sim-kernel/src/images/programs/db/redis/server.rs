//! `redis-server` (7.2): the start-up banner, the snapshot reloaded from `dump.rdb` in the
//! working directory (`/data` in the image), RESP on port 6379, and on SIGTERM or SIGINT a
//! final save before exiting 0, as the default configuration does.

use std::cell::RefCell;
use std::net::Ipv4Addr;
use std::rc::Rc;

use super::super::resp::read_command;
use super::super::serve::serve;
use super::super::wire::LineReader;
use super::store::{Effect, Store};
use crate::images::programs::servers::{millis, now, out_lines};
use crate::signal::{SIGINT, SIGTERM};
use crate::sys::Proc;

/// The snapshot's file, relative to the working directory as in Redis's default `dir ./`.
const DUMP: &str = "dump.rdb";

fn stamp(p: &Proc) -> String {
    format!("{}.{}", now(p, "%d %b %Y %H:%M:%S"), millis(p))
}

/// Writes the snapshot and logs it.
async fn save(p: &Proc, server_pid: u32, store: &Store) {
    let _ = p.write_file(DUMP, &store.to_rdb(p.now())).await;
    out_lines(p, &[format!("{server_pid}:M {} * DB saved on disk", stamp(p))]).await;
}

/// The server process.
pub async fn redis_server(p: Proc) -> i32 {
    let pid = p.pid();
    let ts = || stamp(&p);
    let mut lines = vec![
        format!("{pid}:C {} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo", ts()),
        format!("{pid}:C {} * Redis version=7.2.3, bits=64, commit=00000000, modified=0, pid={pid}, just started", ts()),
        format!("{pid}:C {} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf", ts()),
        format!("{pid}:M {} * monotonic clock: POSIX clock_gettime", ts()),
        format!("{pid}:M {} * Running mode=standalone, port=6379.", ts()),
        format!("{pid}:M {} * Server initialized", ts()),
    ];
    let mut store = Store::default();
    if let Some((loaded, ctime)) = p.read_file(DUMP).await.ok().and_then(|b| Store::from_rdb(&b)) {
        let age = (p.now() - ctime).max(0) / 1_000_000_000;
        lines.push(format!("{pid}:M {} * Loading RDB produced by version 7.2.3", ts()));
        lines.push(format!("{pid}:M {} * RDB age {age} seconds", ts()));
        lines.push(format!("{pid}:M {} * RDB memory usage when created 0.83 Mb", ts()));
        lines.push(format!("{pid}:M {} * Done loading RDB, keys loaded: {}, keys expired: 0.", ts(), loaded.keys.len()));
        lines.push(format!("{pid}:M {} * DB loaded from disk: 0.000 seconds", ts()));
        store = loaded;
    }
    lines.push(format!("{pid}:M {} * Ready to accept connections tcp", ts()));
    out_lines(&p, &lines).await;
    let store = Rc::new(RefCell::new(store));
    let sig = serve(&p, 6379, &[SIGTERM, SIGINT], store.clone(), move |b: Proc, fd: i32, _peer: Ipv4Addr, store: Rc<RefCell<Store>>| async move {
        let mut r = LineReader::default();
        while let Some(args) = read_command(&mut r, &b, fd).await {
            let (reply, effect) = store.borrow_mut().execute(&args, b.now());
            if effect == Effect::Save {
                let snapshot = store.borrow().clone();
                save(&b, pid, &snapshot).await;
            }
            if b.write_all(fd, &reply.encode()).await.is_err() || effect == Effect::Close {
                break;
            }
        }
    })
    .await;
    let name = if sig == SIGTERM { "SIGTERM" } else { "SIGINT" };
    out_lines(&p, &[
        format!("{pid}:signal-handler ({}) Received {name} scheduling shutdown...", p.now() / 1_000_000_000),
        format!("{pid}:M {} * User requested shutdown...", ts()),
        format!("{pid}:M {} * Saving the final RDB snapshot before exiting.", ts()),
    ])
    .await;
    let snapshot = store.borrow().clone();
    save(&p, pid, &snapshot).await;
    out_lines(&p, &[format!("{pid}:M {} # Redis is now ready to exit, bye bye...", ts())]).await;
    0
}
