//! `wharf load`: `docker load` of a `docker save` tarball or an OCI layout tar, from `-i FILE` or
//! stdin, plain or gzip.
//!
//! Docker prints progress bars only on a terminal and the `Loaded image` lines always (`-q` only
//! silences progress); wharf prints no progress, so `-q` changes nothing. Errors are printed as
//! the docker CLI prints an error from the load stream: the bare message, exit 1.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};

use wharf::store::{open_stores, RootLock};
use wharf_engine::image::archive::{self, LoadOptions};
use wharf_engine::image::db::ImageDb;

/// Flags of `wharf load`.
#[derive(clap::Args)]
pub struct Args {
    /// Read from tar archive file, instead of STDIN
    #[arg(short = 'i', long = "input", value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Suppress the load output
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
}

/// An I/O error worded as Go words it (`no such file or directory`).
pub fn go_error(e: &io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Go's name for this machine's CPU architecture (`GOARCH`), as OCI platforms spell it.
pub fn go_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64le",
        other => other,
    }
}

/// Runs the command.
pub fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let mut input: Box<dyn Read> = match &args.input {
        Some(path) => match File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("open {}: {}", path.display(), go_error(&e));
                return Ok(1);
            }
        },
        None if io::stdin().is_terminal() => {
            eprintln!("requested load from stdin, but stdin is empty");
            return Ok(1);
        }
        None => Box::new(io::stdin().lock()),
    };
    let _lock = RootLock::exclusive(root)?;
    let (mut content, mut meta) = open_stores(root)?;
    let mut db = ImageDb::new(&mut content, &mut meta);
    let opts = LoadOptions { os: "linux".to_string(), architecture: go_arch().to_string() };
    match archive::load(&mut db, &mut input, &opts) {
        Ok(report) => {
            for line in report.lines {
                println!("{line}");
            }
            Ok(0)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_read_like_go() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(go_error(&e), "no such file or directory");
    }
}
