//! The MongoDB stand-in: documents ([`doc`]), the `mongod` server, and `mongosh` with the
//! bit of JavaScript the course types ([`shell`]) and mongosh's way of printing ([`inspect`]).

pub mod doc;
pub mod inspect;
mod mongosh;
mod server;
pub mod shell;

pub use mongosh::mongosh;
pub use server::mongod;
