//! Container root filesystems: `ROOT/containers/<id>/{upper,work,merged}` and an overlayfs
//! mount on `merged` of the layer chain under Docker's init layer (the mount points and files
//! the runtime mounts over, so they never show in a diff); `top` records the chain (for
//! `remove_layer`'s check). The init layer is a lower, read-only directory whose contents never
//! vary, so all containers share one, `ROOT/init-layer`, made once (Docker makes one per
//! container, `<id>-init`; a container made by an older wharf keeps its own `<id>/init`).
//!
//! A scratch root (a `--rm` container's) is mounted `volatile`: overlayfs then skips syncing the
//! upper directory's filesystem, which it otherwise does on unmount (and which on a busy disk
//! costs more than the whole run). Podman does the same for `--rm`. The price is that writes
//! inside are not made durable, nothing of such a root outliving its one run.
//!
//! A removed root whose container wrote nothing (an empty upper directory, the common case
//! of a `run --rm`) is not deleted but kept as a spare, `ROOT/spare-roots/<id>`, and the next
//! root made takes it by a rename. On ext4, each new inode is found by scanning past the
//! recently deleted ones, and making a root's directories and files, then deleting them with
//! an `rm` process, was a fifth of a `run --rm true`'s CPU time.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

use rustix::mount::{mount, unmount, MountFlags, UnmountFlags};
use wharf_engine::digest::Digest;
use wharf_engine::kernel::KernelError;

/// Overlay options that keep the upper directory in the plain format the engine diffs: no
/// redirect xattrs for renamed directories, no index, no metadata-only copy-ups. Tried in order:
/// an older kernel that rejects one falls back to fewer.
const OPTION_SETS: [&str; 4] = ["redirect_dir=off,index=off,metacopy=off", "redirect_dir=off,index=off", "index=off", ""];

/// Docker's init layer: directories, then empty files (`.dockerenv` executable, as Docker
/// makes it).
const INIT_DIRS: [&str; 6] = ["dev", "dev/pts", "dev/shm", "etc", "proc", "sys"];
const INIT_FILES: [&str; 5] = ["dev/console", "etc/hostname", "etc/hosts", "etc/resolv.conf", ".dockerenv"];

fn make_init_layer(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for d in INIT_DIRS {
        fs::create_dir_all(dir.join(d))?;
        fs::set_permissions(dir.join(d), fs::Permissions::from_mode(0o755))?;
    }
    for f in INIT_FILES {
        fs::File::create(dir.join(f))?;
        fs::set_permissions(dir.join(f), fs::Permissions::from_mode(if f == ".dockerenv" { 0o755 } else { 0o644 }))?;
    }
    Ok(())
}

/// The name prefix of removed root filesystems not yet deleted.
const TRASH: &str = ".removed-";

/// How many spare roots to keep (enough for a burst of parallel `run --rm`s).
const MAX_SPARES: usize = 8;

/// What a root filesystem's directory may hold to be kept as a spare: its overlay directories
/// and the files the kernel writes for the container (deleted).
const SPARE_ENTRIES: [&str; 6] = ["upper", "work", "merged", "hosts", "hostname", "resolv.conf"];

/// The root filesystems under `ROOT/containers`.
pub struct Rootfs {
    dir: PathBuf,
    /// The shared init layer.
    init: PathBuf,
    /// The `rm` processes deleting removed root filesystems (see [`Rootfs::delete_in_background`]).
    deleting: Mutex<Vec<Child>>,
    /// Directories of removed roots kept for reuse (see the module docs).
    spares: PathBuf,
}

fn io_err(what: &str, path: &Path, e: io::Error) -> KernelError {
    KernelError::Other(format!("{what} {}: {e}", path.display()))
}

fn check_id(id: &str) -> Result<(), KernelError> {
    if id.is_empty() || id.contains('/') || id == "." || id == ".." {
        return Err(KernelError::Other(format!("invalid root filesystem id {id:?}")));
    }
    Ok(())
}

/// `utimensat`'s "the current time".
const NOW: rustix::fs::Timespec = rustix::fs::Timespec { tv_sec: 0, tv_nsec: rustix::fs::UTIME_NOW };

/// The extended attribute overlayfs gives an upper directory on mounting (its instance's
/// identity): removed from a spare, so the next mount makes its own.
const OVERLAY_UUID: &str = "trusted.overlay.uuid";

/// Readies upper directory `d` for reuse if it is as `create` made it; whether it is. The
/// container's `/` takes its mode, owner and extended attributes, so one whose container
/// changed them (`chmod 700 /`) is deleted, never reused.
fn reset_upper(d: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = fs::metadata(d) else { return false };
    if meta.mode() & 0o7777 != 0o755 || meta.uid() != 0 || meta.gid() != 0 {
        return false;
    }
    let mut list = [0u8; 256];
    let Ok(len) = rustix::fs::listxattr(d, &mut list[..]) else { return false };
    let mut names = list[..len].split(|&b| b == 0).filter(|n| !n.is_empty());
    if !names.all(|n| n == OVERLAY_UUID.as_bytes()) {
        return false;
    }
    len == 0 || rustix::fs::removexattr(d, OVERLAY_UUID).is_ok()
}

/// Removes the marker a volatile mount leaves in container directory `c`'s work directory:
/// overlayfs refuses the directory while it is there (the upper may be torn after a crash).
fn clear_volatile_marker(c: &Path) {
    let _ = fs::remove_dir_all(c.join("work").join("work").join("incompat"));
}

impl Rootfs {
    /// Opens (creating) `root/containers`.
    pub fn open(root: &Path) -> io::Result<Rootfs> {
        let dir = root.join("containers");
        fs::create_dir_all(&dir)?;
        let init = root.join("init-layer");
        if !init.is_dir() {
            // Made aside and renamed into place: a crash never leaves a half-made one.
            let tmp = root.join(format!("init-layer.tmp{}", std::process::id()));
            let _ = fs::remove_dir_all(&tmp);
            make_init_layer(&tmp)?;
            if let Err(e) = fs::rename(&tmp, &init) {
                let _ = fs::remove_dir_all(&tmp);
                if !init.is_dir() {
                    return Err(e);
                }
            }
        }
        // What an earlier process had no time to delete (see `remove`).
        let trash: Vec<PathBuf> = fs::read_dir(&dir)?.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(TRASH))).collect();
        let spares = root.join("spare-roots");
        fs::create_dir_all(&spares)?;
        let rootfs = Rootfs { dir, init, deleting: Mutex::default(), spares };
        if !trash.is_empty() {
            rootfs.delete_in_background(trash);
        }
        Ok(rootfs)
    }

    /// Deletes `dirs` with an `rm -rf` of their own, reaping the ones done before. A process
    /// (spawned with vfork: no copy of this one's memory) rather than a thread: a process
    /// exits only once its threads' current system calls return, and deleting an overlay's
    /// work directory can take milliseconds (2.8 ms of each `run --rm true` went there).
    fn delete_in_background(&self, dirs: Vec<PathBuf>) {
        let mut deleting = self.deleting.lock().unwrap_or_else(|e| e.into_inner());
        deleting.retain_mut(|rm| matches!(rm.try_wait(), Ok(None)));
        let rm = Command::new("/bin/rm").arg("-rf").arg("--").args(&dirs).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn();
        match rm {
            Ok(rm) => deleting.push(rm),
            Err(_) => {
                let _ = std::thread::Builder::new().name("rm rootfs".into()).spawn(move || dirs.iter().for_each(|d| drop(fs::remove_dir_all(d))));
            }
        }
    }

    /// Moves unmounted root directory `c` (its `top` gone) to the spares if nothing the
    /// container wrote is in it and there is room; whether it did.
    fn keep_as_spare(&self, c: &Path, id: &str) -> bool {
        let names = |d: &Path| -> Option<Vec<String>> {
            fs::read_dir(d).ok()?.map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned())).collect()
        };
        // The daemon keeps the container's log here too (`daemon::persist`); it goes with it.
        let log = format!("{id}-json.log");
        let clean = names(c).is_some_and(|n| n.iter().all(|n| SPARE_ENTRIES.contains(&n.as_str()) || *n == log))
            && names(&c.join("upper")).is_some_and(|n| n.is_empty())
            && names(&c.join("merged")).is_some_and(|n| n.is_empty())
            && names(&c.join("work")).is_some_and(|n| n.iter().all(|n| n == "work"));
        if !clean || names(&self.spares).is_none_or(|n| n.len() >= MAX_SPARES) || !reset_upper(&c.join("upper")) {
            return false;
        }
        // The files go (another container may still have them mounted: one sharing this
        // one's network, `--network container:`), as does the daemon's log of it.
        for f in ["hosts", "hostname", "resolv.conf", &log] {
            if fs::remove_file(c.join(f)).is_err_and(|e| e.kind() != io::ErrorKind::NotFound) {
                return false;
            }
        }
        fs::rename(c, self.spares.join(id)).is_ok()
    }

    /// Renames a spare to `c`; whether there was one. Another process may take the same spare
    /// first: its rename wins and this one tries the next.
    fn take_spare(&self, c: &Path) -> bool {
        let Ok(entries) = fs::read_dir(&self.spares) else { return false };
        for entry in entries.filter_map(Result::ok) {
            let spare = entry.path();
            // overlayfs cleans `work/work` itself on mounting, but not this.
            clear_volatile_marker(&spare);
            if fs::rename(&spare, c).is_ok() {
                // The container's `/` shows the upper directory's times: make them its own.
                let _ = rustix::fs::utimensat(rustix::fs::CWD, c.join("upper"), &rustix::fs::Timestamps { last_access: NOW, last_modification: NOW }, rustix::fs::AtFlags::empty());
                return true;
            }
        }
        false
    }

    fn container(&self, id: &str) -> PathBuf {
        self.dir.join(id)
    }

    /// The mounted tree of `id`; `NotFound` if it has none.
    pub fn merged(&self, id: &str) -> Result<PathBuf, KernelError> {
        check_id(id)?;
        let c = self.container(id);
        if !c.join("top").exists() {
            return Err(KernelError::NotFound(format!("root filesystem {id}")));
        }
        Ok(c.join("merged"))
    }

    /// The init layer of `id` (the topmost lower directory).
    pub fn init_layer(&self, id: &str) -> Result<PathBuf, KernelError> {
        let own = self.merged(id)?.with_file_name("init");
        Ok(if own.is_dir() { own } else { self.init.clone() })
    }

    /// The upper directory of `id`.
    pub fn upper(&self, id: &str) -> Result<PathBuf, KernelError> {
        Ok(self.merged(id)?.with_file_name("upper"))
    }

    /// The chain top of `id` (`None` for an empty root).
    pub fn top(&self, id: &str) -> Result<Option<Digest>, KernelError> {
        let top = self.merged(id)?.with_file_name("top");
        let s = fs::read_to_string(&top).map_err(|e| io_err("reading", &top, e))?;
        Ok(s.trim().parse().ok())
    }

    /// The chain tops of every root filesystem (`None` for an empty one).
    pub fn tops(&self) -> Result<Vec<Option<Digest>>, KernelError> {
        let mut out = Vec::new();
        for entry in fs::read_dir(&self.dir).map_err(|e| io_err("listing", &self.dir, e))? {
            let entry = entry.map_err(|e| io_err("listing", &self.dir, e))?;
            if let Ok(s) = fs::read_to_string(entry.path().join("top")) {
                out.push(s.trim().parse().ok());
            }
        }
        Ok(out)
    }

    /// Whether `id`'s overlay is mounted (its `merged` is on another device than its
    /// directory).
    fn is_mounted(&self, id: &str) -> bool {
        use std::os::unix::fs::MetadataExt;
        let c = self.container(id);
        match (fs::metadata(&c), fs::metadata(c.join("merged"))) {
            (Ok(dir), Ok(merged)) => dir.dev() != merged.dev(),
            _ => false,
        }
    }

    /// Mounts `id` over its init layer and `lowers` (top first; may be empty). One left by an
    /// earlier kernel (a daemon restart) is mounted again with its upper directory as it was.
    /// `scratch` mounts it `volatile` (see the module docs).
    pub fn create(&self, id: &str, top: Option<&Digest>, lowers: &[PathBuf], scratch: bool) -> Result<(), KernelError> {
        check_id(id)?;
        let c = self.container(id);
        if c.join("top").exists() {
            if self.is_mounted(id) {
                return Err(KernelError::Busy(format!("root filesystem {id}")));
            }
            // Only scratch roots are mounted volatile, and what they hold is thrown away with
            // them: mount it again as it is.
            clear_volatile_marker(&c);
            return self.mount(&c, lowers, scratch);
        }
        let result = (|| {
            if !self.take_spare(&c) {
                for d in ["upper", "work", "merged"] {
                    fs::create_dir_all(c.join(d)).map_err(|e| io_err("creating", &c.join(d), e))?;
                }
            }
            self.mount(&c, lowers, scratch)?;
            fs::write(c.join("top"), top.map(|t| t.to_string()).unwrap_or_default()).map_err(|e| io_err("writing", &c, e))
        })();
        if result.is_err() {
            let _ = unmount(c.join("merged"), UnmountFlags::DETACH);
            let _ = fs::remove_dir_all(&c);
        }
        result
    }

    /// The overlay mount of container directory `c` on its `merged`.
    fn mount(&self, c: &Path, lowers: &[PathBuf], scratch: bool) -> Result<(), KernelError> {
        let own = c.join("init");
        let init = if own.is_dir() { own } else { self.init.clone() };
        let lowerdir = std::iter::once(&init).chain(lowers).map(|p| p.to_string_lossy().replace(':', "\\:")).collect::<Vec<_>>().join(":");
        let base = format!("lowerdir={lowerdir},upperdir={},workdir={}", c.join("upper").display(), c.join("work").display());
        let merged = c.join("merged");
        let mut last = None;
        // `volatile` first when asked for; a kernel older than 5.10 refuses it and gets the rest.
        let volatile = OPTION_SETS.iter().filter(|_| scratch).map(|o| if o.is_empty() { "volatile".to_string() } else { format!("{o},volatile") });
        for opts in volatile.chain(OPTION_SETS.iter().map(|o| o.to_string())) {
            let data = if opts.is_empty() { base.clone() } else { format!("{base},{opts}") };
            let data = std::ffi::CString::new(data).map_err(|_| KernelError::Other("NUL in a layer path".into()))?;
            match mount("overlay", &merged, "overlay", MountFlags::empty(), Some(data.as_c_str())) {
                Ok(()) => {
                    last = None;
                    break;
                }
                Err(e) if e == rustix::io::Errno::INVAL => last = Some(e),
                Err(e) => {
                    last = Some(e);
                    break;
                }
            }
        }
        if let Some(e) = last {
            return Err(io_err("mounting overlay on", &merged, e.into()));
        }
        Ok(())
    }

    /// Unmounts `id`, keeping its directories (the daemon's state still names it).
    pub fn unmount(&self, id: &str) {
        if let Ok(merged) = self.merged(id) {
            let _ = unmount(&merged, UnmountFlags::DETACH);
        }
    }

    /// Unmounts and deletes `id`.
    pub fn remove(&self, id: &str) -> Result<(), KernelError> {
        let merged = self.merged(id)?;
        match unmount(&merged, UnmountFlags::empty()) {
            Ok(()) | Err(rustix::io::Errno::INVAL) => {}
            Err(rustix::io::Errno::BUSY) => return Err(KernelError::Busy(format!("root filesystem {id}"))),
            Err(e) => return Err(io_err("unmounting", &merged, e.into())),
        }
        let c = self.container(id);
        let _ = fs::remove_file(c.join("top"));
        if self.keep_as_spare(&c, id) {
            return Ok(());
        }
        // Renamed out of the way at once, deleted in the background: the caller (`docker run
        // --rm` waiting for the removal) does not wait for the disk. What a crash leaves is
        // deleted by the next `open`.
        let trash = self.dir.join(format!("{TRASH}{id}"));
        match fs::rename(&c, &trash) {
            Ok(()) => {
                self.delete_in_background(vec![trash]);
                Ok(())
            }
            Err(_) => fs::remove_dir_all(&c).map_err(|e| io_err("removing", &c, e)),
        }
    }
}
