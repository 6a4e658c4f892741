//! `docker exec`: more processes in a running container's namespaces and cgroup.

use std::task::{Context, Poll};

use super::events::Event;
use super::{ApiError, Daemon};
use crate::container::state::Status;
use crate::kernel::{NamespaceMode, Namespaces, Pid, Stream};

/// What `docker exec` asks for (`ExecConfig`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecOptions {
    /// The command.
    pub cmd: Vec<String>,
    /// `-e KEY=value`.
    pub env: Vec<String>,
    /// `-w`.
    pub workdir: String,
    /// `-u`.
    pub user: String,
    /// `-t`.
    pub tty: bool,
    /// `-i`.
    pub stdin: bool,
    /// `-d`: nobody attaches; the daemon reaps it.
    pub detach: bool,
}

/// An exec instance.
#[derive(Debug, Clone)]
pub struct Exec {
    /// Its ID (64 hex).
    pub id: String,
    /// The container's full ID.
    pub container: String,
    /// What was asked.
    pub options: ExecOptions,
    /// Host PID while it runs.
    pub pid: Option<Pid>,
    /// The exit code once it ended.
    pub exit_code: Option<i32>,
}

impl Daemon {
    /// `POST /containers/{id}/exec`: the exec's ID.
    pub fn exec_create(&mut self, input: &str, options: ExecOptions) -> Result<String, ApiError> {
        let id = self.lookup(input)?;
        match self.containers[&id].state.status {
            Status::Running => {}
            Status::Paused => return Err(ApiError::conflict(format!("Container {id} is paused, unpause the container before exec"))),
            Status::Restarting => return Err(ApiError::conflict(format!("Container {id} is restarting, wait until the container is running"))),
            _ => return Err(ApiError::conflict(format!("Container {id} is not running"))),
        }
        let mut random = [0u8; 32];
        self.kernel.fill_random(&mut random);
        let exec_id = crate::digest::Digest::from_bytes(random).hex();
        let what = options.cmd.join(" ");
        self.execs.insert(exec_id.clone(), Exec { id: exec_id.clone(), container: id.clone(), options, pid: None, exit_code: None });
        self.exec_event(&id, &format!("exec_create: {what}"), &exec_id);
        Ok(exec_id)
    }

    fn exec_event(&mut self, container: &str, action: &str, exec_id: &str) {
        let c = &self.containers[container];
        let mut attributes = std::collections::BTreeMap::from([("image".to_string(), c.config.image.clone()), ("name".to_string(), c.name.clone())]);
        attributes.insert("execID".into(), exec_id.to_string());
        let time = self.kernel.now();
        self.events.push(Event { time, kind: "container", action: action.to_string(), id: container.to_string(), attributes });
    }

    /// `POST /exec/{id}/start`: starts the process. Fails with runc's text when the program
    /// cannot run (the client then exits 126).
    pub fn exec_start(&mut self, exec_id: &str) -> Result<Pid, ApiError> {
        let exec = self.execs.get(exec_id).cloned().ok_or_else(|| ApiError::not_found(format!("No such exec instance: {exec_id}")))?;
        let c = &self.containers[&exec.container];
        let init = c.state.pid.ok_or_else(|| ApiError::conflict(format!("Container {} is not running", c.id)))?;
        let (config, cgroup) = (c.config.clone(), c.cgroup.clone());
        let user = if exec.options.user.is_empty() { config.user.clone() } else { exec.options.user.clone() };
        let container_id = exec.container.clone();
        let mut spec = self.init_spec(&container_id)?;
        if user != config.user {
            let (uid, gid, groups) = self.resolve_user(&container_id, &user)?;
            (spec.uid, spec.gid, spec.groups) = (uid, gid, groups);
        }
        spec.args = exec.options.cmd.clone();
        spec.env = super::lifecycle::merge_env(spec.env, &exec.options.env);
        if !exec.options.workdir.is_empty() {
            spec.cwd = exec.options.workdir.clone();
        }
        let join = NamespaceMode::Join(init);
        spec.namespaces = Namespaces { mnt: join.clone(), pid: join.clone(), uts: join.clone(), ipc: join.clone(), net: join.clone(), user: NamespaceMode::Host, cgroup: join };
        spec.rootfs = None;
        spec.hostname = None;
        spec.cgroup = cgroup;
        spec.tty = exec.options.tty;
        spec.stdin = exec.options.stdin;
        let program = spec.args.first().cloned().unwrap_or_default();
        match self.kernel.spawn(&spec) {
            Ok(pid) => {
                self.execs.get_mut(exec_id).expect("found above").pid = Some(pid);
                self.exec_event(&container_id, &format!("exec_start: {}", exec.options.cmd.join(" ")), exec_id);
                if exec.options.detach {
                    if let Some(w) = self.supervisor.take() {
                        w.wake();
                    }
                }
                Ok(pid)
            }
            Err(e) => {
                // The 20.10 daemon records 126 for every exec that could not start.
                self.execs.get_mut(exec_id).expect("found above").exit_code = Some(126);
                let inner = super::lifecycle::start_error(&e, &program).message;
                let inner = inner.trim_start_matches("failed to create shim task: OCI runtime create failed: runc create failed: ");
                Err(ApiError::system(format!("OCI runtime exec failed: exec failed: {inner}")))
            }
        }
    }

    /// Reads an attached exec's output: ready with 0 at its end.
    pub fn poll_exec_output(&mut self, exec_id: &str, stream: Stream, buf: &mut [u8], cx: &mut Context<'_>) -> Poll<usize> {
        let Some(pid) = self.execs.get(exec_id).and_then(|e| e.pid) else { return Poll::Ready(0) };
        self.kernel.poll_read_output(pid, stream, buf, cx).map(|r| r.unwrap_or(0))
    }

    /// Writes to an attached exec's stdin; empty `data` closes it.
    pub fn exec_write_stdin(&mut self, exec_id: &str, data: &[u8]) -> Result<(), ApiError> {
        let pid = self.execs.get(exec_id).and_then(|e| e.pid).ok_or_else(|| ApiError::not_found(format!("No such exec instance: {exec_id}")))?;
        self.kernel.write_stdin(pid, data).map_err(|e| ApiError::system(e.to_string()))
    }

    /// Ready with the exit code once an attached exec's process has ended.
    pub fn poll_exec_exit(&mut self, exec_id: &str, cx: &mut Context<'_>) -> Poll<i32> {
        let Some(exec) = self.execs.get(exec_id) else { return Poll::Ready(126) };
        if let Some(code) = exec.exit_code {
            return Poll::Ready(code);
        }
        let Some(pid) = exec.pid else { return Poll::Ready(126) };
        match self.kernel.poll_wait(pid, cx) {
            Poll::Ready(result) => {
                let code = result.map(|s| s.code()).unwrap_or(126);
                self.finish_exec(exec_id, code);
                Poll::Ready(code)
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn finish_exec(&mut self, exec_id: &str, code: i32) {
        let Some(e) = self.execs.get_mut(exec_id) else { return };
        e.pid = None;
        e.exit_code = Some(code);
        let container = e.container.clone();
        if self.containers.contains_key(&container) {
            self.exec_event(&container, "exec_die", exec_id);
        }
    }

    /// Reaps the processes of `exec -d`.
    pub(super) fn reap_detached_execs(&mut self, cx: &mut Context<'_>) {
        let detached: Vec<(String, Pid)> = self.execs.values().filter(|e| e.options.detach).filter_map(|e| e.pid.map(|p| (e.id.clone(), p))).collect();
        for (id, pid) in detached {
            let mut buf = [0u8; 4096];
            for stream in [Stream::Stdout, Stream::Stderr] {
                while let Poll::Ready(Ok(n)) = self.kernel.poll_read_output(pid, stream, &mut buf, cx) {
                    if n == 0 {
                        break;
                    }
                }
            }
            if let Poll::Ready(result) = self.kernel.poll_wait(pid, cx) {
                self.finish_exec(&id, result.map(|s| s.code()).unwrap_or(126));
            }
        }
    }

    /// The exec instance `exec_id`.
    pub fn exec(&self, exec_id: &str) -> Option<&Exec> {
        self.execs.get(exec_id)
    }
}
