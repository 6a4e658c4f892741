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

/// The root filesystems under `ROOT/containers`.
pub struct Rootfs {
    dir: PathBuf,
    /// The shared init layer.
    init: PathBuf,
    /// The `rm` processes deleting removed root filesystems (see [`Rootfs::delete_in_background`]).
    deleting: Mutex<Vec<Child>>,
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
        let rootfs = Rootfs { dir, init, deleting: Mutex::default() };
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
            // A volatile mount leaves this marker, and overlayfs refuses the directory while it
            // is there (the upper may be torn after a crash). Only scratch roots are mounted
            // volatile, and what they hold is thrown away with them: mount it again as it is.
            let _ = fs::remove_dir_all(c.join("work").join("work").join("incompat"));
            return self.mount(&c, lowers, scratch);
        }
        let result = (|| {
            for d in ["upper", "work", "merged"] {
                fs::create_dir_all(c.join(d)).map_err(|e| io_err("creating", &c.join(d), e))?;
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
