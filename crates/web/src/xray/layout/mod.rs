//! Layouts: from a snapshot to a [`Diagram`](super::diagram::Diagram), one per X-ray view.
//! Pure geometry, tested natively; each takes the width it may use.

mod cgroups;
mod layers;
mod mounts;
mod network;
mod processes;
mod tree;

pub use cgroups::{bytes, cgroups};
pub use layers::layers;
pub use mounts::mounts;
pub use network::network;
pub use processes::processes;

#[cfg(test)]
mod tests;
