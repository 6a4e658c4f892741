//! Writing layers: deterministic tars of a whole tree, or of an overlayfs upper directory.
//!
//! The output follows Docker's layer conventions (moby `pkg/archive`, written with Go's
//! `archive/tar` in PAX format), so the same tree always gives the same diff ID:
//!
//! - Entries in depth-first order, each directory's names sorted bytewise, directory before
//!   its contents (Go's `filepath.Walk`); no entry for the root; directory names end in `/`.
//! - USTAR headers where the fields fit (a long ASCII name split into prefix and name), else a
//!   PAX header (`dir/PaxHeaders.0/base`, mode/uid/gid/mtime 0, records sorted by key) with
//!   `path`, `linkpath`, `uid`, `gid`, `mtime` or `size`; mtimes in whole seconds; no uname or
//!   gname; mode is the permission bits with setuid, setgid and sticky.
//! - Xattrs as PAX `SCHILY.xattr.NAME` records, except overlayfs' own (`trusted.overlay.*`,
//!   `user.overlay.*`), which are never emitted. (Docker keeps only `security.capability`;
//!   wharf keeps every other xattr, as containerd does.)
//! - A second path to an already-written non-directory inode is a hard link entry (type `1`,
//!   size 0) naming the first path. Sockets are skipped.
//! - The tar ends with two zero blocks and no further padding, as Go's writer does.
//!
//! From an upper directory ([`create_from_upper`]), as moby's `overlayWhiteoutConverter`:
//! a whiteout (character device 0:0) becomes an empty regular file `.wh.NAME` with mode 0600
//! and the device's owner and mtime; an opaque directory (`trusted.overlay.opaque=y`) is
//! written as usual and followed at once by `DIR/.wh..wh..opq`, an empty regular file with the
//! directory's permission bits and owner, and mtime 0 (Go's zero time in a PAX header).

use std::collections::HashMap;
use std::io::{self, BufWriter, Read, Write};

use super::entry::{is_overlay_xattr, PAX_XATTR};
use super::{LayerDigest, LayerError, OPAQUE_WHITEOUT, WHITEOUT_PREFIX};
use crate::digest::DigestWriter;
use crate::fs::path::{join, split};
use crate::fs::{Attrs, FileKind, FsError, FsRead, Metadata, OPAQUE_XATTR};

const BLOCK: usize = 512;
/// Largest value of an 8-byte octal header field (uid, gid): 7 digits.
const MAX_OCTAL_7: u64 = 0o7777777;
/// Largest value of a 12-byte octal header field (size, mtime): 11 digits.
const MAX_OCTAL_11: u64 = 0o77777777777;

/// Writes the whole tree `src` as a layer tar to `out` (`docker export`, a `FROM scratch`
/// image, `COPY` into an empty layer). Every inode is written as it is, devices included.
pub fn create_from_tree(src: &dyn FsRead, out: &mut dyn Write) -> Result<LayerDigest, LayerError> {
    Creator::new(src, out, false).run()
}

/// Writes an overlayfs upper directory as a layer tar to `out` ("diff an upper dir into a
/// layer": `docker commit`, build steps), turning whiteouts and opaque directories into `.wh.`
/// entries (see the module docs).
pub fn create_from_upper(upper: &dyn FsRead, out: &mut dyn Write) -> Result<LayerDigest, LayerError> {
    Creator::new(upper, out, true).run()
}

struct Creator<'a> {
    src: &'a dyn FsRead,
    out: BufWriter<DigestWriter<&'a mut dyn Write>>,
    upper: bool,
    /// First tar path of each multiply-linked inode.
    links: HashMap<u64, String>,
    size: u64,
    buf: Vec<u8>,
}

/// One entry to write.
struct Record<'r> {
    /// The tar name (directories with their trailing `/`).
    name: &'r str,
    flag: u8,
    attrs: Attrs,
    size: u64,
    link: Option<&'r str>,
    rdev: (u32, u32),
    xattrs: Vec<(String, Vec<u8>)>,
}

impl<'r> Record<'r> {
    fn new(name: &'r str, flag: u8, attrs: Attrs) -> Self {
        Record { name, flag, attrs, size: 0, link: None, rdev: (0, 0), xattrs: Vec::new() }
    }
}

impl<'a> Creator<'a> {
    fn new(src: &'a dyn FsRead, out: &'a mut dyn Write, upper: bool) -> Self {
        let out = BufWriter::with_capacity(256 << 10, DigestWriter::new(out));
        Creator { src, out, upper, links: HashMap::new(), size: 0, buf: vec![0; 64 << 10] }
    }

    fn run(mut self) -> Result<LayerDigest, LayerError> {
        if self.upper && self.is_opaque("")? {
            let root = self.lstat("")?;
            self.write(&Record::new(OPAQUE_WHITEOUT, b'0', opaque_attrs(&root)), None)?;
        }
        self.walk("")?;
        self.out.write_all(&[0; 2 * BLOCK]).map_err(LayerError::Write)?;
        let inner = self.out.into_inner().map_err(|e| LayerError::Write(e.into_error()))?;
        let (diff_id, _, _) = inner.finish();
        Ok(LayerDigest { diff_id, size: self.size })
    }

    fn walk(&mut self, dir: &str) -> Result<(), LayerError> {
        for name in self.src.read_dir(dir).map_err(LayerError::Source)? {
            let path = join(dir, &name);
            let meta = self.lstat(&path)?;
            self.entry(&path, &meta)?;
            if meta.kind == FileKind::Dir {
                self.walk(&path)?;
            }
        }
        Ok(())
    }

    fn entry(&mut self, path: &str, m: &Metadata) -> Result<(), LayerError> {
        if self.upper && m.is_whiteout() {
            let (dir, base) = split(path);
            let name = join(dir, &format!("{WHITEOUT_PREFIX}{base}"));
            return self.write(&Record::new(&name, b'0', Attrs { mode: 0o600, ..m.attrs() }), None);
        }
        if m.kind == FileKind::Socket {
            return Ok(());
        }
        if m.kind != FileKind::Dir && m.nlink > 1 {
            if let Some(first) = self.links.get(&m.ino) {
                let first = first.clone();
                let mut rec = Record::new(path, b'1', m.attrs());
                rec.link = Some(&first);
                return self.write(&rec, None);
            }
            self.links.insert(m.ino, path.to_string());
        }
        let xattrs = self.xattrs(path)?;
        match m.kind {
            FileKind::Dir => {
                let name = format!("{path}/");
                self.write(&Record { xattrs, ..Record::new(&name, b'5', m.attrs()) }, None)?;
                if self.upper && self.is_opaque(path)? {
                    let marker = join(path, OPAQUE_WHITEOUT);
                    self.write(&Record::new(&marker, b'0', opaque_attrs(m)), None)?;
                }
                Ok(())
            }
            FileKind::File => {
                let rec = Record { size: m.size, xattrs, ..Record::new(path, b'0', m.attrs()) };
                let data = self.src.open(path).map_err(LayerError::Source)?;
                self.write(&rec, Some((path, data)))?;
                self.size += m.size;
                Ok(())
            }
            FileKind::Symlink => {
                let target = self.src.read_link(path).map_err(LayerError::Source)?;
                self.write(&Record { link: Some(&target), xattrs, ..Record::new(path, b'2', m.attrs()) }, None)
            }
            FileKind::CharDevice | FileKind::BlockDevice | FileKind::Fifo => {
                let flag = match m.kind {
                    FileKind::CharDevice => b'3',
                    FileKind::BlockDevice => b'4',
                    _ => b'6',
                };
                self.write(&Record { rdev: m.rdev, xattrs, ..Record::new(path, flag, m.attrs()) }, None)
            }
            FileKind::Socket => Ok(()),
        }
    }

    fn lstat(&self, path: &str) -> Result<Metadata, LayerError> {
        self.src.lstat(path).map_err(LayerError::Source)?.ok_or_else(|| LayerError::Source(FsError::NotFound(path.to_string())))
    }

    fn is_opaque(&self, dir: &str) -> Result<bool, LayerError> {
        let xattrs = self.src.xattrs(dir).map_err(LayerError::Source)?;
        Ok(xattrs.iter().any(|(k, v)| k == OPAQUE_XATTR && v == b"y"))
    }

    fn xattrs(&self, path: &str) -> Result<Vec<(String, Vec<u8>)>, LayerError> {
        let mut all = self.src.xattrs(path).map_err(LayerError::Source)?;
        all.retain(|(k, _)| !is_overlay_xattr(k));
        Ok(all)
    }

    /// Writes the (PAX and) USTAR headers of `rec`, then `data` padded to a block.
    fn write(&mut self, rec: &Record<'_>, data: Option<(&str, Box<dyn Read + '_>)>) -> Result<(), LayerError> {
        let (header, pax) = headers(rec);
        if !pax.is_empty() {
            let mut body = Vec::new();
            for (key, value) in &pax {
                pax_record(&mut body, key, value);
            }
            let (dir, base) = split(rec.name.trim_end_matches('/'));
            let name = join(dir, &format!("PaxHeaders.0/{base}"));
            let mut h = tar::Header::new_ustar();
            set_name_field(&mut h, &name);
            fill_numbers(&mut h, 0, 0, 0, 0, body.len() as u64);
            h.set_entry_type(tar::EntryType::XHeader);
            h.set_cksum();
            self.put(h.as_bytes())?;
            self.put(&body)?;
            self.pad(body.len() as u64)?;
        }
        self.put(header.as_bytes())?;
        if let Some((path, mut reader)) = data {
            let mut left = rec.size;
            while left > 0 {
                let want = left.min(self.buf.len() as u64) as usize;
                let n = reader.read(&mut self.buf[..want]).map_err(|e| source_io(path, e))?;
                if n == 0 {
                    return Err(source_io(path, io::Error::new(io::ErrorKind::UnexpectedEof, "file shrank while being read")));
                }
                self.out.write_all(&self.buf[..n]).map_err(LayerError::Write)?;
                left -= n as u64;
            }
            self.pad(rec.size)?;
        }
        Ok(())
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), LayerError> {
        self.out.write_all(bytes).map_err(LayerError::Write)
    }

    fn pad(&mut self, len: u64) -> Result<(), LayerError> {
        let rem = (len % BLOCK as u64) as usize;
        if rem == 0 {
            return Ok(());
        }
        self.put(&[0; BLOCK][..BLOCK - rem])
    }
}

fn source_io(path: &str, source: io::Error) -> LayerError {
    LayerError::Source(FsError::Io { path: path.to_string(), source })
}

/// The attributes of `DIR/.wh..wh..opq`: the directory's permission bits and owner, mtime 0.
fn opaque_attrs(dir: &Metadata) -> Attrs {
    Attrs { mode: dir.mode & 0o777, uid: dir.uid, gid: dir.gid, mtime: 0 }
}

/// The USTAR header of `rec` and the PAX records it needs, sorted by key.
fn headers(rec: &Record<'_>) -> (tar::Header, Vec<(String, Vec<u8>)>) {
    let mut pax: Vec<(String, Vec<u8>)> = Vec::new();
    let mut h = tar::Header::new_ustar();
    if !set_ustar_path(&mut h, rec.name) {
        pax.push(("path".into(), rec.name.as_bytes().to_vec()));
        set_name_field(&mut h, rec.name);
    }
    if let Some(link) = rec.link {
        let fits = link.len() <= 100 && link.is_ascii();
        if !fits {
            pax.push(("linkpath".into(), link.as_bytes().to_vec()));
        }
        let field = &mut h.as_old_mut().linkname;
        let ascii: Vec<u8> = link.bytes().filter(u8::is_ascii).take(field.len()).collect();
        field[..ascii.len()].copy_from_slice(&ascii);
    }
    let mut number = |key: &str, value: u64, max: u64| {
        if value <= max {
            value
        } else {
            pax.push((key.into(), value.to_string().into_bytes()));
            0
        }
    };
    let uid = number("uid", u64::from(rec.attrs.uid), MAX_OCTAL_7);
    let gid = number("gid", u64::from(rec.attrs.gid), MAX_OCTAL_7);
    let size = number("size", rec.size, MAX_OCTAL_11);
    let mtime = match u64::try_from(rec.attrs.mtime) {
        Ok(t) if t <= MAX_OCTAL_11 => t,
        _ => {
            pax.push(("mtime".into(), rec.attrs.mtime.to_string().into_bytes()));
            0
        }
    };
    fill_numbers(&mut h, rec.attrs.mode & 0o7777, uid, gid, mtime, size);
    h.set_entry_type(tar::EntryType::new(rec.flag));
    if let Some(ustar) = h.as_ustar_mut() {
        ustar.set_device_major(rec.rdev.0);
        ustar.set_device_minor(rec.rdev.1);
    }
    for (name, value) in &rec.xattrs {
        pax.push((format!("{PAX_XATTR}{name}"), value.clone()));
    }
    crate::sort::ascending(&mut pax);
    h.set_cksum();
    (h, pax)
}

fn fill_numbers(h: &mut tar::Header, mode: u32, uid: u64, gid: u64, mtime: u64, size: u64) {
    h.set_mode(mode);
    h.set_uid(uid);
    h.set_gid(gid);
    h.set_mtime(mtime);
    h.set_size(size);
}

/// Puts `name` in the USTAR name (and prefix) fields if it fits there, as Go's
/// `splitUSTARPath` does: ASCII only, at most 100 bytes, or split at a `/` into a prefix of
/// at most 155 bytes and a name of at most 100.
fn set_ustar_path(h: &mut tar::Header, name: &str) -> bool {
    if !name.is_ascii() {
        return false;
    }
    let Some(ustar) = h.as_ustar_mut() else { return false };
    if name.len() <= ustar.name.len() {
        ustar.name[..name.len()].copy_from_slice(name.as_bytes());
        return true;
    }
    let mut end = name.len().min(ustar.prefix.len() + 1);
    if name.as_bytes()[end - 1] == b'/' {
        end -= 1;
    }
    let Some(i) = name[..end].rfind('/') else { return false };
    let (prefix, rest) = (&name[..i], &name[i + 1..]);
    if i == 0 || rest.is_empty() || rest.len() > ustar.name.len() || prefix.len() > ustar.prefix.len() {
        return false;
    }
    ustar.prefix[..prefix.len()].copy_from_slice(prefix.as_bytes());
    ustar.name[..rest.len()].copy_from_slice(rest.as_bytes());
    true
}

/// Best-effort name field when PAX carries the real name: its ASCII bytes, truncated.
fn set_name_field(h: &mut tar::Header, name: &str) {
    let field = &mut h.as_old_mut().name;
    let ascii: Vec<u8> = name.bytes().filter(u8::is_ascii).take(field.len()).collect();
    field[..ascii.len()].copy_from_slice(&ascii);
}

/// Appends one PAX record, `"<len> <key>=<value>\n"`, where `<len>` counts the whole record.
pub(super) fn pax_record(out: &mut Vec<u8>, key: &str, value: &[u8]) {
    let rest = key.len() + value.len() + 3; // ' ', '=', '\n'
    let mut len = rest + 1;
    while rest + len.to_string().len() != len {
        len = rest + len.to_string().len();
    }
    out.extend_from_slice(format!("{len} {key}=").as_bytes());
    out.extend_from_slice(value);
    out.push(b'\n');
}
