//! `GET /containers/{id}/json`, what `docker inspect` prints for a container: Docker's
//! `types.ContainerJSON` (API 1.41), that is `ContainerJSONBase` followed by `Mounts`,
//! `Config` and `NetworkSettings`.

use serde::{Deserialize, Serialize};

use super::container::{null_default, ContainerConfig};
use super::gotime::GoTime;
use super::host_config::HostConfig;
use super::image::GraphDriverData;
use super::network_settings::NetworkSettings;
use crate::container::state::{StateView, Status};
use crate::kernel::Timestamp;

/// `types.HealthcheckResult`: one run of the health check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthcheckResult {
    /// When the check started.
    pub start: GoTime,
    /// When it ended.
    pub end: GoTime,
    /// 0 healthy, 1 unhealthy.
    pub exit_code: i64,
    /// The check's output (truncated by the daemon to 4 KiB).
    pub output: String,
}

/// `types.Health`: the health check's verdict and its last results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Health {
    /// `starting`, `healthy` or `unhealthy`.
    pub status: String,
    /// Consecutive failures.
    pub failing_streak: i64,
    /// The last results, oldest first (`null` before the first check).
    pub log: Option<Vec<HealthcheckResult>>,
}

/// `types.ContainerState`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerState {
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
    pub status: String,
    /// Running (also while paused).
    pub running: bool,
    /// Frozen by `docker pause`.
    pub paused: bool,
    /// Waiting for its restart policy.
    pub restarting: bool,
    /// Killed by the OOM killer.
    #[serde(rename = "OOMKilled")]
    pub oom_killed: bool,
    /// Removal failed.
    pub dead: bool,
    /// Host PID of the init process, 0 when not running.
    pub pid: i64,
    /// Last exit code.
    pub exit_code: i64,
    /// Why the last start failed, or `""`.
    pub error: String,
    /// Last start (Go's zero time if never).
    pub started_at: GoTime,
    /// Last end (Go's zero time if never).
    pub finished_at: GoTime,
    /// Health, when the container has a health check; omitted otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<Health>,
}

impl ContainerState {
    /// The inspect view of a container's state. `Running` holds while paused or restarting
    /// too, as in Docker; health is left for the caller to fill (it has the check's log).
    pub fn from_view(view: &StateView, pid: i64, oom_killed: bool, error: String) -> ContainerState {
        let time = |t: Option<Timestamp>| t.map_or(GoTime::ZERO, GoTime::from_unix_nanos);
        ContainerState {
            status: view.status.as_str().to_string(),
            running: matches!(view.status, Status::Running | Status::Paused | Status::Restarting),
            paused: view.status == Status::Paused,
            restarting: view.status == Status::Restarting,
            oom_killed,
            dead: view.status == Status::Dead,
            pid,
            exit_code: view.exit_code as i64,
            error,
            started_at: time(view.started_at),
            finished_at: time(view.finished_at),
            health: None,
        }
    }
}

/// `types.MountPoint`: a volume, bind or tmpfs as a container sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MountPoint {
    /// `volume`, `bind`, `tmpfs`; omitted when empty.
    #[serde(rename = "Type", default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Volume name; omitted for binds.
    #[serde(rename = "Name", default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Host path.
    #[serde(rename = "Source", default, deserialize_with = "null_default")]
    pub source: String,
    /// Path in the container.
    #[serde(rename = "Destination", default, deserialize_with = "null_default")]
    pub destination: String,
    /// Volume driver; omitted for binds.
    #[serde(rename = "Driver", default, skip_serializing_if = "String::is_empty")]
    pub driver: String,
    /// Mode as given (`z`, `ro`...), or `""`.
    #[serde(rename = "Mode", default, deserialize_with = "null_default")]
    pub mode: String,
    /// Writable.
    #[serde(rename = "RW", default, deserialize_with = "null_default")]
    pub rw: bool,
    /// Bind propagation (`rprivate`), `""` for volumes.
    #[serde(rename = "Propagation", default, deserialize_with = "null_default")]
    pub propagation: String,
}

/// `types.ContainerJSON`, printed by `docker inspect` / `docker container inspect`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContainerJson {
    /// Full 64-hex ID.
    #[serde(rename = "Id")]
    pub id: String,
    /// Creation time.
    #[serde(rename = "Created")]
    pub created: GoTime,
    /// The process's executable (entrypoint or command's first word).
    #[serde(rename = "Path")]
    pub path: String,
    /// Its arguments (`[]` when none).
    #[serde(rename = "Args")]
    pub args: Vec<String>,
    /// Where the container is in its life.
    #[serde(rename = "State")]
    pub state: ContainerState,
    /// The image ID (`sha256:...`).
    #[serde(rename = "Image")]
    pub image: String,
    /// `/var/lib/docker/containers/<id>/resolv.conf`.
    #[serde(rename = "ResolvConfPath")]
    pub resolv_conf_path: String,
    /// `.../hostname`.
    #[serde(rename = "HostnamePath")]
    pub hostname_path: String,
    /// `.../hosts`.
    #[serde(rename = "HostsPath")]
    pub hosts_path: String,
    /// `.../<id>-json.log`.
    #[serde(rename = "LogPath")]
    pub log_path: String,
    /// `/name`.
    #[serde(rename = "Name")]
    pub name: String,
    /// Restarts by the restart policy.
    #[serde(rename = "RestartCount")]
    pub restart_count: i64,
    /// Storage driver (`overlay2`).
    #[serde(rename = "Driver")]
    pub driver: String,
    /// `linux`.
    #[serde(rename = "Platform")]
    pub platform: String,
    /// SELinux mount label.
    #[serde(rename = "MountLabel")]
    pub mount_label: String,
    /// SELinux process label.
    #[serde(rename = "ProcessLabel")]
    pub process_label: String,
    /// AppArmor profile (`""` without AppArmor).
    #[serde(rename = "AppArmorProfile")]
    pub app_armor_profile: String,
    /// Running `docker exec` sessions (`null` when none).
    #[serde(rename = "ExecIDs")]
    pub exec_ids: Option<Vec<String>>,
    /// How the container was set up.
    #[serde(rename = "HostConfig")]
    pub host_config: HostConfig,
    /// Storage paths (the container's layer over the image's).
    #[serde(rename = "GraphDriver")]
    pub graph_driver: GraphDriverData,
    /// Bytes in the writable layer (`inspect --size` only).
    #[serde(rename = "SizeRw", default, skip_serializing_if = "Option::is_none")]
    pub size_rw: Option<i64>,
    /// Bytes of the whole root filesystem (`inspect --size` only).
    #[serde(rename = "SizeRootFs", default, skip_serializing_if = "Option::is_none")]
    pub size_root_fs: Option<i64>,
    /// Volumes, binds and tmpfs mounts (`[]` when none).
    #[serde(rename = "Mounts")]
    pub mounts: Vec<MountPoint>,
    /// The container's config (image defaults merged with `docker run`'s).
    #[serde(rename = "Config")]
    pub config: ContainerConfig,
    /// Networking.
    #[serde(rename = "NetworkSettings")]
    pub network_settings: NetworkSettings,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::gojson;

    /// `docker inspect` prints an indented array; each reference holds one container.
    fn round_trip(text: &str) {
        let parsed: Vec<ContainerJson> = serde_json::from_str(text).unwrap();
        assert_eq!(parsed.len(), 1);
        let again = gojson::to_string_indent_raw(&parsed, "    ").unwrap() + "\n";
        assert_eq!(again, text);
    }

    #[test]
    fn reference_containers_round_trip_byte_for_byte() {
        round_trip(include_str!("../cli/render/testdata/docker-inspect-container-running.json"));
        round_trip(include_str!("../cli/render/testdata/docker-inspect-container-web1-exited.json"));
        round_trip(include_str!("../cli/render/testdata/docker-inspect-container-withanon.json"));
    }

    #[test]
    fn state_from_the_lifecycle_view() {
        let view = StateView { status: Status::Exited, started_at: Some(1_795_345_364_319_808_853), finished_at: Some(1_795_345_394_926_072_083), exit_code: 137, health: None };
        let c: Vec<ContainerJson> = serde_json::from_str(include_str!("../cli/render/testdata/docker-inspect-container-web1-exited.json")).unwrap();
        assert_eq!(ContainerState::from_view(&view, 0, false, String::new()), c[0].state);
        let running = StateView { status: Status::Running, finished_at: None, exit_code: 0, ..view };
        let s = ContainerState::from_view(&running, 42, false, String::new());
        assert!(s.running && !s.paused && s.finished_at.is_zero() && s.pid == 42);
    }

    #[test]
    fn health_is_written_only_when_there_is_a_check() {
        let text = include_str!("../cli/render/testdata/docker-inspect-container-running.json");
        let mut c: Vec<ContainerJson> = serde_json::from_str(text).unwrap();
        let state = &mut c[0].state;
        assert!(!gojson::to_string(state).unwrap().contains("Health"));
        state.health = Some(Health { status: "starting".into(), failing_streak: 0, log: None });
        assert!(gojson::to_string(state).unwrap().ends_with(r#""FinishedAt":"0001-01-01T00:00:00Z","Health":{"Status":"starting","FailingStreak":0,"Log":null}}"#));
    }
}
