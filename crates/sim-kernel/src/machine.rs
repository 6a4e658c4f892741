//! The machine: all kernel state in one place, and the process lifecycle (birth, signals,
//! death, reaping).
//!
//! Programs reach the machine through [`crate::sys::Proc`], which borrows it for the length of
//! one system call and never across an `.await`; so a `RefCell` is enough, and the executor
//! stays outside it (spawning and killing go through its [`Spawner`]).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use wharf_engine::collect::CollectMap;
use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{FileKind, FsWrite, Metadata};
use wharf_engine::kernel::{ExitStatus, Pid, Timestamp};

use crate::clock::VirtualClock;
use crate::errno::Errno;
use crate::executor::Spawner;
use crate::io::Tty;
use crate::process::{Creds, NsSet, PidNamespace, PidNsId, ProcState, Process};
use crate::program::Programs;
use crate::rng::Rng;
use crate::signal::{self, DefaultAction, Disposition, Signal, SIGKILL};
use crate::synth;
use crate::vfs::{self, Filesystem, FsId, FsKind, MntNsId, Node, Resolution, Vfs};

/// A shared handle to the machine.
pub type MachineRef = Rc<RefCell<Machine>>;

/// Hostname and domain name of one UTS namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uts {
    /// `hostname`.
    pub hostname: String,
    /// `domainname`.
    pub domainname: String,
}

/// All kernel state.
pub struct Machine {
    /// Filesystems and mount namespaces.
    pub vfs: Vfs,
    /// Every process, zombies included, by host PID.
    pub procs: BTreeMap<Pid, Process>,
    /// PID namespaces; 0 is the host's.
    pub pid_namespaces: Vec<PidNamespace>,
    /// UTS namespaces; 0 is the host's.
    pub uts: Vec<Uts>,
    /// Virtual time.
    pub clock: VirtualClock,
    /// Starts and stops process tasks.
    pub spawner: Spawner,
    /// Seeded randomness.
    pub rng: Rng,
    /// The userland's programs.
    pub programs: Programs,
    /// The learner's terminal.
    pub tty: Rc<RefCell<Tty>>,
    /// The host's root filesystem.
    pub host_fs: FsId,
    /// The host's mount namespace.
    pub host_mnt: MntNsId,
    /// When the machine booted.
    pub boot_time: Timestamp,
    /// The host's init (set by whoever boots one), which adopts orphans and reaps at once.
    pub host_init: Option<Pid>,
    /// First-generation processes whose exit status the simulator itself collects.
    pub collected: std::collections::BTreeSet<Pid>,
    /// Each running container's init and the `containerd-shim-runc-v2` process that is its
    /// parent (and the parent of its `docker exec` processes); the shim exits with the init.
    pub shims: BTreeMap<Pid, Pid>,
    /// The virtual network.
    pub net: crate::net::Net,
    /// Control groups.
    pub cgroups: crate::cgroup::CgroupTree,
    /// The Docker daemon of this machine, if it has one (see [`crate::userland::docker`]).
    pub docker: Option<wharf_engine::daemon::DaemonRef>,
    /// The host PID of `dockerd` while it runs.
    pub docker_pid: Option<Pid>,
    /// Counter for namespaces that are only identities (net, ipc, user, cgroup) so far.
    next_ns: usize,
}

impl Machine {
    /// A machine whose disk is `host_root`, booted at `boot_time`, with randomness from `seed`.
    pub fn new(host_root: MemFs, seed: u64, clock: VirtualClock, spawner: Spawner, programs: Programs) -> Machine {
        let mut vfs = Vfs::new();
        let host_fs = vfs.add_fs(Filesystem { kind: FsKind::Tree(Box::new(host_root)), fstype: "ext4".into(), source: "/dev/sda1".into(), options: String::new() });
        let host_mnt = vfs.new_namespace(host_fs);
        let boot_time = clock.now();
        Machine {
            vfs,
            procs: BTreeMap::new(),
            pid_namespaces: vec![PidNamespace { parent: None, level: 0, next: 1, members: BTreeMap::new() }],
            uts: vec![Uts { hostname: "wharf".into(), domainname: "(none)".into() }],
            clock,
            spawner,
            rng: Rng::new(seed),
            programs,
            tty: Rc::new(RefCell::new(Tty::new())),
            host_fs,
            host_mnt,
            boot_time,
            net: crate::net::Net::new(),
            cgroups: crate::cgroup::CgroupTree::new(),
            docker: None,
            docker_pid: None,
            collected: std::collections::BTreeSet::new(),
            shims: BTreeMap::new(),
            host_init: None,
            next_ns: 1,
        }
    }

    /// A fresh identity for a namespace kind that has no state yet.
    pub fn new_ns_index(&mut self) -> usize {
        self.next_ns += 1;
        self.next_ns
    }

    /// A new PID namespace nested in `parent`.
    pub fn new_pid_namespace(&mut self, parent: PidNsId) -> PidNsId {
        let level = self.pid_namespaces[parent].level + 1;
        self.pid_namespaces.push(PidNamespace { parent: Some(parent), level, next: 1, members: BTreeMap::new() });
        self.pid_namespaces.len() - 1
    }

    /// Numbers a new process in `ns` and every namespace above it; returns the host PID and
    /// the numbers, host's first.
    fn alloc_pid(&mut self, ns: PidNsId) -> (Pid, Vec<u32>) {
        let mut chain = vec![ns];
        while let Some(parent) = self.pid_namespaces[*chain.last().expect("non-empty")].parent {
            chain.push(parent);
        }
        chain.reverse();
        let ns_pids: Vec<u32> = chain
            .iter()
            .map(|&n| {
                let pns = &mut self.pid_namespaces[n];
                let pid = pns.next;
                pns.next += 1;
                pid
            })
            .collect();
        (ns_pids[0], ns_pids)
    }

    /// Adds a process to the table, numbered in `template.ns.pid`; fills in its PIDs.
    pub fn insert_process(&mut self, mut template: Process) -> Result<Pid, Errno> {
        let (pid, ns_pids) = self.alloc_pid(template.ns.pid);
        let mut chain = Vec::new();
        let mut ns = Some(template.ns.pid);
        while let Some(n) = ns {
            chain.push(n);
            ns = self.pid_namespaces[n].parent;
        }
        chain.reverse();
        for (&n, &num) in chain.iter().zip(&ns_pids) {
            self.pid_namespaces[n].members.insert(num, pid);
        }
        template.pid = pid;
        if template.pgid == 0 {
            template.pgid = pid;
        }
        template.ns_pids = ns_pids;
        self.procs.insert(pid, template);
        Ok(pid)
    }

    /// A process by host PID.
    pub fn proc(&self, pid: Pid) -> Result<&Process, Errno> {
        self.procs.get(&pid).ok_or(Errno::ESRCH)
    }

    /// A process by host PID, mutably.
    pub fn proc_mut(&mut self, pid: Pid) -> Result<&mut Process, Errno> {
        self.procs.get_mut(&pid).ok_or(Errno::ESRCH)
    }

    /// The host PID of the process numbered `num` in PID namespace `ns`.
    pub fn host_pid(&self, ns: PidNsId, num: u32) -> Option<Pid> {
        self.pid_namespaces[ns].members.get(&num).copied()
    }

    /// The first process of PID namespace `ns` (its init), if alive.
    pub fn ns_init(&self, ns: PidNsId) -> Option<Pid> {
        self.host_pid(ns, 1).filter(|p| self.procs.get(p).is_some_and(|p| !p.is_zombie()))
    }

    /// Ends a process: closes its files, stops its task, hands its children to the nearest
    /// init, kills its namespace if it was that namespace's init, and wakes whoever waits.
    pub fn exit(&mut self, pid: Pid, status: ExitStatus) {
        let Some(p) = self.procs.get_mut(&pid) else { return };
        if p.is_zombie() {
            return;
        }
        p.state = ProcState::Zombie(status);
        let fds = std::mem::take(&mut p.fds);
        if let Some(task) = p.task.take() {
            self.spawner.cancel(task);
        }
        let waiters = std::mem::take(&mut p.exit_waiters);
        let (ppid, pid_ns, own) = (p.ppid, p.ns.pid, p.own_pid());
        drop(fds);
        waiters.into_iter().for_each(|w| w.wake());
        if let Some(parent) = self.procs.get_mut(&ppid) {
            parent.child_waiters.drain(..).for_each(|w| w.wake());
        }

        // The namespace's init died: the kernel kills everything else in it.
        if own == 1 && pid_ns != 0 {
            let members: Vec<Pid> = self.procs.values().filter(|q| !q.is_zombie() && self.in_pid_ns(q, pid_ns)).map(|q| q.pid).collect();
            for m in members {
                self.exit(m, ExitStatus::Signaled(SIGKILL));
            }
        }
        self.reparent_children(pid, pid_ns);
        self.reap_if_unwaited(pid);
        // The shim's job ends with its container's init; the engine collects the status.
        if let Some(shim) = self.shims.remove(&pid) {
            self.exit(shim, ExitStatus::Exited(0));
        }
    }

    /// Whether `p` is visible in PID namespace `ns` (lives in it or below).
    pub fn in_pid_ns(&self, p: &Process, ns: PidNsId) -> bool {
        let level = self.pid_namespaces[ns].level;
        p.ns_pids.get(level).is_some_and(|&num| self.pid_namespaces[ns].members.get(&num) == Some(&p.pid))
    }

    /// Gives the children of a dead process to the init of its PID namespace (or the host's).
    fn reparent_children(&mut self, dead: Pid, ns: PidNsId) {
        let host_init = self.host_init.filter(|&i| self.procs.get(&i).is_some_and(|p| !p.is_zombie()));
        let reaper = self.ns_init(ns).filter(|&r| r != dead && ns != 0).or(host_init).unwrap_or(0);
        let orphans: Vec<Pid> = self.procs.values().filter(|c| c.ppid == dead).map(|c| c.pid).collect();
        for o in orphans {
            if let Some(c) = self.procs.get_mut(&o) {
                c.ppid = reaper;
            }
            self.reap_if_unwaited(o);
        }
    }

    /// Removes a zombie nobody will wait for: its parent is gone, or is the host's init.
    fn reap_if_unwaited(&mut self, pid: Pid) {
        let Some(p) = self.procs.get(&pid) else { return };
        if !p.is_zombie() {
            return;
        }
        // The engine waits for what it spawned, whoever the parent is now.
        if self.collected.contains(&pid) {
            return;
        }
        let parent_alive = self.procs.get(&p.ppid).is_some_and(|pp| !pp.is_zombie());
        // The host's init reaps at once (systemd does, on SIGCHLD); the simulator does it
        // for init rather than running a wait loop in it.
        if !parent_alive || self.host_init == Some(p.ppid) {
            self.remove_process(pid);
        }
    }

    /// Drops a reaped process from the table and its namespaces.
    pub fn remove_process(&mut self, pid: Pid) {
        self.collected.remove(&pid);
        if let Some(p) = self.procs.remove(&pid) {
            for ns in &mut self.pid_namespaces {
                ns.members.retain(|_, host| *host != pid);
            }
            drop(p);
        }
    }

    /// Sends `sig` to `target` from `sender` (`None`: the kernel), like `kill(2)`. Signal 0
    /// only checks that the target exists.
    pub fn signal(&mut self, sender: Option<Pid>, target: Pid, sig: Signal) -> Result<(), Errno> {
        let t = self.procs.get(&target).ok_or(Errno::ESRCH)?;
        if let Some(s) = sender.and_then(|s| self.procs.get(&s)) {
            if s.creds.uid != 0 && s.creds.uid != t.creds.uid {
                return Err(Errno::EPERM);
            }
        }
        if sig == 0 || t.is_zombie() {
            return Ok(());
        }
        // A namespace's init only gets signals it asked for, except SIGKILL/SIGSTOP sent from
        // an ancestor namespace: the reason `docker stop` of a shell PID 1 waits for SIGKILL.
        let is_ns_init = t.own_pid() == 1 && t.ns.pid != 0;
        let disposition = t.dispositions.get(&sig).copied().unwrap_or_default();
        if is_ns_init && disposition == Disposition::Default {
            let from_inside = sender.and_then(|s| self.procs.get(&s)).is_some_and(|s| s.ns.pid == t.ns.pid);
            if !matches!(sig, SIGKILL | signal::SIGSTOP) || from_inside {
                return Ok(());
            }
        }
        let uncatchable = matches!(sig, SIGKILL | signal::SIGSTOP);
        match (disposition, uncatchable) {
            (Disposition::Ignore, false) => Ok(()),
            (Disposition::Catch, false) => {
                let t = self.procs.get_mut(&target).expect("checked");
                t.pending |= 1 << sig;
                if let Some(w) = t.blocked.take() {
                    w.wake();
                }
                Ok(())
            }
            _ => {
                self.default_action(target, sig);
                Ok(())
            }
        }
    }

    fn default_action(&mut self, target: Pid, sig: Signal) {
        match signal::default_action(sig) {
            DefaultAction::Terminate => self.exit(target, ExitStatus::Signaled(sig)),
            DefaultAction::Ignore => {}
            DefaultAction::Stop => {
                if let Some(t) = self.procs.get_mut(&target) {
                    t.state = ProcState::Stopped;
                }
            }
            DefaultAction::Continue => {
                if let Some(t) = self.procs.get_mut(&target) {
                    if t.state == ProcState::Stopped {
                        t.state = ProcState::Running;
                        if let Some(w) = t.blocked.take() {
                            w.wake();
                        }
                    }
                }
            }
        }
    }

    /// Resolves `path` as process `pid` sees it.
    pub fn resolve(&mut self, pid: Pid, path: &str, follow_last: bool) -> Result<Resolution, Errno> {
        let p = self.proc(pid)?;
        let (root, cwd, ns) = (p.root.clone(), p.cwd.clone(), p.ns.mnt);
        self.resolve_in(ns, &root, &cwd, path, follow_last, Some(pid))
    }

    /// Resolves `path` in mount namespace `ns` from `root` and `cwd`.
    pub fn resolve_in(&self, ns: MntNsId, root: &str, cwd: &str, path: &str, follow_last: bool, viewer: Option<Pid>) -> Result<Resolution, Errno> {
        vfs::resolve(root, cwd, path, follow_last, &mut |abs| {
            Ok(self.lstat_abs(ns, abs, viewer)?.map(|m| match m.kind {
                FileKind::Dir => Node::Dir,
                FileKind::Symlink => Node::Symlink(self.readlink_abs(ns, abs, viewer).unwrap_or_default()),
                _ => Node::Other,
            }))
        })
    }

    /// `lstat` of a namespace-absolute path (no symlink following at all).
    pub fn lstat_abs(&self, ns: MntNsId, abs: &str, viewer: Option<Pid>) -> Result<Option<Metadata>, Errno> {
        let (mount, inner) = self.vfs.locate(ns, abs);
        let kind = &self.vfs.fs(mount.fs)?.kind;
        match kind.tree() {
            Some(fs) => fs.lstat(&inner).map_err(Errno::from),
            None => synth::lstat(self, kind, &inner, viewer),
        }
    }

    /// `readlink` of a namespace-absolute path.
    pub fn readlink_abs(&self, ns: MntNsId, abs: &str, viewer: Option<Pid>) -> Result<String, Errno> {
        let (mount, inner) = self.vfs.locate(ns, abs);
        let kind = &self.vfs.fs(mount.fs)?.kind;
        match kind.tree() {
            Some(fs) => fs.read_link(&inner).map_err(|_| Errno::EINVAL),
            None => synth::readlink(self, kind, &inner, viewer),
        }
    }

    /// The tree filesystem and inner path behind a namespace-absolute path, for writing;
    /// `EROFS` on a read-only mount, `EPERM` on a synthesized filesystem.
    pub fn tree_mut(&mut self, ns: MntNsId, abs: &str) -> Result<(&mut dyn FsWrite, String), Errno> {
        let (mount, inner) = self.vfs.locate(ns, abs);
        if mount.readonly {
            return Err(Errno::EROFS);
        }
        let fs = mount.fs;
        match self.vfs.fs_mut(fs)?.kind.tree_mut() {
            Some(t) => Ok((t, inner)),
            None => Err(Errno::EPERM),
        }
    }

    /// Adds a host daemon that only has to exist (containerd, a container's shim): no program
    /// runs, nothing is open; init is its parent, as for a daemon that forked away.
    pub fn insert_idle_daemon(&mut self, argv: &[&str]) -> Result<Pid, Errno> {
        let mut t = self.blank_process(NsSet { pid: 0, mnt: self.host_mnt, uts: 0, net: 0, ipc: 0, user: 0, cgroup: 0 });
        t.argv = argv.iter().map(|a| a.to_string()).collect();
        t.comm = argv[0].rsplit('/').next().unwrap_or_default().chars().take(15).collect();
        t.ppid = self.host_init.unwrap_or(0);
        t.memory = crate::cgroup::BASE_PROCESS_MEMORY;
        // Asleep in a system call that never returns, as far as `ps` can tell.
        t.blocked = Some(std::task::Waker::noop().clone());
        self.insert_process(t)
    }

    /// A process record with nothing open, no signals and no history, in namespaces `ns`.
    fn blank_process(&self, ns: NsSet) -> Process {
        Process {
            pid: 0,
            ppid: 0,
            pgid: 0,
            ns_pids: Vec::new(),
            ns,
            pid_ns_for_children: ns.pid,
            cgroup: String::new(),
            root: "/".into(),
            cwd: "/".into(),
            creds: Creds::default(),
            umask: 0o022,
            argv: Vec::new(),
            env: Vec::new(),
            comm: String::new(),
            fds: BTreeMap::new(),
            state: ProcState::Running,
            task: None,
            pending: 0,
            dispositions: BTreeMap::new(),
            blocked: None,
            exit_waiters: Vec::new(),
            child_waiters: Vec::new(),
            start_time: self.clock.now(),
            cpu_nanos: 0,
            memory: 0,
        }
    }

    /// A new process record inheriting from `parent` (files, identity, namespaces).
    pub fn child_template(&self, parent: Pid) -> Result<Process, Errno> {
        let p = self.proc(parent)?;
        Ok(Process {
            ppid: parent,
            pgid: p.pgid,
            pid_ns_for_children: p.pid_ns_for_children,
            cgroup: p.cgroup.clone(),
            root: p.root.clone(),
            cwd: p.cwd.clone(),
            creds: p.creds.clone(),
            umask: p.umask,
            argv: p.argv.clone(),
            env: p.env.clone(),
            comm: p.comm.clone(),
            fds: p.fds.clone(),
            // Caught signals revert to the default in the child's new program; ignored stay.
            dispositions: p.dispositions.iter().filter(|(_, d)| **d == Disposition::Ignore).map(|(s, d)| (*s, *d)).collect_map(),
            ..self.blank_process(NsSet { pid: p.pid_ns_for_children, ..p.ns })
        })
    }

    /// The record of a first-generation process: root, host namespaces, the terminal on 0, 1
    /// and 2, the host's login environment.
    pub fn first_process_template(&self) -> Process {
        use crate::io::{FileObj, OpenFile};
        let tty = OpenFile::new(FileObj::Tty(self.tty.clone()), true, true, false);
        Process {
            cwd: "/root".into(),
            env: vec![format!("PATH={}", crate::sys::DEFAULT_PATH), "HOME=/root".into(), "TERM=xterm".into()],
            fds: BTreeMap::from([(0, tty.clone()), (1, tty.clone()), (2, tty)]),
            ..self.blank_process(NsSet { pid: 0, mnt: self.host_mnt, uts: 0, net: 0, ipc: 0, user: 0, cgroup: 0 })
        }
    }
}
