//! `docker system …`, and the top-level commands with no management form: `inspect`,
//! `login`, `logout`, `version` (`cli/command/system`, `cli/command/registry`, 20.10).

use super::{boolean, list_of, string, FORMAT_TEMPLATE, GROUP, PRUNE_FORCE};
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
    flags: &[
        boolean("verbose", "Show detailed information on space usage").short('v'),
        string("format", "Pretty-print images using a Go template"),
    ],
    ..CommandDef::LEAF
};

/// `docker events` = `docker system events`.
pub static EVENTS: CommandDef = CommandDef {
    name: "events",
    usage: "events [OPTIONS]",
    short: "Get real time events from the server",
    canonical: &["system", "events"],
    args: Args::None,
    flags: &[
        string("since", "Show all events created since timestamp"),
        string("until", "Stream events until this timestamp"),
        list_of("filter", "filter", "Filter output based on conditions provided").short('f'),
        string("format", "Format the output using the given Go template"),
    ],
    ..CommandDef::LEAF
};

/// `docker info` = `docker system info`.
pub static INFO: CommandDef = CommandDef {
    name: "info",
    usage: "info [OPTIONS]",
    short: "Display system-wide information",
    canonical: &["system", "info"],
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
    flags: &[
        PRUNE_FORCE,
        boolean("all", "Remove all unused images not just dangling ones").short('a'),
        boolean("volumes", "Prune volumes"),
        list_of("filter", "filter", "Provide filter values (e.g. 'label=<key>=<value>')"),
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
        string("type", "Return JSON for specified type"),
        boolean("size", "Display total file sizes if the type is container").short('s'),
    ],
    ..CommandDef::LEAF
};

/// `docker login`.
pub static LOGIN: CommandDef = CommandDef {
    name: "login",
    usage: "login [OPTIONS] [SERVER]",
    short: "Log in to a Docker registry",
    long: "Log in to a Docker registry.\nIf no server is specified, the default is defined by the daemon.",
    canonical: &["login"],
    args: Args::Max(1),
    flags: &[
        string("username", "Username").short('u'),
        string("password", "Password").short('p'),
        boolean("password-stdin", "Take the password from stdin"),
    ],
    ..CommandDef::LEAF
};

/// `docker logout`.
pub static LOGOUT: CommandDef = CommandDef {
    name: "logout",
    usage: "logout [SERVER]",
    short: "Log out from a Docker registry",
    long: "Log out from a Docker registry.\nIf no server is specified, the default is defined by the daemon.",
    canonical: &["logout"],
    args: Args::Max(1),
    ..CommandDef::LEAF
};

/// `docker version`.
pub static VERSION: CommandDef = CommandDef {
    name: "version",
    usage: "version [OPTIONS]",
    short: "Show the Docker version information",
    canonical: &["version"],
    args: Args::None,
    flags: &[
        FORMAT_TEMPLATE,
        // Only shown with the Kubernetes orchestrator.
        string("kubeconfig", "Kubernetes config file").hidden(),
    ],
    ..CommandDef::LEAF
};
