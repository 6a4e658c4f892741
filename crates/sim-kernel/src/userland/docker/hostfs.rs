//! The `docker` client's access to the files of the machine it runs on, for `docker cp`:
//! paths resolved as the process sees them (its root, working directory and mounts), then
//! packed or unpacked with the engine's archive helpers.

use wharf_engine::container::archive;
use wharf_engine::fs::{FileKind, FsError, FsWrite};

use crate::errno::Errno;
use crate::sys::Proc;

/// Runs `f` on the tree holding `path` (as `proc` sees it) and the path inside that tree.
fn with_tree<R>(proc: &Proc, path: &str, f: impl FnOnce(&mut dyn FsWrite, &str) -> Result<R, FsError>) -> Result<R, Errno> {
    let pid = proc.host_pid();
    let mut m = proc.machine().borrow_mut();
    let (ns, root, cwd) = {
        let p = m.proc(pid)?;
        (p.ns.mnt, p.root.clone(), p.cwd.clone())
    };
    let res = m.resolve_in(ns, &root, &cwd, path, false, Some(pid))?;
    let (mount, inner) = m.vfs.locate(ns, &res.path);
    let fs = mount.fs;
    let tree = m.vfs.fs_mut(fs)?.kind.tree_mut().ok_or(Errno::EINVAL)?;
    f(tree, &inner).map_err(|e| Errno::from(&e))
}

/// Whether `path` is a directory; `None` if nothing is there.
pub(super) fn is_dir(proc: &Proc, path: &str) -> Result<Option<bool>, String> {
    match with_tree(proc, path, |fs, p| Ok(fs.lstat(p)?.map(|m| m.kind == FileKind::Dir))) {
        Err(Errno::ENOENT) => Ok(None),
        other => other.map_err(|e| format!("lstat {path}: {}", e.message().to_lowercase())),
    }
}

/// A tar of `path` named `name` ([`archive::pack`]).
pub(super) fn pack(proc: &Proc, path: &str, name: &str) -> Result<Vec<u8>, String> {
    if is_dir(proc, path)?.is_none() {
        return Err(format!("lstat {path}: no such file or directory"));
    }
    with_tree(proc, path, |fs, p| archive::pack(fs, p, name)).map_err(|e| format!("{path}: {}", e.message().to_lowercase()))
}

/// Unpacks `tar` into the directory `dir` ([`archive::unpack`]).
pub(super) fn unpack(proc: &Proc, dir: &str, tar: &[u8]) -> Result<(), String> {
    if is_dir(proc, dir)? != Some(true) {
        return Err(format!("lstat {dir}: no such file or directory"));
    }
    with_tree(proc, dir, |fs, p| archive::unpack(tar, fs, p).map(|_| ())).map_err(|e| format!("{dir}: {}", e.message().to_lowercase()))
}
