//! X-ray: pictures of what the kernel is doing, drawn from its state.
//!
//! [`snapshot`] copies plain data out of the machine; [`layout`] turns it into a
//! [`diagram::Diagram`] of boxes, frames and lines; the `xray` components draw that as SVG.
//! The four tabs the page shows are [`Tab`]s.

pub mod diagram;
pub mod layout;
pub mod snapshot;

use wharf_sim_kernel::machine::Machine;

use diagram::Diagram;

/// The X-ray's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    /// Union filesystems and their layers.
    Layers,
    /// Mount tables per mount namespace.
    Filesystem,
    /// The process tree with PID namespaces, and the cgroup tree.
    Processes,
    /// Interfaces, bridges, veths and published ports.
    Network,
}

impl Tab {
    /// Every tab, in display order.
    pub const ALL: [Tab; 4] = [Tab::Layers, Tab::Filesystem, Tab::Processes, Tab::Network];

    /// The tab's name.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Layers => "Layers",
            Tab::Filesystem => "Filesystem",
            Tab::Processes => "Processes",
            Tab::Network => "Network",
        }
    }

    /// A stable identifier, for storage and element ids.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Layers => "layers",
            Tab::Filesystem => "filesystem",
            Tab::Processes => "processes",
            Tab::Network => "network",
        }
    }

    /// The tab called `id`.
    pub fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == id)
    }
}

/// One titled picture of a tab.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Heading above it.
    pub title: &'static str,
    /// A sentence on how to read it.
    pub caption: &'static str,
    /// The picture.
    pub diagram: Diagram,
}

/// Draws `tab` from the machine's current state, `width` pixels wide.
pub fn draw(machine: &Machine, tab: Tab, width: f32) -> Vec<Section> {
    let width = width.clamp(320.0, 900.0);
    match tab {
        Tab::Layers => vec![Section {
            title: "Union filesystems",
            caption: "A container's root: its writable layer over the image's read-only layers, merged into one tree.",
            diagram: layout::layers(&snapshot::unions(machine), width),
        }],
        Tab::Filesystem => vec![Section {
            title: "Mount tables",
            caption: "Each mount namespace has its own table; a container's / is an overlay, its /proc its own.",
            diagram: layout::mounts(&snapshot::mounts(machine), width),
        }],
        Tab::Processes => vec![
            Section {
                title: "Process tree",
                caption: "Inside a PID namespace, processes count from 1; the host sees them under other numbers.",
                diagram: layout::processes(&snapshot::processes(machine), width),
            },
            Section {
                title: "Control groups",
                caption: "Limits apply to a group and everything below it.",
                diagram: layout::cgroups(&snapshot::cgroups(machine), width),
            },
        ],
        Tab::Network => vec![Section {
            title: "Network namespaces",
            caption: "Each container has its own interfaces; a veth pair links it to a bridge on the host.",
            diagram: layout::network(&snapshot::network(machine), width),
        }],
    }
}
