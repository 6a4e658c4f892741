//! `docker context …` (`cli/command/context`, 28.2): named daemon endpoints kept in the
//! client's configuration.

use super::{boolean, string, FORMAT_TABLE, FORMAT_TEMPLATE, GROUP};
use crate::cli::grammar::{Args, CommandDef, FlagDef, Kind};

/// `--docker stringToString` of `context create` and `context update`.
const DOCKER_ENDPOINT: FlagDef = FlagDef::new("docker", Kind::Map, "stringToString", "set the docker endpoint").default("[]");

/// `docker context`.
pub static CONTEXT: CommandDef = CommandDef {
    name: "context",
    usage: "context",
    short: "Manage contexts",
    canonical: &["context"],
    commands: &[
        &CONTEXT_CREATE,
        &CONTEXT_EXPORT,
        &CONTEXT_IMPORT,
        &CONTEXT_INSPECT,
        &CONTEXT_LS,
        &CONTEXT_RM,
        &CONTEXT_SHOW,
        &CONTEXT_UPDATE,
        &CONTEXT_USE,
    ],
    ..GROUP
};

/// `docker context create`.
pub static CONTEXT_CREATE: CommandDef = CommandDef {
    name: "create",
    usage: "create [OPTIONS] CONTEXT",
    short: "Create a context",
    long: "Create a context\n\nDocker endpoint config:\n\nNAME                DESCRIPTION\nfrom                Copy named context's Docker endpoint configuration\nhost                Docker endpoint on which to connect\nca                  Trust certs signed only by this CA\ncert                Path to TLS certificate file\nkey                 Path to TLS key file\nskip-tls-verify     Skip TLS certificate validation\n\nExample:\n\n$ docker context create my-context --description \"some description\" --docker \"host=tcp://myserver:2376,ca=~/ca-file,cert=~/cert-file,key=~/key-file\"\n",
    canonical: &["context", "create"],
    args: Args::Exact(1),
    flags: &[
        string("description", "Description of the context"),
        DOCKER_ENDPOINT,
        string("from", "create context from a named context"),
    ],
    ..CommandDef::LEAF
};

/// `docker context export`.
pub static CONTEXT_EXPORT: CommandDef = CommandDef {
    name: "export",
    usage: "export [OPTIONS] CONTEXT [FILE|-]",
    short: "Export a context to a tar archive FILE or a tar stream on STDOUT.",
    canonical: &["context", "export"],
    args: Args::Range(1, 2),
    ..CommandDef::LEAF
};

/// `docker context import`.
pub static CONTEXT_IMPORT: CommandDef = CommandDef {
    name: "import",
    usage: "import CONTEXT FILE|-",
    short: "Import a context from a tar or zip file",
    canonical: &["context", "import"],
    args: Args::Exact(2),
    ..CommandDef::LEAF
};

/// `docker context inspect`.
pub static CONTEXT_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect [OPTIONS] [CONTEXT] [CONTEXT...]",
    short: "Display detailed information on one or more contexts",
    canonical: &["context", "inspect"],
    flags: &[FORMAT_TEMPLATE],
    ..CommandDef::LEAF
};

/// `docker context ls` (alias `list`).
pub static CONTEXT_LS: CommandDef = CommandDef {
    name: "ls",
    aliases: &["list"],
    usage: "ls [OPTIONS]",
    short: "List contexts",
    canonical: &["context", "ls"],
    args: Args::None,
    flags: &[FORMAT_TABLE, boolean("quiet", "Only show context names").short('q')],
    ..CommandDef::LEAF
};

/// `docker context rm` (alias `remove`).
pub static CONTEXT_RM: CommandDef = CommandDef {
    name: "rm",
    aliases: &["remove"],
    usage: "rm CONTEXT [CONTEXT...]",
    short: "Remove one or more contexts",
    canonical: &["context", "rm"],
    args: Args::Min(1),
    flags: &[boolean("force", "Force the removal of a context in use").short('f')],
    ..CommandDef::LEAF
};

/// `docker context show`.
pub static CONTEXT_SHOW: CommandDef = CommandDef {
    name: "show",
    usage: "show",
    short: "Print the name of the current context",
    canonical: &["context", "show"],
    args: Args::None,
    ..CommandDef::LEAF
};

/// `docker context update`.
pub static CONTEXT_UPDATE: CommandDef = CommandDef {
    name: "update",
    usage: "update [OPTIONS] CONTEXT",
    short: "Update a context",
    long: "Update a context\n\nDocker endpoint config:\n\nNAME                DESCRIPTION\nfrom                Copy named context's Docker endpoint configuration\nhost                Docker endpoint on which to connect\nca                  Trust certs signed only by this CA\ncert                Path to TLS certificate file\nkey                 Path to TLS key file\nskip-tls-verify     Skip TLS certificate validation\n\nExample:\n\n$ docker context update my-context --description \"some description\" --docker \"host=tcp://myserver:2376,ca=~/ca-file,cert=~/cert-file,key=~/key-file\"\n",
    canonical: &["context", "update"],
    args: Args::Exact(1),
    flags: &[string("description", "Description of the context"), DOCKER_ENDPOINT],
    ..CommandDef::LEAF
};

/// `docker context use`.
pub static CONTEXT_USE: CommandDef = CommandDef {
    name: "use",
    usage: "use CONTEXT",
    short: "Set the current docker context",
    canonical: &["context", "use"],
    args: Args::Exact(1),
    ..CommandDef::LEAF
};
