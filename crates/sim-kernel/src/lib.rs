//! A simulated Linux kernel and userland, implementing `wharf_engine::kernel::Kernel` in pure
//! Rust so the engine runs in a browser tab (issue 3).
//!
//! Written so far: the foundations every simulated process stands on, virtual time
//! ([`clock`]) and the deterministic executor that runs programs as `async fn`s
//! ([`executor`]). The VFS, processes, namespaces, cgroups and userland come next.
#![deny(missing_docs)]

pub mod clock;
pub mod executor;
