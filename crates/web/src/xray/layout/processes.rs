//! The process tree: who started whom, each process's PID in its own namespace and on the
//! host, and a frame around each PID namespace (a container sees only what is inside).

use wharf_engine::collect::CollectMap;
use std::collections::BTreeMap;

use super::tree::{depth_first, place, Row};
use crate::xray::diagram::{badge, node, Diagram, Frame, Node, Rect, Tone};
use crate::xray::snapshot::{ProcInfo, Processes};

/// Room above a namespace's first row for its frame's label.
const HEAD: f32 = 24.0;
/// Room below a namespace's last row, per level left.
const PAD: f32 = 8.0;
/// Horizontal inset between nested frames.
const SIDE: f32 = 6.0;

/// Lays out the process tree in a column `width` wide.
pub fn processes(snap: &Processes, width: f32) -> Diagram {
    let procs = &snap.procs;
    let by_pid: BTreeMap<u32, usize> = procs.iter().enumerate().map(|(i, p)| (p.pid, i)).collect_map();
    let parents: Vec<Option<usize>> = procs.iter().map(|p| by_pid.get(&p.ppid).copied()).collect();
    let order = depth_first(&parents);
    let ns_of = |pos: usize| procs[order[pos].0].pid_ns;

    let mut rows = Vec::with_capacity(order.len());
    let mut prev = 0;
    for (pos, &(_, depth, parent)) in order.iter().enumerate() {
        let ns = ns_of(pos);
        let common = common_level(snap, prev, ns);
        let gap = PAD * (level(snap, prev) - common) as f32 + HEAD * (level(snap, ns) - common) as f32;
        rows.push(Row { depth, parent, gap_before: gap });
        prev = ns;
    }
    let max_level = snap.namespaces.iter().map(|n| n.level).max().unwrap_or(0);
    let inset = if max_level == 0 { 0.0 } else { SIDE * (max_level + 1) as f32 };
    let x0 = 12.0 + inset;
    let (rects, edges) = place(&rows, x0, 12.0, width - 2.0 * x0);

    let mut d = Diagram { edges, ..Diagram::default() };
    for (pos, &(i, _, _)) in order.iter().enumerate() {
        d.nodes.push(proc_node(&procs[i], level(snap, procs[i].pid_ns), rects[pos]));
    }
    d.frames = frames(snap, &order, &rects, max_level);
    d.fit(12.0);
    d
}

fn level(snap: &Processes, ns: usize) -> usize {
    snap.namespaces.get(ns).map_or(0, |n| n.level)
}

/// Namespace `ns` and its ancestors, innermost first.
fn lineage(snap: &Processes, mut ns: usize) -> Vec<usize> {
    let mut out = vec![ns];
    while let Some(p) = snap.namespaces.get(ns).and_then(|n| n.parent) {
        out.push(p);
        ns = p;
    }
    out
}

/// The level of the deepest namespace enclosing both `a` and `b`.
fn common_level(snap: &Processes, a: usize, b: usize) -> usize {
    let la = lineage(snap, a);
    lineage(snap, b).into_iter().find(|n| la.contains(n)).map_or(0, |n| level(snap, n))
}

fn proc_node(p: &ProcInfo, level: usize, rect: Rect) -> Node {
    let own = *p.ns_pids.last().unwrap_or(&p.pid);
    let tone = if level == 0 { Tone::Plain } else { Tone::Ns(p.colour) };
    let mut badges = Vec::new();
    if p.state == 'T' {
        badges.push(badge("stopped", Tone::Warn));
    }
    if level == 0 {
        badges.push(badge(format!("PID {}", p.pid), Tone::Plain));
    } else {
        badges.push(badge(format!("PID {own}"), tone));
        badges.push(badge(format!("host {}", p.pid), Tone::Muted));
    }
    let detail = if p.cmdline.is_empty() || p.cmdline == p.comm { String::new() } else { p.cmdline.clone() };
    node(rect, &p.comm, &detail, badges, tone)
}

/// A frame per contiguous run of rows inside each non-host PID namespace, outer ones first.
fn frames(snap: &Processes, order: &[(usize, usize, Option<usize>)], rects: &[Rect], max_level: usize) -> Vec<Frame> {
    let mut namespaces: Vec<_> = snap.namespaces.iter().filter(|n| n.level > 0).collect();
    wharf_engine::sort::by_key(&mut namespaces, |n| (n.level, n.id));
    let right = rects.iter().map(|r| r.right()).fold(0.0, f32::max);
    let proc_level = |pos: usize| level(snap, snap.procs[order[pos].0].pid_ns);
    let mut frames = Vec::new();
    for ns in namespaces {
        let member: Vec<bool> = order.iter().map(|&(i, _, _)| lineage(snap, snap.procs[i].pid_ns).contains(&ns.id)).collect();
        let mut start = None;
        for pos in 0..=member.len() {
            match (start, member.get(pos).copied().unwrap_or(false)) {
                (None, true) => start = Some(pos),
                (Some(s), false) => {
                    let run = &rects[s..pos];
                    let side = SIDE * (max_level - ns.level + 1) as f32;
                    let left = run.iter().map(|r| r.x).fold(f32::MAX, f32::min) - side;
                    let top = run[0].y - HEAD * (proc_level(s) - ns.level + 1) as f32 + 6.0;
                    let bottom = run[run.len() - 1].bottom() + PAD * 0.5 * (proc_level(pos - 1) - ns.level + 1) as f32;
                    let init = order[s..pos].iter().map(|&(i, _, _)| &snap.procs[i]).find(|p| p.pid_ns == ns.id && p.ns_pids.last() == Some(&1));
                    let init = init.or_else(|| snap.procs.get(order[s].0));
                    frames.push(Frame {
                        rect: Rect { x: left, y: top, w: right + side - left, h: bottom - top },
                        label: format!("PID namespace {} · {}", ns.id, init.map_or("", |p| p.hostname.as_str())),
                        tone: Tone::Ns(init.map_or(ns.id, |p| p.colour)),
                    });
                    start = None;
                }
                _ => {}
            }
        }
    }
    frames
}
