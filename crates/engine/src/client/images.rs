//! `docker images`, `history`, `image inspect`, `tag` and `rmi`, over the daemon's image
//! database and the engine's renderers.

use super::Client;
use crate::cli::grammar::Parsed;
use crate::cli::render::{daemon_error, history, images, inspect};
use crate::image::db::ListOptions;
use crate::image::reference::Reference;

/// Where `docker image inspect` says layers live (`GraphDriver.Data`).
const GRAPH_ROOT: &str = "/var/lib/docker/overlay2";

impl Client<'_> {
    async fn print_rendered(&self, rendered: Result<String, crate::cli::template::TemplateError>) -> i32 {
        match rendered {
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

    /// `docker images [REPOSITORY[:TAG]]`.
    pub(super) async fn images(&self, p: &Parsed) -> i32 {
        let listed = self.daemon.borrow_mut().images().summaries(&ListOptions { reference: p.args.first().cloned().into_iter().collect(), all: p.bool("all") });
        let list = match listed {
            Ok(l) => l,
            Err(e) => {
                self.err(&format!("{}\n", daemon_error(e))).await;
                return 1;
            }
        };
        let opts = images::Options { quiet: p.bool("quiet"), digests: p.bool("digests"), no_trunc: p.bool("no-trunc"), format: p.string("format").to_string() };
        self.print_rendered(images::render(&list, &opts, self.now())).await
    }

    /// `docker history IMAGE`.
    pub(super) async fn history(&self, p: &Parsed) -> i32 {
        let items = {
            let mut d = self.daemon.borrow_mut();
            let db = d.images();
            db.resolve(&p.args[0]).and_then(|id| db.history(&id))
        };
        let items = match items {
            Ok(items) => items,
            Err(e) => {
                self.err(&format!("{}\n", daemon_error(e))).await;
                return 1;
            }
        };
        let opts = history::Options { human: p.bool("human"), no_trunc: p.bool("no-trunc"), quiet: p.bool("quiet"), format: p.string("format").to_string() };
        self.print_rendered(history::render(&items, &opts, self.now())).await
    }

    /// `docker image inspect IMAGE...`.
    pub(super) async fn image_inspect(&self, p: &Parsed) -> i32 {
        let results: Vec<_> = {
            let mut d = self.daemon.borrow_mut();
            let db = d.images();
            p.args.iter().map(|name| db.resolve(name).and_then(|id| db.inspect(&id, GRAPH_ROOT)).map_err(daemon_error)).collect()
        };
        let printed = inspect::render(&results, p.string("format"));
        self.out(&printed.stdout).await;
        self.err(&printed.stderr).await;
        printed.code
    }

    /// `docker tag SOURCE TARGET`.
    pub(super) async fn tag(&self, p: &Parsed) -> i32 {
        let target = match Reference::parse(&p.args[1]) {
            Ok(r) => r,
            Err(e) => {
                self.err(&format!("Error parsing reference: \"{}\" is not a valid repository/tag: {e}\n", p.args[1])).await;
                return 1;
            }
        };
        let now = crate::api::gotime::GoTime::from_unix_nanos(self.now());
        let result = {
            let mut d = self.daemon.borrow_mut();
            let mut db = d.images();
            db.resolve(&p.args[0]).and_then(|id| db.tag(&target, &id, now))
        };
        match result {
            Ok(()) => 0,
            Err(e) => {
                self.err(&format!("{}\n", daemon_error(e))).await;
                1
            }
        }
    }

    /// `docker rmi IMAGE...`: untags; an image with no tag left stays until the registry
    /// work adds deletion (then `Deleted:` lines follow).
    pub(super) async fn rmi(&self, p: &Parsed) -> i32 {
        let mut code = 0;
        for name in &p.args {
            let result = {
                let mut d = self.daemon.borrow_mut();
                let in_use = d.images().resolve(name).ok().and_then(|id| d.containers().find(|c| c.image_id == id).map(|c| (id, c.id.clone())));
                match (in_use, p.bool("force")) {
                    (Some((id, container)), false) => Err(format!(
                        "Error response from daemon: conflict: unable to remove repository reference \"{name}\" (must force) - container {} is using its referenced image {}",
                        &container[..12],
                        &id.hex()[..12]
                    )),
                    _ => match Reference::parse(name) {
                        Ok(r) => d.images().untag(&r).map(|_| r.familiar_string()).map_err(daemon_error),
                        Err(e) => Err(daemon_error(e)),
                    },
                }
            };
            match result {
                Ok(tag) => self.out(&format!("Untagged: {tag}\n")).await,
                Err(msg) => {
                    self.err(&format!("{msg}\n")).await;
                    code = 1;
                }
            }
        }
        code
    }
}
