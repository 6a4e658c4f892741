//! Operations on a mounted union, chosen from the model's merged view and applied to both the
//! model (through `FsWrite`) and the real mount (through std::fs), as a container would.

use std::fs;
use std::io;
use std::os::unix::fs::symlink;
use std::path::Path;

use rustix::fs::XattrFlags;
use rustix::io::Errno;
use wharf_engine::fs::path::join;
use wharf_engine::fs::{Attrs, FileKind, FsError, FsRead, FsWrite};
use wharf_engine::unionfs::UnionFs;

use super::gen::{dirs_for_new, entries, Rng};
use super::real::set_attrs;

/// What a process in the container does.
#[derive(Debug, Clone)]
pub enum UpperOp {
    /// `echo > new` with owner, mode and mtime set after.
    WriteNew(String, Attrs, Vec<u8>),
    /// `echo > existing`: writes in place (copy-up, truncate), keeps mode, owner and xattrs,
    /// sets a new mtime.
    Overwrite(String, Attrs, Vec<u8>),
    /// `chown`/`chmod`/`touch -h -d`: the full attributes, owner first.
    SetAttrs(String, Attrs, bool),
    /// `rm` or `rm -r`.
    Remove(String, bool),
    /// `rm -r d && mkdir d`.
    Recreate(String, Attrs),
    /// `mv from to` as one rename(2).
    Rename(String, String),
    /// `ln -s target path`.
    Symlink(String, String, Attrs),
    /// `ln existing path`: (path, existing).
    HardLink(String, String),
    /// `mkdir`.
    Mkdir(String, Attrs),
    /// `setfattr -n user.tag`.
    Xattr(String, Vec<u8>),
}

/// Picks an operation that makes sense for what the model shows; `None` if none fit this time.
pub fn generate(rng: &mut Rng, model: &UnionFs) -> Option<UpperOp> {
    let all = entries(model);
    let dirs = dirs_for_new(&all);
    let of = |kinds: &[FileKind]| -> Vec<(String, Attrs)> {
        all.iter().filter(|(_, m)| kinds.contains(&m.kind)).map(|(p, m)| (p.clone(), m.attrs())).collect()
    };
    let fresh = |rng: &mut Rng| -> Option<String> {
        (0..6).map(|_| join(rng.pick(&dirs).unwrap(), &rng.name())).find(|p| model.stack().lstat(p).unwrap().is_none())
    };
    let nondirs = [FileKind::File, FileKind::Symlink];
    Some(match rng.below(15) {
        0 | 1 => UpperOp::WriteNew(fresh(rng)?, rng.file_attrs(), rng.data()),
        2 | 3 => {
            // FsWrite::write_file replaces the inode; writing in place differs from that only
            // for a file with several names in the upper (the kernel writes them all), so those
            // are left out. Its xattrs are kept by `apply_model`.
            let in_place_ok =
                |(p, _): &(String, Attrs)| model.upper().lstat(p).ok().flatten().is_none_or(|m| m.nlink == 1);
            let files: Vec<(String, Attrs)> = of(&[FileKind::File]).into_iter().filter(in_place_ok).collect();
            let (p, a) = rng.pick(&files)?.clone();
            UpperOp::Overwrite(p, Attrs { mtime: rng.mtime(), ..a }, rng.data())
        }
        4 => {
            let (p, a) = rng.pick(&of(&[FileKind::File, FileKind::Dir]))?.clone();
            let mode = if all.iter().any(|(q, m)| *q == p && m.kind == FileKind::Dir) {
                rng.dir_attrs().mode
            } else {
                rng.file_attrs().mode
            };
            UpperOp::SetAttrs(p, Attrs { mode, ..a }, false)
        }
        5 => {
            let (p, a) = rng.pick(&of(&[FileKind::File, FileKind::Dir, FileKind::Symlink]))?.clone();
            let is_symlink = all.iter().any(|(q, m)| *q == p && m.kind == FileKind::Symlink);
            let ids = rng.link_attrs();
            UpperOp::SetAttrs(p, Attrs { uid: ids.uid, gid: ids.gid, ..a }, is_symlink)
        }
        6 => UpperOp::Remove(rng.pick(&of(&nondirs))?.0.clone(), false),
        7 => UpperOp::Remove(rng.pick(&of(&[FileKind::Dir]))?.0.clone(), true),
        8 => UpperOp::Recreate(rng.pick(&of(&[FileKind::Dir]))?.0.clone(), rng.dir_attrs()),
        9 | 10 => {
            let from = rng.pick(&of(&nondirs))?.0.clone();
            let to = if rng.chance(50) { fresh(rng)? } else { rng.pick(&of(&nondirs))?.0.clone() };
            UpperOp::Rename(from, to)
        }
        11 => UpperOp::Rename(rng.pick(&of(&[FileKind::Dir]))?.0.clone(), fresh(rng)?),
        12 => UpperOp::Symlink(fresh(rng)?, rng.target(), rng.link_attrs()),
        13 => UpperOp::HardLink(fresh(rng)?, rng.pick(&of(&nondirs))?.0.clone()),
        _ => {
            if rng.chance(50) {
                UpperOp::Mkdir(fresh(rng)?, rng.dir_attrs())
            } else {
                let p = rng.pick(&of(&[FileKind::File, FileKind::Dir]))?.0.clone();
                UpperOp::Xattr(p, format!("w{}", rng.below(3)).into_bytes())
            }
        }
    })
}

/// Applies `op` to the model.
pub fn apply_model(u: &mut UnionFs, op: &UpperOp) -> Result<(), FsError> {
    match op {
        UpperOp::WriteNew(p, a, d) => u.write_file(p, a, &mut d.as_slice()).map(drop),
        UpperOp::Overwrite(p, a, d) => {
            let kept = u.xattrs(p)?;
            u.write_file(p, a, &mut d.as_slice())?;
            kept.iter().try_for_each(|(k, v)| u.set_xattr(p, k, v))
        }
        UpperOp::SetAttrs(p, a, _) => u.set_attrs(p, a),
        UpperOp::Remove(p, _) => u.remove(p),
        UpperOp::Recreate(p, a) => u.remove(p).and_then(|()| u.mkdir(p, a)),
        UpperOp::Rename(from, to) => u.rename(from, to),
        UpperOp::Symlink(p, t, a) => u.symlink(p, t, a),
        UpperOp::HardLink(p, existing) => u.hard_link(p, existing),
        UpperOp::Mkdir(p, a) => u.mkdir(p, a),
        UpperOp::Xattr(p, v) => u.set_xattr(p, "user.tag", v),
    }
}

/// Refuses to act through a symlink: every parent of `path` under `root` must be a real
/// directory, and with `follows_last`, `path` itself must not be a symlink. Model and kernel
/// disagreeing must never let a test write outside its temp dir (`l -> /etc`).
fn guard(root: &Path, path: &str, follows_last: bool) -> io::Result<()> {
    let parts: Vec<&str> = path.split('/').collect();
    let mut cur = root.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        cur.push(part);
        let last = i + 1 == parts.len();
        match fs::symlink_metadata(&cur) {
            Ok(m) if m.file_type().is_symlink() && (!last || follows_last) => {
                return Err(io::Error::other(format!("refusing to go through symlink {}", cur.display())))
            }
            Ok(m) if !last && !m.is_dir() => return Err(io::Error::from_raw_os_error(Errno::NOTDIR.raw_os_error())),
            Err(e) if !last => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Applies `op` to the real mount at `root`.
pub fn apply_real(root: &Path, op: &UpperOp) -> io::Result<()> {
    let full = |p: &str| root.join(p);
    match op {
        UpperOp::WriteNew(p, a, d) | UpperOp::Overwrite(p, a, d) => {
            guard(root, p, true)?;
            fs::write(full(p), d)?;
            set_attrs(&full(p), a, false)
        }
        UpperOp::SetAttrs(p, a, is_symlink) => {
            guard(root, p, !is_symlink)?;
            set_attrs(&full(p), a, *is_symlink)
        }
        UpperOp::Remove(p, is_dir) => {
            guard(root, p, false)?;
            if *is_dir {
                fs::remove_dir_all(full(p))
            } else {
                fs::remove_file(full(p))
            }
        }
        UpperOp::Recreate(p, a) => {
            guard(root, p, false)?;
            fs::remove_dir_all(full(p))?;
            fs::create_dir(full(p))?;
            set_attrs(&full(p), a, false)
        }
        UpperOp::Rename(from, to) => {
            guard(root, from, false)?;
            guard(root, to, false)?;
            fs::rename(full(from), full(to))
        }
        UpperOp::Symlink(p, t, a) => {
            guard(root, p, false)?;
            symlink(t, full(p))?;
            set_attrs(&full(p), a, true)
        }
        UpperOp::HardLink(p, existing) => {
            guard(root, p, false)?;
            guard(root, existing, false)?;
            fs::hard_link(full(existing), full(p))
        }
        UpperOp::Mkdir(p, a) => {
            guard(root, p, false)?;
            fs::create_dir(full(p))?;
            set_attrs(&full(p), a, false)
        }
        UpperOp::Xattr(p, v) => {
            guard(root, p, false)?;
            Ok(rustix::fs::lsetxattr(full(p), "user.tag", v, XattrFlags::empty())?)
        }
    }
}

/// The errno a model error stands for, and its name.
fn errno_of(e: &FsError) -> (Errno, &'static str) {
    match e {
        FsError::NotFound(_) => (Errno::NOENT, "ENOENT"),
        FsError::AlreadyExists(_) => (Errno::EXIST, "EEXIST"),
        FsError::NotADirectory(_) => (Errno::NOTDIR, "ENOTDIR"),
        FsError::IsADirectory(_) => (Errno::ISDIR, "EISDIR"),
        FsError::DirectoryNotEmpty(_) => (Errno::NOTEMPTY, "ENOTEMPTY"),
        FsError::CrossDevice(_) => (Errno::XDEV, "EXDEV"),
        FsError::SymlinkInPath(_) => (Errno::LOOP, "ELOOP"),
        FsError::InvalidPath(_) => (Errno::INVAL, "EINVAL"),
        _ => (Errno::IO, "EIO"),
    }
}

/// The errno a model error stands for.
pub fn errno(e: &FsError) -> i32 {
    errno_of(e).0.raw_os_error()
}

/// The name of the errno a model error stands for.
pub fn errno_name(e: &FsError) -> &'static str {
    errno_of(e).1
}
