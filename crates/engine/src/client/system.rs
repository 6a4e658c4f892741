//! `docker version`, `docker info` and `docker events`.

use std::future::poll_fn;
use std::task::Poll;

use super::logs::since_nanos;
use super::Client;
use crate::cli::grammar::Parsed;
use crate::cli::render::events::{format_error, EventFormat};
use crate::cli::render::info::{self, ClientInfo};
use crate::cli::render::version::{self, reformat_build_times, ClientVersion, VersionInfo};

/// The client half of `docker version`: docker CLI 28.2.2, talking API 1.41.
fn client_version() -> ClientVersion {
    ClientVersion {
        version: "28.2.2".into(),
        api_version: "1.41".into(),
        default_api_version: "1.50".into(),
        git_commit: "e6534b4".into(),
        go_version: "go1.24.3".into(),
        os: "linux".into(),
        arch: "amd64".into(),
        build_time: "Fri May 30 12:07:14 2025".into(),
        context: "default".into(),
    }
}

impl Client<'_> {
    /// `docker version [--format]`.
    pub(super) async fn version(&self, p: &Parsed) -> i32 {
        let mut server = self.daemon.borrow().version();
        reformat_build_times(&mut server);
        match version::render(&VersionInfo { client: client_version(), server: Some(server) }, p.string("format")) {
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

    /// `docker info`.
    pub(super) async fn info(&self, p: &Parsed) -> i32 {
        let data = self.daemon.borrow_mut().info();
        let format = p.string("format");
        if !format.is_empty() {
            // A template runs over the daemon's answer, as `inspect`'s do.
            let printed = crate::cli::render::inspect::render(&[Ok::<_, String>(&data)], format);
            self.out(&printed.stdout).await;
            self.err(&printed.stderr).await;
            return printed.code;
        }
        let printed = info::render(&ClientInfo { version: "28.2.2".into(), context: "default".into(), debug: false }, Some(&data));
        self.out(&printed.stdout).await;
        self.err(&printed.stderr).await;
        printed.code
    }

    /// `docker events [--since T] [--until T] [--format F]`: past events from `--since`, then
    /// new ones until `--until` (or until interrupted).
    pub(super) async fn events(&self, p: &Parsed) -> i32 {
        let format = match EventFormat::parse(p.string("format")) {
            Ok(f) => f,
            Err(e) => {
                self.err(&format!("{}\n", format_error(&e))).await;
                return 64;
            }
        };
        let now = self.now();
        let parse = |flag: &str| p.value(flag).map(|v| since_nanos(v, now)).transpose();
        let (since, until) = match (parse("since"), parse("until")) {
            (Ok(s), Ok(u)) => (s, u),
            (Err(e), _) | (_, Err(e)) => {
                self.err(&format!("{e}\n")).await;
                return 1;
            }
        };
        let mut filters: Vec<(String, String)> = Vec::new();
        for f in p.values("filter") {
            match f.split_once('=') {
                Some((k @ ("type" | "event" | "container" | "image" | "network" | "volume" | "label"), v)) => filters.push((k.to_string(), v.to_string())),
                Some((k, _)) => {
                    self.err(&format!("Error response from daemon: invalid filter '{k}'\n")).await;
                    return 1;
                }
                None => {
                    self.err("Error response from daemon: bad format of filter (expected name=value)\n").await;
                    return 1;
                }
            }
        }
        // Docker ORs the values of one key and ANDs the keys.
        let wanted = |m: &crate::api::events::Message| {
            let attrs = m.actor.attributes.clone().unwrap_or_default();
            let mut keys: std::collections::BTreeMap<&str, bool> = Default::default();
            for (k, v) in &filters {
                let named = |kind: &str| m.kind == kind && (m.actor.id.starts_with(v.as_str()) || attrs.get("name") == Some(v));
                let hit = match k.as_str() {
                    "type" => m.kind == *v,
                    "event" => m.action == *v || m.action.split(':').next() == Some(v.as_str()),
                    "container" => named("container"),
                    "image" => attrs.get("image") == Some(v) || named("image"),
                    "network" => named("network"),
                    "volume" => named("volume"),
                    _ => match v.split_once('=') {
                        Some((lk, lv)) => attrs.get(lk).is_some_and(|x| x == lv),
                        None => attrs.contains_key(v.as_str()),
                    },
                };
                *keys.entry(k.as_str()).or_insert(false) |= hit;
            }
            keys.values().all(|&h| h)
        };
        let mut next = if since.is_some() { 0 } else { self.daemon.borrow().events().all().len() };
        loop {
            let batch = self.daemon.borrow().event_messages(next);
            next += batch.len();
            for m in batch.iter().filter(|m| since.is_none_or(|s| m.time_nano >= s) && until.is_none_or(|u| m.time_nano <= u) && wanted(m)) {
                if let Ok(line) = format.line(m) {
                    self.out(&line).await;
                }
            }
            if until.is_some_and(|u| u <= self.now()) {
                return 0;
            }
            poll_fn(|cx| {
                let mut d = self.daemon.borrow_mut();
                if d.events().all().len() > next {
                    return Poll::Ready(());
                }
                d.follow_events(cx.waker());
                if let Some(u) = until {
                    if d.kernel().poll_sleep_until(u, cx).is_ready() {
                        return Poll::Ready(());
                    }
                }
                Poll::Pending
            })
            .await;
        }
    }
}
