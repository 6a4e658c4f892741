//! Volumes: dockerd 20.10's `local` driver and volume service (`volume/local`,
//! `volume/service`), over the kernel's volume storage.
//!
//! A volume is a record here (name, creation time, labels) plus a directory the kernel owns
//! (`/var/lib/docker/volumes/NAME/_data`). Who uses a volume is not stored: it is every
//! container, running or not, with a mount point naming it, as dockerd counts references.
//!
//! Deliberate 20.10 behaviour: `volume prune` removes *every* unused volume, named ones too
//! (the "anonymous only" default came with API 1.42), and anonymous volumes carry no label.

use std::collections::BTreeMap;

use super::{ApiError, Daemon};
use crate::api::gotime::GoTime;
use crate::api::{Volume, VolumeUsageData};
use crate::fs::copy;
use crate::kernel::Timestamp;

/// A volume as the daemon keeps it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VolumeRecord {
    /// Its name (64 hex characters for an anonymous volume).
    pub name: String,
    /// When it was created.
    pub created: Timestamp,
    /// `--label`s.
    pub labels: BTreeMap<String, String>,
    /// Where the kernel keeps its data (the `Mountpoint`).
    pub mountpoint: String,
    /// Driver options (`--opt type=tmpfs`), as given.
    #[serde(default)]
    pub options: BTreeMap<String, String>,
}

/// A filter of `docker volume ls --filter`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeFilter {
    key: String,
    value: String,
}

impl VolumeFilter {
    /// Parses `KEY=VALUE` with dockerd's errors.
    pub fn parse(s: &str) -> Result<VolumeFilter, ApiError> {
        let Some((key, value)) = s.split_once('=') else {
            return Err(ApiError::invalid("bad format of filter (expected name=value)"));
        };
        if !["dangling", "name", "driver", "label"].contains(&key) {
            return Err(ApiError::invalid(format!("invalid filter '{key}'")));
        }
        if key == "dangling" && !["true", "false", "1", "0"].contains(&value) {
            return Err(ApiError::invalid(format!("invalid filter 'dangling={value}'")));
        }
        Ok(VolumeFilter { key: key.to_string(), value: value.to_string() })
    }
}

/// Whether `name` is a valid local volume name (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`).
pub(super) fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphanumeric() && b[1..].iter().all(|c| c.is_ascii_alphanumeric() || b"_.-".contains(c))
}

/// dockerd's error for a name the local driver refuses.
pub(super) fn invalid_name_error(name: &str) -> ApiError {
    if name.len() == 1 {
        return ApiError::invalid(format!("create {name}: volume name is too short, names should be at least two alphanumeric characters"));
    }
    ApiError::invalid(format!(
        "create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"
    ))
}

impl Daemon {
    fn random_hex(&mut self) -> String {
        let mut b = [0u8; 32];
        self.kernel.fill_random(&mut b);
        hex::encode(b)
    }

    /// `POST /volumes/create`: a volume named `name` (a random one if empty). Creating an
    /// existing volume returns it unchanged, as dockerd does.
    pub fn volume_create(&mut self, name: &str, labels: BTreeMap<String, String>) -> Result<Volume, ApiError> {
        self.volume_create_with(name, labels, BTreeMap::new())
    }

    /// `POST /volumes/create` with driver options (`--opt`, `volume-opt`), which the local
    /// driver records and `volume inspect` shows.
    pub fn volume_create_with(&mut self, name: &str, labels: BTreeMap<String, String>, options: BTreeMap<String, String>) -> Result<Volume, ApiError> {
        let name = if name.is_empty() { self.random_hex() } else { name.to_string() };
        if !valid_name(&name) {
            return Err(invalid_name_error(&name));
        }
        // The local driver's `validateOpts`: a mount's type, device and options, no more.
        for key in options.keys() {
            match key.as_str() {
                "type" | "device" | "o" => {}
                "size" => return Err(ApiError::invalid(format!("create {name}: quota size requested but no quota support"))),
                other => return Err(ApiError::invalid(format!("create {name}: invalid option key: {other:?}"))),
            }
        }
        if !self.volumes.contains_key(&name) {
            let mountpoint = self.kernel.create_volume(&name).map_err(|e| ApiError::system(format!("create {name}: {e}")))?;
            let created = self.kernel.now();
            self.volumes.insert(name.clone(), VolumeRecord { name: name.clone(), created, labels, mountpoint, options });
            self.volume_event(&name, "create");
        }
        Ok(self.volume_view(&name, false))
    }

    pub(super) fn volume_event(&mut self, name: &str, action: &str) {
        let time = self.kernel.now();
        let attributes = BTreeMap::from([("driver".to_string(), "local".to_string())]);
        self.events.push(super::events::Event { time, kind: "volume", action: action.to_string(), id: name.to_string(), attributes });
    }

    /// Every volume, by name: a read-only view for pictures of the daemon's state.
    pub fn volumes(&self) -> impl Iterator<Item = &VolumeRecord> {
        self.volumes.values()
    }

    /// The IDs of the containers using volume `name`, in creation order.
    pub fn volume_users(&self, name: &str) -> Vec<String> {
        let mut users: Vec<&super::Container> = self.containers.values().filter(|c| c.mount_points.iter().any(|m| m.is_volume() && m.name == name)).collect();
        crate::sort::by_key(&mut users, |c| c.serial);
        users.into_iter().map(|c| c.id.clone()).collect()
    }

    fn volume_size(&mut self, mountpoint: &str) -> u64 {
        let mut size = 0;
        let _ = self.kernel.with_host_dir(mountpoint, false, &mut |fs, dir| {
            size = copy::tree_size(fs, dir)?;
            Ok(())
        });
        size
    }

    fn volume_view(&mut self, name: &str, usage: bool) -> Volume {
        let v = self.volumes[name].clone();
        let usage_data = usage.then(|| VolumeUsageData { ref_count: self.volume_users(name).len() as i64, size: self.volume_size(&v.mountpoint) as i64 });
        Volume {
            created_at: GoTime::from_unix(v.created.div_euclid(1_000_000_000)).rfc3339_nano(),
            driver: "local".into(),
            labels: (!v.labels.is_empty()).then_some(v.labels),
            mountpoint: v.mountpoint,
            name: v.name,
            options: (!v.options.is_empty()).then_some(v.options),
            scope: "local".into(),
            status: BTreeMap::new(),
            usage_data,
        }
    }

    /// `GET /volumes/{name}`.
    pub fn volume_inspect(&mut self, name: &str) -> Result<Volume, ApiError> {
        if !self.volumes.contains_key(name) {
            return Err(ApiError::not_found(format!("get {name}: no such volume")));
        }
        Ok(self.volume_view(name, false))
    }

    /// `GET /volumes`, filtered (values of one key ORed, keys ANDed). With `usage`, each
    /// carries its reference count and size (`docker system df`).
    pub fn volume_list(&mut self, filters: &[VolumeFilter], usage: bool) -> Vec<Volume> {
        let names: Vec<String> = self.volumes.keys().cloned().collect();
        let mut out = Vec::new();
        for name in names {
            let mut keys: BTreeMap<&str, bool> = BTreeMap::new();
            let labels = &self.volumes[&name].labels;
            for f in filters {
                let hit = match f.key.as_str() {
                    "dangling" => self.volume_users(&name).is_empty() == matches!(f.value.as_str(), "true" | "1"),
                    "name" => name.contains(&f.value),
                    "driver" => f.value == "local",
                    "label" => match f.value.split_once('=') {
                        Some((k, v)) => labels.get(k).is_some_and(|x| x == v),
                        None => labels.contains_key(&f.value),
                    },
                    _ => false,
                };
                *keys.entry(f.key.as_str()).or_insert(false) |= hit;
            }
            if keys.values().all(|&hit| hit) {
                out.push(self.volume_view(&name, usage));
            }
        }
        out
    }

    /// `DELETE /volumes/{name}`: refused while a container uses it; with `force` a missing
    /// volume is not an error.
    pub fn volume_remove(&mut self, name: &str, force: bool) -> Result<(), ApiError> {
        if !self.volumes.contains_key(name) {
            return if force { Ok(()) } else { Err(ApiError::not_found(format!("get {name}: no such volume"))) };
        }
        let users = self.volume_users(name);
        if !users.is_empty() {
            return Err(ApiError::conflict(format!("remove {name}: volume is in use - [{}]", users.join(", "))));
        }
        self.kernel.remove_volume(name).map_err(|e| ApiError::system(format!("remove {name}: {e}")))?;
        self.volumes.remove(name);
        self.volume_event(name, "destroy");
        Ok(())
    }

    /// `DELETE /containers/{id}?v=1`: [`Daemon::container_remove`], taking the container's
    /// anonymous volumes with it when `volumes` (`docker rm -v`).
    pub fn container_remove_with_volumes(&mut self, input: &str, force: bool, volumes: bool) -> Result<(), ApiError> {
        let id = self.lookup(input)?;
        self.container_mut(&id).state.remove_volumes = volumes;
        let result = self.container_remove(&id, force);
        if result.is_err() {
            self.container_mut(&id).state.remove_volumes = false;
        }
        result
    }

    /// `POST /volumes/prune`: removes every volume no container uses (20.10: named ones
    /// too); the names removed and the bytes they held.
    pub fn volume_prune(&mut self, filters: &[VolumeFilter]) -> (Vec<String>, u64) {
        let unused: Vec<String> = self.volumes.keys().filter(|n| self.volume_users(n).is_empty()).cloned().collect();
        let mut removed = Vec::new();
        let mut reclaimed = 0;
        for name in unused {
            let labels = &self.volumes[&name].labels;
            let wanted = filters.iter().filter(|f| f.key == "label").all(|f| match f.value.split_once('=') {
                Some((k, v)) => labels.get(k).is_some_and(|x| x == v),
                None => labels.contains_key(&f.value),
            });
            if !wanted {
                continue;
            }
            let size = self.volume_size(&self.volumes[&name].mountpoint.clone());
            if self.volume_remove(&name, false).is_ok() {
                reclaimed += size;
                removed.push(name);
            }
        }
        (removed, reclaimed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_volume_names_follow_the_driver_rule() {
        assert!(valid_name("probevol") && valid_name("a-b_c.d") && valid_name("0x"));
        assert!(!valid_name("x") && !valid_name("-x") && !valid_name("x!") && !valid_name("./data"));
        assert!(invalid_name_error("x!").message.starts_with("create x!: \"x!\" includes invalid characters"));
    }

    #[test]
    fn filters_are_checked_like_dockerd() {
        assert!(VolumeFilter::parse("dangling=true").is_ok());
        assert_eq!(VolumeFilter::parse("color=red").unwrap_err().message, "invalid filter 'color'");
        assert_eq!(VolumeFilter::parse("dangling").unwrap_err().message, "bad format of filter (expected name=value)");
    }
}
