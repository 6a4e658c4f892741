//! One client connection: a non-blocking unix socket read and written through the kernel's
//! [`reactor`](crate::kernel::reactor), so a connection waiting for a container never blocks
//! the daemon's other connections or its supervisor.

use std::future::poll_fn;
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::task::Poll;

use crate::kernel::reactor::{register_fd, Interest};

/// A connection with a read-ahead buffer (bytes received but not yet parsed).
pub struct Conn {
    stream: UnixStream,
    /// Received, not yet consumed.
    pub buf: Vec<u8>,
    /// The peer closed its sending side.
    pub eof: bool,
}

impl Conn {
    /// Wraps an accepted stream (made non-blocking).
    pub fn new(stream: UnixStream) -> io::Result<Conn> {
        stream.set_nonblocking(true)?;
        Ok(Conn { stream, buf: Vec::new(), eof: false })
    }

    /// Reads more into `buf` if any is there now: `Ready(n)` (0 at end of input), or `Pending`
    /// with the task's waker registered.
    pub fn poll_fill(&mut self, cx: &mut std::task::Context<'_>) -> Poll<io::Result<usize>> {
        if self.eof {
            return Poll::Ready(Ok(0));
        }
        let mut chunk = [0u8; 16384];
        match self.stream.read(&mut chunk) {
            Ok(0) => {
                self.eof = true;
                Poll::Ready(Ok(0))
            }
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                Poll::Ready(Ok(n))
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                register_fd(self.stream.as_raw_fd(), Interest::Read, cx.waker());
                Poll::Pending
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Err(e) => Poll::Ready(Err(e)),
        }
    }

    /// Waits for more input; 0 at end of input.
    pub async fn fill(&mut self) -> io::Result<usize> {
        poll_fn(|cx| self.poll_fill(cx)).await
    }

    /// Writes all of `data`, waiting while the socket is full.
    pub async fn write_all(&mut self, mut data: &[u8]) -> io::Result<()> {
        while !data.is_empty() {
            let n = poll_fn(|cx| match self.stream.write(data) {
                Ok(n) => Poll::Ready(Ok(n)),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    register_fd(self.stream.as_raw_fd(), Interest::Write, cx.waker());
                    Poll::Pending
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => Poll::Ready(Ok(0)),
                Err(e) => Poll::Ready(Err(e)),
            })
            .await?;
            data = &data[n..];
        }
        Ok(())
    }

    /// Ends our sending side (the body of a close-delimited response, or a hijacked stream).
    pub fn shutdown_write(&self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Write);
    }
}
