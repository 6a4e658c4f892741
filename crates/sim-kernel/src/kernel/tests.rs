//! The simulator as the engine's kernel: layers, a container's root, a container process.

use std::net::Ipv4Addr;
use std::task::{Context, Poll};

use wharf_engine::digest::Digest;
use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FsRead, FsWrite};
use wharf_engine::image::layer::create_from_tree;
use wharf_engine::kernel::{ExitStatus, Kernel, KernelError, Limits, Namespaces, NamespaceMode, ProcessSpec, Stream};

use super::SimKernel;
use crate::executor::RunOutcome;
use crate::program::{executable, Programs};
use crate::sim::Sim;

fn layer_tar(files: &[(&str, &[u8], u32)]) -> Vec<u8> {
    let mut tree = MemFs::new();
    for (path, data, mode) in files {
        let (dir, _) = wharf_engine::fs::path::split(path);
        let mut acc = String::new();
        for part in dir.split('/').filter(|p| !p.is_empty()) {
            acc = if acc.is_empty() { part.to_string() } else { format!("{acc}/{part}") };
            if tree.lstat(&acc).unwrap().is_none() {
                tree.mkdir(&acc, &Attrs::root(0o755)).unwrap();
            }
        }
        tree.write_file(path, &Attrs::root(*mode), &mut &data[..]).unwrap();
    }
    let mut out = Vec::new();
    create_from_tree(&tree, &mut out).unwrap();
    out
}

fn programs() -> Programs {
    let mut p = Programs::new();
    p.register("hello", |p| {
        Box::pin(async move {
            let host = p.hostname();
            let pid = p.pid();
            let motd = String::from_utf8(p.read_file("/etc/motd").await.unwrap_or_default()).unwrap();
            p.print(&format!("hello from {host} as pid {pid}: {motd}")).await;
            p.write_file("/made-here", b"x").await.unwrap();
            0
        })
    });
    p.register("limits", |p| {
        Box::pin(async move {
            let mut before = Vec::new();
            for name in ["memory.max", "pids.max", "cpu.max"] {
                before.extend(p.read_file(&format!("/sys/fs/cgroup/{name}")).await.unwrap_or_default());
            }
            p.sleep(10_000_000_000).await.unwrap();
            let after = p.read_file("/sys/fs/cgroup/memory.max").await.unwrap_or_default();
            let (before, after) = (String::from_utf8(before).unwrap(), String::from_utf8(after).unwrap());
            p.print(&format!("{before}{after}")).await;
            0
        })
    });
    p
}

fn block_on_wait(sim: &mut Sim, k: &mut SimKernel, pid: u32) -> ExitStatus {
    assert_eq!(sim.run(100_000), RunOutcome::AllDone);
    let waker = std::task::Waker::noop();
    match k.poll_wait(pid, &mut Context::from_waker(waker)) {
        Poll::Ready(r) => r.unwrap(),
        Poll::Pending => panic!("still running"),
    }
}

fn read_all(k: &mut SimKernel, pid: u32, stream: Stream) -> String {
    let waker = std::task::Waker::noop();
    let mut out = Vec::new();
    let mut buf = [0u8; 256];
    while let Poll::Ready(Ok(n)) = k.poll_read_output(pid, stream, &mut buf, &mut Context::from_waker(waker)) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn a_container_runs_in_its_own_namespaces_on_a_union_of_layers() {
    let mut sim = Sim::boot(MemFs::new(), 1, programs());
    let mut k = SimKernel::new(sim.machine().clone());
    let base = layer_tar(&[("bin/hello", &executable("hello", 100), 0o755), ("etc/motd", b"base\n", 0o644)]);
    let top = layer_tar(&[("etc/motd", b"top\n", 0o644)]);
    let base_id = Digest::of(&base);
    let top_id = Digest::of(b"chain-2");
    k.unpack_layer(&top_id, Some(&base_id), &mut &top[..]).unwrap_err();
    k.unpack_layer(&base_id, None, &mut &base[..]).unwrap();
    k.unpack_layer(&top_id, Some(&base_id), &mut &top[..]).unwrap();
    k.create_rootfs("c1", Some(&top_id)).unwrap();
    assert!(matches!(k.remove_layer(&base_id), Err(KernelError::Busy(_))));

    let spec = ProcessSpec {
        args: vec!["hello".into()],
        env: vec!["PATH=/bin".into()],
        cwd: "/".into(),
        rootfs: Some("c1".into()),
        namespaces: Namespaces { mnt: NamespaceMode::New, pid: NamespaceMode::New, uts: NamespaceMode::New, net: NamespaceMode::New, ..Namespaces::default() },
        hostname: Some("abc123".into()),
        cgroup: "system.slice/docker-c1.scope".into(),
        ..ProcessSpec::default()
    };
    let pid = k.spawn(&spec).unwrap();
    let status = block_on_wait(&mut sim, &mut k, pid);
    assert_eq!(status, ExitStatus::Exited(0));
    assert_eq!(read_all(&mut k, pid, Stream::Stdout), "hello from abc123 as pid 1: top\n");

    let mut diff = Vec::new();
    k.diff_rootfs("c1", &mut diff).unwrap();
    let mut names = Vec::new();
    for e in tar::Archive::new(&diff[..]).entries().unwrap() {
        names.push(e.unwrap().path().unwrap().to_string_lossy().into_owned());
    }
    assert!(names.iter().any(|n| n.ends_with("made-here")), "{names:?}");
    let mut seen = String::new();
    k.with_rootfs("c1", &mut |fs| {
        seen = String::from_utf8(fs.open("etc/motd").map(|mut r| {
            let mut s = Vec::new();
            std::io::Read::read_to_end(&mut r, &mut s).unwrap();
            s
        })?)
        .unwrap();
        Ok(())
    })
    .unwrap();
    assert_eq!(seen, "top\n");
    k.remove_rootfs("c1").unwrap_err();
}

#[test]
fn a_missing_program_is_not_found_before_anything_runs() {
    let mut sim = Sim::boot(MemFs::new(), 1, programs());
    let mut k = SimKernel::new(sim.machine().clone());
    k.create_rootfs("empty", None).unwrap();
    let spec = ProcessSpec { args: vec!["nope".into()], rootfs: Some("empty".into()), namespaces: Namespaces { mnt: NamespaceMode::New, ..Namespaces::default() }, ..ProcessSpec::default() };
    assert!(matches!(k.spawn(&spec), Err(KernelError::NotFound(n)) if n == "nope"));
    assert_eq!(sim.run(10), RunOutcome::AllDone);
}

#[test]
fn bridges_ports_and_volumes_go_to_the_machine() {
    let sim = Sim::boot(MemFs::new(), 1, programs());
    let mut k = SimKernel::new(sim.machine().clone());
    let gw = wharf_engine::kernel::IpNet { addr: Ipv4Addr::new(172, 17, 0, 1), prefix: 16 };
    k.create_bridge("docker0", gw).unwrap();
    assert!(matches!(k.create_bridge("docker0", gw), Err(KernelError::Busy(_))));
    k.publish_port(wharf_engine::kernel::Protocol::Tcp, Ipv4Addr::UNSPECIFIED, 8080, Ipv4Addr::new(172, 17, 0, 2), 80).unwrap();
    assert!(matches!(k.publish_port(wharf_engine::kernel::Protocol::Tcp, Ipv4Addr::UNSPECIFIED, 8080, Ipv4Addr::new(172, 17, 0, 3), 80), Err(KernelError::Busy(_))));
    assert_eq!(k.create_volume("data").unwrap(), "/var/lib/docker/volumes/data/_data");
    k.remove_volume("data").unwrap();
}

#[test]
fn a_bind_mount_target_follows_symlinks_inside_the_root() {
    // A merged-/usr root (`/sbin -> usr/sbin`), where `--init` mounts `/sbin/docker-init`.
    let mut host = MemFs::new();
    host.mkdir("srv", &Attrs::root(0o755)).unwrap();
    host.write_file("srv/greeter", &Attrs::root(0o755), &mut &executable("hello", 100)[..]).unwrap();
    let mut sim = Sim::boot(host, 1, programs());
    let mut k = SimKernel::new(sim.machine().clone());
    let base = layer_tar(&[("usr/sbin/.keep", b"", 0o644), ("etc/motd", b"merged\n", 0o644)]);
    let base_id = Digest::of(&base);
    k.unpack_layer(&base_id, None, &mut &base[..]).unwrap();
    k.create_rootfs("c1", Some(&base_id)).unwrap();
    k.with_rootfs("c1", &mut |fs| Ok(fs.symlink("sbin", "usr/sbin", &Attrs::root(0o777))?)).unwrap();
    let spec = ProcessSpec {
        args: vec!["/sbin/greeter".into()],
        rootfs: Some("c1".into()),
        namespaces: Namespaces { mnt: NamespaceMode::New, ..Namespaces::default() },
        mounts: vec![wharf_engine::kernel::MountSpec::Bind { source: "/srv/greeter".into(), target: "/sbin/greeter".into(), readonly: true }],
        ..ProcessSpec::default()
    };
    let pid = k.spawn(&spec).unwrap();
    assert_eq!(block_on_wait(&mut sim, &mut k, pid), ExitStatus::Exited(0));
    assert!(read_all(&mut k, pid, Stream::Stdout).ends_with("merged\n"));
}

#[test]
fn a_container_sees_its_own_cgroup_limits_and_updates_to_them() {
    let mut sim = Sim::boot(MemFs::new(), 1, programs());
    let mut k = SimKernel::new(sim.machine().clone());
    let base = layer_tar(&[("bin/limits", &executable("limits", 100), 0o755)]);
    let base_id = Digest::of(&base);
    k.unpack_layer(&base_id, None, &mut &base[..]).unwrap();
    k.create_rootfs("c1", Some(&base_id)).unwrap();
    let spec = ProcessSpec {
        args: vec!["limits".into()],
        rootfs: Some("c1".into()),
        namespaces: Namespaces { mnt: NamespaceMode::New, pid: NamespaceMode::New, cgroup: NamespaceMode::New, ..Namespaces::default() },
        cgroup: "system.slice/docker-c1.scope".into(),
        limits: Limits { memory_max: Some(64 << 20), pids_max: None, cpu_max: Some((50_000, 100_000)) },
        ..ProcessSpec::default()
    };
    let pid = k.spawn(&spec).unwrap();
    sim.run(1);
    k.set_limits(pid, &Limits { memory_max: Some(128 << 20), ..spec.limits.clone() }).unwrap();
    assert_eq!(block_on_wait(&mut sim, &mut k, pid), ExitStatus::Exited(0));
    assert_eq!(read_all(&mut k, pid, Stream::Stdout), "67108864\nmax\n50000 100000\n134217728\n");
}
