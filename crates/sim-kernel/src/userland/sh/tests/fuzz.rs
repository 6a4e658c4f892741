//! No input may panic the shell: random bytes through the parser, and random shell-like
//! text through the whole interpreter on a machine with a step budget.

use super::{all_programs, disk};
use crate::executor::RunOutcome;
use crate::rng::Rng;
use crate::sim::Sim;
use crate::userland::sh::parser::Parser;

/// Parses everything in `text`, one command at a time, as a script would be.
fn parse_all(text: &str) {
    let mut p = Parser::new(text);
    for _ in 0..10_000 {
        match p.next_command() {
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return,
        }
    }
    panic!("the parser did not finish {text:?}");
}

#[test]
fn random_bytes_never_panic_the_parser() {
    let mut rng = Rng::new(42);
    for _ in 0..3000 {
        let len = (rng.next_u64() % 64) as usize;
        let mut bytes = vec![0u8; len];
        rng.fill(&mut bytes);
        parse_all(&String::from_utf8_lossy(&bytes));
    }
}

/// Pieces of shell syntax, glued at random.
const PIECES: [&str; 65] = [
    "echo", " ", "x", "$x", "${x", "}", "${#x}", "${x:-", "${x#", "$(", ")", "`", "$((", "))", "1+", "'", "\"", "\\", "\n", ";", ";;", "&", "&&", "||", "|",
    "<", ">", ">>", "<<", "EOF", "<<-", "2>&1", ">&", "<&-", "if", "then", "else", "elif", "fi", "for", "in", "do", "done", "while", "until", "case", "esac",
    "(", "{", "f()", "*", "?", "[", "]", "!", "#", "~", "=", "$'", "${x:", "${x/", "/", ":", "function", "[[",
];

fn random_script(rng: &mut Rng) -> String {
    let n = 1 + (rng.next_u64() % 24) as usize;
    (0..n).map(|_| PIECES[(rng.next_u64() % PIECES.len() as u64) as usize]).collect()
}

#[test]
fn random_syntax_soup_never_panics_the_parser() {
    let mut rng = Rng::new(7);
    for _ in 0..20_000 {
        parse_all(&random_script(&mut rng));
    }
}

#[test]
fn random_scripts_run_without_panicking() {
    let mut rng = Rng::new(99);
    for _ in 0..300 {
        let script = random_script(&mut rng);
        let mut sim = Sim::boot(disk(), 1, all_programs());
        let s = script.clone();
        sim.start(&["sh"], move |p| {
            Box::pin(async move {
                match p.exec("/bin/sh", vec!["sh".into(), "-c".into(), s], None) {
                    Ok(f) => f.await,
                    Err(_) => 255,
                }
            })
        })
        .expect("starts");
        // Whatever happens, the run ends (finished, waiting for the terminal, or stopped by
        // the budget) instead of panicking.
        let outcome = sim.run(20_000);
        assert!(matches!(outcome, RunOutcome::AllDone | RunOutcome::Idle | RunOutcome::BudgetExhausted), "{script:?}");
    }
}

#[test]
#[ignore = "measurement"]
fn measure_recursion_depth() {
    for depth in [50, 100, 200, 400, 800, 1600] {
        let r = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || super::run_script(&format!("n=0; f() {{ n=$((n+1)); [ $n -lt {depth} ] && f; }}; f; echo $n")))
            .unwrap()
            .join();
        println!("depth {depth}: {:?}", r.map(|x| x.0));
    }
}

#[test]
fn deep_nesting_is_refused_or_ends_like_a_crash_instead_of_overflowing_the_stack() {
    let deep_parens = format!("echo {}x{}", "$(".repeat(500), ")".repeat(500));
    let (out, code) = super::run_script(&deep_parens);
    assert_eq!((out.as_str(), code), ("sh: syntax error: nesting too deep\n", 2));
    let deep_arith = format!("echo $(({}1{}))", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(super::run_script(&deep_arith), ("sh: arithmetic syntax error\n".to_string(), 2));
    let minus = format!("echo $(({}1))", "- ".repeat(5000));
    assert_eq!(super::run_script(&minus).1, 2);
    // Unbounded recursion: ash dies of SIGSEGV (status 139); so does the simulated shell.
    let (out, code) = super::run_script("f() { f; }; f");
    assert_eq!((out.as_str(), code), ("", 139));
    // Moderate recursion is fine.
    let (out, code) = super::run_script("n=0; f() { n=$((n+1)); [ $n -lt 60 ] && f; }; f; echo $n");
    assert_eq!((out.as_str(), code), ("60\n", 0));
}

#[test]
#[ignore = "measurement"]
fn measure_loop_speed() {
    for script in ["i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo $i", "i=0; while :; do i=$((i+1)); [ $i = 20000 ] && break; done; echo $i", "for i in 1 2 3 4 5 6 7 8 9 10; do for j in 1 2 3 4 5 6 7 8 9 10; do for k in 1 2 3 4 5 6 7 8 9 10; do for l in 1 2 3 4 5 6 7 8 9 10; do :; done; done; done; done"] {
        let t = std::time::Instant::now();
        let mut sim = Sim::boot(disk(), 1, all_programs());
        let s = script.to_string();
        sim.start(&["sh"], move |p| Box::pin(async move { p.exec("/bin/sh", vec!["sh".into(), "-c".into(), s], None).unwrap().await })).unwrap();
        let outcome = sim.run(100_000_000);
        println!("{script}: {:?} steps {} in {:?} -> {:?}", outcome, sim.steps(), t.elapsed(), sim.take_screen());
    }
}
