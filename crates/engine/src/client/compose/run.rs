//! `run`: a one-off container of a service, after its dependencies.

use std::future::poll_fn;

use super::super::run::AttachEnd;
use super::super::Client;
use super::DaemonResources;
use crate::cli::grammar::Parsed;
use crate::compose::model::{Project, Service};
use crate::compose::plan;
use crate::daemon::WaitCondition;

impl Client<'_> {
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
        if matches!(self.stream_attached(&id, ticket, p.bool("interactive"), false).await, AttachEnd::Detached) {
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
