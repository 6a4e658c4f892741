//! `docker network ls`: networks sorted by name (naturally, as the CLI sorts them), in the
//! CLI's network formatter.

use serde_json::{json, Value};

use super::ports::natural_cmp;
use super::truncate_id;
use crate::api::NetworkResource;
use crate::cli::template::{Missing, Template, TemplateError};

const HEADERS: &[(&str, &str)] = &[
    ("CreatedAt", "CREATED AT"),
    ("Driver", "DRIVER"),
    ("ID", "NETWORK ID"),
    ("IPv6", "IPV6"),
    ("Internal", "INTERNAL"),
    ("Labels", "LABELS"),
    ("Name", "NAME"),
    ("Scope", "SCOPE"),
];

/// The flags that shape the output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `-q`: IDs only.
    pub quiet: bool,
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// `--format`, empty for the default table.
    pub format: String,
}

fn row(n: &NetworkResource, trunc: bool) -> Value {
    let labels = n.labels.clone().unwrap_or_default();
    json!({
        "CreatedAt": n.created.go_string(),
        "Driver": n.driver,
        "ID": if trunc { truncate_id(&n.id) } else { n.id.clone() },
        "IPv6": n.enable_ipv6.to_string(),
        "Internal": n.internal.to_string(),
        "Labels": labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
        "Name": n.name,
        "Scope": n.scope,
    })
}

/// Renders `docker network ls`.
pub fn render(networks: &[NetworkResource], opts: &Options) -> Result<String, TemplateError> {
    let format = match opts.format.as_str() {
        "" | "table" if opts.quiet => "{{.ID}}",
        "" | "table" => "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
        other => other,
    };
    let mut sorted: Vec<&NetworkResource> = networks.iter().collect();
    crate::sort::by(&mut sorted, |a, b| natural_cmp(&a.name, &b.name));
    let rows: Vec<Value> = sorted.into_iter().map(|n| row(n, !opts.no_trunc)).collect();
    Template::parse(format)?.with_missing(Missing::Struct("*network.networkContext".into())).with_escaped_root_json(true).render_rows(&rows, HEADERS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::GoTime;

    fn network(name: &str, id: &str, driver: &str) -> NetworkResource {
        NetworkResource {
            name: name.into(),
            id: id.into(),
            created: GoTime::parse("2026-11-22T11:01:17.494220631Z").unwrap(),
            scope: "local".into(),
            driver: driver.into(),
            enable_ipv6: false,
            ipam: Default::default(),
            internal: false,
            attachable: false,
            ingress: false,
            config_from: Default::default(),
            config_only: false,
            containers: None,
            options: None,
            labels: None,
        }
    }

    fn reference() -> Vec<NetworkResource> {
        vec![
            network("probe-cfgonly", "074ba716483c26b52d475a662fb4b76c5ab0a946ba7aee5b03750e4a30b51c85", "null"),
            network("none", "7bf54f4202b682100a04fdc9ee3ebea5e9aa3d3afcc6e97f8f15d9595b235180", "null"),
            network("host", "868b5d478dec211cf107744d1dd95d4eab2326225049e5661febf38dccb3d5c2", "host"),
        ]
    }

    #[test]
    fn the_network_tables_are_dockers() {
        assert_eq!(render(&reference(), &Options::default()).unwrap(), include_str!("testdata/docker-network-ls.txt"));
        let full = Options { no_trunc: true, ..Options::default() };
        assert_eq!(render(&reference(), &full).unwrap(), include_str!("testdata/docker-network-ls-notrunc.txt"));
        let quiet = render(&reference(), &Options { quiet: true, ..Options::default() }).unwrap();
        assert_eq!(quiet, "868b5d478dec\n7bf54f4202b6\n074ba716483c\n");
        let custom = render(&reference()[2..], &Options { format: "{{.Name}} {{.IPv6}} {{.CreatedAt}}".into(), ..Options::default() }).unwrap();
        assert_eq!(custom, "host false 2026-11-22 11:01:17.494220631 +0000 UTC\n");
    }
}
