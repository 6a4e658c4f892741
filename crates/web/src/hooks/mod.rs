//! Hooks: the contexts the panes read, and the page-wide effects (pumping the machine,
//! persisting state, theme, the `#/MODULE/STEP` link, checking the open step, other packs).

mod contexts;
mod use_pump;
mod use_checker;
mod use_pack;
mod use_page;

pub use contexts::{use_course, use_session, use_term_port, use_ui, CourseCtx, SessionCtx, TermPort, UiCtx};
pub use use_checker::use_checker;
pub use use_pack::{open_files, use_pack_url};
pub use use_page::{hash_link, prefers_dark, use_hash_link, use_persisted, use_theme};
pub use use_pump::use_pump;
