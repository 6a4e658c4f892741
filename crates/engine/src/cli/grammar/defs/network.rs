//! `docker network …` (`cli/command/network/*.go`, 20.10).
//!
//! Not in 20.10, so `unknown flag` as docker says: `--ipv4` (28.x), `network rm -f` (23.x).

use super::{boolean, list, list_of, map, string, strings, FORMAT_TEMPLATE, GROUP, PRUNE_FORCE};
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
        boolean("ipv6", "Enable IPv6 networking"),
        boolean("attachable", "Enable manual container attachment"),
        boolean("ingress", "Create swarm routing-mesh network"),
        string("scope", "Control the network's scope"),
        boolean("config-only", "Create a configuration only network"),
        string("config-from", "The network from which to copy the configuration"),
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
        string("format", "Pretty-print networks using a Go template"),
        list_of("filter", "filter", "Provide filter values (e.g. 'driver=bridge')").short('f'),
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
    flags: &[PRUNE_FORCE, list_of("filter", "filter", "Provide filter values (e.g. 'until=<timestamp>')")],
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
    ..CommandDef::LEAF
};
