//! The network: the host's interfaces (its bridges among them) in one frame, each other
//! network namespace in a frame below with its interfaces, a line from each veth up to its
//! bridge, and the published ports.

use crate::xray::diagram::{badge, fit_text, node, Diagram, Edge, Frame, Label, Node, Rect, Tone, BADGE_CHAR_W, NODE_H};
use crate::xray::snapshot::{IfaceInfo, Network};

const HEAD: f32 = 26.0;
const GAP: f32 = 12.0;
const IFACE_W: f32 = 196.0;
/// Vertical room between the host frame and the namespaces, where the veth lines run.
const CHANNEL: f32 = 44.0;

/// Lays out the network `width` wide.
pub fn network(net: &Network, width: f32) -> Diagram {
    let mut d = Diagram::default();
    let Some(host) = net.namespaces.iter().find(|n| n.id == 0) else {
        return d;
    };
    let inner = width - 24.0;
    let per_row = (((inner - 2.0 * GAP + GAP) / (IFACE_W + GAP)).floor() as usize).max(1);
    let mut bridges: Vec<(String, Rect)> = Vec::new();
    for (i, iface) in host.ifaces.iter().enumerate() {
        let rect = Rect {
            x: 12.0 + GAP + (i % per_row) as f32 * (IFACE_W + GAP),
            y: 12.0 + HEAD + (i / per_row) as f32 * (NODE_H + GAP),
            w: IFACE_W,
            h: NODE_H,
        };
        if iface.kind == "bridge" {
            bridges.push((iface.name.clone(), rect));
        }
        d.nodes.push(iface_node(iface, rect, Tone::Plain));
    }
    let rows = host.ifaces.len().div_ceil(per_row).max(1);
    let mut bottom = 12.0 + HEAD + rows as f32 * (NODE_H + GAP);
    for p in &net.published {
        bottom += 16.0;
        d.labels.push(Label { x: 12.0 + GAP, y: bottom, text: format!("published  {p}"), muted: false });
    }
    bottom += if net.published.is_empty() { 0.0 } else { 10.0 };
    d.frames.push(Frame { rect: Rect { x: 12.0, y: 12.0, w: inner, h: bottom - 12.0 }, label: "host network namespace".into(), tone: Tone::Plain });

    let others: Vec<_> = net.namespaces.iter().filter(|n| n.id != 0).collect();
    if others.is_empty() {
        d.labels.push(Label {
            x: 12.0,
            y: bottom + 24.0,
            text: "No other network namespace yet: each container gets one, with a veth to a bridge.".into(),
            muted: true,
        });
        d.fit(12.0);
        return d;
    }
    let frame_w = IFACE_W + 2.0 * GAP;
    let per_row = (((inner + GAP) / (frame_w + GAP)).floor() as usize).max(1);
    let mut top = bottom + CHANNEL;
    let mut row_bottom = top;
    for (i, ns) in others.iter().enumerate() {
        if i > 0 && i % per_row == 0 {
            top = row_bottom + CHANNEL;
        }
        let x = 12.0 + (i % per_row) as f32 * (frame_w + GAP);
        let tone = Tone::Ns(ns.colour);
        let mut y = top + HEAD;
        // The veth first, next to the bridge it hangs from; then the rest as `ip link` lists them.
        let mut ifaces: Vec<&IfaceInfo> = ns.ifaces.iter().collect();
        wharf_engine::sort::by_key(&mut ifaces, |i| i.bridge.is_none());
        for iface in ifaces {
            let rect = Rect { x: x + GAP, y, w: IFACE_W, h: NODE_H };
            if let Some((_, b)) = iface.bridge.as_ref().and_then(|name| bridges.iter().find(|(n, _)| n == name)) {
                let (vx, bx) = (rect.x + rect.w / 2.0, b.x + b.w / 2.0);
                let channel = bottom + CHANNEL / 2.0 + (i % 3) as f32 * 4.0;
                d.edges.push(Edge { points: vec![(vx, top), (vx, channel), (bx, channel), (bx, b.bottom())], tone });
                d.edges.push(Edge { points: vec![(vx, top), (vx, rect.y)], tone });
            }
            d.nodes.push(iface_node(iface, rect, tone));
            y += NODE_H + GAP;
        }
        // Frames stand side by side: a long label must not run into the next one's, so the
        // command goes first when it does not fit, then the label is cut.
        let via = ns.gateway.as_ref().map(|gw| format!(" · via {gw}")).unwrap_or_default();
        let host = ns.label.split(" · ").next().unwrap_or(&ns.label);
        let room = frame_w - 16.0;
        let full = format!("{}{via}", ns.label);
        let label = if full.chars().count() as f32 * BADGE_CHAR_W <= room { full } else { fit_text(&format!("{host}{via}"), room, BADGE_CHAR_W) };
        d.frames.push(Frame { rect: Rect { x, y: top, w: frame_w, h: y - top }, label, tone });
        row_bottom = row_bottom.max(y);
    }
    d.fit(12.0);
    d
}

fn iface_node(iface: &IfaceInfo, rect: Rect, tone: Tone) -> Node {
    let kind_tone = match iface.kind {
        "bridge" => Tone::Accent,
        "loopback" => Tone::Muted,
        _ => tone,
    };
    let detail = iface.addr.clone().unwrap_or_else(|| "no address".into());
    let tone = if iface.kind == "bridge" { Tone::Accent } else { tone };
    node(rect, &iface.name, &detail, vec![badge(iface.kind, kind_tone)], tone)
}
