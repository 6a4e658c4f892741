//! [`Registries`]: the registries the daemon can reach, by host, and who is logged in where.

use std::collections::BTreeMap;

use super::{MemoryRegistry, Registry, TransferErrorKind};

/// What `docker login`/`logout` call Docker Hub: its v1 index address.
pub const DEFAULT_INDEX: &str = "https://index.docker.io/v1/";

/// The registries reachable from the daemon, keyed by the host part of references
/// (`docker.io`, `localhost:5000`), with the `docker login` state of each.
#[derive(Default)]
pub struct Registries {
    hosts: BTreeMap<String, Box<dyn Registry>>,
    /// Registries lent by containers for one transfer (see [`Registries::host`]).
    hosted: BTreeMap<String, MemoryRegistry>,
    logins: BTreeMap<String, String>,
}

impl Registries {
    /// No registry at all.
    pub fn new() -> Registries {
        Registries::default()
    }

    /// Docker Hub as `docker.io`, and nothing else.
    pub fn with_hub(hub: MemoryRegistry) -> Registries {
        let mut r = Registries::new();
        r.insert("docker.io", Box::new(hub));
        r
    }

    /// Makes `registry` answer at `host` (a `registry:2` container publishing port 5000 adds
    /// `localhost:5000`); returns the one it replaces.
    pub fn insert(&mut self, host: &str, registry: Box<dyn Registry>) -> Option<Box<dyn Registry>> {
        self.hosts.insert(host.to_string(), registry)
    }

    /// Takes the registry at `host` off the network (its container stopped).
    pub fn remove(&mut self, host: &str) -> Option<Box<dyn Registry>> {
        self.hosts.remove(host)
    }

    /// Makes `registry` answer at `host` until [`Registries::unhost`] takes it back: a
    /// `registry:2` container's storage, loaded for one pull, push or login.
    pub fn host(&mut self, host: &str, registry: MemoryRegistry) {
        self.hosted.insert(host.to_string(), registry);
    }

    /// Takes back what [`Registries::host`] lent, with what the transfer changed.
    pub fn unhost(&mut self, host: &str) -> Option<MemoryRegistry> {
        self.hosted.remove(host)
    }

    /// The registry at `host`.
    pub fn get_mut(&mut self, host: &str) -> Option<&mut (dyn Registry + 'static)> {
        self.hosts.get_mut(host).map(|r| &mut **r)
    }

    /// The registry at `host`, or the dial error dockerd reports for it: a refused connection
    /// for `localhost` (insecure, so tried over http; Go dials `::1` first, as the hosts file
    /// lists it) or `127.0.0.1`, else a failed DNS lookup of the registry's API host.
    pub(crate) fn reach(&mut self, host: &str) -> Result<&mut (dyn Registry + 'static), TransferErrorKind> {
        if let Some(r) = self.hosted.get_mut(host) {
            return Ok(r);
        }
        let Some(r) = self.hosts.get_mut(host) else {
            let (name, port) = host.split_once(':').unwrap_or((host, ""));
            let port = if port.is_empty() { "80" } else { port };
            let err = match name {
                "localhost" => TransferErrorKind::Unreachable { url: format!("http://{host}/v2/"), reason: format!("dial tcp [::1]:{port}: connect: connection refused") },
                "127.0.0.1" => TransferErrorKind::Unreachable { url: format!("http://{host}/v2/"), reason: format!("dial tcp 127.0.0.1:{port}: connect: connection refused") },
                _ => {
                    let api = if host == "docker.io" { "registry-1.docker.io" } else { host };
                    let lookup = api.split(':').next().unwrap_or(api);
                    TransferErrorKind::Unreachable { url: format!("https://{api}/v2/"), reason: format!("dial tcp: lookup {lookup}: no such host") }
                }
            };
            return Err(err);
        };
        Ok(&mut **r)
    }

    /// Who is logged in at `host`.
    pub fn user(&self, host: &str) -> Option<&str> {
        self.logins.get(host).map(String::as_str)
    }

    /// `docker login [host] -u user -p password`: the simulated registries accept any
    /// non-empty credentials. Returns what the CLI prints, or the daemon's error text.
    pub fn login(&mut self, host: &str, user: &str, password: &str) -> Result<&'static str, String> {
        if !self.hosts.contains_key(host) && !self.hosted.contains_key(host) {
            return Err(self.reach(host).err().map(|e| e.to_string()).unwrap_or_default());
        }
        if user.is_empty() || password.is_empty() {
            return Err("Error: Cannot perform an interactive login from a non TTY device".to_string());
        }
        self.logins.insert(host.to_string(), user.to_string());
        Ok("Login Succeeded")
    }

    /// `docker logout [host]`: what the CLI prints.
    pub fn logout(&mut self, host: &str) -> String {
        let shown = if host == "docker.io" { DEFAULT_INDEX } else { host };
        match self.logins.remove(host) {
            Some(_) => format!("Removing login credentials for {shown}"),
            None => format!("Not logged in to {shown}"),
        }
    }
}
