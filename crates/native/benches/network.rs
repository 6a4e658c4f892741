//! The simulator's virtual network under load: `cargo bench -p wharf --bench network`.
//!
//! 100 nginx containers on 5 user-defined networks (20 each), then 20 busybox clients (4 per
//! network) that fetch `http://webN/` by name 500 times each: 10,000 HTTP requests through
//! the embedded DNS, the bridges and the nginx stand-in. The peer is this machine's real
//! loopback: busybox `httpd` and busybox `wget` in a `busybox sh` loop, 1,000 requests.
//!
//! Figures are printed, never asserted: the issue holds the target.

use std::process::{Command, Stdio};
use std::time::Instant;

use wharf_sim_kernel::{runner, userland};

const NETWORKS: usize = 5;
const SERVERS_PER_NETWORK: usize = 20;
const CLIENTS_PER_NETWORK: usize = 4;
/// Each client asks every server of its network this many times: 25 x 20 = 500 requests.
const ROUNDS: usize = 25;
const REQUESTS_PER_CLIENT: usize = ROUNDS * SERVERS_PER_NETWORK;

/// Creates the networks and the 100 servers; pulls the images first so no pull is timed.
fn setup_script() -> String {
    let mut s = String::from("docker pull -q nginx > /dev/null\ndocker pull -q busybox > /dev/null\n");
    for n in 0..NETWORKS {
        s.push_str(&format!("docker network create net{n} > /dev/null\n"));
    }
    for i in 0..NETWORKS * SERVERS_PER_NETWORK {
        s.push_str(&format!("docker run -d --name web{i} --network net{} nginx > /dev/null\n", i % NETWORKS));
    }
    s.push_str("docker ps -q | wc -l\n");
    s
}

/// The clients: each one asks the servers of its own network in turn, by name; a failed
/// request prints `fail`.
fn client_script() -> String {
    let mut s = String::new();
    for n in 0..NETWORKS {
        // The servers of network n are webN, webN+5, webN+10...
        let names: Vec<String> = (0..SERVERS_PER_NETWORK).map(|k| format!("web{}", n + k * NETWORKS)).collect();
        for _ in 0..CLIENTS_PER_NETWORK {
            s.push_str(&format!(
                "docker run --rm --network net{n} busybox sh -c 'i=0; for r in $(seq {ROUNDS}); do for h in {hosts}; do wget -q -O /dev/null http://$h/ || echo fail; i=$((i+1)); done; done; echo served $i'\n",
                hosts = names.join(" ")
            ));
        }
    }
    s
}

/// Requests per second of real busybox `wget` against busybox `httpd` on loopback.
fn peer_rate(requests: usize) -> Option<f64> {
    let busybox = std::path::Path::new("/bin/busybox");
    if !busybox.exists() {
        return None;
    }
    let dir = std::env::temp_dir().join(format!("wharf-net-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::write(dir.join("index.html"), "<h1>hello</h1>\n").ok()?;
    let port = 18000 + (std::process::id() % 1000) as u16;
    let mut server = Command::new(busybox).args(["httpd", "-f", "-p", &format!("127.0.0.1:{port}"), "-h"]).arg(&dir).stdout(Stdio::null()).stderr(Stdio::null()).spawn().ok()?;
    std::thread::sleep(std::time::Duration::from_millis(200));
    let loop_text = format!("i=0; while [ $i -lt {requests} ]; do busybox wget -q -O /dev/null http://127.0.0.1:{port}/ || echo fail; i=$((i+1)); done");
    let t = Instant::now();
    let out = Command::new(busybox).args(["sh", "-c", &loop_text]).output().ok()?;
    let secs = t.elapsed().as_secs_f64();
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let fails = String::from_utf8_lossy(&out.stdout).matches("fail").count();
    assert_eq!(fails, 0, "the peer's requests failed");
    Some(requests as f64 / secs)
}

fn main() {
    let mut sim = userland::host::boot(1);
    runner::start_shell(&mut sim, "/bin/sh").expect("shell");
    let t = Instant::now();
    let setup = runner::run_transcript(&mut sim, &setup_script(), u64::MAX / 2);
    let setup_secs = t.elapsed().as_secs_f64();
    let servers = NETWORKS * SERVERS_PER_NETWORK;
    assert!(setup.contains(&format!("\n{servers}\n")), "not every server is up:\n{setup}");

    let t = Instant::now();
    let out = runner::run_transcript(&mut sim, &client_script(), u64::MAX / 2);
    let secs = t.elapsed().as_secs_f64();
    let requests = NETWORKS * CLIENTS_PER_NETWORK * REQUESTS_PER_CLIENT;
    let served: usize = out.lines().filter_map(|l| l.strip_prefix("served ")).filter_map(|n| n.parse::<usize>().ok()).sum();
    assert_eq!(out.matches("\nfail").count(), 0, "requests failed:\n{out}");
    assert_eq!(served, requests, "not every request was made:\n{out}");

    println!("network: {servers} nginx containers on {NETWORKS} user networks, {} busybox clients", NETWORKS * CLIENTS_PER_NETWORK);
    println!("  setup (5 networks, {servers} containers started)  {:>8.1} ms", setup_secs * 1e3);
    println!("  wharf sim: {requests} HTTP requests by name  {:>8.1} ms  {:>8.0} requests/s", secs * 1e3, requests as f64 / secs);
    match peer_rate(1000) {
        Some(peer) => {
            println!("  peer: busybox wget -> busybox httpd on loopback, 1,000 requests: {peer:>8.0} requests/s");
            println!("  ratio wharf/peer (requests/s): {:.2}x", requests as f64 / secs / peer);
        }
        None => println!("  peer: SKIPPED (needs /bin/busybox)"),
    }
}
