//! Building containers by hand: `unshare`, `nsenter`, `pivot_root` (util-linux) and `chroot`
//! (coreutils).

use super::args::{HasArg, Spec};
use super::util::{self, exec_command, q, ql, Io};
use crate::errno::Errno;
use crate::sys::{CloneFlags, MountFlags};

/// The command to run, or the user's shell (`$SHELL`, else `/bin/sh`) as a login shell, the
/// way util-linux's `exec_shell` starts it.
fn command_or_shell(io: &Io, ops: &[String]) -> Vec<String> {
    if !ops.is_empty() {
        return ops.to_vec();
    }
    let shell = io.p.getenv("SHELL").filter(|s| !s.is_empty()).unwrap_or_else(|| "/bin/sh".into());
    vec![shell.clone(), format!("-{}", util::basename(&shell))]
}

/// Execs `cmd` (a `[path, argv0]` pair when it came from [`command_or_shell`] with no
/// operands) and reports failures util-linux style.
async fn exec_util_linux(io: &mut Io, cmd: Vec<String>, login: bool) -> i32 {
    if login {
        let path = cmd[0].clone();
        return match io.p.exec(&path, vec![cmd[1].clone()], None) {
            Ok(f) => {
                io.flush().await;
                f.await
            }
            Err(e) => {
                io.err(&format!("failed to execute {path}: {}", e.message())).await;
                if e == Errno::ENOENT { 127 } else { 126 }
            }
        };
    }
    exec_command(io, cmd, None, |name, e| format!("failed to execute {name}: {}", e.message())).await
}

/// `unshare [-muinpUCf] [--mount-proc[=DIR]] [-r] [PROGRAM [ARG]...]`.
pub async fn unshare(mut io: Io) -> i32 {
    io.prog = util::basename(&io.prog).to_string();
    let spec = Spec {
        short: "fmuinpUCTrR:w:S:G:c",
        long: &[
            ("mount", HasArg::Optional, 'm'),
            ("uts", HasArg::Optional, 'u'),
            ("ipc", HasArg::Optional, 'i'),
            ("net", HasArg::Optional, 'n'),
            ("pid", HasArg::Optional, 'p'),
            ("user", HasArg::Optional, 'U'),
            ("cgroup", HasArg::Optional, 'C'),
            ("time", HasArg::Optional, 'T'),
            ("fork", HasArg::No, 'f'),
            ("mount-proc", HasArg::Optional, 'P'),
            ("map-root-user", HasArg::No, 'r'),
            ("map-current-user", HasArg::No, 'c'),
            ("kill-child", HasArg::Optional, 'K'),
            ("propagation", HasArg::Required, 'X'),
            ("setgroups", HasArg::Required, 'Y'),
            ("root", HasArg::Required, 'R'),
            ("wd", HasArg::Required, 'w'),
        ],
        stop_at_operand: true,
    };
    let a = match io.args(&spec, "[options] [<program> [<argument>...]]", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let flags = CloneFlags {
        mnt: a.has('m') || a.has('P'),
        uts: a.has('u'),
        ipc: a.has('i'),
        net: a.has('n'),
        pid: a.has('p'),
        user: a.has('U') || a.has('r') || a.has('c'),
        cgroup: a.has('C'),
    };
    if let Err(e) = io.p.unshare(flags) {
        io.err(&format!("unshare failed: {}", e.message())).await;
        return 1;
    }
    let proc_dir = a.has('P').then(|| a.value('P').unwrap_or("/proc").to_string());
    let ops = a.operands.clone();
    let login = ops.is_empty();
    let cmd = command_or_shell(&io, &ops);
    let root = a.value('R').map(str::to_string);
    let wd = a.value('w').map(str::to_string);
    let setup = move |io: &mut Io| -> Result<(), String> {
        if let Some(dir) = &proc_dir {
            io.p.mount("proc", dir, "proc", MountFlags::default()).map_err(|e| format!("mount {dir} failed: {}", e.message()))?;
        }
        if let Some(r) = &root {
            io.p.chroot(r).map_err(|e| format!("cannot change root directory to {r}: {}", e.message()))?;
            io.p.chdir("/").map_err(|e| format!("cannot chdir to '/': {}", e.message()))?;
        }
        if let Some(w) = &wd {
            io.p.chdir(w).map_err(|e| format!("cannot chdir to '{w}': {}", e.message()))?;
        }
        Ok(())
    };
    if !a.has('f') {
        if let Err(msg) = setup(&mut io) {
            io.err(&msg).await;
            return 1;
        }
        return exec_util_linux(&mut io, cmd, login).await;
    }
    io.flush().await;
    let child = io.p.fork(None, move |c| async move {
        let mut io = Io::new(c);
        io.prog = "unshare".into();
        if let Err(msg) = setup(&mut io) {
            io.err(&msg).await;
            return 1;
        }
        exec_util_linux(&mut io, cmd, login).await
    });
    match child {
        Ok(pid) => match io.p.wait(pid).await {
            Ok(status) => status.code(),
            Err(_) => 1,
        },
        Err(e) => {
            io.err(&format!("fork failed: {}", e.message())).await;
            1
        }
    }
}

/// `nsenter -t PID [-m] [-u] [-i] [-n] [-p] [-U] [-C] [-a] [-r] [-w] [-F] [PROGRAM [ARG]...]`.
pub async fn nsenter(mut io: Io) -> i32 {
    io.prog = util::basename(&io.prog).to_string();
    let spec = Spec {
        short: "t:m::u::i::n::p::U::C::T::ar::w::FS:G:",
        long: &[
            ("target", HasArg::Required, 't'),
            ("mount", HasArg::Optional, 'm'),
            ("uts", HasArg::Optional, 'u'),
            ("ipc", HasArg::Optional, 'i'),
            ("net", HasArg::Optional, 'n'),
            ("pid", HasArg::Optional, 'p'),
            ("user", HasArg::Optional, 'U'),
            ("cgroup", HasArg::Optional, 'C'),
            ("all", HasArg::No, 'a'),
            ("root", HasArg::Optional, 'r'),
            ("wd", HasArg::Optional, 'w'),
            ("no-fork", HasArg::No, 'F'),
            ("preserve-credentials", HasArg::No, 'P'),
        ],
        stop_at_operand: true,
    };
    let a = match io.args(&spec, "[options] [<program> [<argument>...]]", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let all = a.has('a');
    let flags = CloneFlags {
        mnt: all || a.has('m'),
        uts: all || a.has('u'),
        ipc: all || a.has('i'),
        net: all || a.has('n'),
        pid: all || a.has('p'),
        user: a.has('U'),
        cgroup: all || a.has('C'),
    };
    let any = flags != CloneFlags::default();
    let target = match a.value('t') {
        Some(t) => match t.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                io.err(&format!("failed to parse pid: '{t}'")).await;
                return 1;
            }
        },
        None => None,
    };
    if let Some(t) = target {
        let names = [(flags.mnt, "mnt"), (flags.uts, "uts"), (flags.ipc, "ipc"), (flags.net, "net"), (flags.pid, "pid"), (flags.user, "user"), (flags.cgroup, "cgroup")];
        if io.p.stat(&format!("/proc/{t}")).is_err() {
            let first = names.iter().find(|n| n.0).map_or("mnt", |n| n.1);
            io.err(&format!("cannot open /proc/{t}/ns/{first}: {}", Errno::ENOENT.message())).await;
            return 1;
        }
        if let Err(e) = io.p.setns(t, flags) {
            let first = names.iter().find(|n| n.0).map_or("mnt", |n| n.1);
            io.err(&format!("reassociate to namespace 'ns/{first}' failed: {}", e.message())).await;
            return 1;
        }
    } else if any {
        let first = if flags.mnt { "mnt" } else if flags.uts { "uts" } else if flags.ipc { "ipc" } else if flags.net { "net" } else { "pid" };
        io.err(&format!("neither filename nor target pid supplied for ns/{first}")).await;
        return 1;
    }
    let ops = a.operands.clone();
    let login = ops.is_empty();
    let cmd = command_or_shell(&io, &ops);
    if !flags.pid || a.has('F') {
        return exec_util_linux(&mut io, cmd, login).await;
    }
    io.flush().await;
    let child = io.p.fork(None, move |c| async move {
        let mut io = Io::new(c);
        io.prog = "nsenter".into();
        exec_util_linux(&mut io, cmd, login).await
    });
    match child {
        Ok(pid) => io.p.wait(pid).await.map(|s| s.code()).unwrap_or(1),
        Err(e) => {
            io.err(&format!("fork failed: {}", e.message())).await;
            1
        }
    }
}

/// `chroot [--skip-chdir] NEWROOT [COMMAND [ARG]...]`; without a command, `$SHELL -i`.
pub async fn chroot(mut io: Io) -> i32 {
    let spec = Spec { short: "", long: &[("userspec", HasArg::Required, 'u'), ("groups", HasArg::Required, 'g'), ("skip-chdir", HasArg::No, 's')], stop_at_operand: true };
    let a = match io.args(&spec, "[OPTION]... NEWROOT [COMMAND [ARG]...]", 125).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let Some(root) = a.operands.first().cloned() else {
        return io.usage("missing operand", 125).await;
    };
    if let Err(e) = io.p.chroot(&root) {
        io.err(&format!("cannot change root directory to {}: {}", q(&root), e.message())).await;
        return 125;
    }
    if !a.has('s') {
        if let Err(e) = io.p.chdir("/") {
            io.err(&format!("cannot chdir to root directory: {}", e.message())).await;
            return 125;
        }
    }
    if let Some(spec) = a.value('u') {
        let users = util::passwd(&io.p).await;
        let (u, g) = spec.split_once(':').unwrap_or((spec, ""));
        let uid = users.iter().find(|x| x.name == u).map(|x| x.uid).or_else(|| u.parse().ok());
        let Some(uid) = uid else {
            io.err(&format!("invalid user {}", ql(u))).await;
            return 125;
        };
        let gid = if g.is_empty() { users.iter().find(|x| x.uid == uid).map_or(uid, |x| x.gid) } else { g.parse().unwrap_or(uid) };
        if let Err(e) = io.p.set_creds(uid, gid, Vec::new()) {
            io.err(&format!("failed to set user-ID: {}", e.message())).await;
            return 125;
        }
    }
    let cmd = if a.operands.len() > 1 {
        a.operands[1..].to_vec()
    } else {
        let shell = io.p.getenv("SHELL").filter(|s| !s.is_empty()).unwrap_or_else(|| "/bin/sh".into());
        vec![shell, "-i".into()]
    };
    exec_command(&mut io, cmd, None, |name, e| format!("failed to run command {}: {}", ql(name), e.message())).await
}

/// `pivot_root NEW_ROOT PUT_OLD`.
pub async fn pivot_root(mut io: Io) -> i32 {
    io.prog = util::basename(&io.prog).to_string();
    let spec = Spec { short: "", long: &[], stop_at_operand: false };
    let a = match io.args(&spec, "[options] new_root put_old", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let [new_root, put_old] = a.operands.as_slice() else {
        return io.usage("bad usage", 1).await;
    };
    match io.p.pivot_root(new_root, put_old) {
        Ok(()) => 0,
        Err(e) => {
            io.err(&format!("failed to change root from `{new_root}' to `{put_old}': {}", e.message())).await;
            1
        }
    }
}
