//! A busybox root file system for tests and benches that run real containers: the static
//! binary, its applets as symlinks, and the directories a runtime mounts on. Included with
//! `#[path]` by `tests/runc_parity.rs` and `benches/run_true.rs`.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

/// Fills `dir` with the busybox root.
pub fn populate(dir: &Path) {
    for sub in ["bin", "etc", "tmp", "root", "proc", "sys", "dev"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::copy("/bin/busybox", dir.join("bin/busybox")).unwrap();
    let list = Command::new("/bin/busybox").arg("--list").output().unwrap().stdout;
    for applet in String::from_utf8(list).unwrap().lines().filter(|a| !a.is_empty() && *a != "busybox") {
        symlink("busybox", dir.join("bin").join(applet)).unwrap();
    }
}
