//! Docker's `container.HostConfig` (API 1.41) as Go marshals it: what `docker inspect` shows
//! under `HostConfig`, and what `docker run` sends. Go embeds `container.Resources` in it, so
//! the resource fields sit flat between `Isolation` and `Mounts`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::container::null_default;

/// `container.LogConfig`: the log driver and its options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogConfig {
    /// `json-file`, `none`, ...
    #[serde(default, deserialize_with = "null_default")]
    pub r#type: String,
    /// Driver options (`max-size`...); `{}` when none were given.
    #[serde(default)]
    pub config: Option<BTreeMap<String, String>>,
}

/// `container.RestartPolicy`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestartPolicy {
    /// `no`, `always`, `on-failure`, `unless-stopped` (or `""` in old records).
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Retries for `on-failure`.
    #[serde(default, deserialize_with = "null_default")]
    pub maximum_retry_count: i64,
}

/// `nat.PortBinding`: one host address a container port is published on.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PortBinding {
    /// Host IP (`0.0.0.0`, `::`, or `""` for all).
    #[serde(rename = "HostIp", default, deserialize_with = "null_default")]
    pub host_ip: String,
    /// Host port, as a string (`"8080"`).
    #[serde(rename = "HostPort", default, deserialize_with = "null_default")]
    pub host_port: String,
}

/// `nat.PortMap`: `80/tcp` to its bindings; `null` bindings for a port exposed but not
/// published.
pub type PortMap = BTreeMap<String, Option<Vec<PortBinding>>>;

/// `blkiodev.WeightDevice`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WeightDevice {
    /// Device path.
    pub path: String,
    /// Relative weight.
    pub weight: u16,
}

/// `blkiodev.ThrottleDevice`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ThrottleDevice {
    /// Device path.
    pub path: String,
    /// Bytes or operations per second.
    pub rate: u64,
}

/// `container.DeviceMapping` (`--device`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceMapping {
    /// Host device.
    pub path_on_host: String,
    /// Path inside the container.
    pub path_in_container: String,
    /// `rwm` and subsets.
    pub cgroup_permissions: String,
}

/// `container.DeviceRequest` (`--gpus`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceRequest {
    /// Device driver.
    pub driver: String,
    /// Number of devices (-1 for all).
    pub count: i64,
    /// Device IDs.
    #[serde(rename = "DeviceIDs")]
    pub device_ids: Option<Vec<String>>,
    /// Capability sets, any of which must match.
    pub capabilities: Option<Vec<Vec<String>>>,
    /// Driver options.
    pub options: Option<BTreeMap<String, String>>,
}

/// `units.Ulimit` (`--ulimit`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ulimit {
    /// `nofile`, `nproc`...
    pub name: String,
    /// Hard limit.
    pub hard: i64,
    /// Soft limit.
    pub soft: i64,
}

/// `mount.Mount` (`--mount`), the fields wharf uses; all `omitempty` as in Go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Mount {
    /// `bind`, `volume`, `tmpfs`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub r#type: String,
    /// Volume name or host path.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Path in the container.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target: String,
    /// Read-only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// Options wharf keeps as given (`BindOptions`, `VolumeOptions`, `TmpfsOptions`).
    #[serde(flatten)]
    pub options: BTreeMap<String, serde_json::Value>,
}

/// `container.HostConfig`, field for field in Go's order (with `Resources` inlined).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HostConfig {
    /// `-v` binds (`null` when none).
    #[serde(default)]
    pub binds: Option<Vec<String>>,
    /// `--cidfile`.
    #[serde(rename = "ContainerIDFile", default, deserialize_with = "null_default")]
    pub container_id_file: String,
    /// `--log-driver`, `--log-opt`.
    #[serde(default)]
    pub log_config: LogConfig,
    /// `--network`: `default`, `bridge`, `none`, `host`, `container:ID` or a network name.
    #[serde(default, deserialize_with = "null_default")]
    pub network_mode: String,
    /// `-p` publications (`{}` when none).
    #[serde(default)]
    pub port_bindings: Option<PortMap>,
    /// `--restart`.
    #[serde(default)]
    pub restart_policy: RestartPolicy,
    /// `--rm`.
    #[serde(default, deserialize_with = "null_default")]
    pub auto_remove: bool,
    /// `--volume-driver`.
    #[serde(default, deserialize_with = "null_default")]
    pub volume_driver: String,
    /// `--volumes-from`.
    #[serde(default)]
    pub volumes_from: Option<Vec<String>>,
    /// `--cap-add`.
    #[serde(default)]
    pub cap_add: Option<Vec<String>>,
    /// `--cap-drop`.
    #[serde(default)]
    pub cap_drop: Option<Vec<String>>,
    /// `--cgroupns`: `host` or `private`.
    #[serde(default, deserialize_with = "null_default")]
    pub cgroupns_mode: String,
    /// `--dns`.
    #[serde(default)]
    pub dns: Option<Vec<String>>,
    /// `--dns-option`.
    #[serde(default)]
    pub dns_options: Option<Vec<String>>,
    /// `--dns-search`.
    #[serde(default)]
    pub dns_search: Option<Vec<String>>,
    /// `--add-host`.
    #[serde(default)]
    pub extra_hosts: Option<Vec<String>>,
    /// `--group-add`.
    #[serde(default)]
    pub group_add: Option<Vec<String>>,
    /// `--ipc`: `private`, `shareable`, `host`, `container:ID`...
    #[serde(default, deserialize_with = "null_default")]
    pub ipc_mode: String,
    /// `--cgroup` (a cgroup spec, rarely set).
    #[serde(default, deserialize_with = "null_default")]
    pub cgroup: String,
    /// `--link`.
    #[serde(default)]
    pub links: Option<Vec<String>>,
    /// `--oom-score-adj`.
    #[serde(default, deserialize_with = "null_default")]
    pub oom_score_adj: i64,
    /// `--pid`.
    #[serde(default, deserialize_with = "null_default")]
    pub pid_mode: String,
    /// `--privileged`.
    #[serde(default, deserialize_with = "null_default")]
    pub privileged: bool,
    /// `-P`.
    #[serde(default, deserialize_with = "null_default")]
    pub publish_all_ports: bool,
    /// `--read-only`.
    #[serde(default, deserialize_with = "null_default")]
    pub readonly_rootfs: bool,
    /// `--security-opt`.
    #[serde(default)]
    pub security_opt: Option<Vec<String>>,
    /// `--storage-opt`; omitted when empty.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "null_default")]
    pub storage_opt: BTreeMap<String, String>,
    /// `--tmpfs`; omitted when empty.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "null_default")]
    pub tmpfs: BTreeMap<String, String>,
    /// `--uts`.
    #[serde(rename = "UTSMode", default, deserialize_with = "null_default")]
    pub uts_mode: String,
    /// `--userns`.
    #[serde(default, deserialize_with = "null_default")]
    pub userns_mode: String,
    /// `--shm-size` in bytes (64 MiB by default).
    #[serde(default, deserialize_with = "null_default")]
    pub shm_size: i64,
    /// `--sysctl`; omitted when empty.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "null_default")]
    pub sysctls: BTreeMap<String, String>,
    /// `--runtime` (`runc`); omitted when empty.
    #[serde(default, skip_serializing_if = "String::is_empty", deserialize_with = "null_default")]
    pub runtime: String,
    /// Initial console height and width.
    #[serde(default)]
    pub console_size: [u64; 2],
    /// Windows isolation; `""` on Linux.
    #[serde(default, deserialize_with = "null_default")]
    pub isolation: String,
    /// `--cpu-shares`.
    #[serde(default, deserialize_with = "null_default")]
    pub cpu_shares: i64,
    /// `-m` in bytes, 0 for no limit.
    #[serde(default, deserialize_with = "null_default")]
    pub memory: i64,
    /// `--cpus` in billionths of a CPU.
    #[serde(default, deserialize_with = "null_default")]
    pub nano_cpus: i64,
    /// `--cgroup-parent`.
    #[serde(default, deserialize_with = "null_default")]
    pub cgroup_parent: String,
    /// `--blkio-weight`.
    #[serde(default, deserialize_with = "null_default")]
    pub blkio_weight: u16,
    /// `--blkio-weight-device`.
    #[serde(default)]
    pub blkio_weight_device: Option<Vec<WeightDevice>>,
    /// `--device-read-bps`.
    #[serde(default)]
    pub blkio_device_read_bps: Option<Vec<ThrottleDevice>>,
    /// `--device-write-bps`.
    #[serde(default)]
    pub blkio_device_write_bps: Option<Vec<ThrottleDevice>>,
    /// `--device-read-iops`.
    #[serde(rename = "BlkioDeviceReadIOps", default)]
    pub blkio_device_read_iops: Option<Vec<ThrottleDevice>>,
    /// `--device-write-iops`.
    #[serde(rename = "BlkioDeviceWriteIOps", default)]
    pub blkio_device_write_iops: Option<Vec<ThrottleDevice>>,
    /// `--cpu-period` in microseconds.
    #[serde(default, deserialize_with = "null_default")]
    pub cpu_period: i64,
    /// `--cpu-quota` in microseconds.
    #[serde(default, deserialize_with = "null_default")]
    pub cpu_quota: i64,
    /// `--cpu-rt-period`.
    #[serde(default, deserialize_with = "null_default")]
    pub cpu_realtime_period: i64,
    /// `--cpu-rt-runtime`.
    #[serde(default, deserialize_with = "null_default")]
    pub cpu_realtime_runtime: i64,
    /// `--cpuset-cpus`.
    #[serde(default, deserialize_with = "null_default")]
    pub cpuset_cpus: String,
    /// `--cpuset-mems`.
    #[serde(default, deserialize_with = "null_default")]
    pub cpuset_mems: String,
    /// `--device`.
    #[serde(default)]
    pub devices: Option<Vec<DeviceMapping>>,
    /// `--device-cgroup-rule`.
    #[serde(default)]
    pub device_cgroup_rules: Option<Vec<String>>,
    /// `--gpus`.
    #[serde(default)]
    pub device_requests: Option<Vec<DeviceRequest>>,
    /// `--kernel-memory` (deprecated).
    #[serde(default, deserialize_with = "null_default")]
    pub kernel_memory: i64,
    /// Kernel TCP buffer limit.
    #[serde(rename = "KernelMemoryTCP", default, deserialize_with = "null_default")]
    pub kernel_memory_tcp: i64,
    /// `--memory-reservation`.
    #[serde(default, deserialize_with = "null_default")]
    pub memory_reservation: i64,
    /// `--memory-swap` (memory + swap; -1 unlimited). The daemon sets twice `-m` when only
    /// `-m` is given.
    #[serde(default, deserialize_with = "null_default")]
    pub memory_swap: i64,
    /// `--memory-swappiness` (`null` when not given).
    #[serde(default)]
    pub memory_swappiness: Option<i64>,
    /// `--oom-kill-disable` (`null` in old records).
    #[serde(default)]
    pub oom_kill_disable: Option<bool>,
    /// `--pids-limit` (`null` when not given).
    #[serde(default)]
    pub pids_limit: Option<i64>,
    /// `--ulimit`.
    #[serde(default)]
    pub ulimits: Option<Vec<Ulimit>>,
    /// Windows CPU count.
    #[serde(default, deserialize_with = "null_default")]
    pub cpu_count: i64,
    /// Windows CPU percent.
    #[serde(default, deserialize_with = "null_default")]
    pub cpu_percent: i64,
    /// Windows IO limit.
    #[serde(rename = "IOMaximumIOps", default, deserialize_with = "null_default")]
    pub io_maximum_iops: u64,
    /// Windows IO limit.
    #[serde(rename = "IOMaximumBandwidth", default, deserialize_with = "null_default")]
    pub io_maximum_bandwidth: u64,
    /// `--mount`; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "null_default")]
    pub mounts: Vec<Mount>,
    /// Paths masked in the container (the daemon's default list unless `--privileged`).
    #[serde(default)]
    pub masked_paths: Option<Vec<String>>,
    /// Paths made read-only.
    #[serde(default)]
    pub readonly_paths: Option<Vec<String>>,
    /// `--init`; omitted when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init: Option<bool>,
}

/// Paths the daemon masks in a container that is not `--privileged` (moby's default OCI spec).
pub const DEFAULT_MASKED_PATHS: [&str; 10] = [
    "/proc/asound",
    "/proc/acpi",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
];

/// Paths the daemon mounts read-only in a container that is not `--privileged`.
pub const DEFAULT_READONLY_PATHS: [&str; 5] = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

impl HostConfig {
    /// What the 28.x CLI sends and the 20.10 daemon records for `docker run IMAGE` without
    /// flags: empty lists where the CLI always sends one, `json-file` logging, `runc`, a 64 MiB
    /// `/dev/shm`, a private IPC namespace, and the default masked and read-only paths. The
    /// cgroup namespace is `host`, as on the references' cgroup v1 machine (a cgroup v2 daemon
    /// defaults to `private`).
    pub fn run_defaults() -> HostConfig {
        let strings = |paths: &[&str]| Some(paths.iter().map(|p| p.to_string()).collect());
        HostConfig {
            log_config: LogConfig { r#type: "json-file".into(), config: Some(BTreeMap::new()) },
            network_mode: "default".into(),
            port_bindings: Some(PortMap::new()),
            restart_policy: RestartPolicy { name: "no".into(), maximum_retry_count: 0 },
            cgroupns_mode: "host".into(),
            dns: Some(vec![]),
            dns_options: Some(vec![]),
            dns_search: Some(vec![]),
            ipc_mode: "private".into(),
            shm_size: 64 << 20,
            runtime: "runc".into(),
            blkio_weight_device: Some(vec![]),
            blkio_device_read_bps: Some(vec![]),
            blkio_device_write_bps: Some(vec![]),
            blkio_device_read_iops: Some(vec![]),
            blkio_device_write_iops: Some(vec![]),
            devices: Some(vec![]),
            oom_kill_disable: Some(false),
            ulimits: Some(vec![]),
            masked_paths: strings(&DEFAULT_MASKED_PATHS),
            readonly_paths: strings(&DEFAULT_READONLY_PATHS),
            ..HostConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::gojson;

    #[test]
    fn the_daemons_hostconfig_json_round_trips() {
        // shared/reference/docker/docker-data-hostconfig.json, as dockerd stores it.
        let text = include_str!("../cli/render/testdata/docker-data-hostconfig.json");
        let h: HostConfig = serde_json::from_str(text).unwrap();
        assert_eq!(gojson::to_string(&h).unwrap(), text.trim_end());
        assert_eq!(h.pids_limit, Some(20));
    }

    #[test]
    fn run_defaults_plus_the_flags_give_the_reference() {
        // `docker run -v probevol:/vol --network none -m 64m --pids-limit 20 ...`: the daemon
        // sets the swap limit to twice the memory limit.
        let text = include_str!("../cli/render/testdata/docker-data-hostconfig.json");
        let h = HostConfig {
            binds: Some(vec!["probevol:/vol".into()]),
            network_mode: "none".into(),
            memory: 64 << 20,
            memory_swap: 128 << 20,
            pids_limit: Some(20),
            ..HostConfig::run_defaults()
        };
        assert_eq!(gojson::to_string(&h).unwrap(), text.trim_end());
    }
}
