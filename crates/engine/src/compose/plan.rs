//! From a project to daemon requests: container names, Compose's labels, create requests,
//! start order, and the seam through which networks and volumes are made.

use std::collections::BTreeMap;

use super::model::{Project, Service};
use super::ComposeError;
use crate::api::container::{ContainerConfig, Empty, HealthConfig};
use crate::collect::CollectMap;
use crate::daemon::{CreateRequest, HostOptions, RestartPolicy};
use crate::digest::Digest;

/// The Compose version written into `com.docker.compose.version`.
pub const COMPOSE_LABEL_VERSION: &str = "2.21.0";

/// Label keys Compose sets on what it creates.
pub mod labels {
    /// The project name.
    pub const PROJECT: &str = "com.docker.compose.project";
    /// The service.
    pub const SERVICE: &str = "com.docker.compose.service";
    /// The replica number, from 1.
    pub const NUMBER: &str = "com.docker.compose.container-number";
    /// `True` for `run` containers.
    pub const ONEOFF: &str = "com.docker.compose.oneoff";
    /// A hash of the service's configuration: a change means recreate.
    pub const CONFIG_HASH: &str = "com.docker.compose.config-hash";
    /// The files, comma-separated.
    pub const CONFIG_FILES: &str = "com.docker.compose.project.config_files";
    /// The project directory.
    pub const WORKING_DIR: &str = "com.docker.compose.project.working_dir";
    /// `service:condition:restart` for each dependency.
    pub const DEPENDS_ON: &str = "com.docker.compose.depends_on";
    /// The image ID the container was made from.
    pub const IMAGE: &str = "com.docker.compose.image";
    /// Compose's version.
    pub const VERSION: &str = "com.docker.compose.version";
    /// A network's or volume's key in the file.
    pub const NETWORK: &str = "com.docker.compose.network";
    /// A volume's key in the file.
    pub const VOLUME: &str = "com.docker.compose.volume";
}

/// Networks and volumes on the daemon, as the planner needs them. Kept behind a trait
/// because the daemon's networks and volumes arrive separately (issue 6): the client's
/// implementation is the only place that calls their APIs.
pub trait ProjectResources {
    /// Creates network `name` (labelled for `project`/`key`) unless it exists. `Ok(true)`
    /// when it was created now.
    fn ensure_network(&mut self, project: &str, key: &str, name: &str) -> Result<bool, String>;
    /// Removes network `name`; `Ok(false)` if there was none.
    fn remove_network(&mut self, name: &str) -> Result<bool, String>;
    /// Whether a container is still connected to network `name` (`down` then leaves it).
    fn network_in_use(&mut self, name: &str) -> bool;
    /// Creates volume `name` unless it exists; `Ok(true)` when created now.
    fn ensure_volume(&mut self, project: &str, key: &str, name: &str) -> Result<bool, String>;
    /// Removes volume `name`; `Ok(false)` if there was none.
    fn remove_volume(&mut self, name: &str) -> Result<bool, String>;
}

/// `PROJECT-SERVICE-N`, or `container_name`.
pub fn container_name(project: &Project, service: &Service, number: u32) -> String {
    service.container_name.clone().unwrap_or_else(|| format!("{}-{}-{number}", project.name, service.name))
}

/// The image a service runs: `image:`, or `PROJECT-SERVICE` for a build-only service.
pub fn image_name(project: &Project, service: &Service) -> String {
    service.image.clone().unwrap_or_else(|| format!("{}-{}", project.name, service.name))
}

/// How many containers a service wants (`--scale` wins over the file).
pub fn replicas(service: &Service, scale: &BTreeMap<String, u32>) -> u32 {
    scale.get(&service.name).copied().or(service.replicas).unwrap_or(1)
}

/// Services in start order: each after what it depends on; `wanted` (empty: all) plus their
/// dependencies. Ties keep file order.
pub fn start_order(project: &Project, wanted: &[String]) -> Result<Vec<String>, ComposeError> {
    let mut order: Vec<String> = Vec::new();
    fn visit(p: &Project, name: &str, order: &mut Vec<String>, path: &mut Vec<String>) -> Result<(), ComposeError> {
        if order.iter().any(|o| o == name) {
            return Ok(());
        }
        if let Some(i) = path.iter().position(|x| x == name) {
            let mut cycle = path[i..].to_vec();
            cycle.push(name.to_string());
            return Err(ComposeError::Invalid(format!("dependency cycle detected: {}", cycle.join(" -> "))));
        }
        let s = p.service(name).ok_or_else(|| ComposeError::Invalid(format!("no such service: {name}")))?;
        path.push(name.to_string());
        for d in &s.depends_on {
            visit(p, &d.service, order, path)?;
        }
        for l in &s.links {
            let target = l.split(':').next().unwrap_or(l);
            if p.service(target).is_some() {
                visit(p, target, order, path)?;
            }
        }
        path.pop();
        order.push(name.to_string());
        Ok(())
    }
    let names: Vec<String> = if wanted.is_empty() { project.services.iter().map(|s| s.name.clone()).collect() } else { wanted.to_vec() };
    for n in &names {
        visit(project, n, &mut order, &mut Vec::new())?;
    }
    Ok(order)
}

/// Compose's config hash: sha256 of the service's canonical form, leaving out what does not
/// describe one container (how its image is built, how many replicas run), as Compose's
/// `ServiceHash` does, so `--scale` or a build argument alone recreates nothing. The image
/// is compared on its own (`com.docker.compose.image`).
pub fn config_hash(service: &Service) -> String {
    let canonical = Service { build: None, replicas: None, ..service.clone() };
    Digest::of(format!("{canonical:?}").as_bytes()).hex()
}

/// The services a service needs running first: `depends_on`, `links` and
/// `network_mode: service:NAME`.
fn dependencies(s: &Service) -> Vec<&str> {
    let mut deps: Vec<&str> = s.depends_on.iter().map(|d| d.service.as_str()).collect();
    deps.extend(s.links.iter().map(|l| l.split(':').next().unwrap_or(l)));
    deps.extend(s.network_mode.as_deref().and_then(|m| m.strip_prefix("service:")));
    deps
}

/// `services` (empty: all) in waves Compose handles together: with `reverse` false, each
/// wave's services depend only on earlier waves (start, restart); with `reverse`, each
/// wave's services are needed only by earlier waves (stop, down). Waves keep file order.
pub fn waves(project: &Project, services: &[String], reverse: bool) -> Vec<Vec<String>> {
    let all: Vec<&Service> = project.services.iter().collect();
    let blockers = |s: &Service| -> Vec<String> {
        if reverse {
            all.iter().filter(|o| dependencies(o).contains(&s.name.as_str())).map(|o| o.name.clone()).collect()
        } else {
            dependencies(s).iter().filter(|d| project.service(d).is_some()).map(|d| d.to_string()).collect()
        }
    };
    let mut done: Vec<String> = Vec::new();
    let mut out = Vec::new();
    while done.len() < all.len() {
        let mut wave: Vec<String> = all.iter().filter(|s| !done.contains(&s.name) && blockers(s).iter().all(|b| done.contains(b))).map(|s| s.name.clone()).collect();
        if wave.is_empty() {
            // A cycle (refused before anything starts); finish in file order.
            wave = all.iter().filter(|s| !done.contains(&s.name)).map(|s| s.name.clone()).collect();
        }
        done.extend(wave.iter().cloned());
        out.push(wave);
    }
    out.into_iter().map(|w| w.into_iter().filter(|s| services.is_empty() || services.contains(s)).collect::<Vec<_>>()).filter(|w| !w.is_empty()).collect()
}

/// `30s`, `1m30s`, `500ms` in nanoseconds (Go's `time.ParseDuration`).
fn duration(s: &Option<String>) -> i64 {
    s.as_deref().and_then(|d| crate::golang::parse_duration(d).ok()).unwrap_or(0)
}

/// What the client supplies that the file does not: variables for `KEY` entries without a
/// value, `env_file` contents already read.
pub struct Inputs<'a> {
    /// A client variable.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// Each `env_file` of the service, read, in order.
    pub env_files: Vec<Vec<(String, Option<String>)>>,
    /// The image ID (for `com.docker.compose.image`).
    pub image_id: String,
    /// The network the container joins (`None` until networks exist: see `ProjectResources`).
    pub network: Option<String>,
}

/// The create request for replica `number` of `service` (`oneoff`: a `run` container).
pub fn create_request(project: &Project, service: &Service, number: u32, oneoff: bool, inputs: &Inputs) -> CreateRequest {
    let mut env: Vec<(String, String)> = Vec::new();
    let mut set = |k: &str, v: Option<String>| {
        let Some(v) = v.or_else(|| (inputs.env)(k)) else { return };
        match env.iter_mut().find(|(key, _)| key == k) {
            Some(slot) => slot.1 = v,
            None => env.push((k.to_string(), v)),
        }
    };
    for file in &inputs.env_files {
        for (k, v) in file {
            set(k, v.clone());
        }
    }
    for (k, v) in &service.environment {
        set(k, v.clone());
    }
    let mut labels = service.labels.clone();
    let depends: Vec<String> = service.depends_on.iter().map(|d| format!("{}:{}:false", d.service, d.condition)).collect();
    for (k, v) in [
        (labels::PROJECT, project.name.clone()),
        (labels::SERVICE, service.name.clone()),
        (labels::NUMBER, number.to_string()),
        (labels::ONEOFF, if oneoff { "True" } else { "False" }.to_string()),
        (labels::CONFIG_HASH, config_hash(service)),
        (labels::CONFIG_FILES, project.files.join(",")),
        (labels::WORKING_DIR, project.working_dir.clone()),
        (labels::DEPENDS_ON, depends.join(",")),
        (labels::IMAGE, inputs.image_id.clone()),
        (labels::VERSION, COMPOSE_LABEL_VERSION.to_string()),
    ] {
        labels.insert(k.to_string(), v);
    }
    let mut exposed = BTreeMap::new();
    for p in service.ports.iter().chain(&service.expose) {
        let target = p.rsplit(':').next().unwrap_or(p);
        let (port, proto) = target.split_once('/').unwrap_or((target, "tcp"));
        exposed.insert(format!("{port}/{proto}"), Empty {});
    }
    let healthcheck = service.healthcheck.as_ref().map(|h| HealthConfig {
        test: if h.disable { vec!["NONE".into()] } else { h.test.clone() },
        interval: duration(&h.interval),
        timeout: duration(&h.timeout),
        start_period: duration(&h.start_period),
        retries: h.retries.unwrap_or(0),
    });
    // Docker keeps the grace period in whole seconds.
    let stop_timeout = service.stop_grace_period.as_ref().map(|_| duration(&service.stop_grace_period) / 1_000_000_000);
    let config = ContainerConfig {
        stop_signal: service.stop_signal.clone().unwrap_or_default(),
        stop_timeout,
        hostname: service.hostname.clone().unwrap_or_default(),
        user: service.user.clone().unwrap_or_default(),
        tty: service.tty,
        open_stdin: service.stdin_open,
        env: (!env.is_empty()).then(|| env.into_iter().map(|(k, v)| format!("{k}={v}")).collect()),
        cmd: service.command.clone(),
        entrypoint: service.entrypoint.clone().map(|e| if e.is_empty() { vec![String::new()] } else { e }),
        working_dir: service.working_dir.clone().unwrap_or_default(),
        labels: Some(labels),
        exposed_ports: exposed,
        healthcheck,
        ..ContainerConfig::default()
    };
    let restart = if oneoff { RestartPolicy::No } else { service.restart.as_deref().and_then(|r| RestartPolicy::parse(r).ok()).unwrap_or_default() };
    let network_mode = service.network_mode.clone().or_else(|| inputs.network.clone()).unwrap_or_else(|| "default".into());
    // Volumes: named ones are the project's (`PROJECT_NAME` unless the top level names them),
    // relative bind sources are resolved from the project directory.
    let mut binds = Vec::new();
    let mut tmpfs: BTreeMap<String, String> = service.tmpfs.iter().map(|t| (t.clone(), String::new())).collect_map();
    for m in &service.volumes {
        let ro = if m.read_only { ":ro" } else { "" };
        match m.kind.as_str() {
            "tmpfs" => {
                tmpfs.insert(m.target.clone(), String::new());
            }
            "bind" => {
                let src = if m.source.starts_with('/') { m.source.clone() } else { format!("{}/{}", project.working_dir.trim_end_matches('/'), m.source.trim_start_matches("./")) };
                binds.push(format!("{src}:{}{ro}", m.target));
            }
            _ if m.source.is_empty() => binds.push(m.target.clone()),
            _ => {
                let name = project.volumes.get(&m.source).map(|r| r.name.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| format!("{}_{}", project.name, m.source));
                binds.push(format!("{name}:{}{ro}", m.target));
            }
        }
    }
    let mut network = crate::daemon::NetworkRequest::default();
    for spec in &service.ports {
        for (port, binding) in crate::client::network::parse_port_spec(spec).unwrap_or_default() {
            network.port_bindings.entry(port).or_insert_with(|| Some(Vec::new())).get_or_insert_with(Vec::new).push(binding);
        }
    }
    // On the project network the service name (and `links`) resolve to every replica.
    if service.network_mode.is_none() {
        network.aliases.push(service.name.clone());
    }
    let host = HostOptions { restart, network_mode, binds, tmpfs, ..HostOptions::default() };
    CreateRequest { name: Some(container_name(project, service, number)), image: image_name(project, service), config, host, network }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::model::Dependency;

    fn project() -> Project {
        let svc = |name: &str, deps: &[&str]| Service {
            name: name.into(),
            image: Some("busybox".into()),
            depends_on: deps.iter().map(|d| Dependency { service: d.to_string(), condition: "service_started".into() }).collect(),
            environment: vec![("A".into(), Some("1".into())), ("HOME_VAR".into(), None)],
            ..Service::default()
        };
        Project { name: "demo".into(), working_dir: "/demo".into(), services: vec![svc("web", &["api"]), svc("api", &["db"]), svc("db", &[])], ..Project::default() }
    }

    #[test]
    fn dependencies_start_first() {
        let p = project();
        assert_eq!(start_order(&p, &[]).unwrap(), ["db", "api", "web"]);
        assert_eq!(start_order(&p, &["api".into()]).unwrap(), ["db", "api"]);
    }

    #[test]
    fn cycles_are_refused() {
        let mut p = project();
        p.services[2].depends_on.push(Dependency { service: "web".into(), condition: "service_started".into() });
        assert!(start_order(&p, &[]).unwrap_err().to_string().contains("dependency cycle detected"));
    }

    #[test]
    fn waves_start_dependencies_first_and_stop_them_last() {
        let mut p = project();
        p.services.push(Service { name: "cache".into(), image: Some("redis".into()), ..Service::default() });
        p.services[0].links.push("cache".into());
        let names = |w: Vec<Vec<String>>| w.iter().map(|w| w.join(",")).collect::<Vec<_>>().join(" | ");
        assert_eq!(names(waves(&p, &[], false)), "db,cache | api | web");
        assert_eq!(names(waves(&p, &[], true)), "web | api,cache | db");
        assert_eq!(names(waves(&p, &["db".into(), "web".into()], true)), "web | db");
    }

    #[test]
    fn the_hash_ignores_scale_and_build_but_not_the_command() {
        let p = project();
        let svc = &p.services[0];
        let scaled = Service { replicas: Some(3), build: Some(crate::compose::model::Build::default()), ..svc.clone() };
        assert_eq!(config_hash(svc), config_hash(&scaled));
        let changed = Service { command: Some(vec!["true".into()]), ..svc.clone() };
        assert_ne!(config_hash(svc), config_hash(&changed));
    }

    #[test]
    fn stop_settings_reach_the_container() {
        let mut p = project();
        p.services[2].stop_signal = Some("SIGINT".into());
        p.services[2].stop_grace_period = Some("1m30s".into());
        let env = |_: &str| None;
        let inputs = Inputs { env: &env, env_files: Vec::new(), image_id: String::new(), network: None };
        let r = create_request(&p, &p.services[2], 1, false, &inputs);
        assert_eq!((r.config.stop_signal.as_str(), r.config.stop_timeout), ("SIGINT", Some(90)));
        let r = create_request(&p, &p.services[1], 1, false, &inputs);
        assert_eq!((r.config.stop_signal.as_str(), r.config.stop_timeout), ("", None));
    }

    #[test]
    fn requests_carry_names_labels_and_env() {
        let p = project();
        let env = |k: &str| (k == "HOME_VAR").then(|| "h".to_string());
        let inputs = Inputs { env: &env, env_files: vec![vec![("A".into(), Some("0".into())), ("B".into(), Some("2".into()))]], image_id: "sha256:x".into(), network: None };
        let r = create_request(&p, &p.services[0], 2, false, &inputs);
        assert_eq!(r.name.as_deref(), Some("demo-web-2"));
        assert_eq!(r.config.env.unwrap(), ["A=1", "B=2", "HOME_VAR=h"]);
        let l = r.config.labels.unwrap();
        assert_eq!(l[labels::PROJECT], "demo");
        assert_eq!(l[labels::NUMBER], "2");
        assert_eq!(l[labels::ONEOFF], "False");
        assert_eq!(l[labels::DEPENDS_ON], "api:service_started:false");
    }
}
