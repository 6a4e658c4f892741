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
