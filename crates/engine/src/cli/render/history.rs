//! `docker history` / `docker image history`: the CLI's history table over
//! `GET /images/{name}/history`.

use serde_json::json;

use super::truncate_id;
use crate::api::{GoTime, HistoryResponseItem};
use crate::cli::template::{Missing, Template, TemplateError};
use crate::cli::units::{ellipsis, human_size, time_ago};

const HEADERS: &[(&str, &str)] = &[("ID", "IMAGE"), ("CreatedSince", "CREATED"), ("CreatedAt", "CREATED AT"), ("CreatedBy", "CREATED BY"), ("Size", "SIZE"), ("Comment", "COMMENT")];

/// The flags that shape the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `-H`/`--human` (default true).
    pub human: bool,
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// `-q`.
    pub quiet: bool,
    /// `--format`, empty for the default table.
    pub format: String,
}

impl Default for Options {
    fn default() -> Self {
        Options { human: true, no_trunc: false, quiet: false, format: String::new() }
    }
}

/// Renders `docker history` at `now` (nanoseconds since the epoch). A template that fails is
/// the CLI's error: print [`TemplateError::docker_message`] on stderr and exit 1.
pub fn render(items: &[HistoryResponseItem], opts: &Options, now: i64) -> Result<String, TemplateError> {
    let format = match opts.format.as_str() {
        "" | "table" if opts.quiet => "{{.ID}}",
        "" | "table" if !opts.human => "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
        "" | "table" => "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
        other => other,
    };
    let rows: Vec<_> = items
        .iter()
        .map(|h| {
            let created = GoTime::from_unix(h.created);
            let created_by = h.created_by.replace('\t', " ");
            json!({
                "ID": if opts.no_trunc { h.id.clone() } else { truncate_id(&h.id) },
                "CreatedSince": if opts.human { time_ago(created.unix_nanos(), now) } else { created.rfc3339_utc() },
                "CreatedAt": created.rfc3339_utc(),
                "CreatedBy": if opts.no_trunc { created_by } else { ellipsis(&created_by, 45) },
                "Size": if opts.human { human_size(h.size.max(0) as u64) } else { h.size.to_string() },
                "Comment": h.comment,
            })
        })
        .collect();
    Template::parse(format)?.with_missing(Missing::Struct("*image.historyContext".into())).with_escaped_root_json(true).render_rows(&rows, HEADERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The legacy build of `docker-history-legacy.txt` as the daemon returned it (IDs of the
    /// intermediate images included: the build was local).
    fn legacy() -> Vec<HistoryResponseItem> {
        let config: serde_json::Value = serde_json::from_str(include_str!("../../image/testdata/config-legacy.json")).unwrap();
        let ids = [
            "03813ba8e177adbc69bd41d708d73813e4c75e9ead64c37b71e006bda169847e",
            "dcf530087e7fca2b4994b914bc2a410070bbe4590bd7a7c94a4f49a4fdbdad5f",
            "19900c22d735ea7c94faa1dca2f62e488b76ac091b7d71f1fb48ed025cf80101",
            "5f50b97b68f3b8e24c80f35d1ea39d7711da36aade27f7ff7a10b63ca3c2a9f1",
            "3e92a9c5f4224c61f4da8b692d1b70d12d4257a52bc7e1d71f6df1e50c52a761",
            "22f00e91cdaa6b6697374e5601b58e0143f992c56abbd2c09bbf9364c32f8bc4",
            "b944f6db5077f8239ebfb2ccff36ad046081fb7aa54030324e04865cdb815d0b",
            "21356c64048c647cc806a7d72a961a9196e7c7383a4f9d44253005b366457834",
            "7af96d9eb38c9d1486c5f27446e40116ae15442a219f588c846ddab0cba9ec51",
            "830c6da684f5bb46a185b34b9a4ff7bce5b195d2c4ca7f05801def20d49fcb99",
            "55d09268a59ea9121d6b1b11a747cb93399cdfc839c4c6d773ff6c060c91d306",
        ];
        let sizes = [0, 0, 0, 0, 6, 20, 9, 11, 0, 0, 1_985_569];
        let history = config["history"].as_array().unwrap();
        history
            .iter()
            .rev()
            .zip(ids.iter().zip(sizes))
            .map(|(h, (id, size))| HistoryResponseItem {
                comment: h["comment"].as_str().unwrap_or("").to_string(),
                created: GoTime::parse(h["created"].as_str().unwrap()).unwrap().unix(),
                created_by: h["created_by"].as_str().unwrap_or("").to_string(),
                id: format!("sha256:{id}"),
                size,
                tags: None,
            })
            .collect()
    }

    fn now() -> i64 {
        GoTime::parse("2026-11-22T11:03:29Z").unwrap().unix_nanos()
    }

    #[test]
    fn the_legacy_history_is_dockers() {
        assert_eq!(render(&legacy(), &Options::default(), now()).unwrap(), include_str!("testdata/docker-history-legacy.txt"));
        let no_trunc = Options { no_trunc: true, ..Options::default() };
        assert_eq!(render(&legacy(), &no_trunc, now()).unwrap(), include_str!("testdata/docker-history-legacy-notrunc.txt"));
    }

    #[test]
    fn the_import_history_is_dockers() {
        let item = legacy().pop().unwrap();
        assert_eq!(render(&[item], &Options::default(), now()).unwrap(), include_str!("testdata/docker-history-busybox-import.txt"));
    }

    #[test]
    fn missing_rows_quiet_and_machine_readable() {
        let mut items = legacy();
        for h in &mut items[1..] {
            h.id = "<missing>".into();
        }
        let quiet = render(&items, &Options { quiet: true, ..Options::default() }, now()).unwrap();
        assert!(quiet.starts_with("03813ba8e177\n<missing>\n"), "{quiet}");
        let raw = render(&items[10..], &Options { human: false, ..Options::default() }, now()).unwrap();
        assert_eq!(raw.lines().nth(1).unwrap(), "<missing>   2026-11-22T11:01:28Z                1985569   Imported from -");
    }

    #[test]
    fn a_bad_template_is_the_clis_error() {
        let err = render(&legacy(), &Options { format: "{{.ID".into(), ..Options::default() }, now()).unwrap_err();
        assert!(err.docker_message().starts_with("template parsing error: template: :1: "), "{}", err.docker_message());
    }
}
