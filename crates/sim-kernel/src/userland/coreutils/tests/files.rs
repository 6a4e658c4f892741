//! Names and trees: `ls`, `stat`, `mkdir`, `rmdir`, `touch`, `rm`, `cp`, `mv`, `ln`,
//! `chmod`, `chown`, `readlink`, `realpath`, `find`, `du`.

use super::harness::{boot, run, run_on, table, Out};

#[test]
fn ls_long_format_reads_like_gnu() {
    table(&[
        (&["ls", "/nope"], "", Out::new("", "ls: cannot access '/nope': No such file or directory\n", 2)),
        (&["ls", "-z"], "", Out::new("", "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", 2)),
        (&["ls", "--zzz"], "", Out::new("", "ls: unrecognized option '--zzz'\nTry 'ls --help' for more information.\n", 2)),
        (&["ls", "-ld", "/bin", "/tmp", "/usr/bin/ls"], "", Out::new(
            "lrwxrwxrwx 1 root root      7 Dec  1 09:30 /bin -> usr/bin\ndrwxrwxrwt 2 root root   4096 Dec  1 09:30 /tmp\n-rwxr-xr-x 1 root root 151344 Sep 20  2022 /usr/bin/ls\n",
            "",
            0,
        )),
        (&["ls", "-l", "/dev/null", "/dev/tty"], "", Out::new("crw-rw-rw- 1 root root 1, 3 Dec  1 09:30 /dev/null\ncrw-rw-rw- 1 root root 5, 0 Dec  1 09:30 /dev/tty\n", "", 0)),
        (&["ls", "-lh", "/usr/bin/ls", "/usr/lib/x86_64-linux-gnu/libc.so.6"], "", Out::new(
            "-rwxr-xr-x 1 root root 148K Sep 20  2022 /usr/bin/ls\n-rwxr-xr-x 1 root root 1.9M Sep 20  2022 /usr/lib/x86_64-linux-gnu/libc.so.6\n",
            "",
            0,
        )),
        (&["ls", "/"], "", Out::new("bin\nboot\ndev\netc\nhome\nlib\nlib64\nmedia\nmnt\nopt\nproc\nroot\nrun\nsbin\nsrv\nsys\ntmp\nusr\nvar\n", "", 0)),
        (&["ls", "-a", "/root"], "", Out::new(".\n..\n.bashrc\n.profile\napps\n", "", 0)),
        (&["ls", "-A", "/root"], "", Out::new(".bashrc\n.profile\napps\n", "", 0)),
        (&["ls", "-F", "/etc/skel", "/usr/bin/ls", "/bin"], "", Out::new("/bin@\n/usr/bin/ls*\n\n/etc/skel:\n", "", 0)),
        (&["ls", "-R", "/etc/skel"], "", Out::new("/etc/skel:\n", "", 0)),
        (&["ls", "-1", "/home", "/etc/default"], "", Out::new("/etc/default:\nuseradd\n\n/home:\n", "", 0)),
    ]);
    let l = run(&["ls", "-l", "/"]);
    assert!(l.stdout.starts_with("total "), "{}", l.stdout);
    assert!(l.stdout.contains("lrwxrwxrwx  1 root root    7 Dec  1 09:30 bin -> usr/bin\n"), "{}", l.stdout);
    assert!(l.stdout.contains("dr-xr-xr-x"), "proc shows read-only: {}", l.stdout);
}

#[test]
fn creating_and_removing_names() {
    let mut sim = boot();
    let mut step = |argv: &[&str], want: Out| {
        let got = run_on(&mut sim, argv, "");
        assert_eq!(got, want, "running {argv:?}");
    };
    step(&["mkdir", "/usr"], Out::new("", "mkdir: cannot create directory ‘/usr’: File exists\n", 1));
    step(&["mkdir", "/nope/x"], Out::new("", "mkdir: cannot create directory ‘/nope/x’: No such file or directory\n", 1));
    step(&["mkdir", "-p", "/tmp/a/b/c"], Out::new("", "", 0));
    step(&["mkdir", "-m", "700", "/tmp/private"], Out::new("", "", 0));
    step(&["stat", "-c", "%a %F %U", "/tmp/private", "/tmp/a/b"], Out::new("700 directory root\n755 directory root\n", "", 0));
    step(&["mkdir", "-m", "999", "/tmp/x"], Out::new("", "mkdir: invalid mode ‘999’\n", 1));
    step(&["mkdir"], Out::new("", "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", 1));
    step(&["touch", "/tmp/a/f"], Out::new("", "", 0));
    step(&["touch", "/nope/x"], Out::new("", "touch: cannot touch '/nope/x': No such file or directory\n", 1));
    step(&["rmdir", "/tmp/a"], Out::new("", "rmdir: failed to remove '/tmp/a': Directory not empty\n", 1));
    step(&["rmdir", "/nope"], Out::new("", "rmdir: failed to remove '/nope': No such file or directory\n", 1));
    step(&["rm", "/tmp/a"], Out::new("", "rm: cannot remove '/tmp/a': Is a directory\n", 1));
    step(&["rm", "/nope"], Out::new("", "rm: cannot remove '/nope': No such file or directory\n", 1));
    step(&["rm", "-f", "/nope"], Out::new("", "", 0));
    step(&["rm", "-r", "/"], Out::new("", "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n", 1));
    step(&["rm", "-rv", "/tmp/a"], Out::new("removed directory '/tmp/a/b/c'\nremoved directory '/tmp/a/b'\nremoved '/tmp/a/f'\nremoved directory '/tmp/a'\n", "", 0));
    step(&["ls", "/tmp"], Out::new("private\n", "", 0));
    step(&["rm"], Out::new("", "rm: missing operand\nTry 'rm --help' for more information.\n", 1));
}

#[test]
fn copying_moving_and_linking() {
    let mut sim = boot();
    let mut step = |argv: &[&str], want: Out| {
        let got = run_on(&mut sim, argv, "");
        assert_eq!(got, want, "running {argv:?}");
    };
    step(&["cp", "/nope", "/tmp/x"], Out::new("", "cp: cannot stat '/nope': No such file or directory\n", 1));
    step(&["cp", "/usr", "/tmp/x"], Out::new("", "cp: -r not specified; omitting directory '/usr'\n", 1));
    step(&["cp"], Out::new("", "cp: missing file operand\nTry 'cp --help' for more information.\n", 1));
    step(&["cp", "a"], Out::new("", "cp: missing destination file operand after 'a'\nTry 'cp --help' for more information.\n", 1));
    step(&["mkdir", "/jail", "/jail/bin"], Out::new("", "", 0));
    step(&["cp", "/bin/bash", "/jail/bin/"], Out::new("", "", 0));
    step(&["stat", "-c", "%s %a", "/jail/bin/bash"], Out::new("1265648 755\n", "", 0));
    step(&["cp", "-r", "/etc/skel", "/jail/skel"], Out::new("", "", 0));
    step(&["ls", "-A", "/jail/skel"], Out::new(".bashrc\n.profile\n", "", 0));
    step(&["cp", "-r", "/lib", "/jail"], Out::new("", "", 0));
    step(&["readlink", "/jail/lib"], Out::new("usr/lib\n", "", 0));
    step(&["cp", "-r", "/jail", "/jail/sub"], Out::new("", "cp: cannot copy a directory, '/jail', into itself, '/jail/sub'\n", 1));
    step(&["cp", "/etc/hostname", "/etc/hosts", "/etc/issue"], Out::new("", "cp: target '/etc/issue' is not a directory\n", 1));
    step(&["mv", "/jail/skel", "/jail/skel2"], Out::new("", "", 0));
    step(&["mv", "/nope", "/tmp"], Out::new("", "mv: cannot stat '/nope': No such file or directory\n", 1));
    // /run is a tmpfs: moving there crosses filesystems (copy, then delete).
    step(&["mv", "/jail/skel2", "/run/skel"], Out::new("", "", 0));
    step(&["ls", "-A", "/run/skel", "/jail"], Out::new("/jail:\nbin\nlib\n\n/run/skel:\n.bashrc\n.profile\n", "", 0));
    step(&["ln", "-s", "/etc/hostname", "/tmp/h"], Out::new("", "", 0));
    step(&["cat", "/tmp/h"], Out::new("wharf\n", "", 0));
    step(&["ln", "-s", "/etc/hostname", "/tmp/h"], Out::new("", "ln: failed to create symbolic link '/tmp/h': File exists\n", 1));
    step(&["ln", "-sf", "/etc/issue", "/tmp/h"], Out::new("", "", 0));
    step(&["readlink", "/tmp/h"], Out::new("/etc/issue\n", "", 0));
    step(&["ln", "/etc/hosts", "/etc/hosts2"], Out::new("", "", 0));
    step(&["stat", "-c", "%h", "/etc/hosts"], Out::new("2\n", "", 0));
    step(&["realpath", "/bin/sh", "/lib64/ld-linux-x86-64.so.2", "/tmp/new"], Out::new("/usr/bin/dash\n/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n/tmp/new\n", "", 0));
    step(&["readlink", "-f", "/bin/sh"], Out::new("/usr/bin/dash\n", "", 0));
}

#[test]
fn permissions_and_owners() {
    let mut sim = boot();
    let mut step = |argv: &[&str], want: Out| {
        let got = run_on(&mut sim, argv, "");
        assert_eq!(got, want, "running {argv:?}");
    };
    step(&["touch", "/tmp/f"], Out::new("", "", 0));
    step(&["chmod", "u+x,go-r", "/tmp/f"], Out::new("", "", 0));
    step(&["stat", "-c", "%A", "/tmp/f"], Out::new("-rwx------\n", "", 0));
    step(&["chmod", "a=r", "/tmp/f"], Out::new("", "", 0));
    step(&["stat", "-c", "%a", "/tmp/f"], Out::new("444\n", "", 0));
    step(&["chmod", "-w", "/tmp/f"], Out::new("", "", 0));
    step(&["chmod", "+x", "/tmp/f"], Out::new("", "", 0));
    step(&["stat", "-c", "%a", "/tmp/f"], Out::new("555\n", "", 0));
    step(&["chmod", "999", "/tmp"], Out::new("", "chmod: invalid mode: ‘999’\nTry 'chmod --help' for more information.\n", 1));
    step(&["chmod"], Out::new("", "chmod: missing operand\nTry 'chmod --help' for more information.\n", 1));
    step(&["chmod", "u+x", "/nope"], Out::new("", "chmod: cannot access '/nope': No such file or directory\n", 1));
    step(&["chown", "foo", "/tmp"], Out::new("", "chown: invalid user: ‘foo’\n", 1));
    step(&["chown", "nobody:nogroup", "/nope"], Out::new("", "chown: cannot access '/nope': No such file or directory\n", 1));
    step(&["mkdir", "-p", "/srv/www/html"], Out::new("", "", 0));
    step(&["chown", "-R", "www-data:www-data", "/srv/www"], Out::new("", "", 0));
    step(&["stat", "-c", "%U:%G", "/srv/www", "/srv/www/html"], Out::new("www-data:www-data\nwww-data:www-data\n", "", 0));
    step(&["chown", "33:", "/tmp/f"], Out::new("", "", 0));
    step(&["ls", "-n", "/tmp/f"], Out::new("-r-xr-xr-x 1 33 33 0 Jan  1 00:00 /tmp/f\n", "", 0));
}

#[test]
fn find_and_du_walk_trees() {
    table(&[
        (&["find", "/etc/skel"], "", Out::new("/etc/skel\n/etc/skel/.bashrc\n/etc/skel/.profile\n", "", 0)),
        (&["find", "/etc", "-maxdepth", "1", "-name", "host*"], "", Out::new("/etc/hostname\n/etc/hosts\n", "", 0)),
        (&["find", "/usr/lib64", "-type", "l"], "", Out::new("/usr/lib64/ld-linux-x86-64.so.2\n", "", 0)),
        (&["find", "/etc", "-maxdepth", "1", "-type", "d", "-name", "s*", "-o", "-name", "apt", "-print"], "", Out::new("/etc/apt\n", "", 0)),
        (&["find", "/nope"], "", Out::new("", "find: ‘/nope’: No such file or directory\n", 1)),
        (&["find", "-zz"], "", Out::new("", "find: unknown predicate `-zz'\n", 1)),
        (&["du", "-s", "/etc/skel"], "", Out::new("12\t/etc/skel\n", "", 0)),
        (&["du", "-a", "/etc/skel"], "", Out::new("4\t/etc/skel/.bashrc\n4\t/etc/skel/.profile\n12\t/etc/skel\n", "", 0)),
        (&["du", "-sh", "/usr/bin/bash"], "", Out::new("1.3M\t/usr/bin/bash\n", "", 0)),
        (&["du", "/nope"], "", Out::new("", "du: cannot access '/nope': No such file or directory\n", 1)),
    ]);
}

#[test]
fn ls_columns_match_gnu_for_the_same_names() {
    // The same names in a real directory, laid out by the real ls.
    let names = ["bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var", "a-much-longer-name", "x"];
    let mut sim = boot();
    // Removed when dropped, a failed assertion included.
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path();
    run_on(&mut sim, &["mkdir", "/cols"], "");
    for n in names {
        let _ = std::fs::write(dir.join(n), b"");
        run_on(&mut sim, &["touch", &format!("/cols/{n}")], "");
    }
    for width in ["80", "40", "20", "200"] {
        let sim_out = run_on(&mut sim, &["ls", "-C", "-w", width, "/cols"], "");
        if let Some(real) = super::harness::real("ls", &["ls", "-C", "-w", width, dir.to_str().unwrap_or(".")], "") {
            assert_eq!(sim_out.stdout, real.stdout, "width {width}");
        }
    }
}

#[test]
fn ls_on_the_terminal_uses_columns() {
    let mut sim = boot();
    let pid = sim
        .start(&["ls", "/"], |p| {
            Box::pin(async move {
                let cmd = crate::sys::Command { path: "/bin/ls".into(), argv: vec!["ls".into(), "/".into()], ..Default::default() };
                let child = p.spawn(cmd).unwrap_or(0);
                p.wait(child).await.map(|s| s.code()).unwrap_or(-1)
            })
        })
        .expect("start");
    sim.run(100_000);
    assert_eq!(sim.take_status(pid).map(|s| s.code()), Some(0));
    // GNU pads with tabs on a terminal too (tab stops every 8 columns).
    assert_eq!(sim.take_screen(), "bin   dev  home  lib64\tmnt  proc  run\t srv  tmp  var\nboot  etc  lib\t media\topt  root  sbin  sys  usr\n");
}
