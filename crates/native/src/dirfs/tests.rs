//! DirFs against real directories. Each test has `root/` (the tree) and a sibling `outside/`
//! that must never change. Device nodes, whiteouts, owners and `trusted.*` xattrs need root:
//! those tests print `SKIPPED (needs root): ...` and return when not run as root.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use wharf_engine::digest::Digest;
use wharf_engine::fs::{Attrs, FileKind, FsError, FsRead, FsWrite, OPAQUE_XATTR};
use wharf_engine::image::layer::{apply, create_from_upper, ApplyMode, ApplyOptions, LayerError};

use super::DirFs;

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

fn needs_root(what: &str) -> bool {
    if is_root() {
        return false;
    }
    println!("SKIPPED (needs root): {what}");
    true
}

struct Sandbox {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("root");
        let outside = tmp.path().join("outside");
        fs::create_dir(&root).unwrap();
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("secret"), "secret").unwrap();
        fs::set_permissions(&outside, fs::Permissions::from_mode(0o755)).unwrap();
        Sandbox { _tmp: tmp, root, outside }
    }

    fn fs(&self) -> DirFs {
        DirFs::open(&self.root).unwrap()
    }

    /// `outside/` holds exactly what it started with.
    fn assert_outside_untouched(&self) {
        let names: Vec<String> = fs::read_dir(&self.outside).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        assert_eq!(names, ["secret"]);
        assert_eq!(fs::read_to_string(self.outside.join("secret")).unwrap(), "secret");
        assert_eq!(fs::metadata(&self.outside).unwrap().permissions().mode() & 0o7777, 0o755);
        assert!(fs::symlink_metadata(self.outside.join("secret")).unwrap().is_file());
    }
}

fn attrs(mode: u32) -> Attrs {
    let me = rustix::process::geteuid().as_raw();
    let group = rustix::process::getegid().as_raw();
    Attrs { mode, uid: me, gid: group, mtime: 1_600_000_000 }
}

#[test]
fn files_directories_and_links_round_trip() {
    let sb = Sandbox::new();
    let mut t = sb.fs();
    t.mkdir("d", &attrs(0o750)).unwrap();
    assert_eq!(t.write_file("d/f", &attrs(0o640), &mut &b"hello world"[..]).unwrap(), 11);
    t.symlink("d/l", "../elsewhere", &attrs(0o777)).unwrap();
    t.hard_link("h", "d/f").unwrap();
    let m = t.lstat("d/f").unwrap().unwrap();
    assert_eq!((m.kind, m.mode, m.size, m.mtime, m.nlink), (FileKind::File, 0o640, 11, 1_600_000_000, 2));
    assert_eq!(t.lstat("h").unwrap().unwrap().ino, m.ino);
    assert_eq!(t.lstat("d").unwrap().unwrap().mode, 0o750);
    assert_eq!(t.lstat("d/l").unwrap().unwrap().kind, FileKind::Symlink);
    assert_eq!(t.read_link("d/l").unwrap(), "../elsewhere");
    assert_eq!(t.read_dir("").unwrap(), ["d", "h"]);
    assert_eq!(t.read_dir("d").unwrap(), ["f", "l"]);
    let mut s = String::new();
    t.open("d/f").unwrap().read_to_string(&mut s).unwrap();
    assert_eq!(s, "hello world");
    let mut buf = [0; 5];
    assert_eq!(t.read_at("d/f", 6, &mut buf).unwrap(), 5);
    assert_eq!(&buf, b"world");
    t.write_at("d/f", 6, b"there").unwrap();
    t.truncate("d/f", 8).unwrap();
    assert_eq!(fs::read_to_string(sb.root.join("h")).unwrap(), "hello th", "hard links share data");
    assert!(t.lstat("nope").unwrap().is_none());
    assert!(matches!(t.lstat("nope/x"), Err(FsError::NotFound(_))));
    assert!(matches!(t.mkdir("d", &attrs(0o755)), Err(FsError::AlreadyExists(_))));
    assert!(matches!(t.write_file("d", &attrs(0o644), &mut &b""[..]), Err(FsError::IsADirectory(_))));

    // Replacing a hard-linked file makes a new inode: the other name keeps the old data.
    t.write_file("h", &attrs(0o600), &mut &b"new"[..]).unwrap();
    assert_eq!(fs::read_to_string(sb.root.join("d/f")).unwrap(), "hello th");

    t.set_attrs("d", &Attrs { mode: 0o711, ..attrs(0) }).unwrap();
    assert_eq!(fs::metadata(sb.root.join("d")).unwrap().permissions().mode() & 0o7777, 0o711);
    t.mkdir("e", &attrs(0o755)).unwrap();
    assert!(matches!(t.rename("e", "e/inside"), Err(FsError::InvalidPath(_))));
    t.rename("d", "e").unwrap();
    assert_eq!(t.read_dir("e").unwrap(), ["f", "l"]);
    assert!(t.lstat("d").unwrap().is_none());
    t.mknod("e/fifo", FileKind::Fifo, (0, 0), &attrs(0o600)).unwrap();
    assert!(fs::symlink_metadata(sb.root.join("e/fifo")).unwrap().file_type().is_fifo());
    assert!(matches!(t.open("e/fifo"), Err(FsError::Unsupported { .. })), "never blocks on a fifo");
    t.remove("e").unwrap();
    assert_eq!(t.read_dir("").unwrap(), ["h"]);
    t.set_attrs("", &Attrs { mode: 0o700, ..attrs(0) }).unwrap();
    assert_eq!(t.lstat("").unwrap().unwrap().mode, 0o700);
    sb.assert_outside_untouched();
}

fn escape_attempts(sb: &Sandbox, t: &mut DirFs) {
    t.write_file("f", &attrs(0o644), &mut &b"f"[..]).unwrap();
    t.symlink("rel", "../outside", &attrs(0o777)).unwrap();
    t.symlink("abs", sb.outside.to_str().unwrap(), &attrs(0o777)).unwrap();
    t.symlink("loop", "loop", &attrs(0o777)).unwrap();
    for link in ["rel", "abs", "loop"] {
        let through = |name: &str| format!("{link}/{name}");
        let symlink_in_path = |r: Result<(), FsError>, what: &str| {
            assert!(matches!(r, Err(FsError::SymlinkInPath(_))), "{what} through {link}: {r:?}");
        };
        symlink_in_path(t.write_file(&through("pwned"), &attrs(0o644), &mut &b"x"[..]).map(drop), "write_file");
        symlink_in_path(t.mkdir(&through("d"), &attrs(0o755)), "mkdir");
        symlink_in_path(t.lstat(&through("secret")).map(drop), "lstat");
        symlink_in_path(t.symlink(&through("s"), "x", &attrs(0o777)), "symlink");
        symlink_in_path(t.hard_link(&through("h"), "f"), "hard_link to");
        symlink_in_path(t.hard_link("h", &through("secret")), "hard_link from");
        symlink_in_path(t.remove(&through("secret")), "remove");
        symlink_in_path(t.set_attrs(&through("secret"), &attrs(0o777)), "set_attrs");
        symlink_in_path(t.set_xattr(&through("secret"), "user.x", b"1"), "set_xattr");
        symlink_in_path(t.rename(&through("secret"), "stolen"), "rename from");
        symlink_in_path(t.rename("f", &through("secret")), "rename to");
        symlink_in_path(t.write_at(&through("secret"), 0, b"x"), "write_at");
        symlink_in_path(t.truncate(&through("secret"), 0), "truncate");
        assert!(matches!(t.read_dir(link), Err(FsError::NotADirectory(_))), "read_dir {link}");
        assert!(matches!(t.open(link), Err(FsError::Unsupported { .. })), "open {link}");
        assert!(t.xattrs(&through("secret")).is_err());
        // Acting on the link itself touches the link, never its target.
        t.set_attrs(link, &attrs(0o700)).unwrap();
        assert_eq!(t.lstat(link).unwrap().unwrap().kind, FileKind::Symlink);
    }
    t.write_file("rel", &attrs(0o644), &mut &b"replaced the link"[..]).unwrap();
    t.remove("abs").unwrap();
    sb.assert_outside_untouched();
}

#[test]
fn never_goes_through_symlinks_with_openat2() {
    let sb = Sandbox::new();
    escape_attempts(&sb, &mut sb.fs());
}

#[test]
fn never_goes_through_symlinks_one_component_at_a_time() {
    let sb = Sandbox::new();
    let mut t = sb.fs();
    t.openat2.set(false);
    escape_attempts(&sb, &mut t);
}

#[test]
fn devices_whiteouts_owners_and_trusted_xattrs() {
    if needs_root("DirFs device nodes, whiteouts, chown and trusted.* xattrs") {
        return;
    }
    let sb = Sandbox::new();
    let mut t = sb.fs();
    t.mkdir("d", &Attrs::root(0o755)).unwrap();
    t.mknod("d/gone", FileKind::CharDevice, (0, 0), &Attrs { mode: 0, uid: 7, gid: 8, mtime: 5 }).unwrap();
    t.mknod("null", FileKind::CharDevice, (1, 3), &Attrs::root(0o666)).unwrap();
    t.set_xattr("d", OPAQUE_XATTR, b"y").unwrap();
    t.set_xattr("", "user.at-root", b"r").unwrap();
    let gone = t.lstat("d/gone").unwrap().unwrap();
    assert!(gone.is_whiteout());
    assert_eq!((gone.mode, gone.uid, gone.gid, gone.mtime), (0, 7, 8, 5));
    let meta = fs::symlink_metadata(sb.root.join("null")).unwrap();
    assert!(meta.file_type().is_char_device());
    assert_eq!(meta.rdev(), rustix::fs::makedev(1, 3));
    assert_eq!(t.xattrs("d").unwrap(), [(OPAQUE_XATTR.to_string(), b"y".to_vec())]);
    assert!(t.xattrs("").unwrap().contains(&("user.at-root".to_string(), b"r".to_vec())));
    t.write_file("owned", &Attrs { mode: 0o4750, uid: 1234, gid: 5678, mtime: 9 }, &mut &b""[..]).unwrap();
    let m = t.lstat("owned").unwrap().unwrap();
    assert_eq!((m.uid, m.gid, m.mode), (1234, 5678, 0o4750), "chown before chmod keeps setuid");
    t.symlink("l", "/x", &Attrs { mode: 0o777, uid: 42, gid: 43, mtime: 10 }).unwrap();
    let l = t.lstat("l").unwrap().unwrap();
    assert_eq!((l.uid, l.gid, l.mtime), (42, 43, 10));
    sb.assert_outside_untouched();
}

/// A raw tar entry (names written verbatim, so hostile ones can be).
fn entry(out: &mut Vec<u8>, name: &str, flag: u8, link: &str, data: &[u8]) {
    let mut h = tar::Header::new_ustar();
    h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
    h.as_old_mut().linkname[..link.len()].copy_from_slice(link.as_bytes());
    h.set_mode(if flag == b'5' { 0o755 } else { 0o644 });
    h.set_mtime(1_650_000_000);
    h.set_size(data.len() as u64);
    h.set_entry_type(tar::EntryType::new(flag));
    h.set_cksum();
    out.extend_from_slice(h.as_bytes());
    out.extend_from_slice(data);
    out.resize(out.len().div_ceil(512) * 512, 0);
}

fn finish(mut tar: Vec<u8>) -> Vec<u8> {
    tar.extend_from_slice(&[0; 1024]);
    tar
}

fn layer_opts() -> ApplyOptions {
    ApplyOptions { allow_devices: is_root(), hasher: crate::hash_thread::threaded_sha256, ..ApplyOptions::new(ApplyMode::Layer) }
}

/// A raw entry: name, type flag, link target.
type Raw<'a> = (&'a str, u8, String);

#[test]
fn hostile_layers_stay_inside_a_real_directory() {
    let sb = Sandbox::new();
    let outside = sb.outside.to_str().unwrap().trim_start_matches('/').to_string();
    let cases: Vec<(Vec<Raw>, Option<String>)> = vec![
        (vec![("../outside/pwned", b'0', String::new())], Some(r#"layer entry "../outside/pwned": path escapes the layer root"#.into())),
        (vec![("esc", b'2', "../outside".into())], Some(r#"layer entry "esc": symlink target "../outside" escapes the layer root"#.into())),
        (
            vec![("h", b'1', "../outside/secret".into())],
            Some(r#"layer entry "h": hard link target "../outside/secret" escapes the layer root"#.into()),
        ),
        // Absolute targets are fine: they name the layer's root, not the host's.
        (vec![("host", b'2', sb.outside.to_str().unwrap().into()), ("host/pwned", b'0', String::new())], None),
        (vec![("up", b'2', "/../../../..".into()), ("up/pwned2", b'0', String::new())], None),
    ];
    for (i, (entries, error)) in cases.into_iter().enumerate() {
        let dir = sb.root.join(i.to_string());
        fs::create_dir(&dir).unwrap();
        let mut tar = Vec::new();
        for (name, flag, link) in &entries {
            entry(&mut tar, name, *flag, link, if *flag == b'0' { b"pwned" } else { b"" });
        }
        let mut t = DirFs::open(&dir).unwrap();
        let got = apply(&mut &finish(tar)[..], &mut t, &layer_opts()).map(drop).map_err(|e: LayerError| e.to_string());
        assert_eq!(got.err(), error, "case {i}");
        sb.assert_outside_untouched();
    }
    assert_eq!(fs::read_to_string(sb.root.join("3").join(&outside).join("pwned")).unwrap(), "pwned", "landed inside");
    assert_eq!(fs::read_to_string(sb.root.join("4/pwned2")).unwrap(), "pwned");
}

fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut t = DirFs::open(dir).unwrap();
    t.set_owners(false);
    fn walk(t: &DirFs, dir: &str, out: &mut Vec<String>) {
        for name in t.read_dir(dir).unwrap() {
            let p = wharf_engine::fs::path::join(dir, &name);
            let m = t.lstat(&p).unwrap().unwrap();
            let x = t.xattrs(&p).unwrap();
            out.push(format!("{p} {:?} {:o} {}:{} {} {:?} {:?}", m.kind, m.mode, m.uid, m.gid, m.mtime, m.rdev, x));
            if m.kind == FileKind::Dir {
                walk(t, &p, out);
            }
        }
    }
    walk(&t, "", &mut out);
    out
}

#[test]
fn a_layer_unpacks_to_overlayfs_form_and_diffs_back() {
    if needs_root("unpacking whiteouts (mknod) and opaque dirs (trusted.* xattrs) into a real directory") {
        return;
    }
    let sb = Sandbox::new();
    let mut tar = Vec::new();
    entry(&mut tar, "etc/", b'5', "", b"");
    entry(&mut tar, "etc/.wh.group", b'0', "", b"");
    entry(&mut tar, "etc/passwd", b'0', "", b"root:x:0:0");
    entry(&mut tar, "etc/pw", b'1', "etc/passwd", b"");
    entry(&mut tar, "var/", b'5', "", b"");
    entry(&mut tar, "var/.wh..wh..opq", b'0', "", b"");
    entry(&mut tar, "var/lib", b'2', "../usr/lib", b"");
    let tar = finish(tar);
    let mut t = sb.fs();
    let info = apply(&mut &tar[..], &mut t, &layer_opts()).unwrap();
    assert_eq!((info.diff_id, info.size), (Digest::of(&tar), 10));
    let group = fs::symlink_metadata(sb.root.join("etc/group")).unwrap();
    assert!(group.file_type().is_char_device() && group.rdev() == 0, "a real overlayfs whiteout");
    assert_eq!(t.xattrs("var").unwrap(), [(OPAQUE_XATTR.to_string(), b"y".to_vec())]);
    assert_eq!(fs::metadata(sb.root.join("etc/pw")).unwrap().ino(), fs::metadata(sb.root.join("etc/passwd")).unwrap().ino());

    let mut again = Vec::new();
    create_from_upper(&t, &mut again).unwrap();
    let copy = sb.root.parent().unwrap().join("copy");
    fs::create_dir(&copy).unwrap();
    apply(&mut &again[..], &mut DirFs::open(&copy).unwrap(), &layer_opts()).unwrap();
    assert_eq!(tree(&copy), tree(&sb.root));
    sb.assert_outside_untouched();
}
