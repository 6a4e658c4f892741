//! The page's layout: header, then module list | lesson | terminal over X-ray, with
//! draggable (and keyboard-operable) splitters between lesson and terminal and between
//! terminal and X-ray.

use web_sys::Element;
use yew::prelude::*;

use super::header::Header;
use super::lesson_pane::LessonPane;
use super::module_list::ModuleList;
use super::splitter::Splitter;
use super::terminal::Terminal;
use super::xray::Xray;
use crate::hooks::use_ui;
use crate::state::ui::{Layout, UiAction};

/// Arrow-key step of the lesson splitter, pixels.
const LESSON_STEP: f32 = 24.0;
/// Arrow-key step of the terminal splitter, fraction of the column.
const TERMINAL_STEP: f32 = 0.04;

/// Header and panes.
#[component]
pub fn Workspace() -> Html {
    let ui = use_ui();
    let lesson_ref = use_node_ref();
    let right_ref = use_node_ref();
    let layout = ui.layout;

    let lesson_drag = {
        let (ui, r) = (ui.clone(), lesson_ref.clone());
        Callback::from(move |(x, _): (f64, f64)| {
            if let Some(el) = r.cast::<Element>() {
                ui.dispatch(UiAction::ResizeLesson((x - el.get_bounding_client_rect().left()) as f32));
            }
        })
    };
    let lesson_step = {
        let ui = ui.clone();
        Callback::from(move |dir: f32| ui.dispatch(UiAction::ResizeLesson(ui.layout.lesson + dir * LESSON_STEP)))
    };
    let terminal_drag = {
        let (ui, r) = (ui.clone(), right_ref.clone());
        Callback::from(move |(_, y): (f64, f64)| {
            if let Some(el) = r.cast::<Element>() {
                let rect = el.get_bounding_client_rect();
                if rect.height() > 0.0 {
                    ui.dispatch(UiAction::ResizeTerminal(((y - rect.top()) / rect.height()) as f32));
                }
            }
        })
    };
    let terminal_step = {
        let ui = ui.clone();
        Callback::from(move |dir: f32| ui.dispatch(UiAction::ResizeTerminal(ui.layout.terminal + dir * TERMINAL_STEP)))
    };

    let style = format!(
        "--lesson-w:{:.0}px;--term-fr:{:.1}fr;--xray-fr:{:.1}fr;",
        layout.lesson,
        layout.terminal * 100.0,
        (1.0 - layout.terminal) * 100.0
    );
    html! {
        <div class={classes!("app", layout.nav_folded.then_some("nav-folded"))} {style}>
            <Header />
            <main class="workspace">
                <ModuleList />
                <section class="lesson" ref={lesson_ref} aria-label="Lesson">
                    <LessonPane />
                </section>
                <Splitter
                    vertical=true
                    label="Resize the lesson pane"
                    value={layout.lesson as f64}
                    min={Layout::LESSON.0 as f64}
                    max={Layout::LESSON.1 as f64}
                    on_drag={lesson_drag}
                    on_step={lesson_step}
                />
                <section class="right" ref={right_ref}>
                    <Terminal />
                    <Splitter
                        vertical=false
                        label="Resize the terminal and the X-ray"
                        value={(layout.terminal * 100.0).round() as f64}
                        min={(Layout::TERMINAL.0 * 100.0) as f64}
                        max={(Layout::TERMINAL.1 * 100.0) as f64}
                        on_drag={terminal_drag}
                        on_step={terminal_step}
                    />
                    <Xray />
                </section>
            </main>
        </div>
    }
}
