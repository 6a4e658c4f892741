//! Tiny stand-ins for the busybox applets the shell tests call (the real userland is written
//! elsewhere); they print busybox's messages for the cases the tests use.

use crate::errno::Errno;
use crate::program::Programs;
use crate::sys::{OpenFlags, Proc};

/// The stand-ins, installed in `/bin`.
pub const NAMES: [&str; 11] = ["cat", "sleep", "head", "yes", "wc", "ls", "env", "touch", "rm", "mkdir", "chmod"];

async fn copy(p: &Proc, fd: i32) -> Result<(), Errno> {
    let mut buf = vec![0u8; 4096];
    loop {
        let n = p.read(fd, &mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        p.write_all(1, &buf[..n]).await?;
    }
}

async fn cat(p: Proc) -> i32 {
    let args: Vec<String> = p.argv().into_iter().skip(1).collect();
    if args.is_empty() {
        return match copy(&p, 0).await {
            Ok(()) => 0,
            Err(e) => {
                p.eprint(&format!("cat: read error: {e}\n")).await;
                1
            }
        };
    }
    let mut status = 0;
    for a in args {
        if a == "-" {
            let _ = copy(&p, 0).await;
            continue;
        }
        match p.open(&a, OpenFlags::READ, 0) {
            Ok(fd) => {
                let _ = copy(&p, fd).await;
                let _ = p.close(fd);
            }
            Err(e) => {
                p.eprint(&format!("cat: can't open '{a}': {e}\n")).await;
                status = 1;
            }
        }
    }
    status
}

async fn sleep(p: Proc) -> i32 {
    let secs: f64 = p.argv().get(1).and_then(|s| s.parse().ok()).unwrap_or(0.0);
    let _ = p.sleep((secs * 1e9) as i64).await;
    0
}

async fn head(p: Proc) -> i32 {
    let argv = p.argv();
    let n: usize = match argv.get(1).map(String::as_str) {
        Some("-n") => argv.get(2).and_then(|s| s.parse().ok()).unwrap_or(10),
        Some(a) if a.starts_with('-') => a[1..].parse().unwrap_or(10),
        _ => 10,
    };
    let mut left = n;
    let mut byte = [0u8; 1];
    while left > 0 {
        match p.read(0, &mut byte).await {
            Ok(1) => {
                if p.write_all(1, &byte).await.is_err() {
                    return 1;
                }
                if byte[0] == b'\n' {
                    left -= 1;
                }
            }
            _ => break,
        }
    }
    0
}

async fn yes(p: Proc) -> i32 {
    let word = p.argv().get(1).cloned().unwrap_or_else(|| "y".into());
    let line = format!("{word}\n");
    loop {
        if p.write_all(1, line.as_bytes()).await.is_err() {
            return 1;
        }
        let _ = p.checkpoint().await;
    }
}

async fn wc(p: Proc) -> i32 {
    let data = p.read_to_end(0).await.unwrap_or_default();
    let lines = data.iter().filter(|&&b| b == b'\n').count();
    p.print(&format!("{lines}\n")).await;
    0
}

async fn ls(p: Proc) -> i32 {
    let dir = p.argv().get(1).cloned().unwrap_or_else(|| ".".into());
    match p.read_dir(&dir) {
        Ok(entries) => {
            let names: String = entries.into_iter().filter(|e| !e.name.starts_with('.')).map(|e| format!("{}\n", e.name)).collect();
            p.print(&names).await;
            0
        }
        Err(e) => {
            p.eprint(&format!("ls: {dir}: {e}\n")).await;
            1
        }
    }
}

async fn env(p: Proc) -> i32 {
    let text: String = p.env().into_iter().map(|kv| format!("{kv}\n")).collect();
    p.print(&text).await;
    0
}

async fn touch(p: Proc) -> i32 {
    for a in p.argv().into_iter().skip(1) {
        if let Ok(fd) = p.open(&a, OpenFlags { write: true, create: true, ..OpenFlags::default() }, 0o666) {
            let _ = p.close(fd);
        }
    }
    0
}

async fn rm(p: Proc) -> i32 {
    for a in p.argv().into_iter().skip(1).filter(|a| !a.starts_with('-')) {
        let _ = p.unlink(&a);
    }
    0
}

async fn mkdir(p: Proc) -> i32 {
    let mut status = 0;
    for a in p.argv().into_iter().skip(1).filter(|a| !a.starts_with('-')) {
        if let Err(e) = p.mkdir(&a, 0o777) {
            p.eprint(&format!("mkdir: can't create directory '{a}': {e}\n")).await;
            status = 1;
        }
    }
    status
}

async fn chmod(p: Proc) -> i32 {
    let argv = p.argv();
    let Some(mode) = argv.get(1).and_then(|m| u32::from_str_radix(m, 8).ok()) else { return 1 };
    let mut status = 0;
    for a in &argv[2..] {
        if p.chmod(a, mode).is_err() {
            status = 1;
        }
    }
    status
}

/// Registers the stand-ins.
pub fn register(progs: &mut Programs) {
    progs.register("cat", |p| Box::pin(cat(p)));
    progs.register("sleep", |p| Box::pin(sleep(p)));
    progs.register("head", |p| Box::pin(head(p)));
    progs.register("yes", |p| Box::pin(yes(p)));
    progs.register("wc", |p| Box::pin(wc(p)));
    progs.register("ls", |p| Box::pin(ls(p)));
    progs.register("env", |p| Box::pin(env(p)));
    progs.register("touch", |p| Box::pin(touch(p)));
    progs.register("rm", |p| Box::pin(rm(p)));
    progs.register("mkdir", |p| Box::pin(mkdir(p)));
    progs.register("chmod", |p| Box::pin(chmod(p)));
}
