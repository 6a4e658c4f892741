//! Looking into running containers: `docker top`, `docker diff`, `docker stats`.

use super::{ApiError, Daemon};
use crate::api::container_misc::{ChangeKind, ContainerChangeResponseItem, ContainerTopOkBody};
use crate::api::gotime::GoTime;
use crate::api::stats::StatsJson;
use crate::unionfs::diff::ChangeKind as UnionChange;

/// What `docker stats` reports as the limit of a container without `--memory`: the machine's
/// memory (the simulated host's 3935.5 MiB).
const HOST_MEMORY: u64 = 4_126_670_848;

/// `HH:MM` of a Unix time in nanoseconds (UTC), as `ps -ef` prints a start time today.
fn clock(nanos: i64) -> String {
    let secs = nanos.div_euclid(1_000_000_000).rem_euclid(86_400);
    format!("{:02}:{:02}", secs / 3600, secs / 60 % 60)
}

/// `[[hh:]mm:]ss` CPU time as `ps` prints it: `00:00:00`.
fn cpu_time(nanos: i64) -> String {
    let s = nanos / 1_000_000_000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

impl Daemon {
    fn running_pid(&self, input: &str) -> Result<(String, crate::kernel::Pid), ApiError> {
        let c = self.container(input)?;
        match c.state.pid {
            Some(pid) if c.state.is_running() => Ok((c.id.clone(), pid)),
            _ => Err(ApiError::conflict(format!("Container {} is not running", c.id))),
        }
    }

    /// `GET /containers/{id}/top`: `ps -ef` of the container's processes, as the host sees
    /// them.
    pub fn container_top(&mut self, input: &str) -> Result<ContainerTopOkBody, ApiError> {
        let (_, pid) = self.running_pid(input)?;
        let mut rows = self.kernel.process_table(pid).map_err(|e| ApiError::system(e.to_string()))?;
        crate::sort::by_key(&mut rows, |r| r.pid);
        let titles = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"].map(String::from).to_vec();
        let processes = rows
            .into_iter()
            .map(|r| {
                let user = if r.uid == 0 { "root".to_string() } else { r.uid.to_string() };
                vec![user, r.pid.to_string(), r.ppid.to_string(), "0".into(), clock(r.started), r.tty.unwrap_or_else(|| "?".into()), cpu_time(r.cpu_time), r.args.join(" ")]
            })
            .collect();
        Ok(ContainerTopOkBody { processes, titles })
    }

    /// `GET /containers/{id}/changes`: what `docker diff` lists.
    pub fn container_changes(&mut self, input: &str) -> Result<Vec<ContainerChangeResponseItem>, ApiError> {
        let id = self.lookup(input)?;
        let changes = self.kernel.rootfs_changes(&id).map_err(|e| ApiError::system(e.to_string()))?;
        Ok(changes
            .into_iter()
            .map(|c| ContainerChangeResponseItem {
                kind: match c.kind {
                    UnionChange::Added => ChangeKind::Add,
                    UnionChange::Modified => ChangeKind::Modify,
                    UnionChange::Deleted => ChangeKind::Delete,
                },
                path: c.path,
            })
            .collect())
    }

    /// `GET /containers/{id}/stats?stream=false`: one sample from the container's cgroup. A
    /// stopped container gives an empty sample, which the CLI shows as zeros.
    pub fn container_stats(&mut self, input: &str) -> Result<StatsJson, ApiError> {
        let c = self.container(input)?;
        let (id, name, pid) = (c.id.clone(), format!("/{}", c.name), c.state.pid.filter(|_| c.state.is_running()));
        let mut s = StatsJson { id, name, ..StatsJson::default() };
        let Some(pid) = pid else { return Ok(s) };
        let cg = self.kernel.cgroup_stats(pid).map_err(|e| ApiError::system(e.to_string()))?;
        s.read = GoTime::from_unix_nanos(self.kernel.now());
        s.num_procs = 0;
        s.pids_stats.current = cg.pids_current;
        s.memory_stats.usage = cg.memory_current;
        s.memory_stats.limit = cg.memory_max.unwrap_or(HOST_MEMORY);
        s.cpu_stats.cpu_usage.total_usage = cg.cpu_usage_usec * 1000;
        s.cpu_stats.online_cpus = 2;
        Ok(s)
    }
}

impl Daemon {
    /// `SizeRw` and `SizeRootFs` of a container (`docker ps -s`): the bytes of the files in
    /// its writable layer, and those plus its image's.
    pub fn container_size(&mut self, input: &str) -> Result<(i64, i64), ApiError> {
        let id = self.lookup(input)?;
        let image = self.containers[&id].image_id;
        let mut tar = Vec::new();
        self.kernel.diff_rootfs(&id, &mut tar).map_err(|e| ApiError::system(e.to_string()))?;
        let rw = crate::image::layer::inspect(&mut &tar[..]).map(|i| i.size as i64).unwrap_or(0);
        let base = self.images().get(&image).map(|r| r.size() as i64).unwrap_or(0);
        Ok((rw, rw + base))
    }
}
