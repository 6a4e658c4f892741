//! `kill` (procps-ng's `/usr/bin/kill`): send a signal, list signal names.

use super::util::Io;
use crate::errno::Errno;
use crate::signal;

/// Signal names in number order, as `kill -l` lists them (1..=31).
const NAMES: [&str; 31] = [
    "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP",
    "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS",
];

/// A signal by name (`TERM`, `SIGTERM`) or number.
pub fn parse_signal(s: &str) -> Option<i32> {
    if let Ok(n) = s.parse::<i32>() {
        return (0..=64).contains(&n).then_some(n);
    }
    let up = s.to_ascii_uppercase();
    let bare = up.strip_prefix("SIG").unwrap_or(&up);
    NAMES.iter().position(|n| *n == bare).map(|i| i as i32 + 1).or_else(|| signal::parse(bare)).or(match bare {
        "IOT" => Some(6),
        "CLD" => Some(17),
        "IO" => Some(29),
        _ => None,
    })
}

/// `kill [-s SIG|-SIG] PID...`, `kill -l [SIG]`, `kill -L`.
pub async fn kill(mut io: Io) -> i32 {
    let args = io.argv.clone();
    let mut sig = signal::SIGTERM;
    let mut pids: Vec<String> = Vec::new();
    let mut i = 0;
    let mut bad_signal = false;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            pids.extend(args[i..].iter().cloned());
            break;
        }
        match a.as_str() {
            "-l" | "--list" | "-L" | "--table" => {
                if let Some(s) = args.get(i) {
                    match s.parse::<i32>() {
                        Ok(n) if (1..=31).contains(&(n & 0x7f)) => io.out(&format!("{}\n", NAMES[(n & 0x7f) as usize - 1])),
                        _ => match parse_signal(s) {
                            Some(n) => io.out(&format!("{n}\n")),
                            None => {
                                io.err(&format!("unknown signal name {s}")).await;
                                return 1;
                            }
                        },
                    }
                } else if a == "-L" || a == "--table" {
                    for (k, n) in NAMES.iter().enumerate() {
                        io.out(&format!("{:>2} {:<8}{}", k + 1, n, if k % 7 == 6 { "\n" } else { "" }));
                    }
                    io.out("\n");
                } else {
                    io.out(&format!("{}\n{}\n", NAMES[..16].join(" "), NAMES[16..].join(" ")));
                }
                return io.finish(0).await;
            }
            "-s" | "--signal" => {
                let name = args.get(i).cloned().unwrap_or_default();
                i += 1;
                match parse_signal(&name) {
                    Some(n) => sig = n,
                    None => bad_signal = true,
                }
            }
            s if s.starts_with('-') && s.len() > 1 && pids.is_empty() && !s[1..].starts_with('-') => match parse_signal(&s[1..]) {
                Some(n) => sig = n,
                None if s[1..].parse::<i64>().is_ok() => pids.push(s.to_string()),
                None => bad_signal = true,
            },
            _ => pids.push(a.clone()),
        }
    }
    if pids.is_empty() {
        io.err_raw("\nUsage:\n kill [options] <pid> [...]\n\nOptions:\n <pid> [...]            send signal to every <pid> listed\n -<signal>, -s, --signal <signal>\n                        specify the <signal> to be sent\n -l, --list=[<signal>]  list all signal names, or convert one to a name\n -L, --table            list all signal names in a nice table\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see kill(1).\n").await;
        return 1;
    }
    let mut status = 0;
    for p in &pids {
        let Ok(pid) = p.parse::<i32>() else {
            io.err(&format!("cannot find process \"{p}\"")).await;
            status = 1;
            continue;
        };
        let r = if bad_signal { Err(Errno::EINVAL) } else { io.p.kill(pid, sig) };
        if let Err(e) = r {
            io.err(&format!("({pid}): {}", e.message())).await;
            status = 1;
        }
    }
    io.finish(status).await
}
