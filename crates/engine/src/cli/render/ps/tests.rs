//! `docker ps` against the reference captures (shared/reference/docker/docker-ps*.txt).

use std::collections::BTreeMap;

use super::*;
use crate::api::network_settings::SummaryNetworkSettings;
use crate::api::{EndpointSettings, MountPoint, Port, SummaryHostConfig};

const WEB1_CMD: &str = r#"sh -c 'i=0; while true; do echo "tick $i"; echo "err $i" >&2; i=$((i+1)); sleep 0.5; done'"#;
const HANDLER_CMD: &str = r#"sh -c 'trap "exit 0" TERM; while true; do sleep 0.1; done'"#;
const IGNTERM_CMD: &str = r#"sh -c 'trap "" TERM; while true; do sleep 1; done'"#;

fn at(hms: &str) -> i64 {
    GoTime::parse(&format!("2026-11-22T{hms}Z")).unwrap().unix()
}

/// A busybox container on the `none` network, as the 20.10 daemon lists it.
fn summary(id: &str, name: &str, command: &str, created: &str, state: &str, status: &str) -> ContainerSummary {
    let mut networks = BTreeMap::new();
    networks.insert("none".to_string(), EndpointSettings::default());
    ContainerSummary {
        id: format!("{id:0<64}"),
        names: vec![format!("/{name}")],
        image: "busybox".into(),
        image_id: "sha256:55d09268a59ea9121d6b1b11a747cb93399cdfc839c4c6d773ff6c060c91d306".into(),
        command: command.into(),
        created: at(created),
        ports: vec![],
        size_rw: 0,
        size_root_fs: 0,
        labels: Some(BTreeMap::new()),
        state: state.into(),
        status: status.into(),
        host_config: SummaryHostConfig { network_mode: "none".into() },
        network_settings: Some(SummaryNetworkSettings { networks: Some(networks) }),
        mounts: vec![],
    }
}

/// The containers of docker-ps-a-notrunc.txt (and -aq, -a --format json), listed at 11:02:48.
fn early() -> Vec<ContainerSummary> {
    let mut web1 = summary("7e01cc0d5b06a2ae2ae369be5debcd95b54ed23bc0baad82a4d9508de7d9c71a", "web1", WEB1_CMD, "11:02:44", "running", "Up 4 seconds");
    web1.labels.as_mut().unwrap().insert("role".into(), "probe".into());
    vec![
        summary("0bd2133adfa07772be67bd756f59432a183486155d048ef8e0f2e45d0d1aab41", "exited1", "sh -c 'exit 3'", "11:02:47", "exited", "Exited (3) 1 second ago"),
        summary("3f9f34c7f7c1af5879949fc21e42501d5356536cabb0fa68ec77957e504742ab", "created1", "echo never", "11:02:47", "created", "Created"),
        summary("4d62d1b45f6c797a305c3222c8d081450601063b034d3802e80bbf6ff400b68b", "handler", HANDLER_CMD, "11:02:46", "running", "Up 1 second"),
        summary("905a5bbc7e54240e89b937b31a250f9a26cbf2c28782b1090061df03dd8e9884", "sleeper", "sleep 1000", "11:02:46", "running", "Up 1 second"),
        summary("f944988a5e2197a13bd1130e0e75bfaa3524f32b319abb95014e3c22372603a4", "ignterm", IGNTERM_CMD, "11:02:46", "running", "Up 2 seconds"),
        web1,
    ]
}

fn early_now() -> Timestamp {
    GoTime::parse("2026-11-22T11:02:48.4Z").unwrap().unix_nanos()
}

#[test]
fn the_default_table_is_dockers() {
    let running: Vec<ContainerSummary> = early().into_iter().filter(|c| c.state == "running").collect();
    assert_eq!(render(&running, &Options::default(), early_now()).unwrap(), include_str!("../testdata/docker-ps.txt"));
}

#[test]
fn no_trunc_and_quiet() {
    let opts = Options { no_trunc: true, ..Options::default() };
    assert_eq!(render(&early(), &opts, early_now()).unwrap(), include_str!("../testdata/docker-ps-a-notrunc.txt"));
    let quiet = Options { quiet: true, ..Options::default() };
    assert_eq!(render(&early(), &quiet, early_now()).unwrap(), include_str!("../testdata/docker-ps-aq.txt"));
}

#[test]
fn json_rows_are_dockers() {
    assert!(wants_size("json") && wants_size("table {{.Size}}") && !wants_size("{{.ID}}"));
    let mut containers = early();
    for c in &mut containers {
        c.size_root_fs = 1_985_569;
    }
    let opts = Options { format: "json".into(), ..Options::default() };
    assert_eq!(render(&containers, &opts, early_now()).unwrap(), include_str!("../testdata/docker-ps-a-format-json.txt"));
}

#[test]
fn ps_a_later_on() {
    // docker-ps-a.txt, listed at 11:03:29: three more containers, the rest stopped.
    let mut all = vec![
        summary("1b0549fed612", "defnet", "true", "11:03:29", "exited", "Exited (0) Less than a second ago"),
        summary("347a8e1c1cd0", "withanon", "true", "11:03:28", "exited", "Exited (0) Less than a second ago"),
        summary("48288f1eb4e1", "initsleep", "sleep 1000", "11:03:14", "exited", "Exited (143) 15 seconds ago"),
    ];
    let statuses = ["Exited (3) 42 seconds ago", "Created", "Exited (0) 38 seconds ago", "Exited (137) 28 seconds ago", "Exited (137) 15 seconds ago", "Exited (137) 15 seconds ago"];
    for (mut c, status) in early().into_iter().zip(statuses) {
        c.status = status.into();
        all.push(c);
    }
    let now = GoTime::parse("2026-11-22T11:03:29.3Z").unwrap().unix_nanos();
    assert_eq!(render(&all, &Options::default(), now).unwrap(), include_str!("../testdata/docker-ps-a.txt"));
}

#[test]
fn size_ports_mounts_and_custom_formats() {
    let mut c = early().remove(5);
    c.size_rw = 0;
    c.size_root_fs = 4_260_000;
    c.ports = vec![
        Port { ip: "0.0.0.0".into(), private_port: 80, public_port: 8080, kind: "tcp".into() },
        Port { ip: "::".into(), private_port: 80, public_port: 8080, kind: "tcp".into() },
    ];
    c.mounts = vec![MountPoint { kind: "volume".into(), name: "6b8d029a0ded6606bdcd7db8b69cc1de".into(), driver: "local".into(), ..MountPoint::default() }];
    let sized = render(std::slice::from_ref(&c), &Options { size: true, ..Options::default() }, early_now()).unwrap();
    let mut lines = sized.lines();
    assert!(lines.next().unwrap().ends_with(&format!("PORTS{}NAMES     SIZE", " ".repeat(37))));
    assert!(lines.next().unwrap().ends_with("0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web1      0B (virtual 4.26MB)"));
    let custom = |format: &str| render(std::slice::from_ref(&c), &Options { format: format.into(), ..Options::default() }, early_now()).unwrap();
    assert_eq!(custom("{{.ID}} {{.Names}} {{.Status}}"), "7e01cc0d5b06 web1 Up 4 seconds\n");
    assert_eq!(custom(r#"{{.Label "role"}}|{{.Label "nope"}}|{{.Labels}}"#), "probe||role=probe\n");
    assert_eq!(custom("{{.Mounts}} {{.LocalVolumes}} {{.Networks}} {{.State}}"), "6b8d029a0ded66… 1 none running\n");
    assert_eq!(custom("table {{.Names}}\t{{.Ports}}"), "NAMES     PORTS\nweb1      0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n");
    assert_eq!(custom("{{.CreatedAt}}"), "2026-11-22 11:02:44 +0000 UTC\n");
    let quiet_wins = render(std::slice::from_ref(&c), &Options { quiet: true, format: "{{.Names}}".into(), ..Options::default() }, early_now()).unwrap();
    assert_eq!(quiet_wins, "7e01cc0d5b06\n");
    let err = render(&[c], &Options { format: "{{.Nope}}".into(), ..Options::default() }, early_now()).unwrap_err();
    assert_eq!(err.docker_message(), "template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.ContainerContext");
}

#[test]
fn image_column_shortens_ids_and_digests() {
    let mut c = early().remove(0);
    c.image = c.image_id.clone();
    assert_eq!(image_column(&c, true), "55d09268a59e");
    assert_eq!(image_column(&c, false), c.image_id);
    c.image = "docker.io/library/busybox:1.36@sha256:55d09268a59ea9121d6b1b11a747cb93399cdfc839c4c6d773ff6c060c91d306".into();
    assert_eq!(image_column(&c, true), "busybox:1.36");
    c.image = String::new();
    assert_eq!(image_column(&c, true), "<no image>");
    assert_eq!(names_column(&["/web".into(), "/other/alias".into()], false), "web,other/alias");
    assert_eq!(names_column(&["/other/alias".into(), "/web".into()], true), "web");
}


#[test]
fn the_format_is_checked_before_listing() {
    assert_eq!(validate(""), Ok(()));
    assert_eq!(validate("table {{.ID}}\t{{.Label \"x\"}}"), Ok(()));
    assert_eq!(validate("{{.Nope}}").unwrap_err(), "failed to execute template: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.ContainerContext");
    assert!(validate("{{.ID").unwrap_err().starts_with("failed to parse template: template: :1: "));
    let both = Options { quiet: true, format: "{{.Names}}".into(), ..Options::default() };
    assert_eq!(quiet_format_warning(&both), Some("WARNING: Ignoring custom format, because both --format and --quiet are set."));
    assert_eq!(quiet_format_warning(&Options { quiet: true, ..Options::default() }), None);
}

#[test]
fn label_columns_have_dockers_titles() {
    let mut c = early().remove(5);
    c.labels.as_mut().unwrap().insert("com.example.build-id".into(), "42".into());
    let opts = Options { format: r#"table {{.Names}}\t{{.Label "com.example.build-id"}}\t{{.Label `role`}}"#.into(), ..Options::default() };
    assert_eq!(render(&[c], &opts, early_now()).unwrap(), "NAMES     build id   role\nweb1      42         probe\n");
    assert_eq!(leading_literal(r#""a\"b" x"#).as_deref(), Some("a\"b"));
    assert_eq!(leading_literal("`raw` x").as_deref(), Some("raw"));
    assert!(rewrite_label_calls("{{.Labels}} {{.Label}}").is_none());
}
