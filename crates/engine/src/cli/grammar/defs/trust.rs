//! `docker trust …` (`cli/command/trust`, 28.2): Docker Content Trust, signatures kept by a
//! Notary server next to the registry.

use super::{boolean, list, string, GROUP};
use crate::cli::grammar::{Args, CommandDef};

/// `docker trust`.
pub static TRUST: CommandDef = CommandDef {
    name: "trust",
    usage: "trust",
    short: "Manage trust on Docker images",
    canonical: &["trust"],
    commands: &[&TRUST_INSPECT, &TRUST_KEY, &TRUST_REVOKE, &TRUST_SIGN, &TRUST_SIGNER],
    ..GROUP
};

/// `docker trust inspect`.
pub static TRUST_INSPECT: CommandDef = CommandDef {
    name: "inspect",
    usage: "inspect IMAGE[:TAG] [IMAGE[:TAG]...]",
    short: "Return low-level information about keys and signatures",
    canonical: &["trust", "inspect"],
    args: Args::Min(1),
    flags: &[boolean("pretty", "Print the information in a human friendly format")],
    ..CommandDef::LEAF
};

/// `docker trust revoke`.
pub static TRUST_REVOKE: CommandDef = CommandDef {
    name: "revoke",
    usage: "revoke [OPTIONS] IMAGE[:TAG]",
    short: "Remove trust for an image",
    canonical: &["trust", "revoke"],
    args: Args::Exact(1),
    flags: &[boolean("yes", "Do not prompt for confirmation").short('y')],
    ..CommandDef::LEAF
};

/// `docker trust sign`.
pub static TRUST_SIGN: CommandDef = CommandDef {
    name: "sign",
    usage: "sign IMAGE:TAG",
    short: "Sign an image",
    canonical: &["trust", "sign"],
    args: Args::Exact(1),
    flags: &[boolean("local", "Sign a locally tagged image")],
    ..CommandDef::LEAF
};

/// `docker trust key`.
pub static TRUST_KEY: CommandDef = CommandDef {
    name: "key",
    usage: "key",
    short: "Manage keys for signing Docker images",
    canonical: &["trust", "key"],
    commands: &[&TRUST_KEY_GENERATE, &TRUST_KEY_LOAD],
    ..GROUP
};

/// `docker trust key generate`.
pub static TRUST_KEY_GENERATE: CommandDef = CommandDef {
    name: "generate",
    usage: "generate NAME",
    short: "Generate and load a signing key-pair",
    canonical: &["trust", "key", "generate"],
    args: Args::Exact(1),
    flags: &[string("dir", "Directory to generate key in, defaults to current directory")],
    ..CommandDef::LEAF
};

/// `docker trust key load`.
pub static TRUST_KEY_LOAD: CommandDef = CommandDef {
    name: "load",
    usage: "load [OPTIONS] KEYFILE",
    short: "Load a private key file for signing",
    canonical: &["trust", "key", "load"],
    args: Args::Exact(1),
    flags: &[string("name", "Name for the loaded key").default("signer")],
    ..CommandDef::LEAF
};

/// `docker trust signer`.
pub static TRUST_SIGNER: CommandDef = CommandDef {
    name: "signer",
    usage: "signer",
    short: "Manage entities who can sign Docker images",
    canonical: &["trust", "signer"],
    commands: &[&TRUST_SIGNER_ADD, &TRUST_SIGNER_REMOVE],
    ..GROUP
};

/// `docker trust signer add`.
pub static TRUST_SIGNER_ADD: CommandDef = CommandDef {
    name: "add",
    usage: "add OPTIONS NAME REPOSITORY [REPOSITORY...]",
    short: "Add a signer",
    canonical: &["trust", "signer", "add"],
    args: Args::Min(2),
    flags: &[list("key", "Path to the signer's public key file")],
    ..CommandDef::LEAF
};

/// `docker trust signer remove`.
pub static TRUST_SIGNER_REMOVE: CommandDef = CommandDef {
    name: "remove",
    usage: "remove [OPTIONS] NAME REPOSITORY [REPOSITORY...]",
    short: "Remove a signer",
    canonical: &["trust", "signer", "remove"],
    args: Args::Min(2),
    flags: &[boolean("force", "Do not prompt for confirmation before removing the most recent signer").short('f')],
    ..CommandDef::LEAF
};
