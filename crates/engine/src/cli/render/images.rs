//! `docker images` / `docker image ls`: the CLI's image table over `GET /images/json`.
//!
//! Rows are built as the CLI's `imageFormatTaggedAndDigest` does: a dangling image is one
//! `<none>` row; a tagged image has one row per tag (per digest with `--digests`). Docker groups
//! an image's tags through a Go map, in random order; wharf keeps the daemon's order (sorted by
//! full reference). `CREATED AT` is printed in UTC.

use serde_json::{json, Value};

use super::truncate_id;
use crate::api::{GoTime, ImageSummary};
use crate::cli::template::{Missing, Template, TemplateError};
use crate::cli::units::{human_size, human_size_4, time_ago};

/// Column titles of the image formatter.
const HEADERS: &[(&str, &str)] = &[
    ("Containers", "CONTAINERS"),
    ("CreatedAt", "CREATED AT"),
    ("CreatedSince", "CREATED"),
    ("Digest", "DIGEST"),
    ("ID", "IMAGE ID"),
    ("Repository", "REPOSITORY"),
    ("SharedSize", "SHARED SIZE"),
    ("Size", "SIZE"),
    ("Tag", "TAG"),
    ("UniqueSize", "UNIQUE SIZE"),
    ("VirtualSize", "VIRTUAL SIZE"),
];

/// The flags that shape the output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `-q`.
    pub quiet: bool,
    /// `--digests`.
    pub digests: bool,
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// `--format`, empty for the default table.
    pub format: String,
}

fn split_ref(r: &str, sep: char) -> (String, String) {
    match r.rfind(sep) {
        Some(i) if !r[i..].contains('/') => (r[..i].to_string(), r[i + 1..].to_string()),
        _ => (r.to_string(), String::new()),
    }
}

/// The formatter contexts of one image: (repository, tag, digest) per row.
fn rows_of(image: &ImageSummary, digests: bool) -> Vec<(String, String, String)> {
    let dangling = image.repo_tags.iter().all(|t| t == "<none>:<none>") && image.repo_digests.iter().all(|d| d == "<none>@<none>");
    if dangling {
        return vec![("<none>".into(), "<none>".into(), "<none>".into())];
    }
    let mut repos: Vec<(String, Vec<String>)> = Vec::new();
    for t in &image.repo_tags {
        let (repo, tag) = split_ref(t, ':');
        match repos.iter_mut().find(|(r, _)| *r == repo) {
            Some((_, tags)) => tags.push(tag),
            None => repos.push((repo, vec![tag])),
        }
    }
    let mut repo_digests: Vec<(String, Vec<String>)> = Vec::new();
    for d in &image.repo_digests {
        let (repo, digest) = split_ref(d, '@');
        match repo_digests.iter_mut().find(|(r, _)| *r == repo) {
            Some((_, ds)) => ds.push(digest),
            None => repo_digests.push((repo, vec![digest])),
        }
    }
    let mut out = Vec::new();
    for (repo, tags) in &repos {
        let pos = repo_digests.iter().position(|(r, _)| r == repo);
        let ds = pos.map(|p| repo_digests.remove(p).1).filter(|_| digests).unwrap_or_default();
        for tag in tags {
            if ds.is_empty() {
                out.push((repo.clone(), tag.clone(), "<none>".into()));
            }
            for d in &ds {
                out.push((repo.clone(), tag.clone(), d.clone()));
            }
        }
    }
    for (repo, ds) in repo_digests {
        if digests {
            out.extend(ds.into_iter().map(|d| (repo.clone(), "<none>".to_string(), d)));
        } else {
            out.push((repo, "<none>".into(), String::new()));
        }
    }
    out
}

/// Renders `docker images` for `images` (newest first, as the daemon sorts them) at `now`
/// (nanoseconds since the epoch). A template that fails is the CLI's error: print
/// [`TemplateError::docker_message`] on stderr and exit 1.
pub fn render(images: &[ImageSummary], opts: &Options, now: i64) -> Result<String, TemplateError> {
    let format = match opts.format.as_str() {
        "" | "table" if opts.quiet => "{{.ID}}",
        "" | "table" if opts.digests => "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}",
        "" | "table" => "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}",
        other => other,
    };
    let mut rows = Vec::new();
    for image in images {
        let created = GoTime::from_unix(image.created);
        let since = if created == GoTime::from_unix(GoTime::ZERO.unix()) { String::new() } else { time_ago(created.unix_nanos(), now) };
        let na = |n: i64, f: &dyn Fn(u64) -> String| if n == -1 { "N/A".to_string() } else { f(n.max(0) as u64) };
        for (repo, tag, digest) in rows_of(image, opts.digests) {
            let row: Value = json!({
                "Containers": na(image.containers, &|n| n.to_string()),
                "CreatedAt": created.utc_string(),
                "CreatedSince": since,
                "Digest": digest,
                "ID": if opts.no_trunc { image.id.clone() } else { truncate_id(&image.id) },
                "Repository": repo,
                "SharedSize": na(image.shared_size, &human_size_4),
                "Size": human_size(image.size.max(0) as u64),
                "Tag": tag,
                "UniqueSize": if image.shared_size == -1 { "N/A".to_string() } else { human_size_4((image.size - image.shared_size).max(0) as u64) },
                "VirtualSize": human_size_4(image.virtual_size.max(0) as u64),
            });
            rows.push(row);
        }
    }
    Template::parse(format)?.with_missing(Missing::Struct("*formatter.imageContext".into())).with_escaped_root_json(true).render_rows(&rows, HEADERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: &str, created: &str, tags: &[&str]) -> ImageSummary {
        ImageSummary {
            containers: -1,
            created: GoTime::parse(created).unwrap().unix(),
            id: id.to_string(),
            labels: None,
            parent_id: String::new(),
            repo_digests: if tags.is_empty() { vec!["<none>@<none>".into()] } else { vec![] },
            repo_tags: if tags.is_empty() { vec!["<none>:<none>".into()] } else { tags.iter().map(|t| t.to_string()).collect() },
            shared_size: -1,
            size: 1_985_569,
            virtual_size: 1_985_569,
        }
    }

    /// The images of `docker-images.txt`, listed a little after 11:03:28.
    fn reference_images() -> Vec<ImageSummary> {
        vec![
            summary("sha256:b6bc81fbf70c89141879421de025f9912aedf79cf90dd27dde5aef98d700313c", "2026-11-22T11:02:30Z", &["probe-build:bkhost"]),
            summary("sha256:27d663d478f95197d13af7576f50561fa407dd1a0e69c578883be2a95863238e", "2026-11-22T11:02:28Z", &["probe-build:bk"]),
            summary("sha256:03813ba8e177adbc69bd41d708d73813e4c75e9ead64c37b71e006bda169847e", "2026-11-22T11:02:10Z", &["probe-build:legacy"]),
            summary("sha256:55d09268a59ea9121d6b1b11a747cb93399cdfc839c4c6d773ff6c060c91d306", "2026-11-22T11:01:28Z", &["busybox:latest", "localhost:5000/busybox:1.35"]),
        ]
    }

    fn now() -> i64 {
        GoTime::parse("2026-11-22T11:03:29.5Z").unwrap().unix_nanos()
    }

    #[test]
    fn the_default_table_is_dockers() {
        let text = render(&reference_images(), &Options::default(), now()).unwrap();
        assert_eq!(text, include_str!("testdata/docker-images.txt"));
    }

    #[test]
    fn json_format_is_dockers() {
        let images = &reference_images()[3..];
        let opts = Options { format: "json".into(), ..Options::default() };
        let text = render(images, &opts, GoTime::parse("2026-11-22T11:02:50Z").unwrap().unix_nanos()).unwrap();
        let expected = "{\"Containers\":\"N/A\",\"CreatedAt\":\"2026-11-22 11:01:28 +0000 UTC\",\"CreatedSince\":\"About a minute ago\",\"Digest\":\"\\u003cnone\\u003e\",\"ID\":\"55d09268a59e\",\"Repository\":\"busybox\",\"SharedSize\":\"N/A\",\"Size\":\"1.99MB\",\"Tag\":\"latest\",\"UniqueSize\":\"N/A\",\"VirtualSize\":\"1.986MB\"}\n";
        assert!(text.starts_with(expected), "{text}");
    }

    #[test]
    fn quiet_no_trunc_digests_and_dangling_rows() {
        let mut images = reference_images();
        images.push(summary("sha256:e9608cc58652eaa0cc39466e2f776de7ce1ceedce8202a6c5b6dac95e9d3ccef", "2026-11-22T11:02:27Z", &[]));
        let quiet = render(&images, &Options { quiet: true, ..Options::default() }, now()).unwrap();
        assert_eq!(quiet, "b6bc81fbf70c\n27d663d478f9\n03813ba8e177\n55d09268a59e\n55d09268a59e\ne9608cc58652\n");
        let full = render(&images[..1], &Options { no_trunc: true, ..Options::default() }, now()).unwrap();
        assert!(full.contains("sha256:b6bc81fbf70c89141879421de025f9912aedf79cf90dd27dde5aef98d700313c   "), "{full}");
        let digests = render(&images[4..], &Options { digests: true, ..Options::default() }, now()).unwrap();
        assert_eq!(digests.lines().nth(1).unwrap(), "<none>       <none>    <none>    e9608cc58652   About a minute ago   1.99MB");
    }

    #[test]
    fn a_failing_template_is_the_clis_error() {
        let opts = Options { format: "{{.Nope}}".into(), ..Options::default() };
        let err = render(&reference_images(), &opts, now()).unwrap_err();
        assert_eq!(
            err.docker_message(),
            "template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.imageContext"
        );
    }
}
