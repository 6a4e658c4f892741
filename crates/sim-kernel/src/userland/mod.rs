//! The simulated userland: the programs of the host and of the course's images.
//!
//! Each family of programs registers itself into a [`Programs`] table; executables in the
//! simulated filesystems name them (see [`crate::program`]).

pub mod coreutils;
pub mod docker;
pub mod host;
pub mod net;
pub mod pkg;
pub mod sh;

use crate::program::Programs;

/// Every program the simulator knows.
pub fn programs() -> Programs {
    let mut p = Programs::new();
    let _ = &mut p;
    coreutils::register(&mut p);
    sh::register(&mut p);
    docker::register(&mut p);
    net::register(&mut p);
    pkg::register(&mut p);
    crate::images::programs::register(&mut p);
    p
}
