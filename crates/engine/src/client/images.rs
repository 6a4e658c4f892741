//! `docker images`, `history`, `image inspect`, `tag` and `rmi`, over the daemon's image
//! database and the engine's renderers.

use super::Client;
use crate::cli::grammar::Parsed;
use crate::cli::render::{daemon_error, history, images, inspect};
use crate::image::db::ListOptions;
use crate::daemon::Removed;
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
        let mut reference: Vec<String> = p.args.first().cloned().into_iter().collect();
        let mut filters = Vec::new();
        for f in p.values("filter") {
            match f.split_once('=') {
                Some(("reference", v)) => reference.push(v.to_string()),
                Some((k @ ("dangling" | "label" | "before" | "since"), v)) => filters.push((k, v.to_string())),
                Some((k, _)) => return self.daemon_error(&crate::daemon::ApiError::invalid(format!("invalid filter '{k}'"))).await,
                None => return self.daemon_error(&crate::daemon::ApiError::invalid("bad format of filter (expected name=value)")).await,
            }
        }
        let listed = self.daemon.borrow_mut().images().summaries(&ListOptions { reference, all: p.bool("all") });
        let list = match listed {
            Ok(l) => l,
            Err(e) => {
                self.err(&format!("{}\n", daemon_error(e))).await;
                return 1;
            }
        };
        let created_of = |name: &str| {
            let mut d = self.daemon.borrow_mut();
            let db = d.images();
            db.resolve(name).ok().map(|id| list.iter().find(|i| i.id == id.to_string()).map_or(0, |i| i.created))
        };
        let mut kept = Vec::new();
        for image in list.iter() {
            let mut ok = true;
            for (k, v) in &filters {
                let dangling = image.repo_tags.iter().all(|t| t == "<none>:<none>");
                ok &= match *k {
                    "dangling" => dangling == (v == "true" || v == "1"),
                    "label" => {
                        let labels = image.labels.clone().unwrap_or_default();
                        match v.split_once('=') {
                            Some((lk, lv)) => labels.get(lk).is_some_and(|x| x == lv),
                            None => labels.contains_key(v.as_str()),
                        }
                    }
                    "before" => created_of(v).is_some_and(|t| image.created < t),
                    "since" => created_of(v).is_some_and(|t| image.created > t),
                    _ => true,
                };
            }
            if ok {
                kept.push(image.clone());
            }
        }
        let opts = images::Options { quiet: p.bool("quiet"), digests: p.bool("digests"), no_trunc: p.bool("no-trunc"), format: p.string("format").to_string() };
        self.print_rendered(images::render(&kept, &opts, self.now())).await
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

    /// `docker rmi [-f] IMAGE...`.
    pub(super) async fn rmi(&self, p: &Parsed) -> i32 {
        let mut code = 0;
        for name in &p.args {
            let result = self.daemon.borrow_mut().image_remove(name, p.bool("force"));
            match result {
                Ok(lines) => {
                    for line in lines {
                        match line {
                            Removed::Untagged(r) => self.out(&format!("Untagged: {r}\n")).await,
                            Removed::Deleted(d) => self.out(&format!("Deleted: {d}\n")).await,
                        }
                    }
                }
                Err(e) => code = self.daemon_error(&e).await,
            }
        }
        code
    }
}
