//! Create, start, stop, kill, pause, remove and rename: dockerd's container operations, with
//! its error texts.

use std::collections::BTreeMap;

use super::container::{Container, HostOptions};
use super::events::Event;
use super::{ApiError, Daemon};
use crate::api::container::ContainerConfig;
use crate::container::names::{container_id, generated_name, validate_name};
use crate::container::signal;
use crate::container::state::Status;
use crate::image::oci::chain_ids;
use crate::kernel::{KernelError, Limits, MountSpec, NamespaceMode, Namespaces, ProcessSpec};

/// Docker's default capability set (moby `oci/caps/defaults.go`).
pub const DEFAULT_CAPABILITIES: [&str; 14] = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
    "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
];

/// Where `--init`'s init is found on the host (dockerd looks up `docker-init` on its PATH).
const HOST_INIT_PATH: &str = "/usr/bin/docker-init";
/// Where it appears in the container.
const INIT_PATH: &str = "/sbin/docker-init";

/// The `PATH` Docker gives a container whose image sets none.
const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// `POST /containers/create`: a name, the image as the user typed it, the user's config
/// (only what they set: it is merged over the image's), and host options.
#[derive(Debug, Clone, Default)]
pub struct CreateRequest {
    /// `--name`.
    pub name: Option<String>,
    /// The image reference or ID.
    pub image: String,
    /// What the user set: `Cmd`, `Entrypoint` (`Some([""])` resets it), `Env`, `WorkingDir`,
    /// `User`, `Hostname`, `Tty`, `OpenStdin`, `Labels`, `StopSignal`, `StopTimeout`,
    /// `ExposedPorts`.
    pub config: ContainerConfig,
    /// Host options.
    pub host: HostOptions,
    /// Ports, aliases, `--ip`, `--dns`, `--add-host` (see [`super::networks`]).
    pub network: super::networks::NetworkRequest,
}

/// Replaces `KEY=...` entries of `base` by those of `over` with the same key, appends the
/// rest (moby's `ReplaceOrAppendEnvValues`).
pub(super) fn merge_env(mut base: Vec<String>, over: &[String]) -> Vec<String> {
    for kv in over {
        let key = kv.split_once('=').map_or(kv.as_str(), |(k, _)| k);
        match base.iter_mut().find(|e| e.split_once('=').map_or(e.as_str(), |(k, _)| k) == key) {
            Some(slot) => *slot = kv.clone(),
            None => base.push(kv.clone()),
        }
    }
    base
}

/// The image's config under the user's (moby's `merge` + the CLI's entrypoint rules).
fn merge_config(image: Option<ContainerConfig>, user: ContainerConfig) -> ContainerConfig {
    let img = image.unwrap_or_default();
    let mut c = user;
    c.env = Some(merge_env(img.env.clone().unwrap_or_default(), &c.env.take().unwrap_or_default()));
    match c.entrypoint.take() {
        Some(e) if e.len() == 1 && e[0].is_empty() => c.entrypoint = None,
        Some(e) => c.entrypoint = Some(e),
        None => {
            c.entrypoint = img.entrypoint.clone();
            if c.cmd.as_ref().is_none_or(Vec::is_empty) {
                c.cmd = img.cmd.clone();
            }
        }
    }
    if c.working_dir.is_empty() {
        c.working_dir = img.working_dir.clone();
    }
    if c.user.is_empty() {
        c.user = img.user.clone();
    }
    for (port, v) in img.exposed_ports {
        c.exposed_ports.entry(port).or_insert(v);
    }
    if let Some(vols) = img.volumes {
        let mine = c.volumes.get_or_insert_with(BTreeMap::new);
        for (k, v) in vols {
            mine.entry(k).or_insert(v);
        }
    }
    if let Some(labels) = img.labels {
        let mine = c.labels.get_or_insert_with(BTreeMap::new);
        for (k, v) in labels {
            mine.entry(k).or_insert(v);
        }
    }
    if c.stop_signal.is_empty() {
        c.stop_signal = img.stop_signal.clone();
    }
    // `--health-*` flags refine the image's check: an empty test keeps the image's command.
    match (c.healthcheck.take(), img.healthcheck.clone()) {
        (None, image) => c.healthcheck = image,
        (Some(mut mine), Some(image)) if mine.test.is_empty() => {
            mine.test = image.test;
            c.healthcheck = Some(mine);
        }
        (mine, _) => c.healthcheck = mine,
    }
    if c.on_build.is_none() {
        c.on_build = img.on_build.clone();
    }
    c
}

/// The text dockerd (through containerd and runc) reports when a container's program cannot
/// start; docker's client turns it into exit 127 or 126.
pub(super) fn start_error(err: &KernelError, program: &str) -> ApiError {
    let inner = match err {
        KernelError::NotFound(_) if program.contains('/') => format!("exec: \"{program}\": stat {program}: no such file or directory"),
        KernelError::NotFound(_) => format!("exec: \"{program}\": executable file not found in $PATH"),
        KernelError::PermissionDenied(_) => format!("exec: \"{program}\": permission denied"),
        other => other.to_string(),
    };
    ApiError::system(format!("failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: {inner}: unknown"))
}

impl Daemon {
    pub(super) fn container_event(&mut self, id: &str, action: &str, extra: &[(&str, String)]) {
        let c = &self.containers[id];
        let mut attributes = BTreeMap::from([("image".to_string(), c.config.image.clone()), ("name".to_string(), c.name.clone())]);
        for (k, v) in extra {
            attributes.insert(k.to_string(), v.clone());
        }
        let time = self.kernel.now();
        self.events.push(Event { time, kind: "container", action: action.to_string(), id: id.to_string(), attributes });
    }

    fn random_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.kernel.fill_random(&mut b);
        u32::from_le_bytes(b)
    }

    /// `POST /containers/create`: the new container's full ID. Fails with `No such image`
    /// (404, the client then pulls) or a name conflict (409).
    pub fn container_create(&mut self, req: CreateRequest) -> Result<String, ApiError> {
        super::networks::check_network_mode(&req.config, &req.host.network_mode, &req.network)?;
        let image_id = self.images().resolve(&req.image)?;
        let image = self.images().config(&image_id)?;
        let name = match &req.name {
            Some(n) => {
                validate_name(n).map_err(ApiError::invalid)?;
                let n = n.trim_start_matches('/').to_string();
                if let Some(other) = self.containers.values().find(|c| c.name == n) {
                    return Err(ApiError::conflict(format!(
                        "Conflict. The container name \"/{n}\" is already in use by container \"{}\". You have to remove (or rename) that container to be able to reuse that name.",
                        other.id
                    )));
                }
                n
            }
            None => self.generate_name(),
        };
        let mut config = merge_config(image.config.clone(), req.config);
        config.image = req.image.clone();
        if config.entrypoint.iter().flatten().chain(config.cmd.iter().flatten()).next().is_none() {
            return Err(ApiError::invalid("No command specified"));
        }
        let mut random = [0u8; 32];
        self.kernel.fill_random(&mut random);
        let id = container_id(random);
        if config.hostname.is_empty() {
            config.hostname = id[..12].to_string();
        }
        let top_layer = chain_ids(image.diff_ids()).last().copied();
        let made = if req.host.auto_remove { self.kernel.create_scratch_rootfs(&id, top_layer.as_ref()) } else { self.kernel.create_rootfs(&id, top_layer.as_ref()) };
        made.map_err(|e| ApiError::system(e.to_string()))?;
        let mount_points = self.register_mounts(&id, &config, &req.host).inspect_err(|_| {
            let _ = self.kernel.remove_rootfs(&id);
        })?;
        let now = self.kernel.now();
        let mut container = Container::new(id.clone(), name, now, (image_id, top_layer), config, req.host);
        container.mount_points = mount_points;
        container.serial = self.containers.values().map(|c| c.serial + 1).max().unwrap_or(0);
        self.containers.insert(id.clone(), container);
        let mode = self.containers[&id].host.network_mode.clone();
        if let Err(e) = self.net_create(&id, &mode, req.network) {
            self.containers.remove(&id);
            let _ = self.kernel.remove_rootfs(&id);
            return Err(e);
        }
        self.container_event(&id, "create", &[]);
        Ok(id)
    }

    /// Registers the container of a classic build's failed RUN (its root already made by the
    /// builder under `id`) as an exited container, as dockerd's legacy builder leaves it for
    /// `docker ps -a` unless `--force-rm`. `config` is the step's run config (its `Cmd` the
    /// command that failed), `image_id` the step's parent image. With `--rm=false` every
    /// step's container stays: `exit_code` `None` is one that never ran (a `#(nop)` step's),
    /// left `Created`.
    pub fn adopt_build_container(&mut self, id: &str, image_id: crate::digest::Digest, config: ContainerConfig, started: crate::kernel::Timestamp, exit_code: Option<i32>) -> Result<(), ApiError> {
        let image = self.images().config(&image_id)?;
        let top_layer = chain_ids(image.diff_ids()).last().copied();
        let name = self.generate_name();
        let now = self.kernel.now();
        let mut container = Container::new(id.to_string(), name, started, (image_id, top_layer), config, HostOptions::default());
        container.serial = self.containers.values().map(|c| c.serial + 1).max().unwrap_or(0);
        if let Some(code) = exit_code {
            container.state.status = Status::Exited;
            container.state.exit_code = code;
            container.state.started_at = Some(started);
            container.state.finished_at = Some(now);
        }
        self.containers.insert(id.to_string(), container);
        Ok(())
    }

    fn generate_name(&mut self) -> String {
        for retry in 0.. {
            let (a, b) = (self.random_u32(), self.random_u32());
            let name = generated_name(a, b, retry.min(1) * (self.random_u32() % 10));
            if !self.containers.values().any(|c| c.name == name) {
                return name;
            }
        }
        unreachable!("the loop returns")
    }

    /// User and groups for `user` (`name`, `uid`, `uid:gid`, `name:group`) from the root
    /// filesystem's `/etc/passwd` and `/etc/group`, as runc resolves them.
    pub(super) fn resolve_user(&mut self, rootfs: &str, user: &str) -> Result<(u32, u32, Vec<u32>), ApiError> {
        let (u, g) = user.split_once(':').map_or((user, None), |(u, g)| (u, Some(g)));
        let mut passwd = String::new();
        let mut group = String::new();
        let _ = self.kernel.with_rootfs(rootfs, &mut |fs| {
            for (path, out) in [("etc/passwd", &mut passwd), ("etc/group", &mut group)] {
                if let Ok(mut r) = fs.open(path) {
                    let mut bytes = Vec::new();
                    let _ = r.read_to_end(&mut bytes);
                    *out = String::from_utf8_lossy(&bytes).into_owned();
                }
            }
            Ok(())
        });
        let entry = |table: &str, key: &str| -> Option<(u32, u32)> {
            table.lines().map(|l| l.split(':').collect::<Vec<_>>()).find(|f| f.len() > 3 && (f[0] == key || f[2] == key)).map(|f| (f[2].parse().unwrap_or(0), f[3].parse().unwrap_or(0)))
        };
        let (uid, mut gid) = if u.is_empty() {
            (0, 0)
        } else if let Some(found) = entry(&passwd, u) {
            found
        } else if let Ok(n) = u.parse::<u32>() {
            (n, 0)
        } else {
            return Err(ApiError::system(format!("unable to find user {u}: no matching entries in passwd file")));
        };
        if let Some(g) = g {
            gid = match (entry(&group, g), g.parse::<u32>()) {
                (Some((id, _)), _) => id,
                (None, Ok(n)) => n,
                (None, Err(_)) => return Err(ApiError::system(format!("unable to find group {g}: no matching entries in group file"))),
            };
        }
        Ok((uid, gid, Vec::new()))
    }

    /// The process spec of a container's first process.
    pub(super) fn init_spec(&mut self, id: &str) -> Result<ProcessSpec, ApiError> {
        let c = &self.containers[id];
        let (config, host, argv, cgroup) = (c.config.clone(), c.host.clone(), c.argv(), c.cgroup.clone());
        let (uid, gid, groups) = self.resolve_user(id, &config.user)?;
        let mut env = vec![format!("PATH={DEFAULT_PATH}"), format!("HOSTNAME={}", config.hostname)];
        if config.tty {
            env.push("TERM=xterm".into());
        }
        let mut env = merge_env(env, config.env.as_deref().unwrap_or_default());
        if !env.iter().any(|e| e.starts_with("HOME=")) {
            env.push(format!("HOME={}", if uid == 0 { "/root" } else { "/" }));
        }
        let mut caps: Vec<String> = DEFAULT_CAPABILITIES.iter().map(|s| s.to_string()).collect();
        for add in &host.cap_add {
            let add = normalize_cap(add);
            if !caps.contains(&add) {
                caps.push(add);
            }
        }
        for drop in &host.cap_drop {
            let drop = normalize_cap(drop);
            caps.retain(|c| drop != "CAP_ALL" && *c != drop);
        }
        let net = self.net_namespace(id)?;
        let cpu_max = (host.nano_cpus > 0).then_some((host.nano_cpus / 10_000, 100_000));
        Ok(ProcessSpec {
            args: argv,
            env,
            cwd: if config.working_dir.is_empty() { "/".into() } else { config.working_dir.clone() },
            uid,
            gid,
            groups,
            rootfs: Some(id.to_string()),
            readonly_rootfs: host.read_only,
            namespaces: Namespaces { mnt: NamespaceMode::New, pid: NamespaceMode::New, uts: NamespaceMode::New, ipc: NamespaceMode::New, net, user: NamespaceMode::Host, cgroup: NamespaceMode::New },
            hostname: Some(config.hostname.clone()),
            mounts: self.mount_specs(id),
            cgroup,
            limits: Limits { memory_max: (host.memory > 0).then_some(host.memory), pids_max: (host.pids_limit > 0).then_some(host.pids_limit), cpu_max },
            capabilities: caps,
            seccomp: !host.privileged && !host.security_opt.iter().any(|o| o == "seccomp=unconfined" || o == "seccomp:unconfined"),
            no_new_privileges: host.security_opt.iter().any(|o| o == "no-new-privileges" || o == "no-new-privileges:true" || o == "no-new-privileges=true"),
            tty: config.tty,
            stdin: config.open_stdin,
        })
    }

    /// `POST /containers/{id}/start`. Starting a running container does nothing (dockerd
    /// answers 304); a paused one is refused.
    pub fn container_start(&mut self, input: &str) -> Result<(), ApiError> {
        let id = self.lookup(input)?;
        match self.containers[&id].state.status {
            Status::Running => return Ok(()),
            Status::Paused => return Err(ApiError::conflict("cannot start a paused container, try unpause instead")),
            _ => {}
        }
        let mut spec = self.init_spec(&id)?;
        if self.containers[&id].host.init {
            // dockerd bind-mounts its own init into the container and runs the command under it.
            spec.args.splice(0..0, [INIT_PATH.to_string(), "--".to_string()]);
            spec.mounts.push(MountSpec::Bind { source: HOST_INIT_PATH.to_string(), target: INIT_PATH.to_string(), readonly: true });
        }
        self.net_prepare(&id, &mut spec)?;
        let program = self.containers[&id].path.clone();
        match self.kernel.spawn(&spec) {
            Ok(pid) => {
                self.net_attach(&id, pid);
                self.kernel.network_ready(pid);
                let now = self.kernel.now();
                let c = self.container_mut(&id);
                c.state.status = Status::Running;
                c.state.pid = Some(pid);
                c.state.started_at = Some(now);
                c.state.error.clear();
                c.state.kill_at = None;
                c.state.restart_at = None;
                c.state.manually_stopped = false;
                c.state.oom_killed = false;
                self.container_event(&id, "start", &[]);
                self.health_reset(&id);
                self.changed(&id);
                Ok(())
            }
            Err(e) => {
                self.net_release(&id);
                let err = start_error(&e, &program);
                let code = if matches!(e, KernelError::NotFound(_)) { 127 } else if matches!(e, KernelError::PermissionDenied(_)) { 126 } else { 128 };
                let c = self.container_mut(&id);
                c.state.exit_code = code;
                c.state.error = err.message.clone();
                Err(err)
            }
        }
    }

    /// `POST /containers/{id}/stop`: the stop signal now, SIGKILL after `timeout` seconds
    /// (the container's `StopTimeout`, else 10) unless it has exited. Returns at once; wait
    /// with [`super::WaitCondition::NotRunning`]. Stopping a stopped container does nothing.
    pub fn container_stop(&mut self, input: &str, timeout: Option<i64>) -> Result<(), ApiError> {
        let id = self.lookup(input)?;
        let c = &self.containers[&id];
        if c.state.status == Status::Restarting {
            let c = self.container_mut(&id);
            c.state.status = Status::Exited;
            c.state.restart_at = None;
            c.state.manually_stopped = true;
            self.waits.fulfil(&id, true, false, self.containers[&id].state.exit_code);
            self.changed(&id);
            return Ok(());
        }
        if !c.state.is_running() {
            return Ok(());
        }
        let sig = signal::parse(if c.config.stop_signal.is_empty() { "SIGTERM" } else { &c.config.stop_signal }).unwrap_or(15);
        let timeout = timeout.or(c.config.stop_timeout).unwrap_or(10);
        let pid = c.state.pid.expect("running has a pid");
        let paused = c.state.status == Status::Paused;
        self.container_mut(&id).state.manually_stopped = true;
        self.container_event(&id, "kill", &[("signal", sig.to_string())]);
        let _ = self.kernel.signal(pid, sig);
        if paused {
            // A frozen process cannot handle the signal: thaw it, as dockerd does.
            let _ = self.kernel.freeze(pid, false);
            self.container_mut(&id).state.status = Status::Running;
        }
        let deadline = self.kernel.now() + timeout.max(0) * 1_000_000_000;
        self.container_mut(&id).state.kill_at = Some(if timeout < 0 { i64::MAX } else { deadline });
        self.changed(&id);
        Ok(())
    }

    /// dockerd's shutdown, first half: every running container gets its stop signal, then
    /// SIGKILL after its stop timeout, as `docker stop` (no restart policy acts meanwhile).
    /// Returns those stopped; once none runs, [`Daemon::shutdown_finish`] with them.
    pub fn shutdown_stop_all(&mut self) -> Vec<String> {
        let running: Vec<String> = self.containers.values().filter(|c| c.state.is_running() && !c.state.manually_stopped).map(|c| c.id.clone()).collect();
        for id in &running {
            let _ = self.container_stop(id, None);
        }
        running
    }

    /// dockerd's shutdown, second half: the containers it stopped do not count as stopped by
    /// hand, so `--restart always` and `unless-stopped` start them with the next daemon.
    pub fn shutdown_finish(&mut self, stopped: &[String]) {
        for id in stopped {
            if let Some(c) = self.containers.get_mut(id) {
                c.state.manually_stopped = false;
                self.changed(id);
            }
        }
    }

    /// `POST /containers/{id}/kill`: a signal (default SIGKILL) to a running container.
    pub fn container_kill(&mut self, input: &str, sig: &str) -> Result<(), ApiError> {
        let id = self.lookup(input)?;
        let sig = signal::parse(if sig.is_empty() { "SIGKILL" } else { sig }).map_err(ApiError::invalid)?;
        let c = &self.containers[&id];
        if !c.state.is_running() {
            return Err(ApiError::conflict(format!("Cannot kill container: {input}: Container {} is not running", c.id)));
        }
        let pid = c.state.pid.expect("running has a pid");
        self.container_mut(&id).state.manually_stopped = true;
        self.container_event(&id, "kill", &[("signal", sig.to_string())]);
        let _ = self.kernel.signal(pid, sig);
        self.changed(&id);
        Ok(())
    }

    /// `POST /containers/{id}/pause` and `unpause`: freeze or thaw its cgroup.
    pub fn container_pause(&mut self, input: &str, pause: bool) -> Result<(), ApiError> {
        let id = self.lookup(input)?;
        let c = &self.containers[&id];
        let pid = match (c.state.status, pause) {
            (Status::Running, true) | (Status::Paused, false) => c.state.pid.expect("running has a pid"),
            (Status::Paused, true) => return Err(ApiError::conflict(format!("Container {id} is already paused"))),
            (_, true) => return Err(ApiError::conflict(format!("Container {id} is not running"))),
            (_, false) => return Err(ApiError::conflict(format!("Container {id} is not paused"))),
        };
        self.kernel.freeze(pid, pause).map_err(|e| ApiError::system(e.to_string()))?;
        self.container_mut(&id).state.status = if pause { Status::Paused } else { Status::Running };
        self.container_event(&id, if pause { "pause" } else { "unpause" }, &[]);
        self.changed(&id);
        Ok(())
    }

    /// `DELETE /containers/{id}`. A running container is refused unless `force`, which
    /// kills it and removes it once it is gone (wait with [`super::WaitCondition::Removed`]).
    pub fn container_remove(&mut self, input: &str, force: bool) -> Result<(), ApiError> {
        let id = self.lookup(input)?;
        let c = &self.containers[&id];
        if c.state.is_running() {
            if !force {
                let what = if c.state.status == Status::Paused { "paused" } else { "running" };
                let hint = if what == "paused" { "Unpause and then stop" } else { "Stop" };
                return Err(ApiError::conflict(format!("You cannot remove a {what} container {id}. {hint} the container before attempting removal or force remove")));
            }
            let pid = c.state.pid.expect("running has a pid");
            let paused = c.state.status == Status::Paused;
            let c = self.container_mut(&id);
            c.state.remove_on_exit = true;
            c.state.manually_stopped = true;
            self.container_event(&id, "kill", &[("signal", "9".into())]);
            let _ = self.kernel.signal(pid, 9);
            if paused {
                let _ = self.kernel.freeze(pid, false);
            }
            self.changed(&id);
            return Ok(());
        }
        self.destroy(&id);
        Ok(())
    }

    /// Forgets a container that has no process: its root filesystem, record and waits.
    pub(super) fn destroy(&mut self, id: &str) {
        self.net_forget(id);
        let _ = self.kernel.remove_rootfs(id);
        let code = self.containers[id].state.exit_code;
        if self.containers[id].state.remove_volumes || self.containers[id].host.auto_remove {
            self.remove_anonymous_volumes(id);
        }
        self.container_event(id, "destroy", &[]);
        self.containers.remove(id);
        self.execs.retain(|_, e| e.container != id);
        self.waits.fulfil(id, true, true, code);
        self.changed(id);
    }

    /// `POST /containers/{id}/rename`.
    pub fn container_rename(&mut self, input: &str, new_name: &str) -> Result<(), ApiError> {
        let id = self.lookup(input)?;
        validate_name(new_name).map_err(ApiError::invalid)?;
        let new_name = new_name.trim_start_matches('/');
        let old = self.containers[&id].name.clone();
        if old == new_name {
            return Err(ApiError::invalid("Renaming a container with the same name as its current name"));
        }
        if let Some(other) = self.containers.values().find(|c| c.name == new_name) {
            return Err(ApiError::conflict(format!(
                "Error when allocating new name: Conflict. The container name \"/{new_name}\" is already in use by container \"{}\". You have to remove (or rename) that container to be able to reuse that name.",
                other.id
            )));
        }
        self.container_mut(&id).name = new_name.to_string();
        self.container_event(&id, "rename", &[("oldName", format!("/{old}"))]);
        Ok(())
    }

    /// Writes to a running container's stdin (`-i`); empty `data` closes it.
    pub fn container_write_stdin(&mut self, id: &str, data: &[u8]) -> Result<(), ApiError> {
        let pid = self.containers.get(id).and_then(|c| c.state.pid).ok_or_else(|| ApiError::conflict(format!("Container {id} is not running")))?;
        self.kernel.write_stdin(pid, data).map_err(|e| ApiError::system(e.to_string()))
    }
}

/// `net_admin` and `CAP_NET_ADMIN` name the same capability.
fn normalize_cap(c: &str) -> String {
    let up = c.to_ascii_uppercase();
    if up.starts_with("CAP_") {
        up
    } else {
        format!("CAP_{up}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_merges_by_key_in_place() {
        let merged = merge_env(vec!["PATH=/bin".into(), "HOSTNAME=x".into()], &["PATH=/usr/bin".into(), "A=1".into()]);
        assert_eq!(merged, ["PATH=/usr/bin", "HOSTNAME=x", "A=1"]);
    }

    #[test]
    fn entrypoint_override_resets_the_image_cmd() {
        let image = ContainerConfig { entrypoint: Some(vec!["/entry".into()]), cmd: Some(vec!["serve".into()]), ..Default::default() };
        let user = ContainerConfig { entrypoint: Some(vec!["sh".into()]), ..Default::default() };
        let c = merge_config(Some(image.clone()), user);
        assert_eq!((c.entrypoint, c.cmd), (Some(vec!["sh".to_string()]), None));
        let c = merge_config(Some(image), ContainerConfig { cmd: Some(vec!["x".into()]), ..Default::default() });
        assert_eq!((c.entrypoint, c.cmd), (Some(vec!["/entry".to_string()]), Some(vec!["x".to_string()])));
    }
}
