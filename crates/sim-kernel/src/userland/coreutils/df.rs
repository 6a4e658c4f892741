//! Disk usage: `df` (per mounted filesystem, sizes made plausible from what the tree holds)
//! and `du` (per file tree).

use std::collections::BTreeSet;

use wharf_engine::fs::FileKind;

use super::args::{HasArg, Spec};
use super::mount::{mounts, MountLine};
use super::util::{human, join, q, strerror, Io};
use super::walk::{blocks_kib, walk};

/// Filesystems `df` leaves out: they hold no blocks.
const PSEUDO: [&str; 7] = ["proc", "sysfs", "cgroup2", "cgroup", "devpts", "mqueue", "debugfs"];

/// The simulated disk: 30 GiB, as a small cloud VM's.
const DISK_KIB: u64 = 30_832_548;
/// What a Debian install occupies beyond the files the simulator actually holds.
const BASE_USED_KIB: u64 = 1_412_336;
/// Memory, for tmpfs sizes (`/proc/meminfo`'s total).
const MEM_KIB: u64 = 4_030_000;

/// Blocks used below `root`, not crossing into the other mountpoints.
async fn usage(io: &Io, root: &str, others: &BTreeSet<String>) -> u64 {
    let mut total = 0;
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.to_string()];
    while let Some(path) = stack.pop() {
        let Ok(st) = io.p.lstat(&path) else { continue };
        if st.nlink > 1 && !seen.insert(st.ino) {
            continue;
        }
        total += blocks_kib(st.kind, st.size);
        if st.kind == FileKind::Dir {
            for e in io.p.read_dir(&path).unwrap_or_default() {
                let child = join(&path, &e.name);
                if !others.contains(&child) {
                    stack.push(child);
                }
            }
        }
        let _ = io.p.checkpoint().await;
    }
    total
}

/// Size, used and available KiB of one mounted filesystem.
async fn sizes(io: &Io, m: &MountLine, all: &[MountLine]) -> (u64, u64, u64) {
    let others: BTreeSet<String> = all.iter().filter(|o| o.target != m.target).map(|o| o.target.clone()).collect();
    let used = usage(io, &m.target, &others).await;
    match m.fstype.as_str() {
        "tmpfs" | "devtmpfs" => {
            // A tmpfs mounted with `size=` (Docker's `--tmpfs /x:size=64m`) shows that size.
            let given = m.opts.split(',').find_map(|o| o.strip_prefix("size=")?.strip_suffix('k')?.parse::<u64>().ok());
            let host_run = m.target == "/run" && given.is_none();
            let size = given.unwrap_or(if host_run { MEM_KIB / 10 } else { MEM_KIB / 2 });
            let used = if host_run { used + 592 } else { used.saturating_sub(4) };
            (size, used, size.saturating_sub(used))
        }
        _ => {
            let used = used + BASE_USED_KIB;
            let avail = (DISK_KIB - DISK_KIB / 20).saturating_sub(used);
            (DISK_KIB, used, avail)
        }
    }
}

/// `df [-h] [-T] [-a] [FILE]...`.
pub async fn df(mut io: Io) -> i32 {
    let spec = Spec {
        short: "ahHkTPlit:x:",
        long: &[("all", HasArg::No, 'a'), ("human-readable", HasArg::No, 'h'), ("print-type", HasArg::No, 'T'), ("type", HasArg::Required, 't'), ("exclude-type", HasArg::Required, 'x')],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [FILE]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let table = mounts(&io).await;
    let mut chosen: Vec<MountLine> = Vec::new();
    let mut status = 0;
    if a.operands.is_empty() {
        // The last mount on a mountpoint hides earlier ones.
        for (i, m) in table.iter().enumerate() {
            let hidden = table[i + 1..].iter().any(|o| o.target == m.target);
            let pseudo = PSEUDO.contains(&m.fstype.as_str());
            if hidden || (pseudo && !a.has('a')) || a.value('t').is_some_and(|t| t != m.fstype) || a.value('x').is_some_and(|x| x == m.fstype) {
                continue;
            }
            chosen.push(m.clone());
        }
    } else {
        for f in &a.operands {
            match io.p.realpath(f) {
                Ok(path) => {
                    let m = table.iter().rev().filter(|m| path == m.target || path.starts_with(&format!("{}/", m.target.trim_end_matches('/')))).max_by_key(|m| m.target.len());
                    if let Some(m) = m {
                        chosen.push(m.clone());
                    }
                }
                Err(e) => {
                    io.err(&format!("{f}: {}", strerror(e))).await;
                    status = 1;
                }
            }
        }
    }
    let h = a.has('h') || a.has('H');
    let mut rows = vec![vec![
        "Filesystem".to_string(),
        "Type".to_string(),
        if h { "Size" } else { "1K-blocks" }.to_string(),
        "Used".to_string(),
        if h { "Avail" } else { "Available" }.to_string(),
        "Use%".to_string(),
        "Mounted on".to_string(),
    ]];
    for m in &chosen {
        let (size, used, avail) = sizes(&io, m, &table).await;
        let pct = if used + avail == 0 { "-".to_string() } else { format!("{}%", (used * 100).div_ceil(used + avail)) };
        let n = |k: u64| if h { if k == 0 { "0".to_string() } else { human(k * 1024) } } else { k.to_string() };
        rows.push(vec![m.source.clone(), m.fstype.clone(), n(size), n(used), n(avail), pct, m.target.clone()]);
    }
    let mins = [14, 4, if h { 5 } else { 0 }, if h { 5 } else { 0 }, if h { 5 } else { 0 }, 4, 0];
    let widths: Vec<usize> = (0..7).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0).max(mins[c])).collect();
    for r in &rows {
        let mut line = format!("{:<w$}", r[0], w = widths[0]);
        if a.has('T') {
            line.push_str(&format!(" {:<w$}", r[1], w = widths[1]));
        }
        for c in 2..6 {
            line.push_str(&format!(" {:>w$}", r[c], w = widths[c]));
        }
        line.push_str(&format!(" {}\n", r[6]));
        io.out(&line);
    }
    io.finish(status).await
}

/// `du [-s] [-h] [-a] [-c] [-d N] [FILE]...`.
pub async fn du(mut io: Io) -> i32 {
    let spec = Spec {
        short: "sahcd:kbx",
        long: &[("summarize", HasArg::No, 's'), ("all", HasArg::No, 'a'), ("human-readable", HasArg::No, 'h'), ("total", HasArg::No, 'c'), ("max-depth", HasArg::Required, 'd'), ("apparent-size", HasArg::No, 'A')],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [FILE]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let max_depth: usize = match a.value('d') {
        Some(d) => match d.parse() {
            Ok(n) => n,
            Err(_) => {
                io.err(&format!("invalid maximum depth {}", q(d))).await;
                return 1;
            }
        },
        None if a.has('s') => 0,
        None => usize::MAX,
    };
    let fmt = |k: u64| if a.has('h') { if k == 0 { "0".to_string() } else { human(k * 1024) } } else { k.to_string() };
    let ops = if a.operands.is_empty() { vec![".".to_string()] } else { a.operands.clone() };
    let mut status = 0;
    let mut grand = 0;
    let mut seen = BTreeSet::new();
    for op in &ops {
        let mut entries = Vec::new();
        if let Err(e) = walk(&io.p, op, 0, usize::MAX, &mut entries).await {
            io.err(&format!("cannot access {}: {}", q(op), strerror(e))).await;
            status = 1;
            continue;
        }
        // Post-order sums: a directory's total is itself plus everything below it.
        let mut totals = vec![0u64; entries.len()];
        for i in (0..entries.len()).rev() {
            let (_, depth, st) = &entries[i];
            let own = if st.nlink > 1 && st.kind != FileKind::Dir && !seen.insert(st.ino) { 0 } else { blocks_kib(st.kind, st.size) };
            totals[i] += own;
            if let Some(parent) = entries[..i].iter().rposition(|(_, d, _)| d + 1 == *depth) {
                if *depth > 0 {
                    let t = totals[i];
                    totals[parent] += t;
                }
            }
        }
        // du prints a directory after everything in it.
        let mut order = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        for (i, (_, depth, _)) in entries.iter().enumerate() {
            while stack.last().is_some_and(|&j| entries[j].1 >= *depth) {
                order.extend(stack.pop());
            }
            stack.push(i);
        }
        order.extend(stack.into_iter().rev());
        for i in order {
            let (path, depth, st) = &entries[i];
            let show = *depth <= max_depth && (st.kind == FileKind::Dir || a.has('a') || *depth == 0);
            if show {
                io.out(&format!("{}\t{path}\n", fmt(totals[i])));
            }
        }
        grand += totals.first().copied().unwrap_or(0);
        if !io.tick().await {
            return 1;
        }
    }
    if a.has('c') {
        io.out(&format!("{}\ttotal\n", fmt(grand)));
    }
    io.finish(status).await
}
