//! The two settings of a distribution registry's `config.yml` that decide where it can be
//! reached and where it keeps images: `http.addr` and `storage.filesystem.rootdirectory`,
//! with the `REGISTRY_*` environment overrides the registry itself honours. The daemon reads
//! them to find a `registry:2` container's storage; the simulator's `registry` program reads
//! them to serve it.

use crate::compose::yaml;

/// Where a registry listens and stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// The TCP port of `http.addr` (`:5000`).
    pub port: u16,
    /// The filesystem driver's root directory (absolute, in the registry's filesystem).
    pub root: String,
}

/// Reads `config.yml` text and the process environment (`KEY=value` entries). `None` when the
/// file is not a registry configuration using the filesystem driver.
pub fn parse(text: &str, env: &[String]) -> Option<ServeConfig> {
    let doc = yaml::parse(text).ok()?;
    let from_env = |key: &str| {
        env.iter()
            .find_map(|e| e.strip_prefix(key)?.strip_prefix('=').map(str::to_string))
    };
    let root = from_env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY").or_else(|| {
        doc.get("storage")?
            .get("filesystem")?
            .get("rootdirectory")?
            .as_str()
            .map(str::to_string)
    })?;
    let addr = from_env("REGISTRY_HTTP_ADDR")
        .or_else(|| doc.get("http")?.get("addr")?.as_str().map(str::to_string))
        .unwrap_or_else(|| ":5000".into());
    let port = addr.rsplit(':').next()?.parse().ok()?;
    Some(ServeConfig { port, root })
}

/// The configuration file a registry command line serves: `registry serve FILE`, or the
/// image's entrypoint given a `*.yml`/`*.yaml` as its first argument (the official image's
/// `entrypoint.sh` turns that into `registry serve FILE`).
pub fn config_argument(argv: &[String]) -> Option<&str> {
    let is_yaml = |a: &&String| a.ends_with(".yml") || a.ends_with(".yaml");
    match argv {
        [prog, serve, file, ..]
            if prog.rsplit('/').next() == Some("registry") && serve == "serve" =>
        {
            Some(file)
        }
        [_, first, ..] if is_yaml(&first) => Some(first),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IMAGE_CONFIG: &str = "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: /var/lib/registry\nhttp:\n  addr: :5000\n";

    #[test]
    fn reads_the_official_image_config() {
        assert_eq!(
            parse(IMAGE_CONFIG, &[]),
            Some(ServeConfig {
                port: 5000,
                root: "/var/lib/registry".into()
            })
        );
    }

    #[test]
    fn environment_overrides_the_file() {
        let env = [
            "REGISTRY_HTTP_ADDR=0.0.0.0:5001".to_string(),
            "REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=/data".to_string(),
        ];
        assert_eq!(
            parse(IMAGE_CONFIG, &env),
            Some(ServeConfig {
                port: 5001,
                root: "/data".into()
            })
        );
    }

    #[test]
    fn other_yaml_is_not_a_registry() {
        assert_eq!(parse("services:\n  web:\n    image: nginx\n", &[]), None);
        assert_eq!(parse("storage:\n  s3: {}\n", &[]), None);
    }

    #[test]
    fn finds_the_served_file() {
        let argv = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            config_argument(&argv(&[
                "/entrypoint.sh",
                "/etc/docker/registry/config.yml"
            ])),
            Some("/etc/docker/registry/config.yml")
        );
        assert_eq!(
            config_argument(&argv(&["/bin/registry", "serve", "/c.yaml"])),
            Some("/c.yaml")
        );
        assert_eq!(config_argument(&argv(&["sh", "-c", "x.yml"])), None);
    }
}
