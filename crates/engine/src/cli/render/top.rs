//! `docker top`: the daemon runs `ps` and splits its output; the CLI aligns it with a
//! tabwriter of minimum width 20 (wider than the other tables' 10).

use crate::api::ContainerTopOkBody;
use crate::cli::table::Table;

/// The lines `docker top` prints.
pub fn render(top: &ContainerTopOkBody) -> String {
    let mut t = Table::with_layout(20, 3);
    t.text(&top.titles.join("\t")).text("\n");
    for p in &top.processes {
        t.text(&p.join("\t")).text("\n");
    }
    t.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_table_is_dockers() {
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let top = ContainerTopOkBody {
            titles: words("UID PID PPID C STIME TTY TIME CMD"),
            processes: vec![["root", "32346", "32324", "0", "11:03", "?", "00:00:00", "sleep 300"].map(String::from).to_vec()],
        };
        assert_eq!(render(&top), include_str!("testdata/docker-top.txt"));
    }
}
