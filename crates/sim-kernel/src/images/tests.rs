//! The stand-ins: cheap to build, stable digests, pullable, and their programs run.

use std::collections::BTreeMap;
use std::task::{Context, Poll};

use wharf_engine::cli::units::human_size;
use wharf_engine::digest::Digest;
use wharf_engine::fs::mem::MemFs;
use wharf_engine::image::db::ImageDb;
use wharf_engine::image::oci::chain_ids;
use wharf_engine::image::reference::Reference;
use wharf_engine::kernel::{ExitStatus, Kernel, NamespaceMode, Namespaces, ProcessSpec, Stream};
use wharf_engine::registry::{pull, Registries};

use super::programs::{cowsay_text, HELLO};
use super::*;
use crate::executor::RunOutcome;
use crate::kernel::SimKernel;
use crate::signal::{SIGQUIT, SIGTERM};
use crate::sim::Sim;

fn boot() -> (Sim, SimKernel, Registries) {
    let sim = Sim::boot(MemFs::new(), 1, crate::userland::programs());
    let k = SimKernel::new(sim.machine().clone());
    (sim, k, Registries::with_hub(docker_hub()))
}

fn pull_lines(k: &mut SimKernel, regs: &mut Registries, name: &str) -> (Digest, Vec<String>) {
    let mut lines = Vec::new();
    let pulled = pull(k, regs, &name.parse::<Reference>().unwrap(), &mut |l| lines.push(l.to_string())).unwrap_or_else(|e| panic!("{name}: {e}"));
    (pulled.id, lines)
}

#[test]
fn building_the_hub_is_cheap() {
    let start = std::time::Instant::now();
    let mut hub = docker_hub();
    assert!(hub.catalog().is_empty(), "nothing is built before it is asked for");
    hub.stock_all();
    let took = start.elapsed();
    let repos = hub.catalog();
    let bytes = hub.blob_bytes();
    // Printed for the record (`cargo test -- --nocapture`); debug builds are several times slower.
    println!("docker_hub(): {} repositories built in {took:?}; {bytes} bytes of blobs", repos.len());
    assert_eq!(repos.len(), 17);
    assert!(bytes < 2 << 20, "the stand-ins stay small: {bytes} bytes");
}

#[test]
fn digests_are_the_same_at_every_boot() {
    let ids = |names: &[&str]| -> Vec<String> {
        let (_, mut k, mut regs) = boot();
        names.iter().map(|n| pull_lines(&mut k, &mut regs, n).0.short()).collect()
    };
    let names = ["hello-world", "alpine", "nginx", "ubuntu:22.04"];
    let first = ids(&names);
    assert_eq!(first, ids(&names));
    // Pinned: a change here changes every digest a lesson or a learner has seen.
    assert_eq!(first, PINNED_IDS);
}

/// The image IDs of hello-world, alpine, nginx and ubuntu:22.04.
const PINNED_IDS: [&str; 4] = ["eb8f4d79dc7b", "6a80b2e0e872", "7b8d33a415a2", "cd2d064bd58b"];

#[test]
fn every_stand_in_pulls_with_hub_sizes_and_shared_layers() {
    let (_, mut k, mut regs) = boot();
    let mut sizes = BTreeMap::new();
    let mut outputs = BTreeMap::new();
    for name in STAND_INS {
        let (id, lines) = pull_lines(&mut k, &mut regs, name);
        let (c, m) = k.stores();
        let rec = ImageDb::new(c, m).get(&id).unwrap();
        sizes.insert(*name, human_size(rec.size()));
        outputs.insert(*name, lines);
    }
    let want = [("hello-world", "13.3kB"), ("busybox", "4.26MB"), ("alpine", "7.33MB"), ("ubuntu:22.04", "77.8MB"), ("debian:bookworm-slim", "74.8MB"), ("nginx", "187MB"), ("node:20", "1.09GB"), ("python:3.11", "1.01GB"), ("redis:7-alpine", "40.6MB"), ("registry:2", "25.3MB"), ("postgres:15.1-alpine", "240MB"), ("mysql:8.0", "575MB"), ("mongo", "754MB"), ("golang", "813MB"), ("node:20-alpine", "138MB"), ("docker/whalesay", "247MB")];
    let got: Vec<(&str, &str)> = want.iter().map(|(name, _)| (*name, sizes[name].as_str())).collect();
    assert_eq!(got, want);
    // nginx after debian:bookworm-slim: the base layer is already there.
    assert_eq!(outputs["nginx"].iter().filter(|l| l.ends_with(": Already exists")).count(), 1);
    assert_eq!(outputs["nginx"].iter().filter(|l| l.ends_with(": Pull complete")).count(), 6);
    assert_eq!(outputs["alpine:3.18"][outputs["alpine:3.18"].len() - 2], "Status: Downloaded newer image for alpine:3.18");
    assert!(!outputs["alpine:3.18"].iter().any(|l| l.contains("Pull complete")), "same image as alpine:latest");
}

fn drive(sim: &mut Sim) {
    let outcome = sim.run(200_000);
    assert_ne!(outcome, RunOutcome::BudgetExhausted);
}

fn read_all(k: &mut SimKernel, pid: u32, stream: Stream) -> String {
    let waker = std::task::Waker::noop();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Poll::Ready(Ok(n)) = k.poll_read_output(pid, stream, &mut buf, &mut Context::from_waker(waker)) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    String::from_utf8(out).unwrap()
}

fn wait(k: &mut SimKernel, pid: u32) -> Option<ExitStatus> {
    match k.poll_wait(pid, &mut Context::from_waker(std::task::Waker::noop())) {
        Poll::Ready(r) => Some(r.unwrap()),
        Poll::Pending => None,
    }
}

/// Starts a container of `image` as `docker run` would (entrypoint + `cmd` or the image's).
fn run(sim: &mut Sim, k: &mut SimKernel, regs: &mut Registries, image: &str, cmd: &[&str], env: &[&str]) -> u32 {
    let (id, _) = pull_lines(k, regs, image);
    let (c, m) = k.stores();
    let db = ImageDb::new(c, m);
    let img = wharf_engine::image::oci::ImageConfig::from_slice(&db.config_bytes(&id).unwrap()).unwrap();
    let top = chain_ids(&img.rootfs.diff_ids).last().copied();
    let cfg = img.config.unwrap_or_default();
    static CONTAINERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let name = format!("c{}", CONTAINERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    k.create_rootfs(&name, top.as_ref()).unwrap();
    let mut args = cfg.entrypoint.unwrap_or_default();
    args.extend(if cmd.is_empty() { cfg.cmd.unwrap_or_default() } else { cmd.iter().map(|s| s.to_string()).collect() });
    let mut environment = cfg.env.unwrap_or_default();
    environment.extend(env.iter().map(|s| s.to_string()));
    let spec = ProcessSpec {
        args,
        env: environment,
        cwd: cfg.working_dir.unwrap_or_else(|| "/".into()),
        rootfs: Some(name.clone()),
        namespaces: Namespaces { mnt: NamespaceMode::New, pid: NamespaceMode::New, uts: NamespaceMode::New, ..Namespaces::default() },
        hostname: Some("0123456789ab".into()),
        cgroup: format!("system.slice/docker-{name}.scope"),
        ..ProcessSpec::default()
    };
    let pid = k.spawn(&spec).unwrap_or_else(|e| panic!("{image}: {e}"));
    drive(sim);
    pid
}

#[test]
fn hello_world_prints_the_real_message() {
    let (mut sim, mut k, mut regs) = boot();
    let pid = run(&mut sim, &mut k, &mut regs, "hello-world", &[], &[]);
    assert_eq!(wait(&mut k, pid), Some(ExitStatus::Exited(0)));
    assert_eq!(read_all(&mut k, pid, Stream::Stdout), HELLO);
    assert!(HELLO.starts_with("\nHello from Docker!\n") && HELLO.ends_with("get-started/\n\n"));
}

#[test]
fn whalesay_draws_the_whale() {
    let (mut sim, mut k, mut regs) = boot();
    let pid = run(&mut sim, &mut k, &mut regs, "docker/whalesay", &["cowsay", "boo"], &[]);
    assert_eq!(wait(&mut k, pid), Some(ExitStatus::Exited(0)));
    let out = read_all(&mut k, pid, Stream::Stdout);
    assert_eq!(out, cowsay_text("boo"));
    assert!(out.starts_with(" _____ \n< boo >\n ----- \n    \\\n"), "{out}");
}

#[test]
fn cowsay_wraps_long_messages_in_a_balloon() {
    let text = cowsay_text("the quick brown fox jumps over the lazy dog and keeps running far away");
    let lines: Vec<&str> = text.lines().take(4).collect();
    // Text::Wrap at cowsay's 40 columns: lines of at most 39 characters.
    assert_eq!(lines[1], "/ the quick brown fox jumps over the lazy \\");
    assert_eq!(lines[2], "\\ dog and keeps running far away          /");
    assert_eq!(lines[0], format!(" {} ", "_".repeat(lines[1].len() - 2)));
    assert!(lines[2].starts_with("\\ ") && lines[2].ends_with(" /"));
}

#[test]
fn alpine_runs_busybox_applets() {
    let (mut sim, mut k, mut regs) = boot();
    let pid = run(&mut sim, &mut k, &mut regs, "alpine", &["cat", "/etc/alpine-release"], &[]);
    assert_eq!(wait(&mut k, pid), Some(ExitStatus::Exited(0)));
    assert_eq!(read_all(&mut k, pid, Stream::Stdout), "3.18.4\n");
    let pid = run(&mut sim, &mut k, &mut regs, "busybox", &["busybox", "echo", "hi"], &[]);
    assert_eq!(wait(&mut k, pid), Some(ExitStatus::Exited(0)));
    assert_eq!(read_all(&mut k, pid, Stream::Stdout), "hi\n");
}

#[test]
fn nginx_logs_through_its_entrypoint_and_quits_gracefully_on_sigquit() {
    let (mut sim, mut k, mut regs) = boot();
    let pid = run(&mut sim, &mut k, &mut regs, "nginx", &[], &[]);
    assert_eq!(wait(&mut k, pid), None, "nginx keeps running");
    let out = read_all(&mut k, pid, Stream::Stdout);
    assert!(out.starts_with("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n"), "{out}");
    assert!(out.contains("10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n"), "{out}");
    assert!(out.ends_with("/docker-entrypoint.sh: Configuration complete; ready for start up\n"), "{out}");
    let err = read_all(&mut k, pid, Stream::Stderr);
    assert!(err.contains("[notice] 1#1: nginx/1.25.3\n"), "{err}");
    k.signal(pid, SIGQUIT).unwrap();
    drive(&mut sim);
    assert_eq!(wait(&mut k, pid), Some(ExitStatus::Exited(0)));
    let err = read_all(&mut k, pid, Stream::Stderr);
    assert!(err.contains("[notice] 1#1: signal 3 (SIGQUIT) received, shutting down\n") && err.ends_with("[notice] 1#1: exit\n"), "{err}");
}

#[test]
fn databases_want_a_password_and_stop_on_sigterm() {
    let (mut sim, mut k, mut regs) = boot();
    let pid = run(&mut sim, &mut k, &mut regs, "postgres:15.1-alpine", &[], &[]);
    assert_eq!(wait(&mut k, pid), Some(ExitStatus::Exited(1)));
    assert!(read_all(&mut k, pid, Stream::Stderr).starts_with("Error: Database is uninitialized and superuser password is not specified.\n"));

    let pid = run(&mut sim, &mut k, &mut regs, "postgres:15.1-alpine", &[], &["POSTGRES_PASSWORD=secret"]);
    assert_eq!(wait(&mut k, pid), None);
    assert!(read_all(&mut k, pid, Stream::Stderr).ends_with("LOG:  database system is ready to accept connections\n"));
    k.signal(pid, SIGTERM).unwrap();
    drive(&mut sim);
    assert_eq!(wait(&mut k, pid), Some(ExitStatus::Exited(0)));

    for (image, ready) in [("redis:7-alpine", "* Ready to accept connections tcp\n"), ("mongo", "\"msg\":\"Waiting for connections\",\"attr\":{\"port\":27017,\"ssl\":\"off\"}}\n")] {
        let pid = run(&mut sim, &mut k, &mut regs, image, &[], &[]);
        assert_eq!(wait(&mut k, pid), None, "{image}");
        assert!(read_all(&mut k, pid, Stream::Stdout).ends_with(ready), "{image}");
        k.signal(pid, SIGTERM).unwrap();
        drive(&mut sim);
        assert_eq!(wait(&mut k, pid), Some(ExitStatus::Exited(0)), "{image}");
    }
    for (image, env) in [("mysql:8.0", "MYSQL_ROOT_PASSWORD=x"), ("registry:2", "X=1")] {
        let pid = run(&mut sim, &mut k, &mut regs, image, &[], &[env]);
        assert_eq!(wait(&mut k, pid), None, "{image}");
        k.signal(pid, SIGTERM).unwrap();
        drive(&mut sim);
        assert_eq!(wait(&mut k, pid), Some(ExitStatus::Exited(0)), "{image}");
    }
}


#[test]
fn names_the_course_types_without_a_tag_pull_and_report_their_own_versions() {
    let (mut sim, mut k, mut regs) = boot();
    for (image, cmd, want) in [
        ("python", &["python3", "--version"][..], "Python 3.12.1\n"),
        ("python:3.9.0", &["python3", "--version"][..], "Python 3.9.0\n"),
        ("node:18.13.0", &["node", "--version"][..], "v18.13.0\n"),
        ("node", &["node", "--version"][..], "v20.10.0\n"),
        ("mysql", &["mysql", "--version"][..], "mysql  Ver 9.0.1 for Linux on x86_64 (MySQL Community Server - GPL)\n"),
        ("mysql:8.0", &["mysql", "--version"][..], "mysql  Ver 8.0.35 for Linux on x86_64 (MySQL Community Server - GPL)\n"),
        ("postgres", &["psql", "--version"][..], "psql (PostgreSQL) 16.1 (Debian 16.1-1.pgdg120+1)\n"),
        ("postgres:15.1-alpine", &["psql", "--version"][..], "psql (PostgreSQL) 15.1\n"),
        ("redis", &["redis-cli", "--version"][..], "redis-cli 7.2.3\n"),
        ("alpine:3.19", &["cat", "/etc/alpine-release"][..], "3.19.1\n"),
        ("alpine:3.21", &["cat", "/etc/alpine-release"][..], "3.21.3\n"),
        ("ubuntu:24.04", &["grep", "VERSION_CODENAME", "/etc/os-release"][..], "VERSION_CODENAME=noble\n"),
        ("ubuntu:20.04", &["cat", "/etc/debian_version"][..], "bullseye/sid\n"),
        ("nginx:1.25-alpine", &["cat", "/etc/alpine-release"][..], "3.18.4\n"),
    ] {
        let pid = run(&mut sim, &mut k, &mut regs, image, cmd, &[]);
        assert_eq!(read_all(&mut k, pid, Stream::Stdout), want, "{image}");
    }
    // The Debian redis is not the Alpine one: no apk, a gosu.
    let pid = run(&mut sim, &mut k, &mut regs, "redis", &["ls", "/usr/local/bin/gosu"], &[]);
    assert_eq!(read_all(&mut k, pid, Stream::Stdout), "/usr/local/bin/gosu\n");
}
