//! `wharf sim run FILE`: boots the simulated host and replays a script as if typed at its
//! terminal, printing `$ LINE` and what the screen showed. Instructors and tests get
//! transcripts without a browser; the same seed gives the same bytes.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use wharf_sim_kernel::{runner, userland};

/// Flags of `wharf sim run`.
#[derive(clap::Args)]
pub struct RunArgs {
    /// The script: one command line per line (`-` for standard input)
    pub file: PathBuf,
    /// Seed of the simulator's randomness (container IDs, ephemeral ports...)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Runs the command. Exits 1 only for the runner's own errors, never for a command's.
pub fn run(args: RunArgs) -> anyhow::Result<u8> {
    let mut script = String::new();
    if args.file.as_os_str() == "-" {
        io::stdin().read_to_string(&mut script).context("reading the script from standard input")?;
    } else {
        script = std::fs::read_to_string(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    }
    let mut sim = userland::host::boot(args.seed);
    runner::start_shell(&mut sim, "/bin/sh").map_err(|e| anyhow::anyhow!("starting the host shell: {e}"))?;
    let transcript = runner::run_transcript(&mut sim, &script, runner::LINE_BUDGET);
    io::stdout().write_all(transcript.as_bytes()).context("writing the transcript")?;
    Ok(0)
}
