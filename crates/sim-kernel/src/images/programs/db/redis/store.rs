//! Redis's keyspace and the commands the course uses, on strings and lists, with expiry on
//! the virtual clock and the snapshot written by `SAVE` and at shutdown.

use std::collections::{BTreeMap, VecDeque};

use serde_json::{json, Value as Json};

use super::super::resp::Reply;

/// A stored value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// A string.
    Str(Vec<u8>),
    /// A list.
    List(VecDeque<Vec<u8>>),
}

/// The keyspace of database 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Store {
    /// Values by key.
    pub keys: BTreeMap<Vec<u8>, Val>,
    /// Expiry times (nanoseconds since the epoch) by key.
    pub expires: BTreeMap<Vec<u8>, i64>,
    /// Changes since the last save.
    pub dirty: u64,
}

/// What a command asks of the server besides a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing.
    None,
    /// Write the snapshot now (`SAVE`, `BGSAVE`).
    Save,
    /// Close the connection after replying (`QUIT`).
    Close,
}

const WRONGTYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";
const NOT_INT: &str = "ERR value is not an integer or out of range";

fn err(s: &str) -> Reply {
    Reply::Error(s.to_string())
}

fn arity(cmd: &str) -> Reply {
    Reply::Error(format!("ERR wrong number of arguments for '{cmd}' command"))
}

fn int(b: &[u8]) -> Option<i64> {
    std::str::from_utf8(b).ok()?.parse().ok()
}

impl Store {
    fn expire_due(&mut self, now: i64) {
        let due: Vec<Vec<u8>> = self.expires.iter().filter(|(_, &t)| t <= now).map(|(k, _)| k.clone()).collect();
        for k in due {
            self.expires.remove(&k);
            self.keys.remove(&k);
        }
    }

    fn incr_by(&mut self, key: &[u8], by: i64) -> Reply {
        let cur = match self.keys.get(key) {
            None => 0,
            Some(Val::Str(s)) => match int(s) {
                Some(i) => i,
                None => return err(NOT_INT),
            },
            Some(Val::List(_)) => return err(WRONGTYPE),
        };
        let Some(n) = cur.checked_add(by) else { return err("ERR increment or decrement would overflow") };
        self.keys.insert(key.to_vec(), Val::Str(n.to_string().into_bytes()));
        self.dirty += 1;
        Reply::Integer(n)
    }

    fn list(&mut self, key: &[u8]) -> Result<Option<&mut VecDeque<Vec<u8>>>, Reply> {
        match self.keys.get_mut(key) {
            None => Ok(None),
            Some(Val::List(l)) => Ok(Some(l)),
            Some(Val::Str(_)) => Err(err(WRONGTYPE)),
        }
    }

    /// Runs one command at time `now`.
    pub fn execute(&mut self, args: &[Vec<u8>], now: i64) -> (Reply, Effect) {
        let Some(name) = args.first() else { return (err("ERR empty command"), Effect::None) };
        let cmd = String::from_utf8_lossy(name).to_lowercase();
        let a = &args[1..];
        self.expire_due(now);
        let (min, max) = match cmd.as_str() {
            "ping" => (0, 1),
            "get" | "incr" | "decr" | "type" | "ttl" | "strlen" | "echo" | "llen" | "persist" | "keys" | "select" => (1, 1),
            "set" | "lpush" | "rpush" | "mset" => (2, usize::MAX),
            "expire" | "incrby" | "decrby" | "append" | "getset" => (2, 2),
            "del" | "exists" | "mget" => (1, usize::MAX),
            "lrange" => (3, 3),
            "lpop" | "rpop" => (1, 2),
            _ => (0, usize::MAX),
        };
        let ok_arity = (min..=max).contains(&a.len());
        if !ok_arity {
            return (arity(&cmd), Effect::None);
        }
        let reply = match cmd.as_str() {
            "ping" => a.first().map_or(Reply::Status("PONG".into()), Reply::bulk),
            "echo" => Reply::bulk(&a[0]),
            "quit" => return (Reply::ok(), Effect::Close),
            "save" => {
                self.dirty = 0;
                return (Reply::ok(), Effect::Save);
            }
            "bgsave" => {
                self.dirty = 0;
                return (Reply::Status("Background saving started".into()), Effect::Save);
            }
            "select" => match int(&a[0]) {
                Some(0) => Reply::ok(),
                Some(n) if (0..16).contains(&n) => err("ERR this stand-in keeps only database 0"),
                _ => err("ERR DB index is out of range"),
            },
            "get" => match self.keys.get(&a[0]) {
                None => Reply::Bulk(None),
                Some(Val::Str(s)) => Reply::bulk(s),
                Some(Val::List(_)) => err(WRONGTYPE),
            },
            "getset" => {
                let old = match self.keys.get(&a[0]) {
                    None => Reply::Bulk(None),
                    Some(Val::Str(s)) => Reply::bulk(s),
                    Some(Val::List(_)) => return (err(WRONGTYPE), Effect::None),
                };
                self.keys.insert(a[0].clone(), Val::Str(a[1].clone()));
                self.expires.remove(&a[0]);
                self.dirty += 1;
                old
            }
            "set" => {
                let mut ttl = None;
                let (mut nx, mut xx, mut get) = (false, false, false);
                let mut i = 2;
                while i < a.len() {
                    match String::from_utf8_lossy(&a[i]).to_uppercase().as_str() {
                        "NX" => nx = true,
                        "XX" => xx = true,
                        "GET" => get = true,
                        unit @ ("EX" | "PX") => {
                            i += 1;
                            let Some(n) = a.get(i).and_then(|v| int(v)) else { return (err(if a.get(i).is_some() { NOT_INT } else { "ERR syntax error" }), Effect::None) };
                            if n <= 0 {
                                return (err("ERR invalid expire time in 'set' command"), Effect::None);
                            }
                            ttl = Some(if unit == "EX" { n * 1_000_000_000 } else { n * 1_000_000 });
                        }
                        _ => return (err("ERR syntax error"), Effect::None),
                    }
                    i += 1;
                }
                let exists = self.keys.contains_key(&a[0]);
                let old = match self.keys.get(&a[0]) {
                    Some(Val::Str(s)) => Reply::bulk(s),
                    Some(Val::List(_)) if get => return (err(WRONGTYPE), Effect::None),
                    _ => Reply::Bulk(None),
                };
                if (nx && exists) || (xx && !exists) {
                    return (if get { old } else { Reply::Bulk(None) }, Effect::None);
                }
                self.keys.insert(a[0].clone(), Val::Str(a[1].clone()));
                match ttl {
                    Some(t) => self.expires.insert(a[0].clone(), now + t),
                    None => self.expires.remove(&a[0]),
                };
                self.dirty += 1;
                if get {
                    old
                } else {
                    Reply::ok()
                }
            }
            "mset" => {
                if a.len() % 2 != 0 {
                    return (arity("mset"), Effect::None);
                }
                for kv in a.chunks(2) {
                    self.keys.insert(kv[0].clone(), Val::Str(kv[1].clone()));
                    self.expires.remove(&kv[0]);
                }
                self.dirty += 1;
                Reply::ok()
            }
            "mget" => Reply::Array(Some(
                a.iter()
                    .map(|k| match self.keys.get(k) {
                        Some(Val::Str(s)) => Reply::bulk(s),
                        _ => Reply::Bulk(None),
                    })
                    .collect(),
            )),
            "append" => {
                let mut cur = match self.keys.get(&a[0]) {
                    None => Vec::new(),
                    Some(Val::Str(s)) => s.clone(),
                    Some(Val::List(_)) => return (err(WRONGTYPE), Effect::None),
                };
                cur.extend_from_slice(&a[1]);
                let n = cur.len();
                self.keys.insert(a[0].clone(), Val::Str(cur));
                self.dirty += 1;
                Reply::Integer(n as i64)
            }
            "strlen" => match self.keys.get(&a[0]) {
                None => Reply::Integer(0),
                Some(Val::Str(s)) => Reply::Integer(s.len() as i64),
                Some(Val::List(_)) => err(WRONGTYPE),
            },
            "incr" => self.incr_by(&a[0], 1),
            "decr" => self.incr_by(&a[0], -1),
            "incrby" | "decrby" => match int(&a[1]) {
                Some(n) => self.incr_by(&a[0], if cmd == "incrby" { n } else { -n }),
                None => err(NOT_INT),
            },
            "del" => {
                let mut n = 0;
                for k in a {
                    if self.keys.remove(k).is_some() {
                        n += 1;
                    }
                    self.expires.remove(k);
                }
                self.dirty += n as u64;
                Reply::Integer(n)
            }
            "exists" => Reply::Integer(a.iter().filter(|k| self.keys.contains_key(*k)).count() as i64),
            "keys" => {
                let pat = String::from_utf8_lossy(&a[0]).to_string();
                Reply::Array(Some(self.keys.keys().filter(|k| glob(&pat, &String::from_utf8_lossy(k))).map(Reply::bulk).collect()))
            }
            "dbsize" => Reply::Integer(self.keys.len() as i64),
            "flushall" | "flushdb" => {
                self.keys.clear();
                self.expires.clear();
                self.dirty += 1;
                Reply::ok()
            }
            "type" => Reply::Status(
                match self.keys.get(&a[0]) {
                    None => "none",
                    Some(Val::Str(_)) => "string",
                    Some(Val::List(_)) => "list",
                }
                .into(),
            ),
            "expire" => match int(&a[1]) {
                None => err(NOT_INT),
                Some(_) if !self.keys.contains_key(&a[0]) => Reply::Integer(0),
                Some(s) => {
                    self.expires.insert(a[0].clone(), now + s * 1_000_000_000);
                    self.dirty += 1;
                    Reply::Integer(1)
                }
            },
            "persist" => Reply::Integer(self.expires.remove(&a[0]).is_some() as i64),
            "ttl" => match (self.keys.contains_key(&a[0]), self.expires.get(&a[0])) {
                (false, _) => Reply::Integer(-2),
                (true, None) => Reply::Integer(-1),
                // Rounded as Redis does: (ms + 500) / 1000.
                (true, Some(t)) => Reply::Integer(((t - now) / 1_000_000 + 500) / 1000),
            },
            "lpush" | "rpush" => {
                let l = match self.list(&a[0]) {
                    Ok(Some(l)) => l,
                    Ok(None) => {
                        self.keys.insert(a[0].clone(), Val::List(VecDeque::new()));
                        match self.keys.get_mut(&a[0]) {
                            Some(Val::List(l)) => l,
                            _ => unreachable!("just inserted a list"),
                        }
                    }
                    Err(e) => return (e, Effect::None),
                };
                for v in &a[1..] {
                    if cmd == "lpush" {
                        l.push_front(v.clone());
                    } else {
                        l.push_back(v.clone());
                    }
                }
                let n = l.len();
                self.dirty += 1;
                Reply::Integer(n as i64)
            }
            "lpop" | "rpop" => match self.list(&a[0]) {
                Err(e) => e,
                Ok(None) => Reply::Bulk(None),
                Ok(Some(l)) => {
                    let v = if cmd == "lpop" { l.pop_front() } else { l.pop_back() };
                    let empty = l.is_empty();
                    if empty {
                        self.keys.remove(&a[0]);
                    }
                    self.dirty += 1;
                    v.map_or(Reply::Bulk(None), Reply::bulk)
                }
            },
            "llen" => match self.list(&a[0]) {
                Err(e) => e,
                Ok(l) => Reply::Integer(l.map_or(0, |l| l.len()) as i64),
            },
            "lrange" => match (self.list(&a[0]), int(&a[1]), int(&a[2])) {
                (Err(e), _, _) => e,
                (_, None, _) | (_, _, None) => err(NOT_INT),
                (Ok(None), _, _) => Reply::Array(Some(vec![])),
                (Ok(Some(l)), Some(start), Some(stop)) => {
                    let len = l.len() as i64;
                    let fix = |i: i64| if i < 0 { (len + i).max(0) } else { i };
                    let (s, e) = (fix(start), fix(stop).min(len - 1));
                    Reply::Array(Some(if s > e { vec![] } else { (s..=e).map(|i| Reply::bulk(&l[i as usize])).collect() }))
                }
            },
            "command" => Reply::Array(Some(vec![])),
            "info" => Reply::bulk(format!("# Server\r\nredis_version:7.2.3\r\nredis_mode:standalone\r\ntcp_port:6379\r\n\r\n# Keyspace\r\n{}", if self.keys.is_empty() { String::new() } else { format!("db0:keys={},expires={},avg_ttl=0\r\n", self.keys.len(), self.expires.len()) })),
            _ => {
                let mut m = format!("ERR unknown command '{}', with args beginning with: ", String::from_utf8_lossy(name));
                for x in a {
                    m.push_str(&format!("'{}' ", String::from_utf8_lossy(x)));
                }
                Reply::Error(m)
            }
        };
        (reply, Effect::None)
    }

    /// The snapshot's bytes: Redis's magic and version, then the keys (as JSON: the stand-in
    /// does not write real RDB), stamped with the time it was taken.
    pub fn to_rdb(&self, now: i64) -> Vec<u8> {
        let keys: Vec<Json> = self
            .keys
            .iter()
            .map(|(k, v)| {
                let key = String::from_utf8_lossy(k);
                let exp = self.expires.get(k);
                match v {
                    Val::Str(s) => json!({ "key": key, "string": String::from_utf8_lossy(s), "expires": exp }),
                    Val::List(l) => json!({ "key": key, "list": l.iter().map(|x| String::from_utf8_lossy(x).to_string()).collect::<Vec<_>>(), "expires": exp }),
                }
            })
            .collect();
        let mut out = b"REDIS0011".to_vec();
        out.extend_from_slice(json!({ "redis-ver": "7.2.3", "ctime": now, "keys": keys }).to_string().as_bytes());
        out.push(b'\n');
        out
    }

    /// Reads a snapshot: the store and when it was taken; `None` if it is not one.
    pub fn from_rdb(bytes: &[u8]) -> Option<(Store, i64)> {
        let v: Json = serde_json::from_slice(bytes.strip_prefix(b"REDIS0011")?).ok()?;
        let mut s = Store::default();
        for k in v["keys"].as_array()? {
            let key = k["key"].as_str()?.as_bytes().to_vec();
            if let Some(t) = k["expires"].as_i64() {
                s.expires.insert(key.clone(), t);
            }
            let val = match (k["string"].as_str(), k["list"].as_array()) {
                (Some(st), _) => Val::Str(st.as_bytes().to_vec()),
                (None, Some(l)) => Val::List(l.iter().filter_map(|x| x.as_str().map(|x| x.as_bytes().to_vec())).collect()),
                _ => continue,
            };
            s.keys.insert(key, val);
        }
        Some((s, v["ctime"].as_i64().unwrap_or(0)))
    }
}

/// Redis's glob for `KEYS`: `*`, `?`, `[abc]`.
pub fn glob(pat: &str, s: &str) -> bool {
    fn go(p: &[char], s: &[char]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some('*') => (0..=s.len()).any(|i| go(&p[1..], &s[i..])),
            Some('?') => !s.is_empty() && go(&p[1..], &s[1..]),
            Some('[') => match p.iter().position(|&c| c == ']') {
                Some(end) if !s.is_empty() => p[1..end].contains(&s[0]) && go(&p[end + 1..], &s[1..]),
                _ => false,
            },
            Some('\\') if p.len() > 1 => s.first() == Some(&p[1]) && go(&p[2..], &s[1..]),
            Some(c) => s.first() == Some(c) && go(&p[1..], &s[1..]),
        }
    }
    go(&pat.chars().collect::<Vec<_>>(), &s.chars().collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &mut Store, line: &str) -> Reply {
        let args: Vec<Vec<u8>> = line.split(' ').map(|w| w.as_bytes().to_vec()).collect();
        s.execute(&args, 0).0
    }

    #[test]
    fn strings_and_counters() {
        let mut s = Store::default();
        assert_eq!(run(&mut s, "SET greeting hello"), Reply::ok());
        assert_eq!(run(&mut s, "GET greeting"), Reply::bulk("hello"));
        assert_eq!(run(&mut s, "GET nope"), Reply::Bulk(None));
        assert_eq!(run(&mut s, "INCR hits"), Reply::Integer(1));
        assert_eq!(run(&mut s, "INCR hits"), Reply::Integer(2));
        assert_eq!(run(&mut s, "INCR greeting"), Reply::Error(NOT_INT.into()));
        assert_eq!(run(&mut s, "EXISTS greeting hits nope"), Reply::Integer(2));
        assert_eq!(run(&mut s, "KEYS *"), Reply::Array(Some(vec![Reply::bulk("greeting"), Reply::bulk("hits")])));
        assert_eq!(run(&mut s, "DEL greeting nope"), Reply::Integer(1));
        assert_eq!(run(&mut s, "PING"), Reply::Status("PONG".into()));
    }

    #[test]
    fn errors_read_as_redis_7_words_them() {
        let mut s = Store::default();
        assert_eq!(run(&mut s, "GET"), Reply::Error("ERR wrong number of arguments for 'get' command".into()));
        assert_eq!(run(&mut s, "FOO a b"), Reply::Error("ERR unknown command 'FOO', with args beginning with: 'a' 'b' ".into()));
        run(&mut s, "RPUSH l a");
        assert_eq!(run(&mut s, "GET l"), Reply::Error(WRONGTYPE.into()));
    }

    #[test]
    fn keys_expire_on_the_clock() {
        let mut s = Store::default();
        s.execute(&[b"SET".to_vec(), b"k".to_vec(), b"v".to_vec(), b"EX".to_vec(), b"10".to_vec()], 0);
        assert_eq!(s.execute(&[b"TTL".to_vec(), b"k".to_vec()], 2_000_000_000).0, Reply::Integer(8));
        assert_eq!(s.execute(&[b"GET".to_vec(), b"k".to_vec()], 10_000_000_000).0, Reply::Bulk(None));
    }

    #[test]
    fn the_snapshot_round_trips() {
        let mut s = Store::default();
        run(&mut s, "SET a 1");
        run(&mut s, "LPUSH l x y");
        s.dirty = 0;
        let (back, at) = Store::from_rdb(&s.to_rdb(42)).unwrap();
        assert_eq!((back, at), (s, 42));
    }

    #[test]
    fn globs() {
        assert!(glob("user:*", "user:1"));
        assert!(glob("h?llo", "hello"));
        assert!(glob("h[ae]llo", "hallo"));
        assert!(!glob("h[ae]llo", "hillo"));
    }
}
