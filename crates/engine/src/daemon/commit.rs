//! `docker commit`: a container's writable layer as a new image over its image, with the
//! container's config (and `--change` instructions) as the image's.

use super::{ApiError, DaemonRef};
use crate::api::container::ContainerConfig;
use crate::build::exec::commit::{commit, Step};
use crate::digest::Digest;
use crate::image::reference::Reference;

/// What `docker commit` asks for.
#[derive(Debug, Clone, Default)]
pub struct CommitOptions {
    /// `REPOSITORY[:TAG]`, if given.
    pub reference: Option<String>,
    /// `-m`.
    pub comment: String,
    /// `-a`.
    pub author: String,
    /// `-c`: Dockerfile instructions applied to the config.
    pub changes: Vec<String>,
}

/// A command in exec (`["a","b"]`) or shell form, as CMD and ENTRYPOINT take it.
fn command(rest: &str) -> Vec<String> {
    match serde_json::from_slice::<Vec<String>>(rest.as_bytes()) {
        Ok(v) => v,
        Err(_) => vec!["/bin/sh".into(), "-c".into(), rest.to_string()],
    }
}

/// `KEY=VALUE ...` or `KEY VALUE` (ENV and LABEL).
fn pairs(rest: &str) -> Vec<(String, String)> {
    if !rest.split_whitespace().next().is_some_and(|w| w.contains('=')) {
        let (k, v) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        return vec![(k.to_string(), v.trim().to_string())];
    }
    rest.split_whitespace().filter_map(|w| w.split_once('=')).map(|(k, v)| (k.to_string(), v.trim_matches('"').to_string())).collect()
}

/// Applies one `--change` instruction (of `commit` or `import`), with Docker's error for one
/// it does not take.
pub(super) fn apply_change(config: &mut ContainerConfig, change: &str) -> Result<(), ApiError> {
    let (word, rest) = change.trim().split_once(char::is_whitespace).unwrap_or((change.trim(), ""));
    let rest = rest.trim();
    match word.to_ascii_uppercase().as_str() {
        "CMD" => config.cmd = Some(command(rest)),
        "ENTRYPOINT" => config.entrypoint = Some(command(rest)),
        "WORKDIR" => config.working_dir = rest.to_string(),
        "USER" => config.user = rest.to_string(),
        "STOPSIGNAL" => config.stop_signal = rest.to_string(),
        "ONBUILD" => config.on_build.get_or_insert_with(Vec::new).push(rest.to_string()),
        "EXPOSE" => {
            for port in rest.split_whitespace() {
                let key = if port.contains('/') { port.to_string() } else { format!("{port}/tcp") };
                config.exposed_ports.insert(key, Default::default());
            }
        }
        "VOLUME" => {
            for v in command(rest).into_iter().filter(|v| v != "/bin/sh" && v != "-c") {
                config.volumes.get_or_insert_with(Default::default).insert(v, Default::default());
            }
        }
        "ENV" => {
            let env = config.env.get_or_insert_with(Vec::new);
            for (k, v) in pairs(rest) {
                env.retain(|e| e.split_once('=').map_or(e.as_str(), |(n, _)| n) != k);
                env.push(format!("{k}={v}"));
            }
        }
        "LABEL" => {
            let labels = config.labels.get_or_insert_with(Default::default);
            for (k, v) in pairs(rest) {
                labels.insert(k, v);
            }
        }
        other => return Err(ApiError::invalid(format!("{} is not a valid change command", other.to_ascii_lowercase()))),
    }
    Ok(())
}

/// Commits the container `input` names; returns the new image's ID.
pub fn container_commit(daemon: &DaemonRef, input: &str, options: &CommitOptions) -> Result<Digest, ApiError> {
    let reference = options.reference.as_deref().map(Reference::parse).transpose().map_err(|e| ApiError::invalid(e.to_string()))?;
    let (id, image, mut config) = {
        let d = daemon.borrow();
        let c = d.container(input)?;
        (c.id.clone(), c.image_id, c.config.clone())
    };
    for change in &options.changes {
        apply_change(&mut config, change)?;
    }
    let mut tar = Vec::new();
    daemon.borrow_mut().kernel().diff_rootfs(&id, &mut tar).map_err(|e| ApiError::system(e.to_string()))?;
    let step = Step { parent: Some(image), config: &config, container_config: &config, container_id: &id, author: &options.author, comment: &options.comment, layer: Some(tar), cache_extra: "" };
    let new = commit(daemon, step).map_err(|e| ApiError::system(e.to_string()))?;
    let mut d = daemon.borrow_mut();
    if let Some(r) = reference {
        let now = crate::api::gotime::GoTime::from_unix_nanos(d.kernel().now());
        d.images().tag(&r, &new, now)?;
    }
    let c = d.container(&id)?;
    let attributes = [("comment".to_string(), options.comment.clone()), ("imageID".to_string(), new.to_string()), ("name".to_string(), c.name.clone())].into();
    let time = d.kernel().now();
    d.events.push(super::events::Event { time, kind: "container", action: "commit".into(), id, attributes });
    Ok(new)
}
