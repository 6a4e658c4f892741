//! The course's modules with a status dot each; folds to a rail of numbers. ↑/↓ move between
//! modules, Enter opens one.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::icons;
use crate::content::MODULES;
use crate::hooks::{use_course, use_ui};
use crate::state::course::{CourseAction, Status};
use crate::state::ui::UiAction;

/// The module list.
#[component]
pub fn ModuleList() -> Html {
    let (course, ui) = (use_course(), use_ui());
    let folded = ui.layout.nav_folded;
    let list_ref = use_node_ref();
    let toggle = {
        let ui = ui.clone();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiAction::ToggleNav))
    };
    let onkeydown = {
        let list_ref = list_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            let step: i32 = match e.key().as_str() {
                "ArrowDown" => 1,
                "ArrowUp" => -1,
                _ => return,
            };
            let Some(list) = list_ref.cast::<web_sys::Element>() else { return };
            let Ok(buttons) = list.query_selector_all("button.module") else { return };
            let active = gloo::utils::document().active_element();
            let n = buttons.length() as i32;
            let current = (0..n).find(|&i| buttons.get(i as u32).map(|b| Some(b.unchecked_into::<web_sys::Element>()) == active).unwrap_or(false));
            let next = current.map_or(0, |c| (c + step).rem_euclid(n));
            if let Some(b) = buttons.get(next as u32).and_then(|b| b.dyn_into::<HtmlElement>().ok()) {
                e.prevent_default();
                let _ = b.focus();
            }
        })
    };
    let visited = MODULES.iter().filter(|m| course.status(m.slug) != Status::New).count();
    html! {
        <nav class="modules" aria-label="Course modules">
            <div class="modules-head">
                <span class="modules-title">{ "Course" }</span>
                <button class="icon-btn" onclick={toggle}
                        aria-label={if folded { "Show the module list" } else { "Fold the module list" }}
                        aria-expanded={(!folded).to_string()}>
                    { icons::chevron(!folded) }
                </button>
            </div>
            <ol class="module-items" ref={list_ref} {onkeydown}>
                { for MODULES.iter().enumerate().map(|(i, m)| {
                    let status = course.status(m.slug);
                    let open = {
                        let course = course.clone();
                        let slug = m.slug;
                        Callback::from(move |_: MouseEvent| course.dispatch(CourseAction::Open(slug.to_string())))
                    };
                    html! {
                        <li key={m.slug}>
                            <button
                                class={classes!("module", format!("status-{}", status.label().replace(' ', "-")))}
                                aria-current={(status == Status::Open).then_some("page")}
                                title={format!("{} — {}", m.title, status.label())}
                                onclick={open}
                            >
                                <span class="dot" aria-hidden="true"></span>
                                <span class="num">{ format!("{:02}", i + 1) }</span>
                                <span class="module-text">
                                    <span class="module-title">{ m.title }</span>
                                    <span class="module-summary">{ m.summary }</span>
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
            <div class="modules-foot">
                <div class="progress" role="progressbar" aria-label="Modules opened"
                     aria-valuenow={visited.to_string()} aria-valuemin="0" aria-valuemax={MODULES.len().to_string()}>
                    <span style={format!("width:{}%", visited * 100 / MODULES.len())}></span>
                </div>
                <span class="progress-text">{ format!("{visited} of {} opened", MODULES.len()) }</span>
            </div>
        </nav>
    }
}
