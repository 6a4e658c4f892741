//! A container as the daemon keeps it: identity, configuration, state and log.

use crate::api::container::ContainerConfig;
use crate::container::state::{StateView, Status};
use crate::digest::Digest;
use crate::kernel::{Pid, Stream, Timestamp};

/// When the daemon starts a container again after it exits (`--restart`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum RestartPolicy {
    /// `no`: never.
    #[default]
    No,
    /// `always`: whatever the exit code, unless stopped by hand.
    Always,
    /// `unless-stopped`: like `always`; differs only across daemon restarts.
    UnlessStopped,
    /// `on-failure[:N]`: after a non-zero exit, at most N times (0: no limit).
    OnFailure(u32),
}

impl RestartPolicy {
    /// Parses `--restart`'s value, with Docker's error text.
    pub fn parse(s: &str) -> Result<RestartPolicy, String> {
        let (name, count) = match s.split_once(':') {
            Some((n, c)) => (n, Some(c)),
            None => (s, None),
        };
        let policy = match name {
            "" | "no" => RestartPolicy::No,
            "always" => RestartPolicy::Always,
            "unless-stopped" => RestartPolicy::UnlessStopped,
            "on-failure" => {
                let n = match count {
                    None => 0,
                    Some(c) => c.parse::<u32>().map_err(|_| format!("invalid restart policy format: maximum retry count must be an integer: {c}"))?,
                };
                return Ok(RestartPolicy::OnFailure(n));
            }
            _ => return Err(format!("invalid restart policy format: unknown policy '{name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'")),
        };
        if count.is_some() {
            return Err("invalid restart policy format: maximum retry count can only be used with 'on-failure'".to_string());
        }
        Ok(policy)
    }

    /// The name `docker inspect` shows in `HostConfig.RestartPolicy.Name`.
    pub fn name(self) -> &'static str {
        match self {
            RestartPolicy::No => "no",
            RestartPolicy::Always => "always",
            RestartPolicy::UnlessStopped => "unless-stopped",
            RestartPolicy::OnFailure(_) => "on-failure",
        }
    }

    /// `MaximumRetryCount`.
    pub fn max_retries(self) -> u32 {
        match self {
            RestartPolicy::OnFailure(n) => n,
            _ => 0,
        }
    }
}

/// What `docker run`/`create` asks of the host beyond the image's config (a subset of
/// Docker's `HostConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct HostOptions {
    /// `--rm`.
    pub auto_remove: bool,
    /// `--restart`.
    pub restart: RestartPolicy,
    /// `--memory`, bytes (0: unlimited).
    pub memory: u64,
    /// `--cpus` in billionths of a CPU (0: unlimited).
    pub nano_cpus: u64,
    /// `--pids-limit` (0: unlimited).
    pub pids_limit: u64,
    /// `--read-only`.
    pub read_only: bool,
    /// `--init`: run Docker's tiny init as PID 1.
    pub init: bool,
    /// `--privileged`.
    pub privileged: bool,
    /// `--cap-add`.
    pub cap_add: Vec<String>,
    /// `--cap-drop`.
    pub cap_drop: Vec<String>,
    /// `--security-opt`.
    pub security_opt: Vec<String>,
    /// `--network` (`default` when not given).
    pub network_mode: String,
    /// `-v` specs with a source (`HostConfig.Binds`); `-v /path` goes to `Config.Volumes`.
    pub binds: Vec<String>,
    /// `--mount` (`HostConfig.Mounts`).
    pub mounts: Vec<crate::api::host_config::Mount>,
    /// `--tmpfs PATH[:OPTIONS]` (`HostConfig.Tmpfs`).
    pub tmpfs: std::collections::BTreeMap<String, String>,
    /// `--volumes-from CONTAINER[:ro|rw]`.
    pub volumes_from: Vec<String>,
}

/// One chunk of a container's output, as the log driver records it (a line, or the end of
/// the output when it has no newline yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogChunk {
    /// Which stream.
    pub stream: Stream,
    /// When the daemon read it.
    pub time: Timestamp,
    /// The bytes, ending in `\n` unless partial.
    pub bytes: Vec<u8>,
}

/// The state of a container (`State` in `docker inspect`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct State {
    /// Where it is in its life.
    pub status: Status,
    /// Host PID of its first process while it runs.
    pub pid: Option<Pid>,
    /// The last exit code.
    pub exit_code: i32,
    /// Why the last start failed (`State.Error`).
    pub error: String,
    /// The kernel killed it for memory.
    pub oom_killed: bool,
    /// Last start.
    pub started_at: Option<Timestamp>,
    /// Last exit.
    pub finished_at: Option<Timestamp>,
    /// How many times the restart policy restarted it.
    pub restart_count: u32,
    /// Stopped or killed by a user: the restart policy leaves it alone.
    pub manually_stopped: bool,
    /// When `docker stop`'s grace period ends and SIGKILL follows.
    pub kill_at: Option<Timestamp>,
    /// When the restart policy starts it again.
    pub restart_at: Option<Timestamp>,
    /// Remove it as soon as its process is gone (`rm -f` of a running container).
    pub remove_on_exit: bool,
    /// Remove its anonymous volumes with it (`rm -v`).
    pub remove_volumes: bool,
}

impl State {
    fn created() -> State {
        State {
            status: Status::Created,
            pid: None,
            exit_code: 0,
            error: String::new(),
            oom_killed: false,
            started_at: None,
            finished_at: None,
            restart_count: 0,
            manually_stopped: false,
            kill_at: None,
            restart_at: None,
            remove_on_exit: false,
            remove_volumes: false,
        }
    }

    /// Whether its process exists (running, paused or being stopped).
    pub fn is_running(&self) -> bool {
        matches!(self.status, Status::Running | Status::Paused)
    }
}

/// A container.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Container {
    /// Full ID, 64 hex characters.
    pub id: String,
    /// Name without the leading `/`.
    pub name: String,
    /// When it was created.
    pub created: Timestamp,
    /// Its place in creation order (containers made in the same instant still sort).
    pub serial: u64,
    /// The image ID.
    pub image_id: Digest,
    /// The top chain ID of the image's layers (the lower layers of the root filesystem).
    pub top_layer: Option<Digest>,
    /// The image's config merged with the request (`Config` in `docker inspect`).
    pub config: ContainerConfig,
    /// Host options.
    pub host: HostOptions,
    /// The program, `Path` in `docker inspect`.
    pub path: String,
    /// Its arguments, `Args`.
    pub args: Vec<String>,
    /// State.
    pub state: State,
    /// Output, in order (the json-file log driver's records). Kept apart from the record on
    /// disk: the platform appends it to a log file.
    #[serde(skip)]
    pub log: Vec<LogChunk>,
    /// The cgroup it runs in.
    pub cgroup: String,
    /// Its healthcheck's state, when it has one and has run.
    #[serde(skip)]
    pub health: Option<super::health::HealthState>,
    /// Its volumes, binds and tmpfs mounts (`Mounts` in `docker inspect`), by destination.
    pub mount_points: Vec<super::mounts::MountPoint>,
}

impl Container {
    /// A fresh container in the `created` state of image `image_id` (whose layers end at
    /// `top_layer`); its command is the config's entrypoint and cmd.
    pub fn new(id: String, name: String, created: Timestamp, (image_id, top_layer): (Digest, Option<Digest>), config: ContainerConfig, host: HostOptions) -> Container {
        let argv: Vec<String> = config.entrypoint.iter().flatten().chain(config.cmd.iter().flatten()).cloned().collect();
        let mut argv = argv.into_iter();
        let path = argv.next().unwrap_or_default();
        let cgroup = format!("system.slice/docker-{id}.scope");
        Container { id, name, created, serial: 0, image_id, top_layer, config, host, path, args: argv.collect(), state: State::created(), log: Vec::new(), cgroup, mount_points: Vec::new(), health: None }
    }

    /// The 12-character short ID.
    pub fn short_id(&self) -> &str {
        &self.id[..12]
    }

    /// The full command line (`Path` then `Args`).
    pub fn argv(&self) -> Vec<String> {
        std::iter::once(self.path.clone()).chain(self.args.iter().cloned()).collect()
    }

    /// What `docker ps` needs to word the status.
    pub fn state_view(&self) -> StateView {
        StateView { status: self.state.status, started_at: self.state.started_at, finished_at: self.state.finished_at, exit_code: self.state.exit_code, health: self.health.as_ref().map(|h| h.status.clone()) }
    }
}
