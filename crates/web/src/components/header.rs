//! The top bar: the mark, where you are in the course, opening another pack, a fresh machine,
//! the theme toggle.

use yew::prelude::*;

use super::icons;
use web_sys::HtmlInputElement;

use crate::hooks::{open_files, use_course, use_session, use_ui};
use crate::state::session::SessionAction;
use crate::state::ui::{ThemeChoice, UiAction};

/// The top bar.
#[component]
pub fn Header() -> Html {
    let (course, session, ui) = (use_course(), use_session(), use_ui());
    let module = course.open_module();
    let number = course.module + 1;
    let picker = use_node_ref();
    let pick = {
        let picker = picker.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = picker.cast::<HtmlInputElement>() {
                el.click();
            }
        })
    };
    let picked = {
        let course = course.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(files) = input.files().filter(|f| f.length() > 0) {
                open_files(course.clone(), files);
            }
            input.set_value("");
        })
    };
    let reboot = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| session.dispatch(SessionAction::Reboot))
    };
    let cycle = {
        let ui = ui.clone();
        Callback::from(move |_: MouseEvent| ui.dispatch(UiAction::CycleTheme))
    };
    let theme_icon = match ui.theme {
        ThemeChoice::System => icons::auto(),
        ThemeChoice::Light => icons::sun(),
        ThemeChoice::Dark => icons::moon(),
    };
    let theme_label = format!("Theme: {}. Switch to {}", ui.theme.title(), ui.theme.next().title());
    html! {
        <header class="topbar">
            <a class="brand" href={format!("#/{}", course.pack.written().next().map_or("", |m| m.id.as_str()))} title="wharf: learn Docker by running it" aria-label="wharf, back to the start">
                { icons::logo() }
                <span class="brand-name">{ "wharf" }</span>
            </a>
            <div class="crumb" aria-live="polite">
                <span class="crumb-num">{ format!("{number:02}") }</span>
                <span class="crumb-title">{ module.title.clone() }</span>
            </div>
            <div class="actions">
                <input type="file" multiple=true accept=".toml,.md" class="visually-hidden" ref={picker} onchange={picked}
                       tabindex="-1" aria-hidden="true" />
                <button class="btn ghost" onclick={pick} title="Open a course pack: select its pack.toml and its module files">
                    <span>{ "Open pack…" }</span>
                </button>
                <button class="btn ghost" onclick={reboot} title="Throw this machine away and boot a fresh one">
                    { icons::restart() }<span>{ "New machine" }</span>
                </button>
                <button class="btn ghost theme-toggle" onclick={cycle} title={theme_label.clone()} aria-label={theme_label}>
                    { theme_icon }<span>{ ui.theme.title() }</span>
                </button>
            </div>
        </header>
    }
}
