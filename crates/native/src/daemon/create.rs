//! `POST /containers/create`: Docker's `container.Config` with `HostConfig` and
//! `NetworkingConfig` beside it, mapped onto the engine's [`CreateRequest`].
//!
//! A field the engine has no counterpart for is refused with a 400 naming it, never dropped:
//! a learner who asks for `-p 8080:80` must not get a container without the port.

use serde_json::Value;
use wharf_engine::api::container::ContainerConfig;
use wharf_engine::api::host_config::HostConfig;
use wharf_engine::daemon::{ApiError, CreateRequest, HostOptions, NetworkRequest, RestartPolicy};

/// `HostConfig` fields the engine honours (the rest must be zero).
const HANDLED: &[&str] = &[
    "AutoRemove", "RestartPolicy", "Memory", "NanoCpus", "PidsLimit", "ReadonlyRootfs", "Init", "Privileged", "CapAdd",
    "CapDrop", "SecurityOpt", "NetworkMode", "Binds", "Mounts", "Tmpfs", "VolumesFrom", "PortBindings", "PublishAllPorts",
    "Dns", "ExtraHosts",
    // Cosmetic or defaults the CLI always sends.
    "ConsoleSize", "LogConfig", "Isolation", "CgroupnsMode",
];

/// Whether a JSON value is Go's zero value (or an empty collection of them).
fn is_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.iter().all(is_zero),
        Value::Object(o) => o.values().all(is_zero),
    }
}

fn unsupported(what: &str) -> ApiError {
    ApiError::invalid(format!("wharf does not support {what} yet"))
}

/// The request for `body` (the create call's JSON) and `name` (its `?name=`).
pub fn request(body: &[u8], name: Option<&str>) -> Result<CreateRequest, ApiError> {
    let raw: Value = serde_json::from_slice(body).map_err(|e| ApiError::invalid(format!("invalid JSON: {e}")))?;
    let config: ContainerConfig = serde_json::from_value(raw.clone()).map_err(|e| ApiError::invalid(format!("invalid container config: {e}")))?;
    let host_raw = raw.get("HostConfig").cloned().unwrap_or(Value::Null);
    if let Value::Object(fields) = &host_raw {
        for (k, v) in fields {
            // The CLI sends `MemorySwappiness: -1` (unset) by default.
            let unset = k == "MemorySwappiness" && v.as_i64() == Some(-1);
            if !HANDLED.contains(&k.as_str()) && !is_zero(v) && !unset {
                return Err(unsupported(&format!("HostConfig.{k}")));
            }
        }
        if let Some(t) = fields.get("LogConfig").and_then(|l| l.get("Type")).and_then(Value::as_str) {
            if !t.is_empty() && t != "json-file" {
                return Err(unsupported(&format!("the {t} log driver")));
            }
        }
    }
    // `--network-alias` and `--ip`: the one endpoint's `Aliases` and `IPAMConfig.IPv4Address`.
    let mut aliases = Vec::new();
    let mut ip = None;
    if let Some(Value::Object(endpoints)) = raw.get("NetworkingConfig").and_then(|n| n.get("EndpointsConfig")) {
        for endpoint in endpoints.values() {
            for (k, v) in endpoint.as_object().into_iter().flatten() {
                match k.as_str() {
                    "Aliases" => aliases.extend(v.as_array().into_iter().flatten().filter_map(|a| a.as_str().map(String::from))),
                    "IPAMConfig" => {
                        for (k2, v2) in v.as_object().into_iter().flatten() {
                            match (k2.as_str(), v2.as_str()) {
                                ("IPv4Address", Some(a)) if !a.is_empty() => {
                                    ip = Some(a.parse().map_err(|_| ApiError::invalid(format!("invalid IPv4 address: {a}")))?);
                                }
                                _ if is_zero(v2) => {}
                                _ => return Err(unsupported(&format!("NetworkingConfig IPAMConfig.{k2}"))),
                            }
                        }
                    }
                    _ if is_zero(v) => {}
                    _ => return Err(unsupported(&format!("NetworkingConfig {k}"))),
                }
            }
        }
    }
    let host: HostConfig = if host_raw.is_null() {
        HostConfig::default()
    } else {
        serde_json::from_value(host_raw).map_err(|e| ApiError::invalid(format!("invalid host config: {e}")))?
    };
    let restart_text = match host.restart_policy.maximum_retry_count {
        0 => host.restart_policy.name.clone(),
        n => format!("{}:{n}", host.restart_policy.name),
    };
    let restart = RestartPolicy::parse(&restart_text).map_err(ApiError::invalid)?;
    if host.auto_remove && restart != RestartPolicy::No {
        return Err(ApiError::invalid("can't create 'AutoRemove' container with restart policy"));
    }
    let options = HostOptions {
        auto_remove: host.auto_remove,
        restart,
        memory: u64::try_from(host.memory).map_err(|_| ApiError::invalid("invalid memory limit"))?,
        nano_cpus: u64::try_from(host.nano_cpus).map_err(|_| ApiError::invalid("invalid NanoCPUs"))?,
        pids_limit: host.pids_limit.filter(|&n| n > 0).map_or(0, |n| n as u64),
        read_only: host.readonly_rootfs,
        init: host.init.unwrap_or(false),
        privileged: host.privileged,
        cap_add: host.cap_add.unwrap_or_default(),
        cap_drop: host.cap_drop.unwrap_or_default(),
        security_opt: host.security_opt.unwrap_or_default(),
        network_mode: if host.network_mode.is_empty() { "default".to_string() } else { host.network_mode.clone() },
        binds: host.binds.unwrap_or_default(),
        mounts: host.mounts,
        tmpfs: host.tmpfs,
        volumes_from: host.volumes_from.unwrap_or_default(),
    };
    let network = NetworkRequest {
        port_bindings: host.port_bindings.unwrap_or_default(),
        publish_all: host.publish_all_ports,
        aliases,
        ip,
        dns: host.dns.unwrap_or_default(),
        extra_hosts: host.extra_hosts.unwrap_or_default(),
    };
    let image = config.image.clone();
    if image.is_empty() {
        return Err(ApiError::invalid("config cannot be empty in order to create a container"));
    }
    Ok(CreateRequest { name: name.filter(|n| !n.is_empty()).map(str::to_string), image, config, host: options, network })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clis_defaults_are_accepted() {
        let body = br#"{"Image":"busybox","Cmd":["echo","hi"],"HostConfig":{"AutoRemove":true,"NetworkMode":"default","RestartPolicy":{"Name":"no","MaximumRetryCount":0},"LogConfig":{"Type":"","Config":{}},"ConsoleSize":[0,0],"Binds":null,"PortBindings":{}},"NetworkingConfig":{"EndpointsConfig":{}}}"#;
        let req = request(body, Some("x")).unwrap();
        assert_eq!((req.image.as_str(), req.name.as_deref(), req.host.auto_remove), ("busybox", Some("x"), true));
        assert_eq!(req.config.cmd, Some(vec!["echo".to_string(), "hi".into()]));
    }

    #[test]
    fn what_the_engine_lacks_is_a_400_naming_it() {
        let body = br#"{"Image":"busybox","HostConfig":{"Devices":[{"PathOnHost":"/dev/kvm","PathInContainer":"/dev/kvm","CgroupPermissions":"rwm"}]}}"#;
        let e = request(body, None).unwrap_err();
        assert_eq!((e.status, e.message.as_str()), (400, "wharf does not support HostConfig.Devices yet"));
    }
}
