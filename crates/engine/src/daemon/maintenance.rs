//! `docker container prune`, `docker update` and `docker system df`.

use super::container::RestartPolicy;
use super::{ApiError, Daemon};
use crate::api::system::DiskUsage;
use crate::container::state::Status;
use crate::digest::Digest;
use crate::image::db::ListOptions;
use crate::image::oci::chain_ids;
use crate::kernel::Limits;

/// What `docker update` may change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateOptions {
    /// `--memory`, bytes.
    pub memory: Option<u64>,
    /// `--cpus`, billionths.
    pub nano_cpus: Option<u64>,
    /// `--pids-limit`.
    pub pids_limit: Option<u64>,
    /// `--restart`.
    pub restart: Option<RestartPolicy>,
}

impl Daemon {
    /// `POST /containers/prune`: removes every stopped container; their IDs.
    pub fn container_prune(&mut self) -> Vec<String> {
        let stopped: Vec<String> = self.containers.values().filter(|c| matches!(c.state.status, Status::Exited | Status::Created | Status::Dead)).map(|c| c.id.clone()).collect();
        for id in &stopped {
            self.destroy(id);
        }
        stopped
    }

    /// `POST /containers/{id}/update`: new limits (a running container's cgroup gets them at
    /// once, and they are kept for the next start) and restart policy.
    pub fn container_update(&mut self, input: &str, update: &UpdateOptions) -> Result<(), ApiError> {
        let id = self.lookup(input)?;
        let c = self.container_mut(&id);
        if let Some(m) = update.memory {
            c.host.memory = m;
        }
        if let Some(n) = update.nano_cpus {
            c.host.nano_cpus = n;
        }
        if let Some(p) = update.pids_limit {
            c.host.pids_limit = p;
        }
        if let (Some(pid), true) = (c.state.pid, update.memory.is_some() || update.nano_cpus.is_some() || update.pids_limit.is_some()) {
            let host = &c.host;
            let limits = Limits {
                memory_max: (host.memory > 0).then_some(host.memory),
                pids_max: (host.pids_limit > 0).then_some(host.pids_limit),
                cpu_max: (host.nano_cpus > 0).then_some((host.nano_cpus / 10_000, 100_000)),
            };
            // A kernel that cannot change a running cgroup keeps the new limits for the next start.
            let _ = self.kernel.set_limits(pid, &limits);
        }
        let c = self.container_mut(&id);
        if let Some(r) = update.restart {
            if c.host.auto_remove && r != RestartPolicy::No {
                return Err(ApiError::invalid("Restart policy cannot be updated because AutoRemove is enabled for the container"));
            }
            c.host.restart = r;
        }
        self.container_event(&id, "update", &[]);
        Ok(())
    }

    /// `GET /system/df`: every image with how many containers use it and the bytes of its
    /// layers that other images share, every container with its sizes, every volume with its
    /// users and size.
    pub fn disk_usage(&mut self) -> Result<DiskUsage, ApiError> {
        let mut images = self.images().summaries(&ListOptions { all: true, ..ListOptions::default() })?;
        // Each layer by chain ID: its size and the images using it (shared layers count once).
        let mut layers: std::collections::BTreeMap<Digest, (i64, Vec<String>)> = std::collections::BTreeMap::new();
        let db = self.images();
        for id in db.ids()? {
            let rec = db.get(&id)?;
            let chains = chain_ids(&rec.layers.iter().map(|l| l.diff_id).collect::<Vec<_>>());
            for (chain, layer) in chains.into_iter().zip(&rec.layers) {
                layers.entry(chain).or_insert((layer.size as i64, Vec::new())).1.push(id.to_string());
            }
        }
        let layers_size = layers.values().map(|(size, _)| size).sum();
        for image in &mut images {
            image.containers = self.containers.values().filter(|c| c.image_id.to_string() == image.id).count() as i64;
            image.shared_size = layers.values().filter(|(_, users)| users.len() > 1 && users.contains(&image.id)).map(|(size, _)| size).sum();
        }
        let containers = self.container_list(true, &[]);
        let volumes = self.volume_list(&[], true);
        Ok(DiskUsage { layers_size, images, containers, volumes, ..DiskUsage::default() })
    }
}
