//! `wharf dockerfile dump` (being written).

/// Flags of `wharf dockerfile dump`.
#[derive(clap::Args)]
pub struct DumpArgs {
    /// The Dockerfile to parse
    pub file: std::path::PathBuf,
}

/// Runs the command.
pub fn dump(_args: DumpArgs) -> anyhow::Result<u8> {
    anyhow::bail!("dockerfile dump is not written yet")
}
