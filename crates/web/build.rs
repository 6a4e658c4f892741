//! Bundles the course pack into the playground: every file of `lessons/docker/` becomes a
//! `(path, text)` entry of `$OUT_DIR/bundled_pack.rs`, included by `src/pack.rs`. The page
//! needs no server to read its course, and editing a lesson rebuilds the page.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("../../lessons/docker");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the course pack {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && matches!(p.extension().and_then(|x| x.to_str()), Some("toml" | "md")))
        .collect();
    files.sort();
    let mut out = String::from("/// The course pack's files, bundled at build time: (path in the pack, text).\npub static FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().and_then(|n| n.to_str()).expect("UTF-8 file names");
        let abs = f.canonicalize().expect("the file exists");
        writeln!(out, "    ({name:?}, include_str!({:?})),", abs.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled_pack.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
