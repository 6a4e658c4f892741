//! The typed project: services, volumes and networks after loading, merging and validation.

use crate::collect::CollectMap;
use std::collections::BTreeMap;

use super::yaml::{Kind, Node, Value};
use super::ComposeError;

/// `build:`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Build {
    /// The context directory, relative to the project directory.
    pub context: String,
    /// The Dockerfile, relative to the context.
    pub dockerfile: Option<String>,
    /// Build arguments (`None`: take the client's variable).
    pub args: BTreeMap<String, Option<String>>,
    /// The stage to build.
    pub target: Option<String>,
}

/// One `volumes:` entry of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// `volume`, `bind` or `tmpfs`.
    pub kind: String,
    /// Volume name or host path (empty: anonymous volume).
    pub source: String,
    /// Path in the container.
    pub target: String,
    /// `:ro`.
    pub read_only: bool,
}

/// `depends_on` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The service depended on.
    pub service: String,
    /// `service_started`, `service_healthy` or `service_completed_successfully`.
    pub condition: String,
}

/// `healthcheck:`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Healthcheck {
    /// `["CMD", …]` / `["CMD-SHELL", "…"]` / `["NONE"]`.
    pub test: Vec<String>,
    /// Durations as written (`30s`).
    pub interval: Option<String>,
    /// Check timeout.
    pub timeout: Option<String>,
    /// Grace period.
    pub start_period: Option<String>,
    /// Failures before unhealthy.
    pub retries: Option<i64>,
    /// `disable: true`.
    pub disable: bool,
}

/// A service.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Service {
    /// Its key under `services`.
    pub name: String,
    /// `image:`.
    pub image: Option<String>,
    /// `build:`.
    pub build: Option<Build>,
    /// `command:` (a string is split as a shell would).
    pub command: Option<Vec<String>>,
    /// `entrypoint:`.
    pub entrypoint: Option<Vec<String>>,
    /// `environment:` in file order (`None`: take the client's variable).
    pub environment: Vec<(String, Option<String>)>,
    /// `env_file:` paths.
    pub env_file: Vec<String>,
    /// `ports:`, each in the short form.
    pub ports: Vec<String>,
    /// `expose:`.
    pub expose: Vec<String>,
    /// `volumes:`.
    pub volumes: Vec<Mount>,
    /// `networks:` (just `default` when none is named).
    pub networks: Vec<String>,
    /// `network_mode:`.
    pub network_mode: Option<String>,
    /// `depends_on:`.
    pub depends_on: Vec<Dependency>,
    /// `links:`.
    pub links: Vec<String>,
    /// `restart:`.
    pub restart: Option<String>,
    /// `deploy.replicas` (or `scale`).
    pub replicas: Option<u32>,
    /// `healthcheck:`.
    pub healthcheck: Option<Healthcheck>,
    /// `working_dir:`.
    pub working_dir: Option<String>,
    /// `user:`.
    pub user: Option<String>,
    /// `tmpfs:`.
    pub tmpfs: Vec<String>,
    /// `labels:`.
    pub labels: BTreeMap<String, String>,
    /// `container_name:`.
    pub container_name: Option<String>,
    /// `hostname:`.
    pub hostname: Option<String>,
    /// `tty:`.
    pub tty: bool,
    /// `stdin_open:`.
    pub stdin_open: bool,
    /// `stop_signal:` (the image's, else SIGTERM, when unset).
    pub stop_signal: Option<String>,
    /// `stop_grace_period:` as written (`1m30s`); 10 s when unset.
    pub stop_grace_period: Option<String>,
}

/// A top-level volume or network.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resource {
    /// Its name on the daemon (`PROJECT_KEY` unless `name:` or external).
    pub name: String,
    /// `driver:`.
    pub driver: Option<String>,
    /// `external: true`.
    pub external: bool,
}

/// A loaded project.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Project {
    /// The project name.
    pub name: String,
    /// The directory relative paths start from (the first file's).
    pub working_dir: String,
    /// The files, absolute, in the order given.
    pub files: Vec<String>,
    /// Services in file order.
    pub services: Vec<Service>,
    /// Top-level volumes by key.
    pub volumes: BTreeMap<String, Resource>,
    /// Networks by key (`default` always).
    pub networks: BTreeMap<String, Resource>,
}

impl Project {
    /// The service called `name`.
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }
}

/// Splits a string command as Compose does (shellwords: quotes and backslashes, no expansion).
pub fn shell_split(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') | (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            (Some(_), c) => cur.push(c),
            (None, '"') | (None, '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
        if quote.is_some() {
            in_word = true;
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

fn text(n: &Node) -> String {
    n.as_str().unwrap_or("").to_string()
}

fn strings(n: &Node) -> Vec<String> {
    match &n.value {
        Value::Seq(items) => items.iter().map(text).collect(),
        Value::Scalar(s, _) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn command(n: &Node) -> Option<Vec<String>> {
    match &n.value {
        Value::Scalar(s, _) => Some(shell_split(s)),
        Value::Seq(_) => Some(strings(n)),
        _ => None,
    }
}

/// A list of `K=V` or a mapping, in order (`None` for `K` alone or a null value).
fn pairs(n: &Node) -> Vec<(String, Option<String>)> {
    match &n.value {
        Value::Map(entries) => entries.iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_string))).collect(),
        Value::Seq(items) => items
            .iter()
            .filter_map(|i| i.as_str())
            .map(|s| match s.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (s.to_string(), None),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A short volume spec: `SRC:DST[:MODE]`, `DST` alone (anonymous).
pub fn parse_mount(spec: &str) -> Mount {
    let parts: Vec<&str> = spec.split(':').collect();
    let (source, target, mode) = match parts.as_slice() {
        [t] => ("", *t, ""),
        [s, t] => (*s, *t, ""),
        [s, t, m, ..] => (*s, *t, *m),
        [] => ("", "", ""),
    };
    let bind = source.starts_with('/') || source.starts_with('.') || source.starts_with('~');
    let kind = if bind { "bind" } else { "volume" };
    Mount { kind: kind.into(), source: source.into(), target: target.into(), read_only: mode.split(',').any(|m| m == "ro") }
}

fn port(n: &Node) -> String {
    match n.as_map() {
        Some(_) => {
            let get = |k: &str| n.get(k).and_then(|v| v.as_str()).map(str::to_string);
            let target = get("target").unwrap_or_default();
            let proto = get("protocol").map(|p| format!("/{p}")).unwrap_or_default();
            match (get("host_ip"), get("published")) {
                (Some(ip), Some(p)) => format!("{ip}:{p}:{target}{proto}"),
                (None, Some(p)) => format!("{p}:{target}{proto}"),
                _ => format!("{target}{proto}"),
            }
        }
        None => text(n),
    }
}

fn invalid(msg: String) -> ComposeError {
    ComposeError::Invalid(msg)
}

fn service(name: &str, n: &Node) -> Result<Service, ComposeError> {
    let mut s = Service { name: name.to_string(), networks: vec!["default".into()], ..Service::default() };
    let Some(entries) = n.as_map() else { return Ok(s) };
    for (key, v) in entries {
        match key.as_str() {
            "image" => s.image = v.as_str().map(str::to_string),
            "build" => {
                s.build = Some(match &v.value {
                    Value::Map(_) => Build {
                        context: v.get("context").map(text).unwrap_or_else(|| ".".into()),
                        dockerfile: v.get("dockerfile").map(text),
                        args: v.get("args").map(pairs).unwrap_or_default().into_iter().collect_map(),
                        target: v.get("target").map(text),
                    },
                    _ => Build { context: text(v), ..Build::default() },
                })
            }
            "command" => s.command = command(v),
            "entrypoint" => s.entrypoint = command(v),
            "environment" => s.environment = pairs(v),
            "env_file" => s.env_file = strings(v),
            "ports" => s.ports = v.as_seq().unwrap_or_default().iter().map(port).collect(),
            "expose" => s.expose = strings(v),
            "volumes" => {
                for item in v.as_seq().unwrap_or_default() {
                    s.volumes.push(match item.as_map() {
                        Some(_) => Mount {
                            kind: item.get("type").map(text).unwrap_or_else(|| "volume".into()),
                            source: item.get("source").map(text).unwrap_or_default(),
                            target: item.get("target").map(text).unwrap_or_default(),
                            read_only: item.get("read_only").and_then(|r| r.as_str()) == Some("true"),
                        },
                        None => parse_mount(&text(item)),
                    });
                }
            }
            "networks" => {
                s.networks = match &v.value {
                    Value::Map(e) => e.iter().map(|(k, _)| k.clone()).collect(),
                    _ => strings(v),
                }
            }
            "network_mode" => s.network_mode = v.as_str().map(str::to_string),
            "depends_on" => {
                s.depends_on = match &v.value {
                    Value::Map(e) => e
                        .iter()
                        .map(|(k, c)| Dependency { service: k.clone(), condition: c.get("condition").map(text).unwrap_or_else(|| "service_started".into()) })
                        .collect(),
                    _ => strings(v).into_iter().map(|d| Dependency { service: d, condition: "service_started".into() }).collect(),
                }
            }
            "links" => s.links = strings(v),
            "restart" => s.restart = v.as_str().map(str::to_string),
            "scale" => s.replicas = v.as_str().and_then(|r| r.parse().ok()),
            "deploy" => {
                if let Some(r) = v.get("replicas").and_then(|r| r.as_str()) {
                    s.replicas = Some(r.parse().map_err(|_| invalid(format!("services.{name}.deploy.replicas must be a integer")))?);
                }
            }
            "healthcheck" => {
                s.healthcheck = Some(Healthcheck {
                    test: match v.get("test").map(|t| &t.value) {
                        Some(Value::Scalar(t, _)) => vec!["CMD-SHELL".into(), t.clone()],
                        Some(_) => v.get("test").map(strings).unwrap_or_default(),
                        None => Vec::new(),
                    },
                    interval: v.get("interval").map(text),
                    timeout: v.get("timeout").map(text),
                    start_period: v.get("start_period").map(text),
                    retries: v.get("retries").and_then(|r| r.as_str()).and_then(|r| r.parse().ok()),
                    disable: v.get("disable").and_then(|d| d.as_str()) == Some("true"),
                })
            }
            "working_dir" => s.working_dir = v.as_str().map(str::to_string),
            "user" => s.user = v.as_str().map(str::to_string),
            "tmpfs" => s.tmpfs = strings(v),
            "labels" => s.labels = pairs(v).into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect_map(),
            "container_name" => s.container_name = v.as_str().map(str::to_string),
            "hostname" => s.hostname = v.as_str().map(str::to_string),
            "tty" => s.tty = v.as_str() == Some("true"),
            "stdin_open" => s.stdin_open = v.as_str() == Some("true"),
            "stop_signal" => s.stop_signal = v.as_str().map(str::to_string),
            "stop_grace_period" => s.stop_grace_period = v.as_str().map(str::to_string),
            _ => {}
        }
    }
    Ok(s)
}

fn resources(n: Option<&Node>, project: &str) -> BTreeMap<String, Resource> {
    let mut out = BTreeMap::new();
    for (key, v) in n.and_then(Node::as_map).unwrap_or_default() {
        let external = v.get("external").is_some_and(|e| e.as_str() == Some("true") || e.kind() == Kind::Map);
        let name = v.get("name").map(text).unwrap_or_else(|| if external { key.clone() } else { format!("{project}_{key}") });
        out.insert(key.clone(), Resource { name, driver: v.get("driver").map(text), external });
    }
    out
}

/// Builds the project from the merged tree and checks references between its parts
/// (compose-go's `checkConsistency`).
pub fn project(root: &Node, name: &str, working_dir: &str, files: Vec<String>) -> Result<Project, ComposeError> {
    let mut p = Project { name: name.to_string(), working_dir: working_dir.to_string(), files, ..Project::default() };
    for (key, v) in root.get("services").and_then(Node::as_map).unwrap_or_default() {
        p.services.push(service(key, v)?);
    }
    p.volumes = resources(root.get("volumes"), name);
    p.networks = resources(root.get("networks"), name);
    p.networks.entry("default".into()).or_insert_with(|| Resource { name: format!("{name}_default"), ..Resource::default() });
    for s in &p.services {
        if s.image.is_none() && s.build.is_none() {
            return Err(invalid(format!("service \"{}\" has neither an image nor a build context specified", s.name)));
        }
        for d in &s.depends_on {
            if p.service(&d.service).is_none() {
                return Err(invalid(format!("service \"{}\" depends on undefined service {}", s.name, d.service)));
            }
        }
        for n in &s.networks {
            if !p.networks.contains_key(n) {
                return Err(invalid(format!("service \"{}\" refers to undefined network {n}", s.name)));
            }
        }
        for m in s.volumes.iter().filter(|m| m.kind == "volume" && !m.source.is_empty()) {
            if !p.volumes.contains_key(&m.source) {
                return Err(invalid(format!("service \"{}\" refers to undefined volume {}", s.name, m.source)));
            }
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(shell_split(r#"sh -c "echo hi; sleep 1" 'a b'"#), ["sh", "-c", "echo hi; sleep 1", "a b"]);
        assert_eq!(shell_split("  a  b "), ["a", "b"]);
    }

    #[test]
    fn mounts() {
        assert_eq!(parse_mount("/var/log:/app/logs:ro"), Mount { kind: "bind".into(), source: "/var/log".into(), target: "/app/logs".into(), read_only: true });
        assert_eq!(parse_mount("data:/d").kind, "volume");
        assert_eq!(parse_mount("/anon").source, "");
    }
}
