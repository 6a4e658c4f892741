//! The page's state, one reducer per domain (Yew's `use_reducer`): the simulated machine
//! ([`session`]), the course and the learner's progress ([`course`]), and the page's own
//! preferences ([`ui`]). Each is plain Rust with an `apply` that returns the next state (or
//! `None` when nothing visible changed); on wasm32 each also implements `yew::Reducible`.
//! What persists is read and written through [`Store`], so tests need no browser.

pub mod course;
pub mod session;
pub mod ui;

/// Where persisted state lives: localStorage in the page, a map in tests.
pub trait Store {
    /// The value stored under `key`.
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key` (best effort: a full or disabled storage loses it).
    fn set(&self, key: &str, value: &str);
}

/// Keys in localStorage. Versioned, so a later format can ignore old values.
pub mod keys {
    /// Progress in a pack, JSON (`Progress`), suffixed `.PACK_ID`.
    pub const PROGRESS: &str = "wharf.v2.progress";
    /// Where the learner is in a pack (`M03/host`), suffixed `.PACK_ID`.
    pub const OPEN: &str = "wharf.v2.open";
    /// `system`, `light` or `dark`.
    pub const THEME: &str = "wharf.v1.theme";
    /// Pane sizes and the module list's state.
    pub const LAYOUT: &str = "wharf.v1.layout";
    /// The open X-ray tab.
    pub const XRAY_TAB: &str = "wharf.v1.xray";
    /// Terminal history, one command per line.
    pub const HISTORY: &str = "wharf.v1.history";
}

#[cfg(test)]
pub(crate) mod memory_store {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    /// A [`super::Store`] in memory, for tests.
    #[derive(Default)]
    pub struct MemoryStore(pub RefCell<BTreeMap<String, String>>);

    impl super::Store for MemoryStore {
        fn get(&self, key: &str) -> Option<String> {
            self.0.borrow().get(key).cloned()
        }
        fn set(&self, key: &str, value: &str) {
            self.0.borrow_mut().insert(key.to_string(), value.to_string());
        }
    }
}
