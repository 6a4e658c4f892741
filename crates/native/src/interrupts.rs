//! Ctrl-C for the in-process docker client (`wharf docker compose up`): once [`catch`] is
//! called, SIGINT and SIGTERM no longer end the process; a handler writes one byte per signal
//! to a non-blocking self-pipe, and [`poll`] takes them one at a time, waking through the
//! reactor when the pipe becomes readable.
//!
//! Chosen over a `signalfd(2)` (the daemon's way): a signalfd needs the signals blocked in every
//! thread, and by the time Compose asks, port-proxy threads already run with them unblocked; a
//! handler is process-wide, whichever thread the signal lands on. Like Go's `signal.Notify`,
//! catching also overrides an inherited "ignored" (a shell's background job).

use std::os::fd::RawFd;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use crate::kernel::reactor::{register_fd, Interest};

/// The self-pipe: (read end, write end), both non-blocking and close-on-exec.
static PIPE: OnceLock<(RawFd, RawFd)> = OnceLock::new();

extern "C" fn on_signal(_: libc::c_int) {
    if let Some(&(_, write)) = PIPE.get() {
        // SAFETY: write(2) and errno access are async-signal-safe; errno is put back so the
        // interrupted code sees its own. A full pipe drops the byte: enough are pending.
        unsafe {
            let errno = *libc::__errno_location();
            libc::write(write, [1u8].as_ptr().cast(), 1);
            *libc::__errno_location() = errno;
        }
    }
}

/// From now on SIGINT and SIGTERM are counted for [`poll`] instead of ending the process.
/// Calling it again changes nothing.
pub fn catch() {
    PIPE.get_or_init(|| {
        let mut fds = [-1; 2];
        // SAFETY: pipe2 fills a live array of two descriptors.
        let r = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) };
        assert_eq!(r, 0, "pipe2: {}", std::io::Error::last_os_error());
        (fds[0], fds[1])
    });
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: a zeroed sigaction with a plain handler, an empty mask and SA_RESTART (so the
        // blocking writes of the client go on after the handler).
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

/// Ready once for each signal caught since the last ready poll; pending (forever) before
/// [`catch`].
pub fn poll(cx: &mut Context<'_>) -> Poll<()> {
    let Some(&(read, _)) = PIPE.get() else { return Poll::Pending };
    let mut byte = 0u8;
    // SAFETY: reads at most one byte into a live buffer from our own non-blocking pipe.
    if unsafe { libc::read(read, (&mut byte as *mut u8).cast(), 1) } == 1 {
        return Poll::Ready(());
    }
    register_fd(read, Interest::Read, cx.waker());
    Poll::Pending
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::block_on;

    #[test]
    fn each_caught_signal_is_reported_once() {
        catch();
        // SAFETY: raise(3) sends SIGINT to this thread, whose handler is now ours.
        unsafe { libc::raise(libc::SIGINT) };
        unsafe { libc::raise(libc::SIGTERM) };
        // The process is still here: both were caught, and both are reported.
        block_on(std::future::poll_fn(poll));
        block_on(std::future::poll_fn(poll));
        let waker = std::task::Waker::noop();
        assert!(poll(&mut Context::from_waker(waker)).is_pending(), "two signals, two reports");
    }
}
