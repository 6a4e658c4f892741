//! `wharf history`: `GET /images/{name}/history` from the stores, printed by the engine's
//! [`wharf_engine::cli::render::history`].

use std::path::Path;

use clap::ArgAction;
use wharf::store::open_stores;
use wharf_engine::cli::render::daemon_error;
use wharf_engine::cli::render::history::{render, Options};
use wharf_engine::image::db::ImageDb;

use super::images::now_nanos;

/// Flags of `wharf history`.
#[derive(clap::Args)]
pub struct Args {
    /// Print sizes and dates in human readable format
    #[arg(short = 'H', long = "human", action = ArgAction::Set, default_value_t = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "true|false")]
    pub human: bool,
    /// Don't truncate output
    #[arg(long = "no-trunc")]
    pub no_trunc: bool,
    /// Only show image IDs
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
    /// Format output using a custom template ('table', 'table TEMPLATE', 'json', 'TEMPLATE')
    #[arg(long = "format", value_name = "string")]
    pub format: Option<String>,
    /// The image
    #[arg(value_name = "IMAGE")]
    pub image: String,
}

/// Runs the command.
pub fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let (mut content, mut meta) = open_stores(root)?;
    let db = ImageDb::new(&mut content, &mut meta);
    let items = match db.resolve(&args.image).and_then(|id| db.history(&id)) {
        Ok(items) => items,
        Err(e) => {
            eprintln!("{}", daemon_error(e));
            return Ok(1);
        }
    };
    let opts = Options { human: args.human, no_trunc: args.no_trunc, quiet: args.quiet, format: args.format.unwrap_or_default() };
    match render(&items, &opts, now_nanos()) {
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
