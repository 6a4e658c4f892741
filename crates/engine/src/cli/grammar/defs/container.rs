//! `docker container …` and its top-level shortcuts (`cli/command/container/*.go`, 28.2).
//!
//! 28.x gives each command an `aliases` annotation naming every path to it, which `--help`
//! prints; the top-level `docker rm` lost the `remove` alias that `docker container rm`
//! keeps (`newRemoveCommand`), so `docker remove` is an unknown command.

use super::{
    boolean, duration, int, list, list_of, map, scalar, string, uint16, DISABLE_CONTENT_TRUST,
    FORMAT_TABLE, FORMAT_TEMPLATE, GROUP, PLATFORM, PRUNE_FORCE,
};
use crate::cli::grammar::{Args, CommandDef, FlagDef, Kind};

/// `docker container`.
pub static CONTAINER: CommandDef = CommandDef {
    name: "container",
    usage: "container",
    short: "Manage containers",
    canonical: &["container"],
    commands: &[
        &ATTACH,
        &COMMIT,
        &CP,
        &CREATE,
        &DIFF,
        &EXEC,
        &EXPORT,
        &KILL,
        &LOGS,
        &PAUSE,
        &PORT,
        &RENAME,
        &RESTART,
        &CONTAINER_RM,
        &RUN,
        &START,
        &STATS,
        &STOP,
        &TOP,
        &UNPAUSE,
        &UPDATE,
        &WAIT,
        &CONTAINER_LS,
        &CONTAINER_INSPECT,
        &CONTAINER_PRUNE,
    ],
    ..GROUP
};

/// `docker attach` = `docker container attach`.
pub static ATTACH: CommandDef = CommandDef {
    name: "attach",
    usage: "attach [OPTIONS] CONTAINER",
    short: "Attach local standard input, output, and error streams to a running container",
    canonical: &["container", "attach"],
    alias_note: "docker container attach, docker attach",
    args: Args::Exact(1),
    flags: &[
        boolean("no-stdin", "Do not attach STDIN"),
        boolean("sig-proxy", "Proxy all received signals to the process").default("true"),
        string("detach-keys", "Override the key sequence for detaching a container"),
    ],
    ..CommandDef::LEAF
};

/// `docker commit` = `docker container commit`.
pub static COMMIT: CommandDef = CommandDef {
    name: "commit",
    usage: "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
    short: "Create a new image from a container's changes",
    canonical: &["container", "commit"],
    alias_note: "docker container commit, docker commit",
    args: Args::Range(1, 2),
    interspersed: false,
    flags: &[
        boolean("pause", "Pause container during commit").short('p').default("true"),
        string("message", "Commit message").short('m'),
        string("author", "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")").short('a'),
        list("change", "Apply Dockerfile instruction to the created image").short('c'),
    ],
    ..CommandDef::LEAF
};

/// `docker cp` = `docker container cp`. The second usage line is part of docker's `Use`.
pub static CP: CommandDef = CommandDef {
    name: "cp",
    usage: "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
    short: "Copy files/folders between a container and the local filesystem",
    long: "Copy files/folders between a container and the local filesystem\n\nUse '-' as the source to read a tar archive from stdin\nand extract it to a directory destination in a container.\nUse '-' as the destination to stream a tar archive of a\ncontainer source to stdout.",
    canonical: &["container", "cp"],
    alias_note: "docker container cp, docker cp",
    args: Args::Exact(2),
    flags: &[
        boolean("follow-link", "Always follow symbol link in SRC_PATH").short('L'),
        boolean("archive", "Archive mode (copy all uid/gid information)").short('a'),
        boolean(
            "quiet",
            "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached",
        )
        .short('q'),
    ],
    ..CommandDef::LEAF
};

/// The container options `run` and `create` share (`addFlags` in `opts.go`, 28.x).
macro_rules! container_flags {
    ($($extra:expr),* $(,)?) => {
        &[
            $($extra,)*
            // General purpose flags.
            list("attach", "Attach to STDIN, STDOUT or STDERR").short('a'),
            list("device-cgroup-rule", "Add a rule to the cgroup allowed devices list"),
            list("device", "Add a host device to the container"),
            list_of("gpu-request", "gpus", "GPU devices to add to the container ('all' to pass all GPUs)").api("1.40"),
            list("env", "Set environment variables").short('e'),
            list("env-file", "Read in a file of environment variables"),
            string("entrypoint", "Overwrite the default ENTRYPOINT of the image"),
            list("group-add", "Add additional groups to join"),
            string("hostname", "Container host name").short('h'),
            string("domainname", "Container NIS domain name"),
            boolean("interactive", "Keep STDIN open even if not attached").short('i'),
            list("label", "Set meta data on a container").short('l'),
            list("label-file", "Read in a line delimited file of labels"),
            boolean("read-only", "Mount the container's root filesystem as read only"),
            string("restart", "Restart policy to apply when a container exits").default("no"),
            string("stop-signal", "Signal to stop the container"),
            int("stop-timeout", "Timeout (in seconds) to stop a container").api("1.25"),
            map("sysctl", "Sysctl options"),
            boolean("tty", "Allocate a pseudo-TTY").short('t'),
            list_of("ulimit", "ulimit", "Ulimit options").default("[]"),
            string("user", "Username or UID (format: <name|uid>[:<group|gid>])").short('u'),
            string("workdir", "Working directory inside the container").short('w'),
            boolean("rm", "Automatically remove the container and its associated anonymous volumes when it exits"),
            // Security.
            list("cap-add", "Add Linux capabilities"),
            list("cap-drop", "Drop Linux capabilities"),
            boolean("privileged", "Give extended privileges to this container"),
            list("security-opt", "Security Options"),
            string("userns", "User namespace to use"),
            string(
                "cgroupns",
                "Cgroup namespace to use (host|private)\n'host':    Run the container in the Docker host's cgroup namespace\n'private': Run the container in its own private cgroup namespace\n'':        Use the cgroup namespace as configured by the\n           default-cgroupns-mode option on the daemon (default)",
            )
            .api("1.41"),
            // Network and port publishing.
            list("add-host", "Add a custom host-to-IP mapping (host:ip)"),
            list("dns", "Set custom DNS servers"),
            list("dns-opt", "Set DNS options").alias_of("dns-option").hidden(),
            list("dns-option", "Set DNS options"),
            list("dns-search", "Set custom DNS search domains"),
            list("expose", "Expose a port or a range of ports"),
            string("ip", "IPv4 address (e.g., 172.30.100.104)"),
            string("ip6", "IPv6 address (e.g., 2001:db8::33)"),
            list("link", "Add link to another container"),
            list("link-local-ip", "Container IPv4/IPv6 link-local addresses"),
            string("mac-address", "Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
            list("publish", "Publish a container's port(s) to the host").short('p'),
            boolean("publish-all", "Publish all exposed ports to random ports").short('P'),
            list_of("network", "net", "Connect a container to a network").alias_of("network").hidden(),
            list_of("network", "network", "Connect a container to a network"),
            list("net-alias", "Add network-scoped alias for the container").alias_of("network-alias").hidden(),
            list("network-alias", "Add network-scoped alias for the container"),
            // Logging and storage.
            string("log-driver", "Logging driver for the container"),
            string("volume-driver", "Optional volume driver for the container"),
            list("log-opt", "Log driver options"),
            list("storage-opt", "Storage driver options for the container"),
            list("tmpfs", "Mount a tmpfs directory"),
            list("volumes-from", "Mount volumes from the specified container(s)"),
            list("volume", "Bind mount a volume").short('v'),
            list_of("mount", "mount", "Attach a filesystem mount to the container"),
            // Health checking.
            string("health-cmd", "Command to run to check health"),
            duration("health-interval", "Time between running the check (ms|s|m|h) (default 0s)"),
            int("health-retries", "Consecutive failures needed to report unhealthy"),
            duration("health-timeout", "Maximum time to allow one check to run (ms|s|m|h) (default 0s)"),
            duration(
                "health-start-period",
                "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)",
            )
            .api("1.29"),
            duration(
                "health-start-interval",
                "Time between running the check during the start period (ms|s|m|h) (default 0s)",
            )
            .api("1.44"),
            boolean("no-healthcheck", "Disable any container-specified HEALTHCHECK"),
            // Resource management.
            uint16("blkio-weight", "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)"),
            list("blkio-weight-device", "Block IO weight (relative device weight)").default("[]"),
            string("cidfile", "Write the container ID to the file"),
            string("cpuset-cpus", "CPUs in which to allow execution (0-3, 0,1)"),
            string("cpuset-mems", "MEMs in which to allow execution (0-3, 0,1)"),
            int("cpu-count", "CPU count (Windows only)").windows(),
            int("cpu-percent", "CPU percent (Windows only)").windows(),
            int("cpu-period", "Limit CPU CFS (Completely Fair Scheduler) period"),
            int("cpu-quota", "Limit CPU CFS (Completely Fair Scheduler) quota"),
            int("cpu-rt-period", "Limit CPU real-time period in microseconds").api("1.25"),
            int("cpu-rt-runtime", "Limit CPU real-time runtime in microseconds").api("1.25"),
            int("cpu-shares", "CPU shares (relative weight)").short('c'),
            scalar("decimal", "cpus", "Number of CPUs").api("1.25"),
            list("device-read-bps", "Limit read rate (bytes per second) from a device").default("[]"),
            list("device-read-iops", "Limit read rate (IO per second) from a device").default("[]"),
            list("device-write-bps", "Limit write rate (bytes per second) to a device").default("[]"),
            list("device-write-iops", "Limit write rate (IO per second) to a device").default("[]"),
            scalar("bytes", "io-maxbandwidth", "Maximum IO bandwidth limit for the system drive (Windows only)").windows(),
            FlagDef::new("io-maxiops", Kind::Uint(64), "uint", "Maximum IOps limit for the system drive (Windows only)").windows(),
            scalar("bytes", "kernel-memory", "Kernel memory limit"),
            scalar("bytes", "memory", "Memory limit").short('m'),
            scalar("bytes", "memory-reservation", "Memory soft limit"),
            scalar("bytes", "memory-swap", "Swap limit equal to memory plus swap: '-1' to enable unlimited swap"),
            int("memory-swappiness", "Tune container memory swappiness (0 to 100)").default("-1"),
            boolean("oom-kill-disable", "Disable OOM Killer"),
            int("oom-score-adj", "Tune host's OOM preferences (-1000 to 1000)"),
            int("pids-limit", "Tune container pids limit (set -1 for unlimited)"),
            // Low-level execution.
            string("cgroup-parent", "Optional parent cgroup for the container"),
            string("ipc", "IPC mode to use"),
            string("isolation", "Container isolation technology"),
            string("pid", "PID namespace to use"),
            scalar("bytes", "shm-size", "Size of /dev/shm"),
            string("uts", "UTS namespace to use"),
            string("runtime", "Runtime to use for this container"),
            boolean("init", "Run an init inside the container that forwards signals and reaps processes").api("1.25"),
            map("annotation", "Add an annotation to the container (passed through to the OCI runtime)").api("1.43"),
        ]
    };
}

/// `docker run` = `docker container run`.
pub static RUN: CommandDef = CommandDef {
    name: "run",
    usage: "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    short: "Create and run a new container from an image",
    canonical: &["container", "run"],
    alias_note: "docker container run, docker run",
    top: 1,
    args: Args::Min(1),
    interspersed: false,
    flags: container_flags![
        boolean("detach", "Run container in background and print container ID").short('d'),
        boolean("sig-proxy", "Proxy received signals to the process").default("true"),
        string("name", "Assign a name to the container"),
        string("detach-keys", "Override the key sequence for detaching a container"),
        string("pull", "Pull image before running (\"always\", \"missing\", \"never\")").default("missing"),
        boolean("quiet", "Suppress the pull output").short('q'),
        boolean("use-api-socket", "Bind mount Docker API socket and required auth"),
        // docker declares its own --help here, without -h, which is --hostname.
        boolean("help", "Print usage"),
        PLATFORM,
        DISABLE_CONTENT_TRUST,
    ],
    ..CommandDef::LEAF
};

/// `docker create` = `docker container create`. docker 28's `--pull` help really reads
/// `"|missing"`.
pub static CREATE: CommandDef = CommandDef {
    name: "create",
    usage: "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
    short: "Create a new container",
    canonical: &["container", "create"],
    alias_note: "docker container create, docker create",
    args: Args::Min(1),
    interspersed: false,
    flags: container_flags![
        string("name", "Assign a name to the container"),
        string("pull", "Pull image before creating (\"always\", \"|missing\", \"never\")").default("missing"),
        boolean("quiet", "Suppress the pull output").short('q'),
        boolean("use-api-socket", "Bind mount Docker API socket and required auth"),
        boolean("help", "Print usage"),
        PLATFORM,
        DISABLE_CONTENT_TRUST,
    ],
    ..CommandDef::LEAF
};

/// `docker diff` = `docker container diff`.
pub static DIFF: CommandDef = CommandDef {
    name: "diff",
    usage: "diff CONTAINER",
    short: "Inspect changes to files or directories on a container's filesystem",
    canonical: &["container", "diff"],
    alias_note: "docker container diff, docker diff",
    args: Args::Exact(1),
    ..CommandDef::LEAF
};

/// `docker exec` = `docker container exec`.
pub static EXEC: CommandDef = CommandDef {
    name: "exec",
    usage: "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
    short: "Execute a command in a running container",
    canonical: &["container", "exec"],
    alias_note: "docker container exec, docker exec",
    top: 2,
    args: Args::Min(2),
    interspersed: false,
    flags: &[
        string("detach-keys", "Override the key sequence for detaching a container"),
        boolean("interactive", "Keep STDIN open even if not attached").short('i'),
        boolean("tty", "Allocate a pseudo-TTY").short('t'),
        boolean("detach", "Detached mode: run command in the background").short('d'),
        string("user", "Username or UID (format: \"<name|uid>[:<group|gid>]\")").short('u'),
        boolean("privileged", "Give extended privileges to the command"),
        list("env", "Set environment variables").short('e').api("1.25"),
        list("env-file", "Read in a file of environment variables").api("1.25"),
        string("workdir", "Working directory inside the container").short('w').api("1.35"),
    ],
    ..CommandDef::LEAF
};

/// `docker export` = `docker container export`.
pub static EXPORT: CommandDef = CommandDef {
    name: "export",
    usage: "export [OPTIONS] CONTAINER",
    short: "Export a container's filesystem as a tar archive",
    canonical: &["container", "export"],
    alias_note: "docker container export, docker export",
    args: Args::Exact(1),
    flags: &[string("output", "Write to a file, instead of STDOUT").short('o')],
    ..CommandDef::LEAF
};

/// `docker container inspect` (the top-level `docker inspect` is the generic one).
pub static CONTAINER_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] CONTAINER [CONTAINER...]",
    short: "Display detailed information on one or more containers",
    canonical: &["container", "inspect"],
    args: Args::Min(1),
    flags: &[FORMAT_TEMPLATE, boolean("size", "Display total file sizes").short('s')],
    ..CommandDef::LEAF
};

/// `docker kill` = `docker container kill`. The signal defaults to the daemon's (`KILL`).
pub static KILL: CommandDef = CommandDef {
    name: "kill",
    usage: "kill [OPTIONS] CONTAINER [CONTAINER...]",
    short: "Kill one or more running containers",
    canonical: &["container", "kill"],
    alias_note: "docker container kill, docker kill",
    args: Args::Min(1),
    flags: &[string("signal", "Signal to send to the container").short('s')],
    ..CommandDef::LEAF
};

/// The flags of `docker ps` and `docker container ls`.
static PS_FLAGS: &[FlagDef] = &[
    boolean("quiet", "Only display container IDs").short('q'),
    boolean("size", "Display total file sizes").short('s'),
    boolean("all", "Show all containers (default shows just running)").short('a'),
    boolean("no-trunc", "Don't truncate output"),
    boolean("latest", "Show the latest created container (includes all states)").short('l'),
    int("last", "Show n last created containers (includes all states)").short('n').default("-1"),
    FORMAT_TABLE,
    list_of("filter", "filter", "Filter output based on conditions provided").short('f'),
];

/// `docker ps`.
pub static PS: CommandDef = CommandDef {
    name: "ps",
    usage: "ps [OPTIONS]",
    short: "List containers",
    canonical: &["container", "ls"],
    alias_note: "docker container ls, docker container list, docker container ps, docker ps",
    top: 3,
    args: Args::None,
    flags: PS_FLAGS,
    ..CommandDef::LEAF
};

/// `docker container ls` (aliases `ps`, `list`).
pub static CONTAINER_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["ps", "list"],
    usage: "ls [OPTIONS]",
    top: 0,
    ..PS
};

/// `docker logs` = `docker container logs`.
pub static LOGS: CommandDef = CommandDef {
    name: "logs",
    usage: "logs [OPTIONS] CONTAINER",
    short: "Fetch the logs of a container",
    canonical: &["container", "logs"],
    alias_note: "docker container logs, docker logs",
    args: Args::Exact(1),
    flags: &[
        boolean("follow", "Follow log output").short('f'),
        string(
            "since",
            "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)",
        ),
        string(
            "until",
            "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)",
        )
        .api("1.35"),
        boolean("timestamps", "Show timestamps").short('t'),
        boolean("details", "Show extra details provided to logs"),
        string("tail", "Number of lines to show from the end of the logs").short('n').default("all"),
    ],
    ..CommandDef::LEAF
};

/// `docker pause` = `docker container pause`.
pub static PAUSE: CommandDef = CommandDef {
    name: "pause",
    usage: "pause CONTAINER [CONTAINER...]",
    short: "Pause all processes within one or more containers",
    canonical: &["container", "pause"],
    alias_note: "docker container pause, docker pause",
    args: Args::Min(1),
    ..CommandDef::LEAF
};

/// `docker port` = `docker container port`.
pub static PORT: CommandDef = CommandDef {
    name: "port",
    usage: "port CONTAINER [PRIVATE_PORT[/PROTO]]",
    short: "List port mappings or a specific mapping for the container",
    canonical: &["container", "port"],
    alias_note: "docker container port, docker port",
    args: Args::Range(1, 2),
    ..CommandDef::LEAF
};

/// `docker container prune`.
pub static CONTAINER_PRUNE: CommandDef = CommandDef {
    name: "prune",
    usage: "prune [OPTIONS]",
    short: "Remove all stopped containers",
    canonical: &["container", "prune"],
    args: Args::None,
    api: "1.25",
    flags: &[
        PRUNE_FORCE,
        list_of("filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")"),
    ],
    ..CommandDef::LEAF
};

/// `docker rename` = `docker container rename`.
pub static RENAME: CommandDef = CommandDef {
    name: "rename",
    usage: "rename CONTAINER NEW_NAME",
    short: "Rename a container",
    canonical: &["container", "rename"],
    alias_note: "docker container rename, docker rename",
    args: Args::Exact(2),
    ..CommandDef::LEAF
};

/// `-s, --signal` and `-t, --time` of `stop` and `restart` (28.x: no default; the daemon
/// decides).
macro_rules! stop_flags {
    () => {
        &[
            string("signal", "Signal to send to the container").short('s'),
            int("time", "Seconds to wait before killing the container").short('t'),
        ]
    };
}

/// `docker restart` = `docker container restart`.
pub static RESTART: CommandDef = CommandDef {
    name: "restart",
    usage: "restart [OPTIONS] CONTAINER [CONTAINER...]",
    short: "Restart one or more containers",
    canonical: &["container", "restart"],
    alias_note: "docker container restart, docker restart",
    args: Args::Min(1),
    flags: stop_flags!(),
    ..CommandDef::LEAF
};

/// `docker rm`.
pub static RM: CommandDef = CommandDef {
    name: "rm",
    usage: "rm [OPTIONS] CONTAINER [CONTAINER...]",
    short: "Remove one or more containers",
    canonical: &["container", "rm"],
    alias_note: "docker container rm, docker container remove, docker rm",
    args: Args::Min(1),
    flags: &[
        boolean("volumes", "Remove anonymous volumes associated with the container").short('v'),
        boolean("link", "Remove the specified link").short('l'),
        boolean("force", "Force the removal of a running container (uses SIGKILL)").short('f'),
    ],
    ..CommandDef::LEAF
};

/// `docker container rm` (alias `remove`, which the top-level `docker rm` does not have).
pub static CONTAINER_RM: CommandDef = CommandDef { aliases: &["remove"], ..RM };

/// `docker start` = `docker container start`.
pub static START: CommandDef = CommandDef {
    name: "start",
    usage: "start [OPTIONS] CONTAINER [CONTAINER...]",
    short: "Start one or more stopped containers",
    canonical: &["container", "start"],
    alias_note: "docker container start, docker start",
    args: Args::Min(1),
    flags: &[
        boolean("attach", "Attach STDOUT/STDERR and forward signals").short('a'),
        boolean("interactive", "Attach container's STDIN").short('i'),
        string("detach-keys", "Override the key sequence for detaching a container"),
        string("checkpoint", "Restore from this checkpoint").api("1.25").experimental(),
        string("checkpoint-dir", "Use a custom checkpoint storage directory").api("1.25").experimental(),
    ],
    ..CommandDef::LEAF
};

/// `docker stats` = `docker container stats`.
pub static STATS: CommandDef = CommandDef {
    name: "stats",
    usage: "stats [OPTIONS] [CONTAINER...]",
    short: "Display a live stream of container(s) resource usage statistics",
    canonical: &["container", "stats"],
    alias_note: "docker container stats, docker stats",
    flags: &[
        boolean("all", "Show all containers (default shows just running)").short('a'),
        boolean("no-stream", "Disable streaming stats and only pull the first result"),
        boolean("no-trunc", "Do not truncate output"),
        FORMAT_TABLE,
    ],
    ..CommandDef::LEAF
};

/// `docker stop` = `docker container stop`.
pub static STOP: CommandDef = CommandDef {
    name: "stop",
    usage: "stop [OPTIONS] CONTAINER [CONTAINER...]",
    short: "Stop one or more running containers",
    canonical: &["container", "stop"],
    alias_note: "docker container stop, docker stop",
    args: Args::Min(1),
    flags: stop_flags!(),
    ..CommandDef::LEAF
};

/// `docker top` = `docker container top`; everything after the container is `ps` options.
pub static TOP: CommandDef = CommandDef {
    name: "top",
    usage: "top CONTAINER [ps OPTIONS]",
    short: "Display the running processes of a container",
    canonical: &["container", "top"],
    alias_note: "docker container top, docker top",
    args: Args::Min(1),
    interspersed: false,
    ..CommandDef::LEAF
};

/// `docker unpause` = `docker container unpause`.
pub static UNPAUSE: CommandDef = CommandDef {
    name: "unpause",
    usage: "unpause CONTAINER [CONTAINER...]",
    short: "Unpause all processes within one or more containers",
    canonical: &["container", "unpause"],
    alias_note: "docker container unpause, docker unpause",
    args: Args::Min(1),
    ..CommandDef::LEAF
};

/// `docker update` = `docker container update`.
pub static UPDATE: CommandDef = CommandDef {
    name: "update",
    usage: "update [OPTIONS] CONTAINER [CONTAINER...]",
    short: "Update configuration of one or more containers",
    canonical: &["container", "update"],
    alias_note: "docker container update, docker update",
    args: Args::Min(1),
    flags: &[
        uint16("blkio-weight", "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)"),
        int("cpu-period", "Limit CPU CFS (Completely Fair Scheduler) period"),
        int("cpu-quota", "Limit CPU CFS (Completely Fair Scheduler) quota"),
        int("cpu-rt-period", "Limit the CPU real-time period in microseconds").api("1.25"),
        int("cpu-rt-runtime", "Limit the CPU real-time runtime in microseconds").api("1.25"),
        string("cpuset-cpus", "CPUs in which to allow execution (0-3, 0,1)"),
        string("cpuset-mems", "MEMs in which to allow execution (0-3, 0,1)"),
        int("cpu-shares", "CPU shares (relative weight)").short('c'),
        scalar("bytes", "memory", "Memory limit").short('m'),
        scalar("bytes", "memory-reservation", "Memory soft limit"),
        scalar("bytes", "memory-swap", "Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
        scalar("bytes", "kernel-memory", "Kernel memory limit"),
        string("restart", "Restart policy to apply when a container exits"),
        int("pids-limit", "Tune container pids limit (set -1 for unlimited)").api("1.40"),
        scalar("decimal", "cpus", "Number of CPUs").api("1.29"),
    ],
    ..CommandDef::LEAF
};

/// `docker wait` = `docker container wait`.
pub static WAIT: CommandDef = CommandDef {
    name: "wait",
    usage: "wait CONTAINER [CONTAINER...]",
    short: "Block until one or more containers stop, and print their exit codes",
    canonical: &["container", "wait"],
    alias_note: "docker container wait, docker wait",
    args: Args::Min(1),
    ..CommandDef::LEAF
};

/// `docker checkpoint` (`cli/command/checkpoint`): only with an experimental daemon, which
/// wharf's 20.10 daemon is not, so it is hidden and refused.
pub static CHECKPOINT: CommandDef = CommandDef {
    name: "checkpoint",
    usage: "checkpoint",
    short: "Manage checkpoints",
    canonical: &["checkpoint"],
    commands: &[&CHECKPOINT_CREATE, &CHECKPOINT_LS, &CHECKPOINT_RM],
    api: "1.25",
    experimental: true,
    ..GROUP
};

/// `docker checkpoint create`.
pub static CHECKPOINT_CREATE: CommandDef = CommandDef {
    name: "create",
    usage: "create [OPTIONS] CONTAINER CHECKPOINT",
    short: "Create a checkpoint from a running container",
    canonical: &["checkpoint", "create"],
    args: Args::Exact(2),
    flags: &[
        boolean("leave-running", "Leave the container running after checkpoint"),
        string("checkpoint-dir", "Use a custom checkpoint storage directory"),
    ],
    ..CommandDef::LEAF
};

/// `docker checkpoint ls` (alias `list`).
pub static CHECKPOINT_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["list"],
    usage: "ls [OPTIONS] CONTAINER",
    short: "List checkpoints for a container",
    canonical: &["checkpoint", "ls"],
    args: Args::Exact(1),
    flags: &[string("checkpoint-dir", "Use a custom checkpoint storage directory")],
    ..CommandDef::LEAF
};

/// `docker checkpoint rm` (alias `remove`).
pub static CHECKPOINT_RM: CommandDef = CommandDef {
    name: "rm",
    aliases: &["remove"],
    usage: "rm [OPTIONS] CONTAINER CHECKPOINT",
    short: "Remove a checkpoint",
    canonical: &["checkpoint", "rm"],
    args: Args::Exact(2),
    flags: &[string("checkpoint-dir", "Use a custom checkpoint storage directory")],
    ..CommandDef::LEAF
};
