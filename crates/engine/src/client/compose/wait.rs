//! Waiting on containers: `depends_on` conditions before a service starts, and `up --wait`.

use std::future::poll_fn;
use std::task::Poll;

use super::super::Client;
use crate::compose::model::Project;
use crate::daemon::WaitCondition;

impl Client<'_> {
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
}
