//! What the container's init ([`super::init::run`]) does: a
//! [`ProcessSpec`](wharf_engine::kernel::ProcessSpec) with every name resolved to what the
//! child needs (the root filesystem's host path, namespace files to join, capability numbers).
//! Like runc's `initConfig`, but handed over in memory by the fork.

/// The close-on-exec socket init reports on: `P<pid>` from the intermediate process, `R` when
/// ready, `X<message>` or `E<errno>` on failure; EOF alone means the `execve` succeeded. The
/// parent writes `G` once a v1 cgroup is made (see [`CgroupEntry::Itself`]), `C` once the
/// container is in a v2 one, then one byte to let it `execve`.
pub const STATUS_FD: i32 = 3;

/// A mount inside the container.
#[derive(Debug, Clone)]
pub enum InitMount {
    /// Bind mount of a host path.
    Bind { source: String, target: String, readonly: bool },
    /// A tmpfs: mount(2) flags and the data string (`size=64k,mode=1770`).
    Tmpfs { target: String, flags: libc::c_ulong, data: String },
}

impl InitMount {
    /// The tmpfs an engine [`MountSpec::Tmpfs`](wharf_engine::kernel::MountSpec::Tmpfs) asks
    /// for: its `options` as dockerd merged them (`noexec,nosuid,nodev,size=64k,mode=1770`),
    /// the flag words turned into mount(2) flags and the rest passed to tmpfs as data. With
    /// no options (a build's `RUN --mount=type=tmpfs`), `nosuid,nodev` and the size alone.
    pub fn tmpfs(target: String, size: Option<u64>, options: &[String]) -> InitMount {
        let mut flags: libc::c_ulong = 0;
        let mut data = Vec::new();
        if options.is_empty() {
            flags = libc::MS_NOSUID | libc::MS_NODEV;
        }
        for o in options {
            let (set, clear) = match o.as_str() {
                "ro" => (libc::MS_RDONLY, 0),
                "rw" => (0, libc::MS_RDONLY),
                "noexec" => (libc::MS_NOEXEC, 0),
                "exec" => (0, libc::MS_NOEXEC),
                "nosuid" => (libc::MS_NOSUID, 0),
                "suid" => (0, libc::MS_NOSUID),
                "nodev" => (libc::MS_NODEV, 0),
                "dev" => (0, libc::MS_NODEV),
                "sync" => (libc::MS_SYNCHRONOUS, 0),
                "dirsync" => (libc::MS_DIRSYNC, 0),
                "noatime" => (libc::MS_NOATIME, 0),
                "nodiratime" => (libc::MS_NODIRATIME, 0),
                "relatime" => (libc::MS_RELATIME, 0),
                "strictatime" => (libc::MS_STRICTATIME, 0),
                // dockerd's own option (copy the image's directory up), not the kernel's.
                "tmpcopyup" | "notmpcopyup" => (0, 0),
                _ => {
                    data.push(o.clone());
                    (0, 0)
                }
            };
            flags = (flags | set) & !clear;
        }
        if let Some(size) = size.filter(|_| !data.iter().any(|d| d.starts_with("size="))) {
            data.push(format!("size={size}"));
        }
        InitMount::Tmpfs { target, flags, data: data.join(",") }
    }
}

/// How the container gets into its cgroup.
#[derive(Debug, Clone, Default)]
pub enum CgroupEntry {
    /// It stays in the caller's (no cgroup of its own).
    #[default]
    None,
    /// v1: the init writes `0` to these `tasks` files before it forks the container, which
    /// inherits them. Moving one thread, the writer itself, needs no global lock, where a move
    /// through `cgroup.procs` waits a grace period when the lock is cold (see `cgroup`).
    /// The parent makes the cgroup while the init makes its new namespaces, and sends `G`.
    Itself(Vec<String>),
    /// v2 (no `tasks` for a domain cgroup): the parent moves the container in and sends `C`.
    ByParent,
}

/// Everything the container's init does, in order.
#[derive(Debug, Clone, Default)]
pub struct InitSpec {
    /// Its cgroup, entered after new namespaces are made and before existing ones are joined.
    pub cgroup: CgroupEntry,
    /// Namespace files to `setns(2)` into then (`/proc/PID/ns/net`...), with their CLONE_ flag.
    pub join: Vec<(String, i32)>,
    /// `unshare(2)` flags for new namespaces.
    pub unshare: i32,
    /// Host path of the root filesystem (the overlay's `merged`), or none for the host's root.
    pub rootfs: Option<String>,
    /// Remount the root read-only.
    pub readonly_rootfs: bool,
    /// Mount `/proc`, `/sys`, `/dev`... (only with a root filesystem).
    pub mounts: Vec<InitMount>,
    /// Hostname (new UTS namespace).
    pub hostname: Option<String>,
    /// argv.
    pub args: Vec<String>,
    /// Environment.
    pub env: Vec<String>,
    /// Working directory.
    pub cwd: String,
    /// User.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Supplementary groups.
    pub groups: Vec<u32>,
    /// Capability numbers to keep; `None` keeps everything (host shell).
    pub capabilities: Option<Vec<u32>>,
    /// Install the seccomp filter.
    pub seccomp: bool,
    /// Standard streams are a terminal: make it the controlling one of a new session.
    pub tty: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmpfs(size: Option<u64>, options: &[&str]) -> (libc::c_ulong, String) {
        let options: Vec<String> = options.iter().map(|o| o.to_string()).collect();
        match InitMount::tmpfs("/x".into(), size, &options) {
            InitMount::Tmpfs { flags, data, .. } => (flags, data),
            InitMount::Bind { .. } => unreachable!(),
        }
    }

    #[test]
    fn tmpfs_options_become_flags_and_data() {
        let docker = libc::MS_NOEXEC | libc::MS_NOSUID | libc::MS_NODEV;
        assert_eq!(tmpfs(Some(65536), &["noexec", "nosuid", "nodev", "size=64k", "mode=1770"]), (docker, "size=64k,mode=1770".into()));
        assert_eq!(tmpfs(None, &["nosuid", "nodev", "rw", "exec", "ro"]), (libc::MS_NOSUID | libc::MS_NODEV | libc::MS_RDONLY, String::new()));
        assert_eq!(tmpfs(Some(1 << 20), &[]), (libc::MS_NOSUID | libc::MS_NODEV, "size=1048576".into()));
        assert_eq!(tmpfs(None, &["size=1m", "uid=1000"]), (0, "size=1m,uid=1000".into()));
    }
}
