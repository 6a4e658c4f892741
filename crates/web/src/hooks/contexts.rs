//! The contexts `App` provides and the hooks that read them. A pane that calls one of these
//! outside `App` is a programming error, so they panic with the missing provider's name.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::state::course::CourseState;
use crate::state::session::SessionState;
use crate::state::ui::UiState;

/// The simulated machine.
pub type SessionCtx = UseReducerHandle<SessionState>;
/// The course and progress.
pub type CourseCtx = UseReducerHandle<CourseState>;
/// Theme, pane sizes, X-ray tab.
pub type UiCtx = UseReducerHandle<UiState>;

/// Lets other panes type into the terminal (the lesson's "Run" buttons). The terminal
/// attaches its handler when it mounts.
#[derive(Clone, Default)]
pub struct TermPort(Rc<RefCell<Option<Callback<String>>>>);

impl PartialEq for TermPort {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl TermPort {
    /// Types `command` (one or more lines) into the terminal and presses Enter.
    pub fn run(&self, command: &str) {
        let handler = self.0.borrow().clone();
        if let Some(h) = handler {
            h.emit(command.to_string());
        }
    }

    /// Called by the terminal: where `run` goes.
    pub fn attach(&self, handler: Option<Callback<String>>) {
        *self.0.borrow_mut() = handler;
    }
}

/// The session context.
#[hook]
pub fn use_session() -> SessionCtx {
    use_context::<SessionCtx>().expect("use_session outside App's SessionState provider")
}

/// The course context.
#[hook]
pub fn use_course() -> CourseCtx {
    use_context::<CourseCtx>().expect("use_course outside App's CourseState provider")
}

/// The UI context.
#[hook]
pub fn use_ui() -> UiCtx {
    use_context::<UiCtx>().expect("use_ui outside App's UiState provider")
}

/// The terminal port.
#[hook]
pub fn use_term_port() -> TermPort {
    use_context::<TermPort>().expect("use_term_port outside App's TermPort provider")
}
