//! `test` and `[`: POSIX's argument-count rules for up to four arguments, a recursive
//! descent over `!`, `-a`, `-o` and parentheses beyond that. Errors are busybox's
//! (`sh: x: bad number`, `sh: missing ]`) with status 2.

use wharf_engine::fs::FileKind;

use super::super::exec::{Ctl, Fut};
use super::super::state::Shell;
use crate::sys::Proc;

const UNARY: [&str; 20] = ["-e", "-f", "-d", "-s", "-r", "-w", "-x", "-L", "-h", "-z", "-n", "-b", "-c", "-p", "-S", "-t", "-g", "-u", "-k", "-O"];
const BINARY: [&str; 13] = ["=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot"];

struct Test<'a> {
    args: &'a [String],
    pos: usize,
    proc: &'a Proc,
    /// `[[ ... ]]`: `=`, `==` and `!=` match the right side as a pattern.
    patterns: bool,
}

type T = Result<bool, String>;

fn int(s: &str) -> Result<i64, String> {
    s.trim().parse::<i64>().map_err(|_| format!("{s}: bad number"))
}

impl Test<'_> {
    fn peek(&self) -> Option<&str> {
        self.args.get(self.pos).map(String::as_str)
    }

    fn unary(&self, op: &str, arg: &str) -> bool {
        let p = self.proc;
        let st = || p.stat(arg).ok();
        match op {
            "-z" => arg.is_empty(),
            "-n" => !arg.is_empty(),
            "-e" => st().is_some(),
            "-f" => st().is_some_and(|m| m.kind == FileKind::File),
            "-d" => st().is_some_and(|m| m.kind == FileKind::Dir),
            "-s" => st().is_some_and(|m| m.size > 0),
            "-b" => st().is_some_and(|m| m.kind == FileKind::BlockDevice),
            "-c" => st().is_some_and(|m| m.kind == FileKind::CharDevice),
            "-p" => st().is_some_and(|m| m.kind == FileKind::Fifo),
            "-S" => st().is_some_and(|m| m.kind == FileKind::Socket),
            "-L" | "-h" => p.lstat(arg).is_ok_and(|m| m.kind == FileKind::Symlink),
            "-r" => p.access(arg, 4).is_ok(),
            "-w" => p.access(arg, 2).is_ok(),
            "-x" => p.access(arg, 1).is_ok(),
            "-u" => st().is_some_and(|m| m.mode & 0o4000 != 0),
            "-g" => st().is_some_and(|m| m.mode & 0o2000 != 0),
            "-k" => st().is_some_and(|m| m.mode & 0o1000 != 0),
            "-O" => st().is_some_and(|m| m.uid == p.uid()),
            "-t" => arg.trim().parse::<i32>().is_ok_and(|fd| p.isatty(fd)),
            _ => false,
        }
    }

    fn binary(&self, a: &str, op: &str, b: &str) -> T {
        let mtime = |s: &str| self.proc.stat(s).ok().map(|m| m.mtime);
        let equal = |a: &str, b: &str| {
            if self.patterns {
                super::super::pattern::Pattern::new(&b.chars().map(|c| (c, false)).collect::<Vec<_>>()).matches(a)
            } else {
                a == b
            }
        };
        Ok(match op {
            "=" | "==" => equal(a, b),
            "!=" => !equal(a, b),
            "<" => a < b,
            ">" => a > b,
            "-eq" => int(a)? == int(b)?,
            "-ne" => int(a)? != int(b)?,
            "-lt" => int(a)? < int(b)?,
            "-le" => int(a)? <= int(b)?,
            "-gt" => int(a)? > int(b)?,
            "-ge" => int(a)? >= int(b)?,
            "-nt" => matches!((mtime(a), mtime(b)), (Some(x), Some(y)) if x > y) || (mtime(a).is_some() && mtime(b).is_none()),
            "-ot" => matches!((mtime(a), mtime(b)), (Some(x), Some(y)) if x < y) || (mtime(a).is_none() && mtime(b).is_some()),
            _ => return Err(format!("{op}: unknown operand")),
        })
    }

    /// POSIX's rules by number of arguments (`n` starting at `self.pos`).
    fn by_count(&mut self, n: usize) -> Option<T> {
        let a: Vec<&str> = self.args[self.pos..self.pos + n].iter().map(String::as_str).collect();
        let r = match a.as_slice() {
            [] => Ok(false),
            [x] => Ok(!x.is_empty()),
            ["!", x] => Ok(x.is_empty()),
            [op, x] if UNARY.contains(op) => Ok(self.unary(op, x)),
            [x, op, y] if BINARY.contains(op) => self.binary(x, op, y),
            [x, "-a", y] => Ok(!x.is_empty() && !y.is_empty()),
            [x, "-o", y] => Ok(!x.is_empty() || !y.is_empty()),
            ["!", _, _] => {
                self.pos += 1;
                return self.by_count(2).map(|r| r.map(|v| !v));
            }
            ["(", x, ")"] => Ok(!x.is_empty()),
            ["!", _, _, _] => {
                self.pos += 1;
                return self.by_count(3).map(|r| r.map(|v| !v));
            }
            ["(", _, _, ")"] => {
                self.pos += 1;
                let r = self.by_count(2);
                self.pos += 1;
                return r;
            }
            _ => return None,
        };
        self.pos += n;
        Some(r)
    }

    fn or(&mut self) -> T {
        let mut v = self.and()?;
        while self.peek() == Some("-o") {
            self.pos += 1;
            let w = self.and()?;
            v = v || w;
        }
        Ok(v)
    }

    fn and(&mut self) -> T {
        let mut v = self.not()?;
        while self.peek() == Some("-a") {
            self.pos += 1;
            let w = self.not()?;
            v = v && w;
        }
        Ok(v)
    }

    fn not(&mut self) -> T {
        if self.peek() == Some("!") {
            self.pos += 1;
            return self.not().map(|v| !v);
        }
        self.primary()
    }

    fn primary(&mut self) -> T {
        let Some(first) = self.peek().map(str::to_string) else { return Err("argument expected".into()) };
        if first == "(" {
            self.pos += 1;
            let v = self.or()?;
            if self.peek() != Some(")") {
                return Err("')' expected".into());
            }
            self.pos += 1;
            return Ok(v);
        }
        let next = self.args.get(self.pos + 1).map(String::as_str);
        if let Some(op) = next.filter(|op| BINARY.contains(op)) {
            let op = op.to_string();
            let Some(b) = self.args.get(self.pos + 2).cloned() else { return Err(format!("{op}: argument expected")) };
            self.pos += 3;
            return self.binary(&first, &op, &b);
        }
        if UNARY.contains(&first.as_str()) {
            let Some(arg) = next.map(str::to_string) else { return Err(format!("{first}: argument expected")) };
            self.pos += 2;
            return Ok(self.unary(&first, &arg));
        }
        self.pos += 1;
        Ok(!first.is_empty())
    }

    fn run(&mut self) -> T {
        let n = self.args.len();
        let v = match (n <= 4).then(|| self.by_count(n)).flatten() {
            Some(r) => r?,
            None => {
                self.pos = 0;
                self.or()?
            }
        };
        if let Some(extra) = self.peek() {
            return Err(format!("{extra}: unknown operand"));
        }
        Ok(v)
    }
}

pub(super) fn test<'a>(sh: &'a mut Shell, args: &'a [String]) -> Fut<'a, Result<i32, Ctl>> {
    Box::pin(async move {
        let mut operands = &args[1..];
        let close = match args[0].as_str() {
            "[" => Some("]"),
            "[[" => Some("]]"),
            _ => None,
        };
        if let Some(close) = close {
            match operands.split_last() {
                Some((last, rest)) if last == close => operands = rest,
                _ => {
                    sh.proc.eprint(&format!("sh: missing {close}\n")).await;
                    return Ok(2);
                }
            }
        }
        let proc = sh.proc.clone();
        let mut t = Test { args: operands, pos: 0, proc: &proc, patterns: close == Some("]]") };
        match t.run() {
            Ok(v) => Ok(if v { 0 } else { 1 }),
            Err(msg) => {
                sh.proc.eprint(&format!("sh: {msg}\n")).await;
                Ok(2)
            }
        }
    })
}
