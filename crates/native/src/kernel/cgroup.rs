//! cgroups, v2 or v1 (a hybrid machine counts as v1: its controllers are on the v1 mounts).
//!
//! A container cgroup `name` (`system.slice/docker-<id>.scope`) is `name` below the root of the
//! hierarchy, as Docker places it. On v1 it is made in each controller wharf uses (memory, pids,
//! cpu, cpuacct, freezer); on v2 once, after enabling the controllers in every ancestor's
//! `cgroup.subtree_control`. Limits are written when it is created.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use wharf_engine::kernel::{CgroupStats, KernelError, Limits, Pid};

/// Where cgroup filesystems are mounted.
pub const ROOT: &str = "/sys/fs/cgroup";
/// v1 controllers wharf uses.
const V1: [&str; 6] = ["memory", "pids", "cpu", "cpuacct", "freezer", "devices"];

/// The devices an unprivileged container may use (runc's default allow list): `mknod` of
/// anything, but reads and writes only of these (null, zero, full, random, urandom, tty,
/// console, ptmx, the pts, tun).
const DEVICES_ALLOWED: [&str; 12] = [
    "c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm",
    "c 136:* rwm", "c 10:200 rwm",
];

/// Which cgroup layout this machine has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The unified hierarchy at `/sys/fs/cgroup`.
    V2,
    /// Controllers on their own mounts `/sys/fs/cgroup/<controller>` (also hybrid).
    V1,
}

/// Finds the layout from the filesystem type at `/sys/fs/cgroup` (`statfs(2)`).
pub fn detect() -> Layout {
    match rustix::fs::statfs(ROOT) {
        Ok(s) if s.f_type as u64 == 0x6367_7270 => Layout::V2, // CGROUP2_SUPER_MAGIC
        _ => Layout::V1,
    }
}

fn err(what: &str, path: &Path, e: io::Error) -> KernelError {
    match e.raw_os_error() {
        Some(libc::EPERM) | Some(libc::EACCES) => KernelError::PermissionDenied(format!("{what} {}", path.display())),
        Some(libc::ENOENT) => KernelError::NotFound(format!("{what} {}", path.display())),
        _ => KernelError::Other(format!("{what} {}: {e}", path.display())),
    }
}

fn write(path: &Path, value: &str) -> Result<(), KernelError> {
    fs::write(path, value).map_err(|e| err("writing", path, e))
}

fn read_u64(path: &Path) -> Option<u64> {
    fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// `mkdir`; whether it made the directory (another container may have, meanwhile).
fn make_dir(d: &Path) -> Result<bool, KernelError> {
    match fs::create_dir(d) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(err("creating", d, e)),
    }
}

/// Takes the kernel's cgroup migration lock once in the background, so that moving a
/// container into its cgroup soon after does not wait for it.
///
/// Every move into a cgroup through `cgroup.procs` write-locks one global per-CPU rwsem. Its
/// first writer after a quiet spell waits an RCU grace period (8–16 ms on this kind of
/// machine, most of a `run --rm true`); writers within a grace period of the last one do not.
/// So a thread moves this process into the cgroup it is already in (a change of nothing that
/// still takes the lock) while the caller mounts the container's root, and the real move
/// finds the lock warm. Only v2 needs it: on v1 the container's init moves itself through
/// `tasks`, which skips the lock (see `init_spec::CgroupEntry`). Best effort: a process that
/// may not write there (no root, a read-only cgroupfs) gains nothing and loses nothing.
pub fn warm_attach_lock() {
    let Some(procs) = own_v2_procs_file(&fs::read_to_string("/proc/self/cgroup").unwrap_or_default()) else { return };
    let _ = std::thread::Builder::new().name("cgroup-warm".into()).spawn(move || {
        // `0` is the writer itself: its whole process, into the cgroup it is in.
        let _ = fs::write(procs, "0");
    });
}

/// The `cgroup.procs` of this process's own v2 cgroup, from `/proc/self/cgroup`.
fn own_v2_procs_file(self_cgroup: &str) -> Option<PathBuf> {
    let path = self_cgroup.lines().find_map(|line| line.strip_prefix("0::"))?;
    let file = Path::new(ROOT).join(path.trim_start_matches('/')).join("cgroup.procs");
    file.exists().then_some(file)
}

/// A container's cgroup.
#[derive(Debug, Clone)]
pub struct Cgroup {
    layout: Layout,
    /// The hierarchy's mount (v2) or the directory of the controller mounts (v1).
    root: PathBuf,
    name: String,
    /// Directories [`Cgroup::create`] made, outermost first: what [`Cgroup::remove`] removes.
    created: Vec<PathBuf>,
}

impl Cgroup {
    /// The cgroup `name` (relative, no `..`) under [`ROOT`].
    pub fn new(layout: Layout, name: &str) -> Result<Cgroup, KernelError> {
        Cgroup::new_at(layout, Path::new(ROOT), name)
    }

    /// The cgroup `name` under `root` (tests use the v2 mount of a hybrid machine,
    /// `/sys/fs/cgroup/unified`).
    pub fn new_at(layout: Layout, root: &Path, name: &str) -> Result<Cgroup, KernelError> {
        let name = name.trim_matches('/');
        if name.is_empty() || name.split('/').any(|c| c.is_empty() || c == "." || c == "..") {
            return Err(KernelError::Other(format!("invalid cgroup name {name:?}")));
        }
        Ok(Cgroup { layout, root: root.to_path_buf(), name: name.to_string(), created: Vec::new() })
    }

    /// Its directories: one per v1 controller, or the v2 one.
    fn dirs(&self) -> Vec<PathBuf> {
        match self.layout {
            Layout::V2 => vec![self.root.join(&self.name)],
            Layout::V1 => V1.iter().map(|c| self.root.join(c).join(&self.name)).collect(),
        }
    }

    fn v1(&self, controller: &str) -> PathBuf {
        self.root.join(controller).join(&self.name)
    }

    /// Creates it (and missing ancestors) if missing, remembering what it made, and applies
    /// `limits` (see [`Cgroup::limit`]) to a cgroup it made: one that exists already belongs
    /// to a running container (a `docker exec` joins it), whose limits stay as they are.
    pub fn create(&mut self, limits: &Limits, restrict_devices: bool) -> Result<(), KernelError> {
        self.make()?;
        if self.made() {
            self.limit(limits, restrict_devices)?;
        }
        Ok(())
    }

    /// Creates it (and missing ancestors) if missing, remembering what it made; on v2 with
    /// the controllers enabled in every ancestor.
    pub fn make(&mut self) -> Result<(), KernelError> {
        match self.layout {
            Layout::V1 => {
                for c in V1 {
                    if !self.root.join(c).exists() {
                        continue;
                    }
                    let mut d = self.root.join(c);
                    for part in self.name.split('/') {
                        d.push(part);
                        if make_dir(&d)? {
                            self.created.push(d.clone());
                        }
                    }
                }
            }
            Layout::V2 => {
                let mut dir = self.root.clone();
                for part in self.name.split('/') {
                    // Enable what the parent offers; a controller missing here is not fatal.
                    for c in ["+memory", "+pids", "+cpu"] {
                        let _ = fs::write(dir.join("cgroup.subtree_control"), c);
                    }
                    dir.push(part);
                    if make_dir(&dir)? {
                        self.created.push(dir.clone());
                    }
                }
            }
        }
        Ok(())
    }

    /// Applies `limits` to it (made); with `restrict_devices`, only [`DEVICES_ALLOWED`] (v1's
    /// devices controller; v2 needs a BPF device program, not written yet).
    pub fn limit(&self, limits: &Limits, restrict_devices: bool) -> Result<(), KernelError> {
        match self.layout {
            Layout::V1 => {
                if restrict_devices && self.root.join("devices").exists() {
                    let d = self.v1("devices");
                    write(&d.join("devices.deny"), "a")?;
                    // One rule per write(2), as the kernel parses them, through one open.
                    let allow = d.join("devices.allow");
                    let mut file = fs::OpenOptions::new().write(true).open(&allow).map_err(|e| err("opening", &allow, e))?;
                    for rule in DEVICES_ALLOWED {
                        file.write_all(rule.as_bytes()).map_err(|e| err("writing", &allow, e))?;
                    }
                }
                if let Some(m) = limits.memory_max {
                    write(&self.v1("memory").join("memory.limit_in_bytes"), &m.to_string())?;
                    // No swap on top, so the limit OOM-kills rather than swaps.
                    let memsw = self.v1("memory").join("memory.memsw.limit_in_bytes");
                    if memsw.exists() {
                        write(&memsw, &m.to_string())?;
                    }
                }
                if let Some(p) = limits.pids_max {
                    write(&self.v1("pids").join("pids.max"), &p.to_string())?;
                }
                if let Some((quota, period)) = limits.cpu_max {
                    write(&self.v1("cpu").join("cpu.cfs_period_us"), &period.to_string())?;
                    write(&self.v1("cpu").join("cpu.cfs_quota_us"), &quota.to_string())?;
                }
            }
            Layout::V2 => {
                let dir = self.root.join(&self.name);
                if let Some(m) = limits.memory_max {
                    write(&dir.join("memory.max"), &m.to_string())?;
                    let _ = fs::write(dir.join("memory.swap.max"), "0");
                }
                if let Some(p) = limits.pids_max {
                    write(&dir.join("pids.max"), &p.to_string())?;
                }
                if let Some((quota, period)) = limits.cpu_max {
                    write(&dir.join("cpu.max"), &format!("{quota} {period}"))?;
                }
            }
        }
        Ok(())
    }

    /// Whether [`Cgroup::create`] made anything (and so [`Cgroup::remove`] has work).
    pub fn made(&self) -> bool {
        !self.created.is_empty()
    }

    /// The v1 `tasks` files through which a thread moves itself in, one in each hierarchy
    /// [`Cgroup::make`] makes it in (those mounted), known before it is made; none on v2.
    pub fn tasks_files(&self) -> Vec<String> {
        match self.layout {
            Layout::V1 => V1
                .iter()
                .filter(|c| self.root.join(c).exists())
                .map(|c| self.v1(c).join("tasks").to_string_lossy().into_owned())
                .collect(),
            Layout::V2 => Vec::new(),
        }
    }

    /// Moves `pid` in (`cgroup.procs`).
    pub fn join(&self, pid: Pid) -> Result<(), KernelError> {
        for d in self.dirs() {
            if d.exists() {
                write(&d.join("cgroup.procs"), &pid.to_string())?;
            }
        }
        Ok(())
    }

    /// Freezes or thaws it, waiting (briefly) for v1's `FREEZING` to settle.
    pub fn freeze(&self, frozen: bool) -> Result<(), KernelError> {
        match self.layout {
            Layout::V2 => {
                let d = self.root.join(&self.name);
                write(&d.join("cgroup.freeze"), if frozen { "1" } else { "0" })?;
                // Freezing is asynchronous: wait for `cgroup.events` to say so.
                let want = if frozen { "frozen 1" } else { "frozen 0" };
                for _ in 0..1000 {
                    if fs::read_to_string(d.join("cgroup.events")).map(|s| s.lines().any(|l| l == want)).unwrap_or(true) {
                        return Ok(());
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                Err(KernelError::Other(format!("{} did not become {want}", d.display())))
            }
            Layout::V1 => {
                let state = self.v1("freezer").join("freezer.state");
                let want = if frozen { "FROZEN" } else { "THAWED" };
                for _ in 0..1000 {
                    write(&state, want)?;
                    if fs::read_to_string(&state).map(|s| s.trim() == want).unwrap_or(false) {
                        return Ok(());
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                Err(KernelError::Other(format!("{} did not become {want}", state.display())))
            }
        }
    }

    /// Usage for `docker stats` / `docker top`.
    pub fn stats(&self) -> CgroupStats {
        let procs_file = match self.layout {
            Layout::V2 => self.root.join(&self.name).join("cgroup.procs"),
            Layout::V1 => self.v1("pids").join("cgroup.procs"),
        };
        let pids: Vec<Pid> = fs::read_to_string(procs_file).unwrap_or_default().lines().filter_map(|l| l.trim().parse().ok()).collect();
        match self.layout {
            Layout::V2 => {
                let d = self.root.join(&self.name);
                let usage = fs::read_to_string(d.join("cpu.stat")).unwrap_or_default().lines().find_map(|l| l.strip_prefix("usage_usec ")?.trim().parse().ok());
                CgroupStats {
                    memory_current: read_u64(&d.join("memory.current")).unwrap_or(0),
                    memory_max: read_u64(&d.join("memory.max")),
                    cpu_usage_usec: usage.unwrap_or(0),
                    pids_current: read_u64(&d.join("pids.current")).unwrap_or(pids.len() as u64),
                    pids,
                }
            }
            Layout::V1 => {
                let limit = read_u64(&self.v1("memory").join("memory.limit_in_bytes")).filter(|&l| l < (1 << 62));
                CgroupStats {
                    memory_current: read_u64(&self.v1("memory").join("memory.usage_in_bytes")).unwrap_or(0),
                    memory_max: limit,
                    cpu_usage_usec: read_u64(&self.v1("cpuacct").join("cpuacct.usage")).unwrap_or(0) / 1000,
                    pids_current: read_u64(&self.v1("pids").join("pids.current")).unwrap_or(pids.len() as u64),
                    pids,
                }
            }
        }
    }

    /// Removes the directories [`Cgroup::create`] made, deepest first; fails with `EBUSY`
    /// while processes remain. An ancestor another container still uses stays (and is
    /// forgotten: its last user's removal takes it).
    pub fn remove(&mut self) -> Result<(), KernelError> {
        let leaves = self.dirs();
        while let Some(d) = self.created.pop() {
            if let Err(e) = fs::remove_dir(&d) {
                match e.raw_os_error() {
                    Some(libc::ENOENT) => {}
                    Some(libc::EBUSY) if !leaves.contains(&d) => {}
                    _ => {
                        self.created.push(d.clone());
                        return Err(err("removing", &d, e));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_cgroup_is_found_in_the_unified_hierarchy() {
        // Found only where a cgroupfs is mounted: the path is checked.
        let found = |text| own_v2_procs_file(text).map(|p| p.to_string_lossy().into_owned());
        assert_eq!(found("8:pids:/\n4:memory:/x\n"), None, "no v2 line, nothing to warm");
        assert_eq!(found("0::/no-such-cgroup-here\n"), None);
        if Path::new("/sys/fs/cgroup/cgroup.procs").exists() {
            assert_eq!(found("9:name=systemd:/\n0::/\n").as_deref(), Some("/sys/fs/cgroup/cgroup.procs"));
        }
    }

    /// The init is handed its `tasks` files before the parent makes the cgroup (it makes its
    /// namespaces meanwhile): one per controller mounted, none for one that is not.
    #[test]
    fn v1_tasks_files_are_known_before_the_cgroup_is_made() {
        let root = tempfile::tempdir().unwrap();
        for controller in ["memory", "pids", "freezer"] {
            fs::create_dir(root.path().join(controller)).unwrap();
        }
        let cg = Cgroup::new_at(Layout::V1, root.path(), "system.slice/docker-1.scope").unwrap();
        let tasks: Vec<String> = ["memory", "pids", "freezer"].iter().map(|c| root.path().join(c).join("system.slice/docker-1.scope/tasks").to_string_lossy().into_owned()).collect();
        assert_eq!(cg.tasks_files(), tasks);
        assert!(!root.path().join("memory/system.slice").exists(), "nothing made yet");
        assert!(Cgroup::new_at(Layout::V2, root.path(), "x").unwrap().tasks_files().is_empty(), "v2 has no tasks files");
    }

    /// Limits go into a cgroup the call made, never into one that was there: a `docker exec`
    /// joins the running container's and must not rewrite them.
    #[test]
    fn create_limits_only_a_cgroup_it_made() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("memory")).unwrap();
        let limit = root.path().join("memory/c/memory.limit_in_bytes");
        let mut start = Cgroup::new_at(Layout::V1, root.path(), "c").unwrap();
        start.create(&Limits { memory_max: Some(1 << 20), ..Limits::default() }, false).unwrap();
        assert!(start.made());
        assert_eq!(fs::read_to_string(&limit).unwrap(), "1048576");
        let mut exec = Cgroup::new_at(Layout::V1, root.path(), "c").unwrap();
        exec.create(&Limits { memory_max: Some(2 << 20), ..Limits::default() }, false).unwrap();
        assert!(!exec.made());
        assert_eq!(fs::read_to_string(&limit).unwrap(), "1048576", "the running container's limit stays");
    }

    /// The v2 code on the unified mount of a hybrid machine (no controllers there, but
    /// `cgroup.procs` and the freezer work), or on a v2 machine's root.
    #[test]
    fn v2_create_join_freeze_stats_remove() {
        let root = if detect() == Layout::V2 { Path::new(ROOT).to_path_buf() } else { Path::new(ROOT).join("unified") };
        if !rustix::process::geteuid().is_root() || !root.join("cgroup.procs").exists() {
            eprintln!("SKIPPED: needs root and a cgroup v2 mount");
            return;
        }
        let mut cg = Cgroup::new_at(Layout::V2, &root, &format!("wharf-unit-{}/c", std::process::id())).unwrap();
        cg.create(&Limits::default(), false).unwrap();
        let mut child = std::process::Command::new("sleep").arg("10").spawn().unwrap();
        let pid = child.id();
        cg.join(pid).unwrap();
        cg.freeze(true).unwrap();
        cg.freeze(false).unwrap();
        assert_eq!(cg.stats().pids, vec![pid]);
        child.kill().unwrap();
        child.wait().unwrap();
        cg.remove().unwrap();
        assert!(!root.join(format!("wharf-unit-{}", std::process::id())).exists(), "parents it made are gone");
    }
}
