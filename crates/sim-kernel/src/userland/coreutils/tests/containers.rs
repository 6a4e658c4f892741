//! The course's "containers by hand" module, driven through the applets: PID, UTS and mount
//! namespaces, a fresh `/proc`, `chroot` into an empty directory and into a debootstrapped
//! tree, `nsenter`, `pivot_root`.

use super::harness::{boot, run_on, Out};

#[test]
fn unshare_pid_fork_mount_proc_makes_ps_pid_1_and_alone() {
    let mut sim = boot();
    let inside = run_on(&mut sim, &["unshare", "--pid", "--fork", "--mount-proc", "ps", "aux"], "");
    let lines: Vec<&str> = inside.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "only ps itself: {inside:?}");
    assert!(lines[1].starts_with("root           1 "), "{inside:?}");
    assert!(lines[1].ends_with(" ps aux"));
    let two = run_on(&mut sim, &["unshare", "-pf", "--mount-proc", "run-all", "ps -e"], "");
    assert_eq!(two.stdout, "    PID TTY          TIME CMD\n      1 ?        00:00:00 run-all\n      2 ?        00:00:00 ps\n");
    // Without a new /proc, ps still reads the host's: the lesson's "why remount /proc".
    let stale = run_on(&mut sim, &["unshare", "--pid", "--fork", "ps", "-e"], "");
    assert!(stale.stdout.lines().count() > 3, "{stale:?}");
    assert!(!stale.stdout.contains("\n      1 ?        00:00:00 ps\n"), "{stale:?}");
    // The host's /proc and mount table are untouched.
    assert_eq!(run_on(&mut sim, &["mount", "-t", "proc"], "").stdout, "proc on /proc type proc (rw,relatime)\n");
}

#[test]
fn mount_proc_inside_a_new_mount_namespace() {
    let mut sim = boot();
    let out = run_on(&mut sim, &["unshare", "--mount", "--pid", "--fork", "run-all", "mount -t proc none /proc", "ps -e", "mount -t proc"], "");
    assert_eq!(out.stdout, "    PID TTY          TIME CMD\n      1 ?        00:00:00 run-all\n      3 ?        00:00:00 ps\nproc on /proc type proc (rw,relatime)\nnone on /proc type proc (rw,relatime)\n");
    assert_eq!(run_on(&mut sim, &["mount", "-t", "proc"], "").stdout, "proc on /proc type proc (rw,relatime)\n");
    let out = run_on(&mut sim, &["unshare", "-m", "run-all", "mount -t tmpfs none /tmp", "touch /tmp/inside", "ls /tmp"], "");
    assert_eq!(out.stdout, "inside\n");
    assert_eq!(run_on(&mut sim, &["ls", "/tmp"], "").stdout, "", "the host's /tmp never saw it");
}

#[test]
fn unshare_uts_keeps_the_hostname_change_private() {
    let mut sim = boot();
    let out = run_on(&mut sim, &["unshare", "--uts", "run-all", "hostname container", "hostname", "nsenter -t 1 -u hostname"], "");
    assert_eq!(out, Out::new("container\nwharf\n", "", 0));
    assert_eq!(run_on(&mut sim, &["hostname"], "").stdout, "wharf\n");
    assert_eq!(run_on(&mut sim, &["hostnamectl"], "").code, 0, "on the host systemd answers");
    let inner = run_on(&mut sim, &["unshare", "-pf", "hostnamectl"], "");
    assert_eq!(inner, Out::new("", "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n", 1));
}

#[test]
fn unshare_and_nsenter_errors_read_like_util_linux() {
    let mut sim = boot();
    assert_eq!(run_on(&mut sim, &["unshare", "--zz"], ""), Out::new("", "unshare: unrecognized option '--zz'\nTry 'unshare --help' for more information.\n", 1));
    assert_eq!(run_on(&mut sim, &["unshare", "-u", "nope"], ""), Out::new("", "unshare: failed to execute nope: No such file or directory\n", 127));
    assert_eq!(run_on(&mut sim, &["nsenter", "-t", "999", "-m", "true"], ""), Out::new("", "nsenter: cannot open /proc/999/ns/mnt: No such file or directory\n", 1));
    assert_eq!(run_on(&mut sim, &["nsenter", "-m", "true"], ""), Out::new("", "nsenter: neither filename nor target pid supplied for ns/mnt\n", 1));
    assert_eq!(run_on(&mut sim, &["useradd", "-m", "learner"], "").code, 0);
    let user = run_on(&mut sim, &["chroot", "--userspec=learner", "/", "unshare", "-u", "true"], "");
    assert_eq!(user, Out::new("", "unshare: unshare failed: Operation not permitted\n", 1));
}

#[test]
fn chroot_needs_the_binary_and_its_libraries() {
    let mut sim = boot();
    let mut step = |argv: &[&str], want: Out| {
        let got = run_on(&mut sim, argv, "");
        assert_eq!(got, want, "running {argv:?}");
    };
    step(&["chroot", "/nope"], Out::new("", "chroot: cannot change root directory to '/nope': No such file or directory\n", 125));
    step(&["chroot"], Out::new("", "chroot: missing operand\nTry 'chroot --help' for more information.\n", 125));
    step(&["mkdir", "/my-new-root"], Out::new("", "", 0));
    step(&["chroot", "/my-new-root", "bash"], Out::new("", "chroot: failed to run command ‘bash’: No such file or directory\n", 127));
    step(&["env", "SHELL=/bin/bash", "chroot", "/my-new-root"], Out::new("", "chroot: failed to run command ‘/bin/bash’: No such file or directory\n", 127));
    step(&["mkdir", "/my-new-root/bin"], Out::new("", "", 0));
    step(&["cp", "/bin/bash", "/my-new-root/bin/bash"], Out::new("", "", 0));
    // The binary is there but its loader is not: still ENOENT, as on Linux.
    step(&["chroot", "/my-new-root", "/bin/bash"], Out::new("", "chroot: failed to run command ‘/bin/bash’: No such file or directory\n", 127));
    step(&["mkdir", "-p", "/my-new-root/lib/x86_64-linux-gnu", "/my-new-root/lib64"], Out::new("", "", 0));
    step(&["cp", "/lib64/ld-linux-x86-64.so.2", "/my-new-root/lib64/"], Out::new("", "", 0));
    step(&["cp", "/lib/x86_64-linux-gnu/libc.so.6", "/my-new-root/lib/x86_64-linux-gnu/"], Out::new("", "", 0));
    step(&["chroot", "/my-new-root", "/bin/bash"], Out::new("", "/bin/bash: error while loading shared libraries: libtinfo.so.6: cannot open shared object file: No such file or directory\n", 127));
    step(&["cp", "/lib/x86_64-linux-gnu/libtinfo.so.6", "/my-new-root/lib/x86_64-linux-gnu/"], Out::new("", "", 0));
    let ldd = run_on(&mut sim, &["chroot", "/my-new-root", "ls"], "");
    assert_eq!(ldd, Out::new("", "chroot: failed to run command ‘ls’: No such file or directory\n", 127));
    let lib_view = run_on(&mut sim, &["ldd", "/my-new-root/bin/bash"], "");
    assert!(lib_view.stdout.contains("libtinfo.so.6 => /lib/x86_64-linux-gnu/libtinfo.so.6"), "{lib_view:?}");
    let bash = run_on(&mut sim, &["chroot", "/my-new-root", "bash", "-c", "exit 0"], "");
    assert!(bash.stderr.is_empty() || !bash.stderr.contains("chroot:"), "bash starts once its libraries are there: {bash:?}");
}

#[test]
fn debootstrap_then_chroot_into_the_new_tree() {
    let mut sim = boot();
    let out = run_on(&mut sim, &["debootstrap", "--variant=minbase", "bookworm", "/srv/rootfs"], "");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "I: Target architecture can be executed");
    assert!(lines.contains(&"I: Retrieving bash 5.2.15-2+b7"));
    assert!(lines.contains(&"I: Extracting coreutils..."));
    assert_eq!(lines.last(), Some(&"I: Base system installed successfully."));
    assert_eq!(run_on(&mut sim, &["chroot", "/srv/rootfs", "cat", "/etc/os-release"], "").stdout.lines().next(), Some("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\""));
    assert_eq!(
        run_on(&mut sim, &["chroot", "/srv/rootfs", "ls", "/"], "").stdout,
        "bin\nboot\ndev\netc\nhome\nlib\nlib64\nmedia\nmnt\nopt\nproc\nroot\nrun\nsbin\nsrv\nsys\ntmp\nusr\nvar\n"
    );
    assert_eq!(run_on(&mut sim, &["chroot", "/srv/rootfs", "ls", "/srv"], "").stdout, "", "the jail cannot see the host's /srv");
    let jammy = run_on(&mut sim, &["debootstrap", "--variant=minbase", "jammy", "/new-root"], "");
    assert!(jammy.stdout.contains("I: Checking component main on http://archive.ubuntu.com/ubuntu...\n"));
    assert_eq!(run_on(&mut sim, &["chroot", "/new-root", "cat", "/etc/issue"], "").stdout, "Ubuntu 22.04.5 LTS \\n \\l\n\n");
    // The by-hand container: every namespace, a chroot, and a fresh /proc inside.
    let c = run_on(&mut sim, &["unshare", "--mount", "--uts", "--ipc", "--net", "--pid", "--fork", "chroot", "/new-root", "run-all"], "");
    assert_eq!(c, Out::new("", "chroot: failed to run command ‘run-all’: No such file or directory\n", 127), "run-all is not in the jail yet");
    run_on(&mut sim, &["cp", "/usr/bin/run-all", "/new-root/usr/bin/"], "");
    let c = run_on(&mut sim, &["unshare", "--mount", "--uts", "--ipc", "--net", "--pid", "--fork", "chroot", "/new-root", "run-all", "mount -t proc none /proc", "hostname jail", "ps -e", "hostname"], "");
    assert_eq!(c, Out::new("    PID TTY          TIME CMD\n      1 ?        00:00:00 run-all\n      4 ?        00:00:00 ps\njail\n", "", 0));
    assert_eq!(run_on(&mut sim, &["hostname"], "").stdout, "wharf\n");
    let c = run_on(&mut sim, &["unshare", "--mount", "--uts", "--pid", "--fork", "chroot", "/new-root", "mount", "-t", "proc", "none", "/proc"], "");
    assert_eq!(c, Out::new("", "", 0));
    assert_eq!(run_on(&mut sim, &["debootstrap", "nosuch", "/x"], ""), Out::new("", "E: No such script: /usr/share/debootstrap/scripts/nosuch\n", 1));
    assert_eq!(run_on(&mut sim, &["debootstrap"], "").code, 1);
}

#[test]
fn pivot_root_swaps_the_root_of_a_mount_namespace() {
    let mut sim = boot();
    run_on(&mut sim, &["debootstrap", "bookworm", "/srv/new"], "");
    run_on(&mut sim, &["cp", "/usr/bin/run-all", "/srv/new/usr/bin/"], "");
    let out = run_on(
        &mut sim,
        &["unshare", "-m", "run-all", "mount --bind /srv/new /srv/new", "mkdir /srv/new/old", "pivot_root /srv/new /srv/new/old", "cat /etc/debian_version", "ls /old/srv", "umount -l /old", "ls /old"],
        "",
    );
    assert_eq!(out, Out::new("12.8\nnew\n", "", 0));
    run_on(&mut sim, &["mkdir", "/tmp/x"], "");
    assert_eq!(run_on(&mut sim, &["pivot_root", "/tmp", "/tmp/x"], ""), Out::new("", "pivot_root: failed to change root from `/tmp' to `/tmp/x': Invalid argument\n", 1));
}
