//! `docker stats --no-stream`: the CLI turns each `StatsJSON` sample into CPU %, memory, and
//! network and block IO totals (`cli/command/container/stats_helpers.go`), then formats them.

use serde_json::{json, Value};

use super::truncate_id;
use crate::api::StatsJson;
use crate::cli::template::{Missing, Template, TemplateError};
use crate::cli::units::{bytes_size, human_size};

const HEADERS: &[(&str, &str)] = &[
    ("BlockIO", "BLOCK I/O"),
    ("CPUPerc", "CPU %"),
    ("Container", "CONTAINER"),
    ("ID", "CONTAINER ID"),
    ("MemPerc", "MEM %"),
    ("MemUsage", "MEM USAGE / LIMIT"),
    ("Name", "NAME"),
    ("NetIO", "NET I/O"),
    ("PIDs", "PIDS"),
];

const DEFAULT_TABLE: &str = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

/// The flags that shape the output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// `--format`, empty for the default table.
    pub format: String,
}

/// One sample: the container as the user named it (its ID when `docker stats` listed them)
/// and what the daemon answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// The `CONTAINER` column.
    pub container: String,
    /// The daemon's stats.
    pub stats: StatsJson,
    /// Collecting failed: the numbers print as `--`.
    pub invalid: bool,
}

/// The CLI's computed numbers for one sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// CPU use in percent of one CPU times the CPUs.
    pub cpu_percent: f64,
    /// Memory used, page cache excluded.
    pub memory: f64,
    /// The memory limit.
    pub memory_limit: f64,
    /// Memory in percent of the limit.
    pub memory_percent: f64,
    /// Bytes received over all interfaces.
    pub network_rx: f64,
    /// Bytes sent.
    pub network_tx: f64,
    /// Bytes read from block devices.
    pub block_read: f64,
    /// Bytes written.
    pub block_write: f64,
    /// Processes.
    pub pids: u64,
}

/// `calculateCPUPercentUnix`: the container's CPU time over the host's since the previous
/// sample, times the online CPUs.
fn cpu_percent(s: &StatsJson) -> f64 {
    let cpu_delta = s.cpu_stats.cpu_usage.total_usage as f64 - s.precpu_stats.cpu_usage.total_usage as f64;
    let system_delta = s.cpu_stats.system_usage as f64 - s.precpu_stats.system_usage as f64;
    let mut online = s.cpu_stats.online_cpus as f64;
    if online == 0.0 {
        online = s.cpu_stats.cpu_usage.percpu_usage.len() as f64;
    }
    if system_delta > 0.0 && cpu_delta > 0.0 {
        cpu_delta / system_delta * online * 100.0
    } else {
        0.0
    }
}

/// `calculateMemUsageUnixNoCache`: usage minus inactive page cache (cgroup v1's
/// `total_inactive_file`, else v2's `inactive_file`).
fn memory_used(s: &StatsJson) -> f64 {
    let m = &s.memory_stats;
    if let Some(&v) = m.stats.get("total_inactive_file") {
        if v < m.usage {
            return (m.usage - v) as f64;
        }
    }
    match m.stats.get("inactive_file") {
        Some(&v) if v < m.usage => (m.usage - v) as f64,
        _ => m.usage as f64,
    }
}

/// The CLI's numbers for one sample.
pub fn entry(s: &StatsJson) -> Entry {
    let memory = memory_used(s);
    let memory_limit = s.memory_stats.limit as f64;
    let (mut block_read, mut block_write) = (0.0, 0.0);
    for e in s.blkio_stats.io_service_bytes_recursive.iter().flatten() {
        match e.op.to_ascii_lowercase().as_str() {
            "read" => block_read += e.value as f64,
            "write" => block_write += e.value as f64,
            _ => {}
        }
    }
    let network_rx = s.networks.values().map(|n| n.rx_bytes as f64).sum();
    let network_tx = s.networks.values().map(|n| n.tx_bytes as f64).sum();
    Entry {
        cpu_percent: cpu_percent(s),
        memory,
        memory_limit,
        memory_percent: if memory_limit != 0.0 { memory / memory_limit * 100.0 } else { 0.0 },
        network_rx,
        network_tx,
        block_read,
        block_write,
        pids: s.pids_stats.current,
    }
}

fn row(sample: &Sample, trunc: bool) -> Value {
    let s = &sample.stats;
    let e = entry(s);
    let name = if s.name.len() > 1 { s.name[1..].to_string() } else { "--".to_string() };
    let h = |n: f64| human_size(n as u64);
    let or_dashes = |text: String, dashes: &str| if sample.invalid { dashes.to_string() } else { text };
    json!({
        "BlockIO": or_dashes(format!("{} / {}", h(e.block_read), h(e.block_write)), "--"),
        "CPUPerc": or_dashes(format!("{:.2}%", e.cpu_percent), "--"),
        "Container": sample.container,
        "ID": if trunc { truncate_id(&s.id) } else { s.id.clone() },
        "MemPerc": or_dashes(format!("{:.2}%", e.memory_percent), "--"),
        "MemUsage": or_dashes(format!("{} / {}", bytes_size(e.memory), bytes_size(e.memory_limit)), "-- / --"),
        "Name": name,
        "NetIO": or_dashes(format!("{} / {}", h(e.network_rx), h(e.network_tx)), "--"),
        "PIDs": or_dashes(e.pids.to_string(), "--"),
    })
}

/// Renders one `docker stats --no-stream` screen.
pub fn render(samples: &[Sample], opts: &Options) -> Result<String, TemplateError> {
    let format = match opts.format.as_str() {
        "" | "table" => DEFAULT_TABLE,
        other => other,
    };
    let rows: Vec<Value> = samples.iter().map(|s| row(s, !opts.no_trunc)).collect();
    Template::parse(format)?.with_missing(Missing::Struct("*container.statsContext".into())).with_escaped_root_json(true).render_rows(&rows, HEADERS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::stats::{CpuStats, CpuUsage, MemoryStats, PidsStats};

    /// `running1` of docker-stats-no-stream.txt: 64 MiB limit, cgroup v1, one process.
    fn running1() -> StatsJson {
        let mut stats = std::collections::BTreeMap::new();
        stats.insert("total_inactive_file".to_string(), 4096);
        StatsJson {
            name: "/running1".into(),
            id: "0e231f5a5a0e5aa0b55568637516bb3abb24573af4313d98e288b701fd3e36b3".into(),
            memory_stats: MemoryStats { usage: 328 * 1024 + 4096, limit: 64 << 20, stats, ..MemoryStats::default() },
            pids_stats: PidsStats { current: 1, limit: 20 },
            cpu_stats: CpuStats { cpu_usage: CpuUsage { total_usage: 5_000_000, ..CpuUsage::default() }, system_usage: 1_000_000_000, online_cpus: 2, ..CpuStats::default() },
            precpu_stats: CpuStats { cpu_usage: CpuUsage { total_usage: 5_000_000, ..CpuUsage::default() }, system_usage: 900_000_000, online_cpus: 2, ..CpuStats::default() },
            ..StatsJson::default()
        }
    }

    #[test]
    fn the_no_stream_table_is_dockers() {
        let samples = [Sample { container: "0e231f5a5a0e".into(), stats: running1(), invalid: false }];
        assert_eq!(render(&samples, &Options::default()).unwrap(), include_str!("testdata/docker-stats-no-stream.txt"));
    }

    #[test]
    fn cpu_io_and_formats() {
        let mut s = running1();
        s.cpu_stats.cpu_usage.total_usage += 50_000_000;
        s.blkio_stats.io_service_bytes_recursive = Some(vec![
            crate::api::stats::BlkioStatEntry { major: 8, minor: 0, op: "Read".into(), value: 4096 },
            crate::api::stats::BlkioStatEntry { major: 8, minor: 0, op: "write".into(), value: 1_500_000 },
        ]);
        s.networks.insert("eth0".into(), crate::api::stats::NetworkStats { rx_bytes: 1234, tx_bytes: 0, ..Default::default() });
        let e = entry(&s);
        assert!((e.cpu_percent - 100.0).abs() < 1e-9, "{}", e.cpu_percent);
        let opts = Options { format: "{{.Name}} {{.CPUPerc}} {{.NetIO}} {{.BlockIO}} {{.Container}}".into(), ..Options::default() };
        let samples = [Sample { container: "running1".into(), stats: s, invalid: false }];
        assert_eq!(render(&samples, &opts).unwrap(), "running1 100.00% 1.23kB / 0B 4.1kB / 1.5MB running1\n");
        let stopped = [Sample { container: "x".into(), stats: StatsJson::default(), invalid: false }];
        let opts = Options { format: "{{.Name}} {{.MemUsage}} {{.MemPerc}} {{.PIDs}}".into(), ..Options::default() };
        assert_eq!(render(&stopped, &opts).unwrap(), "-- 0B / 0B 0.00% 0\n");
        let failed = [Sample { invalid: true, ..stopped[0].clone() }];
        assert_eq!(render(&failed, &opts).unwrap(), "-- -- / -- -- --\n");
    }
}
