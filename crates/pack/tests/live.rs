//! The playground's side: a learner's half-done work on a lesson step shows the right
//! conditional hint, a wrong path its message, and finishing the step marks it done.

use std::path::Path;

use wharf_pack::check::{evaluate, Host};
use wharf_pack::source::DirSource;
use wharf_pack::Pack;

fn docker_pack() -> Pack {
    wharf_pack::load(&DirSource(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons/docker"))).expect("the docker pack parses")
}

#[test]
fn a_missing_loader_shows_its_hint_then_the_step_is_done() {
    let pack = docker_pack();
    let m03 = pack.modules.iter().find(|m| m.id == "M03").expect("M03");
    let step = m03.steps.iter().find(|s| s.id == "copy-shell").expect("copy-shell");
    let mut host = Host::boot(1);
    host.type_lines("mkdir -p /root/jail/bin\ncp /bin/sh /root/jail/bin/\n");
    let eval = evaluate(step, &mut host.sim, &host.last_output, None, None);
    assert!(!eval.done);
    assert_eq!(eval.hints_due, vec![1], "the loader hint");
    assert!(step.hints[1].text.contains("ld-linux"));
    host.type_lines("mkdir -p /root/jail/lib/x86_64-linux-gnu /root/jail/lib64\ncp /lib/x86_64-linux-gnu/libc.so.6 /root/jail/lib/x86_64-linux-gnu/\ncp /lib64/ld-linux-x86-64.so.2 /root/jail/lib64/\n");
    let eval = evaluate(step, &mut host.sim, &host.last_output, None, None);
    assert!(eval.done, "{:?}", eval.checks);
    assert!(eval.hints_due.is_empty());
}

#[test]
fn renaming_the_host_is_a_wrong_path() {
    let pack = docker_pack();
    let m03 = pack.modules.iter().find(|m| m.id == "M03").expect("M03");
    let step = m03.steps.iter().find(|s| s.id == "uts").expect("uts");
    let mut host = Host::boot(1);
    host.type_lines("hostname box\nhostname\n");
    let eval = evaluate(step, &mut host.sim, &host.last_output, None, None);
    assert!(!eval.done);
    assert_eq!(eval.wrong_paths.len(), 1);
    assert!(eval.wrong_paths[0].starts_with("The host itself was renamed"));
}

#[test]
fn a_typed_answer_is_checked() {
    let pack = docker_pack();
    let step = &pack.modules.iter().find(|m| m.id == "M04").expect("M04").steps[0];
    let mut host = Host::boot(1);
    assert!(!evaluate(step, &mut host.sim, "", None, Some("/sandbox")).done);
    assert!(evaluate(step, &mut host.sim, "", None, Some(" / ")).done);
}

#[test]
fn a_limit_in_bytes_is_a_wrong_path_and_checks_answer_cleanly_before_it() {
    let pack = docker_pack();
    let m04 = pack.modules.iter().find(|m| m.id == "M04").expect("M04");
    let step = m04.steps.iter().find(|s| s.id == "memory").expect("memory");
    let mut host = Host::boot(1);
    host.type_lines("mkdir /sys/fs/cgroup/sandbox\n");
    let eval = evaluate(step, &mut host.sim, &host.last_output, None, None);
    assert!(eval.broken.is_empty() && eval.wrong_paths.is_empty(), "{eval:?}");
    host.type_lines("echo 64 > /sys/fs/cgroup/sandbox/memory.max\n");
    let eval = evaluate(step, &mut host.sim, &host.last_output, None, None);
    assert!(!eval.done);
    assert!(eval.wrong_paths[0].starts_with("That limit is tiny"), "{eval:?}");
}
