//! `top` in batch mode (`top -b -n 1`): the summary header and the process table. The
//! interactive screen is not simulated; without `-b` it prints one batch frame too.

use super::procfs::{self, HZ};
use super::timefmt::{gmtime, strftime};
use super::util::{self, Io};

fn uptime_text(secs: u64) -> String {
    let (days, hours, mins) = (secs / 86400, secs / 3600 % 24, secs / 60 % 60);
    let day_part = match days {
        0 => String::new(),
        1 => "1 day, ".to_string(),
        d => format!("{d} days, "),
    };
    if hours == 0 {
        format!("{day_part}{mins} min")
    } else {
        format!("{day_part}{hours:2}:{mins:02}")
    }
}

/// `top -b [-n N]`.
pub async fn top(mut io: Io) -> i32 {
    io.prog = "top".into();
    let mut i = 0;
    let args = io.argv.clone();
    let mut frames = 1u32;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        match a.as_str() {
            "-b" | "-c" | "-H" | "-i" | "-S" | "-1" => {}
            "-n" | "-d" | "-p" | "-u" | "-o" | "-w" => {
                if a == "-n" {
                    frames = args.get(i).and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
                }
                i += 1;
            }
            s if s.starts_with("-n") => frames = s[2..].parse().unwrap_or(1).max(1),
            s if s.starts_with("-bn") => frames = s[3..].parse().unwrap_or(1).max(1),
            "-v" | "-V" => {
                io.out("top from procps-ng 4.0.2\n");
                return io.finish(0).await;
            }
            other => {
                io.err(&format!("unknown option '{}'", other.trim_start_matches('-'))).await;
                io.err_raw("Usage:\n  top -hv | -bcEeHiOSs1 -d secs -n max -u|U user -p pid(s) -o field -w [cols]\n").await;
                return 1;
            }
        }
    }
    let users = util::passwd(&io.p).await;
    for frame in 0..frames {
        if frame > 0 {
            let _ = io.p.sleep(3_000_000_000).await;
            io.out("\n");
        }
        let now = io.p.now() / 1_000_000_000;
        let up = procfs::uptime(&io.p).await;
        let procs = procfs::processes(&io.p).await;
        let total_kib = procfs::mem_total(&io.p).await;
        let count = |c: char| procs.iter().filter(|p| p.state == c).count();
        let used_kib: u64 = procs.iter().map(|p| p.rss).sum::<u64>() + 600_000;
        let cache_kib = 292_000u64;
        let mib = |k: u64| k as f64 / 1024.0;
        io.out(&format!(
            "top - {} up {},  1 user,  load average: 0.00, 0.00, 0.00\n",
            strftime("%H:%M:%S", &gmtime(now), 0),
            uptime_text(up as u64)
        ));
        io.out(&format!(
            "Tasks: {:>3} total, {:>3} running, {:>3} sleeping, {:>3} stopped, {:>3} zombie\n",
            procs.len(),
            count('R'),
            count('S') + count('D') + count('I'),
            count('T'),
            count('Z')
        ));
        io.out("%Cpu(s):  0.0 us,  0.0 sy,  0.0 ni,100.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st \n");
        let free = total_kib.saturating_sub(used_kib + cache_kib);
        io.out(&format!(
            "MiB Mem : {:>8.1} total, {:>8.1} free, {:>8.1} used, {:>8.1} buff/cache     \n",
            mib(total_kib),
            mib(free),
            mib(used_kib),
            mib(cache_kib)
        ));
        io.out(&format!("MiB Swap: {:>8.1} total, {:>8.1} free, {:>8.1} used. {:>8.1} avail Mem \n\n", 0.0, 0.0, 0.0, mib(total_kib - used_kib)));
        io.out("    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n");
        let mut sorted = procs.clone();
        wharf_engine::sort::by(&mut sorted, |a, b| b.cpu.cmp(&a.cpu).then(a.pid.cmp(&b.pid)));
        for p in sorted {
            let secs = p.cpu / HZ;
            let hundredths = p.cpu % HZ;
            let elapsed = ((up * HZ as f64) as u64).saturating_sub(p.start).max(1);
            let cpu = (p.cpu as f64 * 100.0 / elapsed as f64).min(100.0);
            let user: String = util::user_name(&users, p.uid).chars().take(8).collect();
            io.out(&format!(
                "{:>7} {:<8}  20   0 {:>7} {:>6} {:>6} {} {:>5.1} {:>5.1} {:>5}:{:02}.{:02} {}\n",
                p.pid,
                user,
                p.vsz,
                p.rss,
                p.rss * 3 / 4,
                p.state,
                cpu,
                p.rss as f64 * 100.0 / total_kib.max(1) as f64,
                secs / 60,
                secs % 60,
                hundredths,
                p.comm
            ));
        }
        if !io.tick().await {
            return 1;
        }
    }
    io.finish(0).await
}
