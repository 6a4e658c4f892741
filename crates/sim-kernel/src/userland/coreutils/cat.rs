//! `cat` (with `-n -b -s -E -T -v -A`) and `tee` (with `-a`): the streaming copiers.

use super::args::{HasArg, Spec};
use super::util::{strerror, Io};
use crate::errno::Errno;
use crate::sys::OpenFlags;

/// Opens an input for streaming: `-` is standard input (not closed afterwards).
pub fn open_input(io: &Io, path: &str) -> Result<i32, Errno> {
    if path == "-" {
        return Ok(0);
    }
    if io.p.stat(path)?.kind == wharf_engine::fs::FileKind::Dir {
        return Err(Errno::EISDIR);
    }
    io.p.open(path, OpenFlags::READ, 0)
}

/// Closes what [`open_input`] opened.
pub fn close_input(io: &Io, fd: i32) {
    if fd != 0 {
        let _ = io.p.close(fd);
    }
}

#[derive(Default)]
struct Numbering {
    number: bool,
    nonblank: bool,
    squeeze: bool,
    ends: bool,
    tabs: bool,
    nonprinting: bool,
    line: u64,
    at_line_start: bool,
    blank_run: u32,
}

impl Numbering {
    fn plain(&self) -> bool {
        !(self.number || self.nonblank || self.squeeze || self.ends || self.tabs || self.nonprinting)
    }

    fn feed(&mut self, data: &[u8], out: &mut Vec<u8>) {
        for &b in data {
            if self.at_line_start {
                if b == b'\n' {
                    self.blank_run += 1;
                    if self.squeeze && self.blank_run > 1 {
                        continue;
                    }
                } else {
                    self.blank_run = 0;
                }
                if self.number && !(self.nonblank && b == b'\n') {
                    self.line += 1;
                    out.extend_from_slice(format!("{:>6}\t", self.line).as_bytes());
                }
                self.at_line_start = false;
            }
            match b {
                b'\n' => {
                    if self.ends {
                        out.push(b'$');
                    }
                    out.push(b'\n');
                    self.at_line_start = true;
                }
                b'\t' if self.tabs => out.extend_from_slice(b"^I"),
                b'\t' => out.push(b),
                0..=31 | 127 if self.nonprinting => {
                    out.push(b'^');
                    out.push(if b == 127 { b'?' } else { b + 64 });
                }
                128.. if self.nonprinting => {
                    out.extend_from_slice(b"M-");
                    let c = b - 128;
                    if c < 32 || c == 127 {
                        out.push(b'^');
                        out.push(if c == 127 { b'?' } else { c + 64 });
                    } else {
                        out.push(c);
                    }
                }
                _ => out.push(b),
            }
        }
    }
}

/// `cat [OPTION]... [FILE]...`.
pub async fn cat(mut io: Io) -> i32 {
    let spec = Spec {
        short: "AbeEnstTuv",
        long: &[
            ("show-all", HasArg::No, 'A'),
            ("number-nonblank", HasArg::No, 'b'),
            ("show-ends", HasArg::No, 'E'),
            ("number", HasArg::No, 'n'),
            ("squeeze-blank", HasArg::No, 's'),
            ("show-tabs", HasArg::No, 'T'),
            ("show-nonprinting", HasArg::No, 'v'),
        ],
        stop_at_operand: false,
    };
    let a = match io.args(&spec, "[OPTION]... [FILE]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let mut n = Numbering { at_line_start: true, ..Numbering::default() };
    for (c, _) in &a.opts {
        match c {
            'A' => (n.nonprinting, n.ends, n.tabs) = (true, true, true),
            'b' => (n.number, n.nonblank) = (true, true),
            'e' => (n.nonprinting, n.ends) = (true, true),
            'E' => n.ends = true,
            'n' => n.number = true,
            's' => n.squeeze = true,
            't' => (n.nonprinting, n.tabs) = (true, true),
            'T' => n.tabs = true,
            'v' => n.nonprinting = true,
            _ => {}
        }
    }
    let files = if a.operands.is_empty() { vec!["-".to_string()] } else { a.operands.clone() };
    let mut status = 0;
    let mut buf = vec![0u8; 16384];
    for f in files {
        let fd = match open_input(&io, &f) {
            Ok(fd) => fd,
            Err(e) => {
                let msg = if io.busybox() { format!("can't open '{f}': {}", strerror(e)) } else { format!("{f}: {}", strerror(e)) };
                io.err(&msg).await;
                status = 1;
                continue;
            }
        };
        loop {
            match io.p.read(fd, &mut buf).await {
                Ok(0) => break,
                Ok(k) => {
                    if n.plain() {
                        io.out_bytes(&buf[..k]);
                    } else {
                        let mut out = Vec::with_capacity(k + 16);
                        n.feed(&buf[..k], &mut out);
                        io.out_bytes(&out);
                    }
                    // Interactive input shows up at once, as with an unbuffered cat.
                    if !io.flush().await {
                        return 1;
                    }
                    let _ = io.p.checkpoint().await;
                }
                Err(e) => {
                    io.err(&format!("{f}: {}", strerror(e))).await;
                    status = 1;
                    break;
                }
            }
        }
        close_input(&io, fd);
    }
    io.finish(status).await
}

/// `tee [-a] [FILE]...`: copies standard input to standard output and every file.
pub async fn tee(mut io: Io) -> i32 {
    let spec = Spec { short: "ai", long: &[("append", HasArg::No, 'a'), ("ignore-interrupts", HasArg::No, 'i')], stop_at_operand: false };
    let a = match io.args(&spec, "[OPTION]... [FILE]...", 1).await {
        Ok(a) => a,
        Err(c) => return c,
    };
    let flags = if a.has('a') { OpenFlags::APPEND } else { OpenFlags::CREATE };
    let mut status = 0;
    let mut fds = Vec::new();
    for f in &a.operands {
        match io.p.open(f, flags, 0o666) {
            Ok(fd) => fds.push(fd),
            Err(e) => {
                io.err(&format!("{f}: {}", strerror(e))).await;
                status = 1;
            }
        }
    }
    let mut buf = vec![0u8; 16384];
    loop {
        let k = match io.p.read(0, &mut buf).await {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) => {
                io.err(&format!("read error: {}", strerror(e))).await;
                status = 1;
                break;
            }
        };
        let _ = io.p.write_all(1, &buf[..k]).await;
        for fd in &fds {
            let _ = io.p.write_all(*fd, &buf[..k]).await;
        }
        let _ = io.p.checkpoint().await;
    }
    for fd in fds {
        let _ = io.p.close(fd);
    }
    status
}
