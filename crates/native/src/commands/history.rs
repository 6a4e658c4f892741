//! `wharf history` (being written).

use std::path::Path;

/// Flags of `wharf history`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_root: &Path, _args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("history is not written yet")
}
