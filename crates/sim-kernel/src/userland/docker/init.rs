//! `docker-init`, the tiny init `docker run --init` puts at PID 1 (Docker ships tini under
//! this name): it starts the command, passes on the signals it gets, reaps every orphan, and
//! exits with the command's status.
//!
//! This is what makes `--init` matter in the course: a program that is PID 1 gets no default
//! signal actions, so `docker stop` of a bare `sleep` waits out the grace period; under
//! `docker-init` the same `sleep` dies at once of its SIGTERM.

use crate::errno::Errno;
use crate::program::ProgramFuture;
use crate::signal::{Disposition, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH};
use crate::sys::{Command, Proc};

/// The signals tini forwards to its child.
const FORWARDED: [i32; 7] = [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH];

/// `docker-init -- COMMAND [ARG...]`.
pub fn docker_init(proc: Proc) -> ProgramFuture {
    Box::pin(async move {
        let argv = proc.argv();
        let cmd: Vec<String> = match argv.iter().position(|a| a == "--") {
            Some(i) => argv[i + 1..].to_vec(),
            None => argv[1..].to_vec(),
        };
        let Some(program) = cmd.first() else {
            proc.eprint("docker-init (tini version 0.19.0)\nUsage: docker-init [OPTIONS] PROGRAM -- [ARGS] | --version\n").await;
            return 1;
        };
        for sig in FORWARDED {
            let _ = proc.set_disposition(sig, Disposition::Catch);
        }
        let path = if program.contains('/') { Some(program.clone()) } else { proc.which(program) };
        let spawned = match path {
            Some(path) => proc.spawn(Command { path, argv: cmd.clone(), env: None, fds: None, pgid: None }),
            None => Err(Errno::ENOENT),
        };
        let child = match spawned {
            Ok(pid) => pid,
            Err(e) => {
                proc.eprint(&format!("[FATAL tini (7)] exec {program} failed: {e}\n")).await;
                return if e == Errno::ENOENT { 127 } else { 126 };
            }
        };
        loop {
            match proc.wait_any().await {
                Ok((pid, status)) if pid == child => return status.code(),
                Ok(_) => continue,
                Err(Errno::EINTR) => {
                    for sig in proc.take_signals() {
                        let _ = proc.kill(child as i32, sig);
                    }
                }
                Err(_) => return 1,
            }
        }
    })
}
