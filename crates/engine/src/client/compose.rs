//! `docker compose …` and `docker-compose …`: Compose v2 over the daemon.
//!
//! The project is loaded in full (every file parsed, interpolated, validated, merged) before
//! any request goes out, so a bad file starts nothing. Then each command is a few daemon
//! calls per container, announced with Compose's plain progress lines on stderr
//! (` Container demo-web-1  Creating`: Compose prints its event ID, an empty text and the
//! status with Go's `Println`, hence the leading space and the double space).
//!
//! Networks and volumes go through [`plan::ProjectResources`], implemented over the daemon
//! by [`DaemonResources`].
//! `up` lives in `up`, `run` in `run`, the read-only commands in `observe`; `logs` is the
//! log view `up` and `logs` share, `wait` the waiting on containers, `stop` the taking down.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::poll_fn;

use super::Client;
use crate::api::gotime::GoTime;
use crate::build::exec::{build, BuildContext, BuildOptions, DockerIgnore};
use crate::cli::grammar::Parsed;
use crate::collect::CollectMap;
use crate::compose::interpolate::parse_env_file;
use crate::compose::model::{Project, Service};
use crate::fs::path::absolute;
use crate::compose::plan::{self, labels, ProjectResources};
use crate::compose::{self, ComposeError, Loaded, Source};
use crate::container::state::Status;
use crate::fs::FsRead;
use crate::daemon::exec::ExecOptions;
use crate::daemon::WaitCondition;

/// Compose's log prefix colours on a terminal, in the order services take them.
const COLORS: [&str; 10] = ["36", "33", "32", "35", "34", "1;36", "1;33", "1;32", "1;35", "1;34"];

/// A container of the project, as its labels describe it.
#[derive(Debug, Clone)]
struct Member {
    id: String,
    name: String,
    service: String,
    number: u32,
    oneoff: bool,
    hash: String,
    /// The image ID it was created from (`com.docker.compose.image`).
    image: String,
    status: Status,
}

impl Member {
    fn running(&self) -> bool {
        matches!(self.status, Status::Running | Status::Paused | Status::Restarting)
    }
}

/// The daemon's networks and volumes for Compose: created with Compose's labels, removed
/// by `down` (volumes only with `-v`).
struct DaemonResources {
    daemon: crate::daemon::DaemonRef,
}

impl DaemonResources {
    fn labels(project: &str, kind: &str, key: &str) -> BTreeMap<String, String> {
        BTreeMap::from([("com.docker.compose.project".to_string(), project.to_string()), (format!("com.docker.compose.{kind}"), key.to_string()), ("com.docker.compose.version".to_string(), "2.21.0".to_string())])
    }
}

impl ProjectResources for DaemonResources {
    fn ensure_network(&mut self, project: &str, key: &str, name: &str) -> Result<bool, String> {
        let mut d = self.daemon.borrow_mut();
        if d.network_lookup(name).is_ok() {
            return Ok(false);
        }
        let req = crate::daemon::NetworkCreate { name: name.to_string(), driver: "bridge".into(), labels: Self::labels(project, "network", key), ..Default::default() };
        d.network_create(req).map(|_| true).map_err(|e| format!("Error response from daemon: {e}"))
    }
    fn network_in_use(&mut self, name: &str) -> bool {
        self.daemon.borrow_mut().network_inspect(name).is_ok_and(|n| n.containers.is_some_and(|c| !c.is_empty()))
    }
    fn remove_network(&mut self, name: &str) -> Result<bool, String> {
        let mut d = self.daemon.borrow_mut();
        if d.network_lookup(name).is_err() {
            return Ok(false);
        }
        d.network_remove(name).map(|_| true).map_err(|e| format!("Error response from daemon: {e}"))
    }
    fn ensure_volume(&mut self, project: &str, key: &str, name: &str) -> Result<bool, String> {
        let mut d = self.daemon.borrow_mut();
        if d.volume_inspect(name).is_ok() {
            return Ok(false);
        }
        d.volume_create(name, Self::labels(project, "volume", key)).map(|_| true).map_err(|e| format!("Error response from daemon: {e}"))
    }
    fn remove_volume(&mut self, name: &str) -> Result<bool, String> {
        let mut d = self.daemon.borrow_mut();
        if d.volume_inspect(name).is_err() {
            return Ok(false);
        }
        d.volume_remove(name, false).map(|_| true).map_err(|e| format!("Error response from daemon: {e}"))
    }
}

/// A value in logrus' key=value format: bare when it has only letters, digits and
/// `-._/@^+`, else Go-quoted.
fn logrus_value(s: &str) -> String {
    let bare = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-._/@^+".contains(c));
    if bare { s.to_string() } else { crate::golang::quote(s) }
}

/// `--scale web=3` values.
fn scales(p: &Parsed) -> Result<BTreeMap<String, u32>, String> {
    let pairs = p
        .values("scale")
        .iter()
        .map(|s| {
            let (svc, n) = s.split_once('=').ok_or_else(|| format!("invalid --scale option {s:?}. Should be SERVICE=NUM"))?;
            let n = n.parse().map_err(|_| format!("invalid --scale option {s:?}. Should be SERVICE=NUM"))?;
            Ok((svc.to_string(), n))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(pairs.into_iter().collect_map())
}

fn dir_of(path: &str) -> String {
    match path.rfind('/') {
        Some(0) => "/".into(),
        Some(i) => path[..i].to_string(),
        None => ".".into(),
    }
}


mod logs;
mod observe;
mod run;
mod stop;
mod up;
mod wait;

use stop::Teardown;

impl Client<'_> {
    /// `docker compose SUBCOMMAND`.
    pub(super) async fn compose(&self, p: &Parsed) -> i32 {
        let sub = p.command.get(1).copied().unwrap_or("");
        match sub {
            "version" => {
                let v = crate::cli::grammar::defs::COMPOSE_VERSION;
                let text = if p.bool("short") { format!("{}\n", v.trim_start_matches('v')) } else { format!("Docker Compose version {v}\n") };
                self.out(&text).await;
                return 0;
            }
            "ls" => return self.compose_ls(p).await,
            _ => {}
        }
        let loaded = match self.compose_load(p).await {
            Ok(l) => l,
            Err(e) => {
                self.err(&format!("{e}\n")).await;
                return e.exit_code();
            }
        };
        for w in &loaded.warnings {
            self.warn(w).await;
        }
        let project = &loaded.project;
        let result = match sub {
            "up" => self.compose_up(p, project).await,
            "down" => self.compose_down(p, project).await,
            "ps" => self.compose_ps(p, project).await,
            "logs" => self.compose_logs(p, project).await,
            "build" => self.compose_build(p, project).await,
            "pull" => self.compose_pull(p, project).await,
            "start" | "stop" | "restart" => self.compose_lifecycle(sub, p, project).await,
            "rm" => self.compose_rm(p, project).await,
            "exec" => self.compose_exec(p, project).await,
            "run" => self.compose_run(p, project).await,
            "config" => self.compose_config(p, project).await,
            "top" => self.compose_top(p, project).await,
            _ => Err(format!("{}: this command is not available in wharf yet", p.path)),
        };
        match result {
            Ok(code) => code,
            Err(msg) => {
                self.err(&format!("{msg}\n")).await;
                1
            }
        }
    }

    /// A logrus warning as Compose prints it: on a terminal `WARN[0000] …` (the level in
    /// yellow, the message padded to 44 columns and followed by a space), key=value otherwise.
    async fn warn(&self, msg: &str) {
        self.logrus(("WARN", 33, "warning"), msg).await;
    }

    /// A logrus entry at a level (`ERRO` in red, …), as [`Client::warn`] describes.
    async fn logrus(&self, (short, colour, name): (&str, u8, &str), msg: &str) {
        let line = if self.io.stdout_is_tty() {
            format!("\x1b[{colour}m{short}\x1b[0m[0000] {msg:<44} \n")
        } else {
            // logrus' default time format is RFC 3339 to the second.
            let nano = GoTime::from_unix_nanos(self.now()).rfc3339_nano();
            let stamp = match (nano.find('.'), nano.rfind(['Z', '+', '-'])) {
                (Some(dot), Some(zone)) if zone > dot => format!("{}{}", &nano[..dot], &nano[zone..]),
                _ => nano,
            };
            format!("time={} level={name} msg={}\n", logrus_value(&stamp), logrus_value(msg))
        };
        self.err(&line).await;
    }

    /// `--no-color`, or `--ansi never`.
    fn no_color(&self, p: &Parsed) -> bool {
        p.bool("no-color") || p.string("ansi") == "never"
    }

    /// One progress event: ` Container demo-web-1  Started` (Go's `Println` of an empty
    /// prefix, the ID, an empty text and the status). On a terminal Compose redraws a list
    /// whose final screen shows only finished steps, ticked: ` ✔ Container demo-web-1  Started`.
    async fn progress(&self, id: &str, status: &str) {
        if !self.io.stdout_is_tty() {
            return self.err(&format!(" {id}  {status}\n")).await;
        }
        let mark = match status {
            "Creating" | "Starting" | "Stopping" | "Removing" | "Restarting" | "Recreate" | "Waiting" | "Pulling" | "Killing" => return,
            "Error" => '✘',
            _ => '✔',
        };
        self.err(&format!(" {mark} {id}  {status}\n")).await;
    }

    /// Finds and reads the files, then loads the project (nothing is started on error).
    async fn compose_load(&self, p: &Parsed) -> Result<Loaded, ComposeError> {
        let cwd = self.io.cwd();
        let mut sources = Vec::new();
        if p.values("file").is_empty() {
            let mut dir = cwd.clone();
            loop {
                for name in compose::DEFAULT_FILES {
                    let path = absolute(&dir, name);
                    if let Ok(bytes) = self.io.read_file(&path).await {
                        sources.push(Source { path, text: String::from_utf8_lossy(&bytes).into_owned() });
                        break;
                    }
                }
                if !sources.is_empty() || dir == "/" {
                    break;
                }
                dir = dir_of(&dir);
            }
            let first = sources.first().ok_or(ComposeError::NoConfigFile)?;
            let dir = dir_of(&first.path);
            for name in compose::OVERRIDE_FILES {
                let path = absolute(&dir, name);
                if let Ok(bytes) = self.io.read_file(&path).await {
                    sources.push(Source { path, text: String::from_utf8_lossy(&bytes).into_owned() });
                    break;
                }
            }
        } else {
            for f in p.values("file") {
                let path = absolute(&cwd, f);
                let bytes = self.io.read_file(&path).await.map_err(|_| ComposeError::Unreadable(path.clone()))?;
                sources.push(Source { path, text: String::from_utf8_lossy(&bytes).into_owned() });
            }
        }
        let working_dir = match p.value("project-directory") {
            Some(d) => absolute(&cwd, d),
            None => dir_of(&sources[0].path),
        };
        let mut dotenv = Vec::new();
        let env_files: Vec<String> = if p.values("env-file").is_empty() { vec![absolute(&working_dir, ".env")] } else { p.values("env-file").iter().map(|f| absolute(&cwd, f)).collect() };
        for f in env_files {
            if let Ok(bytes) = self.io.read_file(&f).await {
                dotenv.extend(parse_env_file(&String::from_utf8_lossy(&bytes)));
            }
        }
        let lookup = |k: &str| self.io.getenv(k).or_else(|| dotenv.iter().rev().find(|(key, _)| key == k).and_then(|(_, v)| v.clone()));
        let name = p.value("project-name").map(str::to_string).or_else(|| lookup("COMPOSE_PROJECT_NAME"));
        compose::load(&sources, name.as_deref(), &working_dir, &lookup)
    }

    /// The project's containers, by service then number (`oneoff`: include `run` ones).
    fn members(&self, project: &str, oneoff: bool) -> Vec<Member> {
        let d = self.daemon.borrow();
        let mut out: Vec<Member> = d
            .containers()
            .filter_map(|c| {
                let l = c.config.labels.as_ref()?;
                if l.get(labels::PROJECT).map(String::as_str) != Some(project) {
                    return None;
                }
                let is_oneoff = l.get(labels::ONEOFF).map(String::as_str) == Some("True");
                if is_oneoff && !oneoff {
                    return None;
                }
                Some(Member {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    service: l.get(labels::SERVICE).cloned().unwrap_or_default(),
                    number: l.get(labels::NUMBER).and_then(|n| n.parse().ok()).unwrap_or(0),
                    oneoff: is_oneoff,
                    hash: l.get(labels::CONFIG_HASH).cloned().unwrap_or_default(),
                    image: l.get(labels::IMAGE).cloned().unwrap_or_default(),
                    status: c.state.status,
                })
            })
            .collect();
        crate::sort::by(&mut out, |a, b| (a.oneoff, &a.service, a.number).cmp(&(b.oneoff, &b.service, b.number)));
        out
    }

    /// Members of the services named (all when none), in start order.
    fn members_in_order(&self, project: &Project, services: &[String], oneoff: bool) -> Result<Vec<Member>, String> {
        for s in services {
            if project.service(s).is_none() {
                return Err(format!("no such service: {s}"));
            }
        }
        let order: Vec<String> = if services.is_empty() { plan::start_order(project, &[]).map_err(|e| e.to_string())? } else { services.to_vec() };
        let all = self.members(&project.name, oneoff);
        Ok(order.iter().flat_map(|s| all.iter().filter(move |m| &m.service == s).cloned()).collect())
    }

    /// Stops a container and waits until it has.
    async fn stop_member(&self, id: &str, timeout: Option<i64>) -> Result<(), String> {
        self.daemon.borrow_mut().container_stop(id, timeout).map_err(|e| format!("Error response from daemon: {e}"))?;
        let ticket = self.daemon.borrow_mut().wait_start(id, WaitCondition::NotRunning).map_err(|e| e.to_string())?;
        poll_fn(|cx| self.daemon.borrow_mut().poll_wait(ticket, cx)).await;
        Ok(())
    }

    /// Builds a service's image from its context (the classic builder, as without buildx).
    async fn build_service(&self, project: &Project, svc: &Service, no_cache: bool) -> Result<(), String> {
        let b = svc.build.clone().unwrap_or_default();
        let dir = absolute(&project.working_dir, &b.context);
        let mut tree = self.io.read_tree(&dir).await?;
        let dockerfile = b.dockerfile.clone().unwrap_or_else(|| "Dockerfile".into());
        let ignore = tree.open(".dockerignore").ok().map(|mut r| {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut r, &mut text);
            text
        });
        if let Some(text) = ignore {
            super::build::apply_dockerignore(&mut tree, &DockerIgnore::parse(&text).with_build_files(&dockerfile));
        }
        let mut tar = Vec::new();
        let _ = crate::image::layer::create_from_tree(&tree, &mut tar);
        let options = BuildOptions {
            dockerfile: Some(dockerfile),
            tags: vec![plan::image_name(project, svc)],
            build_args: b.args.clone(),
            target: b.target.clone(),
            no_cache,
            labels: BTreeMap::new(),
            ..BuildOptions::default()
        };
        let printed = RefCell::new(String::new());
        let result = build(self.daemon.clone(), BuildContext::from_tree(tree, tar.len() as u64), options, &mut |s| printed.borrow_mut().push_str(s)).await;
        self.out(&printed.into_inner()).await;
        result.map(|_| ()).map_err(|e| format!("failed to solve: {e}"))
    }

    fn image_id(&self, image: &str) -> Option<String> {
        self.daemon.borrow_mut().images().resolve(image).ok().map(|d| d.to_string())
    }

    /// Builds or pulls what `up`/`run` need: a missing image is built when the service has
    /// `build:` (always with `--build`), else pulled.
    async fn ensure_image(&self, project: &Project, svc: &Service, rebuild: bool) -> Result<(), String> {
        let image = plan::image_name(project, svc);
        let present = self.image_id(&image).is_some();
        if svc.build.is_some() && (rebuild || !present) {
            return self.build_service(project, svc, false).await;
        }
        if !present {
            self.progress_pull(&svc.name, &image).await?;
        }
        Ok(())
    }

    async fn progress_pull(&self, service: &str, image: &str) -> Result<(), String> {
        if !self.io.stdout_is_tty() {
            self.err(&format!(" {service} Pulling \n")).await;
        }
        let reference = crate::image::reference::Reference::parse(image).map_err(|e| e.to_string())?.with_default_tag();
        let pulled = self.daemon.borrow_mut().image_pull(&reference, &mut |_| {});
        match pulled {
            Ok(_) => {
                self.progress_text(service, "Pulled").await;
                Ok(())
            }
            Err(e) => {
                self.progress_text(service, "Error").await;
                Err(format!("Error response from daemon: {e}"))
            }
        }
    }

    /// A progress event whose ID is a service and whose status is its text (pulls):
    /// ` web Pulled ` plain, ` ✔ web Pulled` on a terminal.
    async fn progress_text(&self, service: &str, text: &str) {
        if self.io.stdout_is_tty() {
            let mark = if text == "Error" { '✘' } else { '✔' };
            self.err(&format!(" {mark} {service} {text}\n")).await;
        } else {
            self.err(&format!(" {service} {text} \n")).await;
        }
    }

    /// Reads a service's `env_file`s (relative to the project directory).
    async fn env_files(&self, project: &Project, svc: &Service) -> Result<Vec<Vec<(String, Option<String>)>>, String> {
        let mut out = Vec::new();
        for f in &svc.env_file {
            let path = absolute(&project.working_dir, f);
            let bytes = self.io.read_file(&path).await.map_err(|_| format!("env file {path} not found: stat {path}: no such file or directory"))?;
            out.push(parse_env_file(&String::from_utf8_lossy(&bytes)));
        }
        Ok(out)
    }

    /// Creates replica `number` (or a `run` container named `name`).
    async fn create_member(&self, project: &Project, svc: &Service, number: u32, oneoff: Option<(String, Vec<String>)>) -> Result<String, String> {
        let env_files = self.env_files(project, svc).await?;
        let image_id = self.image_id(&plan::image_name(project, svc)).unwrap_or_default();
        let getenv = |k: &str| self.io.getenv(k);
        let network = svc.networks.first().and_then(|k| project.networks.get(k)).map(|n| n.name.clone());
        let inputs = plan::Inputs { env: &getenv, env_files, image_id, network };
        let mut req = plan::create_request(project, svc, number, oneoff.is_some(), &inputs);
        if let Some((name, cmd)) = oneoff {
            req.name = Some(name);
            if !cmd.is_empty() {
                req.config.cmd = Some(cmd);
            }
        }
        let created = self.daemon.borrow_mut().container_create(req);
        created.map_err(|e| format!("Error response from daemon: {e}"))
    }

    /// `down`: containers (dependents first), orphans with `--remove-orphans`, then the
    /// networks, images (`--rmi`) and volumes (`-v`).
    async fn compose_down(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        let mut members = self.members_in_order(project, &[], true)?;
        members.reverse();
        let timeout = p.has("timeout").then(|| p.int("timeout"));
        let volumes = p.bool("volumes");
        self.take_down(project, &members, timeout, Teardown::Remove { volumes }).await?;
        if p.bool("remove-orphans") {
            let orphans = self.orphans(project);
            self.take_down_together(&orphans, timeout, Teardown::Remove { volumes: false }).await?;
        }
        let mut res = DaemonResources { daemon: self.daemon.clone() };
        for net in project.networks.values().filter(|n| !n.external) {
            let used = project.services.iter().any(|s| s.network_mode.is_none() && s.networks.iter().any(|k| project.networks[k].name == net.name));
            if !used || self.daemon.borrow_mut().network_lookup(&net.name).is_err() {
                continue;
            }
            let id = format!("Network {}", net.name);
            self.progress(&id, "Removing").await;
            if res.network_in_use(&net.name) {
                self.progress(&id, "Resource is still in use").await;
            } else if res.remove_network(&net.name)? {
                self.progress(&id, "Removed").await;
            }
        }
        if let Some(which) = p.value("rmi") {
            for svc in &project.services {
                if which == "local" && svc.image.is_some() {
                    continue;
                }
                // As `docker rmi`: untagged, and deleted when nothing else names it.
                let image = plan::image_name(project, svc);
                let id = format!("Image {image}");
                self.progress(&id, "Removing").await;
                let removed = self.daemon.borrow_mut().image_remove(&image, false);
                match removed {
                    Ok(_) => self.progress(&id, "Removed").await,
                    Err(e) if e.status == 409 => self.progress(&id, "Resource is still in use").await,
                    Err(_) => self.progress(&id, "Warning: No resource found to remove").await,
                }
            }
        }
        if volumes {
            for vol in project.volumes.values().filter(|v| !v.external) {
                if res.remove_volume(&vol.name)? {
                    self.progress(&format!("Volume {}", vol.name), "Removing").await;
                    self.progress(&format!("Volume {}", vol.name), "Removed").await;
                }
            }
        }
        Ok(0)
    }

    /// The project's containers whose service the files no longer have (one-off ones
    /// included), by name.
    fn orphans(&self, project: &Project) -> Vec<Member> {
        let mut out: Vec<Member> = self.members(&project.name, true).into_iter().filter(|m| project.service(&m.service).is_none()).collect();
        crate::sort::by(&mut out, |a, b| a.name.cmp(&b.name));
        out
    }

    /// `build [SERVICE...]`.
    async fn compose_build(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        let names: Vec<String> = if p.args.is_empty() { project.services.iter().map(|s| s.name.clone()).collect() } else { p.args.clone() };
        for name in &names {
            let svc = project.service(name).ok_or_else(|| format!("no such service: {name}"))?;
            if svc.build.is_some() {
                self.build_service(project, svc, p.bool("no-cache")).await?;
            }
        }
        Ok(0)
    }

    /// `pull [SERVICE...]`.
    async fn compose_pull(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        for svc in &project.services {
            if !p.args.is_empty() && !p.args.contains(&svc.name) {
                continue;
            }
            match &svc.image {
                Some(image) if svc.build.is_none() || !p.bool("ignore-buildable") => self.progress_pull(&svc.name, image).await?,
                _ => self.err(&format!(" {} Skipped - No image to be pulled \n", svc.name)).await,
            }
        }
        Ok(0)
    }

    /// `start`, `stop`, `restart`: `start` and `restart` in dependency order, `stop` in
    /// reverse; the containers of one wave at once.
    async fn compose_lifecycle(&self, sub: &str, p: &Parsed, project: &Project) -> Result<i32, String> {
        let mut members = self.members_in_order(project, &p.args, false)?;
        let timeout = p.has("timeout").then(|| p.int("timeout"));
        if sub == "stop" {
            members.reverse();
            self.take_down(project, &members, timeout, Teardown::Stop).await?;
            return Ok(0);
        }
        for wave in plan::waves(project, &p.args, false) {
            let wave: Vec<&Member> = members.iter().filter(|m| wave.contains(&m.service)).collect();
            if sub == "restart" {
                self.restart_together(&wave, timeout).await?;
                continue;
            }
            for m in wave.into_iter().filter(|m| !m.running()) {
                let id = format!("Container {}", m.name);
                self.progress(&id, "Starting").await;
                let started = self.daemon.borrow_mut().container_start(&m.id);
                started.map_err(|e| format!("Error response from daemon: {e}"))?;
                self.progress(&id, "Started").await;
            }
        }
        Ok(0)
    }

    /// Restarts one wave: each container is stopped (all at once) and started again as
    /// soon as it has stopped, as the Engine API's restart does.
    async fn restart_together(&self, wave: &[&Member], timeout: Option<i64>) -> Result<(), String> {
        let mut waiting = Vec::new();
        for m in wave {
            self.progress(&format!("Container {}", m.name), "Restarting").await;
            let ticket = {
                let mut d = self.daemon.borrow_mut();
                d.container_stop(&m.id, timeout).map_err(|e| format!("Error response from daemon: {e}"))?;
                d.wait_start(&m.id, WaitCondition::NotRunning).map_err(|e| e.to_string())?
            };
            waiting.push(Some(ticket));
        }
        while waiting.iter().any(Option::is_some) {
            let i = poll_fn(|cx| {
                let mut d = self.daemon.borrow_mut();
                for (i, t) in waiting.iter().enumerate() {
                    if let Some(t) = t {
                        if d.poll_wait(*t, cx).is_ready() {
                            return std::task::Poll::Ready(i);
                        }
                    }
                }
                std::task::Poll::Pending
            })
            .await;
            waiting[i] = None;
            let started = self.daemon.borrow_mut().container_start(&wave[i].id);
            started.map_err(|e| format!("Error response from daemon: {e}"))?;
            self.progress(&format!("Container {}", wave[i].name), "Started").await;
        }
        Ok(())
    }

    /// `rm [-f] [-s]`.
    async fn compose_rm(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        let members = self.members_in_order(project, &p.args, true)?;
        if p.bool("stop") {
            let mut running: Vec<Member> = members.iter().filter(|m| m.running()).cloned().collect();
            running.reverse();
            self.take_down(project, &running, None, Teardown::Stop).await?;
        }
        let stopped: Vec<Member> = self.members_in_order(project, &p.args, true)?.into_iter().filter(|m| !m.running()).collect();
        if stopped.is_empty() {
            self.out("No stopped containers\n").await;
            return Ok(0);
        }
        if !p.bool("force") {
            let names: Vec<&str> = stopped.iter().map(|m| m.name.as_str()).collect();
            self.out(&format!("Going to remove {}\n? Are you sure? (y/N) ", names.join(", "))).await;
            let mut buf = [0u8; 256];
            let n = self.io.read_stdin(&mut buf).await;
            if !matches!(buf[..n].first(), Some(b'y') | Some(b'Y')) {
                return Ok(0);
            }
        }
        for m in &stopped {
            let id = format!("Container {}", m.name);
            self.progress(&id, "Removing").await;
            let removed = self.daemon.borrow_mut().container_remove(&m.id, false);
            removed.map_err(|e| format!("Error response from daemon: {e}"))?;
            self.progress(&id, "Removed").await;
        }
        Ok(0)
    }

    /// `exec SERVICE COMMAND...`.
    async fn compose_exec(&self, p: &Parsed, project: &Project) -> Result<i32, String> {
        let service = &p.args[0];
        if project.service(service).is_none() {
            return Err(format!("no such service: {service}"));
        }
        let index = if p.has("index") { p.int("index") as u32 } else { 1 };
        let members = self.members_in_order(project, std::slice::from_ref(service), false)?;
        let Some(m) = members.iter().find(|m| m.number == index && m.running()) else {
            return Err(format!("service \"{service}\" is not running"));
        };
        let tty = !p.bool("no-TTY") && self.io.stdin_is_tty();
        let options = ExecOptions {
            cmd: p.args[1..].to_vec(),
            env: p.values("env").to_vec(),
            workdir: p.string("workdir").to_string(),
            user: p.string("user").to_string(),
            tty,
            stdin: !p.bool("detach"),
            detach: p.bool("detach"),
        };
        let created = self.daemon.borrow_mut().exec_create(&m.id, options);
        let exec_id = created.map_err(|e| format!("Error response from daemon: {e}"))?;
        let started = self.daemon.borrow_mut().exec_start(&exec_id);
        if let Err(e) = started {
            self.err(&format!("{e}\n")).await;
            return Ok(self.daemon.borrow().exec(&exec_id).and_then(|e| e.exit_code).unwrap_or(126));
        }
        if p.bool("detach") {
            return Ok(0);
        }
        self.stream_exec(&exec_id, true).await;
        Ok(poll_fn(|cx| self.daemon.borrow_mut().poll_exec_exit(&exec_id, cx)).await)
    }

}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_flags() {
        let argv: Vec<String> = ["compose", "up", "--scale", "web=3", "--scale", "db=1"].iter().map(|s| s.to_string()).collect();
        let Ok(crate::cli::grammar::Invocation::Run(p)) = crate::cli::grammar::parse(&argv) else { panic!("parses") };
        let s = scales(&p).unwrap();
        assert_eq!((s["web"], s["db"]), (3, 1));
    }

    #[test]
    fn logrus_quotes_only_when_needed() {
        assert_eq!(logrus_value("3"), "3");
        assert_eq!(logrus_value("2026-01-01T00:00:00Z"), "\"2026-01-01T00:00:00Z\"");
        assert_eq!(logrus_value("a b"), "\"a b\"");
    }

    #[test]
    fn paths_resolve_against_the_working_directory() {
        assert_eq!(absolute("/home/u/app", "docker-compose.yml"), "/home/u/app/docker-compose.yml");
        assert_eq!(absolute("/home/u/app", "../x/./c.yml"), "/home/u/x/c.yml");
        assert_eq!(dir_of("/home/u/app/compose.yaml"), "/home/u/app");
        assert_eq!(dir_of("/compose.yaml"), "/");
    }
}
