//! `wharf sim run`: the simulated host replays scripts byte for byte, and the transcript of
//! the course's "containers by hand" steps is what a real Linux prints (with the simulator's
//! hostname and PIDs).

use std::path::Path;
use std::process::Command;

fn sim_run(script: &Path, seed: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_wharf")).args(["sim", "run", "--seed", seed]).arg(script).output().expect("run wharf");
    assert!(out.status.success(), "wharf sim run failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 transcript")
}

#[test]
fn containers_by_hand_transcript_is_exact_and_reproducible() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sim_run");
    let script = dir.join("containers-by-hand.sh");
    let expected = std::fs::read_to_string(dir.join("containers-by-hand.transcript")).expect("expected transcript");
    let first = sim_run(&script, "1");
    assert_eq!(first, expected);
    assert_eq!(sim_run(&script, "1"), first, "the same seed gives the same bytes");
}

#[test]
fn a_missing_script_is_a_runner_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_wharf")).args(["sim", "run", "/nonexistent/script"]).output().expect("run wharf");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reading /nonexistent/script"));
}
