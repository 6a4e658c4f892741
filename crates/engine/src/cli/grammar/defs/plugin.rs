//! `docker plugin …` (`cli/command/plugin`, 28.2): managed plugins, installed from a
//! registry and run by the daemon (volume, network, log drivers).

use super::{boolean, int, list_of, string, DISABLE_CONTENT_TRUST, FORMAT_TABLE, FORMAT_TEMPLATE, GROUP};
use crate::cli::grammar::{Args, CommandDef, FlagDef};

/// `docker plugin`.
pub static PLUGIN: CommandDef = CommandDef {
    name: "plugin",
    usage: "plugin",
    short: "Manage plugins",
    canonical: &["plugin"],
    commands: &[
        &PLUGIN_CREATE,
        &PLUGIN_DISABLE,
        &PLUGIN_ENABLE,
        &PLUGIN_INSPECT,
        &PLUGIN_INSTALL,
        &PLUGIN_LS,
        &PLUGIN_PUSH,
        &PLUGIN_RM,
        &PLUGIN_SET,
        &PLUGIN_UPGRADE,
    ],
    api: "1.25",
    ..GROUP
};

/// `--grant-all-permissions` of `install` and `upgrade`.
const GRANT_ALL: FlagDef = boolean("grant-all-permissions", "Grant all permissions necessary to run the plugin");

/// `docker plugin create`.
pub static PLUGIN_CREATE: CommandDef = CommandDef {
    name: "create",
    usage: "create [OPTIONS] PLUGIN PLUGIN-DATA-DIR",
    short: "Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.",
    canonical: &["plugin", "create"],
    args: Args::Exact(2),
    flags: &[boolean("compress", "Compress the context using gzip")],
    ..CommandDef::LEAF
};

/// `docker plugin disable`.
pub static PLUGIN_DISABLE: CommandDef = CommandDef {
    name: "disable",
    usage: "disable [OPTIONS] PLUGIN",
    short: "Disable a plugin",
    canonical: &["plugin", "disable"],
    args: Args::Exact(1),
    flags: &[boolean("force", "Force the disable of an active plugin").short('f')],
    ..CommandDef::LEAF
};

/// `docker plugin enable`.
pub static PLUGIN_ENABLE: CommandDef = CommandDef {
    name: "enable",
    usage: "enable [OPTIONS] PLUGIN",
    short: "Enable a plugin",
    canonical: &["plugin", "enable"],
    args: Args::Exact(1),
    flags: &[int("timeout", "HTTP client timeout (in seconds)").default("30")],
    ..CommandDef::LEAF
};

/// `docker plugin inspect`.
pub static PLUGIN_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] PLUGIN [PLUGIN...]",
    short: "Display detailed information on one or more plugins",
    canonical: &["plugin", "inspect"],
    args: Args::Min(1),
    flags: &[FORMAT_TEMPLATE],
    ..CommandDef::LEAF
};

/// `docker plugin install`: `KEY=VALUE` arguments after the plugin set its settings.
pub static PLUGIN_INSTALL: CommandDef = CommandDef {
    name: "install",
    usage: "install [OPTIONS] PLUGIN [KEY=VALUE...]",
    short: "Install a plugin",
    canonical: &["plugin", "install"],
    args: Args::Min(1),
    flags: &[
        DISABLE_CONTENT_TRUST,
        GRANT_ALL,
        boolean("disable", "Do not enable the plugin on install"),
        string("alias", "Local name for plugin"),
    ],
    ..CommandDef::LEAF
};

/// `docker plugin ls` (alias `list`).
pub static PLUGIN_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["list"],
    usage: "ls [OPTIONS]",
    short: "List plugins",
    canonical: &["plugin", "ls"],
    args: Args::None,
    flags: &[
        boolean("quiet", "Only display plugin IDs").short('q'),
        boolean("no-trunc", "Don't truncate output"),
        FORMAT_TABLE,
        list_of("filter", "filter", "Provide filter values (e.g. \"enabled=true\")").short('f'),
    ],
    ..CommandDef::LEAF
};

/// `docker plugin push`.
pub static PLUGIN_PUSH: CommandDef = CommandDef {
    name: "push",
    usage: "push [OPTIONS] PLUGIN[:TAG]",
    short: "Push a plugin to a registry",
    canonical: &["plugin", "push"],
    args: Args::Exact(1),
    flags: &[boolean("disable-content-trust", "Skip image signing").default("true")],
    ..CommandDef::LEAF
};

/// `docker plugin rm` (alias `remove`).
pub static PLUGIN_RM: CommandDef = CommandDef {
    name: "rm",
    aliases: &["remove"],
    usage: "rm [OPTIONS] PLUGIN [PLUGIN...]",
    short: "Remove one or more plugins",
    canonical: &["plugin", "rm"],
    args: Args::Min(1),
    flags: &[boolean("force", "Force the removal of an active plugin").short('f')],
    ..CommandDef::LEAF
};

/// `docker plugin set`.
pub static PLUGIN_SET: CommandDef = CommandDef {
    name: "set",
    usage: "set PLUGIN KEY=VALUE [KEY=VALUE...]",
    short: "Change settings for a plugin",
    canonical: &["plugin", "set"],
    args: Args::Min(2),
    ..CommandDef::LEAF
};

/// `docker plugin upgrade`.
pub static PLUGIN_UPGRADE: CommandDef = CommandDef {
    name: "upgrade",
    usage: "upgrade [OPTIONS] PLUGIN [REMOTE]",
    short: "Upgrade an existing plugin",
    canonical: &["plugin", "upgrade"],
    args: Args::Range(1, 2),
    api: "1.26",
    flags: &[
        DISABLE_CONTENT_TRUST,
        GRANT_ALL,
        boolean("skip-remote-check", "Do not check if specified remote plugin matches existing plugin image"),
    ],
    ..CommandDef::LEAF
};
