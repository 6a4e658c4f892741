//! The network graph as dockerd sees it: the host with its published ports on top, then one
//! frame per network: its bridge (gateway) tied to each container on it, with the
//! container's address and the names the embedded DNS answers for it. A line runs from each
//! published port down to the container it forwards to.

use crate::xray::diagram::{badge, node, Diagram, Edge, Frame, Label, Rect, Tone, NODE_H};
use crate::xray::docker::{Container, Docker, Network};
use crate::xray::select::{Related, Selection};

use super::container::tone;

const HEAD: f32 = 26.0;
const GAP: f32 = 10.0;
const PORT_W: f32 = 230.0;
/// Room at a frame's right edge for the lines from published ports.
const LANES: f32 = 40.0;

/// Lays out the networks `width` wide.
pub fn graph(docker: &Docker, related: &Related, width: f32) -> Diagram {
    let mut d = Diagram::default();
    if !docker.installed {
        d.labels.push(Label { x: 12.0, y: 24.0, text: "This machine has no Docker engine.".into(), muted: true });
        d.fit(12.0);
        return d;
    }
    let inner = width - 24.0;
    // The host and its published ports (the `[::]` twin of each binding left out).
    let ports: Vec<(&Container, String, String)> = docker
        .containers
        .iter()
        .flat_map(|c| c.ports.iter().filter(|p| !p.host_ip.contains(':')).map(move |p| (c, format!("{}:{}", p.host_ip, p.host_port), p.container_port.clone())))
        .collect();
    let per_row = (((inner - GAP) / (PORT_W + GAP)).floor() as usize).max(1);
    let mut port_rects = Vec::new();
    for (i, (c, host, target)) in ports.iter().enumerate() {
        let rect = Rect { x: 12.0 + GAP + (i % per_row) as f32 * (PORT_W + GAP), y: 12.0 + HEAD + (i / per_row) as f32 * (NODE_H + GAP), w: PORT_W, h: NODE_H };
        let n = node(rect, &format!("{host} → {target}"), &format!("published: to {}", c.name), Vec::new(), Tone::Accent);
        d.nodes.push(n.selects(Selection::Container(c.id.clone()), related));
        port_rects.push((c.id.clone(), rect));
    }
    let mut host_bottom = 12.0 + HEAD + ports.len().div_ceil(per_row) as f32 * (NODE_H + GAP);
    if ports.is_empty() {
        d.labels.push(Label { x: 12.0 + GAP, y: 12.0 + HEAD + 10.0, text: "No published ports: docker run -p 8080:80 forwards one.".into(), muted: true });
        host_bottom += 22.0;
    }
    d.frames.push(Frame { rect: Rect { x: 12.0, y: 12.0, w: inner, h: host_bottom - 12.0 }, label: "host · published ports".into(), tone: Tone::Plain });

    // The networks in use, and every user-defined one.
    let shown: Vec<&Network> = docker
        .networks
        .iter()
        .filter(|n| n.user_defined || n.name == "bridge" || docker.containers.iter().any(|c| c.endpoints.iter().any(|e| e.network == n.name) || c.network_mode == n.name))
        .collect();
    let mut y = host_bottom + 24.0;
    let gw_w = (inner * 0.34).clamp(150.0, 220.0);
    let ctr_x = 12.0 + GAP + gw_w + 36.0;
    let ctr_w = (12.0 + inner - LANES - ctr_x).max(150.0);
    let mut first_place: Vec<(String, Rect)> = Vec::new();
    for net in &shown {
        let top = y;
        let members: Vec<&Container> = docker.containers.iter().filter(|c| c.endpoints.iter().any(|e| e.network == net.name) || (net.driver != "bridge" && c.network_mode == net.name)).collect();
        let gw = Rect { x: 12.0 + GAP, y: top + HEAD, w: gw_w, h: NODE_H };
        let (title, detail) = match net.driver.as_str() {
            "bridge" => (format!("bridge {}", net.bridge), format!("gateway {}", net.gateway.clone().unwrap_or_default())),
            "host" => ("the host's stack".to_string(), "no namespace of its own".to_string()),
            _ => ("no network".to_string(), "loopback only".to_string()),
        };
        let mut badges = Vec::new();
        if net.internal {
            badges.push(badge("internal", Tone::Warn));
        }
        if net.user_defined {
            badges.push(badge("DNS", Tone::Accent));
        }
        d.nodes.push(node(gw, &title, &detail, badges, Tone::Accent).selects(Selection::Network(net.name.clone()), related));
        let mut cy = top + HEAD;
        for c in &members {
            let rect = Rect { x: ctr_x, y: cy, w: ctr_w, h: NODE_H };
            let ep = c.endpoints.iter().find(|e| e.network == net.name);
            let ip = ep.and_then(|e| e.ip.clone()).unwrap_or_else(|| if c.running() { "-".into() } else { "no address (stopped)".into() });
            let detail = match ep.map(|e| &e.dns_names) {
                Some(names) if !names.is_empty() => format!("{ip} · DNS {}", names.join(", ")),
                _ => ip,
            };
            d.nodes.push(node(rect, &c.name, &detail, vec![badge(c.status, Tone::Muted)], tone(c)).selects(Selection::Container(c.id.clone()), related));
            let (sx, sy, ey) = (gw.right(), gw.y + gw.h / 2.0, rect.y + rect.h / 2.0);
            d.edges.push(Edge { points: vec![(sx, sy), (sx + 16.0, sy), (sx + 16.0, ey), (rect.x, ey)], tone: tone(c) });
            if !first_place.iter().any(|(id, _)| id == &c.id) {
                first_place.push((c.id.clone(), rect));
            }
            cy += NODE_H + GAP;
        }
        let bottom = cy.max(gw.bottom() + GAP) + 4.0;
        let mut label = net.name.clone();
        if let Some(s) = &net.subnet {
            label.push_str(&format!(" · {s}"));
        }
        label.push_str(if net.user_defined { " · containers find each other by name" } else if net.driver == "bridge" { " · default bridge: no DNS by name" } else { "" });
        d.frames.push(Frame { rect: Rect { x: 12.0, y: top, w: inner, h: bottom - top }, label, tone: Tone::Plain });
        y = bottom + 16.0;
    }
    if shown.is_empty() {
        d.labels.push(Label { x: 12.0, y: y + 8.0, text: "No networks yet: dockerd makes bridge, host and none at its first network call.".into(), muted: true });
    }
    // Published ports down to their containers, in lanes at the right edge.
    for (lane, (id, p)) in port_rects.iter().enumerate() {
        let Some((_, c)) = first_place.iter().find(|(cid, _)| cid == id) else { continue };
        let lx = c.right() + 8.0 + (lane % 4) as f32 * 7.0;
        let (px, cy) = (p.x + p.w / 2.0, c.y + c.h / 2.0);
        let channel = host_bottom + 8.0 + (lane % 4) as f32 * 3.0;
        d.edges.push(Edge { points: vec![(px, p.bottom()), (px, channel), (lx, channel), (lx, cy), (c.right(), cy)], tone: Tone::Accent });
    }
    d.fit(12.0);
    d
}
