//! Text filters, compared with the real GNU tools where this machine has them.

use super::harness::{pipeline, run, run_in, same_as_real, table, Out};

const POEM: &str = "one two\nthree\n\n\nfour five six\nseven\n";

#[test]
fn cat_head_tail_wc_match_gnu_on_stdin() {
    for argv in [
        &["cat"][..],
        &["cat", "-n"],
        &["cat", "-b"],
        &["cat", "-s"],
        &["cat", "-A"],
        &["head", "-n", "2"],
        &["head", "-2"],
        &["head", "-c", "5"],
        &["head", "-n", "-2"],
        &["head", "-n", "x"],
        &["tail", "-n", "2"],
        &["tail", "-n", "+3"],
        &["tail", "-c", "4"],
        &["tail", "-3"],
        &["wc"],
        &["wc", "-l"],
        &["wc", "-w"],
        &["wc", "-c"],
        &["wc", "-lw"],
        &["wc", "-z"],
    ] {
        same_as_real(argv, POEM);
    }
}

#[test]
fn files_and_errors_of_cat_head_tail_wc() {
    table(&[
        (&["cat", "/nope"], "", Out::new("", "cat: /nope: No such file or directory\n", 1)),
        (&["cat", "/tmp"], "", Out::new("", "cat: /tmp: Is a directory\n", 1)),
        (&["cat", "-z"], "", Out::new("", "cat: invalid option -- 'z'\nTry 'cat --help' for more information.\n", 1)),
        (&["cat", "/etc/hostname", "-", "/etc/hostname"], "mid\n", Out::new("wharf\nmid\nwharf\n", "", 0)),
        (&["head", "/nope"], "", Out::new("", "head: cannot open '/nope' for reading: No such file or directory\n", 1)),
        (&["head", "-n"], "", Out::new("", "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n", 1)),
        (&["head", "-n", "1", "/etc/hostname", "/etc/issue"], "", Out::new("==> /etc/hostname <==\nwharf\n\n==> /etc/issue <==\nDebian GNU/Linux 12 \\n \\l\n", "", 0)),
        (&["tail", "/nope"], "", Out::new("", "tail: cannot open '/nope' for reading: No such file or directory\n", 1)),
        (&["wc", "/nope"], "", Out::new("", "wc: /nope: No such file or directory\n", 1)),
        (&["wc", "/etc/hostname"], "", Out::new("1 1 6 /etc/hostname\n", "", 0)),
        (&["wc", "-l", "/etc/hostname"], "", Out::new("1 /etc/hostname\n", "", 0)),
        (&["wc", "-l", "/etc/hostname", "/etc/hostname"], "", Out::new(" 1 /etc/hostname\n 1 /etc/hostname\n 2 total\n", "", 0)),
    ]);
}

#[test]
fn tee_copies_to_files_and_appends() {
    let mut sim = super::harness::boot();
    let r = super::harness::run_on(&mut sim, &["tee", "/tmp/a", "/tmp/b"], "hello\n");
    assert_eq!(r, Out::new("hello\n", "", 0));
    super::harness::run_on(&mut sim, &["tee", "-a", "/tmp/a"], "again\n");
    assert_eq!(super::harness::run_on(&mut sim, &["cat", "/tmp/a", "/tmp/b"], ""), Out::new("hello\nagain\nhello\n", "", 0));
    assert_eq!(super::harness::run_on(&mut sim, &["tee", "/nope/x"], "x\n"), Out::new("x\n", "tee: /nope/x: No such file or directory\n", 1));
}

#[test]
fn echo_and_printf_match_gnu() {
    for argv in [
        &["echo", "a", "b"][..],
        &["echo", "-n", "x"],
        &["echo", "-e", "a\\tb\\nc"],
        &["echo", "-e", "a\\cb"],
        &["echo", "-E", "a\\tb"],
        &["echo", "-x"],
        &["echo", "--", "a"],
        &["printf", "%s=%d\\n", "a", "1", "b", "2"],
        &["printf", "%5s|%-5s|%05d|%x|%o|%c\\n", "ab", "cd", "42", "255", "8", "xyz"],
        &["printf", "%.2f %e\\n", "3.14159", "12345"],
        &["printf", "%d\\n", "x"],
        &["printf", "%b", "a\\nb\\n"],
        &["printf", "\\101\\x42\\n"],
        &["printf", "%q\\n", "a b"],
        &["printf"],
        &["printf", "100%%\\n"],
    ] {
        let mut argv = argv.to_vec();
        let real_name;
        if argv[0] == "echo" || argv[0] == "printf" {
            real_name = format!("/usr/bin/{}", argv[0]);
            argv[0] = &real_name;
            same_as_real(&argv, "");
        }
    }
}

#[test]
fn sort_tr_cut_base64_match_gnu() {
    let data = "banana 3\napple 10\ncherry 2\napple 10\nBanana 1\n";
    for argv in [
        &["sort"][..],
        &["sort", "-r"],
        &["sort", "-u"],
        &["sort", "-f"],
        &["sort", "-k", "2", "-n"],
        &["sort", "-k2n"],
        &["sort", "-k", "2,2nr"],
        &["sort", "-t", " ", "-k", "2"],
        &["sort", "-k", "0"],
        &["tr", "a-z", "A-Z"],
        &["tr", "-d", "aeiou"],
        &["tr", "-s", "p"],
        &["tr", "[:lower:]", "[:upper:]"],
        &["tr", "-cd", "[:digit:]\\n"],
        &["tr"],
        &["tr", "a"],
        &["cut", "-d", " ", "-f", "1"],
        &["cut", "-c", "1-3"],
        &["cut", "-c", "2-"],
        &["cut", "-f", "2", "-d", " "],
        &["cut"],
        &["cut", "-f", "0"],
        &["base64"],
        &["base64", "-w", "8"],
    ] {
        same_as_real(argv, data);
    }
    same_as_real(&["base64", "-d"], "aGVsbG8gd29ybGQK\n");
    same_as_real(&["base64", "-d"], "aGk");
    same_as_real(&["base64", "-d"], "!!!!\n");
}

#[test]
fn grep_matches_gnu() {
    let data = "alpha\nBeta\ngamma delta\nfoo(bar)\n123 abc\nalphabet\n";
    for argv in [
        &["grep", "alpha"][..],
        &["grep", "-i", "beta"],
        &["grep", "-v", "a"],
        &["grep", "-n", "a"],
        &["grep", "-c", "a"],
        &["grep", "-w", "alpha"],
        &["grep", "-x", "Beta"],
        &["grep", "-E", "^(alpha|gamma)"],
        &["grep", "foo(bar)"],
        &["grep", "-F", "foo(bar)"],
        &["grep", "[0-9]\\+"],
        &["grep", "-o", "[0-9][0-9]*"],
        &["grep", "-e", "Beta", "-e", "123"],
        &["grep", "-q", "alpha"],
        &["grep", "zzz"],
        &["grep", "-E", "("],
        &["grep", "a\\{"],
        &["grep", "-m", "1", "a"],
        &["grep"],
        &["grep", "-z"],
    ] {
        same_as_real(argv, data);
    }
    table(&[
        (&["grep", "x", "/nope"], "", Out::new("", "grep: /nope: No such file or directory\n", 2)),
        (&["grep", "root", "/etc/passwd", "/etc/group"], "", Out::new("/etc/passwd:root:x:0:0:root:/root:/bin/bash\n/etc/group:root:x:0:\n", "", 0)),
        (&["grep", "-l", "root", "/etc/passwd", "/etc/hostname"], "", Out::new("/etc/passwd\n", "", 0)),
        (&["grep", "-r", "bookworm", "/etc"], "", Out::new("/etc/os-release:PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n/etc/os-release:VERSION=\"12 (bookworm)\"\n/etc/os-release:VERSION_CODENAME=bookworm\n", "", 0)),
        (&["grep", "ELF", "/usr/bin/ls"], "", Out::new("", "grep: /usr/bin/ls: binary file matches\n", 0)),
    ]);
}

#[test]
fn sed_matches_gnu() {
    let data = "hello world\nfoo bar\nhello again\nlast line\n";
    for argv in [
        &["sed", "s/hello/bye/"][..],
        &["sed", "s/o/0/g"],
        &["sed", "s/o/0/2"],
        &["sed", "-n", "/hello/p"],
        &["sed", "2d"],
        &["sed", "$d"],
        &["sed", "2,3d"],
        &["sed", "/foo/,/again/d"],
        &["sed", "-n", "2p"],
        &["sed", "-e", "s/a/A/", "-e", "s/l/L/g"],
        &["sed", "s/\\(hello\\) \\(.*\\)/\\2 \\1/"],
        &["sed", "-E", "s/(o+)/[\\1]/g"],
        &["sed", "s/o/&&/"],
        &["sed", "2q"],
        &["sed", "="],
        &["sed", "/foo/!d"],
        &["sed", "y/abc/xyz/"],
        &["sed", "2i\\inserted"],
        &["sed", "1a appended"],
        &["sed", "s|/|_|g"],
        &["sed", "s/a/"],
        &["sed", "k"],
        &["sed", "s/a/b/q"],
        &["sed", "-n", "$="],
        &["sed", "s/HELLO/X/I"],
    ] {
        same_as_real(argv, data);
    }
}

#[test]
fn sed_in_place_and_missing_files() {
    let mut sim = super::harness::boot();
    super::harness::run_on(&mut sim, &["sed", "-i", "s/wharf/docker-host/", "/etc/hostname"], "");
    assert_eq!(super::harness::run_on(&mut sim, &["cat", "/etc/hostname"], "").stdout, "docker-host\n");
    assert_eq!(run(&["sed", "p", "/nope"]), Out::new("", "sed: can't read /nope: No such file or directory\n", 2));
}

#[test]
fn head_stops_reading_a_pipe_early() {
    assert_eq!(pipeline(&[&["seq", "100000"], &["head", "-n", "2"]], ""), Out::new("1\n2\n", "", 0));
    assert_eq!(pipeline(&[&["cat", "/etc/passwd"], &["grep", "root"], &["cut", "-d:", "-f1,7"]], ""), Out::new("root:/bin/bash\n", "", 0));
    assert_eq!(run_in(&["xargs", "echo", "got"], "a b\nc\n"), Out::new("got a b c\n", "", 0));
}
