//! A Killercoda scenario imports into a pack that parses and passes its own checks.

use std::path::Path;

use wharf_pack::check::{validate, Outcome};
use wharf_pack::killercoda::import;
use wharf_pack::model::Segment;
use wharf_pack::source::{DirSource, MemSource};

#[test]
fn a_scenario_becomes_a_checked_pack() {
    let src = DirSource(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/killercoda"));
    let imported = import(&src).expect("imports");
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
    let md = &imported.files["files-and-directories.md"];
    assert!(md.contains("## Make a directory {#step-1}\n"), "{md}");
    assert!(md.contains("```run\nmkdir /root/project\n```\n"), "{md}");
    assert!(md.contains("```solution\necho hello > /root/project/notes.txt\n```\n"), "{md}");
    assert!(md.contains("#### Why"), "headings move below the step level: {md}");
    assert!(md.contains("`ls -ld /root/project`."), "copy marks are dropped: {md}");

    let pack = wharf_pack::load(&MemSource(imported.files)).unwrap_or_else(|e| panic!("{e}"));
    let module = &pack.modules[0];
    assert_eq!(module.steps.len(), 3);
    assert_eq!(module.steps[0].setup[0].code, "#!/bin/bash\nmkdir -p /opt/course\n", "the intro's background runs before step 1");
    assert!(module.intro.contains(&Segment::Markdown("# Files and directories\n\n### Welcome\n\nTwo small steps with files.\n".into())));
    let outcomes: Vec<Outcome> = validate(&pack, 1).remove(0).steps.into_iter().map(|s| s.outcome).collect();
    assert_eq!(outcomes, vec![Outcome::Passed, Outcome::Passed, Outcome::Unchecked]);
}

#[test]
fn a_verified_step_without_exec_is_noted() {
    let src = MemSource(
        [
            ("index.json", r#"{"title": "T", "details": {"steps": [{"title": "S", "text": "s.md", "verify": "v.sh"}]}}"#),
            ("s.md", "Do something.\n"),
            ("v.sh", "true\n"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
    );
    let imported = import(&src).expect("imports");
    assert_eq!(imported.notes, vec!["step 1 (S) is verified but has no {{exec}} block: add a ```solution block"]);
}

#[test]
fn a_broken_index_names_its_line() {
    let src = MemSource([("index.json".to_string(), "{\n  \"title\": \"T\",\n  \"details\": [\n}".to_string())].into_iter().collect());
    let e = import(&src).expect_err("bad json").to_string();
    assert!(e.starts_with("index.json:4: "), "{e}");
}
