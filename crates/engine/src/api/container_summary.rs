//! `GET /containers/json`, what `docker ps` lists: Docker's `types.Container` and
//! `types.Port` (API 1.41).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::container_inspect::{ContainerJson, MountPoint};
use super::host_config::PortMap;
use super::network_settings::SummaryNetworkSettings;

/// `types.Port`: one exposed or published port.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Port {
    /// Host IP (`0.0.0.0`, `::`); omitted for a port only exposed.
    #[serde(rename = "IP", default, skip_serializing_if = "String::is_empty")]
    pub ip: String,
    /// Port in the container.
    #[serde(rename = "PrivatePort")]
    pub private_port: u16,
    /// Port on the host; omitted (0) when not published.
    #[serde(rename = "PublicPort", default, skip_serializing_if = "is_zero")]
    pub public_port: u16,
    /// `tcp`, `udp` or `sctp`.
    #[serde(rename = "Type")]
    pub kind: String,
}

fn is_zero(n: &u16) -> bool {
    *n == 0
}

fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}

/// The `HostConfig` of a [`ContainerSummary`]: only the network mode.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryHostConfig {
    /// `--network`; omitted when empty.
    #[serde(rename = "NetworkMode", default, skip_serializing_if = "String::is_empty")]
    pub network_mode: String,
}

/// One entry of `GET /containers/json` (`types.Container`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerSummary {
    /// Full 64-hex ID.
    #[serde(rename = "Id")]
    pub id: String,
    /// `/name` (plus `/other/alias` names for legacy links).
    #[serde(rename = "Names")]
    pub names: Vec<String>,
    /// The image as the user named it (`busybox`), or its ID if that name moved.
    #[serde(rename = "Image")]
    pub image: String,
    /// `sha256:...`.
    #[serde(rename = "ImageID")]
    pub image_id: String,
    /// Path and arguments joined by spaces.
    #[serde(rename = "Command")]
    pub command: String,
    /// Creation time, Unix seconds.
    #[serde(rename = "Created")]
    pub created: i64,
    /// Exposed and published ports.
    #[serde(rename = "Ports")]
    pub ports: Vec<Port>,
    /// Writable layer bytes (`-s` only); omitted when 0.
    #[serde(rename = "SizeRw", default, skip_serializing_if = "is_zero_i64")]
    pub size_rw: i64,
    /// Root filesystem bytes, image included (`-s` only); omitted when 0.
    #[serde(rename = "SizeRootFs", default, skip_serializing_if = "is_zero_i64")]
    pub size_root_fs: i64,
    /// Labels (`{}` when none).
    #[serde(rename = "Labels")]
    pub labels: Option<BTreeMap<String, String>>,
    /// `created`, `running`, `exited`...
    #[serde(rename = "State")]
    pub state: String,
    /// `Up 2 minutes` (see `container::state::StateView::status_line`).
    #[serde(rename = "Status")]
    pub status: String,
    /// The network mode.
    #[serde(rename = "HostConfig")]
    pub host_config: SummaryHostConfig,
    /// Attached networks.
    #[serde(rename = "NetworkSettings")]
    pub network_settings: Option<SummaryNetworkSettings>,
    /// Mounts.
    #[serde(rename = "Mounts")]
    pub mounts: Vec<MountPoint>,
}

/// The `Command` the daemon lists: the path, then the arguments, those containing a space
/// wrapped in single quotes (nothing else is escaped): `sh -c 'exit 3'`.
pub fn summary_command(path: &str, args: &[String]) -> String {
    if args.is_empty() {
        return path.to_string();
    }
    let args: Vec<String> = args.iter().map(|a| if a.contains(' ') { format!("'{a}'") } else { a.clone() }).collect();
    format!("{path} {}", args.join(" "))
}

/// The `Ports` the daemon lists for a port map: one entry per binding, or one without host
/// side for a port only exposed.
pub fn summary_ports(ports: &PortMap) -> Vec<Port> {
    let mut out = Vec::new();
    for (key, bindings) in ports {
        let (num, kind) = key.split_once('/').unwrap_or((key, "tcp"));
        let Ok(private_port) = num.parse::<u16>() else { continue };
        let bindings = bindings.as_deref().unwrap_or_default();
        if bindings.is_empty() {
            out.push(Port { ip: String::new(), private_port, public_port: 0, kind: kind.to_string() });
        }
        for b in bindings {
            let public_port = b.host_port.parse().unwrap_or(0);
            out.push(Port { ip: b.host_ip.clone(), private_port, public_port, kind: kind.to_string() });
        }
    }
    out
}

impl ContainerSummary {
    /// The list entry of an inspected container, as the 20.10 daemon derives it, with the
    /// `Status` line given (`StateView::status_line`). `Image` is the configured name; the
    /// daemon shows the image ID instead when that name now points elsewhere, which is the
    /// caller's to decide.
    pub fn from_inspect(c: &ContainerJson, status: String) -> ContainerSummary {
        ContainerSummary {
            id: c.id.clone(),
            names: vec![c.name.clone()],
            image: c.config.image.clone(),
            image_id: c.image.clone(),
            command: summary_command(&c.path, &c.args),
            created: c.created.unix(),
            ports: c.network_settings.ports.as_ref().map(summary_ports).unwrap_or_default(),
            size_rw: c.size_rw.unwrap_or(0),
            size_root_fs: c.size_root_fs.unwrap_or(0),
            labels: Some(c.config.labels.clone().unwrap_or_default()),
            state: c.state.status.clone(),
            status,
            host_config: SummaryHostConfig { network_mode: c.host_config.network_mode.clone() },
            network_settings: Some(SummaryNetworkSettings { networks: c.network_settings.networks.clone() }),
            mounts: c.mounts.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_daemon_quotes_arguments_with_spaces() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(summary_command("sh", &args(&["-c", "exit 3"])), "sh -c 'exit 3'");
        assert_eq!(summary_command("true", &[]), "true");
        assert_eq!(summary_command("sleep", &args(&["1000"])), "sleep 1000");
    }

    #[test]
    fn an_inspected_container_lists_like_docker_ps() {
        let text = include_str!("../cli/render/testdata/docker-inspect-container-web1-exited.json");
        let c: Vec<ContainerJson> = serde_json::from_str(text).unwrap();
        let s = ContainerSummary::from_inspect(&c[0], "Exited (137) 15 seconds ago".into());
        assert_eq!(s.command, r#"sh -c 'i=0; while true; do echo "tick $i"; echo "err $i" >&2; i=$((i+1)); sleep 0.5; done'"#);
        assert_eq!((s.names[0].as_str(), s.image.as_str(), s.state.as_str()), ("/web1", "busybox", "exited"));
        assert_eq!(s.created, c[0].created.unix());
        assert!(s.ports.is_empty());
        assert!(s.network_settings.unwrap().networks.unwrap().contains_key("none"));
    }
}
