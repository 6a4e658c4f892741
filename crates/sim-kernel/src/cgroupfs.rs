//! The `cgroup2` filesystem: `/sys/fs/cgroup` files made from and written into the cgroup tree.

use wharf_engine::kernel::Pid;

use crate::cgroup::{self, CONTROLLERS};
use crate::errno::Errno;
use crate::machine::Machine;

/// Files every cgroup has; the root has only those marked `root`.
const CORE_FILES: [(&str, bool, bool); 10] = [
    // (name, in the root, writable)
    ("cgroup.controllers", true, false),
    ("cgroup.events", false, false),
    ("cgroup.freeze", false, true),
    ("cgroup.max.depth", true, true),
    ("cgroup.max.descendants", true, true),
    ("cgroup.procs", true, true),
    ("cgroup.stat", true, false),
    ("cgroup.subtree_control", true, true),
    ("cgroup.threads", true, true),
    ("cgroup.type", false, true),
];

/// Controller files, present when the controller is enabled by the parent.
const CONTROLLER_FILES: [(&str, &str, bool); 11] = [
    ("cpu", "cpu.max", true),
    ("cpu", "cpu.weight", true),
    ("memory", "memory.current", false),
    ("memory", "memory.events", false),
    ("memory", "memory.max", true),
    ("memory", "memory.peak", false),
    ("memory", "memory.stat", false),
    ("memory", "memory.swap.max", true),
    ("pids", "pids.current", false),
    ("pids", "pids.events", false),
    ("pids", "pids.max", true),
];

/// Splits a path inside the filesystem into (cgroup path, file name) when it names a file.
fn split(m: &Machine, inner: &str) -> (String, Option<String>) {
    if m.cgroups.groups.contains_key(inner) {
        return (inner.to_string(), None);
    }
    match inner.rsplit_once('/') {
        Some((dir, file)) => (dir.to_string(), Some(file.to_string())),
        None => (String::new(), Some(inner.to_string())),
    }
}

/// The file names of cgroup `path`, with whether each is writable.
pub fn files(m: &Machine, path: &str) -> Vec<(String, bool)> {
    let root = path.is_empty();
    let mut out: Vec<(String, bool)> = CORE_FILES.iter().filter(|(_, in_root, _)| !root || *in_root).map(|(n, _, w)| (n.to_string(), *w)).collect();
    out.push(("cpu.stat".into(), false));
    if !root {
        let enabled = m.cgroups.controllers(path);
        out.extend(CONTROLLER_FILES.iter().filter(|(c, _, _)| enabled.contains(*c)).map(|(_, n, w)| (n.to_string(), *w)));
    }
    wharf_engine::sort::ascending(&mut out);
    out
}

/// What a path in the cgroup filesystem is: a directory (with its entries) or a file
/// (contents, writable).
pub enum Node {
    /// A cgroup directory: its files and child cgroups.
    Dir(Vec<String>),
    /// A file: contents and whether it can be written.
    File(Vec<u8>, bool),
}

/// Looks a path up.
pub fn node(m: &Machine, inner: &str, viewer: Option<Pid>) -> Result<Node, Errno> {
    let (path, file) = split(m, inner);
    if !m.cgroups.groups.contains_key(&path) {
        return Err(Errno::ENOENT);
    }
    let Some(file) = file else {
        let mut names: Vec<String> = files(m, &path).into_iter().map(|(n, _)| n).collect();
        names.extend(m.cgroups.children(&path));
        wharf_engine::sort::ascending(&mut names);
        return Ok(Node::Dir(names));
    };
    let writable = files(m, &path).into_iter().find(|(n, _)| *n == file).ok_or(Errno::ENOENT)?.1;
    Ok(Node::File(read(m, &path, &file, viewer).into_bytes(), writable))
}

fn max_or(v: Option<u64>) -> String {
    v.map_or_else(|| "max".to_string(), |n| n.to_string())
}

fn read(m: &Machine, path: &str, file: &str, viewer: Option<Pid>) -> String {
    let g = &m.cgroups.groups[path];
    let line = |s: String| s + "\n";
    match file {
        "cgroup.controllers" => line(m.cgroups.controllers(path).into_iter().collect::<Vec<_>>().join(" ")),
        "cgroup.subtree_control" => line(CONTROLLERS.iter().filter(|c| g.subtree_control.contains(**c)).copied().collect::<Vec<_>>().join(" ")),
        "cgroup.procs" | "cgroup.threads" => {
            let level = viewer.and_then(|v| m.procs.get(&v)).map_or(0, |v| m.pid_namespaces[v.ns.pid].level);
            let mut pids: Vec<u32> = m.procs.values().filter(|p| !p.is_zombie() && p.cgroup == path).filter_map(|p| p.pid_in(level)).collect();
            wharf_engine::sort::ascending(&mut pids);
            pids.iter().map(|p| format!("{p}\n")).collect()
        }
        "cgroup.events" => format!("populated {}\nfrozen {}\n", u8::from(cgroup::live_in(m, path) > 0), u8::from(m.cgroups.is_frozen(path))),
        "cgroup.freeze" => line(u8::from(g.frozen).to_string()),
        "cgroup.max.depth" | "cgroup.max.descendants" => line("max".into()),
        "cgroup.stat" => {
            let below = m.cgroups.groups.keys().filter(|k| !k.is_empty() && *k != path && (path.is_empty() || k.starts_with(&format!("{path}/")))).count();
            format!("nr_descendants {below}\nnr_dying_descendants 0\n")
        }
        "cgroup.type" => line("domain".into()),
        "cpu.stat" => {
            let mut s = format!("usage_usec {}\nuser_usec {}\nsystem_usec {}\n", g.usage_usec, g.usage_usec * 9 / 10, g.usage_usec / 10);
            if !path.is_empty() {
                s.push_str(&format!("nr_periods {}\nnr_throttled {}\nthrottled_usec {}\nnr_bursts 0\nburst_usec 0\n", g.nr_periods, g.nr_throttled, g.throttled_usec));
            }
            s
        }
        "cpu.max" => format!("{} {}\n", max_or(g.cpu_max.0), g.cpu_max.1),
        "cpu.weight" => line("100".into()),
        "memory.current" => line(cgroup::memory_current(m, path).to_string()),
        "memory.peak" => line(g.memory_peak.max(cgroup::memory_current(m, path)).to_string()),
        "memory.max" => line(max_or(g.memory_max)),
        "memory.swap.max" => line("max".into()),
        "memory.events" => format!("low 0\nhigh 0\nmax {}\noom {}\noom_kill {}\noom_group_kill 0\n", g.memory_max_events, g.oom_kills, g.oom_kills),
        "memory.stat" => format!("anon {}\nfile 0\nkernel 0\nsock 0\nshmem 0\n", cgroup::memory_current(m, path)),
        "pids.current" => line(cgroup::live_in(m, path).to_string()),
        "pids.max" => line(max_or(g.pids_max)),
        "pids.events" => format!("max {}\n", g.pids_max_events),
        _ => String::new(),
    }
}

/// Parses `max` or a number with an optional K/M/G suffix (memory.max accepts them).
fn parse_limit(s: &str, suffixes: bool) -> Result<Option<u64>, Errno> {
    let s = s.trim();
    if s == "max" {
        return Ok(None);
    }
    let (digits, mult) = match s.char_indices().last() {
        Some((i, c)) if suffixes && "kKmMgG".contains(c) => (&s[..i], 1024u64.pow("kKmMgG".find(c).map_or(0, |p| p as u32 / 2 + 1))),
        _ => (s, 1),
    };
    digits.parse::<u64>().map(|n| Some(n.saturating_mul(mult))).map_err(|_| Errno::EINVAL)
}

/// A write to a cgroup file by process `writer`.
pub fn write(m: &mut Machine, inner: &str, data: &[u8], writer: Pid) -> Result<(), Errno> {
    let (path, Some(file)) = split(m, inner) else { return Err(Errno::EISDIR) };
    if !files(m, &path).iter().any(|(n, w)| *n == file && *w) {
        return Err(Errno::EACCES);
    }
    let text = std::str::from_utf8(data).map_err(|_| Errno::EINVAL)?.trim().to_string();
    match file.as_str() {
        "cgroup.procs" | "cgroup.threads" => {
            let num: u32 = text.parse().map_err(|_| Errno::EINVAL)?;
            let ns = m.proc(writer)?.ns.pid;
            let target = m.host_pid(ns, num).ok_or(Errno::ESRCH)?;
            // No internal processes: a non-root cgroup that hands controllers to children
            // cannot hold processes itself.
            if !path.is_empty() && !m.cgroups.groups[&path].subtree_control.is_empty() {
                return Err(Errno::EBUSY);
            }
            m.proc_mut(target)?.cgroup = path.clone();
            wake_if_thawed(m, &path);
        }
        "cgroup.subtree_control" => {
            let available = m.cgroups.controllers(&path);
            let has_procs = !path.is_empty() && m.procs.values().any(|p| !p.is_zombie() && p.cgroup == path);
            let mut wanted = m.cgroups.groups[&path].subtree_control.clone();
            for tok in text.split_whitespace() {
                let (add, name) = match tok.split_at(1) {
                    ("+", n) => (true, n),
                    ("-", n) => (false, n),
                    _ => return Err(Errno::EINVAL),
                };
                if !available.contains(name) {
                    return Err(Errno::ENOENT);
                }
                if add {
                    wanted.insert(name.to_string());
                } else {
                    wanted.remove(name);
                }
            }
            if has_procs && !wanted.is_empty() {
                return Err(Errno::EBUSY);
            }
            m.cgroups.groups.get_mut(&path).ok_or(Errno::ENOENT)?.subtree_control = wanted;
        }
        "cgroup.freeze" => {
            let frozen = match text.as_str() {
                "0" => false,
                "1" => true,
                _ => return Err(Errno::EINVAL),
            };
            m.cgroups.groups.get_mut(&path).ok_or(Errno::ENOENT)?.frozen = frozen;
            wake_if_thawed(m, &path);
        }
        "pids.max" => m.cgroups.groups.get_mut(&path).ok_or(Errno::ENOENT)?.pids_max = parse_limit(&text, false)?,
        "memory.max" => {
            let limit = parse_limit(&text, true)?;
            m.cgroups.groups.get_mut(&path).ok_or(Errno::ENOENT)?.memory_max = limit;
        }
        "cpu.max" => {
            let mut parts = text.split_whitespace();
            let quota = parse_limit(parts.next().ok_or(Errno::EINVAL)?, false)?;
            let g = m.cgroups.groups.get_mut(&path).ok_or(Errno::ENOENT)?;
            let period = match parts.next() {
                Some(p) => p.parse::<u64>().map_err(|_| Errno::EINVAL)?,
                None => g.cpu_max.1,
            };
            if !(1000..=1_000_000).contains(&period) || quota.is_some_and(|q| q < 1000) {
                return Err(Errno::EINVAL);
            }
            g.cpu_max = (quota, period);
        }
        "cpu.weight" | "memory.swap.max" | "cgroup.max.depth" | "cgroup.max.descendants" | "cgroup.type" => {}
        _ => return Err(Errno::EACCES),
    }
    Ok(())
}

/// Wakes processes of `path` and below that may run again after a thaw or a move.
fn wake_if_thawed(m: &mut Machine, path: &str) {
    let thawed: Vec<Pid> = m.procs.values().filter(|p| p.cgroup == path || p.cgroup.starts_with(&format!("{path}/")) || path.is_empty()).filter(|p| !m.cgroups.is_frozen(&p.cgroup)).map(|p| p.pid).collect();
    for pid in thawed {
        if let Some(w) = m.procs.get_mut(&pid).and_then(|p| p.blocked.take()) {
            w.wake();
        }
    }
}

/// `mkdir` in the cgroup filesystem.
pub fn mkdir(m: &mut Machine, inner: &str) -> Result<(), Errno> {
    m.cgroups.create(inner)
}

/// `rmdir` in the cgroup filesystem: only empty cgroups without children.
pub fn rmdir(m: &mut Machine, inner: &str) -> Result<(), Errno> {
    if inner.is_empty() || !m.cgroups.groups.contains_key(inner) {
        return Err(if inner.is_empty() { Errno::EBUSY } else { Errno::ENOENT });
    }
    if cgroup::live_in(m, inner) > 0 || !m.cgroups.children(inner).is_empty() {
        return Err(Errno::EBUSY);
    }
    m.cgroups.groups.remove(inner);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_like_the_kernel() {
        assert_eq!(parse_limit("max", true), Ok(None));
        assert_eq!(parse_limit("512M", true), Ok(Some(512 << 20)));
        assert_eq!(parse_limit("10", false), Ok(Some(10)));
        assert_eq!(parse_limit("10k", false), Err(Errno::EINVAL));
        assert_eq!(parse_limit("lots", true), Err(Errno::EINVAL));
    }
}
