//! `docker volume create/ls/inspect/rm/prune`, and the mount flags of `run`/`create`
//! (`-v`, `--mount`, `--tmpfs`, `--volumes-from`) as the 28.2 CLI turns them into the
//! create request (`opts/mount.go`, `container/opts.go`).

use std::collections::BTreeMap;

use super::Client;
use crate::api::host_config::Mount;
use crate::cli::grammar::{Parsed, UsageError};
use crate::cli::render::{inspect, volumes};
use crate::cli::units::{human_size_4, ram_in_bytes};
use crate::collect::CollectMap;
use crate::daemon::VolumeFilter;

/// What the mount flags ask for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct MountFlags {
    /// `-v /path`: anonymous volumes, for `Config.Volumes`.
    pub anonymous: Vec<String>,
    /// `-v SRC:DST[:MODE]`, for `HostConfig.Binds`.
    pub binds: Vec<String>,
    /// `--mount`.
    pub mounts: Vec<Mount>,
    /// `--tmpfs PATH[:OPTIONS]`.
    pub tmpfs: BTreeMap<String, String>,
    /// `--volumes-from`.
    pub volumes_from: Vec<String>,
}

/// One `--mount` value, with the CLI's errors (the cause after `invalid argument ... flag:`).
fn parse_mount(value: &str) -> Result<Mount, String> {
    let mut m = Mount { r#type: "volume".into(), ..Mount::default() };
    let mut kinds: Vec<&str> = Vec::new();
    for field in value.split(',') {
        let (key, val) = match field.split_once('=') {
            Some((k, v)) => (k.to_ascii_lowercase(), Some(v)),
            None => (field.to_ascii_lowercase(), None),
        };
        match (key.as_str(), val) {
            ("readonly" | "ro", None) => m.read_only = true,
            ("volume-nocopy", None) => {
                m.options.entry("VolumeOptions".into()).or_insert_with(|| serde_json::json!({}))["NoCopy"] = true.into();
                kinds.push("volume");
            }
            (_, None) => return Err(format!("invalid field '{field}' must be a key=value pair")),
            ("type", Some(v)) => m.r#type = v.to_ascii_lowercase(),
            ("source" | "src", Some(v)) => m.source = v.to_string(),
            ("target" | "dst" | "destination", Some(v)) => m.target = v.to_string(),
            ("readonly" | "ro", Some(v)) => m.read_only = crate::cli::grammar::parse_bool(v).map_err(|_| format!("invalid value for {key}: {v}"))?,
            ("tmpfs-size", Some(v)) => {
                let n = ram_in_bytes(v).map_err(|_| format!("invalid value for {key}: {v}"))?;
                m.options.entry("TmpfsOptions".into()).or_insert_with(|| serde_json::json!({}))["SizeBytes"] = n.into();
                kinds.push("tmpfs");
            }
            ("tmpfs-mode", Some(v)) => {
                let mode = u32::from_str_radix(v, 8).map_err(|_| format!("invalid value for {key}: {v}"))?;
                m.options.entry("TmpfsOptions".into()).or_insert_with(|| serde_json::json!({}))["Mode"] = mode.into();
                kinds.push("tmpfs");
            }
            ("volume-nocopy", Some(v)) => {
                let no_copy = crate::cli::grammar::parse_bool(v).map_err(|_| format!("invalid value for {key}: {v}"))?;
                m.options.entry("VolumeOptions".into()).or_insert_with(|| serde_json::json!({}))["NoCopy"] = no_copy.into();
                kinds.push("volume");
            }
            ("volume-opt", Some(v)) => {
                // The CLI's `setValueOnMap`: `KEY=VALUE`, a bare key meaning an empty value.
                let (k, val) = v.split_once('=').unwrap_or((v, ""));
                if !k.is_empty() {
                    let opts = m.options.entry("VolumeOptions".into()).or_insert_with(|| serde_json::json!({}));
                    opts["DriverConfig"]["Options"][k] = val.into();
                }
                kinds.push("volume");
            }
            ("bind-propagation", Some(v)) => {
                m.options.insert("BindOptions".into(), serde_json::json!({"Propagation": v}));
                kinds.push("bind");
            }
            _ => return Err(format!("unexpected key '{key}' in '{field}'")),
        }
    }
    if m.r#type.is_empty() {
        return Err("type is required".into());
    }
    if m.target.is_empty() {
        return Err("target is required".into());
    }
    if let Some(kind) = kinds.iter().find(|k| **k != m.r#type) {
        return Err(format!("cannot mix '{kind}-*' options with mount type '{}'", m.r#type));
    }
    Ok(m)
}

/// Reads the mount flags of `run`/`create`; a bad `--mount` is a flag error (exit 125).
pub(super) fn mount_flags(p: &Parsed) -> Result<MountFlags, UsageError> {
    let mut flags = MountFlags::default();
    for v in p.values("volume") {
        if v.contains(':') {
            flags.binds.push(v.clone());
        } else {
            flags.anonymous.push(v.clone());
        }
    }
    for v in p.values("mount") {
        flags.mounts.push(parse_mount(v).map_err(|cause| p.invalid_value("mount", v, &cause))?);
    }
    for v in p.values("tmpfs") {
        let (path, opts) = v.split_once(':').unwrap_or((v, ""));
        flags.tmpfs.insert(path.to_string(), opts.to_string());
    }
    flags.volumes_from = p.values("volumes-from").to_vec();
    Ok(flags)
}

impl Client<'_> {
    /// `docker volume create [NAME]`: prints the name.
    pub(super) async fn volume_create(&self, p: &Parsed) -> i32 {
        let name = p.args.first().map(String::as_str).or(p.value("name")).unwrap_or("").to_string();
        let labels: BTreeMap<String, String> = p.values("label").iter().map(|l| l.split_once('=').map_or((l.clone(), String::new()), |(k, v)| (k.to_string(), v.to_string()))).collect_map();
        let options: BTreeMap<String, String> = p.values("opt").iter().map(|o| o.split_once('=').map_or((o.clone(), String::new()), |(k, v)| (k.to_string(), v.to_string()))).collect_map();
        let created = self.daemon.borrow_mut().volume_create_with(&name, labels, options);
        match created {
            Ok(v) => {
                self.out(&format!("{}\n", v.name)).await;
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    fn volume_filters(&self, p: &Parsed) -> Result<Vec<VolumeFilter>, crate::daemon::ApiError> {
        p.values("filter").iter().map(|f| VolumeFilter::parse(f)).collect()
    }

    /// `docker volume ls [-q] [--filter ...] [--format ...]`.
    pub(super) async fn volume_ls(&self, p: &Parsed) -> i32 {
        let filters = match self.volume_filters(p) {
            Ok(f) => f,
            Err(e) => return self.daemon_error(&e).await,
        };
        let list = self.daemon.borrow_mut().volume_list(&filters, false);
        match volumes::render(&list, &volumes::Options { quiet: p.bool("quiet"), format: p.string("format").to_string() }) {
            Ok(text) => {
                self.out(&text).await;
                0
            }
            Err(e) => {
                self.err(&format!("{}\n", e.docker_message())).await;
                1
            }
        }
    }

    /// `docker volume inspect VOLUME...`.
    pub(super) async fn volume_inspect(&self, p: &Parsed) -> i32 {
        let results: Vec<_> = {
            let mut d = self.daemon.borrow_mut();
            p.args.iter().map(|name| d.volume_inspect(name).map_err(|e| format!("Error response from daemon: {e}"))).collect()
        };
        let printed = inspect::render(&results, p.string("format"));
        self.out(&printed.stdout).await;
        self.err(&printed.stderr).await;
        printed.code
    }

    /// `docker volume rm [-f] VOLUME...`: prints each name removed.
    pub(super) async fn volume_rm(&self, p: &Parsed) -> i32 {
        let force = p.bool("force");
        let mut code = 0;
        for name in &p.args {
            let removed = self.daemon.borrow_mut().volume_remove(name, force);
            match removed {
                Ok(()) => self.out(&format!("{name}\n")).await,
                Err(e) => code = self.daemon_error(&e).await,
            }
        }
        code
    }

    /// `docker volume prune [-f]`: asks first, as the CLI does against a 20.10 daemon (which
    /// prunes named volumes too, hence the "all local volumes" warning).
    pub(super) async fn volume_prune(&self, p: &Parsed) -> i32 {
        let filters = match self.volume_filters(p) {
            Ok(f) => f,
            Err(e) => return self.daemon_error(&e).await,
        };
        if !p.bool("force") {
            let warning = "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?";
            if !self.confirm(warning).await {
                // docker exits 0 without a word when a prompt is declined.
                return 0;
            }
        }
        let (removed, reclaimed) = self.daemon.borrow_mut().volume_prune(&filters);
        let mut out = String::new();
        if !removed.is_empty() {
            out.push_str("Deleted Volumes:\n");
            for name in &removed {
                out.push_str(&format!("{name}\n"));
            }
            out.push('\n');
        }
        out.push_str(&format!("Total reclaimed space: {}\n", human_size_4(reclaimed)));
        self.out(&out).await;
        0
    }

    /// The CLI's `prompt.Confirm`: the question and ` [y/N] ` on stdout, then one line of
    /// stdin; only `y` or `Y` says yes.
    pub(super) async fn confirm(&self, message: &str) -> bool {
        self.out(&format!("{message} [y/N] ")).await;
        let mut line = Vec::new();
        let mut buf = [0u8; 256];
        loop {
            let n = self.io.read_stdin(&mut buf).await;
            if n == 0 {
                break;
            }
            line.extend_from_slice(&buf[..n]);
            if line.contains(&b'\n') {
                break;
            }
        }
        let answer = String::from_utf8_lossy(&line);
        let answer = answer.split('\n').next().unwrap_or("").trim();
        answer.eq_ignore_ascii_case("y")
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_values_parse_like_the_cli() {
        let m = parse_mount("type=bind,src=/srv,dst=/data,readonly").unwrap();
        assert_eq!((m.r#type.as_str(), m.source.as_str(), m.target.as_str(), m.read_only), ("bind", "/srv", "/data", true));
        assert_eq!(parse_mount("source=data,target=/x").unwrap().r#type, "volume");
        assert_eq!(parse_mount("type=tmpfs,destination=/t,tmpfs-size=1m").unwrap().options["TmpfsOptions"]["SizeBytes"], 1 << 20);
        assert_eq!(parse_mount("type=bind,source=/x").unwrap_err(), "target is required");
        assert_eq!(parse_mount("type=bind,foo=1,target=/x").unwrap_err(), "unexpected key 'foo' in 'foo=1'");
        assert_eq!(parse_mount("type=bind,target=/x,tmpfs-size=1m").unwrap_err(), "cannot mix 'tmpfs-*' options with mount type 'bind'");
        assert_eq!(parse_mount("type=bind,target=/x,bogus").unwrap_err(), "invalid field 'bogus' must be a key=value pair");
        let t = parse_mount("type=tmpfs,dst=/t,tmpfs-size=64m,tmpfs-mode=1770").unwrap();
        assert_eq!(t.options["TmpfsOptions"], serde_json::json!({"SizeBytes": 64 << 20, "Mode": 0o1770}));
        assert_eq!(parse_mount("type=tmpfs,dst=/t,tmpfs-mode=9").unwrap_err(), "invalid value for tmpfs-mode: 9");
        let v = parse_mount("type=volume,src=v,dst=/v,volume-nocopy,volume-opt=type=tmpfs,volume-opt=o=size=1m").unwrap();
        assert_eq!(v.options["VolumeOptions"], serde_json::json!({"NoCopy": true, "DriverConfig": {"Options": {"type": "tmpfs", "o": "size=1m"}}}));
        assert_eq!(parse_mount("type=bind,src=/a,dst=/v,volume-opt=a=b").unwrap_err(), "cannot mix 'volume-*' options with mount type 'bind'");
    }
}
