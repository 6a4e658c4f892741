//! `registry:2`'s filesystem storage driver layout, read into and written from a
//! [`MemoryRegistry`]: what a registry container keeps in its volume, so pushed images survive
//! the container's restart and `ls /var/lib/registry` shows what distribution writes.
//!
//! ```text
//! docker/registry/v2/blobs/sha256/<first two hex>/<hex>/data        blob and manifest bytes
//! docker/registry/v2/repositories/<name>/_layers/sha256/<hex>/link  "sha256:<hex>"
//! .../_manifests/revisions/sha256/<hex>/link
//! .../_manifests/tags/<tag>/current/link
//! .../_manifests/tags/<tag>/index/sha256/<hex>/link
//! .../_uploads/
//! ```
//!
//! A repository name may have several parts (`alice/app`): it is every directory holding a
//! `_manifests` directory.

use std::io::Read;

use super::{manifest, MemoryRegistry};
use crate::digest::Digest;
use crate::fs::path::join;
use crate::fs::{Attrs, FileKind, FsError, FsRead, FsWrite};

/// Where the driver's tree starts below the configured root directory.
const V2: &str = "docker/registry/v2";

fn blob_path(root: &str, digest: &Digest) -> String {
    let hex = digest.hex();
    join(root, &format!("{V2}/blobs/sha256/{}/{hex}/data", &hex[..2]))
}

fn repo_path(root: &str, repository: &str) -> String {
    join(root, &format!("{V2}/repositories/{repository}"))
}

fn read_all(fs: &dyn FsRead, path: &str) -> Result<Vec<u8>, FsError> {
    let mut out = Vec::new();
    fs.open(path)?
        .read_to_end(&mut out)
        .map_err(|source| FsError::Io {
            path: path.to_string(),
            source,
        })?;
    Ok(out)
}

fn read_link(fs: &dyn FsRead, path: &str) -> Option<Digest> {
    let text = read_all(fs, path).ok()?;
    String::from_utf8(text).ok()?.trim().parse().ok()
}

fn is_dir(fs: &dyn FsRead, path: &str) -> bool {
    matches!(fs.lstat(path), Ok(Some(m)) if m.kind == FileKind::Dir)
}

/// Reads the registry stored under `root` (the driver's `rootdirectory`). A missing or
/// empty tree is an empty registry; unreadable entries are skipped, as the registry answers
/// `unknown` for them.
pub fn load(fs: &dyn FsRead, root: &str) -> MemoryRegistry {
    let mut registry = MemoryRegistry::new();
    let blobs = join(root, &format!("{V2}/blobs/sha256"));
    for prefix in fs.read_dir(&blobs).unwrap_or_default() {
        for hex in fs.read_dir(&join(&blobs, &prefix)).unwrap_or_default() {
            if let Ok(bytes) = read_all(fs, &format!("{blobs}/{prefix}/{hex}/data")) {
                registry.add_blob(bytes);
            }
        }
    }
    let mut pending = vec![String::new()];
    let repositories = join(root, &format!("{V2}/repositories"));
    while let Some(name) = pending.pop() {
        let dir = if name.is_empty() {
            repositories.clone()
        } else {
            join(&repositories, &name)
        };
        if is_dir(fs, &join(&dir, "_manifests")) {
            load_repository(fs, &mut registry, &dir, &name);
        }
        for child in fs.read_dir(&dir).unwrap_or_default() {
            if !child.starts_with('_') && is_dir(fs, &join(&dir, &child)) {
                pending.push(join(&name, &child));
            }
        }
    }
    registry
}

fn load_repository(fs: &dyn FsRead, registry: &mut MemoryRegistry, dir: &str, name: &str) {
    let revisions = format!("{dir}/_manifests/revisions/sha256");
    for hex in fs.read_dir(&revisions).unwrap_or_default() {
        let Some(digest) = read_link(fs, &format!("{revisions}/{hex}/link")) else {
            continue;
        };
        if let Some(bytes) = registry.blob_bytes_of(&digest) {
            registry.add_manifest(name, None, bytes);
        }
    }
    let tags = format!("{dir}/_manifests/tags");
    for tag in fs.read_dir(&tags).unwrap_or_default() {
        if let Some(digest) = read_link(fs, &format!("{tags}/{tag}/current/link")) {
            registry.add_tag(name, &tag, &digest);
        }
    }
}

/// Root-owned, as the registry process (root in its container) creates everything.
fn attrs(mode: u32, mtime: i64) -> Attrs {
    Attrs { mode, uid: 0, gid: 0, mtime }
}

fn mkdir_all(fs: &mut dyn FsWrite, path: &str, attrs: &Attrs) -> Result<(), FsError> {
    let mut at = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        at = join(&at, part);
        if !is_dir(fs, &at) {
            fs.mkdir(&at, attrs)?;
        }
    }
    Ok(())
}

fn write_once(fs: &mut dyn FsWrite, path: &str, bytes: &[u8], mtime: i64) -> Result<(), FsError> {
    if matches!(fs.lstat(path), Ok(Some(_))) {
        return Ok(());
    }
    write(fs, path, bytes, mtime)
}

fn write(fs: &mut dyn FsWrite, path: &str, bytes: &[u8], mtime: i64) -> Result<(), FsError> {
    let (dir, _) = crate::fs::path::split(path);
    mkdir_all(
        fs,
        dir,
        &attrs(0o755, mtime),
    )?;
    fs.write_file(
        path,
        &attrs(0o644, mtime),
        &mut &bytes[..],
    )?;
    Ok(())
}

fn link(digest: &Digest) -> String {
    digest.to_string()
}

/// Writes `registry` under `root` as the filesystem driver stores it: blobs and links that are
/// missing are added (content-addressed files never change), and each tag's `current` link
/// is rewritten to the manifest the tag names now. `mtime` stamps what is new.
pub fn save(
    fs: &mut dyn FsWrite,
    root: &str,
    registry: &MemoryRegistry,
    mtime: i64,
) -> Result<(), FsError> {
    for (digest, bytes) in registry.blobs() {
        write_once(fs, &blob_path(root, digest), bytes, mtime)?;
    }
    for (name, repo) in registry.repositories() {
        let dir = repo_path(root, name);
        mkdir_all(
            fs,
            &format!("{dir}/_uploads"),
            &attrs(0o755, mtime),
        )?;
        for (digest, bytes) in repo.manifests() {
            write_once(fs, &blob_path(root, digest), bytes, mtime)?;
            write_once(
                fs,
                &format!("{dir}/_manifests/revisions/sha256/{}/link", digest.hex()),
                link(digest).as_bytes(),
                mtime,
            )?;
            let Ok(m) = manifest::parse(bytes) else {
                continue;
            };
            for d in std::iter::once(&m.config).chain(&m.layers) {
                write_once(
                    fs,
                    &format!("{dir}/_layers/sha256/{}/link", d.digest.hex()),
                    link(&d.digest).as_bytes(),
                    mtime,
                )?;
            }
        }
        for (tag, digest) in repo.tags() {
            let current = format!("{dir}/_manifests/tags/{tag}/current/link");
            if read_link(fs, &current) != Some(*digest) {
                write(fs, &current, link(digest).as_bytes(), mtime)?;
            }
            write_once(
                fs,
                &format!(
                    "{dir}/_manifests/tags/{tag}/index/sha256/{}/link",
                    digest.hex()
                ),
                link(digest).as_bytes(),
                mtime,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::mem::MemFs;
    use crate::image::oci::{media_type, Descriptor};
    use crate::registry::{ManifestRef, Registry};

    fn pushed() -> (MemoryRegistry, Digest) {
        let mut r = MemoryRegistry::new();
        let config =
            br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#;
        let layer = b"not really a tar".to_vec();
        let config_digest = r.put_blob("alice/app", config).unwrap();
        let layer_digest = r.put_blob("alice/app", &layer).unwrap();
        let m = manifest::write(
            &Descriptor::new(
                media_type::DOCKER_CONFIG,
                config_digest,
                config.len() as u64,
            ),
            &[manifest::layer_descriptor(
                layer_digest,
                layer.len() as u64,
                false,
                None,
            )],
        );
        let digest = r.put_manifest("alice/app", "1.0", &m).unwrap();
        (r, digest)
    }

    #[test]
    fn saved_tree_has_distribution_layout_and_loads_back() {
        let (registry, digest) = pushed();
        let mut fs = MemFs::new();
        save(&mut fs, "var/lib/registry", &registry, 7).unwrap();
        let repo = "var/lib/registry/docker/registry/v2/repositories/alice/app";
        let current = read_all(&fs, &format!("{repo}/_manifests/tags/1.0/current/link")).unwrap();
        assert_eq!(String::from_utf8(current).unwrap(), digest.to_string());
        assert!(is_dir(&fs, &format!("{repo}/_uploads")));
        assert_eq!(
            fs.read_dir(&format!("{repo}/_layers/sha256"))
                .unwrap()
                .len(),
            2,
            "config and layer are linked"
        );
        let hex = digest.hex();
        assert!(fs
            .lstat(&format!(
                "var/lib/registry/docker/registry/v2/blobs/sha256/{}/{hex}/data",
                &hex[..2]
            ))
            .unwrap()
            .is_some());

        let mut back = load(&fs, "var/lib/registry");
        let (bytes, got) = back.manifest("alice/app", ManifestRef::Tag("1.0")).unwrap();
        assert_eq!(got, digest);
        assert_eq!(Digest::of(&bytes), digest);
        assert_eq!(back.catalog(), registry.catalog());
    }

    #[test]
    fn retagging_moves_current_link_only() {
        let (mut registry, first) = pushed();
        let mut fs = MemFs::new();
        save(&mut fs, "", &registry, 1).unwrap();
        let (bytes, _) = registry
            .manifest("alice/app", ManifestRef::Digest(&first))
            .unwrap();
        let other =
            registry.add_manifest("alice/app", Some("1.0"), [bytes.as_slice(), b" "].concat());
        save(&mut fs, "", &registry, 2).unwrap();
        let mut back = load(&fs, "");
        assert_eq!(
            back.manifest("alice/app", ManifestRef::Tag("1.0"))
                .unwrap()
                .1,
            other
        );
        assert!(
            back.manifest("alice/app", ManifestRef::Digest(&first))
                .is_ok(),
            "the old revision stays"
        );
    }

    #[test]
    fn missing_tree_is_an_empty_registry() {
        assert!(load(&MemFs::new(), "nowhere").catalog().is_empty());
    }
}
