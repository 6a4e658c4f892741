//! Interactive use through the headless runner: prompts, continuation lines, job notices,
//! Ctrl-C, and runaways stopped by the step budget.

use super::{all_programs, disk};
use crate::runner::{run_transcript, start_shell, BUDGET_INTERRUPTED, BUDGET_KILLED};
use crate::sim::Sim;

const BUDGET: u64 = 200_000;

/// Runaway tests spend their whole budget; a small one keeps them quick in debug builds.
const SMALL_BUDGET: u64 = 3_000;

fn host() -> Sim {
    let mut sim = Sim::boot(disk(), 3, all_programs());
    start_shell(&mut sim, "/bin/sh").expect("starts");
    sim
}

fn transcript(script: &str) -> String {
    run_transcript(&mut host(), script, BUDGET)
}

#[test]
fn lines_show_their_output_and_status_carries_over() {
    let got = transcript("echo hi\n# a comment\n\nfalse\necho $?\nx=5\necho $((x * 2))");
    assert_eq!(got, "$ echo hi\nhi\n$ false\n$ echo $?\n1\n$ x=5\n$ echo $((x * 2))\n10\n");
}

#[test]
fn an_unfinished_command_asks_for_more_with_ps2() {
    let got = transcript("for i in 1 2; do\necho $i\ndone\necho 'a\nb'\ncat <<EOF\nbody\nEOF");
    assert_eq!(got, "$ for i in 1 2; do\n> echo $i\n> done\n1\n2\n$ echo 'a\n> b'\na\nb\n$ cat <<EOF\n> body\n> EOF\nbody\n");
}

#[test]
fn comments_and_blank_lines_inside_a_heredoc_are_its_body() {
    let got = transcript("cat <<EOF\n# kept\n\nEOF\n# skipped\necho $?");
    assert_eq!(got, "$ cat <<EOF\n> # kept\n> \n> EOF\n# kept\n\n$ echo $?\n0\n");
}

#[test]
fn errors_have_no_line_numbers_and_the_shell_carries_on() {
    let got = transcript("nosuch\necho $?\nfi\necho ${x:?oops}\necho $?\ncd /nonexistent");
    let want = "$ nosuch\nsh: nosuch: not found\n$ echo $?\n127\n$ fi\nsh: syntax error: unexpected \"fi\"\n$ echo ${x:?oops}\nsh: x: oops\n$ echo $?\n2\n$ cd /nonexistent\nsh: cd: can't cd to /nonexistent: No such file or directory\n";
    assert_eq!(got, want);
}

#[test]
fn a_runaway_loop_in_the_shell_is_interrupted_and_the_prompt_comes_back() {
    let got = run_transcript(&mut host(), "while :; do :; done\necho $?\necho next", SMALL_BUDGET);
    assert_eq!(got, format!("$ while :; do :; done\n{BUDGET_INTERRUPTED}\n\n$ echo $?\n130\n$ echo next\nnext\n"));
}

#[test]
fn a_runaway_program_is_killed() {
    let got = run_transcript(&mut host(), "yes > /dev/null\necho $?", SMALL_BUDGET);
    assert_eq!(got, format!("$ yes > /dev/null\n{BUDGET_KILLED}\nKilled\n$ echo $?\n137\n"));
}

#[test]
fn background_jobs_are_listed_and_reported_when_done() {
    let got = transcript("sleep 5 &\nsleep 9 &\njobs\nkill %1\njobs\nwait\necho all done");
    let want = "$ sleep 5 &\n$ sleep 9 &\n$ jobs\n[2]+  Running                    sleep 9\n[1]-  Running                    sleep 5\n$ kill %1\n[1]-  Terminated                 sleep 5\n$ jobs\n[2]+  Running                    sleep 9\n$ wait\n[2]+  Done                       sleep 9\n$ echo all done\nall done\n";
    assert_eq!(got, want);
}

#[test]
fn a_background_sleep_does_not_make_time_pass_for_the_next_line() {
    let got = transcript("sleep 100 &\njobs\nkill %1\necho after");
    assert_eq!(
        got,
        "$ sleep 100 &\n$ jobs\n[1]+  Running                    sleep 100\n$ kill %1\n[1]+  Terminated                 sleep 100\n$ echo after\nafter\n"
    );
}

#[test]
fn traps_run_in_the_interactive_shell() {
    let got = transcript("trap 'echo caught USR1' USR1\nkill -USR1 $$\necho next\ntrap");
    assert_eq!(got, "$ trap 'echo caught USR1' USR1\n$ kill -USR1 $$\ncaught USR1\n$ echo next\nnext\n$ trap\ntrap -- 'echo caught USR1' USR1\n");
}

#[test]
fn the_interactive_shell_survives_term_and_int() {
    let got = transcript("kill $$\nkill -INT $$\necho alive");
    assert_eq!(got, "$ kill $$\n$ kill -INT $$\n\n$ echo alive\nalive\n");
}

#[test]
fn exit_ends_the_transcript() {
    let got = transcript("echo before\nexit 3\necho never");
    assert_eq!(got, "$ echo before\nbefore\n$ exit 3\n");
}

#[test]
fn ctrl_c_stops_the_foreground_job_and_returns_to_the_prompt() {
    let mut sim = host();
    assert_eq!(run_transcript(&mut sim, "echo ready", BUDGET), "$ echo ready\nready\n");
    sim.type_input("cat\n");
    sim.run_until_input_wanted(BUDGET);
    sim.type_input("typed into cat\n");
    sim.run_until_input_wanted(BUDGET);
    sim.interrupt();
    sim.run_until_input_wanted(BUDGET);
    assert_eq!(sim.take_screen(), "typed into cat\n\n~ # ");
    assert_eq!(run_transcript(&mut sim, "echo $?", BUDGET), "$ echo $?\n130\n");
}

#[test]
fn a_ctrl_c_line_interrupts_the_foreground_job() {
    let got = transcript("cat\ntyped into cat\n^C\necho $?");
    assert_eq!(got, "$ cat\ntyped into cat\ntyped into cat\n^C\n$ echo $?\n130\n");
}

#[test]
fn ctrl_c_at_the_prompt_discards_the_unfinished_command() {
    let mut sim = host();
    run_transcript(&mut sim, "echo ready", BUDGET);
    sim.type_input("if true; then\n");
    sim.run_until_input_wanted(BUDGET);
    sim.interrupt();
    sim.run_until_input_wanted(BUDGET);
    assert_eq!(sim.take_screen(), "> \n~ # ");
    assert_eq!(run_transcript(&mut sim, "echo fresh", BUDGET), "$ echo fresh\nfresh\n");
}

#[test]
fn prompts_follow_ps1() {
    let got = transcript("PS1='\\u@\\h:\\w\\$ '\ncd /tmp\nPS1='[$PWD] $ '\necho x");
    assert_eq!(got, "$ PS1='\\u@\\h:\\w\\$ '\n$ cd /tmp\n$ PS1='[$PWD] $ '\n$ echo x\nx\n");
}

#[test]
fn a_subshell_typed_at_the_prompt_is_a_new_interactive_shell_and_exit_returns() {
    let got = transcript("sh\necho inner $$\nexit 4\necho outer $?");
    assert!(got.starts_with("$ sh\n$ echo inner "), "{got}");
    assert!(got.ends_with("$ exit 4\n$ echo outer $?\nouter 4\n"), "{got}");
}

#[test]
fn fork_failing_under_pids_max_is_reported_like_ash() {
    let mut sim = Sim::boot(disk(), 5, all_programs());
    sim.machine().borrow_mut().cgroups.groups.insert("limited".into(), crate::cgroup::Cgroup { pids_max: Some(3), ..Default::default() });
    let pid = sim
        .start(&["sh"], |p| {
            Box::pin(async move {
                p.with(|m| m.proc_mut(p.host_pid()).map(|me| me.cgroup = "limited".into())).ok();
                let script = "sleep 1 & sleep 1 & sleep 1 & echo not reached".to_string();
                match p.exec("/bin/sh", vec!["sh".into(), "-c".into(), script], None) {
                    Ok(f) => f.await,
                    Err(_) => 255,
                }
            })
        })
        .expect("starts");
    sim.run(100_000);
    assert_eq!(sim.take_screen(), "sh: can't fork: Resource temporarily unavailable\n");
    assert_eq!(sim.take_status(pid).map(|s| s.code()), Some(2));
}

#[test]
fn lines_typed_into_a_program_follow_its_output() {
    let got = transcript("read -p 'name? ' name\nAlice\necho hi $name\ncat\nline for cat");
    assert_eq!(got, "$ read -p 'name? ' name\nname? Alice\n$ echo hi $name\nhi Alice\n$ cat\nline for cat\nline for cat\n");
}

#[test]
fn the_default_prompt_is_busyboxs_working_directory_and_hash() {
    let mut sim = host();
    sim.run_until_input_wanted(BUDGET);
    assert_eq!(sim.take_screen(), "~ # ");
    sim.type_input("cd /tmp\n");
    sim.run_until_input_wanted(BUDGET);
    assert_eq!(sim.take_screen(), "/tmp # ");
    assert_eq!(run_transcript(&mut sim, "cd /\necho $SHLVL", BUDGET), "$ cd /\n$ echo $SHLVL\n1\n");
}
