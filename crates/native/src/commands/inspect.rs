//! `wharf image inspect`: `GET /images/{name}/json` from the stores for each name, printed by
//! the engine's [`wharf_engine::cli::render::inspect`] (docker CLI 28: the found images as one
//! JSON array, then one error line per name not found, exit 1; a missing image reads
//! `Error response from daemon: No such image: x:latest`, as a 20.10 daemon answers).
//!
//! `GraphDriver` paths are overlay2-style under `<--root>/overlay2/<chain ID>` (Docker uses a
//! random cache ID instead of the chain ID).

use std::io::Write;
use std::path::Path;

use wharf::store::open_stores;
use wharf_engine::cli::render::{daemon_error, inspect};
use wharf_engine::image::db::ImageDb;

/// Flags of `wharf image inspect`.
#[derive(clap::Args)]
pub struct Args {
    /// Format output using a custom template ('json', 'TEMPLATE')
    #[arg(short = 'f', long = "format", value_name = "string")]
    pub format: Option<String>,
    /// The images
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,
}

/// The graph driver directory under `root`, made absolute as Docker's data root always is.
fn graph_root(root: &Path) -> String {
    let abs = if root.is_absolute() { root.to_path_buf() } else { std::env::current_dir().map(|d| d.join(root)).unwrap_or_else(|_| root.to_path_buf()) };
    format!("{}/overlay2", abs.display().to_string().trim_end_matches('/'))
}

/// Runs the command.
pub fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let (mut content, mut meta) = open_stores(root)?;
    let db = ImageDb::new(&mut content, &mut meta);
    let graph = graph_root(root);
    let results: Vec<_> = args.images.iter().map(|name| db.resolve(name).and_then(|id| db.inspect(&id, &graph)).map_err(daemon_error)).collect();
    let printed = inspect::render(&results, args.format.as_deref().unwrap_or(""));
    std::io::stdout().write_all(printed.stdout.as_bytes())?;
    std::io::stderr().write_all(printed.stderr.as_bytes())?;
    Ok(u8::try_from(printed.code).unwrap_or(1))
}
