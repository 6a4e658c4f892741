//! One tar entry's header, decoded and checked: the only view of the tar that `apply` acts on.
//!
//! The `tar` crate has already folded GNU long names and PAX `path`, `linkpath`, `size`, `uid`
//! and `gid` into the entry; this adds PAX `mtime` and `SCHILY.xattr.*` (the xattr encoding of
//! Go's `archive/tar`, hence Docker's), and refuses what no layer may carry.

use std::io::Read;

use super::LayerError;
use crate::fs::Attrs;

/// The PAX record prefix Go's `archive/tar` (and so Docker) stores xattrs under.
pub(crate) const PAX_XATTR: &str = "SCHILY.xattr.";

/// Xattr namespaces overlayfs reads its own metadata from (opaque dirs, redirects, origins).
/// A tar that sets them could forge whiteouts, so they are never applied nor emitted.
pub(crate) const OVERLAY_XATTR_PREFIXES: [&str; 2] = ["trusted.overlay.", "user.overlay."];

/// Whether `name` is an overlayfs xattr.
pub(crate) fn is_overlay_xattr(name: &str) -> bool {
    OVERLAY_XATTR_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// What an entry creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    File,
    Dir,
    Symlink,
    HardLink,
    CharDevice,
    BlockDevice,
    Fifo,
    /// A PAX global header: metadata for the archive, ignored (as Docker does).
    GlobalHeader,
}

/// A decoded entry header.
#[derive(Debug)]
pub(crate) struct EntryHeader {
    /// The name exactly as the tar gives it, for error messages.
    pub name: String,
    pub kind: Kind,
    /// Symlink or hard link target, as written.
    pub link: Option<String>,
    pub attrs: Attrs,
    pub rdev: (u32, u32),
    /// Data bytes that follow the header.
    pub size: u64,
    pub xattrs: Vec<(String, Vec<u8>)>,
}

fn bad(name: &str, reason: impl Into<String>) -> LayerError {
    LayerError::BadHeader { entry: name.to_string(), reason: reason.into() }
}

/// Decodes `entry`'s header. Refuses non-UTF-8 names and targets, unsupported types,
/// out-of-range ids and times, and overlayfs xattrs.
pub(crate) fn parse<R: Read>(entry: &mut tar::Entry<'_, R>) -> Result<EntryHeader, LayerError> {
    let raw_name = entry.path_bytes().into_owned();
    let name = match String::from_utf8(raw_name) {
        Ok(n) => n,
        Err(e) => {
            let entry = String::from_utf8_lossy(e.as_bytes()).into_owned();
            return Err(LayerError::NotUtf8 { entry, what: "name" });
        }
    };
    if name.contains('\0') {
        return Err(bad(&name, "name contains a nul byte"));
    }
    let link = match entry.link_name_bytes() {
        None => None,
        Some(bytes) => match std::str::from_utf8(&bytes) {
            Ok(s) => Some(s.to_string()),
            Err(_) => return Err(LayerError::NotUtf8 { entry: name, what: "link target" }),
        },
    };
    let header = entry.header();
    let type_flag = header.entry_type().as_byte();
    let kind = match type_flag {
        b'0' | b'7' => Kind::File,
        b'\0' if name.ends_with('/') => Kind::Dir,
        b'\0' => Kind::File,
        b'1' => Kind::HardLink,
        b'2' => Kind::Symlink,
        b'3' => Kind::CharDevice,
        b'4' => Kind::BlockDevice,
        b'5' => Kind::Dir,
        b'6' => Kind::Fifo,
        b'g' => Kind::GlobalHeader,
        other => return Err(LayerError::UnsupportedType { entry: name, kind: other as char }),
    };
    if kind == Kind::GlobalHeader {
        let attrs = Attrs::root(0);
        return Ok(EntryHeader { name, kind, link, attrs, rdev: (0, 0), size: entry.size(), xattrs: Vec::new() });
    }
    let old = header.as_old();
    let mode = (number(header.mode().map(u64::from), &old.mode).ok_or_else(|| bad(&name, "invalid mode field"))? & 0o7777) as u32;
    let id = |v: std::io::Result<u64>, field: &[u8], what: &str| -> Result<u32, LayerError> {
        let v = number(v, field).ok_or_else(|| bad(&name, format!("invalid {what} field")))?;
        u32::try_from(v).map_err(|_| bad(&name, format!("{what} {v} is out of range")))
    };
    let uid = id(header.uid(), &old.uid, "uid")?;
    let gid = id(header.gid(), &old.gid, "gid")?;
    let header_mtime = number(header.mtime(), &old.mtime).ok_or_else(|| bad(&name, "invalid mtime field"))?;
    let rdev = match kind {
        Kind::CharDevice | Kind::BlockDevice => {
            let major = header.device_major().map_err(|_| bad(&name, "invalid device major"))?;
            let minor = header.device_minor().map_err(|_| bad(&name, "invalid device minor"))?;
            (major.unwrap_or(0), minor.unwrap_or(0))
        }
        _ => (0, 0),
    };
    if (kind == Kind::HardLink || kind == Kind::Symlink) && link.is_none() {
        return Err(bad(&name, "link entry without a target"));
    }

    let mut mtime = i64::try_from(header_mtime).map_err(|_| bad(&name, format!("mtime {header_mtime} is out of range")))?;
    let mut xattrs = Vec::new();
    if let Some(pax) = entry.pax_extensions().map_err(LayerError::Read)? {
        for ext in pax {
            let ext = ext.map_err(|_| bad(&name, "malformed pax record"))?;
            let key = ext.key().map_err(|_| bad(&name, "pax record key is not utf-8"))?;
            if key == "mtime" {
                mtime = parse_pax_time(ext.value_bytes()).ok_or_else(|| bad(&name, "invalid pax mtime"))?;
            } else if let Some(xattr) = key.strip_prefix(PAX_XATTR) {
                if is_overlay_xattr(xattr) {
                    return Err(LayerError::ForbiddenXattr { entry: name, name: xattr.to_string() });
                }
                if xattr.is_empty() || xattr.contains('\0') {
                    return Err(bad(&name, "invalid xattr name"));
                }
                xattrs.push((xattr.to_string(), ext.value_bytes().to_vec()));
            }
        }
    }
    let attrs = Attrs { mode, uid, gid, mtime };
    Ok(EntryHeader { name, kind, link, attrs, rdev, size: entry.size(), xattrs })
}

/// A numeric header field as the `tar` crate read it, except that a field of only NULs and
/// spaces is 0, as Go's `archive/tar` and GNU tar read it (the `tar` crate refuses it).
fn number(parsed: std::io::Result<u64>, raw: &[u8]) -> Option<u64> {
    match parsed {
        Ok(v) => Some(v),
        Err(_) if raw.iter().all(|&b| b == 0 || b == b' ') => Some(0),
        Err(_) => None,
    }
}

/// Parses a PAX time (`"1700000000"`, `"1700000000.25"`, `"-3.5"`) to whole seconds, rounding
/// toward negative infinity as Go does.
fn parse_pax_time(value: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(value).ok()?;
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let secs: i64 = whole.parse().ok()?;
    let has_fraction = frac.bytes().any(|b| b != b'0');
    Some(if whole.starts_with('-') && has_fraction { secs - 1 } else { secs })
}

#[cfg(test)]
mod tests {
    use super::parse_pax_time;

    #[test]
    fn pax_times_round_down_to_seconds() {
        assert_eq!(parse_pax_time(b"1700000000"), Some(1_700_000_000));
        assert_eq!(parse_pax_time(b"1700000000.999"), Some(1_700_000_000));
        assert_eq!(parse_pax_time(b"-3.5"), Some(-4));
        assert_eq!(parse_pax_time(b"-3.000"), Some(-3));
        assert_eq!(parse_pax_time(b"x"), None);
        assert_eq!(parse_pax_time(b"1.2e3"), None);
        assert_eq!(parse_pax_time(b""), None);
    }
}
