//! The quell binary: parse the command line, run, report, exit. Nothing else lives here.

use std::process::ExitCode;

use clap::Parser;
use quell::cli::Cli;

fn main() -> ExitCode {
    match quell::app::run(Cli::parse()) {
        Ok(exit) => exit.into(),
        Err(err) => quell::report(&err).into(),
    }
}
