//! Pipes: a bounded byte queue with reader and writer counts, like `pipe(7)`.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::errno::Errno;

/// Linux's default pipe capacity: a writer waits when this much is unread.
pub const PIPE_CAPACITY: usize = 65536;

/// The shared state of one pipe.
#[derive(Default)]
pub struct Pipe {
    buf: VecDeque<u8>,
    readers: usize,
    writers: usize,
    waiters: Vec<Waker>,
}

impl Pipe {
    /// A new pipe and its (read, write) ends.
    pub fn pair() -> (PipeEnd, PipeEnd) {
        let pipe = Rc::new(RefCell::new(Pipe { readers: 1, writers: 1, ..Pipe::default() }));
        (PipeEnd { pipe: pipe.clone(), write: false }, PipeEnd { pipe, write: true })
    }

    fn wake_all(&mut self) {
        self.waiters.drain(..).for_each(Waker::wake);
    }

    /// Registers a waiter once, however often the same task polls.
    fn add_waiter(&mut self, waker: &Waker) {
        if !self.waiters.iter().any(|w| w.will_wake(waker)) {
            self.waiters.push(waker.clone());
        }
    }
}

/// One end of a pipe. Dropping the last handle of an end closes it: readers then see end of
/// file, writers `EPIPE`.
pub struct PipeEnd {
    pipe: Rc<RefCell<Pipe>>,
    write: bool,
}

impl PipeEnd {
    /// Whether this is the write end.
    pub fn is_write_end(&self) -> bool {
        self.write
    }

    /// Reads what is buffered: ready with 0 at end of file (no writers left).
    pub fn poll_read(&self, buf: &mut [u8], cx: &mut Context<'_>) -> Poll<Result<usize, Errno>> {
        let mut p = self.pipe.borrow_mut();
        if p.buf.is_empty() {
            if p.writers == 0 {
                return Poll::Ready(Ok(0));
            }
            p.add_waiter(cx.waker());
            return Poll::Pending;
        }
        let n = buf.len().min(p.buf.len());
        for (dst, src) in buf.iter_mut().zip(p.buf.drain(..n)) {
            *dst = src;
        }
        p.wake_all();
        Poll::Ready(Ok(n))
    }

    /// Writes as much as fits: `EPIPE` if no reader is left, pending while full.
    pub fn poll_write(&self, data: &[u8], cx: &mut Context<'_>) -> Poll<Result<usize, Errno>> {
        let mut p = self.pipe.borrow_mut();
        if p.readers == 0 {
            return Poll::Ready(Err(Errno::EPIPE));
        }
        let room = PIPE_CAPACITY.saturating_sub(p.buf.len());
        if room == 0 {
            p.add_waiter(cx.waker());
            return Poll::Pending;
        }
        let n = room.min(data.len());
        p.buf.extend(&data[..n]);
        p.wake_all();
        Poll::Ready(Ok(n))
    }

    /// Bytes waiting to be read.
    pub fn available(&self) -> usize {
        self.pipe.borrow().buf.len()
    }
}

impl Drop for PipeEnd {
    fn drop(&mut self) {
        let mut p = self.pipe.borrow_mut();
        if self.write {
            p.writers -= 1;
        } else {
            p.readers -= 1;
        }
        p.wake_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::task::Wake;

    use super::*;

    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }

    #[test]
    fn data_flows_then_eof_when_the_writer_closes() {
        let waker = Waker::from(Arc::new(Noop));
        let cx = &mut Context::from_waker(&waker);
        let (r, w) = Pipe::pair();
        let mut buf = [0u8; 8];
        assert!(r.poll_read(&mut buf, cx).is_pending());
        assert_eq!(w.poll_write(b"hi", cx), Poll::Ready(Ok(2)));
        assert_eq!(r.poll_read(&mut buf, cx), Poll::Ready(Ok(2)));
        drop(w);
        assert_eq!(r.poll_read(&mut buf, cx), Poll::Ready(Ok(0)));
    }

    #[test]
    fn a_full_pipe_waits_and_a_readerless_pipe_breaks() {
        let waker = Waker::from(Arc::new(Noop));
        let cx = &mut Context::from_waker(&waker);
        let (r, w) = Pipe::pair();
        let big = vec![7u8; PIPE_CAPACITY + 10];
        assert_eq!(w.poll_write(&big, cx), Poll::Ready(Ok(PIPE_CAPACITY)));
        assert!(w.poll_write(b"x", cx).is_pending());
        drop(r);
        assert_eq!(w.poll_write(b"x", cx), Poll::Ready(Err(Errno::EPIPE)));
    }
}
