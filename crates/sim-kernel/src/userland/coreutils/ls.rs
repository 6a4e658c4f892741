//! `ls`: listing directories, in columns on a terminal and one name a line otherwise, with
//! GNU's long format (`-l`), sizes (`-h`), inodes (`-i`), classification (`-F`) and
//! recursion (`-R`). Names sort bytewise, as in the C locale of a container.

use wharf_engine::fs::FileKind;

use super::args::{HasArg, Spec};
use super::mode::mode_string;
use super::timefmt::{gmtime, strftime};
use super::util::{self, human, join, q, strerror, Group, Io, Passwd};
use crate::sys::Stat;

/// Half a Gregorian year: older (or future) files show the year instead of the time.
const SIX_MONTHS: i64 = 31_556_952 / 2;

#[derive(Default)]
struct Opts {
    long: bool,
    all: bool,
    almost_all: bool,
    dir_itself: bool,
    human: bool,
    inode: bool,
    one: bool,
    recursive: bool,
    classify: bool,
    numeric: bool,
    no_owner: bool,
    no_group: bool,
    reverse: bool,
    sort: char,
    width: usize,
    dereference: bool,
}

/// One name to show, with its metadata.
struct Entry {
    name: String,
    path: String,
    st: Stat,
    target: Option<String>,
    target_st: Option<Stat>,
}

struct Ls {
    io: Io,
    o: Opts,
    users: Vec<Passwd>,
    groups: Vec<Group>,
    now: i64,
    status: i32,
}

fn indicator(st: &Stat) -> &'static str {
    match st.kind {
        FileKind::Dir => "/",
        FileKind::Symlink => "@",
        FileKind::Fifo => "|",
        FileKind::Socket => "=",
        FileKind::File if st.mode & 0o111 != 0 => "*",
        _ => "",
    }
}

impl Ls {
    fn entry(&self, name: &str, path: &str, follow: bool) -> Result<Entry, crate::errno::Errno> {
        let lst = self.io.p.lstat(path)?;
        let st = if follow && lst.kind == FileKind::Symlink { self.io.p.stat(path).unwrap_or(lst) } else { lst };
        let (target, target_st) = if st.kind == FileKind::Symlink { (self.io.p.readlink(path).ok(), self.io.p.stat(path).ok()) } else { (None, None) };
        Ok(Entry { name: name.to_string(), path: path.to_string(), st, target, target_st })
    }

    fn nlink(&self, e: &Entry) -> u32 {
        if e.st.kind != FileKind::Dir {
            return e.st.nlink.max(1);
        }
        super::walk::dir_nlink(&self.io.p, &e.path)
    }

    fn size(&self, e: &Entry) -> u64 {
        match e.st.kind {
            FileKind::Dir if e.st.ino != 0 && e.st.size == 0 => 4096,
            _ => e.st.size,
        }
    }

    fn blocks(&self, e: &Entry) -> u64 {
        if e.st.ino == 0 {
            return 0;
        }
        super::walk::blocks_kib(e.st.kind, self.size(e))
    }

    fn name_of(&self, e: &Entry) -> String {
        let mut s = e.name.clone();
        if self.o.classify && !(self.o.long && e.st.kind == FileKind::Symlink) {
            s.push_str(indicator(&e.st));
        }
        s
    }

    fn sort(&self, v: &mut [Entry]) {
        match self.o.sort {
            't' => wharf_engine::sort::by(v, |a, b| b.st.mtime.cmp(&a.st.mtime).then_with(|| a.name.cmp(&b.name))),
            'S' => wharf_engine::sort::by(v, |a, b| self.size(b).cmp(&self.size(a)).then_with(|| a.name.cmp(&b.name))),
            'U' => {}
            _ => wharf_engine::sort::by(v, |a, b| a.name.cmp(&b.name)),
        }
        if self.o.reverse && self.o.sort != 'U' {
            v.reverse();
        }
    }

    fn date(&self, mtime: i64) -> String {
        let tm = gmtime(mtime);
        if mtime > self.now || self.now - mtime > SIX_MONTHS {
            strftime("%b %e  %Y", &tm, 0)
        } else {
            strftime("%b %e %H:%M", &tm, 0)
        }
    }

    fn show(&mut self, entries: &[Entry], total: bool) {
        if self.o.long {
            self.long(entries, total);
        } else if self.o.one || self.o.width == 0 {
            for e in entries {
                let ino = if self.o.inode { format!("{} ", e.st.ino) } else { String::new() };
                let line = format!("{ino}{}\n", self.name_of(e));
                self.io.out(&line);
            }
        } else {
            self.columns(entries);
        }
    }

    fn long(&mut self, entries: &[Entry], total: bool) {
        let rows: Vec<[String; 6]> = entries
            .iter()
            .map(|e| {
                let size = match e.st.kind {
                    FileKind::CharDevice | FileKind::BlockDevice => format!("{}, {}", e.st.rdev.0, e.st.rdev.1),
                    _ if self.o.human => human(self.size(e)),
                    _ => self.size(e).to_string(),
                };
                let user = if self.o.numeric { e.st.uid.to_string() } else { util::user_name(&self.users, e.st.uid) };
                let group = if self.o.numeric { e.st.gid.to_string() } else { util::group_name(&self.groups, e.st.gid) };
                [e.st.ino.to_string(), mode_string(e.st.kind, e.st.mode), self.nlink(e).to_string(), user, group, size]
            })
            .collect();
        let w = |i: usize| rows.iter().map(|r| r[i].len()).max().unwrap_or(0);
        let (wi, wl, wu, wg, ws) = (w(0), w(2), w(3), w(4), w(5));
        if total {
            let sum: u64 = entries.iter().map(|e| self.blocks(e)).sum();
            let t = if self.o.human { human(sum * 1024) } else { sum.to_string() };
            self.io.out(&format!("total {t}\n"));
        }
        for (e, r) in entries.iter().zip(&rows) {
            let mut line = String::new();
            if self.o.inode {
                line.push_str(&format!("{:>wi$} ", r[0]));
            }
            line.push_str(&format!("{} {:>wl$} ", r[1], r[2]));
            if !self.o.no_owner {
                line.push_str(&format!("{:<wu$} ", r[3]));
            }
            if !self.o.no_group {
                line.push_str(&format!("{:<wg$} ", r[4]));
            }
            line.push_str(&format!("{:>ws$} {} {}", r[5], self.date(e.st.mtime), self.name_of(e)));
            if let Some(t) = &e.target {
                line.push_str(&format!(" -> {t}"));
                if self.o.classify {
                    if let Some(ts) = &e.target_st {
                        line.push_str(indicator(ts));
                    }
                }
            }
            line.push('\n');
            self.io.out(&line);
        }
    }

    /// GNU's vertical columns: the most columns that fit the terminal's width, each at least
    /// 3 wide and 2 wider than its longest name (but the last), padded with tabs.
    fn columns(&mut self, entries: &[Entry]) {
        let names: Vec<String> = entries
            .iter()
            .map(|e| if self.o.inode { format!("{} {}", e.st.ino, self.name_of(e)) } else { self.name_of(e) })
            .collect();
        let n = names.len();
        if n == 0 {
            return;
        }
        let lens: Vec<usize> = names.iter().map(|s| s.chars().count()).collect();
        let max_cols = (self.o.width / 3).clamp(1, n);
        let mut best: (usize, Vec<usize>) = (1, vec![lens.iter().copied().max().unwrap_or(0).max(3)]);
        for cols in 1..=max_cols {
            let rows = n.div_ceil(cols);
            let mut widths = vec![3usize; cols];
            for (k, len) in lens.iter().enumerate() {
                let idx = k / rows;
                let real = len + if idx + 1 == cols { 0 } else { 2 };
                widths[idx] = widths[idx].max(real);
            }
            if widths.iter().sum::<usize>() < self.o.width {
                best = (cols, widths);
            }
        }
        let (cols, widths) = best;
        let rows = n.div_ceil(cols);
        for r in 0..rows {
            let mut line = String::new();
            let (mut pos, mut col_start) = (0usize, 0usize);
            for (c, width) in widths.iter().enumerate() {
                let k = c * rows + r;
                let Some(name) = names.get(k) else { break };
                line.push_str(name);
                pos += lens[k];
                if names.get(k + rows).is_none() {
                    break;
                }
                col_start += width;
                // GNU pads with tabs where a tab stop (every 8 columns) gets there.
                while pos < col_start {
                    if col_start / 8 > (pos + 1) / 8 {
                        line.push('\t');
                        pos += 8 - pos % 8;
                    } else {
                        line.push(' ');
                        pos += 1;
                    }
                }
            }
            line.push('\n');
            self.io.out(&line);
        }
    }

    async fn list_dir(&mut self, path: &str, header: bool, first: bool, top: bool) {
        let names = match self.io.p.read_dir(path) {
            Ok(n) => n,
            Err(e) => {
                self.io.err(&format!("cannot open directory {}: {}", q(path), strerror(e))).await;
                self.status = if top { 2 } else { self.status.max(1) };
                return;
            }
        };
        if header {
            let h = format!("{}{path}:\n", if first { "" } else { "\n" });
            self.io.out(&h);
        }
        let mut entries = Vec::new();
        if self.o.all {
            for dot in [".", ".."] {
                if let Ok(e) = self.entry(dot, &join(path, dot), false) {
                    entries.push(e);
                }
            }
        }
        for d in names {
            if d.name.starts_with('.') && !(self.o.all || self.o.almost_all) {
                continue;
            }
            if let Ok(e) = self.entry(&d.name, &join(path, &d.name), false) {
                entries.push(e);
            }
        }
        self.sort(&mut entries);
        self.show(&entries, true);
        self.io.tick().await;
        if self.o.recursive {
            let subdirs: Vec<String> = entries.iter().filter(|e| e.st.kind == FileKind::Dir && e.name != "." && e.name != "..").map(|e| e.path.clone()).collect();
            for d in subdirs {
                Box::pin(self.list_dir(&d, true, false, false)).await;
            }
        }
    }
}

/// `ls [-laAdhi1RFtSrnUgo] [FILE]...`.
pub async fn ls(mut io: Io) -> i32 {
    let spec = Spec {
        short: "aAdhilnogrRStUF1CxLHw:",
        long: &[
            ("all", HasArg::No, 'a'),
            ("almost-all", HasArg::No, 'A'),
            ("directory", HasArg::No, 'd'),
            ("human-readable", HasArg::No, 'h'),
            ("inode", HasArg::No, 'i'),
            ("numeric-uid-gid", HasArg::No, 'n'),
            ("reverse", HasArg::No, 'r'),
            ("recursive", HasArg::No, 'R'),
            ("classify", HasArg::Optional, 'F'),
            ("color", HasArg::Optional, 'c'),
            ("dereference", HasArg::No, 'L'),
            ("width", HasArg::Required, 'w'),
        ],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [FILE]...", 2).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let mut o = Opts { sort: 'n', ..Opts::default() };
    for (c, _) in &a.opts {
        match c {
            'l' => o.long = true,
            'n' => (o.long, o.numeric) = (true, true),
            'g' => (o.long, o.no_owner) = (true, true),
            'o' => (o.long, o.no_group) = (true, true),
            'a' => o.all = true,
            'A' => o.almost_all = true,
            'd' => o.dir_itself = true,
            'h' => o.human = true,
            'i' => o.inode = true,
            '1' => (o.one, o.long) = (true, false),
            'R' => o.recursive = true,
            'F' => o.classify = true,
            'r' => o.reverse = true,
            't' | 'S' | 'U' => o.sort = *c,
            'L' => o.dereference = true,
            _ => {}
        }
    }
    // No TIOCGWINSZ in the simulator: $COLUMNS, else the terminal's 80 columns.
    o.width = if io.p.isatty(1) { io.p.getenv("COLUMNS").and_then(|c| c.parse().ok()).unwrap_or(80) } else { 0 };
    if a.has('C') {
        o.width = o.width.max(80);
        o.one = false;
    }
    if let Some(w) = a.value('w') {
        match w.parse::<usize>() {
            Ok(n) if o.width > 0 => o.width = if n == 0 { usize::MAX } else { n },
            Ok(_) => {}
            Err(_) => {
                io.err(&format!("invalid line width: {}", util::ql(w))).await;
                return 2;
            }
        }
    }
    let follow_args = o.dereference || !(o.long || o.dir_itself || o.classify);
    let users = util::passwd(&io.p).await;
    let groups = util::groups(&io.p).await;
    let now = io.p.now() / 1_000_000_000;
    let mut ls = Ls { io, o, users, groups, now, status: 0 };
    let ops = if a.operands.is_empty() { vec![".".to_string()] } else { a.operands.clone() };
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for op in &ops {
        match ls.entry(op, op, follow_args || ls.o.dereference) {
            Ok(e) => {
                let is_dir = e.st.kind == FileKind::Dir || (e.st.kind == FileKind::Symlink && !ls.o.long && e.target_st.as_ref().is_some_and(|t| t.kind == FileKind::Dir) && follow_args);
                if is_dir && !ls.o.dir_itself {
                    dirs.push(e);
                } else {
                    files.push(e);
                }
            }
            Err(err) => {
                let msg = if ls.io.busybox() { format!("{op}: {}", strerror(err)) } else { format!("cannot access {}: {}", q(op), strerror(err)) };
                ls.io.err(&msg).await;
                ls.status = 2;
            }
        }
    }
    ls.sort(&mut files);
    ls.sort(&mut dirs);
    ls.show(&files, false);
    let header = ops.len() > 1 || ls.o.recursive;
    for (i, d) in dirs.iter().enumerate() {
        let path = d.path.clone();
        Box::pin(ls.list_dir(&path, header, i == 0 && files.is_empty(), true)).await;
    }
    let status = ls.status;
    ls.io.finish(status).await
}
