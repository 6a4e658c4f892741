//! `docker ps`, `inspect`, `top`, `diff`, `stats` and `commit`.

use super::Client;
use crate::cli::grammar::Parsed;
use crate::cli::render::{daemon_error, diff, inspect, ps, stats, top};
use crate::daemon::{container_commit, CommitOptions, PsFilter};

impl Client<'_> {
    /// `docker ps` / `docker container ls`.
    pub(super) async fn ps(&self, p: &Parsed) -> i32 {
        let opts = ps::Options { quiet: p.bool("quiet"), no_trunc: p.bool("no-trunc"), size: p.bool("size"), format: p.string("format").to_string() };
        if let Some(w) = ps::quiet_format_warning(&opts) {
            self.err(&format!("{w}\n")).await;
        }
        if let Err(e) = ps::validate(&opts.format) {
            self.err(&format!("{e}\n")).await;
            return 1;
        }
        let mut filters = Vec::new();
        for f in p.values("filter") {
            match PsFilter::parse(f) {
                Ok(f) => filters.push(f),
                Err(e) => return self.daemon_error(&e).await,
            }
        }
        let last = if p.bool("latest") { 1 } else { p.int("last") };
        let mut list = self.daemon.borrow().container_list(p.bool("all") || last > 0, &filters);
        if last > 0 {
            list.truncate(last as usize);
        }
        if opts.size || ps::wants_size(&opts.format) {
            for c in &mut list {
                let sizes = self.daemon.borrow_mut().container_size(&c.id);
                if let Ok((rw, root)) = sizes {
                    (c.size_rw, c.size_root_fs) = (rw, root);
                }
            }
        }
        match ps::render(&list, &opts, self.now()) {
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

    /// `docker container inspect CONTAINER...`.
    pub(super) async fn container_inspect(&self, p: &Parsed) -> i32 {
        let results: Vec<_> = {
            let d = self.daemon.borrow();
            p.args.iter().map(|name| d.container_inspect(name).map_err(daemon_error)).collect()
        };
        self.print_inspect(&results, p.string("format")).await
    }

    /// `docker inspect NAME...`: a container, else an image, else `No such object`.
    pub(super) async fn inspect(&self, p: &Parsed) -> i32 {
        let kind = p.string("type").to_string();
        let results: Vec<Result<serde_json::Value, String>> = {
            let mut d = self.daemon.borrow_mut();
            p.args
                .iter()
                .map(|name| {
                    if kind.is_empty() || kind == "container" {
                        if let Ok(c) = d.container_inspect(name) {
                            return crate::api::gojson::to_value(&c).map_err(|e| e.to_string());
                        }
                    }
                    if kind.is_empty() || kind == "image" {
                        let db = d.images();
                        if let Ok(i) = db.resolve(name).and_then(|id| db.inspect(&id, "/var/lib/docker/overlay2")) {
                            return crate::api::gojson::to_value(&i).map_err(|e| e.to_string());
                        }
                    }
                    Err(inspect::no_such_object(name))
                })
                .collect()
        };
        self.print_inspect(&results, p.string("format")).await
    }

    async fn print_inspect<T: serde::Serialize>(&self, results: &[Result<T, String>], format: &str) -> i32 {
        let printed = inspect::render(results, format);
        self.out(&printed.stdout).await;
        self.err(&printed.stderr).await;
        printed.code
    }

    /// `docker top CONTAINER`.
    pub(super) async fn top(&self, p: &Parsed) -> i32 {
        let result = self.daemon.borrow_mut().container_top(&p.args[0]);
        match result {
            Ok(body) => {
                self.out(&top::render(&body)).await;
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker diff CONTAINER`.
    pub(super) async fn diff(&self, p: &Parsed) -> i32 {
        let result = self.daemon.borrow_mut().container_changes(&p.args[0]);
        match result {
            Ok(changes) => {
                self.out(&diff::render(&changes)).await;
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker stats --no-stream [CONTAINER...]` (one sample; streaming arrives with the
    /// terminal's redraw support).
    pub(super) async fn stats(&self, p: &Parsed) -> i32 {
        let names: Vec<String> = if p.args.is_empty() {
            self.daemon.borrow().container_list(p.bool("all"), &[]).into_iter().map(|c| c.id).collect()
        } else {
            p.args.clone()
        };
        let mut samples = Vec::new();
        for name in &names {
            let result = self.daemon.borrow_mut().container_stats(name);
            match result {
                Ok(s) => samples.push(stats::Sample { container: if p.args.is_empty() { s.id[..12].to_string() } else { name.clone() }, stats: s, invalid: false }),
                Err(e) => return self.daemon_error(&e).await,
            }
        }
        let opts = stats::Options { no_trunc: p.bool("no-trunc"), format: p.string("format").to_string() };
        match stats::render(&samples, &opts) {
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

    /// `docker commit [-m MSG] [-a AUTHOR] [-c CHANGE] CONTAINER [REPOSITORY[:TAG]]`.
    pub(super) async fn commit(&self, p: &Parsed) -> i32 {
        let options = CommitOptions {
            reference: p.args.get(1).cloned(),
            comment: p.string("message").to_string(),
            author: p.string("author").to_string(),
            changes: p.values("change").to_vec(),
        };
        match container_commit(&self.daemon, &p.args[0], &options) {
            Ok(id) => {
                self.out(&format!("{id}\n")).await;
                0
            }
            Err(e) => self.daemon_error(&e).await,
        }
    }
}
