//! Selection across panes: a click on an image, layer, container, network or volume selects
//! it, and every pane marks it and what it is tied to (a container's image and layers, its
//! networks and volumes; an image's containers; a volume's containers...).

use std::collections::BTreeSet;

use super::docker::Docker;

/// An object of the daemon a learner can select.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Selection {
    /// An image, by ID.
    Image(String),
    /// A layer, by chain ID.
    Layer(String),
    /// A container, by full ID.
    Container(String),
    /// A network, by name.
    Network(String),
    /// A volume, by name.
    Volume(String),
}

impl Selection {
    /// A stable text form (`container:4f2a…`), for element attributes and tests.
    pub fn key(&self) -> String {
        match self {
            Selection::Image(id) => format!("image:{id}"),
            Selection::Layer(id) => format!("layer:{id}"),
            Selection::Container(id) => format!("container:{id}"),
            Selection::Network(name) => format!("network:{name}"),
            Selection::Volume(name) => format!("volume:{name}"),
        }
    }
}

/// How a node stands to the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mark {
    /// Unrelated, or nothing selected.
    #[default]
    None,
    /// The selected object itself.
    Selected,
    /// Tied to it.
    Related,
}

/// The selection and everything tied to it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Related {
    selected: Option<Selection>,
    tied: BTreeSet<Selection>,
}

impl Related {
    /// What `selection` is tied to in `docker`.
    pub fn new(docker: &Docker, selection: Option<&Selection>) -> Related {
        let Some(sel) = selection else { return Related::default() };
        let mut tied = BTreeSet::new();
        let add_container = |tied: &mut BTreeSet<Selection>, id: &str, deep: bool| {
            let Some(c) = docker.container(id) else { return };
            tied.insert(Selection::Container(c.id.clone()));
            if !deep {
                return;
            }
            tied.insert(Selection::Image(c.image_id.clone()));
            if let Some(img) = docker.image(&c.image_id) {
                tied.extend(img.layers.iter().map(|l| Selection::Layer(l.chain.clone())));
            }
            tied.extend(c.endpoints.iter().map(|e| Selection::Network(e.network.clone())));
            tied.extend(c.mounts.iter().filter(|m| m.kind == "volume").map(|m| Selection::Volume(m.name.clone())));
        };
        match sel {
            Selection::Container(id) => add_container(&mut tied, id, true),
            Selection::Image(id) => {
                if let Some(img) = docker.image(id) {
                    tied.extend(img.layers.iter().map(|l| Selection::Layer(l.chain.clone())));
                }
                for c in docker.containers.iter().filter(|c| &c.image_id == id) {
                    add_container(&mut tied, &c.id, false);
                }
            }
            Selection::Layer(chain) => {
                for img in docker.images.iter().filter(|i| i.layers.iter().any(|l| &l.chain == chain)) {
                    tied.insert(Selection::Image(img.id.clone()));
                    for c in docker.containers.iter().filter(|c| c.image_id == img.id) {
                        add_container(&mut tied, &c.id, false);
                    }
                }
            }
            Selection::Network(name) => {
                for c in docker.containers.iter().filter(|c| c.endpoints.iter().any(|e| &e.network == name)) {
                    add_container(&mut tied, &c.id, false);
                }
            }
            Selection::Volume(name) => {
                for c in docker.containers.iter().filter(|c| c.mounts.iter().any(|m| m.kind == "volume" && &m.name == name)) {
                    add_container(&mut tied, &c.id, false);
                }
            }
        }
        tied.remove(sel);
        Related { selected: Some(sel.clone()), tied }
    }

    /// How `object` stands to the selection.
    pub fn mark(&self, object: &Selection) -> Mark {
        if self.selected.as_ref() == Some(object) {
            Mark::Selected
        } else if self.tied.contains(object) {
            Mark::Related
        } else {
            Mark::None
        }
    }

    /// The selected object.
    pub fn selected(&self) -> Option<&Selection> {
        self.selected.as_ref()
    }
}
