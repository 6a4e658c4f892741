//! `ps` (procps-ng): the default, `-e`, `-f`, `aux`, `-p`, `-u` and `-o` views, read from the
//! `/proc` the caller sees, so that `unshare --pid --fork --mount-proc` shows only the new
//! namespace's processes.

use super::procfs::{self, PInfo, HZ};
use super::timefmt::{gmtime, strftime};
use super::util::{self, Io};

fn hms(ticks: u64) -> String {
    let s = ticks / HZ;
    let (d, h, m, s) = (s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
    if d > 0 {
        format!("{d}-{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

struct Ctx {
    users: Vec<util::Passwd>,
    boot: i64,
    now: i64,
    mem_total: u64,
}

impl Ctx {
    fn user(&self, uid: u32) -> String {
        let n = util::user_name(&self.users, uid);
        if n.chars().count() > 8 {
            format!("{}+", n.chars().take(7).collect::<String>())
        } else {
            n
        }
    }

    fn start(&self, p: &PInfo) -> String {
        let t = self.boot + (p.start / HZ) as i64;
        let tm = gmtime(t);
        if self.now - t < 86_400 {
            strftime("%H:%M", &tm, 0)
        } else if gmtime(self.now).year == tm.year {
            strftime("%b%d", &tm, 0)
        } else {
            tm.year.to_string()
        }
    }

    fn elapsed(&self, p: &PInfo) -> u64 {
        ((self.now - self.boot) as u64 * HZ).saturating_sub(p.start).max(1)
    }

    fn cpu(&self, p: &PInfo) -> String {
        format!("{:.1}", (p.cpu as f64 * 100.0 / self.elapsed(p) as f64).min(99.9))
    }

    fn mem(&self, p: &PInfo) -> String {
        format!("{:.1}", p.rss as f64 * 100.0 / self.mem_total.max(1) as f64)
    }

    fn stat(p: &PInfo) -> String {
        let mut s = p.state.to_string();
        if p.pid == p.sid {
            s.push('s');
        }
        s
    }

    /// One `-o` field: header, right-aligned?, width, value.
    fn field(&self, name: &str, p: &PInfo) -> Option<(&'static str, bool, usize, String)> {
        Some(match name {
            "pid" => ("PID", true, 7, p.pid.to_string()),
            "ppid" => ("PPID", true, 7, p.ppid.to_string()),
            "pgid" | "pgrp" => ("PGID", true, 7, p.pgid.to_string()),
            "sid" | "sess" => ("SID", true, 7, p.sid.to_string()),
            "uid" => ("UID", true, 5, p.uid.to_string()),
            "user" | "euser" | "uname" => ("USER", false, 8, self.user(p.uid)),
            "comm" | "ucmd" | "ucomm" => ("COMMAND", false, 0, p.comm.clone()),
            "args" | "cmd" | "command" => ("COMMAND", false, 0, p.args()),
            "stat" => ("STAT", false, 4, Ctx::stat(p)),
            "s" | "state" => ("S", false, 1, p.state.to_string()),
            "tty" | "tt" | "tname" => ("TT", false, 8, p.tty_name()),
            "time" | "cputime" => ("TIME", true, 8, hms(p.cpu)),
            "etime" => ("ELAPSED", true, 11, {
                let s = self.elapsed(p) / HZ;
                if s >= 3600 { format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60) } else { format!("{:02}:{:02}", s / 60, s % 60) }
            }),
            "%cpu" | "pcpu" => ("%CPU", true, 4, self.cpu(p)),
            "%mem" | "pmem" => ("%MEM", true, 4, self.mem(p)),
            "rss" | "rssize" => ("RSS", true, 5, p.rss.to_string()),
            "vsz" | "vsize" => ("VSZ", true, 6, p.vsz.to_string()),
            "ni" | "nice" => ("NI", true, 3, "0".into()),
            "pri" => ("PRI", true, 3, "19".into()),
            "start" | "stime" | "start_time" => ("STIME", false, 5, self.start(p)),
            _ => return None,
        })
    }
}

enum View {
    Default,
    Full,
    User,
    Custom(Vec<String>),
}

/// `ps [aux|-ef|-e|-f|-p PID|-u USER|-o FIELDS|--no-headers]`.
pub async fn ps(mut io: Io) -> i32 {
    io.prog = "ps".into();
    let mut all = false;
    let mut bsd_a = false;
    let mut bsd_x = false;
    let mut view = View::Default;
    let mut pids: Vec<u32> = Vec::new();
    let mut users: Vec<String> = Vec::new();
    let mut headers = true;
    let args = io.argv.clone();
    let mut i = 0;
    let usage = "\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        let value = |i: &mut usize, inline: &str| -> Option<String> {
            if !inline.is_empty() {
                return Some(inline.to_string());
            }
            let v = args.get(*i).cloned();
            *i += 1;
            v
        };
        if let Some(long) = a.strip_prefix("--") {
            match long.split_once('=').map_or((long, ""), |(k, v)| (k, v)) {
                ("no-headers" | "no-heading", _) => headers = false,
                ("pid", v) => pids.extend(value(&mut i, v).unwrap_or_default().split(',').filter_map(|x| x.trim().parse::<u32>().ok())),
                ("user", v) => users.extend(value(&mut i, v).unwrap_or_default().split(',').map(str::to_string)),
                ("format", v) => view = View::Custom(value(&mut i, v).unwrap_or_default().split([',', ' ']).filter(|s| !s.is_empty()).map(str::to_string).collect()),
                ("help", _) => {
                    io.out(usage.trim_start());
                    return io.finish(0).await;
                }
                ("version", _) => {
                    io.out("ps from procps-ng 4.0.2\n");
                    return io.finish(0).await;
                }
                _ => {
                    io.err_raw(&format!("error: unknown gnu long option\n{usage}")).await;
                    return 1;
                }
            }
        } else if let Some(opts) = a.strip_prefix('-') {
            let chars: Vec<char> = opts.chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                j += 1;
                let rest: String = chars[j..].iter().collect();
                match c {
                    'e' | 'A' => all = true,
                    'f' => view = View::Full,
                    'a' | 'x' | 'l' | 'j' | 'H' | 'w' => {}
                    'p' | 'q' => {
                        pids.extend(value(&mut i, &rest).unwrap_or_default().split(',').filter_map(|x| x.trim().parse::<u32>().ok()));
                        break;
                    }
                    'u' | 'U' => {
                        users.extend(value(&mut i, &rest).unwrap_or_default().split(',').map(str::to_string));
                        break;
                    }
                    'o' => {
                        view = View::Custom(value(&mut i, &rest).unwrap_or_default().split([',', ' ']).filter(|s| !s.is_empty()).map(str::to_string).collect());
                        break;
                    }
                    _ => {
                        io.err_raw(&format!("error: unsupported SysV option\n{usage}")).await;
                        return 1;
                    }
                }
            }
        } else {
            for c in a.chars() {
                match c {
                    'a' => bsd_a = true,
                    'x' => bsd_x = true,
                    'u' => view = View::User,
                    'e' | 'w' | 'f' => {}
                    _ => {
                        io.err_raw(&format!("error: unsupported option (BSD syntax)\n{usage}")).await;
                        return 1;
                    }
                }
            }
        }
    }
    let now = io.p.now() / 1_000_000_000;
    let up = procfs::uptime(&io.p).await;
    let db = util::passwd(&io.p).await;
    let ctx = Ctx { boot: now - up as i64, now, mem_total: procfs::mem_total(&io.p).await, users: db.clone() };
    let all_procs = procfs::processes(&io.p).await;
    let me = procfs::self_pid(&io.p).and_then(|pid| all_procs.iter().find(|p| p.pid == pid).cloned());
    let (my_uid, my_tty) = (io.p.uid(), me.as_ref().map_or(0, |m| m.tty));
    let uids: Vec<u32> = users.iter().filter_map(|u| db.iter().find(|x| &x.name == u).map(|x| x.uid).or_else(|| u.parse().ok())).collect();
    let selected: Vec<&PInfo> = all_procs
        .iter()
        .filter(|p| {
            if !pids.is_empty() || !uids.is_empty() {
                return pids.contains(&p.pid) || uids.contains(&p.uid);
            }
            if all || (bsd_a && bsd_x) {
                return true;
            }
            match (bsd_a, bsd_x) {
                (true, false) => p.tty != 0,
                (false, true) => p.uid == my_uid,
                _ => p.uid == my_uid && p.tty == my_tty,
            }
        })
        .collect();
    let fields: Vec<String> = match &view {
        View::Default => ["pid", "tty", "time", "comm"].map(String::from).to_vec(),
        View::Full => ["user", "pid", "ppid", "c", "stime", "tty", "time", "args"].map(String::from).to_vec(),
        View::User => ["user", "pid", "%cpu", "%mem", "vsz", "rss", "tty", "stat", "start", "bsdtime", "args"].map(String::from).to_vec(),
        View::Custom(f) => f.clone(),
    };
    // `-o pid=` names a column's header (empty: none; no header line when all are empty).
    let (fields, titles): (Vec<String>, Vec<Option<String>>) = fields.iter().map(|f| f.split_once('=').map_or((f.clone(), None), |(n, t)| (n.to_string(), Some(t.to_string())))).unzip();
    // procps then sizes process-ID columns to their static width (5), not to pid_max.
    let retitle = |cells: &mut Vec<(String, bool, usize, String)>| {
        for ((cell, title), field) in cells.iter_mut().zip(&titles).zip(&fields) {
            if let Some(t) = title {
                let base = if matches!(field.as_str(), "pid" | "ppid" | "pgid" | "sid" | "tgid") { 5 } else { cell.2 };
                cell.2 = base.max(t.len());
                cell.0 = t.clone();
            }
        }
    };
    let mut rows: Vec<Vec<(String, bool, usize, String)>> = Vec::new();
    for p in &selected {
        let mut row = Vec::new();
        for f in &fields {
            let cell = match (f.as_str(), &view) {
                ("user", View::Full) => ("UID", false, 8, ctx.user(p.uid)),
                ("tty", View::Default | View::Full | View::User) => ("TTY", false, 8, p.tty_name()),
                ("comm", View::Default) => ("CMD", false, 0, p.comm.clone()),
                ("args", View::Full) => ("CMD", false, 0, p.args()),
                ("start", View::User) => ("START", true, 5, ctx.start(p)),
                ("c", _) => ("C", true, 2, "0".into()),
                ("bsdtime", _) => ("TIME", true, 6, format!("{}:{:02}", p.cpu / HZ / 60, p.cpu / HZ % 60)),
                (name, _) => match ctx.field(name, p) {
                    Some((h, r, w, v)) => (h, r, w, v),
                    None => {
                        io.err_raw(&format!("error: unknown user-defined format specifier \"{name}\"\n{usage}")).await;
                        return 1;
                    }
                },
            };
            row.push((cell.0.to_string(), cell.1, cell.2, cell.3));
        }
        retitle(&mut row);
        rows.push(row);
    }
    let line = |cells: &[(String, bool, usize, String)], header: bool| -> String {
        let n = cells.len();
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(k, (h, right, w, v))| {
                let text = if header { h } else { v };
                match (k + 1 == n, right) {
                    (true, false) => text.clone(),
                    (_, true) => format!("{text:>w$}"),
                    (false, false) => format!("{text:<w$}"),
                }
            })
            .collect();
        parts.join(" ").trim_end().to_string() + "\n"
    };
    if headers {
        let mut header_cells: Vec<(String, bool, usize, String)> = if let Some(r) = rows.first() {
            r.clone()
        } else {
            let dummy = PInfo::default();
            fields
                .iter()
                .map(|f| match (f.as_str(), &view) {
                    ("user", View::Full) => ("UID".into(), false, 8, String::new()),
                    ("tty", View::Default | View::Full | View::User) => ("TTY".into(), false, 8, String::new()),
                    ("comm", View::Default) | ("args", View::Full) => ("CMD".into(), false, 0, String::new()),
                    ("start", View::User) => ("START".into(), true, 5, String::new()),
                    ("c", _) => ("C".into(), true, 2, String::new()),
                    ("bsdtime", _) => ("TIME".into(), true, 6, String::new()),
                    (name, _) => ctx.field(name, &dummy).map_or((name.to_uppercase(), false, 0, String::new()), |(h, r, w, _)| (h.to_string(), r, w, String::new())),
                })
                .collect()
        };
        retitle(&mut header_cells);
        if header_cells.iter().any(|c| !c.0.is_empty()) {
            io.out(&line(&header_cells, true));
        }
    }
    for r in &rows {
        io.out(&line(r, false));
    }
    io.finish(if selected.is_empty() && (!pids.is_empty() || !uids.is_empty()) { 1 } else { 0 }).await
}
