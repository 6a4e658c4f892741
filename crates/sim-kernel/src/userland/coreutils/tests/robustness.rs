//! No applet panics or hangs on odd input: every applet of the host gets a set of awkward
//! command lines and some binary standard input.

use super::harness::{boot, bounded};
use crate::userland::host::BINS;

/// Arguments that have tripped parsers before: empty, lone dashes, non-ASCII after a dash,
/// huge numbers, unbalanced brackets and escapes, paths that are not there.
const ODD: [&[&str]; 16] = [
    &[],
    &[""],
    &["-"],
    &["--"],
    &["-é"],
    &["--é=x"],
    &["99999999999999999999999"],
    &["-n", "-5"],
    &["[", "\\"],
    &["%", "%*.*d", "x"],
    &["a-", "z-a"],
    &["/nope/x", "/tmp"],
    &["s/\\(/x/", "/etc/hostname"],
    &["-k", "0,x", "-t", ""],
    &["+3", "/etc/passwd"],
    &["-c", "%Z", "/"],
];

#[test]
fn no_applet_panics_or_hangs_on_odd_input() {
    let stdin = "a\0b\u{7f}\n\u{e9}t\u{e9}\n\n  x y\n";
    for (name, ..) in BINS {
        // `yes` never ends by design and `kill` could take the harness down; both have their
        // own tests.
        if matches!(*name, "yes" | "kill" | "bash" | "dash") {
            continue;
        }
        let mut sim = boot();
        for args in ODD {
            let mut argv = vec![*name];
            argv.extend_from_slice(args);
            let t = std::time::Instant::now();
            // Endless by request (`seq 1e23`): the step budget stops it, as in the page.
            let Some(out) = bounded(&mut sim, &[&argv], stdin, 100_000) else {
                sim = boot();
                continue;
            };
            if t.elapsed().as_millis() > 500 {
                println!("slow: {argv:?} {:?}", t.elapsed());
            }
            assert!(out.code >= 0, "{argv:?}: {out:?}");
        }
    }
}
