//! `docker builder …` (`cli/command/builder`, 28.2): the build cache, and `builder build`,
//! which is `docker build`.

use super::{boolean, list_of, scalar, GROUP, PRUNE_FORCE};
use crate::cli::grammar::{Args, CommandDef};

/// `docker builder`.
pub static BUILDER: CommandDef = CommandDef {
    name: "builder",
    usage: "builder",
    short: "Manage builds",
    canonical: &["builder"],
    commands: &[&super::BUILD, &BUILDER_PRUNE],
    api: "1.31",
    ..GROUP
};

/// `docker builder prune`.
pub static BUILDER_PRUNE: CommandDef = CommandDef {
    name: "prune",
    usage: "prune",
    short: "Remove build cache",
    canonical: &["builder", "prune"],
    args: Args::None,
    flags: &[
        boolean("all", "Remove all unused build cache, not just dangling ones").short('a'),
        list_of("filter", "filter", "Provide filter values (e.g. \"until=24h\")"),
        PRUNE_FORCE,
        scalar("bytes", "keep-storage", "Amount of disk space to keep for cache"),
        scalar("bytes", "reserved-space", "Amount of disk space always allowed to keep for cache").api("1.48"),
        scalar("bytes", "max-used-space", "Maximum amount of disk space allowed to keep for cache").api("1.48"),
        scalar("bytes", "min-free-space", "Target amount of free disk space after pruning").api("1.48"),
    ],
    ..CommandDef::LEAF
};
