//! Docker's `container.Config` exactly as Go marshals it: every field present in declaration
//! order except the `omitempty` ones, `null` for absent lists and maps. This is the shape of
//! `Config` and `ContainerConfig` in `docker image inspect` and in `docker save`'s layer JSON.
//!
//! ([`crate::image::oci::ContainerConfig`] is the builder's view, which omits what is unset.)

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// The value type of Go's `map[string]struct{}`: always `{}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Empty {}

/// Reads `null` as the type's default, as Go leaves a field at its zero value.
pub(crate) fn null_default<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Reads Go's `strslice.StrSlice`: `null`, a list of strings, or a single string.
fn str_slice<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        One(String),
        Many(Vec<String>),
    }
    Ok(Option::<Either>::deserialize(d)?.map(|e| match e {
        Either::One(s) => vec![s],
        Either::Many(v) => v,
    }))
}

/// Like [`str_slice`], for an `omitempty` field where absent and empty are the same.
fn str_slice_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(str_slice(d)?.unwrap_or_default())
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Docker's `container.HealthConfig` (durations in nanoseconds).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthConfig {
    /// `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "null_default")]
    pub test: Vec<String>,
    /// Time between checks.
    #[serde(default, skip_serializing_if = "is_zero", deserialize_with = "null_default")]
    pub interval: i64,
    /// Time a check may take.
    #[serde(default, skip_serializing_if = "is_zero", deserialize_with = "null_default")]
    pub timeout: i64,
    /// Grace period after start.
    #[serde(default, skip_serializing_if = "is_zero", deserialize_with = "null_default")]
    pub start_period: i64,
    /// Failures before unhealthy.
    #[serde(default, skip_serializing_if = "is_zero", deserialize_with = "null_default")]
    pub retries: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// Docker's `container.Config` (API 1.41), field for field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerConfig {
    /// Hostname.
    #[serde(default, deserialize_with = "null_default")]
    pub hostname: String,
    /// Domain name.
    #[serde(default, deserialize_with = "null_default")]
    pub domainname: String,
    /// User (`name`, `uid`, `uid:gid`).
    #[serde(default, deserialize_with = "null_default")]
    pub user: String,
    /// Attach stdin.
    #[serde(default, deserialize_with = "null_default")]
    pub attach_stdin: bool,
    /// Attach stdout.
    #[serde(default, deserialize_with = "null_default")]
    pub attach_stdout: bool,
    /// Attach stderr.
    #[serde(default, deserialize_with = "null_default")]
    pub attach_stderr: bool,
    /// Exposed ports (`8080/tcp`); omitted when empty.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "null_default")]
    pub exposed_ports: BTreeMap<String, Empty>,
    /// Allocate a tty.
    #[serde(default, deserialize_with = "null_default")]
    pub tty: bool,
    /// Keep stdin open.
    #[serde(default, deserialize_with = "null_default")]
    pub open_stdin: bool,
    /// Close stdin after the first client detaches.
    #[serde(default, deserialize_with = "null_default")]
    pub stdin_once: bool,
    /// `KEY=value` environment (`null` when unset).
    #[serde(default)]
    pub env: Option<Vec<String>>,
    /// Default command (`null` when unset).
    #[serde(default, deserialize_with = "str_slice")]
    pub cmd: Option<Vec<String>>,
    /// Health check; omitted when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthcheck: Option<HealthConfig>,
    /// Windows only; omitted when false.
    #[serde(default, skip_serializing_if = "is_false", deserialize_with = "null_default")]
    pub args_escaped: bool,
    /// The image (or parent image ID, for the legacy builder).
    #[serde(default, deserialize_with = "null_default")]
    pub image: String,
    /// Anonymous volume mount points (`null` when unset).
    #[serde(default)]
    pub volumes: Option<BTreeMap<String, Empty>>,
    /// Working directory.
    #[serde(default, deserialize_with = "null_default")]
    pub working_dir: String,
    /// Entrypoint (`null` when unset).
    #[serde(default, deserialize_with = "str_slice")]
    pub entrypoint: Option<Vec<String>>,
    /// Omitted when false.
    #[serde(default, skip_serializing_if = "is_false", deserialize_with = "null_default")]
    pub network_disabled: bool,
    /// Omitted when empty.
    #[serde(default, skip_serializing_if = "String::is_empty", deserialize_with = "null_default")]
    pub mac_address: String,
    /// ONBUILD triggers (`null` when unset).
    #[serde(default)]
    pub on_build: Option<Vec<String>>,
    /// Labels (`null` when unset).
    #[serde(default)]
    pub labels: Option<BTreeMap<String, String>>,
    /// Stop signal; omitted when empty.
    #[serde(default, skip_serializing_if = "String::is_empty", deserialize_with = "null_default")]
    pub stop_signal: String,
    /// Stop timeout in seconds; omitted when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_timeout: Option<i64>,
    /// Shell for shell-form instructions; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "str_slice_vec")]
    pub shell: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::gojson;

    #[test]
    fn zero_config_is_what_docker_prints_for_an_import() {
        let s = gojson::to_string(&ContainerConfig::default()).unwrap();
        assert_eq!(
            s,
            r#"{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":null,"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null}"#
        );
    }

    #[test]
    fn a_docker_config_round_trips_byte_for_byte() {
        let legacy = r##"{"Hostname":"bde5aa7334ad","Domainname":"","User":"root","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"ExposedPorts":{"8080/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","GREETING=hello","APP_HOME=/app"],"Cmd":["/bin/sh","-c","#(nop) ","CMD [\"cat\" \"/app/hello.txt\"]"],"Image":"sha256:dcf530087e7fca2b4994b914bc2a410070bbe4590bd7a7c94a4f49a4fdbdad5f","Volumes":null,"WorkingDir":"/app","Entrypoint":null,"OnBuild":null,"Labels":{"org.example.probe":"native"}}"##;
        let c: ContainerConfig = serde_json::from_str(legacy).unwrap();
        assert_eq!(gojson::to_string(&c).unwrap(), legacy);
    }

    #[test]
    fn sparse_oci_configs_gain_go_zero_values() {
        let c: ContainerConfig = serde_json::from_str(r#"{"Cmd":"/bin/sh","Env":[],"ArgsEscaped":true,"Shell":null}"#).unwrap();
        assert_eq!(c.cmd, Some(vec!["/bin/sh".to_string()]));
        assert_eq!(c.env, Some(vec![]));
        let s = gojson::to_string(&c).unwrap();
        assert!(s.contains(r#""Env":[],"Cmd":["/bin/sh"],"ArgsEscaped":true,"Image":"""#), "{s}");
    }
}
