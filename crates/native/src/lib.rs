//! The `wharf` library: the parts of wharf on the real Linux kernel that the binary, its tests
//! and its benchmarks share. `main.rs` stays a thin command line over this and the engine.
//!
//! Keep this file a plain list of modules.

pub mod daemon;
pub mod dirfs;
pub mod hash_thread;
pub mod interrupts;
pub mod kernel;
pub mod store;
