//! `test` and `[` as programs (`/usr/bin/test`, `/usr/bin/[`), and `which`.

use wharf_engine::fs::FileKind;

use super::util::{find_command, join, ql, Io};

struct T<'a> {
    io: &'a Io,
    args: Vec<String>,
    pos: usize,
}

const UNARY: [&str; 21] = ["-e", "-f", "-d", "-h", "-L", "-r", "-w", "-x", "-s", "-z", "-n", "-b", "-c", "-p", "-S", "-g", "-u", "-k", "-O", "-G", "-t"];
const BINARY: [&str; 13] = ["=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef", "<"];

impl T<'_> {
    fn peek(&self, k: usize) -> Option<&str> {
        self.args.get(self.pos + k).map(String::as_str)
    }

    fn int(&self, s: &str) -> Result<i64, String> {
        s.trim().parse::<i64>().map_err(|_| format!("invalid integer {}", ql(s)))
    }

    fn unary(&self, op: &str, arg: &str) -> bool {
        let p = &self.io.p;
        let st = || p.stat(arg).ok();
        match op {
            "-z" => arg.is_empty(),
            "-n" => !arg.is_empty(),
            "-e" => st().is_some(),
            "-f" => st().is_some_and(|s| s.kind == FileKind::File),
            "-d" => st().is_some_and(|s| s.kind == FileKind::Dir),
            "-h" | "-L" => p.lstat(arg).is_ok_and(|s| s.kind == FileKind::Symlink),
            "-b" => st().is_some_and(|s| s.kind == FileKind::BlockDevice),
            "-c" => st().is_some_and(|s| s.kind == FileKind::CharDevice),
            "-p" => st().is_some_and(|s| s.kind == FileKind::Fifo),
            "-S" => st().is_some_and(|s| s.kind == FileKind::Socket),
            "-s" => st().is_some_and(|s| s.size > 0),
            "-r" => p.access(arg, 4).is_ok(),
            "-w" => p.access(arg, 2).is_ok(),
            "-x" => p.access(arg, 1).is_ok(),
            "-u" => st().is_some_and(|s| s.mode & 0o4000 != 0),
            "-g" => st().is_some_and(|s| s.mode & 0o2000 != 0),
            "-k" => st().is_some_and(|s| s.mode & 0o1000 != 0),
            "-O" => st().is_some_and(|s| s.uid == p.uid()),
            "-G" => st().is_some_and(|s| s.gid == p.gid()),
            "-t" => arg.parse::<i32>().is_ok_and(|fd| p.isatty(fd)),
            _ => false,
        }
    }

    fn binary(&self, a: &str, op: &str, b: &str) -> Result<bool, String> {
        let p = &self.io.p;
        Ok(match op {
            "=" | "==" => a == b,
            "!=" => a != b,
            "<" => a < b,
            "-nt" | "-ot" => {
                let (x, y) = (p.stat(a).map(|s| s.mtime).ok(), p.stat(b).map(|s| s.mtime).ok());
                if op == "-nt" { x > y || (x.is_some() && y.is_none()) } else { x < y || (x.is_none() && y.is_some()) }
            }
            "-ef" => matches!((p.realpath(a), p.realpath(b)), (Ok(x), Ok(y)) if x == y),
            _ => {
                let (x, y) = (self.int(a)?, self.int(b)?);
                match op {
                    "-eq" => x == y,
                    "-ne" => x != y,
                    "-lt" => x < y,
                    "-le" => x <= y,
                    "-gt" => x > y,
                    _ => x >= y,
                }
            }
        })
    }

    fn term(&mut self) -> Result<bool, String> {
        let Some(first) = self.peek(0).map(str::to_string) else {
            let last = self.args.last().cloned().unwrap_or_default();
            return Err(format!("missing argument after {}", ql(&last)));
        };
        if first == "!" {
            self.pos += 1;
            return Ok(!self.term()?);
        }
        if first == "(" && self.args.len() - self.pos >= 3 {
            self.pos += 1;
            let v = self.or()?;
            if self.peek(0) != Some(")") {
                return Err(format!("{} expected", ql(")")));
            }
            self.pos += 1;
            return Ok(v);
        }
        if let Some(op) = self.peek(1).filter(|o| BINARY.contains(o)).map(str::to_string) {
            let Some(b) = self.peek(2).map(str::to_string) else {
                return Err(format!("missing argument after {}", ql(&op)));
            };
            self.pos += 3;
            return self.binary(&first, &op, &b);
        }
        if UNARY.contains(&first.as_str()) {
            if let Some(arg) = self.peek(1).map(str::to_string) {
                self.pos += 2;
                return Ok(self.unary(&first, &arg));
            }
        }
        self.pos += 1;
        Ok(!first.is_empty())
    }

    fn and(&mut self) -> Result<bool, String> {
        let mut v = self.term()?;
        while self.peek(0) == Some("-a") {
            self.pos += 1;
            let r = self.term()?;
            v = v && r;
        }
        Ok(v)
    }

    fn or(&mut self) -> Result<bool, String> {
        let mut v = self.and()?;
        while self.peek(0) == Some("-o") {
            self.pos += 1;
            let r = self.and()?;
            v = v || r;
        }
        Ok(v)
    }

    fn run(&mut self) -> Result<bool, String> {
        let n = self.args.len();
        match n {
            0 => return Ok(false),
            1 => return Ok(!self.args[0].is_empty()),
            2 if self.args[0] == "!" => return Ok(self.args[1].is_empty()),
            2 if UNARY.contains(&self.args[0].as_str()) => return Ok(self.unary(&self.args[0], &self.args[1])),
            2 => return Err(format!("missing argument after {}", ql(&self.args[1]))),
            3 if BINARY.contains(&self.args[1].as_str()) => return self.binary(&self.args[0], &self.args[1], &self.args[2]),
            3 if self.args[0] == "!" => {
                self.pos = 1;
                return Ok(!self.term()?);
            }
            3 if self.args[1] != "-a" && self.args[1] != "-o" && self.args[0] != "(" => return Err(format!("{}: binary operator expected", ql(&self.args[1]))),
            _ => {}
        }
        let v = self.or()?;
        if let Some(extra) = self.peek(0) {
            return Err(format!("extra argument {}", ql(extra)));
        }
        Ok(v)
    }
}

/// `test EXPRESSION` and `[ EXPRESSION ]`: exit 0 true, 1 false, 2 error.
pub async fn test(mut io: Io) -> i32 {
    let mut args = io.argv.clone();
    if super::util::basename(&io.prog) == "[" {
        if args.len() == 1 && (args[0] == "--help" || args[0] == "--version") {
            io.out(if args[0] == "--help" { "Usage: test EXPRESSION\n  or:  [ EXPRESSION ]\n" } else { "[ (GNU coreutils) 9.1\n" });
            return io.finish(0).await;
        }
        if args.last().map(String::as_str) != Some("]") {
            io.err(&format!("missing {}", ql("]"))).await;
            return 2;
        }
        args.pop();
    }
    let mut t = T { io: &io, args, pos: 0 };
    match t.run() {
        Ok(v) => i32::from(!v),
        Err(msg) => {
            io.err(&msg).await;
            2
        }
    }
}

/// `which [-a] COMMAND...` (debianutils): paths of executables on `PATH`.
pub async fn which(mut io: Io) -> i32 {
    let mut all = false;
    let mut names = Vec::new();
    for a in io.argv.clone() {
        match a.as_str() {
            "-a" => all = true,
            "-s" => {}
            _ => names.push(a),
        }
    }
    if names.is_empty() {
        return 1;
    }
    let mut status = 0;
    for n in &names {
        if all && !n.contains('/') {
            let path = io.p.getenv("PATH").unwrap_or_else(|| super::util::DEFAULT_PATH.into());
            let mut found = false;
            for d in path.split(':') {
                let c = join(if d.is_empty() { "." } else { d }, n);
                if io.p.stat(&c).is_ok_and(|s| s.kind == FileKind::File && s.mode & 0o111 != 0) {
                    io.out(&format!("{c}\n"));
                    found = true;
                }
            }
            if !found {
                status = 1;
            }
            continue;
        }
        match find_command(&io.p, n).filter(|c| io.p.stat(c).is_ok_and(|s| s.kind == FileKind::File && s.mode & 0o111 != 0)) {
            Some(c) => io.out(&format!("{c}\n")),
            None => status = 1,
        }
    }
    io.finish(status).await
}
