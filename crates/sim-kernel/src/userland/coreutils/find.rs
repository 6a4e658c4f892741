//! `find` (GNU findutils): `-name -iname -path -type -maxdepth -mindepth -empty -size
//! -newer -user -perm -print -print0 -exec -delete`, with `!`, `-a`, `-o` and parentheses.

use wharf_engine::fs::FileKind;

use super::util::{self, join, ql, Io};
use crate::sys::Stat;

/// `fnmatch(3)` without flags: `*`, `?`, `[...]` (with `!`/`^` negation and ranges).
pub fn glob(pat: &str, name: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let s: Vec<char> = name.chars().collect();
    fn go(p: &[char], s: &[char]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some('*') => (0..=s.len()).any(|k| go(&p[1..], &s[k..])),
            Some('?') => !s.is_empty() && go(&p[1..], &s[1..]),
            Some('[') => {
                let Some(close) = p.iter().skip(2).position(|&c| c == ']').map(|k| k + 2) else {
                    return s.first() == Some(&'[') && go(&p[1..], &s[1..]);
                };
                let Some(&c) = s.first() else { return false };
                let (neg, set) = match p[1] {
                    '!' | '^' => (true, &p[2..close]),
                    _ => (false, &p[1..close]),
                };
                let mut hit = false;
                let mut k = 0;
                while k < set.len() {
                    if k + 2 < set.len() && set[k + 1] == '-' {
                        hit |= set[k] <= c && c <= set[k + 2];
                        k += 3;
                    } else {
                        hit |= set[k] == c;
                        k += 1;
                    }
                }
                hit != neg && go(&p[close + 1..], &s[1..])
            }
            Some('\\') if p.len() > 1 => s.first() == Some(&p[1]) && go(&p[2..], &s[1..]),
            Some(&c) => s.first() == Some(&c) && go(&p[1..], &s[1..]),
        }
    }
    go(&p, &s)
}

enum Expr {
    True,
    Name(String, bool),
    Path(String),
    Type(char),
    Empty,
    Size(i64, char, std::cmp::Ordering),
    Newer(String),
    User(u32),
    Perm(u32),
    Print(bool),
    Exec(Vec<String>),
    Delete,
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

struct Parser<'a> {
    args: &'a [String],
    pos: usize,
    has_action: bool,
    maxdepth: usize,
    mindepth: usize,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<String> {
        let a = self.args.get(self.pos).cloned();
        self.pos += 1;
        a
    }

    fn arg(&mut self, pred: &str) -> Result<String, String> {
        self.next().ok_or_else(|| format!("missing argument to `{pred}'"))
    }

    fn primary(&mut self, io_users: &[util::Passwd]) -> Result<Expr, String> {
        let Some(t) = self.next() else { return Err("expected an expression".into()) };
        Ok(match t.as_str() {
            "!" | "-not" => Expr::Not(Box::new(self.primary(io_users)?)),
            "(" => {
                let e = self.or(io_users)?;
                if self.next().as_deref() != Some(")") {
                    return Err("invalid expression; I was expecting to find a ')' somewhere but did not see one.".into());
                }
                e
            }
            "-name" | "-iname" => Expr::Name(self.arg(&t)?, t == "-iname"),
            "-path" | "-wholename" => Expr::Path(self.arg(&t)?),
            "-type" => {
                let v = self.arg(&t)?;
                match v.as_str() {
                    "f" | "d" | "l" | "c" | "b" | "p" | "s" => Expr::Type(v.chars().next().unwrap_or('f')),
                    _ => return Err(format!("Unknown argument to -type: {v}")),
                }
            }
            "-maxdepth" | "-mindepth" => {
                let v = self.arg(&t)?;
                let n = v.parse().map_err(|_| format!("Expected a positive decimal integer argument to {t}, but got {}", ql(&v)))?;
                if t == "-maxdepth" { self.maxdepth = n } else { self.mindepth = n }
                Expr::True
            }
            "-empty" => Expr::Empty,
            "-size" => {
                let v = self.arg(&t)?;
                let (ord, rest) = match v.chars().next() {
                    Some('+') => (std::cmp::Ordering::Greater, &v[1..]),
                    Some('-') => (std::cmp::Ordering::Less, &v[1..]),
                    _ => (std::cmp::Ordering::Equal, v.as_str()),
                };
                let unit = rest.chars().last().filter(|c| c.is_ascii_alphabetic()).unwrap_or('b');
                let n = rest.trim_end_matches(|c: char| c.is_ascii_alphabetic()).parse().map_err(|_| format!("invalid -size type `{v}'"))?;
                Expr::Size(n, unit, ord)
            }
            "-newer" => Expr::Newer(self.arg(&t)?),
            "-user" => {
                let v = self.arg(&t)?;
                let uid = io_users.iter().find(|u| u.name == v).map(|u| u.uid).or_else(|| v.parse().ok()).ok_or_else(|| format!("{} is not the name of a known user", ql(&v)))?;
                Expr::User(uid)
            }
            "-perm" => {
                let v = self.arg(&t)?;
                Expr::Perm(u32::from_str_radix(v.trim_start_matches('-'), 8).map_err(|_| format!("invalid mode {}", ql(&v)))?)
            }
            "-print" | "-print0" => {
                self.has_action = true;
                Expr::Print(t == "-print0")
            }
            "-delete" => {
                self.has_action = true;
                Expr::Delete
            }
            "-exec" => {
                self.has_action = true;
                let mut cmd = Vec::new();
                loop {
                    match self.next() {
                        Some(a) if a == ";" || a == "+" => break,
                        Some(a) => cmd.push(a),
                        None => return Err("missing argument to `-exec'".into()),
                    }
                }
                Expr::Exec(cmd)
            }
            "-true" => Expr::True,
            "-false" => Expr::Not(Box::new(Expr::True)),
            other if other.starts_with('-') => return Err(format!("unknown predicate `{other}'")),
            other => return Err(format!("paths must precede expression: `{other}'")),
        })
    }

    fn and(&mut self, u: &[util::Passwd]) -> Result<Expr, String> {
        let mut e = self.primary(u)?;
        loop {
            match self.args.get(self.pos).map(String::as_str) {
                Some("-a") | Some("-and") => {
                    self.pos += 1;
                    e = Expr::And(Box::new(e), Box::new(self.primary(u)?));
                }
                Some("-o") | Some("-or") | Some(")") | None => return Ok(e),
                Some(_) => e = Expr::And(Box::new(e), Box::new(self.primary(u)?)),
            }
        }
    }

    fn or(&mut self, u: &[util::Passwd]) -> Result<Expr, String> {
        let mut e = self.and(u)?;
        while matches!(self.args.get(self.pos).map(String::as_str), Some("-o") | Some("-or")) {
            self.pos += 1;
            e = Expr::Or(Box::new(e), Box::new(self.and(u)?));
        }
        Ok(e)
    }
}

struct Visit<'a> {
    path: &'a str,
    st: &'a Stat,
}

fn kind_char(k: FileKind) -> char {
    match k {
        FileKind::File => 'f',
        FileKind::Dir => 'd',
        FileKind::Symlink => 'l',
        FileKind::CharDevice => 'c',
        FileKind::BlockDevice => 'b',
        FileKind::Fifo => 'p',
        FileKind::Socket => 's',
    }
}

async fn eval(io: &mut Io, e: &Expr, v: &Visit<'_>, status: &mut i32) -> bool {
    match e {
        Expr::True => true,
        Expr::Name(p, icase) => {
            let base = util::basename(v.path);
            if *icase { glob(&p.to_lowercase(), &base.to_lowercase()) } else { glob(p, base) }
        }
        Expr::Path(p) => glob(p, v.path),
        Expr::Type(c) => kind_char(v.st.kind) == *c,
        Expr::Empty => match v.st.kind {
            FileKind::Dir => io.p.read_dir(v.path).is_ok_and(|d| d.is_empty()),
            FileKind::File => v.st.size == 0,
            _ => false,
        },
        Expr::Size(n, unit, ord) => {
            let unit_bytes: u64 = match unit {
                'c' => 1,
                'w' => 2,
                'k' => 1024,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => 512,
            };
            let size = v.st.size.div_ceil(unit_bytes) as i64;
            size.cmp(n) == *ord
        }
        Expr::Newer(r) => io.p.stat(r).is_ok_and(|x| v.st.mtime > x.mtime),
        Expr::User(u) => v.st.uid == *u,
        Expr::Perm(m) => v.st.mode & 0o7777 == *m,
        Expr::Print(zero) => {
            io.out(&format!("{}{}", v.path, if *zero { "\0" } else { "\n" }));
            true
        }
        Expr::Delete => {
            let r = if v.st.kind == FileKind::Dir { io.p.rmdir(v.path) } else { io.p.unlink(v.path) };
            if let Err(err) = r {
                io.err(&format!("cannot delete {}: {}", ql(v.path), err.message())).await;
                *status = 1;
            }
            true
        }
        Expr::Exec(cmd) => {
            let argv: Vec<String> = cmd.iter().map(|a| a.replace("{}", v.path)).collect();
            io.flush().await;
            matches!(util::run_child(&io.p, argv).await, Ok(0))
        }
        Expr::Not(x) => !Box::pin(eval(io, x, v, status)).await,
        Expr::And(a, b) => Box::pin(eval(io, a, v, status)).await && Box::pin(eval(io, b, v, status)).await,
        Expr::Or(a, b) => Box::pin(eval(io, a, v, status)).await || Box::pin(eval(io, b, v, status)).await,
    }
}

/// `find [PATH]... [EXPRESSION]`.
pub async fn find(mut io: Io) -> i32 {
    let args = io.argv.clone();
    let args: Vec<String> = args.into_iter().filter(|a| !matches!(a.as_str(), "-H" | "-L" | "-P")).collect();
    let split = args.iter().position(|a| a.starts_with('-') || a == "!" || a == "(").unwrap_or(args.len());
    let mut paths = args[..split].to_vec();
    if paths.is_empty() {
        paths.push(".".into());
    }
    let users = util::passwd(&io.p).await;
    let mut p = Parser { args: &args[split..], pos: 0, has_action: false, maxdepth: usize::MAX, mindepth: 0 };
    let expr = if split == args.len() { Ok(Expr::True) } else { p.or(&users) };
    let expr = match expr {
        Ok(e) if p.pos < p.args.len() => {
            let _ = e;
            io.err(&format!("paths must precede expression: `{}'", p.args[p.pos])).await;
            return 1;
        }
        Ok(e) => e,
        Err(msg) => {
            io.err(&msg).await;
            return 1;
        }
    };
    let expr = if p.has_action { expr } else { Expr::And(Box::new(expr), Box::new(Expr::Print(false))) };
    let (maxdepth, mindepth) = (p.maxdepth, p.mindepth);
    let mut status = 0;
    for root in &paths {
        if let Err(e) = io.p.lstat(root) {
            io.err(&format!("{}: {}", ql(root), e.message())).await;
            status = 1;
            continue;
        }
        let mut stack = vec![(root.clone(), 0usize)];
        while let Some((path, depth)) = stack.pop() {
            let Ok(st) = io.p.lstat(&path) else { continue };
            if st.kind == FileKind::Dir && depth < maxdepth {
                match io.p.read_dir(&path) {
                    Ok(entries) => {
                        for e in entries.into_iter().rev() {
                            stack.push((join(&path, &e.name), depth + 1));
                        }
                    }
                    Err(e) => {
                        io.err(&format!("{}: {}", ql(&path), e.message())).await;
                        status = 1;
                    }
                }
            }
            if depth >= mindepth {
                eval(&mut io, &expr, &Visit { path: &path, st: &st }, &mut status).await;
            }
            if !io.tick().await {
                return 1;
            }
        }
    }
    io.finish(status).await
}
