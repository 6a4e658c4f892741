//! Layouts: from a snapshot to a [`Diagram`](super::diagram::Diagram), one per X-ray view.
//! Pure geometry, tested natively; each takes the width it may use. The kernel's views
//! (`cgroups`, `layers`, `mounts`, `network`, `processes`) draw [`super::snapshot`]; the
//! daemon's (`images`, `container`, `graph`, `volumes`) draw [`super::docker`].

mod cgroups;
pub mod container;
mod graph;
pub mod images;
mod layers;
mod mounts;
mod network;
mod processes;
mod tree;
mod volumes;

pub use cgroups::{bytes, cgroups};
pub use graph::graph;
pub use images::images;
pub use layers::layers;
pub use mounts::mounts;
pub use network::network;
pub use processes::processes;
pub use volumes::volumes;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod docker_tests;
