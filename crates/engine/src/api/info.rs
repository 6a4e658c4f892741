//! `GET /info`: Docker's `types.Info` (API 1.41), what `docker info` prints under `Server:`.

use crate::collect::CollectMap;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `types.PluginsInfo`: the plugins each subsystem has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PluginsInfo {
    /// Volume drivers (`local`).
    pub volume: Option<Vec<String>>,
    /// Network drivers.
    pub network: Option<Vec<String>>,
    /// Authorization plugins.
    pub authorization: Option<Vec<String>>,
    /// Log drivers.
    pub log: Option<Vec<String>>,
}

/// `types.Commit`: a component's commit and the one the daemon was built against.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Commit {
    /// What runs.
    #[serde(rename = "ID")]
    pub id: String,
    /// What was expected.
    pub expected: String,
}

/// `types.Runtime`: an OCI runtime the daemon can use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Runtime {
    /// Binary; omitted when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// Arguments; omitted when empty.
    #[serde(rename = "runtimeArgs", default, skip_serializing_if = "Vec::is_empty")]
    pub runtime_args: Vec<String>,
}

/// `registry.IndexInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IndexInfo {
    /// `docker.io`.
    pub name: String,
    /// Mirrors.
    pub mirrors: Vec<String>,
    /// TLS required.
    pub secure: bool,
    /// Docker Hub.
    pub official: bool,
}

/// `registry.ServiceConfig`; CIDRs as `127.0.0.0/8` strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConfig {
    /// Deprecated non-distributable artifact networks.
    #[serde(rename = "AllowNondistributableArtifactsCIDRs")]
    pub allow_nondistributable_artifacts_cidrs: Option<Vec<String>>,
    /// Deprecated non-distributable artifact hosts.
    pub allow_nondistributable_artifacts_hostnames: Option<Vec<String>>,
    /// Registries reached without TLS, by network.
    #[serde(rename = "InsecureRegistryCIDRs")]
    pub insecure_registry_cidrs: Option<Vec<String>>,
    /// Known registries by name.
    pub index_configs: BTreeMap<String, IndexInfo>,
    /// Registry mirrors.
    pub mirrors: Option<Vec<String>>,
}

/// `swarm.Info`, as a daemon outside a swarm reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SwarmInfo {
    /// Node ID, `""` outside a swarm.
    #[serde(rename = "NodeID")]
    pub node_id: String,
    /// Node address.
    pub node_addr: String,
    /// `inactive`, `pending`, `active`, `error`, `locked`.
    pub local_node_state: String,
    /// A manager.
    pub control_available: bool,
    /// Last error.
    pub error: String,
    /// Managers known (`null` outside a swarm).
    pub remote_managers: Option<Vec<serde_json::Value>>,
    /// Nodes in the swarm (a manager reports them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<i64>,
    /// Managers in the swarm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managers: Option<i64>,
}

/// `types.NetworkAddressPool` (`--default-address-pool`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAddressPool {
    /// `172.17.0.0/16`.
    pub base: String,
    /// Subnet prefix length.
    pub size: i64,
}

/// `types.Info`, field for field in Go's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Info {
    /// `XXXX:XXXX:...` daemon ID.
    #[serde(rename = "ID")]
    pub id: String,
    /// Containers.
    pub containers: i64,
    /// Running ones.
    pub containers_running: i64,
    /// Paused ones.
    pub containers_paused: i64,
    /// Stopped ones.
    pub containers_stopped: i64,
    /// Images.
    pub images: i64,
    /// Storage driver (`overlay2`).
    pub driver: String,
    /// Driver facts as label/value pairs (`Backing Filesystem`, `extfs`).
    pub driver_status: Option<Vec<[String; 2]>>,
    /// Extra status pairs; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub system_status: Vec<[String; 2]>,
    /// Plugins.
    pub plugins: PluginsInfo,
    /// Memory limits supported.
    pub memory_limit: bool,
    /// Swap limits supported.
    pub swap_limit: bool,
    /// Kernel memory limits supported.
    pub kernel_memory: bool,
    /// Kernel TCP memory limits supported.
    #[serde(rename = "KernelMemoryTCP")]
    pub kernel_memory_tcp: bool,
    /// CFS period supported.
    pub cpu_cfs_period: bool,
    /// CFS quota supported.
    pub cpu_cfs_quota: bool,
    /// CPU shares supported.
    #[serde(rename = "CPUShares")]
    pub cpu_shares: bool,
    /// cpusets supported.
    #[serde(rename = "CPUSet")]
    pub cpu_set: bool,
    /// pids limits supported.
    pub pids_limit: bool,
    /// IPv4 forwarding on.
    #[serde(rename = "IPv4Forwarding")]
    pub ipv4_forwarding: bool,
    /// `bridge-nf-call-iptables` on.
    pub bridge_nf_iptables: bool,
    /// `bridge-nf-call-ip6tables` on.
    pub bridge_nf_ip6tables: bool,
    /// Daemon debug mode.
    pub debug: bool,
    /// Open file descriptors.
    #[serde(rename = "NFd")]
    pub n_fd: i64,
    /// OOM killer disabling supported.
    pub oom_kill_disable: bool,
    /// Goroutines.
    pub n_goroutines: i64,
    /// The daemon's clock, RFC 3339 with nanoseconds.
    pub system_time: String,
    /// Default log driver.
    pub logging_driver: String,
    /// `cgroupfs` or `systemd`.
    pub cgroup_driver: String,
    /// `1` or `2`; omitted when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cgroup_version: String,
    /// Event listeners.
    pub n_events_listener: i64,
    /// Kernel release.
    pub kernel_version: String,
    /// `Debian GNU/Linux 12 (bookworm)`.
    pub operating_system: String,
    /// `12`.
    #[serde(rename = "OSVersion")]
    pub os_version: String,
    /// `linux`.
    #[serde(rename = "OSType")]
    pub os_type: String,
    /// `x86_64`.
    pub architecture: String,
    /// `https://index.docker.io/v1/`.
    pub index_server_address: String,
    /// Registry settings.
    pub registry_config: Option<ServiceConfig>,
    /// CPUs.
    #[serde(rename = "NCPU")]
    pub ncpu: i64,
    /// Memory in bytes.
    pub mem_total: i64,
    /// Swarm generic resources.
    pub generic_resources: Option<Vec<serde_json::Value>>,
    /// `/var/lib/docker`.
    pub docker_root_dir: String,
    /// Proxy.
    #[serde(rename = "HttpProxy")]
    pub http_proxy: String,
    /// Proxy.
    #[serde(rename = "HttpsProxy")]
    pub https_proxy: String,
    /// Proxy exceptions.
    pub no_proxy: String,
    /// Host name.
    pub name: String,
    /// Daemon labels (`[]` when none).
    pub labels: Vec<String>,
    /// Experimental build.
    pub experimental_build: bool,
    /// `20.10.24+dfsg1`.
    pub server_version: String,
    /// Runtimes by name.
    pub runtimes: BTreeMap<String, Runtime>,
    /// `runc`.
    pub default_runtime: String,
    /// Swarm state.
    pub swarm: SwarmInfo,
    /// `--live-restore`.
    pub live_restore_enabled: bool,
    /// Windows isolation, `""` on Linux.
    pub isolation: String,
    /// `docker-init`.
    pub init_binary: String,
    /// containerd's commit.
    pub containerd_commit: Commit,
    /// runc's commit.
    pub runc_commit: Commit,
    /// docker-init's commit.
    pub init_commit: Commit,
    /// `name=seccomp,profile=default`...
    pub security_options: Vec<String>,
    /// Product license; omitted when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub product_license: String,
    /// Default address pools; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub default_address_pools: Vec<NetworkAddressPool>,
    /// Warnings the CLI prints on stderr.
    pub warnings: Option<Vec<String>>,
}

impl Info {
    /// What Debian 12's dockerd 20.10 answers whatever the machine: its version, storage and
    /// logging drivers, plugins, runtimes, component commits, seccomp and registry settings.
    /// Callers fill in the machine (name, kernel, CPUs, memory, cgroups) and the counts.
    pub fn debian_dockerd_20_10() -> Info {
        let words = |s: &str| Some(s.split(' ').map(String::from).collect::<Vec<_>>());
        let pair = |k: &str, v: &str| [k.to_string(), v.to_string()];
        let commit = |id: &str| Commit { id: id.into(), expected: id.into() };
        let index_configs = BTreeMap::from([("docker.io".to_string(), IndexInfo { name: "docker.io".into(), mirrors: vec![], secure: true, official: true })]);
        Info {
            server_version: "20.10.24+dfsg1".into(),
            driver: "overlay2".into(),
            driver_status: Some(vec![pair("Backing Filesystem", "extfs"), pair("Supports d_type", "true"), pair("Native Overlay Diff", "true"), pair("userxattr", "false")]),
            logging_driver: "json-file".into(),
            plugins: PluginsInfo {
                volume: words("local"),
                network: words("bridge host ipvlan macvlan null overlay"),
                authorization: None,
                log: words("awslogs fluentd gcplogs gelf journald json-file local logentries splunk syslog"),
            },
            swarm: SwarmInfo { local_node_state: "inactive".into(), ..SwarmInfo::default() },
            runtimes: ["io.containerd.runc.v2", "io.containerd.runtime.v1.linux", "runc"].iter().map(|n| (n.to_string(), Runtime::default())).collect_map(),
            default_runtime: "runc".into(),
            init_binary: "docker-init".into(),
            containerd_commit: commit("1.6.20~ds1-1+deb12u3"),
            runc_commit: commit("1.1.5+ds1-1+deb12u1"),
            init_commit: commit(""),
            security_options: vec!["name=seccomp,profile=default".into()],
            operating_system: "Debian GNU/Linux 12 (bookworm)".into(),
            os_type: "linux".into(),
            architecture: "x86_64".into(),
            docker_root_dir: "/var/lib/docker".into(),
            registry_config: Some(ServiceConfig { insecure_registry_cidrs: Some(vec!["127.0.0.0/8".into()]), index_configs, ..ServiceConfig::default() }),
            ..Info::default()
        }
    }
}
