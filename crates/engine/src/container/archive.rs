//! The tar archives `docker cp` moves between a container and the client's machine (the
//! Engine API's `/containers/{id}/archive`), and where a copy lands (docker's
//! `archive.CopyInfoDestinationPath` rules, reduced to what the CLI's `cp` needs).
//!
//! An archive holds one entry named for where it goes (a file, or a directory with its
//! contents), or, for `SRC/.`, a directory's contents alone. Both kernels' clients pack and
//! unpack through these two functions, so the tars are the same everywhere.

use crate::fs::copy::{copy_into, snapshot_as, snapshot_dir};
use crate::fs::mem::MemFs;
use crate::fs::{FsError, FsRead, FsWrite};
use crate::image::layer::{self, ApplyMode, ApplyOptions};

/// Packs what is at `path` in `src` as a tar whose single entry is `name`, or the contents
/// of the directory at `path` when `name` is empty.
pub fn pack(src: &dyn FsRead, path: &str, name: &str) -> Result<Vec<u8>, FsError> {
    let tree = if name.is_empty() { snapshot_dir(src, path)? } else { snapshot_as(src, path, name)? };
    let mut out = Vec::new();
    layer::create_from_tree(&tree, &mut out).map_err(|e| FsError::Io { path: path.to_string(), source: std::io::Error::other(e.to_string()) })?;
    Ok(out)
}

/// Unpacks `tar` (from [`pack`]) into the directory `dir` of `dst`, replacing what is there
/// under the same names.
pub fn unpack(tar: &[u8], dst: &mut dyn FsWrite, dir: &str) -> Result<u64, FsError> {
    let mut tree = MemFs::new();
    layer::apply(&mut &tar[..], &mut tree, &ApplyOptions::new(ApplyMode::Flatten)).map_err(|e| FsError::Io { path: dir.to_string(), source: std::io::Error::other(e.to_string()) })?;
    copy_into(&tree, dst, dir)
}

/// Where `docker cp SRC DST` puts its copy: the directory to unpack into and the name the
/// copy takes there ("" for `SRC/.`, whose contents go in directly). `dst_is_dir` says what
/// is at `dst` (`None`: nothing).
pub fn destination(src: &str, dst: &str, dst_is_dir: Option<bool>) -> (String, String) {
    let src_base = base(src);
    let contents_only = src.ends_with("/.") || src == ".";
    match dst_is_dir {
        Some(true) => (dst.to_string(), if contents_only { String::new() } else { src_base }),
        _ => {
            let trimmed = dst.trim_end_matches('/');
            let (parent, name) = match trimmed.rfind('/') {
                Some(0) => ("/".to_string(), trimmed[1..].to_string()),
                Some(i) => (trimmed[..i].to_string(), trimmed[i + 1..].to_string()),
                None => (".".to_string(), trimmed.to_string()),
            };
            (parent, name)
        }
    }
}

/// The last name of a path, ignoring trailing `/` and `/.`.
pub fn base(path: &str) -> String {
    let p = path.trim_end_matches("/.").trim_end_matches('/');
    p.rsplit('/').next().unwrap_or(p).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::Attrs;

    #[test]
    fn copies_land_where_docker_cp_puts_them() {
        assert_eq!(destination("/etc/hosts", "/tmp", Some(true)), ("/tmp".into(), "hosts".into()));
        assert_eq!(destination("/etc/hosts", "/tmp/h", None), ("/tmp".into(), "h".into()));
        assert_eq!(destination("/data/.", "/tmp", Some(true)), ("/tmp".into(), String::new()));
        assert_eq!(destination("/dir/", "copy", None), (".".into(), "copy".into()));
        assert_eq!(base("/a/dir/"), "dir");
    }

    #[test]
    fn a_packed_directory_unpacks_under_its_new_name() {
        let mut src = MemFs::new();
        src.mkdir("d", &Attrs::root(0o755)).unwrap();
        src.write_file("d/f", &Attrs::root(0o644), &mut &b"x"[..]).unwrap();
        let tar = pack(&src, "d", "renamed").unwrap();
        let mut dst = MemFs::new();
        unpack(&tar, &mut dst, "").unwrap();
        assert_eq!(dst.read_dir("renamed").unwrap(), ["f"]);
    }
}
