//! The container lifecycle's speed in the simulator, against runc on this machine's kernel:
//! `cargo bench -p wharf --bench lifecycle`.
//!
//! 10,000 docker commands typed into the simulated host's shell: 2,000 rounds of
//! `run -d`, `ps`, `exec`, `stop`, `rm`. Printed: commands per second, the median and p99
//! time of one command (from the line typed to the next prompt), and the peak resident set
//! of this process. The peer is runc driving the same five steps on real containers
//! (`runc run -d`, `list`, `exec`, `kill` + wait, `delete`) with a busybox bundle, 50 rounds.
//!
//! Figures are printed, never asserted: the target (p99 < 2 ms per command natively) lives
//! in the issue, not in a test.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use wharf_engine::image::reference::Reference;
use wharf_sim_kernel::{runner, userland};

const ROUNDS: usize = 2000;
const PEER_ROUNDS: usize = 50;

/// Peak resident set of this process, bytes (`VmHWM`).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok()).unwrap_or(0) * 1024
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(name: &str, mut times: Vec<f64>, total: f64) {
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "  {name:<22} {:>8.0} commands/s   median {:>7.3} ms   p99 {:>7.3} ms",
        times.len() as f64 / total,
        percentile(&times, 0.5) * 1e3,
        percentile(&times, 0.99) * 1e3
    );
}

/// The five steps of a round, for the per-step figures.
const STEPS: [&str; 5] = ["run -d", "ps", "exec", "stop", "rm"];

/// Times each docker command of the lifecycle in a simulated host (in round order).
fn simulated() -> (Vec<f64>, f64) {
    let mut sim = userland::host::boot(1);
    let daemon = sim.machine().borrow().docker.clone().expect("the host has a daemon");
    daemon.borrow_mut().image_pull(&Reference::parse("busybox").expect("reference"), &mut |_| {}).expect("pull busybox");
    runner::start_shell(&mut sim, "/bin/sh").expect("shell");
    runner::run_transcript(&mut sim, "true", 1_000_000);
    let mut times = Vec::with_capacity(ROUNDS * 5);
    let start = Instant::now();
    for i in 0..ROUNDS {
        for line in [
            format!("docker run -d --name c{i} busybox sleep 1000 > /dev/null"),
            "docker ps -q > /dev/null".to_string(),
            format!("docker exec c{i} true"),
            format!("docker stop -t 0 c{i} > /dev/null"),
            format!("docker rm c{i} > /dev/null"),
        ] {
            let t = Instant::now();
            sim.type_input(&format!("{line}\n"));
            sim.run_until_input_wanted(u64::MAX / 2);
            times.push(t.elapsed().as_secs_f64());
        }
        sim.take_screen();
    }
    let total = start.elapsed().as_secs_f64();
    let left = daemon.borrow().containers().count();
    assert_eq!(left, 0, "every container was removed");
    (times, total)
}

/// A runc bundle whose rootfs is busybox-static and its applets.
fn bundle(dir: &Path) -> bool {
    let rootfs = dir.join("rootfs/bin");
    if std::fs::create_dir_all(&rootfs).is_err() || std::fs::copy("/bin/busybox", rootfs.join("busybox")).is_err() {
        return false;
    }
    for applet in ["sh", "sleep", "true"] {
        let _ = std::os::unix::fs::symlink("busybox", rootfs.join(applet));
    }
    let ok = Command::new("runc").arg("spec").current_dir(dir).status().is_ok_and(|s| s.success());
    let Ok(text) = std::fs::read_to_string(dir.join("config.json")) else { return false };
    let mut spec: serde_json::Value = serde_json::from_str(&text).expect("runc spec is JSON");
    spec["process"]["args"] = serde_json::json!(["sleep", "1000"]);
    spec["process"]["terminal"] = serde_json::json!(false);
    ok && std::fs::write(dir.join("config.json"), spec.to_string()).is_ok()
}

/// Times runc doing the same five steps.
fn peer(dir: &Path) -> (Vec<f64>, f64) {
    let runc = |args: &[&str]| {
        let t = Instant::now();
        let ok = Command::new("runc").args(args).current_dir(dir).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
        (ok, t.elapsed().as_secs_f64())
    };
    let mut times = Vec::new();
    let start = Instant::now();
    for i in 0..PEER_ROUNDS {
        let id = format!("wharf-bench-{}-{i}", std::process::id());
        for step in [vec!["run", "-d", &id], vec!["list", "-q"], vec!["exec", &id, "true"]] {
            let (ok, secs) = runc(&step);
            assert!(ok, "runc {step:?} failed");
            times.push(secs);
        }
        let t = Instant::now();
        runc(&["kill", &id, "KILL"]);
        while !Command::new("runc").args(["state", &id]).output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("\"stopped\"")) {
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        times.push(t.elapsed().as_secs_f64());
        times.push(runc(&["delete", &id]).1);
    }
    (times, start.elapsed().as_secs_f64())
}

fn main() {
    println!("lifecycle: run -d / ps / exec / stop / rm");
    let (times, total) = simulated();
    let sim_rate = times.len() as f64 / total;
    for (i, step) in STEPS.iter().enumerate() {
        let mut t: Vec<f64> = times.iter().skip(i).step_by(STEPS.len()).copied().collect();
        t.sort_by(|a, b| a.total_cmp(b));
        println!("    {step:<8} median {:>7.3} ms   p99 {:>7.3} ms", percentile(&t, 0.5) * 1e3, percentile(&t, 0.99) * 1e3);
    }
    report(&format!("wharf sim ({} cmds)", times.len()), times, total);
    println!("  peak resident set of this process: {:.1} MB", peak_rss() as f64 / 1e6);

    let dir = std::env::temp_dir().join(format!("wharf-lifecycle-bench-{}", std::process::id()));
    let have_runc = Command::new("runc").arg("--version").output().is_ok_and(|o| o.status.success());
    let root = unsafe { libc::geteuid() } == 0;
    if !have_runc || !root || !Path::new("/bin/busybox").exists() {
        println!("  peer: SKIPPED (needs root, runc and /bin/busybox)");
    } else if bundle(&dir) {
        let (times, total) = peer(&dir);
        let peer_rate = times.len() as f64 / total;
        report(&format!("peer runc ({} cmds)", times.len()), times, total);
        println!("  ratio wharf sim / runc (commands/s): {:.1}x", sim_rate / peer_rate);
    } else {
        println!("  peer: SKIPPED (could not make a runc bundle)");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
