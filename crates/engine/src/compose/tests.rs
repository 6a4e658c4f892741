//! Loading whole files: the seeds' compose files (`tests/fixtures/compose/`) load or fail as
//! Docker Compose's do.

use super::*;

fn src(path: &str, text: &str) -> Source {
    Source { path: path.to_string(), text: text.to_string() }
}

fn no_env(_: &str) -> Option<String> {
    None
}

/// The seeds' compose files, compiled in (the engine reads no disk, even in tests).
fn fixture(name: &str) -> String {
    match name {
        "cf01-mysql-phpmyadmin-broken.yaml" => include_str!("../../../../tests/fixtures/compose/cf01-mysql-phpmyadmin-broken.yaml"),
        "cf01-mysql-phpmyadmin.yaml" => include_str!("../../../../tests/fixtures/compose/cf01-mysql-phpmyadmin.yaml"),
        "cf02-frontend-backend.yaml" => include_str!("../../../../tests/fixtures/compose/cf02-frontend-backend.yaml"),
        "cf03-docker-compose-a.yml" => include_str!("../../../../tests/fixtures/compose/cf03-docker-compose-a.yml"),
        "cf03-docker-compose-b.yml" => include_str!("../../../../tests/fixtures/compose/cf03-docker-compose-b.yml"),
        "cf05-docker-compose-debug.yml" => include_str!("../../../../tests/fixtures/compose/cf05-docker-compose-debug.yml"),
        "cf06-docker-compose-test.yml" => include_str!("../../../../tests/fixtures/compose/cf06-docker-compose-test.yml"),
        "cf07-web-api-db.yaml" => include_str!("../../../../tests/fixtures/compose/cf07-web-api-db.yaml"),
        "cf08-web-redis.yaml" => include_str!("../../../../tests/fixtures/compose/cf08-web-redis.yaml"),
        "cf09-nginx-redis-links.yaml" => include_str!("../../../../tests/fixtures/compose/cf09-nginx-redis-links.yaml"),
        "cf10-prometheus.yaml" => include_str!("../../../../tests/fixtures/compose/cf10-prometheus.yaml"),
        "cf10-prometheus-fixed.yaml" => include_str!("../../../../tests/fixtures/compose/cf10-prometheus-fixed.yaml"),
        "cf11-nginx-mysql.yaml" => include_str!("../../../../tests/fixtures/compose/cf11-nginx-mysql.yaml"),
        "cf12-named-volume.yaml" => include_str!("../../../../tests/fixtures/compose/cf12-named-volume.yaml"),
        "cf13-readonly-bind.yaml" => include_str!("../../../../tests/fixtures/compose/cf13-readonly-bind.yaml"),
        "cf14-tmpfs.yaml" => include_str!("../../../../tests/fixtures/compose/cf14-tmpfs.yaml"),
        "cf15-postgres-redis.yaml" => include_str!("../../../../tests/fixtures/compose/cf15-postgres-redis.yaml"),
        "cf16-mysql-init.yaml" => include_str!("../../../../tests/fixtures/compose/cf16-mysql-init.yaml"),
        other => panic!("no fixture {other}"),
    }
    .to_string()
}

fn load_fixture(name: &str) -> Result<Loaded, ComposeError> {
    load(&[src(&format!("/p/{name}"), &fixture(name))], None, "/p", &no_env)
}

#[test]
fn project_name_from_directory_or_flag() {
    let s = [src("/home/u/My App/compose.yaml", "services:\n  web:\n    image: nginx\n")];
    assert_eq!(load(&s, None, "/home/u/My App", &no_env).unwrap().project.name, "myapp");
    assert_eq!(load(&s, Some("demo"), "/x", &no_env).unwrap().project.name, "demo");
    assert_eq!(load(&s, Some("Bad!"), "/x", &no_env).unwrap_err().exit_code(), 1);
}

#[test]
fn version_is_obsolete_and_unset_vars_warn() {
    let s = [src("/p/docker-compose.yml", "version: '3.8'\nservices:\n  web:\n    image: nginx:${TAG}\n")];
    let l = load(&s, None, "/p", &no_env).unwrap();
    assert_eq!(l.warnings[0], "The \"TAG\" variable is not set. Defaulting to a blank string.");
    assert!(l.warnings[1].starts_with("/p/docker-compose.yml: the attribute `version` is obsolete"));
    assert_eq!(l.project.service("web").unwrap().image.as_deref(), Some("nginx:"));
}

#[test]
fn invalid_files_name_the_key() {
    let s = [src("/x/docker-compose.yml", "services:\n  web:\n    imagee: nginx\n")];
    assert_eq!(load(&s, None, "/x", &no_env).unwrap_err().to_string(), "validating /x/docker-compose.yml: services.web Additional property imagee is not allowed");
}

#[test]
fn seed_cf01_broken_indentation_fails() {
    let e = load_fixture("cf01-mysql-phpmyadmin-broken.yaml").unwrap_err();
    assert_eq!(e.to_string(), "validating /p/cf01-mysql-phpmyadmin-broken.yaml: services must be a mapping");
    assert_eq!(e.exit_code(), 15);
}

#[test]
fn seed_cf01_fixed_loads_with_its_volume() {
    let p = load_fixture("cf01-mysql-phpmyadmin.yaml").unwrap().project;
    assert_eq!(p.volumes["my-db-volume"].name, "p_my-db-volume");
    assert_eq!(plan::start_order(&p, &[]).unwrap(), ["db", "phpmyadmin"]);
}

#[test]
fn seed_cf02_undefined_configs_are_accepted() {
    let p = load_fixture("cf02-frontend-backend.yaml").unwrap().project;
    assert_eq!(p.service("frontend").unwrap().networks, ["front-tier", "back-tier"]);
}

#[test]
fn seed_cf03_overlay_replaces_the_command() {
    let a = src("/p/docker-compose-a.yml", &fixture("cf03-docker-compose-a.yml"));
    let b = src("/p/docker-compose-b.yml", &fixture("cf03-docker-compose-b.yml"));
    let p = load(&[a, b], None, "/p", &no_env).unwrap().project;
    let s = p.service("my-service").unwrap();
    assert_eq!(s.image.as_deref(), Some("foobar"));
    assert_eq!(s.command.as_deref().unwrap(), ["echo", "new command!"]);
}

#[test]
fn seed_cf07_builds_get_project_image_names() {
    let p = load_fixture("cf07-web-api-db.yaml").unwrap().project;
    assert_eq!(plan::image_name(&p, p.service("api").unwrap()), "p-api");
    assert_eq!(p.service("api").unwrap().build.as_ref().unwrap().context, "api");
}

#[test]
fn seeds_that_load() {
    for f in ["cf08-web-redis.yaml", "cf09-nginx-redis-links.yaml", "cf11-nginx-mysql.yaml", "cf12-named-volume.yaml", "cf13-readonly-bind.yaml", "cf14-tmpfs.yaml", "cf16-mysql-init.yaml"] {
        load_fixture(f).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    let p = load_fixture("cf14-tmpfs.yaml").unwrap().project;
    assert_eq!(p.service("cache").unwrap().tmpfs, ["/var/lib/redis:size=100m"]);
}

#[test]
fn seed_cf10_yaml_error_then_undefined_dependency() {
    let e = load_fixture("cf10-prometheus.yaml").unwrap_err();
    assert_eq!(e.to_string(), "parsing /p/cf10-prometheus.yaml: yaml: line 56: could not find expected ':'");
    let e = load_fixture("cf10-prometheus-fixed.yaml").unwrap_err();
    assert_eq!(e.to_string(), "service \"grafana\" depends on undefined service prometheus: invalid compose project");
    // `$$` in the node-exporter regex is a literal `$`.
    let text = fixture("cf10-prometheus-fixed.yaml").replace("- prometheus\n", "- main\n");
    let p = load(&[src("/p/c.yml", &text)], None, "/p", &no_env).unwrap().project;
    assert!(p.service("node-exporter").unwrap().command.as_ref().unwrap().iter().any(|a| a.ends_with("($|/)")));
}

#[test]
fn seed_cf15_ports_as_a_string_fails() {
    let e = load_fixture("cf15-postgres-redis.yaml").unwrap_err();
    assert_eq!(e.to_string(), "validating /p/cf15-postgres-redis.yaml: services.postgres.ports must be a list");
}

/// A dev file in the shape of the seed's fragments (CF04), under which the debug and test
/// overlays (CF05, CF06) are merged.
const DEV_BASE: &str = "services:\n  api-node:\n    build:\n      context: ../05-example-web-application/api-node/\n      dockerfile: ../../06-building-container-images/api-node/Dockerfile.9\n      target: dev\n    command: [npm, run, dev]\n    ports:\n      - \"3000:3000\"\n  api-golang:\n    build:\n      context: ../05-example-web-application/api-golang/\n      target: dev\n    ports:\n      - \"8080:8080\"\n";

#[test]
fn seed_cf05_cf06_overlays_replace_commands_and_add_ports() {
    let base = src("/p/docker-compose-dev.yml", DEV_BASE);
    let debug = src("/p/docker-compose-debug.yml", &fixture("cf05-docker-compose-debug.yml"));
    let p = load(&[base.clone(), debug], None, "/p", &no_env).unwrap().project;
    let node = p.service("api-node").unwrap();
    assert_eq!(node.command.as_deref().unwrap(), ["npm", "run", "debug-docker"]);
    assert_eq!(node.ports, ["3000:3000", "9229:9229"]);
    assert_eq!(node.build.as_ref().unwrap().target.as_deref(), Some("dev"));
    assert_eq!(p.service("api-golang").unwrap().command.as_ref().unwrap()[0], "dlv");
    let test = src("/p/docker-compose-test.yml", &fixture("cf06-docker-compose-test.yml"));
    let p = load(&[base, test], None, "/p", &no_env).unwrap().project;
    assert_eq!(p.service("api-node").unwrap().command.as_deref().unwrap(), ["npm", "run", "test"]);
    assert_eq!(p.service("api-golang").unwrap().command.as_deref().unwrap(), ["go", "test", "-v", "./..."]);
}
