//! wharf's Docker engine: what Docker *is*, with no operating system underneath.
//!
//! The engine never touches a platform: no files, no processes, no clock of its own. Everything
//! that needs a machine goes through [`kernel::Kernel`], implemented by the simulated Linux of
//! `wharf-sim-kernel` (in the browser) and by the real kernel in `wharf` (natively). That single
//! seam is why one engine can teach in a browser tab and run real containers.
//!
//! Modules, bottom up:
//! - [`golang`]: Go's text conventions Docker's output shows (`strconv.Quote`).
//! - [`digest`]: sha256 content digests, the names of everything content-addressed.
//! - [`fs`]: the filesystem vocabulary shared by layers, the union filesystem and both kernels,
//!   and an in-memory filesystem.
//! - [`image`]: references, the content store, OCI types, layers, `docker save`/OCI archives.
//! - [`unionfs`]: the union filesystem model (overlayfs semantics) and upper-dir diffs.
//! - [`kernel`]: the Kernel trait.
//! - [`registry`]: registries (Docker Hub, `registry:2`) and `docker pull`/`push`/`login`/`search`.
//! - [`container`]: container identity, states and status lines.
//! - [`daemon`]: dockerd: the state and operations over one kernel, shared by its clients.
//! - [`build`]: the Dockerfile builder: parser (BuildKit-exact), AST and dump, variable expansion.
//! - [`compose`]: Docker Compose: compose files to a project, and the plan that runs it.
//! - [`client`]: the docker CLI's commands: parsed command lines to daemon requests and output.
//! - [`api`]: Docker Engine API response types (the real JSON field names, Go's encoding).
//! - [`cli`]: the docker CLI's output primitives: sizes and durations, tables, `--format` templates.
#![deny(missing_docs)]

pub mod api;
pub mod build;
pub mod cli;
pub mod compose;
pub mod client;
pub mod collect;
pub mod container;
pub mod daemon;
pub mod digest;
pub mod fs;
pub mod golang;
pub mod image;
pub mod kernel;
pub mod percent;
pub mod registry;
pub mod sort;
pub mod unionfs;
