//! `wharf docker run --rm IMAGE true` against `runc run` and `crun run` (Debian's packages) on
//! the same busybox root filesystem, in a bundle of `runc spec`'s defaults:
//! `cargo bench -p wharf --bench run_true` (as root).
//!
//! 50 runs each, the median wall time of the whole command and its ratio to crun's printed in
//! one run, back to back and spaced out (the kernel's cgroup lock warm, then cold). wharf runs with `--network none`, the network the bundle's runtimes get (a new
//! namespace with a loopback only); a line with Docker's default bridge (a veth through
//! iproute2) follows for reference. First a clean and a cached `wharf docker build` of one
//! Dockerfile (5 each). crun refuses this machine's hybrid cgroups ("drop all controllers from
//! cgroupv2"), so the runs happen after this process has moved to a private mount namespace
//! with the cgroup2 mount detached, crun's v1-only view (wharf counts a hybrid machine as v1
//! anyway). The commands take turns, one run of each per round, so a machine whose load
//! changes during the bench (other builds on its cores) weighs on all of them alike.
//!
//! Figures are printed, never asserted: the target (≤ 1.0× crun) lives in the issue.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../tests/support/busybox_root.rs"]
mod busybox_root;

const RUNS: usize = 50;

/// Makes the next command to time.
type CommandMaker<'a> = Box<dyn FnMut() -> Command + 'a>;
const BUILDS: usize = 5;

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

/// Runs `cmd` `n` times (each must succeed); the median seconds.
fn time(n: usize, mut cmd: impl FnMut() -> Command) -> f64 {
    let times = (0..n)
        .map(|_| {
            let mut c = cmd();
            let start = Instant::now();
            let out = c.stdout(Stdio::null()).stderr(Stdio::piped()).output().expect("spawn");
            let t = start.elapsed().as_secs_f64();
            assert!(out.status.success(), "{c:?}: {}", String::from_utf8_lossy(&out.stderr));
            t
        })
        .collect();
    median(times)
}

/// Writes `runc spec`'s own defaults into `bundle` (made by runc itself, as a user starts a
/// bundle: Docker-like mounts, masked and read-only paths, a read-only root), running `true`
/// over `rootfs` without a terminal. False if runc is missing.
fn write_config(bundle: &Path, rootfs: &Path) -> bool {
    let spec = bundle.join("config.json");
    if !Command::new("runc").arg("spec").current_dir(bundle).status().is_ok_and(|s| s.success()) {
        return false;
    }
    let mut config: serde_json::Value = serde_json::from_slice(&std::fs::read(&spec).unwrap()).unwrap();
    config["process"]["terminal"] = false.into();
    config["process"]["args"] = serde_json::json!(["true"]);
    config["root"]["path"] = rootfs.to_str().unwrap().into();
    std::fs::write(&spec, serde_json::to_vec_pretty(&config).unwrap()).unwrap();
    true
}

/// Moves this (single-threaded) process to a private mount namespace without the cgroup2
/// mount, so crun sees v1 controllers only.
fn hide_cgroup2() -> bool {
    // SAFETY: unshare and mount/umount2 with live C strings or nulls.
    unsafe {
        if libc::unshare(libc::CLONE_NEWNS) != 0 {
            return false;
        }
        libc::mount(std::ptr::null(), c"/".as_ptr(), std::ptr::null(), libc::MS_REC | libc::MS_PRIVATE, std::ptr::null());
    }
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    for line in mounts.lines().filter(|l| l.contains(" - cgroup2 ")) {
        let Some(point) = line.split(' ').nth(4) else { continue };
        let c = std::ffi::CString::new(point).unwrap();
        // SAFETY: a live C string.
        unsafe { libc::umount2(c.as_ptr(), libc::MNT_DETACH) };
    }
    true
}

fn main() {
    if !rustix::process::geteuid().is_root() || !Path::new("/bin/busybox").exists() {
        println!("SKIPPED: needs root and /bin/busybox");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle");
    let rootfs = bundle.join("rootfs");
    busybox_root::populate(&rootfs);
    let bundled = write_config(&bundle, &rootfs);
    let state = dir.path().join("wharf");
    let wharf_exe = env!("CARGO_BIN_EXE_wharf");
    let wharf = |args: &[&str]| {
        let mut c = Command::new(wharf_exe);
        c.arg("--root").arg(&state).args(args);
        c
    };
    let tar = dir.path().join("rootfs.tar");
    assert!(Command::new("tar").arg("-C").arg(&rootfs).arg("-cf").arg(&tar).arg(".").status().unwrap().success());
    assert!(wharf(&["docker", "import", tar.to_str().unwrap(), "bb"]).stdout(Stdio::null()).status().unwrap().success());

    let builds = dir.path().join("ctx");
    std::fs::create_dir(&builds).unwrap();
    std::fs::write(builds.join("Dockerfile"), "FROM bb\nRUN echo built > /built\nRUN cat /built > /copy\nCMD [\"cat\", \"/copy\"]\n").unwrap();
    let ctx = builds.to_str().unwrap().to_string();
    let clean = time(BUILDS, || {
        let _ = wharf(&["docker", "rmi", "-f", "built"]).output();
        let _ = wharf(&["docker", "builder", "prune", "-af"]).output();
        wharf(&["docker", "build", "-q", "-t", "built", &ctx])
    });
    let cached = time(BUILDS, || wharf(&["docker", "build", "-q", "-t", "built", &ctx]));

    let installed = |exe: &str| Command::new(exe).arg("--version").output().is_ok();
    let hidden = hide_cgroup2();
    let mut commands: Vec<(&str, CommandMaker)> = vec![
        ("wharf run --rm (none)", Box::new(|| wharf(&["docker", "run", "--rm", "--network", "none", "bb", "true"]))),
        ("wharf run --rm (bridge)", Box::new(|| wharf(&["docker", "run", "--rm", "bb", "true"]))),
    ];
    let mut n = 0;
    let runtime = |exe: &'static str| {
        let bundle = bundle.clone();
        move || {
            n += 1;
            let mut c = Command::new(exe);
            c.arg("run").arg("--bundle").arg(&bundle).arg(format!("bench-{}-{exe}-{n}", std::process::id()));
            c
        }
    };
    if bundled {
        commands.push(("runc run", Box::new(runtime("runc"))));
    } else {
        println!("  runc: not installed (apt-get install runc), so no bundle for runc and crun");
    }
    if bundled && installed("crun") && hidden {
        commands.push(("crun run", Box::new(runtime("crun"))));
    } else {
        println!("  crun: not installed (apt-get install crun) or no private mount namespace");
    }
    // Two conditions. Back to back, each run may find the kernel's cgroup migration lock still
    // warm from the run before (see `cgroup::warm_attach_lock`); spaced out, every run finds
    // it cold, as a user's single `docker run` does, and pays an RCU grace period to move its
    // process into a cgroup.
    for (condition, pause) in [("back to back", Duration::ZERO), ("spaced 50 ms apart", Duration::from_millis(50))] {
        println!("one container running `true`, {RUNS} runs each (taking turns, {condition}), median wall time of the command:");
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); commands.len()];
        for _ in 0..RUNS {
            for ((_, cmd), t) in commands.iter_mut().zip(&mut times) {
                std::thread::sleep(pause);
                t.push(time(1, &mut *cmd));
            }
        }
        let results: Vec<(&str, f64)> = commands.iter().map(|(name, _)| *name).zip(times.into_iter().map(median)).collect();
        let crun = results.iter().find(|(n, _)| *n == "crun run").map(|r| r.1);
        for (name, t) in &results {
            match crun {
                Some(c) => println!("  {name:<24} {:>8.2} ms   {:>5.2}x crun", t * 1e3, t / c),
                None => println!("  {name:<24} {:>8.2} ms", t * 1e3),
            }
        }
    }
    println!("wharf build of a two-RUN Dockerfile, {BUILDS} runs each, median:");
    println!("  clean (cache removed)    {:>8.2} ms", clean * 1e3);
    println!("  cached                   {:>8.2} ms", cached * 1e3);
}
