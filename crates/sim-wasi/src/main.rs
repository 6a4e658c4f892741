//! `wharf-sim-wasi [--seed N]`: reads a script on standard input and prints its transcript,
//! exactly as `wharf sim run --seed N -` does. Built for `wasm32-wasip1` and run under
//! wasmtime by `tests/tests/wasi_transcripts.rs`, it shows that the simulator is the same
//! program in a WebAssembly sandbox: no host clock, threads or randomness leak into it.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use wharf_sim_kernel::{runner, userland};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed = match args.as_slice() {
        [] => 1,
        [flag, n] if flag == "--seed" => match n.parse() {
            Ok(n) => n,
            Err(_) => return fail(&format!("--seed: not a number: {n}")),
        },
        _ => return fail("usage: wharf-sim-wasi [--seed N] < SCRIPT"),
    };
    let mut script = String::new();
    if let Err(e) = io::stdin().read_to_string(&mut script) {
        return fail(&format!("reading the script: {e}"));
    }
    let mut sim = userland::host::boot(seed);
    if let Err(e) = runner::start_shell(&mut sim, "/bin/sh") {
        return fail(&format!("starting the host shell: {e}"));
    }
    let transcript = runner::run_transcript(&mut sim, &script, runner::LINE_BUDGET);
    if let Err(e) = io::stdout().write_all(transcript.as_bytes()) {
        return fail(&format!("writing the transcript: {e}"));
    }
    ExitCode::SUCCESS
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("wharf-sim-wasi: {msg}");
    ExitCode::FAILURE
}
