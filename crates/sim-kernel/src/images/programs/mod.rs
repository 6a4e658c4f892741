//! The programs the stand-in images run: `hello-world`'s `/hello`, `docker/whalesay`'s
//! `cowsay`, busybox's multi-call dispatcher, and servers (nginx, postgres, mysql, mongo,
//! redis, registry) that log like the real ones start up and shut down.
//!
//! **Apps built from source.** `node`, `python3` and `go` run the course's apps (and any app an
//! instructor writes) from the behaviour their sources declare in `wharf:` comments
//! ([`app`]); `npm` and `pip` install packages as directories apps can `require`.
//!
//! **Networking.** nginx serves its document root over HTTP on port 80 ([`http`]); the
//! databases serve their protocols with their clients (`psql`, `mysql`, `redis-cli`,
//! `mongosh`) and a client library for other programs ([`db`]); `registry:2` serves the
//! registry API's read side from the storage the daemon pushes into ([`registry`]);
//! phpMyAdmin logs in to the MySQL server its environment names ([`phpmyadmin`]).

pub mod app;
mod busybox;
pub mod db;
mod golang;
mod greet;
mod http;
mod lang;
mod npm;
mod phpmyadmin;
mod registry;
mod servers;

use crate::program::Programs;

pub use greet::{cowsay_text, HELLO};

/// Adds the images' programs to `p`.
pub fn register(p: &mut Programs) {
    p.register("hello", |proc| Box::pin(greet::hello(proc)));
    p.register("cowsay", |proc| Box::pin(greet::cowsay(proc)));
    p.register("busybox", |proc| Box::pin(busybox::busybox(proc)));
    servers::register(p);
    registry::register(p);
    db::register(p);
    lang::register(p);
    app::register(p);
    phpmyadmin::register(p);
}
