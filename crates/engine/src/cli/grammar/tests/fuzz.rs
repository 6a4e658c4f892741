//! Randomized command lines: parsing, help and completion never panic, and every outcome is
//! one docker could give.

use proptest::prelude::*;

use crate::cli::grammar::help::{completions, render, HelpContext};
use crate::cli::grammar::{parse, Invocation};

/// Words that steer the parser into its corners, mixed with arbitrary text.
fn word() -> impl Strategy<Value = String> {
    let known = prop::sample::select(vec![
        "run", "container", "image", "ls", "ps", "compose", "up", "-f", "x.yml", "help", "--help", "-h",
        "-it", "-dit", "-e", "A=1", "--rm", "--rm=false", "--", "-", "--name", "-p", "8080:80", "-t",
        "5", "--since", "10m", "--health-interval", "--subnet", "\"a", "-v", "--net", "-=", "--=",
        "---", "-H", "volume", "network", "create", "build", ".", "alpine", "-hx", "-é", "--é", "ñ",
        "--blkio-weight", "99999", "-n", "-1", "--filter", "a=b", "system", "df", "-a", "exec",
    ])
    .prop_map(str::to_string);
    prop_oneof![3 => known, 1 => ".{0,8}"]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn never_panics(argv in prop::collection::vec(word(), 0..8)) {
        match parse(&argv) {
            Ok(Invocation::Run(p)) => {
                prop_assert!(!p.command.is_empty());
                prop_assert!(p.path.starts_with("docker "));
                for name in p.flags.keys() {
                    prop_assert!(p.flag_def(name).is_some(), "{name} stored but not accepted");
                    let _ = (p.string(name), p.bool(name), p.int(name), p.uint(name), p.duration(name), p.map(name));
                }
            }
            Ok(Invocation::Help { command, path, .. }) => {
                let text = render(command, &path, &HelpContext::default());
                prop_assert!(text.starts_with("Usage:  "));
            }
            Ok(Invocation::Version) => {}
            Err(e) => {
                prop_assert!(!e.message.is_empty() || e.exit_code() == 1);
                prop_assert!(e.exit_code() == 1 || e.exit_code() == 125);
            }
        }
        let refs: Vec<&str> = argv.iter().map(String::as_str).collect();
        let _ = completions(&refs);
    }
}
