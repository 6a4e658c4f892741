//! Extended attributes of a node named by a `/proc/self/fd/...` path (see the parent module):
//! the `l*` calls when the last component must not be followed, the plain ones for the root's
//! own magic link.

use rustix::fs as rfs;
use rustix::io::Errno;
use wharf_engine::fs::FsError;

use super::sys::fs_err;

/// Every xattr of the node at `path`, sorted by name. `shown` is the tree path for errors.
/// A filesystem without xattrs has none.
pub(super) fn list(path: &str, follow: bool, shown: &str) -> Result<Vec<(String, Vec<u8>)>, FsError> {
    let names = loop {
        let size = if follow { rfs::listxattr_query(path) } else { rfs::llistxattr_query(path) };
        let size = match size {
            Ok(n) => n,
            Err(Errno::NOTSUP) => return Ok(Vec::new()),
            Err(e) => return Err(fs_err(e, shown)),
        };
        let mut buf = vec![0u8; size];
        let got = if follow { rfs::listxattr(path, &mut buf[..]) } else { rfs::llistxattr(path, &mut buf[..]) };
        match got {
            Ok(n) => {
                buf.truncate(n);
                break buf;
            }
            // It grew between the two calls.
            Err(Errno::RANGE) => continue,
            Err(e) => return Err(fs_err(e, shown)),
        }
    };
    let mut out = Vec::new();
    for raw in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = std::str::from_utf8(raw).map_err(|_| FsError::InvalidPath(format!("{shown}: xattr name")))?;
        if let Some(value) = get(path, follow, name, shown)? {
            out.push((name.to_string(), value));
        }
    }
    out.sort();
    Ok(out)
}

/// One xattr's value, or `None` if it went away meanwhile.
fn get(path: &str, follow: bool, name: &str, shown: &str) -> Result<Option<Vec<u8>>, FsError> {
    loop {
        let size = if follow { rfs::getxattr_query(path, name) } else { rfs::lgetxattr_query(path, name) };
        let size = match size {
            Ok(n) => n,
            Err(Errno::NODATA) => return Ok(None),
            Err(e) => return Err(fs_err(e, shown)),
        };
        let mut buf = vec![0u8; size];
        let got = if follow { rfs::getxattr(path, name, &mut buf[..]) } else { rfs::lgetxattr(path, name, &mut buf[..]) };
        match got {
            Ok(n) => {
                buf.truncate(n);
                return Ok(Some(buf));
            }
            Err(Errno::RANGE) => continue,
            Err(Errno::NODATA) => return Ok(None),
            Err(e) => return Err(fs_err(e, shown)),
        }
    }
}

/// Sets one xattr on the node at `path`.
pub(super) fn set(path: &str, follow: bool, name: &str, value: &[u8], shown: &str) -> Result<(), FsError> {
    let flags = rfs::XattrFlags::empty();
    let r = if follow { rfs::setxattr(path, name, value, flags) } else { rfs::lsetxattr(path, name, value, flags) };
    r.map_err(|e| fs_err(e, shown))
}
