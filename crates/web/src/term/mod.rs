//! The terminal's logic, independent of xterm.js: decoding keys, editing the line, history,
//! Tab completion, and tracking the cursor through everything drawn. The `terminal`
//! component only moves bytes between xterm.js, this editor and the session.

mod column;
mod complete;
mod editor;
mod history;
mod keys;

pub use column::Column;
pub use complete::{columns, complete, escape, Completion, Match, Object, Sources};
pub use editor::{Command, LineEditor, Reaction};
pub use history::History;
pub use keys::{decode, Key};
