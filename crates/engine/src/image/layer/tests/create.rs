//! Creating layers: determinism, Docker's conventions, and round trips through apply.

use std::collections::HashMap;

use super::{apply_bytes, listing, opts};
use crate::digest::Digest;
use crate::fs::mem::MemFs;
use crate::fs::{Attrs, FileKind, FsRead, FsWrite, OPAQUE_XATTR};
use crate::image::layer::{create_from_tree, create_from_upper, inspect, ApplyMode};

fn a(mode: u32, uid: u32, gid: u32, mtime: i64) -> Attrs {
    Attrs { mode, uid, gid, mtime }
}

/// A tree with every kind of thing a layer carries, and names and numbers too big for USTAR.
fn sample() -> MemFs {
    let mut fs = MemFs::new();
    fs.mkdir("a", &a(0o755, 0, 0, 10)).unwrap();
    fs.mkdir("a/b", &a(0o2775, 1000, 1000, 11)).unwrap();
    fs.write_file("a/b/su", &a(0o4755, 0, 0, 12), &mut &b"binary"[..]).unwrap();
    fs.write_file("a-c", &a(0o644, 3_000_000, 5, 13), &mut &b"big uid"[..]).unwrap();
    fs.hard_link("a/hard", "a/b/su").unwrap();
    fs.symlink("a/link", "/a/b/su", &a(0o777, 0, 0, 14)).unwrap();
    fs.mknod("a/fifo", FileKind::Fifo, (0, 0), &a(0o600, 0, 0, 15)).unwrap();
    fs.mknod("a/null", FileKind::CharDevice, (1, 3), &a(0o666, 0, 0, 16)).unwrap();
    fs.mkdir("tmp", &a(0o1777, 0, 0, -5)).unwrap();
    let long_dir = "d".repeat(120);
    fs.mkdir(&long_dir, &a(0o755, 0, 0, 17)).unwrap();
    fs.write_file(&format!("{long_dir}/{}", "f".repeat(90)), &a(0o644, 0, 0, 18), &mut &b"split"[..]).unwrap();
    fs.write_file(&format!("{long_dir}/{}", "g".repeat(140)), &a(0o644, 0, 0, 19), &mut &b"pax"[..]).unwrap();
    fs.write_file("ünïcödé", &a(0o644, 0, 0, 20), &mut &b"utf8"[..]).unwrap();
    fs.symlink("long-link", &"t/".repeat(70), &a(0o777, 0, 0, 21)).unwrap();
    fs.set_xattr("a/b/su", "security.capability", b"\x01\x00\x00\x02").unwrap();
    fs.set_xattr("a/b", "user.note", b"kept").unwrap();
    fs
}

/// Everything about a tree, hard links named by the first path of their inode.
fn snapshot(fs: &MemFs) -> Vec<String> {
    let mut first: HashMap<u64, String> = HashMap::new();
    let root = fs.lstat("").unwrap().unwrap();
    let mut out = vec![format!("root {:o} {}:{}", root.mode, root.uid, root.gid)];
    for p in fs.walk() {
        let m = fs.lstat(&p).unwrap().unwrap();
        let body = match m.kind {
            FileKind::File => String::from_utf8_lossy(&fs.contents(&p).unwrap()).into_owned(),
            FileKind::Symlink => fs.read_link(&p).unwrap(),
            _ => format!("{:?}", m.rdev),
        };
        let inode = first.entry(m.ino).or_insert_with(|| p.clone()).clone();
        out.push(format!(
            "{p} {:?} {:o} {}:{} t={} {body} inode={inode} x={:?}",
            m.kind,
            m.mode,
            m.uid,
            m.gid,
            m.mtime,
            fs.xattrs(&p).unwrap()
        ));
    }
    out
}

fn names(tar: &[u8]) -> Vec<String> {
    let mut archive = tar::Archive::new(tar);
    archive.entries().unwrap().map(|e| String::from_utf8(e.unwrap().path_bytes().into_owned()).unwrap()).collect()
}

#[test]
fn a_tree_round_trips_through_create_and_apply() {
    let src = sample();
    let mut tar = Vec::new();
    let digest = create_from_tree(&src, &mut tar).unwrap();
    assert_eq!(digest.diff_id, Digest::of(&tar));
    assert_eq!(digest.size, 6 + 7 + 5 + 3 + 4, "regular files, the hard link once");
    let info = inspect(&mut &tar[..]).unwrap();
    assert_eq!((info.diff_id, info.size), (digest.diff_id, digest.size));

    let mut out = MemFs::new();
    let mut o = opts(ApplyMode::Layer);
    o.allow_devices = true;
    let applied = apply_bytes(&tar, &mut out, &o).unwrap();
    assert_eq!(applied.diff_id, digest.diff_id);
    assert_eq!(snapshot(&out), snapshot(&src));
    // Directory mtimes survive too (set after their contents).
    assert_eq!(out.lstat("tmp").unwrap().unwrap().mtime, -5);
    assert_eq!(out.lstat("a/b").unwrap().unwrap().mtime, 11);
}

#[test]
fn output_is_deterministic_and_in_walk_order() {
    let (mut one, mut two) = (Vec::new(), Vec::new());
    create_from_tree(&sample(), &mut one).unwrap();
    create_from_tree(&sample(), &mut two).unwrap();
    assert_eq!(one, two);
    let listed = names(&one);
    // Depth first, names sorted, directories first with a trailing slash: "a/..." before "a-c"
    // although '-' sorts before '/'.
    assert_eq!(&listed[..8], ["a/", "a/b/", "a/b/su", "a/fifo", "a/hard", "a/link", "a/null", "a-c"]);
    assert!(listed.iter().all(|n| !n.starts_with("./") && !n.starts_with('/')));
    assert_eq!(one.len() % 512, 0);
    assert_eq!(&one[one.len() - 1024..], &[0u8; 1024][..], "two end blocks, no record padding");

    let mut archive = tar::Archive::new(&one[..]);
    for entry in archive.entries().unwrap() {
        let entry = entry.unwrap();
        let h = entry.header();
        assert_eq!(h.username_bytes(), Some(&b""[..]), "no uname");
        assert_eq!(h.groupname_bytes(), Some(&b""[..]), "no gname");
        if entry.path_bytes().as_ref() == b"a/hard" {
            assert_eq!(h.entry_type(), tar::EntryType::Link);
            assert_eq!(entry.link_name_bytes().unwrap().as_ref(), b"a/b/su");
            assert_eq!(entry.size(), 0);
        }
    }
}

#[test]
fn overlay_xattrs_are_never_emitted() {
    let mut fs = MemFs::new();
    fs.write_file("f", &Attrs::root(0o644), &mut &b""[..]).unwrap();
    fs.set_xattr("f", "trusted.overlay.origin", b"x").unwrap();
    fs.set_xattr("f", "user.overlay.redirect", b"x").unwrap();
    fs.set_xattr("f", "user.kept", b"x").unwrap();
    let mut tar = Vec::new();
    create_from_tree(&fs, &mut tar).unwrap();
    let mut out = MemFs::new();
    apply_bytes(&tar, &mut out, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(out.xattrs("f").unwrap(), [("user.kept".to_string(), b"x".to_vec())]);
}

/// An upper dir as overlayfs leaves it: a whiteout, an opaque dir with new content, a change.
fn upper() -> MemFs {
    let mut up = MemFs::new();
    up.mkdir("etc", &a(0o755, 0, 0, 30)).unwrap();
    up.mknod("etc/group", FileKind::CharDevice, (0, 0), &a(0, 7, 8, 31)).unwrap();
    up.write_file("etc/passwd", &a(0o644, 0, 0, 32), &mut &b"new passwd"[..]).unwrap();
    up.mkdir("var", &a(0o750, 1, 2, 33)).unwrap();
    up.set_xattr("var", OPAQUE_XATTR, b"y").unwrap();
    up.write_file("var/fresh", &a(0o644, 0, 0, 34), &mut &b"fresh"[..]).unwrap();
    up
}

fn lower() -> MemFs {
    let mut low = MemFs::new();
    low.mkdir("etc", &a(0o755, 0, 0, 1)).unwrap();
    low.write_file("etc/group", &Attrs::root(0o644), &mut &b"group"[..]).unwrap();
    low.write_file("etc/passwd", &Attrs::root(0o644), &mut &b"old passwd"[..]).unwrap();
    low.write_file("etc/hosts", &Attrs::root(0o644), &mut &b"hosts"[..]).unwrap();
    low.mkdir("var", &Attrs::root(0o755)).unwrap();
    low.mkdir("var/cache", &Attrs::root(0o755)).unwrap();
    low.write_file("var/cache/old", &Attrs::root(0o644), &mut &b"old"[..]).unwrap();
    low
}

#[test]
fn an_upper_dir_becomes_docker_whiteouts() {
    let mut tar = Vec::new();
    let digest = create_from_upper(&upper(), &mut tar).unwrap();
    assert_eq!(digest.size, 10 + 5);
    assert_eq!(names(&tar), ["etc/", "etc/.wh.group", "etc/passwd", "var/", "var/.wh..wh..opq", "var/fresh"]);
    let mut archive = tar::Archive::new(&tar[..]);
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let h = entry.header().clone();
        match entry.path_bytes().as_ref() {
            b"etc/.wh.group" => {
                assert_eq!(h.entry_type(), tar::EntryType::Regular);
                assert_eq!((h.mode().unwrap(), h.uid().unwrap(), h.gid().unwrap(), h.mtime().unwrap()), (0o600, 7, 8, 31));
            }
            b"var/.wh..wh..opq" => {
                assert_eq!(h.entry_type(), tar::EntryType::Regular);
                assert_eq!((h.mode().unwrap(), h.uid().unwrap(), h.gid().unwrap(), h.mtime().unwrap()), (0o750, 1, 2, 0));
            }
            b"var/" => assert!(entry.pax_extensions().unwrap().is_none(), "the opaque xattr is not emitted"),
            _ => {}
        }
    }

    // Flattened onto the lower tree it gives the merged view...
    let mut merged = lower();
    apply_bytes(&tar, &mut merged, &opts(ApplyMode::Flatten)).unwrap();
    assert_eq!(listing(&merged), ["d etc", "f etc/hosts=hosts", "f etc/passwd=new passwd", "d var", "f var/fresh=fresh"]);
    // ...and unpacked as a layer it gives the upper dir back.
    let mut again = MemFs::new();
    apply_bytes(&tar, &mut again, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(snapshot(&again), snapshot(&upper()));
}

#[test]
fn an_opaque_upper_root_is_written_first() {
    let mut up = MemFs::new();
    up.set_xattr("", OPAQUE_XATTR, b"y").unwrap();
    up.write_file("only", &Attrs::root(0o644), &mut &b"1"[..]).unwrap();
    let mut tar = Vec::new();
    create_from_upper(&up, &mut tar).unwrap();
    assert_eq!(names(&tar), [".wh..wh..opq", "only"]);
    let mut merged = lower();
    apply_bytes(&tar, &mut merged, &opts(ApplyMode::Flatten)).unwrap();
    assert_eq!(listing(&merged), ["f only=1"]);
}
