//! Reading processes from `/proc` as the caller sees it (its mount namespace's procfs), the
//! way procps does: what `ps`, `top` and `kill` need.

use crate::sys::Proc;

/// Kernel clock ticks per second (`USER_HZ`).
pub const HZ: u64 = 100;

/// One process as `/proc/PID/{stat,status,cmdline}` describe it.
#[derive(Debug, Clone, Default)]
pub struct PInfo {
    /// PID in the caller's view of `/proc`.
    pub pid: u32,
    /// Parent PID (0 when outside the namespace).
    pub ppid: u32,
    /// Process group.
    pub pgid: u32,
    /// Session.
    pub sid: u32,
    /// Command name.
    pub comm: String,
    /// State letter (`R`, `S`, `T`, `Z`).
    pub state: char,
    /// Real user ID.
    pub uid: u32,
    /// Command line; empty for kernel threads.
    pub cmdline: Vec<String>,
    /// Start, ticks after boot.
    pub start: u64,
    /// CPU time, ticks.
    pub cpu: u64,
    /// Virtual size, KiB.
    pub vsz: u64,
    /// Resident size, KiB.
    pub rss: u64,
    /// Controlling terminal device number (0: none).
    pub tty: u32,
}

impl PInfo {
    /// `ps -f`'s `CMD`/`COMMAND`: the arguments, or `[comm]` when there are none.
    pub fn args(&self) -> String {
        if self.cmdline.is_empty() {
            format!("[{}]", self.comm)
        } else {
            self.cmdline.join(" ")
        }
    }

    /// The terminal's name (`pts/0`, `tty1`) or `?`.
    pub fn tty_name(&self) -> String {
        let (major, minor) = (self.tty >> 8 & 0xfff, (self.tty & 0xff) | (self.tty >> 12 & 0xfff00));
        match (self.tty, major) {
            (0, _) => "?".into(),
            (_, 136..=143) => format!("pts/{}", minor + (major - 136) * 256),
            (_, 4) => format!("tty{minor}"),
            (_, 5) if minor == 1 => "console".into(),
            _ => "?".into(),
        }
    }
}

async fn read(p: &Proc, path: &str) -> Option<String> {
    p.read_file(path).await.ok().map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// One process by PID, if `/proc` shows it.
pub async fn process(p: &Proc, pid: u32) -> Option<PInfo> {
    let stat = read(p, &format!("/proc/{pid}/stat")).await?;
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let comm = stat.get(open + 1..close)?.to_string();
    let f: Vec<&str> = stat.get(close + 1..)?.split_whitespace().collect();
    let num = |i: usize| f.get(i).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0);
    let status = read(p, &format!("/proc/{pid}/status")).await.unwrap_or_default();
    let uid = status.lines().find_map(|l| l.strip_prefix("Uid:")).and_then(|r| r.split_whitespace().next()).and_then(|u| u.parse().ok()).unwrap_or(0);
    let cmdline = p.read_file(&format!("/proc/{pid}/cmdline")).await.unwrap_or_default();
    let cmdline: Vec<String> = cmdline.split(|&b| b == 0).filter(|s| !s.is_empty()).map(|s| String::from_utf8_lossy(s).into_owned()).collect();
    Some(PInfo {
        pid,
        ppid: num(1) as u32,
        pgid: num(2) as u32,
        sid: num(3) as u32,
        comm,
        state: f.first().and_then(|s| s.chars().next()).unwrap_or('?'),
        uid,
        cmdline,
        start: num(19),
        cpu: num(11) + num(12),
        vsz: num(20) / 1024,
        rss: num(21) * 4,
        tty: num(4) as u32,
    })
}

/// Every process `/proc` lists, by PID.
pub async fn processes(p: &Proc) -> Vec<PInfo> {
    let mut pids: Vec<u32> = p.read_dir("/proc").unwrap_or_default().iter().filter_map(|e| e.name.parse().ok()).collect();
    pids.sort_unstable();
    let mut out = Vec::new();
    for pid in pids {
        if let Some(i) = process(p, pid).await {
            out.push(i);
        }
        let _ = p.checkpoint().await;
    }
    out
}

/// Seconds since boot, from `/proc/uptime`.
pub async fn uptime(p: &Proc) -> f64 {
    read(p, "/proc/uptime").await.and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok())).unwrap_or(0.0)
}

/// Total memory in KiB, from `/proc/meminfo`.
pub async fn mem_total(p: &Proc) -> u64 {
    read(p, "/proc/meminfo")
        .await
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("MemTotal:")).and_then(|r| r.split_whitespace().next()).and_then(|x| x.parse().ok()))
        .unwrap_or(4_030_000)
}

/// The caller's own PID as `/proc/self` names it (its PID in `/proc`'s namespace).
pub fn self_pid(p: &Proc) -> Option<u32> {
    p.readlink("/proc/self").ok().and_then(|s| s.parse().ok())
}
