//! `docker system …`, and the top-level commands with no management form: `inspect`,
//! `login`, `logout`, `search`, `version` (`cli/command/system`, `cli/command/registry`,
//! 28.2).

use super::{boolean, int, list_of, string, FILTER, FORMAT_TABLE, FORMAT_TEMPLATE, GROUP, INSPECT_FORMAT_HELP, PRUNE_FORCE};
use crate::cli::grammar::{Args, CommandDef};

/// `docker system`.
pub static SYSTEM: CommandDef = CommandDef {
    name: "system",
    usage: "system",
    short: "Manage Docker",
    canonical: &["system"],
    commands: &[&EVENTS, &INFO, &SYSTEM_DF, &SYSTEM_PRUNE],
    ..GROUP
};

/// `docker system df`.
pub static SYSTEM_DF: CommandDef = CommandDef {
    name: "df",
    usage: "df [OPTIONS]",
    short: "Show docker disk usage",
    canonical: &["system", "df"],
    args: Args::None,
    api: "1.25",
    flags: &[boolean("verbose", "Show detailed information on space usage").short('v'), FORMAT_TABLE],
    ..CommandDef::LEAF
};

/// `docker events` = `docker system events`. Its `--format` help is the inspect one.
pub static EVENTS: CommandDef = CommandDef {
    name: "events",
    usage: "events [OPTIONS]",
    short: "Get real time events from the server",
    canonical: &["system", "events"],
    alias_note: "docker system events, docker events",
    args: Args::None,
    flags: &[
        string("since", "Show all events created since timestamp"),
        string("until", "Stream events until this timestamp"),
        FILTER,
        string("format", INSPECT_FORMAT_HELP),
    ],
    ..CommandDef::LEAF
};

/// `docker info` = `docker system info`.
pub static INFO: CommandDef = CommandDef {
    name: "info",
    usage: "info [OPTIONS]",
    short: "Display system-wide information",
    canonical: &["system", "info"],
    alias_note: "docker system info, docker info",
    top: 12,
    args: Args::None,
    flags: &[FORMAT_TEMPLATE],
    ..CommandDef::LEAF
};

/// `docker system prune`.
pub static SYSTEM_PRUNE: CommandDef = CommandDef {
    name: "prune",
    usage: "prune [OPTIONS]",
    short: "Remove unused data",
    canonical: &["system", "prune"],
    args: Args::None,
    api: "1.25",
    flags: &[
        boolean("all", "Remove all unused images not just dangling ones").short('a'),
        PRUNE_FORCE,
        boolean("volumes", "Prune anonymous volumes"),
        list_of("filter", "filter", "Provide filter values (e.g. \"label=<key>=<value>\")"),
    ],
    ..CommandDef::LEAF
};

/// `docker inspect`: any object by name or ID.
pub static INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] NAME|ID [NAME|ID...]",
    short: "Return low-level information on Docker objects",
    canonical: &["inspect"],
    args: Args::Min(1),
    flags: &[
        FORMAT_TEMPLATE,
        string("type", "Only inspect objects of the given type"),
        boolean("size", "Display total file sizes if the type is container").short('s'),
    ],
    ..CommandDef::LEAF
};

/// `docker login`.
pub static LOGIN: CommandDef = CommandDef {
    name: "login",
    usage: "login [OPTIONS] [SERVER]",
    short: "Authenticate to a registry",
    long: "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
    canonical: &["login"],
    top: 8,
    args: Args::Max(1),
    flags: &[
        string("username", "Username").short('u'),
        string("password", "Password or Personal Access Token (PAT)").short('p'),
        boolean("password-stdin", "Take the Password or Personal Access Token (PAT) from stdin"),
    ],
    ..CommandDef::LEAF
};

/// `docker logout`.
pub static LOGOUT: CommandDef = CommandDef {
    name: "logout",
    usage: "logout [SERVER]",
    short: "Log out from a registry",
    long: "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
    canonical: &["logout"],
    top: 9,
    args: Args::Max(1),
    ..CommandDef::LEAF
};

/// `docker search` (no management form).
pub static SEARCH: CommandDef = CommandDef {
    name: "search",
    usage: "search [OPTIONS] TERM",
    short: "Search Docker Hub for images",
    canonical: &["search"],
    top: 10,
    args: Args::Exact(1),
    flags: &[
        boolean("no-trunc", "Don't truncate output"),
        FILTER,
        int("limit", "Max number of search results"),
        FORMAT_TABLE,
    ],
    ..CommandDef::LEAF
};

/// `docker version`.
pub static VERSION: CommandDef = CommandDef {
    name: "version",
    usage: "version [OPTIONS]",
    short: "Show the Docker version information",
    canonical: &["version"],
    top: 11,
    args: Args::None,
    flags: &[FORMAT_TEMPLATE],
    ..CommandDef::LEAF
};
