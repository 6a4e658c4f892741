//! `docker volume …` (`cli/command/volume/*.go`, 28.2).
//!
//! The cluster-volume flags and `volume update` need API 1.42 and a swarm manager, so they
//! are hidden from, and refused by, the 20.10 daemon; so is `volume prune --all`.

use super::{boolean, list, list_of, map, scalar, string, FORMAT_TABLE, FORMAT_TEMPLATE, GROUP, PRUNE_FORCE};
use crate::cli::grammar::{Args, CommandDef, Swarm};

/// `docker volume`.
pub static VOLUME: CommandDef = CommandDef {
    name: "volume",
    usage: "volume COMMAND",
    short: "Manage volumes",
    canonical: &["volume"],
    commands: &[&VOLUME_CREATE, &VOLUME_INSPECT, &VOLUME_LS, &VOLUME_PRUNE, &VOLUME_RM, &VOLUME_UPDATE],
    ..GROUP
};

/// `docker volume create`.
pub static VOLUME_CREATE: CommandDef = CommandDef {
    name: "create",
    usage: "create [OPTIONS] [VOLUME]",
    short: "Create a volume",
    canonical: &["volume", "create"],
    args: Args::Max(1),
    flags: &[
        string("driver", "Specify volume driver name").short('d').default("local"),
        string("name", "Specify volume name").hidden(),
        map("opt", "Set driver specific options").short('o'),
        list("label", "Set metadata for a volume"),
        // Cluster volumes (API 1.42, swarm managers).
        string("group", "Cluster Volume group (cluster volumes)").api("1.42"),
        string("scope", "Cluster Volume access scope (\"single\", \"multi\")").default("single").api("1.42"),
        string("sharing", "Cluster Volume access sharing (\"none\", \"readonly\", \"onewriter\", \"all\")").default("none").api("1.42"),
        string("availability", "Cluster Volume availability (\"active\", \"pause\", \"drain\")").default("active").api("1.42"),
        string("type", "Cluster Volume access type (\"mount\", \"block\")").default("block").api("1.42"),
        list("secret", "Cluster Volume secrets").api("1.42"),
        scalar("bytes", "limit-bytes", "Minimum size of the Cluster Volume in bytes").api("1.42"),
        scalar("bytes", "required-bytes", "Maximum size of the Cluster Volume in bytes").api("1.42"),
        list("topology-required", "A topology that the Cluster Volume must be accessible from").api("1.42"),
        list("topology-preferred", "A topology that the Cluster Volume would be preferred in").api("1.42"),
    ],
    ..CommandDef::LEAF
};

/// `docker volume inspect`.
pub static VOLUME_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] VOLUME [VOLUME...]",
    short: "Display detailed information on one or more volumes",
    canonical: &["volume", "inspect"],
    args: Args::Min(1),
    flags: &[FORMAT_TEMPLATE],
    ..CommandDef::LEAF
};

/// `docker volume ls` (alias `list`).
pub static VOLUME_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["list"],
    usage: "ls [OPTIONS]",
    short: "List volumes",
    canonical: &["volume", "ls"],
    args: Args::None,
    flags: &[
        boolean("quiet", "Only display volume names").short('q'),
        FORMAT_TABLE,
        list_of("filter", "filter", "Provide filter values (e.g. \"dangling=true\")").short('f'),
        boolean("cluster", "Display only cluster volumes, and use cluster volume list formatting").api("1.42"),
    ],
    ..CommandDef::LEAF
};

/// `docker volume prune`.
pub static VOLUME_PRUNE: CommandDef = CommandDef {
    name: "prune",
    usage: "prune [OPTIONS]",
    short: "Remove unused local volumes",
    canonical: &["volume", "prune"],
    args: Args::None,
    api: "1.25",
    flags: &[
        boolean("all", "Remove all unused volumes, not just anonymous ones").short('a').api("1.42"),
        list_of("filter", "filter", "Provide filter values (e.g. \"label=<label>\")"),
        PRUNE_FORCE,
    ],
    ..CommandDef::LEAF
};

/// `docker volume rm` (alias `remove`).
pub static VOLUME_RM: CommandDef = CommandDef {
    name: "rm",
    aliases: &["remove"],
    usage: "rm [OPTIONS] VOLUME [VOLUME...]",
    short: "Remove one or more volumes",
    long: "Remove one or more volumes. You cannot remove a volume that is in use by a container.",
    canonical: &["volume", "rm"],
    args: Args::Min(1),
    flags: &[boolean("force", "Force the removal of one or more volumes").short('f')],
    ..CommandDef::LEAF
};

/// `docker volume update` (cluster volumes: API 1.42, swarm managers).
pub static VOLUME_UPDATE: CommandDef = CommandDef {
    name: "update",
    usage: "update [OPTIONS] [VOLUME]",
    short: "Update a volume (cluster volumes only)",
    canonical: &["volume", "update"],
    args: Args::Max(1),
    api: "1.42",
    swarm: Swarm::Manager,
    flags: &[string("availability", "Cluster Volume availability (\"active\", \"pause\", \"drain\")").default("active")],
    ..CommandDef::LEAF
};
