//! Where a pack's files come from: a directory natively, a map of open files in the browser
//! (an instructor's pack opened from disk, reloaded on every edit).

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Read access to the files of one pack, by path relative to its directory (`/`-separated).
pub trait Source {
    /// The file's text, or `None` when it does not exist or is not UTF-8.
    fn read(&self, path: &str) -> Option<String>;
}

/// A pack held in memory: path → text.
#[derive(Clone, Debug, Default)]
pub struct MemSource(pub BTreeMap<String, String>);

impl Source for MemSource {
    fn read(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

/// A pack directory on disk.
#[derive(Clone, Debug)]
pub struct DirSource(pub PathBuf);

impl Source for DirSource {
    fn read(&self, path: &str) -> Option<String> {
        // Packs name files beside `pack.toml`; a path climbing out is refused, not read.
        if path.split('/').any(|c| c == "..") || path.starts_with('/') {
            return None;
        }
        std::fs::read_to_string(self.0.join(path)).ok()
    }
}
