//! Control groups (v2): limits on process count, memory and CPU, and their accounting.
//!
//! Only the accounting the rest of the kernel needs lives here so far: the `pids.max` check at
//! fork. The `/sys/fs/cgroup` files come with the cgroup filesystem.

use std::collections::BTreeMap;

use wharf_engine::kernel::Pid;

use crate::errno::Errno;
use crate::machine::Machine;

/// The limits of one cgroup (`None`: `max`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CgroupLimits {
    /// `pids.max`.
    pub pids_max: Option<u64>,
    /// `memory.max`, bytes.
    pub memory_max: Option<u64>,
    /// `cpu.max`: quota and period, microseconds.
    pub cpu_max: Option<(u64, u64)>,
    /// `cgroup.freeze`.
    pub frozen: bool,
}

/// Every cgroup by path below the root (`""` is the root, `docker/abc` a container's).
#[derive(Debug, Clone, Default)]
pub struct CgroupTree {
    /// Limits by cgroup path.
    pub groups: BTreeMap<String, CgroupLimits>,
}

impl CgroupTree {
    /// A tree with only the root cgroup.
    pub fn new() -> CgroupTree {
        CgroupTree { groups: BTreeMap::from([(String::new(), CgroupLimits::default())]) }
    }

    /// The cgroup and its ancestors, nearest first.
    pub fn lineage(path: &str) -> impl Iterator<Item = &str> {
        let mut next = Some(path);
        std::iter::from_fn(move || {
            let cur = next?;
            next = if cur.is_empty() { None } else { Some(cur.rsplit_once('/').map_or("", |(p, _)| p)) };
            Some(cur)
        })
    }
}

/// Live processes in cgroup `path` and below.
fn live_in(m: &Machine, path: &str) -> u64 {
    m.procs
        .values()
        .filter(|p| !p.is_zombie() && (path.is_empty() || p.cgroup == path || p.cgroup.starts_with(&format!("{path}/"))))
        .count() as u64
}

/// Checks that process `parent` may fork: every cgroup from its own up to the root must be
/// below its `pids.max`. Fails with `EAGAIN`, which shells report as "can't fork".
pub fn charge_fork(m: &Machine, parent: Pid) -> Result<(), Errno> {
    let cg = m.proc(parent)?.cgroup.clone();
    for path in CgroupTree::lineage(&cg) {
        if let Some(max) = m.cgroups.groups.get(path).and_then(|g| g.pids_max) {
            if live_in(m, path) >= max {
                return Err(Errno::EAGAIN);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lineage_walks_up_to_the_root() {
        assert_eq!(CgroupTree::lineage("a/b").collect::<Vec<_>>(), vec!["a/b", "a", ""]);
        assert_eq!(CgroupTree::lineage("").collect::<Vec<_>>(), vec![""]);
    }
}
