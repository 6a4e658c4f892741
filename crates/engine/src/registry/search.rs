//! `docker search` output: the 28.x CLI's default table (`NAME DESCRIPTION STARS OFFICIAL`).

use super::SearchResult;
use crate::cli::table::Table;
use crate::cli::units::ellipsis;

/// The most results the Hub answers with unless `--limit` says otherwise.
pub const DEFAULT_LIMIT: usize = 25;

/// The table `docker search` prints: descriptions on one line, cut to 45 columns with `…`
/// unless `no_trunc`; official images marked `[OK]`.
pub fn table(results: &[SearchResult], no_trunc: bool) -> String {
    let mut t = Table::new();
    t.row(["NAME", "DESCRIPTION", "STARS", "OFFICIAL"]);
    for r in results {
        let desc = r.description.replace(['\n', '\r'], " ");
        let desc = if no_trunc { desc } else { ellipsis(&desc, 45) };
        t.row([r.name.clone(), desc, r.star_count.to_string(), if r.is_official { "[OK]".into() } else { String::new() }]);
    }
    t.render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{MemoryRegistry, Registry};

    #[test]
    fn the_table_truncates_descriptions_and_marks_official_images() {
        let mut hub = MemoryRegistry::hub();
        hub.set_search_info("library/nginx", "Official build of Nginx.", 20_300, true);
        hub.set_search_info("bitnami/nginx", "Bitnami container image for NGINX, with a description longer than 45", 190, false);
        let out = table(&hub.search("nginx"), false);
        assert_eq!(
            out,
            "NAME            DESCRIPTION                                     STARS     OFFICIAL\n\
             nginx           Official build of Nginx.                        20300     [OK]\n\
             bitnami/nginx   Bitnami container image for NGINX, with a de…   190       \n"
        );
    }
}
