//! The differential proof: every comparable case of `cases.txt` run under the real
//! `busybox sh` of this machine (in an empty scratch directory, like the simulator's `/root`)
//! must give exactly the expected output and status, so the table, the simulator and busybox
//! agree. Skipped, with a note, where busybox is not installed.

use std::process::{Command, Stdio};

use super::cases::load;

/// Runs `busybox sh -c script` with output and errors interleaved as a terminal shows them.
fn busybox(script: &str, n: usize) -> Option<(String, i32)> {
    let dir = std::env::temp_dir().join(format!("wharf-sh-diff-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let log = dir.join(".out");
    let file = std::fs::File::create(&log).ok()?;
    // Through `env --default-signal`: a test run started in the background inherits SIGINT
    // ignored, and a shell cannot trap a signal ignored on entry (`trap_int_self` would differ).
    let status = Command::new("/usr/bin/env")
        .args(["--default-signal=INT,QUIT", "/bin/busybox", "sh", "-c", script])
        .current_dir(&dir)
        .env_clear()
        .env("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .env("HOME", "/root")
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .stdout(file.try_clone().ok()?)
        .stderr(file)
        .status()
        .ok()?;
    let out = std::fs::read_to_string(&log).ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    Some((out, status.code().unwrap_or(-1)))
}

#[test]
fn busybox_agrees_with_the_table() {
    if !std::path::Path::new("/bin/busybox").exists() {
        println!("SKIPPED (needs busybox): busybox_agrees_with_the_table");
        return;
    }
    let mut failures = Vec::new();
    let cases: Vec<_> = load().into_iter().filter(|c| c.compare).collect();
    for (n, case) in cases.iter().enumerate() {
        // A real process can lose a race under a loaded test run (a signal before the child
        // has started); a case must differ twice to count.
        let mut result = busybox(&case.script, n);
        if result.as_ref().is_some_and(|(out, code)| *out != case.out || *code != case.code) {
            result = busybox(&case.script, n);
        }
        let Some((out, code)) = result else {
            failures.push(format!("{}: busybox did not run", case.name));
            continue;
        };
        if out != case.out || code != case.code {
            failures.push(format!("--- {} ---\nexpected ({}):\n{}busybox ({}):\n{}", case.name, case.code, case.out, code, out));
        }
    }
    println!("compared {} cases with busybox", cases.len());
    assert!(failures.is_empty(), "{} cases differ from busybox:\n{}", failures.len(), failures.join("\n"));
}
