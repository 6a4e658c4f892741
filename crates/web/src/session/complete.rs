//! Where Tab completion's names come from on the simulated machine: the login shell's
//! builtins and `PATH`, directories as the shell sees them (its root and working directory),
//! and the Docker daemon's containers, images, volumes and networks.

use std::cell::RefCell;

use wharf_engine::container::state::Status;
use wharf_engine::fs::FileKind;
use wharf_engine::kernel::Pid;
use wharf_sim_kernel::machine::MachineRef;
use wharf_sim_kernel::sys::Proc;
use wharf_sim_kernel::userland::sh;

use crate::term::{Object, Sources};

/// `PATH` when the shell's environment has none (Debian's root default).
const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The machine, as seen by the process `pid` (the login shell).
pub(super) struct MachineSources<'a> {
    machine: &'a MachineRef,
    pid: Pid,
    /// `PATH` and `HOME` from the shell's environment.
    env: RefCell<Option<(String, String)>>,
}

impl<'a> MachineSources<'a> {
    pub(super) fn new(machine: &'a MachineRef, pid: Pid) -> MachineSources<'a> {
        MachineSources { machine, pid, env: RefCell::new(None) }
    }

    fn env(&self) -> (String, String) {
        self.env
            .borrow_mut()
            .get_or_insert_with(|| {
                let m = self.machine.borrow();
                let env = m.procs.get(&self.pid).map(|p| p.env.clone()).unwrap_or_default();
                let var = |name: &str| env.iter().find_map(|e| e.strip_prefix(name).and_then(|v| v.strip_prefix('=')).map(str::to_string));
                (var("PATH").unwrap_or_else(|| DEFAULT_PATH.into()), var("HOME").unwrap_or_else(|| "/root".into()))
            })
            .clone()
    }

    fn list(&self, dir: &str) -> Vec<(String, bool)> {
        let proc = Proc::new(self.machine.clone(), self.pid);
        let Ok(entries) = proc.read_dir(if dir.is_empty() { "." } else { dir }) else { return Vec::new() };
        let base = if dir.is_empty() || dir.ends_with('/') { dir.to_string() } else { format!("{dir}/") };
        entries
            .into_iter()
            .map(|e| {
                let is_dir = match e.kind {
                    FileKind::Dir => true,
                    FileKind::Symlink => proc.stat(&format!("{}{}", if base.is_empty() { "./" } else { &base }, e.name)).is_ok_and(|m| m.kind == FileKind::Dir),
                    _ => false,
                };
                (e.name, is_dir)
            })
            .collect()
    }
}

impl Sources for MachineSources<'_> {
    fn commands(&self) -> Vec<String> {
        let mut out: Vec<String> = sh::builtin_names().iter().map(|s| s.to_string()).collect();
        for dir in self.env().0.split(':').filter(|d| !d.is_empty()) {
            out.extend(self.list(dir).into_iter().filter(|(_, is_dir)| !is_dir).map(|(name, _)| name));
        }
        out
    }

    fn entries(&self, dir: &str) -> Vec<(String, bool)> {
        match dir.strip_prefix('~') {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => self.list(&format!("{}{rest}", self.env().1)),
            _ => self.list(dir),
        }
    }

    fn objects(&self, kind: Object) -> Vec<String> {
        let Some(daemon) = self.machine.borrow().docker.clone() else { return Vec::new() };
        let mut d = daemon.borrow_mut();
        match kind {
            Object::Container | Object::RunningContainer | Object::StoppedContainer | Object::PausedContainer => d
                .containers()
                .filter(|c| match kind {
                    Object::RunningContainer => c.state.status == Status::Running,
                    Object::StoppedContainer => !c.state.is_running(),
                    Object::PausedContainer => c.state.status == Status::Paused,
                    _ => true,
                })
                .map(|c| c.name.trim_start_matches('/').to_string())
                .collect(),
            Object::Image => {
                let db = d.images();
                let Ok(tags) = db.tags() else { return Vec::new() };
                db.ids().unwrap_or_default().iter().flat_map(|id| tags.references(id)).filter(|r| r.tag().is_some()).map(|r| r.familiar_string()).collect()
            }
            Object::Volume => d.volume_list(&[], false).into_iter().map(|v| v.name).collect(),
            Object::Network => d.network_list().into_iter().map(|n| n.name).collect(),
        }
    }
}
