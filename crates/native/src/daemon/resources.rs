//! The Engine API's volumes and networks (`/volumes/*`, `/networks/*`) and a container's files
//! (`/containers/{id}/archive` for `docker cp`, `/containers/{id}/export`): JSON in, an engine
//! call, JSON out.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use wharf_engine::daemon::{ApiError, DaemonRef, NetworkCreate, VolumeFilter};

use super::http::{Request, Response};

fn ok_or<T>(r: Result<T, ApiError>, f: impl FnOnce(T) -> Response) -> Response {
    match r {
        Ok(v) => f(v),
        Err(e) => e.into(),
    }
}

/// The request body as JSON (`{}` when empty).
fn body(req: &Request) -> Result<Value, ApiError> {
    if req.body.is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_slice(&req.body).map_err(|e| ApiError::invalid(format!("invalid JSON: {e}")))
}

/// `filters={"name":{"x":true}}` (or `{"name":["x"]}`) as `(key, value)` pairs.
fn filters(req: &Request) -> Result<Vec<(String, String)>, ApiError> {
    let Some(text) = req.param("filters").filter(|f| !f.is_empty()) else { return Ok(Vec::new()) };
    let v: Value = serde_json::from_str(text).map_err(|e| ApiError::invalid(format!("invalid filter: {e}")))?;
    let mut out = Vec::new();
    for (key, values) in v.as_object().into_iter().flatten() {
        match values {
            Value::Object(m) => out.extend(m.keys().map(|k| (key.clone(), k.clone()))),
            Value::Array(a) => out.extend(a.iter().filter_map(Value::as_str).map(|x| (key.clone(), x.to_string()))),
            _ => {}
        }
    }
    Ok(out)
}

fn labels(v: &Value) -> BTreeMap<String, String> {
    v.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect()
}

fn volume_filters(req: &Request) -> Result<Vec<VolumeFilter>, ApiError> {
    filters(req)?.iter().map(|(k, v)| VolumeFilter::parse(&format!("{k}={v}"))).collect()
}

/// `/volumes...`; `None` when the path is not one of them.
pub fn volumes(daemon: &DaemonRef, req: &Request, segs: &[&str]) -> Option<Response> {
    let mut d = daemon.borrow_mut();
    Some(match (req.method.as_str(), segs) {
        ("GET", ["volumes"]) => ok_or(volume_filters(req), |f| Response::json(200, &json!({ "Volumes": d.volume_list(&f, false), "Warnings": null }))),
        ("POST", ["volumes", "create"]) => {
            let created = body(req).and_then(|b| {
                let driver = b.get("Driver").and_then(Value::as_str).unwrap_or("");
                if !driver.is_empty() && driver != "local" {
                    return Err(ApiError::not_found(format!("error looking up volume plugin {driver}: plugin \"{driver}\" not found")));
                }
                d.volume_create(b.get("Name").and_then(Value::as_str).unwrap_or(""), labels(b.get("Labels").unwrap_or(&Value::Null)))
            });
            ok_or(created, |v| Response::json(201, &v))
        }
        ("POST", ["volumes", "prune"]) => ok_or(volume_filters(req), |f| {
            let (deleted, space) = d.volume_prune(&f);
            Response::json(200, &json!({ "VolumesDeleted": deleted, "SpaceReclaimed": space }))
        }),
        ("GET", ["volumes", name]) => ok_or(d.volume_inspect(name), |v| Response::json(200, &v)),
        ("DELETE", ["volumes", name]) => ok_or(d.volume_remove(name, req.flag("force")), |()| Response::empty(204)),
        _ => return None,
    })
}

/// Whether network `n` passes `docker network ls --filter` (dockerd's `name` is a substring
/// match, `id` a prefix).
fn network_matches(n: &Value, filters: &[(String, String)]) -> bool {
    let s = |k: &str| n.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (k, v) in filters {
        by_key.entry(k).or_default().push(v);
    }
    by_key.iter().all(|(k, values)| {
        values.iter().any(|v| match *k {
            "name" => s("Name").contains(v),
            "id" => s("Id").starts_with(v),
            "driver" => s("Driver") == *v,
            "type" => (*v == "builtin") == ["bridge", "host", "none"].contains(&s("Name").as_str()),
            "label" => match v.split_once('=') {
                Some((lk, lv)) => n["Labels"].get(lk).and_then(Value::as_str) == Some(lv),
                None => n["Labels"].get(*v).is_some(),
            },
            _ => true,
        })
    })
}

/// `/networks...`; `None` when the path is not one of them.
pub fn networks(daemon: &DaemonRef, req: &Request, segs: &[&str]) -> Option<Response> {
    let mut d = daemon.borrow_mut();
    Some(match (req.method.as_str(), segs) {
        ("GET", ["networks"]) => ok_or(filters(req), |f| {
            let all: Vec<Value> = d.network_list().iter().map(|n| serde_json::to_value(n).unwrap_or_default()).filter(|n| network_matches(n, &f)).collect();
            Response::json(200, &all)
        }),
        ("POST", ["networks", "create"]) => {
            let created = body(req).and_then(|b| {
                let config = b["IPAM"]["Config"].as_array().and_then(|c| c.first()).cloned().unwrap_or_default();
                let opt = |k: &str| config.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(String::from);
                d.network_create(NetworkCreate {
                    name: b["Name"].as_str().unwrap_or_default().to_string(),
                    driver: b["Driver"].as_str().unwrap_or_default().to_string(),
                    subnet: opt("Subnet"),
                    gateway: opt("Gateway"),
                    ip_range: opt("IPRange"),
                    aux_addresses: labels(&config["AuxiliaryAddresses"]),
                    internal: b["Internal"].as_bool().unwrap_or(false),
                    labels: labels(&b["Labels"]),
                })
            });
            ok_or(created, |id| Response::json(201, &json!({ "Id": id, "Warning": "" })))
        }
        ("POST", ["networks", "prune"]) => Response::json(200, &json!({ "NetworksDeleted": d.network_prune() })),
        ("GET", ["networks", id]) => ok_or(d.network_inspect(id), |n| Response::json(200, &n)),
        ("DELETE", ["networks", id]) => ok_or(d.network_remove(id), |()| Response::empty(204)),
        ("POST", ["networks", id, "connect"]) => {
            let done = body(req).and_then(|b| {
                let ep = &b["EndpointConfig"];
                let aliases = ep["Aliases"].as_array().into_iter().flatten().filter_map(Value::as_str).map(String::from).collect();
                let ip = match ep["IPAMConfig"]["IPv4Address"].as_str().filter(|s| !s.is_empty()) {
                    Some(s) => Some(s.parse().map_err(|_| ApiError::invalid(format!("invalid IPv4 address: {s}")))?),
                    None => None,
                };
                d.network_connect(id, b["Container"].as_str().unwrap_or_default(), aliases, ip)
            });
            ok_or(done, |()| Response::empty(200))
        }
        ("POST", ["networks", id, "disconnect"]) => {
            let done = body(req).and_then(|b| d.network_disconnect(id, b["Container"].as_str().unwrap_or_default()));
            ok_or(done, |()| Response::empty(200))
        }
        _ => return None,
    })
}

/// Standard base64 with padding (the stat header's encoding).
fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { ABC[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// `docker cp`'s `X-Docker-Container-Path-Stat` header: the path's stat as base64 JSON, its
/// mode as Go's `os.FileMode` (the directory bit is 1<<31).
fn path_stat_header(stat: &wharf_engine::daemon::PathStat) -> (String, String) {
    let mode: u64 = if stat.is_dir { (1 << 31) | 0o755 } else { 0o644 };
    let v = json!({ "name": stat.name, "size": 0, "mode": mode, "mtime": "0001-01-01T00:00:00Z", "linkTarget": "" });
    ("X-Docker-Container-Path-Stat".to_string(), base64(v.to_string().as_bytes()))
}

/// `/containers/{id}/archive` (`docker cp` both ways) and `/containers/{id}/export`.
pub fn files(daemon: &DaemonRef, req: &Request, segs: &[&str]) -> Option<Response> {
    let mut d = daemon.borrow_mut();
    let path = req.param("path").unwrap_or("");
    Some(match (req.method.as_str(), segs) {
        ("HEAD", ["containers", id, "archive"]) => match d.container_stat_path(id, path) {
            Ok(Some(stat)) => Response::Full { status: 200, content_type: "application/json", headers: vec![path_stat_header(&stat)], body: Vec::new() },
            Ok(None) => ApiError::not_found(format!("Could not find the file {path} in container {id}")).into(),
            Err(e) => e.into(),
        },
        ("GET", ["containers", id, "archive"]) => {
            let stat = match d.container_stat_path(id, path) {
                Ok(Some(s)) => s,
                Ok(None) => return Some(ApiError::not_found(format!("Could not find the file {path} in container {id}")).into()),
                Err(e) => return Some(e.into()),
            };
            let name = stat.name.clone();
            ok_or(d.container_archive(id, path, &name), |tar| Response::Full { status: 200, content_type: "application/x-tar", headers: vec![path_stat_header(&stat)], body: tar })
        }
        ("PUT", ["containers", id, "archive"]) => ok_or(d.container_extract(id, path, &req.body), |()| Response::empty(200)),
        ("GET", ["containers", id, "export"]) => ok_or(d.container_export(id), |tar| Response::Full { status: 200, content_type: "application/x-tar", headers: Vec::new(), body: tar }),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_as_the_standard_says() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
