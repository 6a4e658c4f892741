//! The real side: writing layer entries with std::fs and rustix, mounting overlays, and reading
//! real trees back into `MemFs` so that both sides are compared through the same code.

use std::collections::HashMap;
use std::fs::{self, File, Permissions};
use std::io::{self, Read};
use std::os::unix::fs::{lchown, symlink, FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, FileType, Mode, Timespec, Timestamps, XattrFlags, CWD};
use rustix::mount::{MountFlags, UnmountFlags};
use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::path::join;
use wharf_engine::fs::{Attrs, FileKind, FsError, FsRead, FsWrite, OPAQUE_XATTR};

use super::gen::LayerOp;

/// Sets owner, then mode (chown clears setuid bits), then mtime, never following a symlink.
pub fn set_attrs(full: &Path, a: &Attrs, is_symlink: bool) -> io::Result<()> {
    lchown(full, Some(a.uid), Some(a.gid))?;
    if !is_symlink {
        fs::set_permissions(full, Permissions::from_mode(a.mode))?;
    }
    let t = Timespec { tv_sec: a.mtime, tv_nsec: 0 };
    let times = Timestamps { last_access: t, last_modification: t };
    rustix::fs::utimensat(CWD, full, &times, AtFlags::SYMLINK_NOFOLLOW)?;
    Ok(())
}

/// Writes one layer entry under `root`.
pub fn apply(root: &Path, op: &LayerOp) -> io::Result<()> {
    match op {
        LayerOp::Dir(p, a) => {
            fs::create_dir(root.join(p))?;
            set_attrs(&root.join(p), a, false)
        }
        LayerOp::File(p, a, data) => {
            fs::write(root.join(p), data)?;
            set_attrs(&root.join(p), a, false)
        }
        LayerOp::Symlink(p, target, a) => {
            symlink(target, root.join(p))?;
            set_attrs(&root.join(p), a, true)
        }
        LayerOp::Link(p, existing) => fs::hard_link(root.join(existing), root.join(p)),
        LayerOp::Whiteout(p) => {
            let dev = rustix::fs::makedev(0, 0);
            Ok(rustix::fs::mknodat(CWD, root.join(p), FileType::CharacterDevice, Mode::empty(), dev)?)
        }
        LayerOp::Opaque(p) => Ok(rustix::fs::lsetxattr(root.join(p), OPAQUE_XATTR, b"y", XattrFlags::empty())?),
        LayerOp::Xattr(p, name, value) => Ok(rustix::fs::lsetxattr(root.join(p), name, value, XattrFlags::empty())?),
    }
}

/// A fresh directory owned by root with mode 0755, like `MemFs`'s root.
pub fn fresh_dir(path: &Path) -> io::Result<()> {
    fs::create_dir_all(path)?;
    set_attrs(path, &Attrs::root(0o755), false)
}

/// The xattrs the comparisons look at: `user.*` and overlayfs' opaque marker.
pub fn compared_xattr(name: &str) -> bool {
    name.starts_with("user.") || name == OPAQUE_XATTR
}

fn xattrs(full: &Path) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut names = vec![0u8; 64 * 1024];
    let n = rustix::fs::llistxattr(full, &mut names[..])?;
    let mut out = Vec::new();
    for name in names[..n].split(|&b| b == 0).filter(|s| !s.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        if compared_xattr(&name) {
            let mut value = vec![0u8; 64 * 1024];
            let len = rustix::fs::lgetxattr(full, name.as_str(), &mut value[..])?;
            value.truncate(len);
            out.push((name, value));
        }
    }
    Ok(out)
}

/// Reads a real tree into a `MemFs`: kinds, attributes, contents, symlink targets, device
/// numbers, compared xattrs, hard links. A name the directory lists but `lstat` cannot find
/// (a stray whiteout in a one-layer directory of an overlay) is skipped.
pub fn load(root: &Path) -> Result<MemFs, String> {
    let mut fs = MemFs::new();
    let mut links = HashMap::new();
    load_into(&mut fs, root, "", &mut links).map_err(|e| format!("loading {}: {e}", root.display()))?;
    let m = fs::symlink_metadata(root).map_err(|e| e.to_string())?;
    fs.set_attrs("", &attrs_of(&m)).map_err(|e| e.to_string())?;
    for (k, v) in xattrs(root).map_err(|e| e.to_string())? {
        fs.set_xattr("", &k, &v).map_err(|e| e.to_string())?;
    }
    Ok(fs)
}

fn attrs_of(m: &fs::Metadata) -> Attrs {
    Attrs { mode: m.mode() & 0o7777, uid: m.uid(), gid: m.gid(), mtime: m.mtime() }
}

fn load_into(fs: &mut MemFs, root: &Path, dir: &str, links: &mut HashMap<(u64, u64), String>) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let mut names: Vec<String> = fs::read_dir(root.join(dir))
        .map_err(|e| err(&e))?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()
        .map_err(|e| err(&e))?;
    names.sort();
    for name in names {
        let p = join(dir, &name);
        let full = root.join(&p);
        let m = match fs::symlink_metadata(&full) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("{p}: {e}")),
        };
        let attrs = attrs_of(&m);
        let ft = m.file_type();
        let rdev = (rustix::fs::major(m.rdev()), rustix::fs::minor(m.rdev()));
        let whiteout = ft.is_char_device() && rdev == (0, 0);
        if !ft.is_dir() && !whiteout && m.nlink() > 1 {
            if let Some(first) = links.get(&(m.dev(), m.ino())) {
                fs.hard_link(&p, first).map_err(|e| err(&e))?;
                continue;
            }
            links.insert((m.dev(), m.ino()), p.clone());
        }
        let made: Result<(), FsError> = if ft.is_dir() {
            fs.mkdir(&p, &attrs)
        } else if ft.is_file() {
            let mut f = File::open(&full).map_err(|e| err(&e))?;
            fs.write_file(&p, &attrs, &mut f).map(drop)
        } else if ft.is_symlink() {
            let target = fs::read_link(&full).map_err(|e| err(&e))?;
            fs.symlink(&p, &target.to_string_lossy(), &attrs)
        } else if ft.is_char_device() {
            fs.mknod(&p, FileKind::CharDevice, rdev, &attrs)
        } else if ft.is_block_device() {
            fs.mknod(&p, FileKind::BlockDevice, rdev, &attrs)
        } else {
            fs.mknod(&p, FileKind::Fifo, rdev, &attrs)
        };
        made.map_err(|e| err(&e))?;
        for (k, v) in xattrs(&full).map_err(|e| format!("{p}: {e}"))? {
            fs.set_xattr(&p, &k, &v).map_err(|e| err(&e))?;
        }
        if ft.is_dir() {
            load_into(fs, root, &p, links)?;
        }
    }
    Ok(())
}

/// An overlay mounted at a path; unmounted on drop, even when a test panics.
pub struct Mount(Option<PathBuf>);

impl Mount {
    /// Mounts an overlay of `lowers` (topmost first) at `target`, with an upper and work dir
    /// if given.
    pub fn overlay(target: &Path, lowers: &[PathBuf], upper: Option<(&Path, &Path)>) -> io::Result<Mount> {
        let lowerdir: Vec<String> = lowers.iter().map(|p| p.display().to_string()).collect();
        // The model is of overlayfs without redirect_dir, index and metacopy: ask for exactly
        // that, whatever the module's defaults on this machine.
        let mut data = format!("lowerdir={},redirect_dir=off,index=off,metacopy=off", lowerdir.join(":"));
        if let Some((upper, work)) = upper {
            data.push_str(&format!(",upperdir={},workdir={}", upper.display(), work.display()));
        }
        let data = std::ffi::CString::new(data).expect("no NUL in paths");
        rustix::mount::mount("overlay", target, "overlay", MountFlags::empty(), data.as_c_str())?;
        Ok(Mount(Some(target.to_path_buf())))
    }

    /// Unmounts now, reporting failure.
    pub fn unmount(mut self) -> io::Result<()> {
        match self.0.take() {
            Some(target) => Ok(rustix::mount::unmount(&target, UnmountFlags::empty())?),
            None => Ok(()),
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        if let Some(target) = self.0.take() {
            let _ = rustix::mount::unmount(&target, UnmountFlags::DETACH);
        }
    }
}

/// One line per entry of a tree, root included, for comparing trees: kind, mode, owner, mtime
/// of non-directories, contents or target, compared xattrs. A whiteout is just `whiteout`.
pub fn describe(fs: &dyn FsRead) -> Vec<String> {
    let mut out = Vec::new();
    describe_into(fs, "", &mut out);
    out
}

fn describe_into(fs: &dyn FsRead, path: &str, out: &mut Vec<String>) {
    let m = fs.lstat(path).unwrap().unwrap();
    let shown = if path.is_empty() { "/" } else { path };
    if m.is_whiteout() {
        out.push(format!("{shown:?} whiteout"));
        return;
    }
    let mut line = format!("{shown:?} {:?} {:o} {}:{}", m.kind, m.mode, m.uid, m.gid);
    match m.kind {
        FileKind::File => {
            let mut data = Vec::new();
            fs.open(path).unwrap().read_to_end(&mut data).unwrap();
            line.push_str(&format!(" mtime={} {:?}", m.mtime, String::from_utf8_lossy(&data)));
        }
        FileKind::Symlink => line.push_str(&format!(" mtime={} -> {:?}", m.mtime, fs.read_link(path).unwrap())),
        FileKind::Dir => {}
        _ => line.push_str(&format!(" rdev={:?}", m.rdev)),
    }
    for (k, v) in fs.xattrs(path).unwrap() {
        if compared_xattr(&k) {
            line.push_str(&format!(" {k}={:?}", String::from_utf8_lossy(&v)));
        }
    }
    out.push(line);
    if m.kind == FileKind::Dir {
        for name in fs.read_dir(path).unwrap() {
            describe_into(fs, &join(path, &name), out);
        }
    }
}

/// A readable diff of two descriptions: `-` only in the kernel's, `+` only in the model's.
pub fn line_diff(real: &[String], model: &[String]) -> String {
    let mut out = String::new();
    for l in real.iter().filter(|l| !model.contains(l)) {
        out.push_str(&format!("  - kernel: {l}\n"));
    }
    for l in model.iter().filter(|l| !real.contains(l)) {
        out.push_str(&format!("  + model:  {l}\n"));
    }
    out
}
