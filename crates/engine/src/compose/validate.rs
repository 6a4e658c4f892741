//! The Compose file schema, as data, and compose-go's wording of its errors.
//!
//! Compose (v2.20, compose-go v1 over gojsonschema) checks each file before merging and
//! reports the most specific error: `services.web Additional property imagee is not
//! allowed`, `services.web.ports must be a list`. Only the keys' shapes are checked here,
//! which is what a learner's typos hit; the values are checked when the model is built.

use super::yaml::{Kind, Node};

/// What a key's value may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Anything.
    Any,
    /// A string (numbers pass: Compose's schema lists them where it matters).
    Str,
    /// A string or a list (`command`, `env_file`, `tmpfs`).
    StrOrList,
    /// A list.
    List,
    /// A mapping.
    Map,
    /// A list or a mapping (`environment`, `labels`, `depends_on`, `networks`).
    ListOrMap,
    /// A string or a mapping (`build`).
    StrOrMap,
    /// An integer.
    Int,
    /// A boolean.
    Bool,
}

use Shape::*;

const TOP: &[(&str, Shape)] = &[("version", Str), ("name", Str), ("services", Map), ("networks", Map), ("volumes", Map), ("secrets", Map), ("configs", Map), ("include", List)];

const SERVICE: &[(&str, Shape)] = &[
    ("annotations", ListOrMap), ("attach", Bool), ("blkio_config", Map), ("build", StrOrMap), ("cap_add", List),
    ("cap_drop", List), ("cgroup", Str), ("cgroup_parent", Str), ("command", StrOrList), ("configs", List),
    ("container_name", Str), ("cpu_count", Any), ("cpu_percent", Any), ("cpu_period", Any), ("cpu_quota", Any),
    ("cpu_rt_period", Any), ("cpu_rt_runtime", Any), ("cpu_shares", Any), ("cpus", Any), ("cpuset", Str),
    ("credential_spec", Map), ("depends_on", ListOrMap), ("deploy", Map), ("develop", Map), ("device_cgroup_rules", List),
    ("devices", List), ("dns", StrOrList), ("dns_opt", List), ("dns_search", StrOrList), ("domainname", Str),
    ("entrypoint", StrOrList), ("env_file", StrOrList), ("environment", ListOrMap), ("expose", List), ("extends", StrOrMap),
    ("external_links", List), ("extra_hosts", ListOrMap), ("group_add", List), ("healthcheck", Map), ("hostname", Str),
    ("image", Str), ("init", Bool), ("ipc", Str), ("isolation", Str), ("labels", ListOrMap), ("links", List),
    ("logging", Map), ("mac_address", Str), ("mem_limit", Any), ("mem_reservation", Any), ("mem_swappiness", Any),
    ("memswap_limit", Any), ("network_mode", Str), ("networks", ListOrMap), ("oom_kill_disable", Bool),
    ("oom_score_adj", Int), ("pid", Any), ("pids_limit", Any), ("platform", Str), ("ports", List), ("privileged", Bool),
    ("profiles", List), ("pull_policy", Str), ("read_only", Bool), ("restart", Str), ("runtime", Str), ("scale", Int),
    ("secrets", List), ("security_opt", List), ("shm_size", Any), ("stdin_open", Bool), ("stop_grace_period", Str),
    ("stop_signal", Str), ("storage_opt", Map), ("sysctls", ListOrMap), ("tmpfs", StrOrList), ("tty", Bool),
    ("ulimits", Map), ("user", Str), ("userns_mode", Str), ("uts", Str), ("volumes", List), ("volumes_from", List),
    ("working_dir", Str),
];

const BUILD: &[(&str, Shape)] = &[
    ("context", Str), ("dockerfile", Str), ("dockerfile_inline", Str), ("args", ListOrMap), ("ssh", ListOrMap),
    ("labels", ListOrMap), ("cache_from", List), ("cache_to", List), ("no_cache", Bool), ("additional_contexts", ListOrMap),
    ("network", Str), ("pull", Bool), ("target", Str), ("shm_size", Any), ("extra_hosts", ListOrMap), ("isolation", Str),
    ("privileged", Bool), ("secrets", List), ("tags", List), ("platforms", List),
];

const HEALTHCHECK: &[(&str, Shape)] = &[("disable", Bool), ("interval", Str), ("retries", Any), ("test", StrOrList), ("timeout", Str), ("start_period", Str), ("start_interval", Str)];

const DEPLOY: &[(&str, Shape)] = &[
    ("mode", Str), ("endpoint_mode", Str), ("replicas", Int), ("labels", ListOrMap), ("rollback_config", Map),
    ("update_config", Map), ("resources", Map), ("restart_policy", Map), ("placement", Map),
];

const VOLUME: &[(&str, Shape)] = &[("name", Str), ("driver", Str), ("driver_opts", Map), ("external", Any), ("labels", ListOrMap)];

const NETWORK: &[(&str, Shape)] = &[
    ("name", Str), ("driver", Str), ("driver_opts", Map), ("ipam", Map), ("external", Any), ("internal", Bool),
    ("enable_ipv6", Bool), ("attachable", Bool), ("labels", ListOrMap),
];

const SERVICE_VOLUME: &[(&str, Shape)] = &[
    ("type", Str), ("source", Str), ("target", Str), ("read_only", Bool), ("consistency", Str), ("bind", Map),
    ("volume", Map), ("tmpfs", Map),
];

const PORT: &[(&str, Shape)] = &[("name", Str), ("mode", Str), ("host_ip", Str), ("target", Int), ("published", Any), ("protocol", Str), ("app_protocol", Str)];

/// A file that breaks the schema; `Display` is Compose's text (without `validating FILE: `).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path} {message}")]
pub struct SchemaError {
    /// `(root)`, `services.web`, `services.web.ports`.
    pub path: String,
    /// `Additional property x is not allowed`, `must be a list`.
    pub message: String,
    /// Where the offending value starts (1-based; 0 if unknown).
    pub line: usize,
}

fn fits(node: &Node, shape: Shape) -> bool {
    let k = node.kind();
    match shape {
        Any => true,
        Str => matches!(k, Kind::Str | Kind::Int | Kind::Float | Kind::Bool),
        StrOrList => matches!(k, Kind::Str | Kind::Seq | Kind::Null),
        List => k == Kind::Seq,
        Map => matches!(k, Kind::Map),
        ListOrMap => matches!(k, Kind::Seq | Kind::Map),
        StrOrMap => matches!(k, Kind::Str | Kind::Map),
        Int => matches!(k, Kind::Int) || (k == Kind::Str && node.as_str().is_some_and(|s| s.parse::<i64>().is_ok())),
        Bool => matches!(k, Kind::Bool),
    }
}

fn expected(shape: Shape) -> &'static str {
    match shape {
        Any => "value",
        Str => "must be a string",
        StrOrList => "must be a string or a list",
        List => "must be a list",
        Map => "must be a mapping",
        ListOrMap => "must be a list or a mapping",
        StrOrMap => "must be a string or a mapping",
        Int => "must be a integer",
        Bool => "must be a boolean",
    }
}

struct Checker {
    errors: Vec<SchemaError>,
}

impl Checker {
    fn push(&mut self, path: &str, message: String, line: usize) {
        self.errors.push(SchemaError { path: path.to_string(), message, line });
    }

    /// Checks a mapping's keys against `schema` and each value's shape.
    fn object(&mut self, node: &Node, path: &str, schema: &[(&str, Shape)]) {
        let Some(entries) = node.as_map() else { return };
        for (key, value) in entries {
            if key.starts_with("x-") {
                continue;
            }
            let child = if path == "(root)" { key.clone() } else { format!("{path}.{key}") };
            match schema.iter().find(|(k, _)| k == key) {
                None => self.push(path, format!("Additional property {key} is not allowed"), value.line.max(node.line)),
                Some((_, shape)) if value.kind() == Kind::Null && *shape != Str => {
                    // compose-go accepts an empty value for most keys (`volumes:` then nothing).
                    if path == "(root)" && key == "services" {
                        self.push(&child, expected(*shape).to_string(), value.line);
                    }
                }
                Some((_, shape)) if !fits(value, *shape) => self.push(&child, expected(*shape).to_string(), value.line),
                Some(_) => self.nested(value, &child, key, path),
            }
        }
    }

    fn nested(&mut self, value: &Node, child: &str, key: &str, parent: &str) {
        let depth = parent.matches('.').count() + usize::from(parent != "(root)");
        match (depth, key) {
            (0, "services") => {
                for (name, svc) in value.as_map().unwrap_or_default() {
                    let p = format!("services.{name}");
                    if svc.kind() == Kind::Map {
                        self.object(svc, &p, SERVICE);
                    } else if svc.kind() != Kind::Null {
                        self.push(&p, expected(Map).to_string(), svc.line);
                    }
                }
            }
            (0, "volumes") | (0, "networks") => {
                let schema = if key == "volumes" { VOLUME } else { NETWORK };
                for (name, v) in value.as_map().unwrap_or_default() {
                    let p = format!("{key}.{name}");
                    match v.kind() {
                        Kind::Map => self.object(v, &p, schema),
                        Kind::Null => {}
                        _ => self.push(&p, expected(Map).to_string(), v.line),
                    }
                }
            }
            (2, "build") => self.object(value, child, BUILD),
            (2, "healthcheck") => self.object(value, child, HEALTHCHECK),
            (2, "deploy") => self.object(value, child, DEPLOY),
            (2, "volumes") | (2, "ports") => {
                let schema = if key == "volumes" { SERVICE_VOLUME } else { PORT };
                for item in value.as_seq().unwrap_or_default() {
                    match item.kind() {
                        Kind::Map => self.object(item, child, schema),
                        Kind::Str | Kind::Int => {}
                        _ => self.push(child, "must be a string or a mapping".into(), item.line),
                    }
                }
            }
            _ => {}
        }
    }
}

/// Checks one file's tree; the most specific error (the deepest path, the first in the file
/// among equals), as compose-go reports.
pub fn validate(root: &Node) -> Result<(), SchemaError> {
    if root.kind() != Kind::Map {
        if root.kind() == Kind::Null {
            return Ok(());
        }
        return Err(SchemaError { path: "(root)".into(), message: "Invalid type. Expected: object".into(), line: root.line });
    }
    let mut c = Checker { errors: Vec::new() };
    c.object(root, "(root)", TOP);
    let depth = |e: &SchemaError| if e.path == "(root)" { 0 } else { e.path.matches('.').count() + 1 };
    let best = c.errors.iter().map(depth).max();
    match best {
        None => Ok(()),
        Some(d) => Err(c.errors.into_iter().find(|e| depth(e) == d).expect("one has the max")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::yaml::parse;

    fn check(text: &str) -> String {
        validate(&parse(text).unwrap()).err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn typos_name_the_key() {
        assert_eq!(check("services:\n  web:\n    imagee: nginx\n"), "services.web Additional property imagee is not allowed");
        assert_eq!(check("services:\n  web:\n    image: x\n    ports: 80\n"), "services.web.ports must be a list");
        assert_eq!(check("servics:\n  web: {}\n"), "(root) Additional property servics is not allowed");
    }

    #[test]
    fn valid_files_pass() {
        let ok = "version: '3'\nx-common: &c {}\nservices:\n  web:\n    image: nginx\n    build: {context: ., args: {A: 1}}\n    environment: [A=1]\n    depends_on: {db: {condition: service_healthy}}\n    ports: [\"80:80\", {target: 81}]\n    deploy: {replicas: 2}\n  db:\n    image: redis\nvolumes:\n  data:\n";
        assert_eq!(check(ok), "");
    }

    #[test]
    fn most_specific_wins() {
        assert_eq!(check("services:\n  a:\n    ports: x\n  b:\n    port: [1]\n"), "services.a.ports must be a list");
    }
}
