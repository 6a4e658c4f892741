//! `docker rmi` (`DELETE /images/{name}`): untag, then delete what nothing references any
//! more, with dockerd's conflict rules and its `Untagged:`/`Deleted:` report.

use std::collections::BTreeSet;

use super::{ApiError, Daemon};
use crate::container::state::Status;
use crate::digest::Digest;
use crate::image::oci::chain_ids;
use crate::image::reference::{is_full_id, Reference};

/// One line of `docker rmi`'s report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    /// `Untagged: busybox:latest`.
    Untagged(String),
    /// `Deleted: sha256:…` (an image, then the layers it released).
    Deleted(Digest),
}

fn short(id: &Digest) -> String {
    id.hex()[..12].to_string()
}

impl Daemon {
    fn image_users(&self, id: &Digest) -> (Option<String>, Option<String>) {
        let running = self.containers.values().find(|c| c.image_id == *id && matches!(c.state.status, Status::Running | Status::Paused | Status::Restarting));
        let stopped = self.containers.values().find(|c| c.image_id == *id);
        (running.map(|c| c.id.clone()), stopped.map(|c| c.id.clone()))
    }

    fn has_children(&mut self, id: &Digest) -> Result<bool, ApiError> {
        let db = self.images();
        for other in db.ids()? {
            if db.get(&other)?.parent == Some(*id) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `DELETE /images/{name}?force=…`.
    pub fn image_remove(&mut self, name: &str, force: bool) -> Result<Vec<Removed>, ApiError> {
        let id = self.images().resolve(name)?;
        let by_reference = !is_full_id(name) && !name.starts_with("sha256:") && Reference::parse(name).ok().is_some_and(|r| self.images().tags().ok().and_then(|t| t.get(&r.clone().with_default_tag()).or_else(|| t.get(&r))) == Some(id));
        let mut out = Vec::new();
        let refs = self.images().references(&id)?;
        let (running, stopped) = self.image_users(&id);
        if by_reference {
            let r = Reference::parse(name).map_err(|e| ApiError::invalid(e.to_string()))?;
            let r = if r.digest().is_some() || r.tag().is_some() { r } else { r.with_default_tag() };
            let tags_left = refs.iter().filter(|x| x.digest().is_none() && **x != r).count();
            if tags_left == 0 && !force {
                if let Some(c) = stopped.as_ref().or(running.as_ref()) {
                    return Err(ApiError::conflict(format!("conflict: unable to remove repository reference \"{name}\" (must force) - container {} is using its referenced image {}", &c[..12], short(&id))));
                }
            }
            self.images().untag(&r)?;
            out.push(Removed::Untagged(r.familiar_string()));
            // The repository's last tag is gone: its digest references go with it.
            let same_repo_tags = refs.iter().any(|x| x.digest().is_none() && *x != r && x.familiar_name() == r.familiar_name());
            if r.digest().is_none() && !same_repo_tags {
                for d in refs.iter().filter(|x| x.digest().is_some() && x.familiar_name() == r.familiar_name()) {
                    self.images().untag(d)?;
                    out.push(Removed::Untagged(d.familiar_string()));
                }
            }
            if tags_left > 0 {
                return Ok(out);
            }
        } else {
            let repos: BTreeSet<String> = refs.iter().map(|r| r.familiar_name()).collect();
            if repos.len() > 1 && !force {
                return Err(ApiError::conflict(format!("conflict: unable to delete {} (must be forced) - image is referenced in multiple repositories", short(&id))));
            }
            if let Some(c) = &running {
                return Err(ApiError::conflict(format!("conflict: unable to delete {} (cannot be forced) - image is being used by running container {}", short(&id), &c[..12])));
            }
            if let (Some(c), false) = (&stopped, force) {
                return Err(ApiError::conflict(format!("conflict: unable to delete {} (must be forced) - image is being used by stopped container {}", short(&id), &c[..12])));
            }
            for r in refs {
                self.images().untag(&r)?;
                out.push(Removed::Untagged(r.familiar_string()));
            }
        }
        if self.images().references(&id)?.is_empty() && self.image_users(&id).1.is_none() && !self.has_children(&id)? {
            self.delete_image_chain(id, &mut out)?;
        }
        Ok(out)
    }

    /// Deletes `id`, the layers only it used, then its parents while they are untagged,
    /// unused and childless (dockerd's parent pruning).
    fn delete_image_chain(&mut self, mut id: Digest, out: &mut Vec<Removed>) -> Result<u64, ApiError> {
        let mut freed = 0;
        loop {
            let rec = self.images().get(&id)?;
            let chains = chain_ids(&rec.layers.iter().map(|l| l.diff_id).collect::<Vec<_>>());
            self.images().delete(&id)?;
            out.push(Removed::Deleted(id));
            let mut in_use = BTreeSet::new();
            let db = self.images();
            for other in db.ids()? {
                let r = db.get(&other)?;
                in_use.extend(chain_ids(&r.layers.iter().map(|l| l.diff_id).collect::<Vec<_>>()));
            }
            for (chain, layer) in chains.iter().zip(&rec.layers).rev() {
                if in_use.contains(chain) {
                    continue;
                }
                if self.kernel.remove_layer(chain).is_ok() {
                    let _ = self.kernel.stores().0.delete(&layer.blob);
                    out.push(Removed::Deleted(*chain));
                    freed += layer.size;
                }
            }
            let time = self.kernel.now();
            self.events.push(super::events::Event { time, kind: "image", action: "delete".into(), id: id.to_string(), attributes: [("name".to_string(), id.to_string())].into() });
            match rec.parent {
                Some(p) if self.images().record(&p)?.is_some() && self.images().references(&p)?.is_empty() && !self.has_children(&p)? && self.image_users(&p).1.is_none() => id = p,
                _ => return Ok(freed),
            }
        }
    }
}

impl Daemon {
    /// `POST /images/prune`: deletes dangling images (with `all`, every image no container
    /// uses). Returns the report and the bytes reclaimed.
    pub fn image_prune(&mut self, all: bool) -> Result<(Vec<Removed>, u64), ApiError> {
        let mut out = Vec::new();
        let mut reclaimed = 0;
        loop {
            let ids = self.images().ids()?;
            let mut victim = None;
            for id in ids {
                let untagged = self.images().references(&id)?.is_empty();
                if (all || untagged) && self.image_users(&id).1.is_none() && !self.has_children(&id)? {
                    victim = Some(id);
                    break;
                }
            }
            let Some(id) = victim else { break };
            for r in self.images().references(&id)? {
                self.images().untag(&r)?;
                out.push(Removed::Untagged(r.familiar_string()));
            }
            reclaimed += self.delete_image_chain(id, &mut out)?;
        }
        Ok((out, reclaimed))
    }
}
