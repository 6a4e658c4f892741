//! What the container's init ([`super::init::run`]) does: a
//! [`ProcessSpec`](wharf_engine::kernel::ProcessSpec) with every name resolved to what the
//! child needs (the root filesystem's host path, namespace files to join, capability numbers).
//! Like runc's `initConfig`, but handed over in memory by the fork.

/// The close-on-exec descriptor init reports on: `P<pid>` from the intermediate process,
/// `R` when ready, `E<errno>` if the final `execve` failed. EOF alone means success.
pub const STATUS_FD: i32 = 3;

/// A mount inside the container.
#[derive(Debug, Clone)]
pub enum InitMount {
    /// Bind mount of a host path.
    Bind { source: String, target: String, readonly: bool },
    /// A tmpfs.
    Tmpfs { target: String, size: Option<u64> },
}

/// Everything the container's init does, in order.
#[derive(Debug, Clone, Default)]
pub struct InitSpec {
    /// Namespace files to `setns(2)` into first (`/proc/PID/ns/net`...), with their CLONE_ flag.
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
