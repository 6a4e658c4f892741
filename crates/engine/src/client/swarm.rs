//! `docker swarm`, `docker node`, `docker service` and `docker stack` against a one-node
//! swarm ([`crate::daemon::swarm`]), with the 28.x CLI's output.

use std::collections::BTreeMap;

use serde_json::json;

use super::Client;
use crate::cli::grammar::Parsed;
use crate::cli::render::inspect;
use crate::cli::table::Table;
use crate::cli::units::time_ago;
use crate::collect::CollectMap;
use crate::daemon::swarm::{Service, ServiceSpec, Task, TaskState, SWARM_PORT};
use crate::daemon::ApiError;
use crate::image::reference::Reference;

/// What the node list and task tables call this node.
const ENGINE_VERSION: &str = crate::daemon::SERVER_VERSION;

/// `nginx` → `nginx:latest`, as swarm pins a service's image and the CLI shows it.
fn shown_image(image: &str) -> String {
    Reference::parse(image).map(|r| r.with_default_tag().familiar_string()).unwrap_or_else(|_| image.to_string())
}

/// `*:8080->80/tcp`, comma-separated.
fn ports_column(spec: &ServiceSpec) -> String {
    spec.ports.iter().map(|(published, target, proto)| format!("*:{published}->{target}/{proto}")).collect::<Vec<_>>().join(", ")
}

/// `-p 8080:80[/udp]` or `published=8080,target=80`.
fn parse_publish(s: &str) -> Result<(u16, u16, String), String> {
    let bad = || format!("invalid argument \"{s}\" for \"-p, --publish\" flag: invalid published port");
    if s.contains('=') {
        let mut fields: BTreeMap<&str, &str> = BTreeMap::new();
        for f in s.split(',') {
            let (k, v) = f.split_once('=').ok_or_else(bad)?;
            fields.insert(k, v);
        }
        let num = |k: &str| fields.get(k).and_then(|v| v.parse::<u16>().ok());
        return Ok((num("published").ok_or_else(bad)?, num("target").ok_or_else(bad)?, fields.get("protocol").unwrap_or(&"tcp").to_string()));
    }
    let (ports, proto) = s.split_once('/').unwrap_or((s, "tcp"));
    let (published, target) = ports.split_once(':').ok_or_else(bad)?;
    Ok((published.parse().map_err(|_| bad())?, target.parse().map_err(|_| bad())?, proto.to_string()))
}

impl Client<'_> {
    async fn print(&self, text: &str) {
        self.out(text).await;
    }

    /// `docker swarm init [--advertise-addr ADDR]`.
    pub(super) async fn swarm_init(&self, p: &Parsed) -> i32 {
        let result = self.daemon.borrow_mut().swarm_init(p.value("advertise-addr"));
        match result {
            Ok(node) => {
                let (addr, token) = {
                    let d = self.daemon.borrow();
                    let s = d.swarm().expect("just initialised");
                    (s.addr.clone(), s.worker_token.clone())
                };
                self.print(&format!("Swarm initialized: current node ({node}) is now a manager.\n\nTo add a worker to this swarm, run the following command:\n\n    docker swarm join --token {token} {addr}:{SWARM_PORT}\n\nTo add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n\n")).await;
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker swarm join-token [-q] worker|manager`.
    pub(super) async fn swarm_join_token(&self, p: &Parsed) -> i32 {
        let role = p.args[0].as_str();
        if role != "worker" && role != "manager" {
            self.err("unknown role ".to_string().as_str()).await;
            self.err(&format!("{role}\n")).await;
            return 1;
        }
        let found = self.daemon.borrow().swarm().map(|s| (s.addr.clone(), if role == "worker" { s.worker_token.clone() } else { s.manager_token.clone() }));
        match found {
            Ok((_, token)) if p.bool("quiet") => {
                self.print(&format!("{token}\n")).await;
                0
            }
            Ok((addr, token)) => {
                self.print(&format!("To add a {role} to this swarm, run the following command:\n\n    docker swarm join --token {token} {addr}:{SWARM_PORT}\n\n")).await;
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker swarm join --token T HOST:PORT`: this node is already the swarm's only
    /// manager, or there is no other manager to reach.
    pub(super) async fn swarm_join(&self, p: &Parsed) -> i32 {
        let inside = self.daemon.borrow().swarm().is_ok();
        let message = if inside {
            "This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one."
        } else {
            "Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the \"docker info\" command to see the current swarm status of your node."
        };
        let _ = p;
        self.daemon_error(&ApiError { status: 503, message: message.into() }).await
    }

    /// `docker swarm leave [--force]`.
    pub(super) async fn swarm_leave(&self, p: &Parsed) -> i32 {
        let result = self.daemon.borrow_mut().swarm_leave(p.bool("force"));
        match result {
            Ok(()) => {
                self.print("Node left the swarm.\n").await;
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// The node (this one) a command names: `self`, its ID (or a prefix) or its hostname.
    fn node(&self, input: &str) -> Result<(String, String), ApiError> {
        let d = self.daemon.borrow();
        let s = d.swarm()?;
        let host = d.host.name.clone();
        if input == "self" || input == host || (!input.is_empty() && s.node_id.starts_with(input)) {
            Ok((s.node_id.clone(), host))
        } else {
            Err(ApiError::not_found(format!("node {input} not found")))
        }
    }

    /// `docker node ls`.
    pub(super) async fn node_ls(&self, p: &Parsed) -> i32 {
        let (id, host) = match self.node("self") {
            Ok(n) => n,
            Err(e) => return self.daemon_error(&e).await,
        };
        if p.bool("quiet") {
            self.print(&format!("{id}\n")).await;
            return 0;
        }
        let mut t = Table::new();
        t.row(["ID", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS", "ENGINE VERSION"]);
        t.row([format!("{id} *"), host, "Ready".into(), "Active".into(), "Leader".into(), ENGINE_VERSION.into()]);
        self.print(&t.render()).await;
        0
    }

    /// `docker node inspect [--pretty] NODE...`.
    pub(super) async fn node_inspect(&self, p: &Parsed) -> i32 {
        let (created, addr) = match self.daemon.borrow().swarm() {
            Ok(s) => (crate::api::GoTime::from_unix_nanos(s.created).rfc3339_nano(), s.addr.clone()),
            Err(e) => return self.daemon_error(&e).await,
        };
        let results = p
            .args
            .iter()
            .map(|input| {
                let (id, host) = self.node(input).map_err(|e| format!("Error response from daemon: {e}"))?;
                let json = json!({
                    "ID": id,
                    "Version": {"Index": 9},
                    "CreatedAt": created,
                    "UpdatedAt": created,
                    "Spec": {"Labels": {}, "Role": "manager", "Availability": "active"},
                    "Description": {"Hostname": host, "Platform": {"Architecture": "x86_64", "OS": "linux"}, "Engine": {"EngineVersion": ENGINE_VERSION}},
                    "Status": {"State": "ready", "Addr": addr},
                    "ManagerStatus": {"Leader": true, "Reachability": "reachable", "Addr": format!("{addr}:{SWARM_PORT}")},
                });
                let pretty = format!(
                    "ID:\t\t\t{id}\nHostname:\t\t{host}\nJoined at:\t\t{created}\nStatus:\n State:\t\t\tReady\n Availability:\t\tActive\n Address:\t\t{addr}\nManager Status:\n Address:\t\t{addr}:{SWARM_PORT}\n Raft Status:\t\tReachable\n Leader:\t\tYes\nPlatform:\n Operating System:\tlinux\n Architecture:\t\tx86_64\nEngine Version:\t\t{ENGINE_VERSION}\n"
                );
                Ok((json, pretty))
            })
            .collect();
        self.print_inspected(p, results).await
    }

    /// An inspect command's answers: `--pretty` text, else the JSON array (or `-f` template).
    async fn print_inspected(&self, p: &Parsed, results: Vec<Result<(serde_json::Value, String), String>>) -> i32 {
        if p.bool("pretty") {
            let mut code = 0;
            for r in results {
                match r {
                    Ok((_, text)) => self.print(&text).await,
                    Err(e) => {
                        self.err(&format!("{e}\n")).await;
                        code = 1;
                    }
                }
            }
            return code;
        }
        let json: Vec<Result<serde_json::Value, String>> = results.into_iter().map(|r| r.map(|(v, _)| v)).collect();
        let printed = inspect::render(&json, p.string("format"));
        self.out(&printed.stdout).await;
        self.err(&printed.stderr).await;
        printed.code
    }

    /// `docker node promote|demote|rm NODE`: on a one-node swarm, the errors swarmkit gives
    /// for its only manager.
    pub(super) async fn node_role(&self, p: &Parsed, verb: &str) -> i32 {
        let mut code = 0;
        for input in &p.args {
            let (id, _) = match self.node(input) {
                Ok(n) => n,
                Err(e) => {
                    code = self.daemon_error(&e).await;
                    continue;
                }
            };
            match verb {
                "promote" => self.print(&format!("Node {id} is already a manager.\n")).await,
                "demote" => code = self.daemon_error(&ApiError { status: 400, message: "rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm".into() }).await,
                _ => code = self.daemon_error(&ApiError { status: 400, message: format!("rpc error: code = FailedPrecondition desc = node {id} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal") }).await,
            }
        }
        code
    }

    /// `docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]`.
    pub(super) async fn service_create(&self, p: &Parsed) -> i32 {
        let mut ports = Vec::new();
        for s in p.values("publish") {
            match parse_publish(s) {
                Ok(port) => ports.push(port),
                Err(msg) => {
                    self.err(&format!("{msg}\nSee 'docker service create --help'.\n")).await;
                    return 125;
                }
            }
        }
        let name = p.value("name").unwrap_or_default().to_string();
        let labels = p.values("label").iter().map(|l| l.split_once('=').map_or((l.clone(), String::new()), |(k, v)| (k.to_string(), v.to_string()))).collect_map();
        let replicas = if p.value("replicas").is_some() { p.uint("replicas") } else { 1 };
        let spec = ServiceSpec { name, image: p.args[0].clone(), replicas, args: p.args[1..].to_vec(), env: p.values("env").to_vec(), ports, labels, stack: None };
        let result = self.daemon.borrow_mut().service_create(spec);
        match result {
            Ok(id) => {
                self.print(&format!("{id}\n")).await;
                if !p.bool("detach") {
                    self.print_converged(&id).await;
                }
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// The final frame of the CLI's convergence progress for service `id`.
    async fn print_converged(&self, id: &str) {
        self.print_progress(id, "").await;
    }

    /// The progress frame; `phase` names a rollback (`rolling back update: `).
    async fn print_progress(&self, id: &str, phase: &str) {
        let (running, replicas) = match self.daemon.borrow().service(id) {
            Ok(s) => (s.running(), s.spec.replicas as usize),
            Err(_) => return,
        };
        let mut out = format!("overall progress: {phase}{running} out of {replicas} tasks \n");
        for slot in 1..=replicas {
            let state = if slot <= running { "running   [==================================================>] " } else { "preparing [=================================>                 ] " };
            out.push_str(&format!("{slot}/{replicas}: {state}\n"));
        }
        if running == replicas {
            out.push_str(&format!("verify: Service {id} converged \n"));
        }
        self.print(&out).await;
    }

    /// `docker service ls [-q]`.
    pub(super) async fn service_ls(&self, p: &Parsed) -> i32 {
        let services: Vec<Service> = match self.daemon.borrow().swarm() {
            Ok(s) => s.services.clone(),
            Err(e) => return self.daemon_error(&e).await,
        };
        let mut sorted = services;
        crate::sort::by(&mut sorted, |a, b| a.spec.name.cmp(&b.spec.name));
        let format = match p.string("format") {
            "" | "table" if p.bool("quiet") => "{{.ID}}",
            "" | "table" => SERVICE_TABLE,
            other => other,
        };
        let rows: Vec<serde_json::Value> = sorted.iter().map(|s| service_row(s, !p.bool("quiet") || format != "{{.ID}}")).collect();
        self.print_rows(format, &rows, SERVICE_HEADERS).await
    }

    /// Renders `rows` through `format` (a Go template, `table ...` with headers).
    async fn print_rows(&self, format: &str, rows: &[serde_json::Value], headers: &[(&str, &str)]) -> i32 {
        match crate::cli::template::Template::parse(format).and_then(|t| t.render_rows(rows, headers)) {
            Ok(text) => {
                self.print(&text).await;
                0
            }
            Err(e) => {
                self.err(&format!("{}\n", e.docker_message())).await;
                1
            }
        }
    }

    /// `docker service ps SERVICE...` (and `docker stack ps`): each slot's current task, its
    /// earlier tasks below it as ` \_ NAME.SLOT`; `-q`, `--format`, `--filter
    /// desired-state=...`.
    async fn print_tasks(&self, services: &[Service], p: &Parsed) -> i32 {
        let trunc = !p.bool("no-trunc");
        let wanted: Vec<String> = p.values("filter").iter().filter_map(|f| f.strip_prefix("desired-state=")).map(str::to_lowercase).collect();
        let now = self.now();
        let host = self.daemon.borrow().host.name.clone();
        let mut rows = Vec::new();
        for s in services {
            let mut slots: Vec<u64> = s.tasks.iter().map(|t| t.slot).collect();
            crate::sort::ascending(&mut slots);
            slots.dedup();
            for slot in slots {
                let mut tasks: Vec<&Task> = s.tasks.iter().filter(|t| t.slot == slot).collect();
                crate::sort::by(&mut tasks, |a, b| b.since.cmp(&a.since).then(b.desired.eq(&TaskState::Running).cmp(&a.desired.eq(&TaskState::Running))));
                let tasks: Vec<&&Task> = tasks.iter().filter(|t| wanted.is_empty() || wanted.iter().any(|w| w == &t.desired.as_str().to_lowercase())).collect();
                for (k, task) in tasks.iter().enumerate() {
                    let name = if k == 0 { format!("{}.{slot}", s.spec.name) } else { format!(" \\_ {}.{slot}", s.spec.name) };
                    let id = if trunc { task.id[..12].to_string() } else { task.id.clone() };
                    let error = if task.error.is_empty() { String::new() } else { format!("\"{}\"", task.error) };
                    rows.push(json!({"ID": id, "Name": name, "Image": shown_image(&task.image), "Node": host, "DesiredState": task.desired.as_str(), "CurrentState": format!("{} {}", task.state.as_str(), time_ago(task.since, now)), "Error": error, "Ports": ""}));
                }
            }
        }
        let format = match p.string("format") {
            "" | "table" if p.bool("quiet") => "{{.ID}}",
            "" | "table" => TASK_TABLE,
            other => other,
        };
        self.print_rows(format, &rows, TASK_HEADERS).await
    }

    /// `docker service ps [--no-trunc] SERVICE...`.
    pub(super) async fn service_ps(&self, p: &Parsed) -> i32 {
        let found: Result<Vec<Service>, ApiError> = {
            let d = self.daemon.borrow();
            p.args.iter().map(|a| d.service(a).cloned()).collect()
        };
        match found {
            Ok(services) => self.print_tasks(&services, p).await,
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker service rollback SERVICE`.
    pub(super) async fn service_rollback(&self, p: &Parsed) -> i32 {
        let name = p.args[0].clone();
        let result = self.daemon.borrow_mut().service_rollback(&name);
        match result {
            Ok(()) => {
                self.print(&format!("{name}\n")).await;
                if !p.bool("detach") {
                    let id = self.daemon.borrow().service(&name).map(|s| s.id.clone()).unwrap_or_default();
                    self.print("rollback: manually requested rollback \n").await;
                    self.print_progress(&id, "rolling back update: ").await;
                }
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker service inspect [--pretty] [-f] SERVICE...`.
    pub(super) async fn service_inspect(&self, p: &Parsed) -> i32 {
        let results = {
            let d = self.daemon.borrow();
            p.args.iter().map(|a| d.service(a).map(|s| (service_json(s), service_pretty(s))).map_err(|_| format!("Error: no such service: {a}"))).collect()
        };
        self.print_inspected(p, results).await
    }

    /// `docker service logs SERVICE`: every task's output, each line prefixed with the task
    /// (`web.1.abcdefghijkl@node`).
    pub(super) async fn service_logs(&self, p: &Parsed) -> i32 {
        let service = match self.daemon.borrow().service(&p.args[0]).cloned() {
            Ok(s) => s,
            Err(e) => return self.daemon_error(&e).await,
        };
        let host = self.daemon.borrow().host.name.clone();
        let mut lines: Vec<(i64, String, crate::kernel::Stream, String)> = Vec::new();
        for task in &service.tasks {
            let Some(c) = &task.container else { continue };
            let prefix = format!("{}.{}.{}@{host}", service.spec.name, task.slot, &task.id[..12]);
            let chunks = self.daemon.borrow().container(c).map(|c| c.log.clone()).unwrap_or_default();
            for chunk in chunks {
                for line in String::from_utf8_lossy(&chunk.bytes).lines() {
                    lines.push((chunk.time, prefix.clone(), chunk.stream, line.to_string()));
                }
            }
        }
        crate::sort::by_key(&mut lines, |l| l.0);
        let width = lines.iter().map(|l| l.1.len()).max().unwrap_or(0);
        for (_, prefix, stream, line) in lines {
            self.io.write(stream, format!("{prefix:<width$}    | {line}\n").as_bytes()).await;
        }
        0
    }

    /// `docker service scale SERVICE=REPLICAS...`.
    pub(super) async fn service_scale(&self, p: &Parsed) -> i32 {
        let mut code = 0;
        for arg in &p.args {
            let Some((name, n)) = arg.split_once('=').and_then(|(s, n)| n.parse::<u64>().ok().map(|n| (s, n))) else {
                self.err(&format!("Invalid scale specifier '{arg}'.\nSee 'docker service scale --help'.\n\nUsage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\nScale one or multiple replicated services\n")).await;
                return 1;
            };
            let result = self.daemon.borrow_mut().service_scale(name, n);
            match result {
                Ok(()) => {
                    self.print(&format!("{name} scaled to {n}\n")).await;
                    let id = self.daemon.borrow().service(name).map(|s| s.id.clone()).unwrap_or_default();
                    if !p.bool("detach") {
                        self.print_converged(&id).await;
                    }
                }
                Err(e) => code = self.daemon_error(&e).await,
            }
        }
        code
    }

    /// `docker service update [--image] [--replicas] [--env-add] [--publish-add] SERVICE`.
    pub(super) async fn service_update(&self, p: &Parsed) -> i32 {
        let mut added = Vec::new();
        for s in p.values("publish-add") {
            match parse_publish(s) {
                Ok(port) => added.push(port),
                Err(msg) => {
                    self.err(&format!("{msg}\n")).await;
                    return 125;
                }
            }
        }
        let image = p.value("image").map(str::to_string);
        let replicas = p.value("replicas").map(|_| p.uint("replicas"));
        let env_add = p.values("env-add").to_vec();
        let name = p.args[0].clone();
        let result = self.daemon.borrow_mut().service_update(&name, &mut |spec| {
            if let Some(i) = &image {
                spec.image = i.clone();
            }
            if let Some(n) = replicas {
                spec.replicas = n;
            }
            for e in &env_add {
                let key = e.split('=').next().unwrap_or_default();
                spec.env.retain(|old| old.split('=').next() != Some(key));
                spec.env.push(e.clone());
            }
            for port in &added {
                spec.ports.retain(|(_, target, proto)| (*target, proto) != (port.1, &port.2));
                spec.ports.push(port.clone());
            }
        });
        match result {
            Ok(()) => {
                self.print(&format!("{name}\n")).await;
                let id = self.daemon.borrow().service(&name).map(|s| s.id.clone()).unwrap_or_default();
                if !p.bool("detach") {
                    self.print_converged(&id).await;
                }
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker service rm SERVICE...`: prints each name removed.
    pub(super) async fn service_rm(&self, p: &Parsed) -> i32 {
        let mut code = 0;
        for input in &p.args {
            let result = self.daemon.borrow_mut().service_remove(input);
            match result {
                Ok(_) => self.print(&format!("{input}\n")).await,
                Err(e) => code = self.daemon_error(&e).await,
            }
        }
        code
    }

    /// `docker stack deploy -c FILE STACK`: each compose service as `STACK_SERVICE`, with
    /// `deploy.replicas`.
    pub(super) async fn stack_deploy(&self, p: &Parsed) -> i32 {
        let stack = p.args[0].clone();
        let mut sources = Vec::new();
        for file in p.values("compose-file") {
            let path = crate::fs::path::absolute(&self.io.cwd(), file);
            match self.io.read_file(&path).await {
                Ok(bytes) => sources.push(crate::compose::Source { path, text: String::from_utf8_lossy(&bytes).to_string() }),
                Err(_) => {
                    self.err(&format!("open {path}: no such file or directory\n")).await;
                    return 1;
                }
            }
        }
        let env = |_: &str| None;
        let loaded = match crate::compose::load(&sources, Some(&stack), "/", &env) {
            Ok(l) => l,
            Err(e) => {
                self.err(&format!("{e}\n")).await;
                return 1;
            }
        };
        if let Err(e) = self.daemon.borrow().swarm() {
            return self.daemon_error(&e).await;
        }
        let existing: Vec<String> = self.daemon.borrow().swarm().map(|s| s.services.iter().map(|s| s.spec.name.clone()).collect()).unwrap_or_default();
        let network = format!("{stack}_default");
        if self.daemon.borrow_mut().network_lookup(&network).is_err() {
            let labels = BTreeMap::from([("com.docker.stack.namespace".to_string(), stack.clone())]);
            let created = self.daemon.borrow_mut().network_create(crate::daemon::networks::NetworkCreate { name: network.clone(), labels, ..Default::default() });
            if let Err(e) = created {
                return self.daemon_error(&e).await;
            }
            self.print(&format!("Creating network {network}\n")).await;
        }
        for svc in &loaded.project.services {
            let full = format!("{stack}_{}", svc.name);
            let spec = ServiceSpec {
                name: full.clone(),
                image: svc.image.clone().unwrap_or_default(),
                replicas: u64::from(svc.replicas.unwrap_or(1)),
                args: svc.command.clone().unwrap_or_default(),
                env: svc.environment.iter().map(|(k, v)| v.as_ref().map_or(k.clone(), |v| format!("{k}={v}"))).collect(),
                ports: svc.ports.iter().filter_map(|p| parse_publish(p.rsplitn(3, ':').take(2).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join(":").as_str()).ok()).collect(),
                labels: BTreeMap::from([("com.docker.stack.image".to_string(), svc.image.clone().unwrap_or_default()), ("com.docker.stack.namespace".to_string(), stack.clone())]),
                stack: Some(stack.clone()),
            };
            let exists = existing.contains(&full);
            let result = if exists {
                self.daemon.borrow_mut().service_update(&full, &mut |s| *s = spec.clone())
            } else {
                self.daemon.borrow_mut().service_create(spec).map(|_| ())
            };
            match result {
                Ok(()) => self.print(&format!("{} service {full}\n", if exists { "Updating" } else { "Creating" })).await,
                Err(e) => return self.daemon_error(&e).await,
            }
        }
        0
    }

    /// The services of stack `name`.
    fn stack_services(&self, name: &str) -> Result<Vec<Service>, ApiError> {
        let d = self.daemon.borrow();
        Ok(d.swarm()?.services.iter().filter(|s| s.spec.stack.as_deref() == Some(name)).cloned().collect())
    }

    /// `docker stack ls`.
    pub(super) async fn stack_ls(&self, _p: &Parsed) -> i32 {
        let services: Vec<Service> = match self.daemon.borrow().swarm() {
            Ok(s) => s.services.clone(),
            Err(e) => return self.daemon_error(&e).await,
        };
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for s in services.iter().filter_map(|s| s.spec.stack.clone()) {
            *counts.entry(s).or_default() += 1;
        }
        let mut t = Table::new();
        t.row(["NAME", "SERVICES"]);
        for (name, n) in counts {
            t.row([name, n.to_string()]);
        }
        self.print(&t.render()).await;
        0
    }

    /// `docker stack services STACK`.
    pub(super) async fn stack_service_list(&self, p: &Parsed) -> i32 {
        match self.stack_services(&p.args[0]) {
            Ok(services) if services.is_empty() => {
                self.err(&format!("Nothing found in stack: {}\n", p.args[0])).await;
                0
            }
            Ok(services) => {
                let rows: Vec<serde_json::Value> = services.iter().map(|s| service_row(s, true)).collect();
                self.print_rows(SERVICE_TABLE, &rows, SERVICE_HEADERS).await
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker stack ps STACK`.
    pub(super) async fn stack_ps(&self, p: &Parsed) -> i32 {
        match self.stack_services(&p.args[0]) {
            Ok(services) if services.is_empty() => {
                self.err(&format!("nothing found in stack: {}\n", p.args[0])).await;
                1
            }
            Ok(services) => self.print_tasks(&services, p).await,
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker stack rm STACK...`.
    pub(super) async fn stack_rm(&self, p: &Parsed) -> i32 {
        for stack in &p.args {
            let services = match self.stack_services(stack) {
                Ok(s) => s,
                Err(e) => return self.daemon_error(&e).await,
            };
            if services.is_empty() {
                self.err(&format!("Nothing found in stack: {stack}\n")).await;
                continue;
            }
            let mut out = String::new();
            for s in &services {
                let _ = self.daemon.borrow_mut().service_remove(&s.id);
                out.push_str(&format!("Removing service {}\n", s.spec.name));
            }
            if self.daemon.borrow_mut().network_remove(&format!("{stack}_default")).is_ok() {
                out.push_str(&format!("Removing network {stack}_default\n"));
            }
            self.print(&out).await;
        }
        0
    }
}

const SERVICE_TABLE: &str = "table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}";
const SERVICE_HEADERS: &[(&str, &str)] = &[("ID", "ID"), ("Image", "IMAGE"), ("Mode", "MODE"), ("Name", "NAME"), ("Ports", "PORTS"), ("Replicas", "REPLICAS")];
const TASK_TABLE: &str = "table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}\t{{.Ports}}";
const TASK_HEADERS: &[(&str, &str)] = &[("CurrentState", "CURRENT STATE"), ("DesiredState", "DESIRED STATE"), ("Error", "ERROR"), ("ID", "ID"), ("Image", "IMAGE"), ("Name", "NAME"), ("Node", "NODE"), ("Ports", "PORTS")];

/// One service as `service ls`'s formatter sees it (`-q` wants the full ID).
fn service_row(s: &Service, trunc: bool) -> serde_json::Value {
    json!({"ID": if trunc { s.id[..12].to_string() } else { s.id.clone() }, "Name": s.spec.name, "Mode": "replicated", "Replicas": format!("{}/{}", s.running(), s.spec.replicas), "Image": shown_image(&s.spec.image), "Ports": ports_column(&s.spec)})
}

/// `docker service inspect --pretty` for `s`.
fn service_pretty(s: &Service) -> String {
    let mut text = format!(
        "\nID:\t\t{}\nName:\t\t{}\nService Mode:\tReplicated\n Replicas:\t{}\nPlacement:\nUpdateConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Update order:      stop-first\nRollbackConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Rollback order:    stop-first\nContainerSpec:\n Image:\t\t{}\n",
        s.id,
        s.spec.name,
        s.spec.replicas,
        shown_image(&s.spec.image)
    );
    if !s.spec.args.is_empty() {
        text.push_str(&format!(" Args:\t\t{} \n", s.spec.args.join(" ")));
    }
    if !s.spec.env.is_empty() {
        text.push_str(&format!(" Env:\t\t{}\n", s.spec.env.join(" ")));
    }
    text.push_str(" Init:\t\tfalse\nResources:\nEndpoint Mode:\tvip\n");
    if !s.spec.ports.is_empty() {
        text.push_str("Ports:\n");
        for (published, target, proto) in &s.spec.ports {
            text.push_str(&format!(" PublishedPort = {published}\n  Protocol = {proto}\n  TargetPort = {target}\n  PublishMode = ingress\n"));
        }
    }
    text
}

/// `docker service inspect`'s JSON for `s` (the fields a one-node swarm has).
fn service_json(s: &Service) -> serde_json::Value {
    let time = |t: i64| crate::api::GoTime::from_unix_nanos(t).rfc3339_nano();
    let mut container = json!({"Image": shown_image(&s.spec.image), "Init": false, "StopGracePeriod": 10_000_000_000u64, "DNSConfig": {}, "Isolation": "default"});
    if !s.spec.args.is_empty() {
        container["Args"] = json!(s.spec.args);
    }
    if !s.spec.env.is_empty() {
        container["Env"] = json!(s.spec.env);
    }
    let ports: Vec<serde_json::Value> = s.spec.ports.iter().map(|(published, target, proto)| json!({"Protocol": proto, "TargetPort": target, "PublishedPort": published, "PublishMode": "ingress"})).collect();
    let mut endpoint_spec = json!({"Mode": "vip"});
    if !ports.is_empty() {
        endpoint_spec["Ports"] = json!(ports);
    }
    json!({
        "ID": s.id,
        "Version": {"Index": 10 + s.version},
        "CreatedAt": time(s.created),
        "UpdatedAt": time(s.updated),
        "Spec": {
            "Name": s.spec.name,
            "Labels": s.spec.labels,
            "TaskTemplate": {
                "ContainerSpec": container,
                "Resources": {"Limits": {}, "Reservations": {}},
                "RestartPolicy": {"Condition": "any", "Delay": 5_000_000_000u64, "MaxAttempts": 0},
                "Placement": {},
                "ForceUpdate": 0,
                "Runtime": "container"
            },
            "Mode": {"Replicated": {"Replicas": s.spec.replicas}},
            "UpdateConfig": {"Parallelism": 1, "FailureAction": "pause", "Monitor": 5_000_000_000u64, "MaxFailureRatio": 0, "Order": "stop-first"},
            "RollbackConfig": {"Parallelism": 1, "FailureAction": "pause", "Monitor": 5_000_000_000u64, "MaxFailureRatio": 0, "Order": "stop-first"},
            "EndpointSpec": endpoint_spec.clone()
        },
        "Endpoint": {"Spec": endpoint_spec, "Ports": ports}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_specs() {
        assert_eq!(parse_publish("8080:80"), Ok((8080, 80, "tcp".into())));
        assert_eq!(parse_publish("53:53/udp"), Ok((53, 53, "udp".into())));
        assert_eq!(parse_publish("published=8080,target=80"), Ok((8080, 80, "tcp".into())));
        assert!(parse_publish("80").is_err());
    }
}
