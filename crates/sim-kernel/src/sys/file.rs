//! File descriptors: open, read, write, close, dup, pipe.

use std::task::Poll;

use wharf_engine::fs::{Attrs, FileKind};

use super::Proc;
use crate::errno::Errno;
use crate::io::{Device, FileObj, FileRef, OpenFile, Pipe};
use crate::machine::Machine;
use crate::synth;

/// How to open a file, as `open(2)`'s flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OpenFlags {
    /// `O_RDONLY` or `O_RDWR`.
    pub read: bool,
    /// `O_WRONLY` or `O_RDWR`.
    pub write: bool,
    /// `O_CREAT`.
    pub create: bool,
    /// `O_EXCL`: fail if it exists.
    pub exclusive: bool,
    /// `O_TRUNC`.
    pub truncate: bool,
    /// `O_APPEND`.
    pub append: bool,
}

impl OpenFlags {
    /// `O_RDONLY`: `cat file`, `< file`.
    pub const READ: OpenFlags = OpenFlags { read: true, write: false, create: false, exclusive: false, truncate: false, append: false };
    /// `O_WRONLY|O_CREAT|O_TRUNC`: `> file`.
    pub const CREATE: OpenFlags = OpenFlags { read: false, write: true, create: true, exclusive: false, truncate: true, append: false };
    /// `O_WRONLY|O_CREAT|O_APPEND`: `>> file`.
    pub const APPEND: OpenFlags = OpenFlags { read: false, write: true, create: true, exclusive: false, truncate: false, append: true };
    /// `O_WRONLY`: writing an existing file without truncating (cgroup files).
    pub const WRITE: OpenFlags = OpenFlags { read: false, write: true, create: false, exclusive: false, truncate: false, append: false };
}

/// Whether credentials (`uid`, `gid`, `groups`) may access an inode with `mode`, `uid`, `gid`
/// for `want` (a mask of 4 read, 2 write, 1 execute). Root may do anything but execute a file
/// with no execute bit at all.
pub(crate) fn may(creds: &crate::process::Creds, meta: &wharf_engine::fs::Metadata, want: u32) -> bool {
    if creds.has(super::caps::CAP_DAC_OVERRIDE) {
        return want & 1 == 0 || meta.kind == FileKind::Dir || meta.mode & 0o111 != 0;
    }
    let bits = if creds.uid == meta.uid {
        meta.mode >> 6
    } else if creds.gid == meta.gid || creds.groups.contains(&meta.gid) {
        meta.mode >> 3
    } else {
        meta.mode
    } & 7;
    bits & want == want
}

impl Proc {
    /// `open(2)`: returns the lowest free descriptor.
    pub fn open(&self, path: &str, flags: OpenFlags, mode: u32) -> Result<i32, Errno> {
        let file = self.with(|m| open_file(m, self.pid, path, flags, mode))?;
        self.install(file)
    }

    /// Puts an open file at the lowest free descriptor.
    pub fn install(&self, file: FileRef) -> Result<i32, Errno> {
        self.me(|p| {
            let fd = (0..).find(|fd| !p.fds.contains_key(fd)).expect("unbounded range");
            p.fds.insert(fd, file);
            fd
        })
    }

    /// The open file behind a descriptor.
    pub fn file(&self, fd: i32) -> Result<FileRef, Errno> {
        self.me(|p| p.fds.get(&fd).cloned())?.ok_or(Errno::EBADF)
    }

    /// `close(2)`.
    pub fn close(&self, fd: i32) -> Result<(), Errno> {
        let f = self.me(|p| p.fds.remove(&fd))?.ok_or(Errno::EBADF)?;
        drop(f);
        Ok(())
    }

    /// `dup2(2)`: makes `to` refer to what `from` does.
    pub fn dup2(&self, from: i32, to: i32) -> Result<i32, Errno> {
        let f = self.file(from)?;
        let old = self.me(|p| p.fds.insert(to, f))?;
        drop(old);
        Ok(to)
    }

    /// `dup(2)`.
    pub fn dup(&self, fd: i32) -> Result<i32, Errno> {
        let f = self.file(fd)?;
        self.install(f)
    }

    /// `pipe(2)`: (read end, write end).
    pub fn pipe(&self) -> Result<(i32, i32), Errno> {
        let (r, w) = Pipe::pair();
        let r = self.install(OpenFile::new(FileObj::Pipe(r), true, false, false))?;
        let w = self.install(OpenFile::new(FileObj::Pipe(w), false, true, false))?;
        Ok((r, w))
    }

    /// `isatty(3)`.
    pub fn isatty(&self, fd: i32) -> bool {
        self.file(fd).is_ok_and(|f| f.borrow().terminal || matches!(f.borrow().obj, FileObj::Tty(_) | FileObj::Device(Device::Tty)))
    }

    /// `read(2)`: 0 at end of file. Waits on pipes and the terminal.
    pub async fn read(&self, fd: i32, buf: &mut [u8]) -> Result<usize, Errno> {
        let file = self.file(fd)?;
        if !file.borrow().readable {
            return Err(Errno::EBADF);
        }
        self.block(|m, cx| {
            let mut f = file.borrow_mut();
            let offset = f.offset;
            let n = match &mut f.obj {
                FileObj::Pipe(end) | FileObj::Socket(crate::net::Socket { rx: end, .. }) => match end.poll_read(buf, cx) {
                    Poll::Ready(r) => r?,
                    Poll::Pending => return Poll::Pending,
                },
                FileObj::Listener(_) => return Poll::Ready(Err(Errno::EINVAL)),
                FileObj::Tty(tty) => match tty.borrow_mut().poll_read(buf, cx) {
                    Poll::Ready(r) => r?,
                    Poll::Pending => return Poll::Pending,
                },
                FileObj::Device(Device::Null) => 0,
                FileObj::Device(Device::Zero) => {
                    buf.fill(0);
                    buf.len()
                }
                FileObj::Device(Device::Random) => {
                    m.rng.fill(buf);
                    buf.len()
                }
                FileObj::Device(Device::Tty) => {
                    let tty = m.tty.clone();
                    let r = tty.borrow_mut().poll_read(buf, cx);
                    match r {
                        Poll::Ready(r) => r?,
                        Poll::Pending => return Poll::Pending,
                    }
                }
                FileObj::Synthetic { data, .. } => {
                    let start = (offset as usize).min(data.len());
                    let n = buf.len().min(data.len() - start);
                    buf[..n].copy_from_slice(&data[start..start + n]);
                    n
                }
                FileObj::Tree { fs, path } => match m.vfs.fs(*fs)?.kind.tree() {
                    Some(t) => t.read_at(path, offset, buf).map_err(Errno::from)?,
                    None => return Poll::Ready(Err(Errno::EIO)),
                },
            };
            f.offset += n as u64;
            Poll::Ready(Ok(n))
        })
        .await
    }

    /// Reads until end of file.
    ///
    /// The growing buffer is charged to the process's memory (and its cgroups), so reading
    /// an endless input (`tail /dev/zero`) ends in an OOM kill instead of running forever.
    /// Runs of zero bytes are kept as a count until other data or the end arrives: the
    /// simulated process may hold gigabytes of `/dev/zero` without the page allocating them.
    pub async fn read_to_end(&self, fd: i32) -> Result<Vec<u8>, Errno> {
        const CHUNK: usize = 1 << 16;
        static ZEROS: [u8; CHUNK] = [0; CHUNK];
        let (mut out, mut pending_zeros, mut chunks) = (Vec::new(), 0usize, 0u32);
        let mut buf = vec![0u8; CHUNK];
        let result = loop {
            let n = match self.read(fd, &mut buf).await {
                Ok(0) => break Ok(()),
                Ok(n) => n,
                Err(e) => break Err(e),
            };
            if let Err(e) = self.alloc(n as u64) {
                break Err(e);
            }
            if buf[..n] == ZEROS[..n] {
                pending_zeros += n;
            } else {
                out.resize(out.len() + pending_zeros, 0);
                pending_zeros = 0;
                out.extend_from_slice(&buf[..n]);
            }
            // Only long reads pass the CPU on: short ones keep existing timings unchanged.
            chunks += 1;
            if chunks % 16 == 0 {
                if let Err(e) = self.checkpoint().await {
                    break Err(e);
                }
            }
        };
        self.free((out.len() + pending_zeros) as u64);
        result?;
        out.resize(out.len() + pending_zeros, 0);
        Ok(out)
    }

    /// `write(2)`: may write less than asked to a full pipe. Writing to a pipe with no reader
    /// fails with `EPIPE` and sends the process SIGPIPE, as on Linux.
    pub async fn write(&self, fd: i32, data: &[u8]) -> Result<usize, Errno> {
        let file = self.file(fd)?;
        if !file.borrow().writable {
            return Err(Errno::EBADF);
        }
        let now = self.now();
        let r = self
            .block(|m, cx| {
                let mut f = file.borrow_mut();
                let (offset, append) = (f.offset, f.append);
                let n = match &mut f.obj {
                    FileObj::Pipe(end) | FileObj::Socket(crate::net::Socket { tx: end, .. }) => match end.poll_write(data, cx) {
                        Poll::Ready(r) => r?,
                        Poll::Pending => return Poll::Pending,
                    },
                    FileObj::Listener(_) => return Poll::Ready(Err(Errno::EINVAL)),
                    FileObj::Tty(tty) => {
                        tty.borrow_mut().write(data);
                        data.len()
                    }
                    FileObj::Device(Device::Tty) => {
                        m.tty.borrow_mut().write(data);
                        data.len()
                    }
                    FileObj::Device(_) => data.len(),
                    FileObj::Synthetic { fs, inner, .. } => {
                        let (fs, inner) = (*fs, inner.clone());
                        synth::write(m, fs, &inner, data, self.pid)?;
                        data.len()
                    }
                    FileObj::Tree { fs, path } => {
                        let Some(t) = m.vfs.fs_mut(*fs)?.kind.tree_mut() else { return Poll::Ready(Err(Errno::EIO)) };
                        let at = if append { t.lstat(path).ok().flatten().map_or(0, |md| md.size) } else { offset };
                        t.write_at(path, at, data).map_err(Errno::from)?;
                        if let Ok(Some(md)) = t.lstat(path) {
                            let _ = t.set_attrs(path, &Attrs { mtime: now / 1_000_000_000, ..md.attrs() });
                        }
                        f.offset = at;
                        data.len()
                    }
                };
                f.offset += n as u64;
                Poll::Ready(Ok(n))
            })
            .await;
        if r == Err(Errno::EPIPE) {
            self.with(|m| m.signal(None, self.pid, crate::signal::SIGPIPE)).ok();
        }
        r
    }

    /// Writes all of `data`.
    pub async fn write_all(&self, fd: i32, mut data: &[u8]) -> Result<(), Errno> {
        while !data.is_empty() {
            let n = self.write(fd, data).await?;
            data = &data[n..];
        }
        Ok(())
    }

    /// Writes a string to standard output, ignoring errors (like `printf` ignoring `EPIPE`
    /// after SIGPIPE was handled).
    pub async fn print(&self, s: &str) {
        let _ = self.write_all(1, s.as_bytes()).await;
    }

    /// Writes a string to standard error.
    pub async fn eprint(&self, s: &str) {
        let _ = self.write_all(2, s.as_bytes()).await;
    }
}

/// Opens `path` for process `pid`: the shared part of `open(2)`.
pub(crate) fn open_file(m: &mut Machine, pid: u32, path: &str, flags: OpenFlags, mode: u32) -> Result<FileRef, Errno> {
    let res = m.resolve(pid, path, true)?;
    let (ns, creds, umask, now) = {
        let p = m.proc(pid)?;
        (p.ns.mnt, p.creds.clone(), p.umask, m.clock.now())
    };
    let meta = m.lstat_abs(ns, &res.path, Some(pid))?;
    let meta = match meta {
        Some(_) if flags.create && flags.exclusive => return Err(Errno::EEXIST),
        Some(md) => {
            let want = if flags.read { 4 } else { 0 } | if flags.write { 2 } else { 0 };
            if !may(&creds, &md, want) {
                return Err(Errno::EACCES);
            }
            if md.kind == FileKind::Dir && flags.write {
                return Err(Errno::EISDIR);
            }
            md
        }
        None if flags.create => {
            let (parent, _) = res.path.rsplit_once('/').unwrap_or(("", ""));
            let parent_meta = m.lstat_abs(ns, if parent.is_empty() { "/" } else { parent }, Some(pid))?.ok_or(Errno::ENOENT)?;
            if !may(&creds, &parent_meta, 3) {
                return Err(Errno::EACCES);
            }
            let (tree, inner) = m.tree_mut(ns, &res.path)?;
            let attrs = Attrs { mode: mode & !umask & 0o7777, uid: creds.uid, gid: creds.gid, mtime: now / 1_000_000_000 };
            tree.write_file(&inner, &attrs, &mut std::io::empty()).map_err(Errno::from)?;
            tree.lstat(&inner).map_err(Errno::from)?.ok_or(Errno::EIO)?
        }
        None => return Err(Errno::ENOENT),
    };
    let (mount, inner) = m.vfs.locate(ns, &res.path);
    let (fs_id, readonly) = (mount.fs, mount.readonly);
    if readonly && flags.write {
        return Err(Errno::EROFS);
    }
    let kind = &m.vfs.fs(fs_id)?.kind;
    let obj = match kind.tree() {
        Some(_) if meta.kind == FileKind::CharDevice => FileObj::Device(Device::from_rdev(meta.rdev).ok_or(Errno::EIO)?),
        Some(_) => FileObj::Tree { fs: fs_id, path: inner },
        None => {
            let data = if flags.read { synth::read(m, kind, &inner, Some(pid))? } else { Vec::new() };
            FileObj::Synthetic { path: res.path.clone(), fs: fs_id, inner, data }
        }
    };
    if flags.truncate && flags.write && meta.kind == FileKind::File {
        if let FileObj::Tree { fs, path } = &obj {
            if let Some(t) = m.vfs.fs_mut(*fs)?.kind.tree_mut() {
                t.truncate(path, 0).map_err(Errno::from)?;
            }
        }
    }
    Ok(OpenFile::new(obj, flags.read, flags.write, flags.append))
}
