//! A simulated Linux kernel and userland, implementing `wharf_engine::kernel::Kernel` in pure
//! Rust so the engine runs in a browser tab (issue 3).
//!
//! Written so far: the foundations every simulated process stands on: virtual time
//! ([`clock`]), the deterministic executor that runs programs as `async fn`s ([`executor`]),
//! Linux's error numbers ([`errno`]) and the VFS with per-namespace mount tables ([`vfs`]).
//! Processes, cgroups, the network and the userland come next.
#![deny(missing_docs)]

pub mod clock;
pub mod errno;
pub mod executor;
pub mod vfs;
