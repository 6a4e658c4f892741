//! `stop`, `restart`, `kill`, `rm`, `pause`/`unpause`, `rename` and `wait`: each asks the
//! daemon, waits where docker waits, and prints the names given, as docker does.

use std::future::poll_fn;

use super::Client;
use crate::cli::grammar::Parsed;
use crate::daemon::{ApiError, WaitCondition};

impl Client<'_> {
    /// Waits until `name` satisfies `condition`; its exit code.
    async fn wait_for(&self, name: &str, condition: WaitCondition) -> Result<i32, ApiError> {
        let ticket = self.daemon.borrow_mut().wait_start(name, condition)?;
        Ok(poll_fn(|cx| self.daemon.borrow_mut().poll_wait(ticket, cx)).await)
    }

    /// Runs `op` on every argument, printing each name that succeeded and each error;
    /// exit 1 if any failed.
    async fn each<F>(&self, names: &[String], mut op: F) -> i32
    where
        F: AsyncFnMut(&str) -> Result<(), ApiError>,
    {
        let mut code = 0;
        for name in names {
            match op(name).await {
                Ok(()) => self.out(&format!("{name}\n")).await,
                Err(e) => code = self.daemon_error(&e).await,
            }
        }
        code
    }

    async fn stop_one(&self, name: &str, timeout: Option<i64>) -> Result<(), ApiError> {
        self.daemon.borrow_mut().container_stop(name, timeout)?;
        self.wait_for(name, WaitCondition::NotRunning).await.map(|_| ())
    }

    /// `docker stop [-t N]`.
    pub(super) async fn stop(&self, p: &Parsed) -> i32 {
        let timeout = p.has("time").then(|| p.int("time"));
        self.each(&p.args, async |name| self.stop_one(name, timeout).await).await
    }

    /// `docker restart [-t N]`: stop, then start.
    pub(super) async fn restart(&self, p: &Parsed) -> i32 {
        let timeout = p.has("time").then(|| p.int("time"));
        self.each(&p.args, async |name| {
            self.stop_one(name, timeout).await?;
            self.daemon.borrow_mut().container_start(name)
        })
        .await
    }

    /// `docker kill [-s SIGNAL]`.
    pub(super) async fn kill(&self, p: &Parsed) -> i32 {
        let signal = p.string("signal").to_string();
        self.each(&p.args, async |name| self.daemon.borrow_mut().container_kill(name, &signal)).await
    }

    /// `docker pause` / `docker unpause`.
    pub(super) async fn pause(&self, p: &Parsed, pause: bool) -> i32 {
        self.each(&p.args, async |name| self.daemon.borrow_mut().container_pause(name, pause)).await
    }

    /// `docker rm [-f] [-v]`.
    pub(super) async fn rm(&self, p: &Parsed) -> i32 {
        let force = p.bool("force");
        let volumes = p.bool("volumes");
        self.each(&p.args, async |name| {
            let ticket = self.daemon.borrow_mut().wait_start(name, WaitCondition::Removed)?;
            self.daemon.borrow_mut().container_remove_with_volumes(name, force, volumes)?;
            poll_fn(|cx| self.daemon.borrow_mut().poll_wait(ticket, cx)).await;
            Ok(())
        })
        .await
    }

    /// `docker rename OLD NEW`: silent on success.
    pub(super) async fn rename(&self, p: &Parsed) -> i32 {
        let result = self.daemon.borrow_mut().container_rename(&p.args[0], &p.args[1]);
        match result {
            Ok(()) => 0,
            Err(e) => self.daemon_error(&e).await,
        }
    }

    /// `docker wait CONTAINER...`: each exit code once it stops.
    pub(super) async fn wait(&self, p: &Parsed) -> i32 {
        let mut code = 0;
        for name in &p.args {
            match self.wait_for(name, WaitCondition::NotRunning).await {
                Ok(exit) => self.out(&format!("{exit}\n")).await,
                Err(e) => code = self.daemon_error(&e).await,
            }
        }
        code
    }
}
