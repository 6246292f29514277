//! `quell sandbox up | status | down`: the cluster and its seeded scenario are
//! `sandbox`'s; this adds `quell init` on what the scenario's config points at, and
//! the output.

use std::path::Path;

use anyhow::Context as _;

use super::Exit;
use crate::cli::{SandboxCommand, SandboxDir};
use crate::config::Config;
use crate::db::conninfo::Context;
use crate::output::{self, Output};
use crate::sandbox::local::{self, Settings};
use crate::sandbox::scenario::Scenario;

pub fn run(out: &Output, ctx: &Context, cmd: SandboxCommand) -> anyhow::Result<Exit> {
    let dir = |d: SandboxDir| d.dir.unwrap_or_else(|| local::default_dir(ctx));
    let (status, exit) = match cmd {
        SandboxCommand::Up(args) => {
            let settings = |args: &crate::cli::SandboxUpArgs| {
                let s = &args.scenario;
                Settings {
                    max_connections: args.max_connections,
                    scenario: (s.orgs > 0).then_some(Scenario {
                        orgs: s.orgs,
                        users_per_org: s.users_per_org,
                        split: s.split,
                    }),
                }
            };
            let requested = settings(&args);
            // Flags that ask for something else than a bare `sandbox up`.
            let flagged = requested != settings(&crate::cli::SandboxUpArgs::defaults());
            let (status, created) = local::up(&dir(args.dir), requested, flagged)?;
            if created {
                if let Some(config) = &status.config {
                    init(Path::new(config), ctx).context("running quell init in the sandbox")?;
                }
            }
            (status, Exit::Ok)
        }
        SandboxCommand::Status(d) => {
            let status = local::status(&dir(d))?;
            let exit = if status.running {
                Exit::Ok
            } else {
                Exit::Found
            };
            (status, exit)
        }
        SandboxCommand::Down(d) => (local::down(&dir(d))?, Exit::Ok),
    };
    if out.is_json() {
        out.json(&status)?;
    } else {
        out.text(&status.text(&output::invocation()))?;
    }
    Ok(exit)
}

/// `quell init` on the scenario's target, and on its jobs database when that is
/// another one (pg_cron's `postgres`).
pub fn init(config: &Path, ctx: &Context) -> anyhow::Result<()> {
    let config = Config::load(Some(config), ctx)?;
    let targets = config.targets(&["sandbox".to_string()], None, ctx)?;
    super::block_on(async {
        for target in &targets {
            let session = crate::db::connect(target).await?;
            super::jobs::init(&session, target, &config.file.jobs, false).await?;
        }
        anyhow::Ok(())
    })?
}
