//! `docker diff`: one `KIND PATH` line per change, as the daemon lists them.

use crate::api::ContainerChangeResponseItem;

/// The lines `docker diff` prints (`C /tmp`, `A /tmp/x`, `D /etc/motd`).
pub fn render(changes: &[ContainerChangeResponseItem]) -> String {
    changes.iter().map(|c| format!("{} {}\n", c.kind.letter(), c.path)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ChangeKind;

    #[test]
    fn one_line_per_change() {
        let item = |kind, path: &str| ContainerChangeResponseItem { kind, path: path.into() };
        let changes = [item(ChangeKind::Modify, "/tmp"), item(ChangeKind::Add, "/tmp/x"), item(ChangeKind::Delete, "/etc/motd")];
        assert_eq!(render(&changes), "C /tmp\nA /tmp/x\nD /etc/motd\n");
        assert_eq!(render(&[]), "");
    }
}
