//! Changing permissions and owners: `chmod`, `chown`, `chgrp`.

use wharf_engine::fs::FileKind;

use super::args::{HasArg, Spec};
use super::mode;
use super::util::{self, join, q, ql, strerror, Io};

/// Takes a leading-dash mode (`chmod -x f`) out of the arguments before getopt sees it.
fn take_dash_mode(argv: &mut Vec<String>) -> Option<String> {
    let i = argv.iter().position(|a| a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| "rwxXstugoa=+-,0123456789".contains(c)) && !a[1..].chars().all(|c| c.is_ascii_digit()))?;
    Some(argv.remove(i))
}

/// `chmod [-R] [-v] [-c] [-f] MODE FILE...`.
pub async fn chmod(mut io: Io) -> i32 {
    let dash_mode = take_dash_mode(&mut io.argv);
    let spec = Spec { short: "Rcfv", long: &[("recursive", HasArg::No, 'R'), ("changes", HasArg::No, 'c'), ("silent", HasArg::No, 'f'), ("quiet", HasArg::No, 'f'), ("verbose", HasArg::No, 'v')], stop_at_operand: false };
    let a = match io.args(&spec, "[OPTION]... MODE[,MODE]... FILE...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let mut ops = a.operands.clone();
    if let Some(m) = dash_mode {
        ops.insert(0, m);
    }
    let Some(spec_mode) = ops.first().cloned() else {
        return io.usage("missing operand", 1).await;
    };
    if ops.len() == 1 {
        return io.usage(&format!("missing operand after {}", ql(&spec_mode)), 1).await;
    }
    if mode::apply(&spec_mode, 0o644, false, 0).is_none() {
        return io.usage(&format!("invalid mode: {}", ql(&spec_mode)), 1).await;
    }
    let umask = io.p.umask();
    let mut status = 0;
    let mut todo: Vec<(String, bool)> = ops[1..].iter().map(|f| (f.clone(), true)).collect();
    while let Some((f, top)) = todo.pop() {
        let st = match if top { io.p.stat(&f) } else { io.p.lstat(&f) } {
            Ok(s) => s,
            Err(e) => {
                if !a.has('f') {
                    io.err(&format!("cannot access {}: {}", q(&f), strerror(e))).await;
                }
                status = 1;
                continue;
            }
        };
        if st.kind == FileKind::Symlink {
            continue;
        }
        let new = mode::apply(&spec_mode, st.mode, st.kind == FileKind::Dir, umask).unwrap_or(st.mode);
        if let Err(e) = io.p.chmod(&f, new) {
            if !a.has('f') {
                io.err(&format!("changing permissions of {}: {}", q(&f), strerror(e))).await;
            }
            status = 1;
        } else if a.has('v') || (a.has('c') && new != st.mode) {
            let (o, n) = (mode::mode_string(st.kind, st.mode), mode::mode_string(st.kind, new));
            if new == st.mode {
                io.out(&format!("mode of {} retained as {:04o} ({})\n", q(&f), new, &n[1..]));
            } else {
                io.out(&format!("mode of {} changed from {:04o} ({}) to {:04o} ({})\n", q(&f), st.mode, &o[1..], new, &n[1..]));
            }
        }
        if a.has('R') && st.kind == FileKind::Dir {
            for e in io.p.read_dir(&f).unwrap_or_default().into_iter().rev() {
                todo.push((join(&f, &e.name), false));
            }
        }
        let _ = io.p.checkpoint().await;
    }
    io.finish(status).await
}

/// Resolves `chown`'s `USER[:GROUP]` (also `USER:` for the login group, `:GROUP`).
async fn owner_spec(io: &mut Io, spec: &str, group_only: bool) -> Result<(Option<u32>, Option<u32>), i32> {
    let users = util::passwd(&io.p).await;
    let groups = util::groups(&io.p).await;
    let find_group = |g: &str| groups.iter().find(|x| x.name == g).map(|x| x.gid).or_else(|| g.parse().ok());
    if group_only {
        return match find_group(spec) {
            Some(g) => Ok((None, Some(g))),
            None => {
                io.err(&format!("invalid group: {}", ql(spec))).await;
                Err(1)
            }
        };
    }
    let (user, group) = match spec.split_once([':', '.']) {
        Some((u, g)) => (u, Some(g)),
        None => (spec, None),
    };
    let mut uid = None;
    let mut login_gid = None;
    if !user.is_empty() {
        match users.iter().find(|u| u.name == user) {
            Some(u) => {
                uid = Some(u.uid);
                login_gid = Some(u.gid);
            }
            None => match user.parse::<u32>() {
                Ok(n) => {
                    uid = Some(n);
                    login_gid = users.iter().find(|u| u.uid == n).map(|u| u.gid);
                }
                Err(_) => {
                    io.err(&format!("invalid user: {}", ql(spec))).await;
                    return Err(1);
                }
            },
        }
    }
    let gid = match group {
        None => None,
        Some("") => login_gid,
        Some(g) => match find_group(g) {
            Some(x) => Some(x),
            None => {
                io.err(&format!("invalid group: {}", ql(spec))).await;
                return Err(1);
            }
        },
    };
    Ok((uid, gid))
}

async fn chown_impl(mut io: Io, group_only: bool) -> i32 {
    let spec = Spec {
        short: "RcfvhHLP",
        long: &[("recursive", HasArg::No, 'R'), ("changes", HasArg::No, 'c'), ("silent", HasArg::No, 'f'), ("verbose", HasArg::No, 'v'), ("no-dereference", HasArg::No, 'h'), ("dereference", HasArg::No, 'D')],
        stop_at_operand: false,
    };
    let usage = if group_only { "[OPTION]... GROUP FILE..." } else { "[OPTION]... [OWNER][:[GROUP]] FILE..." };
    let a = match io.args(&spec, usage, 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let Some(who) = a.operands.first().cloned() else {
        return io.usage("missing operand", 1).await;
    };
    if a.operands.len() == 1 {
        return io.usage(&format!("missing operand after {}", ql(&who)), 1).await;
    }
    let (uid, gid) = match owner_spec(&mut io, &who, group_only).await {
        Ok(x) => x,
        Err(c) => return c,
    };
    let mut status = 0;
    let mut todo: Vec<(String, bool)> = a.operands[1..].iter().rev().map(|f| (f.clone(), true)).collect();
    while let Some((f, top)) = todo.pop() {
        let st = match io.p.lstat(&f) {
            Ok(s) => s,
            Err(e) if io.busybox() => {
                io.err(&format!("{f}: {}", strerror(e))).await;
                status = 1;
                continue;
            }
            Err(e) => {
                io.err(&format!("cannot access {}: {}", q(&f), strerror(e))).await;
                status = 1;
                continue;
            }
        };
        // Without -h, the command line's symlinks are followed (their targets change).
        let target = if st.kind == FileKind::Symlink && top && !a.has('h') && !a.has('R') { io.p.realpath(&f).unwrap_or(f.clone()) } else { f.clone() };
        if let Err(e) = io.p.lchown(&target, uid, gid) {
            if io.busybox() {
                io.err(&format!("{f}: {}", strerror(e))).await;
                status = 1;
                continue;
            }
            let what = if group_only { "changing group of" } else { "changing ownership of" };
            io.err(&format!("{what} {}: {}", q(&f), strerror(e))).await;
            status = 1;
        } else if a.has('v') {
            io.out(&format!("ownership of {} retained as {}\n", q(&f), who));
        }
        if a.has('R') && st.kind == FileKind::Dir {
            for e in io.p.read_dir(&f).unwrap_or_default().into_iter().rev() {
                todo.push((join(&f, &e.name), false));
            }
        }
        let _ = io.p.checkpoint().await;
    }
    io.finish(status).await
}

/// `chown [-R] [-h] OWNER[:GROUP] FILE...`.
pub async fn chown(io: Io) -> i32 {
    chown_impl(io, false).await
}

/// `chgrp [-R] GROUP FILE...`.
pub async fn chgrp(io: Io) -> i32 {
    chown_impl(io, true).await
}
