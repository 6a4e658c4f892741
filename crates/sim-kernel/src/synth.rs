//! Synthesized filesystems: `proc` (from the process table) and `cgroup2` (from the cgroup
//! tree). Their files are made on demand from kernel state, never stored.

use wharf_engine::fs::{FileKind, Metadata};
use wharf_engine::kernel::Pid;

use crate::errno::Errno;
use crate::machine::Machine;
use crate::process::{PidNsId, ProcState, Process};
use crate::sys::caps;
use crate::vfs::FsKind;

/// What a synthesized path is.
enum Entry {
    Dir(Vec<String>),
    File(Vec<u8>),
    /// A file that takes writes (cgroup limits).
    WritableFile(Vec<u8>),
    Link(String),
}

const PROC_FILES: [&str; 5] = ["loadavg", "meminfo", "mounts", "uptime", "version"];
const PID_FILES: [&str; 8] = ["cgroup", "cmdline", "comm", "environ", "mounts", "stat", "status", "ns"];
const PID_LINKS: [&str; 3] = ["cwd", "exe", "root"];
const NS_KINDS: [&str; 7] = ["cgroup", "ipc", "mnt", "net", "pid", "user", "uts"];

fn entry(m: &Machine, kind: &FsKind, inner: &str, viewer: Option<Pid>) -> Result<Entry, Errno> {
    match kind {
        FsKind::Proc { pid_ns } => proc_entry(m, *pid_ns, inner, viewer),
        FsKind::Cgroup2 => Ok(match crate::cgroupfs::node(m, inner, viewer)? {
            crate::cgroupfs::Node::Dir(names) => Entry::Dir(names),
            crate::cgroupfs::Node::File(data, true) => Entry::WritableFile(data),
            crate::cgroupfs::Node::File(data, false) => Entry::File(data),
        }),
        FsKind::Tree(_) | FsKind::Union(_) => Err(Errno::EINVAL),
    }
}

fn proc_entry(m: &Machine, ns: PidNsId, inner: &str, viewer: Option<Pid>) -> Result<Entry, Errno> {
    let level = m.pid_namespaces[ns].level;
    let mut parts = inner.split('/').filter(|s| !s.is_empty());
    let Some(first) = parts.next() else {
        let mut names: Vec<String> = m.pid_namespaces[ns].members.keys().map(u32::to_string).collect();
        names.extend(PROC_FILES.iter().map(|s| s.to_string()));
        names.push("self".into());
        return Ok(Entry::Dir(names));
    };
    let rest: Vec<&str> = parts.collect();
    if first == "self" && rest.is_empty() {
        let me = viewer.and_then(|v| m.procs.get(&v)).and_then(|p| p.pid_in(level)).ok_or(Errno::ENOENT)?;
        return Ok(Entry::Link(me.to_string()));
    }
    if let Ok(num) = first.parse::<u32>() {
        let pid = m.host_pid(ns, num).ok_or(Errno::ENOENT)?;
        let p = m.proc(pid).map_err(|_| Errno::ENOENT)?;
        return pid_entry(m, p, level, num, &rest);
    }
    if !rest.is_empty() {
        return Err(Errno::ENOENT);
    }
    let uptime = (m.clock.now() - m.boot_time) as f64 / 1e9;
    let text = match first {
        "uptime" => format!("{uptime:.2} {:.2}\n", uptime * 0.95),
        "loadavg" => format!("0.00 0.00 0.00 1/{} {}\n", m.procs.len(), m.pid_namespaces[0].next - 1),
        "version" => "Linux version 6.1.0-wharf (wharf@sim) (gcc 12.2.0) #1 SMP PREEMPT_DYNAMIC\n".to_string(),
        "meminfo" => {
            let used: u64 = m.procs.values().map(|p| p.memory).sum::<u64>() / 1024;
            let total = crate::cgroup::HOST_MEMORY / 1024;
            format!("MemTotal:       {total:>8} kB\nMemFree:        {:>8} kB\nMemAvailable:   {:>8} kB\n", total.saturating_sub(900_000 + used), total.saturating_sub(600_000 + used))
        }
        "mounts" => mounts_text(m, viewer),
        _ => return Err(Errno::ENOENT),
    };
    Ok(Entry::File(text.into_bytes()))
}

fn mounts_text(m: &Machine, viewer: Option<Pid>) -> String {
    let Some(p) = viewer.and_then(|v| m.procs.get(&v)) else { return String::new() };
    let mut out = String::new();
    for mount in m.vfs.mounts(p.ns.mnt) {
        let Ok(fs) = m.vfs.fs(mount.fs) else { continue };
        let rest = if fs.options.is_empty() { "relatime" } else { fs.options.as_str() };
        let rw = if mount.readonly { "ro" } else { "rw" };
        out.push_str(&format!("{} {} {} {rw},{rest} 0 0\n", fs.source, mount.mountpoint, fs.fstype));
    }
    out
}

fn pid_entry(m: &Machine, p: &Process, level: usize, num: u32, rest: &[&str]) -> Result<Entry, Errno> {
    let ppid_seen = m.procs.get(&p.ppid).and_then(|pp| pp.pid_in(level)).filter(|_| p.ppid != 0).unwrap_or(0);
    let state = match p.state {
        ProcState::Running if p.blocked.is_some() => ('S', "S (sleeping)"),
        ProcState::Running => ('R', "R (running)"),
        ProcState::Stopped => ('T', "T (stopped)"),
        ProcState::Zombie(_) => ('Z', "Z (zombie)"),
    };
    let text = match rest {
        [] => {
            let mut names: Vec<String> = PID_FILES.iter().chain(PID_LINKS.iter()).map(|s| s.to_string()).collect();
            wharf_engine::sort::ascending(&mut names);
            return Ok(Entry::Dir(names));
        }
        ["ns"] => return Ok(Entry::Dir(NS_KINDS.iter().map(|s| s.to_string()).collect())),
        ["ns", kind] => {
            let id = match *kind {
                "pid" => p.ns.pid,
                "mnt" => p.ns.mnt.0,
                "uts" => p.ns.uts,
                "net" => p.ns.net,
                "ipc" => p.ns.ipc,
                "user" => p.ns.user,
                "cgroup" => p.ns.cgroup,
                _ => return Err(Errno::ENOENT),
            };
            // Distinct, stable inode numbers per namespace kind and index, like 4026531836.
            let base = 4_026_531_835u64 + NS_KINDS.iter().position(|k| k == kind).unwrap_or(0) as u64;
            return Ok(Entry::Link(format!("{kind}:[{}]", base + 1000 * id as u64)));
        }
        ["cwd"] => return Ok(Entry::Link(p.cwd.clone())),
        ["root"] => return Ok(Entry::Link(p.root.clone())),
        ["exe"] => return Ok(Entry::Link(format!("/bin/{}", p.comm))),
        ["cmdline"] => return Ok(Entry::File(p.argv.iter().flat_map(|a| a.bytes().chain([0])).collect())),
        ["environ"] => return Ok(Entry::File(p.env.iter().flat_map(|a| a.bytes().chain([0])).collect())),
        ["comm"] => format!("{}\n", p.comm),
        ["cgroup"] => format!("0::/{}\n", p.cgroup),
        ["mounts"] => mounts_text(m, Some(p.pid)),
        ["stat"] => {
            let ticks = |ns: i64| ns / 10_000_000; // clock ticks of 10 ms
            // The learner's terminal is pts/0 (major 136, minor 0) for whoever has it on stdin.
            let on_tty = p.fds.get(&0).is_some_and(|f| matches!(f.borrow().obj, crate::io::FileObj::Tty(_)));
            let (tty_nr, tpgid) = if on_tty {
                let fg = m.tty.borrow().foreground_pgrp;
                (136 << 8, m.procs.get(&fg).and_then(|g| g.pid_in(level)).map_or(-1, i64::from))
            } else {
                (0, -1)
            };
            let start = ticks(p.start_time - m.boot_time);
            let utime = ticks(p.cpu_nanos as i64);
            format!(
                "{num} ({}) {} {ppid_seen} {} {} {tty_nr} {tpgid} 4194304 0 0 0 0 {utime} 0 0 0 20 0 1 0 {start} {} {} 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n",
                p.comm,
                state.0,
                m.procs.get(&p.pgid).and_then(|g| g.pid_in(level)).unwrap_or(0),
                m.procs.get(&p.pgid).and_then(|g| g.pid_in(level)).unwrap_or(0),
                p.memory.max(1 << 20),
                p.memory.max(1 << 20) / 4096,
            )
        }
        ["status"] => {
            let nspid: Vec<String> = p.ns_pids[level..].iter().map(u32::to_string).collect();
            let (u, g) = (p.creds.uid, p.creds.gid);
            format!(
                "Name:\t{}\nUmask:\t{:04o}\nState:\t{}\nTgid:\t{num}\nPid:\t{num}\nPPid:\t{ppid_seen}\nUid:\t{u}\t{u}\t{u}\t{u}\nGid:\t{g}\t{g}\t{g}\t{g}\nNSpid:\t{}\nVmRSS:\t{:>8} kB\nThreads:\t1\n\
                 CapInh:\t{zero}\nCapPrm:\t{eff}\nCapEff:\t{eff}\nCapBnd:\t{bnd}\nCapAmb:\t{zero}\nNoNewPrivs:\t{}\nSeccomp:\t{}\nSeccomp_filters:\t{}\n",
                p.comm,
                p.umask,
                state.1,
                nspid.join("\t"),
                p.memory / 1024,
                u8::from(p.creds.no_new_privs),
                if p.creds.seccomp { 2 } else { 0 },
                u8::from(p.creds.seccomp),
                zero = caps::hex(0),
                eff = caps::hex(p.creds.effective()),
                bnd = caps::hex(p.creds.cap_bounding),
            )
        }
        _ => return Err(Errno::ENOENT),
    };
    Ok(Entry::File(text.into_bytes()))
}

/// `lstat` inside a synthesized filesystem.
pub fn lstat(m: &Machine, kind: &FsKind, inner: &str, viewer: Option<Pid>) -> Result<Option<Metadata>, Errno> {
    let e = match entry(m, kind, inner, viewer) {
        Ok(e) => e,
        Err(Errno::ENOENT) => return Ok(None),
        Err(e) => return Err(e),
    };
    let (kind, mode, size) = match &e {
        Entry::Dir(_) => (FileKind::Dir, 0o555, 0),
        Entry::File(_) => (FileKind::File, 0o444, 0),
        Entry::WritableFile(_) => (FileKind::File, 0o644, 0),
        Entry::Link(t) => (FileKind::Symlink, 0o777, t.len() as u64),
    };
    let mtime = m.boot_time / 1_000_000_000;
    Ok(Some(Metadata { kind, mode, uid: 0, gid: 0, size, mtime, rdev: (0, 0), ino: 0, nlink: 1 }))
}

/// `readlink` inside a synthesized filesystem.
pub fn readlink(m: &Machine, kind: &FsKind, inner: &str, viewer: Option<Pid>) -> Result<String, Errno> {
    match entry(m, kind, inner, viewer)? {
        Entry::Link(t) => Ok(t),
        _ => Err(Errno::EINVAL),
    }
}

/// Directory listing inside a synthesized filesystem.
pub fn read_dir(m: &Machine, kind: &FsKind, inner: &str, viewer: Option<Pid>) -> Result<Vec<String>, Errno> {
    match entry(m, kind, inner, viewer)? {
        Entry::Dir(names) => Ok(names),
        _ => Err(Errno::ENOTDIR),
    }
}

/// A file's contents inside a synthesized filesystem.
pub fn read(m: &Machine, kind: &FsKind, inner: &str, viewer: Option<Pid>) -> Result<Vec<u8>, Errno> {
    match entry(m, kind, inner, viewer)? {
        Entry::File(data) | Entry::WritableFile(data) => Ok(data),
        Entry::Dir(_) => Err(Errno::EISDIR),
        Entry::Link(_) => Err(Errno::ELOOP),
    }
}

/// A write to a synthesized file (`echo 10 > /sys/fs/cgroup/x/pids.max`).
pub fn write(m: &mut Machine, fs: crate::vfs::FsId, inner: &str, data: &[u8], writer: Pid) -> Result<(), Errno> {
    match m.vfs.fs(fs)?.kind {
        FsKind::Cgroup2 => crate::cgroupfs::write(m, inner, data, writer),
        FsKind::Proc { .. } => Err(Errno::EACCES),
        FsKind::Tree(_) | FsKind::Union(_) => Err(Errno::EINVAL),
    }
}
