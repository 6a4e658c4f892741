//! The servers' accept loop: one forked backend per connection (PostgreSQL's model), all
//! sharing the server's state, until a shutdown signal arrives. Ended backends are reaped as
//! they end, as the postmaster does on SIGCHLD.

use std::future::{poll_fn, Future};
use std::net::Ipv4Addr;
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;

use crate::errno::Errno;
use wharf_engine::kernel::ExitStatus;
use crate::signal::{Disposition, Signal};
use crate::sys::Proc;

/// Listens on `port` and runs `handle(backend, fd, peer, state)` in a child process per
/// connection, until one of `signals` arrives; returns it. Without a socket (the port is
/// taken) it only waits for the signal.
pub async fn serve<S, F, Fut>(p: &Proc, port: u16, signals: &[Signal], state: Rc<S>, handle: F) -> Signal
where
    S: 'static,
    F: Fn(Proc, i32, Ipv4Addr, Rc<S>) -> Fut + Clone + 'static,
    Fut: Future<Output = ()> + 'static,
{
    for &s in signals {
        let _ = p.set_disposition(s, Disposition::Catch);
    }
    let listener = p.listen_tcp(Ipv4Addr::UNSPECIFIED, port).ok();
    let mut backends = 0usize;
    loop {
        match next_event(p, listener, backends > 0).await {
            Event::Accepted(Ok((fd, peer))) => {
                let (state, handle) = (state.clone(), handle.clone());
                let forked = p.fork(None, move |child| async move {
                    if let Some(l) = listener {
                        let _ = child.close(l);
                    }
                    handle(child.clone(), fd, peer.0, state).await;
                    let _ = child.close(fd);
                    0
                });
                backends += usize::from(forked.is_ok());
                let _ = p.close(fd);
            }
            Event::Reaped(Ok(_)) => backends = backends.saturating_sub(1),
            Event::Reaped(Err(Errno::ECHILD)) => backends = 0,
            Event::Accepted(Err(_)) | Event::Reaped(Err(_)) => {
                if let Some(s) = p.take_signals().into_iter().find(|s| signals.contains(s)) {
                    if let Some(fd) = listener {
                        let _ = p.close(fd);
                    }
                    return s;
                }
            }
        }
    }
}

/// What woke the accept loop.
enum Event {
    /// A connection (or `EINTR`).
    Accepted(Result<(i32, (Ipv4Addr, u16)), Errno>),
    /// A backend ended and was reaped, so no zombie is left behind (or `EINTR`, `ECHILD`).
    Reaped(Result<(u32, ExitStatus), Errno>),
}

/// Waits for a connection or, while backends run, for one of them to end.
async fn next_event(p: &Proc, listener: Option<i32>, reap: bool) -> Event {
    let mut accept = pin!(async {
        match listener {
            Some(fd) => p.accept(fd).await,
            None => p.block(|_, _| Poll::<Result<(i32, (Ipv4Addr, u16)), Errno>>::Pending).await,
        }
    });
    let mut reaped = pin!(async {
        if reap {
            p.wait_any().await
        } else {
            std::future::pending().await
        }
    });
    poll_fn(|cx| {
        if let Poll::Ready(r) = accept.as_mut().poll(cx) {
            return Poll::Ready(Event::Accepted(r));
        }
        reaped.as_mut().poll(cx).map(Event::Reaped)
    })
    .await
}
