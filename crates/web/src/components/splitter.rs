//! A draggable divider between two panes: pointer drag, or focus it and use the arrow keys
//! (WAI-ARIA "window splitter").

use web_sys::{Element, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// Splitter properties.
#[derive(Properties, PartialEq)]
pub struct SplitterProps {
    /// A vertical bar (resizes left/right) or a horizontal one (up/down).
    pub vertical: bool,
    /// What it resizes, for screen readers.
    pub label: AttrValue,
    /// Current, minimum and maximum sizes, for `aria-valuenow/min/max`.
    pub value: f64,
    /// Minimum size.
    pub min: f64,
    /// Maximum size.
    pub max: f64,
    /// The pointer moved while dragging: its client x and y.
    pub on_drag: Callback<(f64, f64)>,
    /// An arrow key: -1 (left/up) or +1 (right/down).
    pub on_step: Callback<f32>,
}

/// The divider.
#[component]
pub fn Splitter(props: &SplitterProps) -> Html {
    let dragging = use_state(|| false);
    let onpointerdown = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(el) = e.target_dyn_into::<Element>() {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            e.prevent_default();
            dragging.set(true);
        })
    };
    let onpointermove = {
        let (dragging, on_drag) = (dragging.clone(), props.on_drag.clone());
        Callback::from(move |e: PointerEvent| {
            if *dragging {
                on_drag.emit((e.client_x() as f64, e.client_y() as f64));
            }
        })
    };
    let onpointerup = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| dragging.set(false))
    };
    let onkeydown = {
        let (on_step, vertical) = (props.on_step.clone(), props.vertical);
        Callback::from(move |e: KeyboardEvent| {
            let dir = match (e.key().as_str(), vertical) {
                ("ArrowLeft", true) | ("ArrowUp", false) => -1.0,
                ("ArrowRight", true) | ("ArrowDown", false) => 1.0,
                _ => return,
            };
            e.prevent_default();
            on_step.emit(dir);
        })
    };
    let orientation = if props.vertical { "vertical" } else { "horizontal" };
    html! {
        <div
            class={classes!("splitter", orientation, dragging.then_some("dragging"))}
            role="separator"
            tabindex="0"
            aria-label={props.label.clone()}
            aria-orientation={orientation}
            aria-valuenow={props.value.to_string()}
            aria-valuemin={props.min.to_string()}
            aria-valuemax={props.max.to_string()}
            {onpointerdown}
            {onpointermove}
            onpointerup={onpointerup.clone()}
            onpointercancel={onpointerup}
            {onkeydown}
        >
            <span class="grip" aria-hidden="true"></span>
        </div>
    }
}
