//! Every view drawn from the real host with a container made by hand: `unshare` typed in the
//! shell for the namespaces, then what the engine will add (a cgroup with limits, a veth on a
//! bridge, an overlay root). Nothing overlaps, frames hold what they name, and the facts a
//! learner should read are there.

use std::net::Ipv4Addr;
use std::sync::Arc;

use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FsWrite};
use wharf_engine::kernel::IpNet;
use wharf_engine::unionfs::UnionFs;
use wharf_sim_kernel::vfs::{Filesystem, FsKind, Mount};

use crate::session::tests::{ready, run};
use crate::session::Session;
use crate::xray::diagram::Diagram;
use crate::xray::{draw, Tab};

const SCOPE: &str = "system.slice/docker-4f2a9c1e7b3d.scope";

fn container() -> Session {
    let mut s = ready();
    for line in [
        "echo +memory +pids > /sys/fs/cgroup/cgroup.subtree_control",
        "mkdir /sys/fs/cgroup/system.slice",
        "echo +memory +pids > /sys/fs/cgroup/system.slice/cgroup.subtree_control",
        "mkdir /sys/fs/cgroup/system.slice/docker-4f2a9c1e7b3d.scope",
        "echo 100 > /sys/fs/cgroup/system.slice/docker-4f2a9c1e7b3d.scope/pids.max",
        "echo 67108864 > /sys/fs/cgroup/system.slice/docker-4f2a9c1e7b3d.scope/memory.max",
        "unshare --pid --fork --mount-proc --uts --net --ipc sh",
        "hostname 4f2a9c1e7b3d",
        "sleep 1000 &",
        "sleep 1000 &",
    ] {
        run(&mut s, line);
    }
    let mut m = s.machine_mut();
    let init = m.procs.values().find(|p| p.ns.pid != 0 && p.own_pid() == 1).map(|p| (p.pid, p.ns)).expect("PID 1 of the container");
    let (pid, ns) = init;
    let members: Vec<u32> = m.procs.values().filter(|p| p.ns.pid == ns.pid).map(|p| p.pid).collect();
    assert_eq!(members.len(), 3);
    for p in members {
        m.proc_mut(p).unwrap().cgroup = SCOPE.into();
    }
    let gw = Ipv4Addr::new(172, 17, 0, 1);
    // dockerd made docker0 as it started; the bridge is only made here without it.
    let _ = m.net.create_bridge("docker0", IpNet { addr: gw, prefix: 16 });
    m.net.connect(ns.net, "docker0", "eth0", IpNet { addr: Ipv4Addr::new(172, 17, 0, 2), prefix: 16 }, Some(gw)).unwrap();
    let layer = |files: &[&str]| {
        let mut fs = MemFs::new();
        for f in files {
            if let Some((dir, _)) = f.rsplit_once('/') {
                let _ = fs.mkdir(dir, &Attrs::root(0o755));
            }
            fs.write_file(f, &Attrs::root(0o644), &mut &b"x"[..]).unwrap();
        }
        Arc::new(fs)
    };
    let union = UnionFs::new(vec![layer(&["bin/sh", "etc/os-release", "lib/libc.so"]), layer(&["srv/index.html"])], MemFs::new());
    let fs = m.vfs.add_fs(Filesystem { kind: FsKind::Union(Box::new(union)), fstype: "overlay".into(), source: "overlay".into(), options: String::new() });
    m.vfs.mount(ns.mnt, Mount { mountpoint: "/".into(), fs, subpath: String::new(), readonly: false });
    let _ = pid;
    drop(m);
    s
}

fn view(s: &Session, tab: Tab) -> Vec<Diagram> {
    draw(&s.machine(), tab, 560.0).into_iter().map(|sec| sec.diagram).collect()
}

pub(super) fn assert_tidy(d: &Diagram) {
    for (i, a) in d.nodes.iter().enumerate() {
        for b in &d.nodes[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.tooltip, b.tooltip);
        }
        assert!(a.rect.right() <= d.width && a.rect.bottom() <= d.height, "{} sticks out", a.tooltip);
    }
    for f in &d.frames {
        assert!(f.rect.right() <= d.width && f.rect.bottom() <= d.height, "frame {} sticks out", f.label);
    }
}

pub(super) fn titles(d: &Diagram) -> Vec<&str> {
    d.nodes.iter().map(|n| n.title.as_str()).collect()
}

#[test]
fn the_process_tree_frames_the_container_and_numbers_it_from_one() {
    let s = container();
    let views = view(&s, Tab::Processes);
    let procs = &views[0];
    assert_tidy(procs);
    assert_eq!(titles(procs), ["init", "containerd", "dockerd", "sh", "unshare", "sh", "sleep", "sleep"]);
    let frame = procs.frames.iter().find(|f| f.label.contains("4f2a9c1e7b3d")).expect("a frame for the container");
    let inside: Vec<_> = procs.nodes.iter().filter(|n| frame.rect.contains(&n.rect)).collect();
    let pids: Vec<&str> = inside.iter().map(|n| n.badges[0].text.as_str()).collect();
    assert_eq!(pids, ["PID 1", "PID 3", "PID 4"], "PID 2 was `hostname`, gone since");
    assert!(inside.iter().all(|n| n.badges[1].text.starts_with("host ")));
    for n in procs.nodes.iter().filter(|n| !frame.rect.contains(&n.rect)) {
        assert!(!frame.rect.overlaps(&n.rect), "{} is half in the frame", n.tooltip);
    }
    assert_eq!(procs.edges.len(), 6, "every process but init and the login shell hangs off its parent");
}

#[test]
fn the_cgroup_tree_shows_the_containers_limits() {
    let s = container();
    let cg = &view(&s, Tab::Processes)[1];
    assert_tidy(cg);
    let scope = cg.nodes.iter().find(|n| n.title == "docker-4f2a9c1e7b3d.scope").expect("the container's cgroup");
    assert!(scope.detail.starts_with("mem ") && scope.detail.contains("/ 64MiB · pids 3 / 100"), "{}", scope.detail);
    assert!(scope.meter.is_some());
    assert_eq!(cg.nodes[0].title, "/sys/fs/cgroup");
}

#[test]
fn each_mount_namespace_gets_a_frame_and_the_container_root_is_an_overlay() {
    let s = container();
    let fs = &view(&s, Tab::Filesystem)[0];
    assert_tidy(fs);
    assert_eq!(fs.frames.len(), 2);
    assert!(fs.frames[0].label.starts_with("host mount namespace · init 1, containerd 598, dockerd 612, sh 1021"), "{}", fs.frames[0].label);
    let overlay = fs.nodes.iter().find(|n| n.badges.iter().any(|b| b.text == "overlay")).expect("an overlay mount");
    assert!(fs.frames[1].rect.contains(&overlay.rect));
    let covered: Vec<_> = fs.nodes.iter().filter(|n| n.badges.iter().any(|b| b.text == "covered")).collect();
    assert!(covered.iter().any(|n| n.title == "/" && fs.frames[1].rect.contains(&n.rect)), "the host's / under the overlay");
    let procs = fs.nodes.iter().filter(|n| n.title == "/proc").count();
    assert_eq!(procs, 3, "the host's /proc, its copy in the container, and the container's own --mount-proc");
}

#[test]
fn the_network_links_the_containers_veth_to_the_bridge() {
    let s = container();
    let net = &view(&s, Tab::Network)[1];
    assert_tidy(net);
    assert_eq!(titles(net), ["lo", "eth0", "docker0", "eth0", "lo"], "the container's veth comes first");
    let bridge = &net.nodes[2];
    assert_eq!(bridge.detail, "172.17.0.1/16");
    let line = net.edges.iter().find(|e| e.points.len() == 4).expect("a veth line");
    assert_eq!(line.points.last().map(|p| p.1), Some(bridge.rect.bottom()));
    assert!(net.frames[1].label.starts_with("4f2a9c1e7b3d · "), "{}", net.frames[1].label);
    assert!(net.frames[1].label.ends_with(" · via 172.17.0.1"), "{}", net.frames[1].label);
    let label_w = net.frames[1].label.chars().count() as f32 * crate::xray::diagram::BADGE_CHAR_W;
    assert!(label_w <= net.frames[1].rect.w - 16.0, "the label stays inside its frame, clear of the next one's");
}

#[test]
fn layers_stack_the_writable_layer_over_the_image() {
    let s = container();
    let layers = &view(&s, Tab::Images)[1];
    assert_tidy(layers);
    assert_eq!(titles(layers), ["container layer", "layer 2", "layer 1", "merged /"]);
    assert_eq!(layers.nodes[1].detail, "2 entries");
    assert_eq!(layers.edges.len(), 3);
    let merged = &layers.nodes[3];
    assert_eq!(merged.detail, "the container's view", "fits without an ellipsis");
    assert!(layers.frames[0].rect.contains(&merged.rect));
}

#[test]
fn one_container_has_one_colour_in_every_view() {
    let s = container();
    let mut tones = Vec::new();
    for tab in Tab::ALL {
        for d in view(&s, tab) {
            tones.extend(d.frames.iter().filter(|f| f.tone != crate::xray::diagram::Tone::Plain).map(|f| f.tone));
        }
    }
    assert_eq!(tones.len(), 4, "a frame on each tab: layers, mounts, PID namespace, network");
    assert!(tones.iter().all(|t| *t == tones[0]), "{tones:?}");
}

#[test]
fn a_fresh_host_draws_every_view() {
    let s = ready();
    for tab in Tab::ALL {
        for d in view(&s, tab) {
            assert_tidy(&d);
            assert!(!d.is_empty(), "{tab:?} draws something even with no container");
        }
    }
}
