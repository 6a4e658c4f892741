//! docker's exact error texts and exit codes, and the other outcomes of a command line
//! (help, version, flag syntax corners).

use super::{fail, run, words};
use crate::cli::grammar::{parse, Invocation, UsageErrorKind};

/// (command line, exit code, message)
const ERRORS: &[(&str, i32, &str)] = &[
    // Flags: pflag's text through cli.FlagErrorFunc, exit 125.
    ("docker run --rm --network none --badflag busybox true", 125, "unknown flag: --badflag\nSee 'docker run --help'."),
    ("docker run -z alpine", 125, "unknown shorthand flag: 'z' in -z\nSee 'docker run --help'."),
    ("docker run -itz alpine", 125, "unknown shorthand flag: 'z' in -z\nSee 'docker run --help'."),
    ("docker run -zit alpine", 125, "unknown shorthand flag: 'z' in -zit\nSee 'docker run --help'."),
    ("docker run --name", 125, "flag needs an argument: --name\nSee 'docker run --help'."),
    ("docker run -e", 125, "flag needs an argument: 'e' in -e\nSee 'docker run --help'."),
    ("docker run -ite", 125, "flag needs an argument: 'e' in -e\nSee 'docker run --help'."),
    ("docker run ---x alpine", 125, "bad flag syntax: ---x\nSee 'docker run --help'."),
    ("docker run --=x alpine", 125, "bad flag syntax: --=x\nSee 'docker run --help'."),
    ("docker stop -t abc web", 125, "invalid argument \"abc\" for \"-t, --time\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'docker stop --help'."),
    ("docker run --rm=maybe alpine", 125, "invalid argument \"maybe\" for \"--rm\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'docker run --help'."),
    ("docker run --health-interval 5 alpine", 125, "invalid argument \"5\" for \"--health-interval\" flag: time: missing unit in duration \"5\"\nSee 'docker run --help'."),
    ("docker run --blkio-weight 70000 alpine", 125, "invalid argument \"70000\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"70000\": value out of range\nSee 'docker run --help'."),
    ("docker ps -n x", 125, "invalid argument \"x\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'docker ps --help'."),
    ("docker build --cache-from 'a\"b' .", 125, "invalid argument \"a\\\"b\" for \"--cache-from\" flag: parse error on line 1, column 2: bare \" in non-quoted-field\nSee 'docker build --help'."),
    ("docker container ls --bogus", 125, "unknown flag: --bogus\nSee 'docker container ls --help'."),
    ("docker container ps --bogus", 125, "unknown flag: --bogus\nSee 'docker container ls --help'."),
    ("docker compose up -f x.yml", 125, "unknown shorthand flag: 'f' in -f\nSee 'docker compose up --help'."),
    ("docker image rmi --bogus x", 125, "unknown flag: --bogus\nSee 'docker image rm --help'."),
    ("docker ps -h=x", 125, "invalid argument \"x\" for \"--help\" flag: strconv.ParseBool: parsing \"x\": invalid syntax\nSee 'docker ps --help'."),
    // Argument counts: cli/required.go, plain errors, exit 1.
    ("docker run", 1, "\"docker run\" requires at least 1 argument.\nSee 'docker run --help'.\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun a command in a new container"),
    ("docker container run -d", 1, "\"docker container run\" requires at least 1 argument.\nSee 'docker container run --help'.\n\nUsage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun a command in a new container"),
    ("docker exec web", 1, "\"docker exec\" requires at least 2 arguments.\nSee 'docker exec --help'.\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nRun a command in a running container"),
    ("docker rename a", 1, "\"docker rename\" requires exactly 2 arguments.\nSee 'docker rename --help'.\n\nUsage:  docker rename CONTAINER NEW_NAME\n\nRename a container"),
    ("docker logs", 1, "\"docker logs\" requires exactly 1 argument.\nSee 'docker logs --help'.\n\nUsage:  docker logs [OPTIONS] CONTAINER\n\nFetch the logs of a container"),
    ("docker ps x", 1, "\"docker ps\" accepts no arguments.\nSee 'docker ps --help'.\n\nUsage:  docker ps [OPTIONS]\n\nList containers"),
    ("docker images a b", 1, "\"docker images\" requires at most 1 argument.\nSee 'docker images --help'.\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nList images"),
    ("docker port", 1, "\"docker port\" requires at least 1 and at most 2 arguments.\nSee 'docker port --help'.\n\nUsage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n\nList port mappings or a specific mapping for the container"),
    ("docker commit", 1, "\"docker commit\" requires at least 1 and at most 2 arguments.\nSee 'docker commit --help'.\n\nUsage:  docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n\nCreate a new image from a container's changes"),
    ("docker cp a", 1, "\"docker cp\" requires exactly 2 arguments.\nSee 'docker cp --help'.\n\nUsage:  docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n\nCopy files/folders between a container and the local filesystem"),
    ("docker network rm", 1, "\"docker network rm\" requires at least 1 argument.\nSee 'docker network rm --help'.\n\nUsage:  docker network rm NETWORK [NETWORK...]\n\nRemove one or more networks"),
    // Unknown commands and help topics: exit 1.
    ("docker foo", 1, "docker: 'foo' is not a docker command.\nSee 'docker --help'"),
    ("docker -D foo", 1, "docker: 'foo' is not a docker command.\nSee 'docker --help'"),
    ("docker help foo", 1, "unknown help topic: foo"),
    ("docker help run alpine", 1, "unknown help topic: alpine"),
];

#[test]
fn errors_match_docker() {
    for (line, code, message) in ERRORS {
        let e = fail(line);
        assert_eq!(e.message, *message, "{line}");
        assert_eq!(e.exit_code(), *code, "{line}");
        assert_eq!(e.to_string(), e.message);
    }
}

#[test]
fn flag_errors_of_groups_carry_their_usage() {
    let e = fail("docker --foo");
    assert_eq!(e.kind, UsageErrorKind::Flag);
    assert!(e.message.starts_with("unknown flag: --foo\nSee 'docker --help'.\n\nUsage:  docker [OPTIONS] COMMAND\n\n"), "{}", e.message);
    assert!(e.message.ends_with("check out our guides at https://docs.docker.com/go/guides/\n"));
    let e = fail("docker remove --force my-mysql");
    assert!(e.message.starts_with("unknown flag: --force\nSee 'docker --help'.\n\nUsage:  docker [OPTIONS] COMMAND\n"), "{}", e.message);
    let e = fail("docker container --foo ls");
    assert!(e.message.starts_with("unknown flag: --foo\nSee 'docker container --help'.\n\nUsage:  docker container COMMAND\n\nManage containers\n\nCommands:\n  attach "), "{}", e.message);
    assert!(e.message.ends_with("Run 'docker container COMMAND --help' for more information on a command.\n"));
}

#[test]
fn a_management_command_given_a_stranger_prints_its_usage() {
    let e = fail("docker volume help");
    assert_eq!(e.kind, UsageErrorKind::GroupUsage);
    assert_eq!(e.exit_code(), 1);
    assert_eq!(
        e.message,
        "\nUsage:  docker volume COMMAND\n\nManage volumes\n\nCommands:\n  create      Create a volume\n  inspect     Display detailed information on one or more volumes\n  ls          List volumes\n  prune       Remove all unused local volumes\n  rm          Remove one or more volumes\n\nRun 'docker volume COMMAND --help' for more information on a command."
    );
    // `docker container connect` (inventory C20) is the same error.
    let e = fail("docker container connect br02 web");
    assert!(e.message.starts_with("\nUsage:  docker container COMMAND\n"));
}

fn invocation(line: &str) -> Invocation {
    parse(&words(line)).unwrap_or_else(|e| panic!("{line}: {e}"))
}

fn help_of(line: &str) -> (String, bool) {
    match invocation(line) {
        Invocation::Help { path, stderr, command } => {
            assert_eq!(crate::cli::grammar::find(&path.split(' ').skip(1).collect::<Vec<_>>()).map(|(c, _)| c.name), Some(command.name));
            (path, stderr)
        }
        other => panic!("{line}: expected help, got {other:?}"),
    }
}

#[test]
fn help_and_version() {
    assert_eq!(help_of("docker"), ("docker".into(), true));
    assert_eq!(help_of("docker --help"), ("docker".into(), false));
    assert_eq!(help_of("docker -h"), ("docker".into(), false));
    assert_eq!(help_of("docker help"), ("docker".into(), false));
    assert_eq!(help_of("docker container"), ("docker container".into(), true));
    assert_eq!(help_of("docker container --help"), ("docker container".into(), false));
    assert_eq!(help_of("docker help container ls"), ("docker container ls".into(), false));
    assert_eq!(help_of("docker help container ps"), ("docker container ls".into(), false));
    assert_eq!(help_of("docker ps -h"), ("docker ps".into(), false));
    assert_eq!(help_of("docker ps --help"), ("docker ps".into(), false));
    assert_eq!(help_of("docker --help ps"), ("docker ps".into(), false));
    assert_eq!(help_of("docker run --help"), ("docker run".into(), false));
    // Help wins over missing arguments, as cobra checks it first.
    assert_eq!(help_of("docker rename --help"), ("docker rename".into(), false));
    assert_eq!(help_of("docker compose"), ("docker compose".into(), true));
    assert_eq!(help_of("docker compose up --help"), ("docker compose up".into(), false));
    assert!(matches!(invocation("docker -v"), Invocation::Version));
    assert!(matches!(invocation("docker --version"), Invocation::Version));
}

#[test]
fn flag_syntax_follows_pflag() {
    // -h is --hostname for run and create.
    let p = run("docker run -h myhost alpine");
    assert_eq!(p.values("hostname"), ["myhost"]);
    let p = run("docker create -hmyhost alpine");
    assert_eq!(p.values("hostname"), ["myhost"]);
    // -fvalue, -f=value, --flag=value, a bundle ending in a valued letter.
    let p = run("docker run -ePATH=/x -e=A=1 --env=B=2 -itePORT=80 alpine");
    assert_eq!(p.values("env"), ["PATH=/x", "A=1", "B=2", "PORT=80"]);
    assert!(p.bool("interactive") && p.bool("tty"));
    // Interspersing stops at the first argument for run, not for rm.
    let p = run("docker run alpine ls -l");
    assert_eq!(p.args, ["alpine", "ls", "-l"]);
    let p = run("docker rm web -f");
    assert!(p.bool("force"));
    assert_eq!(p.args, ["web"]);
    // `--` ends the flags.
    let p = run("docker rm -- -f");
    assert_eq!(p.args, ["-f"]);
    assert_eq!(p.args_before_dash, Some(0));
    assert!(!p.has("force"));
    let p = run("docker run -d -- alpine --rm");
    assert_eq!(p.args, ["alpine", "--rm"]);
    // A lone `-` is an argument.
    assert_eq!(run("docker build -").args, ["-"]);
    // Global flags before the command.
    let p = run("docker -H tcp://127.0.0.1:2375 --context default -D ps");
    assert_eq!(p.global("host"), Some("tcp://127.0.0.1:2375"));
    assert_eq!(p.global("context"), Some("default"));
    assert_eq!(p.global("debug"), Some("true"));
    assert_eq!(p.path, "docker ps");
    // Aliases resolve to the name docker prints.
    assert_eq!(run("docker container list").path, "docker container ls");
    assert_eq!(run("docker image list").path, "docker image ls");
    assert_eq!(run("docker image remove x").path, "docker image rm");
    assert_eq!(run("docker volume list").command, ["volume", "ls"]);
    assert_eq!(run("docker network remove n").command, ["network", "rm"]);
}

#[test]
fn typed_getters_fall_back_to_the_catalogue() {
    let p = run("docker run alpine");
    assert!(p.bool("sig-proxy"));
    assert!(!p.bool("rm"));
    assert_eq!(p.string("restart"), "no");
    assert_eq!(p.string("pull"), "missing");
    assert_eq!(p.int("memory-swappiness"), -1);
    assert_eq!(p.duration("health-interval"), 0);
    let p = run("docker run --health-interval 1m30s --sysctl net.ipv4.ip_forward=1 --sysctl a --stop-timeout 0x10 alpine");
    assert_eq!(p.duration("health-interval"), 90_000_000_000);
    assert_eq!(p.map("sysctl"), [("net.ipv4.ip_forward".to_string(), "1".to_string()), ("a".to_string(), String::new())]);
    assert_eq!(p.int("stop-timeout"), 16);
    assert_eq!(run("docker stop web").int("time"), 10);
    assert_eq!(run("docker logs web").string("tail"), "all");
    assert_eq!(run("docker ps").int("last"), -1);
    assert_eq!(run("docker run --blkio-weight 300 alpine").uint("blkio-weight"), 300);
    assert_eq!(run("docker search x").int("limit"), 25);
    assert!(run("docker history x").bool("human"));
    let p = run("docker network create --subnet 10.0.0.0/24,10.0.1.0/24 --subnet 10.0.2.0/24 n");
    assert_eq!(p.values("subnet"), ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]);
    let p = run("docker compose -p demo up");
    assert_eq!(p.string("project-name"), "demo");
    assert_eq!(p.string("ansi"), "auto");
    assert_eq!(p.int("parallel"), -1);
}

#[test]
fn phase_two_can_report_a_value_error_as_docker_does() {
    let p = run("docker run -m 12x alpine");
    let e = p.invalid_value("memory", "12x", "invalid size: '12x'");
    assert_eq!(e.message, "invalid argument \"12x\" for \"-m, --memory\" flag: invalid size: '12x'\nSee 'docker run --help'.");
    assert_eq!(e.exit_code(), 125);
    let p = run("docker container run --cpus x alpine");
    let e = p.invalid_value("cpus", "x", "failed to parse x as a rational number");
    assert_eq!(e.message, "invalid argument \"x\" for \"--cpus\" flag: failed to parse x as a rational number\nSee 'docker container run --help'.");
}

#[test]
fn run_reports_failures_with_the_docker_prefix() {
    assert_eq!(
        crate::cli::grammar::reported("run", "Error response from daemon: No such image: nosuchimage:1", true),
        "docker: Error response from daemon: No such image: nosuchimage:1.\nSee 'docker run --help'."
    );
    assert_eq!(crate::cli::grammar::reported("create", "invalid restart policy.", false), "docker: invalid restart policy.");
}
