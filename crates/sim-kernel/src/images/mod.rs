//! The course's images, as deterministic stand-ins served by a simulated Docker Hub.
//!
//! [`docker_hub`] builds hello-world, busybox, alpine, ubuntu, debian, node, python, golang,
//! nginx, postgres, mysql, mongo, redis, registry and docker/whalesay into a
//! [`MemoryRegistry`] for `docker.io`, to be put in the daemon's
//! [`Registries`](wharf_engine::registry::Registries) at boot and pulled with
//! [`wharf_engine::registry::pull`].
//!
//! Each stand-in is modelled on the real image: its layer structure (alpine and ubuntu one
//! layer, nginx six on top of debian's, node several on buildpack-deps), a real-looking file
//! tree (Alpine's busybox symlinks, Debian's merged `/usr` written by the host's own
//! [`debian_root`](crate::userland::host::debian_root)), and the real config's `Env`, `Cmd`,
//! `Entrypoint`, `WorkingDir`, `ExposedPorts`, `Volumes`, `StopSignal` and `Labels`. Every
//! timestamp is fixed, so the image IDs and digests are the same at every boot.
//!
//! **Sizes without bytes.** `docker images` must show Docker Hub's sizes (alpine 7.33MB,
//! ubuntu 77.8MB, nginx 187MB, node 1.09GB), but a browser cannot build and hold gigabytes at
//! boot. So the files are small (executables are marker files, see [`crate::program`]), and
//! each layer's manifest descriptor carries the size Docker reports for the real layer in the
//! [`SIZE_ANNOTATION`](wharf_engine::registry::SIZE_ANNOTATION); `pull` records that number
//! as the layer's size. Digests and diff IDs are still those of the actual (small) bytes and
//! are verified as usual. Layers are stored uncompressed, so a blob digest is its diff ID.
//! The whole hub is about 1 MB of blobs and builds in ~35 ms in a debug build (the test
//! `building_the_hub_is_cheap` prints it), so it is built eagerly rather than lazily.
//!
//! The programs the images run (`/hello`, `cowsay`, busybox, the servers) are in
//! [`programs`]; the language runtimes only answer `--version`.

mod bases;
mod build;
mod catalog;
pub mod programs;

#[cfg(test)]
mod tests;

use wharf_engine::registry::MemoryRegistry;

/// Every stand-in, as `docker pull` would name it.
pub const STAND_INS: &[&str] = &[
    "hello-world",
    "busybox",
    "alpine",
    "alpine:3.18",
    "ubuntu:22.04",
    "debian:bookworm-slim",
    "debian:bookworm",
    "node:20",
    "node:20-alpine",
    "python:3.11",
    "golang",
    "nginx",
    "postgres:15.1-alpine",
    "mysql:8.0",
    "mongo",
    "redis:7-alpine",
    "registry:2",
    "docker/whalesay",
];

/// Docker Hub with every stand-in (and `docker search` entries for them).
pub fn docker_hub() -> MemoryRegistry {
    let mut hub = MemoryRegistry::hub();
    catalog::publish_all(&mut hub);
    hub
}
