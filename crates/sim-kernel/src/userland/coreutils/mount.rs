//! `mount` and `umount` (util-linux): list the mount table, mount `proc`, `sysfs`, `tmpfs`,
//! `cgroup2`, bind mounts and read-only remounts, and unmount (`-l` lazily).

use super::util::{strerror, Io};
use crate::errno::Errno;
use crate::sys::MountFlags;

const DMESG: &str = "       dmesg(1) may have more information after failed mount system call.\n";

/// One line of `/proc/self/mounts`.
#[derive(Debug, Clone)]
pub struct MountLine {
    /// Source (`/dev/sda1`, `proc`, `tmpfs`).
    pub source: String,
    /// Mountpoint.
    pub target: String,
    /// Filesystem type.
    pub fstype: String,
    /// Options (`rw,relatime`).
    pub opts: String,
}

/// The caller's mount table, from `/proc/self/mounts`.
pub async fn mounts(io: &Io) -> Vec<MountLine> {
    let data = io.p.read_file("/proc/self/mounts").await.unwrap_or_default();
    String::from_utf8_lossy(&data)
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() >= 4).then(|| MountLine { source: f[0].into(), target: f[1].into(), fstype: f[2].into(), opts: f[3].into() })
        })
        .collect()
}

/// `mount`, `mount [-t TYPE] [-o OPTS] SOURCE DIR`, `mount --bind OLD NEW`,
/// `mount -o remount,ro DIR`.
pub async fn mount(mut io: Io) -> i32 {
    io.prog = "mount".into();
    let mut fstype: Option<String> = None;
    let mut opts: Vec<String> = Vec::new();
    let mut ops: Vec<String> = Vec::new();
    let mut bind = false;
    let args = io.argv.clone();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        let take = |i: &mut usize, inline: Option<&str>| -> Option<String> {
            if let Some(v) = inline.filter(|v| !v.is_empty()) {
                return Some(v.to_string());
            }
            let v = args.get(*i).cloned();
            *i += 1;
            v
        };
        match a.as_str() {
            "-t" | "--types" => fstype = take(&mut i, None),
            "-o" | "--options" => opts.extend(take(&mut i, None).unwrap_or_default().split(',').map(str::to_string)),
            "-B" | "--bind" | "-R" | "--rbind" => bind = true,
            "-n" | "--no-mtab" | "-v" | "--verbose" | "-f" | "--fake" | "-w" | "--rw" => {}
            "-r" | "--read-only" => opts.push("ro".into()),
            "-l" | "--show-labels" | "-a" | "--all" => {}
            "--make-private" | "--make-rprivate" | "--make-slave" | "--make-rslave" | "--make-shared" | "--make-rshared" => {
                // Propagation is not simulated: every namespace's table is private already.
                take(&mut i, None);
                return 0;
            }
            "-h" | "--help" => {
                io.out("\nUsage:\n mount [-lhV]\n mount -a [options]\n mount [options] [--source] <source> | [--target] <directory>\n mount [options] <source> <directory>\n mount <operation> <mountpoint> [<target>]\n");
                return io.finish(0).await;
            }
            "-V" | "--version" => {
                io.out("mount from util-linux 2.38.1 (libmount 2.38.1: selinux, smack, btrfs, verity, namespaces, assert, debug)\n");
                return io.finish(0).await;
            }
            s if s.starts_with("-t") && s.len() > 2 => fstype = Some(s[2..].to_string()),
            s if s.starts_with("-o") && s.len() > 2 => opts.extend(s[2..].split(',').map(str::to_string)),
            s if s.starts_with("--types=") => fstype = Some(s[8..].to_string()),
            s if s.starts_with("--options=") => opts.extend(s[10..].split(',').map(str::to_string)),
            s if s.starts_with("--") => return io.usage(&format!("unrecognized option '{s}'"), 1).await,
            s if s.starts_with('-') && s.len() > 1 => return io.usage(&format!("invalid option -- '{}'", s.chars().nth(1).unwrap_or('-')), 1).await,
            _ => ops.push(a),
        }
    }
    if ops.is_empty() {
        let want = fstype;
        for m in mounts(&io).await {
            if want.as_deref().is_some_and(|t| t != m.fstype) {
                continue;
            }
            io.out(&format!("{} on {} type {} ({})\n", m.source, m.target, m.fstype, m.opts));
        }
        return io.finish(0).await;
    }
    let remount = opts.iter().any(|o| o == "remount");
    bind |= opts.iter().any(|o| o == "bind" || o == "rbind");
    let readonly = opts.iter().any(|o| o == "ro");
    let (source, target) = match (ops.as_slice(), remount) {
        ([t], true) => (String::new(), t.clone()),
        ([one], false) => {
            // `mount DIR`: look it up in /etc/fstab.
            io.err(&format!("{one}: can't find in /etc/fstab.")).await;
            return 1;
        }
        ([s, t], _) => (s.clone(), t.clone()),
        _ => return io.usage("bad usage", 1).await,
    };
    let fstype = fstype.unwrap_or_else(|| if bind || remount { String::new() } else { source.clone() });
    let flags = MountFlags { bind, readonly, remount };
    if !bind && !remount && io.p.stat(&target).is_err() && io.busybox() {
        io.err(&format!("mounting {source} on {target} failed: No such file or directory")).await;
        return 255;
    }
    if !bind && !remount && io.p.stat(&target).is_err() {
        io.err_raw(&format!("mount: {target}: mount point does not exist.\n{DMESG}")).await;
        return 32;
    }
    match io.p.mount(&source, &target, &fstype, flags) {
        Ok(()) => 0,
        Err(Errno::EPERM | Errno::EACCES) if io.busybox() => {
            io.err("permission denied (are you root?)").await;
            255
        }
        Err(e) => {
            let why = match e {
                Errno::ENODEV => format!("unknown filesystem type '{fstype}'."),
                Errno::EPERM => "permission denied.".to_string(),
                Errno::ENOENT if bind => format!("special device {source} does not exist."),
                Errno::ENOENT => "mount point does not exist.".to_string(),
                Errno::EINVAL if remount => "mount point not mounted or bad option.".to_string(),
                other => format!("{}.", strerror(other).to_lowercase()),
            };
            io.err_raw(&format!("mount: {target}: {why}\n{DMESG}")).await;
            32
        }
    }
}

/// `umount [-l] [-f] DIR...`.
pub async fn umount(mut io: Io) -> i32 {
    io.prog = "umount".into();
    let mut lazy = false;
    let mut targets = Vec::new();
    for a in io.argv.clone() {
        match a.as_str() {
            "-l" | "--lazy" => lazy = true,
            "-f" | "--force" | "-n" | "--no-mtab" | "-v" | "--verbose" | "-R" | "--recursive" => {}
            s if s.starts_with("--") => return io.usage(&format!("unrecognized option '{s}'"), 1).await,
            s if s.starts_with('-') && s.len() > 1 => return io.usage(&format!("invalid option -- '{}'", s.chars().nth(1).unwrap_or('-')), 1).await,
            _ => targets.push(a),
        }
    }
    if targets.is_empty() {
        return io.usage("bad usage", 1).await;
    }
    let mut status = 0;
    for t in targets {
        if io.p.stat(&t).is_err() {
            io.err(&format!("{t}: no mount point specified.")).await;
            status = 32;
            continue;
        }
        if let Err(e) = io.p.umount(&t, lazy) {
            if io.busybox() {
                io.err(&format!("can't unmount {t}: {}", strerror(e))).await;
                status = 255;
                continue;
            }
            let why = match e {
                Errno::EINVAL => "not mounted.".to_string(),
                Errno::EBUSY => "target is busy.".to_string(),
                Errno::EPERM => "must be superuser to unmount.".to_string(),
                other => format!("{}.", strerror(other).to_lowercase()),
            };
            io.err(&format!("{t}: {why}")).await;
            status = 32;
        }
    }
    status
}
