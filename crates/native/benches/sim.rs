//! The simulated Linux's speed and footprint, against real busybox on this machine:
//! `cargo bench -p wharf --bench sim`.
//!
//! 1. Commands per second: one 1,000-line shell script (800 builtin lines, 200 runs of an
//!    external program), run by the simulator's `sh` inside the simulated host and by the
//!    real `busybox sh` here.
//! 2. Memory for 1,000 sleeping processes: the growth of this process's resident set when
//!    the simulated host starts them, against the summed RSS of 1,000 real `busybox sleep`.
//!
//! Figures are printed, never asserted: targets live in the issue (≥ 20,000 simple commands/s
//! natively, < 50 MB for 1,000 processes), not in tests.

use std::process::{Command, Stdio};
use std::time::Instant;

use wharf_sim_kernel::{runner, userland};

fn script() -> String {
    let mut s = String::from("x=0\n");
    for i in 0..1000 {
        s.push_str(match i % 5 {
            0 => "x=$((x+1))\n",
            1 => "echo line $x > /dev/null\n",
            2 => "true\n",
            3 => "cd /tmp\n",
            _ => "ls / > /dev/null\n",
        });
    }
    s
}

/// Resident set size of this process, bytes (`VmRSS` of /proc/self/status).
fn rss_of(pid: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok()).unwrap_or(0) * 1024
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let text = script();
    let runs = 5;

    // 1. Commands per second.
    let sim_secs = median(
        (0..runs)
            .map(|_| {
                let mut sim = userland::host::boot(1);
                runner::start_shell(&mut sim, "/bin/sh").expect("shell");
                let setup = format!("cat > /tmp/bench.sh <<'EOF'\n{text}EOF\n");
                runner::run_transcript(&mut sim, &setup, u64::MAX / 2);
                let t = Instant::now();
                let out = runner::run_transcript(&mut sim, "sh /tmp/bench.sh; echo status $?", u64::MAX / 2);
                let secs = t.elapsed().as_secs_f64();
                assert!(out.contains("status 0"), "the script failed in the simulator:\n{out}");
                secs
            })
            .collect(),
    );
    let dir = std::env::temp_dir().join(format!("wharf-sim-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bench.sh");
    std::fs::write(&path, &text).expect("write script");
    let busybox = std::path::Path::new("/bin/busybox");
    let peer_secs = busybox.exists().then(|| {
        median(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    let st = Command::new(busybox).arg("sh").arg(&path).current_dir(&dir).status().expect("busybox sh");
                    assert!(st.success());
                    t.elapsed().as_secs_f64()
                })
                .collect(),
        )
    });
    println!("sim: 1,000-line script (800 builtins, 200 external `ls`), median of {runs}");
    println!("  wharf sim sh      {:>9.1} ms  {:>9.0} commands/s", sim_secs * 1e3, 1000.0 / sim_secs);
    match peer_secs {
        Some(p) => {
            println!("  peer busybox sh   {:>9.1} ms  {:>9.0} commands/s", p * 1e3, 1000.0 / p);
            println!("  ratio wharf/peer (commands/s): {:.2}x", p / sim_secs);
        }
        None => println!("  peer: SKIPPED (needs /bin/busybox)"),
    }

    // 2. Memory for 1,000 sleeping processes.
    let mut sim = userland::host::boot(1);
    runner::start_shell(&mut sim, "/bin/sh").expect("shell");
    runner::run_transcript(&mut sim, "true", 1_000_000);
    let before = rss_of("self");
    runner::run_transcript(&mut sim, "i=0; while [ $i -lt 1000 ]; do sleep 1000 & i=$((i+1)); done", u64::MAX / 2);
    let after = rss_of("self");
    let count = sim.machine().borrow().procs.values().filter(|p| p.comm == "sleep" && !p.is_zombie()).count();
    println!("sim: {count} sleeping processes: this process grew by {:.1} MB", (after.saturating_sub(before)) as f64 / 1e6);
    if busybox.exists() {
        let mut kids: Vec<_> = (0..1000)
            .filter_map(|_| Command::new(busybox).args(["sleep", "1000"]).stdout(Stdio::null()).spawn().ok())
            .collect();
        std::thread::sleep(std::time::Duration::from_millis(300));
        let total: u64 = kids.iter().map(|k| rss_of(&k.id().to_string())).sum();
        println!("  peer: 1,000 real `busybox sleep` use {:.1} MB resident in total", total as f64 / 1e6);
        for k in &mut kids {
            let _ = k.kill();
            let _ = k.wait();
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
