//! `cargo xtask`: the project's launch commands (the alias is in `.cargo/config.toml`).
//!
//!   cargo xtask play [--port N]   build the playground into dist/ and serve it on 127.0.0.1
//!   cargo xtask dist              only build dist/ (static files any host can serve)
//!
//! Building is `scripts/build-web`, the one implementation that `scripts/test` and CI run
//! too (it installs what is missing: the wasm target, wasm-bindgen-cli at Cargo.lock's
//! version, the npm packages). Serving is here, in plain std, so playing needs no Python.

mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask play [--port N]   build the playground and serve it on http://127.0.0.1:8080
       cargo xtask dist              only build it into dist/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("dist") if args.len() == 1 => build(&root),
        Some("play") => match port(&args[1..]) {
            Ok(port) => build(&root).and_then(|()| serve::serve(&root.join("dist"), port)),
            Err(e) => Err(e),
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The checkout: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// `--port N` (or `PORT` in the environment), 8080 by default.
fn port(args: &[String]) -> Result<u16, String> {
    let value = match args {
        [] => std::env::var("PORT").ok(),
        [flag, n] if flag == "--port" => Some(n.clone()),
        _ => return Err(USAGE.to_string()),
    };
    match value {
        None => Ok(8080),
        Some(v) => v.parse().map_err(|_| format!("not a port: {v}")),
    }
}

/// Runs `scripts/build-web`.
fn build(root: &Path) -> Result<(), String> {
    let status = Command::new(root.join("scripts/build-web")).current_dir(root).status().map_err(|e| format!("cannot run scripts/build-web: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("scripts/build-web failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_port_comes_from_the_flag() {
        assert_eq!(port(&["--port".into(), "9000".into()]), Ok(9000));
        assert!(port(&["--port".into(), "x".into()]).is_err());
        assert!(port(&["--bogus".into()]).is_err());
    }
}
