//! What mongosh understands of JavaScript: `show dbs`, `use x`, `db`, and
//! `db.<coll>.<method>(args)` with object literals (`{name: 'a', n: 1}`), arrays,
//! `ObjectId('...')`, `new Date()` and `ISODate('...')` as arguments.

use super::doc::{Bson, Doc};

/// A typed shell command.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `show dbs` / `show databases`.
    ShowDbs,
    /// `show collections` / `show tables`.
    ShowCollections,
    /// `use name`.
    Use(String),
    /// `db` or `db.getName()`.
    Db,
    /// `db.dropDatabase()`.
    DropDatabase,
    /// `db.<coll>.<method>(args...)`.
    Method {
        /// The collection.
        coll: String,
        /// The method (`insertOne`).
        method: String,
        /// Its arguments.
        args: Vec<Bson>,
    },
    /// `exit` / `quit`.
    Exit,
}

/// Why a line did not parse, as mongosh reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellError(pub String);

/// Parses one line; `now_ms` is what `new Date()` means.
pub fn parse(line: &str, now_ms: i64) -> Result<Command, ShellError> {
    let line = line.trim().trim_end_matches(';').trim();
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        ["show", "dbs" | "databases"] => return Ok(Command::ShowDbs),
        ["show", "collections" | "tables"] => return Ok(Command::ShowCollections),
        ["use", name] => return Ok(Command::Use(name.to_string())),
        ["exit" | "quit"] | ["exit()" | "quit()"] => return Ok(Command::Exit),
        ["db"] | ["db.getName()"] => return Ok(Command::Db),
        ["db.dropDatabase()"] => return Ok(Command::DropDatabase),
        _ => {}
    }
    let rest = line.strip_prefix("db.").ok_or_else(|| reference_error(line))?;
    let (coll, rest) = if let Some(r) = rest.strip_prefix("getCollection(") {
        let mut p = Parser { s: r.as_bytes(), i: 0, now_ms };
        let Bson::String(name) = p.value()? else { return Err(ShellError("TypeError: collection name must be a string".into())) };
        p.ws();
        p.expect(b')')?;
        let after = &r[p.i..];
        (name, after.strip_prefix('.').ok_or_else(|| ShellError("SyntaxError: Unexpected token".into()))?.to_string())
    } else {
        let dot = rest.find('.').ok_or_else(|| ShellError(format!("TypeError: db.{rest} is not a function")))?;
        (rest[..dot].to_string(), rest[dot + 1..].to_string())
    };
    let open = rest.find('(').ok_or_else(|| ShellError(format!("TypeError: db.{coll}.{rest} is not a function")))?;
    let method = rest[..open].to_string();
    let mut p = Parser { s: rest.as_bytes(), i: open + 1, now_ms };
    let mut args = Vec::new();
    p.ws();
    if !p.eat(b')') {
        loop {
            args.push(p.value()?);
            p.ws();
            if p.eat(b',') {
                continue;
            }
            p.expect(b')')?;
            break;
        }
    }
    p.ws();
    if p.i < p.s.len() {
        return Err(p.unexpected());
    }
    Ok(Command::Method { coll, method, args })
}

fn reference_error(line: &str) -> ShellError {
    let name: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$').collect();
    if name.is_empty() {
        ShellError("SyntaxError: Unexpected token".into())
    } else {
        ShellError(format!("ReferenceError: {name} is not defined"))
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    now_ms: i64,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn unexpected(&self) -> ShellError {
        match self.s.get(self.i) {
            Some(c) => ShellError(format!("SyntaxError: Unexpected token '{}'. (1:{})", *c as char, self.i)),
            None => ShellError(format!("SyntaxError: Unexpected token (1:{})", self.i)),
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), ShellError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn ident(&mut self) -> String {
        let start = self.i;
        while self.i < self.s.len() && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_' || self.s[self.i] == b'$' || self.s[self.i] == b'.') {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).to_string()
    }

    fn string(&mut self, q: u8) -> Result<String, ShellError> {
        self.i += 1;
        let mut out = Vec::new();
        while let Some(&c) = self.s.get(self.i) {
            self.i += 1;
            if c == q {
                return Ok(String::from_utf8_lossy(&out).to_string());
            }
            if c == b'\\' {
                if let Some(&e) = self.s.get(self.i) {
                    self.i += 1;
                    out.push(match e {
                        b'n' => b'\n',
                        b't' => b'\t',
                        other => other,
                    });
                    continue;
                }
            }
            out.push(c);
        }
        Err(ShellError("SyntaxError: Unterminated string constant.".into()))
    }

    fn value(&mut self) -> Result<Bson, ShellError> {
        self.ws();
        let Some(&c) = self.s.get(self.i) else { return Err(self.unexpected()) };
        match c {
            b'{' => {
                self.i += 1;
                let mut doc = Doc::default();
                loop {
                    self.ws();
                    if self.eat(b'}') {
                        return Ok(Bson::Doc(doc));
                    }
                    let key = match self.s.get(self.i) {
                        Some(&q @ (b'\'' | b'"')) => self.string(q)?,
                        _ => {
                            let k = self.ident();
                            if k.is_empty() {
                                return Err(self.unexpected());
                            }
                            k
                        }
                    };
                    self.expect(b':')?;
                    let v = self.value()?;
                    doc.set(&key, v);
                    if !self.eat(b',') {
                        self.expect(b'}')?;
                        return Ok(Bson::Doc(doc));
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    if self.eat(b']') {
                        return Ok(Bson::Array(items));
                    }
                    items.push(self.value()?);
                    if !self.eat(b',') {
                        self.expect(b']')?;
                        return Ok(Bson::Array(items));
                    }
                }
            }
            b'\'' | b'"' => Ok(Bson::String(self.string(c)?)),
            b'-' | b'0'..=b'9' | b'.' => {
                let start = self.i;
                self.i += 1;
                while self.i < self.s.len() && (self.s[self.i].is_ascii_digit() || matches!(self.s[self.i], b'.' | b'e' | b'E')) {
                    self.i += 1;
                }
                let text = String::from_utf8_lossy(&self.s[start..self.i]).to_string();
                match text.parse::<i64>() {
                    Ok(i) => Ok(Bson::Int(i)),
                    Err(_) => text.parse::<f64>().map(Bson::Double).map_err(|_| self.unexpected()),
                }
            }
            _ => {
                let word = self.ident();
                match word.as_str() {
                    "true" => Ok(Bson::Bool(true)),
                    "false" => Ok(Bson::Bool(false)),
                    "null" | "undefined" => Ok(Bson::Null),
                    "new" => {
                        self.ws();
                        let ctor = self.ident();
                        self.call_value(&ctor)
                    }
                    "ObjectId" | "ISODate" | "Date" | "NumberInt" | "NumberLong" => self.call_value(&word),
                    "" => Err(self.unexpected()),
                    other => Err(ShellError(format!("ReferenceError: {other} is not defined"))),
                }
            }
        }
    }

    /// `ObjectId('…')`, `ISODate('…')`, `Date()`, `NumberInt(5)`.
    fn call_value(&mut self, ctor: &str) -> Result<Bson, ShellError> {
        self.expect(b'(')?;
        let arg = if self.eat(b')') {
            None
        } else {
            let v = self.value()?;
            self.expect(b')')?;
            Some(v)
        };
        Ok(match (ctor, arg) {
            ("ObjectId", Some(Bson::String(s))) => Bson::ObjectId(s),
            ("Date" | "ISODate", None) => Bson::Date(self.now_ms),
            ("Date" | "ISODate", Some(Bson::String(s))) => Bson::Date(parse_iso(&s).unwrap_or(self.now_ms)),
            ("Date" | "ISODate", Some(Bson::Int(ms))) => Bson::Date(ms),
            ("NumberInt" | "NumberLong", Some(v @ Bson::Int(_))) => v,
            (_, _) => return Err(ShellError(format!("TypeError: invalid {ctor} argument"))),
        })
    }
}

/// `2024-01-02T03:04:05Z` (or a date alone) as milliseconds since the epoch.
fn parse_iso(s: &str) -> Option<i64> {
    let (date, time) = s.split_once('T').unwrap_or((s, "00:00:00"));
    let d: Vec<i64> = date.split('-').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    let t: Vec<i64> = time.trim_end_matches('Z').split(':').map(|x| x.split('.').next().unwrap_or("0").parse().ok()).collect::<Option<_>>()?;
    if d.len() != 3 {
        return None;
    }
    let (y, m) = if d[1] <= 2 { (d[0] - 1, d[1] + 9) } else { (d[0], d[1] - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d[2] - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    Some((days * 86_400 + t.first().unwrap_or(&0) * 3600 + t.get(1).unwrap_or(&0) * 60 + t.get(2).unwrap_or(&0)) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(parse("show dbs", 0), Ok(Command::ShowDbs));
        assert_eq!(parse("use shop;", 0), Ok(Command::Use("shop".into())));
        assert_eq!(parse("db", 0), Ok(Command::Db));
        assert_eq!(parse("exit", 0), Ok(Command::Exit));
    }

    #[test]
    fn methods_with_object_literals() {
        let Command::Method { coll, method, args } = parse("db.users.insertOne({name: 'alice', \"age\": 30, tags: ['a', \"b\"], at: new Date(), ok: true, x: 1.5})", 7).unwrap() else { panic!() };
        assert_eq!((coll.as_str(), method.as_str()), ("users", "insertOne"));
        let Bson::Doc(d) = &args[0] else { panic!() };
        assert_eq!(d.get("name"), Some(&Bson::String("alice".into())));
        assert_eq!(d.get("age"), Some(&Bson::Int(30)));
        assert_eq!(d.get("tags"), Some(&Bson::Array(vec![Bson::String("a".into()), Bson::String("b".into())])));
        assert_eq!(d.get("at"), Some(&Bson::Date(7)));
        assert_eq!(d.get("x"), Some(&Bson::Double(1.5)));
        let Command::Method { args, .. } = parse("db.users.find({age: {$gt: 20}})", 0).unwrap() else { panic!() };
        assert!(matches!(&args[0], Bson::Doc(d) if d.get("age").is_some()));
        assert_eq!(parse("db.getCollection('visits').countDocuments()", 0), Ok(Command::Method { coll: "visits".into(), method: "countDocuments".into(), args: vec![] }));
    }

    #[test]
    fn mistakes_read_like_mongosh() {
        assert_eq!(parse("foo()", 0), Err(ShellError("ReferenceError: foo is not defined".into())));
        assert!(parse("db.users.insertOne({name: })", 0).is_err());
        assert_eq!(parse_iso("1970-01-02T00:00:01Z"), Some(86_401_000));
    }
}
