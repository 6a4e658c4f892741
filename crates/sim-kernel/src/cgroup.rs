//! Control groups (v2): the tree under `/sys/fs/cgroup`, limits on process count, memory and
//! CPU, the freezer, and the accounting `docker stats` reads.
//!
//! The model follows the kernel's rules where a learner can see them: a cgroup's controller
//! files exist only when the parent enables the controller in `cgroup.subtree_control`;
//! exceeding `pids.max` makes fork fail with `EAGAIN`; exceeding `memory.max` OOM-kills the
//! allocating process (exit 137, counted in `memory.events`); `cpu.max` throttles a busy
//! process to its quota per period; `cgroup.freeze` stops every process below.

use std::collections::{BTreeMap, BTreeSet};

use wharf_engine::kernel::{Pid, Timestamp};

use crate::errno::Errno;
use crate::machine::Machine;

/// Controllers the simulated kernel offers (what the root's `cgroup.controllers` lists).
pub const CONTROLLERS: [&str; 8] = ["cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"];

/// Bytes a process is charged for just existing (its stack, libc, page tables).
pub const BASE_PROCESS_MEMORY: u64 = 640 * 1024;

/// The simulated machine's RAM (`MemTotal` in `/proc/meminfo`).
pub const HOST_MEMORY: u64 = 4_030_000 * 1024;

/// What the host's kernel and page cache hold on to: processes get the rest.
pub const HOST_RESERVED: u64 = 900_000 * 1024;

/// One cgroup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cgroup {
    /// `pids.max` (`None`: max).
    pub pids_max: Option<u64>,
    /// `memory.max`, bytes (`None`: max).
    pub memory_max: Option<u64>,
    /// `cpu.max` quota in microseconds (`None`: max) and period.
    pub cpu_max: (Option<u64>, u64),
    /// `cgroup.freeze`.
    pub frozen: bool,
    /// Controllers enabled for the children (`cgroup.subtree_control`).
    pub subtree_control: BTreeSet<String>,
    /// CPU time used by processes that lived here, microseconds.
    pub usage_usec: u64,
    /// Throttling: periods seen, periods throttled, time throttled.
    pub nr_periods: u64,
    /// Periods in which the quota ran out.
    pub nr_throttled: u64,
    /// Time spent throttled, microseconds.
    pub throttled_usec: u64,
    /// Start of the current `cpu.max` period and CPU used in it (microseconds).
    pub period: (Timestamp, u64),
    /// `memory.events`: times the limit was hit, OOM kills.
    pub memory_max_events: u64,
    /// OOM kills in this cgroup.
    pub oom_kills: u64,
    /// Highest `memory.current` seen.
    pub memory_peak: u64,
    /// `pids.events` max: forks refused.
    pub pids_max_events: u64,
}

impl Default for Cgroup {
    fn default() -> Self {
        Cgroup {
            pids_max: None,
            memory_max: None,
            cpu_max: (None, 100_000),
            frozen: false,
            subtree_control: BTreeSet::new(),
            usage_usec: 0,
            nr_periods: 0,
            nr_throttled: 0,
            throttled_usec: 0,
            period: (0, 0),
            memory_max_events: 0,
            oom_kills: 0,
            memory_peak: 0,
            pids_max_events: 0,
        }
    }
}

/// Every cgroup by path below the root (`""` is the root, `system.slice/docker-abc.scope` a
/// container's).
#[derive(Debug, Clone)]
pub struct CgroupTree {
    /// The cgroups.
    pub groups: BTreeMap<String, Cgroup>,
}

impl Default for CgroupTree {
    fn default() -> Self {
        CgroupTree::new()
    }
}

impl CgroupTree {
    /// The root cgroup with the controllers a systemd host enables for its children.
    pub fn new() -> CgroupTree {
        let root = Cgroup { subtree_control: ["cpu", "io", "memory", "pids"].into_iter().map(String::from).collect(), ..Cgroup::default() };
        CgroupTree { groups: BTreeMap::from([(String::new(), root)]) }
    }

    /// The cgroup and its ancestors, nearest first.
    pub fn lineage(path: &str) -> impl Iterator<Item = &str> {
        let mut next = Some(path);
        std::iter::from_fn(move || {
            let cur = next?;
            next = if cur.is_empty() { None } else { Some(parent(cur)) };
            Some(cur)
        })
    }

    /// The controllers available in cgroup `path` (its parent's `subtree_control`).
    pub fn controllers(&self, path: &str) -> BTreeSet<String> {
        if path.is_empty() {
            return CONTROLLERS.iter().map(|s| s.to_string()).collect();
        }
        self.groups.get(parent(path)).map(|p| p.subtree_control.clone()).unwrap_or_default()
    }

    /// Direct children of `path`.
    pub fn children(&self, path: &str) -> Vec<String> {
        self.groups.keys().filter(|k| !k.is_empty() && parent(k) == path && *k != path).map(|k| name(k).to_string()).collect()
    }

    /// Creates cgroup `path` (`mkdir`).
    pub fn create(&mut self, path: &str) -> Result<(), Errno> {
        if self.groups.contains_key(path) {
            return Err(Errno::EEXIST);
        }
        if !self.groups.contains_key(parent(path)) {
            return Err(Errno::ENOENT);
        }
        self.groups.insert(path.to_string(), Cgroup::default());
        Ok(())
    }

    /// Whether any cgroup `path` is frozen, directly or through an ancestor.
    pub fn is_frozen(&self, path: &str) -> bool {
        CgroupTree::lineage(path).any(|p| self.groups.get(p).is_some_and(|g| g.frozen))
    }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(p, _)| p)
}

fn name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, n)| n)
}

/// Whether `p`'s cgroup is `path` or lies below it.
fn member_of(p_cgroup: &str, path: &str) -> bool {
    path.is_empty() || p_cgroup == path || p_cgroup.strip_prefix(path).is_some_and(|r| r.starts_with('/'))
}

/// Live processes in cgroup `path` and below.
pub fn live_in(m: &Machine, path: &str) -> u64 {
    m.procs.values().filter(|p| !p.is_zombie() && member_of(&p.cgroup, path)).count() as u64
}

/// `memory.current` of cgroup `path`: what its live processes are charged.
pub fn memory_current(m: &Machine, path: &str) -> u64 {
    m.procs.values().filter(|p| !p.is_zombie() && member_of(&p.cgroup, path)).map(|p| p.memory).sum()
}

/// Checks that process `parent` may fork: every cgroup from its own up to the root must be
/// below its `pids.max`. Fails with `EAGAIN`, which shells report as "can't fork".
pub fn charge_fork(m: &mut Machine, parent: Pid) -> Result<(), Errno> {
    let cg = m.proc(parent)?.cgroup.clone();
    for path in CgroupTree::lineage(&cg) {
        if let Some(max) = m.cgroups.groups.get(path).and_then(|g| g.pids_max) {
            if live_in(m, path) >= max {
                if let Some(g) = m.cgroups.groups.get_mut(path) {
                    g.pids_max_events += 1;
                }
                return Err(Errno::EAGAIN);
            }
        }
    }
    Ok(())
}

/// Charges `bytes` more memory to process `pid`. If that takes a cgroup over `memory.max`,
/// the process is OOM-killed (SIGKILL, exit 137) and `ENOMEM` is returned.
pub fn charge_memory(m: &mut Machine, pid: Pid, bytes: u64) -> Result<(), Errno> {
    let cg = m.proc(pid)?.cgroup.clone();
    let in_use: u64 = m.procs.values().filter(|p| !p.is_zombie()).map(|p| p.memory).sum();
    if in_use + bytes > HOST_MEMORY - HOST_RESERVED {
        // No cgroup limit stopped it: the host itself is out of memory, and the kernel's OOM
        // killer picks the biggest process (the hog, almost always).
        let victim = m.procs.values().filter(|p| !p.is_zombie()).max_by_key(|p| p.memory).map_or(pid, |p| p.pid);
        let victim_cg = m.proc(victim)?.cgroup.clone();
        for p in CgroupTree::lineage(&victim_cg).map(str::to_string).collect::<Vec<_>>() {
            if let Some(g) = m.cgroups.groups.get_mut(&p) {
                g.oom_kills += 1;
            }
        }
        m.exit(victim, wharf_engine::kernel::ExitStatus::Signaled(crate::signal::SIGKILL));
        if victim == pid {
            return Err(Errno::ENOMEM);
        }
    }
    let over = CgroupTree::lineage(&cg).find(|path| {
        m.cgroups.groups.get(*path).and_then(|g| g.memory_max).is_some_and(|max| memory_current(m, path) + bytes > max)
    });
    if let Some(path) = over.map(str::to_string) {
        for p in CgroupTree::lineage(&path).map(str::to_string).collect::<Vec<_>>() {
            if let Some(g) = m.cgroups.groups.get_mut(&p) {
                g.memory_max_events += 1;
                g.oom_kills += 1;
            }
        }
        m.exit(pid, wharf_engine::kernel::ExitStatus::Signaled(crate::signal::SIGKILL));
        return Err(Errno::ENOMEM);
    }
    m.proc_mut(pid)?.memory += bytes;
    for path in CgroupTree::lineage(&cg).map(str::to_string).collect::<Vec<_>>() {
        let current = memory_current(m, &path);
        if let Some(g) = m.cgroups.groups.get_mut(&path) {
            g.memory_peak = g.memory_peak.max(current);
        }
    }
    Ok(())
}

/// Charges `usec` of CPU time to process `pid` and its cgroups. Returns when the process may
/// run again if a `cpu.max` quota is now exhausted (the end of the current period).
pub fn charge_cpu(m: &mut Machine, pid: Pid, usec: u64) -> Option<Timestamp> {
    let now = m.clock.now();
    let cg = m.proc(pid).ok()?.cgroup.clone();
    let mut resume = None;
    for path in CgroupTree::lineage(&cg).map(str::to_string).collect::<Vec<_>>() {
        let Some(g) = m.cgroups.groups.get_mut(&path) else { continue };
        g.usage_usec += usec;
        let (Some(quota), period) = g.cpu_max else { continue };
        let period_ns = period as i64 * 1000;
        if now >= g.period.0 + period_ns {
            g.nr_periods += ((now - g.period.0) / period_ns).max(1) as u64;
            g.period = (now - (now - g.period.0) % period_ns.max(1), 0);
        }
        g.period.1 += usec;
        if g.period.1 >= quota {
            let end = g.period.0 + period_ns;
            g.nr_throttled += 1;
            g.throttled_usec += ((end - now).max(0) / 1000) as u64;
            resume = Some(resume.map_or(end, |r: Timestamp| r.max(end)));
        }
    }
    resume
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lineage_walks_up_to_the_root() {
        assert_eq!(CgroupTree::lineage("a/b").collect::<Vec<_>>(), vec!["a/b", "a", ""]);
        assert_eq!(CgroupTree::lineage("").collect::<Vec<_>>(), vec![""]);
    }

    #[test]
    fn controllers_come_from_the_parent() {
        let mut t = CgroupTree::new();
        t.create("sandbox").unwrap();
        assert!(t.controllers("sandbox").contains("memory"));
        assert!(t.controllers("sandbox").contains("pids"));
        t.create("sandbox/inner").unwrap();
        assert!(t.controllers("sandbox/inner").is_empty());
        assert_eq!(t.create("nope/x"), Err(Errno::ENOENT));
        assert_eq!(t.children(""), vec!["sandbox"]);
        assert!(member_of("sandbox/inner", "sandbox"));
        assert!(!member_of("sandboxes", "sandbox"));
    }
}
