//! The simulator is one program on every platform: built for `wasm32-wasip1`
//! (`crates/sim-wasi`) and run under wasmtime, it replays every golden transcript of
//! `crates/native/tests/sim_run/` byte for byte, as the native `wharf sim run` does.
//!
//! The guest is built by this test (`cargo build --release --target wasm32-wasip1`, a no-op
//! when up to date) into the same target directory; `scripts/setup` installs the target.

use std::path::{Path, PathBuf};
use std::process::Command;

use wasmtime::{Config, Engine, Linker, Module, Store};
use wasmtime_wasi::p1::{self, WasiP1Ctx};
use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
use wasmtime_wasi::WasiCtxBuilder;

/// Builds the guest and returns its `.wasm`.
fn build_guest() -> PathBuf {
    // This test binary is `TARGET/debug/deps/NAME`: the guest goes to the same TARGET.
    let exe = std::env::current_exe().expect("test binary path");
    let target = exe.ancestors().nth(3).expect("target directory").to_path_buf();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--release", "--target", "wasm32-wasip1", "-p", "wharf-sim-wasi", "--target-dir"])
        .arg(&target)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("run cargo");
    assert!(status.success(), "building the wasm32-wasip1 guest failed (is the target installed? scripts/setup adds it)");
    target.join("wasm32-wasip1/release/wharf-sim-wasi.wasm")
}

/// Runs `script` through the guest: its standard output, after checking it exited 0.
fn run_guest(engine: &Engine, module: &Module, script: &str) -> String {
    let stdout = MemoryOutputPipe::new(64 << 20);
    let stderr = MemoryOutputPipe::new(1 << 20);
    let wasi = WasiCtxBuilder::new()
        .args(&["wharf-sim-wasi", "--seed", "1"])
        .stdin(MemoryInputPipe::new(script.as_bytes().to_vec()))
        .stdout(stdout.clone())
        .stderr(stderr.clone())
        .build_p1();
    let mut store: Store<WasiP1Ctx> = Store::new(engine, wasi);
    let mut linker: Linker<WasiP1Ctx> = Linker::new(engine);
    p1::add_to_linker_sync(&mut linker, |cx| cx).expect("link WASI");
    let instance = linker.instantiate(&mut store, module).expect("instantiate the guest");
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start").expect("_start");
    if let Err(e) = start.call(&mut store, ()) {
        let code = e.downcast_ref::<wasmtime_wasi::I32Exit>().map(|x| x.0);
        assert_eq!(code, Some(0), "guest failed: {e:?}\n{}", String::from_utf8_lossy(&stderr.contents()));
    }
    String::from_utf8(stdout.contents().to_vec()).expect("utf-8 transcript")
}

#[test]
fn transcripts_match_the_native_build_byte_for_byte() {
    let wasm = build_guest();
    let engine = Engine::new(&Config::new()).expect("wasmtime engine");
    let module = Module::from_file(&engine, &wasm).expect("compile the guest");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/native/tests/sim_run");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir).expect("sim_run scripts").map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "sh")).collect();
    scripts.sort();
    assert!(scripts.len() >= 10, "scripts found: {scripts:?}");
    for script in &scripts {
        let text = std::fs::read_to_string(script).expect("script");
        let expected = std::fs::read_to_string(script.with_extension("transcript")).expect("transcript");
        let got = run_guest(&engine, &module, &text);
        assert!(got == expected, "{} differs under wasmtime:\n{}", script.display(), first_difference(&expected, &got));
    }
    eprintln!("{} transcripts identical under wasmtime (guest: {} bytes)", scripts.len(), std::fs::metadata(&wasm).map(|m| m.len()).unwrap_or(0));
}

/// The first differing line, for a readable failure.
fn first_difference(expected: &str, got: &str) -> String {
    let (e, g): (Vec<_>, Vec<_>) = (expected.lines().collect(), got.lines().collect());
    for i in 0..e.len().max(g.len()) {
        if e.get(i) != g.get(i) {
            return format!("line {}:\n  expected: {:?}\n  got:      {:?}", i + 1, e.get(i), g.get(i));
        }
    }
    "(same lines; different line endings)".into()
}
