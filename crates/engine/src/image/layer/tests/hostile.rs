//! Hostile layers: each must be refused with the exact error naming its entry, leaving the tree
//! exactly as listed, or (the `contained` table) must land entirely inside the root.

use super::{apply_bytes, gzip, listing, opts, Entry, Tar};
use crate::fs::mem::MemFs;
use crate::fs::{Attrs, FsWrite};
use crate::image::layer::{ApplyMode, ApplyOptions};

struct Case {
    name: &'static str,
    tar: Vec<u8>,
    opts: ApplyOptions,
    lower: fn(&mut MemFs),
    /// The exact error message; `None` means the apply must succeed.
    error: Option<&'static str>,
    /// The tree afterwards, as [`listing`] prints it; `None` skips the check.
    after: Option<&'static [&'static str]>,
}

fn refused(name: &'static str, tar: Tar, error: &'static str, after: &'static [&'static str]) -> Case {
    Case { name, tar: tar.bytes(), opts: opts(ApplyMode::Layer), lower: |_| {}, error: Some(error), after: Some(after) }
}

fn contained(name: &'static str, tar: Tar, after: &'static [&'static str]) -> Case {
    Case { name, tar: tar.bytes(), opts: opts(ApplyMode::Layer), lower: |_| {}, error: None, after: Some(after) }
}

impl Case {
    fn flatten(mut self, lower: fn(&mut MemFs)) -> Case {
        self.opts.mode = ApplyMode::Flatten;
        self.lower = lower;
        self
    }
    fn with(mut self, f: fn(&mut ApplyOptions)) -> Case {
        f(&mut self.opts);
        self
    }
    fn raw(mut self, tar: Vec<u8>) -> Case {
        self.tar = tar;
        self
    }
}

fn etc(fs: &mut MemFs) {
    fs.mkdir("etc", &Attrs::root(0o755)).unwrap();
    fs.write_file("etc/passwd", &Attrs::root(0o644), &mut &b"p"[..]).unwrap();
    fs.write_file("etc/group", &Attrs::root(0o644), &mut &b"g"[..]).unwrap();
}

fn dotdots(n: usize) -> String {
    "../".repeat(n)
}

fn corrupt_checksum() -> Vec<u8> {
    let mut t = Tar::new().file("a", "x").bytes();
    t[0] = b'b';
    t
}

fn cases() -> Vec<Case> {
    let long_escape = format!("{}etc/passwd", dotdots(40));
    let long_link = format!("{}x", dotdots(40));
    vec![
        // ---- names that climb out or are absolute ----
        refused("dotdot", Tar::new().file("../etc/passwd", "x"), r#"layer entry "../etc/passwd": path escapes the layer root"#, &[]),
        refused(
            "dotdot in the middle",
            Tar::new().file("a/../../etc/passwd", "x"),
            r#"layer entry "a/../../etc/passwd": path escapes the layer root"#,
            &[],
        ),
        refused(
            "dotdot after real dirs",
            Tar::new().dir("a/").file("a/b/../../../x", "x"),
            r#"layer entry "a/b/../../../x": path escapes the layer root"#,
            &["d a"],
        ),
        refused("dot then dotdot", Tar::new().file("./../x", "x"), r#"layer entry "./../x": path escapes the layer root"#, &[]),
        refused("dotdot directory", Tar::new().dir("../"), r#"layer entry "../": path escapes the layer root"#, &[]),
        refused(
            "absolute",
            Tar::new().file("/etc/passwd", "x"),
            r#"layer entry "/etc/passwd": absolute paths are not allowed in a layer"#,
            &[],
        ),
        refused(
            "double-slash absolute",
            Tar::new().file("//etc/passwd", "x"),
            r#"layer entry "//etc/passwd": absolute paths are not allowed in a layer"#,
            &[],
        ),
        refused(
            "pax path escapes",
            Tar::new().pax(&[("path", b"../../x")]).file("innocent", "x"),
            r#"layer entry "../../x": path escapes the layer root"#,
            &[],
        ),
        refused(
            "pax path absolute",
            Tar::new().pax(&[("path", b"/etc/shadow")]).file("innocent", "x"),
            r#"layer entry "/etc/shadow": absolute paths are not allowed in a layer"#,
            &[],
        ),
        Case {
            error: Some(leak(format!("layer entry {long_escape:?}: path escapes the layer root"))),
            ..refused("gnu long name escapes", Tar::new().gnu_long(b'L', long_escape.as_bytes()).file("short", "x"), "", &[])
        },
        refused(
            "nul in pax path",
            Tar::new().pax(&[("path", b"a\0b")]).file("x", ""),
            "layer entry \"a\\0b\": name contains a nul byte",
            &[],
        ),
        // ---- symlinks ----
        refused(
            "symlink climbs out",
            Tar::new().symlink("evil", "../../etc"),
            r#"layer entry "evil": symlink target "../../etc" escapes the layer root"#,
            &[],
        ),
        refused(
            "symlink climbs out of a subdir",
            Tar::new().dir("a/").symlink("a/evil", "../../x"),
            r#"layer entry "a/evil": symlink target "../../x" escapes the layer root"#,
            &["d a"],
        ),
        refused(
            "symlink climbs out from behind a parent symlink",
            Tar::new().symlink("lib", "usr/lib").dir("usr/").dir("usr/lib/").symlink("lib/evil", "../../../etc"),
            r#"layer entry "lib/evil": symlink target "../../../etc" escapes the layer root"#,
            &["l lib=usr/lib", "d usr", "d usr/lib"],
        ),
        refused(
            "pax linkpath escapes",
            Tar::new().pax(&[("linkpath", b"../../../etc")]).symlink("l", "ok"),
            r#"layer entry "l": symlink target "../../../etc" escapes the layer root"#,
            &[],
        ),
        refused("empty symlink target", Tar::new().symlink("e", ""), r#"layer entry "e": link entry without a target"#, &[]),
        refused(
            "symlink loop in a parent",
            Tar::new().symlink("a", "b").symlink("b", "a").file("a/x", ""),
            r#"layer entry "a/x": too many levels of symbolic links"#,
            &["l a=b", "l b=a"],
        ),
        refused(
            "self-referencing symlink",
            Tar::new().symlink("s", "s/.").file("s/x", ""),
            r#"layer entry "s/x": too many levels of symbolic links"#,
            &["l s=s/."],
        ),
        // ---- hard links ----
        refused(
            "hard link climbs out",
            Tar::new().file("a", "x").hardlink("h", "../a"),
            r#"layer entry "h": hard link target "../a" escapes the layer root"#,
            &["f a=x"],
        ),
        refused(
            "hard link absolute",
            Tar::new().file("etc/passwd", "root").hardlink("h", "/etc/passwd"),
            r#"layer entry "h": hard link target "/etc/passwd" is absolute"#,
            &["d etc", "f etc/passwd=root"],
        ),
        refused(
            "hard link to nothing",
            Tar::new().hardlink("h", "nope"),
            r#"layer entry "h": hard link target "nope" does not exist"#,
            &[],
        ),
        refused(
            "hard link below nothing",
            Tar::new().hardlink("h", "no/where"),
            r#"layer entry "h": hard link target "no/where" does not exist"#,
            &[],
        ),
        refused(
            "hard link to a directory",
            Tar::new().dir("d/").hardlink("h", "d"),
            r#"layer entry "h": hard link target "d" is a directory"#,
            &["d d"],
        ),
        refused("hard link to the root", Tar::new().hardlink("h", "."), r#"layer entry "h": hard link target "." is a directory"#, &[]),
        refused(
            "hard link to itself",
            Tar::new().file("a", "x").hardlink("a", "a"),
            r#"layer entry "a": hard link target "a" is the entry itself"#,
            &["f a=x"],
        ),
        refused(
            "hard link through a symlink climbs out",
            Tar::new().symlink("s", "/").hardlink("h", "s/../../etc/shadow"),
            r#"layer entry "h": hard link target "s/../../etc/shadow" escapes the layer root"#,
            &["l s=/"],
        ),
        refused(
            "hard link to a whiteout",
            Tar::new().file(".wh.gone", "").hardlink("h", "gone"),
            r#"layer entry "h": hard link target "gone" does not exist"#,
            &["c gone=0:0"],
        ),
        refused(
            "gnu long link escapes",
            Tar::new().file("x", "1").gnu_long(b'K', long_link.as_bytes()).hardlink("h", "x"),
            leak(format!("layer entry \"h\": hard link target {long_link:?} escapes the layer root")),
            &["f x=1"],
        ),
        // ---- devices ----
        refused(
            "character device",
            Tar::new().entry(Entry::new("dev/null", b'3').rdev(1, 3)),
            r#"layer entry "dev/null": device nodes are not allowed here"#,
            &[],
        ),
        refused(
            "block device",
            Tar::new().entry(Entry::new("sda", b'4').rdev(8, 0)),
            r#"layer entry "sda": device nodes are not allowed here"#,
            &[],
        ),
        refused(
            "whiteout disguised as a device",
            Tar::new().entry(Entry::new("etc/passwd", b'3')),
            r#"layer entry "etc/passwd": a character device 0:0 is an overlayfs whiteout; layers delete files with .wh. entries"#,
            &[],
        )
        .with(|o| o.allow_devices = true),
        // ---- overlayfs xattrs ----
        refused(
            "smuggled opaque xattr",
            Tar::new().pax(&[("SCHILY.xattr.trusted.overlay.opaque", b"y")]).dir("d/"),
            r#"layer entry "d/": xattr "trusted.overlay.opaque" is reserved for overlayfs"#,
            &[],
        ),
        refused(
            "smuggled redirect xattr",
            Tar::new().pax(&[("SCHILY.xattr.user.overlay.redirect", b"/etc")]).file("f", ""),
            r#"layer entry "f": xattr "user.overlay.redirect" is reserved for overlayfs"#,
            &[],
        ),
        // ---- whiteouts ----
        refused(
            "whiteout of dotdot",
            Tar::new().file(".wh..", ""),
            r#"layer entry ".wh..": a whiteout must name a file in its directory"#,
            &[],
        ),
        refused(
            "whiteout of dotdot in a subdir",
            Tar::new().dir("a/").file("a/.wh..", ""),
            r#"layer entry "a/.wh..": a whiteout must name a file in its directory"#,
            &["d a"],
        ),
        refused(
            "whiteout of nothing",
            Tar::new().file(".wh.", ""),
            r#"layer entry ".wh.": a whiteout must name a file in its directory"#,
            &[],
        ),
        refused(
            "whiteout as a parent directory",
            Tar::new().file(".wh.x/y", ""),
            r#"layer entry ".wh.x/y": a whiteout name cannot be a parent directory"#,
            &[],
        ),
        refused(
            "flatten whiteout of dotdot",
            Tar::new().file("etc/.wh..", ""),
            r#"layer entry "etc/.wh..": a whiteout must name a file in its directory"#,
            &["d etc", "f etc/group=g", "f etc/passwd=p"],
        )
        .flatten(etc),
        // ---- names and headers ----
        refused(
            "non-utf-8 name",
            Tar::new().entry(Entry::new(b"bad\xffname", b'0')),
            "layer entry \"bad\u{fffd}name\": name is not valid utf-8",
            &[],
        ),
        refused(
            "non-utf-8 link target",
            Tar::new().entry(Entry::new("l", b'2').link(b"\xfe\xff")),
            r#"layer entry "l": link target is not valid utf-8"#,
            &[],
        ),
        refused(
            "absurd size",
            Tar::new().entry(Entry::new("big", b'0').declare_size(1 << 62)),
            r#"layer entry "big": size 4611686018427387904 exceeds the limit of 1099511627776 bytes"#,
            &[],
        ),
        refused(
            "size over the configured limit",
            Tar::new().file("f", "hello"),
            r#"layer entry "f": size 5 exceeds the limit of 4 bytes"#,
            &[],
        )
        .with(|o| o.max_file_size = 4),
        refused(
            "uid out of range",
            Tar::new().pax(&[("uid", b"1099511627776")]).file("f", ""),
            r#"layer entry "f": uid 1099511627776 is out of range"#,
            &[],
        ),
        refused(
            "unsupported entry type",
            Tar::new().entry(Entry::new("vol", b'V')),
            r#"layer entry "vol": unsupported tar entry type 'V'"#,
            &[],
        ),
        refused("file as the root", Tar::new().file("./", "x"), r#"layer entry "./": the layer root can only be a directory"#, &[]),
        refused("symlink as the root", Tar::new().symlink(".", "/etc"), r#"layer entry ".": the layer root can only be a directory"#, &[]),
        refused(
            "entry below a file",
            Tar::new().file("f", "x").file("f/x", "y"),
            r#"layer entry "f/x": parent "f" is not a directory"#,
            &["f f=x"],
        ),
        refused(
            "opaque marker below a file",
            Tar::new().file("f", "x").file("f/.wh..wh..opq", ""),
            r#"layer entry "f/.wh..wh..opq": parent "f" is not a directory"#,
            &["f f=x"],
        ),
        refused("truncated file data", Tar::new(), r#"layer entry "f": file data is truncated"#, &[])
            .raw(Tar::new().entry(Entry::new("f", b'0').data("abc").declare_size(1000)).unterminated()),
        refused("corrupt header checksum", Tar::new(), "reading layer: archive header checksum mismatch", &[]).raw(corrupt_checksum()),
        Case { after: None, ..refused("gzip with trailing garbage", Tar::new(), "reading layer: invalid gzip header", &[]) }
            .raw([gzip(&Tar::new().file("a", "x").bytes()), b"this is not a gzip member at all".to_vec()].concat()),
        // ---- hostile but contained: lands inside the root ----
        contained(
            "absolute symlink parent restarts at the root",
            Tar::new().symlink("lib", "/").file("lib/etc/passwd", "x"),
            &["d etc", "f etc/passwd=x", "l lib=/"],
        ),
        contained(
            "dotdots in a symlink parent stop at the root",
            Tar::new().symlink("esc", "/../../..").file("esc/x", "y"),
            &["l esc=/../../..", "f x=y"],
        ),
        contained(
            "hard link through a symlink parent",
            Tar::new().file("etc/shadow", "s").symlink("s", "/etc").hardlink("h", "s/shadow"),
            &["d etc", "f etc/shadow=s", "f h=s", "l s=/etc"],
        ),
        contained(
            "directory replaced by a symlink, then written through",
            Tar::new().dir("d/").symlink("d", "/etc").file("d/x", "1"),
            &["l d=/etc", "d etc", "f etc/x=1"],
        ),
        contained("lexical dotdot inside the root", Tar::new().file("a/../b", "x"), &["f b=x"]),
        contained(
            "flatten whiteout through a symlink parent",
            Tar::new().symlink("link", "/etc").file("link/.wh.passwd", ""),
            &["d etc", "f etc/group=g", "l link=/etc"],
        )
        .flatten(etc),
        contained(
            "flatten whiteout below nothing creates nothing",
            Tar::new().file("nope/.wh.x", ""),
            &["d etc", "f etc/group=g", "f etc/passwd=p"],
        )
        .flatten(etc),
    ]
}

/// Case tables hold `&'static str`; the few computed messages are leaked, once per test run.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[test]
fn hostile_layers_are_refused_or_contained() {
    let cases = cases();
    let refused = cases.iter().filter(|c| c.error.is_some()).count();
    assert!(refused >= 30, "only {refused} refused cases");
    println!("hostile layers: {refused} refused, {} contained", cases.len() - refused);
    let mut failures = Vec::new();
    for case in &cases {
        let mut fs = MemFs::new();
        (case.lower)(&mut fs);
        let result = apply_bytes(&case.tar, &mut fs, &case.opts);
        let got = match &result {
            Ok(_) => None,
            Err(e) => Some(e.to_string()),
        };
        if got.as_deref() != case.error {
            failures.push(format!("{}: expected {:?}, got {:?}", case.name, case.error, got));
            continue;
        }
        if let Some(after) = case.after {
            let tree = listing(&fs);
            if tree != after {
                failures.push(format!("{}: tree is {tree:?}, expected {after:?}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
