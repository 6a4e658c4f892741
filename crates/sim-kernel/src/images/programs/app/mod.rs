//! Apps the course builds from source, run by the simulated language runtimes.
//!
//! wharf cannot execute JavaScript, Python or Go. Instead an app's source *declares* what it
//! does in `wharf:` comment lines ([`decl`]): which variables it reads, what it prints, the
//! port it listens on, what each route answers, which database it talks to. `node index.js`,
//! `python3 app.py`, `go run .` and binaries made by `go build` read those lines and carry
//! them out ([`run`], [`serve`], [`store`]). The comments are invisible to the real
//! runtimes, so the same files build and run on real Docker. The course's own apps live in
//! `lessons/docker/apps/`, declared the same way; `lessons/FORMAT.md` documents the lines.

pub mod course;
pub mod decl;
mod run;
mod serve;
mod store;

use crate::program::Programs;
use crate::sys::Proc;

/// The program of binaries `go build` writes: the declaration travels inside the file.
pub const BINARY_PROGRAM: &str = "wharf-app";

/// Registers [`BINARY_PROGRAM`].
pub fn register(p: &mut Programs) {
    p.register(BINARY_PROGRAM, |proc| Box::pin(binary(proc)));
}

/// Runs the app declared in `source` (the file at `path`, for messages).
pub async fn run_source(p: &Proc, runtime: &str, path: &str, source: &str) -> i32 {
    match decl::parse(source) {
        Ok(d) => run::run(p, &d).await,
        Err(e) => {
            p.eprint(&format!("{runtime}: {path}: wharf declaration {e} (see lessons/FORMAT.md, \"Apps\")\n")).await;
            1
        }
    }
}

/// The bytes of a binary that runs `declaration` (the `wharf:` lines of its sources), padded
/// to `size` so `ls -l` shows a plausible Go binary.
pub fn binary_bytes(declaration: &str, size: usize) -> Vec<u8> {
    let mut out = crate::program::executable(BINARY_PROGRAM, 0);
    out.extend_from_slice(declaration.as_bytes());
    out.push(0);
    if out.len() < size {
        out.resize(size, 0);
    }
    out
}

/// The declaration inside a binary made by [`binary_bytes`].
pub fn binary_declaration(bytes: &[u8]) -> String {
    // The marker line (`\x7fELF…wharf-sim:wharf-app`) holds no newline before its end.
    let start = bytes.iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| i + 1);
    let rest = &bytes[start..];
    let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    String::from_utf8_lossy(&rest[..end]).to_string()
}

/// A compiled app: reads the declaration out of its own executable (found like the shell
/// found it: `argv[0]`, else on `PATH`).
async fn binary(p: Proc) -> i32 {
    let argv0 = p.argv().first().cloned().unwrap_or_default();
    let path = if argv0.contains('/') { Some(argv0.clone()) } else { p.which(&argv0) };
    let bytes = match path {
        Some(path) => p.read_file(&path).await.unwrap_or_default(),
        None => Vec::new(),
    };
    run_source(&p, &argv0, &argv0, &binary_declaration(&bytes)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binaries_carry_their_declaration() {
        let bytes = binary_bytes("// wharf: listen 8080 gin\n", 4096);
        assert_eq!(bytes.len(), 4096);
        assert_eq!(crate::program::program_name(&bytes), Some(BINARY_PROGRAM));
        assert_eq!(binary_declaration(&bytes), "// wharf: listen 8080 gin\n");
    }
}
