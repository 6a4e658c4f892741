//! The shell's tests: a small machine with `/bin/sh` and a few stand-in programs
//! ([`programs`]), table-driven scripts checked against expected output and status
//! ([`cases`]), the same table run under the real busybox when installed ([`differential`]),
//! interactive transcripts through the runner ([`transcripts`]), and a parser fuzz
//! ([`fuzz`]).

mod cases;
mod differential;
mod fuzz;
mod programs;
mod transcripts;

use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FileKind, FsWrite};

use crate::executor::RunOutcome;
use crate::program::{executable, Programs};
use crate::sim::Sim;

/// A disk with `/bin/sh`, the stand-in programs, `/dev/null` and a root user.
pub fn disk() -> MemFs {
    let mut fs = MemFs::new();
    for d in ["bin", "usr", "usr/bin", "tmp", "etc", "root", "dev", "home"] {
        fs.mkdir(d, &Attrs::root(0o755)).expect("fresh tree");
    }
    fs.set_attrs("tmp", &Attrs::root(0o1777)).expect("exists");
    let mut bins = vec!["sh"];
    bins.extend(programs::NAMES);
    for name in bins {
        fs.write_file(&format!("bin/{name}"), &Attrs::root(0o755), &mut &executable(name, 128)[..]).expect("bin exists");
    }
    fs.mknod("dev/null", FileKind::CharDevice, (1, 3), &Attrs::root(0o666)).expect("dev exists");
    let passwd = b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
    fs.write_file("etc/passwd", &Attrs::root(0o644), &mut &passwd[..]).expect("etc exists");
    fs
}

/// The shell plus the stand-ins.
pub fn all_programs() -> Programs {
    let mut p = Programs::new();
    super::register(&mut p);
    programs::register(&mut p);
    p
}

/// Runs `sh -c script` as the first process on a fresh machine; returns what the terminal
/// showed (standard output and error together) and the exit status.
pub fn run_script(script: &str) -> (String, i32) {
    let mut sim = Sim::boot(disk(), 7, all_programs());
    let script = script.to_string();
    let pid = sim
        .start(&["sh"], move |p| {
            Box::pin(async move {
                match p.exec("/bin/sh", vec!["sh".into(), "-c".into(), script], None) {
                    Ok(f) => f.await,
                    Err(_) => 255,
                }
            })
        })
        .expect("starts");
    let outcome = sim.run(2_000_000);
    let screen = sim.take_screen();
    let code = match sim.take_status(pid) {
        Some(st) => st.code(),
        None => {
            assert_ne!(outcome, RunOutcome::AllDone);
            -1
        }
    };
    (screen, code)
}
