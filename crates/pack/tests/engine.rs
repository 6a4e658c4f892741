//! The docker matchers against the simulated host's real daemon: containers started with
//! `docker run` at the terminal, and an image added to its store the way a pull would.

use wharf_engine::fs::mem::MemFs;
use wharf_engine::fs::{Attrs, FsWrite};
use wharf_engine::image::db::LayerRecord;
use wharf_engine::image::layer::create_from_tree;
use wharf_engine::image::reference::Reference;
use wharf_pack::check::evaluate::matcher;
use wharf_pack::check::{evaluate_live, Host, SimEngine, Verdict};
use wharf_pack::matcher::{parse, EngineState};
use wharf_sim_kernel::program::executable;
use wharf_sim_kernel::sim::Sim;

const APPLETS: [&str; 6] = ["sh", "echo", "cat", "sleep", "true", "false"];

/// A one-layer busybox-like image tagged `busybox:latest` (stand-in images arrive later; this
/// builds one as the simulator's own docker tests do).
fn add_test_image(sim: &Sim) {
    let mut tree = MemFs::new();
    for d in ["bin", "etc", "root", "tmp"] {
        tree.mkdir(d, &Attrs::root(0o755)).unwrap();
    }
    for a in APPLETS {
        tree.write_file(&format!("bin/{a}"), &Attrs::root(0o755), &mut &executable(a, 0)[..]).unwrap();
    }
    let mut tar = Vec::new();
    let digest = create_from_tree(&tree, &mut tar).unwrap();
    let config = format!(
        r#"{{"architecture":"amd64","config":{{"Env":["PATH=/usr/bin:/bin"],"Cmd":["sh"]}},"created":"2024-09-26T21:31:42Z","history":[{{"created":"2024-09-26T21:31:42Z","created_by":"test"}}],"os":"linux","rootfs":{{"type":"layers","diff_ids":["{}"]}}}}"#,
        digest.diff_id
    );
    let daemon = sim.machine().borrow().docker.clone().unwrap();
    let mut d = daemon.borrow_mut();
    d.kernel().unpack_layer(&digest.diff_id, None, &mut &tar[..]).unwrap();
    let mut db = d.images();
    db.content().put(None, &tar).unwrap();
    db.content().put(None, config.as_bytes()).unwrap();
    let layer = LayerRecord { diff_id: digest.diff_id, blob: digest.diff_id, blob_size: tar.len() as u64, compressed: false, size: digest.size };
    let id = db.create(config.as_bytes(), vec![layer]).unwrap();
    db.tag(&Reference::parse("busybox:latest").unwrap(), &id, Default::default()).unwrap();
}

fn host() -> Host {
    let host = Host::boot(1);
    add_test_image(&host.sim);
    host
}

fn check(host: &mut Host, line: &str) -> Verdict {
    let engine = SimEngine::of(&host.sim).expect("the host has an engine");
    let m = parse(line).unwrap();
    matcher(&m, &mut host.sim, "", Some(&engine))
}

#[test]
fn container_matchers_read_the_daemon() {
    let mut host = host();
    assert_eq!(check(&mut host, "container web running"), Verdict::Fail("no container named web".into()));
    host.type_lines("docker run -d --name web busybox sleep 1000\n");
    assert_eq!(check(&mut host, "container web running"), Verdict::Pass, "{}", host.transcript);
    assert_eq!(check(&mut host, "container web exited"), Verdict::Fail("container web has not exited".into()));
    host.type_lines("docker kill web\n");
    assert_eq!(check(&mut host, "container web exited"), Verdict::Pass, "{}", host.transcript);
    assert_eq!(check(&mut host, "container web running"), Verdict::Fail("container web is not running".into()));
    host.type_lines("docker rm web\n");
    assert_eq!(check(&mut host, "container web exited"), Verdict::Fail("no container named web".into()));
}

#[test]
fn a_created_container_is_neither_running_nor_exited() {
    let mut host = host();
    host.type_lines("docker create --name idle busybox\n");
    let facts = SimEngine::of(&host.sim).unwrap().container("idle").expect("created");
    assert!(!facts.running && !facts.exited);
}

#[test]
fn image_layers_are_counted_from_the_image_config() {
    let mut host = host();
    assert_eq!(check(&mut host, "image busybox layers 1"), Verdict::Pass);
    assert_eq!(check(&mut host, "image busybox:latest layers 2"), Verdict::Fail("image busybox:latest has 1 layers, not 2".into()));
    assert_eq!(check(&mut host, "image hello:v1 layers 1"), Verdict::Fail("no image hello:v1".into()));
    host.type_lines("docker tag busybox hello:v1\n");
    assert_eq!(check(&mut host, "image hello:v1 layers 1"), Verdict::Pass, "{}", host.transcript);
}

/// Ports and volumes arrive later: their matchers are pending with a reason, never passed.
#[test]
fn what_the_engine_lacks_is_pending_not_passed() {
    let mut host = host();
    host.type_lines("docker run -d --name web busybox sleep 1000\n");
    match check(&mut host, "container web running publishes 8080") {
        Verdict::Pending(why) => assert_eq!(why, "container web: published ports are not supported yet by the simulated engine"),
        other => panic!("{other:?}"),
    }
    // A state that is wrong fails before the missing feature is mentioned.
    assert_eq!(check(&mut host, "container web exited publishes 8080"), Verdict::Fail("container web has not exited".into()));
    match check(&mut host, r#"volume data file /notes.txt contains "hello""#) {
        Verdict::Pending(why) => assert_eq!(why, "volume data: volumes are not supported yet by the simulated engine"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_step_with_a_pending_matcher_is_not_done() {
    let md = "## Serve {#serve}\n\n```run\ndocker run -d --name web busybox sleep 1000\n```\n\n```expect\ncontainer web running\nimage busybox layers 1\n```\n\n## Publish {#publish}\n\n```run\ndocker ps\n```\n\n```expect\ncontainer web running publishes 8080\n```\n";
    let parsed = wharf_pack::markdown::parse("m.md", md).expect("parses");
    let mut host = host();
    let serve = &parsed.steps[0];
    assert!(!evaluate_live(serve, &mut host.sim, "", None).done);
    host.type_lines(serve.run_blocks().next().unwrap());
    let eval = evaluate_live(serve, &mut host.sim, &host.last_output, None);
    assert!(eval.done, "{:?}", eval.checks);
    let eval = evaluate_live(&parsed.steps[1], &mut host.sim, &host.last_output, None);
    assert!(!eval.done);
    assert!(matches!(eval.checks[0].1, Verdict::Pending(_)), "{:?}", eval.checks);
}
