//! `ping`: iputils' on the host and Debian images, BusyBox's in Alpine and BusyBox images.
//! One echo a second (`-c N` stops after N; otherwise until interrupted), then the summary.

use std::net::Ipv4Addr;

use super::{is_busybox, resolve};
use crate::errno::Errno;
use crate::signal::{Disposition, SIGINT};
use crate::sys::Proc;

/// The round trip in microseconds the simulation reports: loopback, a bridge, the internet.
fn rtt_micros(ttl: u8, dst: Ipv4Addr, seq: u32) -> u64 {
    let jitter = u64::from((seq * 37) % 23);
    if dst.is_loopback() {
        30 + jitter
    } else if ttl != 64 || !(dst.is_private() || dst.is_link_local()) {
        12_300 + jitter * 40
    } else {
        70 + jitter * 2
    }
}

fn ms(us: u64) -> String {
    format!("{}.{:03}", us / 1000, us % 1000)
}

/// `ping [-c COUNT] [-W SEC] HOST`.
pub async fn ping(p: Proc) -> i32 {
    let busybox = is_busybox(&p);
    let argv = p.argv();
    let mut count: Option<u32> = None;
    let mut host: Option<String> = None;
    let mut i = 1;
    while i < argv.len() {
        match argv[i].as_str() {
            "-c" => {
                i += 1;
                count = argv.get(i).and_then(|c| c.parse().ok());
            }
            "-W" | "-w" | "-i" | "-s" => i += 1,
            s if s.starts_with("-c") => count = s[2..].parse().ok(),
            s if s.starts_with('-') => {}
            s => host = Some(s.to_string()),
        }
        i += 1;
    }
    let Some(host) = host else {
        if busybox {
            p.eprint("BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n").await;
            return 1;
        }
        p.eprint("ping: usage error: Destination address required\n").await;
        return 1;
    };
    let dst = match resolve(&p, &host).await {
        Ok(ips) => ips[0],
        Err(_) => {
            if busybox {
                p.eprint(&format!("ping: bad address '{host}'\n")).await;
                return 1;
            }
            p.eprint(&format!("ping: {host}: Name or service not known\n")).await;
            return 2;
        }
    };
    if !p.may_raw_socket() {
        // Without CAP_NET_RAW in its bounding set no raw ICMP socket can be had.
        if busybox {
            p.eprint("ping: permission denied (are you root?)\n").await;
            return 1;
        }
        p.eprint("ping: socktype: SOCK_RAW\nping: socket: Operation not permitted\nping: => missing cap_net_raw+p capability or setuid?\n").await;
        return 2;
    }
    if let Err(Errno::ENETUNREACH) = p.ping(dst) {
        if busybox {
            p.eprint("ping: sendto: Network unreachable\n").await;
            return 1;
        }
        p.eprint("ping: connect: Network is unreachable\n").await;
        return 2;
    }
    let _ = p.set_disposition(SIGINT, Disposition::Catch);
    if busybox {
        p.print(&format!("PING {host} ({dst}): 56 data bytes\n")).await;
    } else {
        p.print(&format!("PING {host} ({dst}) 56(84) bytes of data.\n")).await;
    }
    let by_name = host.parse::<Ipv4Addr>().is_err();
    let (mut sent, mut received) = (0u32, 0u32);
    let mut rtts: Vec<u64> = Vec::new();
    let start = p.now();
    loop {
        sent += 1;
        match p.ping(dst) {
            Ok(ttl) => {
                received += 1;
                let rtt = rtt_micros(ttl, dst, sent);
                rtts.push(rtt);
                let line = if busybox {
                    format!("64 bytes from {dst}: seq={} ttl={ttl} time={} ms\n", sent - 1, ms(rtt))
                } else {
                    let from = if by_name { format!("{host} ({dst})") } else { dst.to_string() };
                    let t = if rtt >= 10_000 { format!("{:.1}", rtt as f64 / 1000.0) } else { format!("{:.3}", rtt as f64 / 1000.0) };
                    format!("64 bytes from {from}: icmp_seq={sent} ttl={ttl} time={t} ms\n")
                };
                p.print(&line).await;
            }
            Err(Errno::EHOSTUNREACH) if !busybox => {
                p.print(&format!("From {} icmp_seq={sent} Destination Host Unreachable\n", p.interfaces().ok().and_then(|(i, _)| i.iter().filter_map(|i| i.addr).map(|a| a.addr).find(|a| !a.is_loopback())).unwrap_or(Ipv4Addr::LOCALHOST))).await;
            }
            Err(_) => {}
        }
        if count.is_some_and(|c| sent >= c) {
            break;
        }
        if p.sleep(1_000_000_000).await.is_err() {
            break;
        }
        if !p.take_signals().is_empty() {
            break;
        }
    }
    let elapsed_ms = (p.now() - start) / 1_000_000;
    let loss = (sent - received) * 100 / sent.max(1);
    let mut s = format!("\n--- {host} ping statistics ---\n");
    if busybox {
        s.push_str(&format!("{sent} packets transmitted, {received} packets received, {loss}% packet loss\n"));
        if !rtts.is_empty() {
            let (min, max) = (*rtts.iter().min().unwrap_or(&0), *rtts.iter().max().unwrap_or(&0));
            let avg = rtts.iter().sum::<u64>() / rtts.len() as u64;
            s.push_str(&format!("round-trip min/avg/max = {}/{}/{} ms\n", ms(min), ms(avg), ms(max)));
        }
    } else {
        s.push_str(&format!("{sent} packets transmitted, {received} received, {loss}% packet loss, time {elapsed_ms}ms\n"));
        if !rtts.is_empty() {
            let (min, max) = (*rtts.iter().min().unwrap_or(&0), *rtts.iter().max().unwrap_or(&0));
            let avg = rtts.iter().sum::<u64>() / rtts.len() as u64;
            let mdev = (rtts.iter().map(|r| (*r as i64 - avg as i64).pow(2)).sum::<i64>() / rtts.len() as i64).isqrt();
            s.push_str(&format!("rtt min/avg/max/mdev = {}/{}/{}/{} ms\n", ms(min), ms(avg), ms(max), ms(mdev as u64)));
        }
    }
    p.print(&s).await;
    if received == 0 {
        1
    } else {
        0
    }
}
