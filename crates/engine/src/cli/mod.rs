//! The docker command line's output: the primitives every command prints with.
//!
//! - [`units`]: sizes (`1.99MB`), durations (`About a minute`), `… ago`, and truncation.
//! - [`table`]: column alignment, Go's `text/tabwriter` as the CLI configures it.
//! - [`template`]: `--format` templates (Go's `text/template` with Docker's functions and its
//!   `table`/`json` conventions).
//! - [`grammar`]: the command line itself (commands, flags, usage errors, `--help`).
//! - [`render`]: what commands print for the Engine API's answers (`images`, `history`,
//!   `inspect`).
//!
//! Everything here reproduces the docker CLI 28.2 (as it talks to a 20.10 daemon, API 1.41)
//! byte for byte; the reference outputs in `shared/reference/docker/` are the tests' ground
//! truth.

pub mod grammar;
pub mod render;
pub mod table;
pub mod template;
pub mod units;
