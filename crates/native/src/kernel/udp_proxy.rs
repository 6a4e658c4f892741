//! The userland proxy for a published UDP port (`-p 5353:53/udp`), as docker-proxy does it:
//! one socket listens on the host port; each client address gets a socket of its own connected
//! to the container, so the container's replies come back to that socket and are sent on to
//! the client from the host port. A client quiet for [`IDLE`] is forgotten (docker-proxy's
//! 90 s connection-tracking timeout).

use std::collections::HashMap;
use std::io;
use std::net::{SocketAddr, SocketAddrV4, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long a client's flow lives without traffic either way.
const IDLE: Duration = Duration::from_secs(90);

/// How often a reply thread looks at the stop flag while its client is quiet.
const TICK: Duration = Duration::from_millis(500);

/// Largest datagram forwarded (UDP's payload limit).
const MAX_DATAGRAM: usize = 65_507;

/// One client's flow: the socket connected to the container, and when traffic last passed.
struct Flow {
    socket: UdpSocket,
    last: Mutex<Instant>,
}

impl Flow {
    fn touch(&self) {
        *self.last.lock().expect("flow") = Instant::now();
    }

    fn idle(&self) -> bool {
        self.last.lock().expect("flow").elapsed() >= IDLE
    }
}

type Flows = Arc<Mutex<HashMap<SocketAddr, Arc<Flow>>>>;

/// Forwards datagrams arriving on `listener` to `target` on a thread of its own until `stop`
/// is set (and a datagram, even an empty one, wakes it).
pub fn spawn(listener: UdpSocket, target: SocketAddrV4, stop: Arc<AtomicBool>, name: String) -> io::Result<()> {
    let flows: Flows = Arc::default();
    thread::Builder::new().name(name).spawn(move || {
        let listener = Arc::new(listener);
        let mut buf = vec![0u8; MAX_DATAGRAM];
        loop {
            let received = listener.recv_from(&mut buf);
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let Ok((n, client)) = received else { continue };
            let flow = flows.lock().expect("flows").get(&client).cloned();
            let flow = match flow {
                Some(f) => f,
                None => match open_flow(&listener, client, target, &flows, &stop) {
                    Ok(f) => f,
                    Err(_) => continue,
                },
            };
            flow.touch();
            let _ = flow.socket.send(&buf[..n]);
        }
    })?;
    Ok(())
}

/// A socket connected to `target` for `client`, and the thread that sends its replies back.
fn open_flow(listener: &Arc<UdpSocket>, client: SocketAddr, target: SocketAddrV4, flows: &Flows, stop: &Arc<AtomicBool>) -> io::Result<Arc<Flow>> {
    let socket = UdpSocket::bind(("0.0.0.0", 0))?;
    socket.connect(target)?;
    socket.set_read_timeout(Some(TICK))?;
    let flow = Arc::new(Flow { socket, last: Mutex::new(Instant::now()) });
    flows.lock().expect("flows").insert(client, flow.clone());
    let (listener, flows, stop, mine) = (listener.clone(), flows.clone(), stop.clone(), flow.clone());
    thread::spawn(move || {
        let mut buf = vec![0u8; MAX_DATAGRAM];
        while !stop.load(Ordering::SeqCst) && !mine.idle() {
            match mine.socket.recv(&mut buf) {
                Ok(n) => {
                    mine.touch();
                    let _ = listener.send_to(&buf[..n], client);
                }
                Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted) => {}
                // ECONNREFUSED: nothing listens in the container (yet); keep the flow.
                Err(_) => thread::sleep(TICK),
            }
        }
        flows.lock().expect("flows").remove(&client);
    });
    Ok(flow)
}
