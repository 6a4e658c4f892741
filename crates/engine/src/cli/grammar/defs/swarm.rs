//! `docker swarm …` and `docker node …` (`cli/command/swarm`, `cli/command/node`, 28.2).
//!
//! Swarm commands carry docker's `swarm` annotation: on a node in no swarm (wharf's engine
//! today) `docker --help` lists only `swarm` under "Swarm Commands", and `docker swarm --help`
//! only `init` and `join`; the others still parse, and the daemon refuses them.

use super::{boolean, duration, int, list, list_of, string, uint, uint32, FILTER, FORMAT_TABLE, FORMAT_TEMPLATE, GROUP, QUIET_IDS};
use crate::cli::grammar::{Args, CommandDef, FlagDef, Kind, Swarm};

/// `docker swarm`.
pub static SWARM: CommandDef = CommandDef {
    name: "swarm",
    usage: "swarm",
    short: "Manage Swarm",
    canonical: &["swarm"],
    commands: &[
        &SWARM_CA,
        &SWARM_INIT,
        &SWARM_JOIN,
        &SWARM_JOIN_TOKEN,
        &SWARM_LEAVE,
        &SWARM_UNLOCK,
        &SWARM_UNLOCK_KEY,
        &SWARM_UPDATE,
    ],
    api: "1.24",
    swarm: Swarm::Any,
    ..GROUP
};

/// `--listen-addr node-addr` (default `0.0.0.0:2377`).
const LISTEN_ADDR: FlagDef =
    FlagDef::new("listen-addr", Kind::String, "node-addr", "Listen address (format: \"<ip|interface>[:port]\")").default("0.0.0.0:2377");
/// `--advertise-addr`.
const ADVERTISE_ADDR: FlagDef = string("advertise-addr", "Advertised address (format: \"<ip|interface>[:port]\")");
/// `--data-path-addr`.
const DATA_PATH_ADDR: FlagDef =
    string("data-path-addr", "Address or interface to use for data path traffic (format: \"<ip|interface>\")").api("1.31");
/// `--availability` of `init` and `join`.
const AVAILABILITY: FlagDef = string("availability", "Availability of the node (\"active\", \"pause\", \"drain\")").default("active");
/// `--cert-expiry`.
const CERT_EXPIRY: FlagDef = duration("cert-expiry", "Validity period for node certificates (ns|us|ms|s|m|h)").default("2160h0m0s");
/// `--external-ca`.
const EXTERNAL_CA: FlagDef = list_of("external-ca", "external-ca", "Specifications of one or more certificate signing endpoints");
/// `--task-history-limit`.
const TASK_HISTORY_LIMIT: FlagDef = int("task-history-limit", "Task history retention limit").default("5");
/// `--dispatcher-heartbeat`.
const DISPATCHER_HEARTBEAT: FlagDef = duration("dispatcher-heartbeat", "Dispatcher heartbeat period (ns|us|ms|s|m|h)").default("5s");
/// `--max-snapshots`.
const MAX_SNAPSHOTS: FlagDef = uint("max-snapshots", "Number of additional Raft snapshots to retain").api("1.25");
/// `--snapshot-interval`.
const SNAPSHOT_INTERVAL: FlagDef = uint("snapshot-interval", "Number of log entries between Raft snapshots").default("10000").api("1.25");

/// `docker swarm ca`.
pub static SWARM_CA: CommandDef = CommandDef {
    name: "ca",
    usage: "ca [OPTIONS]",
    short: "Display and rotate the root CA",
    canonical: &["swarm", "ca"],
    args: Args::None,
    api: "1.30",
    swarm: Swarm::Manager,
    flags: &[
        FlagDef::new("ca-cert", Kind::String, "pem-file", "Path to the PEM-formatted root CA certificate to use for the new cluster"),
        FlagDef::new("ca-key", Kind::String, "pem-file", "Path to the PEM-formatted root CA key to use for the new cluster"),
        boolean("detach", "Exit immediately instead of waiting for the root rotation to converge").short('d'),
        boolean("quiet", "Suppress progress output").short('q'),
        boolean("rotate", "Rotate the swarm CA - if no certificate or key are provided, new ones will be generated"),
        CERT_EXPIRY,
        EXTERNAL_CA,
    ],
    ..CommandDef::LEAF
};

/// `docker swarm init`.
pub static SWARM_INIT: CommandDef = CommandDef {
    name: "init",
    usage: "init [OPTIONS]",
    short: "Initialize a swarm",
    canonical: &["swarm", "init"],
    args: Args::None,
    flags: &[
        LISTEN_ADDR,
        ADVERTISE_ADDR,
        DATA_PATH_ADDR,
        uint32(
            "data-path-port",
            "Port number to use for data path traffic (1024 - 49151). If no value is set or is set to 0, the default port (4789) is used.",
        )
        .api("1.40"),
        boolean("force-new-cluster", "Force create a new cluster from current state"),
        boolean("autolock", "Enable manager autolocking (requiring an unlock key to start a stopped manager)"),
        AVAILABILITY,
        list_of("ipNetSlice", "default-addr-pool", "default address pool in CIDR format").default("[]").api("1.39"),
        uint32("default-addr-pool-mask-length", "default address pool subnet mask length").default("24").api("1.39"),
        TASK_HISTORY_LIMIT,
        DISPATCHER_HEARTBEAT,
        MAX_SNAPSHOTS,
        SNAPSHOT_INTERVAL,
        CERT_EXPIRY,
        EXTERNAL_CA,
    ],
    ..CommandDef::LEAF
};

/// `docker swarm join`.
pub static SWARM_JOIN: CommandDef = CommandDef {
    name: "join",
    usage: "join [OPTIONS] HOST:PORT",
    short: "Join a swarm as a node and/or manager",
    canonical: &["swarm", "join"],
    args: Args::Exact(1),
    flags: &[LISTEN_ADDR, ADVERTISE_ADDR, DATA_PATH_ADDR, string("token", "Token for entry into the swarm"), AVAILABILITY],
    ..CommandDef::LEAF
};

/// `docker swarm join-token`.
pub static SWARM_JOIN_TOKEN: CommandDef = CommandDef {
    name: "join-token",
    usage: "join-token [OPTIONS] (worker|manager)",
    short: "Manage join tokens",
    canonical: &["swarm", "join-token"],
    args: Args::Exact(1),
    swarm: Swarm::Manager,
    flags: &[boolean("rotate", "Rotate join token"), boolean("quiet", "Only display token").short('q')],
    ..CommandDef::LEAF
};

/// `docker swarm leave`.
pub static SWARM_LEAVE: CommandDef = CommandDef {
    name: "leave",
    usage: "leave [OPTIONS]",
    short: "Leave the swarm",
    canonical: &["swarm", "leave"],
    args: Args::None,
    swarm: Swarm::Active,
    flags: &[boolean("force", "Force this node to leave the swarm, ignoring warnings").short('f')],
    ..CommandDef::LEAF
};

/// `docker swarm unlock`.
pub static SWARM_UNLOCK: CommandDef = CommandDef {
    name: "unlock",
    usage: "unlock",
    short: "Unlock swarm",
    canonical: &["swarm", "unlock"],
    args: Args::None,
    api: "1.25",
    swarm: Swarm::Manager,
    ..CommandDef::LEAF
};

/// `docker swarm unlock-key`.
pub static SWARM_UNLOCK_KEY: CommandDef = CommandDef {
    name: "unlock-key",
    usage: "unlock-key [OPTIONS]",
    short: "Manage the unlock key",
    canonical: &["swarm", "unlock-key"],
    args: Args::None,
    api: "1.25",
    swarm: Swarm::Manager,
    flags: &[boolean("rotate", "Rotate unlock key"), boolean("quiet", "Only display token").short('q')],
    ..CommandDef::LEAF
};

/// `docker swarm update`.
pub static SWARM_UPDATE: CommandDef = CommandDef {
    name: "update",
    usage: "update [OPTIONS]",
    short: "Update the swarm",
    canonical: &["swarm", "update"],
    args: Args::None,
    swarm: Swarm::Manager,
    flags: &[
        boolean("autolock", "Change manager autolocking setting (true|false)"),
        TASK_HISTORY_LIMIT,
        DISPATCHER_HEARTBEAT,
        MAX_SNAPSHOTS,
        SNAPSHOT_INTERVAL,
        CERT_EXPIRY,
        EXTERNAL_CA,
    ],
    ..CommandDef::LEAF
};

/// `docker node`.
pub static NODE: CommandDef = CommandDef {
    name: "node",
    usage: "node",
    short: "Manage Swarm nodes",
    canonical: &["node"],
    commands: &[&NODE_DEMOTE, &NODE_INSPECT, &NODE_LS, &NODE_PROMOTE, &NODE_PS, &NODE_RM, &NODE_UPDATE],
    api: "1.24",
    swarm: Swarm::Manager,
    ..GROUP
};

/// `docker node demote`.
pub static NODE_DEMOTE: CommandDef = CommandDef {
    name: "demote",
    usage: "demote NODE [NODE...]",
    short: "Demote one or more nodes from manager in the swarm",
    canonical: &["node", "demote"],
    args: Args::Min(1),
    ..CommandDef::LEAF
};

/// `docker node inspect`.
pub static NODE_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] self|NODE [NODE...]",
    short: "Display detailed information on one or more nodes",
    canonical: &["node", "inspect"],
    args: Args::Min(1),
    flags: &[FORMAT_TEMPLATE, boolean("pretty", "Print the information in a human friendly format")],
    ..CommandDef::LEAF
};

/// `docker node ls` (alias `list`).
pub static NODE_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["list"],
    usage: "ls [OPTIONS]",
    short: "List nodes in the swarm",
    canonical: &["node", "ls"],
    args: Args::None,
    flags: &[QUIET_IDS, FORMAT_TABLE, FILTER],
    ..CommandDef::LEAF
};

/// `docker node promote`.
pub static NODE_PROMOTE: CommandDef = CommandDef {
    name: "promote",
    usage: "promote NODE [NODE...]",
    short: "Promote one or more nodes to manager in the swarm",
    canonical: &["node", "promote"],
    args: Args::Min(1),
    ..CommandDef::LEAF
};

/// The flags of the task lists (`node ps`, `service ps`, `stack ps`).
pub(crate) static TASK_LIST_FLAGS: &[FlagDef] = &[
    boolean("no-trunc", "Do not truncate output"),
    boolean("no-resolve", "Do not map IDs to Names"),
    FILTER,
    FORMAT_TABLE,
    boolean("quiet", "Only display task IDs").short('q'),
];

/// `docker node ps`.
pub static NODE_PS: CommandDef = CommandDef {
    name: "ps",
    usage: "ps [OPTIONS] [NODE...]",
    short: "List tasks running on one or more nodes, defaults to current node",
    canonical: &["node", "ps"],
    flags: TASK_LIST_FLAGS,
    ..CommandDef::LEAF
};

/// `docker node rm` (alias `remove`).
pub static NODE_RM: CommandDef = CommandDef {
    name: "rm",
    aliases: &["remove"],
    usage: "rm [OPTIONS] NODE [NODE...]",
    short: "Remove one or more nodes from the swarm",
    canonical: &["node", "rm"],
    args: Args::Min(1),
    flags: &[boolean("force", "Force remove a node from the swarm").short('f')],
    ..CommandDef::LEAF
};

/// `docker node update`.
pub static NODE_UPDATE: CommandDef = CommandDef {
    name: "update",
    usage: "update [OPTIONS] NODE",
    short: "Update a node",
    canonical: &["node", "update"],
    args: Args::Exact(1),
    flags: &[
        string("role", "Role of the node (\"worker\", \"manager\")"),
        string("availability", "Availability of the node (\"active\", \"pause\", \"drain\")"),
        list("label-add", "Add or update a node label (\"key=value\")"),
        list("label-rm", "Remove a node label if exists"),
    ],
    ..CommandDef::LEAF
};
