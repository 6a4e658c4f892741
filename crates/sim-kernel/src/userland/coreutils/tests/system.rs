//! Processes, identity, time, mounts: `ps`, `top`, `kill`, `id`, `hostname`, `hostnamectl`,
//! `uname`, `env`, `date`, `mount`, `umount`, `df`, `which`, `test`, `ldd`, `useradd`.

use super::harness::{boot, real, run, run_in, run_on, same_as_real, table, Out};

#[test]
fn ps_views_have_procps_columns() {
    // Run with pipes, `ps` has no terminal: it lists the terminal-less processes of its user.
    let ps = run(&["ps"]);
    assert_eq!(ps.stdout, "    PID TTY          TIME CMD\n      1 ?        00:00:00 init\n    598 ?        00:00:00 containerd\n    612 ?        00:00:00 dockerd\n   1022 ?        00:00:00 ps\n", "{ps:?}");
    let ef = run(&["ps", "-ef"]);
    assert_eq!(ef.stdout.lines().next(), Some("UID          PID    PPID  C STIME TTY          TIME CMD"));
    assert!(ef.stdout.contains("\nroot        1022    1021  0 00:00 ?        00:00:00 ps -ef\n"), "{}", ef.stdout);
    let aux = run(&["ps", "aux"]);
    assert_eq!(aux.stdout.lines().next(), Some("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND"));
    assert!(aux.stdout.contains("\nroot        1022  0.0  0.0   1024  1024 ?        R    00:00   0:00 ps aux\n"), "{}", aux.stdout);
    assert_eq!(run(&["ps", "-o", "pid,comm", "-p", "1021"]).stdout, "    PID COMMAND\n   1021 test\n");
    assert_eq!(run(&["ps", "-p", "99"]), Out::new("    PID TTY          TIME CMD\n", "", 1));
    // Named columns: an empty name drops the header line, as `$(ps -o ppid= -p PID)` needs.
    assert_eq!(run(&["ps", "-o", "ppid=", "-p", "1"]).stdout, "    0\n");
    assert_eq!(run(&["ps", "-o", "pid=,ppid=PARENT", "-p", "1"]).stdout, "      PARENT\n    1      0\n");
    same_as_real(&["ps", "-o", "pid=,ppid=PARENT", "-p", "1"], "");
    let bad = run(&["ps", "-z"]);
    assert!(bad.stderr.starts_with("error: unsupported SysV option\n\nUsage:\n ps [options]\n"), "{bad:?}");
    assert_eq!(bad.code, 1);
}

#[test]
fn top_prints_a_batch_frame() {
    let top = run(&["top", "-b", "-n", "1"]);
    let lines: Vec<&str> = top.stdout.lines().collect();
    assert_eq!(lines[0], "top - 00:00:00 up 0 min,  1 user,  load average: 0.00, 0.00, 0.00");
    assert!(lines[1].starts_with("Tasks:   7 total,"), "{}", lines[1]);
    assert!(lines[3].starts_with("MiB Mem :   3935.5 total,"), "{}", lines[3]);
    assert_eq!(lines[6], "    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND");
    assert!(lines[7..].iter().any(|l| l.ends_with(" top") && l.trim_start().starts_with("1022")), "{}", top.stdout);
}

#[test]
fn kill_signals_and_lists() {
    table(&[
        (&["kill", "-l"], "", Out::new("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\nCHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n", "", 0)),
        (&["kill", "-l", "9"], "", Out::new("KILL\n", "", 0)),
        (&["kill", "-l", "TERM"], "", Out::new("15\n", "", 0)),
        (&["kill", "99999"], "", Out::new("", "kill: (99999): No such process\n", 1)),
        (&["kill", "-s", "FOO", "1"], "", Out::new("", "kill: (1): Invalid argument\n", 1)),
    ]);
    if let Some(r) = real("kill", &["/usr/bin/kill", "-l"], "") {
        assert_eq!(run(&["kill", "-l"]).stdout, r.stdout);
    }
    // `sleep` in the background of run-all's process group: kill it by PID from a sibling.
    let mut sim = boot();
    let out = run_on(&mut sim, &["run-all", "kill -9 1"], "");
    assert_eq!(out.code, 0, "root may kill the test's first process");
}

#[test]
fn sleep_is_interrupted_by_a_signal() {
    let mut sim = boot();
    let mut m = super::harness::pipeline_on(&mut sim, &[&["sleep", "1000"], &["cat"]], "");
    m.stdout.clear();
    assert_eq!(m.code, 0, "cat ends when sleep's stdout closes: {m:?}");
}

#[test]
fn identity_host_and_kernel() {
    table(&[
        (&["id"], "", Out::new("uid=0(root) gid=0(root) groups=0(root)\n", "", 0)),
        (&["id", "-u"], "", Out::new("0\n", "", 0)),
        (&["id", "-un"], "", Out::new("root\n", "", 0)),
        (&["id", "www-data"], "", Out::new("uid=33(www-data) gid=33(www-data) groups=33(www-data)\n", "", 0)),
        (&["id", "nosuch"], "", Out::new("", "id: ‘nosuch’: no such user\n", 1)),
        (&["hostname"], "", Out::new("wharf\n", "", 0)),
        (&["hostname", "-i"], "", Out::new("127.0.1.1\n", "", 0)),
        (&["uname"], "", Out::new("Linux\n", "", 0)),
        (&["uname", "-r"], "", Out::new("6.1.0-28-amd64\n", "", 0)),
        (&["uname", "-m"], "", Out::new("x86_64\n", "", 0)),
        (&["uname", "-a"], "", Out::new("Linux wharf 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\n", "", 0)),
        (&["uname", "-z"], "", Out::new("", "uname: invalid option -- 'z'\nTry 'uname --help' for more information.\n", 1)),
    ]);
    let h = run(&["hostname", "-z"]);
    assert!(h.stderr.starts_with("hostname: invalid option -- 'z'\nUsage: hostname [-b] {hostname|-F file}"), "{h:?}");
    assert_eq!(h.code, 255);
    let st = run(&["hostnamectl"]);
    assert!(st.stdout.starts_with(" Static hostname: wharf\n"), "{st:?}");
    assert!(st.stdout.contains("Operating System: Debian GNU/Linux 12 (bookworm)\n          Kernel: Linux 6.1.0-28-amd64\n"));
    let mut sim = boot();
    assert_eq!(run_on(&mut sim, &["hostnamectl", "set-hostname", "smartenergy-gateway"], ""), Out::new("", "", 0));
    assert_eq!(run_on(&mut sim, &["hostname"], "").stdout, "smartenergy-gateway\n");
    assert_eq!(run_on(&mut sim, &["cat", "/etc/hostname"], "").stdout, "smartenergy-gateway\n");
}

#[test]
fn env_lists_and_runs() {
    table(&[
        (&["env", "-i"], "", Out::new("", "", 0)),
        (&["env", "-i", "FOO=1", "env"], "", Out::new("FOO=1\n", "", 0)),
        (&["env", "-i", "/nope"], "", Out::new("", "env: ‘/nope’: No such file or directory\n", 127)),
        (&["env", "--zz"], "", Out::new("", "env: unrecognized option '--zz'\nTry 'env --help' for more information.\n", 125)),
        (&["env", "-u"], "", Out::new("", "env: option requires an argument -- 'u'\nTry 'env --help' for more information.\n", 125)),
        (&["env", "-i", "A=1", "B=2", "printenv"], "", Out::new("", "env: ‘printenv’: No such file or directory\n", 127)),
    ]);
    let e = run(&["env"]);
    assert!(e.stdout.contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"), "{e:?}");
}

#[test]
fn date_formats_the_virtual_clock() {
    table(&[
        (&["date"], "", Out::new("Thu Jan  1 00:00:00 UTC 2026\n", "", 0)),
        (&["date", "-u", "+%Y-%m-%d %H:%M:%S %s"], "", Out::new("2026-01-01 00:00:00 1767225600\n", "", 0)),
        (&["date", "-d", "x"], "", Out::new("", "date: invalid date ‘x’\n", 1)),
    ]);
    for argv in [&["date", "-d", "@0"][..], &["date", "-R", "-d", "@0"], &["date", "-I", "-d", "@0"], &["date", "-u", "-d", "2026-11-22 12:00:00"], &["date", "-d", "@1800000000", "+%a %A %b %B %j %e %I %p %y %D %T %F %%"]] {
        let mut argv = argv.to_vec();
        if argv.len() == 2 || !argv.contains(&"-u") {
            argv.insert(1, "-u");
        }
        same_as_real(&argv, "");
    }
}

#[test]
fn test_and_bracket_and_which() {
    table(&[
        (&["test", "1", "-eq", "1"], "", Out::new("", "", 0)),
        (&["test", "-d", "/tmp"], "", Out::new("", "", 0)),
        (&["test", "-f", "/tmp"], "", Out::new("", "", 1)),
        (&["[", "-x", "/bin/ls", "]"], "", Out::new("", "", 0)),
        (&["[", "a", "=", "b", "-o", "-n", "x", "]"], "", Out::new("", "", 0)),
        (&["[", "!", "-e", "/nope", "]"], "", Out::new("", "", 0)),
        (&["test", "a", "-eq", "1"], "", Out::new("", "test: invalid integer ‘a’\n", 2)),
        (&["test", "1", "-eq"], "", Out::new("", "test: missing argument after ‘-eq’\n", 2)),
        (&["test", "1", "-eq", "1", "x"], "", Out::new("", "test: extra argument ‘x’\n", 2)),
        (&["[", "1"], "", Out::new("", "[: missing ‘]’\n", 2)),
        (&["test"], "", Out::new("", "", 1)),
        (&["which", "ls", "nope", "sh"], "", Out::new("/usr/bin/ls\n/usr/bin/sh\n", "", 1)),
        (&["which", "-a", "ls"], "", Out::new("/usr/bin/ls\n/bin/ls\n", "", 0)),
    ]);
}

#[test]
fn ldd_lists_libraries_deterministically() {
    let bash = run(&["ldd", "/bin/bash"]);
    let lines: Vec<&str> = bash.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{bash:?}");
    assert!(lines[0].starts_with("\tlinux-vdso.so.1 (0x00007ffd"));
    assert!(lines[1].starts_with("\tlibtinfo.so.6 => /lib/x86_64-linux-gnu/libtinfo.so.6 (0x00007f"));
    assert!(lines[2].starts_with("\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f"));
    assert!(lines[3].starts_with("\t/lib64/ld-linux-x86-64.so.2 (0x00007f"));
    assert_eq!(run(&["ldd", "/bin/bash"]), bash, "same addresses every time");
    table(&[
        (&["ldd", "/etc/hostname"], "", Out::new("\tnot a dynamic executable\n", "", 1)),
        (&["ldd", "/nope"], "", Out::new("", "ldd: /nope: No such file or directory\n", 1)),
    ]);
    if let Some(r) = real("ldd", &["ldd", "/bin/ls"], "") {
        let names = |s: &str| s.lines().map(|l| l.split(" (").next().unwrap_or("").to_string()).collect::<Vec<_>>();
        assert_eq!(names(&run(&["ldd", "/bin/ls"]).stdout), names(&r.stdout));
    }
}

#[test]
fn mount_table_and_df() {
    let m = run(&["mount"]);
    assert_eq!(
        m.stdout,
        "/dev/sda1 on / type ext4 (rw,relatime)\nproc on /proc type proc (rw,relatime)\nsysfs on /sys type sysfs (rw,relatime)\ncgroup2 on /sys/fs/cgroup type cgroup2 (rw,relatime)\ntmpfs on /run type tmpfs (rw,relatime)\ntmpfs on /dev/shm type tmpfs (rw,relatime)\n"
    );
    table(&[
        (&["mount", "-t", "proc", "proc", "/nope"], "", Out::new("", "mount: /nope: mount point does not exist.\n       dmesg(1) may have more information after failed mount system call.\n", 32)),
        (&["mount", "-t", "foo", "x", "/tmp"], "", Out::new("", "mount: /tmp: unknown filesystem type 'foo'.\n       dmesg(1) may have more information after failed mount system call.\n", 32)),
        (&["mount", "--zz"], "", Out::new("", "mount: unrecognized option '--zz'\nTry 'mount --help' for more information.\n", 1)),
        (&["umount", "/nope/x"], "", Out::new("", "umount: /nope/x: no mount point specified.\n", 32)),
        (&["umount", "/tmp"], "", Out::new("", "umount: /tmp: not mounted.\n", 32)),
    ]);
    let df = run(&["df"]);
    let lines: Vec<&str> = df.stdout.lines().collect();
    assert_eq!(lines[0], "Filesystem     1K-blocks    Used Available Use% Mounted on");
    assert!(lines[1].starts_with("/dev/sda1       30832548 "), "{}", df.stdout);
    assert!(lines[1].ends_with(" /"));
    assert_eq!(lines.len(), 4, "/, /run and /dev/shm: {}", df.stdout);
    let h = run(&["df", "-h", "/"]);
    assert!(h.stdout.starts_with("Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        30G  1.4G   27G   5% /\n"), "{h:?}");
    let mut sim = boot();
    run_on(&mut sim, &["mkdir", "/mnt/scratch"], "");
    assert_eq!(run_on(&mut sim, &["mount", "-t", "tmpfs", "tmpfs", "/mnt/scratch"], ""), Out::new("", "", 0));
    run_on(&mut sim, &["touch", "/mnt/scratch/x"], "");
    assert_eq!(run_on(&mut sim, &["mount", "-o", "remount,ro", "/mnt/scratch"], ""), Out::new("", "", 0));
    assert_eq!(run_on(&mut sim, &["touch", "/mnt/scratch/y"], "").stderr, "touch: cannot touch '/mnt/scratch/y': Read-only file system\n");
    assert_eq!(run_on(&mut sim, &["mount", "--bind", "/etc", "/mnt"], ""), Out::new("", "", 0));
    assert_eq!(run_on(&mut sim, &["cat", "/mnt/hostname"], "").stdout, "wharf\n");
    assert_eq!(run_on(&mut sim, &["umount", "/mnt"], ""), Out::new("", "", 0));
    assert_eq!(run_on(&mut sim, &["ls", "/mnt"], "").stdout, "scratch\n");
}

#[test]
fn accounts_are_added_to_the_databases() {
    let mut sim = boot();
    assert_eq!(run_on(&mut sim, &["useradd", "-ms", "/bin/bash", "app"], ""), Out::new("", "", 0));
    assert_eq!(run_on(&mut sim, &["id", "app"], "").stdout, "uid=1000(app) gid=1000(app) groups=1000(app)\n");
    assert_eq!(run_on(&mut sim, &["grep", "^app", "/etc/passwd"], "").stdout, "app:x:1000:1000::/home/app:/bin/bash\n");
    assert_eq!(run_on(&mut sim, &["ls", "-lA", "/home/app"], "").stdout, "total 8\n-rw-r--r-- 1 app app 55 Jan  1 00:00 .bashrc\n-rw-r--r-- 1 app app 68 Jan  1 00:00 .profile\n");
    assert_eq!(run_on(&mut sim, &["useradd", "app"], ""), Out::new("", "useradd: user 'app' already exists\n", 9));
    assert_eq!(run_on(&mut sim, &["useradd", "-u", "1001", "-g", "nogroup", "svc"], ""), Out::new("", "", 0));
    assert_eq!(run_on(&mut sim, &["useradd", "-u", "1001", "other"], ""), Out::new("", "useradd: UID 1001 is not unique\n", 4));
    assert_eq!(run_on(&mut sim, &["groupadd", "devs"], ""), Out::new("", "", 0));
    assert_eq!(run_on(&mut sim, &["adduser", "app", "devs"], ""), Out::new("Adding user `app' to group `devs' ...\nDone.\n", "", 0));
    assert_eq!(run_on(&mut sim, &["id", "-Gn", "app"], "").stdout, "app devs\n");
    let a = run_on(&mut sim, &["adduser", "--disabled-password", "bob"], "");
    assert_eq!(a.stdout, "Adding user `bob' ...\nAdding new group `bob' (1002) ...\nAdding new user `bob' (1002) with group `bob (1002)' ...\nCreating home directory `/home/bob' ...\nCopying files from `/etc/skel' ...\nAdding new user `bob' to supplemental / extra groups `users' ...\nAdding user `bob' to group `users' ...\n");
    assert_eq!(run_on(&mut sim, &["addgroup", "ops"], "").stdout, "Adding group `ops' (GID 1003) ...\nDone.\n");
    let _ = run_in;
}

#[test]
fn test_and_friends_match_the_real_tools() {
    for argv in [
        &["/usr/bin/test", "1", "-lt", "2"][..],
        &["/usr/bin/test", "abc", "=", "abd"],
        &["/usr/bin/test", "-n", ""],
        &["/usr/bin/test", "!", "-z", "x"],
        &["/usr/bin/test", "(", "a", "=", "a", ")", "-a", "1", "-ge", "1"],
        &["/usr/bin/test", "x", "-o"],
        &["/usr/bin/test", "a", "-zz", "b"],
        &["/usr/bin/test", "1", "-eq", "x"],
        &["/usr/bin/test", "-d", "/usr"],
        &["/usr/bin/test", "-L", "/bin"],
        &["/usr/bin/[", "1", "]"],
        &["/usr/bin/[", "1", "-gt", "2", "]"],
        &["/usr/bin/[", "-e", "/nope"],
        &["/usr/bin/basename", "/a/b/c.tar.gz", ".gz"],
        &["/usr/bin/basename", "-s", ".c", "x.c", "y.c"],
        &["/usr/bin/dirname", "a", "/a/b", "//", "a/b/../c/"],
        &["/usr/bin/id", "-u", "root"],
        &["/usr/bin/id", "-g"],
        &["/usr/bin/id", "nosuch"],
        &["/usr/bin/whoami"],
        &["/usr/bin/uname", "-s", "-m"],
        &["/usr/bin/env", "-i", "A=1", "B=2"],
        &["/usr/bin/env", "-i", "/nope"],
        &["/usr/bin/seq", "-s", " ", "-w", "-3", "2", "3"],
        &["/usr/bin/sleep", "0.1"],
        &["/usr/bin/readlink", "-f", "/usr/bin/../bin/ls"],
        &["/usr/bin/realpath", "/usr/./bin/../lib"],
        &["/usr/bin/stat", "-c", "%n %F %a", "/usr/bin"],
    ] {
        same_as_real(argv, "");
    }
}
