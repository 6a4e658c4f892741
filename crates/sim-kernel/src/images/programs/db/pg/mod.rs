//! The PostgreSQL stand-in: the `postgres` server and `psql`.

mod print;
mod psql;
mod server;

pub use psql::psql;
pub use server::postgres;
