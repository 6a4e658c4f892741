//! A busybox root file system for tests and benches that run real containers: the static
//! binary, its applets as symlinks, and the directories a runtime mounts on. Included with
//! `#[path]` by the native tests (`runc_parity`, `native_kernel`, `daemon_api`,
//! `image_interop`) and `benches/run_true.rs`, each adding its own files.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

/// The directories a runtime needs: its mount points included.
pub const RUNTIME_DIRS: &[&str] = &["bin", "etc", "tmp", "root", "proc", "sys", "dev"];

/// The directories of an image layer run by wharf or Docker, whose init layer provides the
/// mount points (`/proc`, `/sys`, `/dev`).
#[allow(dead_code)]
pub const IMAGE_DIRS: &[&str] = &["bin", "etc", "tmp", "root"];

/// Fills `dir` with the busybox root for a runtime ([`RUNTIME_DIRS`]).
#[allow(dead_code)]
pub fn populate(dir: &Path) {
    populate_with(dir, RUNTIME_DIRS);
}

/// Makes `dirs` under `dir` (with their parents), then `bin/busybox` and its applets.
pub fn populate_with(dir: &Path, dirs: &[&str]) {
    for sub in dirs.iter().chain(&["bin"]) {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::copy("/bin/busybox", dir.join("bin/busybox")).unwrap();
    let list = Command::new("/bin/busybox").arg("--list").output().unwrap().stdout;
    for applet in String::from_utf8(list).unwrap().lines().filter(|a| !a.is_empty() && *a != "busybox") {
        symlink("busybox", dir.join("bin").join(applet)).unwrap();
    }
}
