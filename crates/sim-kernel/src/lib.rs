//! A simulated Linux kernel and userland, implementing `wharf_engine::kernel::Kernel` in pure
//! Rust so the engine runs in a browser tab (issue 3). Not written yet beyond this crate.
#![deny(missing_docs)]
