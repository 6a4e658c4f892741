//! `wharf dockerfile dump FILE`: the parse of a Dockerfile in BuildKit's dump format.
//!
//! By default this is BuildKit's parser and nothing more, so BuildKit's fixtures dump exactly
//! (they include `COPY --user=me`, which only `docker build` refuses); `--validate` adds the
//! instruction checks `docker build` applies (argument counts, known flags...).
//! Errors go to stderr as `dockerfile parse error on line N: ...`, exit 1; warnings go to
//! stderr as docker build lists them, and the dump alone to stdout.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use wharf_engine::build::{parse_bytes, validate};

/// Flags of `wharf dockerfile dump`.
#[derive(clap::Args)]
pub struct DumpArgs {
    /// The Dockerfile to parse (`-` for standard input)
    pub file: PathBuf,
    /// Also apply the instruction checks of `docker build` (argument counts, known flags...)
    #[arg(long)]
    pub validate: bool,
    /// Also print heredoc bodies, one `(heredoc ...)` line each
    #[arg(long)]
    pub heredocs: bool,
}

/// Runs the command.
pub fn dump(args: DumpArgs) -> anyhow::Result<u8> {
    let mut src = Vec::new();
    if args.file.as_os_str() == "-" {
        io::stdin()
            .read_to_end(&mut src)
            .context("failed to read the Dockerfile from stdin")?;
    } else {
        src = std::fs::read(&args.file).map_err(|e| {
            anyhow::anyhow!("failed to read {}: {}", args.file.display(), go_error(&e))
        })?;
    }
    let parsed = match parse_bytes(&src) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{e}");
            return Ok(1);
        }
    };
    if args.validate {
        if let Err(e) = validate(&parsed.ast) {
            eprintln!("{e}");
            return Ok(1);
        }
    }
    let text = if args.heredocs {
        parsed.ast.dump_with_heredocs()
    } else {
        parsed.ast.dump()
    };
    io::stdout()
        .write_all(text.as_bytes())
        .context("failed to write the dump")?;
    if !parsed.warnings.is_empty() {
        let n = parsed.warnings.len();
        let mut err = io::stderr().lock();
        let plural = if n == 1 { "" } else { "s" };
        let _ = writeln!(
            err,
            "{n} warning{plural} found (use docker --debug to expand):"
        );
        for w in &parsed.warnings {
            let _ = writeln!(err, " - {w}");
        }
    }
    Ok(0)
}

/// An I/O error as Go words it: `no such file or directory`, without Rust's `(os error 2)`.
fn go_error(e: &io::Error) -> String {
    let text = e.to_string();
    let text = text.split(" (os error").next().unwrap_or_default();
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}
