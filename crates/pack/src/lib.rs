//! wharf's exercise packs (issue 9): the course as data, checked by replaying it.
//!
//! A pack is a directory: `pack.toml` lists the modules in order, and each written module is
//! a markdown file whose `##` headings start steps and whose fenced blocks, named by their
//! info string (```` ```verify ````, ```` ```solution ````...), carry everything a step needs
//! besides its prose. `lessons/FORMAT.md` is the instructor's reference.
//!
//! - [`model`]: the parsed pack, as the playground renders and checks it;
//! - [`source`]: where a pack's files come from (a directory, or memory in the browser);
//! - [`load`] parses a pack ([`manifest`] for `pack.toml`, [`markdown`] for modules,
//!   [`matcher`] for declarative checks); every [`error::ParseError`] names file and line;
//! - [`killercoda`] imports a Killercoda scenario;
//! - [`check`] runs steps in the simulated host: the playground's live checks and the
//!   validator behind `wharf pack check`;
//! - [`coverage`] measures which seed-inventory items the passing steps exercise
//!   (`wharf pack coverage`).
//!
//! The crate names no platform: files arrive through [`source::Source`], and the simulator is
//! the one from `wharf-sim-kernel`, so the web app links it as it is.
#![deny(missing_docs)]

pub mod check;
pub mod coverage;
pub mod error;
pub mod killercoda;
pub mod load;
pub mod manifest;
pub mod markdown;
pub mod matcher;
pub mod model;
pub mod source;

pub use error::ParseError;
pub use load::load;
pub use model::{Module, Pack, Step};
