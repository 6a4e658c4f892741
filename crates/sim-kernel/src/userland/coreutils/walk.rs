//! Walking directory trees without following symlinks: removal and disk usage.

use std::future::Future;
use std::pin::Pin;

use wharf_engine::fs::FileKind;

use super::util::join;
use crate::errno::Errno;
use crate::sys::Proc;

/// Removes `path` and everything below it (`rm -rf` without the messages).
pub fn remove_tree<'a>(p: &'a Proc, path: &'a str) -> Pin<Box<dyn Future<Output = Result<(), Errno>> + 'a>> {
    Box::pin(async move {
        let st = p.lstat(path)?;
        if st.kind != FileKind::Dir {
            return p.unlink(path);
        }
        for e in p.read_dir(path)? {
            remove_tree(p, &join(path, &e.name)).await?;
            let _ = p.checkpoint().await;
        }
        p.rmdir(path)
    })
}

/// Disk blocks (1 KiB) a file of `size` bytes takes on ext4: whole 4 KiB blocks.
pub fn blocks_kib(kind: FileKind, size: u64) -> u64 {
    match kind {
        FileKind::Dir => 4,
        FileKind::File => size.div_ceil(4096) * 4,
        _ => 0,
    }
}

/// A directory's link count as ext4 keeps it: itself, its entry in the parent, and each
/// subdirectory's `..` (the simulator's trees do not count links to directories).
pub fn dir_nlink(p: &Proc, path: &str) -> u32 {
    2 + p.read_dir(path).map(|v| v.iter().filter(|d| d.kind == FileKind::Dir).count()).unwrap_or(0) as u32
}

/// Every path below `path` (itself first, then depth first, names sorted) with its
/// `lstat`, up to `max_depth` levels down; symlinks are not followed.
pub fn walk<'a>(p: &'a Proc, path: &'a str, depth: usize, max_depth: usize, out: &'a mut Vec<(String, usize, crate::sys::Stat)>) -> Pin<Box<dyn Future<Output = Result<(), Errno>> + 'a>> {
    Box::pin(async move {
        let st = p.lstat(path)?;
        let is_dir = st.kind == FileKind::Dir;
        out.push((path.to_string(), depth, st));
        if is_dir && depth < max_depth {
            for e in p.read_dir(path)? {
                let _ = walk(p, &join(path, &e.name), depth + 1, max_depth, out).await;
                let _ = p.checkpoint().await;
            }
        }
        Ok(())
    })
}
