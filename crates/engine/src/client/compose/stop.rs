//! Taking containers down as Compose does: services in reverse dependency order, the
//! containers of one wave stopped together (so a project of independent services takes one
//! grace period, not one each), each with its own stop signal and grace period unless `-t`
//! says otherwise. While an interrupted `up` waits here, a second Ctrl-C kills what is left.

use std::future::poll_fn;
use std::task::Poll;

use super::super::Client;
use super::Member;
use crate::compose::model::Project;
use crate::compose::plan;
use crate::daemon::WaitCondition;

/// What happens to each container once it has stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Teardown {
    /// Nothing (`stop`, Ctrl-C).
    Stop,
    /// Removed, with its anonymous volumes when `volumes` (`down`, orphans, scaling down).
    Remove {
        /// `down -v`.
        volumes: bool,
    },
}

/// `members` split into the waves they go down in: the project's services in reverse
/// dependency order, then containers of services the file no longer has. Each wave keeps
/// the order of `members`.
pub(super) fn stop_waves(project: &Project, members: &[Member]) -> Vec<Vec<Member>> {
    let mut out: Vec<Vec<Member>> = plan::waves(project, &[], true)
        .iter()
        .map(|wave| members.iter().filter(|m| wave.contains(&m.service)).cloned().collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect();
    let orphans: Vec<Member> = members.iter().filter(|m| project.service(&m.service).is_none()).cloned().collect();
    if !orphans.is_empty() {
        out.push(orphans);
    }
    out
}

impl Client<'_> {
    /// Takes `members` down wave by wave (see [`stop_waves`]).
    pub(super) async fn take_down(&self, project: &Project, members: &[Member], timeout: Option<i64>, how: Teardown) -> Result<(), String> {
        for wave in stop_waves(project, members) {
            self.take_down_together(&wave, timeout, how).await?;
        }
        Ok(())
    }

    /// Stops `wave` at once: `Stopping` for each, then `Stopped` (and the removal) as each
    /// one exits. A container that is not running stops at once, as the Engine API's stop
    /// of a stopped container succeeds.
    pub(super) async fn take_down_together(&self, wave: &[Member], timeout: Option<i64>, how: Teardown) -> Result<(), String> {
        let mut waiting = Vec::new();
        for m in wave {
            self.progress(&format!("Container {}", m.name), "Stopping").await;
            let ticket = {
                let mut d = self.daemon.borrow_mut();
                d.container_stop(&m.id, timeout).map_err(|e| format!("Error response from daemon: {e}"))?;
                d.wait_start(&m.id, WaitCondition::NotRunning).map_err(|e| e.to_string())?
            };
            waiting.push(Some(ticket));
        }
        let mut killed = false;
        while waiting.iter().any(Option::is_some) {
            let next = poll_fn(|cx| {
                {
                    let mut d = self.daemon.borrow_mut();
                    for (i, t) in waiting.iter().enumerate() {
                        if let Some(t) = t {
                            if d.poll_wait(*t, cx).is_ready() {
                                return Poll::Ready(Some(i));
                            }
                        }
                    }
                }
                if !killed && self.io.poll_interrupt(cx).is_ready() {
                    return Poll::Ready(None);
                }
                Poll::Pending
            })
            .await;
            let Some(i) = next else {
                // The second Ctrl-C: what still stops is killed.
                killed = true;
                for (m, _) in wave.iter().zip(&waiting).filter(|(_, t)| t.is_some()) {
                    let id = format!("Container {}", m.name);
                    self.progress(&id, "Killing").await;
                    let _ = self.daemon.borrow_mut().container_kill(&m.id, "SIGKILL");
                    self.progress(&id, "Killed").await;
                }
                continue;
            };
            waiting[i] = None;
            let m = &wave[i];
            let id = format!("Container {}", m.name);
            self.progress(&id, "Stopped").await;
            if let Teardown::Remove { volumes } = how {
                self.progress(&id, "Removing").await;
                let removed = self.daemon.borrow_mut().container_remove_with_volumes(&m.id, true, volumes);
                removed.map_err(|e| format!("Error response from daemon: {e}"))?;
                self.progress(&id, "Removed").await;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::model::{Dependency, Service};
    use crate::container::state::Status;

    fn member(service: &str, number: u32) -> Member {
        Member { id: format!("{service}{number}"), name: format!("p-{service}-{number}"), service: service.into(), number, oneoff: false, hash: String::new(), image: String::new(), status: Status::Running }
    }

    #[test]
    fn dependents_go_first_and_orphans_last() {
        let svc = |name: &str, deps: &[&str]| Service { name: name.into(), depends_on: deps.iter().map(|d| Dependency { service: d.to_string(), condition: "service_started".into() }).collect(), ..Service::default() };
        let project = Project { name: "p".into(), services: vec![svc("web", &["db"]), svc("db", &[]), svc("cache", &[])], ..Project::default() };
        let members = [member("web", 2), member("web", 1), member("old", 1), member("db", 1), member("cache", 1)];
        let waves: Vec<Vec<String>> = stop_waves(&project, &members).iter().map(|w| w.iter().map(|m| m.name.clone()).collect()).collect();
        assert_eq!(waves, [vec!["p-web-2", "p-web-1", "p-cache-1"], vec!["p-db-1"], vec!["p-old-1"]]);
    }
}
