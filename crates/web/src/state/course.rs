//! The course as the learner sees it: which module is open and which ones were opened before
//! (the status dots). Checks that mark a step done arrive with the exercise packs (issue 9).

use std::collections::BTreeSet;
#[cfg(target_arch = "wasm32")]
use std::rc::Rc;

use super::{keys, Store};
use crate::content::{self, Module};

/// A module's status dot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Never opened.
    New,
    /// Opened before.
    Visited,
    /// Open now.
    Open,
}

impl Status {
    /// For CSS classes and screen readers.
    pub fn label(self) -> &'static str {
        match self {
            Status::New => "not started",
            Status::Visited => "visited",
            Status::Open => "open",
        }
    }
}

/// What the learner does with the course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CourseAction {
    /// Open the module with this slug (unknown slugs are ignored).
    Open(String),
}

/// The open module and the visited ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseState {
    /// Slug of the open module.
    pub open: &'static str,
    /// Slugs of every module opened so far.
    pub visited: BTreeSet<&'static str>,
}

impl CourseState {
    /// Restored from storage, or the first module. `wanted` (the page's `#/module` hash)
    /// wins over the stored module when it names one.
    pub fn load(store: &dyn Store, wanted: Option<&str>) -> CourseState {
        let stored = store.get(keys::OPEN_MODULE);
        let open = wanted.and_then(content::find).or_else(|| stored.as_deref().and_then(content::find)).unwrap_or(&content::MODULES[0]);
        let mut visited: BTreeSet<&'static str> =
            store.get(keys::VISITED).unwrap_or_default().split(',').filter_map(content::find).map(|m| m.slug).collect();
        visited.insert(open.slug);
        CourseState { open: open.slug, visited }
    }

    /// Writes what persists.
    pub fn save(&self, store: &dyn Store) {
        store.set(keys::OPEN_MODULE, self.open);
        store.set(keys::VISITED, &self.visited.iter().copied().collect::<Vec<_>>().join(","));
    }

    /// The next state, or `None` if nothing changes.
    pub fn apply(&self, action: CourseAction) -> Option<CourseState> {
        match action {
            CourseAction::Open(slug) => {
                let m = content::find(&slug)?;
                if m.slug == self.open {
                    return None;
                }
                let mut next = self.clone();
                next.open = m.slug;
                next.visited.insert(m.slug);
                Some(next)
            }
        }
    }

    /// The open module.
    pub fn module(&self) -> &'static Module {
        content::find(self.open).unwrap_or(&content::MODULES[0])
    }

    /// A module's status dot.
    pub fn status(&self, slug: &str) -> Status {
        if slug == self.open {
            Status::Open
        } else if self.visited.contains(slug) {
            Status::Visited
        } else {
            Status::New
        }
    }

    /// The modules before and after the open one, for the lesson's footer.
    pub fn neighbours(&self) -> (Option<&'static Module>, Option<&'static Module>) {
        let i = content::MODULES.iter().position(|m| m.slug == self.open).unwrap_or(0);
        (i.checked_sub(1).map(|j| &content::MODULES[j]), content::MODULES.get(i + 1))
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for CourseState {
    type Action = CourseAction;

    fn reduce(self: Rc<Self>, action: CourseAction) -> Rc<Self> {
        self.apply(action).map_or(self, Rc::new)
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::memory_store::MemoryStore;

    #[test]
    fn opening_modules_marks_them_visited_and_survives_a_reload() {
        let store = MemoryStore::default();
        let first = CourseState::load(&store, None);
        assert_eq!(first.open, content::MODULES[0].slug);
        let second = content::MODULES[1].slug;
        let st = first.apply(CourseAction::Open(second.into())).unwrap();
        assert!(st.apply(CourseAction::Open(second.into())).is_none());
        assert!(st.apply(CourseAction::Open("no-such-module".into())).is_none());
        assert_eq!(st.status(second), Status::Open);
        assert_eq!(st.status(content::MODULES[0].slug), Status::Visited);
        assert_eq!(st.status(content::MODULES[2].slug), Status::New);
        st.save(&store);
        assert_eq!(CourseState::load(&store, None), st);
        let third = content::MODULES[2].slug;
        assert_eq!(CourseState::load(&store, Some(third)).open, third, "a link to a module wins");
    }

    #[test]
    fn neighbours_are_the_previous_and_next_modules() {
        let st = CourseState::load(&crate::state::memory_store::MemoryStore::default(), None);
        let (prev, next) = st.neighbours();
        assert!(prev.is_none());
        assert_eq!(next.map(|m| m.slug), Some(content::MODULES[1].slug));
    }
}
