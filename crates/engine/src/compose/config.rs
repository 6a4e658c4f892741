//! `docker compose config`: the project in Compose's canonical form (keys sorted, short
//! syntaxes expanded, `name:` and the default network made explicit).

use std::fmt::Write;

use super::model::{Mount, Project, Service};
use super::plan::image_name;

/// A scalar as YAML needs it: plain when it reads back as the same string, else quoted.
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && super::yaml::Node::new(super::yaml::Value::Scalar(s.to_string(), true)).kind() == super::yaml::Kind::Str;
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

fn list(out: &mut String, indent: &str, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}{key}:");
    for i in items {
        let _ = writeln!(out, "{indent}  - {}", scalar(i));
    }
}

fn port(out: &mut String, spec: &str) {
    let (spec, proto) = spec.split_once('/').unwrap_or((spec, "tcp"));
    let parts: Vec<&str> = spec.split(':').collect();
    let (ip, published, target) = match parts.as_slice() {
        [t] => ("", "", *t),
        [p, t] => ("", *p, *t),
        [ip, p, t, ..] => (*ip, *p, *t),
        [] => ("", "", ""),
    };
    let _ = writeln!(out, "      - mode: ingress");
    if !ip.is_empty() {
        let _ = writeln!(out, "        host_ip: {ip}");
    }
    let _ = writeln!(out, "        target: {target}");
    if !published.is_empty() {
        let _ = writeln!(out, "        published: \"{published}\"");
    }
    let _ = writeln!(out, "        protocol: {proto}");
}

fn volume(out: &mut String, project: &Project, m: &Mount) {
    let _ = writeln!(out, "      - type: {}", m.kind);
    if !m.source.is_empty() {
        let source = if m.kind == "bind" && m.source.starts_with('.') {
            let rel = m.source.trim_start_matches("./").trim_start_matches('.');
            if rel.is_empty() { project.working_dir.clone() } else { format!("{}/{rel}", project.working_dir.trim_end_matches('/')) }
        } else {
            m.source.clone()
        };
        let _ = writeln!(out, "        source: {}", scalar(&source));
    }
    let _ = writeln!(out, "        target: {}", scalar(&m.target));
    if m.read_only {
        let _ = writeln!(out, "        read_only: true");
    }
    if m.kind == "bind" {
        let _ = writeln!(out, "        bind:\n          create_host_path: true");
    } else if m.kind == "volume" {
        let _ = writeln!(out, "        volume: {{}}");
    }
}

fn service(out: &mut String, project: &Project, s: &Service) {
    let _ = writeln!(out, "  {}:", s.name);
    if let Some(b) = &s.build {
        let ctx = if b.context == "." { project.working_dir.clone() } else { format!("{}/{}", project.working_dir.trim_end_matches('/'), b.context.trim_start_matches("./")) };
        let _ = writeln!(out, "    build:\n      context: {}\n      dockerfile: {}", scalar(&ctx), scalar(b.dockerfile.as_deref().unwrap_or("Dockerfile")));
        if let Some(t) = &b.target {
            let _ = writeln!(out, "      target: {}", scalar(t));
        }
    }
    list(out, "    ", "command", s.command.as_deref().unwrap_or_default());
    if let Some(n) = &s.container_name {
        let _ = writeln!(out, "    container_name: {}", scalar(n));
    }
    if !s.depends_on.is_empty() {
        let _ = writeln!(out, "    depends_on:");
        for d in &s.depends_on {
            let _ = writeln!(out, "      {}:\n        condition: {}\n        required: true", d.service, d.condition);
        }
    }
    if let Some(r) = s.replicas {
        let _ = writeln!(out, "    deploy:\n      replicas: {r}");
    }
    list(out, "    ", "entrypoint", s.entrypoint.as_deref().unwrap_or_default());
    if !s.environment.is_empty() {
        let _ = writeln!(out, "    environment:");
        let mut env = s.environment.clone();
        crate::sort::ascending(&mut env);
        for (k, v) in env {
            match v {
                Some(v) => {
                    let _ = writeln!(out, "      {k}: {}", scalar(&v));
                }
                None => {
                    let _ = writeln!(out, "      {k}: null");
                }
            }
        }
    }
    list(out, "    ", "expose", &s.expose);
    if let Some(h) = &s.healthcheck {
        let _ = writeln!(out, "    healthcheck:");
        list(out, "      ", "test", &h.test);
        for (k, v) in [("interval", &h.interval), ("timeout", &h.timeout), ("start_period", &h.start_period)] {
            if let Some(v) = v {
                let _ = writeln!(out, "      {k}: {v}");
            }
        }
        if let Some(r) = h.retries {
            let _ = writeln!(out, "      retries: {r}");
        }
    }
    let _ = writeln!(out, "    image: {}", scalar(&image_name(project, s)));
    if !s.labels.is_empty() {
        let _ = writeln!(out, "    labels:");
        for (k, v) in &s.labels {
            let _ = writeln!(out, "      {k}: {}", scalar(v));
        }
    }
    list(out, "    ", "links", &s.links);
    match &s.network_mode {
        Some(m) => {
            let _ = writeln!(out, "    network_mode: {}", scalar(m));
        }
        None => {
            let _ = writeln!(out, "    networks:");
            for n in &s.networks {
                let _ = writeln!(out, "      {n}: null");
            }
        }
    }
    if !s.ports.is_empty() {
        let _ = writeln!(out, "    ports:");
        for p in &s.ports {
            port(out, p);
        }
    }
    if let Some(r) = &s.restart {
        let _ = writeln!(out, "    restart: {}", scalar(r));
    }
    if let Some(g) = s.stop_grace_period.as_deref().and_then(|g| crate::golang::parse_duration(g).ok()) {
        let _ = writeln!(out, "    stop_grace_period: {}", go_duration(g));
    }
    if let Some(sig) = &s.stop_signal {
        let _ = writeln!(out, "    stop_signal: {}", scalar(sig));
    }
    list(out, "    ", "tmpfs", &s.tmpfs);
    if let Some(u) = &s.user {
        let _ = writeln!(out, "    user: {}", scalar(u));
    }
    if !s.volumes.is_empty() {
        let _ = writeln!(out, "    volumes:");
        for m in &s.volumes {
            volume(out, project, m);
        }
    }
    if let Some(w) = &s.working_dir {
        let _ = writeln!(out, "    working_dir: {}", scalar(w));
    }
}

/// A duration as Go's `time.Duration.String` prints it (`1m30s`, `1m0s`, `500ms`, `0s`).
fn go_duration(nanos: i64) -> String {
    let trim = |whole: i64, frac: i64, digits: usize| {
        let frac = format!("{frac:0digits$}");
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() { whole.to_string() } else { format!("{whole}.{frac}") }
    };
    let sign = if nanos < 0 { "-" } else { "" };
    let n = nanos.unsigned_abs() as i64;
    match n {
        0 => "0s".into(),
        n if n < 1_000 => format!("{sign}{n}ns"),
        n if n < 1_000_000 => format!("{sign}{}µs", trim(n / 1_000, n % 1_000, 3)),
        n if n < 1_000_000_000 => format!("{sign}{}ms", trim(n / 1_000_000, n % 1_000_000, 6)),
        n => {
            let (h, m) = (n / 3_600_000_000_000, n / 60_000_000_000 % 60);
            let s = trim(n / 1_000_000_000 % 60, n % 1_000_000_000, 9);
            match (h, m) {
                (0, 0) => format!("{sign}{s}s"),
                (0, m) => format!("{sign}{m}m{s}s"),
                (h, m) => format!("{sign}{h}h{m}m{s}s"),
            }
        }
    }
}

/// The canonical YAML of `project`.
pub fn render(project: &Project) -> String {
    let mut out = format!("name: {}\nservices:\n", scalar(&project.name));
    let mut services: Vec<&Service> = project.services.iter().collect();
    crate::sort::by(&mut services, |a, b| a.name.cmp(&b.name));
    for s in services {
        service(&mut out, project, s);
    }
    let used: Vec<&String> = project.services.iter().flat_map(|s| &s.networks).collect();
    let networks: Vec<_> = project.networks.iter().filter(|(k, _)| used.contains(k)).collect();
    if !networks.is_empty() {
        out.push_str("networks:\n");
        for (k, n) in networks {
            let _ = writeln!(out, "  {k}:\n    name: {}", scalar(&n.name));
            if n.external {
                out.push_str("    external: true\n");
            }
        }
    }
    if !project.volumes.is_empty() {
        out.push_str("volumes:\n");
        for (k, v) in &project.volumes {
            let _ = writeln!(out, "  {k}:\n    name: {}", scalar(&v.name));
            if let Some(d) = &v.driver {
                let _ = writeln!(out, "    driver: {}", scalar(d));
            }
            if v.external {
                out.push_str("    external: true\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{load, Source};

    #[test]
    fn durations_print_as_go_does() {
        let s = 1_000_000_000;
        assert_eq!(go_duration(90 * s), "1m30s");
        assert_eq!(go_duration(60 * s), "1m0s");
        assert_eq!(go_duration(5 * s), "5s");
        assert_eq!(go_duration(1_500_000_000), "1.5s");
        assert_eq!(go_duration(500_000_000), "500ms");
        assert_eq!(go_duration(3_600 * s + 2 * s), "1h0m2s");
        assert_eq!(go_duration(0), "0s");
    }

    #[test]
    fn canonical_form() {
        let text = "services:\n  web:\n    image: nginx\n    command: echo hi\n    environment: [A=1]\n    ports: ['8080:80']\n";
        let p = load(&[Source { path: "/d/compose.yaml".into(), text: text.into() }], None, "/d", &|_| None).unwrap().project;
        let got = render(&p);
        assert_eq!(
            got,
            "name: d\nservices:\n  web:\n    command:\n      - echo\n      - hi\n    environment:\n      A: \"1\"\n    image: nginx\n    networks:\n      default: null\n    ports:\n      - mode: ingress\n        target: 80\n        published: \"8080\"\n        protocol: tcp\nnetworks:\n  default:\n    name: d_default\n"
        );
    }
}
