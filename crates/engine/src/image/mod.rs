//! Images: references, the content store, OCI types, layers, and `docker save`/OCI archives.

pub mod archive;
pub mod db;
pub mod layer;
pub mod oci;
pub mod reference;
pub mod store;
