//! `docker manifest …` (`cli/command/manifest`, 28.2): manifest lists, built client-side
//! against a registry. docker marks the whole group experimental (`experimentalCLI`), which
//! its `--help` says.

use super::{boolean, string, strings, GROUP};
use crate::cli::grammar::{Args, CommandDef};

/// `docker manifest`.
pub static MANIFEST: CommandDef = CommandDef {
    name: "manifest",
    usage: "manifest COMMAND",
    short: "Manage Docker image manifests and manifest lists",
    long: "The **docker manifest** command has subcommands for managing image manifests and\nmanifest lists. A manifest list allows you to use one name to refer to the same image\nbuilt for multiple architectures.\n\nTo see help for a subcommand, use:\n\n    docker manifest CMD --help\n\nFor full details on using docker manifest lists, see the registry v2 specification.\n\n",
    canonical: &["manifest"],
    commands: &[&MANIFEST_ANNOTATE, &MANIFEST_CREATE, &MANIFEST_INSPECT, &MANIFEST_PUSH, &MANIFEST_RM],
    experimental_cli: true,
    ..GROUP
};

/// `docker manifest annotate`.
pub static MANIFEST_ANNOTATE: CommandDef = CommandDef {
    name: "annotate",
    usage: "annotate [OPTIONS] MANIFEST_LIST MANIFEST",
    short: "Add additional information to a local image manifest",
    canonical: &["manifest", "annotate"],
    args: Args::Exact(2),
    flags: &[
        string("os", "Set operating system"),
        string("arch", "Set architecture"),
        string("os-version", "Set operating system version"),
        strings("os-features", "Set operating system feature"),
        string("variant", "Set architecture variant"),
    ],
    ..CommandDef::LEAF
};

/// `docker manifest create`.
pub static MANIFEST_CREATE: CommandDef = CommandDef {
    name: "create",
    usage: "create MANIFEST_LIST MANIFEST [MANIFEST...]",
    short: "Create a local manifest list for annotating and pushing to a registry",
    canonical: &["manifest", "create"],
    args: Args::Min(2),
    flags: &[
        boolean("insecure", "Allow communication with an insecure registry"),
        boolean("amend", "Amend an existing manifest list").short('a'),
    ],
    ..CommandDef::LEAF
};

/// `docker manifest inspect`.
pub static MANIFEST_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] [MANIFEST_LIST] MANIFEST",
    short: "Display an image manifest, or manifest list",
    canonical: &["manifest", "inspect"],
    args: Args::Range(1, 2),
    flags: &[
        boolean("insecure", "Allow communication with an insecure registry"),
        boolean("verbose", "Output additional info including layers and platform").short('v'),
    ],
    ..CommandDef::LEAF
};

/// `docker manifest push`.
pub static MANIFEST_PUSH: CommandDef = CommandDef {
    name: "push",
    usage: "push [OPTIONS] MANIFEST_LIST",
    short: "Push a manifest list to a repository",
    canonical: &["manifest", "push"],
    args: Args::Exact(1),
    flags: &[
        boolean("purge", "Remove the local manifest list after push").short('p'),
        boolean("insecure", "Allow push to an insecure registry"),
    ],
    ..CommandDef::LEAF
};

/// `docker manifest rm`.
pub static MANIFEST_RM: CommandDef = CommandDef {
    name: "rm",
    usage: "rm MANIFEST_LIST [MANIFEST_LIST...]",
    short: "Delete one or more manifest lists from local storage",
    canonical: &["manifest", "rm"],
    args: Args::Min(1),
    ..CommandDef::LEAF
};
