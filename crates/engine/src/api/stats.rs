//! `GET /containers/{id}/stats`: Docker's `types.StatsJSON` (API 1.41, cgroup v1 and v2
//! fields as the Linux daemon fills them), what `docker stats` computes its columns from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::gotime::GoTime;

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// `types.ThrottlingData`: CFS throttling counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThrottlingData {
    /// Periods with throttling active.
    pub periods: u64,
    /// Periods throttled.
    pub throttled_periods: u64,
    /// Nanoseconds throttled.
    pub throttled_time: u64,
}

/// `types.CPUUsage`, nanoseconds of CPU time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpuUsage {
    /// Total CPU time used.
    pub total_usage: u64,
    /// Per CPU (cgroup v1); omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub percpu_usage: Vec<u64>,
    /// Kernel mode time.
    pub usage_in_kernelmode: u64,
    /// User mode time.
    pub usage_in_usermode: u64,
}

/// `types.CPUStats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpuStats {
    /// The container's usage.
    pub cpu_usage: CpuUsage,
    /// The host's CPU time (all CPUs) in nanoseconds; omitted when 0.
    #[serde(rename = "system_cpu_usage", default, skip_serializing_if = "is_zero")]
    pub system_usage: u64,
    /// CPUs online; omitted when 0.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub online_cpus: u32,
    /// Throttling.
    pub throttling_data: ThrottlingData,
}

fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}

/// `types.MemoryStats` (Linux fields).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryStats {
    /// Bytes in use, page cache included; omitted when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub usage: u64,
    /// Peak (cgroup v1); omitted when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub max_usage: u64,
    /// `memory.stat` counters (`inactive_file`, `total_inactive_file`...); omitted when empty.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stats: BTreeMap<String, u64>,
    /// Limit hits (cgroup v1); omitted when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub failcnt: u64,
    /// The limit (the host's memory when unlimited); omitted when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub limit: u64,
}

/// `types.BlkioStatEntry`: one counter of one device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlkioStatEntry {
    /// Device major.
    pub major: u64,
    /// Device minor.
    pub minor: u64,
    /// `read`, `write` (v2) or `Read`, `Write`, `Sync`, `Async`, `Total` (v1).
    pub op: String,
    /// Bytes or operations.
    pub value: u64,
}

/// `types.BlkioStats`: only `io_service_bytes_recursive` on cgroup v2; the rest `null`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlkioStats {
    /// Bytes read and written.
    pub io_service_bytes_recursive: Option<Vec<BlkioStatEntry>>,
    /// Operations.
    pub io_serviced_recursive: Option<Vec<BlkioStatEntry>>,
    /// Queued operations.
    pub io_queue_recursive: Option<Vec<BlkioStatEntry>>,
    /// Service time.
    pub io_service_time_recursive: Option<Vec<BlkioStatEntry>>,
    /// Wait time.
    pub io_wait_time_recursive: Option<Vec<BlkioStatEntry>>,
    /// Merged operations.
    pub io_merged_recursive: Option<Vec<BlkioStatEntry>>,
    /// IO time.
    pub io_time_recursive: Option<Vec<BlkioStatEntry>>,
    /// Sectors.
    pub sectors_recursive: Option<Vec<BlkioStatEntry>>,
}

/// `types.PidsStats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PidsStats {
    /// Processes in the cgroup; omitted when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub current: u64,
    /// `pids.max`; omitted when 0 (unlimited).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub limit: u64,
}

/// `types.StorageStats` (Windows only; always empty on Linux).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageStats {
    /// Reads.
    #[serde(rename = "read_count_normalized", default, skip_serializing_if = "is_zero")]
    pub read_count_normalized: u64,
    /// Bytes read.
    #[serde(rename = "read_size_bytes", default, skip_serializing_if = "is_zero")]
    pub read_size_bytes: u64,
    /// Writes.
    #[serde(rename = "write_count_normalized", default, skip_serializing_if = "is_zero")]
    pub write_count_normalized: u64,
    /// Bytes written.
    #[serde(rename = "write_size_bytes", default, skip_serializing_if = "is_zero")]
    pub write_size_bytes: u64,
}

/// `types.NetworkStats`: one interface's counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkStats {
    /// Bytes received.
    pub rx_bytes: u64,
    /// Packets received.
    pub rx_packets: u64,
    /// Receive errors.
    pub rx_errors: u64,
    /// Received packets dropped.
    pub rx_dropped: u64,
    /// Bytes sent.
    pub tx_bytes: u64,
    /// Packets sent.
    pub tx_packets: u64,
    /// Send errors.
    pub tx_errors: u64,
    /// Sent packets dropped.
    pub tx_dropped: u64,
}

/// `types.StatsJSON`: one sample, with the previous CPU sample to take a rate from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsJson {
    /// When this sample was read.
    pub read: GoTime,
    /// When the previous one was (Go's zero time for the first).
    pub preread: GoTime,
    /// Processes.
    pub pids_stats: PidsStats,
    /// Block IO.
    pub blkio_stats: BlkioStats,
    /// Processor count (Windows).
    pub num_procs: u32,
    /// Storage (Windows).
    pub storage_stats: StorageStats,
    /// CPU now.
    pub cpu_stats: CpuStats,
    /// CPU at the previous sample.
    pub precpu_stats: CpuStats,
    /// Memory.
    pub memory_stats: MemoryStats,
    /// `/name`; omitted when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Container ID; omitted when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Per interface (`eth0`); omitted when the container has none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub networks: BTreeMap<String, NetworkStats>,
}
