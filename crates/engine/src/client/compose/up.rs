//! `up` and `run`: images, networks and volumes, containers created and started in
//! `depends_on` order, and the attached logs.

use std::collections::BTreeMap;
use std::future::{poll_fn, Future};
use std::task::Poll;

use super::super::Client;
use super::{scales, DaemonResources, Member, Teardown, COLORS};
use crate::api::gotime::GoTime;
use crate::cli::grammar::Parsed;
use crate::compose::model::{Project, Service};
use crate::compose::plan::{self, ProjectResources};
use crate::container::state::Status;
use crate::daemon::WaitCondition;
use crate::kernel::Stream;

/// How logs are shown: prefixes, colours, timestamps, and where they start.
#[derive(Debug, Clone, Default)]
pub(super) struct LogView {
    /// `--no-log-prefix`.
    pub no_prefix: bool,
    /// `--no-color` / `--ansi never`.
    pub no_color: bool,
    /// `-t`: each line after its prefix starts with the time the daemon read it.
    pub timestamps: bool,
    /// `--tail N`: the last N lines of each container (`None`: all).
    pub tail: Option<usize>,
    /// `--since`: lines read at or after this time (Unix nanoseconds).
    pub since: Option<i64>,
    /// Per container ID, how many chunks of its log to skip (what it wrote before `up`
    /// attached to it).
    pub from: BTreeMap<String, usize>,
}

impl LogView {
    /// The prefix and colour flags `up` and `logs` share.
    pub(super) fn of(p: &Parsed, no_color: bool) -> Self {
        LogView { no_prefix: p.bool("no-log-prefix"), no_color, ..LogView::default() }
    }
}

/// How `up` treats an existing container whose service is unchanged or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recreate {
    /// Only when its configuration or image changed.
    Diverged,
    /// Always (`--force-recreate`, `--always-recreate-deps`).
    Force,
    /// Never (`--no-recreate`).
    Never,
}

/// `up`'s flag combinations Compose refuses, in its words.
fn check_up_flags(p: &Parsed) -> Result<(), String> {
    let cascade = p.bool("abort-on-container-exit") || p.has("exit-code-from");
    if p.bool("build") && p.bool("no-build") {
        return Err("--build and --no-build are incompatible".into());
    }
    if p.bool("detach") && (p.bool("attach-dependencies") || cascade || !p.values("attach").is_empty()) {
        return Err("--detach cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies".into());
    }
    if p.bool("force-recreate") && p.bool("no-recreate") {
        return Err("--force-recreate and --no-recreate are incompatible".into());
    }
    if p.bool("always-recreate-deps") && p.bool("no-recreate") {
        return Err("--always-recreate-deps and --no-recreate are incompatible".into());
    }
    Ok(())
}

/// Whether an existing container must be replaced: its service's configuration hash or
/// image ID differs from what it was created with (Compose's `mustRecreate`).
fn must_recreate(m: &Member, hash: &str, image_id: &str, strategy: Recreate) -> bool {
    match strategy {
        Recreate::Never => false,
        Recreate::Force => true,
        Recreate::Diverged => m.hash != hash || (!image_id.is_empty() && m.image != image_id),
    }
}

/// The services whose logs an attached `up` shows: `--attach`'s, else the services named
/// (all when none; their dependencies too with `--attach-dependencies`), less `--no-attach`'s.
fn attach_to(p: &Parsed, project: &Project, order: &[String]) -> Vec<String> {
    let mut names: Vec<String> = if !p.values("attach").is_empty() {
        p.values("attach").to_vec()
    } else if p.args.is_empty() || p.bool("attach-dependencies") {
        order.to_vec()
    } else {
        p.args.clone()
    };
    names.retain(|n| project.service(n).is_some() && !p.values("no-attach").contains(n));
    names
}

impl Client<'_> {
    /// `up`.
    pub(super) async fn compose_up(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        check_up_flags(p)?;
        let scale = scales(p)?;
        let order = if p.bool("no-deps") { p.args.clone() } else { plan::start_order(project, &p.args).map_err(|e| e.to_string())? };
        for s in &p.args {
            project.service(s).ok_or_else(|| format!("no such service: {s}"))?;
        }
        let services: Vec<&Service> = order.iter().filter_map(|s| project.service(s)).collect();
        if !p.bool("no-build") {
            for svc in &services {
                self.ensure_image(project, svc, p.bool("build")).await?;
            }
        }
        self.handle_orphans(project, p.bool("remove-orphans")).await?;
        let existing = self.members(&project.name, false);
        let mut res = DaemonResources { daemon: self.daemon.clone() };
        self.ensure_resources(project, &services, &mut res).await?;
        let strategy = |service: &str| {
            let named = p.args.is_empty() || p.args.iter().any(|a| a == service);
            match (named, p.bool("no-recreate"), p.bool("force-recreate"), p.bool("always-recreate-deps")) {
                (_, true, _, _) => Recreate::Never,
                (true, _, true, _) | (false, _, _, true) => Recreate::Force,
                _ => Recreate::Diverged,
            }
        };
        let timeout = p.has("timeout").then(|| p.int("timeout"));
        let mut to_start = Vec::new();
        for svc in &services {
            let want = plan::replicas(svc, &scale);
            let hash = plan::config_hash(svc);
            let image_id = self.image_id(&plan::image_name(project, svc)).unwrap_or_default();
            let mine: Vec<Member> = existing.iter().filter(|m| m.service == svc.name).cloned().collect();
            // Scaling down removes the highest numbers first.
            let mut surplus: Vec<Member> = mine.iter().filter(|m| m.number > want).cloned().collect();
            surplus.reverse();
            self.take_down_together(&surplus, timeout, Teardown::Remove { volumes: false }).await?;
            for m in mine.iter().filter(|m| m.number <= want) {
                let id = format!("Container {}", m.name);
                if must_recreate(m, &hash, &image_id, strategy(&svc.name)) {
                    self.progress(&id, "Recreate").await;
                    if m.running() {
                        self.stop_member(&m.id, timeout).await?;
                    }
                    let _ = self.daemon.borrow_mut().container_remove(&m.id, true);
                    let new = self.create_member(project, svc, m.number, None).await?;
                    self.progress(&id, "Recreated").await;
                    to_start.push((new, m.name.clone(), svc.name.clone()));
                    continue;
                }
                match m.status {
                    Status::Running => self.progress(&id, "Running").await,
                    Status::Exited => self.progress(&id, "Created").await,
                    _ => {}
                }
                if !m.running() {
                    to_start.push((m.id.clone(), m.name.clone(), svc.name.clone()));
                }
            }
            for n in 1..=want {
                if mine.iter().any(|m| m.number == n) {
                    continue;
                }
                let name = plan::container_name(project, svc, n);
                let id = format!("Container {name}");
                self.progress(&id, "Creating").await;
                match self.create_member(project, svc, n, None).await {
                    Ok(cid) => {
                        self.progress(&id, "Created").await;
                        to_start.push((cid, name, svc.name.clone()));
                    }
                    Err(e) => {
                        self.progress(&id, "Error").await;
                        return Err(e);
                    }
                }
            }
        }
        if p.bool("no-start") {
            return Ok(0);
        }
        let detach = p.bool("detach") || p.bool("wait");
        let attached: Vec<Member> = if detach {
            Vec::new()
        } else {
            let names = attach_to(p, project, &order);
            self.members(&project.name, false).into_iter().filter(|m| names.contains(&m.service)).collect()
        };
        // Attached before they start, as Compose's attach: what they wrote earlier is not shown.
        let attached_at: BTreeMap<String, usize> = {
            let d = self.daemon.borrow();
            attached.iter().map(|m| (m.id.clone(), d.container(&m.id).map_or(0, |c| c.log.len()))).collect()
        };
        if !detach {
            let list: Vec<String> = attached.iter().map(|m| m.name.clone()).collect();
            self.out(&format!("Attaching to {}\n", list.join(", "))).await;
        }
        let mut waited: Vec<String> = Vec::new();
        for (cid, name, service) in &to_start {
            if !waited.contains(service) {
                waited.push(service.clone());
                self.wait_dependencies(project, service).await?;
            }
            let id = format!("Container {name}");
            if detach {
                self.progress(&id, "Starting").await;
            }
            let started = self.daemon.borrow_mut().container_start(cid);
            if let Err(e) = started {
                if detach {
                    self.progress(&id, "Error").await;
                }
                return Err(format!("Error response from daemon: {e}"));
            }
            if detach {
                self.progress(&id, "Started").await;
            }
        }
        if p.bool("wait") {
            self.wait_until_up(project, &order).await?;
        }
        if detach {
            return Ok(0);
        }
        self.follow_up(p, project, &order, &attached, attached_at).await
    }

    /// The attached part of `up`: the logs until every container has exited, a first one
    /// has with `--abort-on-container-exit`, or Ctrl-C. Then Compose stops the containers:
    /// an interrupted `up` says so and ends 130 (`canceled`); an aborted one ends with the
    /// exit code of the container that ended it (or of `--exit-code-from`'s).
    async fn follow_up(&self, p: &Parsed, project: &Project, order: &[String], attached: &[Member], from: BTreeMap<String, usize>) -> Result<i32, String> {
        let cascade = p.bool("abort-on-container-exit") || p.has("exit-code-from");
        self.io.catch_interrupts();
        let ended = {
            let view = LogView { timestamps: p.bool("timestamps"), from, ..LogView::of(p, self.no_color(p)) };
            let logs = self.stream_logs(project, attached, true, true, &view, cascade);
            let mut logs = std::pin::pin!(logs);
            poll_fn(|cx| {
                // The logs first: a write that completes clears the wake-up the interrupt
                // check registers, so that check comes last.
                if let Poll::Ready(exit) = logs.as_mut().poll(cx) {
                    return Poll::Ready(Some(exit));
                }
                self.io.poll_interrupt(cx).map(|_| None)
            })
            .await
        };
        let stop_all = || -> Result<Vec<Member>, String> {
            let mut members = self.members_in_order(project, order, false)?;
            members.reverse();
            Ok(members)
        };
        match ended {
            Some(None) => Ok(0),
            Some(Some((service, code))) => {
                // Compose 2.21 says it twice: its log printer on stdout, its stop on stderr.
                self.out("Aborting on container exit...\n").await;
                self.err("Aborting on container exit...\n").await;
                self.take_down(project, &stop_all()?, None, Teardown::Stop).await?;
                let code = match p.value("exit-code-from") {
                    Some(from) if from != service => self.members(&project.name, false).iter().find(|m| m.service == from).and_then(|m| self.daemon.borrow().container(&m.id).ok().map(|c| c.state.exit_code as i32)).unwrap_or(0),
                    _ => code,
                };
                // ... and logs the exit code it returns as an error.
                self.logrus(("ERRO", 31, "error"), &code.to_string()).await;
                Ok(code)
            }
            None => {
                self.err("Gracefully stopping... (press Ctrl+C again to force)\n").await;
                self.err("Aborting on container exit...\n").await;
                self.take_down(project, &stop_all()?, None, Teardown::Stop).await?;
                self.err("canceled\n").await;
                Ok(130)
            }
        }
    }

    /// Containers of services the file no longer has: removed with `--remove-orphans`,
    /// else a warning (none with `COMPOSE_IGNORE_ORPHANS` true).
    pub(super) async fn handle_orphans(&self, project: &Project, remove: bool) -> Result<(), String> {
        let orphans = self.orphans(project);
        if orphans.is_empty() {
            return Ok(());
        }
        if remove {
            return self.take_down_together(&orphans, None, Teardown::Remove { volumes: false }).await;
        }
        // Go's strconv.ParseBool.
        let ignore = self.io.getenv("COMPOSE_IGNORE_ORPHANS").is_some_and(|v| matches!(v.as_str(), "1" | "t" | "T" | "true" | "TRUE" | "True"));
        if !ignore {
            let names: Vec<&str> = orphans.iter().map(|m| m.name.as_str()).collect();
            self.warn(&format!("Found orphan containers ([{}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.", names.join(" "))).await;
        }
        Ok(())
    }

    /// Waits for what `service` depends on with a condition: `service_completed_successfully`
    /// until each container exits 0, `service_healthy` until each reports healthy (an
    /// unhealthy or stopped one fails the start, as Compose does).
    pub(super) async fn wait_dependencies(&self, project: &Project, service: &str) -> Result<(), String> {
        let Some(svc) = project.service(service) else { return Ok(()) };
        for dep in svc.depends_on.iter().filter(|d| d.condition == "service_completed_successfully" || d.condition == "service_healthy") {
            for m in self.members(&project.name, false).into_iter().filter(|m| m.service == dep.service) {
                let id = format!("Container {}", m.name);
                self.progress(&id, "Waiting").await;
                if dep.condition == "service_healthy" {
                    let verdict = poll_fn(|cx| {
                        let mut d = self.daemon.borrow_mut();
                        let Ok(c) = d.container(&m.id) else { return Poll::Ready(Err(format!("container {} not found", m.name))) };
                        match (c.state.is_running(), c.health.as_ref().map(|h| h.status.as_str())) {
                            (_, Some("healthy")) => Poll::Ready(Ok(())),
                            (_, Some("unhealthy")) => Poll::Ready(Err(format!("dependency failed to start: container {} is unhealthy", m.name))),
                            (true, Some(_)) => {
                                d.watch(&m.id, cx.waker());
                                Poll::Pending
                            }
                            (true, None) => Poll::Ready(Err(format!("dependency failed to start: container {} has no healthcheck configured", m.name))),
                            (false, _) => Poll::Ready(Err(format!("dependency failed to start: container {} exited ({})", m.name, c.state.exit_code))),
                        }
                    })
                    .await;
                    verdict?;
                    self.progress(&id, "Healthy").await;
                    continue;
                }
                let ticket = self.daemon.borrow_mut().wait_start(&m.id, WaitCondition::NotRunning).map_err(|e| e.to_string())?;
                let code = poll_fn(|cx| self.daemon.borrow_mut().poll_wait(ticket, cx)).await;
                self.progress(&id, "Exited").await;
                if code != 0 {
                    return Err(format!("service \"{}\" didn't complete successfully: exit {code}", dep.service));
                }
            }
        }
        Ok(())
    }

    /// `up --wait`: every container of `services` running, or healthy when it has a
    /// healthcheck; one another service waits on with `service_completed_successfully`
    /// exited 0. `Waiting` for all, then `Healthy` (`Exited`) for each.
    pub(super) async fn wait_until_up(&self, project: &Project, services: &[String]) -> Result<(), String> {
        let members = self.members_in_order(project, services, false)?;
        for m in &members {
            self.progress(&format!("Container {}", m.name), "Waiting").await;
        }
        // Compose looks every half second (one ticker per service, all started together).
        const TICK: i64 = 500_000_000;
        let mut tick = self.now() + TICK;
        for m in &members {
            let id = format!("Container {}", m.name);
            let completes = project.services.iter().any(|s| s.depends_on.iter().any(|d| d.service == m.service && d.condition == "service_completed_successfully"));
            loop {
                poll_fn(|cx| self.daemon.borrow_mut().kernel().poll_sleep_until(tick, cx)).await;
                let verdict = {
                    let d = self.daemon.borrow();
                    let c = d.container(&m.id).map_err(|e| e.to_string())?;
                    let exited = !c.state.is_running() && c.state.restart_at.is_none();
                    match (completes, exited, c.health.as_ref().map(|h| h.status.as_str())) {
                        (true, false, _) => None,
                        (true, true, _) => Some(Ok(c.state.exit_code)),
                        (false, true, _) => Some(Err(format!("container {} exited ({})", m.name, c.state.exit_code))),
                        (false, false, None | Some("healthy")) => Some(Ok(0)),
                        (false, false, Some("unhealthy")) => Some(Err(format!("container {} is unhealthy", m.name))),
                        (false, false, Some(_)) => None,
                    }
                };
                match verdict {
                    None => tick += TICK,
                    Some(Err(e)) => return Err(e),
                    Some(Ok(code)) if completes => {
                        self.progress(&id, "Exited").await;
                        if code != 0 {
                            return Err(format!("service \"{}\" didn't complete successfully: exit {code}", m.service));
                        }
                        break;
                    }
                    Some(Ok(_)) => {
                        self.progress(&id, "Healthy").await;
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// Creates the project's networks and volumes, announcing them as Compose does.
    pub(super) async fn ensure_resources(&self, project: &Project, services: &[&Service], res: &mut dyn ProjectResources) -> Result<(), String> {
        let mut nets: Vec<&String> = Vec::new();
        for svc in services.iter().filter(|s| s.network_mode.is_none()) {
            for n in &svc.networks {
                if !nets.contains(&n) {
                    nets.push(n);
                }
            }
        }
        for key in nets {
            let net = &project.networks[key];
            if net.external {
                continue;
            }
            if res.ensure_network(&project.name, key, &net.name)? {
                self.progress(&format!("Network {}", net.name), "Creating").await;
                self.progress(&format!("Network {}", net.name), "Created").await;
            }
        }
        for (key, vol) in &project.volumes {
            let used = services.iter().any(|s| s.volumes.iter().any(|m| m.kind == "volume" && &m.source == key));
            if vol.external || !used {
                continue;
            }
            if res.ensure_volume(&project.name, key, &vol.name)? {
                self.progress(&format!("Volume \"{}\"", vol.name), "Creating").await;
                self.progress(&format!("Volume \"{}\"", vol.name), "Created").await;
            }
        }
        Ok(())
    }

    /// Prints the logs of `members` with Compose's prefixes; with `follow`, until they all
    /// stop (announcing each exit when `exits`).
    /// With `abort`, it returns at the first exit: the container's service and exit code.
    pub(super) async fn stream_logs(&self, project: &Project, members: &[Member], follow: bool, exits: bool, view: &LogView, abort: bool) -> Option<(String, i32)> {
        let short = |m: &Member| m.name.strip_prefix(&format!("{}-", project.name)).unwrap_or(&m.name).to_string();
        let width = members.iter().map(|m| short(m).len()).max().unwrap_or(0);
        let tty = self.io.stdout_is_tty() && !view.no_color;
        let mut services: Vec<&str> = Vec::new();
        let prefixes: Vec<String> = members
            .iter()
            .map(|m| {
                if view.no_prefix {
                    return String::new();
                }
                let text = format!("{:<width$} | ", short(m));
                if !tty {
                    return text;
                }
                let i = services.iter().position(|s| *s == m.service).unwrap_or_else(|| {
                    services.push(&m.service);
                    services.len() - 1
                });
                format!("\x1b[{}m{text}\x1b[0m", COLORS[i % COLORS.len()])
            })
            .collect();
        // Where each container's log starts: `--since`, then the last `--tail` lines.
        let mut cursors: Vec<usize> = {
            let d = self.daemon.borrow();
            members
                .iter()
                .map(|m| {
                    let log = d.container(&m.id).map(|c| c.log.as_slice()).unwrap_or_default();
                    let from = view.since.map_or(0, |t| log.iter().position(|c| c.time >= t).unwrap_or(log.len()));
                    let from = from.max(view.from.get(&m.id).copied().unwrap_or(0));
                    view.tail.map_or(from, |n| from.max(log.len().saturating_sub(n)))
                })
                .collect()
        };
        let mut ended = vec![false; members.len()];
        loop {
            let step = poll_fn(|cx| {
                let mut d = self.daemon.borrow_mut();
                let mut all_done = true;
                for (i, m) in members.iter().enumerate() {
                    let Ok(c) = d.container(&m.id) else {
                        continue;
                    };
                    if cursors[i] < c.log.len() {
                        return Poll::Ready(Some((i, c.log[cursors[i]..].to_vec(), None)));
                    }
                    let done = !c.state.is_running() && c.state.restart_at.is_none();
                    if done && !ended[i] && follow {
                        return Poll::Ready(Some((i, Vec::new(), Some(c.state.exit_code))));
                    }
                    all_done &= done || !follow;
                }
                if all_done {
                    return Poll::Ready(None);
                }
                for m in members {
                    d.watch(&m.id, cx.waker());
                }
                Poll::Pending
            })
            .await;
            let Some((i, chunks, exit)) = step else { return None };
            cursors[i] += chunks.len();
            for chunk in chunks {
                let mut line = prefixes[i].clone().into_bytes();
                if view.timestamps {
                    line.extend_from_slice(format!("{} ", GoTime::from_unix_nanos(chunk.time).rfc3339_nano_fixed()).as_bytes());
                }
                line.extend_from_slice(&chunk.bytes);
                if !line.ends_with(b"\n") {
                    line.push(b'\n');
                }
                self.io.write(Stream::Stdout, &line).await;
            }
            if let Some(code) = exit {
                ended[i] = true;
                if exits {
                    self.out(&format!("{} exited with code {code}\n", short(&members[i]))).await;
                }
                if abort {
                    return Some((members[i].service.clone(), code as i32));
                }
            }
        }
    }

    /// `run [--rm] SERVICE [COMMAND...]`: dependencies up, then a one-off container.
    pub(super) async fn compose_run(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        let service = p.args[0].clone();
        let svc = project.service(&service).ok_or_else(|| format!("no such service: {service}"))?;
        if !p.bool("no-deps") {
            let mut deps = plan::start_order(project, std::slice::from_ref(&service)).map_err(|e| e.to_string())?;
            deps.retain(|d| *d != service);
            self.handle_orphans(project, p.bool("remove-orphans")).await?;
            if !deps.is_empty() {
                self.start_dependencies(project, &deps).await?;
            }
        }
        // The project network (and volumes) the one-off container joins, even without
        // dependencies.
        let mut res = DaemonResources { daemon: self.daemon.clone() };
        self.ensure_resources(project, &[svc], &mut res).await?;
        self.ensure_image(project, svc, p.bool("build")).await?;
        let mut random = [0u8; 6];
        self.daemon.borrow_mut().kernel().fill_random(&mut random);
        let name = p.value("name").map(str::to_string).unwrap_or_else(|| format!("{}-{}-run-{}", project.name, service, hex::encode(random)));
        let mut svc = svc.clone();
        if let Some(e) = p.value("entrypoint") {
            svc.entrypoint = Some(crate::compose::model::shell_split(e));
        }
        for kv in p.values("env") {
            let (k, v) = kv.split_once('=').map_or((kv.as_str(), None), |(k, v)| (k, Some(v.to_string())));
            svc.environment.retain(|(key, _)| key != k);
            svc.environment.push((k.to_string(), v));
        }
        if let Some(u) = p.value("user") {
            svc.user = Some(u.to_string());
        }
        if let Some(w) = p.value("workdir") {
            svc.working_dir = Some(w.to_string());
        }
        svc.tty = !p.bool("no-TTY") && self.io.stdin_is_tty();
        svc.stdin_open = p.bool("interactive");
        svc.container_name = None;
        // A one-off container publishes the service's ports only when asked to, so it can
        // run beside the service's own container.
        if !p.bool("service-ports") {
            svc.ports.clear();
        }
        svc.ports.extend(p.values("publish").iter().cloned());
        svc.volumes.extend(p.values("volume").iter().map(|v| crate::compose::model::parse_mount(v)));
        for l in p.values("label") {
            let (k, v) = l.split_once('=').unwrap_or((l, ""));
            svc.labels.insert(k.to_string(), v.to_string());
        }
        let id = self.create_member(project, &svc, 1, Some((name, p.args[1..].to_vec()))).await?;
        if p.bool("detach") {
            self.daemon.borrow_mut().container_start(&id).map_err(|e| format!("Error response from daemon: {e}"))?;
            self.out(&format!("{id}\n")).await;
            return Ok(0);
        }
        let (ticket, wait) = {
            let mut d = self.daemon.borrow_mut();
            let ticket = d.attach(&id).map_err(|e| e.to_string())?;
            (ticket, d.wait_start(&id, WaitCondition::NextExit).map_err(|e| e.to_string())?)
        };
        let started = self.daemon.borrow_mut().container_start(&id);
        if let Err(e) = started {
            self.daemon.borrow_mut().detach(ticket);
            if p.bool("rm") {
                let _ = self.daemon.borrow_mut().container_remove(&id, true);
            }
            return Err(format!("Error response from daemon: {e}"));
        }
        if self.stream_attached(&id, ticket, p.bool("interactive")).await {
            return Ok(0);
        }
        let code = poll_fn(|cx| self.daemon.borrow_mut().poll_wait(wait, cx)).await;
        if p.bool("rm") {
            let _ = self.daemon.borrow_mut().container_remove(&id, true);
        }
        Ok(code)
    }

    /// What `run` does before its container: the dependencies created and started.
    pub(super) async fn start_dependencies(&self, project: &Project, deps: &[String]) -> Result<(), String> {
        let services: Vec<&Service> = deps.iter().filter_map(|d| project.service(d)).collect();
        let existing = self.members(&project.name, false);
        let mut res = DaemonResources { daemon: self.daemon.clone() };
        self.ensure_resources(project, &services, &mut res).await?;
        for svc in services {
            self.ensure_image(project, svc, false).await?;
            let current = existing.iter().find(|m| m.service == svc.name && m.number == 1);
            let (cid, name) = match current {
                Some(m) if m.running() => {
                    self.progress(&format!("Container {}", m.name), "Running").await;
                    continue;
                }
                Some(m) => (m.id.clone(), m.name.clone()),
                None => {
                    let name = plan::container_name(project, svc, 1);
                    self.progress(&format!("Container {name}"), "Creating").await;
                    let cid = self.create_member(project, svc, 1, None).await?;
                    self.progress(&format!("Container {name}"), "Created").await;
                    (cid, name)
                }
            };
            self.progress(&format!("Container {name}"), "Starting").await;
            self.daemon.borrow_mut().container_start(&cid).map_err(|e| format!("Error response from daemon: {e}"))?;
            self.progress(&format!("Container {name}"), "Started").await;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::grammar::{parse, Invocation};
    use crate::compose::model::Dependency;

    fn up(args: &[&str]) -> Parsed {
        let argv: Vec<String> = ["compose", "up"].iter().chain(args).map(|s| s.to_string()).collect();
        let Ok(Invocation::Run(p)) = parse(&argv) else { panic!("parses: {argv:?}") };
        p
    }

    #[test]
    fn contradictory_flags_are_refused_in_composes_words() {
        assert_eq!(check_up_flags(&up(&["-d", "--abort-on-container-exit"])).unwrap_err(), "--detach cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies");
        assert_eq!(check_up_flags(&up(&["--force-recreate", "--no-recreate"])).unwrap_err(), "--force-recreate and --no-recreate are incompatible");
        assert_eq!(check_up_flags(&up(&["--build", "--no-build"])).unwrap_err(), "--build and --no-build are incompatible");
        assert!(check_up_flags(&up(&["-d", "--build", "--force-recreate"])).is_ok());
    }

    #[test]
    fn a_changed_hash_or_image_recreates_unless_told_otherwise() {
        let m = Member { id: "c".into(), name: "p-web-1".into(), service: "web".into(), number: 1, oneoff: false, hash: "h1".into(), image: "sha256:a".into(), status: Status::Running };
        assert!(!must_recreate(&m, "h1", "sha256:a", Recreate::Diverged));
        assert!(must_recreate(&m, "h2", "sha256:a", Recreate::Diverged));
        assert!(must_recreate(&m, "h1", "sha256:b", Recreate::Diverged));
        assert!(!must_recreate(&m, "h2", "sha256:b", Recreate::Never));
        assert!(must_recreate(&m, "h1", "sha256:a", Recreate::Force));
    }

    #[test]
    fn up_attaches_to_the_named_services_or_all() {
        let svc = |name: &str, deps: &[&str]| Service { name: name.into(), depends_on: deps.iter().map(|d| Dependency { service: d.to_string(), condition: "service_started".into() }).collect(), ..Service::default() };
        let project = Project { name: "p".into(), services: vec![svc("web", &["db"]), svc("db", &[])], ..Project::default() };
        let order: Vec<String> = vec!["db".into(), "web".into()];
        assert_eq!(attach_to(&up(&[]), &project, &order), ["db", "web"]);
        assert_eq!(attach_to(&up(&["web"]), &project, &order), ["web"]);
        assert_eq!(attach_to(&up(&["--attach-dependencies", "web"]), &project, &order), ["db", "web"]);
        assert_eq!(attach_to(&up(&["--no-attach", "db"]), &project, &order), ["web"]);
    }
}
