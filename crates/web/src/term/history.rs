//! Command history: ↑/↓ recall with the unfinished line kept as a draft, persisted between
//! visits (one command per line in localStorage).

/// How many commands are kept.
pub const MAX_ENTRIES: usize = 500;

/// The commands entered so far, oldest first, and where ↑/↓ browsing stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    entries: Vec<String>,
    /// The entry being shown while browsing (`None`: the draft line).
    pos: Option<usize>,
    /// The line being typed before browsing started.
    draft: String,
}

impl History {
    /// A history restored from [`History::serialize`]'s text.
    pub fn parse(text: &str) -> History {
        let mut entries: Vec<String> = text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
        let excess = entries.len().saturating_sub(MAX_ENTRIES);
        entries.drain(..excess);
        History { entries, ..History::default() }
    }

    /// The history as text to store: one command per line.
    pub fn serialize(&self) -> String {
        self.entries.join("\n")
    }

    /// The commands, oldest first.
    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Records an entered line (not blank ones, nor one repeating the previous command) and
    /// stops browsing. Returns whether the history changed.
    pub fn push(&mut self, line: &str) -> bool {
        self.pos = None;
        self.draft.clear();
        if line.trim().is_empty() || self.entries.last().is_some_and(|l| l == line) {
            return false;
        }
        self.entries.push(line.to_string());
        if self.entries.len() > MAX_ENTRIES {
            self.entries.remove(0);
        }
        true
    }

    /// ↑: the previous command, remembering `current` as the draft when browsing starts.
    /// `None` at the oldest entry.
    pub fn back(&mut self, current: &str) -> Option<&str> {
        let next = match self.pos {
            None if self.entries.is_empty() => return None,
            None => {
                self.draft = current.to_string();
                self.entries.len() - 1
            }
            Some(0) => return None,
            Some(i) => i - 1,
        };
        self.pos = Some(next);
        Some(&self.entries[next])
    }

    /// ↓: the next command, or the draft after the newest. `None` when not browsing.
    pub fn forward(&mut self) -> Option<&str> {
        let i = self.pos?;
        if i + 1 < self.entries.len() {
            self.pos = Some(i + 1);
            Some(&self.entries[i + 1])
        } else {
            self.pos = None;
            Some(&self.draft)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsing_back_and_forward_returns_to_the_draft() {
        let mut h = History::default();
        for l in ["ls", "ps", "ps", "  ", "docker ps"] {
            h.push(l);
        }
        assert_eq!(h.entries(), ["ls", "ps", "docker ps"]);
        assert_eq!(h.back("dock"), Some("docker ps"));
        assert_eq!(h.back(""), Some("ps"));
        assert_eq!(h.back(""), Some("ls"));
        assert_eq!(h.back(""), None);
        assert_eq!(h.forward(), Some("ps"));
        assert_eq!(h.forward(), Some("docker ps"));
        assert_eq!(h.forward(), Some("dock"));
        assert_eq!(h.forward(), None);
    }

    #[test]
    fn it_round_trips_through_storage_and_stays_bounded() {
        let mut h = History::default();
        for i in 0..MAX_ENTRIES + 20 {
            h.push(&format!("echo {i}"));
        }
        let restored = History::parse(&h.serialize());
        assert_eq!(restored.entries().len(), MAX_ENTRIES);
        assert_eq!(restored.entries()[0], "echo 20");
        assert_eq!(restored, History { pos: None, draft: String::new(), entries: h.entries().to_vec() });
    }
}
