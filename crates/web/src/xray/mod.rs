//! X-ray: pictures of what the kernel and the Docker daemon are doing, drawn from their
//! state after every command.
//!
//! [`snapshot`] copies plain data out of the machine and [`docker`] out of the daemon
//! (images, containers, networks, volumes); [`layout`] turns them into a
//! [`diagram::Diagram`] of boxes, frames and lines; the `xray` components draw that as SVG.
//! [`select`] ties a clicked object to what it relates to, so every pane marks it. The six
//! tabs the page shows are [`Tab`]s.

pub mod diagram;
pub mod docker;
pub mod layout;
pub mod select;
pub mod snapshot;

use wharf_sim_kernel::machine::Machine;

use diagram::Diagram;
use docker::Docker;
use select::{Related, Selection};

/// The X-ray's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    /// Images' layer stacks, and the union filesystems in the kernel.
    Images,
    /// One container up close: union mount, namespaces, cgroup.
    Containers,
    /// Mount tables per mount namespace.
    Filesystem,
    /// The process tree with PID namespaces, and the cgroup tree.
    Processes,
    /// Docker's networks, and the kernel's interfaces, bridges, veths.
    Network,
    /// Volumes and the containers mounting them.
    Volumes,
}

impl Tab {
    /// Every tab, in display order.
    pub const ALL: [Tab; 6] = [Tab::Images, Tab::Containers, Tab::Filesystem, Tab::Processes, Tab::Network, Tab::Volumes];

    /// The tab's name.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Images => "Images",
            Tab::Containers => "Containers",
            Tab::Filesystem => "Filesystem",
            Tab::Processes => "Processes",
            Tab::Network => "Network",
            Tab::Volumes => "Volumes",
        }
    }

    /// A stable identifier, for storage and element ids.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Images => "images",
            Tab::Containers => "containers",
            Tab::Filesystem => "filesystem",
            Tab::Processes => "processes",
            Tab::Network => "network",
            Tab::Volumes => "volumes",
        }
    }

    /// The tab called `id`.
    pub fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == id)
    }

    /// Whether it draws the daemon's state (and so needs a [`Docker`] snapshot).
    pub fn needs_docker(self) -> bool {
        matches!(self, Tab::Images | Tab::Containers | Tab::Network | Tab::Volumes)
    }
}

/// One titled picture of a tab.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Heading above it.
    pub title: String,
    /// A sentence on how to read it.
    pub caption: &'static str,
    /// The picture.
    pub diagram: Diagram,
}

fn section(title: impl Into<String>, caption: &'static str, diagram: Diagram) -> Section {
    Section { title: title.into(), caption, diagram }
}

/// Draws `tab` from the machine's current state alone (as if it had no Docker engine).
pub fn draw(machine: &Machine, tab: Tab, width: f32) -> Vec<Section> {
    draw_all(machine, &Docker::default(), None, tab, width)
}

/// Draws `tab` from the machine and the daemon, `width` pixels wide, marking `selection`
/// and what it is tied to.
pub fn draw_all(machine: &Machine, docker: &Docker, selection: Option<&Selection>, tab: Tab, width: f32) -> Vec<Section> {
    let width = width.clamp(320.0, 900.0);
    let related = Related::new(docker, selection);
    match tab {
        Tab::Images => vec![
            section(
                "Image layers",
                "Each image is a stack of read-only layers, newest on top. A layer two images share is stored once.",
                layout::images(docker, &related, width),
            ),
            section(
                "Union filesystems",
                "In the kernel: a container's root is its writable layer over the image's read-only layers, merged into one tree.",
                layout::layers(&snapshot::unions(machine), width),
            ),
        ],
        Tab::Containers => {
            let mut out = vec![section("Containers", "Click one to look inside; the other tabs mark it too.", layout::container::picker(docker, &related, width))];
            if let Some(c) = layout::container::focus(docker, &related) {
                out.push(section(
                    format!("Union mount of {}", c.name),
                    "Reads fall through to the lowest layer holding a file; writes copy it up; deletes leave a whiteout.",
                    layout::container::union(c, docker, &related, width),
                ));
                out.push(section(
                    format!("Namespaces and cgroup of {}", c.name),
                    "Namespaces limit what it sees; the cgroup limits what it uses.",
                    layout::container::namespaces(c, &related, width),
                ));
            }
            out
        }
        Tab::Filesystem => vec![section(
            "Mount tables",
            "Each mount namespace has its own table; a container's / is an overlay, its /proc its own.",
            layout::mounts(&snapshot::mounts(machine), width),
        )],
        Tab::Processes => vec![
            section(
                "Process tree",
                "Inside a PID namespace, processes count from 1; the host sees them under other numbers.",
                layout::processes(&snapshot::processes(machine), width),
            ),
            section("Control groups", "Limits apply to a group and everything below it.", layout::cgroups(&snapshot::cgroups(machine), width)),
        ],
        Tab::Network => vec![
            section(
                "Docker networks",
                "Containers on one network reach each other; user-defined networks answer container names by DNS.",
                layout::graph(docker, &related, width),
            ),
            section(
                "Network namespaces",
                "Each container has its own interfaces; a veth pair links it to a bridge on the host.",
                layout::network(&snapshot::network(machine), width),
            ),
        ],
        Tab::Volumes => vec![section(
            "Volumes",
            "A volume's data lives outside every container's layers, so it outlives them.",
            layout::volumes(docker, &related, width),
        )],
    }
}
