//! The open module's text, with Run buttons on its commands, and links to the modules
//! before and after it.

use yew::prelude::*;

use super::{icons, markdown};
use crate::content::MODULES;
use crate::hooks::{use_course, use_term_port};
use crate::state::course::CourseAction;

/// The lesson.
#[component]
pub fn LessonPane() -> Html {
    let (course, port) = (use_course(), use_term_port());
    let module = course.module();
    let scroller = use_node_ref();
    {
        let scroller = scroller.clone();
        use_effect_with(module.slug, move |_| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                el.set_scroll_top(0);
            }
        });
    }
    let run = (!module.preview).then(|| Callback::from(move |cmd: String| port.run(&cmd)));
    let body = use_memo((module.slug, run.is_some()), {
        let run = run.clone();
        move |_| markdown::render(module.markdown, run)
    });
    let number = MODULES.iter().position(|m| m.slug == module.slug).unwrap_or(0) + 1;
    let (prev, next) = course.neighbours();
    let go = |slug: &'static str| {
        let course = course.clone();
        Callback::from(move |_: MouseEvent| course.dispatch(CourseAction::Open(slug.to_string())))
    };
    html! {
        <div class="lesson-scroll" ref={scroller}>
            <article class="lesson-body">
                <div class="lesson-meta">
                    <span class="kicker">{ format!("Module {number} of {}", MODULES.len()) }</span>
                    if module.preview {
                        <span class="tag" title="The exercises for this module arrive with its exercise pack; the simulator cannot run its commands yet.">{ "Preview" }</span>
                    }
                </div>
                { (*body).clone() }
                <nav class="lesson-nav" aria-label="Modules">
                    if let Some(p) = prev {
                        <button class="btn nav-prev" onclick={go(p.slug)}>
                            { icons::arrow(true) }
                            <span class="nav-text"><span class="nav-label">{ "Previous" }</span><span class="nav-title">{ p.title }</span></span>
                        </button>
                    } else { <span /> }
                    if let Some(n) = next {
                        <button class="btn nav-next" onclick={go(n.slug)}>
                            <span class="nav-text"><span class="nav-label">{ "Next" }</span><span class="nav-title">{ n.title }</span></span>
                            { icons::arrow(false) }
                        </button>
                    }
                </nav>
            </article>
        </div>
    }
}
