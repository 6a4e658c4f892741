//! The stage loop and one `dispatch_*` per metadata instruction (`builder/dockerfile/
//! dispatchers.go`); RUN is in `run`, COPY/ADD in `copy`.

use std::collections::BTreeMap;

use super::args::BuildArgs;
use super::commit::{self, Step};
use super::stages::Plan;
use super::{BuildContext, BuildError, BuildOptions};
use crate::api::container::HealthConfig;
use crate::api::container::Empty;
use crate::api::ContainerConfig;
use crate::build::ast::{Args, Instruction, Node};
use crate::build::shell::{expand, expand_words};
use crate::daemon::DaemonRef;
use crate::digest::Digest;
use crate::golang::quote;

pub(crate) use super::gofmt::quote_list;
use super::gofmt::{go_duration, go_quote_rune};

/// The PATH a stage gets when its base image sets none.
const DEFAULT_PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// One stage's state while it is dispatched (`dispatchState`).
pub(crate) struct State {
    /// The image the next step starts from (`None`: scratch).
    pub image_id: Option<Digest>,
    /// The run config the image will carry.
    pub config: ContainerConfig,
    /// Whether this stage set CMD (ENTRYPOINT then keeps it).
    pub cmd_set: bool,
    /// MAINTAINER.
    pub maintainer: String,
    /// Build arguments.
    pub args: BuildArgs,
    /// The cache missed once in this stage: every later step runs.
    pub cache_busted: bool,
}

impl State {
    /// `KEY=value` pairs for expansion: ENV first (it wins), then declared args.
    pub fn expand_env(&self) -> Vec<(String, String)> {
        let env = self.config.env.clone().unwrap_or_default();
        let mut out: Vec<(String, String)> = env.iter().map(|e| e.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())).unwrap_or((e.clone(), String::new()))).collect();
        out.extend(self.args.allowed_values(&env));
        out
    }

    /// The shell for shell-form instructions.
    pub fn shell(&self) -> Vec<String> {
        if self.config.shell.is_empty() {
            vec!["/bin/sh".to_string(), "-c".to_string()]
        } else {
            self.config.shell.clone()
        }
    }
}

/// The classic builder over one build.
pub(crate) struct Builder<'c> {
    pub daemon: DaemonRef,
    pub context: &'c BuildContext,
    pub options: &'c BuildOptions,
    pub escape: char,
    args: BuildArgs,
    /// Finished stages: name and image, by index.
    pub stages: Vec<(Option<String>, Option<Digest>)>,
}

impl<'c> Builder<'c> {
    pub fn new(daemon: DaemonRef, context: &'c BuildContext, options: &'c BuildOptions, escape: char) -> Builder<'c> {
        Builder { daemon, context, options, escape, args: BuildArgs::new(options.build_args.clone()), stages: Vec::new() }
    }

    /// Runs the plan; returns the last stage's image.
    pub async fn run(&mut self, plan: &Plan, out: &mut dyn FnMut(&str)) -> Result<Digest, BuildError> {
        let total = plan.total_steps();
        let mut n = 0;
        let mut step = |out: &mut dyn FnMut(&str), node: &Node| {
            n += 1;
            out(&format!("Step {n}/{total} : {}\n", node.original));
        };
        for node in &plan.meta_args {
            step(out, node);
            for (key, value) in self.arg_words(node, &self.args.meta_values())? {
                self.args.add_meta_arg(&key, value);
            }
        }
        let mut last = None;
        for stage in &plan.stages {
            step(out, &stage.from);
            let mut st = self.begin_stage(&stage.from, &stage.base, out).await?;
            out(&format!(" ---> {}\n", short(&st.image_id)));
            for node in &stage.commands {
                step(out, node);
                self.dispatch(&mut st, node, out).await?;
                out(&format!(" ---> {}\n", short(&st.image_id)));
            }
            self.args.merge_referenced(&st.args);
            self.stages.push((stage.name.clone(), st.image_id));
            last = st.image_id;
        }
        if let Some(w) = self.args.unused_warning() {
            out(&w);
        }
        last.ok_or_else(|| BuildError::step(Default::default(), "No image was generated. Is your Dockerfile empty?"))
    }

    /// ARG's `name[=value]` words, values expanded.
    fn arg_words(&self, node: &Node, env: &[(String, String)]) -> Result<Vec<(String, Option<String>)>, BuildError> {
        let env = env.to_vec();
        let words: Vec<String> = node.args.strings().iter().map(|s| s.to_string()).collect();
        let mut out = Vec::new();
        for w in words {
            match w.split_once('=') {
                Some((k, v)) => out.push((k.to_string(), Some(expand(v, &env, self.escape).map_err(|e| BuildError::step(node.span, e.to_string()))?))),
                None => out.push((w, None)),
            }
        }
        Ok(out)
    }

    /// FROM: resolves the base (a stage name, scratch, or an image) and runs its triggers.
    async fn begin_stage(&mut self, from: &Node, base: &str, out: &mut dyn FnMut(&str)) -> Result<State, BuildError> {
        let base = expand(base, &self.args.meta_values(), self.escape).map_err(|e| BuildError::step(from.span, e.to_string()))?;
        let image_id = if base.eq_ignore_ascii_case("scratch") {
            None
        } else if let Some((_, id)) = self.stages.iter().find(|(n, _)| n.as_deref() == Some(base.to_lowercase().as_str())) {
            *id
        } else {
            Some(self.resolve_image(&base, out)?)
        };
        let mut config = match &image_id {
            Some(id) => self.daemon.borrow_mut().images().config(id)?.config.unwrap_or_default(),
            None => ContainerConfig::default(),
        };
        let triggers = config.on_build.take().unwrap_or_default();
        let env = config.env.get_or_insert_with(Vec::new);
        if !env.iter().any(|e| e.starts_with("PATH=")) {
            env.push(DEFAULT_PATH.to_string());
        }
        let mut st = State { image_id, config, cmd_set: false, maintainer: String::new(), args: self.args.for_stage(), cache_busted: false };
        if !triggers.is_empty() {
            out(&format!("# Executing {} build trigger{}\n", triggers.len(), if triggers.len() > 1 { "s" } else { "" }));
            for t in triggers {
                let parsed = crate::build::parser::parse(&format!("{t}\n"))?;
                for node in parsed.ast.nodes {
                    if matches!(node.instruction, Instruction::Onbuild | Instruction::From | Instruction::Maintainer) {
                        return Err(BuildError::step(from.span, format!("{} isn't allowed as an ONBUILD trigger", node.instruction.name().to_uppercase())));
                    }
                    self.dispatch(&mut st, &node, out).await?;
                }
            }
        }
        Ok(st)
    }

    /// Looks an image up by what FROM or `COPY --from` says, pulling it when it is missing
    /// (as the classic builder does), with the pull's progress in the build output.
    pub fn resolve_image(&self, name: &str, out: &mut dyn FnMut(&str)) -> Result<Digest, BuildError> {
        // `--pull` asks the registry even when the image is here (and fails when it cannot).
        if !self.options.pull {
            if let Ok(id) = self.daemon.borrow_mut().images().resolve(name) {
                return Ok(id);
            }
        }
        let shown = || crate::image::reference::Reference::parse(name).map(|r| r.familiar_name()).unwrap_or_else(|_| name.to_string());
        let Ok(reference) = crate::image::reference::Reference::parse(name) else { return Err(BuildError::ImageNotFound(shown())) };
        let mut lines = Vec::new();
        let pulled = self.daemon.borrow_mut().image_pull(&reference, &mut |l| lines.push(l.to_string()));
        match pulled {
            Ok(p) => {
                lines.pop(); // the full reference: `docker pull` prints it, a build does not
                for l in lines {
                    out(&format!("{l}\n"));
                }
                Ok(p.id)
            }
            Err(e) => Err(BuildError::Pull(e.kind.to_string())),
        }
    }

    async fn dispatch(&mut self, st: &mut State, node: &Node, out: &mut dyn FnMut(&str)) -> Result<(), BuildError> {
        st.config.image = st.image_id.map(|d| d.to_string()).unwrap_or_default();
        let env = st.expand_env();
        let ex = |w: &str| expand(w, &env, self.escape).map_err(|e| BuildError::step(node.span, e.to_string()));
        match node.instruction {
            Instruction::Run => super::run::dispatch_run(self, st, node, out).await,
            Instruction::Copy | Instruction::Add => super::copy::dispatch_copy(self, st, node, out),
            Instruction::Workdir => super::run::dispatch_workdir(self, st, node, out),
            Instruction::Env => {
                let mut msg = String::from("ENV");
                if let Args::Pairs(pairs) = &node.args {
                    for p in pairs {
                        let (k, v) = (ex(&p.key)?, ex(&p.value)?);
                        let new = format!("{k}={v}");
                        msg.push(' ');
                        msg.push_str(&new);
                        let env = st.config.env.get_or_insert_with(Vec::new);
                        match env.iter_mut().find(|e| e.split('=').next() == Some(k.as_str())) {
                            Some(e) => *e = new,
                            None => env.push(new),
                        }
                    }
                }
                self.commit_meta(st, &msg, out)
            }
            Instruction::Label => {
                let mut msg = String::from("LABEL");
                if let Args::Pairs(pairs) = &node.args {
                    for p in pairs {
                        let (k, v) = (ex(&p.key)?, ex(&p.value)?);
                        msg.push_str(&format!(" {k}={v}"));
                        st.config.labels.get_or_insert_with(BTreeMap::new).insert(k, v);
                    }
                }
                self.commit_meta(st, &msg, out)
            }
            Instruction::Maintainer => {
                st.maintainer = node.args.strings().join(" ");
                let msg = format!("MAINTAINER {}", st.maintainer);
                self.commit_meta(st, &msg, out)
            }
            Instruction::Expose => {
                let mut ports = Vec::new();
                for w in node.args.strings() {
                    ports.extend(expand_words(w, &env, self.escape).map_err(|e| BuildError::step(node.span, e.to_string()))?);
                }
                for p in &ports {
                    for spec in port_specs(p).map_err(|m| BuildError::step(node.span, m))? {
                        st.config.exposed_ports.insert(spec, Empty {});
                    }
                }
                self.commit_meta(st, &format!("EXPOSE {}", ports.join(" ")), out)
            }
            Instruction::User => {
                st.config.user = ex(&node.args.strings().join(" "))?;
                let msg = format!("USER {}", st.config.user);
                self.commit_meta(st, &msg, out)
            }
            Instruction::Volume => {
                let mut vols = Vec::new();
                for w in node.args.strings() {
                    let v = ex(w)?;
                    if v.is_empty() {
                        return Err(BuildError::step(node.span, "VOLUME specified can not be an empty string"));
                    }
                    st.config.volumes.get_or_insert_with(BTreeMap::new).insert(v.clone(), Empty {});
                    vols.push(v);
                }
                self.commit_meta(st, &format!("VOLUME [{}]", vols.join(" ")), out)
            }
            Instruction::Stopsignal => {
                st.config.stop_signal = ex(&node.args.strings().join(" "))?;
                let msg = format!("STOPSIGNAL {}", st.config.stop_signal);
                self.commit_meta(st, &msg, out)
            }
            Instruction::Healthcheck => {
                let health = healthcheck(node, &st.shell())?;
                let msg = format!(
                    "HEALTHCHECK &{{{} {} {} {} {}}}",
                    quote_list(&health.test),
                    quote(&go_duration(health.interval)),
                    quote(&go_duration(health.timeout)),
                    quote(&go_duration(health.start_period)),
                    go_quote_rune(health.retries)
                );
                st.config.healthcheck = Some(health);
                self.commit_meta(st, &msg, out)
            }
            Instruction::Cmd => {
                let cmd = command_line(&node.args, &st.shell());
                st.config.cmd = Some(cmd.clone());
                let msg = format!("CMD {}", quote_list(&cmd));
                self.commit_meta(st, &msg, out)?;
                if !cmd.is_empty() {
                    st.cmd_set = true;
                }
                Ok(())
            }
            Instruction::Entrypoint => {
                let ep = command_line(&node.args, &st.shell());
                st.config.entrypoint = Some(ep.clone());
                if !st.cmd_set {
                    st.config.cmd = None;
                }
                self.commit_meta(st, &format!("ENTRYPOINT {}", quote_list(&ep)), out)
            }
            Instruction::Shell => {
                let shell: Vec<String> = node.args.strings().iter().map(|s| s.to_string()).collect();
                st.config.shell = shell.clone();
                self.commit_meta(st, &format!("SHELL [{}]", shell.join(" ")), out)
            }
            Instruction::Onbuild => {
                let expr = onbuild_expression(&node.original);
                st.config.on_build.get_or_insert_with(Vec::new).push(expr.clone());
                self.commit_meta(st, &format!("ONBUILD {expr}"), out)
            }
            Instruction::Arg => {
                let mut parts = Vec::new();
                for (k, v) in self.arg_words(node, &env)? {
                    parts.push(match &v {
                        Some(v) => format!("{k}={v}"),
                        None => k.clone(),
                    });
                    st.args.add_arg(&k, v);
                }
                self.commit_meta(st, &format!("ARG {}", parts.join(" ")), out)
            }
            Instruction::From => Err(BuildError::step(node.span, "FROM inside a stage")),
        }
    }

    /// A fresh container ID (64 hex digits from the kernel's randomness).
    pub fn container_id(&self) -> String {
        let mut buf = [0u8; 32];
        self.daemon.borrow_mut().kernel().fill_random(&mut buf);
        hex::encode(buf)
    }

    /// Probes the cache for a step; on a hit prints ` ---> Using cache` and moves to it.
    pub fn probe(&self, st: &mut State, config: &ContainerConfig, out: &mut dyn FnMut(&str)) -> Result<bool, BuildError> {
        self.probe_keyed(st, config, "", out)
    }

    /// [`Builder::probe`] for a step whose cache key has more than its config (`extra`: a
    /// RUN's bind mounts' content hash).
    pub fn probe_keyed(&self, st: &mut State, config: &ContainerConfig, extra: &str, out: &mut dyn FnMut(&str)) -> Result<bool, BuildError> {
        if self.options.no_cache || st.cache_busted {
            return Ok(false);
        }
        match commit::probe(&self.daemon, st.image_id.as_ref(), config, extra)? {
            Some(id) => {
                out(" ---> Using cache\n");
                st.image_id = Some(id);
                Ok(true)
            }
            None => {
                st.cache_busted = true;
                Ok(false)
            }
        }
    }

    /// A metadata step (`b.commit`): probe the cache, else "run" a container that changes
    /// nothing and commit it with the instruction as its `#(nop)` command.
    fn commit_meta(&self, st: &mut State, comment: &str, out: &mut dyn FnMut(&str)) -> Result<(), BuildError> {
        let mut cc = st.config.clone();
        cc.cmd = Some(vec!["/bin/sh".into(), "-c".into(), "#(nop) ".into(), comment.to_string()]);
        if self.probe(st, &cc, out)? {
            return Ok(());
        }
        let id = self.container_id();
        out(&format!(" ---> Running in {}\n", &id[..12]));
        cc.hostname = id[..12].to_string();
        let new = commit::commit(&self.daemon, Step { parent: st.image_id, config: &st.config, container_config: &cc, container_id: &id, author: &st.maintainer, comment: "", layer: None, cache_extra: "" })?;
        if self.options.keep_containers {
            // `--rm=false`: the step's container stays, created, over its parent's layers.
            let top = super::run::top_chain(&self.daemon, st.image_id.as_ref())?;
            self.daemon.borrow_mut().kernel().create_rootfs(&id, top.as_ref())?;
            commit::keep_container(&self.daemon, &id, st.image_id, commit::Kept { started: None, config: &cc })?;
        } else {
            out(&format!("Removing intermediate container {}\n", &id[..12]));
        }
        st.image_id = Some(new);
        Ok(())
    }
}

/// ` ---> 55d09268a59e` (empty for scratch).
fn short(id: &Option<Digest>) -> String {
    id.map(|d| d.short()).unwrap_or_default()
}

/// Exec form as is; shell form wrapped in the shell (`/bin/sh -c "..."`).
pub(crate) fn command_line(args: &Args, shell: &[String]) -> Vec<String> {
    match args {
        Args::Json(v) => v.clone(),
        Args::Empty => Vec::new(),
        other => {
            let mut v = shell.to_vec();
            v.push(other.strings().join(" "));
            v
        }
    }
}

/// ONBUILD's trigger text: the original line without `ONBUILD` (any case) and the spaces after.
fn onbuild_expression(original: &str) -> String {
    let t = original.trim_start();
    t.get(7..).filter(|_| t[..7].eq_ignore_ascii_case("onbuild")).unwrap_or(t).trim_start().to_string()
}

/// HEALTHCHECK's config from its flags and command.
fn healthcheck(node: &Node, shell: &[String]) -> Result<HealthConfig, BuildError> {
    let Args::Health { kind, command } = &node.args else { return Err(BuildError::step(node.span, "HEALTHCHECK requires an argument")) };
    let mut h = HealthConfig::default();
    if kind.eq_ignore_ascii_case("NONE") {
        h.test = vec!["NONE".into()];
        return Ok(h);
    }
    h.test = match command.as_ref() {
        Args::Json(v) => std::iter::once("CMD".to_string()).chain(v.iter().cloned()).collect(),
        other => vec!["CMD-SHELL".to_string(), other.strings().join(" ")],
    };
    let _ = shell;
    for f in &node.flags {
        let (name, value) = f.trim_start_matches('-').split_once('=').unwrap_or((f.trim_start_matches('-'), ""));
        let dur = || crate::golang::parse_duration(value).map_err(|e| BuildError::step(node.span, e));
        match name {
            "interval" => h.interval = dur()?,
            "timeout" => h.timeout = dur()?,
            "start-period" => h.start_period = dur()?,
            "retries" => h.retries = value.parse().map_err(|_| BuildError::step(node.span, format!("strconv.ParseInt: parsing {}: invalid syntax", quote(value))))?,
            _ => {}
        }
    }
    Ok(h)
}

/// `nat.ParsePortSpecs` for EXPOSE: `80`, `80/udp`, `8000-8002` → `80/tcp`...
fn port_specs(p: &str) -> Result<Vec<String>, String> {
    let (ports, proto) = p.split_once('/').unwrap_or((p, "tcp"));
    let bad = || format!("invalid containerPort: {ports}");
    let (lo, hi) = match ports.split_once('-') {
        Some((a, b)) => (a.parse::<u16>().map_err(|_| bad())?, b.parse::<u16>().map_err(|_| bad())?),
        None => {
            let n = ports.parse::<u16>().map_err(|_| bad())?;
            (n, n)
        }
    };
    Ok((lo..=hi).map(|n| format!("{n}/{}", proto.to_lowercase())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_ports_and_shell_form() {
        assert_eq!(onbuild_expression("onbuild  RUN echo hi"), "RUN echo hi");
        assert_eq!(port_specs("8000-8001/UDP").unwrap(), ["8000/udp", "8001/udp"]);
        assert_eq!(command_line(&Args::Shell("echo hi".into()), &["/bin/sh".into(), "-c".into()]), ["/bin/sh", "-c", "echo hi"]);
    }
}
