//! Broken packs fail with precise messages: bad TOML, an unknown fence, a solution that does
//! not satisfy its check, a check that tests nothing, a solution down a known wrong path.

use std::collections::BTreeMap;
use std::path::Path;

use wharf_pack::check::{validate, validate_module, Outcome};
use wharf_pack::source::{DirSource, MemSource};

const MANIFEST: &str = "id = \"t\"\ntitle = \"T\"\nversion = \"0.1.0\"\nauthors = []\nlanguage = \"en\"\n\n[[modules]]\nid = \"M1\"\ntitle = \"One\"\nfile = \"one.md\"\n";

fn pack(manifest: &str, module: &str) -> MemSource {
    MemSource(BTreeMap::from([("pack.toml".to_string(), manifest.to_string()), ("one.md".to_string(), module.to_string())]))
}

fn load_error(manifest: &str, module: &str) -> String {
    wharf_pack::load(&pack(manifest, module)).expect_err("must not parse").to_string()
}

fn outcome(module: &str) -> Outcome {
    let p = wharf_pack::load(&pack(MANIFEST, module)).expect("parses");
    validate_module(&p.modules[0], 1).steps.remove(0).outcome
}

#[test]
fn bad_toml_names_the_line() {
    let e = load_error("id = \"t\"\ntitle = \n", "");
    assert!(e.starts_with("pack.toml:2: "), "{e}");
    let e = load_error(&MANIFEST.replace("language", "lang"), "");
    assert!(e.starts_with("pack.toml:") && e.contains("lang"), "{e}");
}

#[test]
fn module_status_rules() {
    let planned_with_file = MANIFEST.replace("file = \"one.md\"", "file = \"one.md\"\nstatus = \"planned\"");
    assert_eq!(load_error(&planned_with_file, ""), "pack.toml:7: module `M1` is planned but names a file `one.md`");
    let written_without_file = MANIFEST.replace("file = \"one.md\"\n", "");
    assert_eq!(load_error(&written_without_file, ""), "pack.toml:7: module `M1` has no `file` (mark it `status = \"planned\"` if it is not written yet)");
    let missing = MANIFEST.replace("one.md", "two.md");
    assert_eq!(load_error(&missing, ""), "pack.toml: module `M1`: cannot read `two.md`");
}

#[test]
fn an_unknown_fence_is_a_parse_error() {
    let e = load_error(MANIFEST, "# One\n\n## Make it\n\n```run\nmkdir /x\n```\n\n```verfiy\ntest -d /x\n```\n");
    assert!(e.starts_with("one.md:9: unknown fence `verfiy`, did you mean `verify`?"), "{e}");
}

#[test]
fn a_solution_that_misses_its_check_fails_by_name() {
    let o = outcome("## Make it\n\n```run\nmkdir /tmp/y\n```\n\n```verify\ntest -d /tmp/x\n```\n");
    assert_eq!(o, Outcome::Failed("the solution does not pass: one.md:7: verify exited 1".into()));
}

#[test]
fn a_verify_script_says_why() {
    let o = outcome("## Make it\n\n```run\nmkdir /tmp/y\n```\n\n```verify\ntest -d /tmp/x || { echo 'no /tmp/x'; exit 3; }\n```\n");
    assert_eq!(o, Outcome::Failed("the solution does not pass: one.md:7: verify exited 3: no /tmp/x".into()));
}

#[test]
fn a_check_that_already_passes_tests_nothing() {
    let o = outcome("## Look\n\n```run\nls /\n```\n\n```verify\ntest -d /etc\n```\n");
    assert_eq!(o, Outcome::Failed("its checks already pass before the solution runs: they test nothing".into()));
}

#[test]
fn a_solution_down_a_wrong_path_fails() {
    let o = outcome("## Name\n\n```run\nhostname box\n```\n\n```verify\n[ \"$(hostname)\" = box ]\n```\n\n```failcheck\n[ \"$(hostname)\" != wharf ]\n---\nYou renamed the host.\n```\n");
    assert_eq!(o, Outcome::Failed("the solution trips a failcheck: You renamed the host.".into()));
}

#[test]
fn output_and_file_matchers_are_evaluated() {
    let ok = "## Write\n\n```run\necho hello > /tmp/f\ncat /tmp/f\n```\n\n```expect\nfile /tmp/f contains \"hell\"\noutput matches ^hello\\n$\n```\n";
    assert_eq!(outcome(ok), Outcome::Passed);
    let wrong = ok.replace("^hello", "^bye");
    assert_eq!(outcome(&wrong), Outcome::Failed("the solution does not pass: one.md:10: the last output does not match `^bye\\n$`".into()));
}

#[test]
fn docker_matchers_are_pending_on_what_the_engine_lacks() {
    let o = outcome("## Run\n\n```run\ntouch /tmp/x\n```\n\n```verify\ntest -e /tmp/x\n```\n\n```expect\nvolume data file /notes.txt contains \"hi\"\n```\n");
    assert_eq!(o, Outcome::Pending("one.md:12: volume data: volumes are not supported yet by the simulated engine".into()));
    let o = outcome("## Run\n\n```run\ntouch /tmp/x\n```\n\n```verify\ntest -e /tmp/x\n```\n\n```expect\ncontainer web running\n```\n");
    assert_eq!(o, Outcome::Failed("the solution does not pass: one.md:12: no container named web".into()));
}

#[test]
fn setup_runs_hidden_and_needs_replay_earlier_steps() {
    let module = "## First {#first}\n\n```setup\nmkdir /tmp/base\n```\n\n```run\ntouch /tmp/base/a\n```\n\n```verify\ntest -e /tmp/base/a\n```\n\n## Second\n\n```run\ncp /tmp/base/a /tmp/base/b\n```\n\n```verify\ntest -e /tmp/base/b\n```\n\n## Alone {needs=}\n\n```run\nmkdir /tmp/alone\n```\n\n```verify\ntest -d /tmp/alone && ! test -e /tmp/base\n```\n";
    let p = wharf_pack::load(&pack(MANIFEST, module)).expect("parses");
    let report = validate(&p, 1).remove(0);
    let outcomes: Vec<Outcome> = report.steps.into_iter().map(|s| s.outcome).collect();
    assert_eq!(outcomes, vec![Outcome::Passed; 3]);
}

#[test]
fn the_broken_fixture_pack_fails_its_step() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken-solution");
    let p = wharf_pack::load(&DirSource(dir)).expect("parses");
    let report = validate(&p, 1).remove(0);
    assert_eq!(report.steps[0].outcome, Outcome::Passed);
    assert_eq!(report.steps[1].outcome, Outcome::Failed("the solution does not pass: broken.md:21: verify exited 1".into()));
    assert!(report.failed());
}

#[test]
fn a_broken_hintcheck_is_reported() {
    let o = outcome("## Make\n\n```run\nmkdir /tmp/x\n```\n\n```verify\ntest -d /tmp/x\n```\n\n```hintcheck\ntset -d /tmp/x\n---\nA hint.\n```\n");
    assert_eq!(o, Outcome::Failed("one.md:11: the script exited 127, which is neither yes (0) nor no (1): is it broken?".into()));
}
