//! A small single-threaded reactor: `poll(2)` over file descriptors (pidfds, pipes) plus
//! timers, and [`block_on`] to drive one future with it.
//!
//! The [`Kernel`](wharf_engine::kernel::Kernel)'s `poll_*` methods register a waker here and
//! return `Pending`; [`block_on`] polls the future, then sleeps in `poll(2)` until a registered
//! descriptor is ready or the nearest timer is due, wakes those wakers and polls again. The
//! reactor is thread-local (the kernel and its futures live on one thread); a waker used from
//! another thread (a port-proxy thread) reaches it through an `eventfd(2)`.

use std::cell::RefCell;
use std::future::Future;
use std::os::fd::RawFd;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Wake, Waker};

use wharf_engine::kernel::Timestamp;

/// What a registration waits for on its descriptor.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Interest {
    /// Readable (or hung up): a pipe with data, a pidfd of an exited process.
    Read,
    /// Writable.
    Write,
}

#[derive(Default)]
struct Reactor {
    fds: Vec<(RawFd, Interest, Waker)>,
    timers: Vec<(Timestamp, Waker)>,
}

thread_local! {
    static REACTOR: RefCell<Reactor> = RefCell::new(Reactor::default());
}

/// Wakes `waker` once `fd` is ready for `interest` (or closed). One-shot.
pub fn register_fd(fd: RawFd, interest: Interest, waker: &Waker) {
    REACTOR.with(|r| {
        let mut r = r.borrow_mut();
        // A future polled again before its descriptor is ready registers once, not again.
        if !r.fds.iter().any(|(f, i, w)| *f == fd && *i == interest && w.will_wake(waker)) {
            r.fds.push((fd, interest, waker.clone()));
        }
    });
}

/// Wakes `waker` once the wall clock reaches `deadline`. One-shot.
pub fn register_timer(deadline: Timestamp, waker: &Waker) {
    REACTOR.with(|r| r.borrow_mut().timers.push((deadline, waker.clone())));
}

/// The wall clock in nanoseconds since the Unix epoch (`clock_gettime(CLOCK_REALTIME)`).
pub fn now() -> Timestamp {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    d.as_nanos() as Timestamp
}

/// The process-wide `eventfd(2)` that cross-thread wakes write to.
fn eventfd() -> RawFd {
    static FD: OnceLock<RawFd> = OnceLock::new();
    // SAFETY: eventfd has no memory arguments; the descriptor lives as long as the process.
    *FD.get_or_init(|| unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) })
}

struct FlagWaker {
    woken: AtomicBool,
}

impl Wake for FlagWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        if !self.woken.swap(true, Ordering::SeqCst) {
            let one: u64 = 1;
            // SAFETY: writes 8 bytes from a live u64 to the eventfd.
            unsafe { libc::write(eventfd(), (&one as *const u64).cast(), 8) };
        }
    }
}

/// Runs `future` to completion on this thread, sleeping in `poll(2)` while it waits.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let flag = Arc::new(FlagWaker { woken: AtomicBool::new(true) });
    let waker = Waker::from(flag.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        if flag.woken.swap(false, Ordering::SeqCst) {
            if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
                return v;
            }
        }
        if !flag.woken.load(Ordering::SeqCst) {
            turn();
        }
    }
}

/// Runs `main` to completion while also polling `background` (a future that may never end,
/// like the daemon's supervisor, [`wharf_engine::daemon::Daemon::poll_supervise`]): one waker
/// for both, so whatever is woken, both get polled. `background` is dropped when `main` ends.
pub fn block_on_with<B: Future<Output = ()>, F: Future>(background: B, main: F) -> F::Output {
    let mut background = pin!(background);
    let mut main = pin!(main);
    let mut background_done = false;
    block_on(std::future::poll_fn(move |cx| {
        if !background_done {
            background_done = background.as_mut().poll(cx).is_ready();
        }
        main.as_mut().poll(cx)
    }))
}

/// Sleeps until something registered is ready (or a cross-thread wake), then wakes it.
fn turn() {
    let (mut pollfds, timeout) = REACTOR.with(|r| {
        let r = r.borrow();
        let mut pollfds: Vec<libc::pollfd> = r
            .fds
            .iter()
            .map(|(fd, i, _)| libc::pollfd { fd: *fd, events: match i { Interest::Read => libc::POLLIN, Interest::Write => libc::POLLOUT }, revents: 0 })
            .collect();
        pollfds.push(libc::pollfd { fd: eventfd(), events: libc::POLLIN, revents: 0 });
        let timeout = r.timers.iter().map(|(d, _)| *d).min().map(|d| ((d - now()).max(0) + 999_999) / 1_000_000);
        (pollfds, timeout.map(|t| t.min(i32::MAX as i64) as i32).unwrap_or(-1))
    });
    // SAFETY: `pollfds` is a live, correctly sized array of pollfd.
    let n = unsafe { libc::poll(pollfds.as_mut_ptr(), pollfds.len() as libc::nfds_t, timeout) };
    let mut buf = 0u64;
    // SAFETY: reads at most 8 bytes into a live u64 (non-blocking; clears pending wakes).
    unsafe { libc::read(eventfd(), (&mut buf as *mut u64).cast(), 8) };
    let now = now();
    let mut ready = Vec::new();
    REACTOR.with(|r| {
        let mut r = r.borrow_mut();
        if n > 0 {
            let fds = std::mem::take(&mut r.fds);
            for ((fd, i, w), p) in fds.into_iter().zip(&pollfds) {
                if p.revents != 0 {
                    ready.push(w);
                } else {
                    r.fds.push((fd, i, w));
                }
            }
        }
        let timers = std::mem::take(&mut r.timers);
        for (d, w) in timers {
            if d <= now {
                ready.push(w);
            } else {
                r.timers.push((d, w));
            }
        }
    });
    // Woken outside the borrow: a waker may poll nothing, but stay safe for ones that register.
    for w in ready {
        w.wake();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_fire_in_real_time() {
        let start = now();
        let deadline = start + 20_000_000;
        block_on(std::future::poll_fn(|cx| {
            if now() >= deadline {
                Poll::Ready(())
            } else {
                register_timer(deadline, cx.waker());
                Poll::Pending
            }
        }));
        assert!(now() - start >= 20_000_000);
    }

    #[test]
    fn a_background_future_runs_beside_the_main_one() {
        let ticks = std::cell::Cell::new(0);
        let deadline = now() + 30_000_000;
        let background = std::future::poll_fn(|cx| {
            ticks.set(ticks.get() + 1);
            register_timer(now() + 1_000_000, cx.waker());
            Poll::<()>::Pending
        });
        let main = std::future::poll_fn(|cx| {
            if now() >= deadline {
                return Poll::Ready(7);
            }
            register_timer(deadline, cx.waker());
            Poll::Pending
        });
        assert_eq!(block_on_with(background, main), 7);
        assert!(ticks.get() > 5, "the background was polled as its timers fired: {}", ticks.get());
    }
}
