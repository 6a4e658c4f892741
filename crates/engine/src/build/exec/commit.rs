//! Committing build steps as images, and the classic builder's cache.
//!
//! Every step is an image whose parent is the step before (`CommitBuildStep` +
//! `NewChildImage`): its config is the stage's run config, its `container_config` the config
//! the step ran with, whose `Cmd` records the instruction (`/bin/sh -c #(nop)  ENV a=b`). A
//! step whose layer diff is empty gets no layer and `empty_layer: true` in its history entry.
//! The cache (`image/cache` `getLocalCachedImage`) looks among the children of the current
//! image for one whose `container_config` compares equal to the step's, newest first.

use serde::{Deserialize, Serialize};

use super::BuildError;
use crate::api::{gojson, ContainerConfig, GoTime};
use crate::daemon::DaemonRef;
use crate::digest::Digest;
use crate::image::db::LayerRecord;
use crate::image::layer;
use crate::image::oci::chain_ids;

/// The daemon version recorded in configs: the 20.10 dockerd the references were made with.
pub(crate) const DOCKER_VERSION: &str = "20.10.24+dfsg1";

/// `image.History` with Go's field order and `omitempty`s.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct GoHistory {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    author: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    created_by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    comment: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    empty_layer: bool,
}

/// The parts of a parent config a child inherits.
#[derive(Debug, Default, Deserialize)]
struct ParentDoc {
    #[serde(default)]
    architecture: Option<String>,
    #[serde(default)]
    variant: Option<String>,
    #[serde(default)]
    history: Option<Vec<GoHistory>>,
}

/// One step to commit.
pub(crate) struct Step<'a> {
    /// The image the step starts from (`None`: scratch).
    pub parent: Option<Digest>,
    /// The stage's run config after the step (the image's `config`).
    pub config: &'a ContainerConfig,
    /// The config the step ran with (the image's `container_config`).
    pub container_config: &'a ContainerConfig,
    /// The build container's full ID.
    pub container_id: &'a str,
    /// MAINTAINER (`docker commit -a`).
    pub author: &'a str,
    /// The history entry's comment (`docker commit -m`).
    pub comment: &'a str,
    /// The step's layer tar (`None`, or a tar without entries: an empty layer).
    pub layer: Option<Vec<u8>>,
    /// Cache key material beyond the `container_config` (a RUN's bind mounts' content hash),
    /// named in the cache index only; empty for most steps.
    pub cache_extra: &'a str,
}

fn json<T: Serialize + ?Sized>(v: &T) -> String {
    gojson::to_string(v).unwrap_or_else(|_| "null".to_string())
}

fn is_empty_tar(tar: &[u8]) -> bool {
    match tar::Archive::new(tar).entries() {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => true,
    }
}

/// Commits `step` and returns the new image's ID.
pub(crate) fn commit(daemon: &DaemonRef, step: Step<'_>) -> Result<Digest, BuildError> {
    let mut d = daemon.borrow_mut();
    let created_nanos = d.kernel().now();
    let created = GoTime::from_unix_nanos(created_nanos).rfc3339_nano();
    let (mut layers, parent_doc) = match &step.parent {
        Some(p) => {
            let db = d.images();
            let rec = db.get(p)?;
            let doc: ParentDoc = serde_json::from_slice(&db.config_bytes(p)?).unwrap_or_default();
            (rec.layers, doc)
        }
        None => (Vec::new(), ParentDoc::default()),
    };
    let mut diff_ids: Vec<Digest> = layers.iter().map(|l| l.diff_id).collect();
    let layer_tar = step.layer.filter(|t| !is_empty_tar(t));
    let empty_layer = layer_tar.is_none();
    if let Some(tar) = layer_tar {
        let info = layer::inspect(&mut &tar[..]).map_err(|e| BuildError::Kernel(crate::kernel::KernelError::Other(e.to_string())))?;
        let blob = d.images().content().put(None, &tar).map_err(crate::image::db::DbError::from)?;
        let parent_chain = chain_ids(&diff_ids).last().copied();
        diff_ids.push(info.diff_id);
        let chain = *chain_ids(&diff_ids).last().expect("one layer at least");
        d.kernel().unpack_layer(&chain, parent_chain.as_ref(), &mut &tar[..])?;
        layers.push(LayerRecord { diff_id: info.diff_id, blob, blob_size: tar.len() as u64, compressed: false, size: info.size });
    }
    let mut history = parent_doc.history.unwrap_or_default();
    history.push(GoHistory {
        created: Some(created.clone()),
        author: step.author.to_string(),
        created_by: step.container_config.cmd.clone().unwrap_or_default().join(" "),
        comment: step.comment.to_string(),
        empty_layer,
    });
    let arch = parent_doc.architecture.filter(|a| !a.is_empty()).unwrap_or_else(|| "amd64".to_string());
    let rootfs = if diff_ids.is_empty() { r#"{"type":"layers"}"#.to_string() } else { format!(r#"{{"type":"layers","diff_ids":{}}}"#, json(&diff_ids)) };
    // Docker re-marshals the image through a map, so top-level keys come out sorted.
    let mut fields: Vec<(&str, String)> = vec![("architecture", json(&arch))];
    if !step.author.is_empty() {
        fields.push(("author", json(step.author)));
    }
    if !step.comment.is_empty() {
        fields.push(("comment", json(step.comment)));
    }
    fields.push(("config", json(step.config)));
    if !step.container_id.is_empty() {
        fields.push(("container", json(step.container_id)));
    }
    fields.push(("container_config", json(step.container_config)));
    fields.push(("created", json(&created)));
    fields.push(("docker_version", json(DOCKER_VERSION)));
    fields.push(("history", json(&history)));
    fields.push(("os", json("linux")));
    fields.push(("rootfs", rootfs));
    if let Some(v) = parent_doc.variant.filter(|v| !v.is_empty()) {
        fields.push(("variant", json(&v)));
    }
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("{}:{v}", json(k))).collect();
    let config_bytes = format!("{{{}}}", body.join(","));
    let mut db = d.images();
    let id = db.create(config_bytes.as_bytes(), layers)?;
    db.set_parent(&id, step.parent)?;
    let (_, meta) = d.kernel().stores();
    let key = index_key(step.parent.as_ref());
    let mut list = meta.read(&key).map_err(crate::image::db::DbError::from)?.unwrap_or_default();
    list.extend_from_slice(index_line(&id, created_nanos, step.cache_extra).as_bytes());
    meta.write(&key, &list).map_err(crate::image::db::DbError::from)?;
    Ok(id)
}

/// The build cache's index: one document per parent image listing the children build steps
/// committed on it, so a probe reads one document, not every image (dockerd walks them all,
/// which makes a cached rebuild slow down as images pile up) and not a directory listing
/// (a disk store lists keys by walking its whole tree).
fn index_key(parent: Option<&Digest>) -> String {
    format!("build-children/{}", parent.map_or_else(|| "scratch".to_string(), Digest::hex))
}

/// One child's line in its parent's index: its ID, its creation time (so a probe tries the
/// newest first and reads one config, not every child's) and a digest of its extra cache key
/// material (`-` for none).
fn index_line(child: &Digest, created_nanos: i64, extra: &str) -> String {
    format!("{} {created_nanos} {}\n", child.hex(), extra_digest(extra))
}

/// How an index line names a step's extra cache key material.
fn extra_digest(extra: &str) -> String {
    if extra.is_empty() {
        "-".to_string()
    } else {
        Digest::of(extra.as_bytes()).hex()
    }
}

/// The children in an index document whose extra key material is `extra`, newest first.
fn children_of(doc: &[u8], extra: &str) -> Vec<(Digest, i64)> {
    let want = extra_digest(extra);
    let mut out: Vec<(Digest, i64)> = String::from_utf8_lossy(doc)
        .lines()
        .filter_map(|line| {
            let mut f = line.split(' ');
            let (id, time, key) = (f.next()?, f.next()?, f.next()?);
            (key == want).then_some(())?;
            Some((Digest::from_hex(id).ok()?, time.parse().ok()?))
        })
        .collect();
    crate::sort::by(&mut out, |a, b| b.1.cmp(&a.1));
    out
}

/// Docker's `image/cache` `compare`: the fields the classic cache looks at (not WorkingDir,
/// famously).
fn compare(a: &ContainerConfig, b: &ContainerConfig) -> bool {
    if a.open_stdin || b.open_stdin {
        return false;
    }
    if a.attach_stdout != b.attach_stdout || a.attach_stderr != b.attach_stderr || a.user != b.user || a.tty != b.tty {
        return false;
    }
    let empty_labels = Default::default();
    let (al, bl) = (a.labels.as_ref().unwrap_or(&empty_labels), b.labels.as_ref().unwrap_or(&empty_labels));
    let empty_vols = Default::default();
    let (av, bv) = (a.volumes.as_ref().unwrap_or(&empty_vols), b.volumes.as_ref().unwrap_or(&empty_vols));
    a.cmd.clone().unwrap_or_default() == b.cmd.clone().unwrap_or_default()
        && a.env.clone().unwrap_or_default() == b.env.clone().unwrap_or_default()
        && al.len() == bl.len()
        && al.iter().all(|(k, v)| bl.get(k) == Some(v))
        && a.exposed_ports.len() == b.exposed_ports.len()
        && a.exposed_ports.keys().all(|k| b.exposed_ports.contains_key(k))
        && a.entrypoint.clone().unwrap_or_default() == b.entrypoint.clone().unwrap_or_default()
        && av.len() == bv.len()
        && av.keys().all(|k| bv.contains_key(k))
}

/// The cached image for a step from `parent` run with `config`, if any: the newest child
/// (or, from scratch, parentless image) whose `container_config` compares equal and whose
/// index key names the same `extra` key material.
pub(crate) fn probe(daemon: &DaemonRef, parent: Option<&Digest>, config: &ContainerConfig, extra: &str) -> Result<Option<Digest>, BuildError> {
    let mut d = daemon.borrow_mut();
    let children = {
        let (_, meta) = d.kernel().stores();
        children_of(&meta.read(&index_key(parent)).map_err(crate::image::db::DbError::from)?.unwrap_or_default(), extra)
    };
    let db = d.images();
    for (id, _) in children {
        // A deleted image leaves its index line behind; it is skipped here.
        let Some(rec) = db.record(&id)? else { continue };
        if rec.parent.as_ref() != parent {
            continue;
        }
        // Newest first, so the first that compares equal is the one Docker picks.
        if compare(&db.config(&id)?.container_config, config) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_compares_like_docker_and_ignores_workdir() {
        let a = ContainerConfig { cmd: Some(vec!["/bin/sh".into(), "-c".into(), "#(nop) ".into(), "ENV a=b".into()]), working_dir: "/x".into(), ..ContainerConfig::default() };
        let b = ContainerConfig { working_dir: "/y".into(), ..a.clone() };
        assert!(compare(&a, &b));
        let c = ContainerConfig { env: Some(vec!["a=b".into()]), ..a.clone() };
        assert!(!compare(&a, &c));
        assert!(is_empty_tar(&[0u8; 1024]));
    }

    #[test]
    fn the_index_lists_children_newest_first_by_extra_key() {
        let (a, b, c) = (Digest::of(b"a"), Digest::of(b"b"), Digest::of(b"c"));
        let doc = [index_line(&a, 10, ""), index_line(&b, 30, ""), index_line(&c, 20, "bind:x"), "garbage\n".to_string()].concat();
        assert_eq!(children_of(doc.as_bytes(), ""), [(b, 30), (a, 10)]);
        assert_eq!(children_of(doc.as_bytes(), "bind:x"), [(c, 20)]);
        assert!(children_of(doc.as_bytes(), "bind:y").is_empty());
        assert_eq!(index_key(None), "build-children/scratch");
    }
}

/// A build step's container that `--rm=false` keeps: when it started (`None`: it never ran,
/// as for WORKDIR's or a `#(nop)` step's), and the config it was made with.
pub(crate) struct Kept<'a> {
    pub started: Option<crate::kernel::Timestamp>,
    pub config: &'a ContainerConfig,
}

/// Registers a kept step container as dockerd's classic builder leaves it with `--rm=false`:
/// made from the step's parent image, exited 0 when it ran, created otherwise.
pub(crate) fn keep_container(daemon: &DaemonRef, id: &str, parent: Option<Digest>, kept: Kept<'_>) -> Result<(), BuildError> {
    // A step straight after `FROM scratch` has no image to name; nothing is kept for it.
    let Some(parent) = parent else { return Ok(()) };
    let mut d = daemon.borrow_mut();
    let now = d.kernel().now();
    let mut config = kept.config.clone();
    config.image = parent.to_string();
    config.hostname = id[..12].to_string();
    d.adopt_build_container(id, parent, config, kept.started.unwrap_or(now), kept.started.map(|_| 0)).map_err(|e| BuildError::step(crate::build::ast::Span::default(), e.to_string()))
}

/// The tail every step that changes files shares (RUN, WORKDIR, COPY/ADD): the root's diff
/// becomes the step's layer, the new image is committed as the stage's next image and, for a
/// step that ran in a container (`container_id` not empty), the classic builder's `Removing
/// intermediate container` line is printed and the root goes (unless `kept`: `--rm=false`
/// leaves the container, root and all, for `docker ps -a`).
pub(crate) fn commit_root(daemon: &crate::daemon::DaemonRef, st: &mut super::dispatch::State, root: &str, container_config: &ContainerConfig, container_id: &str, kept: Option<Kept<'_>>, cache_extra: &str, out: &mut dyn FnMut(&str)) -> Result<(), super::BuildError> {
    let kept = kept.filter(|_| !container_id.is_empty());
    let mut tar = Vec::new();
    let diffed = {
        let mut d = daemon.borrow_mut();
        let k = d.kernel();
        let diffed = k.diff_rootfs(root, &mut tar);
        if kept.is_none() || diffed.is_err() {
            let _ = k.remove_rootfs(root);
        }
        diffed
    };
    diffed?;
    let parent = st.image_id;
    let new = commit(daemon, Step { parent, config: &st.config, container_config, container_id, author: &st.maintainer, comment: "", layer: Some(tar), cache_extra })?;
    match kept {
        Some(kept) => keep_container(daemon, container_id, parent, kept)?,
        None => {
            if let Some(short) = container_id.get(..12) {
                out(&format!("Removing intermediate container {short}\n"));
            }
        }
    }
    st.image_id = Some(new);
    Ok(())
}
