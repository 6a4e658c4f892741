//! The Dockerfile builder's speed: `cargo bench -p wharf --bench build`.
//!
//! One 20-instruction, three-stage Dockerfile (the dependency / build / runtime split the course
//! teaches), built through the engine's `build` with the same context each time:
//! - clean: `--no-cache`, so every RUN runs a container and every step commits an image;
//! - cached: an unchanged rebuild, every step a cache hit (the issue's target: < 5 ms natively).
//!
//! Both run on the simulated kernel (in a booted simulated host) and, with root, overlayfs and
//! /bin/busybox, on this machine's kernel (`NativeKernel` on a temporary root). Printed: the
//! median and p90 of each, and the ratios clean / cached and native / simulated. Figures are
//! printed, never asserted: targets live in the issue, not in tests.

use std::cell::RefCell;
use std::future::poll_fn;
use std::path::Path;
use std::process::Command;
use std::rc::Rc;
use std::time::Instant;

use wharf::kernel::{block_on_with, NativeKernel};
use wharf_engine::build::exec::{build, BuildContext, BuildOptions};
use wharf_engine::daemon::{Daemon, DaemonRef};
use wharf_engine::digest::Digest;
use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FsRead, FsWrite};
use wharf_engine::image::reference::Reference;
use wharf_sim_kernel::userland;

const RUNS: usize = 20;

const DOCKERFILE: &str = r#"FROM busybox AS deps
ENV APP=/app
WORKDIR /app
COPY package.json ./
RUN mkdir -p deps && cat package.json > deps/lock
RUN echo dependency step > deps/done
FROM busybox AS build
WORKDIR /src
COPY --from=deps /app/deps ./deps
COPY src/ ./src/
RUN cat src/main.txt > app.bin
RUN echo built >> app.bin
FROM busybox
LABEL org.example.bench=build
ENV MODE=production
WORKDIR /srv
COPY --from=build /src/app.bin ./app.bin
RUN mkdir -p /srv/data
EXPOSE 8080
CMD ["cat", "/srv/app.bin"]
"#;

/// The build context as the client sends it: a tar of the Dockerfile and sources.
fn context_tar() -> Vec<u8> {
    let mut tree = MemFs::new();
    let attrs = |mode| Attrs { mode, uid: 0, gid: 0, mtime: 1_700_000_000 };
    for dir in ["src", "src/lib"] {
        tree.mkdir(dir, &attrs(0o755)).expect("mkdir");
    }
    for (path, data) in [("Dockerfile", DOCKERFILE), ("package.json", "{\"dependencies\":{\"left-pad\":\"1.3.0\"}}\n"), ("src/main.txt", "main\n"), ("src/lib/util.txt", "util\n")] {
        tree.write_file(path, &attrs(0o644), &mut data.as_bytes()).expect("write");
    }
    assert!(tree.lstat("Dockerfile").expect("lstat").is_some());
    let mut tar = Vec::new();
    wharf_engine::image::layer::create_from_tree(&tree, &mut tar).expect("tar");
    tar
}

fn options(no_cache: bool) -> BuildOptions {
    BuildOptions { tags: vec!["bench:latest".into()], no_cache, ..BuildOptions::default() }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Median and p90 in milliseconds.
fn summary(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(|a, b| a.total_cmp(b));
    (percentile(&times, 0.5) * 1e3, percentile(&times, 0.9) * 1e3)
}

fn print(name: &str, (median, p90): (f64, f64)) {
    println!("  {name:<28} median {median:>9.3} ms   p90 {p90:>9.3} ms");
}

/// Times clean and cached builds on the simulated kernel: each build runs as a process of
/// the simulated host (its daemon's supervisor keeps running beside it).
fn simulated(tar: &[u8]) -> (Vec<f64>, Vec<f64>) {
    let mut sim = userland::host::boot(1);
    let daemon: DaemonRef = sim.machine().borrow().docker.clone().expect("the host has a daemon");
    daemon.borrow_mut().image_pull(&Reference::parse("busybox").expect("reference"), &mut |_| {}).expect("pull busybox");
    let mut once = |no_cache: bool| {
        let ctx = BuildContext::from_tar(tar).expect("context");
        let result: Rc<RefCell<Option<Result<Digest, String>>>> = Rc::default();
        let (d, r) = (daemon.clone(), result.clone());
        let t = Instant::now();
        sim.start(&["docker-build"], move |_p| {
            Box::pin(async move {
                let res = build(d, ctx, options(no_cache), &mut |_| {}).await;
                *r.borrow_mut() = Some(res.map_err(|e| e.to_string()));
                0
            })
        })
        .expect("start");
        sim.run(u64::MAX / 2);
        let secs = t.elapsed().as_secs_f64();
        result.borrow_mut().take().expect("the build finished").expect("the build succeeded");
        secs
    };
    let clean = (0..RUNS).map(|_| once(true)).collect();
    let cached = (0..RUNS).map(|_| once(false)).collect();
    (clean, cached)
}

/// A busybox image in the native root, imported by the `wharf` binary.
fn native_base(dir: &Path, root: &Path) -> Result<(), String> {
    let rootfs = dir.join("rootfs/bin");
    std::fs::create_dir_all(&rootfs).map_err(|e| e.to_string())?;
    std::fs::copy("/bin/busybox", rootfs.join("busybox")).map_err(|e| e.to_string())?;
    for applet in ["sh", "echo", "mkdir", "cat"] {
        std::os::unix::fs::symlink("busybox", rootfs.join(applet)).map_err(|e| e.to_string())?;
    }
    let tar = dir.join("busybox.tar");
    let ok = Command::new("tar").arg("-C").arg(dir.join("rootfs")).arg("-cf").arg(&tar).arg(".").status().is_ok_and(|s| s.success());
    let imported = ok && Command::new(env!("CARGO_BIN_EXE_wharf")).arg("--root").arg(root).args(["docker", "import"]).arg(&tar).arg("busybox").output().is_ok_and(|o| o.status.success());
    if imported {
        Ok(())
    } else {
        Err("could not import a busybox image".into())
    }
}

/// Times clean and cached builds on this machine's kernel, in process.
fn native(tar: &[u8], root: &Path) -> Result<(Vec<f64>, Vec<f64>), String> {
    let mut kernel = NativeKernel::open(root).map_err(|e| e.to_string())?;
    kernel.unpack_stored_images().map_err(|e| e.to_string())?;
    let daemon = Daemon::shared(Box::new(kernel));
    let once = |no_cache: bool| -> Result<f64, String> {
        let ctx = BuildContext::from_tar(tar).map_err(|e| e.to_string())?;
        let supervisor = daemon.clone();
        let t = Instant::now();
        let res = block_on_with(poll_fn(move |cx| supervisor.borrow_mut().poll_supervise(cx)), build(daemon.clone(), ctx, options(no_cache), &mut |_| {}));
        let secs = t.elapsed().as_secs_f64();
        res.map(|_| secs).map_err(|e| e.to_string())
    };
    let clean = (0..RUNS).map(|_| once(true)).collect::<Result<Vec<_>, _>>()?;
    let cached = (0..RUNS).map(|_| once(false)).collect::<Result<Vec<_>, _>>()?;
    Ok((clean, cached))
}

fn main() {
    let tar = context_tar();
    println!("build: 20 instructions, 3 stages, 6 RUN steps; median of {RUNS}");
    let (clean, cached) = simulated(&tar);
    let (sim_clean, sim_cached) = (summary(clean), summary(cached));
    print("wharf sim, clean (--no-cache)", sim_clean);
    print("wharf sim, fully cached", sim_cached);
    println!("  ratio clean / cached (sim): {:.1}x", sim_clean.0 / sim_cached.0);

    let root = unsafe { libc::geteuid() } == 0;
    if !root || !Path::new("/bin/busybox").exists() {
        println!("  native: SKIPPED (needs root, overlayfs and /bin/busybox)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("wharf-build-bench-{}", std::process::id()));
    let state = dir.join("root");
    match native_base(&dir, &state).and_then(|()| native(&tar, &state)) {
        Ok((clean, cached)) => {
            let (nat_clean, nat_cached) = (summary(clean), summary(cached));
            print("wharf native, clean", nat_clean);
            print("wharf native, fully cached", nat_cached);
            println!("  ratio clean / cached (native): {:.1}x", nat_clean.0 / nat_cached.0);
            println!("  ratio native / sim (cached): {:.2}x", nat_cached.0 / sim_cached.0);
            println!("  target: cached rebuild < 5 ms natively: {}", if nat_cached.0 < 5.0 { "met" } else { "NOT met" });
        }
        Err(e) => println!("  native: SKIPPED ({e})"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}
