//! Swarm mode on one node: `swarm init` makes this daemon a one-node swarm (its own manager
//! and leader), services keep a number of replica tasks running as containers, and stacks
//! deploy a compose file's services.
//!
//! The orchestrator is the supervisor's last step ([`Daemon::reconcile_services`]): each
//! slot of a replicated service wants one running task; a task whose container ended is
//! marked `Complete` (exit 0) or `Failed` and replaced, as swarm's default restart policy
//! (`any`) does; slots above the replica count are shut down. Task containers are ordinary
//! containers named `SERVICE.SLOT.TASKID` with swarm's labels, so `docker ps` shows them.
//! Published ports go to the first running task: one node has nothing to balance across
//! but its own tasks, and the simulated kernel forwards a port to one address.

use std::collections::BTreeMap;

use super::lifecycle::CreateRequest;
use super::{ApiError, Daemon};
use crate::container::state::Status;
use crate::kernel::Timestamp;

/// The address a manager listens on for other nodes.
pub const SWARM_PORT: u16 = 2377;

/// How long a slot waits after its task ended before a new one starts (`--restart-delay`).
const RESTART_DELAY: Timestamp = 5_000_000_000;

/// Where a task is, in swarm's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TaskState {
    /// Being set up (pulling, creating).
    Preparing,
    /// Its container runs.
    Running,
    /// Its container exited 0.
    Complete,
    /// Its container exited non-zero or could not start.
    Failed,
    /// Stopped by the orchestrator (scaled down, updated, removed).
    Shutdown,
}

impl TaskState {
    /// As `docker service ps` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Preparing => "Preparing",
            TaskState::Running => "Running",
            TaskState::Complete => "Complete",
            TaskState::Failed => "Failed",
            TaskState::Shutdown => "Shutdown",
        }
    }
}

/// One replica of a service at one time.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Task {
    /// 25-character task ID.
    pub id: String,
    /// Replica slot, from 1.
    pub slot: u64,
    /// The image it runs.
    pub image: String,
    /// Its container, once created.
    pub container: Option<String>,
    /// What the orchestrator wants.
    pub desired: TaskState,
    /// What it is.
    pub state: TaskState,
    /// When it reached `state`.
    pub since: Timestamp,
    /// Why it failed.
    pub error: String,
}

/// What `docker service create` (or a stack's service) asks for.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ServiceSpec {
    /// The name (`web`, `app_web` in a stack).
    pub name: String,
    /// The image reference as given.
    pub image: String,
    /// Replica count.
    pub replicas: u64,
    /// Command and arguments replacing the image's `CMD`.
    pub args: Vec<String>,
    /// `--env`.
    pub env: Vec<String>,
    /// `--publish`: (published, target, protocol).
    pub ports: Vec<(u16, u16, String)>,
    /// `--label`.
    pub labels: BTreeMap<String, String>,
    /// The stack it belongs to.
    pub stack: Option<String>,
}

/// A service and its task history.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Service {
    /// 25-character service ID.
    pub id: String,
    /// What it should be.
    pub spec: ServiceSpec,
    /// Created.
    pub created: Timestamp,
    /// Last changed.
    pub updated: Timestamp,
    /// Spec version, bumped by each update.
    pub version: u64,
    /// Every task, oldest first.
    pub tasks: Vec<Task>,
}

impl Service {
    /// Tasks that should be running.
    pub fn running(&self) -> usize {
        self.tasks.iter().filter(|t| t.desired == TaskState::Running && t.state == TaskState::Running).count()
    }
}

/// This node's swarm.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Swarm {
    /// The node's ID.
    pub node_id: String,
    /// The cluster's ID.
    pub cluster_id: String,
    /// The address other nodes would join.
    pub addr: String,
    /// When it was initialised.
    pub created: Timestamp,
    /// The worker join token.
    pub worker_token: String,
    /// The manager join token.
    pub manager_token: String,
    /// Services, in creation order.
    pub services: Vec<Service>,
    /// Each published port and the task container it forwards to now.
    pub routes: BTreeMap<(u16, String), String>,
}

/// The error every swarm command gets on a node outside a swarm.
pub fn not_a_manager() -> ApiError {
    ApiError { status: 503, message: "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.".into() }
}

impl Daemon {
    /// A random lower-case base-36 ID of `len` characters, as swarmkit makes them.
    fn swarm_id(&mut self, len: usize) -> String {
        let mut bytes = vec![0u8; len];
        self.kernel.fill_random(&mut bytes);
        bytes.iter().map(|b| char::from_digit(u32::from(*b) % 36, 36).expect("base 36")).collect()
    }

    /// The swarm, or the error for a node outside one.
    pub fn swarm(&self) -> Result<&Swarm, ApiError> {
        self.swarm.as_ref().ok_or_else(not_a_manager)
    }

    /// `POST /swarm/init`: this node becomes a one-node swarm; returns its node ID.
    pub fn swarm_init(&mut self, advertise: Option<&str>) -> Result<String, ApiError> {
        if self.swarm.is_some() {
            return Err(ApiError { status: 503, message: "This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.".into() });
        }
        let addr = match advertise.map(str::to_string).or_else(|| self.host.address.map(|a| a.to_string())) {
            Some(a) => a.split(':').next().unwrap_or_default().to_string(),
            None => return Err(ApiError::invalid("could not choose an IP address to advertise since this system has no suitable address - specify one with --advertise-addr")),
        };
        let node_id = self.swarm_id(25);
        let cluster_id = self.swarm_id(25);
        let ca = self.swarm_id(50);
        let (worker, manager) = (self.swarm_id(25), self.swarm_id(25));
        let created = self.kernel.now();
        self.swarm = Some(Swarm {
            node_id: node_id.clone(),
            cluster_id,
            addr,
            created,
            worker_token: format!("SWMTKN-1-{ca}-{worker}"),
            manager_token: format!("SWMTKN-1-{ca}-{manager}"),
            services: Vec::new(),
            routes: BTreeMap::new(),
        });
        Ok(node_id)
    }

    /// `POST /swarm/leave`: a manager must be forced, and takes every service with it.
    pub fn swarm_leave(&mut self, force: bool) -> Result<(), ApiError> {
        if self.swarm.is_none() {
            return Err(ApiError { status: 503, message: "This node is not part of a swarm".into() });
        }
        if !force {
            return Err(ApiError { status: 503, message: "You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message. ".into() });
        }
        let services: Vec<String> = self.swarm()?.services.iter().map(|s| s.id.clone()).collect();
        for id in services {
            self.service_remove(&id)?;
        }
        self.swarm = None;
        Ok(())
    }

    /// The service named or identified (a unique ID prefix) by `input`.
    fn service_index(&self, input: &str) -> Result<usize, ApiError> {
        let swarm = self.swarm()?;
        let by_name = swarm.services.iter().position(|s| s.spec.name == input || s.id == input);
        let by_prefix = || {
            let found: Vec<usize> = swarm.services.iter().enumerate().filter(|(_, s)| s.id.starts_with(input)).map(|(i, _)| i).collect();
            (found.len() == 1).then(|| found[0])
        };
        by_name.or_else(by_prefix).ok_or_else(|| ApiError::not_found(format!("service {input} not found")))
    }

    /// The service `input` names.
    pub fn service(&self, input: &str) -> Result<&Service, ApiError> {
        let i = self.service_index(input)?;
        Ok(&self.swarm()?.services[i])
    }

    /// `POST /services/create`: its ID. Tasks start at the orchestrator's next pass.
    pub fn service_create(&mut self, spec: ServiceSpec) -> Result<String, ApiError> {
        self.swarm()?;
        if self.service_index(&spec.name).is_ok() {
            return Err(ApiError::conflict(format!("rpc error: code = AlreadyExists desc = name conflicts with an existing object: service {} already exists", spec.name)));
        }
        for (published, _, _) in &spec.ports {
            let taken = self.swarm()?.services.iter().any(|s| s.spec.ports.iter().any(|(p, _, _)| p == published));
            if taken {
                return Err(ApiError::invalid(format!("rpc error: code = InvalidArgument desc = port '{published}' is already in use by service")));
            }
        }
        let mut spec = spec;
        if spec.name.is_empty() {
            let mut r = [0u8; 8];
            self.kernel.fill_random(&mut r);
            spec.name = crate::container::names::generated_name(u32::from_le_bytes([r[0], r[1], r[2], r[3]]), u32::from_le_bytes([r[4], r[5], r[6], r[7]]), 0);
        }
        let id = self.swarm_id(25);
        let now = self.kernel.now();
        let service = Service { id: id.clone(), spec, created: now, updated: now, version: 1, tasks: Vec::new() };
        self.swarm.as_mut().expect("checked").services.push(service);
        self.reconcile_services();
        if let Some(w) = self.supervisor.take() {
            w.wake();
        }
        Ok(id)
    }

    /// `POST /services/{id}/update` with a new replica count.
    pub fn service_scale(&mut self, input: &str, replicas: u64) -> Result<(), ApiError> {
        self.service_update(input, &mut |spec| spec.replicas = replicas)
    }

    /// `POST /services/{id}/update`: changes the spec; tasks whose image or command changed
    /// are replaced one at a time (swarm's default `--update-parallelism 1`).
    pub fn service_update(&mut self, input: &str, change: &mut dyn FnMut(&mut ServiceSpec)) -> Result<(), ApiError> {
        let i = self.service_index(input)?;
        let now = self.kernel.now();
        let (old, new) = {
            let s = &mut self.swarm.as_mut().expect("checked").services[i];
            let old = s.spec.clone();
            change(&mut s.spec);
            s.version += 1;
            s.updated = now;
            (old, s.spec.clone())
        };
        if old.image != new.image || old.args != new.args || old.env != new.env || old.ports != new.ports {
            let running: Vec<usize> = self.swarm()?.services[i].tasks.iter().enumerate().filter(|(_, t)| t.desired == TaskState::Running).map(|(k, _)| k).collect();
            for k in running {
                self.shut_down_task(i, k);
            }
        }
        self.reconcile_services();
        if let Some(w) = self.supervisor.take() {
            w.wake();
        }
        Ok(())
    }

    /// `DELETE /services/{id}`: its tasks' containers are removed.
    pub fn service_remove(&mut self, input: &str) -> Result<String, ApiError> {
        let i = self.service_index(input)?;
        let containers: Vec<String> = self.swarm()?.services[i].tasks.iter().filter_map(|t| t.container.clone()).collect();
        for c in containers {
            let _ = self.container_remove(&c, true);
        }
        let removed = self.swarm.as_mut().expect("checked").services.remove(i);
        for (published, _, proto) in &removed.spec.ports {
            self.unroute(*published, proto);
        }
        Ok(removed.spec.name)
    }

    /// Stops task `k` of service `i` and removes its container.
    fn shut_down_task(&mut self, i: usize, k: usize) {
        let now = self.kernel.now();
        let container = {
            let t = &mut self.swarm.as_mut().expect("in a swarm").services[i].tasks[k];
            t.desired = TaskState::Shutdown;
            t.state = TaskState::Shutdown;
            t.since = now;
            t.container.take()
        };
        if let Some(c) = container {
            let _ = self.container_remove(&c, true);
        }
    }

    /// The orchestrator's pass: every slot of every service gets a running task, a slot whose
    /// task just ended after the restart delay. Returns when the next delay ends, if one runs.
    pub(super) fn reconcile_services(&mut self) -> Option<Timestamp> {
        let swarm = self.swarm.as_ref()?;
        let count = swarm.services.len();
        let now = self.kernel.now();
        let mut next: Option<Timestamp> = None;
        for i in 0..count {
            self.observe_tasks(i);
            let (replicas, slots_running, extra) = {
                let s = &self.swarm.as_ref().expect("in a swarm").services[i];
                let live: Vec<(usize, u64)> = s.tasks.iter().enumerate().filter(|(_, t)| t.desired == TaskState::Running).map(|(k, t)| (k, t.slot)).collect();
                let extra: Vec<usize> = live.iter().filter(|(_, slot)| *slot > s.spec.replicas).map(|(k, _)| *k).collect();
                (s.spec.replicas, live.iter().map(|(_, slot)| *slot).collect::<Vec<u64>>(), extra)
            };
            for k in extra {
                self.shut_down_task(i, k);
            }
            for slot in 1..=replicas {
                if slots_running.contains(&slot) {
                    continue;
                }
                let ended = self.swarm.as_ref().expect("in a swarm").services[i].tasks.iter().filter(|t| t.slot == slot && matches!(t.state, TaskState::Failed | TaskState::Complete)).map(|t| t.since).max();
                match ended {
                    Some(at) if now < at + RESTART_DELAY => next = Some(next.map_or(at + RESTART_DELAY, |n| n.min(at + RESTART_DELAY))),
                    _ => self.start_task(i, slot),
                }
            }
            self.publish_service_ports(i);
        }
        next
    }

    /// Marks tasks whose containers ended.
    fn observe_tasks(&mut self, i: usize) {
        let now = self.kernel.now();
        let tasks: Vec<(usize, String)> = self.swarm.as_ref().expect("in a swarm").services[i]
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.desired == TaskState::Running)
            .filter_map(|(k, t)| t.container.clone().map(|c| (k, c)))
            .collect();
        for (k, c) in tasks {
            let state = self.containers.get(&c).map(|c| (c.state.status, c.state.exit_code));
            let outcome = match state {
                Some((Status::Running | Status::Paused | Status::Restarting, _)) => None,
                Some((_, 0)) => Some((TaskState::Complete, String::new())),
                Some((_, code)) => Some((TaskState::Failed, format!("task: non-zero exit ({code})"))),
                None => Some((TaskState::Failed, format!("No such container: {c}"))),
            };
            if let Some((state, error)) = outcome {
                let t = &mut self.swarm.as_mut().expect("in a swarm").services[i].tasks[k];
                t.desired = TaskState::Shutdown;
                t.state = state;
                t.error = error;
                t.since = now;
            }
        }
    }

    /// Creates and starts a task for `slot` of service `i`.
    fn start_task(&mut self, i: usize, slot: u64) {
        let task_id = self.swarm_id(25);
        let now = self.kernel.now();
        let (spec, service_id) = {
            let s = &self.swarm.as_ref().expect("in a swarm").services[i];
            (s.spec.clone(), s.id.clone())
        };
        let node_id = self.swarm.as_ref().map(|s| s.node_id.clone()).unwrap_or_default();
        let mut labels = spec.labels.clone();
        labels.extend([
            ("com.docker.swarm.node.id".to_string(), node_id),
            ("com.docker.swarm.service.id".to_string(), service_id),
            ("com.docker.swarm.service.name".to_string(), spec.name.clone()),
            ("com.docker.swarm.task".to_string(), String::new()),
            ("com.docker.swarm.task.id".to_string(), task_id.clone()),
            ("com.docker.swarm.task.name".to_string(), format!("{}.{slot}.{task_id}", spec.name)),
        ]);
        if let Some(stack) = &spec.stack {
            labels.insert("com.docker.stack.namespace".into(), stack.clone());
        }
        let mut config = crate::api::ContainerConfig { env: Some(spec.env.clone()).filter(|e| !e.is_empty()), labels: Some(labels), ..Default::default() };
        if !spec.args.is_empty() {
            config.cmd = Some(spec.args.clone());
        }
        // A stack's tasks share the stack's network and answer there to their service's name.
        let (network_mode, aliases) = match &spec.stack {
            Some(stack) => (format!("{stack}_default"), vec![spec.name.strip_prefix(&format!("{stack}_")).unwrap_or(&spec.name).to_string()]),
            None => ("default".to_string(), Vec::new()),
        };
        let host = super::container::HostOptions { network_mode, ..Default::default() };
        let network = super::networks::NetworkRequest { aliases, ..Default::default() };
        let req = CreateRequest { name: Some(format!("{}.{slot}.{task_id}", spec.name)), image: spec.image.clone(), config, host, network };
        let mut task = Task { id: task_id, slot, image: spec.image.clone(), container: None, desired: TaskState::Running, state: TaskState::Preparing, since: now, error: String::new() };
        let created = self.container_create(req.clone()).or_else(|e| {
            if !e.message.starts_with("No such image") {
                return Err(e);
            }
            let reference = crate::image::reference::Reference::parse(&spec.image).map_err(|e| ApiError::invalid(e.to_string()))?;
            self.image_pull(&reference, &mut |_| {}).map_err(|e| ApiError::invalid(e.kind.to_string()))?;
            self.container_create(req)
        });
        match created.and_then(|id| self.container_start(&id).map(|_| id)) {
            Ok(id) => {
                task.container = Some(id);
                task.state = TaskState::Running;
            }
            Err(e) => {
                task.desired = TaskState::Shutdown;
                task.state = TaskState::Failed;
                task.error = e.message;
            }
        }
        self.swarm.as_mut().expect("in a swarm").services[i].tasks.push(task);
    }

    /// Points each published port of service `i` at its first running task.
    fn publish_service_ports(&mut self, i: usize) {
        let s = &self.swarm.as_ref().expect("in a swarm").services[i];
        let target = s.tasks.iter().filter(|t| t.state == TaskState::Running && t.desired == TaskState::Running).find_map(|t| t.container.clone());
        for (published, port, proto) in s.spec.ports.clone() {
            let key = (published, proto.clone());
            if target.is_none() || self.swarm.as_ref().and_then(|s| s.routes.get(&key)) == target.as_ref() {
                continue;
            }
            let container = target.clone().expect("checked");
            self.unroute(published, &proto);
            let Some(ip) = self.network_settings(&container).ip_address.parse::<std::net::Ipv4Addr>().ok() else { continue };
            let protocol = if proto == "udp" { crate::kernel::Protocol::Udp } else { crate::kernel::Protocol::Tcp };
            if self.kernel.publish_port(protocol, std::net::Ipv4Addr::UNSPECIFIED, published, ip, port).is_ok() {
                self.swarm.as_mut().expect("in a swarm").routes.insert(key, container);
            }
        }
    }

    /// Stops forwarding `published`.
    fn unroute(&mut self, published: u16, proto: &str) {
        let Some(swarm) = self.swarm.as_mut() else { return };
        if swarm.routes.remove(&(published, proto.to_string())).is_some() {
            let protocol = if proto == "udp" { crate::kernel::Protocol::Udp } else { crate::kernel::Protocol::Tcp };
            let _ = self.kernel.unpublish_port(protocol, std::net::Ipv4Addr::UNSPECIFIED, published);
        }
    }
}
