//! The build context: the tree the client sends, as a tar, and the client's progress line.

use std::io::Read;

use crate::cli::units::human_size_4;
use crate::fs::mem::MemFs;
use crate::fs::FsRead;
use crate::image::layer::{self, ApplyMode, ApplyOptions, LayerError};

/// The files a build may COPY/ADD from, and where the Dockerfile is read.
pub struct BuildContext {
    tree: MemFs,
    size: u64,
}

impl BuildContext {
    /// Unpacks the context tar the client sent (what `POST /build` receives). Unsafe names
    /// (absolute, escaping `..`) are refused like a hostile layer's.
    pub fn from_tar(tar: &[u8]) -> Result<BuildContext, LayerError> {
        let mut tree = MemFs::new();
        layer::apply(&mut &tar[..], &mut tree, &ApplyOptions::new(ApplyMode::Flatten))?;
        Ok(BuildContext { tree, size: tar.len() as u64 })
    }

    /// A context from a tree already in memory (`size`: the bytes of its tar).
    pub fn from_tree(tree: MemFs, size: u64) -> BuildContext {
        BuildContext { tree, size }
    }

    /// The size of the tar, for [`sending_context_line`].
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The tree.
    pub fn tree(&self) -> &MemFs {
        &self.tree
    }

    /// What dockerd does after reading the Dockerfile: if the context's `.dockerignore`
    /// matches `.dockerignore` or the Dockerfile, they leave the context (the CLI sent them
    /// only so the daemon could read them), so `COPY . /src` does not copy them.
    pub fn remove_ignored_build_files(&mut self, dockerfile: &str) {
        let Some(text) = self.read(".dockerignore") else { return };
        let ignore = super::DockerIgnore::parse(&String::from_utf8_lossy(&text));
        for f in [".dockerignore", dockerfile] {
            if let Some(path) = crate::fs::path::normalize(f.trim_start_matches('/')) {
                if ignore.excludes(&path) {
                    let _ = crate::fs::FsWrite::remove(&mut self.tree, &path);
                }
            }
        }
    }

    /// The contents of the regular file at `path` (relative, `./` allowed), if there is one.
    pub fn read(&self, path: &str) -> Option<Vec<u8>> {
        let path = crate::fs::path::normalize(path.trim_start_matches('/'))?;
        let mut out = Vec::new();
        self.tree.open(&path).ok()?.read_to_end(&mut out).ok()?;
        Some(out)
    }
}

/// The line the docker CLI prints once the context is uploaded: go-units' size of the tar,
/// right-aligned in 8 columns, ending as the reference captures it (`\r\r\n`: the progress
/// writer's carriage return, then the final update's).
///
/// ```
/// # use wharf_engine::build::exec::sending_context_line;
/// assert_eq!(sending_context_line(4608), "Sending build context to Docker daemon  4.608kB\r\r\n");
/// assert_eq!(sending_context_line(5120), "Sending build context to Docker daemon   5.12kB\r\r\n");
/// ```
pub fn sending_context_line(tar_size: u64) -> String {
    format!("Sending build context to Docker daemon {:>8}\r\r\n", human_size_4(tar_size))
}
