//! docker's exact error texts and exit codes, and the other outcomes of a command line
//! (help, version, deprecation warnings, flag syntax corners).

use super::{fail, run, words};
use crate::cli::grammar::{parse, run_error, with_help, Invocation, UsageErrorKind, VERSION_LINE};

/// The usage line and hint docker 28 puts after a flag error of `docker run`.
const RUN_USAGE: &str = "\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information";

/// (command line, exit code, message)
const ERRORS: &[(&str, i32, &str)] = &[
    // Flags: pflag's text through cli.FlagErrorFunc, exit 125. The reference case first
    // (shared/reference/docker/docker-error-cases.txt).
    ("docker run --rm --network none --badflag busybox true", 125, "unknown flag: --badflag\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information"),
    ("docker run -z alpine", 125, "unknown shorthand flag: 'z' in -z\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information"),
    ("docker stop -t abc web", 125, "invalid argument \"abc\" for \"-t, --time\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\n\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'docker stop --help' for more information"),
    ("docker ps -n x", 125, "invalid argument \"x\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information"),
    ("docker build --cache-from 'a\"b' .", 125, "invalid argument \"a\\\"b\" for \"--cache-from\" flag: parse error on line 1, column 2: bare \" in non-quoted-field\n\nUsage:  docker build [OPTIONS] PATH | URL | -\n\nRun 'docker build --help' for more information"),
    // An alias resolves to the command's name; the usage line is the path typed.
    ("docker container ps --bogus", 125, "unknown flag: --bogus\n\nUsage:  docker container ls [OPTIONS]\n\nRun 'docker container ls --help' for more information"),
    ("docker image rmi --bogus x", 125, "unknown flag: --bogus\n\nUsage:  docker image rm [OPTIONS] IMAGE [IMAGE...]\n\nRun 'docker image rm --help' for more information"),
    ("docker compose up -f x.yml", 125, "unknown shorthand flag: 'f' in -f\n\nUsage:  docker compose up [OPTIONS] [SERVICE...]\n\nRun 'docker compose up --help' for more information"),
    ("docker ps -h=x", 125, "invalid argument \"x\" for \"--help\" flag: strconv.ParseBool: parsing \"x\": invalid syntax\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information"),
    // A management command and the root print their own `Use` line.
    ("docker container --foo ls", 125, "unknown flag: --foo\n\nUsage:  docker container\n\nRun 'docker container --help' for more information"),
    ("docker volume --foo", 125, "unknown flag: --foo\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information"),
    ("docker --foo", 125, "unknown flag: --foo\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information"),
    ("docker remove --force my-mysql", 125, "unknown flag: --force\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information"),
    // Argument counts: cli/required.go, plain errors, exit 1. Only RequiresMinArgs says "See";
    // RequiresMaxArgs really says "SRun" in 28.x.
    ("docker run", 1, "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information"),
    ("docker container run -d", 1, "docker: 'docker container run' requires at least 1 argument\n\nUsage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker container run --help' for more information"),
    ("docker exec web", 1, "docker: 'docker exec' requires at least 2 arguments\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nSee 'docker exec --help' for more information"),
    ("docker rename a", 1, "docker: 'docker rename' requires 2 arguments\n\nUsage:  docker rename CONTAINER NEW_NAME\n\nRun 'docker rename --help' for more information"),
    ("docker logs", 1, "docker: 'docker logs' requires 1 argument\n\nUsage:  docker logs [OPTIONS] CONTAINER\n\nRun 'docker logs --help' for more information"),
    ("docker ps x", 1, "docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information"),
    ("docker images a b", 1, "docker: 'docker images' requires at most 1 argument\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nSRun 'docker images --help' for more information"),
    ("docker port", 1, "docker: 'docker port' requires at least 1 and at most 2 arguments\n\nUsage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n\nRun 'docker port --help' for more information"),
    ("docker cp a", 1, "docker: 'docker cp' requires 2 arguments\n\nUsage:  docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n\nRun 'docker cp --help' for more information"),
    ("docker network rm", 1, "docker: 'docker network rm' requires at least 1 argument\n\nUsage:  docker network rm NETWORK [NETWORK...]\n\nSee 'docker network rm --help' for more information"),
    // Unknown commands: the root's RunE and cli.NoArgs of management commands, exit 1.
    ("docker foo", 1, "docker: unknown command: docker foo\n\nRun 'docker --help' for more information"),
    ("docker -D foo", 1, "docker: unknown command: docker foo\n\nRun 'docker --help' for more information"),
    ("docker remove my-mysql", 1, "docker: unknown command: docker remove\n\nRun 'docker --help' for more information"),
    ("docker container connect br02 web", 1, "docker: unknown command: docker container connect\n\nUsage:  docker container\n\nRun 'docker container --help' for more information"),
    ("docker volume help", 1, "docker: unknown command: docker volume help\n\nUsage:  docker volume COMMAND\n\nRun 'docker volume --help' for more information"),
    ("docker help foo", 1, "unknown help topic: foo"),
    ("docker help run alpine", 1, "unknown help topic: alpine"),
    // What the 1.41 daemon does not support, refused before the arguments are counted.
    ("docker run --annotation a=b alpine", 1, "\"--annotation\" requires API version 1.43, but the Docker daemon API version is 1.41"),
    ("docker run --health-start-interval 1s --annotation a=b", 1, "\"--annotation\" requires API version 1.43, but the Docker daemon API version is 1.41\n\"--health-start-interval\" requires API version 1.44, but the Docker daemon API version is 1.41"),
    ("docker network create --ipv4=false n", 1, "\"--ipv4\" requires API version 1.48, but the Docker daemon API version is 1.41"),
    ("docker volume update v", 1, "docker volume update requires API version 1.42, but the Docker daemon API version is 1.41"),
    ("docker run --cpu-count 2 alpine", 1, "\"--cpu-count\" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux"),
    ("docker build --squash .", 1, "\"--squash\" is only supported on a Docker daemon with experimental features enabled"),
    ("docker checkpoint ls web", 1, "docker checkpoint ls is only supported on a Docker daemon with experimental features enabled"),
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
fn each_error_has_its_kind() {
    assert_eq!(fail("docker run --bogus").kind, UsageErrorKind::Flag);
    assert_eq!(fail("docker run").kind, UsageErrorKind::Args);
    assert_eq!(fail("docker volume help").kind, UsageErrorKind::UnknownCommand);
    assert_eq!(fail("docker help foo").kind, UsageErrorKind::UnknownHelpTopic);
    // The daemon's API is checked before the arguments are counted.
    assert_eq!(fail("docker run --annotation a=b").kind, UsageErrorKind::Unsupported);
}

#[test]
fn value_errors_of_run_carry_its_usage() {
    // pflag's own checks, and the ones phase 2 reports through Parsed::invalid_value.
    let cases = [
        ("docker run -itz alpine", "unknown shorthand flag: 'z' in -z"),
        ("docker run -zit alpine", "unknown shorthand flag: 'z' in -zit"),
        ("docker run --name", "flag needs an argument: --name"),
        ("docker run -e", "flag needs an argument: 'e' in -e"),
        ("docker run -ite", "flag needs an argument: 'e' in -e"),
        ("docker run ---x alpine", "bad flag syntax: ---x"),
        ("docker run --=x alpine", "bad flag syntax: --=x"),
        ("docker run --rm=maybe alpine", "invalid argument \"maybe\" for \"--rm\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"),
        ("docker run --health-interval 5 alpine", "invalid argument \"5\" for \"--health-interval\" flag: time: missing unit in duration \"5\""),
        ("docker run --blkio-weight 70000 alpine", "invalid argument \"70000\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"70000\": value out of range"),
    ];
    for (line, cause) in cases {
        let e = fail(line);
        assert_eq!(e.message, format!("{cause}{RUN_USAGE}"), "{line}");
        assert_eq!(e.exit_code(), 125, "{line}");
    }
}

fn invocation(line: &str) -> Invocation {
    parse(&words(line)).unwrap_or_else(|e| panic!("{line}: {e}"))
}

fn help_of(line: &str) -> (String, bool) {
    match invocation(line) {
        Invocation::Help { path, stderr, command, .. } => {
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
    assert_eq!(VERSION_LINE, "Docker version 28.2.2, build e6534b4");
}

fn warnings_of(line: &str) -> Vec<String> {
    match invocation(line) {
        Invocation::Help { warnings, .. } => warnings,
        Invocation::Run(p) => p.warnings,
        Invocation::Version => Vec::new(),
    }
}

#[test]
fn deprecated_flags_warn_as_pflag_does() {
    // cli/cobra.go marks `-h` deprecated ("use --help"); `--help` and `docker run -h` (the
    // hostname) say nothing.
    let h = "Flag shorthand -h has been deprecated, use --help";
    assert_eq!(warnings_of("docker -h"), [h]);
    assert_eq!(warnings_of("docker ps -h"), [h]);
    assert_eq!(warnings_of("docker container -h"), [h]);
    assert!(warnings_of("docker ps --help").is_empty());
    assert!(warnings_of("docker run -h web alpine").is_empty());
    // No catalogued flag of 28.2 is deprecated (`--kernel-memory` is from 29.0), so -h is the
    // only notice today; deprecated flags would add `Flag --x has been deprecated, …`.
    assert!(warnings_of("docker run --kernel-memory 4m alpine").is_empty());
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
    // 28.x leaves the stop timeout to the daemon: no default.
    assert_eq!(run("docker stop web").int("time"), 0);
    assert!(!run("docker stop web").has("time"));
    assert_eq!(run("docker logs web").string("tail"), "all");
    assert_eq!(run("docker ps").int("last"), -1);
    assert_eq!(run("docker run --blkio-weight 300 alpine").uint("blkio-weight"), 300);
    assert_eq!(run("docker search x").int("limit"), 0);
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
    assert_eq!(e.message, format!("invalid argument \"12x\" for \"-m, --memory\" flag: invalid size: '12x'{RUN_USAGE}"));
    assert_eq!(e.exit_code(), 125);
    let p = run("docker container run --cpus x alpine");
    let e = p.invalid_value("cpus", "x", "failed to parse x as a rational number");
    assert_eq!(
        e.message,
        "invalid argument \"x\" for \"--cpus\" flag: failed to parse x as a rational number\n\nUsage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker container run --help' for more information"
    );
}

#[test]
fn run_wraps_its_own_failures_with_help() {
    // shared/reference/docker/docker-error-cases.txt: no period added, exit codes by message.
    let (text, code) = run_error("Error response from daemon: No such image: nosuchimage:1");
    assert_eq!(text, "docker: Error response from daemon: No such image: nosuchimage:1\n\nRun 'docker run --help' for more information");
    assert_eq!(code, 125);
    let not_found = "Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"/nonexistent\": stat /nonexistent: no such file or directory: unknown";
    assert_eq!(run_error(not_found).1, 127);
    let denied = "Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"/etc/passwd\": permission denied: unknown";
    assert_eq!(run_error(denied).1, 126);
    let dns = "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host";
    assert_eq!(run_error(dns).1, 125);
    assert_eq!(with_help("create", "invalid restart policy"), "docker: invalid restart policy\n\nRun 'docker create --help' for more information");
}

