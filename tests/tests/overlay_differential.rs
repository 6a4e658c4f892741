//! Differential tests of `wharf_engine::unionfs` against the real kernel's overlayfs.
//!
//! A seeded generator builds layer stacks in overlay format, both in memory and on disk; a real
//! overlay is mounted over the disk copy and the merged trees are compared entry by entry
//! (kinds, contents, modes, owners, symlink targets, mtimes of non-directories, user xattrs).
//! A second test mounts with an upper dir, runs the same operations through the mount and
//! through `UnionFs`, and compares the merged trees, the upper dirs entry by entry in overlay
//! format (whiteouts, opaque markers; not the kernel's `origin`/`impure` xattrs nor directory
//! mtimes), and `docker diff`'s answer for each.
//!
//! Needs root and overlayfs; otherwise each test prints `SKIPPED (...)` and passes.

#[path = "overlay_differential/gen.rs"]
mod gen;
#[path = "overlay_differential/ops.rs"]
mod ops;
#[path = "overlay_differential/real.rs"]
mod real;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustix::io::Errno;
use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{FsRead, OPAQUE_XATTR};
use wharf_engine::unionfs::diff::changes;
use wharf_engine::unionfs::UnionFs;

use gen::{LayerOp, Rng};
use real::{describe, line_diff, load, Mount};

/// Stacks compared read-only.
const MERGED_STACKS: u64 = 240;
/// Stacks that also get a writable upper.
const UPPER_STACKS: u64 = 80;
/// Failures reported in full.
const SHOWN: usize = 3;

/// What a test went through, printed when it passes, to show what the generator covered.
#[derive(Default)]
struct Tally {
    layers: usize,
    entries: usize,
    whiteouts: usize,
    opaque: usize,
    ops: usize,
    refused: BTreeMap<String, usize>,
    changes: usize,
}

impl Tally {
    /// Counts the entries, whiteouts and opaque directories of an overlay-format tree.
    fn count_tree(&mut self, fs: &MemFs) {
        for p in fs.walk() {
            self.entries += 1;
            if fs.lstat(&p).unwrap().is_some_and(|m| m.is_whiteout()) {
                self.whiteouts += 1;
            }
            if fs.xattrs(&p).unwrap().iter().any(|(k, v)| k == OPAQUE_XATTR && v == b"y") {
                self.opaque += 1;
            }
        }
    }

    fn add(&mut self, other: Tally) {
        self.layers += other.layers;
        self.entries += other.entries;
        self.whiteouts += other.whiteouts;
        self.opaque += other.opaque;
        self.ops += other.ops;
        self.changes += other.changes;
        for (k, n) in other.refused {
            *self.refused.entry(k).or_default() += n;
        }
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let trees = format!("{} entries ({} whiteouts, {} opaque dirs)", self.entries, self.whiteouts, self.opaque);
        if self.ops == 0 {
            return write!(f, "{} layers, {trees}", self.layers);
        }
        let refused: Vec<String> = self.refused.iter().map(|(k, n)| format!("{k} x{n}")).collect();
        write!(
            f,
            "{} operations (refused alike: {}), uppers of {trees}, {} changes",
            self.ops,
            refused.join(", "),
            self.changes
        )
    }
}

/// Writes a line to the real stderr, past the test harness's capture: a skip must be visible.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// A scratch directory for one test, or why the test cannot run here.
fn scratch(test: &str) -> Result<tempfile::TempDir, String> {
    if !rustix::process::geteuid().is_root() {
        return Err("not running as root".into());
    }
    let root = tempfile::Builder::new().prefix(&format!("wharf-{test}-")).tempdir().map_err(|e| e.to_string())?;
    // Probe: can this process mount an overlay at all?
    let (a, b, m) = (root.path().join("probe-a"), root.path().join("probe-b"), root.path().join("probe-m"));
    for d in [&a, &b, &m] {
        fs::create_dir(d).map_err(|e| e.to_string())?;
    }
    match Mount::overlay(&m, &[a, b], None) {
        Ok(mount) => mount.unmount().map_err(|e| format!("unmounting the probe: {e}"))?,
        // EPERM: no CAP_SYS_ADMIN here (a container); ENODEV: no overlay module.
        Err(e) if [Errno::PERM, Errno::NODEV].iter().any(|n| e.raw_os_error() == Some(n.raw_os_error())) => {
            return Err(format!("mounting overlay: {e}"));
        }
        Err(e) => panic!("mounting a probe overlay failed unexpectedly: {e}"),
    }
    Ok(root)
}

/// Writes each layer to `dir/l<i>`; returns the layer dirs topmost first (what `lowerdir=`
/// wants), checking that the disk copy reads back as the in-memory one.
fn write_layers(dir: &Path, ops: &[Vec<LayerOp>], layers: &[Arc<MemFs>]) -> Result<Vec<PathBuf>, String> {
    let mut dirs = Vec::new();
    for (i, (layer_ops, layer)) in ops.iter().zip(layers).enumerate() {
        let d = dir.join(format!("l{i}"));
        real::fresh_dir(&d).map_err(|e| e.to_string())?;
        for op in layer_ops {
            real::apply(&d, op).map_err(|e| format!("layer {i}: {op:?}: {e}"))?;
        }
        let (disk, mem) = (describe(&load(&d)?), describe(&**layer));
        if disk != mem {
            return Err(format!("layer {i} on disk differs from memory:\n{}", line_diff(&disk, &mem)));
        }
        dirs.push(d);
    }
    dirs.reverse();
    Ok(dirs)
}

fn report(seed: u64, ops: &[Vec<LayerOp>], what: &str) -> String {
    let layers: Vec<String> = ops.iter().enumerate().map(|(i, l)| format!("  layer {i}: {l:?}")).collect();
    format!("seed {seed}: {what}\n{}\n", layers.join("\n"))
}

fn finish(test: &str, runs: u64, failures: Vec<String>, tally: Tally) {
    if !failures.is_empty() {
        let shown: Vec<&String> = failures.iter().take(SHOWN).collect();
        panic!(
            "{test}: {} of {runs} stacks differ from the kernel; the first {}:\n\n{}",
            failures.len(),
            shown.len(),
            shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
        );
    }
    say(&format!("{test}: {runs} stacks agree with the kernel: {tally}"));
}

/// The merged view of a read-only stack: kernel vs model.
fn merged_case(dir: &Path, seed: u64) -> Result<Tally, String> {
    let mut rng = Rng::new(seed);
    let (ops, layers) = gen::stack(&mut rng);
    let mut tally = Tally { layers: layers.len(), ..Tally::default() };
    layers.iter().for_each(|l| tally.count_tree(l));
    let result = (|| {
        let mut lowers = write_layers(dir, &ops, &layers)?;
        if lowers.len() == 1 {
            // overlayfs wants two lower layers when there is no upper; an empty one changes nothing.
            let empty = dir.join("empty");
            real::fresh_dir(&empty).map_err(|e| e.to_string())?;
            lowers.push(empty);
        }
        let target = dir.join("m");
        fs::create_dir(&target).map_err(|e| e.to_string())?;
        let mount = Mount::overlay(&target, &lowers, None).map_err(|e| format!("mount: {e}"))?;
        let kernel = load(&target);
        mount.unmount().map_err(|e| format!("unmount: {e}"))?;
        let kernel = describe(&kernel?);
        let union = UnionFs::new(layers.clone(), MemFs::new());
        let model = describe(&union.lower_stack());
        if kernel != model {
            return Err(format!("merged trees differ:\n{}", line_diff(&kernel, &model)));
        }
        Ok(tally)
    })();
    result.map_err(|what| report(seed, &ops, &what))
}

#[test]
fn merged_trees_match_the_kernel() {
    let root = match scratch("overlay-merged") {
        Ok(root) => root,
        Err(reason) => return say(&format!("SKIPPED (needs root and overlayfs): {reason}")),
    };
    let (mut failures, mut tally) = (Vec::new(), Tally::default());
    for seed in 0..MERGED_STACKS {
        let dir = root.path().join(format!("s{seed}"));
        match merged_case(&dir, seed) {
            Ok(t) => tally.add(t),
            Err(e) => failures.push(e),
        }
        fs::remove_dir_all(&dir).expect("cleaning up a stack");
    }
    finish("merged_trees_match_the_kernel", MERGED_STACKS, failures, tally);
}

/// Operations through a writable mount: kernel vs model, merged view, upper dir and changes.
fn upper_case(dir: &Path, seed: u64) -> Result<Tally, String> {
    let mut rng = Rng::new(seed);
    let (ops, layers) = gen::stack(&mut rng);
    let mut transcript = Vec::new();
    let mut tally = Tally::default();
    let result = (|| {
        let lowers = write_layers(dir, &ops, &layers)?;
        let (upper, work, target) = (dir.join("upper"), dir.join("work"), dir.join("m"));
        for d in [&upper, &work, &target] {
            real::fresh_dir(d).map_err(|e| e.to_string())?;
        }
        let mount = Mount::overlay(&target, &lowers, Some((&upper, &work))).map_err(|e| format!("mount: {e}"))?;
        let mut model = UnionFs::new(layers.clone(), MemFs::new());
        for _ in 0..4 + rng.below(12) {
            let Some(op) = ops::generate(&mut rng, &model) else { continue };
            let (m, k) = (ops::apply_model(&mut model, &op), ops::apply_real(&target, &op));
            transcript.push(format!("  {op:?}: model {m:?}, kernel {k:?}"));
            tally.ops += 1;
            match (&m, &k) {
                (Ok(()), Ok(())) => {}
                (Err(m), Err(k)) if k.raw_os_error() == Some(ops::errno(m)) => {
                    *tally.refused.entry(ops::errno_name(m).to_string()).or_default() += 1;
                }
                _ => return Err("model and kernel disagree on an operation".to_string()),
            }
        }
        let kernel_merged = load(&target);
        mount.unmount().map_err(|e| format!("unmount: {e}"))?;
        let (kernel_merged, model_merged) = (describe(&kernel_merged?), describe(&model));
        if kernel_merged != model_merged {
            return Err(format!("merged trees differ:\n{}", line_diff(&kernel_merged, &model_merged)));
        }
        let kernel_upper = load(&upper)?;
        let (k_up, m_up) = (describe(&kernel_upper), describe(model.upper()));
        if k_up != m_up {
            return Err(format!("upper dirs differ:\n{}", line_diff(&k_up, &m_up)));
        }
        let real_lowers: Vec<Arc<MemFs>> =
            lowers.iter().rev().map(|d| load(d).map(Arc::new)).collect::<Result<_, _>>()?;
        let from_kernel = changes(&UnionFs::new(real_lowers, kernel_upper)).map_err(|e| e.to_string())?;
        let from_model = changes(&model).map_err(|e| e.to_string())?;
        if from_kernel != from_model {
            let show = |c: &[wharf_engine::unionfs::diff::Change]| c.iter().map(|c| c.to_string()).collect::<Vec<_>>();
            return Err(format!("changes differ:\n{}", line_diff(&show(&from_kernel), &show(&from_model))));
        }
        tally.count_tree(model.upper());
        tally.changes = from_model.len();
        Ok(tally)
    })();
    result.map_err(|what| report(seed, &ops, &format!("{what}\n operations:\n{}", transcript.join("\n"))))
}

#[test]
fn writes_through_the_mount_match_the_kernel() {
    let root = match scratch("overlay-upper") {
        Ok(root) => root,
        Err(reason) => return say(&format!("SKIPPED (needs root and overlayfs): {reason}")),
    };
    let (mut failures, mut tally) = (Vec::new(), Tally::default());
    for seed in 0..UPPER_STACKS {
        let dir = root.path().join(format!("s{seed}"));
        match upper_case(&dir, 1_000_000 + seed) {
            Ok(t) => tally.add(t),
            Err(e) => failures.push(e),
        }
        fs::remove_dir_all(&dir).expect("cleaning up a stack");
    }
    finish("writes_through_the_mount_match_the_kernel", UPPER_STACKS, failures, tally);
}
