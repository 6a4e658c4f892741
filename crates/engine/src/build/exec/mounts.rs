//! RUN's `--mount` (cache, secret, tmpfs) and `--network`: what a step's process sees beyond
//! its root, none of which becomes part of the step's layer or its cache key.
//!
//! - `type=cache`: a directory kept by the daemon between builds, named by `id` (default: the
//!   target), so a package manager's downloads survive a rebuild that reruns the step.
//! - `type=secret`: the bytes given with `docker build --secret id=ID,src=FILE`, mounted
//!   read-only at `target` (default `/run/secrets/ID`). They are never written to the root,
//!   so no layer and no history entry can hold them.
//! - `type=tmpfs`: an empty in-memory directory.
//! - `type=bind` (the default type): `source` (default: the whole of it) from the build
//!   context, or from `from`, a stage or an image, at `target`; read-only unless `rw`, and
//!   then the writes go to a copy made for the step and are thrown away after it.
//! - `type=ssh`: the agent socket of `docker build --ssh ID` (`id` default `default`) at
//!   `target` (default `/run/buildkit/ssh_agent.N`, N counting the step's ssh mounts), mode
//!   0600; `SSH_AUTH_SOCK` names the first one. Without `--ssh ID` the mount is left out,
//!   unless `required=true`, which fails the step as BuildKit does.
//!
//! The mount points a step needed but the root lacked are removed again before the diff, so
//! they leave no trace in the layer either.

use std::collections::{BTreeMap, BTreeSet};

use super::dispatch::Builder;
use super::BuildError;
use crate::build::ast::Span;
use crate::collect::CollectMap;
use crate::daemon::DaemonRef;
use crate::fs::mem::MemFs;
use crate::fs::{Attrs, FsRead, FsWrite};
use crate::kernel::{KernelError, MountSpec, NamespaceMode};

/// The fields of one `--mount` value.
fn fields(spec: &str) -> BTreeMap<String, String> {
    spec.split(',').map(|f| f.split_once('=').map_or((f.to_string(), "true".to_string()), |(k, v)| (k.to_string(), v.to_string()))).collect_map()
}

/// `path` (a mount target) inside the step's working directory `cwd`.
fn absolute(path: &str, cwd: &str) -> String {
    crate::fs::path::absolute(cwd, path)
}

/// A directory name for a cache `id` (which may be a path).
fn storage_name(prefix: &str, id: &str) -> String {
    let safe: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' }).collect();
    format!("{prefix}{}-{}", safe.trim_matches('_'), &crate::digest::Digest::of(id.as_bytes()).hex()[..12])
}

/// Makes a scratch volume `store` (removed after the step) holding one node `name`, written
/// by `write(fs, path, mtime)`; returns the node's host path to bind.
fn scratch_node(daemon: &DaemonRef, store: String, out: &mut StepMounts, name: &str, write: &mut dyn FnMut(&mut dyn FsWrite, &str, i64) -> Result<(), crate::fs::FsError>) -> Result<String, KernelError> {
    let mut d = daemon.borrow_mut();
    let k = d.kernel();
    let dir = k.create_volume(&store)?;
    let mtime = k.now() / 1_000_000_000;
    out.scratch.push(store);
    k.with_host_dir(&dir, false, &mut |fs, inner| Ok(write(fs, &crate::fs::path::join(inner, name), mtime)?))?;
    Ok(format!("{}/{name}", dir.trim_end_matches('/')))
}

/// What a RUN step mounts, and what to undo after it.
#[derive(Default)]
pub(crate) struct StepMounts {
    /// The mounts to give the process.
    pub mounts: Vec<MountSpec>,
    /// `--network=none`: a network namespace of its own with only loopback.
    pub net: Option<NamespaceMode>,
    /// Mount points (container paths, and whether a file is mounted there) to make before the
    /// run and to check for stubs after it.
    targets: Vec<(String, bool)>,
    /// Per-step storage to delete afterwards (a secret's copy, a bind mount's files).
    scratch: Vec<String>,
    /// Variables the mounts add to the process's environment (`SSH_AUTH_SOCK`).
    pub env: Vec<String>,
}

/// The files a `type=bind` mount shows, read before the step's container exists: the tree of
/// `source` taken from the context or the `from` stage or image, stored as [`BIND_ROOT`].
pub(crate) type BindSource = MemFs;

/// The name the bound file or directory has inside a [`BindSource`] and its storage.
const BIND_ROOT: &str = "src";

/// Reads the sources of RUN's bind mounts, in flag order (the only mount type that needs the
/// context, other stages or images).
pub(crate) fn bind_sources(b: &Builder<'_>, flags: &[String], span: Span, out: &mut dyn FnMut(&str)) -> Result<Vec<BindSource>, BuildError> {
    let mut sources = Vec::new();
    for flag in flags {
        let Some(spec) = flag.trim_start_matches('-').strip_prefix("mount=") else { continue };
        let f = fields(spec);
        if f.get("type").map_or("bind", String::as_str) != "bind" {
            continue;
        }
        let source = f.get("source").or_else(|| f.get("src")).map_or("", String::as_str);
        let rel = crate::fs::path::normalize(source.trim_start_matches('/')).unwrap_or_default();
        let not_found = || BuildError::step(span, format!("failed to compute cache key: failed to calculate checksum of ref: \"/{rel}\": not found"));
        let copy = |fs: &dyn FsRead| -> Result<Option<MemFs>, KernelError> {
            if rel.is_empty() {
                let mut tree = MemFs::new();
                tree.mkdir(BIND_ROOT, &Attrs { mode: 0o755, uid: 0, gid: 0, mtime: 0 })?;
                for name in fs.read_dir("")? {
                    crate::fs::copy::copy_tree(fs, &name, &mut tree, &crate::fs::path::join(BIND_ROOT, &name))?;
                }
                return Ok(Some(tree));
            }
            match fs.lstat(&rel)? {
                None => Ok(None),
                Some(_) => Ok(Some(crate::fs::copy::snapshot_as(fs, &rel, BIND_ROOT)?)),
            }
        };
        let tree = match f.get("from") {
            None => copy(b.context.tree())?,
            Some(from) => {
                let image = match b.stages.iter().find(|(n, _)| n.as_deref() == Some(from.to_lowercase().as_str())) {
                    Some((_, id)) => *id,
                    None => match from.parse::<usize>() {
                        Ok(ix) if ix < b.stages.len() => b.stages[ix].1,
                        Ok(ix) => return Err(BuildError::step(span, format!("invalid from flag value {ix}: refers to current or future build stage"))),
                        Err(_) => Some(b.resolve_image(from, out)?),
                    },
                };
                let top = super::run::top_chain(&b.daemon, image.as_ref())?;
                let tmp = format!("{}-bind", b.container_id());
                let mut d = b.daemon.borrow_mut();
                let k = d.kernel();
                k.create_rootfs(&tmp, top.as_ref())?;
                let mut got = Ok(None);
                let read = k.with_rootfs(&tmp, &mut |fs| {
                    got = copy(&*fs);
                    Ok(())
                });
                let _ = k.remove_rootfs(&tmp);
                read?;
                got?
            }
        };
        sources.push(tree.ok_or_else(not_found)?);
    }
    Ok(sources)
}

/// The cache key of a step's bind mounts: a hash of each tree's paths, kinds, modes, owners,
/// link targets and bytes (not mtimes, as for COPY); empty without bind mounts.
pub(crate) fn bind_key(binds: &[BindSource]) -> String {
    if binds.is_empty() {
        return String::new();
    }
    fn walk(fs: &MemFs, path: &str, h: &mut crate::digest::Sha256) -> Result<(), crate::fs::FsError> {
        let Some(m) = fs.lstat(path)? else { return Ok(()) };
        h.update(format!("{path}\0{:?}\0{:o}\0{}:{}\0", m.kind, m.mode & 0o7777, m.uid, m.gid).as_bytes());
        match m.kind {
            crate::fs::FileKind::Dir => {
                let mut names = fs.read_dir(path)?;
                crate::sort::ascending(&mut names);
                for name in names {
                    walk(fs, &crate::fs::path::join(path, &name), h)?;
                }
            }
            crate::fs::FileKind::File => {
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut fs.open(path)?, &mut data).map_err(|_| crate::fs::FsError::NotFound(path.to_string()))?;
                h.update(format!("{}\0", data.len()).as_bytes());
                h.update(&data);
            }
            crate::fs::FileKind::Symlink => h.update(fs.read_link(path)?.as_bytes()),
            _ => {}
        }
        Ok(())
    }
    let mut h = crate::digest::Sha256::new();
    for tree in binds {
        let _ = walk(tree, BIND_ROOT, &mut h);
        h.update(b"\n");
    }
    format!("bind:{}", h.finish().hex())
}

/// Parses RUN's flags into mounts, creating cache storage and the secrets' read-only copies.
/// `root` names the step's root filesystem (its secrets' storage is named after it).
/// `binds` are the bind mounts' files ([`bind_sources`]), `ssh` the IDs `--ssh` forwards.
pub(crate) fn prepare(daemon: &DaemonRef, flags: &[String], root: &str, cwd: &str, secrets: &BTreeMap<String, Vec<u8>>, ssh: &BTreeSet<String>, binds: Vec<BindSource>, span: Span) -> Result<StepMounts, BuildError> {
    let mut out = StepMounts::default();
    let mut binds = binds.into_iter();
    let mut ssh_count = 0;
    for flag in flags {
        let flag = flag.trim_start_matches('-');
        if let Some(mode) = flag.strip_prefix("network=") {
            out.net = match mode {
                "none" => Some(NamespaceMode::New),
                _ => None,
            };
            continue;
        }
        if flag.starts_with("security=") {
            return Err(BuildError::step(span, "the --security option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled"));
        }
        let Some(spec) = flag.strip_prefix("mount=") else { continue };
        let f = fields(spec);
        let kind = f.get("type").map(String::as_str).unwrap_or("bind");
        let target = f.get("target").or_else(|| f.get("dst")).or_else(|| f.get("destination")).cloned();
        let mode = |default: u32| f.get("mode").and_then(|m| u32::from_str_radix(m, 8).ok()).unwrap_or(default);
        let owner = |k: &str| f.get(k).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
        match kind {
            "cache" => {
                let target = target.ok_or_else(|| BuildError::step(span, "mount type=cache: target is required"))?;
                let target = absolute(&target, cwd);
                let id = f.get("id").cloned().unwrap_or_else(|| target.clone());
                let (mode, uid, gid) = (mode(0o755), owner("uid"), owner("gid"));
                let mut d = daemon.borrow_mut();
                let k = d.kernel();
                let path = k.create_volume(&storage_name("buildkit-cache-", &id))?;
                // A new cache directory takes the mount's owner and mode, as BuildKit makes it.
                k.with_host_dir(&path, false, &mut |fs, dir| {
                    let m = fs.lstat(dir)?;
                    if m.as_ref().is_some_and(|m| m.uid != uid || m.gid != gid || m.mode & 0o7777 != mode) && fs.read_dir(dir)?.is_empty() {
                        fs.set_attrs(dir, &Attrs { mode, uid, gid, mtime: m.as_ref().map_or(0, |m| m.mtime) })?;
                    }
                    Ok(())
                })?;
                out.mounts.push(MountSpec::Bind { source: path, target: target.clone(), readonly: f.get("readonly").or_else(|| f.get("ro")).is_some_and(|v| v == "true") });
                out.targets.push((target, false));
            }
            "secret" => {
                let id = f.get("id").cloned().or_else(|| target.as_deref().map(|t| crate::fs::path::split(t.trim_end_matches('/')).1.to_string())).unwrap_or_default();
                let target = absolute(&target.unwrap_or_else(|| format!("/run/secrets/{id}")), cwd);
                let Some(data) = secrets.get(&id) else {
                    if f.get("required").is_some_and(|v| v == "true") {
                        return Err(BuildError::step(span, format!("secret {id}: not found")));
                    }
                    continue;
                };
                let (mode, uid, gid) = (mode(0o400), owner("uid"), owner("gid"));
                let store = storage_name("buildkit-secret-", &format!("{root}-{id}"));
                let source = scratch_node(daemon, store, &mut out, "secret", &mut |fs, path, mtime| {
                    fs.write_file(path, &Attrs { mode, uid, gid, mtime }, &mut &data[..])?;
                    Ok(())
                })?;
                out.mounts.push(MountSpec::Bind { source, target: target.clone(), readonly: true });
                out.targets.push((target, true));
            }
            "tmpfs" => {
                let target = target.ok_or_else(|| BuildError::step(span, "mount type=tmpfs: target is required"))?;
                let target = absolute(&target, cwd);
                out.mounts.push(MountSpec::Tmpfs { target: target.clone(), size: f.get("size").and_then(|s| s.parse().ok()), options: Vec::new() });
                out.targets.push((target, false));
            }
            "bind" => {
                let tree = binds.next().ok_or_else(|| BuildError::step(span, "mount type=bind: no source read"))?;
                let target = absolute(&target.unwrap_or_default(), cwd);
                if target.trim_end_matches('/').is_empty() {
                    return Err(BuildError::step(span, format!("invalid mount target {}", crate::golang::quote(&target))));
                }
                // `rw` lets the step write, into this step's copy only: BuildKit discards them.
                let rw = f.get("rw").or_else(|| f.get("readwrite")).is_some_and(|v| v == "true") || f.get("readonly").or_else(|| f.get("ro")).is_some_and(|v| v == "false");
                let is_file = tree.lstat(BIND_ROOT).map_err(KernelError::from)?.is_some_and(|m| m.kind != crate::fs::FileKind::Dir);
                let store = storage_name("buildkit-bind-", &format!("{root}-{target}"));
                let mut d = daemon.borrow_mut();
                let k = d.kernel();
                let dir = k.create_volume(&store)?;
                out.scratch.push(store);
                k.with_host_dir(&dir, false, &mut |fs, inner| {
                    crate::fs::copy::copy_tree(&tree, BIND_ROOT, fs, &crate::fs::path::join(inner, BIND_ROOT))?;
                    Ok(())
                })?;
                out.mounts.push(MountSpec::Bind { source: format!("{}/{BIND_ROOT}", dir.trim_end_matches('/')), target: target.clone(), readonly: !rw });
                out.targets.push((target, is_file));
            }
            "ssh" => {
                let id = f.get("id").cloned().unwrap_or_else(|| "default".to_string());
                let target = absolute(&target.unwrap_or_else(|| format!("/run/buildkit/ssh_agent.{ssh_count}")), cwd);
                ssh_count += 1;
                if ssh_count == 1 {
                    out.env.push(format!("SSH_AUTH_SOCK={target}"));
                }
                if !ssh.contains(&id) {
                    if f.get("required").is_some_and(|v| v == "true") {
                        return Err(BuildError::step(span, format!("no SSH key {} forwarded from the client", crate::golang::quote(&id))));
                    }
                    continue;
                }
                // The agent's socket: a socket node the step can see (wharf forwards no agent).
                let (mode, uid, gid) = (mode(0o600), owner("uid"), owner("gid"));
                let store = storage_name("buildkit-ssh-", &format!("{root}-{id}-{target}"));
                let source = scratch_node(daemon, store, &mut out, "agent.sock", &mut |fs, path, mtime| {
                    fs.mknod(path, crate::fs::FileKind::Socket, (0, 0), &Attrs { mode, uid, gid, mtime })?;
                    Ok(())
                })?;
                out.mounts.push(MountSpec::Bind { source, target: target.clone(), readonly: false });
                out.targets.push((target, true));
            }
            other => {
                return Err(BuildError::step(span, format!("the --mount option with type={other} requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled")));
            }
        }
    }
    Ok(out)
}

impl StepMounts {
    /// The path components of every mount point that `fs` (the step's root, before the
    /// run) lacks, deepest last: the stubs the runtime will create.
    pub fn missing(&self, fs: &dyn FsWrite) -> Result<Vec<String>, KernelError> {
        let mut missing = Vec::new();
        for (t, _) in &self.targets {
            let mut acc = String::new();
            let mut gone = false;
            for part in t.split('/').filter(|p| !p.is_empty()) {
                acc = if acc.is_empty() { part.to_string() } else { format!("{acc}/{part}") };
                // Below a missing directory everything is missing (and lstat would fail).
                gone = gone || fs.lstat(&acc)?.is_none();
                if gone && !missing.contains(&acc) {
                    missing.push(acc.clone());
                }
            }
        }
        Ok(missing)
    }

    /// Makes the directories the mount points need (a file mount's parent), root-owned 0755.
    pub fn make_points(&self, fs: &mut dyn FsWrite, mtime: i64) -> Result<(), KernelError> {
        for (t, is_file) in &self.targets {
            let dir = if *is_file { crate::fs::path::split(t.trim_start_matches('/')).0 } else { t.as_str() };
            super::run::mkdir_all(fs, dir, mtime)?;
        }
        Ok(())
    }

    /// Removes the stubs in `missing` that are still empty (deepest first), so the layer does
    /// not record mount points, and deletes the step's scratch storage.
    pub fn clean_up(&self, daemon: &DaemonRef, root: &str, missing: &[String]) -> Result<(), KernelError> {
        let mut d = daemon.borrow_mut();
        let k = d.kernel();
        k.with_rootfs(root, &mut |fs| {
            for path in missing.iter().rev() {
                let Some(m) = fs.lstat(path).ok().flatten() else { continue };
                let empty = match m.kind {
                    crate::fs::FileKind::Dir => fs.read_dir(path)?.is_empty(),
                    crate::fs::FileKind::File => m.size == 0,
                    _ => false,
                };
                if empty {
                    fs.remove(path)?;
                }
            }
            Ok(())
        })?;
        for s in &self.scratch {
            k.remove_volume(s)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_split_on_commas_and_bare_keys_are_true() {
        let f = fields("type=cache,target=/root/.npm,ro");
        assert_eq!(f["type"], "cache");
        assert_eq!(f["target"], "/root/.npm");
        assert_eq!(f["ro"], "true");
    }

    #[test]
    fn storage_names_are_safe_and_distinct() {
        let a = storage_name("buildkit-cache-", "/go/pkg/mod");
        let b = storage_name("buildkit-cache-", "/go_pkg/mod");
        assert!(a.starts_with("buildkit-cache-go_pkg_mod-"), "{a}");
        assert!(!a.contains('/'));
        assert_ne!(a, b);
        assert_eq!(absolute("cache", "/app/"), "/app/cache");
        assert_eq!(absolute("/x", "/app"), "/x");
    }
}
