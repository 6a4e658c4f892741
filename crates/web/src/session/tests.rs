//! The session on the real host disk and shell.

use super::*;

/// Pumps until the machine waits for the keyboard or the shell ends.
pub(crate) fn settle(s: &mut Session) -> Activity {
    for _ in 0..1000 {
        let pump = s.pump(KEYSTROKE_BUDGET);
        if pump.activity != Activity::Busy {
            return pump.activity;
        }
    }
    panic!("the machine never settled");
}

/// A booted session at its first prompt, with the screen read.
pub(crate) fn ready() -> Session {
    let mut s = Session::boot(DEFAULT_SEED);
    assert_eq!(settle(&mut s), Activity::Idle);
    assert_eq!(s.screen_delta(), PROMPT);
    s
}

/// Types `line`, runs until the terminal wants input, returns the screen.
pub(crate) fn run(s: &mut Session, line: &str) -> String {
    s.type_line(line);
    settle(s);
    s.screen_delta()
}

/// The host shell's prompt (`PS1='\w \$ '` in `/root`).
const PROMPT: &str = "~ # ";

#[test]
fn a_line_shows_its_output_and_the_next_prompt() {
    let mut s = ready();
    assert_eq!(run(&mut s, "echo hello wharf"), format!("hello wharf\r\n{PROMPT}"));
    assert_eq!(s.screen_delta(), "");
    assert_eq!(run(&mut s, "dockre ps"), format!("sh: dockre: not found\r\n{PROMPT}"));
}

#[test]
fn ctrl_c_ends_the_foreground_program_and_the_shell_prompts_again() {
    let mut s = ready();
    assert_eq!(run(&mut s, "cat"), "", "cat waits for the keyboard");
    assert_eq!(run(&mut s, "meow"), "meow\r\n");
    s.interrupt();
    assert_eq!(settle(&mut s), Activity::Idle);
    assert_eq!(s.screen_delta(), format!("\r\n{PROMPT}"));
}

#[test]
fn a_runaway_uses_up_each_budget_and_ctrl_c_stops_it() {
    let mut s = ready();
    s.type_line("yes");
    for _ in 0..5 {
        let pump = s.pump(20);
        assert_eq!(pump.activity, Activity::Busy);
        assert!((1..=20).contains(&pump.steps));
        assert!(s.screen_delta().starts_with("y\r\ny\r\n"));
    }
    let flat_out = s.pump(u64::MAX);
    assert_eq!(flat_out.activity, Activity::Busy, "a huge budget stops at the output cap");
    let screen = s.screen_delta();
    assert_eq!(screen.lines().count(), FLOOD_LINES, "only the newest lines of a flood are drawn");
    assert!(screen.starts_with("y\r\n") && screen.ends_with("y\r\n"));
    s.interrupt();
    assert_eq!(settle(&mut s), Activity::Idle);
    assert!(s.screen_delta().ends_with(&format!("\r\n{PROMPT}")));
}

#[test]
fn a_foreground_sleep_is_instant_a_background_one_follows_real_time() {
    let mut s = ready();
    let started = std::time::Instant::now();
    assert_eq!(run(&mut s, "sleep 60"), PROMPT);
    assert!(started.elapsed().as_secs() < 2, "virtual time jumps over a foreground wait");
    run(&mut s, "sleep 5 &");
    s.elapse(4000.0);
    settle(&mut s);
    assert_eq!(run(&mut s, ""), PROMPT, "not done after 4 s");
    s.elapse(1500.0);
    settle(&mut s);
    assert!(run(&mut s, "").contains("Done"), "done after 5.5 s");
}

#[test]
fn ctrl_d_ends_the_shell_and_then_nothing_runs() {
    let mut s = ready();
    s.type_eof();
    assert_eq!(settle(&mut s), Activity::Exited(0));
    assert_eq!(s.exit_code(), Some(0));
    assert_eq!(s.pump(10).steps, 0);
    s.reboot();
    assert_eq!(settle(&mut s), Activity::Idle);
    assert_eq!(s.screen_delta(), PROMPT, "a fresh machine after reboot");
}

#[test]
fn the_tail_of_a_flood_is_whole_lines() {
    assert_eq!(tail_lines(b"a\nb\nc\n", 2), 4);
    assert_eq!(tail_lines(b"a\nb\nc", 1), 3, "an unfinished last line comes on top");
    assert_eq!(tail_lines(b"abc", 5), 3);
}

#[test]
fn screen_delta_keeps_a_split_character_for_the_next_read() {
    let mut s = ready();
    let tty = s.sim.machine().borrow().tty.clone();
    let whale = "🐳".as_bytes();
    tty.borrow_mut().write(&whale[..2]);
    assert_eq!(s.screen_delta(), "");
    tty.borrow_mut().write(&whale[2..]);
    assert_eq!(s.screen_delta(), "🐳");
}

#[test]
fn a_missing_shell_is_reported_on_the_screen() {
    let mut sim = host::boot(DEFAULT_SEED);
    let shell = runner::start_shell(&mut sim, "/bin/nosuchshell");
    let mut s = Session::new(sim, shell, DEFAULT_SEED);
    assert_eq!(settle(&mut s), Activity::Exited(127));
    assert!(s.screen_delta().contains("can't start /bin/nosuchshell"));
}

/// The lesson steps as the page checks them: M03's run blocks typed line by line make their
/// steps done; the answer box decides the first step.
#[test]
fn m03_steps_turn_done_after_their_run_blocks() {
    let pack = crate::pack::bundled();
    let m03 = pack.modules.iter().find(|m| m.id == "M03").expect("M03");
    let mut s = ready();
    s.screen_delta();
    let host = &m03.steps[0];
    assert!(!s.check(host, None).done);
    for line in host.run_blocks().flat_map(str::lines) {
        s.type_line(line);
        settle(&mut s);
    }
    assert!(!s.check(host, Some("box")).done, "a wrong answer");
    assert!(s.check(host, Some("wharf")).done);
    let empty = &m03.steps[1];
    assert!(!s.check(empty, None).done);
    for line in empty.run_blocks().flat_map(str::lines) {
        s.type_line(line);
        settle(&mut s);
    }
    assert!(s.last_output().contains("No such file or directory"), "{:?}", s.last_output());
    assert!(s.check(empty, None).done, "{:?}", s.check(empty, None).checks);
    assert!(s.commands() >= 5);
}

/// The words Tab offers after `before`, on this machine.
fn offered(s: &Session, before: &str) -> Vec<String> {
    s.complete(before).matches.into_iter().map(|m| m.word).collect()
}

#[test]
fn tab_completes_commands_and_paths_from_the_machine() {
    let mut s = ready();
    let commands = offered(&s, "");
    for name in ["cd", "export", "docker", "ls", "chroot", "unshare"] {
        assert!(commands.iter().any(|c| c == name), "{name} missing from {commands:?}");
    }
    assert_eq!(offered(&s, "dockerd"), ["dockerd"]);
    assert!(offered(&s, "ls /et").contains(&"/etc/".to_string()));
    assert!(offered(&s, "cat /etc/hostn").contains(&"/etc/hostname".to_string()));
    // Relative paths follow the shell's working directory.
    run(&mut s, "mkdir -p /tmp/work/sub && touch /tmp/work/file.txt && cd /tmp/work");
    assert_eq!(offered(&s, "ls "), ["file.txt", "sub/"]);
    assert_eq!(offered(&s, "ls ~/../tm"), ["~/../tmp/"]);
}

#[test]
fn tab_completes_docker_names_from_the_running_daemon() {
    let mut s = ready();
    run(&mut s, "docker pull -q busybox && docker tag busybox mybox:v1");
    run(&mut s, "docker run -d --name web busybox sleep 1000 && docker create --name idle busybox");
    run(&mut s, "docker volume create webdata && docker network create backend");
    assert_eq!(offered(&s, "docker stop "), ["web"]);
    assert_eq!(offered(&s, "docker start "), ["idle"]);
    assert_eq!(offered(&s, "docker rm "), ["idle", "web"]);
    assert_eq!(offered(&s, "docker rmi my"), ["mybox:v1"]);
    assert_eq!(offered(&s, "docker run -d bu"), ["busybox:latest"]);
    assert_eq!(offered(&s, "docker run -v web"), ["webdata"]);
    assert_eq!(offered(&s, "docker run --network b"), ["backend", "bridge"]);
    assert_eq!(offered(&s, "docker network connect backend i"), ["idle"]);
    assert_eq!(offered(&s, "docker ima"), ["image", "images"]);
    assert_eq!(offered(&s, "docker run --rm -"), offered(&s, "docker run --rm -").into_iter().filter(|f| f.starts_with('-')).collect::<Vec<_>>());
}

#[test]
fn tab_offers_nothing_while_a_program_reads_the_keyboard_follows_an_attached_shell_and_detach_keys_reach_docker() {
    let mut s = ready();
    assert!(!s.attached());
    run(&mut s, "cat");
    assert!(s.complete("ls /et").matches.is_empty(), "cat has the keyboard");
    assert!(!s.attached(), "cat is no docker client");
    s.interrupt();
    settle(&mut s);
    s.screen_delta();
    run(&mut s, "docker run -it --name shell busybox sh");
    assert!(s.attached());
    // Tab completes in the container's shell: its commands and its own filesystem.
    run(&mut s, "mkdir /only-in-the-container && cd /tmp");
    assert_eq!(offered(&s, "ls /only-in"), ["/only-in-the-container/"]);
    assert!(offered(&s, "busy").contains(&"busybox".to_string()));
    s.type_keys("\x10\x11");
    settle(&mut s);
    assert!(!s.attached());
    assert!(s.screen_delta().ends_with(PROMPT));
    assert!(run(&mut s, "docker ps --format '{{.Names}} {{.State}}'").starts_with("shell running\r\n"));
}
