//! The catalogue: every docker command wharf knows, declared as data.
//!
//! Each entry transcribes docker/cli 28.2 (`cli/command/<group>/<verb>.go`): cobra's `Use`,
//! `Short`, `Long`, `Args`, aliases and annotations (`aliases`, `category-top`, `version`,
//! `swarm`), and each `flags.XxxVarP(…)` line with its help text, shorthand, default and
//! annotations, in the order docker declares them (`--help` sorts them anyway). Flags and
//! commands annotated for a newer API than the 20.10 daemon's, for Windows daemons or for
//! experimental daemons are declared so, and `--help` leaves them out as docker does.
//!
//! Top-level shortcuts (`docker run`, `docker ps`, `docker rmi`) are the same definitions as
//! their management forms (`docker container run`); where docker changes `Use` or aliases for
//! the management form (`container ls`, `container rm`, `image ls`, `image rm`) there is a
//! second entry that shares the flag table. `canonical` names the management form in every
//! case.
//!
//! Confidence: the container, image, network, volume, system and registry commands were
//! checked against docker/cli sources of the 28.x line; the swarm-era groups (`service`,
//! `stack`, `node`, `secret`, `config`, `swarm`), `plugin`, `trust`, `context`, `manifest`
//! and `builder` are transcribed with every command and flag, but their long help texts are
//! not golden-tested.
//!
//! This file holds the root command, its global flags, and the small constructors the other
//! files use to keep one flag per line.

mod builder;
mod compose;
mod container;
mod context;
mod image;
mod manifest;
mod network;
mod plugin;
mod service;
mod swarm;
mod system;
mod trust;
mod volume;

pub use builder::*;
pub use compose::*;
pub use container::*;
pub use context::*;
pub use image::*;
pub use manifest::*;
pub use network::*;
pub use plugin::*;
pub use service::*;
pub use swarm::*;
pub use system::*;
pub use trust::*;
pub use volume::*;

use super::{Args, CommandDef, FlagDef, Kind};

/// A switch (`--rm`).
pub(crate) const fn boolean(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Bool, "", help)
}

/// A `string` flag.
pub(crate) const fn string(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::String, "string", help)
}

/// An `int` flag (pflag's `int` and `int64` both print as `int`).
pub(crate) const fn int(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Int, "int", help)
}

/// A `uint16` flag.
pub(crate) const fn uint16(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Uint(16), "uint16", help)
}

/// A `uint` flag (pflag's `uint64`).
pub(crate) const fn uint(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Uint(64), "uint", help)
}

/// A `uint32` flag.
pub(crate) const fn uint32(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Uint(32), "uint32", help)
}

/// A `duration` flag.
pub(crate) const fn duration(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Duration, "duration", help)
}

/// A repeatable `list` flag (docker's `opts.ListOpts`).
pub(crate) const fn list(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::List, "list", help)
}

/// A repeatable flag of another list type (`filter`, `stringArray`, `mount`, `network`, …).
pub(crate) const fn list_of(type_name: &'static str, long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::List, type_name, help)
}

/// A repeatable comma-separated `strings` flag (pflag's `stringSlice`).
pub(crate) const fn strings(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Slice, "strings", help)
}

/// A repeatable `key=value` `map` flag; docker shows `(default map[])`.
pub(crate) const fn map(long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Map, "map", help).default("map[]")
}

/// A scalar of one of the CLI's own types (`bytes`, `decimal`), validated in phase 2.
pub(crate) const fn scalar(type_name: &'static str, long: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::String, type_name, help)
}

/// docker's `flagsHelper.FormatHelp`, the `--format` help of the listing commands.
pub(crate) const FORMAT_HELP: &str = "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

/// docker's `flagsHelper.InspectFormatHelp`, the `--format` help of `inspect`, `info`,
/// `version` and `events`.
pub(crate) const INSPECT_FORMAT_HELP: &str = "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

/// `--format string` of the listing commands (no shorthand).
pub(crate) const FORMAT_TABLE: FlagDef = string("format", FORMAT_HELP);

/// `-f, --format string` as `inspect`/`info`/`version` declare it.
pub(crate) const FORMAT_TEMPLATE: FlagDef = string("format", INSPECT_FORMAT_HELP).short('f');

/// `-f, --force` on the `prune` commands.
pub(crate) const PRUNE_FORCE: FlagDef = boolean("force", "Do not prompt for confirmation").short('f');

/// `--disable-content-trust` as `command.AddTrustVerificationFlags` declares it (content trust
/// off, so the default is `true`).
pub(crate) const DISABLE_CONTENT_TRUST: FlagDef =
    boolean("disable-content-trust", "Skip image verification").default("true");

/// `--platform` as `command.AddPlatformFlag` declares it (API 1.32).
pub(crate) const PLATFORM: FlagDef = string("platform", "Set platform if server is multi-platform capable").api("1.32");

/// `-q, --quiet` of the swarm listings.
pub(crate) const QUIET_IDS: FlagDef = boolean("quiet", "Only display IDs").short('q');

/// `-f, --filter filter` as most listings declare it.
pub(crate) const FILTER: FlagDef =
    list_of("filter", "filter", "Filter output based on conditions provided").short('f');

/// The root's flags (`cli/flags/options.go` and `cli/cobra.go`); the user is root, so
/// configuration lives in `/root/.docker`.
pub static GLOBAL_FLAGS: &[FlagDef] = &[
    string("config", "Location of client config files").default("/root/.docker"),
    string(
        "context",
        "Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with \"docker context use\")",
    )
    .short('c'),
    boolean("debug", "Enable debug mode").short('D'),
    list("host", "Daemon socket to connect to").short('H'),
    string("log-level", "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")")
        .short('l')
        .default("info"),
    boolean("tls", "Use TLS; implied by --tlsverify"),
    string("tlscacert", "Trust certs signed only by this CA").default("/root/.docker/ca.pem"),
    string("tlscert", "Path to TLS certificate file").default("/root/.docker/cert.pem"),
    string("tlskey", "Path to TLS key file").default("/root/.docker/key.pem"),
    boolean("tlsverify", "Use TLS and verify the remote"),
    boolean("version", "Print version information and quit").short('v'),
];

/// `docker` itself (`cmd/docker/docker.go`, `cli/command/commands/commands.go`).
pub static DOCKER: CommandDef = CommandDef {
    name: "docker",
    usage: "docker [OPTIONS] COMMAND [ARG...]",
    short: "A self-sufficient runtime for containers",
    args: Args::Any,
    // docker reads the global flags up to the first word itself (interspersing off); this
    // describes cobra's own parse of the root, which is interspersed.
    interspersed: true,
    flags: GLOBAL_FLAGS,
    commands: &[
        // Commonly used shorthands (the "Common Commands").
        &RUN,
        &EXEC,
        &PS,
        &BUILD,
        &PULL,
        &PUSH,
        &IMAGES,
        &LOGIN,
        &LOGOUT,
        &SEARCH,
        &VERSION,
        &INFO,
        // Management commands.
        &BUILDER,
        &CHECKPOINT,
        &COMPOSE,
        &CONTAINER,
        &CONTEXT,
        &IMAGE,
        &MANIFEST,
        &NETWORK,
        &PLUGIN,
        &SYSTEM,
        &TRUST,
        &VOLUME,
        // Orchestration (swarm) commands.
        &CONFIG,
        &NODE,
        &SECRET,
        &SERVICE,
        &STACK,
        &SWARM,
        // Top-level shortcuts of the management commands ("legacy commands").
        &ATTACH,
        &COMMIT,
        &CP,
        &CREATE,
        &DIFF,
        &EXPORT,
        &KILL,
        &LOGS,
        &PAUSE,
        &PORT,
        &RENAME,
        &RESTART,
        &RM,
        &START,
        &STATS,
        &STOP,
        &TOP,
        &UNPAUSE,
        &UPDATE,
        &WAIT,
        &HISTORY,
        &IMPORT,
        &LOAD,
        &RMI,
        &SAVE,
        &TAG,
        &EVENTS,
        &INSPECT,
    ],
    ..CommandDef::LEAF
};

/// A management command (`container`, `image`, …): no arguments of its own; `docker container`
/// alone prints its help.
pub(crate) const GROUP: CommandDef = CommandDef { args: Args::None, ..CommandDef::LEAF };
