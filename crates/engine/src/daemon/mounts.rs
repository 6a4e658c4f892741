//! A container's mount points: dockerd 20.10's `registerMountPoints` (`daemon/volumes.go`)
//! and the Linux mount parser (`volume/mounts/linux_parser.go`), with their error texts.
//!
//! At create, `--volumes-from`, `-v` binds, `--mount`s and the config's `Volumes` (the
//! image's `VOLUME`s and `-v /path`) become [`MountPoint`]s, in that order of precedence by
//! destination; named volumes are created as needed and a volume that is still empty is
//! filled from the image's content at its destination (moby's `populateVolumes`). At start
//! they become the kernel's bind mounts, `--tmpfs` adding tmpfs mounts.

use std::collections::BTreeMap;

use super::{ApiError, Daemon};
use crate::api::container::ContainerConfig;
use crate::api::container_inspect::MountPoint as MountView;
use crate::api::host_config::Mount;
use crate::collect::CollectMap;
use crate::fs::copy;
use crate::kernel::MountSpec;

/// What a mount point mounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MountKind {
    /// A volume's storage.
    Volume,
    /// A host path.
    Bind,
    /// A fresh tmpfs (`--mount type=tmpfs`).
    Tmpfs,
}

/// One mount point of a container (moby's `volume/mounts.MountPoint`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MountPoint {
    /// What it mounts.
    pub kind: MountKind,
    /// The volume's name (volumes only).
    pub name: String,
    /// The host path mounted (empty for tmpfs).
    pub source: String,
    /// Path in the container.
    pub destination: String,
    /// Writable.
    pub rw: bool,
    /// Mode as given (`ro`, `z`...).
    pub mode: String,
    /// Bind propagation (`rprivate` for binds).
    pub propagation: String,
    /// The user named no source: `rm -v` and `--rm` remove the volume with the container.
    pub anonymous: bool,
    /// tmpfs size limit in bytes.
    pub tmpfs_size: Option<u64>,
    /// tmpfs permission bits (`tmpfs-mode`; the kernel's 1777 when unset).
    #[serde(default)]
    pub tmpfs_mode: Option<u32>,
    /// `volume-nocopy`: a new volume is not filled from the image.
    #[serde(default)]
    pub no_copy: bool,
}

impl MountPoint {
    /// Whether it mounts a volume.
    pub fn is_volume(&self) -> bool {
        self.kind == MountKind::Volume
    }

    fn view(&self) -> MountView {
        let kind = match self.kind {
            MountKind::Volume => "volume",
            MountKind::Bind => "bind",
            MountKind::Tmpfs => "tmpfs",
        };
        MountView {
            kind: kind.into(),
            name: self.name.clone(),
            source: self.source.clone(),
            destination: self.destination.clone(),
            driver: if self.is_volume() { "local".into() } else { String::new() },
            mode: self.mode.clone(),
            rw: self.rw,
            propagation: self.propagation.clone(),
        }
    }
}

/// A `-v` spec as the parser reads it, before volumes are created.
fn parse_bind(spec: &str) -> Result<MountPoint, ApiError> {
    let invalid = || ApiError::invalid(format!("invalid volume specification: '{spec}'"));
    let parts: Vec<&str> = spec.split(':').collect();
    let (src, dst, mode) = match parts.as_slice() {
        [s, d] => (*s, *d, ""),
        [s, d, m] => (*s, *d, *m),
        _ => return Err(invalid()),
    };
    if src.is_empty() || dst.is_empty() {
        return Err(invalid());
    }
    let bind = src.starts_with('/');
    if !dst.starts_with('/') {
        let kind = if bind { "bind" } else { "volume" };
        return Err(ApiError::invalid(format!("invalid volume specification: '{spec}': invalid mount config for type \"{kind}\": invalid mount path: '{dst}' mount path must be absolute")));
    }
    let dst = clean(dst);
    if dst == "/" {
        return Err(ApiError::invalid("invalid specification: destination can't be '/'"));
    }
    let valid = ["ro", "rw", "z", "Z", "nocopy", "private", "rprivate", "shared", "rshared", "slave", "rslave", "consistent", "cached", "delegated"];
    if !mode.is_empty() && !mode.split(',').all(|m| valid.contains(&m)) {
        return Err(ApiError::invalid(format!("invalid mode: {mode}")));
    }
    let ro = mode.split(',').any(|m| m == "ro");
    Ok(MountPoint {
        kind: if bind { MountKind::Bind } else { MountKind::Volume },
        name: if bind { String::new() } else { src.to_string() },
        source: if bind { clean(src) } else { String::new() },
        destination: dst,
        rw: !ro,
        mode: mode.to_string(),
        propagation: if bind { "rprivate".into() } else { String::new() },
        anonymous: false,
        tmpfs_size: None,
        tmpfs_mode: None,
        no_copy: mode.split(',').any(|m| m == "nocopy"),
    })
}

/// A path without `.`, `..` or doubled and trailing slashes (Go's `filepath.Clean`).
fn clean(p: &str) -> String {
    format!("/{}", crate::fs::path::normalize(p).unwrap_or_default())
}

/// A `--mount` as the daemon reads it (`ParseMountSpec`).
fn parse_mount(m: &Mount) -> Result<MountPoint, ApiError> {
    let config_err = |what: &str| ApiError::invalid(format!("invalid mount config for type \"{}\": {what}", m.r#type));
    if m.target.is_empty() {
        return Err(config_err("field Target must not be empty"));
    }
    if !m.target.starts_with('/') {
        return Err(config_err(&format!("invalid mount path: '{}' mount path must be absolute", m.target)));
    }
    let kind = match m.r#type.as_str() {
        "volume" => MountKind::Volume,
        "bind" => MountKind::Bind,
        "tmpfs" => MountKind::Tmpfs,
        _ => return Err(config_err("mount type unknown")),
    };
    match kind {
        MountKind::Bind if m.source.is_empty() => return Err(config_err("field Source must not be empty")),
        MountKind::Bind if !m.source.starts_with('/') => return Err(config_err(&format!("invalid mount path: '{}' mount path must be absolute", m.source))),
        MountKind::Tmpfs if !m.source.is_empty() => return Err(config_err("field Source must not be specified")),
        MountKind::Volume if !m.source.is_empty() && !super::volumes::valid_name(&m.source) => return Err(super::volumes::invalid_name_error(&m.source)),
        _ => {}
    }
    let tmpfs = m.options.get("TmpfsOptions");
    let volume = m.options.get("VolumeOptions");
    Ok(MountPoint {
        kind,
        name: if kind == MountKind::Volume { m.source.clone() } else { String::new() },
        source: if kind == MountKind::Bind { clean(&m.source) } else { String::new() },
        destination: clean(&m.target),
        rw: !m.read_only,
        mode: String::new(),
        propagation: if kind == MountKind::Bind { "rprivate".into() } else { String::new() },
        anonymous: kind == MountKind::Volume && m.source.is_empty(),
        tmpfs_size: tmpfs.and_then(|o| o.get("SizeBytes")).and_then(|v| v.as_u64()).filter(|n| *n > 0),
        tmpfs_mode: tmpfs.and_then(|o| o.get("Mode")).and_then(|v| v.as_u64()).filter(|n| *n > 0).map(|n| n as u32),
        no_copy: volume.and_then(|o| o.get("NoCopy")).and_then(|v| v.as_bool()).unwrap_or(false),
    })
}

/// `--mount type=volume,volume-opt=K=V`: the driver options a new volume is created with.
fn volume_driver_options(m: &Mount) -> BTreeMap<String, String> {
    let opts = m.options.get("VolumeOptions").and_then(|o| o.get("DriverConfig")).and_then(|d| d.get("Options")).and_then(|o| o.as_object());
    opts.into_iter().flatten().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect_map()
}

/// `--tmpfs PATH[:OPTS]`'s size option in bytes (`size=64m`).
fn tmpfs_size(opts: &str) -> Option<u64> {
    let size = opts.split(',').find_map(|o| o.strip_prefix("size="))?;
    crate::cli::units::ram_in_bytes(size).ok()
}

/// `--mount type=tmpfs`'s options as `--tmpfs` would write them (moby's
/// `ConvertTmpfsOptions`): `ro`, `mode=` in octal, `size=` with the largest unit that divides it.
fn tmpfs_data(mp: &MountPoint) -> String {
    let mut data = Vec::new();
    if !mp.rw {
        data.push("ro".to_string());
    }
    if let Some(mode) = mp.tmpfs_mode {
        data.push(format!("mode={mode:o}"));
    }
    if let Some(size) = mp.tmpfs_size {
        let unit = [("g", 1u64 << 30), ("m", 1 << 20), ("k", 1 << 10)].into_iter().find(|(_, d)| size % d == 0);
        data.push(match unit {
            Some((suffix, d)) => format!("size={}{suffix}", size / d),
            None => format!("size={size}"),
        });
    }
    data.join(",")
}

/// The options dockerd mounts a tmpfs with: `noexec,nosuid,nodev` then the user's, later ones
/// replacing earlier ones of the same flag or key (moby's `MergeTmpfsOptions`).
fn tmpfs_options(data: &str) -> Vec<String> {
    let all: Vec<&str> = ["noexec", "nosuid", "nodev"].into_iter().chain(data.split(',').filter(|o| !o.is_empty() && *o != "defaults")).collect();
    // Flags that undo each other share a key, as `rw` and `ro` do.
    let key = |o: &str| -> String {
        match o {
            "ro" | "rw" => "rw".into(),
            "exec" | "noexec" => "exec".into(),
            "suid" | "nosuid" => "suid".into(),
            "dev" | "nodev" => "dev".into(),
            _ => o.split_once('=').map_or(o, |(k, _)| k).to_string(),
        }
    };
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for o in all.iter().rev() {
        let k = key(o);
        if !seen.contains(&k) {
            seen.push(k);
            out.insert(0, o.to_string());
        }
    }
    out
}

impl Daemon {
    /// Works out the mount points of new container `id` (whose root filesystem exists),
    /// creating the volumes they name and filling new ones from the image.
    pub(super) fn register_mounts(&mut self, id: &str, config: &ContainerConfig, host: &super::HostOptions) -> Result<Vec<MountPoint>, ApiError> {
        let mut points: BTreeMap<String, MountPoint> = BTreeMap::new();
        for from in &host.volumes_from {
            let (name, mode) = from.split_once(':').map_or((from.as_str(), ""), |(n, m)| (n, m));
            if !mode.is_empty() && mode != "ro" && mode != "rw" {
                return Err(ApiError::invalid(format!("invalid mode: {mode}")));
            }
            let other = self.container(name)?;
            for mp in &other.mount_points {
                let mut mp = mp.clone();
                if !mode.is_empty() {
                    mp.rw = mode == "rw";
                    mp.mode = mode.to_string();
                }
                points.insert(mp.destination.clone(), mp);
            }
        }
        let mut given: Vec<String> = Vec::new();
        let mut parsed: Vec<(MountPoint, bool, BTreeMap<String, String>)> = Vec::new();
        for b in &host.binds {
            parsed.push((parse_bind(b)?, true, BTreeMap::new()));
        }
        for m in &host.mounts {
            parsed.push((parse_mount(m)?, false, volume_driver_options(m)));
        }
        for (mut mp, from_v, driver_options) in parsed {
            if given.contains(&mp.destination) || host.tmpfs.contains_key(&mp.destination) {
                return Err(ApiError::invalid(format!("Duplicate mount point: {}", mp.destination)));
            }
            given.push(mp.destination.clone());
            match mp.kind {
                MountKind::Bind => {
                    // `-v` makes a missing source directory; `--mount` refuses it.
                    let found = self.kernel.with_host_dir(&mp.source, from_v, &mut |_, _| Ok(()));
                    if let Err(e) = found {
                        let is_file = matches!(e, crate::kernel::KernelError::Fs(crate::fs::FsError::NotADirectory(_)));
                        if !is_file {
                            if from_v {
                                return Err(ApiError::system(format!("error while creating mount source path '{}': {e}", mp.source)));
                            }
                            return Err(ApiError::invalid(format!("invalid mount config for type \"bind\": bind source path does not exist: {}", mp.source)));
                        }
                    }
                }
                MountKind::Volume => {
                    let v = self.volume_create_with(&mp.name, BTreeMap::new(), driver_options)?;
                    mp.name = v.name;
                    mp.source = v.mountpoint;
                    if mp.mode.is_empty() {
                        mp.mode = "z".into();
                    }
                }
                MountKind::Tmpfs => {}
            }
            points.insert(mp.destination.clone(), mp);
        }
        for path in config.volumes.iter().flat_map(|v| v.keys()) {
            let destination = clean(path);
            if points.contains_key(&destination) || host.tmpfs.contains_key(&destination) {
                continue;
            }
            let v = self.volume_create("", BTreeMap::new())?;
            points.insert(
                destination.clone(),
                MountPoint {
                    kind: MountKind::Volume,
                    name: v.name,
                    source: v.mountpoint,
                    destination,
                    rw: true,
                    mode: String::new(),
                    propagation: String::new(),
                    anonymous: true,
                    tmpfs_size: None,
                    tmpfs_mode: None,
                    no_copy: false,
                },
            );
        }
        let points: Vec<MountPoint> = points.into_values().collect();
        for mp in points.iter().filter(|m| m.is_volume() && !m.no_copy) {
            self.copy_up(id, mp)?;
        }
        Ok(points)
    }

    /// Fills an empty volume from what the container's image has at its destination.
    fn copy_up(&mut self, id: &str, mp: &MountPoint) -> Result<(), ApiError> {
        let inner = mp.destination.trim_start_matches('/').to_string();
        let mut snapshot = None;
        let _ = self.kernel.with_rootfs(id, &mut |fs| {
            if let Some(meta) = fs.lstat(&inner)?.filter(|m| m.kind == crate::fs::FileKind::Dir) {
                snapshot = Some((copy::snapshot_dir(fs, &inner)?, meta));
            }
            Ok(())
        });
        let Some((snapshot, meta)) = snapshot else { return Ok(()) };
        self.kernel
            .with_host_dir(&mp.source, false, &mut |fs, dir| {
                if copy::is_empty_dir(fs, dir)? {
                    copy::copy_into(&snapshot, fs, dir)?;
                    // The volume takes the image directory's owner and mode too (moby's
                    // `copyOwnership`), so `/data` of a database image stays its user's.
                    let mtime = fs.lstat(dir)?.map_or(0, |m| m.mtime);
                    fs.set_attrs(dir, &crate::fs::Attrs { mtime, ..meta.attrs() })?;
                }
                Ok(())
            })
            .map_err(|e| ApiError::system(format!("failed to copy image content to volume {}: {e}", mp.name)))
    }

    /// The kernel mounts of container `id`: its mount points, then `--tmpfs`.
    pub(super) fn mount_specs(&self, id: &str) -> Vec<MountSpec> {
        let c = &self.containers[id];
        let mut specs: Vec<MountSpec> = c
            .mount_points
            .iter()
            .map(|m| match m.kind {
                MountKind::Tmpfs => MountSpec::Tmpfs { target: m.destination.clone(), size: m.tmpfs_size, options: tmpfs_options(&tmpfs_data(m)) },
                MountKind::Volume => match self.volumes.get(&m.name).map(|v| &v.options).filter(|o| o.get("type").is_some_and(|t| t == "tmpfs")) {
                    // The local driver mounts `--opt type=tmpfs` volumes as a tmpfs with the
                    // `o=` options, and nothing more.
                    Some(opts) => {
                        let mut options: Vec<String> = opts.get("o").into_iter().flat_map(|o| o.split(',')).filter(|o| !o.is_empty()).map(str::to_string).collect();
                        if !m.rw {
                            options.push("ro".into());
                        }
                        MountSpec::Tmpfs { target: m.destination.clone(), size: None, options }
                    }
                    None => MountSpec::Bind { source: m.source.clone(), target: m.destination.clone(), readonly: !m.rw },
                },
                MountKind::Bind => MountSpec::Bind { source: m.source.clone(), target: m.destination.clone(), readonly: !m.rw },
            })
            .collect();
        for (target, opts) in &c.host.tmpfs {
            specs.push(MountSpec::Tmpfs { target: target.clone(), size: tmpfs_size(opts), options: tmpfs_options(opts) });
        }
        specs
    }

    /// `Mounts` of `docker inspect`, by destination.
    pub(super) fn mount_views(c: &super::Container) -> Vec<MountView> {
        c.mount_points.iter().map(MountPoint::view).collect()
    }

    /// Removes the anonymous volumes of container `id` that no other container uses, as
    /// `docker rm -v` and `--rm` do (moby's `removeMountPoints`).
    pub(super) fn remove_anonymous_volumes(&mut self, id: &str) {
        let names: Vec<String> = self.containers[id].mount_points.iter().filter(|m| m.is_volume() && m.anonymous).map(|m| m.name.clone()).collect();
        for name in names {
            if self.volume_users(&name).iter().all(|user| user == id) {
                let _ = self.kernel.remove_volume(&name);
                self.volumes.remove(&name);
                self.volume_event(&name, "destroy");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v_specs_are_named_volumes_or_binds() {
        let v = parse_bind("data:/var/lib/data:ro").unwrap();
        assert_eq!((v.kind, v.name.as_str(), v.destination.as_str(), v.rw, v.mode.as_str()), (MountKind::Volume, "data", "/var/lib/data", false, "ro"));
        let b = parse_bind("/srv/site/:/usr/share/nginx/html").unwrap();
        assert_eq!((b.kind, b.source.as_str(), b.propagation.as_str(), b.rw), (MountKind::Bind, "/srv/site", "rprivate", true));
    }

    #[test]
    fn bad_v_specs_get_dockerd_errors() {
        assert_eq!(parse_bind("a:b:c:d").unwrap_err().message, "invalid volume specification: 'a:b:c:d'");
        assert_eq!(parse_bind("data:/x:bogus").unwrap_err().message, "invalid mode: bogus");
        assert_eq!(
            parse_bind("data:rel").unwrap_err().message,
            "invalid volume specification: 'data:rel': invalid mount config for type \"volume\": invalid mount path: 'rel' mount path must be absolute"
        );
    }

    #[test]
    fn mount_flags_are_checked_by_type() {
        let m = |t: &str, s: &str| Mount { r#type: t.into(), source: s.into(), target: "/x".into(), ..Mount::default() };
        assert_eq!(parse_mount(&m("foo", "")).unwrap_err().message, "invalid mount config for type \"foo\": mount type unknown");
        assert_eq!(parse_mount(&m("bind", "")).unwrap_err().message, "invalid mount config for type \"bind\": field Source must not be empty");
        assert!(parse_mount(&m("volume", "")).unwrap().anonymous);
        assert_eq!(tmpfs_size("rw,size=64m"), Some(64 << 20));
    }

    #[test]
    fn tmpfs_options_merge_as_dockerd_does() {
        assert_eq!(tmpfs_options(""), ["noexec", "nosuid", "nodev"]);
        assert_eq!(tmpfs_options("rw,exec,size=64m,mode=1777"), ["nosuid", "nodev", "rw", "exec", "size=64m", "mode=1777"]);
        assert_eq!(tmpfs_options("size=1m,size=2m"), ["noexec", "nosuid", "nodev", "size=2m"]);
        let m = Mount { r#type: "tmpfs".into(), target: "/t".into(), read_only: true, options: [("TmpfsOptions".to_string(), serde_json::json!({"SizeBytes": 3 << 20, "Mode": 0o700}))].into(), ..Mount::default() };
        let mp = parse_mount(&m).unwrap();
        assert_eq!(tmpfs_data(&mp), "ro,mode=700,size=3m");
    }

    #[test]
    fn volume_mounts_carry_nocopy_and_driver_options() {
        let opts = serde_json::json!({"NoCopy": true, "DriverConfig": {"Options": {"type": "tmpfs"}}});
        let m = Mount { r#type: "volume".into(), source: "vol".into(), target: "/v".into(), options: [("VolumeOptions".to_string(), opts)].into(), ..Mount::default() };
        assert!(parse_mount(&m).unwrap().no_copy);
        assert_eq!(volume_driver_options(&m), BTreeMap::from([("type".to_string(), "tmpfs".to_string())]));
        assert!(parse_bind("v:/x:nocopy").unwrap().no_copy);
    }
}
