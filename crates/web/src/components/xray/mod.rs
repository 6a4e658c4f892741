//! The X-ray: tabs over pictures of kernel and daemon state, redrawn when the machine changes.
//! The pictures come from [`crate::xray`]; this pane picks the tab, measures its width and
//! turns a click on an object into the page-wide selection.

mod diagram;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use diagram::DiagramView;
use crate::hooks::{use_session, use_ui};
use crate::state::ui::UiAction;
use crate::xray::select::Selection;
use crate::xray::Tab;

/// The X-ray pane.
#[component]
pub fn Xray() -> Html {
    let (session, ui) = (use_session(), use_ui());
    let body = use_node_ref();
    let width = use_state(|| 560.0f32);
    {
        let (body, width) = (body.clone(), width.clone());
        use_effect_with((), move |_| {
            let measure = {
                let (body, width) = (body.clone(), width.clone());
                move || {
                    if let Some(el) = body.cast::<web_sys::Element>() {
                        let w = (el.client_width() as f32 - 32.0).max(320.0);
                        width.set((w / 8.0).round() * 8.0);
                    }
                }
            };
            measure();
            let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| measure());
            let observer = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, body.cast::<web_sys::Element>()) {
                o.observe(&el);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(cb);
            }
        });
    }
    let tab = ui.tab;
    let sections = {
        let session = session.clone();
        use_memo((session.generation, session.boot, tab, *width, ui.selection.clone()), move |(_, _, tab, width, selection)| session.draw(*tab, *width, selection.as_ref()))
    };
    let onselect = {
        let ui = ui.clone();
        Callback::from(move |sel: Selection| ui.dispatch(UiAction::Select(Some(sel))))
    };
    let select = |t: Tab| {
        let ui = ui.clone();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiAction::SelectTab(t)))
    };
    let onkeydown = {
        let ui = ui.clone();
        Callback::from(move |e: KeyboardEvent| {
            let i = Tab::ALL.iter().position(|t| *t == ui.tab).unwrap_or(0) as i32;
            let n = Tab::ALL.len() as i32;
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1).rem_euclid(n),
                "ArrowLeft" => (i - 1).rem_euclid(n),
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            let t = Tab::ALL[next as usize];
            ui.dispatch(UiAction::SelectTab(t));
            if let Some(el) = gloo::utils::document().get_element_by_id(&format!("xray-tab-{}", t.id())) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        })
    };
    html! {
        <section class="xray-pane" aria-label="X-ray">
            <div class="pane-bar xray-bar">
                <span class="pane-title">{ "X-ray" }</span>
                <div class="tabs" role="tablist" aria-label="X-ray views" {onkeydown}>
                    { for Tab::ALL.iter().map(|&t| html! {
                        <button
                            id={format!("xray-tab-{}", t.id())}
                            class={classes!("tab", (t == tab).then_some("active"))}
                            role="tab"
                            aria-selected={(t == tab).to_string()}
                            aria-controls="xray-panel"
                            tabindex={if t == tab { "0" } else { "-1" }}
                            onclick={select(t)}
                        >{ t.title() }</button>
                    }) }
                </div>
            </div>
            <div class="xray-body" id="xray-panel" role="tabpanel" aria-labelledby={format!("xray-tab-{}", tab.id())} ref={body} data-testid="xray">
                { for sections.iter().map(|s| html! {
                    <figure class="xray-section">
                        <figcaption>
                            <span class="section-title">{ s.title.clone() }</span>
                            <span class="section-caption">{ s.caption }</span>
                        </figcaption>
                        <DiagramView diagram={s.diagram.clone()} label={s.title.clone()} onselect={onselect.clone()} />
                    </figure>
                }) }
            </div>
        </section>
    }
}
