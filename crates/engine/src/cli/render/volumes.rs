//! `docker volume ls`: volumes sorted by name (naturally, as the CLI sorts them), in the
//! CLI's volume formatter. With a custom `--format`, `-q` is ignored, as in Docker.

use serde_json::{json, Value};

use super::ports::natural_cmp;
use crate::api::Volume;
use crate::cli::template::{Missing, Template, TemplateError};
use crate::cli::units::human_size_4;

const HEADERS: &[(&str, &str)] = &[
    ("Availability", "AVAILABILITY"),
    ("Driver", "DRIVER"),
    ("Group", "GROUP"),
    ("ID", "ID"),
    ("Labels", "LABELS"),
    ("Links", "LINKS"),
    ("Mountpoint", "MOUNTPOINT"),
    ("Name", "VOLUME NAME"),
    ("Scope", "SCOPE"),
    ("Size", "SIZE"),
    ("Status", "STATUS"),
];

/// The flags that shape the output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `-q`: names only.
    pub quiet: bool,
    /// `--format`, empty for the default table.
    pub format: String,
}

fn row(v: &Volume) -> Value {
    let labels = v.labels.clone().unwrap_or_default();
    json!({
        // Cluster (swarm) volumes only; a local volume has none.
        "Availability": "N/A",
        "Driver": v.driver,
        "Group": "N/A",
        "Labels": labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
        "Links": v.usage_data.map_or("N/A".to_string(), |u| u.ref_count.to_string()),
        "Mountpoint": v.mountpoint,
        "Name": v.name,
        "Scope": v.scope,
        "Size": v.usage_data.map_or("N/A".to_string(), |u| human_size_4(u.size.max(0) as u64)),
        "Status": "N/A",
    })
}

/// Renders `docker volume ls`.
pub fn render(volumes: &[Volume], opts: &Options) -> Result<String, TemplateError> {
    let format = match opts.format.as_str() {
        "" | "table" if opts.quiet => "{{.Name}}",
        "" | "table" => "table {{.Driver}}\t{{.Name}}",
        other => other,
    };
    let mut sorted: Vec<&Volume> = volumes.iter().collect();
    crate::sort::by(&mut sorted, |a, b| natural_cmp(&a.name, &b.name));
    let rows: Vec<Value> = sorted.into_iter().map(row).collect();
    Template::parse(format)?.with_missing(Missing::Struct("*formatter.volumeContext".into())).with_escaped_root_json(true).render_rows(&rows, HEADERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn volume(name: &str) -> Volume {
        Volume {
            created_at: "2026-11-22T11:02:38Z".into(),
            driver: "local".into(),
            mountpoint: format!("/var/lib/docker/volumes/{name}/_data"),
            name: name.into(),
            scope: "local".into(),
            ..Volume::default()
        }
    }

    #[test]
    fn the_volume_table_is_dockers() {
        let vols = [volume("probevol"), volume("labeledvol"), volume("6b8d029a0ded6606bdcd7db8b69cc1de716f674e1b3084bd34007a40454f7f7a")];
        assert_eq!(render(&vols, &Options::default()).unwrap(), include_str!("testdata/docker-volume-ls.txt"));
        let quiet = render(&vols, &Options { quiet: true, ..Options::default() }).unwrap();
        assert_eq!(quiet.lines().collect::<Vec<_>>(), ["6b8d029a0ded6606bdcd7db8b69cc1de716f674e1b3084bd34007a40454f7f7a", "labeledvol", "probevol"]);
        let custom = render(&vols[..1], &Options { quiet: true, format: "{{.Name}} {{.Mountpoint}} {{.Links}}".into() }).unwrap();
        assert_eq!(custom, "probevol /var/lib/docker/volumes/probevol/_data N/A\n");
    }
}
