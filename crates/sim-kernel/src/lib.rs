//! A simulated Linux kernel and userland, implementing `wharf_engine::kernel::Kernel` in pure
//! Rust so the engine runs in a browser tab (issue 3).
//!
//! How it fits together:
//! - [`machine::Machine`] holds all kernel state: the [`vfs`] (filesystems, per-namespace
//!   mount tables), the process table ([`process`]), namespaces, [`cgroup`]s, the terminal.
//! - Programs are Rust `async fn`s ([`program`]) that touch the machine only through their
//!   [`sys::Proc`] handle, the system-call layer.
//! - The [`executor`] runs them deterministically on virtual time ([`clock`]); randomness is
//!   seeded ([`rng`]). Same input, same transcript.
//! - [`images`] are the course's images, served by a simulated Docker Hub.
#![deny(missing_docs)]

pub mod cgroup;
pub mod cgroupfs;
pub mod clock;
pub mod errno;
pub mod executor;
pub mod images;
pub mod io;
pub mod kernel;
pub mod machine;
pub mod net;
pub mod process;
pub mod program;
pub mod rng;
pub mod runner;
pub mod signal;
pub mod sim;
pub mod synth;
pub mod sys;
pub mod userland;
pub mod vfs;
