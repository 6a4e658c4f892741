//! What `docker diff` prints: the changes a container's upper layer makes to its image.
//!
//! Docker's overlay2 driver answers `docker diff` with its *naive* diff (moby/moby#37313, since
//! Docker 18.06): it mounts the image and the container and compares the two merged trees with
//! `archive.ChangesDirs`, not by reading whiteouts out of the upper directory. This module gives
//! the same answer, computed the same way on the two merged views (the lowers alone, and the
//! upper over them), but only walking where the upper has entries:
//!
//! - a name visible now and not before is **A**dded, and so is everything under it;
//! - a name visible before and not now is **D**eleted (just that name, not its contents);
//! - a name visible in both is **C**hanged when its kind, mode, owner or device numbers differ,
//!   or (not for directories) its mtime or size, or its `security.capability` xattr; other
//!   xattrs and the contents of an equal-looking file are not compared, as Docker does not;
//! - a directory with any change below it is **C**hanged too, up to (not including) the root;
//! - a name replaced by another kind is **C**hanged; a file replacing a directory does not list
//!   the directory's old entries, and the entries of a directory replacing a file are Added.
//!
//! So `rm -r /d && mkdir /d && touch /d/x` over an image with `/d/old` gives `C /d`,
//! `D /d/old`, `A /d/x`: the opaque directory is not itself a deletion. Docker returns its
//! changes in no particular order; here they are sorted by path, bytewise.

use std::collections::BTreeSet;
use std::fmt;

use super::lookup::{Found, LayerStack};
use super::UnionFs;
use crate::fs::path::join;
use crate::fs::{FileKind, FsError, FsRead, Metadata};

/// The xattr whose changes count as a modification (file capabilities).
const CAPABILITY_XATTR: &str = "security.capability";

/// How a path changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Did not exist in the image (`A`).
    Added,
    /// Exists in both and differs, or has changes below it (`C`).
    Modified,
    /// Existed in the image and is gone (`D`).
    Deleted,
}

impl ChangeKind {
    /// The letter `docker diff` prints: `A`, `C` or `D`.
    pub fn letter(self) -> char {
        match self {
            ChangeKind::Added => 'A',
            ChangeKind::Modified => 'C',
            ChangeKind::Deleted => 'D',
        }
    }
}

/// One line of `docker diff`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Change {
    /// The path inside the container, absolute (`/etc/passwd`), as the Engine API reports it.
    pub path: String,
    /// What happened to it.
    pub kind: ChangeKind,
}

impl fmt::Display for Change {
    /// `C /etc/passwd`, the line `docker diff` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind.letter(), self.path)
    }
}

/// The changes `union`'s upper layer makes to its lowers, sorted by path.
pub fn changes(union: &UnionFs) -> Result<Vec<Change>, FsError> {
    Differ { old: union.lower_stack(), new: union.stack(), out: Vec::new() }.run()
}

/// The changes an upper directory in overlay format makes to `lowers` (bottom first): the same
/// as [`changes`], for trees that are not [`crate::fs::mem::MemFs`] (a real upper dir).
pub fn changes_of(lowers: &[&dyn FsRead], upper: &dyn FsRead) -> Result<Vec<Change>, FsError> {
    let old: Vec<&dyn FsRead> = lowers.iter().rev().copied().collect();
    let new: Vec<&dyn FsRead> = std::iter::once(upper).chain(old.iter().copied()).collect();
    Differ { old: LayerStack::new(old), new: LayerStack::new(new), out: Vec::new() }.run()
}

/// Compares the view without the upper (`old`) with the view with it (`new`, upper = layer 0).
struct Differ<'a> {
    old: LayerStack<'a>,
    new: LayerStack<'a>,
    out: Vec<Change>,
}

impl Differ<'_> {
    fn run(mut self) -> Result<Vec<Change>, FsError> {
        let (new_root, old_root) = (self.new.root()?, self.old.root()?);
        self.dir("", &new_root, Some(&old_root))?;
        crate::sort::by(&mut self.out, |a, b| a.path.cmp(&b.path));
        Ok(self.out)
    }

    fn push(&mut self, path: &str, kind: ChangeKind) {
        self.out.push(Change { path: format!("/{path}"), kind });
    }

    /// Records the changes below the directory `path`, visible now as `new_dir` and before as
    /// `old_dir` if it was a directory then.
    fn dir(&mut self, path: &str, new_dir: &Found, old_dir: Option<&Found>) -> Result<(), FsError> {
        // With the same lower directories under it, only names the upper holds can differ.
        let same_lowers = old_dir
            .is_some_and(|old| old.stack.iter().copied().eq(new_dir.stack.iter().filter(|&&l| l != 0).map(|l| l - 1)));
        let upper_in = new_dir.stack.first() == Some(&0);
        if same_lowers && !upper_in {
            return Ok(());
        }
        let names: BTreeSet<String> = if same_lowers {
            self.new.layers()[0].read_dir(path)?.into_iter().collect()
        } else {
            let mut names: BTreeSet<String> = self.new.list(new_dir, path)?.into_iter().collect();
            if let Some(old) = old_dir {
                names.extend(self.old.list(old, path)?);
            }
            names
        };
        for name in names {
            let child = join(path, &name);
            let new = self.new.child(new_dir, path, &name)?;
            let old = match old_dir {
                Some(old) => self.old.child(old, path, &name)?,
                None => None,
            };
            let Some(new) = new else {
                if old.is_some() {
                    self.push(&child, ChangeKind::Deleted);
                }
                continue;
            };
            let recorded = match &old {
                None => {
                    self.push(&child, ChangeKind::Added);
                    true
                }
                Some(old) if self.differs(&child, old, &new)? => {
                    self.push(&child, ChangeKind::Modified);
                    true
                }
                Some(_) => false,
            };
            if new.is_dir() {
                let before = self.out.len();
                self.dir(&child, &new, old.as_ref().filter(|o| o.is_dir()))?;
                if self.out.len() > before && !recorded {
                    self.push(&child, ChangeKind::Modified);
                }
            }
        }
        Ok(())
    }

    /// Whether a name visible before (`old`) and now (`new`) counts as modified.
    fn differs(&self, path: &str, old: &Found, new: &Found) -> Result<bool, FsError> {
        if stat_differs(&old.meta, &new.meta) {
            return Ok(true);
        }
        let capability = |stack: &LayerStack<'_>, f: &Found| -> Result<Option<Vec<u8>>, FsError> {
            let xattrs = stack.layers()[f.layer].xattrs(path)?;
            Ok(xattrs.into_iter().find(|(k, _)| k == CAPABILITY_XATTR).map(|(_, v)| v))
        };
        Ok(capability(&self.old, old)? != capability(&self.new, new)?)
    }
}

/// Docker's `statDifferent`: kind, mode, owner, device; mtime and size except for directories.
fn stat_differs(old: &Metadata, new: &Metadata) -> bool {
    old.kind != new.kind
        || old.mode != new.mode
        || old.uid != new.uid
        || old.gid != new.gid
        || old.rdev != new.rdev
        || (old.kind != FileKind::Dir && (old.mtime != new.mtime || old.size != new.size))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::fs::mem::MemFs;
    use crate::fs::{Attrs, FsWrite};

    fn image() -> MemFs {
        let mut fs = MemFs::new();
        for d in ["etc", "d", "d/sub", "var", "var/log"] {
            fs.mkdir(d, &Attrs::root(0o755)).unwrap();
        }
        for f in ["etc/passwd", "etc/hosts", "d/old", "d/sub/deep", "var/log/x"] {
            fs.write_file(f, &Attrs::root(0o644), &mut &b"data"[..]).unwrap();
        }
        fs
    }

    fn lines(u: &UnionFs) -> Vec<String> {
        changes(u).unwrap().iter().map(|c| c.to_string()).collect()
    }

    fn file(u: &mut UnionFs, p: &str, data: &str) {
        u.write_file(p, &Attrs::root(0o644), &mut data.as_bytes()).unwrap();
    }

    #[test]
    fn nothing_written_nothing_changed() {
        let u = UnionFs::new(vec![Arc::new(image())], MemFs::new());
        assert!(lines(&u).is_empty());
    }

    #[test]
    fn adds_modifications_and_deletions_with_their_parents() {
        let mut u = UnionFs::new(vec![Arc::new(image())], MemFs::new());
        file(&mut u, "etc/new", "n");
        u.set_attrs("etc/passwd", &Attrs::root(0o600)).unwrap();
        u.remove("var/log/x").unwrap();
        u.mkdir("opt", &Attrs::root(0o755)).unwrap();
        file(&mut u, "opt/app", "a");
        assert_eq!(
            lines(&u),
            ["C /etc", "A /etc/new", "C /etc/passwd", "A /opt", "A /opt/app", "C /var", "C /var/log", "D /var/log/x"]
        );
    }

    #[test]
    fn a_recreated_directory_lists_what_it_lost() {
        let mut u = UnionFs::new(vec![Arc::new(image())], MemFs::new());
        u.remove("d").unwrap();
        u.mkdir("d", &Attrs::root(0o755)).unwrap();
        file(&mut u, "d/x", "x");
        assert_eq!(lines(&u), ["C /d", "D /d/old", "D /d/sub", "A /d/x"]);
        // Removed for good: one deletion, not the contents.
        u.remove("d").unwrap();
        assert_eq!(lines(&u), ["D /d"]);
    }

    #[test]
    fn kind_changes_are_modifications() {
        let mut u = UnionFs::new(vec![Arc::new(image())], MemFs::new());
        u.remove("d").unwrap();
        file(&mut u, "d", "now a file");
        u.remove("etc/hosts").unwrap();
        u.mkdir("etc/hosts", &Attrs::root(0o755)).unwrap();
        file(&mut u, "etc/hosts/inner", "");
        assert_eq!(lines(&u), ["C /d", "C /etc", "C /etc/hosts", "A /etc/hosts/inner"]);
    }

    #[test]
    fn mtime_counts_for_files_only_and_copies_up_alone_do_not() {
        let mut u = UnionFs::new(vec![Arc::new(image())], MemFs::new());
        u.set_attrs("var", &Attrs { mtime: 99, ..Attrs::root(0o755) }).unwrap();
        u.set_xattr("etc/hosts", "user.note", b"x").unwrap();
        assert!(lines(&u).is_empty(), "{:?}", lines(&u));
        u.set_attrs("etc/hosts", &Attrs { mtime: 99, ..Attrs::root(0o644) }).unwrap();
        assert_eq!(lines(&u), ["C /etc", "C /etc/hosts"]);
        u.set_xattr("etc/passwd", CAPABILITY_XATTR, b"\x01").unwrap();
        assert_eq!(lines(&u), ["C /etc", "C /etc/hosts", "C /etc/passwd"]);
    }

    #[test]
    fn an_image_without_layers_has_everything_added() {
        let mut u = UnionFs::new(Vec::new(), MemFs::new());
        u.mkdir("app", &Attrs::root(0o755)).unwrap();
        file(&mut u, "app/main", "");
        assert_eq!(lines(&u), ["A /app", "A /app/main"]);
    }

    #[test]
    fn changes_of_reads_any_trees() {
        let mut u = UnionFs::new(vec![Arc::new(image())], MemFs::new());
        u.remove("etc/passwd").unwrap();
        let lower = image();
        let got = changes_of(&[&lower], u.upper()).unwrap();
        assert_eq!(got, changes(&u).unwrap());
        assert_eq!(got[1], Change { path: "/etc/passwd".into(), kind: ChangeKind::Deleted });
    }
}
