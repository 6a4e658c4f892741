//! Where a tar name lands: lexical checks on names, and parent directories resolved inside the
//! root with chroot semantics.
//!
//! Tar names are checked lexically first: absolute names are refused, and `..` may not climb
//! above the root. The *parent* of an entry is then walked one component at a time through
//! [`FsRead::lstat`], following symlinks the way Docker's `FollowSymlinkInScope` does: an
//! absolute target restarts at the root and `..` stops at it. So `lib/x` with `lib -> usr/lib`
//! lands in `usr/lib/x`, and `evil/x` with `evil -> /../../etc` lands in `etc/x` of the tree,
//! never outside. The final component is never followed: the entry replaces what is there.
//!
//! Directories proven real are remembered, so a tar with thousands of entries in one directory
//! costs one walk; anything removed is forgotten with everything below it.

use std::collections::BTreeSet;
use std::ops::Bound;

use super::LayerError;
use crate::fs::path::{is_within, join, normalize};
use crate::fs::{Attrs, FileKind, FsWrite};

/// Symlinks followed while resolving one path before giving up, as Linux's `ELOOP` limit.
const MAX_SYMLINKS: u32 = 40;

/// Mode of parent directories a tar implies without listing them (Docker's
/// `ImpliedDirectoryMode`).
pub(crate) const IMPLIED_DIR_MODE: u32 = 0o755;

/// A tar name, normalised: relative, no `.`, `..` applied. Absolute names and names that climb
/// above the root are refused.
pub(crate) fn entry_path(name: &str) -> Result<String, LayerError> {
    if name.starts_with('/') {
        return Err(LayerError::AbsolutePath { entry: name.to_string() });
    }
    normalize(name).ok_or_else(|| LayerError::PathEscapes { entry: name.to_string() })
}

/// Whether symlink `target`, read from inside directory `dir`, stays within the root when
/// resolved lexically. Absolute targets always do: they name the container's root.
pub(crate) fn symlink_stays_inside(dir: &str, target: &str) -> bool {
    target.starts_with('/') || normalize(&join(dir, target)).is_some()
}

/// Where a directory path resolved to.
#[derive(Debug)]
pub(crate) struct Resolved {
    /// The real path: no symlinks in it.
    pub path: String,
    /// Its components that do not exist yet, parents first (empty if it exists).
    pub missing: Vec<String>,
}

/// Resolves parent directories inside the root. See the module docs.
#[derive(Debug, Default)]
pub(crate) struct Resolver {
    /// Paths known to be real directories (no symlink anywhere in them).
    dirs: BTreeSet<String>,
}

impl Resolver {
    /// Resolves directory `dir` (a normalised path) inside the root, following symlinks with
    /// chroot semantics, without changing anything: components that do not exist are listed in
    /// [`Resolved::missing`] for [`Resolver::create`]. `entry` names the tar entry in errors.
    pub(crate) fn resolve(&mut self, fs: &dyn FsWrite, dir: &str, entry: &str) -> Result<Resolved, LayerError> {
        if dir.is_empty() || self.dirs.contains(dir) {
            return Ok(Resolved { path: dir.to_string(), missing: Vec::new() });
        }
        // Components still to walk, last first, so `pop` yields the next one.
        let mut todo: Vec<String> = dir.rsplit('/').map(str::to_string).collect();
        let mut out = String::new();
        let mut missing: Vec<String> = Vec::new();
        let mut links = 0;
        while let Some(comp) = todo.pop() {
            match comp.as_str() {
                "" | "." => continue,
                ".." => {
                    out.truncate(out.rfind('/').unwrap_or(0));
                    continue;
                }
                _ => {}
            }
            let candidate = join(&out, &comp);
            let below_missing = missing.iter().any(|m| is_within(&candidate, m));
            if below_missing || self.dirs.contains(&candidate) {
                if below_missing {
                    missing.push(candidate.clone());
                }
                out = candidate;
                continue;
            }
            let meta = fs.lstat(&candidate).map_err(|e| LayerError::fs(entry, e))?;
            match meta.map(|m| m.kind) {
                Some(FileKind::Dir) => {
                    self.dirs.insert(candidate.clone());
                    out = candidate;
                }
                Some(FileKind::Symlink) => {
                    links += 1;
                    if links > MAX_SYMLINKS {
                        return Err(LayerError::SymlinkLoop { entry: entry.to_string() });
                    }
                    let target = fs.read_link(&candidate).map_err(|e| LayerError::fs(entry, e))?;
                    if target.starts_with('/') {
                        out.clear();
                    }
                    todo.extend(target.rsplit('/').map(str::to_string));
                }
                Some(_) => return Err(LayerError::ParentNotDir { entry: entry.to_string(), parent: candidate }),
                None => {
                    missing.push(candidate.clone());
                    out = candidate;
                }
            }
        }
        // A missing component that `..` stepped back out of is not needed.
        missing.retain(|m| is_within(&out, m));
        Ok(Resolved { path: out, missing })
    }

    /// Creates the missing directories of `resolved` (mode 0755, root-owned, as Docker does for
    /// implied parents) and returns them, parents first.
    pub(crate) fn create(&mut self, fs: &mut dyn FsWrite, resolved: Resolved, entry: &str) -> Result<Vec<String>, LayerError> {
        for dir in &resolved.missing {
            fs.mkdir(dir, &Attrs::root(IMPLIED_DIR_MODE)).map_err(|e| LayerError::fs(entry, e))?;
            self.dirs.insert(dir.clone());
        }
        Ok(resolved.missing)
    }

    /// Records that `path` is now a real directory.
    pub(crate) fn note_dir(&mut self, path: &str) {
        if !path.is_empty() {
            self.dirs.insert(path.to_string());
        }
    }

    /// Forgets `path` and everything below it (after a removal).
    pub(crate) fn forget(&mut self, path: &str) {
        if path.is_empty() {
            self.dirs.clear();
            return;
        }
        self.dirs.remove(path);
        let doomed: Vec<String> = self.dirs.range(below(path)).cloned().collect();
        for d in doomed {
            self.dirs.remove(&d);
        }
    }
}

/// The range of sorted paths strictly below `path`: every `path/...` sorts in
/// `["path/", "path0")`, since `'0'` follows `'/'`. Below the root is everything.
pub(crate) fn below(path: &str) -> (Bound<String>, Bound<String>) {
    if path.is_empty() {
        return (Bound::Unbounded, Bound::Unbounded);
    }
    (Bound::Included(format!("{path}/")), Bound::Excluded(format!("{path}0")))
}
