//! `true`, `false`, `pwd`, `basename`, `dirname`, `yes`, `sleep`, `clear`, `whoami`, `seq`.

use super::harness::{pipeline, same_as_real, table, Out};

#[test]
fn small_applets_print_what_gnu_prints() {
    table(&[
        (&["true", "--x"], "", Out::new("", "", 0)),
        (&["false"], "", Out::new("", "", 1)),
        (&["pwd"], "", Out::new("/root\n", "", 0)),
        (&["basename", "/usr/bin/ls"], "", Out::new("ls\n", "", 0)),
        (&["basename", "/a/b.txt", ".txt"], "", Out::new("b\n", "", 0)),
        (&["basename", "-a", "/x/y", "z/"], "", Out::new("y\nz\n", "", 0)),
        (&["basename"], "", Out::new("", "basename: missing operand\nTry 'basename --help' for more information.\n", 1)),
        (&["dirname", "/usr/bin/ls", "ls", "/", "a/b/"], "", Out::new("/usr/bin\n.\n/\na\n", "", 0)),
        (&["whoami"], "", Out::new("root\n", "", 0)),
        (&["clear"], "", Out::new("\x1b[H\x1b[2J\x1b[3J", "", 0)),
        (&["sleep"], "", Out::new("", "sleep: missing operand\nTry 'sleep --help' for more information.\n", 1)),
        (&["sleep", "x"], "", Out::new("", "sleep: invalid time interval ‘x’\nTry 'sleep --help' for more information.\n", 1)),
        (&["sleep", "0.5", "1m"], "", Out::new("", "", 0)),
    ]);
}

#[test]
fn seq_counts_like_gnu() {
    for argv in [&["seq", "3"][..], &["seq", "2", "5"], &["seq", "10", "-3", "1"], &["seq", "-s", ",", "1", "4"], &["seq", "-w", "8", "10"], &["seq", "1", "0.5", "3"], &["seq", "x"], &["seq"]] {
        same_as_real(argv, "");
    }
}

#[test]
fn yes_stops_when_the_reader_leaves() {
    assert_eq!(pipeline(&[&["yes"], &["head", "-3"]], ""), Out::new("y\ny\ny\n", "", 0));
    assert_eq!(pipeline(&[&["yes", "a", "b"], &["head", "-n", "1"]], ""), Out::new("a b\n", "", 0));
}
