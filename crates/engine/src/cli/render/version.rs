//! `docker version`: the client's own version beside the daemon's `GET /version`, in the
//! CLI's layout (a tabwriter of minimum width 20 and padding 1), or through `--format`.
//!
//! The 28.x CLI rewrites the engine's `BuildTime` detail into Go's `ANSIC` layout before
//! printing, which is why `--format '{{json .}}'` shows `Thu May  7 21:09:36 2026` there.

use serde::Serialize;
use serde_json::{json, Value};

use crate::api::version::Version;
use crate::api::GoTime;
use crate::cli::table::Table;
use crate::cli::template::{Missing, Template, TemplateError};

/// The CLI's `clientVersion`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClientVersion {
    /// `28.2.2`.
    #[serde(rename = "Version")]
    pub version: String,
    /// The API version negotiated with the daemon (`1.41`).
    #[serde(rename = "ApiVersion")]
    pub api_version: String,
    /// The client's own API version (`1.50`).
    #[serde(rename = "DefaultAPIVersion")]
    pub default_api_version: String,
    /// Source commit.
    #[serde(rename = "GitCommit")]
    pub git_commit: String,
    /// Go version.
    #[serde(rename = "GoVersion")]
    pub go_version: String,
    /// `linux`.
    #[serde(rename = "Os")]
    pub os: String,
    /// `amd64`.
    #[serde(rename = "Arch")]
    pub arch: String,
    /// Build time, already in `ANSIC` layout.
    #[serde(rename = "BuildTime")]
    pub build_time: String,
    /// The CLI context (`default`).
    #[serde(rename = "Context")]
    pub context: String,
}

/// What `docker version` prints: the client, and the server when the daemon answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VersionInfo {
    /// The client.
    #[serde(rename = "Client")]
    pub client: ClientVersion,
    /// The daemon's answer, engine `BuildTime` already rewritten ([`reformat_build_times`]).
    #[serde(rename = "Server")]
    pub server: Option<Version>,
}

/// Go's `time.ANSIC` layout in UTC: `Thu May  7 21:09:36 2026`.
pub fn ansic(t: &GoTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let rfc = t.rfc3339_utc();
    let (y, m, d) = (&rfc[0..4], rfc[5..7].parse::<usize>().unwrap_or(1), rfc[8..10].parse::<u32>().unwrap_or(1));
    let day = DAYS[t.unix().div_euclid(86_400).rem_euclid(7) as usize];
    format!("{day} {} {d:>2} {} {y}", MONTHS[m - 1], &rfc[11..19])
}

/// The CLI's `reformatDate` over each component's `BuildTime` detail: an RFC 3339 time
/// becomes [`ansic`]; anything else is left as it is.
pub fn reformat_build_times(server: &mut Version) {
    for c in &mut server.components {
        if let Some(t) = c.details.get_mut("BuildTime") {
            if let Ok(parsed) = GoTime::parse(t) {
                *t = ansic(&parsed);
            }
        }
    }
}

/// The default layout, line by line with tabs between label and value.
fn default_text(v: &VersionInfo) -> String {
    let c = &v.client;
    let mut lines = vec!["Client:".to_string()];
    let downgraded = if c.api_version != c.default_api_version { format!(" (downgraded from {})", c.default_api_version) } else { String::new() };
    lines.extend([
        format!(" Version:\t{}", c.version),
        format!(" API version:\t{}{downgraded}", c.api_version),
        format!(" Go version:\t{}", c.go_version),
        format!(" Git commit:\t{}", c.git_commit),
        format!(" Built:\t{}", c.build_time),
        format!(" OS/Arch:\t{}/{}", c.os, c.arch),
        format!(" Context:\t{}", c.context),
    ]);
    if let Some(s) = &v.server {
        lines.push(String::new());
        lines.push(if s.platform.name.is_empty() { "Server:".into() } else { format!("Server: {}", s.platform.name) });
        for comp in &s.components {
            lines.push(format!(" {}:", comp.name));
            let d = |k: &str| comp.details.get(k).cloned().unwrap_or_default();
            if comp.name == "Engine" {
                lines.extend([
                    format!("  Version:\t{}", comp.version),
                    format!("  API version:\t{} (minimum version {})", d("ApiVersion"), d("MinAPIVersion")),
                    format!("  Go version:\t{}", d("GoVersion")),
                    format!("  Git commit:\t{}", d("GitCommit")),
                    format!("  Built:\t{}", d("BuildTime")),
                    format!("  OS/Arch:\t{}/{}", d("Os"), d("Arch")),
                    format!("  Experimental:\t{}", d("Experimental")),
                ]);
            } else {
                lines.push(format!("  Version:\t{}", comp.version));
                lines.extend(comp.details.iter().map(|(k, v)| format!("  {k}:\t{v}")));
            }
        }
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// The data a `--format` template sees: Go's field names.
fn template_data(v: &VersionInfo) -> Value {
    let c = &v.client;
    let server = v.server.as_ref().map(|s| {
        json!({
            "Platform": {"Name": s.platform.name},
            "Components": s.components.iter().map(|c| json!({"Name": c.name, "Version": c.version, "Details": c.details})).collect::<Vec<_>>(),
            "Version": s.version, "APIVersion": s.api_version, "MinAPIVersion": s.min_api_version,
            "GitCommit": s.git_commit, "GoVersion": s.go_version, "Os": s.os, "Arch": s.arch,
            "KernelVersion": s.kernel_version, "Experimental": s.experimental, "BuildTime": s.build_time,
        })
    });
    json!({
        "Client": {
            "Platform": null, "Version": c.version, "APIVersion": c.api_version, "DefaultAPIVersion": c.default_api_version,
            "GitCommit": c.git_commit, "GoVersion": c.go_version, "Os": c.os, "Arch": c.arch,
            "BuildTime": c.build_time, "Context": c.context,
        },
        "Server": server,
    })
}

/// Renders `docker version` (`format` empty for the default layout).
pub fn render(v: &VersionInfo, format: &str) -> Result<String, TemplateError> {
    match format {
        "" => {
            let mut t = Table::with_layout(20, 1);
            t.text(&default_text(v));
            Ok(t.render())
        }
        // serde keeps the structs' field order, which a `Value` would sort.
        "json" | "{{json .}}" => Ok(format!("{}\n", serde_json::to_string(v).unwrap_or_default())),
        other => {
            let t = Template::parse_go(other)?.with_missing(Missing::Struct("command.versionInfo".into()));
            Ok(format!("{}\n", t.render(&template_data(v))?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> VersionInfo {
        let json: Value = serde_json::from_str(include_str!("testdata/docker-version.json")).unwrap();
        let client = &json["Client"];
        let s = |k: &str| client[k].as_str().unwrap().to_string();
        let mut server: Version = serde_json::from_value(json["Server"].clone()).unwrap();
        // What the daemon sent, before the CLI rewrote it.
        server.components[0].details.insert("BuildTime".into(), "2026-05-07T21:09:36.000000000+00:00".into());
        reformat_build_times(&mut server);
        VersionInfo {
            client: ClientVersion {
                version: s("Version"),
                api_version: s("ApiVersion"),
                default_api_version: s("DefaultAPIVersion"),
                git_commit: s("GitCommit"),
                go_version: s("GoVersion"),
                os: s("Os"),
                arch: s("Arch"),
                build_time: s("BuildTime"),
                context: s("Context"),
            },
            server: Some(server),
        }
    }

    #[test]
    fn the_version_page_is_dockers() {
        assert_eq!(render(&reference(), "").unwrap(), include_str!("testdata/docker-version.txt"));
    }

    #[test]
    fn json_and_templates() {
        assert_eq!(render(&reference(), "{{json .}}").unwrap(), include_str!("testdata/docker-version.json").trim_end().to_string() + "\n");
        assert_eq!(render(&reference(), "{{.Server.Version}} {{.Client.APIVersion}}").unwrap(), "20.10.24+dfsg1 1.41\n");
        assert_eq!(ansic(&GoTime::parse("2025-05-30T12:07:14Z").unwrap()), "Fri May 30 12:07:14 2025");
    }
}
