//! RUN (a process in the step's container) and WORKDIR (a directory made in one).
//!
//! A RUN container is a root filesystem over the current image's layers, a process in new
//! mount, PID, UTS and IPC namespaces with the stage's environment (plus build args), user and
//! working directory; its output streams to the client while it runs. The upper layer's diff
//! becomes the step's layer.

use std::future::poll_fn;
use std::io::Read;
use std::task::Poll;

use super::commit::{commit_root, Kept};
use super::mounts;
use super::dispatch::{command_line, Builder, State};
use super::BuildError;
use crate::build::ast::Node;
use crate::daemon::DaemonRef;
use crate::digest::Digest;
use crate::fs::{Attrs, FsWrite};
use crate::image::oci::chain_ids;
use crate::kernel::{KernelError, NamespaceMode, Namespaces, Pid, ProcessSpec, Stream};

/// The top chain ID of image `id`'s layers (`None`: no layers).
pub(crate) fn top_chain(daemon: &DaemonRef, id: Option<&Digest>) -> Result<Option<Digest>, BuildError> {
    let Some(id) = id else { return Ok(None) };
    let rec = daemon.borrow_mut().images().get(id)?;
    let diffs: Vec<Digest> = rec.layers.iter().map(|l| l.diff_id).collect();
    Ok(chain_ids(&diffs).last().copied())
}

/// Creates directory `path` (absolute) and its parents in the tree, root-owned 0755, following
/// symlinks of existing components inside the root.
pub(crate) fn mkdir_all(fs: &mut dyn FsWrite, path: &str, mtime: i64) -> Result<String, KernelError> {
    let mut real = String::new();
    let mut hops = 0;
    let mut parts: Vec<String> = path.split('/').filter(|p| !p.is_empty() && *p != ".").map(String::from).collect();
    parts.reverse();
    while let Some(part) = parts.pop() {
        if part == ".." {
            real = crate::fs::path::split(&real).0.to_string();
            continue;
        }
        let next = if real.is_empty() { part.clone() } else { crate::fs::path::join(&real, &part) };
        match fs.lstat(&next)? {
            None => fs.mkdir(&next, &Attrs { mode: 0o755, uid: 0, gid: 0, mtime })?,
            Some(m) if m.kind == crate::fs::FileKind::Symlink => {
                hops += 1;
                if hops > 40 {
                    return Err(KernelError::Other(format!("{path}: too many levels of symbolic links")));
                }
                let target = fs.read_link(&next)?;
                let mut more: Vec<String> = target.split('/').filter(|p| !p.is_empty() && *p != ".").map(String::from).collect();
                more.reverse();
                parts.extend(more);
                if target.starts_with('/') {
                    real = String::new();
                }
                continue;
            }
            Some(m) if m.kind != crate::fs::FileKind::Dir => return Err(KernelError::Fs(crate::fs::FsError::NotADirectory(next))),
            Some(_) => {}
        }
        real = next;
    }
    Ok(real)
}

fn read_text(fs: &dyn FsWrite, path: &str) -> String {
    let mut s = String::new();
    if let Ok(mut r) = fs.open(path) {
        let _ = r.read_to_string(&mut s);
    }
    s
}

/// A user or group named in USER or `--chown` that the root's databases lack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UserError {
    /// No such user (and not a number).
    NoUser(String),
    /// No such group (and not a number).
    NoGroup(String),
}

/// Resolves `user[:group]` against the root's `/etc/passwd` and `/etc/group`, as runc does:
/// names or numbers; a user's primary group unless a group is given.
pub(crate) fn resolve_user(fs: &dyn FsWrite, spec: &str) -> Result<(u32, u32), UserError> {
    resolve_user_home(fs, spec).map(|(uid, gid, _)| (uid, gid))
}

/// [`resolve_user`] and the user's home directory from `/etc/passwd` (`/` without an entry):
/// runc sets `HOME` to it when the environment has none, so `~` works in RUN.
pub(crate) fn resolve_user_home(fs: &dyn FsWrite, spec: &str) -> Result<(u32, u32, String), UserError> {
    let spec = if spec.is_empty() { "0" } else { spec };
    let (user, group) = spec.split_once(':').map(|(u, g)| (u, Some(g))).unwrap_or((spec, None));
    let passwd = read_text(fs, "etc/passwd");
    let entry = passwd.lines().map(|l| l.split(':').collect::<Vec<_>>()).find(|f| f.len() > 3 && (f[0] == user || f[2] == user));
    let home = entry.as_ref().and_then(|f| f.get(5)).filter(|h| !h.is_empty()).map_or("/".to_string(), |h| h.to_string());
    let (uid, mut gid) = match (user.parse::<u32>(), &entry) {
        (_, Some(f)) => (f[2].parse().unwrap_or(0), f[3].parse().unwrap_or(0)),
        (Ok(n), None) => (n, 0),
        (Err(_), None) => return Err(UserError::NoUser(user.to_string())),
    };
    if let Some(g) = group {
        let groups = read_text(fs, "etc/group");
        gid = match groups.lines().map(|l| l.split(':').collect::<Vec<_>>()).find(|f| f.len() > 2 && (f[0] == g || f[2] == g)) {
            Some(f) => f[2].parse().unwrap_or(0),
            None => g.parse().map_err(|_| UserError::NoGroup(g.to_string()))?,
        };
    }
    Ok((uid, gid, home))
}

/// What dockerd reports when runc cannot start a step's command (containerd 1.6, runc 1.1).
fn runtime_error(arg0: &str, e: &KernelError) -> String {
    let why = match e {
        KernelError::PermissionDenied(_) => "permission denied".to_string(),
        _ if arg0.contains('/') => format!("stat {arg0}: no such file or directory"),
        _ => "executable file not found in $PATH".to_string(),
    };
    format!("failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: {}: {why}: unknown", crate::golang::quote(arg0))
}

/// Streams `pid`'s stdout and stderr to `out` until both end.
async fn stream_output(daemon: &DaemonRef, pid: Pid, out: &mut dyn FnMut(&str)) {
    let mut open = [true, true];
    loop {
        let chunk = poll_fn(|cx| {
            let mut d = daemon.borrow_mut();
            let mut buf = [0u8; 4096];
            for (i, stream) in [Stream::Stdout, Stream::Stderr].into_iter().enumerate() {
                if !open[i] {
                    continue;
                }
                match d.kernel().poll_read_output(pid, stream, &mut buf, cx) {
                    Poll::Ready(Ok(0)) | Poll::Ready(Err(_)) => open[i] = false,
                    Poll::Ready(Ok(n)) => return Poll::Ready(Some(buf[..n].to_vec())),
                    Poll::Pending => {}
                }
            }
            if open.iter().any(|o| *o) {
                Poll::Pending
            } else {
                Poll::Ready(None)
            }
        })
        .await;
        match chunk {
            Some(bytes) => out(&String::from_utf8_lossy(&bytes)),
            None => return,
        }
    }
}

/// The command of a RUN, heredocs included as BuildKit runs them: a RUN that is only
/// `<<EOF` runs the body as a shell script; otherwise the heredocs follow the command line,
/// for the shell to feed them (`RUN cat <<EOF > /file`).
fn heredoc_command(node: &Node, shell: &[String]) -> Result<Vec<String>, BuildError> {
    let cmd = command_line(&node.args, shell);
    if node.heredocs.is_empty() {
        return Ok(cmd);
    }
    let crate::build::ast::Args::Shell(line) = &node.args else {
        return Err(BuildError::step(node.span, "heredocs are only supported in the shell form of RUN"));
    };
    let only = node.heredocs.len() == 1 && line.trim().trim_start_matches("<<").trim_start_matches('-').trim_matches(|c| c == '"' || c == '\'') == node.heredocs[0].name;
    let script = if only {
        node.heredocs[0].body()
    } else {
        let mut s = line.clone();
        for doc in &node.heredocs {
            s.push('\n');
            s.push_str(&doc.content);
            s.push_str(&doc.name);
        }
        s
    };
    Ok(shell.iter().cloned().chain(std::iter::once(script)).collect())
}

/// RUN.
pub(crate) async fn dispatch_run(b: &mut Builder<'_>, st: &mut State, node: &Node, out: &mut dyn FnMut(&str)) -> Result<(), BuildError> {
    let cmd = heredoc_command(node, &st.shell())?;
    let env = st.config.env.clone().unwrap_or_default();
    let values = st.args.allowed_values(&env);
    let build_args: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut save_cmd = cmd.clone();
    if !build_args.is_empty() {
        let recorded = st.args.recorded(&values);
        save_cmd = std::iter::once(format!("|{}", recorded.len())).chain(recorded).chain(cmd.iter().cloned()).collect();
    }
    // The cache key is the command, plus what bind mounts show (BuildKit checksums their
    // files); cache, secret, tmpfs and ssh mounts are no part of it.
    let mut probe_cfg = st.config.clone();
    probe_cfg.cmd = Some(save_cmd.clone());
    if !save_cmd.is_empty() {
        probe_cfg.entrypoint = None;
    }
    let binds = mounts::bind_sources(b, &node.flags, node.span, out)?;
    let bind_key = mounts::bind_key(&binds);
    if b.probe_keyed(st, &probe_cfg, &bind_key, out)? {
        return Ok(());
    }
    let id = b.container_id();
    let short = id[..12].to_string();
    out(&format!(" ---> Running in {short}\n"));
    let daemon = b.daemon.clone();
    let top = top_chain(&daemon, st.image_id.as_ref())?;
    let user = st.config.user.clone();
    let cwd = if st.config.working_dir.is_empty() { "/".to_string() } else { st.config.working_dir.clone() };
    let started = {
        let mut d = daemon.borrow_mut();
        d.kernel().create_rootfs(&id, top.as_ref())?;
        d.kernel().now()
    };
    let mut stubs = Vec::new();
    let spawned: Result<(Pid, mounts::StepMounts), BuildError> = (|| {
        let step_mounts = mounts::prepare(&daemon, &node.flags, &id, &cwd, &b.options.secrets, &b.options.ssh, binds, node.span)?;
        let mut d = daemon.borrow_mut();
        let k = d.kernel();
        let now = k.now() / 1_000_000_000;
        let mut ids = Ok((0, 0, String::new()));
        k.with_rootfs(&id, &mut |fs| {
            if cwd != "/" {
                mkdir_all(fs, &cwd, now)?;
            }
            stubs = step_mounts.missing(&*fs)?;
            step_mounts.make_points(fs, now)?;
            ids = resolve_user_home(fs, &user);
            Ok(())
        })?;
        // dockerd resolves the user when it builds the container's OCI spec.
        let (uid, gid, home) = ids.map_err(|e| {
            let why = match e {
                UserError::NoUser(u) => format!("unable to find user {u}: no matching entries in passwd file"),
                UserError::NoGroup(g) => format!("unable to find group {g}: no matching entries in group file"),
            };
            BuildError::step(node.span, format!("linux spec user: {why}"))
        })?;
        let mut process_env: Vec<String> = env.iter().cloned().chain(build_args.iter().cloned()).collect();
        for var in &step_mounts.env {
            let name = var.split('=').next().unwrap_or_default();
            if !process_env.iter().any(|e| e.split('=').next() == Some(name)) {
                process_env.push(var.clone());
            }
        }
        if !process_env.iter().any(|e| e.starts_with("HOME=")) {
            process_env.push(format!("HOME={home}"));
        }
        let mut namespaces = Namespaces { mnt: NamespaceMode::New, pid: NamespaceMode::New, uts: NamespaceMode::New, ipc: NamespaceMode::New, ..Namespaces::default() };
        if let Some(net) = step_mounts.net.clone() {
            namespaces.net = net;
        }
        let spec = ProcessSpec {
            args: cmd.clone(),
            env: process_env,
            cwd: cwd.clone(),
            uid,
            gid,
            rootfs: Some(id.clone()),
            namespaces,
            hostname: Some(short.clone()),
            mounts: step_mounts.mounts.clone(),
            // A build step's root is a container's root: Docker's default capabilities and seccomp.
            capabilities: crate::daemon::DEFAULT_CAPABILITIES.iter().map(|c| c.to_string()).collect(),
            seccomp: true,
            ..ProcessSpec::default()
        };
        let pid = k.spawn(&spec).map_err(|e| match e {
            KernelError::NotFound(_) | KernelError::PermissionDenied(_) => BuildError::step(node.span, runtime_error(&cmd[0], &e)),
            e => e.into(),
        })?;
        Ok((pid, step_mounts))
    })();
    let (pid, step_mounts) = match spawned {
        Ok(x) => x,
        Err(e) => {
            let _ = daemon.borrow_mut().kernel().remove_rootfs(&id);
            return Err(e);
        }
    };
    stream_output(&daemon, pid, out).await;
    let status = poll_fn(|cx| daemon.borrow_mut().kernel().poll_wait(pid, cx)).await;
    let cleaned = step_mounts.clean_up(&daemon, &id, &stubs);
    let code = match status.map_err(BuildError::from).and_then(|s| cleaned.map(|_| s.code()).map_err(BuildError::from)) {
        Ok(code) => code,
        Err(e) => {
            let _ = daemon.borrow_mut().kernel().remove_rootfs(&id);
            return Err(e);
        }
    };
    if code != 0 {
        // dockerd keeps the failed container for `docker ps -a` unless `--force-rm`.
        let kept = match (b.options.force_rm, st.image_id) {
            (false, Some(parent)) => {
                let mut config = st.config.clone();
                config.cmd = Some(cmd.clone());
                config.entrypoint = None;
                config.image = parent.to_string();
                config.hostname = short.clone();
                daemon.borrow_mut().adopt_build_container(&id, parent, config, started, Some(code)).is_ok()
            }
            _ => false,
        };
        if !kept {
            let _ = daemon.borrow_mut().kernel().remove_rootfs(&id);
        }
        return Err(BuildError::NonZero { command: cmd.join(" "), code });
    }
    let mut ran = probe_cfg.clone();
    ran.cmd = Some(cmd);
    ran.entrypoint = None;
    let kept = b.options.keep_containers.then_some(Kept { started: Some(started), config: &ran });
    commit_root(&daemon, st, &id, &probe_cfg, &id, kept, &bind_key, out)
}

/// WORKDIR: the new directory is made in a container and committed (a layer when it did not
/// exist), as dockerd 20.10 does.
pub(crate) fn dispatch_workdir(b: &mut Builder<'_>, st: &mut State, node: &Node, out: &mut dyn FnMut(&str)) -> Result<(), BuildError> {
    let env = st.expand_env();
    let raw = crate::build::shell::expand(&node.args.strings().join(" "), &env, b.escape).map_err(|e| BuildError::step(node.span, e.to_string()))?;
    let joined = if raw.starts_with('/') { raw } else { format!("{}/{raw}", if st.config.working_dir.is_empty() { "/" } else { &st.config.working_dir }) };
    let clean = format!("/{}", crate::fs::path::normalize(joined.trim_start_matches('/')).unwrap_or_default());
    st.config.working_dir = clean.clone();
    let mut cc = st.config.clone();
    cc.cmd = Some(vec!["/bin/sh".into(), "-c".into(), format!("#(nop) WORKDIR {clean}")]);
    if b.probe(st, &cc, out)? {
        return Ok(());
    }
    let id = b.container_id();
    let short = id[..12].to_string();
    out(&format!(" ---> Running in {short}\n"));
    cc.hostname = short.clone();
    let daemon = b.daemon.clone();
    let top = top_chain(&daemon, st.image_id.as_ref())?;
    let made = {
        let mut d = daemon.borrow_mut();
        let k = d.kernel();
        k.create_rootfs(&id, top.as_ref())?;
        let now = k.now() / 1_000_000_000;
        k.with_rootfs(&id, &mut |fs| mkdir_all(fs, &clean, now).map(|_| ()))
    };
    if let Err(e) = made {
        let _ = daemon.borrow_mut().kernel().remove_rootfs(&id);
        return Err(e.into());
    }
    let kept = b.options.keep_containers.then_some(Kept { started: None, config: &cc });
    commit_root(&daemon, st, &id, &cc, &id, kept, "", out)
}
