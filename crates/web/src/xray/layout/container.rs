//! One container up close: the pick of containers, its union mount (the image's read-only
//! layers under Docker's init layer and its own writable layer, with what `docker diff`
//! shows as new files, copy-ups and whiteouts), its namespaces (PIDs inside and on the host,
//! hostname, mounts, network) and its cgroup's limits against what it uses.

use wharf_engine::cli::units::human_size;

use super::bytes;
use crate::xray::diagram::{badge, node, Diagram, Edge, Frame, Label, Node, Rect, Tone, NODE_H};
use crate::xray::docker::{Container, Docker};
use crate::xray::select::{Related, Selection};

const HEAD: f32 = 26.0;
const GAP: f32 = 8.0;
/// Width from which changes, processes and mounts take two columns.
const TWO_COLUMNS: f32 = 620.0;
/// Most `docker diff` lines drawn; the rest are counted.
const MAX_CHANGES: usize = 12;

/// The container the Containers tab shows: the selected one, else one tied to the
/// selection, else the newest running one, else the newest.
pub fn focus<'d>(docker: &'d Docker, related: &Related) -> Option<&'d Container> {
    let tied = |c: &&Container| related.mark(&Selection::Container(c.id.clone())) != crate::xray::select::Mark::None;
    let selected = docker.containers.iter().find(|c| related.selected() == Some(&Selection::Container(c.id.clone())));
    selected
        .or_else(|| docker.containers.iter().rev().find(tied))
        .or_else(|| docker.containers.iter().rev().find(|c| c.running()))
        .or_else(|| docker.containers.last())
}

/// The tone of a container: its namespaces' colour while it runs.
pub fn tone(c: &Container) -> Tone {
    if c.running() && c.colour > 0 {
        Tone::Ns(c.colour)
    } else {
        Tone::Muted
    }
}

/// Every container as a small card to pick from.
pub fn picker(docker: &Docker, related: &Related, width: f32) -> Diagram {
    let mut d = Diagram::default();
    if docker.containers.is_empty() {
        let text = if docker.installed { "No containers yet: try docker run -d --name web nginx." } else { "This machine has no Docker engine." };
        d.labels.push(Label { x: 12.0, y: 24.0, text: text.into(), muted: true });
        d.fit(12.0);
        return d;
    }
    let w = 180.0;
    let per_row = (((width - 24.0 + GAP) / (w + GAP)).floor() as usize).max(1);
    for (i, c) in docker.containers.iter().enumerate() {
        let rect = Rect { x: 12.0 + (i % per_row) as f32 * (w + GAP), y: 12.0 + (i / per_row) as f32 * (NODE_H + GAP), w, h: NODE_H };
        let detail = format!("{} · {}", c.short_id(), c.image);
        d.nodes.push(node(rect, &c.name, &detail, vec![badge(c.status, status_tone(c))], tone(c)).selects(Selection::Container(c.id.clone()), related));
    }
    d.fit(12.0);
    d
}

fn status_tone(c: &Container) -> Tone {
    match c.status {
        "running" => Tone::Accent,
        "paused" | "restarting" | "dead" => Tone::Warn,
        _ => Tone::Muted,
    }
}

/// The container's root filesystem: lower layers, the writable layer and its changes, and
/// the merged view.
pub fn union(c: &Container, docker: &Docker, related: &Related, width: f32) -> Diagram {
    let mut d = Diagram::default();
    let inner = width - 24.0;
    let stack_w = (inner * 0.58).clamp(190.0, 360.0);
    let merged_w = (inner - stack_w - 12.0 - 52.0 - 12.0).clamp(120.0, 220.0);
    let x = 24.0;
    let top0 = 12.0 + HEAD;
    let mut y = top0;
    let mut rects = Vec::new();
    let counts = |k: char| c.changes.iter().filter(|ch| ch.kind == k).count();
    let (added, copied, whited) = (counts('A'), counts('C'), counts('D'));
    let upper_detail = if c.changes.is_empty() { "nothing changed yet".to_string() } else { format!("{added} new · {copied} copy-up · {whited} whiteout") };
    let upper = Rect { x, y, w: stack_w, h: NODE_H };
    d.nodes.push(node(upper, "container layer (upper)", &upper_detail, vec![badge("rw", Tone::Accent)], Tone::Accent).selects(Selection::Container(c.id.clone()), related));
    rects.push(upper);
    y += NODE_H + GAP;
    let init = Rect { x, y, w: stack_w, h: NODE_H };
    d.nodes.push(node(init, "init layer", "/etc/hosts, /etc/resolv.conf, /dev, /proc…", vec![badge("ro", Tone::Muted)], Tone::Muted));
    rects.push(init);
    y += NODE_H + GAP;
    match docker.image(&c.image_id) {
        Some(img) => {
            for layer in img.layers.iter().rev() {
                let r = Rect { x, y, w: stack_w, h: NODE_H };
                let detail = format!("{} · lower, from {}", human_size(layer.size), img.name());
                let n = node(r, &super::images::instruction(&layer.created_by), &detail, vec![badge("ro", Tone::Muted)], Tone::Plain);
                d.nodes.push(n.selects(Selection::Layer(layer.chain.clone()), related));
                rects.push(r);
                y += NODE_H + GAP;
            }
        }
        None => {
            d.labels.push(Label { x, y: y + 14.0, text: "(its image is gone from the store)".into(), muted: true });
            y += 22.0;
        }
    }
    let stack_bottom = y - GAP;
    let merged = Rect { x: x + stack_w + 52.0, y: (top0 + stack_bottom) / 2.0 - NODE_H / 2.0, w: merged_w, h: NODE_H };
    d.nodes.push(node(merged, "merged /", "the container's view", vec![], tone(c)));
    for r in &rects {
        let (sx, sy) = (r.right(), r.y + r.h / 2.0);
        let (ex, ey) = (merged.x, merged.y + merged.h / 2.0);
        d.edges.push(Edge { points: vec![(sx, sy), (sx + 24.0, sy), (ex - 14.0, ey), (ex, ey)], tone: Tone::Muted });
    }
    let mut bottom = stack_bottom.max(merged.bottom()) + 12.0;
    d.frames.push(Frame { rect: Rect { x: 12.0, y: 12.0, w: inner, h: bottom - 12.0 }, label: format!("overlay root of {} · lowerdir + upperdir = merged", c.name), tone: tone(c) });

    // What `docker diff` lists, as the writable layer holds it.
    let top = bottom + 16.0;
    let per_row = if inner >= TWO_COLUMNS { 2 } else { 1 };
    let cw = (inner - 24.0 - GAP * (per_row - 1) as f32) / per_row as f32;
    let mut row_y = top + HEAD;
    for (i, ch) in c.changes.iter().take(MAX_CHANGES).enumerate() {
        let rect = Rect { x: 24.0 + (i % per_row) as f32 * (cw + GAP), y: row_y, w: cw, h: NODE_H };
        let (word, t) = match ch.kind {
            'A' => ("new", Tone::Accent),
            'D' => ("whiteout", Tone::Warn),
            _ => ("copy-up", Tone::Warn),
        };
        let detail = match ch.kind {
            'A' => "A: only in the writable layer",
            'D' => "D: a 0:0 char device hides the lower file",
            _ => "C: copied up from a lower layer, then changed",
        };
        let mut n = node(rect, &ch.path, detail, vec![badge(word, t)], if ch.kind == 'A' { Tone::Accent } else { Tone::Warn });
        n.tooltip = format!("{} {}\n{detail}", ch.kind, ch.path);
        d.nodes.push(n);
        if i % per_row == per_row - 1 || i + 1 == c.changes.len().min(MAX_CHANGES) {
            row_y += NODE_H + GAP;
        }
    }
    if c.changes.len() > MAX_CHANGES {
        row_y += 12.0;
        d.labels.push(Label { x: 24.0, y: row_y, text: format!("… and {} more (docker diff {})", c.changes.len() - MAX_CHANGES, c.name), muted: true });
        row_y += 8.0;
    }
    if c.changes.is_empty() {
        d.labels.push(Label { x: 24.0, y: row_y + 14.0, text: "No changes: the writable layer is empty, every file comes from the image.".into(), muted: true });
        row_y += 26.0;
    }
    bottom = row_y + 4.0;
    d.frames.push(Frame { rect: Rect { x: 12.0, y: top, w: inner, h: bottom - top }, label: format!("upperdir · docker diff {}", c.name), tone: Tone::Plain });
    d.fit(12.0);
    d
}

/// Its namespaces and its cgroup.
pub fn namespaces(c: &Container, related: &Related, width: f32) -> Diagram {
    let mut d = Diagram::default();
    let inner = width - 24.0;
    let per_row = if inner >= TWO_COLUMNS { 2 } else { 1 };
    let cw = (inner - 24.0 - GAP * (per_row - 1) as f32) / per_row as f32;
    let mut y = 12.0;
    let t = tone(c);
    let group = |d: &mut Diagram, y: &mut f32, label: String, nodes: Vec<Node>| {
        let top = *y;
        let mut row_y = top + HEAD;
        let count = nodes.len();
        for (i, mut n) in nodes.into_iter().enumerate() {
            n.rect = Rect { x: 24.0 + (i % per_row) as f32 * (cw + GAP), y: row_y, w: cw, h: NODE_H };
            let fitted = node(n.rect, &n.tooltip.lines().next().unwrap_or(""), n.tooltip.lines().nth(1).unwrap_or(""), n.badges.clone(), n.tone);
            n.title = fitted.title;
            n.detail = fitted.detail;
            d.nodes.push(n);
            if i % per_row == per_row - 1 || i + 1 == count {
                row_y += NODE_H + GAP;
            }
        }
        *y = row_y + 4.0;
        d.frames.push(Frame { rect: Rect { x: 12.0, y: top, w: inner, h: *y - top }, label, tone: t });
        *y += 14.0;
    };
    let blank = Rect { x: 0.0, y: 0.0, w: 200.0, h: NODE_H };
    if let Some((pid_ns, mnt_ns, net_ns)) = c.namespaces.filter(|_| c.running()) {
        let procs: Vec<Node> = c.procs.iter().map(|p| node(blank, &format!("PID {} · {}", p.pid, p.cmdline), "inside the container", vec![badge(format!("host {}", p.host_pid), Tone::Muted)], t)).collect();
        group(&mut d, &mut y, format!("PID namespace {pid_ns} · PID 1 inside is {} on the host", c.pid.unwrap_or(0)), procs);
        group(&mut d, &mut y, "UTS namespace".into(), vec![node(blank, &format!("hostname {}", c.hostname), "its own; the host keeps its name", vec![badge("uts", Tone::Muted)], t)]);
        let mut mounts = vec![node(blank, "/", "overlay: the merged layers above", vec![badge("overlay", Tone::Accent)], t)];
        for m in &c.mounts {
            let what = match m.kind {
                "volume" => format!("volume {}", short(&m.name)),
                "bind" => format!("bind {}", m.source),
                _ => "tmpfs (memory)".to_string(),
            };
            let n = node(blank, &m.destination, &what, vec![badge(if m.rw { "rw" } else { "ro" }, if m.rw { Tone::Muted } else { Tone::Warn }), badge(m.kind, Tone::Accent)], t);
            mounts.push(if m.kind == "volume" { n.selects(Selection::Volume(m.name.clone()), related) } else { n });
        }
        group(&mut d, &mut y, format!("mount namespace {mnt_ns}"), mounts);
        let nets: Vec<Node> = if c.network_mode == "host" {
            vec![node(blank, "the host's network", "--network host: no namespace of its own", vec![badge("host", Tone::Warn)], t)]
        } else if c.endpoints.is_empty() {
            vec![node(blank, "lo only", "--network none: loopback and nothing else", vec![badge("none", Tone::Muted)], t)]
        } else {
            c.endpoints
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let dns = if e.dns_names.is_empty() { "no DNS name".to_string() } else { format!("DNS {}", e.dns_names.join(", ")) };
                    let n = node(blank, &format!("eth{i} {}", e.ip.clone().unwrap_or_default()), &format!("network {} · {dns}", e.network), vec![badge("veth", Tone::Muted)], t);
                    n.selects(Selection::Network(e.network.clone()), related)
                })
                .collect()
        };
        group(&mut d, &mut y, if c.network_mode == "host" { "network: the host's namespace".into() } else { format!("network namespace {net_ns}") }, nets);
    } else {
        d.labels.push(Label { x: 12.0, y: y + 12.0, text: format!("{} is {}: no process, so no namespaces. Its writable layer stays until docker rm.", c.name, c.status), muted: true });
        y += 30.0;
    }
    // The cgroup: limits from docker run, usage from the kernel.
    let l = &c.limits;
    let mut mem = node(blank, &match l.memory_max {
        Some(max) => format!("memory {} / {}", bytes(l.memory), bytes(max)),
        None => format!("memory {}", bytes(l.memory)),
    }, if l.memory_max.is_some() { "memory.max: over it, the OOM killer" } else { "no --memory: up to the host's" }, vec![badge("memory", Tone::Muted)], Tone::Plain);
    if let Some(max) = l.memory_max.filter(|m| *m > 0) {
        let f = (l.memory as f32 / max as f32).clamp(0.0, 1.0);
        mem.meter = Some((f, if f > 0.85 { Tone::Warn } else { Tone::Accent }));
        mem.tone = Tone::Accent;
    }
    let mut pids = node(blank, &match l.pids_max {
        Some(max) => format!("pids {} / {max}", l.pids),
        None => format!("pids {}", l.pids),
    }, if l.pids_max.is_some() { "pids.max: fork fails beyond it" } else { "no --pids-limit" }, vec![badge("pids", Tone::Muted)], Tone::Plain);
    if let Some(max) = l.pids_max.filter(|m| *m > 0) {
        let f = (l.pids as f32 / max as f32).clamp(0.0, 1.0);
        pids.meter = Some((f, if f > 0.85 { Tone::Warn } else { Tone::Accent }));
        pids.tone = Tone::Accent;
    }
    let cpu = match l.cpus {
        Some(n) => node(blank, &format!("cpus {n}"), "cpu.max: throttled beyond it", vec![badge("cpu", Tone::Muted)], Tone::Accent),
        None => node(blank, "cpus: no limit", "no --cpus", vec![badge("cpu", Tone::Muted)], Tone::Plain),
    };
    group(&mut d, &mut y, format!("cgroup system.slice/docker-{}….scope", c.short_id()), vec![mem, pids, cpu]);
    d.fit(12.0);
    d
}

fn short(name: &str) -> &str {
    if name.len() == 64 {
        &name[..12]
    } else {
        name
    }
}
