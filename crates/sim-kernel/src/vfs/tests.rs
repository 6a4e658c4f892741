use wharf_engine::fs::mem::MemFs;

use super::*;

fn tree_fs(vfs: &mut Vfs, name: &str) -> FsId {
    vfs.add_fs(Filesystem { kind: FsKind::Tree(Box::new(MemFs::new())), fstype: "tmpfs".into(), source: name.into(), options: String::new() })
}

#[test]
fn locate_picks_the_deepest_and_latest_mount() {
    let mut vfs = Vfs::new();
    let root = tree_fs(&mut vfs, "root");
    let a = tree_fs(&mut vfs, "a");
    let b = tree_fs(&mut vfs, "b");
    let ns = vfs.new_namespace(root);
    vfs.mount(ns, Mount { mountpoint: "/mnt".into(), fs: a, subpath: String::new(), readonly: false });
    assert_eq!(vfs.locate(ns, "/mnt/x").0.fs, a);
    assert_eq!(vfs.locate(ns, "/mnt/x").1, "x");
    assert_eq!(vfs.locate(ns, "/mntx").0.fs, root);
    vfs.mount(ns, Mount { mountpoint: "/mnt".into(), fs: b, subpath: "sub".into(), readonly: true });
    let (m, inner) = vfs.locate(ns, "/mnt/x");
    assert_eq!((m.fs, inner.as_str(), m.readonly), (b, "sub/x", true));
    assert_eq!(vfs.umount(ns, "/mnt", false), Ok(b));
    assert_eq!(vfs.locate(ns, "/mnt").0.fs, a);
    assert_eq!(vfs.locate(ns, "/mnt").1, "");
}

#[test]
fn namespaces_are_independent_copies() {
    let mut vfs = Vfs::new();
    let root = tree_fs(&mut vfs, "root");
    let proc_fs = vfs.add_fs(Filesystem { kind: FsKind::Proc { pid_ns: 1 }, fstype: "proc".into(), source: "proc".into(), options: String::new() });
    let host = vfs.new_namespace(root);
    let child = vfs.clone_namespace(host);
    vfs.mount(child, Mount { mountpoint: "/proc".into(), fs: proc_fs, subpath: String::new(), readonly: false });
    assert_eq!(vfs.locate(child, "/proc/1").0.fs, proc_fs);
    assert_eq!(vfs.locate(host, "/proc/1").0.fs, root);
    assert_eq!(vfs.remove_fs(proc_fs), Err(Errno::EBUSY));
}

#[test]
fn umount_refuses_busy_mounts_unless_lazy() {
    let mut vfs = Vfs::new();
    let root = tree_fs(&mut vfs, "root");
    let a = tree_fs(&mut vfs, "a");
    let b = tree_fs(&mut vfs, "b");
    let ns = vfs.new_namespace(root);
    vfs.mount(ns, Mount { mountpoint: "/a".into(), fs: a, subpath: String::new(), readonly: false });
    vfs.mount(ns, Mount { mountpoint: "/a/b".into(), fs: b, subpath: String::new(), readonly: false });
    assert_eq!(vfs.umount(ns, "/a", false), Err(Errno::EBUSY));
    assert_eq!(vfs.umount(ns, "/nope", false), Err(Errno::EINVAL));
    assert_eq!(vfs.umount(ns, "/a", true), Ok(a));
    assert_eq!(vfs.mounts(ns).len(), 1);
}

#[test]
fn pivot_root_swaps_the_root_and_keeps_the_old_one_below() {
    let mut vfs = Vfs::new();
    let host = tree_fs(&mut vfs, "host");
    let rootfs = tree_fs(&mut vfs, "rootfs");
    let ns = vfs.new_namespace(host);
    vfs.mount(ns, Mount { mountpoint: "/new".into(), fs: rootfs, subpath: String::new(), readonly: false });
    assert_eq!(vfs.pivot_root(ns, "/new", "/elsewhere"), Err(Errno::EINVAL));
    vfs.pivot_root(ns, "/new", "/new/.old").unwrap();
    assert_eq!(vfs.locate(ns, "/etc").0.fs, rootfs);
    let (m, inner) = vfs.locate(ns, "/.old/etc");
    assert_eq!((m.fs, inner.as_str()), (host, "etc"));
    vfs.umount(ns, "/.old", true).unwrap();
    assert_eq!(vfs.mounts(ns).len(), 1);
}
