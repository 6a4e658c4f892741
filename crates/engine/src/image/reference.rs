//! Image references (`ubuntu`, `localhost:5000/a/b:t@sha256:...`): parsing and normalisation.
