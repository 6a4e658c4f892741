//! Mount tables, one frame per mount namespace: what is mounted where, nested by path, so a
//! container's own `/` (an overlay) and `/proc` stand apart from the host's.

use super::tree::{depth_first, place, Row};
use crate::xray::diagram::{badge, node, Diagram, Frame, Label, Rect, Tone};
use crate::xray::snapshot::{MountInfo, MountNsInfo};

const HEAD: f32 = 26.0;

/// Lays out every mount namespace's table, one under the other, `width` wide.
pub fn mounts(namespaces: &[MountNsInfo], width: f32) -> Diagram {
    let mut d = Diagram::default();
    let mut y = 12.0;
    for ns in namespaces {
        let order = depth_first(&parents(&ns.mounts));
        let rows: Vec<Row> = order.iter().map(|&(_, depth, parent)| Row { depth, parent, gap_before: 0.0 }).collect();
        let (rects, edges) = place(&rows, 24.0, y + HEAD, width - 48.0);
        let tone = if ns.host { Tone::Plain } else { Tone::Ns(ns.colour) };
        for (pos, &(i, _, _)) in order.iter().enumerate() {
            // A later mount on the same point covers this one: it is still in the table
            // (`umount` would bring it back) but nothing can reach it.
            let covered = ns.mounts[i + 1..].iter().any(|m| m.mountpoint == ns.mounts[i].mountpoint);
            d.nodes.push(mount_node(&ns.mounts[i], rects[pos], if covered { Tone::Muted } else { tone }, covered));
        }
        d.edges.extend(edges);
        let bottom = rects.last().map_or(y + HEAD, |r| r.bottom()) + 10.0;
        let who: Vec<String> = ns.members.iter().take(4).map(|(pid, comm)| format!("{comm} {pid}")).collect();
        let more = ns.members.len().saturating_sub(4);
        let who = if more > 0 { format!("{} +{more}", who.join(", ")) } else { who.join(", ") };
        let name = if ns.host { "host mount namespace".to_string() } else { format!("mount namespace {}", ns.id) };
        let label = if who.is_empty() { name } else { format!("{name} · {who}") };
        d.frames.push(Frame { rect: Rect { x: 12.0, y, w: width - 24.0, h: bottom - y }, label, tone });
        y = bottom + 16.0;
    }
    if namespaces.is_empty() {
        d.labels.push(Label { x: 12.0, y: 24.0, text: "No mount namespace yet.".into(), muted: true });
    }
    d.fit(12.0);
    d
}

/// Each mount's parent: the last earlier mount whose mountpoint contains it.
fn parents(mounts: &[MountInfo]) -> Vec<Option<usize>> {
    mounts
        .iter()
        .enumerate()
        .map(|(i, m)| {
            (0..i).rev().find(|&j| {
                let p = mounts[j].mountpoint.trim_end_matches('/');
                m.mountpoint != mounts[j].mountpoint && (p.is_empty() || m.mountpoint.starts_with(&format!("{p}/")))
            })
        })
        .collect()
}

fn mount_node(m: &MountInfo, rect: Rect, tone: Tone, covered: bool) -> crate::xray::diagram::Node {
    let mut badges = Vec::new();
    if covered {
        badges.push(badge("covered", Tone::Muted));
    }
    if m.readonly {
        badges.push(badge("ro", Tone::Warn));
    }
    let kind_tone = match m.fstype.as_str() {
        "overlay" => Tone::Accent,
        "proc" | "sysfs" | "cgroup2" | "devpts" | "mqueue" => Tone::Muted,
        _ => Tone::Plain,
    };
    badges.push(badge(m.fstype.clone(), kind_tone));
    let mut detail = format!("source {}", m.source);
    if !m.subpath.is_empty() {
        detail.push_str(&format!(" · bind of /{}", m.subpath.trim_start_matches('/')));
    }
    node(rect, &m.mountpoint, &detail, badges, tone)
}
