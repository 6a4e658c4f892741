//! A diagram: boxes, frames, lines and labels with computed positions, ready to draw as SVG.
//! Layouts (in [`super::layout`]) produce it from snapshots; the `diagram` component only
//! turns each item into an SVG element, and colours come from CSS classes ([`Tone::class`]).

use super::select::{Mark, Related, Selection};

/// Width of one character of the diagrams' monospace text at 12 px, for fitting labels.
pub const CHAR_W: f32 = 7.3;
/// Width of one character of badge text (11 px).
pub const BADGE_CHAR_W: f32 = 6.7;
/// A node's height: a title row and a detail row.
pub const NODE_H: f32 = 40.0;

/// A rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// Whether `other` lies inside this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x && other.y >= self.y && other.right() <= self.right() && other.bottom() <= self.bottom()
    }

    /// Whether the two rectangles overlap.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }
}

/// A colour role; the stylesheet maps each to light and dark theme colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// The host's things.
    Plain,
    /// What the eye should go to first (a bridge, a writable layer).
    Accent,
    /// Secondary facts.
    Muted,
    /// Trouble (stopped, frozen, near a limit).
    Warn,
    /// A namespace's colour, cycling through a small palette by index.
    Ns(usize),
}

impl Tone {
    /// The CSS class suffix: `tone-plain`, `tone-ns2`...
    pub fn class(self) -> String {
        match self {
            Tone::Plain => "tone-plain".into(),
            Tone::Accent => "tone-accent".into(),
            Tone::Muted => "tone-muted".into(),
            Tone::Warn => "tone-warn".into(),
            Tone::Ns(i) => format!("tone-ns{}", (i.max(1) - 1) % 5 + 1),
        }
    }
}

/// A small pill of text inside a node's title row.
#[derive(Debug, Clone, PartialEq)]
pub struct Badge {
    /// The text.
    pub text: String,
    /// Its colour.
    pub tone: Tone,
}

/// A box with a title, a detail line and badges.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where.
    pub rect: Rect,
    /// Bold first line (already fitted to the box).
    pub title: String,
    /// Second line, muted (already fitted).
    pub detail: String,
    /// Right-aligned pills on the first line.
    pub badges: Vec<Badge>,
    /// Its colour.
    pub tone: Tone,
    /// A bar along the bottom edge: fraction filled (0..=1) and its colour.
    pub meter: Option<(f32, Tone)>,
    /// The full, unfitted text, for a tooltip.
    pub tooltip: String,
    /// The daemon object a click on it selects.
    pub target: Option<Selection>,
    /// How it stands to the selection.
    pub mark: Mark,
}

impl Node {
    /// Makes the node select `object` when clicked, marked as `related` says.
    pub fn selects(mut self, object: Selection, related: &Related) -> Node {
        self.mark = related.mark(&object);
        self.target = Some(object);
        self
    }
}

/// A dashed boundary around related nodes (a namespace), with a label tab.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Where.
    pub rect: Rect,
    /// The label, drawn on the top edge.
    pub label: String,
    /// Its colour.
    pub tone: Tone,
}

/// A line through points.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The points, in order.
    pub points: Vec<(f32, f32)>,
    /// Its colour.
    pub tone: Tone,
}

/// Free text.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Left.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// The text.
    pub text: String,
    /// Muted small text rather than normal.
    pub muted: bool,
}

/// Everything to draw, in painting order: frames, edges, nodes, labels.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagram {
    /// Width of the drawing.
    pub width: f32,
    /// Height of the drawing.
    pub height: f32,
    /// Namespace boundaries.
    pub frames: Vec<Frame>,
    /// Connections.
    pub edges: Vec<Edge>,
    /// Boxes.
    pub nodes: Vec<Node>,
    /// Text.
    pub labels: Vec<Label>,
}

impl Diagram {
    /// Sets the size to enclose everything, plus a margin.
    pub fn fit(&mut self, margin: f32) {
        let rects = self.frames.iter().map(|f| f.rect).chain(self.nodes.iter().map(|n| n.rect));
        let (mut w, mut h) = rects.fold((0f32, 0f32), |(w, h), r| (w.max(r.right()), h.max(r.bottom())));
        for l in &self.labels {
            w = w.max(l.x + l.text.chars().count() as f32 * CHAR_W);
            h = h.max(l.y + 4.0);
        }
        self.width = w + margin;
        self.height = h + margin;
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.labels.is_empty()
    }
}

/// `text` cut to at most `max_px` of monospace characters `char_w` wide, with an ellipsis.
pub fn fit_text(text: &str, max_px: f32, char_w: f32) -> String {
    let max = (max_px / char_w).floor().max(0.0) as usize;
    let n = text.chars().count();
    if n <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut s: String = text.chars().take(max - 1).collect();
    s.push('…');
    s
}

/// Builds a [`Node`], fitting the title around the badges and the detail into the width.
pub fn node(rect: Rect, title: &str, detail: &str, badges: Vec<Badge>, tone: Tone) -> Node {
    let badges_w: f32 = badges.iter().map(|b| badge_width(&b.text) + 4.0).sum();
    let tooltip = if detail.is_empty() { title.to_string() } else { format!("{title}\n{detail}") };
    Node {
        rect,
        title: fit_text(title, rect.w - 20.0 - badges_w, CHAR_W),
        detail: fit_text(detail, rect.w - 20.0, BADGE_CHAR_W),
        badges,
        tone,
        meter: None,
        tooltip,
        target: None,
        mark: Mark::None,
    }
}

/// Width of a badge with `text`.
pub fn badge_width(text: &str) -> f32 {
    text.chars().count() as f32 * BADGE_CHAR_W + 12.0
}

/// A badge.
pub fn badge(text: impl Into<String>, tone: Tone) -> Badge {
    Badge { text: text.into(), tone }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_with_an_ellipsis_to_fit() {
        assert_eq!(fit_text("nginx", 100.0, 10.0), "nginx");
        assert_eq!(fit_text("nginx: worker process", 100.0, 10.0), "nginx: wo…");
        assert_eq!(fit_text("abc", 5.0, 10.0), "");
    }

    #[test]
    fn namespace_tones_cycle_through_five_colours() {
        assert_eq!(Tone::Ns(1).class(), "tone-ns1");
        assert_eq!(Tone::Ns(6).class(), "tone-ns1");
        assert_eq!(Tone::Ns(0).class(), "tone-ns1");
    }
}
