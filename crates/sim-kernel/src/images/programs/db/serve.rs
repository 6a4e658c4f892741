//! The servers' accept loop: one forked backend per connection (PostgreSQL's model), all
//! sharing the server's state, until a shutdown signal arrives.

use std::future::Future;
use std::net::Ipv4Addr;
use std::rc::Rc;

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
    loop {
        let accepted = match listener {
            Some(fd) => p.accept(fd).await,
            None => p.block(|_, _| std::task::Poll::<Result<(i32, (Ipv4Addr, u16)), crate::errno::Errno>>::Pending).await,
        };
        match accepted {
            Ok((fd, peer)) => {
                let (state, handle) = (state.clone(), handle.clone());
                let _ = p.fork(None, move |child| async move {
                    if let Some(l) = listener {
                        let _ = child.close(l);
                    }
                    handle(child.clone(), fd, peer.0, state).await;
                    let _ = child.close(fd);
                    0
                });
                let _ = p.close(fd);
            }
            Err(_) => {
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
