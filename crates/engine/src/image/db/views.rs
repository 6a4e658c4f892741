//! The Engine API views of the database: `GET /images/json`, `/images/{name}/json` and
//! `/images/{name}/history`, built as Docker 20.10's daemon builds them.

use super::{DbError, ImageDb};
use crate::api::{GoTime, GraphDriverData, HistoryResponseItem, ImageInspect, ImageMetadata, ImageSummary, RootFs};
use crate::digest::Digest;
use crate::image::oci::chain_ids;
use crate::image::reference::Reference;

/// What `GET /images/json` is asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListOptions {
    /// `reference=` filters (`docker images busybox`): glob patterns matched against the
    /// familiar `name:tag`, then the familiar name.
    pub reference: Vec<String>,
    /// `-a`: also list untagged images that are parents of others (the legacy builder's
    /// intermediate images), which are hidden by default.
    pub all: bool,
}

/// Go's `path.Match`: `*` and `?` never match `/`; `[...]` classes with ranges and `^`.
pub fn path_match(pattern: &str, name: &str) -> bool {
    fn class(p: &[char], c: char) -> Option<(bool, usize)> {
        // Returns (matched, length of the class in p, including brackets).
        let mut i = 1;
        let negate = p.get(i) == Some(&'^');
        if negate {
            i += 1;
        }
        let mut matched = false;
        let mut first = true;
        while i < p.len() {
            if p[i] == ']' && !first {
                return Some((matched != negate, i + 1));
            }
            first = false;
            let mut lo = p[i];
            if lo == '\\' {
                i += 1;
                lo = *p.get(i)?;
            }
            let mut hi = lo;
            if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|c| *c != ']') {
                hi = p[i + 2];
                if hi == '\\' {
                    hi = *p.get(i + 3)?;
                    i += 1;
                }
                i += 2;
            }
            if lo <= c && c <= hi {
                matched = true;
            }
            i += 1;
        }
        None
    }
    fn go(p: &[char], n: &[char]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some('*') => (0..=n.len()).take_while(|&k| k == 0 || n[k - 1] != '/').any(|k| go(&p[1..], &n[k..])),
            Some('?') => n.first().is_some_and(|c| *c != '/') && go(&p[1..], &n[1..]),
            Some('[') => match (n.first(), class(p, n.first().copied().unwrap_or('\0'))) {
                (Some(c), Some((true, len))) if *c != '/' => go(&p[len..], &n[1..]),
                _ => false,
            },
            Some('\\') if p.len() > 1 => n.first() == Some(&p[1]) && go(&p[2..], &n[1..]),
            Some(c) => n.first() == Some(c) && go(&p[1..], &n[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    go(&p, &n)
}

/// Docker's `reference.FamiliarMatch`.
fn familiar_match(pattern: &str, r: &Reference) -> bool {
    path_match(pattern, &r.familiar_string()) || path_match(pattern, &r.familiar_name())
}

impl ImageDb<'_> {
    /// `GET /images/json`: one summary per image, newest first; a dangling image gets
    /// `<none>:<none>`. With reference filters, only matching tags are listed and images
    /// without one are left out.
    pub fn summaries(&self, opts: &ListOptions) -> Result<Vec<ImageSummary>, DbError> {
        let tags = self.tags()?;
        let ids = self.ids()?;
        let mut parents = std::collections::BTreeSet::new();
        for id in &ids {
            if let Some(p) = self.get(id)?.parent {
                parents.insert(p);
            }
        }
        let mut out = Vec::new();
        for id in ids {
            let rec = self.get(&id)?;
            let img = self.config(&id)?;
            let mut repo_tags = Vec::new();
            let mut repo_digests = Vec::new();
            for r in tags.references(&id) {
                if !opts.reference.is_empty() && !opts.reference.iter().any(|p| familiar_match(p, &r)) {
                    continue;
                }
                if r.digest().is_some() {
                    repo_digests.push(r.familiar_string());
                } else {
                    repo_tags.push(r.familiar_string());
                }
            }
            if repo_tags.is_empty() && repo_digests.is_empty() {
                if !opts.reference.is_empty() || (!opts.all && parents.contains(&id)) {
                    continue;
                }
                repo_tags.push("<none>:<none>".to_string());
                repo_digests.push("<none>@<none>".to_string());
            }
            let size = rec.size() as i64;
            out.push(ImageSummary {
                containers: -1,
                created: img.created.unix(),
                id: id.to_string(),
                labels: img.config.as_ref().and_then(|c| c.labels.clone()),
                parent_id: rec.parent.map(|p| p.to_string()).unwrap_or_default(),
                repo_digests,
                repo_tags,
                shared_size: -1,
                size,
                virtual_size: size,
            });
        }
        // Docker sorts by creation time, newest first; ties (same second) by ID for stability.
        crate::sort::by(&mut out, |a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
        Ok(out)
    }

    /// `GET /images/{name}/json` for image `id`. `graph_root` is where layer directories live
    /// (natively `<--root>/overlay2`); see [`GraphDriverData::overlay2`].
    pub fn inspect(&self, id: &Digest, graph_root: &str) -> Result<ImageInspect, DbError> {
        let rec = self.get(id)?;
        let img = self.config(id)?;
        let mut repo_tags = Vec::new();
        let mut repo_digests = Vec::new();
        for r in self.references(id)? {
            if r.digest().is_some() {
                repo_digests.push(r.familiar_string());
            } else {
                repo_tags.push(r.familiar_string());
            }
        }
        let size = rec.size() as i64;
        Ok(ImageInspect {
            id: id.to_string(),
            repo_tags,
            repo_digests,
            parent: rec.parent.map(|p| p.to_string()).unwrap_or_default(),
            comment: img.comment.clone(),
            created: img.created.rfc3339_nano(),
            container: img.container.clone(),
            container_config: img.container_config.clone(),
            docker_version: img.docker_version.clone(),
            author: img.author.clone(),
            config: img.config.clone(),
            architecture: img.architecture.clone(),
            variant: img.variant.clone(),
            os: img.operating_system().to_string(),
            os_version: img.os_version.clone(),
            size,
            virtual_size: size,
            graph_driver: GraphDriverData::overlay2(graph_root, &chain_ids(img.diff_ids())),
            root_fs: RootFs { kind: "layers".to_string(), layers: img.diff_ids().iter().map(Digest::to_string).collect() },
            metadata: ImageMetadata { last_tag_time: rec.last_tag_time.unwrap_or(GoTime::ZERO) },
        })
    }

    /// `GET /images/{name}/history` for image `id`: one row per history entry, newest first;
    /// each layer-making step carries its layer's size. The top row is the image itself (with
    /// its tags); rows below are its local parents, or `<missing>`.
    pub fn history(&self, id: &Digest) -> Result<Vec<HistoryResponseItem>, DbError> {
        let rec = self.get(id)?;
        let img = self.config(id)?;
        let mut rows = Vec::with_capacity(img.history.len());
        let mut layers = rec.layers.iter();
        for h in &img.history {
            let size = if h.empty_layer { 0 } else { layers.next().ok_or(DbError::TooManyNonEmptyLayers)?.size as i64 };
            rows.push(HistoryResponseItem {
                comment: h.comment.clone(),
                created: h.created.unix(),
                created_by: h.created_by.clone(),
                id: "<missing>".to_string(),
                size,
                tags: None,
            });
        }
        rows.reverse();
        let mut current = Some(rec);
        for row in rows.iter_mut() {
            let Some(r) = current.take() else { break };
            row.id = r.id.to_string();
            let tags: Vec<String> = self.references(&r.id)?.iter().filter(|t| t.tag().is_some()).map(Reference::familiar_string).collect();
            row.tags = (!tags.is_empty()).then_some(tags);
            current = match r.parent {
                Some(p) => self.record(&p)?,
                None => None,
            };
        }
        Ok(rows)
    }
}
