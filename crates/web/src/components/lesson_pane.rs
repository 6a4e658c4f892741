//! The open module from the course pack: its introduction, a strip of its steps with their
//! status, and the open step: prose, click-to-run blocks, an answer box, what the last check
//! found (wrong paths, conditional hints), hints on request, a challenge's hidden solution, and
//! the way to the next step.

use wharf_pack::model::{ModuleStatus, Segment, Step};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{icons, markdown};
use crate::hooks::{use_course, use_term_port};
use crate::state::course::{CourseAction, CourseState, StepStatus};

/// The lesson.
#[component]
pub fn LessonPane() -> Html {
    let course = use_course();
    let scroller = use_node_ref();
    {
        let scroller = scroller.clone();
        use_effect_with((course.module, course.step), move |_| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                el.set_scroll_top(0);
            }
        });
    }
    let module = course.open_module();
    let number = course.module + 1;
    let dismiss = {
        let course = course.clone();
        Callback::from(move |_: MouseEvent| course.dispatch(CourseAction::Notice(None)))
    };
    let reset = {
        let course = course.clone();
        Callback::from(move |_: MouseEvent| {
            let sure = web_sys::window().and_then(|w| w.confirm_with_message("Start this module over? Its progress is forgotten and a fresh machine boots.").ok()).unwrap_or(true);
            if sure {
                course.dispatch(CourseAction::ResetModule);
            }
        })
    };
    html! {
        <div class="lesson-scroll" ref={scroller}>
            <article class="lesson-body">
                if let Some(n) = &course.notice {
                    <div class="notice" role="status">
                        <span>{ n.clone() }</span>
                        <button class="icon-btn" onclick={dismiss} aria-label="Dismiss this notice">{ "×" }</button>
                    </div>
                }
                <div class="lesson-meta">
                    <span class="kicker">{ format!("Module {number} of {} · {}", course.pack.modules.len(), module.id) }</span>
                    if module.status == ModuleStatus::Planned {
                        <span class="tag">{ "Planned" }</span>
                    } else {
                        <button class="btn ghost small reset" onclick={reset} title="Forget this module's progress and boot a fresh machine">
                            { icons::restart() }<span>{ "Start over" }</span>
                        </button>
                    }
                </div>
                <h1>{ module.title.clone() }</h1>
                if module.status == ModuleStatus::Planned {
                    <p class="planned-note">{ "This module is planned: it is listed so you can see where the course goes, and it is not written yet." }</p>
                } else {
                    if course.step == 0 {
                        <div class="intro">{ for module.intro.iter().map(segment_readonly) }</div>
                    }
                    <StepStrip />
                    <StepView />
                }
            </article>
        </div>
    }
}

/// A segment where nothing runs (the module's introduction). The module file's own `# Title`
/// is the heading the pane already shows, so it is left out.
fn segment_readonly(s: &Segment) -> Html {
    match s {
        Segment::Markdown(md) => {
            let body = md.trim_start();
            let body = match body.strip_prefix("# ") {
                Some(rest) => rest.split_once('\n').map_or("", |(_, after)| after),
                None => body,
            };
            markdown::render(body)
        }
        Segment::Run(code) => markdown::code_block("sh", code),
        Segment::Code { lang, code } => markdown::code_block(lang, code),
    }
}

/// The module's steps as numbered buttons with their status.
#[component]
fn StepStrip() -> Html {
    let course = use_course();
    let steps = &course.open_module().steps;
    html! {
        <nav class="step-strip" aria-label="Steps of this module">
            <ol>
                { for steps.iter().enumerate().map(|(i, s)| {
                    let status = course.step_status(i);
                    let go = {
                        let course = course.clone();
                        Callback::from(move |_: MouseEvent| course.dispatch(CourseAction::Step(i)))
                    };
                    let label = format!("Step {}: {} ({})", i + 1, s.title, status.label());
                    html! {
                        <li key={s.id.clone()}>
                            <button class={classes!("step-pill", format!("status-{}", status.label().replace(' ', "-")), s.challenge.then_some("challenge"))}
                                    aria-current={(i == course.step).then_some("step")}
                                    aria-label={label.clone()} title={label} onclick={go}>
                                { match status {
                                    StepStatus::Done => icons::check(),
                                    StepStatus::Locked => icons::lock(),
                                    StepStatus::Open => html! { <span>{ i + 1 }</span> },
                                } }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}

/// The open step.
#[component]
fn StepView() -> Html {
    let (course, port) = (use_course(), use_term_port());
    let Some(step) = course.current() else { return html! {} };
    let status = course.step_status(course.step);
    let locked = status == StepStatus::Locked;
    let total = course.open_module().steps.len();
    let run = Callback::from(move |code: String| port.run(&code));
    let live = course.live();
    let body = step.body.iter().map(|s| match s {
        Segment::Markdown(md) => markdown::render(md),
        Segment::Code { lang, code } => markdown::code_block(lang, code),
        Segment::Run(code) => run_block(code, &run, locked),
    });
    let (badge, badge_class) = match status {
        StepStatus::Done => ("Done", "done"),
        StepStatus::Locked => ("Locked", "locked"),
        StepStatus::Open if step.is_checked() => ("To do", "todo"),
        StepStatus::Open => ("To read", "todo"),
    };
    let missing = course.missing_needs();
    html! {
        <section class={classes!("step", format!("step-{badge_class}"))} data-step={step.id.clone()} aria-labelledby="step-title">
            <header class="step-head">
                <span class="kicker">{ format!("Step {} of {total}", course.step + 1) }</span>
                if step.challenge { <span class="tag challenge">{ "Challenge" }</span> }
                <span class={classes!("step-status", badge_class)} role="status" aria-live="polite">
                    if status == StepStatus::Done { { icons::check() } }
                    { badge }
                </span>
            </header>
            <h2 id="step-title">{ step.title.clone() }</h2>
            if locked {
                <p class="locked-note">{ icons::lock() }{ format!(" Finish {} first: this step builds on it.", quoted(&missing)) }</p>
            }
            { for body }
            if let Some(live) = live {
                { for live.wrong_paths.iter().map(|m| html! {
                    <div class="callout wrong-path" role="alert"><strong>{ "Not this way. " }</strong>{ markdown::render(m) }</div>
                }) }
            }
            if step.answer.is_some() { <AnswerBox /> }
            if status != StepStatus::Done {
                { checks_found(&course, step) }
            }
            <Hints />
            if step.challenge && step.solution.is_some() { <Solution /> }
            <StepNav />
        </section>
    }
}

fn quoted(titles: &[&str]) -> String {
    let q: Vec<String> = titles.iter().map(|t| format!("“{t}”")).collect();
    match q.len() {
        0 => "the steps before".into(),
        1 => q[0].clone(),
        n => format!("{} and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// A click-to-run block: typed into the terminal line by line.
fn run_block(code: &str, run: &Callback<String>, locked: bool) -> Html {
    let (run, cmd) = (run.clone(), code.to_string());
    let label = format!("Run {}", code.lines().next().unwrap_or(""));
    html! {
        <div class="code shell runnable">
            <pre><code>{ code.trim_end().to_string() }</code></pre>
            <button class="run" disabled={locked} onclick={Callback::from(move |_: MouseEvent| run.emit(cmd.clone()))} title={label.clone()} aria-label={label}>
                { icons::play() }<span>{ "Run" }</span>
            </button>
        </div>
    }
}

/// What the last check found, once the learner has started on the step.
fn checks_found(course: &CourseState, step: &Step) -> Html {
    let Some(live) = course.live() else { return html! {} };
    let show_failing = live.worked && !live.failing.is_empty();
    if !step.is_checked() || (!show_failing && live.pending.is_empty()) {
        return html! {};
    }
    html! {
        <div class="check-state">
            if !live.pending.is_empty() {
                <p class="pending">{ "Some checks cannot run in this playground yet: " }{ live.pending.join("; ") }</p>
            }
            if show_failing {
                <details class="failing">
                    <summary>{ "Not done yet: what the check sees" }</summary>
                    <ul>{ for live.failing.iter().map(|f| html! { <li><code>{ f.clone() }</code></li> }) }</ul>
                </details>
            }
        </div>
    }
}

/// The step's question and the learner's answer.
#[component]
fn AnswerBox() -> Html {
    let course = use_course();
    let input = use_node_ref();
    let Some(key) = course.current_key() else { return html! {} };
    let typed = course.answer().map(str::to_string);
    let wrong = course.live().is_some_and(|l| l.answer_wrong) && typed.is_some();
    let submit = {
        let (course, input, key) = (course.clone(), input.clone(), key.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let text = el.value();
                if !text.trim().is_empty() {
                    course.dispatch(CourseAction::Answer { key: key.clone(), text });
                }
            }
        })
    };
    let done = course.step_status(course.step) == StepStatus::Done;
    html! {
        <form class="answer" onsubmit={submit}>
            <label for="answer-input">{ "Your answer" }</label>
            <div class="answer-row">
                <input id="answer-input" ref={input} type="text" autocomplete="off" spellcheck="false"
                       value={typed.clone().unwrap_or_default()} aria-invalid={wrong.to_string()} />
                <button class="btn" type="submit">{ "Check" }</button>
            </div>
            if wrong {
                <p class="answer-feedback wrong" role="alert">{ format!("“{}” is not it. Look at the output again.", typed.unwrap_or_default()) }</p>
            } else if done && typed.is_some() {
                <p class="answer-feedback right">{ "Right." }</p>
            }
        </form>
    }
}

/// Conditional hints that apply now, hints shown on request, and the button for the next one.
#[component]
fn Hints() -> Html {
    let course = use_course();
    let Some(step) = course.current() else { return html! {} };
    let due: Vec<usize> = course.live().map(|l| l.hints_due.clone()).unwrap_or_default();
    let on_request: Vec<&str> = step.hints.iter().filter(|h| h.when.is_none()).map(|h| h.text.as_str()).collect();
    let shown = course.hints_shown().min(on_request.len());
    let done = course.step_status(course.step) == StepStatus::Done;
    let more = {
        let course = course.clone();
        Callback::from(move |_: MouseEvent| course.dispatch(CourseAction::Hint))
    };
    html! {
        <div class="hints">
            if !done {
                { for due.iter().filter_map(|&i| step.hints.get(i)).map(|h| html! {
                    <div class="callout hint auto" role="status">{ icons::bulb() }<div>{ markdown::render(&h.text) }</div></div>
                }) }
            }
            { for on_request[..shown].iter().map(|h| html! {
                <div class="callout hint">{ icons::bulb() }<div>{ markdown::render(h) }</div></div>
            }) }
            if shown < on_request.len() && !done {
                <button class="btn ghost small show-hint" onclick={more}>
                    { icons::bulb() }<span>{ if shown == 0 { "Show a hint".to_string() } else { format!("Another hint ({} left)", on_request.len() - shown) } }</span>
                </button>
            }
        </div>
    }
}

/// A challenge's solution, hidden until asked for.
#[component]
fn Solution() -> Html {
    let (course, port) = (use_course(), use_term_port());
    let Some(sol) = course.current().and_then(|s| s.solution.clone()) else { return html! {} };
    if !course.solution_shown() {
        let reveal = {
            let course = course.clone();
            Callback::from(move |_: MouseEvent| course.dispatch(CourseAction::Solution))
        };
        return html! { <button class="btn ghost small reveal" onclick={reveal}>{ "Reveal the solution" }</button> };
    }
    let run = Callback::from(move |code: String| port.run(&code));
    html! {
        <div class="solution">
            <p class="kicker">{ "Solution" }</p>
            { run_block(&sol.code, &run, course.step_status(course.step) == StepStatus::Locked) }
        </div>
    }
}

/// Previous and next step (or module); an unchecked step is marked read on the way.
#[component]
fn StepNav() -> Html {
    let course = use_course();
    let (i, n) = (course.step, course.open_module().steps.len());
    let step = course.current();
    let unchecked_open = step.is_some_and(|s| !s.is_checked()) && course.step_status(i) == StepStatus::Open;
    let next_module = course.pack.modules.get(course.module + 1).map(|m| (m.id.clone(), m.title.clone()));
    let go = |action: Option<CourseAction>, read: bool| {
        let course = course.clone();
        Callback::from(move |_: MouseEvent| {
            if read {
                course.dispatch(CourseAction::MarkRead);
            }
            if let Some(a) = action.clone() {
                course.dispatch(a);
            }
        })
    };
    html! {
        <nav class="lesson-nav" aria-label="Steps">
            if i > 0 {
                <button class="btn nav-prev" onclick={go(Some(CourseAction::Step(i - 1)), false)}>
                    { icons::arrow(true) }
                    <span class="nav-text"><span class="nav-label">{ "Previous step" }</span></span>
                </button>
            } else { <span /> }
            if i + 1 < n {
                <button class="btn nav-next" onclick={go(Some(CourseAction::Step(i + 1)), unchecked_open)}>
                    <span class="nav-text"><span class="nav-label">{ if unchecked_open { "Done reading, next step" } else { "Next step" } }</span></span>
                    { icons::arrow(false) }
                </button>
            } else if let Some((id, title)) = next_module {
                <button class="btn nav-next" onclick={go(Some(CourseAction::Open(id)), unchecked_open)}>
                    <span class="nav-text"><span class="nav-label">{ "Next module" }</span><span class="nav-title">{ title }</span></span>
                    { icons::arrow(false) }
                </button>
            } else if unchecked_open {
                <button class="btn nav-next" onclick={go(None, true)}>
                    <span class="nav-text"><span class="nav-label">{ "Mark as read" }</span></span>
                </button>
            }
        </nav>
    }
}
