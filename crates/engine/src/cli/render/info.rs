//! `docker info`: the 28.x CLI's `prettyPrintInfo`, a client section (no CLI plugins: wharf
//! has no buildx or compose plugin) and the daemon's `GET /info`. Lines are Go's
//! `fmt.Fprintln` of a label and a value, so a value is separated by one space; empty values
//! of optional lines are skipped. Daemon warnings go to stderr.
//!
//! Docker lists `Runtimes` in Go map order, which changes from run to run; wharf sorts them.

use super::Printed;
use crate::api::info::Info;
use crate::cli::units::bytes_size;

/// The client half of `docker info`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientInfo {
    /// `28.2.2`.
    pub version: String,
    /// `default`.
    pub context: String,
    /// `-D`.
    pub debug: bool,
}

/// Appends `label value`, or nothing when `value` is empty (`fprintlnNonEmpty`).
fn non_empty(out: &mut String, label: &str, value: &str) {
    if !value.is_empty() {
        out.push_str(&format!("{label} {value}\n"));
    }
}

/// `system.DecodeSecurityOptions`: `name=seccomp,profile=default` to a name and its profile.
fn security_options(options: &[String]) -> Vec<(String, Option<String>)> {
    options
        .iter()
        .map(|opt| {
            let mut name = String::new();
            let mut profile = None;
            for kv in opt.split(',') {
                match kv.split_once('=') {
                    Some(("name", v)) => name = v.to_string(),
                    Some(("profile", v)) => profile = Some(v.to_string()),
                    _ => {}
                }
            }
            (name, profile)
        })
        .collect()
}

fn server(out: &mut String, i: &Info) {
    out.push_str(&format!(" Containers: {}\n  Running: {}\n  Paused: {}\n  Stopped: {}\n", i.containers, i.containers_running, i.containers_paused, i.containers_stopped));
    out.push_str(&format!(" Images: {}\n", i.images));
    non_empty(out, " Server Version:", &i.server_version);
    non_empty(out, " Storage Driver:", &i.driver);
    for [k, v] in i.driver_status.iter().flatten() {
        out.push_str(&format!("  {k}: {v}\n"));
    }
    for [k, v] in &i.system_status {
        out.push_str(&format!(" {k}: {v}\n"));
    }
    non_empty(out, " Logging Driver:", &i.logging_driver);
    non_empty(out, " Cgroup Driver:", &i.cgroup_driver);
    non_empty(out, " Cgroup Version:", &i.cgroup_version);
    let join = |v: &Option<Vec<String>>| v.as_deref().unwrap_or_default().join(" ");
    out.push_str(&format!(" Plugins:\n  Volume: {}\n  Network: {}\n", join(&i.plugins.volume), join(&i.plugins.network)));
    if i.plugins.authorization.as_ref().is_some_and(|a| !a.is_empty()) {
        out.push_str(&format!("  Authorization: {}\n", join(&i.plugins.authorization)));
    }
    out.push_str(&format!("  Log: {}\n", join(&i.plugins.log)));
    out.push_str(&format!(" Swarm: {}\n", i.swarm.local_node_state));
    if i.swarm.local_node_state == "active" {
        let managers: Vec<String> = i.swarm.remote_managers.iter().flatten().filter_map(|m| m["Addr"].as_str().map(|a| format!("   {a}\n"))).collect();
        out.push_str(&format!(
            "  NodeID: {}\n  Is Manager: {}\n  Managers: {}\n  Nodes: {}\n  Node Address: {}\n  Manager Addresses:\n{}",
            i.swarm.node_id,
            i.swarm.control_available,
            i.swarm.managers.unwrap_or(0),
            i.swarm.nodes.unwrap_or(0),
            i.swarm.node_addr,
            managers.concat()
        ));
    }
    if !i.runtimes.is_empty() {
        let names: Vec<&str> = i.runtimes.keys().map(String::as_str).collect();
        out.push_str(&format!(" Runtimes: {}\n Default Runtime: {}\n", names.join(" "), i.default_runtime));
    }
    if i.os_type == "linux" {
        out.push_str(&format!(" Init Binary: {}\n", i.init_binary));
        for (name, commit) in [("containerd", &i.containerd_commit), ("runc", &i.runc_commit), ("init", &i.init_commit)] {
            out.push_str(&format!(" {name} version: {}\n", commit.id));
        }
        if !i.security_options.is_empty() {
            out.push_str(" Security Options:\n");
            for (name, profile) in security_options(&i.security_options) {
                out.push_str(&format!("  {name}\n"));
                if let Some(p) = profile {
                    out.push_str(&format!("   Profile: {p}\n"));
                }
            }
        }
    }
    non_empty(out, " Kernel Version:", &i.kernel_version);
    non_empty(out, " Operating System:", &i.operating_system);
    non_empty(out, " OSType:", &i.os_type);
    non_empty(out, " Architecture:", &i.architecture);
    out.push_str(&format!(" CPUs: {}\n Total Memory: {}\n", i.ncpu, bytes_size(i.mem_total as f64)));
    non_empty(out, " Name:", &i.name);
    non_empty(out, " ID:", &i.id);
    out.push_str(&format!(" Docker Root Dir: {}\n Debug Mode: {}\n", i.docker_root_dir, i.debug));
    if i.debug {
        out.push_str(&format!("  File Descriptors: {}\n  Goroutines: {}\n  System Time: {}\n  EventsListeners: {}\n", i.n_fd, i.n_goroutines, i.system_time, i.n_events_listener));
    }
    non_empty(out, " HTTP Proxy:", &i.http_proxy);
    non_empty(out, " HTTPS Proxy:", &i.https_proxy);
    non_empty(out, " No Proxy:", &i.no_proxy);
    if !i.labels.is_empty() {
        out.push_str(" Labels:\n");
        for l in &i.labels {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out.push_str(&format!(" Experimental: {}\n", i.experimental_build));
    if let Some(reg) = &i.registry_config {
        let cidrs = reg.insecure_registry_cidrs.as_deref().unwrap_or_default();
        if !cidrs.is_empty() || !reg.index_configs.is_empty() {
            out.push_str(" Insecure Registries:\n");
            for idx in reg.index_configs.values().filter(|x| !x.secure) {
                out.push_str(&format!("  {}\n", idx.name));
            }
            for c in cidrs {
                out.push_str(&format!("  {c}\n"));
            }
        }
        let mirrors = reg.mirrors.as_deref().unwrap_or_default();
        if !mirrors.is_empty() {
            out.push_str(" Registry Mirrors:\n");
            for m in mirrors {
                out.push_str(&format!("  {m}\n"));
            }
        }
    }
    out.push_str(&format!(" Live Restore Enabled: {}\n", i.live_restore_enabled));
    non_empty(out, " Product License:", &i.product_license);
    if !i.default_address_pools.is_empty() {
        out.push_str(" Default Address Pools:\n");
        for p in &i.default_address_pools {
            out.push_str(&format!("   Base: {}, Size: {}\n", p.base, p.size));
        }
    }
    out.push('\n');
}

/// Renders `docker info` (default layout) for the client and, when the daemon answered, its
/// info.
pub fn render(client: &ClientInfo, info: Option<&Info>) -> Printed {
    let mut out = format!("Client:\n Version:    {}\n Context:    {}\n Debug Mode: {}\n\nServer:\n", client.version, client.context, client.debug);
    let mut stderr = String::new();
    if let Some(i) = info {
        server(&mut out, i);
        let warnings = i.warnings.as_deref().unwrap_or_default();
        if !warnings.is_empty() {
            stderr = format!("{}\n", warnings.join("\n"));
        }
    }
    Printed { stdout: out, stderr, code: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The daemon of docker-info.txt.
    fn reference() -> Info {
        Info {
            id: "FAKW:UFS3:NF57:VEUI:WNMU:DFCD:2BRE:I3MP:ATOO:3QLL:ZTQF:JTNJ".into(),
            cgroup_driver: "cgroupfs".into(),
            cgroup_version: "1".into(),
            kernel_version: "6.18.44-fc-v595".into(),
            ncpu: 2,
            mem_total: 25_275_000_000,
            name: "vm".into(),
            ..Info::debian_dockerd_20_10()
        }
    }

    #[test]
    fn the_info_page_is_dockers() {
        let client = ClientInfo { version: "28.2.2".into(), context: "default".into(), debug: false };
        let out = render(&client, Some(&reference()));
        // Docker printed its runtimes in Go map order; wharf sorts them.
        let expected = include_str!("testdata/docker-info.txt").replace(
            " Runtimes: io.containerd.runtime.v1.linux runc io.containerd.runc.v2",
            " Runtimes: io.containerd.runc.v2 io.containerd.runtime.v1.linux runc",
        );
        assert_eq!(out.stdout, expected);
        assert_eq!(out.stderr, "");
        let mut warned = reference();
        warned.warnings = Some(vec!["WARNING: No swap limit support".into()]);
        assert_eq!(render(&client, Some(&warned)).stderr, "WARNING: No swap limit support\n");
    }
}
