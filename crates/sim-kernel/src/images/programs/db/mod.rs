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
pub mod resp;
pub mod sql;
mod wire;

pub use client::{DbError, Mongo, Redis, Sql};
pub use mongo::doc::{Bson, Doc};
pub use resp::Reply;
pub use sql::{Dialect, QueryResult};
