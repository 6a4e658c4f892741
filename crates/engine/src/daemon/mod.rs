//! The daemon: dockerd's state and operations, over one [`Kernel`].
//!
//! A [`Daemon`] owns its kernel and everything dockerd keeps: the image database (in the
//! kernel's stores), containers, networks, volumes and the event log. Clients (the simulator's
//! `docker` program, the native `wharf` CLI, the builder) share it as a [`DaemonRef`] and
//! talk to it through Engine API types, as the docker CLI talks to dockerd.
//!
//! **Borrows never cross an `.await`.** Waiting operations are `poll_*` methods; a client
//! builds its futures with [`std::future::poll_fn`], borrowing the daemon only for the length
//! of one poll. That is what lets one single-threaded executor run a container, an attached
//! `docker run` and `docker logs -f` at once.

use std::cell::RefCell;
use std::rc::Rc;

use crate::image::db::ImageDb;
use crate::kernel::Kernel;

/// A daemon shared by its clients (single-threaded, like the simulator's executor).
pub type DaemonRef = Rc<RefCell<Daemon>>;

/// dockerd: the engine's state over one kernel.
pub struct Daemon {
    kernel: Box<dyn Kernel>,
}

impl Daemon {
    /// A daemon with no containers over `kernel` (whose stores may already hold images).
    pub fn new(kernel: Box<dyn Kernel>) -> Daemon {
        Daemon { kernel }
    }

    /// Wraps a new daemon for sharing.
    pub fn shared(kernel: Box<dyn Kernel>) -> DaemonRef {
        Rc::new(RefCell::new(Daemon::new(kernel)))
    }

    /// The kernel.
    pub fn kernel(&mut self) -> &mut dyn Kernel {
        &mut *self.kernel
    }

    /// The image database, over the kernel's stores.
    pub fn images(&mut self) -> ImageDb<'_> {
        let (content, meta) = self.kernel.stores();
        ImageDb::new(content, meta)
    }
}
