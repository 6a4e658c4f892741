//! Golden `--help` pages. Each file under `testdata/help/` is docker 20.10's output for the
//! command, checked by hand against docker/cli's flag declarations and the reference docs
//! (`docs/reference/commandline/*.md`). Files without a width suffix are unwrapped (a wide
//! terminal, as the docs print them); `-80` files are what an 80-column terminal shows.

use crate::cli::grammar::find;
use crate::cli::grammar::help::{render, HelpContext};

/// A golden page: file name, command path, terminal width, BuildKit, expected text.
type Page = (&'static str, &'static [&'static str], Option<usize>, bool, &'static str);

const PAGES: &[Page] = &[
    ("docker", &[], None, true, include_str!("../testdata/help/docker.txt")),
    ("run", &["run"], None, true, include_str!("../testdata/help/run.txt")),
    ("run-80", &["run"], Some(80), true, include_str!("../testdata/help/run-80.txt")),
    ("ps", &["ps"], None, true, include_str!("../testdata/help/ps.txt")),
    ("ps-80", &["ps"], Some(80), true, include_str!("../testdata/help/ps-80.txt")),
    ("container-ls", &["container", "ls"], None, true, include_str!("../testdata/help/container-ls.txt")),
    ("images", &["images"], None, true, include_str!("../testdata/help/images.txt")),
    ("build", &["build"], None, true, include_str!("../testdata/help/build.txt")),
    ("build-legacy", &["build"], None, false, include_str!("../testdata/help/build-legacy.txt")),
    ("network-create", &["network", "create"], None, true, include_str!("../testdata/help/network-create.txt")),
    ("volume", &["volume"], None, true, include_str!("../testdata/help/volume.txt")),
    ("volume-ls", &["volume", "ls"], None, true, include_str!("../testdata/help/volume-ls.txt")),
    ("cp", &["cp"], None, true, include_str!("../testdata/help/cp.txt")),
];

#[test]
fn help_pages_match_docker() {
    for (name, path, width, buildkit, want) in PAGES {
        let (cmd, shown) = find(path).unwrap_or_else(|| panic!("{name}: no such command"));
        let got = render(cmd, &shown, &HelpContext { width: *width, buildkit: *buildkit });
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
    let narrow = render(cmd, &path, &HelpContext { width: Some(48), buildkit: true });
    let want = format!("      --attachable{pad}\n                Enable manual container\n                attachment\n");
    assert!(narrow.contains(&want), "{narrow}");
    // At 40 even that is too narrow: pflag gives up and leaves the text on one line.
    let tiny = render(cmd, &path, &HelpContext { width: Some(40), buildkit: true });
    assert!(tiny.contains(&format!("      --attachable{pad}Enable manual container attachment\n")), "{tiny}");
}

#[test]
fn every_command_renders_at_every_width() {
    for (path, cmd) in crate::cli::grammar::walk() {
        for width in [None, Some(0), Some(1), Some(20), Some(40), Some(80), Some(200)] {
            for buildkit in [true, false] {
                let text = render(cmd, &path, &HelpContext { width, buildkit });
                assert!(text.starts_with("\nUsage:  "), "{path}");
                assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{path}");
                assert!(!text.lines().any(|l| l.ends_with(' ') && !l.trim().is_empty() && width.is_none()), "{path}: trailing blank");
            }
        }
    }
}
