//! The course's example apps (`lessons/docker/apps/`), placed in the simulated host's home
//! directory as `~/apps/NAME/…`, the way a course's project files are cloned before it starts.
//! The same files build and run on real Docker: their behaviour for wharf is in comments.

use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FsWrite};

macro_rules! app_files {
    ($($path:literal),* $(,)?) => {
        /// Each file's path under `apps/` and its bytes.
        pub const FILES: &[(&str, &[u8])] = &[$(($path, include_bytes!(concat!("../../../../../../lessons/docker/apps/", $path)))),*];
    };
}

app_files!(
    "app-mong/Dockerfile",
    "app-mong/index.js",
    "app-mong/package-lock.json",
    "app-mong/package.json",
    "compose-counter/api/Dockerfile",
    "compose-counter/api/index.js",
    "compose-counter/api/package-lock.json",
    "compose-counter/api/package.json",
    "compose-counter/docker-compose.yml",
    "compose-counter/web/Dockerfile",
    "compose-counter/web/package-lock.json",
    "compose-counter/web/package.json",
    "compose-counter/web/src/index.html",
    "compose-counter/web/src/style.css",
    "compose-counter/web/src/web.js",
    "compose-nginx-mysql/docker-compose.yml",
    "compose-nginx-mysql/html/index.html",
    "fastify-app/Dockerfile",
    "fastify-app/index.js",
    "fastify-app/package-lock.json",
    "fastify-app/package.json",
    "incrementor/Dockerfile",
    "incrementor/index.js",
    "node-app/Dockerfile",
    "node-app/index.js",
    "three-tier/api-golang/Dockerfile",
    "three-tier/api-golang/go.mod",
    "three-tier/api-golang/go.sum",
    "three-tier/api-golang/main.go",
    "three-tier/api-node/Dockerfile",
    "three-tier/api-node/package-lock.json",
    "three-tier/api-node/package.json",
    "three-tier/api-node/src/db.js",
    "three-tier/api-node/src/index.js",
    "three-tier/client/Dockerfile",
    "three-tier/client/index.html",
    "three-tier/docker-compose.yml",
);

/// Writes [`FILES`] under `dir` (a path inside `fs`, created if missing), owned by root.
pub fn install(fs: &mut MemFs, dir: &str, mtime: i64) {
    let dir_attrs = Attrs { mode: 0o755, uid: 0, gid: 0, mtime };
    let file_attrs = Attrs { mode: 0o644, ..dir_attrs };
    for (path, bytes) in FILES {
        let full = format!("{dir}/{path}");
        let mut parent = String::new();
        for part in full.split('/').collect::<Vec<_>>().split_last().map_or(&[][..], |(_, init)| init) {
            parent = if parent.is_empty() { (*part).to_string() } else { format!("{parent}/{part}") };
            let _ = fs.mkdir(&parent, &dir_attrs);
        }
        let _ = fs.write_file(&full, &file_attrs, &mut &bytes[..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_course_source_declares_a_valid_behaviour() {
        // Entry points must declare; helper modules (`db.js`) may not, but what they declare
        // must parse.
        let entry = |p: &str| p.ends_with("/index.js") || p.ends_with("/main.go");
        let sources: Vec<_> = FILES.iter().filter(|(p, _)| p.ends_with(".js") || p.ends_with(".go") || p.ends_with(".py")).collect();
        assert!(sources.iter().filter(|(p, _)| entry(p)).count() >= 7);
        for (path, bytes) in sources {
            let text = std::str::from_utf8(bytes).unwrap();
            assert!(!entry(path) || super::super::decl::declares(text), "{path} declares nothing");
            if let Err(e) = super::super::decl::parse(text) {
                panic!("{path}: {e}");
            }
        }
    }

    #[test]
    fn lock_files_and_manifests_are_json() {
        for (path, bytes) in FILES.iter().filter(|(p, _)| p.ends_with(".json")) {
            assert!(serde_json::from_slice::<serde_json::Value>(bytes).is_ok(), "{path}");
        }
    }
}
