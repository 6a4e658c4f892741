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
    /// The build stops where the simulator's stand-ins fall short of the real image or tool
    /// (a program that only answers `--version`, a package or user the stand-in image lacks):
    /// the exit code and a line of the output that shows it. When a stand-in grows, this
    /// fails, and the case becomes `Builds`.
    Gap(i32, &'static str),
}

/// What the parser says: `None` when the Dockerfile parses and validates.
type ParseExpect = Option<&'static str>;

/// Real Go builds a file named on the command line without a go.mod; the stand-in wants one.
const GO_MODULES: &str = "go: go.mod file not found in current directory or any parent directory; see 'go help modules'";
/// The stand-in npm installs no package's executables into node_modules/.bin.
const ASTRO: &str = "sh: astro: not found";

const CASES: &[(&str, ParseExpect, Expect)] = &[
    ("df01-stdin-apt", None, Expect::Builds(&["Setting up iputils-ping (3:20211215-1) ..."])),
    ("df02-mysql-initdb", None, Expect::Builds(&["Step 3/3 : COPY ./scripts/ /docker-entrypoint-initdb.d/"])),
    ("df03-comments", None, Expect::Builds(&["a # inside quotes is not a comment", "Step 3/6 : RUN echo one two", "indented", "     joined     lines"])),
    ("df03b-no-from", None, Expect::Fails(1, "no build stage in current context")),
    ("df04-apt-python", None, Expect::Builds(&[])),
    ("df05-sorted-args", None, Expect::Gap(100, "E: Unable to locate package mercurial")),
    ("df06-pin-tag", None, Expect::Builds(&[])),
    ("df07-pin-digest", None, Expect::Builds(&["Step 1/1 : FROM alpine:3.18@sha256:dc03184762f539a31fa54cdababd66e8c950d3b7c43549aa486e8b9bf0f7a488"])),
    // The seed's own mistake: the package is build-essential.
    ("df08-wrong-package", None, Expect::Fails(100, "The command '/bin/sh -c apt-get update && apt-get install -y build-essentials' returned a non-zero code: 100")),
    // An unexpanded Hugo placeholder splits FROM into four words.
    ("df09-hugo-placeholder", Some(FROM_ARGS_2), Expect::Fails(1, FROM_ARGS_2)),
    ("df10-multistage-unnamed", None, Expect::Gap(1, GO_MODULES)),
    ("df10b-copy-heredoc", None, Expect::Gap(1, GO_MODULES)),
    ("df11-copy-from-image", None, Expect::Builds(&["Step 2/3 : COPY --from=nginx:latest /etc/nginx/nginx.conf /nginx.conf"])),
    ("df12-stage-as-base", None, Expect::Gap(1, "  build-base (no such package):")),
    // The classic builder runs every stage before the last, stage1 included (BuildKit would skip it).
    ("df13-legacy-runs-every-stage", None, Expect::Builds(&["base", "stage1", "stage2", "Step 5/6 : FROM base AS stage2"])),
    ("df14-python-app", None, Expect::Builds(&[])),
    ("df15-node-cache-mount", None, Expect::Gap(1, "npm: wharf does not simulate `npm set` (ci, install, run, start, test and --version are)")),
    ("df16-go-scratch", None, Expect::Builds(&[])),
    ("df17-node-exec-cmd", None, Expect::Builds(&[])),
    ("df18-node-app", None, Expect::Builds(&[])),
    ("df19-useradd-user", None, Expect::Builds(&["Step 5/6 : COPY --chown=sherzod index.js ."])),
    ("df20-npm-ci", None, Expect::Builds(&[])),
    // The classic builder wants a trailing slash for several sources (BuildKit accepts `.`).
    ("df21-package-json-first", None, Expect::Fails(1, "When using COPY with more than one source file, the destination must be a directory and end with a /")),
    ("df22-alpine-runtime", None, Expect::Builds(&[])),
    ("df23-static-site-nginx", None, Expect::Gap(127, ASTRO)),
    ("df24-alpine-chown", None, Expect::Builds(&[])),
    ("df25-copy-to-root", None, Expect::Builds(&[])),
    ("df26-compose-api", None, Expect::Builds(&[])),
    ("df27-compose-web", None, Expect::Gap(127, ASTRO)),
    ("df28-nginx-conf", None, Expect::Gap(127, ASTRO)),
    ("df29-nginx-foreground", None, Expect::Builds(&[])),
    // ubuntu has no make: the shell's 127.
    ("df30-layers-example", None, Expect::Fails(127, "The command '/bin/sh -c make /app' returned a non-zero code: 127")),
    ("df31-weather-add", None, Expect::Builds(&[])),
    ("df32-weather-env", None, Expect::Builds(&[])),
    ("df33-weather-arg", None, Expect::Builds(&[])),
    ("df34-non-root", None, Expect::Builds(&[])),
    ("df35-weather-node-user", None, Expect::Builds(&[])),
    // After USER cloud_user, writing under /etc is refused; `~` is the user's home.
    ("df36-order-failing", None, Expect::Fails(1, "The command '/bin/sh -c mkdir -p /etc/myconf' returned a non-zero code: 1")),
    ("df37-order-fixed", None, Expect::Builds(&[])),
    ("df38-volume", None, Expect::Builds(&[])),
    ("df39-shell-entrypoint", None, Expect::Builds(&[])),
    ("df40-weather-multistage", None, Expect::Builds(&[])),
    // `*/*.md`, `*/.git`, `src/docs/`, `*/tests/` drop all but src/app.js and the top-level files.
    ("df41-dockerignore", None, Expect::Builds(&["/ctx/.dockerignore\n/ctx/Dockerfile\n/ctx/NOTES.md\n/ctx/src/app.js\nRemoving intermediate container"])),
    ("df42-cache-bad-order", None, Expect::Builds(&[])),
    ("df43-npm-before-copy", None, Expect::Fails(254, "The command '/bin/sh -c npm install' returned a non-zero code: 254")),
    ("df44-typos", Some("dockerfile parse error on line 5: unknown instruction: COPY.. (did you mean COPY?)"), Expect::Fails(1, "dockerfile parse error on line 5: unknown instruction: COPY.. (did you mean COPY?)")),
    ("df44b-typo-from", Some("dockerfile parse error on line 1: FROM requires either one or three arguments"), Expect::Fails(1, "dockerfile parse error on line 1: FROM requires either one or three arguments")),
    ("df44c-typo-copy-args", Some(COPY_ARGS), Expect::Fails(1, COPY_ARGS)),
    ("df44d-typo-from-flag", Some("dockerfile parse error on line 3: unknown flag: --from-builder"), Expect::Fails(1, "dockerfile parse error on line 3: unknown flag: --from-builder")),
    ("df44e-unknown-image", None, Expect::Fails(1, "pull access denied for production.0-alpine, repository does not exist or may require 'docker login': denied: requested access to the resource is denied")),
];

const FROM_ARGS_2: &str = "dockerfile parse error on line 2: FROM requires either one or three arguments";
const COPY_ARGS: &str = "dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined";

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

/// Files a fixture needs that git cannot hold (a nested `.git` directory), added at install.
const EXTRA_FILES: &[(&str, &str, &str)] = &[("df41-dockerignore", "src/.git/HEAD", "ref: refs/heads/main\n")];

/// Copies every fixture onto the simulated host under `/root/seeds/NAME`.
fn install(sim: &mut wharf_sim_kernel::sim::Sim, names: &[String]) {
    let mut all = Vec::new();
    for name in names {
        for (rel, data) in files(&fixtures().join(name)) {
            all.push((format!("/root/seeds/{name}/{rel}"), data));
        }
        for (_, rel, data) in EXTRA_FILES.iter().filter(|e| e.0 == name) {
            all.push((format!("/root/seeds/{name}/{rel}"), data.as_bytes().to_vec()));
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
                    if !lines.contains(w) && !(w.contains('\n') && out.contains(w)) {
                        failures.push(format!("{name}: missing line {w:?}"));
                    }
                }
            }
            Expect::Gap(want_code, line) => {
                if code != *want_code || !lines.contains(line) {
                    failures.push(format!("{name}: expected the gap {line:?} (exit {want_code}), got exit {code}: {last}"));
                }
            }
            Expect::Fails(want_code, want_last) => {
                // A Dockerfile that does not parse fails before dockerd writes any output, so
                // it answers with an HTTP error, which the CLI prints as such.
                let before_output = want_last.starts_with("dockerfile parse error") || *want_last == "no build stage in current context";
                let want_last = if before_output { format!("Error response from daemon: {want_last}") } else { want_last.to_string() };
                if code != *want_code || last != want_last {
                    failures.push(format!("{name}: expected exit {want_code} with {want_last:?}, got exit {code} with {last:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
