//! `ps`, `logs`, `config`, `top` and `ls`.

use std::collections::BTreeMap;

use super::super::Client;
use super::logs::LogView;
use super::Member;
use crate::cli::grammar::Parsed;
use crate::api::ContainerSummary;
use crate::cli::render::{ps, top};
use crate::cli::table::Table;
use crate::cli::template::{Missing, Template};
use crate::collect::CollectMap;
use crate::kernel::Timestamp;
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
        crate::sort::by(&mut members, |a, b| a.name.cmp(&b.name));
        let summaries = self.daemon.borrow().container_list(true, &[]);
        let trunc = !p.bool("no-trunc");
        let now = self.now();
        let rows: Vec<serde_json::Value> = members.iter().filter_map(|m| summaries.iter().find(|s| s.id == m.id).map(|s| ps_row(s, m, project, trunc, now))).collect();
        let text = match p.string("format") {
            "" | "table" => Template::parse(PS_TABLE).and_then(|t| t.render_rows(&rows, PS_HEADERS)),
            // Compose 2.21 and later print JSON Lines, one object per container.
            "json" => Ok(rows.iter().map(|r| format!("{}\n", json_line(r))).collect()),
            custom => Template::parse(custom).and_then(|t| t.with_missing(Missing::Struct("*formatter.ContainerContext".into())).render_rows(&rows, PS_HEADERS)),
        };
        self.out(&text.map_err(|e| e.docker_message())?).await;
        Ok(0)
    }

    /// `logs [-f] [SERVICE...]`.
    pub(super) async fn compose_logs(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        let members = self.members_in_order(project, &p.args, false)?;
        let since = match p.value("since") {
            Some(s) => Some(super::super::logs::since_nanos(s, self.now())?),
            None => None,
        };
        let tail = p.value("tail").and_then(|t| t.parse().ok());
        let view = LogView { timestamps: p.bool("timestamps"), tail, since, ..LogView::of(p, self.no_color(p)) };
        self.stream_logs(project, &members, p.bool("follow"), false, &view, false).await;
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

/// `docker compose ps`'s default table.
const PS_TABLE: &str = "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}";

/// Column titles of compose's container context.
const PS_HEADERS: &[(&str, &str)] = &[
    ("ID", "CONTAINER ID"),
    ("Name", "NAME"),
    ("Project", "PROJECT"),
    ("Service", "SERVICE"),
    ("Image", "IMAGE"),
    ("Command", "COMMAND"),
    ("CreatedAt", "CREATED AT"),
    ("RunningFor", "CREATED"),
    ("Ports", "PORTS"),
    ("State", "STATE"),
    ("Status", "STATUS"),
    ("Size", "SIZE"),
    ("Labels", "LABELS"),
];

/// One container as compose's formatter context sees it: `docker ps`'s fields plus the
/// project, service, name, exit code, health and published ports.
fn ps_row(s: &ContainerSummary, m: &Member, project: &Project, trunc: bool, now: Timestamp) -> serde_json::Value {
    let mut v = ps::row(s, trunc, now, false);
    let obj = v.as_object_mut().expect("ps rows are objects");
    obj.remove("Platform");
    obj.insert("Name".into(), m.name.clone().into());
    obj.insert("Project".into(), project.name.clone().into());
    obj.insert("Service".into(), m.service.clone().into());
    obj.insert("ExitCode".into(), exit_code(&s.status).into());
    obj.insert("Health".into(), health(&s.status).into());
    let mut ports = s.ports.clone();
    crate::sort::by_key(&mut ports, |p| p.private_port);
    let publishers: Vec<serde_json::Value> = ports.iter().map(|p| serde_json::json!({"URL": p.ip, "TargetPort": p.private_port, "PublishedPort": p.public_port, "Protocol": p.kind})).collect();
    obj.insert("Publishers".into(), if publishers.is_empty() { serde_json::Value::Null } else { publishers.into() });
    v
}

/// A published port as compose marshals it: a Go struct, so its fields keep their order.
#[derive(serde::Serialize)]
struct Publisher<'a> {
    #[serde(rename = "URL")]
    url: &'a str,
    #[serde(rename = "TargetPort")]
    target_port: u64,
    #[serde(rename = "PublishedPort")]
    published_port: u64,
    #[serde(rename = "Protocol")]
    protocol: &'a str,
}

/// A field of the JSON line: a plain value, or the publishers in struct order.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Field<'a> {
    Plain(&'a serde_json::Value),
    Publishers(Vec<Publisher<'a>>),
}

/// `--format json`: the row's fields sorted by name (compose marshals a map), HTML-escaped
/// as Go's encoder does.
fn json_line(row: &serde_json::Value) -> String {
    let fields: BTreeMap<&str, Field<'_>> = row
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            let field = match (k.as_str(), v.as_array()) {
                ("Publishers", Some(list)) => Field::Publishers(
                    list.iter()
                        .map(|p| Publisher {
                            url: p["URL"].as_str().unwrap_or(""),
                            target_port: p["TargetPort"].as_u64().unwrap_or(0),
                            published_port: p["PublishedPort"].as_u64().unwrap_or(0),
                            protocol: p["Protocol"].as_str().unwrap_or(""),
                        })
                        .collect(),
                ),
                _ => Field::Plain(v),
            };
            (k.as_str(), field)
        })
        .collect_map();
    crate::api::gojson::to_string(&fields).unwrap_or_default()
}

/// The code in a status like `Exited (137) 2 seconds ago`; 0 otherwise.
fn exit_code(status: &str) -> i64 {
    status.strip_prefix("Exited (").and_then(|r| r.split(')').next()).and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// `healthy`, `unhealthy` or `starting` from a status's health suffix; empty without one.
fn health(status: &str) -> &'static str {
    if status.ends_with("(healthy)") {
        "healthy"
    } else if status.ends_with("(unhealthy)") {
        "unhealthy"
    } else if status.ends_with("(health: starting)") {
        "starting"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_and_health_come_from_the_status() {
        assert_eq!(exit_code("Exited (137) 2 seconds ago"), 137);
        assert_eq!(exit_code("Up 2 seconds"), 0);
        assert_eq!(health("Up 2 seconds (healthy)"), "healthy");
        assert_eq!(health("Up 1 second (health: starting)"), "starting");
        assert_eq!(health("Up 2 seconds"), "");
    }

    #[test]
    fn json_lines_keep_publishers_in_struct_order_and_escape_like_go() {
        let row = serde_json::json!({"Name": "p-web-1", "Ports": "0.0.0.0:8080->80/tcp", "Publishers": [{"URL": "0.0.0.0", "TargetPort": 80, "PublishedPort": 8080, "Protocol": "tcp"}], "ExitCode": 0});
        assert_eq!(json_line(&row), r#"{"ExitCode":0,"Name":"p-web-1","Ports":"0.0.0.0:8080-\u003e80/tcp","Publishers":[{"URL":"0.0.0.0","TargetPort":80,"PublishedPort":8080,"Protocol":"tcp"}]}"#);
        assert!(json_line(&serde_json::json!({"Publishers": null})).contains(r#""Publishers":null"#));
    }
}
