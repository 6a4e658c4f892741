//! The MongoDB stand-in: documents, the `mongod` server and the `mongosh` shell.

pub mod doc;
