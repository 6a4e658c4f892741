//! One module per `wharf` command. Each exposes a clap `Args` struct and a `run` function that
//! returns the process exit code.

pub mod docker;
pub mod dockerfile;
pub mod history;
pub mod images;
pub mod inspect;
pub mod load;
pub mod pack;
pub mod save;
pub mod sim;
