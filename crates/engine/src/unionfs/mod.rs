//! The union filesystem model: lower layers and an upper layer with overlayfs semantics.
