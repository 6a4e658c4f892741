//! The panes. Each reads the state it shows from context and dispatches actions; none holds
//! logic that the pure modules could hold instead.

pub mod header;
pub mod icons;
pub mod lesson_pane;
pub mod markdown;
pub mod module_list;
pub mod splitter;
pub mod terminal;
pub mod workspace;
pub mod xray;
