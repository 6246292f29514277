//! `quell sandbox up | status | down`.

use super::Exit;
use crate::cli::SandboxCommand;
use crate::db::conninfo::Context;
use crate::output::Output;
use crate::sandbox;

pub fn run(out: &Output, ctx: &Context, cmd: SandboxCommand) -> anyhow::Result<Exit> {
    let status = match cmd {
        SandboxCommand::Up(args) => sandbox::local::up(ctx, args.max_connections)?,
        SandboxCommand::Status => sandbox::local::status(ctx)?,
        SandboxCommand::Down => sandbox::local::down(ctx)?,
    };
    if out.is_json() {
        out.json(&status)?;
    } else {
        out.text(&status.to_string())?;
    }
    Ok(Exit::Ok)
}
