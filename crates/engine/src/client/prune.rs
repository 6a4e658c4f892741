//! `docker container prune`, `docker image prune`, `docker system df`, `docker update` and
//! `docker attach`.

use std::future::poll_fn;

use super::run::AttachEnd;
use super::Client;
use crate::cli::grammar::Parsed;
use crate::cli::render::system_df;
use crate::cli::units::{human_size, ram_in_bytes};
use crate::daemon::{Removed, RestartPolicy, UpdateOptions, WaitCondition};

impl Client<'_> {
    /// `docker container prune [-f]`.
    pub(super) async fn container_prune(&self, p: &Parsed) -> i32 {
        if !p.bool("force") && !self.confirm("WARNING! This will remove all stopped containers.\nAre you sure you want to continue?").await {
            return 0;
        }
        let ids = self.daemon.borrow_mut().container_prune();
        let mut text = String::new();
        if !ids.is_empty() {
            text.push_str("Deleted Containers:\n");
            for id in ids {
                text.push_str(&format!("{id}\n"));
            }
            text.push('\n');
        }
        text.push_str("Total reclaimed space: 0B\n");
        self.out(&text).await;
        0
    }

    /// `docker image prune [-a] [-f]`.
    pub(super) async fn image_prune(&self, p: &Parsed) -> i32 {
        let all = p.bool("all");
        let warning = if all { "WARNING! This will remove all images without at least one container associated to them." } else { "WARNING! This will remove all dangling images." };
        if !p.bool("force") && !self.confirm(&format!("{warning}\nAre you sure you want to continue?")).await {
            return 0;
        }
        let result = self.daemon.borrow_mut().image_prune(all);
        let (removed, reclaimed) = match result {
            Ok(r) => r,
            Err(e) => return self.daemon_error(&e).await,
        };
        let mut text = String::new();
        if !removed.is_empty() {
            text.push_str("Deleted Images:\n");
            for r in removed {
                match r {
                    Removed::Untagged(name) => text.push_str(&format!("untagged: {name}\n")),
                    Removed::Deleted(d) => text.push_str(&format!("deleted: {d}\n")),
                }
            }
            text.push('\n');
        }
        text.push_str(&format!("Total reclaimed space: {}\n", human_size(reclaimed)));
        self.out(&text).await;
        0
    }

    /// `docker system df`.
    pub(super) async fn system_df(&self, p: &Parsed) -> i32 {
        let du = self.daemon.borrow_mut().disk_usage();
        let du = match du {
            Ok(du) => du,
            Err(e) => return self.daemon_error(&e).await,
        };
        let rendered = if p.bool("verbose") { system_df::render_verbose(&du, self.now()) } else { system_df::render(&du, p.string("format")) };
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

    /// `docker update [--memory] [--cpus] [--pids-limit] [--restart] CONTAINER...`.
    pub(super) async fn update(&self, p: &Parsed) -> i32 {
        let mut update = UpdateOptions::default();
        if let Some(m) = p.value("memory") {
            match ram_in_bytes(m) {
                Ok(b) => update.memory = Some(b),
                Err(e) => {
                    self.err(&format!("invalid argument \"{m}\" for \"-m, --memory\" flag: {e}\n")).await;
                    return 125;
                }
            }
        }
        if let Some(c) = p.value("cpus") {
            update.nano_cpus = c.parse::<f64>().ok().map(|v| (v * 1e9) as u64);
        }
        if p.has("pids-limit") {
            update.pids_limit = Some(p.int("pids-limit").max(0) as u64);
        }
        if let Some(r) = p.value("restart") {
            match RestartPolicy::parse(r) {
                Ok(r) => update.restart = Some(r),
                Err(e) => {
                    self.err(&format!("{e}\n")).await;
                    return 125;
                }
            }
        }
        let mut code = 0;
        for name in &p.args {
            let result = self.daemon.borrow_mut().container_update(name, &update);
            match result {
                Ok(()) => self.out(&format!("{name}\n")).await,
                Err(e) => code = self.daemon_error(&e).await,
            }
        }
        code
    }

    /// `docker attach CONTAINER`: its output from now on (and our input, if it keeps stdin
    /// open), until it exits; its exit code. Ctrl-P Ctrl-Q leaves it running.
    pub(super) async fn attach(&self, p: &Parsed) -> i32 {
        let name = &p.args[0];
        let prepared = {
            let mut d = self.daemon.borrow_mut();
            match d.container(name).map(|c| (c.id.clone(), c.state.is_running(), c.config.open_stdin)) {
                Ok((id, true, stdin)) => d.attach(&id).and_then(|t| d.wait_start(&id, WaitCondition::NextExit).map(|w| (id, t, w, stdin))),
                Ok(_) => Err(crate::daemon::ApiError::conflict("You cannot attach to a stopped container, start it first")),
                Err(e) => Err(e),
            }
        };
        let (id, ticket, wait, stdin) = match prepared {
            Ok(x) => x,
            Err(e) => return self.daemon_error(&e).await,
        };
        match self.stream_attached(&id, ticket, stdin && !p.bool("no-stdin"), p.bool("sig-proxy")).await {
            AttachEnd::Detached => {
                // docker attach returns the escape proxy's error, which the CLI prints and
                // exits 1 on (`docker run` and `docker start` swallow it).
                self.err("read escape sequence\n").await;
                1
            }
            AttachEnd::ForcedExit => 1,
            AttachEnd::Ended => poll_fn(|cx| self.daemon.borrow_mut().poll_wait(wait, cx)).await,
        }
    }
}

impl Client<'_> {
    /// `docker system prune [-a] [--volumes] [-f]`: stopped containers, unused networks,
    /// dangling (with `-a`, unused) images and, with `--volumes`, unused volumes.
    pub(super) async fn system_prune(&self, p: &Parsed) -> i32 {
        let (all, volumes) = (p.bool("all"), p.bool("volumes"));
        if !p.bool("force") {
            let mut warning = String::from("WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n");
            if volumes {
                warning.push_str("  - all anonymous volumes not used by at least one container\n");
            }
            warning.push_str(if all { "  - all images without at least one container associated to them\n" } else { "  - all dangling images\n" });
            warning.push_str("  - unused build cache\n\nAre you sure you want to continue?");
            if !self.confirm(&warning).await {
                return 0;
            }
        }
        let mut text = String::new();
        let section = |text: &mut String, title: &str, items: &[String]| {
            if !items.is_empty() {
                text.push_str(&format!("{title}:\n"));
                for i in items {
                    text.push_str(&format!("{i}\n"));
                }
                text.push('\n');
            }
        };
        let containers = self.daemon.borrow_mut().container_prune();
        section(&mut text, "Deleted Containers", &containers);
        let networks = self.daemon.borrow_mut().network_prune();
        section(&mut text, "Deleted Networks", &networks);
        let mut reclaimed = 0;
        if volumes {
            let (names, bytes) = self.daemon.borrow_mut().volume_prune(&[]);
            reclaimed += bytes;
            section(&mut text, "Deleted Volumes", &names);
        }
        let pruned = self.daemon.borrow_mut().image_prune(all);
        match pruned {
            Ok((removed, bytes)) => {
                reclaimed += bytes;
                let lines: Vec<String> = removed
                    .into_iter()
                    .map(|r| match r {
                        Removed::Untagged(name) => format!("untagged: {name}"),
                        Removed::Deleted(d) => format!("deleted: {d}"),
                    })
                    .collect();
                section(&mut text, "Deleted Images", &lines);
            }
            Err(e) => return self.daemon_error(&e).await,
        }
        text.push_str(&format!("Total reclaimed space: {}\n", human_size(reclaimed)));
        self.out(&text).await;
        0
    }
}
