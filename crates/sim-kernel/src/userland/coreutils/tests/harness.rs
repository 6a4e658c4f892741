//! The test harness: a booted host, applets run with pipes on their standard streams, and
//! (where the real tool exists on the machine running the tests) the real tool's output for
//! comparison.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use wharf_engine::fs::Attrs;

use crate::io::{FileObj, OpenFile, Pipe};
use crate::program::ProgramFuture;
use crate::sim::Sim;
use crate::sys::{Command, Proc};
use crate::userland::coreutils::util::{find_command, Io};
use crate::userland::host;
use crate::vfs::FsKind;

/// What a command printed and how it ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Out {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit code (128 + signal if killed).
    pub code: i32,
}

impl Out {
    /// Shorthand for table rows.
    pub fn new(stdout: &str, stderr: &str, code: i32) -> Out {
        Out { stdout: stdout.into(), stderr: stderr.into(), code }
    }
}

/// Runs its arguments one by one, each split on spaces, with the same standard streams: a
/// stand-in for `sh -c 'a; b; c'` in tests, so they need no shell.
async fn run_all(io: Io) -> i32 {
    let mut code = 0;
    for line in io.argv.clone() {
        let argv: Vec<String> = line.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect();
        let Some(path) = argv.first().and_then(|n| find_command(&io.p, n)) else {
            io.p.eprint(&format!("run-all: {line}: not found\n")).await;
            code = 127;
            continue;
        };
        code = match io.p.spawn(Command { path, argv, ..Command::default() }) {
            Ok(pid) => io.p.wait(pid).await.map(|s| s.code()).unwrap_or(1),
            Err(e) => {
                io.p.eprint(&format!("run-all: {line}: {e}\n")).await;
                126
            }
        };
    }
    code
}

/// Boots the host with the test-only `run-all` program in `/usr/bin`.
pub fn boot() -> Sim {
    let sim = host::boot(7);
    {
        let mut m = sim.machine().borrow_mut();
        m.programs.register("run-all", |p| Box::pin(run_all(Io::new(p))));
        // Until the shell is registered, `bash` and `sh` binaries run a stand-in that exits 0.
        if m.programs.get("sh").is_none() {
            m.programs.register("sh", |_| Box::pin(async { 0 }));
        }
        let fs = m.host_fs;
        if let Ok(f) = m.vfs.fs_mut(fs) {
            if let FsKind::Tree(t) = &mut f.kind {
                let data = crate::program::executable("run-all", 100);
                t.write_file("usr/bin/run-all", &Attrs::root(0o755), &mut &data[..]).expect("write run-all");
            }
        }
    }
    sim
}

/// Runs `argv` on `sim` as a child of a first process in `/root`, feeding `stdin`.
pub fn run_on(sim: &mut Sim, argv: &[&str], stdin: &str) -> Out {
    pipeline_on(sim, &[argv], stdin)
}

/// Runs a pipeline `a | b | c` on `sim`; the result is the last stage's output and exit
/// code, and every stage's standard error.
pub fn pipeline_on(sim: &mut Sim, stages: &[&[&str]], stdin: &str) -> Out {
    let label = format!("{stages:?}");
    match bounded(sim, stages, stdin, 3_000_000) {
        Some(out) => out,
        None => panic!("{label} did not finish"),
    }
}

/// Runs a pipeline for at most `budget` executor steps; `None` if it was still running.
pub fn bounded(sim: &mut Sim, stages: &[&[&str]], stdin: &str, budget: u64) -> Option<Out> {
    let result = Rc::new(RefCell::new(Out::default()));
    let r = result.clone();
    let stages: Vec<Vec<String>> = stages.iter().map(|a| a.iter().map(|s| s.to_string()).collect()).collect();
    let input = stdin.as_bytes().to_vec();
    let body = move |p: Proc| -> ProgramFuture {
        Box::pin(async move {
            let (in_r, in_w) = Pipe::pair();
            let (err_r, err_w) = Pipe::pair();
            let err_w = OpenFile::new(FileObj::Pipe(err_w), false, true, false);
            let mut next_in = OpenFile::new(FileObj::Pipe(in_r), true, false, false);
            let mut children = Vec::new();
            for (i, argv) in stages.into_iter().enumerate() {
                let (out_r, out_w) = Pipe::pair();
                let fds = BTreeMap::from([(0, next_in.clone()), (1, OpenFile::new(FileObj::Pipe(out_w), false, true, false)), (2, err_w.clone())]);
                next_in = OpenFile::new(FileObj::Pipe(out_r), true, false, false);
                let Some(path) = argv.first().and_then(|n| find_command(&p, n)) else {
                    r.borrow_mut().stderr.push_str(&format!("{argv:?}: not found\n"));
                    continue;
                };
                match p.spawn(Command { path, argv, fds: Some(fds), ..Command::default() }) {
                    Ok(c) => children.push((i, c)),
                    Err(e) => r.borrow_mut().stderr.push_str(&format!("spawn: {e}\n")),
                }
            }
            drop(err_w);
            // Each helper is forked holding only its own end, so no one keeps a pipe open by
            // accident (a writer left on stdin would leave the command waiting forever).
            let in_fd = p.install(OpenFile::new(FileObj::Pipe(in_w), false, true, false)).expect("fd");
            let feeder = p
                .fork(None, move |c| async move {
                    let _ = c.write_all(in_fd, &input).await;
                    0
                })
                .expect("fork");
            let _ = p.close(in_fd);
            let err_fd = p.install(OpenFile::new(FileObj::Pipe(err_r), true, false, false)).expect("fd");
            let r2 = r.clone();
            let drain = p
                .fork(None, move |c| async move {
                    let e = c.read_to_end(err_fd).await.unwrap_or_default();
                    r2.borrow_mut().stderr.push_str(&String::from_utf8_lossy(&e));
                    0
                })
                .expect("fork");
            let _ = p.close(err_fd);
            let out_fd = p.install(next_in).expect("fd");
            let o = p.read_to_end(out_fd).await.unwrap_or_default();
            r.borrow_mut().stdout = String::from_utf8_lossy(&o).into_owned();
            let _ = p.close(out_fd);
            let mut code = 127;
            for (_, c) in children {
                code = p.wait(c).await.map(|s| s.code()).unwrap_or(-1);
            }
            let _ = p.wait(drain).await;
            let _ = p.wait(feeder).await;
            r.borrow_mut().code = code;
            0
        })
    };
    let pid = sim.start(&["test"], body).expect("start");
    // The host's init never ends, so "done" means the test process has.
    sim.run(budget);
    sim.take_status(pid)?;
    let out = result.borrow().clone();
    Some(out)
}

/// Boots a fresh host and runs a pipeline on it.
pub fn pipeline(stages: &[&[&str]], stdin: &str) -> Out {
    pipeline_on(&mut boot(), stages, stdin)
}

/// Boots a fresh host and runs one command on it.
pub fn run(argv: &[&str]) -> Out {
    run_on(&mut boot(), argv, "")
}

/// Boots a fresh host and runs one command with `stdin`.
pub fn run_in(argv: &[&str], stdin: &str) -> Out {
    run_on(&mut boot(), argv, stdin)
}

/// Checks a table of `(argv, stdin, expected)` rows, each on a fresh host.
pub fn table(rows: &[(&[&str], &str, Out)]) {
    for (argv, stdin, want) in rows {
        let got = run_in(argv, stdin);
        assert_eq!(&got, want, "running {argv:?}");
    }
}

/// The real tool's output on this machine, if `tool` is installed (tests print
/// `SKIPPED (needs tool)` otherwise). Runs in `dir` with a C.UTF-8 locale.
pub fn real(tool: &str, argv: &[&str], stdin: &str) -> Option<Out> {
    use std::io::Write;
    let found = std::env::var("PATH").ok()?.split(':').any(|d| std::path::Path::new(d).join(tool).exists());
    if !found {
        println!("SKIPPED (needs {tool})");
        return None;
    }
    let mut child = std::process::Command::new(argv[0])
        .args(&argv[1..])
        .env("LC_ALL", "C.UTF-8")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(stdin.as_bytes()).ok()?;
    let o = child.wait_with_output().ok()?;
    Some(Out { stdout: String::from_utf8_lossy(&o.stdout).into(), stderr: String::from_utf8_lossy(&o.stderr).into(), code: o.status.code().unwrap_or(-1) })
}

/// Runs the same command in the simulator and for real (when installed) and compares them.
pub fn same_as_real(argv: &[&str], stdin: &str) {
    let sim = run_in(argv, stdin);
    if let Some(real) = real(argv[0], argv, stdin) {
        assert_eq!(sim, real, "simulated vs real {argv:?}");
    }
}

