//! `cargo bench -p wharf --bench layer_apply`: unpacking a layer, wharf against GNU tar.
//!
//! A deterministic ~100 MB layer (many small files in many directories, a few large files,
//! symlinks, hard links) is written to a temporary directory and read once so that both sides
//! start from the page cache. Then, alternately, five times each:
//!
//! - **wharf**: `layer::apply` (`ApplyMode::Layer`) into a fresh [`DirFs`], computing the diff
//!   ID, with sha256 on a helper thread (and once more with inline hashing, for reference);
//! - **peer**: `tar -xf L -C D` and `sha256sum L` run concurrently over the same file: the
//!   same two jobs, as a shell user would overlap them. As root, GNU tar restores owners,
//!   modes and mtimes, as wharf does.
//!
//! For reference, `tar -xf` alone (no digest at all) is timed too. Each side's median and best run are reported in MB/s of tar read, with the ratio
//! wharf/peer of both. Extracted trees are removed and `sync(2)` is called between runs,
//! outside the timings.
//!
//! Knobs: `WHARF_BENCH_DIR` (where to write; default the temp dir), `WHARF_BENCH_RUNS`
//! (default 5), `WHARF_BENCH_ONLY=wharf|peer` (one side, for `perf record` or `strace -c`),
//! `WHARF_BENCH_KEEP=1` (keep the layer and trees afterwards, and say where).

use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use wharf::dirfs::DirFs;
use wharf::hash_thread::threaded_sha256;
use wharf_engine::digest::{Digest, DigestReader};
use wharf_engine::image::layer::{apply, inline_hasher, ApplyMode, ApplyOptions, NewHasher};

/// xorshift64*: fast, deterministic bytes that do not compress.
struct Bytes(u64);

impl Bytes {
    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let v = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }

    fn below(&mut self, n: u64) -> u64 {
        let mut b = [0; 8];
        self.fill(&mut b);
        u64::from_le_bytes(b) % n
    }
}

struct Stats {
    files: usize,
    dirs: usize,
    symlinks: usize,
    links: usize,
}

fn header(kind: tar::EntryType, mode: u32, size: u64) -> tar::Header {
    let mut h = tar::Header::new_ustar();
    h.set_entry_type(kind);
    h.set_mode(mode);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(1_700_000_000);
    h.set_size(size);
    h
}

/// Writes the synthetic layer to `path`.
fn generate(path: &Path) -> Stats {
    let mut out = tar::Builder::new(BufWriter::with_capacity(1 << 20, File::create(path).expect("create layer")));
    let mut rng = Bytes(0x9e37_79b9_7f4a_7c15);
    let mut data = vec![0u8; 12 << 20];
    let mut stats = Stats { files: 0, dirs: 0, symlinks: 0, links: 0 };
    let add = |out: &mut tar::Builder<_>, name: &str, h: &mut tar::Header, body: &[u8]| {
        out.append_data(h, name, body).expect("append");
    };
    for top in ["usr", "usr/lib", "usr/share", "opt"] {
        add(&mut out, &format!("{top}/"), &mut header(tar::EntryType::Directory, 0o755, 0), &[]);
        stats.dirs += 1;
    }
    // Many small files: 60 packages of 100 files, 256 B to 12 KiB (about 37 MB).
    for pkg in 0..60 {
        let dir = format!("usr/share/pkg{pkg:02}");
        add(&mut out, &format!("{dir}/"), &mut header(tar::EntryType::Directory, 0o755, 0), &[]);
        add(&mut out, &format!("{dir}/doc/"), &mut header(tar::EntryType::Directory, 0o755, 0), &[]);
        stats.dirs += 2;
        for f in 0..100 {
            let size = 256 + rng.below(12 << 10) as usize;
            rng.fill(&mut data[..size]);
            let name = if f % 4 == 0 { format!("{dir}/doc/file{f:03}.txt") } else { format!("{dir}/file{f:03}.dat") };
            add(&mut out, &name, &mut header(tar::EntryType::Regular, 0o644, size as u64), &data[..size]);
            stats.files += 1;
        }
        for s in 0..5 {
            let mut h = header(tar::EntryType::Symlink, 0o777, 0);
            h.set_link_name(format!("file{:03}.dat", s * 4 + 1)).expect("link name");
            add(&mut out, &format!("{dir}/link{s}"), &mut h, &[]);
            stats.symlinks += 1;
        }
        let mut h = header(tar::EntryType::Link, 0o644, 0);
        h.set_link_name(format!("{dir}/file001.dat")).expect("link name");
        add(&mut out, &format!("{dir}/hardlink"), &mut h, &[]);
        stats.links += 1;
    }
    // Some large files: 6 of 10 MiB (about 63 MB).
    for big in 0..6 {
        let size = 10 << 20;
        rng.fill(&mut data[..size]);
        add(&mut out, &format!("opt/blob{big}.bin"), &mut header(tar::EntryType::Regular, 0o644, size as u64), &data[..size]);
        stats.files += 1;
    }
    let mut h = header(tar::EntryType::Symlink, 0o777, 0);
    h.set_link_name("/usr/lib").expect("link name");
    add(&mut out, "lib", &mut h, &[]);
    stats.symlinks += 1;
    out.into_inner().expect("finish tar").flush().expect("flush");
    stats
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn mbps(bytes: u64, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64()
}

fn fresh(dir: &Path) {
    if dir.exists() {
        fs::remove_dir_all(dir).expect("clean");
    }
    fs::create_dir(dir).expect("mkdir");
    rustix::fs::sync();
}

fn wharf_run(layer: &Path, dir: &Path, hasher: NewHasher, expected: Digest) -> Duration {
    fresh(dir);
    let opts = ApplyOptions { allow_devices: true, hasher, ..ApplyOptions::new(ApplyMode::Layer) };
    let start = Instant::now();
    let mut input = File::open(layer).expect("open layer");
    let mut fs = DirFs::open(dir).expect("open dir");
    let info = apply(&mut input, &mut fs, &opts).expect("apply");
    let t = start.elapsed();
    assert_eq!(info.diff_id, expected, "diff ID");
    t
}

fn peer_run(layer: &Path, dir: &Path, hash: bool) -> Duration {
    fresh(dir);
    let script =
        if hash { r#"sha256sum "$1" >/dev/null & tar -xf "$1" -C "$2"; s=$?; wait $! && exit $s"# } else { r#"tar -xf "$1" -C "$2""# };
    let start = Instant::now();
    let status = Command::new("sh").args(["-c", script, "sh"]).arg(layer).arg(dir).status().expect("run tar");
    let t = start.elapsed();
    assert!(status.success(), "tar -x + sha256sum failed");
    t
}

fn main() {
    let tmp: PathBuf = std::env::var_os("WHARF_BENCH_DIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let work = tempfile::Builder::new().prefix("wharf-layer-bench").tempdir_in(tmp).expect("temp dir");
    let layer = work.path().join("layer.tar");
    let stats = generate(&layer);
    let size = fs::metadata(&layer).expect("layer").len();
    // Read once: both sides start from the page cache; this also gives the expected diff ID.
    let (expected, _) = DigestReader::new(File::open(&layer).expect("layer")).finish().expect("read layer");
    let mut sink = Vec::new();
    File::open(&layer).and_then(|mut f| f.read_to_end(&mut sink)).expect("read layer");
    drop(sink);

    let runs: usize = std::env::var("WHARF_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let only = std::env::var("WHARF_BENCH_ONLY").unwrap_or_default();
    println!(
        "layer_apply: {:.1} MB synthetic layer ({} files, {} dirs, {} symlinks, {} hard links), {} runs each, in {}",
        size as f64 / 1e6,
        stats.files,
        stats.dirs,
        stats.symlinks,
        stats.links,
        runs,
        work.path().display()
    );
    let (mut threaded, mut inline, mut peer, mut tar_alone) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (wdir, pdir) = (work.path().join("wharf"), work.path().join("peer"));
    for _ in 0..runs {
        if only != "peer" {
            threaded.push(wharf_run(&layer, &wdir, threaded_sha256, expected));
        }
        if only.is_empty() {
            peer.push(peer_run(&layer, &pdir, true));
            inline.push(wharf_run(&layer, &wdir, inline_hasher, expected));
            tar_alone.push(peer_run(&layer, &pdir, false));
        }
        if only == "peer" {
            peer.push(peer_run(&layer, &pdir, true));
        }
    }
    let show = |name: &str, times: &[Duration]| -> Option<(f64, f64)> {
        if times.is_empty() {
            return None;
        }
        let (med, best) = (median(times.to_vec()), *times.iter().min().expect("runs"));
        let all: Vec<String> = times.iter().map(|t| format!("{:.0}", t.as_secs_f64() * 1e3)).collect();
        println!(
            "  {name:<42} median {:>7.1} ms {:>7.1} MB/s | best {:>7.1} ms {:>7.1} MB/s | runs ms: {}",
            med.as_secs_f64() * 1e3,
            mbps(size, med),
            best.as_secs_f64() * 1e3,
            mbps(size, best),
            all.join(" ")
        );
        Some((mbps(size, med), mbps(size, best)))
    };
    let w = show("wharf apply -> DirFs, sha256 on a thread", &threaded);
    show("wharf apply -> DirFs, sha256 inline", &inline);
    let p = show("peer: tar -xf L -C D & sha256sum L", &peer);
    show("(reference: tar -xf L -C D alone, no digest)", &tar_alone);
    if let (Some(w), Some(p)) = (w, p) {
        println!("  ratio wharf/peer: median {:.2}x, best {:.2}x (target >= 0.90x)", w.0 / p.0, w.1 / p.1);
    }
    if std::env::var_os("WHARF_BENCH_KEEP").is_some() {
        println!("  kept {}", work.keep().display());
    }
}
