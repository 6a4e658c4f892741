//! The Dockerfile parser against BuildKit's parser fixtures and against wharf's own.
//!
//! - `../shared/conformance/buildkit-dockerfile-parser/testfiles/<case>/Dockerfile` must dump
//!   (`Ast::dump`) exactly to the case's `result`; `testfiles-negative/<case>/Dockerfile` must
//!   fail to parse. These are BuildKit's fixtures, read in place and never copied here.
//! - `tests/fixtures/dockerfile/<case>/{Dockerfile,ast}`: wharf's own cases for what BuildKit's
//!   fixtures lack (heredocs, RUN --mount, COPY --parents...). They must pass the instruction
//!   checks too, and `ast` is `Ast::dump_with_heredocs`. `negative/<case>/{Dockerfile,error}`
//!   must fail with exactly the text in `error`.
//! - Every fixture, mangled many ways, must parse or fail without panicking.
//!
//! Every failing case is reported, each with a diff, not just the first.

use std::fs;
use std::path::{Path, PathBuf};

use wharf_engine::build::{parse, parse_and_validate, parse_bytes};

fn buildkit_dir() -> PathBuf {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/conformance/buildkit-dockerfile-parser"
    ));
    assert!(
        dir.is_dir(),
        "BuildKit's parser fixtures are missing: expected {} (the project's shared/ inputs, \
         checked out beside the repository)",
        dir.display()
    );
    dir.to_path_buf()
}

fn own_dir() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dockerfile")).to_path_buf()
}

/// The case directories under `dir` that hold a Dockerfile, sorted.
fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.join("Dockerfile").is_file())
        .collect();
    out.sort();
    out
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn name(case: &Path) -> String {
    case.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A line diff of expected against actual: `-` lines only expected, `+` lines only actual.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    // Longest common subsequence, then walk it.
    let mut lcs = vec![vec![0usize; a.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..a.len()).rev() {
            lcs[i][j] = if e[i] == a[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < e.len() || j < a.len() {
        if i < e.len() && j < a.len() && e[i] == a[j] {
            out += &format!("   {}\n", e[i]);
            i += 1;
            j += 1;
        } else if j < a.len() && (i == e.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out += &format!("  +{}\n", a[j]);
            j += 1;
        } else {
            out += &format!("  -{}\n", e[i]);
            i += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out += "  (the final newline differs)\n";
    }
    out
}

fn report(what: &str, total: usize, failures: Vec<String>) {
    println!("{what}: {}/{} pass", total - failures.len(), total);
    assert!(
        failures.is_empty(),
        "{what}: {} of {total} failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn buildkit_positive_fixtures_dump_exactly() {
    let all = cases(&buildkit_dir().join("testfiles"));
    assert!(!all.is_empty(), "no BuildKit fixtures found");
    let mut failures = Vec::new();
    for case in &all {
        let expected = read(&case.join("result"));
        match parse(&read(&case.join("Dockerfile"))) {
            Ok(parsed) => {
                let actual = parsed.ast.dump();
                if actual != expected {
                    failures.push(format!("{}:\n{}", name(case), diff(&expected, &actual)));
                }
            }
            Err(e) => failures.push(format!("{}: unexpected error: {e}", name(case))),
        }
    }
    report("BuildKit positive fixtures", all.len(), failures);
}

#[test]
fn buildkit_negative_fixtures_fail() {
    let all = cases(&buildkit_dir().join("testfiles-negative"));
    assert!(!all.is_empty(), "no BuildKit negative fixtures found");
    let failures: Vec<String> = all
        .iter()
        .filter_map(|case| match parse(&read(&case.join("Dockerfile"))) {
            Ok(parsed) => Some(format!(
                "{}: parsed, to:\n{}",
                name(case),
                parsed.ast.dump()
            )),
            Err(_) => None,
        })
        .collect();
    report("BuildKit negative fixtures", all.len(), failures);
}

#[test]
fn own_positive_fixtures_dump_exactly() {
    let all = cases(&own_dir());
    assert!(
        all.len() >= 10,
        "expected wharf's own fixtures in {}",
        own_dir().display()
    );
    let mut failures = Vec::new();
    for case in &all {
        let expected = read(&case.join("ast"));
        match parse_and_validate(&read(&case.join("Dockerfile"))) {
            Ok(parsed) => {
                let actual = parsed.ast.dump_with_heredocs();
                if actual != expected {
                    failures.push(format!("{}:\n{}", name(case), diff(&expected, &actual)));
                }
            }
            Err(e) => failures.push(format!("{}: unexpected error: {e}", name(case))),
        }
    }
    report("wharf positive fixtures", all.len(), failures);
}

#[test]
fn own_negative_fixtures_fail_with_their_message() {
    let all = cases(&own_dir().join("negative"));
    assert!(all.len() >= 10, "expected wharf's own negative fixtures");
    let mut failures = Vec::new();
    for case in &all {
        let expected = read(&case.join("error"));
        let expected = expected.trim_end_matches('\n');
        match parse_and_validate(&read(&case.join("Dockerfile"))) {
            Ok(parsed) => failures.push(format!(
                "{}: parsed, to:\n{}",
                name(case),
                parsed.ast.dump()
            )),
            Err(e) if e.to_string() != expected => {
                failures.push(format!("{}:\n  -{expected}\n  +{e}\n", name(case)))
            }
            Err(_) => {}
        }
    }
    report("wharf negative fixtures", all.len(), failures);
}

/// A small deterministic generator (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the parser, to splice into fixtures.
const INTERESTING: &[&[u8]] = &[
    b"\\",
    b"`",
    b"\n",
    b"\r\n",
    b"\"",
    b"'",
    b"[",
    b"]",
    b"<<",
    b"<<-",
    b"EOF",
    b"$",
    b"${",
    b"}",
    b"#",
    b"# escape=`\n",
    b"--",
    b"--mount=",
    b"=",
    b" ",
    b"\t",
    b"ONBUILD ",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\0",
    b"{",
    b",",
    b"\\u",
    b"HEALTHCHECK ",
    b"ENV ",
];

fn mutate(rng: &mut Rng, src: &[u8]) -> Vec<u8> {
    let mut out = src.to_vec();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(out.len() + 1);
        match rng.below(4) {
            0 if !out.is_empty() => {
                let end = (at + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            1 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                out.splice(at..at, piece.iter().copied());
            }
            2 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = rng.next() as u8;
            }
            _ => {
                let from = rng.below(out.len() + 1);
                let end = (from + rng.below(40)).min(out.len());
                let copy = out[from..end].to_vec();
                out.splice(at..at, copy);
            }
        }
    }
    out
}

#[test]
fn mutated_fixtures_never_panic() {
    let mut sources = Vec::new();
    for dir in [
        buildkit_dir().join("testfiles"),
        buildkit_dir().join("testfiles-negative"),
        own_dir(),
        own_dir().join("negative"),
    ] {
        for case in cases(&dir) {
            sources.push(fs::read(case.join("Dockerfile")).expect("fixture"));
        }
    }
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut runs = 0;
    for src in &sources {
        for _ in 0..150 {
            let input = mutate(&mut rng, src);
            if let Ok(parsed) = parse_bytes(&input) {
                let _ = parsed.ast.dump_with_heredocs();
                let _ = wharf_engine::build::validate(&parsed.ast);
            }
            runs += 1;
        }
    }
    println!("{runs} mutated Dockerfiles parsed without a panic");
}
