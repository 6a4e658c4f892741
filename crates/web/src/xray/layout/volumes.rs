//! Volumes and who mounts them: volumes (and bind-mounted host directories) on the left,
//! the containers on the right, and between them where each is mounted. A volume nobody
//! mounts is `dangling` (what `docker volume prune` removes); its data outlives containers.

use crate::xray::diagram::{badge, node, Diagram, Edge, Label, Rect, Tone, NODE_H};
use crate::xray::docker::Docker;
use crate::xray::select::{Related, Selection};

use super::container::tone;

const GAP: f32 = 10.0;
const LINK: f32 = 26.0;

/// Lays out volumes, binds and the containers mounting them `width` wide.
pub fn volumes(docker: &Docker, related: &Related, width: f32) -> Diagram {
    let mut d = Diagram::default();
    let binds: Vec<&str> = {
        let mut b: Vec<&str> = docker.containers.iter().flat_map(|c| c.mounts.iter().filter(|m| m.kind == "bind").map(|m| m.source.as_str())).collect();
        wharf_engine::sort::ascending(&mut b);
        b.dedup();
        b
    };
    if docker.volumes.is_empty() && binds.is_empty() {
        let text = if docker.installed { "No volumes yet: docker volume create data, or docker run -v data:/data." } else { "This machine has no Docker engine." };
        d.labels.push(Label { x: 12.0, y: 24.0, text: text.into(), muted: true });
        d.fit(12.0);
        return d;
    }
    let inner = width - 24.0;
    let col = ((inner - 2.0 * LINK) / 3.0).max(120.0);
    let (sx, mx, cx) = (12.0, 12.0 + col + LINK, 12.0 + 2.0 * (col + LINK));
    d.labels.push(Label { x: sx, y: 24.0, text: "volumes and host paths".into(), muted: true });
    d.labels.push(Label { x: mx, y: 24.0, text: "mounted at".into(), muted: true });
    d.labels.push(Label { x: cx, y: 24.0, text: "containers".into(), muted: true });
    let top = 36.0;
    // Containers with mounts, in a column of their own.
    let users: Vec<_> = docker.containers.iter().filter(|c| c.mounts.iter().any(|m| m.kind != "tmpfs")).collect();
    let mut crects = Vec::new();
    for (i, c) in users.iter().enumerate() {
        let r = Rect { x: cx, y: top + i as f32 * (NODE_H + GAP), w: col, h: NODE_H };
        d.nodes.push(node(r, &c.name, &format!("{} · {}", c.status, c.short_id()), vec![], tone(c)).selects(Selection::Container(c.id.clone()), related));
        crects.push((c.id.clone(), r));
    }
    let mut y = top;
    let mut sources: Vec<(String, Option<Selection>, String, Vec<Pill>)> = Vec::new();
    for v in &docker.volumes {
        let used = docker.containers.iter().any(|c| c.mounts.iter().any(|m| m.kind == "volume" && m.name == v.name));
        let mut b = vec![Pill("volume", Tone::Accent)];
        if v.anonymous() {
            b.push(Pill("anon", Tone::Muted));
        }
        if !used {
            b.push(Pill("dangling", Tone::Warn));
        }
        sources.push((v.short_name().to_string(), Some(Selection::Volume(v.name.clone())), v.mountpoint.clone(), b));
    }
    for bsrc in &binds {
        sources.push((bsrc.to_string(), None, "a host directory, bind-mounted".into(), vec![Pill("bind", Tone::Muted)]));
    }
    let mut mount_row = 0usize;
    for (title, sel, detail, badges) in sources {
        let badges = badges.into_iter().map(|Pill(t, tone)| badge(t, tone)).collect();
        let r = Rect { x: sx, y, w: col, h: NODE_H };
        let n = node(r, &title, &detail, badges, Tone::Plain);
        d.nodes.push(match &sel {
            Some(s) => n.selects(s.clone(), related),
            None => n,
        });
        // Each mount of this source: a node in the middle column, lines either side.
        for c in &docker.containers {
            for m in c.mounts.iter().filter(|m| match &sel {
                Some(Selection::Volume(name)) => m.kind == "volume" && &m.name == name,
                _ => m.kind == "bind" && m.source == title,
            }) {
                let my = (top + mount_row as f32 * (NODE_H + GAP)).max(y);
                let mr = Rect { x: mx, y: my, w: col, h: NODE_H };
                d.nodes.push(node(mr, &m.destination, &format!("in {}", c.name), vec![badge(if m.rw { "rw" } else { "ro" }, if m.rw { Tone::Muted } else { Tone::Warn })], tone(c)));
                let (ay, by) = (r.y + r.h / 2.0, mr.y + mr.h / 2.0);
                d.edges.push(Edge { points: vec![(r.right(), ay), (r.right() + LINK / 2.0, ay), (r.right() + LINK / 2.0, by), (mr.x, by)], tone: Tone::Muted });
                if let Some((_, cr)) = crects.iter().find(|(id, _)| id == &c.id) {
                    let cy = cr.y + cr.h / 2.0;
                    d.edges.push(Edge { points: vec![(mr.right(), by), (mr.right() + LINK / 2.0, by), (mr.right() + LINK / 2.0, cy), (cr.x, cy)], tone: tone(c) });
                }
                mount_row = ((my - top) / (NODE_H + GAP)).round() as usize + 1;
            }
        }
        y = (top + mount_row as f32 * (NODE_H + GAP)).max(y + NODE_H + GAP);
        mount_row = ((y - top) / (NODE_H + GAP)).round() as usize;
    }
    d.fit(12.0);
    d
}

/// A badge's text and tone before it is made (the sources are gathered first).
struct Pill(&'static str, Tone);
