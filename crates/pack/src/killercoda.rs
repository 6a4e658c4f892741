//! Imports a Killercoda scenario (`index.json`, step markdown, `verify.sh` scripts) as a pack
//! with one module.
