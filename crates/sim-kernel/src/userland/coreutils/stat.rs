//! Asking about one name: `stat`, `readlink`, `realpath`.

use wharf_engine::fs::FileKind;

use super::args::{HasArg, Spec};
use super::mode::mode_string;
use super::timefmt::{gmtime, strftime};
use super::util::{self, q, strerror, Io};
use crate::errno::Errno;

fn kind_name(kind: FileKind, size: u64) -> &'static str {
    match kind {
        FileKind::File if size == 0 => "regular empty file",
        FileKind::File => "regular file",
        FileKind::Dir => "directory",
        FileKind::Symlink => "symbolic link",
        FileKind::CharDevice => "character special file",
        FileKind::BlockDevice => "block special file",
        FileKind::Fifo => "fifo",
        FileKind::Socket => "socket",
    }
}

/// `stat [-L] [-c FORMAT] FILE...`.
pub async fn stat(mut io: Io) -> i32 {
    let spec = Spec { short: "Lc:t", long: &[("dereference", HasArg::No, 'L'), ("format", HasArg::Required, 'c'), ("terse", HasArg::No, 't')], stop_at_operand: false };
    let a = match io.args(&spec, "[OPTION]... FILE...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    if a.operands.is_empty() {
        return io.usage("missing operand", 1).await;
    }
    let users = util::passwd(&io.p).await;
    let groups = util::groups(&io.p).await;
    let mut status = 0;
    for f in &a.operands {
        let st = match if a.has('L') { io.p.stat(f) } else { io.p.lstat(f) } {
            Ok(s) => s,
            Err(e) => {
                io.err(&format!("cannot statx {}: {}", q(f), strerror(e))).await;
                status = 1;
                continue;
            }
        };
        let size = if st.kind == FileKind::Dir && st.ino != 0 && st.size == 0 { 4096 } else { st.size };
        let blocks = super::walk::blocks_kib(st.kind, size) * 2;
        let nlink = if st.kind == FileKind::Dir { super::walk::dir_nlink(&io.p, f) } else { st.nlink };
        let ms = mode_string(st.kind, st.mode);
        let user = util::user_name(&users, st.uid);
        let group = util::group_name(&groups, st.gid);
        let time = strftime("%Y-%m-%d %H:%M:%S.000000000 +0000", &gmtime(st.mtime), 0);
        if let Some(fmt) = a.value('c') {
            let mut out = String::new();
            let mut chars = fmt.chars();
            while let Some(c) = chars.next() {
                if c != '%' {
                    out.push(c);
                    continue;
                }
                match chars.next() {
                    Some('n') => out.push_str(f),
                    Some('s') => out.push_str(&size.to_string()),
                    Some('a') => out.push_str(&format!("{:o}", st.mode)),
                    Some('A') => out.push_str(&ms),
                    Some('u') => out.push_str(&st.uid.to_string()),
                    Some('U') => out.push_str(&user),
                    Some('g') => out.push_str(&st.gid.to_string()),
                    Some('G') => out.push_str(&group),
                    Some('i') => out.push_str(&st.ino.to_string()),
                    Some('h') => out.push_str(&nlink.to_string()),
                    Some('F') => out.push_str(kind_name(st.kind, size)),
                    Some('Y') => out.push_str(&st.mtime.to_string()),
                    Some('y') => out.push_str(&time),
                    Some('%') => out.push('%'),
                    Some(o) => {
                        out.push('?');
                        let _ = o;
                    }
                    None => out.push('%'),
                }
            }
            io.out(&format!("{out}\n"));
            continue;
        }
        let name = match st.kind {
            FileKind::Symlink => format!("{f} -> {}", io.p.readlink(f).unwrap_or_default()),
            _ => f.clone(),
        };
        let dev = if st.kind == FileKind::CharDevice { format!("     Device type: {},{}", st.rdev.0, st.rdev.1) } else { String::new() };
        io.out(&format!(
            "  File: {name}\n  Size: {size:<10}\tBlocks: {blocks:<10} IO Block: 4096   {}\nDevice: 8,1\tInode: {:<11} Links: {}{dev}\nAccess: ({:04o}/{ms})  Uid: ({:>5}/{:>8})   Gid: ({:>5}/{:>8})\nAccess: {time}\nModify: {time}\nChange: {time}\n Birth: -\n",
            kind_name(st.kind, size),
            st.ino,
            nlink,
            st.mode,
            st.uid,
            user,
            st.gid,
            group,
        ));
    }
    io.finish(status).await
}

/// `readlink [-f|-e|-m] [-n] FILE...`.
pub async fn readlink(mut io: Io) -> i32 {
    let spec = Spec {
        short: "femnqsvz",
        long: &[("canonicalize", HasArg::No, 'f'), ("canonicalize-existing", HasArg::No, 'e'), ("canonicalize-missing", HasArg::No, 'm'), ("no-newline", HasArg::No, 'n')],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... FILE...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    if a.operands.is_empty() {
        return io.usage("missing operand", 1).await;
    }
    let mut status = 0;
    for f in &a.operands {
        let r = if a.has('f') || a.has('m') {
            canonical(&io, f, false)
        } else if a.has('e') {
            canonical(&io, f, true)
        } else {
            io.p.readlink(f)
        };
        match r {
            Ok(s) => io.out(&format!("{s}{}", if a.has('n') && a.operands.len() == 1 { "" } else { "\n" })),
            Err(_) => status = 1,
        }
    }
    io.finish(status).await
}

/// `realpath`'s resolution: every component that exists is resolved; with `must_exist` the
/// whole path must, else only its directory.
fn canonical(io: &Io, path: &str, must_exist: bool) -> Result<String, Errno> {
    match io.p.realpath(path) {
        Ok(r) => Ok(r),
        Err(e) if must_exist => Err(e),
        Err(e) => {
            let dir = super::simple::dirname_of(path);
            let base = util::basename(path);
            let d = io.p.realpath(&dir).map_err(|_| e)?;
            if io.p.stat(&d).is_ok_and(|s| s.kind != FileKind::Dir) {
                return Err(Errno::ENOTDIR);
            }
            Ok(util::join(&d, base))
        }
    }
}

/// `realpath [-e|-m] [-s] FILE...`.
pub async fn realpath(mut io: Io) -> i32 {
    let spec = Spec { short: "emqsLPz", long: &[("canonicalize-existing", HasArg::No, 'e'), ("canonicalize-missing", HasArg::No, 'm'), ("quiet", HasArg::No, 'q')], stop_at_operand: false };
    let a = match io.args(&spec, "[OPTION]... FILE...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    if a.operands.is_empty() {
        return io.usage("missing operand", 1).await;
    }
    let mut status = 0;
    for f in &a.operands {
        match canonical(&io, f, a.has('e')) {
            Ok(s) => io.out(&format!("{s}\n")),
            Err(e) => {
                if !a.has('q') {
                    io.err(&format!("{f}: {}", strerror(e))).await;
                }
                status = 1;
            }
        }
    }
    io.finish(status).await
}
