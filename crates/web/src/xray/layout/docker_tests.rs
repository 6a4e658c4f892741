//! The daemon's views, drawn from a real session: docker commands typed in the simulated
//! host's shell (nginx publishing a port on the default bridge; an alpine container on a
//! user network with an alias, a named volume, limits and a changed root; a commit of it
//! sharing alpine's layer), then snapshot, selection and layouts checked against what
//! `docker diff`, `docker network inspect` and `docker history` say.

use std::sync::OnceLock;

use super::tests::{assert_tidy, titles};
use crate::session::tests::{ready, run};
use crate::session::Session;
use crate::xray::diagram::{Diagram, Tone};
use crate::xray::docker::{Container, Docker};
use crate::xray::select::{Mark, Related, Selection};
use crate::xray::{draw_all, Tab};

fn session() -> Session {
    let mut s = ready();
    for line in [
        "docker run -d --name web -p 8080:80 nginx",
        "docker network create appnet",
        "docker run -d --name db --network appnet --network-alias database -v dbdata:/data --memory 64m --pids-limit 50 alpine sh -c 'rm /etc/motd; echo x >> /etc/profile; touch /new; sleep 1000'",
        "docker commit db snap",
        "docker volume create spare",
    ] {
        let out = run(&mut s, line);
        assert!(!out.contains("Error") && !out.contains("docker:"), "{line}: {out}");
    }
    s
}

/// The snapshot of [`session`], taken once: the docker commands are the slow part.
fn docker() -> &'static Docker {
    static SNAP: OnceLock<Docker> = OnceLock::new();
    SNAP.get_or_init(|| session().docker())
}

fn ctr(name: &str) -> &'static Container {
    docker().containers.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no container {name}"))
}

fn node_titled<'d>(d: &'d Diagram, title: &str) -> &'d crate::xray::diagram::Node {
    d.nodes.iter().find(|n| n.title == title).unwrap_or_else(|| panic!("no node {title:?} in {:?}", titles(d)))
}

#[test]
fn the_snapshot_reads_images_containers_networks_and_volumes() {
    let d = docker();
    assert!(d.installed);
    let names: Vec<String> = d.images.iter().map(|i| i.name()).collect();
    assert_eq!(names, ["alpine:latest", "nginx:latest", "snap:latest"]);
    let alpine = &d.images[0];
    assert_eq!(alpine.layers.len(), 1);
    assert!(alpine.layers[0].created_by.contains("ADD file:"), "{}", alpine.layers[0].created_by);
    assert_eq!(alpine.layers[0].chain, alpine.layers[0].diff_id, "a bottom layer's chain ID is its diff ID");
    assert_eq!(alpine.metadata_steps, 1, "CMD");

    let web = ctr("web");
    assert_eq!((web.status, web.image.as_str()), ("running", "nginx"));
    assert!(web.ports.iter().any(|p| (p.host_ip.as_str(), p.host_port.as_str(), p.container_port.as_str()) == ("0.0.0.0", "8080", "80/tcp")), "{:?}", web.ports);
    assert_eq!(web.endpoints[0].network, "bridge");
    assert_eq!(web.endpoints[0].ip.as_deref(), Some("172.17.0.2"));
    assert!(web.endpoints[0].dns_names.is_empty(), "the default bridge has no DNS by name");

    let db = ctr("db");
    let diff: Vec<String> = db.changes.iter().map(|c| format!("{} {}", c.kind, c.path)).collect();
    assert_eq!(diff, ["A /data", "C /etc", "D /etc/motd", "C /etc/profile", "A /new"], "as docker diff prints it");
    assert_eq!(db.endpoints[0].network, "appnet");
    assert!(db.endpoints[0].dns_names.starts_with(&["db".to_string(), "database".to_string()]), "{:?}", db.endpoints[0].dns_names);
    assert_eq!((db.limits.memory_max, db.limits.pids_max), (Some(64 << 20), Some(50)));
    assert!(db.limits.pids >= 1);
    assert_eq!(db.procs[0].pid, 1, "PID 1 inside");
    assert_eq!(Some(db.procs[0].host_pid), db.pid);
    assert_ne!(db.procs[0].host_pid, 1, "another number on the host");
    assert_eq!(db.hostname, db.short_id());
    assert!(db.colour > 0 && db.colour != web.colour);
    assert_eq!(db.mounts[0].kind, "volume");
    assert_eq!((db.mounts[0].name.as_str(), db.mounts[0].destination.as_str()), ("dbdata", "/data"));

    let nets: Vec<&str> = d.networks.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(nets, ["appnet", "bridge", "host", "none"]);
    assert!(d.networks[0].user_defined && !d.networks[1].user_defined);
    let vols: Vec<&str> = d.volumes.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(vols, ["dbdata", "spare"]);
}

#[test]
fn a_selection_marks_what_it_is_tied_to() {
    let d = docker();
    let (db, web) = (ctr("db"), ctr("web"));
    let alpine = &d.images[0];
    let by_ctr = Related::new(d, Some(&Selection::Container(db.id.clone())));
    assert_eq!(by_ctr.mark(&Selection::Container(db.id.clone())), Mark::Selected);
    for tied in [Selection::Image(alpine.id.clone()), Selection::Layer(alpine.layers[0].chain.clone()), Selection::Network("appnet".into()), Selection::Volume("dbdata".into())] {
        assert_eq!(by_ctr.mark(&tied), Mark::Related, "{tied:?}");
    }
    assert_eq!(by_ctr.mark(&Selection::Container(web.id.clone())), Mark::None);
    assert_eq!(by_ctr.mark(&Selection::Volume("spare".into())), Mark::None);

    // alpine's layer is in alpine and in snap: both images and db (alpine's container).
    let by_layer = Related::new(d, Some(&Selection::Layer(alpine.layers[0].chain.clone())));
    let snap = d.images.iter().find(|i| i.name() == "snap:latest").unwrap();
    assert_eq!(by_layer.mark(&Selection::Image(snap.id.clone())), Mark::Related);
    assert_eq!(by_layer.mark(&Selection::Container(db.id.clone())), Mark::Related);
    assert_eq!(by_layer.mark(&Selection::Container(web.id.clone())), Mark::None);

    let by_volume = Related::new(d, Some(&Selection::Volume("dbdata".into())));
    assert_eq!(by_volume.mark(&Selection::Container(db.id.clone())), Mark::Related);
    assert_eq!(Related::new(d, None).mark(&Selection::Container(db.id.clone())), Mark::None);
}

#[test]
fn shared_layers_line_up_across_images() {
    let d = docker();
    let pic = super::images(d, &Related::default(), 720.0);
    assert_tidy(&pic);
    let shared: Vec<_> = pic.nodes.iter().filter(|n| n.badges.iter().any(|b| b.text == "shared ×2")).collect();
    assert_eq!(shared.len(), 2, "alpine's layer, in alpine and in snap");
    assert_eq!(shared[0].rect.y, shared[1].rect.y, "on the same row");
    assert!(shared[0].title.starts_with("ADD file:"), "{}", shared[0].title);
    let tie = pic.edges.iter().find(|e| e.tone == Tone::Accent).expect("a line tying the two");
    assert_eq!(tie.points, vec![(shared[0].rect.right(), shared[0].rect.y + 20.0), (shared[1].rect.x, shared[1].rect.y + 20.0)]);
    let commit = pic.nodes.iter().find(|n| n.target.as_ref().is_some_and(|t| matches!(t, Selection::Layer(_))) && n.rect.y < shared[1].rect.y && n.rect.x == shared[1].rect.x);
    assert!(commit.is_some(), "snap's own layer sits on top of the shared one");
    let head = node_titled(&pic, "nginx:latest");
    assert!(head.badges.iter().any(|b| b.text == "1 ctr"), "{:?}", head.badges);
}

#[test]
fn the_union_mount_shows_whiteouts_copy_ups_and_new_files() {
    let d = docker();
    let db = ctr("db");
    let pic = super::container::union(db, d, &Related::default(), 640.0);
    assert_tidy(&pic);
    let t = titles(&pic);
    assert_eq!(&t[..2], ["container layer (upper)", "init layer"].as_slice(), "{t:?}");
    assert!(t[2].starts_with("ADD file:5cbd1d6614ed4e67e"), "alpine's layer under them: {t:?}");
    assert_eq!(pic.nodes[0].detail, "2 new · 2 copy-up · 1 whiteout");
    let word = |path: &str| node_titled(&pic, path).badges[0].text.clone();
    assert_eq!(word("/etc/motd"), "whiteout");
    assert_eq!(word("/etc/profile"), "copy-up");
    assert_eq!(word("/new"), "new");
    assert_eq!(node_titled(&pic, "/etc/motd").tone, Tone::Warn);
    let merged = node_titled(&pic, "merged /");
    assert_eq!(merged.tone, Tone::Ns(db.colour), "the container's colour");
    assert_eq!(pic.edges.len(), 3, "upper, init and alpine's layer feed the merged view");
    assert!(pic.frames[0].rect.contains(&merged.rect));
}

#[test]
fn namespaces_show_pids_inside_and_out_and_the_cgroup_its_limits() {
    let db = ctr("db");
    let pic = super::container::namespaces(db, &Related::default(), 640.0);
    assert_tidy(&pic);
    let pid1 = pic.nodes.iter().find(|n| n.title.starts_with("PID 1 · sh -c")).expect("PID 1");
    assert_eq!(pid1.badges[0].text, format!("host {}", db.pid.unwrap()));
    assert!(pic.frames[0].label.starts_with("PID namespace "), "{}", pic.frames[0].label);
    node_titled(&pic, &format!("hostname {}", db.short_id()));
    let vol = node_titled(&pic, "/data");
    assert_eq!(vol.target, Some(Selection::Volume("dbdata".into())));
    let eth = pic.nodes.iter().find(|n| n.title.starts_with("eth0 172.18.0.")).expect("eth0 on appnet");
    assert!(eth.detail.starts_with("network appnet · DNS db, database"), "{}", eth.detail);
    let mem = pic.nodes.iter().find(|n| n.title.starts_with("memory ")).unwrap();
    assert!(mem.title.ends_with(" / 64MiB") && mem.meter.is_some(), "{}", mem.title);
    node_titled(&pic, &format!("pids {} / 50", db.limits.pids));
    node_titled(&pic, "cpus: no limit");
}

#[test]
fn the_network_graph_ties_ports_to_containers_and_names_dns() {
    let d = docker();
    let pic = super::graph(d, &Related::default(), 640.0);
    assert_tidy(&pic);
    let port = node_titled(&pic, "0.0.0.0:8080 → 80/tcp");
    assert_eq!(pic.nodes.iter().filter(|n| n.title.contains(":8080")).count(), 1, "the IPv6 twin of the binding is left out");
    let labels: Vec<&str> = pic.frames.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["host · published ports", "appnet · 172.18.0.0/16 · containers find each other by name", "bridge · 172.17.0.0/16 · default bridge: no DNS by name"]);
    let web = pic.nodes.iter().find(|n| n.title == "web").unwrap();
    assert_eq!(web.detail, "172.17.0.2");
    assert!(pic.frames[2].rect.contains(&web.rect));
    let db = pic.nodes.iter().find(|n| n.title == "db").unwrap();
    assert!(db.detail.starts_with("172.18.0.2 · DNS db, database"), "{}", db.detail);
    let line = pic.edges.iter().find(|e| e.points.first() == Some(&(port.rect.x + port.rect.w / 2.0, port.rect.bottom()))).expect("a line from the port");
    assert_eq!(line.points.last(), Some(&(web.rect.right(), web.rect.y + web.rect.h / 2.0)), "ends at web");
}

#[test]
fn volumes_show_who_mounts_them_and_which_are_dangling() {
    let d = docker();
    let pic = super::volumes(d, &Related::default(), 640.0);
    assert_tidy(&pic);
    let data = node_titled(&pic, "dbdata");
    assert!(!data.badges.iter().any(|b| b.text == "dangling"));
    assert!(node_titled(&pic, "spare").badges.iter().any(|b| b.text == "dangling"));
    let at = node_titled(&pic, "/data");
    assert_eq!(at.detail, "in db");
    let db = node_titled(&pic, "db");
    assert!(at.rect.x > data.rect.right() && db.rect.x > at.rect.right(), "volume, mount point, container, left to right");
    assert_eq!(pic.edges.len(), 2);
}

#[test]
fn every_daemon_tab_marks_the_selected_container_and_stays_tidy() {
    let s = session();
    let d = s.docker();
    let db = d.containers.iter().find(|c| c.name == "db").unwrap();
    let sel = Selection::Container(db.id.clone());
    for tab in [Tab::Images, Tab::Containers, Tab::Network, Tab::Volumes] {
        let sections = draw_all(&s.machine(), &d, Some(&sel), tab, 560.0);
        for sec in &sections {
            assert_tidy(&sec.diagram);
        }
        let marks: Vec<Mark> = sections.iter().flat_map(|sec| sec.diagram.nodes.iter().map(|n| n.mark)).collect();
        assert!(marks.contains(&Mark::Selected) || tab == Tab::Images, "{tab:?} shows the container itself");
        assert!(marks.contains(&Mark::Related) || tab == Tab::Containers && marks.contains(&Mark::Selected), "{tab:?} marks what is tied to it");
    }
    let containers = draw_all(&s.machine(), &d, Some(&sel), Tab::Containers, 560.0);
    assert_eq!(containers.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(), ["Containers", "Union mount of db", "Namespaces and cgroup of db"]);
}

#[test]
fn a_machine_without_docker_activity_draws_hints_not_errors() {
    let s = ready();
    let d = s.docker();
    assert!(d.installed && d.images.is_empty() && d.containers.is_empty());
    for tab in [Tab::Images, Tab::Containers, Tab::Network, Tab::Volumes] {
        for sec in draw_all(&s.machine(), &d, None, tab, 560.0) {
            assert!(!sec.diagram.is_empty(), "{tab:?} says something");
        }
    }
}
