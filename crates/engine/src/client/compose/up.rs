//! `up`: images, orphans, networks and volumes, containers created (or kept, or
//! recreated) and started in `depends_on` order, then the attached logs until they end,
//! Ctrl-C or `--abort-on-container-exit`.

use std::collections::BTreeMap;
use std::future::{poll_fn, Future};
use std::task::Poll;

use super::super::Client;
use super::logs::LogView;
use super::{scales, DaemonResources, Member, Teardown};
use crate::cli::grammar::Parsed;
use crate::collect::CollectMap;
use crate::compose::model::{Project, Service};
use crate::compose::plan::{self, ProjectResources};
use crate::container::state::Status;

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
            attached.iter().map(|m| (m.id.clone(), d.container(&m.id).map_or(0, |c| c.log.len()))).collect_map()
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
