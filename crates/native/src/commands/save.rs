//! `wharf save`: `docker save` to `-o FILE` or stdout, in Docker 20.10's legacy layout.
//!
//! As the docker CLI does, the output file is written next to its destination and renamed into
//! place, so a failed save leaves no half archive; stdout is refused when it is a terminal.

use std::fs::{self, File};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use wharf::store::open_stores;
use wharf_engine::cli::render::daemon_error;
use wharf_engine::image::archive::docker_save::write::save;
use wharf_engine::image::db::ImageDb;

/// Flags of `wharf save`.
#[derive(clap::Args)]
pub struct Args {
    /// Write to a file, instead of STDOUT
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The images to save
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,
}

/// Runs the command.
pub fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    if args.output.is_none() && io::stdout().is_terminal() {
        eprintln!("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        return Ok(1);
    }
    let (mut content, mut meta) = open_stores(root)?;
    let db = ImageDb::new(&mut content, &mut meta);
    let images = match db.resolve_for_save(&args.images) {
        Ok(images) => images,
        Err(e) => {
            eprintln!("{}", daemon_error(e));
            return Ok(1);
        }
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    match &args.output {
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            save(&db, &images, &mut out, now)?;
            out.flush()?;
        }
        Some(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let tmp = dir.join(format!(".{name}.wharf-save-{}", std::process::id()));
            let result = (|| -> anyhow::Result<()> {
                let mut out = BufWriter::new(File::create(&tmp).with_context(|| format!("failed to save image: {}", tmp.display()))?);
                save(&db, &images, &mut out, now)?;
                out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                fs::rename(&tmp, path).with_context(|| format!("failed to save image: {}", path.display()))?;
                Ok(())
            })();
            if result.is_err() {
                let _ = fs::remove_file(&tmp);
            }
            result?;
        }
    }
    Ok(0)
}
