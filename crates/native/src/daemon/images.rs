//! The image-making endpoints: `POST /build` (the classic builder over a tar context),
//! `POST /commit`, `POST /images/create?fromSrc=-` (import), and the registry ones, pull
//! (`?fromImage=`) and `POST /images/{name}/push`, which fail as dockerd does when no
//! registry is reachable.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::{poll_fn, Future};
use std::io::Read;
use std::task::Poll;

use serde_json::{json, Value};
use wharf_engine::build::exec::{build as run_build, BuildContext, BuildOptions};
use wharf_engine::daemon::{container_commit, ApiError, CommitOptions, DaemonRef};
use wharf_engine::fs::mem::MemFs;
use wharf_engine::image::layer::{self, ApplyMode, ApplyOptions};
use wharf_engine::image::reference::Reference;

use super::conn::Conn;
use super::http::{self, Request, Response};

/// A body as sent, or gunzipped when it is gzip (`docker build --compress`, `import x.tar.gz`).
fn decompressed(body: &[u8]) -> Result<Vec<u8>, String> {
    if !body.starts_with(&[0x1f, 0x8b]) {
        return Ok(body.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(body).read_to_end(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// `REPO` and `TAG` query parameters as one reference (`repo:tag`), if a repository is given.
fn repo_tag(req: &Request) -> Option<String> {
    let repo = req.param("repo").filter(|r| !r.is_empty())?;
    Some(match req.param("tag").filter(|t| !t.is_empty()) {
        Some(tag) => format!("{repo}:{tag}"),
        None => repo.to_string(),
    })
}

/// A JSON object of strings from a query parameter (`buildargs`, `labels`).
fn json_map(req: &Request, name: &str) -> BTreeMap<String, Option<String>> {
    let Some(Value::Object(map)) = req.param(name).and_then(|v| serde_json::from_str(v).ok()) else { return BTreeMap::new() };
    map.into_iter().map(|(k, v)| (k, v.as_str().map(str::to_string))).collect()
}

/// Writes JSON messages, one a line, on a stream already started.
async fn send(conn: &mut Conn, messages: &[Value]) -> bool {
    let text: String = messages.iter().map(|m| format!("{m}\n")).collect();
    conn.write_all(text.as_bytes()).await.is_ok()
}

/// dockerd's error for a registry it cannot reach (this daemon reaches none): the lookup of
/// the registry's host through the host's first name server fails.
pub fn registry_unreachable(name: &str) -> String {
    let domain = Reference::parse(name).map(|r| r.domain().to_string()).unwrap_or_else(|_| "docker.io".into());
    let host = if domain == "docker.io" { "registry-1.docker.io".to_string() } else { domain };
    let server = std::fs::read_to_string("/etc/resolv.conf")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("nameserver").map(|s| s.trim().to_string()))
        .unwrap_or_else(|| "127.0.0.53".into());
    format!("Get \"https://{host}/v2/\": dial tcp: lookup {} on {server}:53: no such host", host.split(':').next().unwrap_or(&host))
}

/// `POST /build`: the context tar into memory, then the classic builder, its output streamed
/// as `{"stream": ...}` messages, `{"aux": {"ID": ...}}` at the end, a failure as
/// `errorDetail` with the exit code the CLI ends with (a failed RUN's own).
pub async fn build(daemon: &DaemonRef, req: &Request, conn: &mut Conn) -> Response {
    if let Some(remote) = req.param("remote").filter(|r| !r.is_empty()) {
        return ApiError::invalid(format!("wharf daemon builds from an uploaded context only, not {remote}")).into();
    }
    let tree = decompressed(&req.body).and_then(|tar| {
        let mut mem = MemFs::new();
        layer::apply(&mut &tar[..], &mut mem, &ApplyOptions::new(ApplyMode::Flatten)).map_err(|e| e.to_string())?;
        Ok(mem)
    });
    let tree = match tree {
        Ok(t) => t,
        Err(e) => return ApiError::invalid(format!("failed to read the build context: {e}")).into(),
    };
    let quiet = req.flag("q");
    let options = BuildOptions {
        dockerfile: req.param("dockerfile").filter(|f| !f.is_empty()).map(str::to_string),
        tags: req.query.iter().filter(|(k, _)| k == "t").map(|(_, v)| v.clone()).collect(),
        build_args: json_map(req, "buildargs"),
        target: req.param("target").filter(|t| !t.is_empty()).map(str::to_string),
        no_cache: req.flag("nocache"),
        labels: json_map(req, "labels").into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect(),
        pull: req.flag("pull"),
        force_rm: req.flag("forcerm"),
        // `rm` defaults to true; the client sends `rm=0` for `--rm=false`.
        keep_containers: matches!(req.param("rm"), Some("0" | "false")),
        secrets: BTreeMap::new(),
        ssh: Default::default(),
    };
    if http::write_stream_head(conn, 200, "application/json").await.is_err() {
        return Response::Done;
    }
    let context = BuildContext::from_tree(tree, req.body.len() as u64);
    let printed = RefCell::new(String::new());
    let mut collect = |s: &str| {
        if !quiet {
            printed.borrow_mut().push_str(s);
        }
    };
    let mut building = std::pin::pin!(run_build(daemon.clone(), context, options, &mut collect));
    // Poll the build, and send what it printed whenever it waits, so steps show as they run.
    let result = loop {
        let step = poll_fn(|cx| match building.as_mut().poll(cx) {
            Poll::Ready(r) => Poll::Ready(Some(r)),
            Poll::Pending if !printed.borrow().is_empty() => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        })
        .await;
        let text = std::mem::take(&mut *printed.borrow_mut());
        if !text.is_empty() && !send(conn, &[json!({ "stream": text })]).await {
            return Response::Done;
        }
        if let Some(r) = step {
            break r;
        }
    };
    let messages = match result {
        Ok(id) if quiet => vec![json!({ "aux": { "ID": id.to_string() } }), json!({ "stream": format!("{id}\n") })],
        Ok(id) => vec![json!({ "aux": { "ID": id.to_string() } })],
        Err(e) => vec![json!({ "errorDetail": { "code": e.exit_code(), "message": e.to_string() }, "error": e.to_string() })],
    };
    send(conn, &messages).await;
    Response::Done
}

/// `POST /commit?container=&repo=&tag=&comment=&author=&changes=`: 201 `{"Id": ...}`.
pub fn commit(daemon: &DaemonRef, req: &Request) -> Response {
    let options = CommitOptions {
        reference: repo_tag(req),
        comment: req.param("comment").unwrap_or_default().to_string(),
        author: req.param("author").unwrap_or_default().to_string(),
        changes: req.query.iter().filter(|(k, _)| k == "changes").flat_map(|(_, v)| v.lines().map(str::to_string)).filter(|c| !c.trim().is_empty()).collect(),
    };
    let container = req.param("container").unwrap_or_default();
    match container_commit(daemon, container, &options) {
        Ok(id) => Response::json(201, &json!({ "Id": id.to_string() })),
        Err(e) => e.into(),
    }
}

/// `POST /images/create`: `fromSrc=-` imports the body (a filesystem tar) as a one-layer
/// image (with the `changes` applied to its config), answering `{"status": ID}`;
/// `fromImage=` (pull) fails as dockerd does offline.
pub async fn create(daemon: &DaemonRef, req: &Request, conn: &mut Conn) -> Response {
    if let Some(image) = req.param("fromImage").filter(|i| !i.is_empty()) {
        let name = match req.param("tag").filter(|t| !t.is_empty()) {
            Some(tag) if !image.contains('@') => format!("{image}:{tag}"),
            _ => image.to_string(),
        };
        return ApiError::system(registry_unreachable(&name)).into();
    }
    match req.param("fromSrc") {
        Some("-") => {}
        Some(src) => return ApiError::invalid(format!("wharf daemon imports an uploaded tar only, not {src}")).into(),
        None => return ApiError::invalid("fromImage or fromSrc is required").into(),
    }
    // `changes` once per `--change` (the CLI sends them as repeated query parameters).
    let changes: Vec<String> = req.query.iter().filter(|(k, v)| k == "changes" && !v.trim().is_empty()).map(|(_, v)| v.clone()).collect();
    let imported = decompressed(&req.body)
        .map_err(ApiError::invalid)
        .and_then(|tar| daemon.borrow_mut().image_import(&tar, repo_tag(req).as_deref(), req.param("message").unwrap_or_default(), &changes));
    let message = match imported {
        Ok(id) => json!({ "status": id.to_string() }),
        Err(e) => return e.into(),
    };
    if http::write_stream_head(conn, 200, "application/json").await.is_ok() {
        send(conn, &[message]).await;
    }
    Response::Done
}

/// `POST /images/{name}/push`: the image must exist; then the registry cannot be reached.
pub async fn push(daemon: &DaemonRef, name: &str, req: &Request, conn: &mut Conn) -> Response {
    let name = match req.param("tag").filter(|t| !t.is_empty()) {
        Some(tag) => format!("{name}:{tag}"),
        None => name.to_string(),
    };
    if daemon.borrow_mut().images().resolve(&name).is_err() {
        let familiar = Reference::parse(&name).map(|r| r.familiar_name()).unwrap_or_else(|_| name.clone());
        return ApiError::not_found(format!("An image does not exist locally with the tag: {familiar}")).into();
    }
    let repository = Reference::parse(&name).map(|r| r.name()).unwrap_or_else(|_| name.clone());
    let error = registry_unreachable(&name);
    if http::write_stream_head(conn, 200, "application/json").await.is_ok() {
        send(conn, &[json!({ "status": format!("The push refers to repository [{repository}]") }), json!({ "errorDetail": { "message": error }, "error": error })]).await;
    }
    Response::Done
}
