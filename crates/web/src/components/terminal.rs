//! The terminal: xterm.js draws, [`LineEditor`] edits, the session runs. Keys go from
//! xterm.js through the editor (which echoes and edits locally) to the session as whole
//! lines; the machine's output comes back through the editor (which keeps an unfinished line
//! intact) to xterm.js.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::icons;
use crate::bindings::{self, Disposable, Fit, XTerm};
use crate::hooks::{use_session, use_term_port, use_ui, SessionCtx};
use crate::session::Activity;
use crate::state::session::SessionAction;
use crate::state::{keys, Store};
use crate::storage::LocalStore;
use crate::term::{Command, History, LineEditor, Reaction};

/// What the page feeds the editor: typed keys, or a command from a Run button.
enum Input {
    Keys(String),
    Run(String),
}

type Driver = Rc<dyn Fn(Input)>;

/// xterm.js with its listeners; dropping it detaches everything.
struct Xt {
    term: XTerm,
    _fit: Fit,
    data: Disposable,
    observer: web_sys::ResizeObserver,
    _on_data: Closure<dyn FnMut(String)>,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for Xt {
    fn drop(&mut self) {
        self.observer.disconnect();
        self.data.dispose();
        self.term.dispose();
    }
}

const FONT: &str = "\"JetBrains Mono\", \"Cascadia Code\", \"SF Mono\", Menlo, Consolas, \"DejaVu Sans Mono\", \"Liberation Mono\", monospace";

fn options() -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&o, &k.into(), &v);
    };
    set("fontFamily", FONT.into());
    set("fontSize", 13.5.into());
    set("lineHeight", 1.2.into());
    set("cursorBlink", true.into());
    set("cursorStyle", "bar".into());
    set("scrollback", (crate::session::SCROLLBACK_LINES as u32).into());
    set("allowTransparency", true.into());
    set("theme", theme());
    o.into()
}

/// xterm.js colours from the stylesheet's `--term-*` variables, so one file holds the themes.
fn theme() -> JsValue {
    let o = js_sys::Object::new();
    let style = gloo::utils::document().document_element().and_then(|root| gloo::utils::window().get_computed_style(&root).ok().flatten());
    let names = [
        ("background", "--term-bg"),
        ("foreground", "--term-fg"),
        ("cursor", "--term-cursor"),
        ("cursorAccent", "--term-bg"),
        ("selectionBackground", "--term-selection"),
        ("black", "--term-black"),
        ("red", "--term-red"),
        ("green", "--term-green"),
        ("yellow", "--term-yellow"),
        ("blue", "--term-blue"),
        ("magenta", "--term-magenta"),
        ("cyan", "--term-cyan"),
        ("white", "--term-white"),
        ("brightBlack", "--term-bright-black"),
        ("scrollbarSliderBackground", "--term-scrollbar"),
        ("scrollbarSliderHoverBackground", "--term-scrollbar-hover"),
        ("scrollbarSliderActiveBackground", "--term-scrollbar-active"),
    ];
    for (key, var) in names {
        if let Some(v) = style.as_ref().and_then(|s| s.get_property_value(var).ok()).map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
            let _ = js_sys::Reflect::set(&o, &key.into(), &v.into());
        }
    }
    o.into()
}

/// Runs the editor's reaction: draw its echo, then do its commands. The echo of a submitted
/// line waits in `held` for the output it causes, so both go in one `write`: xterm.js parses
/// the first write after a keystroke at once and queues any other behind a timer, which the
/// browser runs only after its next frame (a typed command's output came 13 ms late).
fn react(term: &XTerm, editor: &RefCell<LineEditor>, session: &SessionCtx, held: &Rc<RefCell<String>>, r: Reaction) {
    let submits = r.commands.iter().any(|c| matches!(c, Command::Submit(_)));
    if submits || !held.borrow().is_empty() {
        held.borrow_mut().push_str(&r.echo);
    } else if !r.echo.is_empty() {
        term.write(&r.echo);
    }
    for c in r.commands {
        match c {
            Command::Submit(line) => session.dispatch(SessionAction::TypeLine(line)),
            Command::Interrupt => session.dispatch(SessionAction::Interrupt),
            Command::Eof => session.dispatch(SessionAction::Eof),
            Command::Detach => session.dispatch(SessionAction::TypeKeys("\x10\x11".into())),
            Command::ClearScreen => term.clear(),
            Command::SaveHistory => LocalStore.set(keys::HISTORY, &editor.borrow().history().serialize()),
        }
    }
    if submits {
        // Queued after the render the submission caused, whose output effect normally writes
        // the held echo; this writes it should no render come.
        let (term, held) = (term.clone(), held.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let text = std::mem::take(&mut *held.borrow_mut());
            if !text.is_empty() {
                term.write(&text);
            }
        });
    }
}

/// The terminal pane.
#[component]
pub fn Terminal() -> Html {
    let (session, ui, port) = (use_session(), use_ui(), use_term_port());
    let host = use_node_ref();
    let xt = use_mut_ref(|| None::<Xt>);
    let driver = use_mut_ref(|| None::<Driver>);
    let editor = use_memo((), |_| RefCell::new(LineEditor::new(80, History::parse(&LocalStore.get(keys::HISTORY).unwrap_or_default()))));
    let failed = use_state(|| false);
    // Echo held back for the output that follows it (see `react`).
    let held = use_mut_ref(String::new);

    // Mount: create xterm.js, wire input, sizing and the Run port.
    {
        let (host, xt, driver, editor, session, port, failed, held) =
            (host.clone(), xt.clone(), driver.clone(), editor.clone(), session.clone(), port.clone(), failed.clone(), held.clone());
        use_effect_with((), move |_| {
            let el = host.cast::<web_sys::HtmlElement>();
            if let (true, Some(el)) = (bindings::xterm_loaded(), el) {
                let term = XTerm::new(&options());
                let fit = Fit::new();
                term.load_addon(&fit);
                term.open(&el);
                fit.fit();
                fit_editor(&editor, &session, &term);

                let feed: Driver = {
                    let (term, editor, session, held) = (term.clone(), editor.clone(), session.clone(), held.clone());
                    Rc::new(move |input: Input| {
                        let r = match input {
                            // The session's state is shared by every reducer value, so this
                            // handle from mount time completes from the current machine.
                            Input::Keys(data) => editor.borrow_mut().input_with(&data, &|before: &str| session.complete(before)),
                            Input::Run(cmd) => editor.borrow_mut().run(&cmd),
                        };
                        react(&term, &editor, &session, &held, r);
                    })
                };
                let on_data = {
                    let feed = feed.clone();
                    Closure::<dyn FnMut(String)>::new(move |data: String| feed(Input::Keys(data)))
                };
                let data = term.on_data(&on_data);
                let on_resize = {
                    let (term, fit, editor, session) = (term.clone(), fit.clone(), editor.clone(), session.clone());
                    Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
                        fit.fit();
                        fit_editor(&editor, &session, &term);
                    })
                };
                let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).expect("ResizeObserver");
                observer.observe(&el);
                *driver.borrow_mut() = Some(feed.clone());
                port.attach(Some(Callback::from({
                    let term = term.clone();
                    move |cmd: String| {
                        feed(Input::Run(cmd));
                        term.focus();
                    }
                })));
                term.focus();
                *xt.borrow_mut() = Some(Xt { term, _fit: fit, data, observer, _on_data: on_data, _on_resize: on_resize });
            } else {
                failed.set(true);
            }
            move || {
                port.attach(None);
                driver.borrow_mut().take();
                xt.borrow_mut().take();
            }
        });
    }

    // The machine's output, after every change of the session.
    {
        let (xt, editor, session2, held) = (xt.clone(), editor.clone(), session.clone(), held.clone());
        let last_boot = use_mut_ref(|| 0u64);
        use_effect_with((session.generation, session.boot), move |&(_, boot)| {
            if let Some(x) = xt.borrow().as_ref() {
                let mut text = std::mem::take(&mut *held.borrow_mut());
                if *last_boot.borrow() != boot {
                    *last_boot.borrow_mut() = boot;
                    x.term.reset();
                    text.clear();
                    let history = editor.borrow().history().clone();
                    *editor.borrow_mut() = LineEditor::new(x.term.cols() as usize, history);
                }
                editor.borrow_mut().set_attached(session2.attached());
                let delta = session2.screen_delta();
                if !delta.is_empty() {
                    text.push_str(&editor.borrow_mut().output(&delta));
                }
                if !text.is_empty() {
                    x.term.write(&text);
                }
            }
        });
    }

    // A notice when the shell has ended.
    {
        let (xt, editor) = (xt.clone(), editor.clone());
        use_effect_with(session.activity, move |&activity| {
            if let (Activity::Exited(code), Some(x)) = (activity, xt.borrow().as_ref()) {
                let notice = format!("\r\n\x1b[2m[the shell exited with status {code} · press Enter for a new machine]\x1b[0m\r\n");
                let out = editor.borrow_mut().output(&notice);
                x.term.write(&out);
            }
        });
    }

    // Theme: the page sets `data-theme` after this effect, so read the colours a tick later.
    {
        let xt = xt.clone();
        let timer = use_mut_ref(|| None::<Timeout>);
        use_effect_with(ui.dark(), move |_| {
            let xt = xt.clone();
            *timer.borrow_mut() = Some(Timeout::new(0, move || {
                if let Some(x) = xt.borrow().as_ref() {
                    let _ = js_sys::Reflect::set(&x.term.options(), &"theme".into(), &theme());
                }
            }));
        });
    }

    let press = |keys: &'static str| {
        let (driver, xt) = (driver.clone(), xt.clone());
        Callback::from(move |_: MouseEvent| {
            let feed = driver.borrow().clone();
            if let Some(feed) = feed {
                feed(Input::Keys(keys.to_string()));
            }
            if let Some(x) = xt.borrow().as_ref() {
                x.term.focus();
            }
        })
    };
    let (status, status_class) = match session.activity {
        Activity::Busy => ("running", "busy"),
        Activity::Idle => ("ready", "idle"),
        Activity::Exited(_) => ("exited", "exited"),
    };
    html! {
        <section class="terminal-pane" aria-label="Terminal">
            <div class="pane-bar">
                <span class="pane-title"><span class="prompt-glyph">{ "$" }</span>{ "root@wharf" }</span>
                <span class={classes!("status", status_class)} role="status">{ status }</span>
                <span class="spacer" />
                <button class="term-btn" onclick={press("\x03")} title="Interrupt the running command">
                    { icons::stop() }<span>{ "Interrupt" }</span><kbd>{ "^C" }</kbd>
                </button>
                <button class="term-btn" onclick={press("\x0c")} title="Clear the screen">
                    { icons::clear() }<span>{ "Clear" }</span><kbd>{ "^L" }</kbd>
                </button>
            </div>
            <div class="terminal-host" ref={host} data-testid="terminal">
                if *failed {
                    <p class="term-error">{ "The terminal could not start: xterm.js did not load. Rebuild with scripts/build-web." }</p>
                }
            </div>
        </section>
    }
}

/// After xterm.js fitted itself: tell the editor and the machine the new size.
fn fit_editor(editor: &RefCell<LineEditor>, session: &SessionCtx, term: &XTerm) {
    let (cols, rows) = (term.cols(), term.rows());
    editor.borrow_mut().resize(cols as usize);
    session.dispatch(SessionAction::Resize { rows: rows.min(u16::MAX as u32) as u16, cols: cols.min(u16::MAX as u32) as u16 });
}
