//! Tests of layer apply, create and inspect, against [`MemFs`].
//!
//! Tars are built here byte by byte (with the `tar` crate's header encoding only), so hostile
//! names that no well-behaved writer would produce can be written.

mod apply;
mod create;
mod hostile;

use crate::fs::mem::MemFs;
use crate::fs::{FileKind, FsRead};

use super::{ApplyMode, ApplyOptions, LayerError, LayerInfo};

/// One raw tar entry.
#[derive(Clone)]
pub(super) struct Entry {
    name: Vec<u8>,
    flag: u8,
    mode: u32,
    uid: u64,
    gid: u64,
    mtime: u64,
    link: Vec<u8>,
    data: Vec<u8>,
    declared_size: Option<u64>,
    rdev: (u32, u32),
}

impl Entry {
    pub(super) fn new(name: impl AsRef<[u8]>, flag: u8) -> Entry {
        let mode = if flag == b'5' { 0o755 } else { 0o644 };
        Entry {
            name: name.as_ref().to_vec(),
            flag,
            mode,
            uid: 0,
            gid: 0,
            mtime: 1_700_000_000,
            link: Vec::new(),
            data: Vec::new(),
            declared_size: None,
            rdev: (0, 0),
        }
    }
    pub(super) fn mode(mut self, mode: u32) -> Self {
        self.mode = mode;
        self
    }
    pub(super) fn owner(mut self, uid: u64, gid: u64) -> Self {
        (self.uid, self.gid) = (uid, gid);
        self
    }
    pub(super) fn mtime(mut self, mtime: u64) -> Self {
        self.mtime = mtime;
        self
    }
    pub(super) fn link(mut self, target: impl AsRef<[u8]>) -> Self {
        self.link = target.as_ref().to_vec();
        self
    }
    pub(super) fn data(mut self, data: impl AsRef<[u8]>) -> Self {
        self.data = data.as_ref().to_vec();
        self
    }
    /// A size field different from the data that follows.
    pub(super) fn declare_size(mut self, size: u64) -> Self {
        self.declared_size = Some(size);
        self
    }
    pub(super) fn rdev(mut self, major: u32, minor: u32) -> Self {
        self.rdev = (major, minor);
        self
    }
}

/// A tar under construction.
#[derive(Default, Clone)]
pub(super) struct Tar(Vec<u8>);

impl Tar {
    pub(super) fn new() -> Tar {
        Tar::default()
    }
    pub(super) fn dir(self, name: &str) -> Tar {
        self.entry(Entry::new(name, b'5'))
    }
    pub(super) fn file(self, name: &str, data: &str) -> Tar {
        self.entry(Entry::new(name, b'0').data(data))
    }
    pub(super) fn symlink(self, name: &str, target: &str) -> Tar {
        self.entry(Entry::new(name, b'2').link(target).mode(0o777))
    }
    pub(super) fn hardlink(self, name: &str, target: &str) -> Tar {
        self.entry(Entry::new(name, b'1').link(target))
    }

    pub(super) fn entry(mut self, e: Entry) -> Tar {
        let mut h = tar::Header::new_ustar();
        let name = &mut h.as_old_mut().name;
        let n = e.name.len().min(name.len());
        name[..n].copy_from_slice(&e.name[..n]);
        let link = &mut h.as_old_mut().linkname;
        let n = e.link.len().min(link.len());
        link[..n].copy_from_slice(&e.link[..n]);
        h.set_mode(e.mode);
        h.set_uid(e.uid);
        h.set_gid(e.gid);
        h.set_mtime(e.mtime);
        h.set_size(e.declared_size.unwrap_or(e.data.len() as u64));
        h.set_entry_type(tar::EntryType::new(e.flag));
        h.set_device_major(e.rdev.0).expect("ustar");
        h.set_device_minor(e.rdev.1).expect("ustar");
        h.set_cksum();
        self.0.extend_from_slice(h.as_bytes());
        self.0.extend_from_slice(&e.data);
        self.pad();
        self
    }

    /// A PAX extended header for the next entry.
    pub(super) fn pax(self, records: &[(&str, &[u8])]) -> Tar {
        let mut body = Vec::new();
        for (k, v) in records {
            super::create::pax_record(&mut body, k, v);
        }
        self.entry(Entry::new("PaxHeaders.0/x", b'x').data(body))
    }

    /// A GNU long name (`L`) or long link (`K`) entry for the next entry.
    pub(super) fn gnu_long(self, flag: u8, name: &[u8]) -> Tar {
        let mut data = name.to_vec();
        data.push(0);
        let mut t = self;
        let mut h = tar::Header::new_gnu();
        h.as_old_mut().name[..13].copy_from_slice(b"././@LongLink");
        h.set_mode(0o644);
        h.set_size(data.len() as u64);
        h.set_entry_type(tar::EntryType::new(flag));
        h.set_cksum();
        t.0.extend_from_slice(h.as_bytes());
        t.0.extend_from_slice(&data);
        t.pad();
        t
    }

    fn pad(&mut self) {
        while self.0.len() % 512 != 0 {
            self.0.push(0);
        }
    }

    /// The tar with its two end blocks, padded to a 10 KiB record as GNU tar does.
    pub(super) fn bytes(mut self) -> Vec<u8> {
        self.0.extend_from_slice(&[0; 1024]);
        while self.0.len() % 10240 != 0 {
            self.0.push(0);
        }
        self.0
    }

    /// The entries only: no end blocks.
    pub(super) fn unterminated(self) -> Vec<u8> {
        self.0
    }
}

pub(super) fn opts(mode: ApplyMode) -> ApplyOptions {
    ApplyOptions::new(mode)
}

pub(super) fn apply_bytes(tar: &[u8], fs: &mut MemFs, opts: &ApplyOptions) -> Result<LayerInfo, LayerError> {
    super::apply(&mut &tar[..], fs, opts)
}

/// Every path in `fs` with a one-letter kind (`d`, `f`, `l`, `c`, `b`, `p`) and, for files and
/// symlinks, the content or target: `"f etc/passwd=root"`, `"l lib=usr/lib"`.
pub(super) fn listing(fs: &MemFs) -> Vec<String> {
    fs.walk()
        .into_iter()
        .map(|p| {
            let m = fs.lstat(&p).expect("lstat").expect("listed path exists");
            match m.kind {
                FileKind::Dir => format!("d {p}"),
                FileKind::File => format!("f {p}={}", String::from_utf8_lossy(&fs.contents(&p).expect("file"))),
                FileKind::Symlink => format!("l {p}={}", fs.read_link(&p).expect("link")),
                FileKind::CharDevice => format!("c {p}={}:{}", m.rdev.0, m.rdev.1),
                FileKind::BlockDevice => format!("b {p}={}:{}", m.rdev.0, m.rdev.1),
                FileKind::Fifo => format!("p {p}"),
                FileKind::Socket => format!("s {p}"),
            }
        })
        .collect()
}

/// gzip of `data`.
pub(super) fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).expect("gzip");
    enc.finish().expect("gzip")
}
