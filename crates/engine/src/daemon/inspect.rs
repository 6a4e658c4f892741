//! The daemon's views of its containers in Engine API types: `GET /containers/{id}/json`
//! (`docker inspect`) and `GET /containers/json` (`docker ps`), with `ps`'s filters.

use std::collections::BTreeMap;

use super::container::{Container, HostOptions};
use super::{ApiError, Daemon};
use crate::api::container_inspect::{ContainerJson, ContainerState};
use crate::api::container_summary::ContainerSummary;
use crate::api::gotime::GoTime;
use crate::api::host_config::{HostConfig, RestartPolicy as ApiRestartPolicy};
use crate::api::image::GraphDriverData;
use crate::container::state::Status;

/// Where dockerd keeps containers and layers, for the paths `inspect` shows.
const DOCKER_ROOT: &str = "/var/lib/docker";

/// The `HostConfig` the daemon records for these options.
fn host_config(h: &HostOptions) -> HostConfig {
    HostConfig {
        network_mode: h.network_mode.clone(),
        restart_policy: ApiRestartPolicy { name: h.restart.name().to_string(), maximum_retry_count: h.restart.max_retries() as i64 },
        auto_remove: h.auto_remove,
        cap_add: (!h.cap_add.is_empty()).then(|| h.cap_add.clone()),
        cap_drop: (!h.cap_drop.is_empty()).then(|| h.cap_drop.clone()),
        privileged: h.privileged,
        readonly_rootfs: h.read_only,
        security_opt: (!h.security_opt.is_empty()).then(|| h.security_opt.clone()),
        memory: h.memory as i64,
        memory_swap: if h.memory > 0 { 2 * h.memory as i64 } else { 0 },
        nano_cpus: h.nano_cpus as i64,
        pids_limit: (h.pids_limit > 0).then_some(h.pids_limit as i64),
        init: h.init.then_some(true),
        binds: (!h.binds.is_empty()).then(|| h.binds.clone()),
        mounts: h.mounts.clone(),
        tmpfs: h.tmpfs.clone(),
        volumes_from: (!h.volumes_from.is_empty()).then(|| h.volumes_from.clone()),
        ..HostConfig::run_defaults()
    }
}

/// A filter of `docker ps --filter KEY=VALUE`, with Docker's error for an unknown key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PsFilter {
    key: String,
    value: String,
}

impl PsFilter {
    /// Parses `KEY=VALUE`.
    pub fn parse(s: &str) -> Result<PsFilter, ApiError> {
        let Some((key, value)) = s.split_once('=') else {
            return Err(ApiError::invalid("bad format of filter (expected name=value)"));
        };
        const KEYS: [&str; 10] = ["id", "name", "label", "status", "exited", "ancestor", "before", "since", "health", "volume"];
        if !KEYS.contains(&key) {
            return Err(ApiError::invalid(format!("invalid filter '{key}'")));
        }
        if key == "status" && !["created", "restarting", "running", "removing", "paused", "exited", "dead"].contains(&value) {
            return Err(ApiError::invalid(format!("invalid filter 'status={value}'")));
        }
        Ok(PsFilter { key: key.to_string(), value: value.to_string() })
    }
}

impl Daemon {
    fn container_json(&self, c: &Container) -> ContainerJson {
        let dir = format!("{DOCKER_ROOT}/containers/{}", c.id);
        let overlay = format!("{DOCKER_ROOT}/overlay2/{}", c.id);
        let data = BTreeMap::from([
            ("LowerDir".to_string(), format!("{overlay}-init/diff")),
            ("MergedDir".to_string(), format!("{overlay}/merged")),
            ("UpperDir".to_string(), format!("{overlay}/diff")),
            ("WorkDir".to_string(), format!("{overlay}/work")),
        ]);
        let pid = c.state.pid.map_or(0, i64::from);
        ContainerJson {
            id: c.id.clone(),
            created: GoTime::from_unix_nanos(c.created),
            path: c.path.clone(),
            args: c.args.clone(),
            state: ContainerState { health: c.health.as_ref().map(|h| h.to_api()), ..ContainerState::from_view(&c.state_view(), pid, c.state.oom_killed, c.state.error.clone()) },
            image: c.image_id.to_string(),
            resolv_conf_path: format!("{dir}/resolv.conf"),
            hostname_path: format!("{dir}/hostname"),
            hosts_path: format!("{dir}/hosts"),
            log_path: format!("{dir}/{}-json.log", c.id),
            name: format!("/{}", c.name),
            restart_count: i64::from(c.state.restart_count),
            driver: "overlay2".into(),
            platform: "linux".into(),
            mount_label: String::new(),
            process_label: String::new(),
            app_armor_profile: if c.host.privileged { "unconfined".into() } else { "docker-default".into() },
            exec_ids: {
                let ids: Vec<String> = self.execs.values().filter(|e| e.container == c.id && e.pid.is_some()).map(|e| e.id.clone()).collect();
                (!ids.is_empty()).then_some(ids)
            },
            host_config: HostConfig { port_bindings: Some(self.port_bindings(&c.id)), ..host_config(&c.host) },
            graph_driver: GraphDriverData { data: Some(data), name: "overlay2".into() },
            size_rw: None,
            size_root_fs: None,
            mounts: Daemon::mount_views(c),
            config: c.config.clone(),
            network_settings: self.network_settings(&c.id),
        }
    }

    /// `GET /containers/{id}/json`.
    pub fn container_inspect(&self, input: &str) -> Result<ContainerJson, ApiError> {
        let c = self.container(input)?;
        Ok(self.container_json(c))
    }

    /// `GET /containers/json`: running containers (all with `all`), newest first, filtered.
    pub fn container_list(&self, all: bool, filters: &[PsFilter]) -> Vec<ContainerSummary> {
        let now = self.kernel.now();
        let mut list: Vec<&Container> = self.containers.values().filter(|c| self.matches(c, all, filters)).collect();
        crate::sort::by_key(&mut list, |c| std::cmp::Reverse((c.created, c.serial)));
        list.into_iter().map(|c| ContainerSummary::from_inspect(&self.container_json(c), c.state_view().status_line(now))).collect()
    }

    fn matches(&self, c: &Container, all: bool, filters: &[PsFilter]) -> bool {
        let by_status = filters.iter().any(|f| f.key == "status" || f.key == "exited");
        if !all && !by_status && !c.state.is_running() && c.state.status != Status::Restarting {
            return false;
        }
        // Docker ORs values of one key and ANDs the keys.
        let mut keys: BTreeMap<&str, bool> = BTreeMap::new();
        for f in filters {
            let hit = match f.key.as_str() {
                "id" => c.id.starts_with(&f.value),
                "name" => c.name.contains(f.value.trim_start_matches('/')),
                "status" => c.state.status.as_str() == f.value,
                "exited" => c.state.status == Status::Exited && f.value.parse::<i32>() == Ok(c.state.exit_code),
                "label" => {
                    let labels = c.config.labels.clone().unwrap_or_default();
                    match f.value.split_once('=') {
                        Some((k, v)) => labels.get(k).is_some_and(|x| x == v),
                        None => labels.contains_key(&f.value),
                    }
                }
                "ancestor" => c.config.image == f.value || c.image_id.to_string() == f.value || c.image_id.hex().starts_with(&f.value),
                "before" => self.lookup(&f.value).ok().and_then(|id| self.containers.get(&id)).is_some_and(|o| c.serial < o.serial),
                "volume" => c.mount_points.iter().any(|m| m.name == f.value || m.destination == f.value),
                "since" => self.lookup(&f.value).ok().and_then(|id| self.containers.get(&id)).is_some_and(|o| c.serial > o.serial),
                _ => false,
            };
            *keys.entry(f.key.as_str()).or_insert(false) |= hit;
        }
        keys.values().all(|&hit| hit)
    }
}
