//! The top bar: the mark, where you are in the course, a fresh machine, the theme toggle.

use yew::prelude::*;

use super::icons;
use crate::content::MODULES;
use crate::hooks::{use_course, use_session, use_ui};
use crate::state::session::SessionAction;
use crate::state::ui::{ThemeChoice, UiAction};

/// The top bar.
#[component]
pub fn Header() -> Html {
    let (course, session, ui) = (use_course(), use_session(), use_ui());
    let module = course.module();
    let number = MODULES.iter().position(|m| m.slug == module.slug).unwrap_or(0) + 1;
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
            <a class="brand" href="#/welcome" title="wharf: learn Docker by running it" aria-label="wharf, back to the start">
                { icons::logo() }
                <span class="brand-name">{ "wharf" }</span>
            </a>
            <div class="crumb" aria-live="polite">
                <span class="crumb-num">{ format!("{number:02}") }</span>
                <span class="crumb-title">{ module.title }</span>
            </div>
            <div class="actions">
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
