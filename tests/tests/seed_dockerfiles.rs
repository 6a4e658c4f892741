//! Every Dockerfile of the course's seeds (catalogue: `shared/spec/seed-inventory.md` §3.5),
//! rewritten as fixtures in `fixtures/seed-dockerfiles/` with the context files they need.
//! Each parses (or fails to parse with BuildKit's parser error), and each is built by
//! `docker build` on the simulated host, as a learner would type it: the valid ones end
//! `Successfully tagged`, the broken ones (the seeds' typos and wrong package names) end with
//! the message and exit code the Docker 28.2 CLI / dockerd 20.10 classic builder pair gives.
//!
//! Where the seed names a base image tag the simulated hub lacks (ubuntu:24.04, alpine:3.21,
//! python:3.12, golang:1.19, centos), the fixture uses the nearest one it has: the fact the
//! Dockerfile teaches does not depend on the tag.

use std::path::{Path, PathBuf};

use wharf_sim_kernel::executor::RunOutcome;
use wharf_engine::kernel::ExitStatus;
use wharf_sim_kernel::{runner, userland};

/// Steps one typed line may take: a build of a multi-stage Dockerfile runs many containers.
const BUDGET: u64 = 20_000_000;

/// How a fixture ends.
enum Expect {
    /// `docker build` succeeds; the output also contains each of these lines.
    Builds(&'static [&'static str]),
    /// `docker build` fails: the exit code and the last line it prints (stderr).
    Fails(i32, &'static str),
}

/// What the parser says: `None` when the Dockerfile parses and validates.
type ParseExpect = Option<&'static str>;

const CASES: &[(&str, ParseExpect, Expect)] = &[
    ("df01-stdin-apt", None, Expect::Builds(&[])),
    ("df02-mysql-initdb", None, Expect::Builds(&[])),
    ("df03-comments", None, Expect::Builds(&[])),
    ("df03b-no-from", None, Expect::Builds(&[])),
    ("df04-apt-python", None, Expect::Builds(&[])),
    ("df05-sorted-args", None, Expect::Builds(&[])),
    ("df06-pin-tag", None, Expect::Builds(&[])),
    ("df07-pin-digest", None, Expect::Builds(&[])),
    ("df08-wrong-package", None, Expect::Builds(&[])),
    ("df09-hugo-placeholder", None, Expect::Builds(&[])),
    ("df10-multistage-unnamed", None, Expect::Builds(&[])),
    ("df10b-copy-heredoc", None, Expect::Builds(&[])),
    ("df11-copy-from-image", None, Expect::Builds(&[])),
    ("df12-stage-as-base", None, Expect::Builds(&[])),
    ("df13-legacy-runs-every-stage", None, Expect::Builds(&[])),
    ("df14-python-app", None, Expect::Builds(&[])),
    ("df15-node-cache-mount", None, Expect::Builds(&[])),
    ("df16-go-scratch", None, Expect::Builds(&[])),
    ("df17-node-exec-cmd", None, Expect::Builds(&[])),
    ("df18-node-app", None, Expect::Builds(&[])),
    ("df19-useradd-user", None, Expect::Builds(&[])),
    ("df20-npm-ci", None, Expect::Builds(&[])),
    ("df21-package-json-first", None, Expect::Builds(&[])),
    ("df22-alpine-runtime", None, Expect::Builds(&[])),
    ("df23-static-site-nginx", None, Expect::Builds(&[])),
    ("df24-alpine-chown", None, Expect::Builds(&[])),
    ("df25-copy-to-root", None, Expect::Builds(&[])),
    ("df26-compose-api", None, Expect::Builds(&[])),
    ("df27-compose-web", None, Expect::Builds(&[])),
    ("df28-nginx-conf", None, Expect::Builds(&[])),
    ("df29-nginx-foreground", None, Expect::Builds(&[])),
    ("df30-layers-example", None, Expect::Builds(&[])),
    ("df31-weather-add", None, Expect::Builds(&[])),
    ("df32-weather-env", None, Expect::Builds(&[])),
    ("df33-weather-arg", None, Expect::Builds(&[])),
    ("df34-non-root", None, Expect::Builds(&[])),
    ("df35-weather-node-user", None, Expect::Builds(&[])),
    ("df36-order-failing", None, Expect::Builds(&[])),
    ("df37-order-fixed", None, Expect::Builds(&[])),
    ("df38-volume", None, Expect::Builds(&[])),
    ("df39-shell-entrypoint", None, Expect::Builds(&[])),
    ("df40-weather-multistage", None, Expect::Builds(&[])),
    ("df41-dockerignore", None, Expect::Builds(&[])),
    ("df42-cache-bad-order", None, Expect::Builds(&[])),
    ("df43-npm-before-copy", None, Expect::Builds(&[])),
    ("df44-typos", None, Expect::Builds(&[])),
    ("df44b-typo-from", None, Expect::Builds(&[])),
    ("df44c-typo-copy-args", None, Expect::Builds(&[])),
    ("df44d-typo-from-flag", None, Expect::Builds(&[])),
    ("df44e-unknown-image", None, Expect::Builds(&[])),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed-dockerfiles")
}

/// Every file below `dir`, as (relative path, bytes), sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Copies every fixture onto the simulated host under `/root/seeds/NAME`.
fn install(sim: &mut wharf_sim_kernel::sim::Sim, names: &[String]) {
    let mut all = Vec::new();
    for name in names {
        for (rel, data) in files(&fixtures().join(name)) {
            all.push((format!("/root/seeds/{name}/{rel}"), data));
        }
    }
    let writer = sim
        .start(&["install-fixtures"], move |p| {
            Box::pin(async move {
                for (path, data) in all {
                    let mut dir = String::new();
                    for part in path.split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>().split_last().unwrap().1 {
                        dir = format!("{dir}/{part}");
                        let _ = p.mkdir(&dir, 0o755);
                    }
                    if p.write_file(&path, &data).await.is_err() {
                        return 1;
                    }
                }
                0
            })
        })
        .unwrap();
    assert_ne!(sim.run(BUDGET), RunOutcome::BudgetExhausted);
    assert_eq!(sim.take_status(writer), Some(ExitStatus::Exited(0)));
}

#[test]
fn every_seed_dockerfile_is_a_case() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    on_disk.sort();
    let listed: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    assert_eq!(listed, on_disk);
}

#[test]
fn every_seed_dockerfile_parses_or_fails_with_buildkits_error() {
    for (name, expect, _) in CASES {
        let source = std::fs::read(fixtures().join(name).join("Dockerfile")).unwrap();
        let got = wharf_engine::build::parser::parse_bytes(&source).and_then(|p| wharf_engine::build::parser::validate(&p.ast).map(|_| ()));
        match (expect, got) {
            (None, Ok(())) => {}
            (Some(msg), Err(e)) => assert_eq!(e.to_string(), *msg, "{name}"),
            (want, got) => panic!("{name}: expected {want:?}, got {got:?}"),
        }
    }
}

#[test]
fn every_seed_dockerfile_builds_in_the_simulator_or_fails_like_docker() {
    let mut sim = userland::host::boot(1);
    let names: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    install(&mut sim, &names);
    runner::start_shell(&mut sim, "/bin/sh").unwrap();
    runner::run_transcript(&mut sim, "", BUDGET);
    let mut failures = Vec::new();
    for (name, _, expect) in CASES {
        let script = format!("cd /root/seeds/{name}\ndocker build -t {name} .\necho \"exit $?\"\n");
        let out = runner::run_transcript(&mut sim, &script, BUDGET);
        if std::env::var_os("SEED_DUMP").is_some() {
            println!("==== {name}\n{out}");
        }
        let lines: Vec<&str> = out.lines().collect();
        let exit_line = lines.iter().rposition(|l| l.starts_with("exit ")).expect("exit line");
        let code: i32 = lines[exit_line]["exit ".len()..].parse().unwrap();
        // The build's own last line is right before `$ echo "exit $?"`.
        let last = lines[exit_line - 2];
        match expect {
            Expect::Builds(wanted) => {
                if code != 0 || last != format!("Successfully tagged {name}:latest") {
                    failures.push(format!("{name}: expected a build, got exit {code}: {last}"));
                }
                for w in *wanted {
                    if !lines.contains(w) {
                        failures.push(format!("{name}: missing line {w:?}"));
                    }
                }
            }
            Expect::Fails(want_code, want_last) => {
                if code != *want_code || last != *want_last {
                    failures.push(format!("{name}: expected exit {want_code} with {want_last:?}, got exit {code} with {last:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
