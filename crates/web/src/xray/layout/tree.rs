//! The indented tree every hierarchical pane uses (processes, cgroups, mounts): one row per
//! node, children indented under their parent, elbow lines from parent to child, and the right
//! edges aligned so badges line up in a column.

use crate::xray::diagram::{Edge, Rect, Tone, NODE_H};

/// Horizontal step per level.
pub const INDENT: f32 = 22.0;
/// Vertical space between rows.
pub const ROW_GAP: f32 = 8.0;

/// One row: its depth, its parent row, and extra space above it (room for a frame's label).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// Nesting depth (0: a root).
    pub depth: usize,
    /// The parent's row, if drawn.
    pub parent: Option<usize>,
    /// Extra space above the row.
    pub gap_before: f32,
}

/// Places `rows` from (`x`, `y`) in a column `width` wide; returns each row's rectangle and
/// the parent-to-child lines.
pub fn place(rows: &[Row], x: f32, y: f32, width: f32) -> (Vec<Rect>, Vec<Edge>) {
    let mut rects: Vec<Rect> = Vec::with_capacity(rows.len());
    let mut top = y;
    for row in rows {
        top += row.gap_before;
        let left = x + row.depth as f32 * INDENT;
        rects.push(Rect { x: left, y: top, w: (width - row.depth as f32 * INDENT).max(80.0), h: NODE_H });
        top += NODE_H + ROW_GAP;
    }
    let edges = rows
        .iter()
        .enumerate()
        .filter_map(|(i, row)| {
            let (p, c) = (rects[row.parent?], rects[i]);
            let x = p.x + 11.0;
            let mid = c.y + c.h / 2.0;
            Some(Edge { points: vec![(x, p.bottom()), (x, mid), (c.x, mid)], tone: Tone::Muted })
        })
        .collect();
    (rects, edges)
}

/// Depth-first order of a forest given each item's parent (`None` for roots); children keep
/// their input order. Returns (item index, depth, parent's position in the output).
pub fn depth_first(parents: &[Option<usize>]) -> Vec<(usize, usize, Option<usize>)> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); parents.len()];
    let mut roots = Vec::new();
    for (i, p) in parents.iter().enumerate() {
        match p {
            Some(p) if *p != i => children[*p].push(i),
            _ => roots.push(i),
        }
    }
    let mut out = Vec::with_capacity(parents.len());
    let mut stack: Vec<(usize, usize, Option<usize>)> = roots.into_iter().rev().map(|r| (r, 0, None)).collect();
    while let Some((i, depth, parent_pos)) = stack.pop() {
        let pos = out.len();
        out.push((i, depth, parent_pos));
        for &c in children[i].iter().rev() {
            stack.push((c, depth + 1, Some(pos)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_first_visits_children_under_parents() {
        // 0 <- 1 <- 3, 0 <- 2, 4 alone
        let order = depth_first(&[None, Some(0), Some(0), Some(1), None]);
        assert_eq!(order, vec![(0, 0, None), (1, 1, Some(0)), (3, 2, Some(1)), (2, 1, Some(0)), (4, 0, None)]);
    }

    #[test]
    fn rows_do_not_overlap_and_lines_join_parent_to_child() {
        let rows = [
            Row { depth: 0, parent: None, gap_before: 0.0 },
            Row { depth: 1, parent: Some(0), gap_before: 20.0 },
            Row { depth: 2, parent: Some(1), gap_before: 0.0 },
        ];
        let (rects, edges) = place(&rows, 10.0, 10.0, 300.0);
        assert!(!rects[0].overlaps(&rects[1]) && !rects[1].overlaps(&rects[2]));
        assert_eq!(rects[2].right(), rects[0].right(), "right edges line up");
        assert_eq!(rects[1].y - rects[0].bottom(), ROW_GAP + 20.0);
        assert_eq!(edges.len(), 2);
        assert_eq!(edges[0].points.first(), Some(&(21.0, rects[0].bottom())));
        assert_eq!(edges[0].points.last(), Some(&(rects[1].x, rects[1].y + NODE_H / 2.0)));
    }
}
