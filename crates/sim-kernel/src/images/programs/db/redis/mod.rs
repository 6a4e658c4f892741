//! The Redis stand-in: the keyspace ([`store`]), `redis-server` and `redis-cli`.

mod cli;
mod server;
pub mod store;

pub use cli::redis_cli;
pub use server::redis_server;
