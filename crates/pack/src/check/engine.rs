//! The docker matchers' view of the simulated host's engine: [`EngineState`] over the
//! machine's daemon (`Machine::docker`), read the way `docker inspect` would.
//!
//! It lives here, not in the engine or the simulator, because the arrows allow it only here:
//! the pack crate already depends on both, and the engine must not learn about packs.
//!
//! What the daemon keeps is reported as it is (a container's name and state, an image's
//! layers). What it does not keep yet (published ports, volumes) is [`Unsupported`], which
//! the checker reports as pending with that reason: a check is never passed unread.

use wharf_engine::container::state::Status;
use wharf_engine::daemon::DaemonRef;
use wharf_sim_kernel::sim::Sim;

use crate::matcher::{ContainerFacts, EngineState, Unsupported};

/// The engine of one simulated machine.
#[derive(Clone)]
pub struct SimEngine {
    daemon: DaemonRef,
}

impl SimEngine {
    /// The engine of `sim`'s host, if it has one (the Debian host always has).
    pub fn of(sim: &Sim) -> Option<SimEngine> {
        let daemon = sim.machine().borrow().docker.clone()?;
        Some(SimEngine { daemon })
    }
}

impl EngineState for SimEngine {
    fn container(&self, name: &str) -> Option<ContainerFacts> {
        let d = self.daemon.borrow();
        let c = d.container(name).ok()?;
        Some(ContainerFacts {
            running: c.state.is_running(),
            exited: c.state.status == Status::Exited,
            published: Err(Unsupported("published ports are".into())),
        })
    }

    fn image_layers(&self, reference: &str) -> Option<usize> {
        let mut d = self.daemon.borrow_mut();
        let db = d.images();
        let id = db.resolve(reference).ok()?;
        Some(db.config(&id).ok()?.diff_ids().len())
    }

    fn volume_file(&self, _volume: &str, _path: &str) -> Result<Option<Vec<u8>>, Unsupported> {
        Err(Unsupported("volumes are".into()))
    }
}
