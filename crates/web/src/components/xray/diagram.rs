//! Draws a [`Diagram`] as SVG. Geometry comes fully computed; colours come from CSS classes.

use yew::prelude::*;

use web_sys::KeyboardEvent;

use crate::xray::diagram::{badge_width, Diagram, Node};
use crate::xray::select::{Mark, Selection};

/// Properties: the diagram, what it shows (for screen readers), and where clicks on
/// selectable nodes go.
#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    /// What to draw.
    pub diagram: Diagram,
    /// Its name.
    pub label: AttrValue,
    /// Called with a node's object when it is clicked (or Enter/Space on it).
    pub onselect: Callback<Selection>,
}

fn n(v: f32) -> String {
    format!("{v:.1}")
}

/// The SVG.
#[component]
pub fn DiagramView(props: &DiagramProps) -> Html {
    let d = &props.diagram;
    let text: String = d.nodes.iter().map(|n| n.tooltip.replace('\n', " ")).collect::<Vec<_>>().join("; ");
    html! {
        <svg class="diagram" width={n(d.width)} height={n(d.height)} viewBox={format!("0 0 {} {}", n(d.width), n(d.height))}
             role="img" aria-label={format!("{}: {text}", props.label)}>
            { for d.frames.iter().map(|f| html! {
                <g class={classes!("frame", f.tone.class())}>
                    <rect class="frame-box" x={n(f.rect.x)} y={n(f.rect.y)} width={n(f.rect.w)} height={n(f.rect.h)} rx="10" />
                    <text class="frame-label" x={n(f.rect.x + 10.0)} y={n(f.rect.y + 14.0)}>{ f.label.clone() }</text>
                </g>
            }) }
            { for d.edges.iter().map(|e| {
                let path: String = e.points.iter().enumerate().map(|(i, (x, y))| format!("{}{} {}", if i == 0 { "M" } else { " L" }, n(*x), n(*y))).collect();
                html! { <path class={classes!("edge", e.tone.class())} d={path} /> }
            }) }
            { for d.nodes.iter().map(|nd| node(nd, &props.onselect)) }
            { for d.labels.iter().map(|l| html! {
                <text class={classes!("label", l.muted.then_some("muted"))} x={n(l.x)} y={n(l.y)}>{ l.text.clone() }</text>
            }) }
        </svg>
    }
}

fn node(node: &Node, onselect: &Callback<Selection>) -> Html {
    let r = node.rect;
    let mut right = r.right() - 8.0;
    let badges: Vec<Html> = node
        .badges
        .iter()
        .rev()
        .map(|b| {
            let w = badge_width(&b.text);
            right -= w;
            let x = right;
            right -= 4.0;
            html! {
                <g class={classes!("badge", b.tone.class())}>
                    <rect x={n(x)} y={n(r.y + 7.0)} width={n(w)} height="16" rx="8" />
                    <text x={n(x + w / 2.0)} y={n(r.y + 18.5)} text-anchor="middle">{ b.text.clone() }</text>
                </g>
            }
        })
        .collect();
    let meter = node.meter.map(|(f, tone)| html! {
        <g class={classes!("meter", tone.class())}>
            <rect class="meter-track" x={n(r.x + 10.0)} y={n(r.bottom() - 5.0)} width={n(r.w - 20.0)} height="2.5" rx="1.25" />
            <rect class="meter-fill" x={n(r.x + 10.0)} y={n(r.bottom() - 5.0)} width={n((r.w - 20.0) * f.max(0.02))} height="2.5" rx="1.25" />
        </g>
    });
    let title_y = if node.detail.is_empty() { r.y + r.h / 2.0 + 4.5 } else { r.y + 18.0 };
    let mark = match node.mark {
        Mark::Selected => Some("mark-selected"),
        Mark::Related => Some("mark-related"),
        Mark::None => None,
    };
    let Some(target) = node.target.clone() else {
        return html! { <g class={classes!("node", node.tone.class(), mark)}>{ body(node, badges, meter, title_y) }</g> };
    };
    let key = target.key();
    let onclick = {
        let (onselect, target) = (onselect.clone(), target.clone());
        Callback::from(move |_: MouseEvent| onselect.emit(target.clone()))
    };
    let onkeydown = {
        let onselect = onselect.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                onselect.emit(target.clone());
            }
        })
    };
    html! {
        <g class={classes!("node", "selectable", node.tone.class(), mark)} data-select={key} tabindex="0" role="button"
           aria-pressed={(node.mark == Mark::Selected).to_string()} {onclick} {onkeydown}>
            { body(node, badges, meter, title_y) }
        </g>
    }
}

fn body(node: &Node, badges: Vec<Html>, meter: Option<Html>, title_y: f32) -> Html {
    let r = node.rect;
    html! {
        <>
            <title>{ node.tooltip.clone() }</title>
            <rect class="node-box" x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="7" />
            <rect class="node-stripe" x={n(r.x)} y={n(r.y + 6.0)} width="3" height={n(r.h - 12.0)} rx="1.5" />
            <text class="node-title" x={n(r.x + 12.0)} y={n(title_y)}>{ node.title.clone() }</text>
            if !node.detail.is_empty() {
                <text class="node-detail" x={n(r.x + 12.0)} y={n(r.y + 32.0)}>{ node.detail.clone() }</text>
            }
            { for badges }
            { for meter }
        </>
    }
}
