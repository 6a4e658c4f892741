//! Seeded generators: layer stacks in overlay format, built the way an unpacked image layer
//! looks on disk (whiteouts, opaque dirs, files hiding dirs, hard links, odd modes and owners).

use std::io::Read;
use std::sync::Arc;

use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::path::{join, split};
use wharf_engine::fs::{Attrs, FileKind, FsRead, FsWrite, Metadata, OPAQUE_XATTR};
use wharf_engine::unionfs::LayerStack;

/// xorshift64*: small, seeded, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03 | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        if xs.is_empty() {
            None
        } else {
            Some(&xs[self.below(xs.len())])
        }
    }

    fn ids(&mut self) -> (u32, u32) {
        const IDS: [u32; 5] = [0, 1, 33, 1000, 65534];
        (IDS[self.below(5)], IDS[self.below(5)])
    }

    pub fn mtime(&mut self) -> i64 {
        1_500_000_000 + self.below(100_000_000) as i64
    }

    pub fn file_attrs(&mut self) -> Attrs {
        const MODES: [u32; 9] = [0o644, 0o600, 0o755, 0o4755, 0o2755, 0o444, 0o640, 0o700, 0o1755];
        let (uid, gid) = self.ids();
        Attrs { mode: MODES[self.below(MODES.len())], uid, gid, mtime: self.mtime() }
    }

    pub fn dir_attrs(&mut self) -> Attrs {
        const MODES: [u32; 6] = [0o755, 0o700, 0o1777, 0o2775, 0o555, 0o750];
        let (uid, gid) = self.ids();
        Attrs { mode: MODES[self.below(MODES.len())], uid, gid, mtime: self.mtime() }
    }

    pub fn link_attrs(&mut self) -> Attrs {
        let (uid, gid) = self.ids();
        Attrs { mode: 0o777, uid, gid, mtime: self.mtime() }
    }

    pub fn data(&mut self) -> Vec<u8> {
        let n = self.below(4);
        format!("data-{:x}\n", self.next()).repeat(n).into_bytes()
    }

    pub fn target(&mut self) -> String {
        const TARGETS: [&str; 8] = ["../a", "/etc/passwd", "b/c", "nowhere", "/", "..", "/a/b", "x y"];
        TARGETS[self.below(TARGETS.len())].to_string()
    }

    pub fn name(&mut self) -> String {
        const NAMES: [&str; 9] = ["a", "b", "c", "d", "e", "f", "g", ".hidden", "sp ace"];
        NAMES[self.below(NAMES.len())].to_string()
    }
}

/// One entry of a layer in overlay format, in the order a tar stream would create them.
#[derive(Debug, Clone)]
pub enum LayerOp {
    Dir(String, Attrs),
    File(String, Attrs, Vec<u8>),
    Symlink(String, String, Attrs),
    Link(String, String),
    Whiteout(String),
    Opaque(String),
    Xattr(String, String, Vec<u8>),
}

/// Applies a layer entry to an in-memory layer.
pub fn apply_mem(fs: &mut MemFs, op: &LayerOp) {
    match op {
        LayerOp::Dir(p, a) => fs.mkdir(p, a),
        LayerOp::File(p, a, d) => fs.write_file(p, a, &mut d.as_slice()).map(drop),
        LayerOp::Symlink(p, t, a) => fs.symlink(p, t, a),
        LayerOp::Link(p, e) => fs.hard_link(p, e),
        LayerOp::Whiteout(p) => fs.mknod(p, FileKind::CharDevice, (0, 0), &Attrs::root(0)),
        LayerOp::Opaque(p) => fs.set_xattr(p, OPAQUE_XATTR, b"y"),
        LayerOp::Xattr(p, n, v) => fs.set_xattr(p, n, v),
    }
    .unwrap_or_else(|e| panic!("{op:?}: {e}"));
}

/// Every visible path but the root, parents first, with what lstat says.
pub fn entries(fs: &dyn FsRead) -> Vec<(String, Metadata)> {
    fn walk(fs: &dyn FsRead, dir: &str, out: &mut Vec<(String, Metadata)>) {
        for name in fs.read_dir(dir).unwrap() {
            let p = join(dir, &name);
            let m = fs.lstat(&p).unwrap().unwrap();
            let is_dir = m.kind == FileKind::Dir;
            out.push((p.clone(), m));
            if is_dir {
                walk(fs, &p, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(fs, "", &mut out);
    out
}

/// Directories a new name may go in: the root and visible directories at most two deep.
pub fn dirs_for_new(entries: &[(String, Metadata)]) -> Vec<String> {
    let mut dirs = vec![String::new()];
    dirs.extend(
        entries.iter().filter(|(p, m)| m.kind == FileKind::Dir && p.split('/').count() < 3).map(|(p, _)| p.clone()),
    );
    dirs
}

/// Builds one layer on top of `lowers` (bottom first).
struct LayerGen<'a> {
    lowers: &'a [Arc<MemFs>],
    cur: MemFs,
    ops: Vec<LayerOp>,
}

impl LayerGen<'_> {
    fn view(&self) -> LayerStack<'_> {
        let mut layers: Vec<&dyn FsRead> = vec![&self.cur];
        layers.extend(self.lowers.iter().rev().map(|l| &**l as &dyn FsRead));
        LayerStack::new(layers)
    }

    /// Whether this layer holds `path` (its parents may be missing here).
    fn holds(&self, path: &str) -> bool {
        matches!(self.cur.lstat(path), Ok(Some(_)))
    }

    fn emit(&mut self, op: LayerOp) {
        apply_mem(&mut self.cur, &op);
        self.ops.push(op);
    }

    /// Adds the parent directories of `path` this layer lacks, with the attributes they show.
    fn parents(&mut self, path: &str) {
        let mut dir = String::new();
        for comp in split(path).0.split('/').filter(|c| !c.is_empty()) {
            dir = join(&dir, comp);
            if !self.holds(&dir) {
                let attrs = self.view().lstat(&dir).unwrap().expect("visible parent").attrs();
                self.emit(LayerOp::Dir(dir.clone(), attrs));
            }
        }
    }

    /// A name in a directory that nothing shows and this layer does not hold.
    fn fresh(&self, rng: &mut Rng, dirs: &[String]) -> Option<String> {
        for _ in 0..6 {
            let p = join(rng.pick(dirs)?, &rng.name());
            if self.view().lstat(&p).unwrap().is_none() && !self.holds(&p) {
                return Some(p);
            }
        }
        None
    }

    fn step(&mut self, rng: &mut Rng) {
        let all = entries(&self.view());
        let below: Vec<(String, Metadata)> = all.iter().filter(|(p, _)| !self.holds(p)).cloned().collect();
        let of_kind = |kinds: &[FileKind]| -> Vec<String> {
            below.iter().filter(|(_, m)| kinds.contains(&m.kind)).map(|(p, _)| p.clone()).collect()
        };
        let dirs = dirs_for_new(&all);
        let nondirs = [FileKind::File, FileKind::Symlink];
        match rng.below(14) {
            0 | 1 => {
                if let Some(p) = self.fresh(rng, &dirs) {
                    self.parents(&p);
                    self.emit(LayerOp::File(p, rng.file_attrs(), rng.data()));
                }
            }
            2 => {
                if let Some(p) = rng.pick(&of_kind(&[FileKind::File])).cloned() {
                    self.parents(&p);
                    self.emit(LayerOp::File(p, rng.file_attrs(), rng.data()));
                }
            }
            3 => {
                if let Some(p) = rng.pick(&of_kind(&[FileKind::File, FileKind::Symlink, FileKind::Dir])).cloned() {
                    self.parents(&p);
                    self.emit(LayerOp::Whiteout(p));
                }
            }
            4 => {
                if let Some(p) = rng.pick(&of_kind(&[FileKind::Dir])).cloned() {
                    self.parents(&p);
                    self.emit(LayerOp::File(p, rng.file_attrs(), rng.data()));
                }
            }
            5 | 6 => {
                let candidates = if rng.below(2) == 0 { of_kind(&nondirs) } else { of_kind(&[FileKind::Dir]) };
                if let Some(p) = rng.pick(&candidates).cloned() {
                    self.parents(&p);
                    self.emit(LayerOp::Dir(p.clone(), rng.dir_attrs()));
                    if rng.chance(70) {
                        self.emit(LayerOp::Opaque(p.clone()));
                    }
                    let child = join(&p, &rng.name());
                    self.emit(LayerOp::File(child, rng.file_attrs(), rng.data()));
                }
            }
            7 => {
                let from = rng.pick(&of_kind(&[FileKind::File])).cloned();
                if let (Some(from), Some(to)) = (from, self.fresh(rng, &dirs)) {
                    let (attrs, data) = {
                        let view = self.view();
                        let mut data = Vec::new();
                        view.open(&from).unwrap().read_to_end(&mut data).unwrap();
                        (view.lstat(&from).unwrap().unwrap().attrs(), data)
                    };
                    self.parents(&from);
                    self.emit(LayerOp::Whiteout(from));
                    self.parents(&to);
                    self.emit(LayerOp::File(to, attrs, data));
                }
            }
            8 => {
                if let Some(p) = self.fresh(rng, &dirs) {
                    self.parents(&p);
                    self.emit(LayerOp::Symlink(p, rng.target(), rng.link_attrs()));
                }
            }
            9 => {
                let own: Vec<String> =
                    entries(&self.cur).into_iter().filter(|(_, m)| m.kind == FileKind::File).map(|(p, _)| p).collect();
                if let (Some(existing), Some(p)) = (rng.pick(&own).cloned(), self.fresh(rng, &dirs)) {
                    self.parents(&p);
                    self.emit(LayerOp::Link(p, existing));
                }
            }
            10 => {
                if let Some(p) = rng.pick(&of_kind(&[FileKind::Dir])).cloned() {
                    self.parents(&p);
                    self.emit(LayerOp::Dir(p, rng.dir_attrs()));
                }
            }
            11 => {
                if let Some(p) = self.fresh(rng, &dirs) {
                    self.parents(&p);
                    self.emit(LayerOp::Dir(p.clone(), rng.dir_attrs()));
                    if rng.chance(50) {
                        self.emit(LayerOp::File(join(&p, &rng.name()), rng.file_attrs(), rng.data()));
                    }
                }
            }
            12 => {
                // A whiteout with nothing below it to hide, as some layer tars carry.
                if let Some(p) = self.fresh(rng, &dirs) {
                    self.parents(&p);
                    self.emit(LayerOp::Whiteout(p));
                }
            }
            _ => {
                let own: Vec<String> = entries(&self.cur)
                    .into_iter()
                    .filter(|(_, m)| matches!(m.kind, FileKind::File | FileKind::Dir))
                    .map(|(p, _)| p)
                    .collect();
                if let Some(p) = rng.pick(&own).cloned() {
                    self.emit(LayerOp::Xattr(p, "user.tag".into(), format!("v{}", rng.below(3)).into_bytes()));
                }
            }
        }
    }
}

/// A stack of 1 to 4 layers: the entries of each (bottom first) and the in-memory layers.
pub fn stack(rng: &mut Rng) -> (Vec<Vec<LayerOp>>, Vec<Arc<MemFs>>) {
    let n = 1 + rng.below(4);
    let (mut all_ops, mut layers) = (Vec::new(), Vec::new());
    for i in 0..n {
        let mut gen = LayerGen { lowers: &layers, cur: MemFs::new(), ops: Vec::new() };
        let steps = if i == 0 { 8 + rng.below(10) } else { 3 + rng.below(10) };
        for _ in 0..steps {
            gen.step(rng);
        }
        let (cur, ops) = (gen.cur, gen.ops);
        all_ops.push(ops);
        layers.push(Arc::new(cur));
    }
    (all_ops, layers)
}
