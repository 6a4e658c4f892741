//! `docker system df`: the four summary rows the CLI computes from `GET /system/df`
//! (`formatter/disk_usage.go`). Reclaimable space carries a whole percentage when the total
//! is not zero, except for the build cache. With `-v` ([`render_verbose`]), one table per
//! kind instead, as `verboseWrite` prints them.

use serde_json::{json, Value};

use crate::api::DiskUsage;
use crate::cli::template::{Missing, Template, TemplateError};
use crate::cli::units::human_size_4;

const HEADERS: &[(&str, &str)] = &[("Active", "ACTIVE"), ("Reclaimable", "RECLAIMABLE"), ("Size", "SIZE"), ("TotalCount", "TOTAL"), ("Type", "TYPE")];

const DEFAULT_TABLE: &str = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";

fn size(n: i64) -> String {
    human_size_4(n.max(0) as u64)
}

/// `reclaimable (pct%)` when `total` is not zero, plain otherwise.
fn with_percent(reclaimable: i64, total: i64) -> String {
    if total > 0 {
        format!("{} ({}%)", size(reclaimable), reclaimable * 100 / total)
    } else {
        size(reclaimable)
    }
}

fn row(kind: &str, total: usize, active: usize, size_text: String, reclaimable: String) -> Value {
    json!({"Active": active.to_string(), "Reclaimable": reclaimable, "Size": size_text, "TotalCount": total.to_string(), "Type": kind})
}

/// Rows for images, containers, local volumes and build cache.
fn rows(du: &DiskUsage) -> Vec<Value> {
    let images_active = du.images.iter().filter(|i| i.containers > 0).count();
    let used: i64 = du.images.iter().filter(|i| i.containers > 0 && i.size != -1 && i.shared_size != -1).map(|i| i.size - i.shared_size).sum();
    let images = row("Images", du.images.len(), images_active, size(du.layers_size), with_percent(du.layers_size - used, du.layers_size));

    let is_active = |state: &str| state == "running" || state == "paused";
    let containers_size: i64 = du.containers.iter().map(|c| c.size_rw).sum();
    let containers_reclaimable: i64 = du.containers.iter().filter(|c| !is_active(&c.state)).map(|c| c.size_rw).sum();
    let containers_active = du.containers.iter().filter(|c| is_active(&c.state)).count();
    let containers = row("Containers", du.containers.len(), containers_active, size(containers_size), with_percent(containers_reclaimable, containers_size));

    let usage = |v: &crate::api::Volume| v.usage_data.unwrap_or_default();
    let volumes_size: i64 = du.volumes.iter().map(usage).filter(|u| u.size != -1).map(|u| u.size).sum();
    let volumes_reclaimable: i64 = du.volumes.iter().map(usage).filter(|u| u.size != -1 && u.ref_count == 0).map(|u| u.size).sum();
    let volumes_active = du.volumes.iter().filter(|v| usage(v).ref_count > 0).count();
    let volumes = row("Local Volumes", du.volumes.len(), volumes_active, size(volumes_size), with_percent(volumes_reclaimable, volumes_size));

    let cache_size: i64 = du.build_cache.iter().filter(|b| !b.shared).map(|b| b.size).sum();
    let in_use: i64 = du.build_cache.iter().filter(|b| b.in_use && !b.shared).map(|b| b.size).sum();
    let cache_active = du.build_cache.iter().filter(|b| b.in_use).count();
    let cache = row("Build Cache", du.build_cache.len(), cache_active, size(cache_size), size(cache_size - in_use));
    vec![images, containers, volumes, cache]
}

/// Renders `docker system df` (`--format` empty for the default table).
pub fn render(du: &DiskUsage, format: &str) -> Result<String, TemplateError> {
    let format = match format {
        "" | "table" => DEFAULT_TABLE,
        other => other,
    };
    Template::parse(format)?.with_missing(Missing::Struct("*formatter.diskUsageImagesContext".into())).with_escaped_root_json(true).render_rows(&rows(du), HEADERS)
}

const VERBOSE_IMAGES: &str = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";
const VERBOSE_CONTAINERS: &str = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}";
const VERBOSE_VOLUMES: &str = "table {{.Name}}\t{{.Links}}\t{{.Size}}";
const VERBOSE_CACHE: &str = "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}";
const CACHE_HEADERS: &[(&str, &str)] = &[("CacheType", "CACHE TYPE"), ("CreatedSince", "CREATED"), ("ID", "CACHE ID"), ("LastUsedSince", "LAST USED"), ("Shared", "SHARED"), ("Size", "SIZE"), ("UsageCount", "USAGE")];

/// `docker system df -v` at `now` (nanoseconds): images (one row each, by its first tag),
/// containers (without the virtual size), local volumes, and build cache records.
pub fn render_verbose(du: &DiskUsage, now: i64) -> Result<String, TemplateError> {
    use super::{images, ps, volumes};
    let first_tag_only: Vec<_> = du.images.iter().map(|i| crate::api::ImageSummary { repo_tags: i.repo_tags.iter().take(1).cloned().collect(), repo_digests: Vec::new(), ..i.clone() }).collect();
    let rw_only: Vec<_> = du.containers.iter().map(|c| crate::api::ContainerSummary { size_root_fs: 0, ..c.clone() }).collect();
    let mut out = String::from("Images space usage:\n\n");
    out += &images::render(&first_tag_only, &images::Options { format: VERBOSE_IMAGES.into(), ..Default::default() }, now)?;
    out += "\nContainers space usage:\n\n";
    out += &ps::render(&rw_only, &ps::Options { format: VERBOSE_CONTAINERS.into(), ..Default::default() }, now)?;
    out += "\nLocal Volumes space usage:\n\n";
    out += &volumes::render(&du.volumes, &volumes::Options { format: VERBOSE_VOLUMES.into(), ..Default::default() })?;
    let cache_size: i64 = du.build_cache.iter().filter(|b| !b.shared).map(|b| b.size).sum();
    out += &format!("\nBuild cache usage: {}\n\n", crate::cli::units::human_size(cache_size.max(0) as u64));
    let since = |t: &crate::api::GoTime| crate::cli::units::time_ago(t.unix_nanos(), now);
    let rows: Vec<Value> = du
        .build_cache
        .iter()
        .map(|b| {
            json!({"CacheType": b.kind, "CreatedSince": since(&b.created_at), "ID": b.id.chars().take(12).collect::<String>(), "LastUsedSince": b.last_used_at.as_ref().map(since).unwrap_or_default(), "Shared": b.shared.to_string(), "Size": size(b.size), "UsageCount": b.usage_count.to_string()})
        })
        .collect();
    out += &Template::parse(VERBOSE_CACHE)?.render_rows(&rows, CACHE_HEADERS)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{BuildCache, ContainerSummary, GoTime, ImageSummary, Volume, VolumeUsageData};

    fn image(containers: i64) -> ImageSummary {
        ImageSummary { containers, created: 0, id: String::new(), labels: None, parent_id: String::new(), repo_digests: vec![], repo_tags: vec![], shared_size: 1_985_569, size: 1_985_569, virtual_size: 1_985_569 }
    }

    /// What docker-system-df.txt summed: busybox and three builds on it (all layers shared),
    /// nine containers with empty layers, three volumes, 31 cache records of 518 bytes.
    fn reference() -> DiskUsage {
        let container = |state: &str| ContainerSummary { state: state.into(), ..ContainerSummary::default() };
        let volume = |refs: i64, size: i64| Volume { usage_data: Some(VolumeUsageData { ref_count: refs, size }), ..Volume::default() };
        let record = |size: i64| BuildCache { id: String::new(), parent: String::new(), kind: "regular".into(), description: String::new(), in_use: false, shared: false, size, created_at: GoTime::EPOCH, last_used_at: None, usage_count: 1 };
        let mut cache: Vec<BuildCache> = (0..30).map(|_| record(0)).collect();
        cache.push(record(518));
        DiskUsage {
            layers_size: 1_985_569,
            images: vec![image(1), image(0), image(0), image(0)],
            containers: (0..9).map(|i| container(if i == 0 { "running" } else { "exited" })).collect(),
            volumes: vec![volume(1, 14), volume(1, 0), volume(0, 0)],
            build_cache: cache,
            builder_size: 0,
        }
    }

    #[test]
    fn the_df_table_is_dockers() {
        assert_eq!(render(&reference(), "").unwrap(), include_str!("testdata/docker-system-df.txt"));
        let json = render(&reference(), "json").unwrap();
        assert_eq!(json.lines().next().unwrap(), r#"{"Active":"1","Reclaimable":"1.986MB (100%)","Size":"1.986MB","TotalCount":"4","Type":"Images"}"#);
    }
}
