//! Golden `--help` pages. Each file under `testdata/help/` is docker CLI 28.2's output for the
//! command against a 20.10 daemon (API 1.41) on a node in no swarm, checked by hand against
//! docker/cli's usage template and flag declarations (`cli/cobra.go`, the command files) and
//! the reference docs. Files without a width suffix are unwrapped (a wide terminal, as the
//! docs print them); `-80` files are what an 80-column terminal shows.
//!
//! What these pages pin down, beyond the catalogue's texts: no leading blank line (28.x),
//! the `Aliases:` block listing every path (`docker container run, docker run`), the usage
//! line of the path typed (`docker run` vs `docker container run`), the root's "Common
//! Commands" / "Management Commands" / "Swarm Commands" / "Commands" / "Global Options",
//! flags and commands the 1.41 daemon does not support left out (`run --annotation`,
//! `volume update`, every swarm command but `swarm`), and the EXPERIMENTAL notice.

use crate::cli::grammar::find;
use crate::cli::grammar::help::{render, HelpContext, SwarmState};

/// A golden page: file name, command path, terminal width, expected text.
type Page = (&'static str, &'static [&'static str], Option<usize>, &'static str);

const PAGES: &[Page] = &[
    ("docker", &[], None, include_str!("../testdata/help/docker.txt")),
    ("docker-80", &[], Some(80), include_str!("../testdata/help/docker-80.txt")),
    ("run", &["run"], None, include_str!("../testdata/help/run.txt")),
    ("run-80", &["run"], Some(80), include_str!("../testdata/help/run-80.txt")),
    ("container-run", &["container", "run"], None, include_str!("../testdata/help/container-run.txt")),
    ("ps", &["ps"], None, include_str!("../testdata/help/ps.txt")),
    ("ps-80", &["ps"], Some(80), include_str!("../testdata/help/ps-80.txt")),
    ("container-ls", &["container", "ls"], None, include_str!("../testdata/help/container-ls.txt")),
    ("images", &["images"], None, include_str!("../testdata/help/images.txt")),
    ("build", &["build"], None, include_str!("../testdata/help/build.txt")),
    ("network-create", &["network", "create"], None, include_str!("../testdata/help/network-create.txt")),
    ("volume", &["volume"], None, include_str!("../testdata/help/volume.txt")),
    ("volume-ls", &["volume", "ls"], None, include_str!("../testdata/help/volume-ls.txt")),
    ("cp", &["cp"], None, include_str!("../testdata/help/cp.txt")),
    ("swarm", &["swarm"], None, include_str!("../testdata/help/swarm.txt")),
    ("manifest", &["manifest"], None, include_str!("../testdata/help/manifest.txt")),
];

#[test]
fn help_pages_match_docker() {
    for (name, path, width, want) in PAGES {
        let (cmd, shown) = find(path).unwrap_or_else(|| panic!("{name}: no such command"));
        let got = render(cmd, &shown, &HelpContext { width: *width, ..HelpContext::default() });
        if got != *want {
            let line = got.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!("{name}: differs at line {}:\n got: {:?}\nwant: {:?}", line + 1, got.lines().nth(line), want.lines().nth(line));
        }
    }
}

#[test]
fn wrapping_follows_pflag() {
    let (cmd, path) = find(&["network", "create"]).unwrap();
    let pad = " ".repeat(11);
    // At 48 columns there is no room next to the names: help goes on the next line, indented 16.
    let narrow = render(cmd, &path, &HelpContext { width: Some(48), ..HelpContext::default() });
    let want = format!("      --attachable{pad}\n                Enable manual container\n                attachment\n");
    assert!(narrow.contains(&want), "{narrow}");
    // At 40 even that is too narrow: pflag gives up and leaves the text on one line.
    let tiny = render(cmd, &path, &HelpContext { width: Some(40), ..HelpContext::default() });
    assert!(tiny.contains(&format!("      --attachable{pad}Enable manual container attachment\n")), "{tiny}");
}

#[test]
fn a_swarm_manager_sees_the_swarm_commands() {
    let (docker, _) = find(&[]).unwrap();
    let manager = HelpContext { swarm: SwarmState::Manager, ..HelpContext::default() };
    let text = render(docker, "docker", &manager);
    let swarm = "Swarm Commands:\n  config      Manage Swarm configs\n  node        Manage Swarm nodes\n  secret      Manage Swarm secrets\n  service     Manage Swarm services\n  stack       Manage Swarm stacks\n  swarm       Manage Swarm\n";
    assert!(text.contains(swarm), "{text}");
    let (cmd, path) = find(&["swarm"]).unwrap();
    let commands = |ctx: &HelpContext| {
        let text = render(cmd, &path, ctx);
        text.lines().filter(|l| l.starts_with("  ")).map(|l| l.split_whitespace().next().unwrap_or("").to_string()).collect::<Vec<_>>()
    };
    assert_eq!(commands(&manager), ["ca", "init", "join", "join-token", "leave", "unlock", "unlock-key", "update"]);
    // A worker is in a swarm (so it may leave) but manages nothing.
    assert_eq!(commands(&HelpContext { swarm: SwarmState::Worker, ..HelpContext::default() }), ["init", "join", "leave"]);
}

#[test]
fn every_command_renders_at_every_width() {
    for (path, cmd) in crate::cli::grammar::walk() {
        for width in [None, Some(0), Some(1), Some(20), Some(40), Some(80), Some(200)] {
            for swarm in [SwarmState::Inactive, SwarmState::Worker, SwarmState::Manager] {
                let text = render(cmd, &path, &HelpContext { width, swarm });
                assert!(text.starts_with("Usage:  "), "{path}");
                assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{path}");
                assert!(!text.lines().any(|l| l.ends_with(' ') && !l.trim().is_empty() && width.is_none()), "{path}: trailing blank");
            }
        }
    }
}

/// Prints the golden pages from the current catalogue, for review before committing them
/// (the engine writes no files, not even in tests): each page follows a `=== NAME.txt` line.
/// `cargo test -p wharf-engine print_golden -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_golden() {
    for (name, path, width, _) in PAGES {
        let (cmd, shown) = find(path).unwrap();
        println!("=== {name}.txt");
        print!("{}", render(cmd, &shown, &HelpContext { width: *width, ..HelpContext::default() }));
    }
}
