//! The docker CLI's second phase: a parsed command line ([`crate::cli::grammar`]) turned into
//! requests to the daemon and the bytes docker prints. Shared by the simulator's `docker`
//! program and the native `wharf` binary; each supplies a [`ClientIo`] (its terminal, pipes
//! and files).
//!
//! Like the real CLI, a command only talks to the daemon through what the Engine API offers
//! (create, start, wait, logs, ...); it never reaches into the kernel.

mod archive;
mod build;
mod compose;
mod copy;
mod exec;
mod images;
mod lifecycle;
mod logs;
pub(crate) mod network;
mod observe;
mod prune;
mod registry;
mod run;
mod swarm;
mod system;
mod volumes;

use std::future::Future;
use std::pin::Pin;

use crate::cli::grammar::help::{render as render_help, HelpContext};
use crate::cli::grammar::{parse, Invocation, Parsed, VERSION_LINE};
use crate::daemon::{ApiError, DaemonRef};
use crate::kernel::Stream;

/// A boxed future that need not be `Send` (everything here is single-threaded).
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// What the client needs of the process it runs in.
pub trait ClientIo {
    /// Writes all of `data` to stdout or stderr (waiting while a pipe is full).
    fn write<'a>(&'a self, stream: Stream, data: &'a [u8]) -> LocalFuture<'a, ()>;
    /// Reads from stdin: 0 at end of input.
    fn read_stdin<'a>(&'a self, buf: &'a mut [u8]) -> LocalFuture<'a, usize>;
    /// Whether stdin is a terminal (`-t` needs one).
    fn stdin_is_tty(&self) -> bool;
    /// Whether stdout is a terminal (progress is redrawn in place on one).
    fn stdout_is_tty(&self) -> bool;
    /// Reads a file of the client's machine (`--env-file`), relative to its working directory.
    fn read_file<'a>(&'a self, path: &'a str) -> LocalFuture<'a, Result<Vec<u8>, String>>;
    /// Writes a file of the client's machine (`save -o`, `export -o`), replacing it.
    fn write_file<'a>(&'a self, path: &'a str, data: &'a [u8]) -> LocalFuture<'a, Result<(), String>>;
    /// Copies a directory of the client's machine into memory (a build context): files,
    /// directories and symlinks with their modes, owners and times. Errors are the text to
    /// print (`unable to prepare context: path "x" not found`).
    fn read_tree<'a>(&'a self, dir: &'a str) -> LocalFuture<'a, Result<crate::fs::mem::MemFs, String>>;
    /// What is at `path` on the client's machine (`docker cp`): `None` if nothing, else
    /// whether it is a directory.
    fn host_path_is_dir<'a>(&'a self, path: &'a str) -> LocalFuture<'a, Result<Option<bool>, String>>;
    /// A tar of the file or directory at `path` on the client's machine as one entry `name`,
    /// or of a directory's contents alone when `name` is empty
    /// ([`crate::container::archive::pack`]); a missing `path` fails with docker's
    /// `lstat PATH: no such file or directory`.
    fn tar_from_host<'a>(&'a self, path: &'a str, name: &'a str) -> LocalFuture<'a, Result<Vec<u8>, String>>;
    /// Unpacks `tar` into the directory `dir` of the client's machine
    /// ([`crate::container::archive::unpack`]).
    fn untar_to_host<'a>(&'a self, dir: &'a str, tar: &'a [u8]) -> LocalFuture<'a, Result<(), String>>;
    /// The working directory (Compose finds its files and names its project from it).
    fn cwd(&self) -> String {
        "/".to_string()
    }
    /// A variable of the client's environment (Compose interpolates with them).
    fn getenv(&self, _key: &str) -> Option<String> {
        None
    }
    /// From now on, Ctrl-C (SIGINT) and SIGTERM are reported by [`ClientIo::poll_interrupt`]
    /// instead of ending the process: an attached `docker compose up` stops its containers
    /// before it exits.
    fn catch_interrupts(&self) {}
    /// Ready once for each interrupt caught since the last ready poll. A platform that cannot
    /// deliver them stays pending.
    fn poll_interrupt(&self, _cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        std::task::Poll::Pending
    }
}

/// One invocation of the CLI.
pub(crate) struct Client<'a> {
    io: &'a dyn ClientIo,
    daemon: DaemonRef,
}

impl Client<'_> {
    async fn out(&self, s: &str) {
        self.io.write(Stream::Stdout, s.as_bytes()).await
    }

    async fn err(&self, s: &str) {
        self.io.write(Stream::Stderr, s.as_bytes()).await
    }

    /// Prints a daemon error the way the API client reports it; returns exit code 1.
    async fn daemon_error(&self, e: &ApiError) -> i32 {
        self.err(&format!("Error response from daemon: {e}\n")).await;
        1
    }

    fn now(&self) -> i64 {
        self.daemon.borrow_mut().kernel().now()
    }
}

/// The message the CLI prints when no daemon answers.
pub const NO_DAEMON: &str = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

/// Runs `docker ARGV...` (the words after `docker`) and returns the exit code.
pub async fn main(argv: &[String], io: &dyn ClientIo, daemon: Option<DaemonRef>) -> i32 {
    let write = |stream, s: String| async move { io.write(stream, s.as_bytes()).await };
    let parsed = match parse(argv) {
        Err(e) => {
            write(Stream::Stderr, format!("{}\n", e.message)).await;
            return e.exit_code();
        }
        Ok(Invocation::Version) => {
            write(Stream::Stdout, format!("{VERSION_LINE}\n")).await;
            return 0;
        }
        Ok(Invocation::Help { command, path, stderr, warnings }) => {
            for w in warnings {
                write(Stream::Stderr, format!("{w}\n")).await;
            }
            let text = render_help(command, &path, &HelpContext::default());
            write(if stderr { Stream::Stderr } else { Stream::Stdout }, text).await;
            return 0;
        }
        Ok(Invocation::Run(parsed)) => parsed,
    };
    for w in &parsed.warnings {
        write(Stream::Stderr, format!("{w}\n")).await;
    }
    let Some(daemon) = daemon else {
        write(Stream::Stderr, format!("{NO_DAEMON}\n")).await;
        return 1;
    };
    let client = Client { io, daemon };
    client.dispatch(&parsed).await
}

impl Client<'_> {
    async fn dispatch(&self, p: &Parsed) -> i32 {
        match p.command.as_slice() {
            ["container", "run"] => self.run(p).await,
            ["container", "create"] => self.create_command(p).await,
            ["container", "start"] => self.start(p).await,
            ["container", "stop"] => self.stop(p).await,
            ["container", "restart"] => self.restart(p).await,
            ["container", "kill"] => self.kill(p).await,
            ["container", "rm"] => self.rm(p).await,
            ["container", "pause"] => self.pause(p, true).await,
            ["container", "unpause"] => self.pause(p, false).await,
            ["container", "rename"] => self.rename(p).await,
            ["container", "wait"] => self.wait(p).await,
            ["container", "logs"] => self.logs(p).await,
            ["container", "exec"] => self.exec(p).await,
            ["container", "ls"] => self.ps(p).await,
            ["container", "inspect"] => self.container_inspect(p).await,
            ["inspect"] => self.inspect(p).await,
            ["container", "top"] => self.top(p).await,
            ["container", "diff"] => self.diff(p).await,
            ["container", "stats"] => self.stats(p).await,
            ["container", "commit"] => self.commit(p).await,
            ["network", "create"] => self.network_create(p).await,
            ["network", "ls"] => self.network_ls(p).await,
            ["network", "inspect"] => self.network_inspect(p).await,
            ["network", "rm"] => self.network_rm(p).await,
            ["network", "prune"] => self.network_prune(p).await,
            ["network", "connect"] => self.network_connect(p).await,
            ["network", "disconnect"] => self.network_disconnect(p).await,
            ["container", "port"] => self.port(p).await,
            ["image", "build"] => self.build(p).await,
            ["container", "cp"] => self.cp(p).await,
            ["image", "pull"] => self.pull(p).await,
            ["image", "push"] => self.push(p).await,
            ["login"] => self.login(p).await,
            ["logout"] => self.logout(p).await,
            ["search"] => self.search(p).await,
            ["container", "prune"] => self.container_prune(p).await,
            ["container", "update"] => self.update(p).await,
            ["container", "attach"] => self.attach(p).await,
            ["image", "prune"] => self.image_prune(p).await,
            ["system", "df"] => self.system_df(p).await,
            ["system", "prune"] => self.system_prune(p).await,
            ["image", "save"] => self.save(p).await,
            ["image", "load"] => self.load(p).await,
            ["image", "import"] => self.import(p).await,
            ["container", "export"] => self.export(p).await,
            ["version"] => self.version(p).await,
            ["system", "info"] => self.info(p).await,
            ["system", "events"] => self.events(p).await,
            ["image", "ls"] => self.images(p).await,
            ["image", "history"] => self.history(p).await,
            ["image", "inspect"] => self.image_inspect(p).await,
            ["image", "tag"] => self.tag(p).await,
            ["image", "rm"] => self.rmi(p).await,
            ["volume", "create"] => self.volume_create(p).await,
            ["volume", "ls"] => self.volume_ls(p).await,
            ["volume", "inspect"] => self.volume_inspect(p).await,
            ["volume", "rm"] => self.volume_rm(p).await,
            ["volume", "prune"] => self.volume_prune(p).await,
            ["compose", ..] => self.compose(p).await,
            ["swarm", "init"] => self.swarm_init(p).await,
            ["swarm", "join"] => self.swarm_join(p).await,
            ["swarm", "join-token"] => self.swarm_join_token(p).await,
            ["swarm", "leave"] => self.swarm_leave(p).await,
            ["node", "ls"] => self.node_ls(p).await,
            ["node", "inspect"] => self.node_inspect(p).await,
            ["node", verb @ ("promote" | "demote" | "rm")] => self.node_role(p, verb).await,
            ["service", "create"] => self.service_create(p).await,
            ["service", "ls"] => self.service_ls(p).await,
            ["service", "ps"] => self.service_ps(p).await,
            ["service", "inspect"] => self.service_inspect(p).await,
            ["service", "logs"] => self.service_logs(p).await,
            ["service", "scale"] => self.service_scale(p).await,
            ["service", "update"] => self.service_update(p).await,
            ["service", "rm"] => self.service_rm(p).await,
            ["service", "rollback"] => self.service_rollback(p).await,
            ["stack", "deploy"] => self.stack_deploy(p).await,
            ["stack", "ls"] => self.stack_ls(p).await,
            ["stack", "services"] => self.stack_service_list(p).await,
            ["stack", "ps"] => self.stack_ps(p).await,
            ["stack", "rm"] => self.stack_rm(p).await,
            _ => {
                self.err(&format!("{}: this command is not available in wharf yet\n", p.path)).await;
                1
            }
        }
    }
}

