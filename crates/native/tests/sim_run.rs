//! `wharf sim run`: the simulated host replays scripts byte for byte. The transcript of the
//! course's "containers by hand" steps is what a real Linux prints (with the simulator's
//! hostname and PIDs); the docker ones are what Docker 28.2 with a 20.10 daemon prints.

use std::path::Path;
use std::process::Command;

fn sim_run(script: &Path, seed: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_wharf")).args(["sim", "run", "--seed", seed]).arg(script).output().expect("run wharf");
    assert!(out.status.success(), "wharf sim run failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 transcript")
}

/// Every `tests/sim_run/NAME.sh` must replay to `NAME.transcript`, byte for byte, twice.
#[test]
fn transcripts_are_exact_and_reproducible() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sim_run");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir).expect("tests/sim_run").map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "sh")).collect();
    scripts.sort();
    assert!(scripts.len() >= 3, "transcripts found: {scripts:?}");
    for script in scripts {
        let expected = std::fs::read_to_string(script.with_extension("transcript")).expect("expected transcript");
        let first = sim_run(&script, "1");
        assert_eq!(first, expected, "{}", script.display());
        assert_eq!(sim_run(&script, "1"), first, "the same seed gives the same bytes: {}", script.display());
    }
}

#[test]
fn a_missing_script_is_a_runner_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_wharf")).args(["sim", "run", "/nonexistent/script"]).output().expect("run wharf");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reading /nonexistent/script"));
}
