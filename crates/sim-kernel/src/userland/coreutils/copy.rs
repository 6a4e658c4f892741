//! Copying, moving and linking: `cp`, `mv` (copy and delete across filesystems), `ln`.

use wharf_engine::fs::FileKind;

use super::args::{HasArg, Spec};
use super::util::{basename, join, q, strerror, Io};
use crate::errno::Errno;
use crate::sys::{OpenFlags, Stat};

/// How `cp` copies.
#[derive(Clone, Copy, Default)]
struct CpOpts {
    recursive: bool,
    /// Copy symlinks as symlinks (`-d`, `-P`, `-a`, or `-r` without `-L`).
    no_deref: bool,
    /// Keep mode, owner and times (`-p`, `-a`).
    preserve: bool,
    no_clobber: bool,
    verbose: bool,
    force: bool,
}

/// Whether `inner` is `outer` or inside it (both resolved).
fn inside(inner: &str, outer: &str) -> bool {
    inner == outer || (inner.starts_with(outer) && (outer == "/" || inner[outer.len()..].starts_with('/')))
}

async fn copy_file_data(io: &mut Io, src: &str, dst: &str, st: &Stat) -> Result<(), Errno> {
    let data = io.p.read_file(src).await?;
    let flags = OpenFlags { write: true, create: true, truncate: true, ..OpenFlags::default() };
    let fd = io.p.open(dst, flags, st.mode & 0o777)?;
    let r = io.p.write_all(fd, &data).await;
    let _ = io.p.close(fd);
    r
}

fn preserve(io: &Io, dst: &str, st: &Stat, o: &CpOpts) {
    if !o.preserve {
        return;
    }
    if st.kind != FileKind::Symlink {
        let _ = io.p.chmod(dst, st.mode);
        let _ = io.p.set_mtime(dst, st.mtime);
    }
    if io.p.uid() == 0 {
        let _ = io.p.lchown(dst, Some(st.uid), Some(st.gid));
    }
}

/// Copies `src` to `dst` (the final name); false if anything failed.
async fn copy(io: &mut Io, src: &str, dst: &str, o: &CpOpts, top: bool) -> bool {
    let st = if o.no_deref || (!top && o.recursive) { io.p.lstat(src) } else { io.p.stat(src) };
    let st = match st {
        Ok(s) => s,
        Err(e) => {
            io.err(&format!("cannot stat {}: {}", q(src), strerror(e))).await;
            return false;
        }
    };
    let existing = io.p.lstat(dst).ok();
    if let (Some(d), Ok(s_real), Ok(d_real)) = (&existing, io.p.realpath(src), io.p.realpath(dst)) {
        if s_real == d_real && d.kind != FileKind::Dir {
            io.err(&format!("{} and {} are the same file", q(src), q(dst))).await;
            return false;
        }
    }
    if o.no_clobber && existing.is_some() && st.kind != FileKind::Dir {
        return true;
    }
    let result = match st.kind {
        FileKind::Dir => {
            if !o.recursive {
                io.err(&format!("-r not specified; omitting directory {}", q(src))).await;
                return false;
            }
            match &existing {
                Some(d) if d.kind == FileKind::Dir => Ok(()),
                Some(_) => {
                    io.err(&format!("cannot overwrite non-directory {} with directory {}", q(dst), q(src))).await;
                    return false;
                }
                None => io.p.mkdir(dst, st.mode | 0o700),
            }
        }
        FileKind::Symlink => {
            let target = io.p.readlink(src).unwrap_or_default();
            if existing.is_some() {
                let _ = io.p.unlink(dst);
            }
            io.p.symlink(&target, dst)
        }
        FileKind::CharDevice | FileKind::BlockDevice | FileKind::Fifo if o.recursive => {
            if existing.is_some() {
                let _ = io.p.unlink(dst);
            }
            io.p.mknod(dst, st.kind, st.mode, st.rdev)
        }
        _ => {
            let mut r = copy_file_data(io, src, dst, &st).await;
            if r == Err(Errno::EACCES) && o.force && existing.is_some() {
                let _ = io.p.unlink(dst);
                r = copy_file_data(io, src, dst, &st).await;
            }
            r
        }
    };
    if let Err(e) = result {
        let what = if st.kind == FileKind::Dir { "cannot create directory" } else { "cannot create regular file" };
        io.err(&format!("{what} {}: {}", q(dst), strerror(e))).await;
        return false;
    }
    if o.verbose {
        io.out(&format!("{} -> {}\n", q(src), q(dst)));
    }
    let mut ok = true;
    if st.kind == FileKind::Dir {
        let entries = io.p.read_dir(src).unwrap_or_default();
        for e in entries {
            ok &= Box::pin(copy(io, &join(src, &e.name), &join(dst, &e.name), o, false)).await;
            let _ = io.p.checkpoint().await;
        }
        let mode = if o.preserve { st.mode } else { st.mode & !io.p.umask() };
        if existing.is_none() {
            let _ = io.p.chmod(dst, mode);
        }
    }
    preserve(io, dst, &st, o);
    ok
}

/// Sorts operands into sources and a destination per `cp`/`mv`/`ln` rules: with several
/// sources, or a destination that is a directory, each lands inside it.
async fn targets(io: &mut Io, ops: &[String], no_target_dir: bool) -> Result<Vec<(String, String)>, i32> {
    match ops {
        [] => Err(io.usage("missing file operand", 1).await),
        [one] => Err(io.usage(&format!("missing destination file operand after {}", q(one)), 1).await),
        _ => {
            let (dst, srcs) = ops.split_last().ok_or(1)?;
            let dst_is_dir = !no_target_dir && io.p.stat(dst).is_ok_and(|s| s.kind == FileKind::Dir);
            if srcs.len() > 1 && !dst_is_dir {
                if no_target_dir {
                    return Err(io.usage(&format!("extra operand {}", q(&ops[2])), 1).await);
                }
                io.err(&format!("target {} is not a directory", q(dst))).await;
                return Err(1);
            }
            Ok(srcs.iter().map(|s| (s.clone(), if dst_is_dir { join(dst, basename(s)) } else { dst.clone() })).collect())
        }
    }
}

/// `cp [-r] [-a] [-p] [-f] [-n] [-v] [-d] [-L] SOURCE... DEST`.
pub async fn cp(mut io: Io) -> i32 {
    let spec = Spec {
        short: "aRrpfnvdLPHT",
        long: &[
            ("archive", HasArg::No, 'a'),
            ("recursive", HasArg::No, 'r'),
            ("preserve", HasArg::Optional, 'p'),
            ("force", HasArg::No, 'f'),
            ("no-clobber", HasArg::No, 'n'),
            ("verbose", HasArg::No, 'v'),
            ("dereference", HasArg::No, 'L'),
            ("no-dereference", HasArg::No, 'P'),
            ("no-target-directory", HasArg::No, 'T'),
        ],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [-T] SOURCE DEST", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let recursive = a.has('r') || a.has('R') || a.has('a');
    let o = CpOpts {
        recursive,
        no_deref: a.has('a') || a.has('d') || a.has('P') || (recursive && !a.has('L')),
        preserve: a.has('a') || a.has('p'),
        no_clobber: a.has('n'),
        verbose: a.has('v'),
        force: a.has('f'),
    };
    let pairs = match targets(&mut io, &a.operands, a.has('T')).await {
        Ok(p) => p,
        Err(c) => return c,
    };
    let mut status = 0;
    for (src, dst) in pairs {
        if let (Ok(s), Ok(d)) = (io.p.realpath(&src), io.p.realpath(super::simple::dirname_of(&dst).as_str())) {
            let d = join(&d, basename(&dst));
            if o.recursive && io.p.stat(&src).is_ok_and(|st| st.kind == FileKind::Dir) && inside(&d, &s) && d != s {
                io.err(&format!("cannot copy a directory, {}, into itself, {}", q(&src), q(&dst))).await;
                status = 1;
                continue;
            }
        }
        if !copy(&mut io, &src, &dst, &o, true).await {
            status = 1;
        }
    }
    io.finish(status).await
}

/// `mv [-f] [-n] [-v] SOURCE... DEST`: `rename(2)`, or copy and remove across filesystems.
pub async fn mv(mut io: Io) -> i32 {
    let spec = Spec {
        short: "finvT",
        long: &[("force", HasArg::No, 'f'), ("interactive", HasArg::No, 'i'), ("no-clobber", HasArg::No, 'n'), ("verbose", HasArg::No, 'v'), ("no-target-directory", HasArg::No, 'T')],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [-T] SOURCE DEST", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let pairs = match targets(&mut io, &a.operands, a.has('T')).await {
        Ok(p) => p,
        Err(c) => return c,
    };
    let mut status = 0;
    for (src, dst) in pairs {
        let st = match io.p.lstat(&src) {
            Ok(s) => s,
            Err(e) => {
                io.err(&format!("cannot stat {}: {}", q(&src), strerror(e))).await;
                status = 1;
                continue;
            }
        };
        if a.has('n') && io.p.lstat(&dst).is_ok() {
            continue;
        }
        if let (Ok(s), Ok(d)) = (io.p.realpath(&src), io.p.realpath(super::simple::dirname_of(&dst).as_str())) {
            let d = join(&d, basename(&dst));
            if st.kind == FileKind::Dir && inside(&d, &s) && d != s {
                io.err(&format!("cannot move {} to a subdirectory of itself, {}", q(&src), q(&dst))).await;
                status = 1;
                continue;
            }
        }
        if let Ok(d) = io.p.lstat(&dst) {
            if d.kind == FileKind::Dir && st.kind != FileKind::Dir {
                io.err(&format!("cannot overwrite directory {} with non-directory", q(&dst))).await;
                status = 1;
                continue;
            }
            if d.kind != FileKind::Dir && st.kind == FileKind::Dir {
                io.err(&format!("cannot overwrite non-directory {} with directory {}", q(&dst), q(&src))).await;
                status = 1;
                continue;
            }
        }
        match io.p.rename(&src, &dst) {
            Ok(()) => {}
            Err(Errno::EXDEV) => {
                let o = CpOpts { recursive: true, no_deref: true, preserve: true, force: true, ..CpOpts::default() };
                if !copy(&mut io, &src, &dst, &o, true).await {
                    status = 1;
                    continue;
                }
                if let Err(e) = super::walk::remove_tree(&io.p, &src).await {
                    io.err(&format!("cannot remove {}: {}", q(&src), strerror(e))).await;
                    status = 1;
                    continue;
                }
            }
            Err(Errno::ENOTEMPTY) | Err(Errno::EEXIST) => {
                io.err(&format!("cannot move {} to {}: {}", q(&src), q(&dst), strerror(Errno::ENOTEMPTY))).await;
                status = 1;
                continue;
            }
            Err(e) => {
                io.err(&format!("cannot move {} to {}: {}", q(&src), q(&dst), strerror(e))).await;
                status = 1;
                continue;
            }
        }
        if a.has('v') {
            io.out(&format!("renamed {} -> {}\n", q(&src), q(&dst)));
        }
    }
    io.finish(status).await
}

/// `ln [-s] [-f] [-n] [-v] TARGET... [LINK_NAME|DIRECTORY]`.
pub async fn ln(mut io: Io) -> i32 {
    let spec = Spec {
        short: "sfnvTr",
        long: &[("symbolic", HasArg::No, 's'), ("force", HasArg::No, 'f'), ("no-dereference", HasArg::No, 'n'), ("verbose", HasArg::No, 'v'), ("no-target-directory", HasArg::No, 'T'), ("relative", HasArg::No, 'r')],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [-T] TARGET LINK_NAME", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let mut ops = a.operands.clone();
    if ops.is_empty() {
        return io.usage("missing file operand", 1).await;
    }
    if ops.len() == 1 {
        ops.push(".".to_string());
    }
    let (dst, srcs) = ops.split_last().map(|(d, s)| (d.clone(), s.to_vec())).unwrap_or_default();
    let follow_dir = !a.has('n') || io.p.lstat(&dst).is_ok_and(|s| s.kind == FileKind::Dir);
    let dst_is_dir = !a.has('T') && follow_dir && io.p.stat(&dst).is_ok_and(|s| s.kind == FileKind::Dir);
    if srcs.len() > 1 && !dst_is_dir {
        io.err(&format!("target {} is not a directory", q(&dst))).await;
        return 1;
    }
    let mut status = 0;
    for src in srcs {
        let link = if dst_is_dir { join(&dst, basename(&src)) } else { dst.clone() };
        if a.has('f') && io.p.lstat(&link).is_ok_and(|s| s.kind != FileKind::Dir) {
            let _ = io.p.unlink(&link);
        }
        let r = if a.has('s') { io.p.symlink(&src, &link) } else { io.p.link(&src, &link) };
        match r {
            Ok(()) => {
                if a.has('v') {
                    io.out(&format!("{} -> {}\n", q(&link), q(&src)));
                }
            }
            Err(e) => {
                if !a.has('s') && io.p.lstat(&src).is_err() {
                    io.err(&format!("failed to access {}: {}", q(&src), strerror(Errno::ENOENT))).await;
                } else {
                    let kind = if a.has('s') { "symbolic" } else { "hard" };
                    io.err(&format!("failed to create {kind} link {}: {}", q(&link), strerror(e))).await;
                }
                status = 1;
            }
        }
    }
    io.finish(status).await
}
