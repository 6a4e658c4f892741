//! The daemon: dockerd's state and operations, over one [`Kernel`].
//!
//! A [`Daemon`] owns its kernel and everything dockerd keeps: the image database (in the
//! kernel's stores), containers, networks, volumes, the registries it reaches and the event
//! log. Clients (the simulator's `docker` program,
//! the native `wharf` CLI, the builder) share it as a [`DaemonRef`] and ask it for what the
//! Engine API offers, as the docker CLI asks dockerd.
//!
//! **Borrows never cross an `.await`.** Waiting operations are `poll_*` methods; a client
//! builds its futures with [`std::future::poll_fn`], borrowing the daemon only for the length
//! of one poll. That is what lets one single-threaded executor run a container, an attached
//! `docker run` and `docker logs -f` at once.
//!
//! **One supervisor.** Containers run without anyone attached, so something must read their
//! output into the log, notice their exit, apply restart policies and end `docker stop`'s
//! grace period: [`Daemon::poll_supervise`], a future that never completes, which the platform
//! polls from its own task (the simulator's `dockerd` process).
//!
//! Modules, by job:
//! - containers: [`container`] (the record), `lifecycle` (create, start, stop, kill, pause,
//!   remove, rename), `supervise` (output, exits, restart policies), `health`, `wait`,
//!   `attach`, [`exec`], `observe` (top, diff, stats, sizes), `inspect` (API views, `ps`
//!   filters), `commit`, `copy` (`docker cp`), `archive` (save/load/export/import),
//!   `maintenance` (prune, update, system df);
//! - images: `images` (pull, push), `image_delete` (rmi, image prune);
//! - storage and networks: `mounts`, `volumes`, `networks`;
//! - the daemon itself: `system` (version, info, events), [`events`].

mod archive;
mod attach;
mod commit;
mod copy;
pub mod container;
mod error;
pub mod events;
pub mod exec;
mod health;
mod image_delete;
mod images;
mod inspect;
mod lifecycle;
pub use lifecycle::DEFAULT_CAPABILITIES;
pub mod networks;
mod maintenance;
mod mounts;
mod observe;
mod persist;
mod served_registry;
pub mod swarm;
mod supervise;
mod system;
mod volumes;
mod wait;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::task::Waker;

pub use copy::PathStat;
pub use attach::AttachId;
pub use commit::{container_commit, CommitOptions};
pub use container::{Container, HostOptions, LogChunk, RestartPolicy};
pub use error::ApiError;
pub use image_delete::Removed;
pub use inspect::PsFilter;
pub use maintenance::UpdateOptions;
pub use system::{HostFacts, SERVER_VERSION};
pub use lifecycle::CreateRequest;
pub use mounts::{MountKind, MountPoint};
pub use volumes::{VolumeFilter, VolumeRecord};
pub use networks::{create_warnings, NetworkCreate, NetworkRequest};
pub use persist::EXIT_LOST;
pub use wait::{WaitCondition, WaitId};

use crate::image::db::ImageDb;
use crate::kernel::Kernel;

/// A daemon shared by its clients (single-threaded, like the simulator's executor).
pub type DaemonRef = Rc<RefCell<Daemon>>;

/// dockerd: the engine's state over one kernel.
pub struct Daemon {
    kernel: Box<dyn Kernel>,
    containers: BTreeMap<String, Container>,
    execs: BTreeMap<String, exec::Exec>,
    events: events::EventLog,
    waits: wait::Waits,
    attachments: attach::Attachments,
    /// Wakes the supervisor when there is something new to watch.
    supervisor: Option<Waker>,
    /// Deadlines the supervisor has asked the kernel to wake it at.
    armed: std::collections::BTreeSet<crate::kernel::Timestamp>,
    /// What the platform says about the machine (`docker info`).
    pub host: HostFacts,
    /// The registries this daemon reaches (Docker Hub, `localhost:5000`), and its logins.
    pub registries: crate::registry::Registries,
    /// Clients waiting for a container's log or state to change, by container ID.
    watchers: BTreeMap<String, Vec<Waker>>,
    /// Volumes by name.
    volumes: BTreeMap<String, volumes::VolumeRecord>,
    /// Networks, endpoints and published ports.
    net: networks::NetState,
    /// Swarm mode, once `docker swarm init` ran.
    swarm: Option<swarm::Swarm>,
}

impl Daemon {
    /// A daemon with no containers over `kernel` (whose stores may already hold images).
    pub fn new(kernel: Box<dyn Kernel>) -> Daemon {
        Daemon {
            kernel,
            containers: BTreeMap::new(),
            execs: BTreeMap::new(),
            events: events::EventLog::default(),
            waits: wait::Waits::default(),
            attachments: attach::Attachments::default(),
            supervisor: None,
            armed: Default::default(),
            watchers: BTreeMap::new(),
            registries: crate::registry::Registries::new(),
            net: networks::NetState::default(),
            swarm: None,
            host: HostFacts::default(),
            volumes: BTreeMap::new(),
        }
    }

    /// Wraps a new daemon for sharing.
    pub fn shared(kernel: Box<dyn Kernel>) -> DaemonRef {
        Rc::new(RefCell::new(Daemon::new(kernel)))
    }

    /// The kernel.
    pub fn kernel(&mut self) -> &mut dyn Kernel {
        &mut *self.kernel
    }

    /// The image database, over the kernel's stores.
    pub fn images(&mut self) -> ImageDb<'_> {
        let (content, meta) = self.kernel.stores();
        ImageDb::new(content, meta)
    }

    /// Every container, in ID order.
    pub fn containers(&self) -> impl Iterator<Item = &Container> {
        self.containers.values()
    }

    /// The event log.
    pub fn events(&self) -> &events::EventLog {
        &self.events
    }

    /// Docker's `GetContainer`: a full ID, a name (with or without `/`), or a unique ID
    /// prefix. Returns the full ID.
    pub fn lookup(&self, input: &str) -> Result<String, ApiError> {
        if input.is_empty() {
            return Err(ApiError::invalid("No container name or ID supplied"));
        }
        if self.containers.contains_key(input) {
            return Ok(input.to_string());
        }
        let name = input.strip_prefix('/').unwrap_or(input);
        if let Some(c) = self.containers.values().find(|c| c.name == name) {
            return Ok(c.id.clone());
        }
        if input.bytes().all(|b| b.is_ascii_hexdigit()) {
            let mut found = self.containers.keys().filter(|id| id.starts_with(input));
            match (found.next(), found.next()) {
                (Some(id), None) => return Ok(id.clone()),
                (Some(_), Some(_)) => return Err(ApiError::invalid(format!("Multiple IDs found with provided prefix: {input}"))),
                _ => {}
            }
        }
        Err(ApiError::no_such_container(input))
    }

    /// The container `input` names.
    pub fn container(&self, input: &str) -> Result<&Container, ApiError> {
        let id = self.lookup(input)?;
        Ok(&self.containers[&id])
    }

    fn container_mut(&mut self, id: &str) -> &mut Container {
        self.containers.get_mut(id).expect("looked up")
    }

    /// Wakes the supervisor and everyone watching container `id`.
    fn changed(&mut self, id: &str) {
        if let Some(w) = self.supervisor.take() {
            w.wake();
        }
        if let Some(ws) = self.watchers.remove(id) {
            ws.into_iter().for_each(Waker::wake);
        }
    }

    /// `logs -f`: the log chunks of container `id` from index `from` on, once there are any;
    /// `None` once it has stopped for good (or is gone) and everything was read.
    pub fn poll_log_from(&mut self, id: &str, from: usize, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Vec<LogChunk>>> {
        use std::task::Poll;
        let Ok(c) = self.container(id) else { return Poll::Ready(None) };
        if from < c.log.len() {
            return Poll::Ready(Some(c.log[from..].to_vec()));
        }
        if !c.state.is_running() && c.state.restart_at.is_none() {
            return Poll::Ready(None);
        }
        self.watch(id, cx.waker());
        Poll::Pending
    }

    /// Registers `waker` to be woken at the next event.
    pub fn follow_events(&mut self, waker: &Waker) {
        self.events.follow(waker);
    }

    /// Registers `waker` to be woken when container `id`'s log or state changes.
    pub fn watch(&mut self, id: &str, waker: &Waker) {
        let list = self.watchers.entry(id.to_string()).or_default();
        if !list.iter().any(|w| w.will_wake(waker)) {
            list.push(waker.clone());
        }
    }
}

