//! `docker compose …`, the Compose v2 CLI plugin (`docker/compose` `cmd/compose/*.go`).
//!
//! Only the commands the course uses, with their main flags. Compose's project flags (`-f`,
//! `-p`, …) belong to `compose` itself, so they come before the subcommand: `docker compose
//! up -f x.yml` is `unknown shorthand flag: 'f' in -f`, as in Compose (and `logs -f` is
//! `--follow`). Compose's help texts are less settled than the engine CLI's; these follow
//! the v2.20 line and are not golden-tested.

use super::{boolean, int, list, list_of, string};
use crate::cli::grammar::{Args, CommandDef, FlagDef, Plugin};

/// The Compose plugin version wharf reports.
pub const COMPOSE_VERSION: &str = "v2.21.0";

/// `docker compose`.
pub static COMPOSE: CommandDef = CommandDef {
    name: "compose",
    usage: "compose [OPTIONS] COMMAND",
    short: "Docker Compose",
    long: "Define and run multi-container applications with Docker.",
    canonical: &["compose"],
    args: Args::None,
    flags: &[
        string("ansi", "Control when to print ANSI control characters (\"never\"|\"always\"|\"auto\")")
            .default("auto"),
        boolean("compatibility", "Run compose in backward compatibility mode"),
        boolean("dry-run", "Execute command in dry run mode"),
        list_of("stringArray", "env-file", "Specify an alternate environment file."),
        list_of("stringArray", "file", "Compose configuration files").short('f'),
        int("parallel", "Control max parallelism, -1 for unlimited").default("-1"),
        list_of("stringArray", "profile", "Specify a profile to enable"),
        string("progress", "Set type of progress output (auto, tty, plain, quiet)").default("auto"),
        string(
            "project-directory",
            "Specify an alternate working directory\n(default: the path of the, first specified, Compose file)",
        ),
        string("project-name", "Project name").short('p'),
    ],
    commands: &[
        &COMPOSE_BUILD,
        &COMPOSE_CONFIG,
        &COMPOSE_DOWN,
        &COMPOSE_EXEC,
        &COMPOSE_LOGS,
        &COMPOSE_LS,
        &COMPOSE_PS,
        &COMPOSE_PULL,
        &COMPOSE_RESTART,
        &COMPOSE_RM,
        &COMPOSE_RUN,
        &COMPOSE_START,
        &COMPOSE_STOP,
        &COMPOSE_TOP,
        &COMPOSE_UP,
        &COMPOSE_VERSION_CMD,
    ],
    plugin: Some(Plugin { vendor: "Docker Inc.", version: COMPOSE_VERSION }),
    ..CommandDef::LEAF
};

/// `-t, --timeout` as `down`, `restart` and `stop` declare it.
const TIMEOUT: FlagDef = int("timeout", "Specify a shutdown timeout in seconds").short('t');

/// `--remove-orphans`.
const REMOVE_ORPHANS: FlagDef =
    boolean("remove-orphans", "Remove containers for services not defined in the Compose file.");

/// `docker compose build`.
pub static COMPOSE_BUILD: CommandDef = CommandDef {
    name: "build",
    usage: "build [OPTIONS] [SERVICE...]",
    short: "Build or rebuild services",
    canonical: &["compose", "build"],
    flags: &[
        list_of("stringArray", "build-arg", "Set build-time variables for services."),
        boolean("no-cache", "Do not use cache when building the image"),
        boolean("pull", "Always attempt to pull a newer version of the image."),
        boolean("push", "Push service images."),
        boolean("quiet", "Don't print anything to STDOUT").short('q'),
    ],
    ..CommandDef::LEAF
};

/// `docker compose config`.
pub static COMPOSE_CONFIG: CommandDef = CommandDef {
    name: "config",
    usage: "config [OPTIONS] [SERVICE...]",
    short: "Parse, resolve and render compose file in canonical format",
    canonical: &["compose", "config"],
    flags: &[
        string("format", "Format the output. Values: [yaml | json]").default("yaml"),
        boolean("images", "Print the image names, one per line."),
        boolean("no-interpolate", "Don't interpolate environment variables."),
        string("output", "Save to file (default to stdout)").short('o'),
        boolean("profiles", "Print the profile names, one per line."),
        boolean("quiet", "Only validate the configuration, don't print anything.").short('q'),
        boolean("services", "Print the service names, one per line."),
        boolean("volumes", "Print the volume names, one per line."),
    ],
    ..CommandDef::LEAF
};

/// `docker compose down`.
pub static COMPOSE_DOWN: CommandDef = CommandDef {
    name: "down",
    usage: "down [OPTIONS] [SERVICES]",
    short: "Stop and remove containers, networks",
    canonical: &["compose", "down"],
    flags: &[
        REMOVE_ORPHANS,
        string(
            "rmi",
            "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")",
        ),
        TIMEOUT,
        boolean(
            "volumes",
            "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers.",
        )
        .short('v'),
    ],
    ..CommandDef::LEAF
};

/// `docker compose exec`.
pub static COMPOSE_EXEC: CommandDef = CommandDef {
    name: "exec",
    usage: "exec [OPTIONS] SERVICE COMMAND [ARGS...]",
    short: "Execute a command in a running container.",
    canonical: &["compose", "exec"],
    args: Args::Min(2),
    interspersed: false,
    flags: &[
        boolean("detach", "Detached mode: Run command in the background.").short('d'),
        list_of("stringArray", "env", "Set environment variables").short('e'),
        int("index", "index of the container if service has multiple replicas"),
        boolean("no-TTY", "Disable pseudo-TTY allocation. By default `docker compose exec` allocates a TTY.")
            .short('T')
            .default("true"),
        boolean("privileged", "Give extended privileges to the process."),
        string("user", "Run the command as this user.").short('u'),
        string("workdir", "Path to workdir directory for this command.").short('w'),
        boolean("interactive", "Keep STDIN open even if not attached.").short('i').hidden(),
        boolean("tty", "Allocate a pseudo-TTY.").short('t').hidden(),
    ],
    ..CommandDef::LEAF
};

/// `docker compose logs`.
pub static COMPOSE_LOGS: CommandDef = CommandDef {
    name: "logs",
    usage: "logs [OPTIONS] [SERVICE...]",
    short: "View output from containers",
    canonical: &["compose", "logs"],
    flags: &[
        boolean("follow", "Follow log output.").short('f'),
        boolean("no-color", "Produce monochrome output."),
        boolean("no-log-prefix", "Don't print prefix in logs."),
        string(
            "since",
            "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)",
        ),
        string("tail", "Number of lines to show from the end of the logs for each container.")
            .short('n')
            .default("all"),
        boolean("timestamps", "Show timestamps.").short('t'),
        string(
            "until",
            "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)",
        ),
    ],
    ..CommandDef::LEAF
};

/// `docker compose ls`.
pub static COMPOSE_LS: CommandDef = CommandDef {
    name: "ls",
    usage: "ls [OPTIONS]",
    short: "List running compose projects",
    canonical: &["compose", "ls"],
    args: Args::None,
    flags: &[
        boolean("all", "Show all stopped Compose projects").short('a'),
        list_of("filter", "filter", "Filter output based on conditions provided."),
        string("format", "Format the output. Values: [table | json].").default("table"),
        boolean("quiet", "Only display IDs.").short('q'),
    ],
    ..CommandDef::LEAF
};

/// `docker compose ps`.
pub static COMPOSE_PS: CommandDef = CommandDef {
    name: "ps",
    usage: "ps [OPTIONS] [SERVICE...]",
    short: "List containers",
    canonical: &["compose", "ps"],
    flags: &[
        boolean("all", "Show all stopped containers (including those created by the run command)").short('a'),
        string("filter", "Filter services by a property (supported filters: status)."),
        string("format", super::FORMAT_HELP).default("table"),
        boolean("no-trunc", "Don't truncate output"),
        boolean("quiet", "Only display IDs").short('q'),
        boolean("services", "Display services"),
        list_of(
            "stringArray",
            "status",
            "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]",
        ),
    ],
    ..CommandDef::LEAF
};

/// `docker compose pull`.
pub static COMPOSE_PULL: CommandDef = CommandDef {
    name: "pull",
    usage: "pull [OPTIONS] [SERVICE...]",
    short: "Pull service images",
    canonical: &["compose", "pull"],
    flags: &[
        boolean("ignore-buildable", "Ignore images that can be built."),
        boolean("ignore-pull-failures", "Pull what it can and ignores images with pull failures."),
        boolean("include-deps", "Also pull services declared as dependencies."),
        boolean("quiet", "Pull without printing progress information.").short('q'),
    ],
    ..CommandDef::LEAF
};

/// `docker compose restart`.
pub static COMPOSE_RESTART: CommandDef = CommandDef {
    name: "restart",
    usage: "restart [OPTIONS] [SERVICE...]",
    short: "Restart service containers",
    canonical: &["compose", "restart"],
    flags: &[boolean("no-deps", "Don't restart dependent services."), TIMEOUT],
    ..CommandDef::LEAF
};

/// `docker compose rm`.
pub static COMPOSE_RM: CommandDef = CommandDef {
    name: "rm",
    usage: "rm [OPTIONS] [SERVICE...]",
    short: "Removes stopped service containers",
    long: "Removes stopped service containers\n\nBy default, anonymous volumes attached to containers will not be removed. You\ncan override this with -v. To list all volumes, use \"docker volume ls\".\n\nAny data which is not in a volume will be lost.",
    canonical: &["compose", "rm"],
    flags: &[
        boolean("force", "Don't ask to confirm removal").short('f'),
        boolean("stop", "Stop the containers, if required, before removing").short('s'),
        boolean("volumes", "Remove any anonymous volumes attached to containers").short('v'),
    ],
    ..CommandDef::LEAF
};

/// `docker compose run`.
pub static COMPOSE_RUN: CommandDef = CommandDef {
    name: "run",
    usage: "run [OPTIONS] SERVICE [COMMAND] [ARGS...]",
    short: "Run a one-off command on a service.",
    canonical: &["compose", "run"],
    args: Args::Min(1),
    interspersed: false,
    flags: &[
        boolean("build", "Build image before starting container."),
        list("cap-add", "Add Linux capabilities"),
        list("cap-drop", "Drop Linux capabilities"),
        boolean("detach", "Run container in background and print container ID").short('d'),
        string("entrypoint", "Override the entrypoint of the image"),
        list_of("stringArray", "env", "Set environment variables").short('e'),
        boolean("interactive", "Keep STDIN open even if not attached.").short('i').default("true"),
        list_of("stringArray", "label", "Add or override a label").short('l'),
        string("name", "Assign a name to the container"),
        boolean("no-TTY", "Disable pseudo-TTY allocation (default: auto-detection).").short('T').default("true"),
        boolean("no-deps", "Don't start linked services."),
        list_of("stringArray", "publish", "Publish a container's port(s) to the host.").short('p'),
        boolean("quiet-pull", "Pull without printing progress information."),
        REMOVE_ORPHANS,
        boolean("rm", "Automatically remove the container when it exits"),
        boolean("service-ports", "Run command with all service's ports enabled and mapped to the host."),
        boolean(
            "use-aliases",
            "Use the service's network useAliases in the network(s) the container connects to.",
        ),
        string("user", "Run as specified username or uid").short('u'),
        list_of("stringArray", "volume", "Bind mount a volume.").short('v'),
        string("workdir", "Working directory inside the container").short('w'),
        boolean("tty", "Allocate a pseudo-TTY.").short('t').hidden(),
    ],
    ..CommandDef::LEAF
};

/// `docker compose start`.
pub static COMPOSE_START: CommandDef = CommandDef {
    name: "start",
    usage: "start [SERVICE...]",
    short: "Start services",
    canonical: &["compose", "start"],
    ..CommandDef::LEAF
};

/// `docker compose stop`.
pub static COMPOSE_STOP: CommandDef = CommandDef {
    name: "stop",
    usage: "stop [OPTIONS] [SERVICE...]",
    short: "Stop services",
    canonical: &["compose", "stop"],
    flags: &[TIMEOUT],
    ..CommandDef::LEAF
};

/// `docker compose top`.
pub static COMPOSE_TOP: CommandDef = CommandDef {
    name: "top",
    usage: "top [SERVICES...]",
    short: "Display the running processes",
    canonical: &["compose", "top"],
    ..CommandDef::LEAF
};

/// `docker compose up`.
pub static COMPOSE_UP: CommandDef = CommandDef {
    name: "up",
    usage: "up [OPTIONS] [SERVICE...]",
    short: "Create and start containers",
    canonical: &["compose", "up"],
    flags: &[
        boolean("abort-on-container-exit", "Stops all containers if any container was stopped. Incompatible with -d"),
        boolean("always-recreate-deps", "Recreate dependent containers. Incompatible with --no-recreate."),
        list_of(
            "stringArray",
            "attach",
            "Restrict attaching to the specified services. Incompatible with --attach-dependencies.",
        ),
        boolean("attach-dependencies", "Automatically attach to log output of dependent services."),
        boolean("build", "Build images before starting containers."),
        boolean("detach", "Detached mode: Run containers in the background").short('d'),
        string(
            "exit-code-from",
            "Return the exit code of the selected service container. Implies --abort-on-container-exit",
        ),
        boolean("force-recreate", "Recreate containers even if their configuration and image haven't changed."),
        list_of("stringArray", "no-attach", "Do not attach (stream logs) to the specified services."),
        boolean("no-build", "Don't build an image, even if it's missing."),
        boolean("no-color", "Produce monochrome output."),
        boolean("no-deps", "Don't start linked services."),
        boolean("no-log-prefix", "Don't print prefix in logs."),
        boolean(
            "no-recreate",
            "If containers already exist, don't recreate them. Incompatible with --force-recreate.",
        ),
        boolean("no-start", "Don't start the services after creating them."),
        string("pull", "Pull image before running (\"always\"|\"missing\"|\"never\")").default("policy"),
        boolean("quiet-pull", "Pull without printing progress information."),
        REMOVE_ORPHANS,
        boolean(
            "renew-anon-volumes",
            "Recreate anonymous volumes instead of retrieving data from the previous containers.",
        )
        .short('V'),
        list_of(
            "stringArray",
            "scale",
            "Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.",
        ),
        int(
            "timeout",
            "Use this timeout in seconds for container shutdown when attached or when containers are already running",
        )
        .short('t'),
        boolean("timestamps", "Show timestamps."),
        boolean("wait", "Wait for services to be running|healthy. Implies detached mode."),
        int("wait-timeout", "timeout waiting for application to be running|healthy."),
    ],
    ..CommandDef::LEAF
};

/// `docker compose version`.
pub static COMPOSE_VERSION_CMD: CommandDef = CommandDef {
    name: "version",
    usage: "version [OPTIONS]",
    short: "Show the Docker Compose version information",
    canonical: &["compose", "version"],
    args: Args::None,
    flags: &[
        string("format", "Format the output. Values: [pretty | json]. (Default: pretty)").short('f'),
        boolean("short", "Shows only Compose's version number."),
    ],
    ..CommandDef::LEAF
};
