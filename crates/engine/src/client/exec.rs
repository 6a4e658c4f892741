//! `docker exec [-d] [-i] [-t] [-e] [-w] [-u] CONTAINER COMMAND...`.

use std::future::poll_fn;
use std::task::Poll;

use super::Client;
use crate::cli::grammar::Parsed;
use crate::daemon::exec::ExecOptions;
use crate::kernel::Stream;

impl Client<'_> {
    /// `docker exec`.
    pub(super) async fn exec(&self, p: &Parsed) -> i32 {
        if p.bool("tty") && p.bool("interactive") && !self.io.stdin_is_tty() {
            self.err("the input device is not a TTY\n").await;
            return 1;
        }
        let options = ExecOptions {
            cmd: p.args[1..].to_vec(),
            env: p.values("env").to_vec(),
            workdir: p.string("workdir").to_string(),
            user: p.string("user").to_string(),
            tty: p.bool("tty"),
            stdin: p.bool("interactive"),
            detach: p.bool("detach"),
        };
        let detach = options.detach;
        let created = self.daemon.borrow_mut().exec_create(&p.args[0], options);
        let exec_id = match created {
            Ok(id) => id,
            Err(e) => return self.daemon_error(&e).await,
        };
        let started = self.daemon.borrow_mut().exec_start(&exec_id);
        if let Err(e) = started {
            self.err(&format!("{e}\n")).await;
            return self.daemon.borrow().exec(&exec_id).and_then(|e| e.exit_code).unwrap_or(126);
        }
        if detach {
            return 0;
        }
        self.stream_exec(&exec_id, p.bool("interactive")).await;
        poll_fn(|cx| self.daemon.borrow_mut().poll_exec_exit(&exec_id, cx)).await
    }

    /// Copies an exec's output to ours until both its streams end; with `-i`, our input to it.
    pub(super) async fn stream_exec(&self, exec_id: &str, interactive: bool) {
        let mut open = [true, true];
        let mut stdin_open = interactive;
        let mut buf = vec![0u8; 8192];
        let mut inbuf = vec![0u8; 4096];
        enum Event {
            Output(Stream, usize),
            Input(usize),
        }
        while open.iter().any(|&o| o) {
            let event = {
                let mut read = stdin_open.then(|| self.io.read_stdin(&mut inbuf));
                poll_fn(|cx| {
                    for (i, stream) in [Stream::Stdout, Stream::Stderr].into_iter().enumerate() {
                        if open[i] {
                            if let Poll::Ready(n) = self.daemon.borrow_mut().poll_exec_output(exec_id, stream, &mut buf, cx) {
                                return Poll::Ready(Event::Output(stream, n));
                            }
                        }
                    }
                    if let Some(read) = read.as_mut() {
                        if let Poll::Ready(n) = read.as_mut().poll(cx) {
                            return Poll::Ready(Event::Input(n));
                        }
                    }
                    Poll::Pending
                })
                .await
            };
            match event {
                Event::Output(stream, 0) => open[usize::from(stream == Stream::Stderr)] = false,
                Event::Output(stream, n) => self.io.write(stream, &buf[..n]).await,
                Event::Input(0) => {
                    stdin_open = false;
                    let _ = self.daemon.borrow_mut().exec_write_stdin(exec_id, &[]);
                }
                Event::Input(n) => {
                    let _ = self.daemon.borrow_mut().exec_write_stdin(exec_id, &inbuf[..n]);
                }
            }
        }
    }
}
