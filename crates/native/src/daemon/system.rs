//! `/_ping`, `/version` and `/info`: who this daemon is.

use std::collections::BTreeMap;

use serde_json::json;
use wharf_engine::api::version::{ComponentVersion, PlatformName, Version};
use wharf_engine::container::state::Status;
use wharf_engine::daemon::DaemonRef;

use super::http::Response;
use super::API_VERSION;

/// The engine version reported: the 20.10 dockerd wharf plays, marked as wharf's.
const ENGINE_VERSION: &str = "20.10.24-wharf";

/// `GET|HEAD /_ping`: `OK`, with the API version the client negotiates down to.
pub fn ping() -> Response {
    Response::Full {
        status: 200,
        content_type: "text/plain; charset=utf-8",
        headers: vec![("Cache-Control".into(), "no-cache, no-store, must-revalidate".into()), ("Pragma".into(), "no-cache".into())],
        body: b"OK".to_vec(),
    }
}

fn kernel_release() -> String {
    std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim().to_string()
}

/// `GET /version`.
pub fn version() -> Response {
    let details = BTreeMap::from([
        ("ApiVersion".to_string(), API_VERSION.to_string()),
        ("MinAPIVersion".to_string(), "1.12".to_string()),
        ("GitCommit".to_string(), "wharf".to_string()),
        ("GoVersion".to_string(), "rust".to_string()),
        ("Os".to_string(), "linux".to_string()),
        ("Arch".to_string(), super::go_arch().to_string()),
        ("KernelVersion".to_string(), kernel_release()),
        ("BuildTime".to_string(), String::new()),
        ("Experimental".to_string(), "false".to_string()),
    ]);
    let v = Version {
        platform: PlatformName { name: format!("wharf {}", env!("CARGO_PKG_VERSION")) },
        components: vec![ComponentVersion { name: "Engine".into(), version: ENGINE_VERSION.into(), details }],
        version: ENGINE_VERSION.into(),
        api_version: API_VERSION.into(),
        min_api_version: "1.12".into(),
        git_commit: "wharf".into(),
        go_version: "rust".into(),
        os: "linux".into(),
        arch: super::go_arch().into(),
        kernel_version: kernel_release(),
        ..Version::default()
    };
    Response::json(200, &v)
}

/// `GET /info`: the fields `docker info` prints.
pub fn info(daemon: &DaemonRef, root: &str) -> Response {
    let mut d = daemon.borrow_mut();
    let (mut running, mut paused, mut stopped) = (0, 0, 0);
    for c in d.containers() {
        match c.state.status {
            Status::Running | Status::Restarting => running += 1,
            Status::Paused => paused += 1,
            _ => stopped += 1,
        }
    }
    let images = d.images().ids().map(|v| v.len()).unwrap_or(0);
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default().trim().to_string();
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().find(|l| l.starts_with("MemTotal:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok()))
        .unwrap_or(0)
        * 1024;
    let mut info = json!({
            "ID": "wharf", "Containers": running + paused + stopped, "ContainersRunning": running,
            "ContainersPaused": paused, "ContainersStopped": stopped, "Images": images,
            "Driver": "overlay2", "DriverStatus": [["Backing Filesystem", "extfs"]],
            "Plugins": {"Volume": ["local"], "Network": ["bridge", "host", "none"], "Log": ["json-file"]},
            "MemoryLimit": true, "SwapLimit": false, "CpuCfsPeriod": true, "CpuCfsQuota": true,
            "IPv4Forwarding": true, "Debug": false, "NFd": 0, "NGoroutines": 0,
            "SystemTime": "", "LoggingDriver": "json-file", "CgroupDriver": "cgroupfs",
            "CgroupVersion": "1", "NEventsListener": 0, "KernelVersion": kernel_release(),
            "OperatingSystem": "wharf", "OSVersion": "", "OSType": "linux", "Architecture": std::env::consts::ARCH,
    });
    let more = json!({
            "IndexServerAddress": "https://index.docker.io/v1/", "RegistryConfig": null, "NCPU": cpus, "MemTotal": mem,
            "DockerRootDir": root, "Name": host, "Labels": [], "ExperimentalBuild": false,
            "ServerVersion": ENGINE_VERSION, "Runtimes": {"runc": {"path": "wharf"}}, "DefaultRuntime": "runc",
            "Swarm": {"LocalNodeState": "inactive", "NodeID": "", "NodeAddr": "", "ControlAvailable": false, "Error": "", "RemoteManagers": null},
            "LiveRestoreEnabled": false, "Isolation": "", "InitBinary": "docker-init",
            "ContainerdCommit": {"ID": "", "Expected": ""}, "RuncCommit": {"ID": "", "Expected": ""},
            "InitCommit": {"ID": "", "Expected": ""}, "SecurityOptions": ["name=seccomp,profile=default"], "Warnings": []
    });
    if let (Some(a), Some(b)) = (info.as_object_mut(), more.as_object()) {
        a.extend(b.clone());
    }
    Response::json(200, &info)
}
