//! localStorage as the state's [`Store`]. Private browsing or a full quota make it a no-op
//! rather than an error: the page works, it just forgets.

use crate::state::Store;

/// The page's localStorage.
#[derive(Clone, Copy, Default)]
pub struct LocalStore;

impl LocalStore {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }
}

impl Store for LocalStore {
    fn get(&self, key: &str) -> Option<String> {
        Self::storage()?.get_item(key).ok()?
    }

    fn set(&self, key: &str, value: &str) {
        if let Some(s) = Self::storage() {
            let _ = s.set_item(key, value);
        }
    }
}
