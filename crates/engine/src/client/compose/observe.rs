//! `ps`, `logs`, `config`, `top` and `ls`.

use std::collections::BTreeMap;

use super::super::Client;
use super::Member;
use crate::cli::grammar::Parsed;
use crate::cli::render::{ps, top};
use crate::cli::table::Table;
use crate::compose::model::Project;
use crate::compose;
use crate::compose::plan::{self, labels};

impl Client<'_> {
    /// `ps`.
    pub(super) async fn compose_ps(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        let members: Vec<Member> = self.members_in_order(project, &p.args, p.bool("all"))?.into_iter().filter(|m| p.bool("all") || m.running()).collect();
        if p.bool("services") {
            let mut names: Vec<&str> = members.iter().map(|m| m.service.as_str()).collect();
            names.dedup();
            self.out(&names.iter().map(|n| format!("{n}\n")).collect::<String>()).await;
            return Ok(0);
        }
        if p.bool("quiet") {
            self.out(&members.iter().map(|m| format!("{}\n", m.id)).collect::<String>()).await;
            return Ok(0);
        }
        let mut members = members;
        members.sort_by(|a, b| a.name.cmp(&b.name));
        let summaries = self.daemon.borrow().container_list(true, &[]);
        let opts = ps::Options { quiet: false, no_trunc: false, size: false, format: "{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}".into() };
        let mut table = Table::new();
        table.row(["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]);
        for m in &members {
            let Some(s) = summaries.iter().find(|s| s.id == m.id) else { continue };
            let text = ps::render(std::slice::from_ref(s), &opts, self.now()).map_err(|e| e.docker_message())?;
            let cols: Vec<&str> = text.trim_end_matches('\n').split('\t').collect();
            let col = |i: usize| cols.get(i).copied().unwrap_or("").to_string();
            table.row([m.name.clone(), col(0), col(1), m.service.clone(), col(2), col(3), col(4)]);
        }
        self.out(&table.render()).await;
        Ok(0)
    }

    /// `logs [-f] [SERVICE...]`.
    pub(super) async fn compose_logs(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        let members = self.members_in_order(project, &p.args, false)?;
        self.stream_logs(project, &members, p.bool("follow"), false, (p.bool("no-log-prefix"), self.no_color(p))).await;
        Ok(0)
    }

    /// `config`.
    pub(super) async fn compose_config(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        let text = if p.bool("services") {
            project.services.iter().map(|s| format!("{}\n", s.name)).collect()
        } else if p.bool("volumes") {
            project.volumes.keys().map(|k| format!("{k}\n")).collect()
        } else if p.bool("images") {
            project.services.iter().map(|s| format!("{}\n", plan::image_name(project, s))).collect()
        } else if p.bool("quiet") {
            String::new()
        } else {
            compose::config::render(project)
        };
        self.out(&text).await;
        Ok(0)
    }

    /// `top [SERVICE...]`.
    pub(super) async fn compose_top(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        let members: Vec<Member> = self.members_in_order(project, &p.args, false)?.into_iter().filter(|m| m.running()).collect();
        let mut first = true;
        for m in members {
            let body = self.daemon.borrow_mut().container_top(&m.id);
            let body = body.map_err(|e| format!("Error response from daemon: {e}"))?;
            let sep = if first { "" } else { "\n" };
            first = false;
            self.out(&format!("{sep}{}\n{}", m.name, top::render(&body))).await;
        }
        Ok(0)
    }

    /// `ls [-a]`: projects from the labels of every container.
    pub(super) async fn compose_ls(&self, p: &Parsed) -> i32 {
        let mut projects: BTreeMap<String, (BTreeMap<String, usize>, String)> = BTreeMap::new();
        for c in self.daemon.borrow().containers() {
            let Some(l) = c.config.labels.as_ref() else { continue };
            let Some(name) = l.get(labels::PROJECT) else { continue };
            let entry = projects.entry(name.clone()).or_default();
            *entry.0.entry(c.state.status.as_str().to_string()).or_default() += 1;
            entry.1 = l.get(labels::CONFIG_FILES).cloned().unwrap_or_default();
        }
        if p.bool("quiet") {
            let names: String = projects.iter().filter(|(_, (s, _))| p.bool("all") || s.contains_key("running")).map(|(n, _)| format!("{n}\n")).collect();
            self.out(&names).await;
            return 0;
        }
        let mut table = Table::new();
        table.row(["NAME", "STATUS", "CONFIG FILES"]);
        for (name, (states, files)) in &projects {
            if !p.bool("all") && !states.contains_key("running") {
                continue;
            }
            let status: Vec<String> = states.iter().map(|(s, n)| format!("{s}({n})")).collect();
            table.row([name.clone(), status.join(", "), files.clone()]);
        }
        self.out(&table.render()).await;
        0
    }
}
