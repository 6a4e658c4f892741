//! `registry serve CONFIG` (distribution 2.8): the read side of the registry HTTP API v2,
//! served from the filesystem driver's tree that the daemon writes when it pushes
//! ([`wharf_engine::registry::storage`]). `curl localhost:5000/v2/_catalog` lists what was
//! pushed; manifests and blobs come back with distribution's headers and error bodies. Each
//! request logs one combined-format access line on stdout; startup and shutdown log logrus
//! lines on stderr as the real one does.
//!
//! Uploads over HTTP (`POST .../blobs/uploads/`) are not served: `docker push` reaches the
//! registry through the daemon, which writes the same tree.

use serde_json::json;
use wharf_engine::fs::FileKind;
use wharf_engine::registry::config::{self, ServeConfig};

use super::http::{self, Exchange};
use super::servers::{err_lines, now};
use crate::program::Programs;
use crate::signal::{SIGINT, SIGTERM};
use crate::sys::Proc;

/// Registers `registry`.
pub fn register(p: &mut Programs) {
    p.register("registry", |proc| Box::pin(registry(proc)));
}

async fn registry(p: Proc) -> i32 {
    let argv = p.argv();
    let Some(file) = config::config_argument(&argv).map(str::to_string) else {
        p.eprint("Usage: \n  registry [flags]\n  registry [command]\n\nAvailable Commands:\n  garbage-collect `garbage-collect` deletes layers not referenced by any manifests\n  help            Help about any command\n  serve           `serve` stores and distributes Docker images\n\nFlags:\n  -h, --help=false: help for registry\n  -v, --version=false: show the version and exit\n").await;
        return 0;
    };
    let text = match p.read_file(&file).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).to_string(),
        Err(_) => {
            p.eprint(&format!(
                "configuration error: open {file}: no such file or directory\n"
            ))
            .await;
            return 1;
        }
    };
    let Some(cfg) = config::parse(&text, &p.env()) else {
        p.eprint(&format!(
            "configuration error: error parsing {file}: no storage configuration provided\n"
        ))
        .await;
        return 1;
    };
    let fields = "go.version=go1.20.8 instance.id=5e0cf1c4-6e15-4e2b-9a3f-2f4b5d1c9e27 service=registry version=2.8.3";
    let line = |level: &str, msg: &str| {
        format!(
            "time=\"{}Z\" level={level} msg=\"{msg}\" {fields}",
            now(&p, "%Y-%m-%dT%H:%M:%S.%N")
        )
    };
    err_lines(&p, &[
        line("warning", "No HTTP secret provided - generated random secret. This may cause problems with uploads if multiple registries are behind a load-balancer. To provide a shared secret, fill in http.secret in the configuration file or set the REGISTRY_HTTP_SECRET environment variable."),
        line("info", "redis not configured"),
        line("info", "Starting upload purge in 20m0s"),
        line("info", "using inmemory blob descriptor cache"),
        line("info", &format!("listening on [::]:{}", cfg.port)),
    ])
    .await;
    http::serve(&p, cfg.port, &[SIGTERM, SIGINT], |x| answer(&p, &cfg, x)).await;
    err_lines(
        &p,
        &[line(
            "info",
            "stopping server gracefully. Draining connections for 0s",
        )],
    )
    .await;
    0
}

/// A response: status, content type, extra headers, body.
struct Reply {
    status: (u16, &'static str),
    content_type: &'static str,
    headers: Vec<String>,
    body: Vec<u8>,
}

impl Reply {
    fn json(status: (u16, &'static str), value: serde_json::Value) -> Reply {
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            headers: Vec::new(),
            body: format!("{value}\n").into_bytes(),
        }
    }

    /// distribution's error body; its fields in distribution's order (code, message, detail),
    /// which a `json!` map would sort.
    fn error(code: &str, message: &str, detail: serde_json::Value) -> Reply {
        let body = format!(
            "{{\"errors\":[{{\"code\":{},\"message\":{},\"detail\":{detail}}}]}}\n",
            json!(code),
            json!(message)
        );
        Reply {
            status: (404, "Not Found"),
            content_type: "application/json; charset=utf-8",
            headers: Vec::new(),
            body: body.into_bytes(),
        }
    }
}

async fn answer(p: &Proc, cfg: &ServeConfig, x: Exchange) {
    let reply = route(p, cfg, &x.request.method, &x.request.target).await;
    let mut headers = vec![
        format!("Content-Length: {}", reply.body.len()),
        format!("Content-Type: {}", reply.content_type),
    ];
    headers.extend(reply.headers);
    headers.extend([
        "Docker-Distribution-Api-Version: registry/2.0".to_string(),
        "X-Content-Type-Options: nosniff".into(),
        format!("Date: {}", http::date_now(p)),
    ]);
    let sent = http::respond(p, &x, reply.status, &headers, &reply.body).await;
    let stamp = now(p, "%d/%b/%Y:%H:%M:%S +0000");
    p.print(&format!(
        "{} - - [{stamp}] \"{}\" {} {sent} \"\" \"{}\"\n",
        x.peer, x.request.line, reply.status.0, x.request.agent
    ))
    .await;
}

async fn route(p: &Proc, cfg: &ServeConfig, method: &str, target: &str) -> Reply {
    let store = Store {
        p,
        v2: format!("{}/docker/registry/v2", cfg.root.trim_end_matches('/')),
    };
    let Some(path) = target.strip_prefix("/v2") else {
        return not_found();
    };
    if method != "GET" && method != "HEAD" {
        return Reply::json(
            (405, "Method Not Allowed"),
            json!({"errors": [{"code": "UNSUPPORTED", "message": "The operation is unsupported."}]}),
        );
    }
    if path.is_empty() || path == "/" {
        return Reply::json((200, "OK"), json!({}));
    }
    if path == "/_catalog" {
        return Reply::json(
            (200, "OK"),
            json!({"repositories": store.repositories().await}),
        );
    }
    let path = path.trim_start_matches('/');
    if let Some(name) = path.strip_suffix("/tags/list") {
        let Some(tags) = store.tags(name).await else {
            return Reply::error(
                "NAME_UNKNOWN",
                "repository name not known to registry",
                json!({"name": name}),
            );
        };
        return Reply::json((200, "OK"), json!({"name": name, "tags": tags}));
    }
    if let Some((name, reference)) = path.rsplit_once("/manifests/") {
        return match store.manifest(name, reference).await {
            Some((digest, bytes)) => {
                let media = serde_json::from_slice::<serde_json::Value>(&bytes)
                    .ok()
                    .and_then(|v| v["mediaType"].as_str().map(str::to_string));
                let content_type = match media.as_deref() {
                    Some("application/vnd.oci.image.manifest.v1+json") => {
                        "application/vnd.oci.image.manifest.v1+json"
                    }
                    _ => "application/vnd.docker.distribution.manifest.v2+json",
                };
                Reply {
                    status: (200, "OK"),
                    content_type,
                    headers: vec![
                        format!("Docker-Content-Digest: {digest}"),
                        format!("Etag: \"{digest}\""),
                    ],
                    body: bytes,
                }
            }
            None if reference.starts_with("sha256:") => Reply::error(
                "MANIFEST_UNKNOWN",
                "manifest unknown",
                json!({"Name": name, "Revision": reference}),
            ),
            None => Reply::error(
                "MANIFEST_UNKNOWN",
                "manifest unknown",
                json!({"Tag": reference}),
            ),
        };
    }
    if let Some((name, digest)) = path.rsplit_once("/blobs/") {
        return match store.blob(name, digest).await {
            Some(bytes) => Reply {
                status: (200, "OK"),
                content_type: "application/octet-stream",
                headers: vec![
                    "Accept-Ranges: bytes".into(),
                    "Cache-Control: max-age=31536000".into(),
                    format!("Docker-Content-Digest: {digest}"),
                    format!("Etag: \"{digest}\""),
                ],
                body: bytes,
            },
            None => Reply::error("BLOB_UNKNOWN", "blob unknown to registry", json!(digest)),
        };
    }
    not_found()
}

/// Go's `http.NotFound`, what the router answers for paths outside the API.
fn not_found() -> Reply {
    Reply {
        status: (404, "Not Found"),
        content_type: "text/plain; charset=utf-8",
        headers: Vec::new(),
        body: b"404 page not found\n".to_vec(),
    }
}

/// The filesystem driver's tree, read through the registry process's view of its volume.
struct Store<'a> {
    p: &'a Proc,
    v2: String,
}

impl Store<'_> {
    fn repo(&self, name: &str) -> String {
        format!("{}/repositories/{name}", self.v2)
    }

    async fn link(&self, path: &str) -> Option<String> {
        let bytes = self.p.read_file(path).await.ok()?;
        Some(String::from_utf8_lossy(&bytes).trim().to_string())
    }

    async fn data(&self, digest: &str) -> Option<Vec<u8>> {
        let hex = digest
            .strip_prefix("sha256:")
            .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))?;
        self.p
            .read_file(&format!(
                "{}/blobs/sha256/{}/{hex}/data",
                self.v2,
                &hex[..2]
            ))
            .await
            .ok()
    }

    /// Every repository (a directory holding `_manifests`), sorted.
    async fn repositories(&self) -> Vec<String> {
        let mut found = Vec::new();
        let mut pending = vec![String::new()];
        while let Some(name) = pending.pop() {
            let dir = if name.is_empty() {
                format!("{}/repositories", self.v2)
            } else {
                self.repo(&name)
            };
            for e in self.p.read_dir(&dir).unwrap_or_default() {
                if e.kind != FileKind::Dir {
                    continue;
                }
                if e.name == "_manifests" {
                    found.push(name.clone());
                } else if !e.name.starts_with('_') {
                    pending.push(if name.is_empty() {
                        e.name
                    } else {
                        format!("{name}/{}", e.name)
                    });
                }
            }
        }
        wharf_engine::sort::ascending(&mut found);
        found
    }

    async fn tags(&self, name: &str) -> Option<Vec<String>> {
        let entries = self
            .p
            .read_dir(&format!("{}/_manifests/tags", self.repo(name)))
            .ok()?;
        let mut tags: Vec<String> = entries.into_iter().map(|e| e.name).collect();
        wharf_engine::sort::ascending(&mut tags);
        Some(tags)
    }

    async fn manifest(&self, name: &str, reference: &str) -> Option<(String, Vec<u8>)> {
        let repo = self.repo(name);
        let digest = if let Some(hex) = reference.strip_prefix("sha256:") {
            self.link(&format!("{repo}/_manifests/revisions/sha256/{hex}/link"))
                .await?
        } else {
            self.link(&format!("{repo}/_manifests/tags/{reference}/current/link"))
                .await?
        };
        Some((digest.clone(), self.data(&digest).await?))
    }

    async fn blob(&self, name: &str, digest: &str) -> Option<Vec<u8>> {
        let hex = digest.strip_prefix("sha256:")?;
        self.link(&format!("{}/_layers/sha256/{hex}/link", self.repo(name)))
            .await?;
        self.data(digest).await
    }
}
