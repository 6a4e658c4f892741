//! The course pack's modules with a status dot each (planned, not started, started, done);
//! folds to a rail of numbers. ↑/↓ move between modules, Enter opens one.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::icons;
use crate::hooks::{use_course, use_ui};
use crate::state::course::{CourseAction, ModuleState};
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
    let (done, total) = course.totals();
    let percent = (done * 100).checked_div(total).unwrap_or(0);
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
                { for course.pack.modules.iter().enumerate().map(|(i, m)| {
                    let state = course.module_state(m);
                    let open = i == course.module;
                    let go = {
                        let course = course.clone();
                        let id = m.id.clone();
                        Callback::from(move |_: MouseEvent| course.dispatch(CourseAction::Open(id.clone())))
                    };
                    let summary = match state {
                        ModuleState::Planned => "Planned".to_string(),
                        _ => {
                            let d = m.steps.iter().filter(|s| course.progress.done.get(&m.id).is_some_and(|d| d.contains(&s.id))).count();
                            format!("{} · {d} of {} steps", m.id, m.steps.len())
                        }
                    };
                    html! {
                        <li key={m.id.clone()}>
                            <button
                                class={classes!("module", format!("status-{}", state.label().replace(' ', "-")), open.then_some("status-open"))}
                                aria-current={open.then_some("page")}
                                title={format!("{} — {}", m.title, state.label())}
                                onclick={go}
                            >
                                <span class="dot" aria-hidden="true"></span>
                                <span class="num">{ format!("{:02}", i + 1) }</span>
                                <span class="module-text">
                                    <span class="module-title">{ m.title.clone() }</span>
                                    <span class="module-summary">{ summary }</span>
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
            <div class="modules-foot">
                <div class="progress" role="progressbar" aria-label="Steps done"
                     aria-valuenow={done.to_string()} aria-valuemin="0" aria-valuemax={total.to_string()}>
                    <span style={format!("width:{percent}%")}></span>
                </div>
                <span class="progress-text">{ format!("{done} of {total} steps done") }</span>
            </div>
        </nav>
    }
}
