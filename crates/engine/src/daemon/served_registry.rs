//! Registries served by containers: `docker run -d -p 5000:5000 registry:2` makes
//! `localhost:5000` a registry the daemon pushes to and pulls from.
//!
//! A running container serves a registry when its command line serves a distribution
//! `config.yml` using the filesystem driver (see [`registry::config`]). Its published ports
//! for the configured port make it reachable at `localhost:PORT` and `127.0.0.1:PORT`. The
//! images live in the container's storage directory (the image's `/var/lib/registry` volume)
//! in distribution's layout: each transfer loads that tree, and a push writes back what it
//! added. The storage is the only state, so the registry keeps its images across a restart,
//! loses them with `rm -v`, and is unreachable while stopped.

use super::Daemon;
use crate::fs::FsRead;
use crate::registry::{self, config::ServeConfig};

/// A registry container the daemon can reach at some host address.
struct Served {
    container: String,
    config: ServeConfig,
}

impl Daemon {
    /// The running container serving a registry at `host` (`localhost:5000`), if any.
    fn served_registry(&mut self, host: &str) -> Option<Served> {
        let (name, port) = host.split_once(':')?;
        if name != "localhost" && name != "127.0.0.1" {
            return None;
        }
        let port: u16 = port.parse().ok()?;
        let running: Vec<String> = self
            .containers
            .values()
            .filter(|c| c.state.is_running())
            .map(|c| c.id.clone())
            .collect();
        running.into_iter().find_map(|id| {
            let config = self.registry_config(&id)?;
            let published = self.network_settings(&id).ports.unwrap_or_default();
            let bindings = published.get(&format!("{}/tcp", config.port))?.clone()?;
            let host_ip_fits =
                |ip: &str| ip.is_empty() || ip == "0.0.0.0" || ip == "127.0.0.1" || ip == "::";
            bindings
                .iter()
                .any(|b| b.host_port == port.to_string() && host_ip_fits(&b.host_ip))
                .then_some(Served {
                    container: id,
                    config,
                })
        })
    }

    /// The registry configuration container `id` serves, read from its filesystem.
    fn registry_config(&mut self, id: &str) -> Option<ServeConfig> {
        let c = &self.containers[id];
        let argv: Vec<String> = std::iter::once(c.path.clone())
            .chain(c.args.iter().cloned())
            .collect();
        let file = registry::config::config_argument(&argv)?.to_string();
        let env = c.config.env.clone().unwrap_or_default();
        let mut text = None;
        let _ = self.in_container(id, &file, &mut |fs, p| {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut fs.open(p)?, &mut bytes)
                .map_err(|e| crate::kernel::KernelError::Other(e.to_string()))?;
            text = String::from_utf8(bytes).ok();
            Ok(())
        });
        registry::config::parse(&text?, &env)
    }

    /// Runs `transfer` with the registry served at `host` reachable; afterwards writes what it
    /// changed back to the serving container's storage. Without such a container `transfer`
    /// runs as is (and meets Docker Hub, or the refused connection).
    pub(super) fn with_served_registry<R>(
        &mut self,
        host: &str,
        transfer: impl FnOnce(&mut Daemon) -> R,
    ) -> R {
        let Some(served) = self.served_registry(host) else {
            return transfer(self);
        };
        let mut loaded = None;
        let _ = self.in_container(&served.container, &served.config.root, &mut |fs, p| {
            loaded = Some(registry::storage::load(&*fs as &dyn FsRead, p));
            Ok(())
        });
        self.registries.host(host, loaded.unwrap_or_default());
        let result = transfer(self);
        if let Some(after) = self.registries.unhost(host) {
            let mtime = self.kernel.now() / 1_000_000_000;
            let _ = self.in_container(&served.container, &served.config.root, &mut |fs, p| {
                Ok(registry::storage::save(fs, p, &after, mtime)?)
            });
        }
        result
    }
}
