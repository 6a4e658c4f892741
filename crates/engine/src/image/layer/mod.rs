//! Layer tarballs: apply a changeset to a tree, and create one from a tree or a diff.
