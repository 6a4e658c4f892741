//! `docker network …` (`cli/command/network/*.go`, 28.2).
//!
//! `--ipv4` and `--gw-priority` (API 1.48) are refused by the 20.10 daemon, as docker 28 does.

use super::{boolean, int, list, list_of, map, string, strings, FORMAT_TABLE, FORMAT_TEMPLATE, GROUP, PRUNE_FORCE};
use crate::cli::grammar::{Args, CommandDef};

/// `docker network`.
pub static NETWORK: CommandDef = CommandDef {
    name: "network",
    usage: "network",
    short: "Manage networks",
    canonical: &["network"],
    commands: &[
        &NETWORK_CONNECT,
        &NETWORK_CREATE,
        &NETWORK_DISCONNECT,
        &NETWORK_INSPECT,
        &NETWORK_LS,
        &NETWORK_RM,
        &NETWORK_PRUNE,
    ],
    ..GROUP
};

/// `docker network connect`.
pub static NETWORK_CONNECT: CommandDef = CommandDef {
    name: "connect",
    usage: "connect [OPTIONS] NETWORK CONTAINER",
    short: "Connect a container to a network",
    canonical: &["network", "connect"],
    args: Args::Exact(2),
    flags: &[
        string("ip", "IPv4 address (e.g., 172.30.100.104)"),
        string("ip6", "IPv6 address (e.g., 2001:db8::33)"),
        list("link", "Add link to another container"),
        strings("alias", "Add network-scoped alias for the container"),
        strings("link-local-ip", "Add a link-local address for the container"),
        strings("driver-opt", "driver options for the network"),
        int("gw-priority", "Highest gw-priority provides the default gateway. Accepts positive and negative values.")
            .api("1.48"),
    ],
    ..CommandDef::LEAF
};

/// `docker network create`.
pub static NETWORK_CREATE: CommandDef = CommandDef {
    name: "create",
    usage: "create [OPTIONS] NETWORK",
    short: "Create a network",
    canonical: &["network", "create"],
    args: Args::Exact(1),
    flags: &[
        string("driver", "Driver to manage the Network").short('d').default("bridge"),
        map("opt", "Set driver specific options").short('o'),
        list("label", "Set metadata on a network"),
        boolean("internal", "Restrict external access to the network"),
        boolean("ipv4", "Enable or disable IPv4 address assignment").default("true").api("1.48"),
        boolean("ipv6", "Enable or disable IPv6 address assignment"),
        boolean("attachable", "Enable manual container attachment").api("1.25"),
        boolean("ingress", "Create swarm routing-mesh network").api("1.29"),
        string("scope", "Control the network's scope").api("1.30"),
        boolean("config-only", "Create a configuration only network").api("1.30"),
        string("config-from", "The network from which to copy the configuration").api("1.30"),
        string("ipam-driver", "IP Address Management Driver").default("default"),
        strings("subnet", "Subnet in CIDR format that represents a network segment"),
        strings("ip-range", "Allocate container ip from a sub-range"),
        strings("gateway", "IPv4 or IPv6 Gateway for the master subnet"),
        map("aux-address", "Auxiliary IPv4 or IPv6 addresses used by Network driver"),
        map("ipam-opt", "Set IPAM driver specific options"),
    ],
    ..CommandDef::LEAF
};

/// `docker network disconnect`.
pub static NETWORK_DISCONNECT: CommandDef = CommandDef {
    name: "disconnect",
    usage: "disconnect [OPTIONS] NETWORK CONTAINER",
    short: "Disconnect a container from a network",
    canonical: &["network", "disconnect"],
    args: Args::Exact(2),
    flags: &[boolean("force", "Force the container to disconnect from a network").short('f')],
    ..CommandDef::LEAF
};

/// `docker network inspect`.
pub static NETWORK_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] NETWORK [NETWORK...]",
    short: "Display detailed information on one or more networks",
    canonical: &["network", "inspect"],
    args: Args::Min(1),
    flags: &[FORMAT_TEMPLATE, boolean("verbose", "Verbose output for diagnostics").short('v')],
    ..CommandDef::LEAF
};

/// `docker network ls` (alias `list`).
pub static NETWORK_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["list"],
    usage: "ls [OPTIONS]",
    short: "List networks",
    canonical: &["network", "ls"],
    args: Args::None,
    flags: &[
        boolean("quiet", "Only display network IDs").short('q'),
        boolean("no-trunc", "Do not truncate the output"),
        FORMAT_TABLE,
        list_of("filter", "filter", "Provide filter values (e.g. \"driver=bridge\")").short('f'),
    ],
    ..CommandDef::LEAF
};

/// `docker network prune`.
pub static NETWORK_PRUNE: CommandDef = CommandDef {
    name: "prune",
    usage: "prune [OPTIONS]",
    short: "Remove all unused networks",
    canonical: &["network", "prune"],
    args: Args::None,
    api: "1.25",
    flags: &[PRUNE_FORCE, list_of("filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")")],
    ..CommandDef::LEAF
};

/// `docker network rm` (alias `remove`).
pub static NETWORK_RM: CommandDef = CommandDef {
    name: "rm",
    aliases: &["remove"],
    usage: "rm NETWORK [NETWORK...]",
    short: "Remove one or more networks",
    canonical: &["network", "rm"],
    args: Args::Min(1),
    flags: &[boolean("force", "Do not error if the network does not exist").short('f')],
    ..CommandDef::LEAF
};
