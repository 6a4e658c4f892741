//! The catalogue: every docker command wharf knows, declared as data.
//!
//! Each entry transcribes docker/cli 20.10 (`cli/command/<group>/<verb>.go`): cobra's `Use`,
//! `Short`, `Long`, `Args`, aliases, and each `flags.XxxVarP(…)` line with its help text,
//! shorthand and default, in the order docker declares them (`--help` sorts them anyway).
//! Flags annotated for Windows daemons or experimental daemons are `hidden`, as docker hides
//! them against a Linux, non-experimental engine.
//!
//! Top-level shortcuts (`docker run`, `docker ps`, `docker rmi`) are the same definitions as
//! their management forms (`docker container run`); where docker changes `Use` or aliases for
//! the management form (`container ls`, `image ls`, `image rm`) there is a second entry that
//! shares the flag table. `canonical` names the management form in every case.
//!
//! This file holds the root command, its global flags, and the small constructors the other
//! files use to keep one flag per line.

mod compose;
mod container;
mod image;
mod network;
mod system;
mod volume;

pub use compose::*;
pub use container::*;
pub use image::*;
pub use network::*;
pub use system::*;
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

/// `-f, --format string` as `inspect`/`info`/`version` declare it.
pub(crate) const FORMAT_TEMPLATE: FlagDef =
    string("format", "Format the output using the given Go template").short('f');

/// `-f, --force` on the `prune` commands.
pub(crate) const PRUNE_FORCE: FlagDef = boolean("force", "Do not prompt for confirmation").short('f');

/// `--disable-content-trust` as `command.AddTrustVerificationFlags` declares it (content trust
/// off, so the default is `true`).
pub(crate) const DISABLE_CONTENT_TRUST: FlagDef =
    boolean("disable-content-trust", "Skip image verification").default("true");

/// `--platform` as `command.AddPlatformFlag` declares it.
pub(crate) const PLATFORM: FlagDef = string("platform", "Set platform if server is multi-platform capable");

/// The root's flags (`cli/flags/common.go` and `cli/cobra.go`); the user is root, so
/// configuration lives in `/root/.docker`.
pub static GLOBAL_FLAGS: &[FlagDef] = &[
    string("config", "Location of client config files").default("/root/.docker"),
    string(
        "context",
        "Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with \"docker context use\")",
    )
    .short('c'),
    boolean("debug", "Enable debug mode").short('D'),
    list("host", "Daemon socket(s) to connect to").short('H'),
    string("log-level", "Set the logging level (\"debug\"|\"info\"|\"warn\"|\"error\"|\"fatal\")")
        .short('l')
        .default("info"),
    boolean("tls", "Use TLS; implied by --tlsverify"),
    string("tlscacert", "Trust certs signed only by this CA").default("/root/.docker/ca.pem"),
    string("tlscert", "Path to TLS certificate file").default("/root/.docker/cert.pem"),
    string("tlskey", "Path to TLS key file").default("/root/.docker/key.pem"),
    boolean("tlsverify", "Use TLS and verify the remote"),
    boolean("version", "Print version information and quit").short('v'),
];

/// `docker` itself (`cmd/docker/docker.go`).
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
        // Management commands.
        &COMPOSE,
        &CONTAINER,
        &IMAGE,
        &NETWORK,
        &SYSTEM,
        &VOLUME,
        // Top-level shortcuts and commands with no management form.
        &ATTACH,
        &BUILD,
        &COMMIT,
        &CP,
        &CREATE,
        &DIFF,
        &EVENTS,
        &EXEC,
        &EXPORT,
        &HISTORY,
        &IMAGES,
        &IMPORT,
        &INFO,
        &INSPECT,
        &KILL,
        &LOAD,
        &LOGIN,
        &LOGOUT,
        &LOGS,
        &PAUSE,
        &PORT,
        &PS,
        &PULL,
        &PUSH,
        &RENAME,
        &RESTART,
        &RM,
        &RMI,
        &RUN,
        &SAVE,
        &SEARCH,
        &START,
        &STATS,
        &STOP,
        &TAG,
        &TOP,
        &UNPAUSE,
        &UPDATE,
        &VERSION,
        &WAIT,
    ],
    ..CommandDef::LEAF
};

/// A management command (`container`, `image`, …): no arguments of its own; `docker container`
/// alone prints its help.
pub(crate) const GROUP: CommandDef = CommandDef { args: Args::None, ..CommandDef::LEAF };
