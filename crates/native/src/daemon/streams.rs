//! The API's long answers: `wait` (a body sent when the container stops), `attach` and exec
//! `start` (hijacked connections carrying multiplexed output and the client's input), and
//! `logs` (the json-file log, then with `follow` what comes).

use std::future::poll_fn;
use std::task::Poll;

use serde_json::json;
use wharf_engine::daemon::{ApiError, DaemonRef, LogChunk, WaitCondition};
use wharf_engine::kernel::Stream;

use super::conn::Conn;
use super::http::{self, frame, Request, Response};

/// Output as the client expects it: raw for a tty, `stdcopy` frames otherwise.
fn encode(tty: bool, stream: Stream, data: &[u8]) -> Vec<u8> {
    if tty {
        data.to_vec()
    } else {
        frame(stream, data)
    }
}

/// Whether the request asks to upgrade the connection (the CLI always does for attach/exec).
fn upgrade(req: &Request) -> bool {
    req.header("upgrade").is_some()
}

/// `POST /containers/{id}/wait?condition=`: headers now, `{"StatusCode":N}` when it happens.
pub async fn wait(daemon: &DaemonRef, id: &str, req: &Request, conn: &mut Conn) -> Response {
    let condition = match req.param("condition").unwrap_or("") {
        "" | "not-running" => WaitCondition::NotRunning,
        "next-exit" => WaitCondition::NextExit,
        "removed" => WaitCondition::Removed,
        other => return ApiError::invalid(format!("invalid condition: \"{other}\"")).into(),
    };
    let ticket = match daemon.borrow_mut().wait_start(id, condition) {
        Ok(t) => t,
        Err(e) => return e.into(),
    };
    if http::write_stream_head(conn, 200, "application/json").await.is_err() {
        return Response::Done;
    }
    let code = poll_fn(|cx| daemon.borrow_mut().poll_wait(ticket, cx)).await;
    let _ = conn.write_all(format!("{}\n", json!({ "StatusCode": code, "Error": null })).as_bytes()).await;
    Response::Done
}

/// Copies what the client sends on a hijacked connection to `to` (a container's or an exec's
/// stdin) while `stdin` is attached; `to(&[])` closes the input at the client's end of input
/// (the CLI half-closes at once when it sends no stdin: that is not leaving). Returns `true`
/// when the connection failed.
fn poll_input(conn: &mut Conn, stdin: &mut bool, to: &mut dyn FnMut(&[u8]), cx: &mut std::task::Context<'_>) -> bool {
    if conn.eof {
        return false;
    }
    loop {
        match conn.poll_fill(cx) {
            Poll::Ready(Ok(n)) if n > 0 => {
                let data = std::mem::take(&mut conn.buf);
                if *stdin {
                    to(&data);
                }
            }
            Poll::Ready(Ok(_)) => {
                if std::mem::take(stdin) {
                    to(&[]);
                }
                return false;
            }
            Poll::Ready(Err(_)) => return true,
            Poll::Pending => return false,
        }
    }
}

/// `POST /containers/{id}/attach`: the container's output from now until its process exits;
/// with `stdin=1`, the client's input to it.
pub async fn attach(daemon: &DaemonRef, id: &str, req: &Request, conn: &mut Conn) -> Response {
    let (full_id, tty) = match daemon.borrow().container(id) {
        Ok(c) => (c.id.clone(), c.config.tty),
        Err(e) => return e.into(),
    };
    let want = [req.flag("stdout"), req.flag("stderr")];
    let ticket = if req.flag("stream") {
        match daemon.borrow_mut().attach(&full_id) {
            Ok(t) => Some(t),
            Err(e) => return e.into(),
        }
    } else {
        None
    };
    if http::write_upgrade(conn, upgrade(req)).await.is_err() {
        if let Some(t) = ticket {
            daemon.borrow_mut().detach(t);
        }
        return Response::Done;
    }
    let Some(ticket) = ticket else { return Response::Done };
    let mut stdin_open = req.flag("stdin");
    // The CLI sends stdin as soon as it has attached, before it starts the container: hold it
    // (and its end) until the container runs.
    let mut pending: Vec<u8> = Vec::new();
    let mut pending_close = false;
    loop {
        let next = poll_fn(|cx| {
            let mut to = |data: &[u8]| {
                if data.is_empty() {
                    pending_close = true;
                } else {
                    pending.extend_from_slice(data);
                }
            };
            if poll_input(conn, &mut stdin_open, &mut to, cx) {
                return Poll::Ready(None);
            }
            if !pending.is_empty() || pending_close {
                let mut d = daemon.borrow_mut();
                if d.container(&full_id).is_ok_and(|c| c.state.is_running()) {
                    if !pending.is_empty() {
                        let _ = d.container_write_stdin(&full_id, &std::mem::take(&mut pending));
                    }
                    if std::mem::take(&mut pending_close) {
                        let _ = d.container_write_stdin(&full_id, &[]);
                    }
                } else {
                    d.watch(&full_id, cx.waker());
                }
            }
            daemon.borrow_mut().poll_attach(ticket, cx)
        })
        .await;
        let Some(chunk) = next else { break };
        let LogChunk { stream, bytes, .. } = chunk;
        if !want[usize::from(stream == Stream::Stderr)] {
            continue;
        }
        if conn.write_all(&encode(tty, stream, &bytes)).await.is_err() {
            break;
        }
    }
    daemon.borrow_mut().detach(ticket);
    Response::Done
}

/// `GET /containers/{id}/logs`.
pub async fn logs(daemon: &DaemonRef, id: &str, req: &Request, conn: &mut Conn) -> Response {
    let (id, tty, chunks) = match daemon.borrow().container(id) {
        Ok(c) => (c.id.clone(), c.config.tty, c.log.clone()),
        Err(e) => return e.into(),
    };
    let want = [req.flag("stdout"), req.flag("stderr")];
    if !want[0] && !want[1] {
        return ApiError::invalid("Bad parameters: you must choose at least one stream").into();
    }
    let timestamps = req.flag("timestamps");
    let since = req.param("since").and_then(|s| s.parse::<f64>().ok()).filter(|&s| s > 0.0).map(|s| (s * 1e9) as i64);
    let until = req.param("until").and_then(|s| s.parse::<f64>().ok()).filter(|&s| s > 0.0).map(|s| (s * 1e9) as i64);
    let keep = |c: &LogChunk| want[usize::from(c.stream == Stream::Stderr)] && since.is_none_or(|s| c.time >= s) && until.is_none_or(|u| c.time <= u);
    let render = |c: &LogChunk| {
        let mut bytes = Vec::new();
        if timestamps {
            bytes.extend_from_slice(format!("{} ", wharf_engine::api::gotime::GoTime::from_unix_nanos(c.time).rfc3339_nano()).as_bytes());
        }
        bytes.extend_from_slice(&c.bytes);
        encode(tty, c.stream, &bytes)
    };
    let selected: Vec<&LogChunk> = chunks.iter().filter(|c| keep(c)).collect();
    let skip = req.param("tail").and_then(|t| t.parse::<usize>().ok()).map_or(0, |n| selected.len().saturating_sub(n));
    let content_type = if tty { "application/vnd.docker.raw-stream" } else { "application/vnd.docker.multiplexed-stream" };
    if http::write_stream_head(conn, 200, content_type).await.is_err() {
        return Response::Done;
    }
    let mut out = Vec::new();
    for c in &selected[skip..] {
        out.extend(render(c));
    }
    if conn.write_all(&out).await.is_err() || !req.flag("follow") {
        return Response::Done;
    }
    let mut next = chunks.len();
    loop {
        let step = poll_fn(|cx| daemon.borrow_mut().poll_log_from(&id, next, cx)).await;
        let Some(new) = step else { return Response::Done };
        next += new.len();
        let bytes: Vec<u8> = new.iter().filter(|c| keep(c)).flat_map(render).collect();
        if conn.write_all(&bytes).await.is_err() {
            return Response::Done;
        }
    }
}

/// `POST /exec/{id}/start`: runs the exec; unless detached, streams its output (and the
/// client's input) on the hijacked connection until both its streams end and it exits, so the
/// client's inspect that follows sees the exit code.
pub async fn exec_start(daemon: &DaemonRef, exec_id: &str, req: &Request, conn: &mut Conn) -> Response {
    #[derive(serde::Deserialize, Default)]
    #[serde(rename_all = "PascalCase")]
    struct StartConfig {
        #[serde(default)]
        detach: bool,
    }
    let start: StartConfig = serde_json::from_slice(&req.body).unwrap_or_default();
    let (tty, stdin) = match daemon.borrow().exec(exec_id) {
        Some(e) => (e.options.tty, e.options.stdin),
        None => return ApiError::not_found(format!("No such exec instance: {exec_id}")).into(),
    };
    let started = daemon.borrow_mut().exec_start(exec_id);
    if let Err(e) = started {
        if start.detach {
            return e.into();
        }
        // The CLI reads the error from the stream and then the exit code (126/127) from inspect.
        if http::write_upgrade(conn, upgrade(req)).await.is_ok() {
            let _ = conn.write_all(&encode(tty, Stream::Stderr, format!("{e}\r\n").as_bytes())).await;
        }
        return Response::Done;
    }
    if start.detach {
        return Response::empty(200);
    }
    if http::write_upgrade(conn, upgrade(req)).await.is_err() {
        return Response::Done;
    }
    let mut open = [true, true];
    let mut stdin_open = stdin;
    let mut buf = vec![0u8; 16384];
    while open.iter().any(|&o| o) {
        let (stream, n) = poll_fn(|cx| {
            let mut to = |data: &[u8]| {
                let _ = daemon.borrow_mut().exec_write_stdin(exec_id, data);
            };
            if poll_input(conn, &mut stdin_open, &mut to, cx) {
                return Poll::Ready((Stream::Stdout, usize::MAX));
            }
            for (i, stream) in [Stream::Stdout, Stream::Stderr].into_iter().enumerate() {
                if open[i] {
                    if let Poll::Ready(n) = daemon.borrow_mut().poll_exec_output(exec_id, stream, &mut buf, cx) {
                        return Poll::Ready((stream, n));
                    }
                }
            }
            Poll::Pending
        })
        .await;
        if n == usize::MAX {
            // The client left; the exec runs on, and the supervisor reaps it.
            return Response::Done;
        } else if n == 0 {
            open[usize::from(stream == Stream::Stderr)] = false;
        } else if conn.write_all(&encode(tty, stream, &buf[..n])).await.is_err() {
            break;
        }
    }
    poll_fn(|cx| daemon.borrow_mut().poll_exec_exit(exec_id, cx)).await;
    Response::Done
}
