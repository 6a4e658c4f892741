//! `docker volume …` (`cli/command/volume/*.go`, 20.10).

use super::{boolean, list, list_of, map, string, FORMAT_TEMPLATE, GROUP, PRUNE_FORCE};
use crate::cli::grammar::{Args, CommandDef};

/// `docker volume`.
pub static VOLUME: CommandDef = CommandDef {
    name: "volume",
    usage: "volume COMMAND",
    short: "Manage volumes",
    canonical: &["volume"],
    commands: &[&VOLUME_CREATE, &VOLUME_INSPECT, &VOLUME_LS, &VOLUME_PRUNE, &VOLUME_RM],
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
        string("format", "Pretty-print volumes using a Go template"),
        list_of("filter", "filter", "Provide filter values (e.g. 'dangling=true')").short('f'),
    ],
    ..CommandDef::LEAF
};

/// `docker volume prune`.
pub static VOLUME_PRUNE: CommandDef = CommandDef {
    name: "prune",
    usage: "prune [OPTIONS]",
    short: "Remove all unused local volumes",
    canonical: &["volume", "prune"],
    args: Args::None,
    flags: &[list_of("filter", "filter", "Provide filter values (e.g. 'label=<label>')"), PRUNE_FORCE],
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
