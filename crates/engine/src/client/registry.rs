//! `docker pull`, `push`, `login`, `logout` and `search`, and the pull `run` does for a
//! missing image.

use super::Client;
use crate::cli::grammar::Parsed;
use crate::image::reference::Reference;
use crate::kernel::Stream;
use crate::registry::{search, tty_view, USING_DEFAULT_TAG};

/// The registry host a login names: Docker Hub when none is given.
fn login_host(server: Option<&str>) -> String {
    match server {
        None | Some("docker.io" | "index.docker.io" | "https://index.docker.io/v1/") => "docker.io".to_string(),
        Some(s) => s.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/').to_string(),
    }
}

impl Client<'_> {
    /// Pulls `image`, printing progress on `stream` as the CLI does (redrawn in place on a
    /// terminal). `docker pull` (`explicit`) also prints the default-tag notice and the full
    /// reference at the end. Errors are the text to print.
    /// Pulls `image`, printing the progress on `stream` (nothing for `None`, as `run -q`).
    pub(super) async fn pull_image(&self, image: &str, stream: Option<Stream>, explicit: bool) -> Result<(), String> {
        let reference = Reference::parse(image).map_err(|e| e.to_string())?;
        if explicit && reference.tag().is_none() && reference.digest().is_none() {
            self.out(&format!("{USING_DEFAULT_TAG}\n")).await;
        }
        let mut lines = Vec::new();
        let result = self.daemon.borrow_mut().image_pull(&reference, &mut |l| lines.push(l.to_string()));
        if result.is_ok() && !explicit {
            lines.pop(); // the full reference: only `docker pull` prints it
        }
        if let Some(stream) = stream {
            let shown = if self.io.stdout_is_tty() { tty_view(&lines) } else { lines };
            let text: String = shown.iter().map(|l| format!("{l}\n")).collect();
            self.io.write(stream, text.as_bytes()).await;
        }
        result.map(|_| ()).map_err(|e| e.cli_text())
    }

    /// `docker pull NAME[:TAG|@DIGEST]`.
    pub(super) async fn pull(&self, p: &Parsed) -> i32 {
        match self.pull_image(&p.args[0], Some(Stream::Stdout), true).await {
            Ok(()) => 0,
            Err(msg) => {
                self.err(&format!("{msg}\n")).await;
                1
            }
        }
    }

    /// `docker push NAME[:TAG]`.
    pub(super) async fn push(&self, p: &Parsed) -> i32 {
        let reference = match Reference::parse(&p.args[0]) {
            Ok(r) => r,
            Err(e) => {
                self.err(&format!("{e}\n")).await;
                return 1;
            }
        };
        // `-q` discards the progress and prints the full reference once pushed.
        let quiet = p.bool("quiet");
        if reference.tag().is_none() && reference.digest().is_none() && !quiet {
            self.out(&format!("{USING_DEFAULT_TAG}\n")).await;
        }
        let mut lines = Vec::new();
        let result = self.daemon.borrow_mut().image_push(&reference, &mut |l| lines.push(l.to_string()));
        if !quiet {
            let shown = if self.io.stdout_is_tty() { tty_view(&lines) } else { lines };
            self.out(&shown.iter().map(|l| format!("{l}\n")).collect::<String>()).await;
        }
        match result {
            Ok(_) if quiet => {
                self.out(&format!("{}\n", reference.with_default_tag())).await;
                0
            }
            Ok(_) => 0,
            Err(e) => {
                self.err(&format!("{}\n", e.cli_text())).await;
                1
            }
        }
    }

    /// `docker login [-u USER] [-p PASSWORD | --password-stdin] [SERVER]`.
    pub(super) async fn login(&self, p: &Parsed) -> i32 {
        let host = login_host(p.args.first().map(String::as_str));
        let user = p.string("username").to_string();
        let mut password = p.string("password").to_string();
        if p.bool("password-stdin") {
            let mut buf = vec![0u8; 4096];
            let n = self.io.read_stdin(&mut buf).await;
            password = String::from_utf8_lossy(&buf[..n]).trim_end_matches(['\r', '\n']).to_string();
        } else if !password.is_empty() {
            self.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n").await;
        }
        let result = self.daemon.borrow_mut().registry_login(&host, &user, &password);
        match result {
            Ok(msg) => {
                self.out(&format!("{msg}\n")).await;
                0
            }
            Err(e) => {
                let text = if e.starts_with("Error") { e } else { format!("Error response from daemon: {e}") };
                self.err(&format!("{text}\n")).await;
                1
            }
        }
    }

    /// `docker logout [SERVER]`.
    pub(super) async fn logout(&self, p: &Parsed) -> i32 {
        let host = login_host(p.args.first().map(String::as_str));
        let msg = self.daemon.borrow_mut().registries.logout(&host);
        self.out(&format!("{msg}\n")).await;
        0
    }

    /// `docker search TERM`.
    pub(super) async fn search(&self, p: &Parsed) -> i32 {
        let found = self.daemon.borrow_mut().registries.get_mut("docker.io").map(|hub| hub.search(&p.args[0]));
        let mut results = match found {
            Some(results) => results,
            None => {
                self.err("Error response from daemon: Get \"https://index.docker.io/v1/search?q=x&n=25\": dial tcp: lookup index.docker.io: no such host\n").await;
                return 1;
            }
        };
        let limit = if p.has("limit") { p.int("limit").max(0) as usize } else { 25 };
        results.truncate(limit);
        self.out(&search::table(&results, p.bool("no-trunc"))).await;
        0
    }
}
