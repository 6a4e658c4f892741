//! CI's guard on the course: every pack in `lessons/` parses, and every step's solution passes
//! its own checks in a fresh simulated host.

use std::path::Path;

use wharf_pack::check::{validate, Outcome};
use wharf_pack::source::DirSource;

#[test]
fn every_pack_in_lessons_passes_its_own_checks() {
    let lessons = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    let mut packs = 0;
    let mut failures = Vec::new();
    let mut passed = 0;
    for entry in std::fs::read_dir(&lessons).expect("lessons/ exists") {
        let dir = entry.expect("readable").path();
        if !dir.join("pack.toml").is_file() {
            continue;
        }
        packs += 1;
        let pack = wharf_pack::load(&DirSource(dir.clone())).unwrap_or_else(|e| panic!("{} does not parse:\n{e}", dir.display()));
        for module in validate(&pack, 1) {
            for step in module.steps {
                match step.outcome {
                    Outcome::Passed => passed += 1,
                    Outcome::Failed(why) => failures.push(format!("{}: {}/{} {}: {why}\n{}", pack.id, module.id, step.index, step.title, step.transcript)),
                    Outcome::Unchecked | Outcome::Pending(_) => {}
                }
            }
        }
    }
    assert!(packs > 0, "no pack found in {}", lessons.display());
    assert!(failures.is_empty(), "steps fail their own checks:\n{}", failures.join("\n"));
    assert!(passed >= 8, "only {passed} checked steps passed");
}

/// The complete example in `lessons/FORMAT.md` is a pack that passes its own checks.
#[test]
fn the_example_in_format_md_passes() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons/FORMAT.md")).expect("FORMAT.md");
    let example = &text[text.find("## A complete example").expect("the example section")..];
    let toml = example.split("```toml\n").nth(1).and_then(|s| s.split("```\n").next()).expect("its pack.toml");
    let md = example.split("````markdown\n").nth(1).and_then(|s| s.split("````\n").next()).expect("its module");
    let files = [("pack.toml".to_string(), toml.to_string()), ("jails.md".to_string(), md.to_string())];
    let pack = wharf_pack::load(&wharf_pack::source::MemSource(files.into_iter().collect())).unwrap_or_else(|e| panic!("{e}"));
    let report = validate(&pack, 1).remove(0);
    let outcomes: Vec<Outcome> = report.steps.into_iter().map(|s| s.outcome).collect();
    assert_eq!(outcomes, vec![Outcome::Passed; 3]);
}
