//! Containers: identity (IDs and generated names), the state machine, and how Docker words a
//! container's status.
//!
//! The lifecycle itself (create, start, stop with its grace period, restart policies, logs)
//! drives processes through the [`crate::kernel::Kernel`] trait and arrives with the docker
//! CLI in the simulator (issue 4).

pub mod archive;
pub mod names;
pub mod signal;
pub mod state;
