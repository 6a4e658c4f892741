//! The terminal: the learner's keyboard and screen as a character device.
//!
//! The browser's terminal widget does line editing; the kernel sees whole lines (canonical
//! mode) and the control keys that mean something to processes: Ctrl-C (SIGINT to the
//! foreground process group), Ctrl-D (end of file), Ctrl-Z is not simulated.

use std::collections::VecDeque;
use std::task::{Context, Poll, Waker};

use crate::errno::Errno;

/// One terminal.
#[derive(Default)]
pub struct Tty {
    input: VecDeque<u8>,
    eof_pending: bool,
    output: Vec<u8>,
    readers: Vec<Waker>,
    /// The process group that gets keyboard signals and may read.
    pub foreground_pgrp: u32,
    /// Rows and columns, for `stty size` and full-screen programs.
    pub size: (u16, u16),
}

impl Tty {
    /// A terminal of 24 rows and 80 columns.
    pub fn new() -> Tty {
        Tty { size: (24, 80), ..Tty::default() }
    }

    /// The keyboard: queues typed bytes for readers.
    pub fn type_input(&mut self, bytes: &[u8]) {
        self.input.extend(bytes);
        self.readers.drain(..).for_each(Waker::wake);
    }

    /// The keyboard's Ctrl-D: the next read with nothing queued returns end of file.
    pub fn type_eof(&mut self) {
        self.eof_pending = true;
        self.readers.drain(..).for_each(Waker::wake);
    }

    /// Whether a process is blocked reading and nothing is typed: the terminal waits for
    /// the user (a shell at its prompt, `cat` reading the keyboard).
    pub fn waits_for_input(&self) -> bool {
        !self.readers.is_empty() && self.input.is_empty() && !self.eof_pending
    }

    /// Reads up to one line of input.
    pub fn poll_read(&mut self, buf: &mut [u8], cx: &mut Context<'_>) -> Poll<Result<usize, Errno>> {
        if self.input.is_empty() {
            if std::mem::take(&mut self.eof_pending) {
                return Poll::Ready(Ok(0));
            }
            self.readers.push(cx.waker().clone());
            return Poll::Pending;
        }
        let line_len = self.input.iter().position(|&b| b == b'\n').map_or(self.input.len(), |i| i + 1);
        let n = buf.len().min(line_len);
        for (dst, src) in buf.iter_mut().zip(self.input.drain(..n)) {
            *dst = src;
        }
        Poll::Ready(Ok(n))
    }

    /// The screen: what processes write. `\n` becomes `\r\n` as the tty's `onlcr` does.
    pub fn write(&mut self, data: &[u8]) {
        // Copy whole runs between newlines: a `yes` flood writes megabytes.
        self.output.reserve(data.len() + data.len() / 16);
        let mut lines = data.split(|&b| b == b'\n');
        if let Some(first) = lines.next() {
            self.output.extend_from_slice(first);
        }
        for line in lines {
            self.output.extend_from_slice(b"\r\n");
            self.output.extend_from_slice(line);
        }
    }

    /// Takes what was written since the last call, for the terminal widget to draw.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.output)
    }
}

#[cfg(test)]
mod tests {
    use super::Tty;

    #[test]
    fn newlines_become_crlf_and_nothing_else_changes() {
        let mut t = Tty::new();
        t.write(b"a\nb\n\nc");
        t.write(b"\n");
        t.write(b"");
        assert_eq!(t.take_output(), b"a\r\nb\r\n\r\nc\r\n");
    }
}
