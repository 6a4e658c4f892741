//! The docker CLI on the simulated host, end to end: transcripts of the lifecycle.

use wharf_engine::image::reference::Reference;

use crate::runner::{run_transcript, start_shell};
use crate::sim::Sim;
use crate::userland::host;

/// Pulls `image` from the simulated Docker Hub, quietly.
fn pull(sim: &Sim, image: &str) {
    let daemon = sim.machine().borrow().docker.clone().unwrap();
    let reference = Reference::parse(image).unwrap();
    daemon.borrow_mut().image_pull(&reference, &mut |_| {}).unwrap();
}

fn session() -> Sim {
    let mut sim = host::boot(7);
    pull(&sim, "busybox");
    start_shell(&mut sim, "/bin/bash").unwrap();
    sim
}

fn transcript(script: &str) -> String {
    let mut sim = session();
    run_transcript(&mut sim, script, 2_000_000)
}

#[test]
fn run_prints_the_output_and_exits_with_the_code() {
    let t = transcript("docker run busybox echo hello world\necho $?\ndocker run busybox sh -c 'exit 3'\necho $?\n");
    assert_eq!(t, "$ docker run busybox echo hello world\nhello world\n$ echo $?\n0\n$ docker run busybox sh -c 'exit 3'\n$ echo $?\n3\n");
}

#[test]
fn a_container_is_pid_1_with_its_own_hostname() {
    let t = transcript("docker run --name box --hostname inside busybox sh -c 'echo $$; hostname'\n");
    assert!(t.ends_with("1\ninside\n"), "{t}");
}

#[test]
fn missing_programs_exit_127_and_126() {
    let t = transcript("docker run busybox /nonexistent\necho $?\ndocker run busybox nosuch\necho $?\ndocker run busybox /etc/passwd\necho $?\n");
    let expected = "$ docker run busybox /nonexistent
docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"/nonexistent\": stat /nonexistent: no such file or directory: unknown

Run 'docker run --help' for more information
$ echo $?
127
$ docker run busybox nosuch
docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"nosuch\": executable file not found in $PATH: unknown

Run 'docker run --help' for more information
$ echo $?
127
$ docker run busybox /etc/passwd
docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"/etc/passwd\": permission denied: unknown

Run 'docker run --help' for more information
$ echo $?
126
";
    assert_eq!(t, expected);
}

#[test]
fn detached_containers_stop_after_the_grace_period() {
    let t = transcript(
        "docker run -d --name sleeper busybox sleep 1000 > /dev/null\ndate +%s\ndocker stop sleeper\ndate +%s\ndocker wait sleeper\ndocker rm sleeper\ndocker rm sleeper\n",
    );
    let lines: Vec<&str> = t.lines().collect();
    // `sleep` is PID 1: with no handler it ignores SIGTERM, so stop waits 10 s and kills (137).
    let before: i64 = lines[2].parse().unwrap();
    let after: i64 = lines[6].parse().unwrap();
    assert_eq!(after - before, 10, "{t}");
    assert_eq!(lines[3..].join("\n"), format!("$ docker stop sleeper\nsleeper\n$ date +%s\n{after}\n$ docker wait sleeper\n137\n$ docker rm sleeper\nsleeper\n$ docker rm sleeper\nError response from daemon: No such container: sleeper"));
}

#[test]
fn removing_a_running_container_needs_force() {
    let t = transcript("docker run -d --name web busybox sleep 1000 > /dev/null\ndocker rm web\necho $?\ndocker rm -f web\ndocker logs web\n");
    assert!(t.contains("Error response from daemon: You cannot remove a running container "), "{t}");
    assert!(t.contains(". Stop the container before attempting removal or force remove\n$ echo $?\n1\n$ docker rm -f web\nweb\n"), "{t}");
    assert!(t.ends_with("Error response from daemon: No such container: web\n"), "{t}");
}

#[test]
fn the_writable_layer_survives_stop_and_start_and_goes_with_rm() {
    let t = transcript(
        "docker run --name keep busybox sh -c 'cat /root/note 2>/dev/null || echo none; echo kept > /root/note'\ndocker start -a keep\ndocker rm keep\ndocker run --rm busybox sh -c 'cat /root/note 2>/dev/null || echo none'\n",
    );
    assert_eq!(t, "$ docker run --name keep busybox sh -c 'cat /root/note 2>/dev/null || echo none; echo kept > /root/note'\nnone\n$ docker start -a keep\nkept\n$ docker rm keep\nkeep\n$ docker run --rm busybox sh -c 'cat /root/note 2>/dev/null || echo none'\nnone\n");
}

#[test]
fn logs_exec_pause_and_names() {
    let t = transcript(
        "docker run -d --name app busybox sh -c 'echo started; sleep 1000' > /dev/null\ndocker logs app\ndocker exec app echo from exec\ndocker pause app\ndocker exec app true\ndocker unpause app\ndocker run --name app busybox true\ndocker rename app api\ndocker kill api\ndocker wait api\n",
    );
    assert!(t.contains("$ docker logs app\nstarted\n"), "{t}");
    assert!(t.contains("$ docker exec app echo from exec\nfrom exec\n"), "{t}");
    assert!(t.contains("is paused, unpause the container before exec\n"), "{t}");
    assert!(t.contains("docker: Error response from daemon: Conflict. The container name \"/app\" is already in use by container \""), "{t}");
    assert!(t.ends_with("$ docker kill api\napi\n$ docker wait api\n137\n"), "{t}");
}

#[test]
fn restart_policies_restart_failures() {
    let t = transcript("docker run -d --name flaky --restart on-failure:2 busybox false > /dev/null\nsleep 5\ndocker wait flaky\ndocker inspect -f '{{.RestartCount}}' flaky\n");
    assert!(t.contains("$ docker wait flaky\n1\n"), "{t}");
}

#[test]
fn without_dockerd_the_cli_cannot_connect() {
    let t = transcript("kill $(cat /proc/612/stat | cut -d' ' -f1)\ndocker ps\necho $?\n");
    assert!(t.ends_with("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n$ echo $?\n1\n"), "{t}");
}

#[test]
fn init_makes_stop_prompt_and_reaps() {
    let t = transcript("docker run -d --init --name quick busybox sleep 1000 > /dev/null\ndate +%s\ndocker stop quick\ndate +%s\ndocker wait quick\ndocker exec quick true\n");
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines[2], lines[6], "{t}");
    assert_eq!(lines[8], "143", "{t}");
}

#[test]
fn interactive_tty_sessions_get_a_prompt() {
    let mut sim = session();
    // The runner shows every prompt as `$ `: the container's shell prompts like the host's.
    let t = run_transcript(&mut sim, "docker run -it --name shell busybox sh\necho inside $$\nexit 5\necho $?\n", 2_000_000);
    assert_eq!(t, "$ docker run -it --name shell busybox sh\n$ echo inside $$\ninside 1\n$ exit 5\n$ echo $?\n5\n");
    sim.type_input("docker start -ai shell\n");
    sim.run_until_input_wanted(2_000_000);
    assert!(sim.take_screen().ends_with("/ # "), "the container's shell prompts");
}


#[test]
fn ctrl_p_ctrl_q_detaches_and_the_container_runs_on() {
    let mut sim = session();
    run_transcript(&mut sim, "docker run -it --name shell busybox sh\n", 2_000_000);
    sim.type_input("\x10\x11\n");
    sim.run_until_input_wanted(2_000_000);
    let t = run_transcript(&mut sim, "echo $?\ndocker ps --format '{{.Names}} {{.Status}}'\n", 2_000_000);
    assert!(t.ends_with("0\n$ docker ps --format '{{.Names}} {{.Status}}'\nshell Up Less than a second\n"), "{t}");
}

#[test]
fn ctrl_p_ctrl_q_without_a_tty_is_ordinary_input() {
    let mut sim = session();
    run_transcript(&mut sim, "docker run -i --name cat busybox cat\n", 2_000_000);
    sim.take_screen();
    sim.type_input("\x10\x11\nstill attached\n");
    sim.run_until_input_wanted(2_000_000);
    let screen = sim.take_screen();
    assert!(screen.contains("still attached") && !screen.contains("not found") && !screen.ends_with("~ # "), "docker run -i keeps the terminal: {screen:?}");
}

#[test]
fn ctrl_p_ctrl_q_leaves_docker_attach_with_its_message() {
    let mut sim = session();
    run_transcript(&mut sim, "docker run -dit --name shell busybox sh\ndocker attach shell\n", 2_000_000);
    sim.take_screen();
    sim.type_input("\x10\x11");
    sim.run_until_input_wanted(2_000_000);
    assert_eq!(sim.take_screen(), "read escape sequence\n~ # ");
    let t = run_transcript(&mut sim, "echo $?\ndocker ps --format '{{.Names}} {{.State}}'\n", 2_000_000);
    assert!(t.ends_with("$ echo $?\n1\n$ docker ps --format '{{.Names}} {{.State}}'\nshell running\n"), "{t}");
}

#[test]
fn system_prune_and_filters() {
    let t = transcript(
        "docker run --name gone busybox true\ndocker network create spare > /dev/null\ndocker system prune -f\ndocker images --filter dangling=false --format '{{.Repository}}'\ndocker images --filter bogus=1\ndocker events --since 0 --until \"$(date +%s)\" --filter type=network --filter event=destroy --format '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}'\n",
    );
    assert!(t.contains("$ docker system prune -f\nDeleted Containers:\n"), "{t}");
    assert!(t.contains("\nDeleted Networks:\nspare\n\nTotal reclaimed space: 0B\n"), "{t}");
    assert!(t.contains("--format '{{.Repository}}'\nbusybox\n"), "{t}");
    assert!(t.contains("Error response from daemon: invalid filter 'bogus'\n"), "{t}");
    assert!(t.ends_with("network destroy spare\n"), "{t}");
}

#[test]
fn logs_follow_prints_until_the_container_stops() {
    let t = transcript("docker run -d --name ff busybox sh -c 'echo a; sleep 2; echo b' > /dev/null\ndocker logs -f ff\necho done $?\n");
    assert!(t.ends_with("$ docker logs -f ff\na\nb\n$ echo done $?\ndone 0\n"), "{t}");
}
