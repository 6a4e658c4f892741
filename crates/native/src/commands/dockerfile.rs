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
use wharf_engine::build::{parse_and_validate_bytes, parse_bytes, ParseError, Parsed};

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
    let parsed = match parse_for_dump(&src, args.validate) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{e}");
            return Ok(1);
        }
    };
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

/// BuildKit's parse alone, or with `--validate` what `docker build` checks, in BuildKit's order
/// (the instructions above an unknown one are checked before it is reported).
fn parse_for_dump(src: &[u8], validate: bool) -> Result<Parsed, ParseError> {
    if validate {
        parse_and_validate_bytes(src)
    } else {
        parse_bytes(src)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_reports_errors_in_buildkit_order() {
        let src = b"FROM busybox\nCOPY onlyone\nRUNN x\n";
        let plain = parse_for_dump(src, false).unwrap_err().to_string();
        assert!(plain.contains("line 3: unknown instruction: RUNN"), "{plain}");
        let checked = parse_for_dump(src, true).unwrap_err().to_string();
        assert!(checked.contains("line 2:") && checked.contains("COPY"), "the COPY above comes first: {checked}");
        assert!(parse_for_dump(b"FROM busybox\nCOPY --user=me a b\n", false).is_ok(), "BuildKit's parser alone accepts it");
        assert!(parse_for_dump(b"FROM busybox\nCOPY --user=me a b\n", true).is_err());
    }
}
