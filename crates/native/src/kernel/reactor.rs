//! A small single-threaded reactor: `poll(2)` over file descriptors (pidfds, pipes) plus
//! timers, and [`block_on`] to drive one future with it; plus descriptors served by a
//! handler of their own ([`add_handler`]).
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

/// A descriptor served for as long as it is registered (a DNS socket): called on the
/// reactor's thread each time the descriptor is readable.
type Handler = std::rc::Rc<RefCell<dyn FnMut()>>;

#[derive(Default)]
struct Reactor {
    fds: Vec<(RawFd, Interest, Waker)>,
    timers: Vec<(Timestamp, Waker)>,
    handlers: Vec<(u64, RawFd, Handler)>,
    next_handler: u64,
    deferred: Vec<Box<dyn FnOnce()>>,
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

/// Calls `handler` whenever `fd` is readable, until [`remove_handler`] with the returned id.
/// Unlike a waker, it runs inside the reactor's turn, with no future to poll: a server that
/// answers on its own (the embedded DNS).
pub fn add_handler(fd: RawFd, handler: impl FnMut() + 'static) -> u64 {
    REACTOR.with(|r| {
        let mut r = r.borrow_mut();
        r.next_handler += 1;
        let id = r.next_handler;
        r.handlers.push((id, fd, std::rc::Rc::new(RefCell::new(handler))));
        id
    })
}

/// Runs `f` once the future being polled returns to the reactor: after the synchronous
/// work of this poll (a container's network set up after its spawn).
pub fn defer(f: impl FnOnce() + 'static) {
    REACTOR.with(|r| r.borrow_mut().deferred.push(Box::new(f)));
}

fn run_deferred() {
    loop {
        let batch = REACTOR.with(|r| std::mem::take(&mut r.borrow_mut().deferred));
        if batch.is_empty() {
            return;
        }
        batch.into_iter().for_each(|f| f());
    }
}

/// Stops calling the handler `id`.
pub fn remove_handler(id: u64) {
    REACTOR.with(|r| r.borrow_mut().handlers.retain(|(h, _, _)| *h != id));
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
            let poll = future.as_mut().poll(&mut cx);
            run_deferred();
            if let Poll::Ready(v) = poll {
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
    run_deferred();
    let (mut pollfds, timeout) = REACTOR.with(|r| {
        let r = r.borrow();
        let mut pollfds: Vec<libc::pollfd> = r
            .fds
            .iter()
            .map(|(fd, i, _)| libc::pollfd { fd: *fd, events: match i { Interest::Read => libc::POLLIN, Interest::Write => libc::POLLOUT }, revents: 0 })
            .collect();
        pollfds.extend(r.handlers.iter().map(|(_, fd, _)| libc::pollfd { fd: *fd, events: libc::POLLIN, revents: 0 }));
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
    let mut handlers = Vec::new();
    REACTOR.with(|r| {
        let mut r = r.borrow_mut();
        if n > 0 {
            let offset = r.fds.len();
            for ((_, _, h), p) in r.handlers.iter().zip(&pollfds[offset..]) {
                if p.revents != 0 {
                    handlers.push(h.clone());
                }
            }
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
    // Called and woken outside the borrow: both may register again.
    for h in handlers {
        (h.borrow_mut())();
    }
    for w in ready {
        w.wake();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handler_runs_each_time_its_descriptor_is_readable() {
        let (a, b) = std::os::unix::net::UnixDatagram::pair().unwrap();
        use std::os::fd::AsRawFd;
        let seen = std::rc::Rc::new(std::cell::Cell::new(0));
        let counter = seen.clone();
        let mut buf = [0u8; 8];
        b.set_nonblocking(true).unwrap();
        let b2 = b.try_clone().unwrap();
        let id = add_handler(b.as_raw_fd(), move || {
            while b2.recv(&mut buf).is_ok() {
                counter.set(counter.get() + 1);
            }
        });
        a.send(b"1").unwrap();
        a.send(b"2").unwrap();
        block_on(std::future::poll_fn(|cx| {
            if seen.get() >= 2 {
                return Poll::Ready(());
            }
            register_timer(now() + 1_000_000, cx.waker());
            Poll::Pending
        }));
        remove_handler(id);
        assert_eq!(seen.get(), 2);
    }

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
