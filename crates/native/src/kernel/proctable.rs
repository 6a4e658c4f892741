//! `docker top`'s rows from `/proc/PID/{stat,status,cmdline}`, as `ps -ef` reads them.

use std::fs;
use std::sync::OnceLock;

use wharf_engine::kernel::{Pid, ProcessRow, Timestamp};

/// Clock ticks per second (`sysconf(_SC_CLK_TCK)`).
fn ticks() -> i64 {
    // SAFETY: sysconf has no memory arguments.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 { t } else { 100 }
}

/// Boot time in seconds since the epoch (`btime` of `/proc/stat`).
fn boot_time() -> i64 {
    static BTIME: OnceLock<i64> = OnceLock::new();
    *BTIME.get_or_init(|| {
        fs::read_to_string("/proc/stat").unwrap_or_default().lines().find_map(|l| l.strip_prefix("btime ")?.trim().parse().ok()).unwrap_or(0)
    })
}

/// `pts/N` for a tty number of the Unix98 pty majors (136-143).
fn tty_name(tty_nr: u64) -> Option<String> {
    let major = (tty_nr >> 8) & 0xfff;
    let minor = (tty_nr & 0xff) | ((tty_nr >> 12) & 0xfff00);
    (136..=143).contains(&major).then(|| format!("pts/{}", (major - 136) * 256 + minor))
}

/// The row of `pid`, or `None` if it has gone.
pub fn row(pid: Pid) -> Option<ProcessRow> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold anything.
    let rest: Vec<&str> = stat[stat.rfind(')')? + 2..].split(' ').collect();
    let field = |n: usize| rest.get(n - 3).and_then(|f| f.parse::<u64>().ok());
    let (ppid, tty_nr, utime, stime, start) = (field(4)?, field(7)?, field(14)?, field(15)?, field(22)?);
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let uid = status.lines().find_map(|l| l.strip_prefix("Uid:")?.split_whitespace().nth(1)?.parse().ok()).unwrap_or(0);
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let args = cmdline.split(|&b| b == 0).filter(|a| !a.is_empty()).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
    let tick_ns = 1_000_000_000 / ticks();
    Some(ProcessRow {
        uid,
        pid,
        ppid: ppid as Pid,
        started: boot_time() * 1_000_000_000 + start as Timestamp * tick_ns,
        tty: tty_name(tty_nr),
        cpu_time: (utime + stime) as i64 * tick_ns,
        args,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn this_process_has_a_row() {
        let row = super::row(std::process::id()).unwrap();
        assert_eq!(row.pid, std::process::id());
        assert!(!row.args.is_empty());
        assert!(row.started > 1_500_000_000 * 1_000_000_000);
        assert_eq!(super::tty_name(0x8802), Some("pts/2".into()));
    }
}
