//! The page's own preferences: theme, pane sizes, whether the module list is folded, and the
//! open X-ray tab. Sizes are clamped so a stored value from a bigger screen cannot hide a pane.

use super::{keys, Store};
use crate::xray::select::Selection;
use crate::xray::Tab;

/// The learner's theme choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Follow `prefers-color-scheme`.
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ThemeChoice {
    fn id(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    fn from_id(id: &str) -> Option<ThemeChoice> {
        [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark].into_iter().find(|t| t.id() == id)
    }

    /// The toggle's label: what a click switches to.
    pub fn next(self) -> ThemeChoice {
        match self {
            ThemeChoice::System => ThemeChoice::Light,
            ThemeChoice::Light => ThemeChoice::Dark,
            ThemeChoice::Dark => ThemeChoice::System,
        }
    }

    /// A short name for the toggle button.
    pub fn title(self) -> &'static str {
        match self {
            ThemeChoice::System => "Auto",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }
}

/// Pane sizes in CSS pixels, and the terminal's share of the right column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// Width of the lesson pane.
    pub lesson: f32,
    /// Fraction (0..1) of the right column's height given to the terminal.
    pub terminal: f32,
    /// Whether the module list is folded to a rail.
    pub nav_folded: bool,
}

impl Layout {
    /// Narrowest and widest lesson pane.
    pub const LESSON: (f32, f32) = (280.0, 760.0);
    /// Smallest and largest terminal share.
    pub const TERMINAL: (f32, f32) = (0.25, 0.8);

    fn clamped(self) -> Layout {
        Layout {
            lesson: self.lesson.clamp(Self::LESSON.0, Self::LESSON.1),
            terminal: self.terminal.clamp(Self::TERMINAL.0, Self::TERMINAL.1),
            nav_folded: self.nav_folded,
        }
    }

    fn serialize(&self) -> String {
        format!("{:.0},{:.3},{}", self.lesson, self.terminal, u8::from(self.nav_folded))
    }

    fn parse(s: &str) -> Option<Layout> {
        let mut it = s.split(',');
        let lesson = it.next()?.parse().ok()?;
        let terminal = it.next()?.parse().ok()?;
        let nav_folded = it.next()? == "1";
        Some(Layout { lesson, terminal, nav_folded }.clamped())
    }
}

impl Default for Layout {
    fn default() -> Layout {
        Layout { lesson: 400.0, terminal: 0.56, nav_folded: false }
    }
}

/// What the learner does to the page itself.
#[derive(Debug, Clone, PartialEq)]
pub enum UiAction {
    /// The theme toggle: System → Light → Dark → System.
    CycleTheme,
    /// `prefers-color-scheme: dark` changed.
    SystemDark(bool),
    /// Drag or arrow keys on the lesson/terminal splitter.
    ResizeLesson(f32),
    /// Drag or arrow keys on the terminal/X-ray splitter (a fraction).
    ResizeTerminal(f32),
    /// Fold or unfold the module list.
    ToggleNav,
    /// Open an X-ray tab.
    SelectTab(Tab),
    /// Select an object in the X-ray (or clear the selection): every pane marks it.
    Select(Option<Selection>),
}

/// The page's preferences.
#[derive(Debug, Clone, PartialEq)]
pub struct UiState {
    /// The learner's theme choice.
    pub theme: ThemeChoice,
    /// Whether the system prefers dark.
    pub system_dark: bool,
    /// Pane sizes.
    pub layout: Layout,
    /// The open X-ray tab.
    pub tab: Tab,
    /// The X-ray's selected object (not persisted: it names things of this machine only).
    pub selection: Option<Selection>,
}

impl UiState {
    /// Restored from storage.
    pub fn load(store: &dyn Store, system_dark: bool) -> UiState {
        UiState {
            theme: store.get(keys::THEME).as_deref().and_then(ThemeChoice::from_id).unwrap_or(ThemeChoice::System),
            system_dark,
            layout: store.get(keys::LAYOUT).as_deref().and_then(Layout::parse).unwrap_or_default(),
            tab: store.get(keys::XRAY_TAB).as_deref().and_then(Tab::from_id).unwrap_or(Tab::Processes),
            selection: None,
        }
    }

    /// Writes what persists.
    pub fn save(&self, store: &dyn Store) {
        store.set(keys::THEME, self.theme.id());
        store.set(keys::LAYOUT, &self.layout.serialize());
        store.set(keys::XRAY_TAB, self.tab.id());
    }

    /// Whether the page is dark now.
    pub fn dark(&self) -> bool {
        match self.theme {
            ThemeChoice::System => self.system_dark,
            ThemeChoice::Light => false,
            ThemeChoice::Dark => true,
        }
    }

    /// The next state, or `None` if nothing changes.
    pub fn apply(&self, action: UiAction) -> Option<UiState> {
        let mut next = self.clone();
        match action {
            UiAction::CycleTheme => next.theme = self.theme.next(),
            UiAction::SystemDark(dark) => next.system_dark = dark,
            UiAction::ResizeLesson(px) => next.layout = Layout { lesson: px, ..self.layout }.clamped(),
            UiAction::ResizeTerminal(f) => next.layout = Layout { terminal: f, ..self.layout }.clamped(),
            UiAction::ToggleNav => next.layout.nav_folded = !self.layout.nav_folded,
            UiAction::SelectTab(tab) => next.tab = tab,
            // A second click on the selected object lets it go.
            UiAction::Select(sel) => next.selection = if sel.is_some() && sel == self.selection { None } else { sel },
        }
        (next != *self).then_some(next)
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for UiState {
    type Action = UiAction;

    fn reduce(self: std::rc::Rc<Self>, action: UiAction) -> std::rc::Rc<Self> {
        self.apply(action).map_or(self, std::rc::Rc::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::memory_store::MemoryStore;

    #[test]
    fn the_theme_cycles_and_system_follows_the_media_query() {
        let st = UiState::load(&MemoryStore::default(), true);
        assert_eq!(st.theme, ThemeChoice::System);
        assert!(st.dark());
        let st = st.apply(UiAction::CycleTheme).unwrap();
        assert!(!st.dark(), "light even though the system is dark");
        let st = st.apply(UiAction::CycleTheme).unwrap().apply(UiAction::SystemDark(false)).unwrap();
        assert!(st.dark());
        assert_eq!(st.apply(UiAction::CycleTheme).unwrap().theme, ThemeChoice::System);
    }

    #[test]
    fn a_second_click_on_the_selected_object_lets_it_go_and_selection_is_not_stored() {
        let store = MemoryStore::default();
        let web = Selection::Container("c0ffee".into());
        let st = UiState::load(&store, false).apply(UiAction::Select(Some(web.clone()))).unwrap();
        assert_eq!(st.selection, Some(web.clone()));
        let st = st.apply(UiAction::Select(Some(Selection::Volume("data".into())))).unwrap();
        assert_eq!(st.selection, Some(Selection::Volume("data".into())), "another object takes over");
        st.save(&store);
        assert_eq!(UiState::load(&store, false).selection, None, "names of this machine only");
        let st = st.apply(UiAction::Select(Some(Selection::Volume("data".into())))).unwrap();
        assert_eq!(st.selection, None);
        assert!(st.apply(UiAction::Select(None)).is_none());
    }

    #[test]
    fn sizes_are_clamped_and_everything_persists() {
        let store = MemoryStore::default();
        let st = UiState::load(&store, false)
            .apply(UiAction::ResizeLesson(5000.0))
            .unwrap()
            .apply(UiAction::ResizeTerminal(0.1))
            .unwrap()
            .apply(UiAction::ToggleNav)
            .unwrap()
            .apply(UiAction::SelectTab(Tab::Network))
            .unwrap()
            .apply(UiAction::CycleTheme)
            .unwrap();
        assert_eq!(st.layout, Layout { lesson: 760.0, terminal: 0.25, nav_folded: true });
        assert!(st.apply(UiAction::ResizeLesson(9000.0)).is_none(), "already at the maximum");
        st.save(&store);
        assert_eq!(UiState::load(&store, false), st);
        store.set(keys::LAYOUT, "garbage");
        assert_eq!(UiState::load(&store, false).layout, Layout::default());
    }
}
