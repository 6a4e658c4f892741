//! Applet tests: boot the host with [`crate::userland::host::boot`], run an applet with its
//! standard output and error on pipes, and compare both and the exit code.

mod harness;
mod robustness;
mod simple;
mod containers;
mod files;
mod system;
mod text;
