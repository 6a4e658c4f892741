//! Shared helpers for wharf's cross-crate tests (see `tests/README.md`).
