//! The MySQL stand-in: `mysqld` and the `mysql` client.

mod client;
mod print;
mod server;

pub use client::mysql;
pub use server::mysqld;
