//! `wharf history`: the docker CLI's history table over `GET /images/{name}/history`.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::ArgAction;
use serde_json::json;
use wharf::store::open_stores;
use wharf_engine::api::{GoTime, HistoryResponseItem};
use wharf_engine::cli::template::{Missing, Template, TemplateError};
use wharf_engine::cli::units::{ellipsis, human_size, time_ago};
use wharf_engine::image::db::ImageDb;

use super::images::truncate_id;

/// Flags of `wharf history`.
#[derive(clap::Args)]
pub struct Args {
    /// Print sizes and dates in human readable format
    #[arg(short = 'H', long = "human", action = ArgAction::Set, default_value_t = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "true|false")]
    pub human: bool,
    /// Don't truncate output
    #[arg(long = "no-trunc")]
    pub no_trunc: bool,
    /// Only show image IDs
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
    /// Format output using a custom template ('table', 'table TEMPLATE', 'json', 'TEMPLATE')
    #[arg(long = "format", value_name = "string")]
    pub format: Option<String>,
    /// The image
    #[arg(value_name = "IMAGE")]
    pub image: String,
}

const HEADERS: &[(&str, &str)] = &[("ID", "IMAGE"), ("CreatedSince", "CREATED"), ("CreatedAt", "CREATED AT"), ("CreatedBy", "CREATED BY"), ("Size", "SIZE"), ("Comment", "COMMENT")];

/// What to print.
#[derive(Debug, Clone)]
pub struct View {
    /// `-H` (default true).
    pub human: bool,
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// `-q`.
    pub quiet: bool,
    /// `--format`, empty for the default table.
    pub format: String,
}

impl Default for View {
    fn default() -> Self {
        View { human: true, no_trunc: false, quiet: false, format: String::new() }
    }
}

/// Renders `docker history` output at `now` (nanoseconds since the epoch).
pub fn render(items: &[HistoryResponseItem], view: &View, now: i64) -> Result<String, TemplateError> {
    let format = match view.format.as_str() {
        "" | "table" if view.quiet => "{{.ID}}",
        "" | "table" if !view.human => "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
        "" | "table" => "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
        other => other,
    };
    let rows: Vec<_> = items
        .iter()
        .map(|h| {
            let created = GoTime::from_unix(h.created);
            let created_by = h.created_by.replace('\t', " ");
            json!({
                "ID": if view.no_trunc { h.id.clone() } else { truncate_id(&h.id) },
                "CreatedSince": if view.human { time_ago(created.unix_nanos(), now) } else { created.rfc3339_utc() },
                "CreatedAt": created.rfc3339_utc(),
                "CreatedBy": if view.no_trunc { created_by } else { ellipsis(&created_by, 45) },
                "Size": if view.human { human_size(h.size.max(0) as u64) } else { h.size.to_string() },
                "Comment": h.comment,
            })
        })
        .collect();
    Template::parse(format)?.with_missing(Missing::Struct("*image.historyContext".into())).with_escaped_root_json(true).render_rows(&rows, HEADERS)
}

/// Runs the command.
pub fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let (mut content, mut meta) = open_stores(root)?;
    let db = ImageDb::new(&mut content, &mut meta);
    let items = match db.resolve(&args.image).and_then(|id| db.history(&id)) {
        Ok(items) => items,
        Err(e) => {
            eprintln!("Error response from daemon: {e}");
            return Ok(1);
        }
    };
    let view = View { human: args.human, no_trunc: args.no_trunc, quiet: args.quiet, format: args.format.unwrap_or_default() };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as i64).unwrap_or(0);
    match render(&items, &view, now) {
        Ok(text) => {
            print!("{text}");
            Ok(0)
        }
        Err(e) => {
            eprintln!("{}", e.docker_message());
            Ok(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The legacy build of `docker-history-legacy.txt` as the daemon returned it (IDs of the
    /// intermediate images included: the build was local).
    fn legacy() -> Vec<HistoryResponseItem> {
        let config: serde_json::Value = serde_json::from_str(include_str!("../../../engine/src/image/testdata/config-legacy.json")).unwrap();
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
        assert_eq!(render(&legacy(), &View::default(), now()).unwrap(), include_str!("testdata/docker-history-legacy.txt"));
        let no_trunc = View { no_trunc: true, ..View::default() };
        assert_eq!(render(&legacy(), &no_trunc, now()).unwrap(), include_str!("testdata/docker-history-legacy-notrunc.txt"));
    }

    #[test]
    fn the_import_history_is_dockers() {
        let item = legacy().pop().unwrap();
        assert_eq!(render(&[item], &View::default(), now()).unwrap(), include_str!("testdata/docker-history-busybox-import.txt"));
    }

    #[test]
    fn missing_rows_quiet_and_machine_readable() {
        let mut items = legacy();
        for h in &mut items[1..] {
            h.id = "<missing>".into();
        }
        let quiet = render(&items, &View { quiet: true, ..View::default() }, now()).unwrap();
        assert!(quiet.starts_with("03813ba8e177\n<missing>\n"), "{quiet}");
        let raw = render(&items[10..], &View { human: false, ..View::default() }, now()).unwrap();
        assert_eq!(raw.lines().nth(1).unwrap(), "<missing>   2026-11-22T11:01:28Z                1985569   Imported from -");
    }
}
