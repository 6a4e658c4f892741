//! `docker service …`, `docker stack …`, `docker secret …` and `docker config …`
//! (`cli/command/{service,stack,secret,config}`, 28.2): swarm's objects. All need a swarm
//! manager, so `docker --help` leaves them out on a node in no swarm.
//!
//! `service create` and `service update` share `addServiceFlags` (`service/opts.go`); on
//! `create` the swarm defaults are appended to some help texts, as docker's `flagDesc` does.

use super::{boolean, int, list, list_of, scalar, string, uint, FILTER, FORMAT_TABLE, FORMAT_TEMPLATE, GROUP, QUIET_IDS};
use crate::cli::grammar::{Args, CommandDef, FlagDef, Kind, Swarm};

/// A `duration` flag of the swarm options (`opts.DurationOpt`, zero by default).
const fn dur(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Duration, "duration", help)
}

/// A `float` flag (`opts.PositiveDurationOpt`'s sibling `floatValue`).
const fn float(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::String, "float", help)
}

/// `addServiceFlags` with the help texts `create` prints (`$d` the swarm defaults appended by
/// `flagDesc`), then the command's own flags.
macro_rules! service_flags {
    (create; $($extra:expr),* $(,)?) => {
        service_flags!(@common
            " (default 10s)", " (default \"any\")", " (default 5s)", " (default 0s)", " (default 5s)",
            " (default \"pause\")", " (default 0)", " (default \"stop-first\")", "1", "vip";
            $($extra),*)
    };
    (update; $($extra:expr),* $(,)?) => {
        service_flags!(@common "", "", "", "", "", "", "", "", "", ""; $($extra),*)
    };
    (@common $grace:literal, $cond:literal, $rdelay:literal, $udelay:literal, $umon:literal,
     $fail:literal, $ratio:literal, $order:literal, $par:literal, $mode:literal; $($extra:expr),*) => {
        &[
            boolean("detach", "Exit immediately instead of waiting for the service to converge").short('d'),
            boolean("quiet", "Suppress progress output").short('q'),
            string("workdir", "Working directory inside the container").short('w'),
            string("user", "Username or UID (format: <name|uid>[:<group|gid>])").short('u'),
            FlagDef::new("credential-spec", Kind::String, "credential-spec", "Credential spec for managed service account (Windows only)").api("1.29"),
            string("hostname", "Container hostname").api("1.25"),
            FlagDef::new("entrypoint", Kind::String, "command", "Overwrite the default ENTRYPOINT of the image"),
            scalar("decimal", "limit-cpu", "Limit CPUs"),
            scalar("bytes", "limit-memory", "Limit Memory"),
            int("limit-pids", "Limit maximum number of processes (default 0 = unlimited)").api("1.41"),
            scalar("decimal", "reserve-cpu", "Reserve CPUs"),
            scalar("bytes", "reserve-memory", "Reserve Memory"),
            dur("stop-grace-period", concat!("Time to wait before force killing a container (ns|us|ms|s|m|h)", $grace)),
            uint("replicas", "Number of tasks"),
            uint("max-concurrent", "Number of job tasks to run concurrently (default equal to --replicas)").api("1.41"),
            uint("replicas-max-per-node", "Maximum number of tasks per node (default 0 = unlimited)").api("1.40"),
            string("restart-condition", concat!("Restart when condition is met (\"none\", \"on-failure\", \"any\")", $cond)),
            dur("restart-delay", concat!("Delay between restart attempts (ns|us|ms|s|m|h)", $rdelay)),
            uint("restart-max-attempts", "Maximum number of restarts before giving up"),
            dur("restart-window", "Window used to evaluate the restart policy (ns|us|ms|s|m|h)"),
            uint("update-parallelism", "Maximum number of tasks updated simultaneously (0 to update all at once)").default($par),
            dur("update-delay", concat!("Delay between updates (ns|us|ms|s|m|h)", $udelay)),
            dur("update-monitor", concat!("Duration after each task update to monitor for failure (ns|us|ms|s|m|h)", $umon)).api("1.25"),
            string("update-failure-action", concat!("Action on update failure (\"pause\", \"continue\", \"rollback\")", $fail)),
            float("update-max-failure-ratio", concat!("Failure rate to tolerate during an update", $ratio)).api("1.25"),
            string("update-order", concat!("Update order (\"start-first\", \"stop-first\")", $order)).api("1.29"),
            uint("rollback-parallelism", "Maximum number of tasks rolled back simultaneously (0 to roll back all at once)").default($par).api("1.28"),
            dur("rollback-delay", concat!("Delay between task rollbacks (ns|us|ms|s|m|h)", $udelay)).api("1.28"),
            dur("rollback-monitor", concat!("Duration after each task rollback to monitor for failure (ns|us|ms|s|m|h)", $umon)).api("1.28"),
            string("rollback-failure-action", concat!("Action on rollback failure (\"pause\", \"continue\")", $fail)).api("1.28"),
            float("rollback-max-failure-ratio", concat!("Failure rate to tolerate during a rollback", $ratio)).api("1.28"),
            string("rollback-order", concat!("Rollback order (\"start-first\", \"stop-first\")", $order)).api("1.29"),
            string("endpoint-mode", "Endpoint mode (vip or dnsrr)").default($mode),
            boolean("with-registry-auth", "Send registry authentication details to swarm agents"),
            boolean("no-resolve-image", "Do not query the registry to resolve image digest and supported platforms").api("1.30"),
            string("log-driver", "Logging driver for service"),
            list("log-opt", "Logging driver options"),
            string("health-cmd", "Command to run to check health").api("1.25"),
            dur("health-interval", "Time between running the check (ms|s|m|h)").api("1.25"),
            dur("health-timeout", "Maximum time to allow one check to run (ms|s|m|h)").api("1.25"),
            int("health-retries", "Consecutive failures needed to report unhealthy").api("1.25"),
            dur("health-start-period", "Start period for the container to initialize before counting retries towards unstable (ms|s|m|h)").api("1.29"),
            dur("health-start-interval", "Time between running the check during the start period (ms|s|m|h)").api("1.44"),
            boolean("no-healthcheck", "Disable any container-specified HEALTHCHECK").api("1.25"),
            boolean("tty", "Allocate a pseudo-TTY").short('t').api("1.25"),
            boolean("read-only", "Mount the container's root filesystem as read only").api("1.28"),
            string("stop-signal", "Signal to stop the container").api("1.28"),
            string("isolation", "Service container isolation mode").api("1.35"),
            boolean("init", "Use an init inside each service container to forward signals and reap processes").api("1.37"),
            int("oom-score-adj", "Tune host's OOM preferences (-1000 to 1000) ").api("1.46"),
            $($extra,)*
        ]
    };
}

/// `docker service`.
pub static SERVICE: CommandDef = CommandDef {
    name: "service",
    usage: "service",
    short: "Manage Swarm services",
    canonical: &["service"],
    commands: &[
        &SERVICE_CREATE,
        &SERVICE_INSPECT,
        &SERVICE_LOGS,
        &SERVICE_LS,
        &SERVICE_PS,
        &SERVICE_RM,
        &SERVICE_ROLLBACK,
        &SERVICE_SCALE,
        &SERVICE_UPDATE,
    ],
    api: "1.24",
    swarm: Swarm::Manager,
    ..GROUP
};

/// `docker service create`.
pub static SERVICE_CREATE: CommandDef = CommandDef {
    name: "create",
    usage: "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
    short: "Create a new service",
    canonical: &["service", "create"],
    args: Args::Min(1),
    interspersed: false,
    flags: service_flags![create;
        string("mode", "Service mode (\"replicated\", \"global\", \"replicated-job\", \"global-job\")").default("replicated"),
        string("name", "Service name"),
        list("label", "Service labels").short('l'),
        list("container-label", "Container labels"),
        list("env", "Set environment variables").short('e'),
        list("env-file", "Read in a file of environment variables"),
        list_of("mount", "mount", "Attach a filesystem mount to the service"),
        list("constraint", "Placement constraints"),
        list_of("pref", "placement-pref", "Add a placement preference").api("1.28"),
        list_of("network", "network", "Network attachments"),
        list_of("secret", "secret", "Specify secrets to expose to the service").api("1.25"),
        list_of("config", "config", "Specify configurations to expose to the service").api("1.30"),
        list_of("port", "publish", "Publish a port as a node port").short('p'),
        list("group", "Set one or more supplementary user groups for the container").api("1.25"),
        list("dns", "Set custom DNS servers").api("1.25"),
        list("dns-option", "Set DNS options").api("1.25"),
        list("dns-search", "Set custom DNS search domains").api("1.25"),
        list("host", "Set one or more custom host-to-IP mappings (host:ip)").api("1.25"),
        list("generic-resource", "User defined resources"),
        list("cap-add", "Add Linux capabilities").api("1.41"),
        list("cap-drop", "Drop Linux capabilities").api("1.41"),
        list("sysctl", "Sysctl options").api("1.40"),
        list_of("ulimit", "ulimit", "Ulimit options").default("[]").api("1.41"),
    ],
    ..CommandDef::LEAF
};

/// `docker service update`.
pub static SERVICE_UPDATE: CommandDef = CommandDef {
    name: "update",
    usage: "update [OPTIONS] SERVICE",
    short: "Update a service",
    canonical: &["service", "update"],
    args: Args::Exact(1),
    flags: service_flags![update;
        string("image", "Service image tag"),
        FlagDef::new("args", Kind::String, "command", "Service command args"),
        boolean("rollback", "Rollback to previous specification").api("1.25"),
        boolean("force", "Force update even if no changes require it").api("1.25"),
        list("label-add", "Add or update a service label"),
        list("label-rm", "Remove a label by its key"),
        list("container-label-add", "Add or update a container label"),
        list("container-label-rm", "Remove a container label by its key"),
        list("env-add", "Add or update an environment variable"),
        list("env-rm", "Remove an environment variable"),
        list_of("mount", "mount-add", "Add or update a mount on a service"),
        list("mount-rm", "Remove a mount by its target path"),
        list("constraint-add", "Add or update a placement constraint"),
        list("constraint-rm", "Remove a constraint"),
        list_of("pref", "placement-pref-add", "Add a placement preference").api("1.28"),
        list_of("pref", "placement-pref-rm", "Remove a placement preference").api("1.28"),
        list_of("network", "network-add", "Add a network").api("1.29"),
        list("network-rm", "Remove a network").api("1.29"),
        list_of("port", "publish-add", "Add or update a published port"),
        list("publish-rm", "Remove a published port by its target port"),
        list_of("secret", "secret-add", "Add or update a secret on a service").api("1.25"),
        list("secret-rm", "Remove a secret").api("1.25"),
        list_of("config", "config-add", "Add or update a config file on a service").api("1.30"),
        list("config-rm", "Remove a configuration file").api("1.30"),
        list("group-add", "Add an additional supplementary user group to the container").api("1.25"),
        list("group-rm", "Remove a previously added supplementary user group from the container").api("1.25"),
        list("dns-add", "Add or update a custom DNS server").api("1.25"),
        list("dns-rm", "Remove a custom DNS server").api("1.25"),
        list("dns-option-add", "Add or update a DNS option").api("1.25"),
        list("dns-option-rm", "Remove a DNS option").api("1.25"),
        list("dns-search-add", "Add or update a custom DNS search domain").api("1.25"),
        list("dns-search-rm", "Remove a DNS search domain").api("1.25"),
        list("host-add", "Add a custom host-to-IP mapping (\"host:ip\")").api("1.32"),
        list("host-rm", "Remove a custom host-to-IP mapping (\"host:ip\")").api("1.25"),
        list("generic-resource-add", "Add a Generic resource"),
        list("generic-resource-rm", "Remove a Generic resource"),
        list("cap-add", "Add Linux capabilities").api("1.41"),
        list("cap-drop", "Drop Linux capabilities").api("1.41"),
        list("sysctl-add", "Add or update a Sysctl option").api("1.40"),
        list("sysctl-rm", "Remove a Sysctl option").api("1.40"),
        list_of("ulimit", "ulimit-add", "Add or update a ulimit option").default("[]").api("1.41"),
        list("ulimit-rm", "Remove a ulimit option").api("1.41"),
    ],
    ..CommandDef::LEAF
};

/// `docker service inspect`.
pub static SERVICE_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] SERVICE [SERVICE...]",
    short: "Display detailed information on one or more services",
    canonical: &["service", "inspect"],
    args: Args::Min(1),
    flags: &[FORMAT_TEMPLATE, boolean("pretty", "Print the information in a human friendly format")],
    ..CommandDef::LEAF
};

/// `docker service logs`.
pub static SERVICE_LOGS: CommandDef = CommandDef {
    name: "logs",
    usage: "logs [OPTIONS] SERVICE|TASK",
    short: "Fetch the logs of a service or task",
    canonical: &["service", "logs"],
    args: Args::Exact(1),
    api: "1.29",
    flags: &[
        boolean("no-resolve", "Do not map IDs to Names in output"),
        boolean("no-trunc", "Do not truncate output"),
        boolean("raw", "Do not neatly format logs").api("1.30"),
        boolean("no-task-ids", "Do not include task IDs in output"),
        boolean("follow", "Follow log output").short('f'),
        string("since", "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
        boolean("timestamps", "Show timestamps").short('t'),
        boolean("details", "Show extra details provided to logs").api("1.30"),
        string("tail", "Number of lines to show from the end of the logs").short('n').default("all"),
    ],
    ..CommandDef::LEAF
};

/// `docker service ls` (alias `list`).
pub static SERVICE_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["list"],
    usage: "ls [OPTIONS]",
    short: "List services",
    canonical: &["service", "ls"],
    args: Args::None,
    flags: &[QUIET_IDS, FORMAT_TABLE, FILTER],
    ..CommandDef::LEAF
};

/// `docker service ps`.
pub static SERVICE_PS: CommandDef = CommandDef {
    name: "ps",
    usage: "ps [OPTIONS] SERVICE [SERVICE...]",
    short: "List the tasks of one or more services",
    canonical: &["service", "ps"],
    args: Args::Min(1),
    flags: super::TASK_LIST_FLAGS,
    ..CommandDef::LEAF
};

/// `docker service rm` (alias `remove`).
pub static SERVICE_RM: CommandDef = CommandDef {
    name: "rm",
    aliases: &["remove"],
    usage: "rm SERVICE [SERVICE...]",
    short: "Remove one or more services",
    canonical: &["service", "rm"],
    args: Args::Min(1),
    ..CommandDef::LEAF
};

/// `docker service rollback`.
pub static SERVICE_ROLLBACK: CommandDef = CommandDef {
    name: "rollback",
    usage: "rollback [OPTIONS] SERVICE",
    short: "Revert changes to a service's configuration",
    canonical: &["service", "rollback"],
    args: Args::Exact(1),
    api: "1.31",
    flags: &[
        boolean("quiet", "Suppress progress output").short('q'),
        boolean("detach", "Exit immediately instead of waiting for the service to converge").short('d'),
    ],
    ..CommandDef::LEAF
};

/// `docker service scale`.
pub static SERVICE_SCALE: CommandDef = CommandDef {
    name: "scale",
    usage: "scale SERVICE=REPLICAS [SERVICE=REPLICAS...]",
    short: "Scale one or multiple replicated services",
    canonical: &["service", "scale"],
    args: Args::Min(1),
    flags: &[boolean("detach", "Exit immediately instead of waiting for the service to converge").short('d')],
    ..CommandDef::LEAF
};

/// `docker stack`.
pub static STACK: CommandDef = CommandDef {
    name: "stack",
    usage: "stack",
    short: "Manage Swarm stacks",
    canonical: &["stack"],
    commands: &[&STACK_CONFIG, &STACK_DEPLOY, &STACK_LS, &STACK_PS, &STACK_RM, &STACK_SERVICES],
    api: "1.25",
    swarm: Swarm::Manager,
    ..GROUP
};

/// `-c, --compose-file strings` of `stack deploy` and `stack config`.
const COMPOSE_FILE: FlagDef =
    FlagDef::new("compose-file", Kind::Slice, "strings", "Path to a Compose file, or \"-\" to read from stdin").short('c');

/// `docker stack config`.
pub static STACK_CONFIG: CommandDef = CommandDef {
    name: "config",
    usage: "config [OPTIONS]",
    short: "Outputs the final config file, after doing merges and interpolations",
    canonical: &["stack", "config"],
    args: Args::None,
    flags: &[COMPOSE_FILE, boolean("skip-interpolation", "Skip interpolation and output only merged config")],
    ..CommandDef::LEAF
};

/// `docker stack deploy` (alias `up`).
pub static STACK_DEPLOY: CommandDef = CommandDef {
    name: "deploy",
    aliases: &["up"],
    usage: "deploy [OPTIONS] STACK",
    short: "Deploy a new stack or update an existing stack",
    canonical: &["stack", "deploy"],
    args: Args::Exact(1),
    flags: &[
        COMPOSE_FILE,
        boolean("with-registry-auth", "Send registry authentication details to Swarm agents"),
        boolean("prune", "Prune services that are no longer referenced").api("1.27"),
        string("resolve-image", "Query the registry to resolve image digest and supported platforms (\"always\", \"changed\", \"never\")")
            .default("always")
            .api("1.30"),
        boolean("detach", "Exit immediately instead of waiting for the stack services to converge").short('d').default("true"),
        boolean("quiet", "Suppress progress output").short('q'),
    ],
    ..CommandDef::LEAF
};

/// `docker stack ls` (alias `list`).
pub static STACK_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["list"],
    usage: "ls [OPTIONS]",
    short: "List stacks",
    canonical: &["stack", "ls"],
    args: Args::None,
    flags: &[FORMAT_TABLE],
    ..CommandDef::LEAF
};

/// `docker stack ps`.
pub static STACK_PS: CommandDef = CommandDef {
    name: "ps",
    usage: "ps [OPTIONS] STACK",
    short: "List the tasks in the stack",
    canonical: &["stack", "ps"],
    args: Args::Exact(1),
    flags: super::TASK_LIST_FLAGS,
    ..CommandDef::LEAF
};

/// `docker stack rm` (aliases `remove`, `down`).
pub static STACK_RM: CommandDef = CommandDef {
    name: "rm",
    aliases: &["remove", "down"],
    usage: "rm [OPTIONS] STACK [STACK...]",
    short: "Remove one or more stacks",
    canonical: &["stack", "rm"],
    args: Args::Min(1),
    flags: &[boolean("detach", "Do not wait for stack removal").short('d').default("true")],
    ..CommandDef::LEAF
};

/// `docker stack services`.
pub static STACK_SERVICES: CommandDef = CommandDef {
    name: "services",
    usage: "services [OPTIONS] STACK",
    short: "List the services in the stack",
    canonical: &["stack", "services"],
    args: Args::Exact(1),
    flags: &[QUIET_IDS, FORMAT_TABLE, FILTER],
    ..CommandDef::LEAF
};

/// `docker secret`.
pub static SECRET: CommandDef = CommandDef {
    name: "secret",
    usage: "secret",
    short: "Manage Swarm secrets",
    canonical: &["secret"],
    commands: &[&SECRET_CREATE, &SECRET_INSPECT, &SECRET_LS, &SECRET_RM],
    api: "1.25",
    swarm: Swarm::Manager,
    ..GROUP
};

/// `docker secret create`.
pub static SECRET_CREATE: CommandDef = CommandDef {
    name: "create",
    usage: "create [OPTIONS] SECRET [file|-]",
    short: "Create a secret from a file or STDIN as content",
    canonical: &["secret", "create"],
    args: Args::Range(1, 2),
    flags: &[
        list("label", "Secret labels").short('l'),
        string("driver", "Secret driver").short('d').api("1.31"),
        string("template-driver", "Template driver").api("1.37"),
    ],
    ..CommandDef::LEAF
};

/// `docker secret inspect`.
pub static SECRET_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] SECRET [SECRET...]",
    short: "Display detailed information on one or more secrets",
    canonical: &["secret", "inspect"],
    args: Args::Min(1),
    flags: &[FORMAT_TEMPLATE, boolean("pretty", "Print the information in a human friendly format")],
    ..CommandDef::LEAF
};

/// `docker secret ls` (alias `list`).
pub static SECRET_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["list"],
    usage: "ls [OPTIONS]",
    short: "List secrets",
    canonical: &["secret", "ls"],
    args: Args::None,
    flags: &[QUIET_IDS, FORMAT_TABLE, FILTER],
    ..CommandDef::LEAF
};

/// `docker secret rm` (alias `remove`).
pub static SECRET_RM: CommandDef = CommandDef {
    name: "rm",
    aliases: &["remove"],
    usage: "rm SECRET [SECRET...]",
    short: "Remove one or more secrets",
    canonical: &["secret", "rm"],
    args: Args::Min(1),
    ..CommandDef::LEAF
};

/// `docker config`.
pub static CONFIG: CommandDef = CommandDef {
    name: "config",
    usage: "config",
    short: "Manage Swarm configs",
    canonical: &["config"],
    commands: &[&CONFIG_CREATE, &CONFIG_INSPECT, &CONFIG_LS, &CONFIG_RM],
    api: "1.30",
    swarm: Swarm::Manager,
    ..GROUP
};

/// `docker config create`.
pub static CONFIG_CREATE: CommandDef = CommandDef {
    name: "create",
    usage: "create [OPTIONS] CONFIG file|-",
    short: "Create a config from a file or STDIN",
    canonical: &["config", "create"],
    args: Args::Exact(2),
    flags: &[list("label", "Config labels").short('l'), string("template-driver", "Template driver").api("1.37")],
    ..CommandDef::LEAF
};

/// `docker config inspect`.
pub static CONFIG_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] CONFIG [CONFIG...]",
    short: "Display detailed information on one or more configs",
    canonical: &["config", "inspect"],
    args: Args::Min(1),
    flags: &[FORMAT_TEMPLATE, boolean("pretty", "Print the information in a human friendly format")],
    ..CommandDef::LEAF
};

/// `docker config ls` (alias `list`).
pub static CONFIG_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["list"],
    usage: "ls [OPTIONS]",
    short: "List configs",
    canonical: &["config", "ls"],
    args: Args::None,
    flags: &[QUIET_IDS, FORMAT_TABLE, FILTER],
    ..CommandDef::LEAF
};

/// `docker config rm` (alias `remove`).
pub static CONFIG_RM: CommandDef = CommandDef {
    name: "rm",
    aliases: &["remove"],
    usage: "rm CONFIG [CONFIG...]",
    short: "Remove one or more configs",
    canonical: &["config", "rm"],
    args: Args::Min(1),
    flags: &[],
    ..CommandDef::LEAF
};
