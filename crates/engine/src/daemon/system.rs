//! `GET /version`, `GET /info` and `GET /events`: the daemon describing itself.
//!
//! The daemon plays dockerd 20.10 as Debian 12 packages it (the pair the references were
//! captured with); what depends on the machine (its name, kernel, CPUs, memory, cgroup
//! version) comes from the platform as [`HostFacts`].

use std::collections::BTreeMap;

use super::Daemon;
use crate::api::events::{Actor, Message};
use crate::api::info::Info;
use crate::api::version::{ComponentVersion, PlatformName, Version};
use crate::container::state::Status;

/// The dockerd version wharf's daemon answers with.
pub const SERVER_VERSION: &str = "20.10.24+dfsg1";

/// What the platform tells the daemon about its machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostFacts {
    /// Hostname (`Name` in `docker info`).
    pub name: String,
    /// `uname -r`.
    pub kernel_version: String,
    /// `PRETTY_NAME` of `/etc/os-release`.
    pub operating_system: String,
    /// CPUs online.
    pub ncpu: i64,
    /// Memory in bytes.
    pub mem_total: i64,
    /// `1` or `2`.
    pub cgroup_version: String,
    /// The daemon's ID (`docker info`'s `ID`).
    pub id: String,
    /// The host's own address (what `docker swarm init` advertises), if it has one.
    pub address: Option<std::net::Ipv4Addr>,
}

impl Default for HostFacts {
    fn default() -> Self {
        HostFacts {
            name: "localhost".into(),
            kernel_version: "6.1.0-18-amd64".into(),
            operating_system: "Debian GNU/Linux 12 (bookworm)".into(),
            ncpu: 2,
            mem_total: 4_126_670_848,
            cgroup_version: "2".into(),
            id: "WHRF:SIMU:LATE:DOCK:ERDA:EMON:WHRF:SIMU:LATE:DOCK:ERDA:EMON".into(),
            address: None,
        }
    }
}

fn component(name: &str, version: &str, commit: &str) -> ComponentVersion {
    ComponentVersion { name: name.into(), version: version.into(), details: BTreeMap::from([("GitCommit".to_string(), commit.to_string())]) }
}

impl Daemon {
    /// `GET /version`.
    pub fn version(&self) -> Version {
        let mut engine = component("Engine", SERVER_VERSION, "5d6db84");
        for (k, v) in [("ApiVersion", "1.41"), ("Arch", "amd64"), ("BuildTime", "2026-05-07T21:09:36.000000000+00:00"), ("Experimental", "false"), ("GoVersion", "go1.19.8"), ("KernelVersion", &self.host.kernel_version), ("MinAPIVersion", "1.12"), ("Os", "linux")] {
            engine.details.insert(k.to_string(), v.to_string());
        }
        Version {
            platform: PlatformName { name: String::new() },
            components: vec![engine, component("containerd", "1.6.20~ds1", "1.6.20~ds1-1+deb12u3"), component("runc", "1.1.5+ds1", "1.1.5+ds1-1+deb12u1"), component("docker-init", "0.19.0", "")],
            version: SERVER_VERSION.into(),
            api_version: "1.41".into(),
            min_api_version: "1.12".into(),
            git_commit: "5d6db84".into(),
            go_version: "go1.19.8".into(),
            os: "linux".into(),
            arch: "amd64".into(),
            kernel_version: self.host.kernel_version.clone(),
            experimental: false,
            build_time: "2026-05-07T21:09:36.000000000+00:00".into(),
        }
    }

    /// `GET /info`.
    pub fn info(&mut self) -> Info {
        let count = |s: &[Status]| self.containers.values().filter(|c| s.contains(&c.state.status)).count() as i64;
        let (running, paused) = (count(&[Status::Running, Status::Restarting]), count(&[Status::Paused]));
        let total = self.containers.len() as i64;
        let images = self.images().ids().map(|v| v.len() as i64).unwrap_or(0);
        Info {
            id: self.host.id.clone(),
            containers: total,
            containers_running: running,
            containers_paused: paused,
            containers_stopped: total - running - paused,
            images,
            server_version: SERVER_VERSION.into(),
            cgroup_driver: if self.host.cgroup_version == "2" { "systemd".into() } else { "cgroupfs".into() },
            cgroup_version: self.host.cgroup_version.clone(),
            kernel_version: self.host.kernel_version.clone(),
            operating_system: self.host.operating_system.clone(),
            ncpu: self.host.ncpu,
            mem_total: self.host.mem_total,
            name: self.host.name.clone(),
            swarm: self.swarm_info(),
            ..Info::debian_dockerd_20_10()
        }
    }

    /// `Info.Swarm`: inactive, or this node as the one manager of its swarm.
    fn swarm_info(&self) -> crate::api::info::SwarmInfo {
        use crate::api::info::SwarmInfo;
        match self.swarm() {
            Ok(s) => SwarmInfo {
                node_id: s.node_id.clone(),
                node_addr: s.addr.clone(),
                local_node_state: "active".into(),
                control_available: true,
                error: String::new(),
                remote_managers: Some(vec![serde_json::json!({"NodeID": s.node_id, "Addr": format!("{}:{}", s.addr, super::swarm::SWARM_PORT)})]),
                nodes: Some(1),
                managers: Some(1),
            },
            Err(_) => SwarmInfo { local_node_state: "inactive".into(), ..SwarmInfo::default() },
        }
    }

    /// The event log as `GET /events` messages, from index `from` on.
    pub fn event_messages(&self, from: usize) -> Vec<Message> {
        self.events
            .all()
            .iter()
            .skip(from)
            .map(|e| Message {
                status: if e.kind == "container" { e.action.clone() } else { String::new() },
                id: if e.kind == "container" { e.id.clone() } else { String::new() },
                from: if e.kind == "container" { e.attributes.get("image").cloned().unwrap_or_default() } else { String::new() },
                kind: e.kind.to_string(),
                action: e.action.clone(),
                actor: Actor { id: e.id.clone(), attributes: Some(e.attributes.clone()) },
                scope: "local".into(),
                time: e.time.div_euclid(1_000_000_000),
                time_nano: e.time,
            })
            .collect()
    }
}
