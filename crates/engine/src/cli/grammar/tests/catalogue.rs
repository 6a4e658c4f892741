//! Invariants of the catalogue: what pflag and cobra would refuse at start-up (a flag
//! declared twice, a shorthand used twice) and what phase 2 relies on.

use std::collections::BTreeSet;

use crate::cli::grammar::{walk, Kind};

#[test]
fn flags_are_declared_once_per_command() {
    for (path, cmd) in walk() {
        let scope: Vec<_> = cmd.flags.iter().collect();
        let mut longs = BTreeSet::new();
        let mut shorts = BTreeSet::new();
        for f in &scope {
            assert!(longs.insert(f.long), "{path}: --{} declared twice", f.long);
            if let Some(c) = f.short {
                assert!(shorts.insert(c), "{path}: -{c} declared twice");
                assert!(c.is_ascii_alphanumeric(), "{path}: -{c}");
            }
            assert!(!f.help.is_empty(), "{path}: --{} has no help", f.long);
            assert_eq!(f.kind == Kind::Bool, f.type_name.is_empty(), "{path}: --{} type name", f.long);
            if !f.alias_of.is_empty() {
                assert!(scope.iter().any(|t| t.long == f.alias_of && t.alias_of.is_empty()), "{path}: --{} aliases nothing", f.long);
            }
            if matches!(f.kind, Kind::Int) && !f.default.is_empty() {
                assert!(crate::cli::grammar::value::parse_int(f.default).is_ok(), "{path}: --{}", f.long);
            }
        }
    }
}

#[test]
fn commands_are_well_formed() {
    let mut seen = BTreeSet::new();
    for (path, cmd) in walk() {
        assert!(seen.insert(path.clone()), "{path} reachable twice");
        assert!(!cmd.short.is_empty(), "{path}: no description");
        assert!(cmd.usage.starts_with(cmd.name), "{path}: usage {:?}", cmd.usage);
        if path != "docker" {
            assert!(!cmd.canonical.is_empty(), "{path}: no canonical path");
            let (canon, _) = crate::cli::grammar::find(cmd.canonical).unwrap_or_else(|| panic!("{path}: canonical path missing"));
            assert_eq!(canon.canonical, cmd.canonical, "{path}");
        }
        let mut names = BTreeSet::new();
        for sub in cmd.commands {
            for word in std::iter::once(&sub.name).chain(sub.aliases) {
                assert!(names.insert(*word), "{path}: {word} selects two commands");
            }
        }
    }
}

/// The size of the catalogue, printed with `--nocapture` for the record.
#[test]
fn catalogue_size() {
    let all = walk();
    let paths = all.len() - 1;
    // Distinct definitions (`docker run` and `docker container run` are one) and flag tables
    // (`docker ps` and `docker container ls` share one).
    let defs: BTreeSet<usize> = all.iter().map(|(_, c)| *c as *const _ as usize).collect();
    let mut tables = BTreeSet::new();
    let mut flags = 0;
    for (_, c) in &all {
        if tables.insert(c.flags.as_ptr() as usize) {
            flags += c.flags.len();
        }
    }
    println!("{paths} command paths, {} definitions, {flags} flags", defs.len() - 1);
    assert!(paths >= 100, "{paths}");
}
