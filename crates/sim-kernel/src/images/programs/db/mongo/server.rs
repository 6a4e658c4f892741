//! `mongod` (7.0): the server's log, and collections of documents served on port 27017,
//! kept in `/data/db` so a volume holds them.

use wharf_engine::collect::CollectMap;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::rc::Rc;

use serde_json::{json, Value as Json};

use super::super::serve::serve;
use super::super::wire::{recv_json, send_json, LineReader};
use super::doc::{Bson, Doc};
use crate::images::programs::servers::{millis, now, out_lines};
use crate::signal::{SIGINT, SIGTERM};
use crate::sys::Proc;

/// Where the collections are saved.
const DATA: &str = "/data/db/collections.json";

/// Documents by database and collection.
pub type Databases = BTreeMap<String, BTreeMap<String, Vec<Doc>>>;

/// The server's state, shared by its connections.
pub struct Server {
    /// The documents.
    pub data: Databases,
    /// ObjectIds' counter.
    pub counter: u32,
}

fn load(bytes: &[u8]) -> Databases {
    let v: Json = serde_json::from_slice(bytes).unwrap_or_default();
    let mut out = Databases::new();
    for (db, colls) in v.as_object().into_iter().flatten() {
        let entry = out.entry(db.clone()).or_default();
        for (c, docs) in colls.as_object().into_iter().flatten() {
            entry.insert(c.clone(), docs.as_array().map(|a| a.iter().map(Doc::from_wire).collect()).unwrap_or_default());
        }
    }
    out
}

fn save_bytes(data: &Databases) -> Vec<u8> {
    let v: serde_json::Map<String, Json> = data.iter().map(|(db, colls)| (db.clone(), Json::Object(colls.iter().map(|(c, docs)| (c.clone(), Json::Array(docs.iter().map(Doc::to_wire).collect()))).collect_object()))).collect_object();
    Json::Object(v).to_string().into_bytes()
}

/// Applies `$set`, `$inc`, `$unset` (or replaces the document); returns whether it changed.
fn apply_update(d: &mut Doc, update: &Doc) -> bool {
    let before = d.clone();
    if !update.0.first().is_some_and(|(k, _)| k.starts_with('$')) {
        let id = d.get("_id").cloned();
        *d = update.clone();
        if let Some(id) = id {
            d.0.retain(|(k, _)| k != "_id");
            d.0.insert(0, ("_id".into(), id));
        }
        return *d != before;
    }
    for (op, arg) in &update.0 {
        let Bson::Doc(fields) = arg else { continue };
        for (k, v) in &fields.0 {
            match op.as_str() {
                "$set" => d.set(k, v.clone()),
                "$unset" => d.0.retain(|(key, _)| key != k),
                "$inc" => {
                    let cur = d.get(k).cloned().unwrap_or(Bson::Int(0));
                    let new = match (cur, v.clone()) {
                        (Bson::Int(a), Bson::Int(b)) => Bson::Int(a + b),
                        (Bson::Int(a), Bson::Double(b)) | (Bson::Double(b), Bson::Int(a)) => Bson::Double(a as f64 + b),
                        (Bson::Double(a), Bson::Double(b)) => Bson::Double(a + b),
                        (other, _) => other,
                    };
                    d.set(k, new);
                }
                "$push" => {
                    let mut items = match d.get(k) {
                        Some(Bson::Array(a)) => a.clone(),
                        _ => Vec::new(),
                    };
                    items.push(v.clone());
                    d.set(k, Bson::Array(items));
                }
                _ => {}
            }
        }
    }
    *d != before
}

impl Server {
    fn object_id(&mut self, p: &Proc) -> Bson {
        let mut r = [0u8; 5];
        p.random(&mut r);
        self.counter = self.counter.wrapping_add(1);
        let secs = p.now().div_euclid(1_000_000_000) as u32;
        let hex: String = r.iter().map(|b| format!("{b:02x}")).collect();
        Bson::ObjectId(format!("{secs:08x}{hex}{:06x}", self.counter & 0xff_ffff))
    }

    /// Answers one request; the flag says whether the data changed.
    pub fn answer(&mut self, p: &Proc, req: &Json) -> (Json, bool) {
        let db = req["db"].as_str().unwrap_or("test").to_string();
        let coll = req["coll"].as_str().unwrap_or("").to_string();
        let filter = Doc::from_wire(&req["filter"]);
        let ok = |v: Json| (json!({ "ok": v }), false);
        let changed = |v: Json| (json!({ "ok": v }), true);
        match req["op"].as_str().unwrap_or("") {
            "insertOne" | "insertMany" => {
                let docs: Vec<Doc> = match req.get("docs") {
                    Some(a) => a.as_array().map(|a| a.iter().map(Doc::from_wire).collect()).unwrap_or_default(),
                    None => vec![Doc::from_wire(&req["doc"])],
                };
                let mut ids = Vec::new();
                for mut d in docs {
                    if d.get("_id").is_none() {
                        let id = self.object_id(p);
                        d.0.insert(0, ("_id".into(), id));
                    }
                    let id = d.get("_id").cloned().unwrap_or(Bson::Null);
                    let list = self.data.entry(db.clone()).or_default().entry(coll.clone()).or_default();
                    if list.iter().any(|x| x.get("_id") == Some(&id)) {
                        let key = super::inspect::inspect(&id);
                        return (json!({ "error": { "code": 11000, "codeName": "DuplicateKey", "message": format!("E11000 duplicate key error collection: {db}.{coll} index: _id_ dup key: {{ _id: {key} }}") } }), !ids.is_empty());
                    }
                    list.push(d);
                    ids.push(id.to_wire());
                }
                let first = ids.first().cloned().unwrap_or(Json::Null);
                changed(json!({ "insertedId": first, "insertedIds": ids }))
            }
            "find" | "findOne" | "countDocuments" => {
                let docs: Vec<&Doc> = self.data.get(&db).and_then(|c| c.get(&coll)).map(|l| l.iter().filter(|d| d.matches(&filter)).collect()).unwrap_or_default();
                ok(json!({ "count": docs.len(), "docs": docs.iter().map(|d| d.to_wire()).collect::<Vec<_>>() }))
            }
            "deleteOne" | "deleteMany" => {
                let one = req["op"] == "deleteOne";
                let mut n = 0;
                if let Some(list) = self.data.get_mut(&db).and_then(|c| c.get_mut(&coll)) {
                    list.retain(|d| {
                        let hit = d.matches(&filter) && !(one && n == 1);
                        n += hit as u64;
                        !hit
                    });
                }
                changed(json!({ "deletedCount": n }))
            }
            "updateOne" | "updateMany" => {
                let one = req["op"] == "updateOne";
                let update = Doc::from_wire(&req["update"]);
                let (mut matched, mut modified) = (0, 0);
                if let Some(list) = self.data.get_mut(&db).and_then(|c| c.get_mut(&coll)) {
                    for d in list.iter_mut().filter(|d| d.matches(&filter)) {
                        matched += 1;
                        modified += apply_update(d, &update) as u64;
                        if one {
                            break;
                        }
                    }
                }
                changed(json!({ "matchedCount": matched, "modifiedCount": modified }))
            }
            "drop" => {
                let dropped = self.data.get_mut(&db).and_then(|c| c.remove(&coll)).is_some();
                if self.data.get(&db).is_some_and(BTreeMap::is_empty) {
                    self.data.remove(&db);
                }
                changed(json!({ "dropped": dropped }))
            }
            "dropDatabase" => {
                self.data.remove(&db);
                changed(json!({ "dropped": db }))
            }
            "listDatabases" => ok(json!({ "names": self.data.keys().collect::<Vec<_>>() })),
            "listCollections" => ok(json!({ "names": self.data.get(&db).map(|c| c.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() })),
            other => (json!({ "error": { "code": 59, "codeName": "CommandNotFound", "message": format!("no such command: '{other}'") } }), false),
        }
    }
}

async fn backend(b: Proc, fd: i32, _peer: Ipv4Addr, state: Rc<RefCell<Server>>) {
    let mut r = LineReader::default();
    while let Some(req) = recv_json(&mut r, &b, fd).await {
        let (reply, changed) = state.borrow_mut().answer(&b, &req);
        if changed {
            let bytes = save_bytes(&state.borrow().data);
            let _ = b.write_file(DATA, &bytes).await;
        }
        if send_json(&b, fd, &reply).await.is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_set_inc_and_replace() {
        let mut d = Doc(vec![("_id".into(), Bson::Int(1)), ("n".into(), Bson::Int(1))]);
        let inc = Doc(vec![("$inc".into(), Bson::Doc(Doc(vec![("n".into(), Bson::Int(2))])))]);
        assert!(apply_update(&mut d, &inc));
        assert_eq!(d.get("n"), Some(&Bson::Int(3)));
        let replace = Doc(vec![("x".into(), Bson::Bool(true))]);
        apply_update(&mut d, &replace);
        assert_eq!(d, Doc(vec![("_id".into(), Bson::Int(1)), ("x".into(), Bson::Bool(true))]));
    }

    #[test]
    fn data_survives_its_file() {
        let mut data = Databases::new();
        data.entry("test".into()).or_default().insert("c".into(), vec![Doc(vec![("a".into(), Bson::String("b".into()))])]);
        assert_eq!(load(&save_bytes(&data)), data);
    }
}

/// `mongod` (7.0): structured JSON log lines, then documents on port 27017; SIGTERM and
/// SIGINT shut it down (exit 0).
pub async fn mongod(p: Proc) -> i32 {
    let log = |c: &str, id: u32, ctx: &str, msg: &str, attr: &str| {
        format!("{{\"t\":{{\"$date\":\"{}.{}+00:00\"}},\"s\":\"I\",  \"c\":\"{c}\", \"id\":{id}, \"ctx\":\"{ctx}\",\"msg\":\"{msg}\"{attr}}}", now(&p, "%Y-%m-%dT%H:%M:%S"), millis(&p))
    };
    let pid = p.pid();
    let host = p.hostname();
    out_lines(&p, &[
        log("CONTROL", 23285, "main", "Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'", ""),
        log("CONTROL", 4615611, "initandlisten", "MongoDB starting", &format!(",\"attr\":{{\"pid\":{pid},\"port\":27017,\"dbPath\":\"/data/db\",\"architecture\":\"64-bit\",\"host\":\"{host}\"}}")),
        log("CONTROL", 23403, "initandlisten", "Build Info", ",\"attr\":{\"buildInfo\":{\"version\":\"7.0.4\",\"gitVersion\":\"38f3e37057a43d2e9f41a39142681a76062d582e\",\"openSSLVersion\":\"OpenSSL 3.0.2 15 Mar 2022\",\"modules\":[],\"allocator\":\"tcmalloc\",\"environment\":{\"distmod\":\"ubuntu2204\",\"distarch\":\"x86_64\",\"target_arch\":\"x86_64\"}}}"),
        log("STORAGE", 22297, "initandlisten", "Using the XFS filesystem is strongly recommended with the WiredTiger storage engine. See http://dochub.mongodb.org/core/prodnotes-filesystem", ""),
        log("NETWORK", 23015, "listener", "Listening on", ",\"attr\":{\"address\":\"0.0.0.0\"}"),
        log("NETWORK", 23016, "listener", "Waiting for connections", ",\"attr\":{\"port\":27017,\"ssl\":\"off\"}"),
    ])
    .await;
    let data: Databases = p.read_file(DATA).await.ok().map(|b| load(&b)).unwrap_or_default();
    let state = Rc::new(RefCell::new(Server { data, counter: 0 }));
    let sig = serve(&p, 27017, &[SIGTERM, SIGINT], state, backend).await;
    let name = if sig == SIGTERM { "Terminated" } else { "Interrupt" };
    out_lines(&p, &[
        log("CONTROL", 23377, "SignalHandler", "Received signal", &format!(",\"attr\":{{\"signal\":{sig},\"error\":\"{name}\"}}")),
        log("CONTROL", 23381, "SignalHandler", "will terminate after current cmd ends", ""),
        log("CONTROL", 20565, "SignalHandler", "Now exiting", ""),
        log("CONTROL", 23138, "SignalHandler", "Shutting down", ",\"attr\":{\"exitCode\":0}"),
    ])
    .await;
    0
}

