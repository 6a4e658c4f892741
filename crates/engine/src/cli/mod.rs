//! The docker command line's output: the primitives every command prints with.
//!
//! - [`units`]: sizes (`1.99MB`), durations (`About a minute`), `… ago`, and truncation.
//! - [`table`]: column alignment, Go's `text/tabwriter` as the CLI configures it.
//! - [`template`]: `--format` templates (Go's `text/template` with Docker's functions and its
//!   `table`/`json` conventions).
//!
//! Everything here reproduces the docker CLI (20.10) byte for byte; the reference outputs in
//! `shared/reference/docker/` are the tests' ground truth.

pub mod grammar;
pub mod table;
pub mod template;
pub mod units;
