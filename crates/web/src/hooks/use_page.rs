//! Page-wide effects: saving state to localStorage, the theme on `<html>`, and `#/MODULE/STEP`
//! links (the address shows the open step; back and forward move between steps).

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::course::CourseAction;
use crate::storage::LocalStore;

use super::{CourseCtx, UiCtx};

const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

fn media_dark() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media(DARK_QUERY).ok()?
}

/// Whether the system prefers a dark theme now.
pub fn prefers_dark() -> bool {
    media_dark().is_some_and(|m| m.matches())
}

/// The step or module the address names (`#/M03/host` → `M03/host`), if any.
pub fn hash_link() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let link = hash.trim_start_matches('#').trim_start_matches('/');
    (!link.is_empty()).then(|| link.to_string())
}

/// Saves course progress and UI preferences whenever they change.
#[hook]
pub fn use_persisted(course: &CourseCtx, ui: &UiCtx) {
    use_effect_with((**course).clone(), |c| c.save(&LocalStore));
    use_effect_with((**ui).clone(), |u| u.save(&LocalStore));
}

/// Puts the theme on `<html data-theme>` and follows the system's preference.
#[hook]
pub fn use_theme(ui: &UiCtx) {
    let dark = ui.dark();
    use_effect_with(dark, |&dark| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
        }
    });
    let dispatcher = ui.dispatcher();
    use_effect_with((), move |_| {
        let listener = media_dark().map(|mql| {
            let target: web_sys::EventTarget = mql.clone().unchecked_into();
            EventListener::new(&target, "change", move |_| {
                dispatcher.dispatch(crate::state::ui::UiAction::SystemDark(mql.matches()));
            })
        });
        move || drop(listener)
    });
}

/// Keeps `#/MODULE/STEP` in the address in step with the open step, both ways.
#[hook]
pub fn use_hash_link(course: &CourseCtx) {
    let link = course.link();
    use_effect_with(link, |link| {
        if hash_link().as_deref() != Some(link.as_str()) {
            let _ = gloo::utils::window().location().set_hash(&format!("/{link}"));
        }
    });
    let dispatcher = course.dispatcher();
    use_effect_with((), move |_| {
        let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
            if let Some(link) = hash_link() {
                dispatcher.dispatch(CourseAction::Open(link));
            }
        });
        move || drop(listener)
    });
}
