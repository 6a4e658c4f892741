//! Creating and removing names: `mkdir`, `rmdir`, `touch`, `rm`.

use wharf_engine::fs::FileKind;

use super::args::{HasArg, Spec};
use super::mode;
use super::timefmt::timegm;
use super::util::{join, q, ql, strerror, Io};
use crate::errno::Errno;
use crate::sys::OpenFlags;

/// `mkdir [-p] [-m MODE] [-v] DIRECTORY...`.
pub async fn mkdir(mut io: Io) -> i32 {
    let spec = Spec { short: "pm:vZ", long: &[("parents", HasArg::No, 'p'), ("mode", HasArg::Required, 'm'), ("verbose", HasArg::No, 'v')], stop_at_operand: false };
    let a = match io.args(&spec, "[OPTION]... DIRECTORY...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    if a.operands.is_empty() {
        return io.usage("missing operand", 1).await;
    }
    let umask = io.p.umask();
    let final_mode = match a.value('m') {
        Some(m) => match mode::apply(m, 0o777 & !umask, true, umask) {
            Some(v) => Some(v),
            None => {
                io.err(&format!("invalid mode {}", ql(m))).await;
                return 1;
            }
        },
        None => None,
    };
    let mut status = 0;
    for dir in &a.operands {
        if a.has('p') {
            let mut prefix = if dir.starts_with('/') { "/".to_string() } else { String::new() };
            let parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
            for (i, part) in parts.iter().enumerate() {
                prefix = if prefix.is_empty() { part.to_string() } else { join(&prefix, part) };
                let last = i + 1 == parts.len();
                match io.p.stat(&prefix) {
                    Ok(st) if st.kind == FileKind::Dir => continue,
                    Ok(_) => {
                        io.err(&format!("{} {}: {}", cant(&io, "create directory"), quoted(&io, &prefix), strerror(if last { Errno::EEXIST } else { Errno::ENOTDIR }))).await;
                        status = 1;
                        break;
                    }
                    Err(_) => {}
                }
                if let Err(e) = io.p.mkdir(&prefix, 0o777) {
                    io.err(&format!("{} {}: {}", cant(&io, "create directory"), quoted(&io, &prefix), strerror(e))).await;
                    status = 1;
                    break;
                }
                if a.has('v') {
                    io.out(&format!("mkdir: created directory {}\n", q(&prefix)));
                }
                if last {
                    if let Some(fm) = final_mode {
                        let _ = io.p.chmod(&prefix, fm);
                    }
                }
            }
            continue;
        }
        match io.p.mkdir(dir, 0o777) {
            Ok(()) => {
                if let Some(fm) = final_mode {
                    let _ = io.p.chmod(dir, fm);
                }
                if a.has('v') {
                    io.out(&format!("mkdir: created directory {}\n", q(dir)));
                }
            }
            Err(e) => {
                io.err(&format!("{} {}: {}", cant(&io, "create directory"), quoted(&io, dir), strerror(e))).await;
                status = 1;
            }
        }
    }
    io.finish(status).await
}

/// `rmdir [-p] [-v] DIRECTORY...`.
pub async fn rmdir(mut io: Io) -> i32 {
    let spec = Spec { short: "pv", long: &[("parents", HasArg::No, 'p'), ("verbose", HasArg::No, 'v'), ("ignore-fail-on-non-empty", HasArg::No, 'I')], stop_at_operand: false };
    let a = match io.args(&spec, "[OPTION]... DIRECTORY...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    if a.operands.is_empty() {
        return io.usage("missing operand", 1).await;
    }
    let mut status = 0;
    for dir in &a.operands {
        let mut cur = dir.trim_end_matches('/').to_string();
        loop {
            if a.has('v') {
                io.out(&format!("rmdir: removing directory, {}\n", q(&cur)));
            }
            match io.p.rmdir(&cur) {
                Ok(()) => {}
                Err(Errno::ENOTEMPTY) if a.has('I') => break,
                Err(e) => {
                    io.err(&format!("failed to remove {}: {}", q(&cur), strerror(e))).await;
                    status = 1;
                    break;
                }
            }
            if !a.has('p') {
                break;
            }
            match cur.rfind('/') {
                Some(i) if i > 0 => cur.truncate(i),
                _ => break,
            }
        }
    }
    io.finish(status).await
}

/// Parses `touch -d`'s dates: `@SECONDS`, `YYYY-MM-DD[ HH:MM[:SS]]`.
fn parse_date(s: &str) -> Option<i64> {
    if let Some(n) = s.strip_prefix('@') {
        return n.parse().ok();
    }
    let (date, time) = s.split_once([' ', 'T']).unwrap_or((s, "00:00:00"));
    let d: Vec<u32> = date.split('-').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    let t: Vec<u32> = time.split(':').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    match (d.as_slice(), t.as_slice()) {
        ([y, m, day], [h, mi, rest @ ..]) if (1..=12).contains(m) && (1..=31).contains(day) => Some(timegm(*y as i64, *m, *day, *h, *mi, rest.first().copied().unwrap_or(0))),
        _ => None,
    }
}

/// Parses `touch -t [[CC]YY]MMDDhhmm[.ss]`.
fn parse_stamp(s: &str, now_year: i64) -> Option<i64> {
    let (main, secs) = s.split_once('.').map_or((s, 0), |(m, ss)| (m, ss.parse().unwrap_or(0)));
    if !main.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| main.get(r).and_then(|x| x.parse::<u32>().ok());
    let (year, rest) = match main.len() {
        8 => (now_year, 0),
        10 => (2000 + n(0..2)? as i64, 2),
        12 => (n(0..4)? as i64, 4),
        _ => return None,
    };
    Some(timegm(year, n(rest..rest + 2)?, n(rest + 2..rest + 4)?, n(rest + 4..rest + 6)?, n(rest + 6..rest + 8)?, secs))
}

/// `touch [-c] [-d DATE|-t STAMP|-r FILE] FILE...`.
pub async fn touch(mut io: Io) -> i32 {
    let spec = Spec {
        short: "acd:fmr:t:h",
        long: &[("no-create", HasArg::No, 'c'), ("date", HasArg::Required, 'd'), ("reference", HasArg::Required, 'r'), ("no-dereference", HasArg::No, 'h')],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... FILE...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    if a.operands.is_empty() {
        return io.usage("missing file operand", 1).await;
    }
    let now = io.p.now() / 1_000_000_000;
    let mut when = now;
    if let Some(d) = a.value('d') {
        match parse_date(d) {
            Some(t) => when = t,
            None => {
                io.err(&format!("invalid date format {}", ql(d))).await;
                return 1;
            }
        }
    }
    if let Some(t) = a.value('t') {
        match parse_stamp(t, super::timefmt::gmtime(now).year) {
            Some(t) => when = t,
            None => {
                io.err(&format!("invalid date format {}", ql(t))).await;
                return 1;
            }
        }
    }
    if let Some(r) = a.value('r') {
        match io.p.stat(r) {
            Ok(st) => when = st.mtime,
            Err(e) => {
                io.err(&format!("failed to get attributes of {}: {}", q(r), strerror(e))).await;
                return 1;
            }
        }
    }
    let mut status = 0;
    for f in &a.operands {
        if io.p.stat(f).is_err() {
            if a.has('c') {
                continue;
            }
            let flags = OpenFlags { write: true, create: true, ..OpenFlags::default() };
            match io.p.open(f, flags, 0o666) {
                Ok(fd) => {
                    let _ = io.p.close(fd);
                }
                Err(e) => {
                    let msg = if io.busybox() { format!("{f}: {}", strerror(e)) } else { format!("cannot touch {}: {}", q(f), strerror(e)) };
                    io.err(&msg).await;
                    status = 1;
                    continue;
                }
            }
        }
        if let Err(e) = io.p.set_mtime(f, when) {
            io.err(&format!("setting times of {}: {}", q(f), strerror(e))).await;
            status = 1;
        }
    }
    io.finish(status).await
}

/// What `rm` was asked to do.
struct RmOpts {
    recursive: bool,
    force: bool,
    verbose: bool,
    dir: bool,
}

/// Removes `path` (recursively if asked); returns false if anything failed.
async fn remove(io: &mut Io, path: &str, o: &RmOpts) -> bool {
    let st = match io.p.lstat(path) {
        Ok(st) => st,
        Err(e) => {
            if !(o.force && e == Errno::ENOENT) {
                io.err(&format!("{} {}: {}", cant(io, "remove"), q(path), strerror(e))).await;
                return false;
            }
            return true;
        }
    };
    if st.kind == FileKind::Dir {
        if !o.recursive && !o.dir {
            let msg = if io.busybox() { format!("'{path}' is a directory") } else { format!("cannot remove {}: {}", q(path), strerror(Errno::EISDIR)) };
            io.err(&msg).await;
            return false;
        }
        let mut ok = true;
        if o.recursive {
            let entries = match io.p.read_dir(path) {
                Ok(e) => e,
                Err(e) => {
                    io.err(&format!("{} {}: {}", cant(io, "remove"), q(path), strerror(e))).await;
                    return false;
                }
            };
            for e in entries {
                let child = join(path, &e.name);
                ok &= Box::pin(remove(io, &child, o)).await;
                let _ = io.p.checkpoint().await;
            }
        }
        if !ok {
            return false;
        }
        return match io.p.rmdir(path) {
            Ok(()) => {
                if o.verbose {
                    io.out(&format!("removed directory {}\n", q(path)));
                }
                true
            }
            Err(e) => {
                io.err(&format!("{} {}: {}", cant(io, "remove"), q(path), strerror(e))).await;
                false
            }
        };
    }
    match io.p.unlink(path) {
        Ok(()) => {
            if o.verbose {
                io.out(&format!("removed {}\n", q(path)));
            }
            true
        }
        Err(e) => {
            io.err(&format!("{} {}: {}", cant(io, "remove"), q(path), strerror(e))).await;
            false
        }
    }
}

/// `rm [-rfvd] FILE...`; refuses `/` when recursive, and `.`/`..`.
pub async fn rm(mut io: Io) -> i32 {
    let spec = Spec {
        short: "fiIrRdv",
        long: &[
            ("force", HasArg::No, 'f'),
            ("recursive", HasArg::No, 'r'),
            ("dir", HasArg::No, 'd'),
            ("verbose", HasArg::No, 'v'),
            ("interactive", HasArg::Optional, 'i'),
            ("no-preserve-root", HasArg::No, 'N'),
            ("preserve-root", HasArg::Optional, 'P'),
            ("one-file-system", HasArg::No, 'x'),
        ],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [FILE]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let o = RmOpts { recursive: a.has('r') || a.has('R'), force: a.has('f'), verbose: a.has('v'), dir: a.has('d') };
    if a.operands.is_empty() {
        if o.force {
            return 0;
        }
        return io.usage("missing operand", 1).await;
    }
    let mut status = 0;
    for f in &a.operands {
        let base = super::util::basename(f);
        if o.recursive && (base == "." || base == "..") {
            io.err(&format!("refusing to remove '.' or '..' directory: skipping {}", q(f))).await;
            status = 1;
            continue;
        }
        if o.recursive && !a.has('N') && io.p.realpath(f).ok().as_deref() == Some("/") {
            if f == "/" {
                io.err(&format!("it is dangerous to operate recursively on {}", q("/"))).await;
            } else {
                io.err(&format!("it is dangerous to operate recursively on {} (same as {})", q(f), q("/"))).await;
            }
            io.err("use --no-preserve-root to override this failsafe").await;
            status = 1;
            continue;
        }
        if !remove(&mut io, f, &o).await {
            status = 1;
        }
    }
    io.finish(status).await
}

/// "cannot VERB" in GNU's words, "can't VERB" in BusyBox's.
fn cant(io: &Io, verb: &str) -> String {
    if io.busybox() { format!("can't {verb}") } else { format!("cannot {verb}") }
}

/// A name in GNU mkdir's curly quotes, or BusyBox's plain ones.
fn quoted(io: &Io, name: &str) -> String {
    if io.busybox() { format!("'{name}'") } else { ql(name) }
}
