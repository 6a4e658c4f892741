//! Kernel behaviour through system calls, with small Rust programs standing in for the
//! userland (the shell has its own tests).

use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FileKind, FsWrite};
use std::net::Ipv4Addr;

use wharf_engine::kernel::ExitStatus;

use super::*;
use crate::executor::RunOutcome;
use crate::program::{executable, Programs};
use crate::signal::{Disposition, SIGKILL, SIGTERM};
use crate::sys::{CloneFlags, Command, MountFlags, OpenFlags};

const SEC: i64 = 1_000_000_000;

fn dir(fs: &mut MemFs, p: &str) {
    fs.mkdir(p, &Attrs::root(0o755)).unwrap();
}

/// A host disk with a few "binaries".
fn host() -> MemFs {
    let mut fs = MemFs::new();
    for d in ["bin", "proc", "tmp", "etc", "root", "jail", "jail/bin", "jail/etc", "jail/proc"] {
        dir(&mut fs, d);
    }
    for (path, prog) in [("bin/true", "true"), ("bin/false", "false"), ("bin/sleeper", "sleeper"), ("bin/pid", "pid"), ("jail/bin/pid", "pid")] {
        fs.write_file(path, &Attrs::root(0o755), &mut &executable(prog, 64)[..]).unwrap();
    }
    fs.write_file("etc/hostname", &Attrs::root(0o644), &mut &b"host\n"[..]).unwrap();
    fs.write_file("jail/etc/hostname", &Attrs::root(0o644), &mut &b"jail\n"[..]).unwrap();
    fs.write_file("bin/script", &Attrs::root(0o755), &mut &b"#!/bin/false\n"[..]).unwrap();
    fs
}

fn programs() -> Programs {
    let mut p = Programs::new();
    p.register("true", |_| Box::pin(async { 0 }));
    p.register("false", |_| Box::pin(async { 1 }));
    p.register("sleeper", |p| {
        Box::pin(async move {
            let _ = p.sleep(1000 * SEC).await;
            0
        })
    });
    p.register("pid", |p| {
        Box::pin(async move {
            p.print(&format!("{}\n", p.pid())).await;
            0
        })
    });
    p
}

fn boot() -> Sim {
    Sim::boot(host(), 1, programs())
}

/// Runs `body` as the first process and returns its exit code and the screen.
fn run(body: impl FnOnce(Proc) -> ProgramFuture + 'static) -> (i32, String) {
    let mut sim = boot();
    let pid = sim.start(&["test"], body).unwrap();
    assert_eq!(sim.run(1_000_000), RunOutcome::AllDone);
    let code = sim.take_status(pid).unwrap().code();
    (code, sim.take_screen())
}

#[test]
fn spawn_and_wait_report_exit_codes_and_scripts_run_their_interpreter() {
    let (code, _) = run(|p| {
        Box::pin(async move {
            let t = p.spawn(Command { path: "/bin/true".into(), argv: vec!["true".into()], ..Command::default() }).unwrap();
            let f = p.spawn(Command { path: "/bin/script".into(), argv: vec!["script".into()], ..Command::default() }).unwrap();
            assert_eq!(p.wait(t).await, Ok(ExitStatus::Exited(0)));
            assert_eq!(p.wait(f).await, Ok(ExitStatus::Exited(1)));
            assert_eq!(p.wait(f).await, Err(Errno::ECHILD));
            let missing = p.spawn(Command { path: "/bin/nope".into(), argv: vec!["nope".into()], ..Command::default() });
            assert_eq!(missing, Err(Errno::ENOENT));
            let not_exec = p.spawn(Command { path: "/etc/hostname".into(), argv: vec!["x".into()], ..Command::default() });
            assert_eq!(not_exec, Err(Errno::EACCES));
            7
        })
    });
    assert_eq!(code, 7);
}

#[test]
fn sleep_1000_costs_no_real_time_and_kill_ends_it() {
    let started = std::time::Instant::now();
    let (code, _) = run(|p| {
        Box::pin(async move {
            let before = p.now();
            let s = p.spawn(Command { path: "/bin/sleeper".into(), argv: vec!["sleeper".into()], ..Command::default() }).unwrap();
            p.sleep(5 * SEC).await.unwrap();
            p.kill(s as i32, SIGTERM).unwrap();
            assert_eq!(p.wait(s).await, Ok(ExitStatus::Signaled(SIGTERM)));
            assert_eq!(p.now() - before, 5 * SEC);
            let s = p.spawn(Command { path: "/bin/sleeper".into(), argv: vec!["sleeper".into()], ..Command::default() }).unwrap();
            assert_eq!(p.wait(s).await.unwrap().code(), 0);
            assert_eq!(p.now() - before, 1005 * SEC);
            0
        })
    });
    assert_eq!(code, 0);
    assert!(started.elapsed().as_secs() < 2);
}

#[test]
fn a_caught_signal_interrupts_a_wait_with_eintr() {
    let (code, _) = run(|p| {
        Box::pin(async move {
            p.set_disposition(SIGTERM, Disposition::Catch).unwrap();
            let me = p.pid();
            let killer = p
                .fork(None, move |c| async move {
                    c.sleep(SEC).await.unwrap();
                    c.kill(me as i32, SIGTERM).unwrap();
                    0
                })
                .unwrap();
            assert_eq!(p.sleep(100 * SEC).await, Err(Errno::EINTR));
            assert_eq!(p.take_signals(), vec![SIGTERM]);
            p.wait(killer).await.unwrap();
            0
        })
    });
    assert_eq!(code, 0);
}

#[test]
fn pipes_carry_data_and_close_to_eof() {
    let (code, screen) = run(|p| {
        Box::pin(async move {
            let (r, w) = p.pipe().unwrap();
            let writer = p
                .fork(None, move |c| async move {
                    c.close(r).unwrap();
                    c.write_all(w, b"hello through a pipe\n").await.unwrap();
                    0
                })
                .unwrap();
            p.close(w).unwrap();
            let got = p.read_to_end(r).await.unwrap();
            p.print(&String::from_utf8_lossy(&got)).await;
            p.wait(writer).await.unwrap();
            0
        })
    });
    assert_eq!((code, screen.as_str()), (0, "hello through a pipe\n"));
}

#[test]
fn files_can_be_created_appended_read_and_listed() {
    let (code, _) = run(|p| {
        Box::pin(async move {
            p.write_file("/tmp/a", b"one\n").await.unwrap();
            let fd = p.open("/tmp/a", OpenFlags::APPEND, 0o644).unwrap();
            p.write_all(fd, b"two\n").await.unwrap();
            p.close(fd).unwrap();
            assert_eq!(p.read_file("/tmp/a").await.unwrap(), b"one\ntwo\n");
            assert_eq!(p.stat("/tmp/a").unwrap().mode, 0o644, "0666 minus umask 022");
            p.mkdir("/tmp/d", 0o755).unwrap();
            p.symlink("/tmp/a", "/tmp/d/link").unwrap();
            assert_eq!(p.read_file("/tmp/d/link").await.unwrap(), b"one\ntwo\n");
            let names: Vec<String> = p.read_dir("/tmp").unwrap().into_iter().map(|e| e.name).collect();
            assert_eq!(names, vec!["a", "d"]);
            assert_eq!(p.rmdir("/tmp/d"), Err(Errno::ENOTEMPTY));
            assert_eq!(p.unlink("/tmp/d"), Err(Errno::EISDIR));
            p.chdir("/tmp/d").unwrap();
            assert_eq!(p.cwd(), "/tmp/d");
            assert_eq!(p.read_file("link").await.unwrap().len(), 8);
            assert_eq!(p.open("/nope/x", OpenFlags::CREATE, 0o644), Err(Errno::ENOENT));
            0
        })
    });
    assert_eq!(code, 0);
}

#[test]
fn a_new_pid_namespace_makes_the_child_pid_1_and_proc_shows_only_its_members() {
    let (code, screen) = run(|p| {
        Box::pin(async move {
            p.unshare(CloneFlags { pid: true, mnt: true, ..CloneFlags::default() }).unwrap();
            let outer_pid = p.pid();
            let child = p
                .fork(None, move |c| async move {
                    assert_eq!(c.pid(), 1);
                    assert_eq!(c.ppid(), 0, "the parent is outside the namespace");
                    c.mount("proc", "/proc", "proc", MountFlags::default()).unwrap();
                    let names: Vec<String> = c.read_dir("/proc").unwrap().into_iter().map(|e| e.name).filter(|n| n.parse::<u32>().is_ok()).collect();
                    assert_eq!(names, vec!["1"]);
                    assert_eq!(c.readlink("/proc/self").unwrap(), "1");
                    let grandchild = c.spawn(Command { path: "/bin/pid".into(), argv: vec!["pid".into()], ..Command::default() }).unwrap();
                    assert_eq!(grandchild, 2);
                    c.wait(grandchild).await.unwrap();
                    0
                })
                .unwrap();
            assert!(child > outer_pid, "outside, the child has an ordinary host PID");
            p.wait(child).await.unwrap().code()
        })
    });
    assert_eq!((code, screen.as_str()), (0, "2\n"));
}

#[test]
fn the_init_of_a_pid_namespace_ignores_default_signals_but_not_sigkill() {
    let (code, _) = run(|p| {
        Box::pin(async move {
            p.unshare(CloneFlags { pid: true, ..CloneFlags::default() }).unwrap();
            let init = p.spawn(Command { path: "/bin/sleeper".into(), argv: vec!["sleeper".into()], ..Command::default() }).unwrap();
            p.kill(init as i32, SIGTERM).unwrap();
            p.sleep(SEC).await.unwrap();
            p.kill(init as i32, 0).expect("still alive after SIGTERM");
            p.kill(init as i32, SIGKILL).unwrap();
            p.wait(init).await.unwrap().code()
        })
    });
    assert_eq!(code, 137);
}

#[test]
fn uts_namespace_keeps_hostname_changes_private() {
    let (code, _) = run(|p| {
        Box::pin(async move {
            let child = p
                .fork(None, |c| async move {
                    c.unshare(CloneFlags { uts: true, ..CloneFlags::default() }).unwrap();
                    c.set_hostname("container").unwrap();
                    assert_eq!(c.hostname(), "container");
                    0
                })
                .unwrap();
            p.wait(child).await.unwrap();
            assert_eq!(p.hostname(), "wharf");
            0
        })
    });
    assert_eq!(code, 0);
}

#[test]
fn chroot_confines_paths_and_exec() {
    let (code, screen) = run(|p| {
        Box::pin(async move {
            let child = p
                .fork(None, |c| async move {
                    c.chroot("/jail").unwrap();
                    c.chdir("/").unwrap();
                    assert_eq!(c.read_file("/etc/hostname").await.unwrap(), b"jail\n");
                    assert_eq!(c.read_file("/../../etc/hostname").await.unwrap(), b"jail\n");
                    assert_eq!(c.cwd(), "/");
                    assert!(c.stat("/bin/true").is_err(), "the host's /bin is outside");
                    let pid = c.spawn(Command { path: "/bin/pid".into(), argv: vec!["pid".into()], ..Command::default() }).unwrap();
                    c.wait(pid).await.unwrap().code()
                })
                .unwrap();
            p.wait(child).await.unwrap().code()
        })
    });
    assert_eq!(code, 0);
    assert!(screen.ends_with('\n'));
}

#[test]
fn pivot_root_into_a_bind_mounted_tree() {
    let (code, _) = run(|p| {
        Box::pin(async move {
            p.unshare(CloneFlags { mnt: true, ..CloneFlags::default() }).unwrap();
            p.mount("/jail", "/jail", "", MountFlags { bind: true, ..MountFlags::default() }).unwrap();
            p.mkdir("/jail/old", 0o755).unwrap();
            p.chdir("/jail").unwrap();
            p.pivot_root(".", "old").unwrap();
            assert_eq!(p.read_file("/etc/hostname").await.unwrap(), b"jail\n");
            assert_eq!(p.read_file("/old/etc/hostname").await.unwrap(), b"host\n");
            p.umount("/old", true).unwrap();
            assert!(p.stat("/old/etc").is_err());
            0
        })
    });
    assert_eq!(code, 0);
}

#[test]
fn pids_max_makes_fork_fail_with_eagain() {
    let mut sim = boot();
    sim.machine().borrow_mut().cgroups.groups.insert("limited".into(), crate::cgroup::Cgroup { pids_max: Some(3), ..Default::default() });
    let pid = sim
        .start(&["bomb"], |p| {
            Box::pin(async move {
                p.with(|m| m.proc_mut(p.host_pid()).unwrap().cgroup = "limited".into());
                let mut children = Vec::new();
                let err = loop {
                    match p.spawn(Command { path: "/bin/sleeper".into(), argv: vec!["sleeper".into()], ..Command::default() }) {
                        Ok(child) => children.push(child),
                        Err(e) => break e,
                    }
                };
                assert_eq!(err, Errno::EAGAIN);
                for c in &children {
                    p.kill(*c as i32, SIGKILL).unwrap();
                    p.wait(*c).await.unwrap();
                }
                children.len() as i32
            })
        })
        .unwrap();
    assert_eq!(sim.run(10_000), RunOutcome::AllDone);
    assert_eq!(sim.take_status(pid), Some(ExitStatus::Exited(2)), "the bomb itself and two children fill pids.max=3");
}

/// A machine with cgroup2 mounted at /sys/fs/cgroup, running `body`.
fn run_with_cgroupfs(body: impl FnOnce(Proc) -> ProgramFuture + 'static) -> (i32, String) {
    run(move |p| {
        Box::pin(async move {
            p.mkdir("/sys", 0o755).unwrap();
            p.mkdir("/sys/fs", 0o755).unwrap();
            p.mkdir("/sys/fs/cgroup", 0o755).unwrap();
            p.mount("cgroup2", "/sys/fs/cgroup", "cgroup2", MountFlags::default()).unwrap();
            p.mount("proc", "/proc", "proc", MountFlags::default()).unwrap();
            body(p).await
        })
    })
}

async fn write_str(p: &Proc, path: &str, data: &str) -> Result<(), Errno> {
    let fd = p.open(path, OpenFlags::WRITE, 0)?;
    let r = p.write_all(fd, data.as_bytes()).await;
    p.close(fd)?;
    r
}

async fn read_str(p: &Proc, path: &str) -> String {
    String::from_utf8(p.read_file(path).await.unwrap()).unwrap()
}

#[test]
fn cgroup_directories_grow_controller_files_and_take_processes() {
    let (code, _) = run_with_cgroupfs(|p| {
        Box::pin(async move {
            let root: Vec<String> = p.read_dir("/sys/fs/cgroup").unwrap().into_iter().map(|e| e.name).collect();
            assert!(root.contains(&"cgroup.procs".to_string()) && !root.contains(&"pids.max".to_string()));
            assert_eq!(read_str(&p, "/sys/fs/cgroup/cgroup.subtree_control").await, "cpu io memory pids\n");
            p.mkdir("/sys/fs/cgroup/sandbox", 0o755).unwrap();
            for f in ["cgroup.procs", "cpu.max", "memory.max", "pids.max", "pids.current"] {
                assert!(p.exists(&format!("/sys/fs/cgroup/sandbox/{f}")), "{f}");
            }
            assert_eq!(read_str(&p, "/sys/fs/cgroup/sandbox/pids.max").await, "max\n");
            assert_eq!(read_str(&p, "/sys/fs/cgroup/sandbox/cpu.max").await, "max 100000\n");
            let me = p.pid();
            write_str(&p, "/sys/fs/cgroup/sandbox/cgroup.procs", &format!("{me}\n")).await.unwrap();
            assert_eq!(read_str(&p, "/sys/fs/cgroup/sandbox/cgroup.procs").await, format!("{me}\n"));
            assert_eq!(read_str(&p, "/sys/fs/cgroup/sandbox/pids.current").await, "1\n");
            assert_eq!(read_str(&p, "/proc/self/cgroup").await, "0::/sandbox\n");
            assert_eq!(write_str(&p, "/sys/fs/cgroup/sandbox/pids.max", "lots").await, Err(Errno::EINVAL));
            assert_eq!(p.rmdir("/sys/fs/cgroup/sandbox"), Err(Errno::EBUSY));
            assert_eq!(write_str(&p, "/sys/fs/cgroup/sandbox/cgroup.subtree_control", "+memory").await, Err(Errno::EBUSY));
            write_str(&p, "/sys/fs/cgroup/cgroup.procs", &me.to_string()).await.unwrap();
            p.rmdir("/sys/fs/cgroup/sandbox").unwrap();
            0
        })
    });
    assert_eq!(code, 0);
}

#[test]
fn memory_max_oom_kills_a_hog_with_137() {
    let (code, _) = run_with_cgroupfs(|p| {
        Box::pin(async move {
            p.mkdir("/sys/fs/cgroup/small", 0o755).unwrap();
            write_str(&p, "/sys/fs/cgroup/small/memory.max", "10M").await.unwrap();
            assert_eq!(read_str(&p, "/sys/fs/cgroup/small/memory.max").await, "10485760\n");
            let hog = p
                .fork(None, |c| async move {
                    let me = c.pid();
                    write_str(&c, "/sys/fs/cgroup/small/cgroup.procs", &me.to_string()).await.unwrap();
                    loop {
                        if c.alloc(1 << 20).is_err() {
                            return 0;
                        }
                        c.checkpoint().await.ok();
                    }
                })
                .unwrap();
            let status = p.wait(hog).await.unwrap();
            assert!(read_str(&p, "/sys/fs/cgroup/small/memory.events").await.contains("oom_kill 1\n"));
            status.code()
        })
    });
    assert_eq!(code, 137);
}

#[test]
fn cpu_max_throttles_a_busy_loop_to_its_quota() {
    let (code, _) = run_with_cgroupfs(|p| {
        Box::pin(async move {
            p.mkdir("/sys/fs/cgroup/slow", 0o755).unwrap();
            write_str(&p, "/sys/fs/cgroup/slow/cpu.max", "5000 100000").await.unwrap();
            let spinner = p
                .fork(None, |c| async move {
                    let me = c.pid();
                    write_str(&c, "/sys/fs/cgroup/slow/cgroup.procs", &me.to_string()).await.unwrap();
                    loop {
                        if c.checkpoint().await.is_err() {
                            return 1;
                        }
                    }
                })
                .unwrap();
            let start = p.now();
            p.sleep(10 * SEC).await.unwrap();
            p.kill(spinner as i32, SIGKILL).unwrap();
            p.wait(spinner).await.unwrap();
            let stat = read_str(&p, "/sys/fs/cgroup/slow/cpu.stat").await;
            let usage: u64 = stat.lines().find_map(|l| l.strip_prefix("usage_usec ")).unwrap().parse().unwrap();
            let elapsed_usec = ((p.now() - start) / 1000) as u64;
            // 5% of one CPU over 10 s is 0.5 s; allow one slice of slack per period.
            assert!(usage >= elapsed_usec / 25 && usage <= elapsed_usec / 10, "usage {usage} of {elapsed_usec}");
            assert!(stat.contains("nr_throttled"), "{stat}");
            0
        })
    });
    assert_eq!(code, 0);
}

#[test]
fn cgroup_freeze_stops_and_thaws_processes() {
    let (code, _) = run_with_cgroupfs(|p| {
        Box::pin(async move {
            p.mkdir("/sys/fs/cgroup/ice", 0o755).unwrap();
            let (r, w) = p.pipe().unwrap();
            let ticker = p
                .fork(None, move |c| async move {
                    let me = c.pid();
                    write_str(&c, "/sys/fs/cgroup/ice/cgroup.procs", &me.to_string()).await.unwrap();
                    for i in 0..10 {
                        c.write_all(w, format!("{i}\n").as_bytes()).await.unwrap();
                        c.sleep(SEC).await.unwrap();
                    }
                    0
                })
                .unwrap();
            p.close(w).unwrap();
            p.sleep(SEC / 2).await.unwrap();
            write_str(&p, "/sys/fs/cgroup/ice/cgroup.freeze", "1").await.unwrap();
            p.sleep(20 * SEC).await.unwrap();
            assert!(read_str(&p, "/sys/fs/cgroup/ice/cgroup.events").await.contains("frozen 1"));
            let mut buf = [0u8; 64];
            let n = p.read(r, &mut buf).await.unwrap();
            assert!(n <= 4, "at most the ticks before the freeze: {:?}", String::from_utf8_lossy(&buf[..n]));
            write_str(&p, "/sys/fs/cgroup/ice/cgroup.freeze", "0").await.unwrap();
            p.wait(ticker).await.unwrap().code()
        })
    });
    assert_eq!(code, 0);
}

#[test]
fn a_server_and_a_client_talk_over_loopback() {
    let (code, screen) = run(|p| {
        Box::pin(async move {
            let l = p.listen_tcp(Ipv4Addr::UNSPECIFIED, 8080).unwrap();
            assert_eq!(p.listen_tcp(Ipv4Addr::LOCALHOST, 8080), Err(Errno::EADDRINUSE));
            let server = p
                .fork(None, move |s| async move {
                    let (conn, _) = s.accept(l).await.unwrap();
                    let mut buf = [0u8; 64];
                    let n = s.read(conn, &mut buf).await.unwrap();
                    s.write_all(conn, format!("echo: {}", String::from_utf8_lossy(&buf[..n])).as_bytes()).await.unwrap();
                    0
                })
                .unwrap();
            p.close(l).unwrap();
            let c = p.connect_tcp(Ipv4Addr::LOCALHOST, 8080, None).await.unwrap();
            p.write_all(c, b"hi\n").await.unwrap();
            let reply = p.read_to_end(c).await.unwrap();
            p.print(&String::from_utf8_lossy(&reply)).await;
            p.wait(server).await.unwrap();
            assert_eq!(p.connect_tcp(Ipv4Addr::LOCALHOST, 8080, None).await, Err(Errno::ECONNREFUSED), "closed listeners refuse");
            0
        })
    });
    assert_eq!((code, screen.as_str()), (0, "echo: hi\n"));
}

#[test]
fn a_new_network_namespace_has_only_loopback() {
    let (code, _) = run(|p| {
        Box::pin(async move {
            assert!(p.interfaces().unwrap().0.iter().any(|i| i.name == "eth0"));
            p.unshare(CloneFlags { net: true, ..CloneFlags::default() }).unwrap();
            let (ifaces, gw) = p.interfaces().unwrap();
            assert_eq!(ifaces.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), vec!["lo"]);
            assert_eq!(gw, None);
            assert_eq!(p.ping(Ipv4Addr::new(8, 8, 8, 8)), Err(Errno::ENETUNREACH));
            0
        })
    });
    assert_eq!(code, 0);
}

/// Forks a child that moves into `cgroup` (unless empty) and reads `/dev/zero` to the end,
/// the way `tail /dev/zero` does; returns the child's exit code.
async fn read_zero_forever(p: &Proc, cgroup: &'static str) -> i32 {
    p.mknod("/zero", FileKind::CharDevice, 0o666, (1, 5)).unwrap();
    let hog = p
        .fork(None, move |c| async move {
            if !cgroup.is_empty() {
                let me = c.pid();
                write_str(&c, &format!("/sys/fs/cgroup/{cgroup}/cgroup.procs"), &me.to_string()).await.unwrap();
            }
            let fd = c.open("/zero", OpenFlags::READ, 0).unwrap();
            match c.read_to_end(fd).await {
                Ok(_) => 0,
                Err(_) => 1,
            }
        })
        .unwrap();
    p.wait(hog).await.unwrap().code()
}

#[test]
fn reading_an_endless_input_is_charged_and_oom_killed_by_memory_max() {
    let (code, _) = run_with_cgroupfs(|p| {
        Box::pin(async move {
            p.mkdir("/sys/fs/cgroup/small", 0o755).unwrap();
            write_str(&p, "/sys/fs/cgroup/small/memory.max", "20M").await.unwrap();
            let code = read_zero_forever(&p, "small").await;
            assert!(read_str(&p, "/sys/fs/cgroup/small/memory.events").await.contains("oom_kill 1\n"));
            let peak: u64 = read_str(&p, "/sys/fs/cgroup/small/memory.peak").await.trim().parse().unwrap();
            assert!(peak > 19 << 20 && peak <= 20 << 20, "peak {peak}");
            code
        })
    });
    assert_eq!(code, 137);
}

#[test]
fn without_a_limit_the_host_oom_killer_ends_a_runaway_reader() {
    let (code, _) = run_with_cgroupfs(|p| {
        Box::pin(async move {
            let code = read_zero_forever(&p, "").await;
            let free = read_str(&p, "/proc/meminfo").await;
            assert!(free.starts_with("MemTotal:        4030000 kB\n"), "{free}");
            code
        })
    });
    assert_eq!(code, 137);
}

#[test]
fn root_without_a_capability_is_refused_what_it_guards() {
    use crate::sys::caps::{CAP_CHOWN, CAP_SYS_ADMIN};
    let (code, _) = run_with_cgroupfs(|p| {
        Box::pin(async move {
            p.mkdir("/x", 0o755).unwrap();
            p.mkdir("/mnt", 0o755).unwrap();
            assert!(read_str(&p, "/proc/self/status").await.contains("CapEff:\t000001ffffffffff\n"));
            p.capbset_drop(CAP_SYS_ADMIN).unwrap();
            p.capbset_drop(CAP_CHOWN).unwrap();
            assert_eq!(p.mount("tmpfs", "/mnt", "tmpfs", MountFlags::default()), Err(Errno::EPERM));
            assert_eq!(p.lchown("/x", Some(1000), None), Err(Errno::EPERM));
            assert!(p.may_raw_socket());
            let status = read_str(&p, "/proc/self/status").await;
            assert!(status.contains("CapBnd:\t000001ffffdffffe\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\n"), "{status}");
            // Still the owner's rights: root owns /x, so chmod works without CAP_FOWNER.
            p.chmod("/x", 0o700).unwrap();
            0
        })
    });
    assert_eq!(code, 0);
}
