//! The app: the state providers around the workspace. There is one page, so there is no
//! router; the open step lives in the course state and in the address's `#/MODULE/STEP`.

use yew::prelude::*;

use crate::components::workspace::Workspace;
use std::rc::Rc;

use crate::hooks::{hash_link, prefers_dark, use_checker, use_hash_link, use_pack_url, use_persisted, use_pump, use_theme, CourseCtx, SessionCtx, TermPort, UiCtx};
use crate::pack::{self, Origin};
use crate::session::DEFAULT_SEED;
use crate::state::course::CourseState;
use crate::state::session::SessionState;
use crate::state::ui::UiState;
use crate::storage::LocalStore;

/// The playground.
#[component]
pub fn App() -> Html {
    let session: SessionCtx = use_reducer_eq(|| SessionState::boot(DEFAULT_SEED));
    let course: CourseCtx = use_reducer_eq(|| CourseState::load(&LocalStore, Rc::new(pack::bundled()), Origin::Bundled, hash_link().as_deref()));
    let ui: UiCtx = use_reducer_eq(|| UiState::load(&LocalStore, prefers_dark()));
    let port = (*use_memo((), |_| TermPort::default())).clone();
    use_pump(&session);
    use_persisted(&course, &ui);
    use_theme(&ui);
    use_hash_link(&course);
    use_checker(&session, &course);
    use_pack_url(&course);
    html! {
        <ContextProvider<SessionCtx> context={session}>
            <ContextProvider<CourseCtx> context={course}>
                <ContextProvider<UiCtx> context={ui}>
                    <ContextProvider<TermPort> context={port}>
                        <Workspace />
                    </ContextProvider<TermPort>>
                </ContextProvider<UiCtx>>
            </ContextProvider<CourseCtx>>
        </ContextProvider<SessionCtx>>
    }
}

/// Starts the app in the page's `#app` element (replacing the loading splash there).
pub fn start() {
    install_panic_hook();
    let doc = gloo::utils::document();
    match doc.get_element_by_id("app") {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

/// Reports panics on the browser console (a panic in wasm otherwise shows only as
/// `unreachable`), and in the page, so a learner sees that something broke.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&msg.clone().into());
        let doc = gloo::utils::document();
        if let Ok(el) = doc.create_element("div") {
            el.set_class_name("crash");
            el.set_text_content(Some(&format!("wharf stopped: {msg}. Reload the page to start again.")));
            if let Some(body) = doc.body() {
                let _ = body.append_child(&el);
            }
        }
    }));
}
