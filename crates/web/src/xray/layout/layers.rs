//! Layers: each union filesystem (a container's root) as a stack, the writable layer on top
//! of the image's read-only layers, all feeding the merged view the container sees.

use crate::xray::diagram::{badge, node, Diagram, Edge, Frame, Label, Rect, Tone};
use crate::xray::snapshot::UnionInfo;

const HEAD: f32 = 26.0;
const LAYER_H: f32 = 40.0;
const GAP: f32 = 6.0;

/// Lays out every union filesystem `width` wide.
pub fn layers(unions: &[UnionInfo], width: f32) -> Diagram {
    let mut d = Diagram::default();
    let mut y = 12.0;
    let inner = width - 24.0;
    let stack_w = (inner * 0.54).clamp(190.0, 340.0);
    // Stack at x=24, 56 px of lines, the merged view, 12 px to the frame's right edge.
    let merged_w = (inner - stack_w - 12.0 - 56.0 - 12.0).clamp(150.0, 220.0);
    for u in unions {
        let x = 24.0;
        let mut top = y + HEAD;
        let mut rects = Vec::new();
        let upper = Rect { x, y: top, w: stack_w, h: LAYER_H };
        d.nodes.push(node(upper, "container layer", &entries(u.upper), vec![badge("read-write", Tone::Accent)], Tone::Accent));
        rects.push(upper);
        top += LAYER_H + GAP;
        for (i, n) in u.lowers.iter().enumerate().rev() {
            let r = Rect { x, y: top, w: stack_w, h: LAYER_H };
            d.nodes.push(node(r, &format!("layer {}", i + 1), &entries(*n), vec![badge("read-only", Tone::Muted)], Tone::Plain));
            rects.push(r);
            top += LAYER_H + GAP;
        }
        let stack_bottom = top - GAP;
        let mx = x + stack_w + 56.0;
        let merged = Rect { x: mx, y: (y + HEAD + stack_bottom) / 2.0 - LAYER_H / 2.0, w: merged_w, h: LAYER_H };
        d.nodes.push(node(merged, &format!("merged {}", u.mountpoint), "the container's view", vec![], Tone::Ns(u.colour)));
        for r in &rects {
            let (sx, sy) = (r.right(), r.y + r.h / 2.0);
            let (ex, ey) = (merged.x, merged.y + merged.h / 2.0);
            d.edges.push(Edge { points: vec![(sx, sy), (sx + 28.0, sy), (ex - 16.0, ey), (ex, ey)], tone: Tone::Muted });
        }
        let bottom = stack_bottom.max(merged.bottom()) + 12.0;
        d.frames.push(Frame {
            rect: Rect { x: 12.0, y, w: inner, h: bottom - y },
            label: format!("overlay on {} · mount namespace {}", u.mountpoint, u.mnt_ns),
            tone: Tone::Ns(u.colour),
        });
        y = bottom + 16.0;
    }
    if unions.is_empty() {
        d.labels.push(Label { x: 12.0, y: 24.0, text: "No container filesystem yet.".into(), muted: false });
    }
    d.fit(12.0);
    d
}

fn entries(n: usize) -> String {
    format!("{n} entr{}", if n == 1 { "y" } else { "ies" })
}
