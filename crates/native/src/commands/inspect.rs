//! `wharf inspect` (being written).

use std::path::Path;

/// Flags of `wharf inspect`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_root: &Path, _args: Args) -> anyhow::Result<u8> {
    anyhow::bail!("inspect is not written yet")
}
