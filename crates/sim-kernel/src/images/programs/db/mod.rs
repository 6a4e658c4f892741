//! The database stand-ins as working servers, with their clients:
//!
//! | image | server (port) | client | data |
//! |---|---|---|---|
//! | `redis` | `redis-server` (6379, RESP) | `redis-cli` | `/data/dump.rdb` |
//! | `postgres` | `postgres` (5432) | `psql` | `$PGDATA` |
//! | `mysql` | `mysqld` (3306) | `mysql` | `/var/lib/mysql` |
//! | `mongo` | `mongod` (27017) | `mongosh` | `/data/db` |
//!
//! PostgreSQL and MySQL share one SQL engine ([`sql`]) with a front end and printer each.
//! Other programs talk to the servers through [`client`]. Each server handles each
//! connection in a forked backend (PostgreSQL's model), sharing the server's data.

pub mod client;
pub mod mongo;
mod mysql;
mod pg;
pub mod redis;
pub mod resp;
mod serve;
mod sqlserver;
#[cfg(test)]
mod tests;
pub mod sql;
pub(crate) mod wire;

use crate::program::Programs;

pub use client::{DbError, Mongo, Redis, Sql};
pub use mongo::doc::{Bson, Doc};
pub use resp::Reply;
pub use sql::{Dialect, QueryResult};

/// Registers the servers and their clients under the names the images' executables give.
pub fn register(p: &mut Programs) {
    p.register("redis-server", |proc| Box::pin(redis::redis_server(proc)));
    p.register("postgres", |proc| Box::pin(pg::postgres(proc)));
    p.register("psql", |proc| Box::pin(pg::psql(proc)));
    p.register("mysqld", |proc| Box::pin(mysql::mysqld(proc)));
    p.register("mysql", |proc| Box::pin(mysql::mysql(proc)));
    p.register("mongod", |proc| Box::pin(mongo::mongod(proc)));
    p.register("mongosh", |proc| Box::pin(mongo::mongosh(proc)));
    p.register("redis-cli", |proc| Box::pin(redis::redis_cli(proc)));
}
