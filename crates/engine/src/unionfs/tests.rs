//! Unit tests of the union's write side: what lands in the upper, and what the merged view shows.

use std::io::Read;
use std::sync::Arc;

use super::UnionFs;
use crate::fs::mem::MemFs;
use crate::fs::{Attrs, FileKind, FsError, FsRead, FsWrite, OPAQUE_XATTR};

fn file(fs: &mut dyn FsWrite, p: &str, data: &str) {
    fs.write_file(p, &Attrs::root(0o644), &mut data.as_bytes()).unwrap();
}

fn dir(fs: &mut dyn FsWrite, p: &str) {
    fs.mkdir(p, &Attrs::root(0o755)).unwrap();
}

fn read(fs: &dyn FsRead, p: &str) -> String {
    let mut s = String::new();
    fs.open(p).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The upper as `path kind [opaque]` lines, to compare with what the kernel leaves.
fn upper(u: &UnionFs) -> Vec<String> {
    let up = u.upper();
    up.walk()
        .into_iter()
        .map(|p| {
            let m = up.lstat(&p).unwrap().unwrap();
            let kind = if m.is_whiteout() { "whiteout".to_string() } else { format!("{:?}", m.kind).to_lowercase() };
            let opaque = up.xattrs(&p).unwrap().iter().any(|(k, v)| k == OPAQUE_XATTR && v == b"y");
            format!("{p} {kind}{}", if opaque { " opaque" } else { "" })
        })
        .collect()
}

/// Two layers: `etc/{passwd,hosts}`, `d/{a,sub/b}`, a link `l -> /etc`, then a top layer that
/// adds `etc/motd`, whites out `etc/hosts` and tags `etc` with xattrs.
fn image() -> UnionFs {
    let mut base = MemFs::new();
    for d in ["etc", "d", "d/sub"] {
        dir(&mut base, d);
    }
    for f in ["etc/passwd", "etc/hosts", "d/a", "d/sub/b"] {
        file(&mut base, f, f);
    }
    base.symlink("l", "/etc", &Attrs::root(0o777)).unwrap();
    base.set_xattr("etc", "user.layer", b"base").unwrap();
    let mut top = MemFs::new();
    dir(&mut top, "etc");
    file(&mut top, "etc/motd", "hi");
    top.mknod("etc/hosts", FileKind::CharDevice, (0, 0), &Attrs::root(0)).unwrap();
    top.set_xattr("etc", "user.layer", b"top").unwrap();
    top.set_xattr("etc", "trusted.overlay.origin", b"bookkeeping").unwrap();
    UnionFs::new(vec![Arc::new(base), Arc::new(top)], MemFs::new())
}

#[test]
fn reads_merge_the_layers() {
    let u = image();
    assert_eq!(u.read_dir("").unwrap(), ["d", "etc", "l"]);
    assert_eq!(u.read_dir("etc").unwrap(), ["motd", "passwd"]);
    assert_eq!(u.read_link("l").unwrap(), "/etc");
    assert!(matches!(u.lstat("l/passwd"), Err(FsError::SymlinkInPath(_))));
    assert!(upper(&u).is_empty());
}

#[test]
fn writes_copy_up_parents_with_their_attributes() {
    let mut u = image();
    file(&mut u, "d/sub/new", "n");
    assert_eq!(upper(&u), ["d dir", "d/sub dir", "d/sub/new file"]);
    assert_eq!(u.read_dir("d/sub").unwrap(), ["b", "new"]);

    u.set_attrs("etc/passwd", &Attrs { mode: 0o600, uid: 7, gid: 8, mtime: 5 }).unwrap();
    assert_eq!(read(&u, "etc/passwd"), "etc/passwd", "contents copied up");
    let m = u.upper().lstat("etc/passwd").unwrap().unwrap();
    assert_eq!((m.mode, m.uid, m.gid, m.mtime), (0o600, 7, 8, 5));
    // The parent comes from the topmost layer holding it, xattrs along but overlayfs' own.
    assert_eq!(u.upper().xattrs("etc").unwrap(), vec![("user.layer".to_string(), b"top".to_vec())]);
    assert!(u.lowers()[0].lstat("etc/passwd").unwrap().unwrap().mode == 0o644, "lowers untouched");
}

#[test]
fn removing_lower_names_leaves_whiteouts() {
    let mut u = image();
    u.remove("etc/passwd").unwrap();
    u.remove("d").unwrap();
    file(&mut u, "fresh", "");
    u.remove("fresh").unwrap();
    assert_eq!(upper(&u), ["d whiteout", "etc dir", "etc/passwd whiteout"]);
    assert_eq!(u.read_dir("").unwrap(), ["etc", "l"]);
    assert!(matches!(u.remove("etc/hosts"), Err(FsError::NotFound(_))), "already whited out below");
    assert!(matches!(u.remove(""), Err(FsError::Unsupported { .. })));
}

#[test]
fn recreating_a_removed_directory_makes_it_opaque() {
    let mut u = image();
    u.remove("d").unwrap();
    dir(&mut u, "d");
    assert_eq!(upper(&u), ["d dir opaque"]);
    assert!(u.read_dir("d").unwrap().is_empty());
    // A file over a whiteout just replaces it; a new directory elsewhere is not opaque.
    u.remove("etc/passwd").unwrap();
    file(&mut u, "etc/passwd", "new");
    dir(&mut u, "etc/new");
    assert_eq!(upper(&u), ["d dir opaque", "etc dir", "etc/new dir", "etc/passwd file"]);
    // A whiteout in a lower layer does not make the new directory opaque: nothing shows anyway.
    dir(&mut u, "etc/hosts");
    assert!(u.read_dir("etc/hosts").unwrap().is_empty());
    assert!(!upper(&u).contains(&"etc/hosts dir opaque".to_string()));
}

#[test]
fn creating_refuses_visible_names_and_follows_no_symlinks() {
    let mut u = image();
    assert!(matches!(u.mkdir("etc", &Attrs::root(0o755)), Err(FsError::AlreadyExists(_))));
    assert!(matches!(u.symlink("etc/motd", "x", &Attrs::root(0o777)), Err(FsError::AlreadyExists(_))));
    assert!(matches!(u.write_file("d", &Attrs::root(0o644), &mut &b""[..]), Err(FsError::IsADirectory(_))));
    assert!(matches!(u.write_file("l/x", &Attrs::root(0o644), &mut &b""[..]), Err(FsError::SymlinkInPath(_))));
    assert!(matches!(u.mkdir("etc/passwd/x", &Attrs::root(0o755)), Err(FsError::NotADirectory(_))));
    assert!(matches!(u.mkdir("nope/x", &Attrs::root(0o755)), Err(FsError::NotFound(_))));
    assert!(matches!(u.set_xattr("etc", OPAQUE_XATTR, b"y"), Err(FsError::Unsupported { .. })));
    assert!(upper(&u).is_empty(), "failed operations copy nothing up");
}

#[test]
fn renaming_files_copies_up_and_whites_out() {
    let mut u = image();
    u.rename("etc/passwd", "d/passwd").unwrap();
    assert_eq!(read(&u, "d/passwd"), "etc/passwd");
    assert_eq!(upper(&u), ["d dir", "d/passwd file", "etc dir", "etc/passwd whiteout"]);
    // Onto an existing lower file: it is simply covered.
    u.rename("d/passwd", "d/a").unwrap();
    assert_eq!(upper(&u), ["d dir", "d/a file", "etc dir", "etc/passwd whiteout"]);
    assert!(matches!(u.rename("d/a", "d/sub"), Err(FsError::IsADirectory(_))));
    assert!(matches!(u.rename("nope", "x"), Err(FsError::NotFound(_))));
}

#[test]
fn renaming_directories_needs_them_to_be_upper_only() {
    let mut u = image();
    assert!(matches!(u.rename("d", "e"), Err(FsError::CrossDevice(_))));
    assert!(matches!(u.rename("d/sub", "sub"), Err(FsError::CrossDevice(_))));
    dir(&mut u, "new");
    file(&mut u, "new/f", "");
    dir(&mut u, "new/inner");
    // Into a merged parent the moved directory turns opaque; into an upper-only one it does not.
    u.rename("new/inner", "d/inner").unwrap();
    u.rename("d/inner", "new/back").unwrap();
    assert_eq!(upper(&u), ["d dir", "new dir", "new/back dir opaque", "new/f file"]);
    u.rename("new", "moved").unwrap();
    assert!(upper(&u).contains(&"moved dir opaque".to_string()));
    // Over an empty merged directory: allowed, and what was below stays hidden.
    u.remove("d/sub/b").unwrap();
    u.rename("moved/back", "d/sub").unwrap();
    assert!(u.read_dir("d/sub").unwrap().is_empty());
    assert!(matches!(u.rename("moved", "d"), Err(FsError::DirectoryNotEmpty(_))));
    assert!(matches!(u.rename("moved", "moved/x"), Err(FsError::InvalidPath(_))));
}

#[test]
fn copy_up_breaks_hard_links() {
    let mut base = MemFs::new();
    file(&mut base, "a", "shared");
    base.hard_link("b", "a").unwrap();
    let mut u = UnionFs::new(vec![Arc::new(base)], MemFs::new());
    assert_eq!(u.lstat("a").unwrap().unwrap().ino, u.lstat("b").unwrap().unwrap().ino);
    u.set_attrs("a", &Attrs::root(0o600)).unwrap();
    assert_ne!(u.lstat("a").unwrap().unwrap().ino, u.lstat("b").unwrap().unwrap().ino);
    assert_eq!(u.lstat("b").unwrap().unwrap().mode, 0o644);
    // Renaming one lower name onto the other is a real rename to overlayfs.
    let mut base = MemFs::new();
    file(&mut base, "a", "shared");
    base.hard_link("b", "a").unwrap();
    let mut u = UnionFs::new(vec![Arc::new(base)], MemFs::new());
    u.rename("a", "b").unwrap();
    assert_eq!(u.read_dir("").unwrap(), ["b"]);
    // Linking a lower file copies it up and links in the upper.
    u.hard_link("c", "b").unwrap();
    assert_eq!(u.upper().lstat("c").unwrap().unwrap().nlink, 2);
    u.rename("b", "c").unwrap();
    assert_eq!(u.read_dir("").unwrap(), ["b", "c"], "same upper inode: nothing happens");
}

#[test]
fn the_upper_is_a_layer_for_the_next_union() {
    let mut u = image();
    u.remove("etc/passwd").unwrap();
    dir(&mut u, "opt");
    let mut layers = u.lowers().to_vec();
    layers.push(Arc::new(u.clone().into_upper()));
    let next = UnionFs::new(layers, MemFs::new());
    assert_eq!(next.read_dir("").unwrap(), u.read_dir("").unwrap());
    assert_eq!(next.read_dir("etc").unwrap(), ["motd"]);
}

#[test]
fn writing_into_a_lower_file_copies_it_up_once_and_keeps_its_attributes() {
    let mut lower = MemFs::new();
    lower.write_file("f", &Attrs { mode: 0o640, uid: 7, gid: 8, mtime: 5 }, &mut &b"abc"[..]).unwrap();
    let mut u = UnionFs::new(vec![Arc::new(lower)], MemFs::new());
    u.write_at("f", 3, b"def").unwrap();
    u.truncate("f", 4).unwrap();
    let mut buf = [0u8; 16];
    let n = u.read_at("f", 0, &mut buf).unwrap();
    assert_eq!(&buf[..n], b"abcd");
    let m = u.upper().lstat("f").unwrap().unwrap();
    assert_eq!((m.mode, m.uid, m.gid), (0o640, 7, 8));
    assert_eq!(&*u.lowers()[0].contents("f").unwrap(), b"abc", "the lower layer is untouched");
}
