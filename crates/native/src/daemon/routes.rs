//! The Engine API's table: method and path to a daemon call. Paths arrive without their
//! `/v1.41` prefix ([`super::http`]).

use std::future::poll_fn;

use serde_json::{json, Value};
use wharf_engine::daemon::exec::ExecOptions;
use wharf_engine::daemon::{ApiError, DaemonRef, PsFilter, WaitCondition};
use wharf_engine::image::archive::{self, LoadOptions};
use wharf_engine::image::db::ListOptions;

use super::conn::Conn;
use super::http::{self, Request, Response};
use super::{create, images, resources, streams, system};

/// Where `docker image inspect` says layers live (dockerd's overlay2 graph root).
const GRAPH_ROOT: &str = "/var/lib/docker/overlay2";

fn ok_or<T>(r: Result<T, ApiError>, f: impl FnOnce(T) -> Response) -> Response {
    match r {
        Ok(v) => f(v),
        Err(e) => e.into(),
    }
}

/// Answers `req`; streaming and hijacking handlers write to `conn` themselves.
pub async fn handle(daemon: &DaemonRef, req: Request, conn: &mut Conn) -> Response {
    let path = req.path.trim_start_matches('/').to_string();
    let segs: Vec<&str> = path.split('/').collect();
    let method = req.method.as_str();
    match (method, segs.as_slice()) {
        ("GET" | "HEAD", ["_ping"]) => system::ping(),
        ("GET", ["version"]) => system::version(),
        ("GET", ["info"]) => system::info(daemon, super::ROOT.get().map_or("/var/lib/wharf", String::as_str)),
        ("GET", ["events"]) => events(daemon, &req, conn).await,
        ("GET", ["images", "json"]) => images(daemon, &req),
        ("POST", ["images", "load"]) => load(daemon, &req, conn).await,
        ("GET", ["images", name @ .., "json"]) if !name.is_empty() => image_inspect(daemon, &name.join("/")),
        ("GET", ["images", name @ .., "history"]) if !name.is_empty() => image_history(daemon, &name.join("/")),
        ("POST", ["containers", "create"]) => container_create(daemon, &req),
        ("GET", ["containers", "json"]) => container_list(daemon, &req),
        ("GET", ["containers", id, "json"]) => ok_or(daemon.borrow().container_inspect(id), |j| Response::json(200, &j)),
        ("GET", ["containers", id, "top"]) => ok_or(daemon.borrow_mut().container_top(id), |t| Response::json(200, &t)),
        ("GET", ["containers", id, "changes"]) => ok_or(daemon.borrow_mut().container_changes(id), |c| Response::json(200, &c)),
        ("GET", ["containers", id, "stats"]) => stats(daemon, id, &req, conn).await,
        ("POST", ["images", "create"]) => images::create(daemon, &req, conn).await,
        ("POST", ["images", name @ .., "push"]) if !name.is_empty() => images::push(daemon, &name.join("/"), &req, conn).await,
        ("POST", ["build"]) => images::build(daemon, &req, conn).await,
        ("POST", ["commit"]) => images::commit(daemon, &req),
        ("GET", ["containers", id, "logs"]) => streams::logs(daemon, id, &req, conn).await,
        ("POST", ["containers", id, "start"]) => start(daemon, id),
        ("POST", ["containers", id, "stop"]) => stop(daemon, id, &req).await,
        ("POST", ["containers", id, "restart"]) => {
            let stopped = stop(daemon, id, &req).await;
            if let Response::Full { status: 400..=599, .. } = stopped {
                return stopped;
            }
            ok_or(daemon.borrow_mut().container_start(id), |()| Response::empty(204))
        }
        ("POST", ["containers", id, "kill"]) => ok_or(daemon.borrow_mut().container_kill(id, req.param("signal").unwrap_or("")), |()| Response::empty(204)),
        ("POST", ["containers", id, "pause"]) => ok_or(daemon.borrow_mut().container_pause(id, true), |()| Response::empty(204)),
        ("POST", ["containers", id, "unpause"]) => ok_or(daemon.borrow_mut().container_pause(id, false), |()| Response::empty(204)),
        ("POST", ["containers", id, "rename"]) => {
            ok_or(daemon.borrow_mut().container_rename(id, req.param("name").unwrap_or("")), |()| Response::empty(204))
        }
        ("POST", ["containers", id, "wait"]) => streams::wait(daemon, id, &req, conn).await,
        ("POST", ["containers", id, "attach"]) => streams::attach(daemon, id, &req, conn).await,
        ("POST", ["containers", _, "resize"]) | ("POST", ["exec", _, "resize"]) => Response::empty(200),
        ("DELETE", ["containers", id]) => remove(daemon, id, &req).await,
        ("POST", ["containers", id, "exec"]) => exec_create(daemon, id, &req),
        ("POST", ["exec", id, "start"]) => streams::exec_start(daemon, id, &req, conn).await,
        ("GET", ["exec", id, "json"]) => exec_inspect(daemon, id),
        (_, ["volumes", ..]) => resources::volumes(daemon, &req, &segs).unwrap_or_else(not_found),
        (_, ["networks", ..]) => resources::networks(daemon, &req, &segs).unwrap_or_else(not_found),
        (_, ["containers", _, "archive" | "export"]) => resources::files(daemon, &req, &segs).unwrap_or_else(not_found),
        _ => not_found(),
    }
}

fn not_found() -> Response {
    Response::json(404, &json!({ "message": "page not found" }))
}

fn images(daemon: &DaemonRef, req: &Request) -> Response {
    let mut opts = ListOptions::default();
    if let Some(filters) = req.param("filters").and_then(|f| serde_json::from_str::<Value>(f).ok()) {
        if let Some(refs) = filters.get("reference").and_then(Value::as_object) {
            opts.reference = refs.keys().cloned().collect();
        }
    }
    let mut d = daemon.borrow_mut();
    let summaries = d.images().summaries(&opts).map_err(ApiError::from);
    ok_or(summaries, |s| Response::json(200, &s))
}

fn image_inspect(daemon: &DaemonRef, name: &str) -> Response {
    let mut d = daemon.borrow_mut();
    let db = d.images();
    ok_or(db.resolve(name).and_then(|id| db.inspect(&id, GRAPH_ROOT)).map_err(ApiError::from), |i| Response::json(200, &i))
}

fn image_history(daemon: &DaemonRef, name: &str) -> Response {
    let mut d = daemon.borrow_mut();
    let db = d.images();
    ok_or(db.resolve(name).and_then(|id| db.history(&id)).map_err(ApiError::from), |h| Response::json(200, &h))
}

/// `POST /images/load`: the archive into the image store, its layers unpacked; a JSON
/// message stream as dockerd sends (`{"stream":"Loaded image: busybox:latest\n"}`).
async fn load(daemon: &DaemonRef, req: &Request, conn: &mut Conn) -> Response {
    let opts = LoadOptions { os: "linux".into(), architecture: super::go_arch().into() };
    let loaded = {
        let mut d = daemon.borrow_mut();
        let report = archive::load(&mut d.images(), &mut req.body.as_slice(), &opts);
        report.map_err(|e| e.to_string()).and_then(|r| unpack(&mut d, &r).map(|()| r))
    };
    let lines: Vec<Value> = match loaded {
        Ok(r) => r.lines.iter().map(|l| json!({ "stream": format!("{l}\n") })).collect(),
        Err(e) => vec![json!({ "errorDetail": { "message": e }, "error": e })],
    };
    if http::write_stream_head(conn, 200, "application/json").await.is_ok() {
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let _ = conn.write_all(body.as_bytes()).await;
    }
    Response::Done
}

/// Unpacks the layers of loaded images the kernel lacks (pull does this for pulled ones).
fn unpack(d: &mut wharf_engine::daemon::Daemon, report: &archive::LoadReport) -> Result<(), String> {
    for (id, _) in &report.images {
        let record = d.images().get(id).map_err(|e| e.to_string())?;
        let diff_ids: Vec<_> = record.layers.iter().map(|l| l.diff_id).collect();
        let chains = wharf_engine::image::oci::chain_ids(&diff_ids);
        for (i, chain) in chains.iter().enumerate() {
            let parent = i.checked_sub(1).map(|p| chains[p]);
            let tar = d.images().content().get(&record.layers[i].blob).map_err(|e| e.to_string())?;
            d.kernel().unpack_layer(chain, parent.as_ref(), &mut &tar[..]).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// `POST /containers/{id}/start`: 304 if it runs already. A `--rm` container that fails to
/// start is removed, as dockerd does, so the client's wait for its removal ends.
fn start(daemon: &DaemonRef, id: &str) -> Response {
    let (running, auto_remove) = match daemon.borrow().container(id) {
        Ok(c) => (c.state.is_running(), c.host.auto_remove),
        Err(e) => return e.into(),
    };
    let started = daemon.borrow_mut().container_start(id);
    match started {
        Ok(()) => Response::empty(if running { 304 } else { 204 }),
        Err(e) => {
            if auto_remove {
                let _ = daemon.borrow_mut().container_remove(id, true);
            }
            e.into()
        }
    }
}

/// `POST /containers/create`: the new ID, with the engine's warnings about the request
/// (`-p` with `--network host`), which the docker CLI prints as `WARNING: ...`.
fn container_create(daemon: &DaemonRef, req: &Request) -> Response {
    let created = create::request(&req.body, req.param("name")).and_then(|r| {
        let warnings = wharf_engine::daemon::create_warnings(&r.host.network_mode, &r.network);
        daemon.borrow_mut().container_create(r).map(|id| (id, warnings))
    });
    ok_or(created, |(id, warnings)| Response::json(201, &json!({ "Id": id, "Warnings": warnings })))
}

/// `filters={"status":{"running":true}}` (or the old `{"status":["running"]}`) as the engine's
/// `key=value` filters.
fn ps_filters(text: &str) -> Result<Vec<PsFilter>, ApiError> {
    let v: Value = serde_json::from_str(text).map_err(|e| ApiError::invalid(format!("invalid filter: {e}")))?;
    let mut out = Vec::new();
    for (key, values) in v.as_object().into_iter().flatten() {
        let values: Vec<String> = match values {
            Value::Object(m) => m.keys().cloned().collect(),
            Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(String::from)).collect(),
            _ => Vec::new(),
        };
        for value in values {
            out.push(PsFilter::parse(&format!("{key}={value}"))?);
        }
    }
    Ok(out)
}

fn container_list(daemon: &DaemonRef, req: &Request) -> Response {
    let filters = match req.param("filters").filter(|f| !f.is_empty()) {
        Some(f) => match ps_filters(f) {
            Ok(f) => f,
            Err(e) => return e.into(),
        },
        None => Vec::new(),
    };
    let mut list = daemon.borrow().container_list(req.flag("all"), &filters);
    if let Some(n) = req.param("limit").and_then(|l| l.parse::<usize>().ok()).filter(|&n| n > 0) {
        list.truncate(n);
    }
    Response::json(200, &list)
}

/// `POST /containers/{id}/stop?t=N`: answers once the container has stopped (304 if it was).
async fn stop(daemon: &DaemonRef, id: &str, req: &Request) -> Response {
    let timeout = req.param("t").and_then(|t| t.parse::<i64>().ok());
    let running = match daemon.borrow().container(id) {
        Ok(c) => c.state.is_running(),
        Err(e) => return e.into(),
    };
    if !running {
        return Response::empty(304);
    }
    let ticket = match daemon.borrow_mut().wait_start(id, WaitCondition::NotRunning) {
        Ok(t) => t,
        Err(e) => return e.into(),
    };
    if let Err(e) = daemon.borrow_mut().container_stop(id, timeout) {
        return e.into();
    }
    poll_fn(|cx| daemon.borrow_mut().poll_wait(ticket, cx)).await;
    Response::empty(204)
}

/// `DELETE /containers/{id}?force=1`: answers once it is gone.
async fn remove(daemon: &DaemonRef, id: &str, req: &Request) -> Response {
    let ticket = match daemon.borrow_mut().wait_start(id, WaitCondition::Removed) {
        Ok(t) => t,
        Err(e) => return e.into(),
    };
    if let Err(e) = daemon.borrow_mut().container_remove(id, req.flag("force")) {
        return e.into();
    }
    poll_fn(|cx| daemon.borrow_mut().poll_wait(ticket, cx)).await;
    Response::empty(204)
}

fn exec_create(daemon: &DaemonRef, id: &str, req: &Request) -> Response {
    #[derive(serde::Deserialize, Default)]
    #[serde(rename_all = "PascalCase")]
    struct ExecConfig {
        #[serde(default)]
        user: Option<String>,
        #[serde(default)]
        tty: bool,
        #[serde(default)]
        attach_stdin: bool,
        #[serde(default)]
        detach: bool,
        #[serde(default)]
        env: Option<Vec<String>>,
        #[serde(default)]
        working_dir: Option<String>,
        #[serde(default)]
        cmd: Option<Vec<String>>,
        #[serde(default)]
        privileged: bool,
    }
    let config: ExecConfig = match serde_json::from_slice(&req.body) {
        Ok(c) => c,
        Err(e) => return ApiError::invalid(format!("invalid exec config: {e}")).into(),
    };
    if config.privileged {
        return ApiError::invalid("wharf does not support privileged exec yet").into();
    }
    let cmd = config.cmd.unwrap_or_default();
    if cmd.is_empty() {
        return ApiError::invalid("No exec command specified").into();
    }
    let options = ExecOptions {
        cmd,
        env: config.env.unwrap_or_default(),
        workdir: config.working_dir.unwrap_or_default(),
        user: config.user.unwrap_or_default(),
        tty: config.tty,
        stdin: config.attach_stdin,
        detach: config.detach,
    };
    ok_or(daemon.borrow_mut().exec_create(id, options), |exec_id| Response::json(201, &json!({ "Id": exec_id })))
}

fn exec_inspect(daemon: &DaemonRef, id: &str) -> Response {
    let d = daemon.borrow();
    let Some(e) = d.exec(id) else { return ApiError::not_found(format!("No such exec instance: {id}")).into() };
    let running = e.pid.is_some() && e.exit_code.is_none();
    Response::json(
        200,
        &json!({
            "ID": e.id, "Running": running, "ExitCode": e.exit_code, "CanRemove": false,
            "ContainerID": e.container, "DetachKeys": "", "OpenStdin": e.options.stdin,
            "OpenStdout": !e.options.detach, "OpenStderr": !e.options.detach,
            "ProcessConfig": {
                "tty": e.options.tty, "entrypoint": e.options.cmd.first(), "arguments": e.options.cmd.get(1..).unwrap_or_default(),
                "privileged": false, "user": e.options.user,
            },
            "Pid": if running { e.pid.unwrap_or(0) } else { 0 },
        }),
    )
}

/// `GET /events`: the log so far (filtered by `since`/`until`), then, unless `until` is set,
/// new events as they happen, one JSON message per line.
async fn events(daemon: &DaemonRef, req: &Request, conn: &mut Conn) -> Response {
    let since = req.param("since").and_then(|s| s.parse::<f64>().ok()).map(|s| (s * 1e9) as i64);
    let until = req.param("until").and_then(|s| s.parse::<f64>().ok()).map(|s| (s * 1e9) as i64);
    if http::write_stream_head(conn, 200, "application/json").await.is_err() {
        return Response::Done;
    }
    let mut next = if since.is_some() { 0 } else { daemon.borrow().events().all().len() };
    loop {
        let batch: Vec<String> = poll_fn(|cx| {
            let mut d = daemon.borrow_mut();
            let all = d.events().all();
            if next < all.len() {
                let out = all[next..]
                    .iter()
                    .filter(|e| since.is_none_or(|s| e.time >= s) && until.is_none_or(|u| e.time <= u))
                    .map(|e| {
                        let actor = json!({ "ID": e.id, "Attributes": e.attributes });
                        let secs = e.time / 1_000_000_000;
                        json!({ "status": e.action, "id": e.id, "from": e.attributes.get("image"), "Type": e.kind, "Action": e.action,
                                "Actor": actor, "scope": "local", "time": secs, "timeNano": e.time })
                        .to_string()
                    })
                    .collect();
                next = all.len();
                return std::task::Poll::Ready(out);
            }
            if until.is_some() {
                return std::task::Poll::Ready(Vec::new());
            }
            d.follow_events(cx.waker());
            std::task::Poll::Pending
        })
        .await;
        if batch.is_empty() && until.is_some() {
            return Response::Done;
        }
        let text: String = batch.iter().map(|l| format!("{l}\n")).collect();
        if conn.write_all(text.as_bytes()).await.is_err() {
            return Response::Done;
        }
    }
}

/// `GET /containers/{id}/stats`: one sample with `stream=0`, else one a second until the
/// container stops or the client leaves.
async fn stats(daemon: &DaemonRef, id: &str, req: &Request, conn: &mut Conn) -> Response {
    let stream = req.param("stream").is_none_or(|_| req.flag("stream"));
    let first = daemon.borrow_mut().container_stats(id);
    let first = match first {
        Ok(s) => s,
        Err(e) => return e.into(),
    };
    if !stream {
        return Response::json(200, &first);
    }
    if http::write_stream_head(conn, 200, "application/json").await.is_err() {
        return Response::Done;
    }
    let mut sample = Ok(first);
    while let Ok(s) = sample {
        let line = format!("{}\n", serde_json::to_string(&s).unwrap_or_default());
        if conn.write_all(line.as_bytes()).await.is_err() {
            break;
        }
        let deadline = crate::kernel::reactor::now() + 1_000_000_000;
        poll_fn(|cx| {
            if crate::kernel::reactor::now() >= deadline {
                return std::task::Poll::Ready(());
            }
            crate::kernel::reactor::register_timer(deadline, cx.waker());
            std::task::Poll::Pending
        })
        .await;
        sample = daemon.borrow_mut().container_stats(id);
    }
    Response::Done
}
