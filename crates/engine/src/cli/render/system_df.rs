//! `docker system df`: the four summary rows the CLI computes from `GET /system/df`
//! (`formatter/disk_usage.go`). Reclaimable space carries a whole percentage when the total
//! is not zero, except for the build cache. The `-v` layout is not rendered here.

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
