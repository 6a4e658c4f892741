//! What well-formed layers do: whiteouts in both modes, links, attributes, digests.

use super::{apply_bytes, gzip, listing, opts, Entry, Tar};
use crate::digest::Digest;
use crate::fs::mem::MemFs;
use crate::fs::{Attrs, FileKind, FsRead, FsWrite, OPAQUE_XATTR};
use crate::image::layer::{inspect, ApplyMode};

fn file(fs: &mut MemFs, path: &str, data: &str) {
    fs.write_file(path, &Attrs::root(0o644), &mut data.as_bytes()).unwrap();
}

fn dir(fs: &mut MemFs, path: &str, mode: u32) {
    fs.mkdir(path, &Attrs::root(mode)).unwrap();
}

#[test]
fn layer_mode_writes_overlayfs_whiteouts_and_opaque_dirs() {
    let tar = Tar::new()
        .dir("a/")
        .entry(Entry::new("a/.wh.gone", b'0').owner(5, 6).mode(0o600))
        .dir("b/")
        .file("b/.wh..wh..opq", "")
        .file("b/new", "n")
        .bytes();
    let mut fs = MemFs::new();
    apply_bytes(&tar, &mut fs, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(listing(&fs), ["d a", "c a/gone=0:0", "d b", "f b/new=n"]);
    let gone = fs.lstat("a/gone").unwrap().unwrap();
    assert!(gone.is_whiteout());
    assert_eq!((gone.mode, gone.uid, gone.gid), (0, 5, 6), "mknod(S_IFCHR, 0) then chown, as Docker");
    assert_eq!(fs.xattrs("b").unwrap(), [(OPAQUE_XATTR.to_string(), b"y".to_vec())]);
}

fn lower(fs: &mut MemFs) {
    dir(fs, "d", 0o755);
    file(fs, "d/old1", "1");
    file(fs, "d/old2", "2");
    dir(fs, "d/sub", 0o755);
    file(fs, "d/sub/deep", "3");
    dir(fs, "keep", 0o755);
    file(fs, "keep/x", "x");
    file(fs, "gone", "g");
}

#[test]
fn flatten_deletes_and_opaque_keeps_only_what_the_tar_made() {
    let tar = Tar::new()
        .file("d/early", "e") // before the marker: made by this tar, kept
        .dir("d/sub/") // merges into an existing dir: kept, but its old contents go
        .dir("d/")
        .file("d/.wh..wh..opq", "")
        .file("d/late", "l")
        .file(".wh.gone", "")
        .file("keep/.wh.nothing-here", "")
        .bytes();
    let mut fs = MemFs::new();
    lower(&mut fs);
    apply_bytes(&tar, &mut fs, &opts(ApplyMode::Flatten)).unwrap();
    assert_eq!(listing(&fs), ["d d", "f d/early=e", "f d/late=l", "d d/sub", "d keep", "f keep/x=x"]);
    assert!(fs.xattrs("d").unwrap().is_empty(), "flatten never writes overlayfs xattrs");
}

#[test]
fn docker_ordered_opaque_clears_the_lower_directory() {
    let tar = Tar::new().dir("d/").file("d/.wh..wh..opq", "").file("d/new", "n").bytes();
    let mut fs = MemFs::new();
    lower(&mut fs);
    apply_bytes(&tar, &mut fs, &opts(ApplyMode::Flatten)).unwrap();
    assert_eq!(listing(&fs), ["d d", "f d/new=n", "f gone=g", "d keep", "f keep/x=x"]);
}

#[test]
fn hard_links_share_an_inode_and_count_once() {
    let tar = Tar::new().file("a", "hello").dir("d/").hardlink("d/b", "a").bytes();
    let mut fs = MemFs::new();
    let info = apply_bytes(&tar, &mut fs, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(info.size, 5);
    let (a, b) = (fs.lstat("a").unwrap().unwrap(), fs.lstat("d/b").unwrap().unwrap());
    assert_eq!((a.ino, a.nlink), (b.ino, 2));
}

#[test]
fn entries_behind_symlink_chains_land_where_the_links_point() {
    let tar = Tar::new()
        .symlink("lib", "usr/lib")
        .dir("usr/")
        .symlink("usr/lib", "../opt/lib")
        .dir("opt/")
        .dir("opt/lib/")
        .file("lib/x", "x")
        .symlink("abs", "/lib")
        .file("abs/y", "y")
        .bytes();
    let mut fs = MemFs::new();
    apply_bytes(&tar, &mut fs, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(
        listing(&fs),
        ["l abs=/lib", "l lib=usr/lib", "d opt", "d opt/lib", "f opt/lib/x=x", "f opt/lib/y=y", "d usr", "l usr/lib=../opt/lib"]
    );
}

#[test]
fn long_names_from_gnu_and_pax_headers() {
    let gnu = format!("{}/gnu-file", "g".repeat(150));
    let pax = format!("{}/pax-file", "p".repeat(300));
    let link = format!("{}/target", "t".repeat(120));
    let tar = Tar::new()
        .gnu_long(b'L', gnu.as_bytes())
        .file("truncated-name", "1")
        .pax(&[("path", pax.as_bytes())])
        .file("truncated-too", "2")
        .pax(&[("path", b"l"), ("linkpath", link.as_bytes())])
        .symlink("ignored", "ignored")
        .bytes();
    let mut fs = MemFs::new();
    apply_bytes(&tar, &mut fs, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(&*fs.contents(&gnu).unwrap(), b"1");
    assert_eq!(&*fs.contents(&pax).unwrap(), b"2");
    assert_eq!(fs.read_link("l").unwrap(), link);
}

#[test]
fn modes_owners_mtimes_and_xattrs_are_kept() {
    let tar = Tar::new()
        .entry(Entry::new("sbin/", b'5').mode(0o750).owner(0, 10).mtime(111))
        .entry(Entry::new("sbin/su", b'0').mode(0o4755).owner(0, 0).mtime(222).data("#!"))
        .entry(Entry::new("tmp/", b'5').mode(0o1777).mtime(333))
        .entry(Entry::new("home/", b'5').mode(0o2775).owner(1000, 1000))
        .pax(&[("mtime", b"1700000000.75"), ("SCHILY.xattr.user.comment", b"hi"), ("uid", b"3000000")])
        .entry(Entry::new("home/f", b'0').mode(0o640).owner(7, 8))
        .entry(Entry::new("l", b'2').link("sbin/su").owner(3, 4).mtime(444).mode(0o777))
        .bytes();
    let mut fs = MemFs::new();
    apply_bytes(&tar, &mut fs, &opts(ApplyMode::Layer)).unwrap();
    let attrs = |p: &str| fs.lstat(p).unwrap().unwrap().attrs();
    assert_eq!(attrs("sbin"), Attrs { mode: 0o750, uid: 0, gid: 10, mtime: 111 });
    assert_eq!(attrs("sbin/su"), Attrs { mode: 0o4755, uid: 0, gid: 0, mtime: 222 });
    assert_eq!(attrs("tmp").mode, 0o1777);
    assert_eq!(attrs("home"), Attrs { mode: 0o2775, uid: 1000, gid: 1000, mtime: 1_700_000_000 });
    assert_eq!(attrs("home/f"), Attrs { mode: 0o640, uid: 3_000_000, gid: 8, mtime: 1_700_000_000 });
    assert_eq!(attrs("l"), Attrs { mode: 0o777, uid: 3, gid: 4, mtime: 444 });
    assert_eq!(fs.xattrs("home/f").unwrap(), [("user.comment".to_string(), b"hi".to_vec())]);
}

#[test]
fn directory_attributes_are_set_after_their_contents() {
    // The directory comes first with its final attributes, then a child, then a duplicate
    // entry: the last directory entry wins, and it is applied at the end.
    let tar = Tar::new()
        .entry(Entry::new("d/", b'5').mode(0o500).mtime(10))
        .file("d/x", "x")
        .entry(Entry::new("d/", b'5').mode(0o555).mtime(20))
        .entry(Entry::new("./", b'5').mode(0o700).mtime(30))
        .bytes();
    let mut fs = MemFs::new();
    apply_bytes(&tar, &mut fs, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(fs.lstat("d").unwrap().unwrap().attrs(), Attrs { mode: 0o555, uid: 0, gid: 0, mtime: 20 });
    assert_eq!(fs.lstat("").unwrap().unwrap().attrs(), Attrs { mode: 0o700, uid: 0, gid: 0, mtime: 30 });
}

#[test]
fn implied_parents_are_created_0755_root() {
    let tar = Tar::new().entry(Entry::new("a/b/c", b'0').owner(5, 5)).bytes();
    let mut fs = MemFs::new();
    apply_bytes(&tar, &mut fs, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(fs.lstat("a/b").unwrap().unwrap().attrs(), Attrs::root(0o755));
}

#[test]
fn replacing_follows_docker() {
    let mut fs = MemFs::new();
    file(&mut fs, "was-file", "f");
    dir(&mut fs, "was-dir", 0o755);
    file(&mut fs, "was-dir/child", "c");
    dir(&mut fs, "merged", 0o700);
    file(&mut fs, "merged/child", "c");
    fs.symlink("was-link", "/etc", &Attrs::root(0o777)).unwrap();
    let tar = Tar::new()
        .dir("was-file/")
        .file("was-dir", "now a file")
        .dir("merged/")
        .file("was-link", "now a file too")
        .file("twice", "1")
        .file("twice", "2")
        .bytes();
    apply_bytes(&tar, &mut fs, &opts(ApplyMode::Flatten)).unwrap();
    assert_eq!(
        listing(&fs),
        ["d merged", "f merged/child=c", "f twice=2", "f was-dir=now a file", "d was-file", "f was-link=now a file too"]
    );
    assert_eq!(fs.lstat("merged").unwrap().unwrap().mode, 0o755, "a directory entry updates an existing directory");
}

#[test]
fn devices_and_fifos_when_allowed() {
    let tar = Tar::new()
        .entry(Entry::new("dev/null", b'3').rdev(1, 3).mode(0o666))
        .entry(Entry::new("dev/sda", b'4').rdev(8, 0).mode(0o660))
        .entry(Entry::new("run/fifo", b'6').mode(0o600))
        .bytes();
    let mut fs = MemFs::new();
    let mut o = opts(ApplyMode::Layer);
    o.allow_devices = true;
    apply_bytes(&tar, &mut fs, &o).unwrap();
    assert_eq!(listing(&fs), ["d dev", "c dev/null=1:3", "b dev/sda=8:0", "d run", "p run/fifo"]);
    // Fifos need no permission.
    let mut fs = MemFs::new();
    apply_bytes(&Tar::new().entry(Entry::new("p", b'6')).bytes(), &mut fs, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(fs.lstat("p").unwrap().unwrap().kind, FileKind::Fifo);
}

#[test]
fn aufs_metadata_and_global_headers_are_skipped() {
    let tar = Tar::new()
        .dir(".wh..wh.plnk/")
        .file(".wh..wh.plnk/1234.5", "x")
        .file(".wh..wh.aufs", "")
        .entry(Entry::new("pax_global_header", b'g').data("20 comment=whatever\n"))
        .file("kept", "k")
        .bytes();
    let mut fs = MemFs::new();
    apply_bytes(&tar, &mut fs, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(listing(&fs), ["f kept=k"]);
}

#[test]
fn digests_cover_the_whole_stream_and_gzip_is_detected() {
    let tar = Tar::new().file("a", "hello").hardlink("b", "a").file("c", "!").bytes();
    assert_eq!(tar.len(), 10240, "padded to a record");
    let gz = gzip(&tar);

    let plain = apply_bytes(&tar, &mut MemFs::new(), &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(plain.diff_id, Digest::of(&tar));
    assert_eq!((plain.blob_digest, plain.blob_size, plain.compressed), (Digest::of(&tar), 10240, false));
    assert_eq!(plain.size, 6);

    let mut fs = MemFs::new();
    let zipped = apply_bytes(&gz, &mut fs, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(zipped.diff_id, plain.diff_id);
    assert_eq!((zipped.blob_digest, zipped.blob_size, zipped.compressed), (Digest::of(&gz), gz.len() as u64, true));
    assert_eq!(listing(&fs), ["f a=hello", "f b=hello", "f c=!"]);

    assert_eq!(inspect(&mut &tar[..]).unwrap(), plain);
    assert_eq!(inspect(&mut &gz[..]).unwrap(), zipped);
    let two_members = [gzip(&tar[..5000]), gzip(&tar[5000..])].concat();
    assert_eq!(inspect(&mut &two_members[..]).unwrap().diff_id, plain.diff_id, "multi-member gzip");

    let mut trailing = tar.clone();
    trailing.extend_from_slice(b"bytes after the end blocks");
    let info = inspect(&mut &trailing[..]).unwrap();
    assert_eq!(info.diff_id, Digest::of(&trailing), "Docker hashes the stream to its end");
}

#[test]
fn empty_and_unterminated_streams() {
    let empty = inspect(&mut &b""[..]).unwrap();
    assert_eq!((empty.diff_id, empty.size), (Digest::of(b""), 0));
    let entries_only = Tar::new().file("a", "x").unterminated();
    let mut fs = MemFs::new();
    apply_bytes(&entries_only, &mut fs, &opts(ApplyMode::Layer)).unwrap();
    assert_eq!(listing(&fs), ["f a=x"]);
}
