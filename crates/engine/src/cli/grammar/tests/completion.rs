//! Tab completion for the browser terminal.

use crate::cli::grammar::help::completions;

#[test]
fn completes_commands_subcommands_and_flags() {
    let c = completions(&["r"]);
    assert_eq!(c, ["rename", "restart", "rm", "rmi", "run"]);
    assert!(completions(&[""]).contains(&"container".to_string()));
    assert!(completions(&[""]).contains(&"help".to_string()));
    assert_eq!(completions(&["container", "l"]), ["logs", "ls"]);
    assert_eq!(completions(&["volume", ""]), ["create", "inspect", "ls", "prune", "rm"]);
    assert_eq!(completions(&["compose", "-f", "a.yml", "u"]), ["up"]);
    let flags = completions(&["run", "--rest"]);
    assert_eq!(flags, ["--restart"]);
    // Hidden flags are not offered; short forms are.
    assert!(!completions(&["run", "--ne"]).contains(&"--net".to_string()));
    assert!(completions(&["run", "-"]).contains(&"-d".to_string()));
    assert!(completions(&["ps", "--"]).contains(&"--help".to_string()));
    // What the 1.41 daemon does not support is not offered, as `--help` leaves it out.
    assert!(completions(&["run", "--ann"]).is_empty());
    assert_eq!(completions(&["volume", "u"]), Vec::<String>::new());
    // Neither are swarm commands on a node in no swarm, except `swarm` itself.
    assert_eq!(completions(&["s"]), ["save", "search", "start", "stats", "stop", "swarm", "system"]);
    assert_eq!(completions(&["swarm", ""]), ["init", "join"]);
    // Compose's project flags belong before the subcommand.
    assert!(completions(&["compose", "--pro"]).contains(&"--project-name".to_string()));
    assert!(!completions(&["compose", "up", "--pro"]).contains(&"--project-name".to_string()));
}

#[test]
fn leaves_values_and_arguments_to_the_caller() {
    // A flag value, a container name, a command inside the container: nothing to offer.
    assert!(completions(&["run", "--name", ""]).is_empty());
    assert!(completions(&["run", "-e", ""]).is_empty());
    assert!(completions(&["rm", ""]).is_empty());
    assert!(completions(&["run", "alpine", "-"]).is_empty());
    assert!(completions(&["exec", "-it", "web", "--"]).is_empty());
    // A bundle whose last letter takes a value.
    assert!(completions(&["run", "-itp", ""]).is_empty());
    // An interspersed command still completes flags after an argument.
    assert!(completions(&["rm", "web", "--f"]).contains(&"--force".to_string()));
    // Unknown commands complete nothing.
    assert!(completions(&["frobnicate", ""]).is_empty());
}

#[test]
fn the_slot_names_the_argument_or_flag_value_being_typed() {
    use crate::cli::grammar::help::{completion_slot, Slot};
    let arg = |words: &[&str]| match completion_slot(words) {
        Slot::Argument { command, index } => Some((command.name, index)),
        _ => None,
    };
    assert_eq!(arg(&["rm", "web", ""]), Some(("rm", 1)));
    assert_eq!(arg(&["run", "-d", "--name", "web", "ngi"]), Some(("run", 0)));
    assert_eq!(arg(&["network", "connect", "br", ""]), Some(("connect", 1)));
    let flag = |words: &[&str]| match completion_slot(words) {
        Slot::FlagValue { command, flag } => Some((command.name, flag.long)),
        _ => None,
    };
    assert_eq!(flag(&["run", "--network", ""]), Some(("run", "network")));
    assert_eq!(flag(&["run", "-itv", "da"]), Some(("run", "volume")));
    assert_eq!(flag(&["run", "-it", ""]), None);
    assert!(matches!(completion_slot(&["volume", "r"]), Slot::Words(w) if w == ["rm"]));
}
