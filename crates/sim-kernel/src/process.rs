//! Processes and PID namespaces: the process table's entries.

use std::collections::BTreeMap;
use std::task::Waker;

use wharf_engine::kernel::{ExitStatus, Pid, Timestamp};

use crate::executor::TaskId;
use crate::io::FileRef;
use crate::signal::{Disposition, Signal};
use crate::vfs::MntNsId;

/// Index of a PID namespace; 0 is the host's.
pub type PidNsId = usize;

/// A PID namespace: its own numbering, starting at 1, nested in its parent's.
#[derive(Debug, Clone)]
pub struct PidNamespace {
    /// The enclosing namespace (`None` for the host's).
    pub parent: Option<PidNsId>,
    /// Nesting depth: 0 for the host's.
    pub level: usize,
    /// The next number to hand out.
    pub next: u32,
    /// Number inside this namespace -> host PID.
    pub members: BTreeMap<u32, Pid>,
}

/// The namespaces a process is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NsSet {
    /// PID namespace.
    pub pid: PidNsId,
    /// Mount namespace.
    pub mnt: MntNsId,
    /// UTS namespace (hostname), index into the machine's table.
    pub uts: usize,
    /// Network namespace, index into the network stack.
    pub net: usize,
    /// IPC namespace.
    pub ipc: usize,
    /// User namespace.
    pub user: usize,
    /// Cgroup namespace.
    pub cgroup: usize,
}

/// User and group identity, and what the process may do beyond it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Creds {
    /// User ID.
    pub uid: u32,
    /// Primary group ID.
    pub gid: u32,
    /// Supplementary groups.
    pub groups: Vec<u32>,
    /// The capability bounding set ([`crate::sys::caps`]); root's effective set.
    pub cap_bounding: u64,
    /// `no_new_privs` (`--security-opt no-new-privileges`): setuid programs gain nothing.
    pub no_new_privs: bool,
    /// Under a seccomp filter (Docker's default profile).
    pub seccomp: bool,
}

impl Default for Creds {
    /// Root on the host: every capability, no filter.
    fn default() -> Self {
        Creds { uid: 0, gid: 0, groups: Vec::new(), cap_bounding: crate::sys::caps::ALL, no_new_privs: false, seccomp: false }
    }
}

impl Creds {
    /// The effective capabilities: root has its bounding set, other users none.
    pub fn effective(&self) -> u64 {
        if self.uid == 0 { self.cap_bounding } else { 0 }
    }

    /// Whether the process holds capability `cap`.
    pub fn has(&self, cap: crate::sys::caps::Cap) -> bool {
        self.effective() & (1 << cap) != 0
    }
}

/// Where a process is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcState {
    /// Runnable or waiting in a system call.
    Running,
    /// Stopped by SIGSTOP until SIGCONT.
    Stopped,
    /// Ended, waiting for its parent to collect the status.
    Zombie(ExitStatus),
}

/// One process.
pub struct Process {
    /// PID in the host's namespace.
    pub pid: Pid,
    /// Parent's host PID (0 for the first process).
    pub ppid: Pid,
    /// Process group (host PID of its leader).
    pub pgid: Pid,
    /// Its number in each PID namespace it is visible in, host's first.
    pub ns_pids: Vec<u32>,
    /// Its namespaces.
    pub ns: NsSet,
    /// The PID namespace its children will be born in (`unshare --pid` changes only this).
    pub pid_ns_for_children: PidNsId,
    /// Its cgroup, as a path below the cgroup root (`""` is the root).
    pub cgroup: String,
    /// Root directory, namespace-absolute (`chroot`).
    pub root: String,
    /// Working directory, namespace-absolute.
    pub cwd: String,
    /// Identity.
    pub creds: Creds,
    /// File mode creation mask.
    pub umask: u32,
    /// Command line.
    pub argv: Vec<String>,
    /// Environment, `KEY=value`.
    pub env: Vec<String>,
    /// Command name (`comm`, 15 characters at most).
    pub comm: String,
    /// Open file descriptors.
    pub fds: BTreeMap<i32, FileRef>,
    /// Life state.
    pub state: ProcState,
    /// The executor task running its program.
    pub task: Option<TaskId>,
    /// Signals received and not yet handled (bit n = signal n).
    pub pending: u64,
    /// Per-signal dispositions.
    pub dispositions: BTreeMap<Signal, Disposition>,
    /// Waker of the system call it is blocked in, so a signal can interrupt it.
    pub blocked: Option<Waker>,
    /// Wakers of processes waiting for it to end.
    pub exit_waiters: Vec<Waker>,
    /// Wakers of processes waiting for any child of it to end.
    pub child_waiters: Vec<Waker>,
    /// When it started.
    pub start_time: Timestamp,
    /// CPU time used, nanoseconds (each scheduling step is charged a fixed slice).
    pub cpu_nanos: u64,
    /// Memory charged, bytes.
    pub memory: u64,
}

impl Process {
    /// The PID as seen from inside the namespace `ns` (`None` if invisible there).
    pub fn pid_in(&self, ns_level: usize) -> Option<u32> {
        self.ns_pids.get(ns_level).copied()
    }

    /// The PID as the process itself sees it (in its own namespace).
    pub fn own_pid(&self) -> u32 {
        *self.ns_pids.last().expect("a process has at least its host PID")
    }

    /// Whether the process has ended.
    pub fn is_zombie(&self) -> bool {
        matches!(self.state, ProcState::Zombie(_))
    }
}
