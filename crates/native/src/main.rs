//! `wharf`: the engine on the real Linux kernel. This file only parses the command line and
//! hands each command to its module in `commands/`.

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Docker, on the real kernel.
#[derive(Parser)]
#[command(name = "wharf", version, about = "Docker, taught by running it: the engine on the real Linux kernel")]
struct Cli {
    /// Root of the persistent state (images, layers, containers)
    #[arg(long, global = true, default_value = "/var/lib/wharf", value_name = "DIR")]
    root: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load an image from a tar archive (docker save format or OCI layout)
    Load(commands::load::Args),
    /// Save one or more images to a tar archive
    Save(commands::save::Args),
    /// List images
    Images(commands::images::Args),
    /// Show the history of an image
    History(commands::history::Args),
    /// Manage images
    #[command(subcommand)]
    Image(ImageCommand),
    /// Work with Dockerfiles
    #[command(subcommand)]
    Dockerfile(DockerfileCommand),
    /// The simulated Linux of the playground, headless
    #[command(subcommand)]
    Sim(SimCommand),
    /// Exercise packs: check them, import them
    #[command(subcommand)]
    Pack(PackCommand),
    /// Run dockerd: the Docker Engine API (v1.41) on a unix socket, for the real docker CLI
    Daemon(DaemonArgs),
    /// Run a docker command in-process against a one-shot daemon (`wharf docker run --rm busybox echo hi`)
    #[command(disable_help_flag = true)]
    Docker(commands::docker::Args),
}

/// Flags of `wharf daemon`.
#[derive(clap::Args)]
struct DaemonArgs {
    /// Socket to listen on
    #[arg(short = 'H', long = "host", default_value = "unix:///run/wharf.sock", value_name = "unix:///PATH")]
    host: String,
}

#[derive(Subcommand)]
enum PackCommand {
    /// Replay every step's setup, solution and checks in a fresh simulated host
    Check(commands::pack::CheckArgs),
    /// Turn a Killercoda scenario directory into a pack
    ImportKillercoda(commands::pack::ImportArgs),
    /// Print which seed-inventory CLI and Dockerfile items the passing steps exercise
    Coverage(commands::pack::CoverageArgs),
}

#[derive(Subcommand)]
enum SimCommand {
    /// Boot the simulated host and replay a script as if typed at its terminal
    Run(commands::sim::RunArgs),
}

#[derive(Subcommand)]
enum ImageCommand {
    /// Display detailed information on one or more images
    Inspect(commands::inspect::Args),
    /// List images
    #[command(visible_alias = "list")]
    Ls(commands::images::Args),
    /// Show the history of an image
    History(commands::history::Args),
    /// Load an image from a tar archive
    Load(commands::load::Args),
    /// Save one or more images to a tar archive
    Save(commands::save::Args),
}

#[derive(Subcommand)]
enum DockerfileCommand {
    /// Print the parse of a Dockerfile in BuildKit's dump format
    Dump(commands::dockerfile::DumpArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root;
    let result = match cli.command {
        Command::Load(a) | Command::Image(ImageCommand::Load(a)) => commands::load::run(&root, a),
        Command::Save(a) | Command::Image(ImageCommand::Save(a)) => commands::save::run(&root, a),
        Command::Images(a) | Command::Image(ImageCommand::Ls(a)) => commands::images::run(&root, a),
        Command::History(a) | Command::Image(ImageCommand::History(a)) => commands::history::run(&root, a),
        Command::Image(ImageCommand::Inspect(a)) => commands::inspect::run(&root, a),
        Command::Dockerfile(DockerfileCommand::Dump(a)) => commands::dockerfile::dump(a),
        Command::Sim(SimCommand::Run(a)) => commands::sim::run(a),
        Command::Pack(PackCommand::Check(a)) => commands::pack::check(a),
        Command::Pack(PackCommand::ImportKillercoda(a)) => commands::pack::import_killercoda(a),
        Command::Pack(PackCommand::Coverage(a)) => commands::pack::coverage(a),
        Command::Daemon(a) => wharf::daemon::run(&root, &a.host).map(|()| 0),
        Command::Docker(a) => commands::docker::run(&root, a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("Error: {e:#}");
            ExitCode::from(1)
        }
    }
}
