//! The cgroup tree: which group holds how many processes, and the limits `docker run
//! --memory/--pids-limit/--cpus` set, with a bar for memory use against its limit.

use super::tree::{depth_first, place, Row};
use crate::xray::diagram::{badge, node, Badge, Diagram, Tone};
use crate::xray::snapshot::CgroupInfo;

/// Lays out the cgroup tree in a column `width` wide.
pub fn cgroups(groups: &[CgroupInfo], width: f32) -> Diagram {
    let parents: Vec<Option<usize>> = groups
        .iter()
        .map(|g| {
            if g.path.is_empty() {
                return None;
            }
            let parent = g.path.rsplit_once('/').map_or("", |(p, _)| p);
            groups.iter().position(|o| o.path == parent)
        })
        .collect();
    let order = depth_first(&parents);
    let rows: Vec<Row> = order.iter().map(|&(_, depth, parent)| Row { depth, parent, gap_before: 0.0 }).collect();
    let (rects, edges) = place(&rows, 12.0, 12.0, width - 24.0);
    let mut d = Diagram { edges, ..Diagram::default() };
    for (pos, &(i, _, _)) in order.iter().enumerate() {
        let g = &groups[i];
        let name = if g.path.is_empty() { "/sys/fs/cgroup" } else { g.path.rsplit('/').next().unwrap_or(&g.path) };
        let limited = g.memory_max.is_some() || g.pids_max.is_some() || g.cpu_max.0.is_some();
        let tone = if limited { Tone::Accent } else { Tone::Plain };
        let mut n = node(rects[pos], name, &detail(g), badges(g), tone);
        if let Some(max) = g.memory_max.filter(|m| *m > 0) {
            let used = (g.memory as f32 / max as f32).clamp(0.0, 1.0);
            n.meter = Some((used, if used > 0.85 { Tone::Warn } else { Tone::Accent }));
        }
        d.nodes.push(n);
    }
    d.fit(12.0);
    d
}

fn badges(g: &CgroupInfo) -> Vec<Badge> {
    let mut b = Vec::new();
    if g.frozen {
        b.push(badge("frozen", Tone::Warn));
    }
    b.push(badge(format!("{} proc{}", g.procs, if g.procs == 1 { "" } else { "s" }), Tone::Muted));
    b
}

/// The limits in the words of `docker stats` and the cgroup files.
fn detail(g: &CgroupInfo) -> String {
    let mut parts = Vec::new();
    match g.memory_max {
        Some(max) => parts.push(format!("mem {} / {}", bytes(g.memory), bytes(max))),
        None if g.memory > 0 => parts.push(format!("mem {}", bytes(g.memory))),
        None => {}
    }
    if let Some(max) = g.pids_max {
        parts.push(format!("pids {} / {max}", g.procs));
    }
    if let (Some(quota), period) = g.cpu_max {
        parts.push(format!("cpu {:.2}", quota as f64 / period.max(1) as f64));
    }
    parts.join(" · ")
}

/// Bytes in binary units, as `docker stats` prints them (`1.25MiB`, `64MiB`).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 || v.fract() == 0.0 {
        format!("{v:.0}{}", UNITS[u])
    } else {
        format!("{}{}", format!("{v:.2}").trim_end_matches('0').trim_end_matches('.'), UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_docker_stats() {
        assert_eq!(bytes(0), "0B");
        assert_eq!(bytes(640 * 1024), "640KiB");
        assert_eq!(bytes(64 << 20), "64MiB");
        assert_eq!(bytes(1_310_720), "1.25MiB");
    }
}
