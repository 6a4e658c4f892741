//! Hooks: the contexts the panes read, and the page-wide effects (pumping the machine,
//! persisting state, theme, the `#/module` link).

mod contexts;
mod use_pump;
mod use_page;

pub use contexts::{use_course, use_session, use_term_port, use_ui, CourseCtx, SessionCtx, TermPort, UiCtx};
pub use use_page::{hash_module, prefers_dark, use_hash_link, use_persisted, use_theme};
pub use use_pump::use_pump;
