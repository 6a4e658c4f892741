//! Images: each image's layer stack, newest layer on top, side by side and bottom-aligned so
//! a layer two images share (same chain ID: the same layers below it) sits on the same row
//! in both, tied by a dashed line and a "shared" badge: it is stored once.

use std::collections::BTreeMap;

use wharf_engine::cli::units::human_size;

use crate::xray::diagram::{badge, node, Diagram, Edge, Label, Rect, Tone, NODE_H};
use crate::xray::docker::{Docker, Image, Layer};
use crate::xray::select::{Related, Selection};

const GAP: f32 = 10.0;
const COL_GAP: f32 = 24.0;
const MIN_COL: f32 = 210.0;

/// Lays out every image's layers `width` wide.
pub fn images(docker: &Docker, related: &Related, width: f32) -> Diagram {
    let mut d = Diagram::default();
    if docker.images.is_empty() {
        let text = if docker.installed { "No images yet: docker pull or docker run fetches one." } else { "This machine has no Docker engine." };
        d.labels.push(Label { x: 12.0, y: 24.0, text: text.into(), muted: true });
        d.fit(12.0);
        return d;
    }
    let shares = shares(&docker.images);
    // Images sharing a base stand next to each other.
    let mut order: Vec<&Image> = docker.images.iter().collect();
    wharf_engine::sort::by(&mut order, |a, b| (a.layers.first().map(|l| &l.chain), a.layers.len()).cmp(&(b.layers.first().map(|l| &l.chain), b.layers.len())));
    let inner = width - 24.0;
    let per_row = (((inner + COL_GAP) / (MIN_COL + COL_GAP)).floor() as usize).max(1);
    let col_w = ((inner - COL_GAP * (per_row - 1) as f32) / per_row as f32).min(320.0);
    let mut y = 12.0;
    for row in order.chunks(per_row) {
        let most = row.iter().map(|i| i.layers.len()).max().unwrap_or(0);
        let stack_top = y + NODE_H + GAP * 2.0;
        let mut placed: Vec<Vec<(String, Rect)>> = Vec::new();
        for (k, img) in row.iter().enumerate() {
            let x = 12.0 + k as f32 * (col_w + COL_GAP);
            let head = Rect { x, y, w: col_w, h: NODE_H };
            let users = docker.containers.iter().filter(|c| c.image_id == img.id).count();
            let badges = if users > 0 { vec![badge(plural(users, "ctr"), Tone::Accent)] } else { Vec::new() };
            let detail = format!("{} · {} · {}", img.short_id(), human_size(img.size()), plural(img.layers.len(), "layer"));
            d.nodes.push(node(head, &img.name(), &detail, badges, Tone::Accent).selects(Selection::Image(img.id.clone()), related));
            let mut rects = Vec::new();
            for (i, layer) in img.layers.iter().enumerate() {
                let r = Rect { x, y: stack_top + (most - 1 - i) as f32 * (NODE_H + GAP), w: col_w, h: NODE_H };
                let shared = shares.get(&layer.chain).copied().unwrap_or(1);
                d.nodes.push(layer_node(layer, r, shared).selects(Selection::Layer(layer.chain.clone()), related));
                rects.push((layer.chain.clone(), r));
            }
            if let Some((_, top)) = rects.last() {
                let cx = x + 14.0;
                d.edges.push(Edge { points: vec![(cx, head.bottom()), (cx, top.y)], tone: Tone::Muted });
            }
            placed.push(rects);
        }
        // A shared layer is one layer on disk: tie its places in neighbouring columns.
        for pair in placed.windows(2) {
            for (chain, a) in &pair[0] {
                if let Some((_, b)) = pair[1].iter().find(|(c, _)| c == chain) {
                    let my = a.y + a.h / 2.0;
                    d.edges.push(Edge { points: vec![(a.right(), my), (b.x, b.y + b.h / 2.0)], tone: Tone::Accent });
                }
            }
        }
        y = stack_top + most as f32 * (NODE_H + GAP) + 14.0;
    }
    d.fit(12.0);
    d
}

/// How many images hold each chain ID.
pub fn shares(images: &[Image]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for img in images {
        for l in &img.layers {
            *out.entry(l.chain.clone()).or_insert(0) += 1;
        }
    }
    out
}

fn layer_node(layer: &Layer, rect: Rect, shared: usize) -> crate::xray::diagram::Node {
    let digest = layer.diff_id.strip_prefix("sha256:").unwrap_or(&layer.diff_id);
    let detail = format!("{} · {}", human_size(layer.size), &digest[..digest.len().min(12)]);
    let (badges, tone) = if shared > 1 { (vec![badge(format!("shared ×{shared}"), Tone::Accent)], Tone::Accent) } else { (Vec::new(), Tone::Plain) };
    let mut n = node(rect, &instruction(&layer.created_by), &detail, badges, tone);
    n.tooltip = format!("{}\n{} · {}\nchain {}", layer.created_by, human_size(layer.size), layer.diff_id, layer.chain);
    n
}

/// A history entry's CREATED BY as the Dockerfile line it came from: `/bin/sh -c #(nop) ADD
/// file:… in /` reads `ADD file:… in /`, `/bin/sh -c apt-get install…` reads `RUN apt-get…`.
pub fn instruction(created_by: &str) -> String {
    // Multi-line RUN steps are joined with runs of spaces; one space reads better.
    let collapsed = created_by.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = collapsed.as_str();
    if let Some(rest) = s.strip_prefix("/bin/sh -c #(nop)") {
        return rest.trim().to_string();
    }
    if let Some(rest) = s.strip_prefix("/bin/sh -c ") {
        return format!("RUN {}", rest.trim());
    }
    if s.is_empty() {
        return "(no history)".into();
    }
    s.to_string()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::instruction;

    #[test]
    fn history_reads_as_dockerfile_lines() {
        assert_eq!(instruction("/bin/sh -c #(nop) ADD file:5cbd in / "), "ADD file:5cbd in /");
        assert_eq!(instruction("/bin/sh -c #(nop)  CMD [\"sh\"]"), "CMD [\"sh\"]");
        assert_eq!(instruction("/bin/sh -c set -x \t    && groupadd nginx"), "RUN set -x && groupadd nginx");
        assert_eq!(instruction("sh -c rm /etc/motd"), "sh -c rm /etc/motd", "a commit's command as it was");
        assert_eq!(instruction(""), "(no history)");
    }
}
