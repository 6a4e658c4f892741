//! `wharf images` / `wharf image ls`: `GET /images/json` from the stores, printed by the
//! engine's [`wharf_engine::cli::render::images`].

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use wharf::store::open_stores;
use wharf_engine::cli::render::images::{render, Options};
use wharf_engine::image::db::{ImageDb, ListOptions};

/// Flags of `wharf images`.
#[derive(clap::Args)]
pub struct Args {
    /// Show all images (default hides intermediate images)
    #[arg(short = 'a', long = "all")]
    pub all: bool,
    /// Only show image IDs
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
    /// Show digests
    #[arg(long = "digests")]
    pub digests: bool,
    /// Don't truncate output
    #[arg(long = "no-trunc")]
    pub no_trunc: bool,
    /// Format output using a custom template ('table', 'table TEMPLATE', 'json', 'TEMPLATE')
    #[arg(long = "format", value_name = "string")]
    pub format: Option<String>,
    /// Only images of this repository (a glob, optionally with a tag)
    #[arg(value_name = "REPOSITORY[:TAG]")]
    pub repository: Option<String>,
}

/// Nanoseconds since the epoch, for `… ago`.
pub fn now_nanos() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as i64).unwrap_or(0)
}

/// Runs the command.
pub fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let (mut content, mut meta) = open_stores(root)?;
    let db = ImageDb::new(&mut content, &mut meta);
    let images = db.summaries(&ListOptions { reference: args.repository.into_iter().collect(), all: args.all })?;
    let opts = Options { quiet: args.quiet, digests: args.digests, no_trunc: args.no_trunc, format: args.format.unwrap_or_default() };
    match render(&images, &opts, now_nanos()) {
        Ok(text) => {
            print!("{text}");
            Ok(0)
        }
        Err(e) => {
            eprintln!("{}", e.docker_message());
            Ok(1)
        }
    }
}
