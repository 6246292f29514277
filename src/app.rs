//! Dispatch: resolve configuration once, run the command, print through `output`,
//! and choose the exit code. Commands receive resolved values, never `&Cli`.

use std::time::Instant;

use anyhow::Context as _;
use serde::Serialize;

use crate::cli::{Cli, Command, ConfigCommand, SandboxCommand};
use crate::config::parse_duration;
use crate::config::{Config, Target};
use crate::db::conninfo::{Context, PasswordSource};
use crate::db::fleet::{Fleet, Report};
use crate::error::{Exit, NotImplemented};
use crate::inspect::{connections, locks, roles};
use crate::output::{self, Output};
use crate::{artifacts, sandbox};

/// Run one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    init_tracing(cli.global.verbose);
    let ctx = Context::from_process();
    let no_color_env = ctx.env.get("NO_COLOR").is_some_and(|v| !v.is_empty());
    let out = Output::new(cli.global.output, cli.global.no_color, no_color_env);
    let g = &cli.global;
    let targets = || -> anyhow::Result<Vec<Target>> {
        let config = Config::load(g.config.as_deref(), &ctx)?;
        let targets = config.targets(&g.targets, g.dsn.as_deref(), &ctx)?;
        for target in &targets {
            for warning in &target.warnings {
                output::warn(&format!("target {}: {warning}", target.name));
            }
        }
        Ok(targets)
    };
    let not_yet = |command: &'static str, issue: u32| Err(NotImplemented { command, issue }.into());
    match cli.command {
        Command::Connections(args) => {
            let fleet = Fleet {
                targets: targets()?,
            };
            let report =
                block_on(fleet.run(|session| async move { connections::collect(&session).await }))?;
            finish(&out, &report, |target, c| {
                connections::render_table(&out, target, c, args.limit)
            })
        }
        Command::Locks(args) => {
            let opts = locks::Options {
                min_wait: args.min_wait.as_deref().map(parse_duration).transpose()?,
            };
            let fleet = Fleet {
                targets: targets()?,
            };
            let report = block_on(fleet.run(|session| {
                let opts = &opts;
                async move { locks::collect(&session, opts).await }
            }))?;
            let exit = finish(&out, &report, |target, l| {
                locks::render_table(&out, target, l)
            })?;
            let blocked_too_long = args.fail_if_blocked.is_some_and(|secs| {
                report
                    .targets
                    .iter()
                    .filter_map(|e| e.data.as_ref().and_then(locks::oldest_wait_secs))
                    .any(|oldest| oldest > secs as f64)
            });
            Ok(if exit == Exit::Ok && blocked_too_long {
                Exit::Found
            } else {
                exit
            })
        }
        Command::Roles(args) => {
            let opts = roles::Options {
                top: args.top,
                probe: args.probe,
                probe_budget: parse_duration(&args.probe_budget)?,
                force: args.force,
            };
            let fleet = Fleet {
                targets: targets()?,
            };
            let report = block_on(fleet.run(|session| {
                let opts = &opts;
                async move { roles::collect(&session, opts).await }
            }))?;
            finish(&out, &report, |target, r| {
                roles::render_table(&out, target, r)
            })
        }
        Command::Config(ConfigCommand::Check) => {
            let config = Config::load(g.config.as_deref(), &ctx)?;
            let targets = config.targets(&g.targets, g.dsn.as_deref(), &ctx)?;
            config_check(&out, &config, targets)
        }
        Command::Sandbox(cmd) => sandbox_command(&out, &ctx, cmd),
        Command::Completions(args) => {
            out.bytes(&artifacts::completions(args.shell))?;
            Ok(Exit::Ok)
        }
        Command::Man => {
            out.bytes(&artifacts::man()?)?;
            Ok(Exit::Ok)
        }
        Command::Doctor(_) => not_yet("doctor", 3),
        Command::Activity(_) => not_yet("activity", 3),
        Command::Backends(_) => not_yet("backends", 3),
        Command::Init => not_yet("init", 4),
        Command::Tenants(_) => not_yet("tenants", 4),
        Command::Jobs(_) => not_yet("jobs", 4),
        Command::Log(_) => not_yet("log", 4),
        Command::Notice(_) => not_yet("notice", 5),
        Command::Playbook(_) => not_yet("playbook", 6),
        Command::Rehearse(_) => not_yet("rehearse", 6),
    }
}

fn block_on<F: std::future::Future>(future: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    Ok(runtime.block_on(future))
}

/// Print a fleet report (JSON, or one table per target) and pick the exit code:
/// 2 when any target failed, each failure named on stderr.
fn finish<T: Serialize>(
    out: &Output,
    report: &Report<T>,
    render: impl Fn(&str, &T) -> String,
) -> anyhow::Result<Exit> {
    if out.is_json() {
        out.json(report)?;
    } else {
        let sections: Vec<String> = report
            .targets
            .iter()
            .filter_map(|e| e.data.as_ref().map(|data| render(&e.target, data)))
            .collect();
        if !sections.is_empty() {
            out.text(&sections.join("\n\n"))?;
        }
    }
    for failure in report.failures() {
        output::error(&failure);
    }
    Ok(if report.any_failed() {
        Exit::Error
    } else {
        Exit::Ok
    })
}

#[derive(Debug, Serialize)]
struct CheckedTarget {
    conninfo: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<String>,
    password: &'static str,
    session: crate::config::SessionSettings,
    warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    connect_ms: Option<u64>,
}

#[derive(Debug, Serialize)]
struct ConfigReport {
    config: Option<String>,
    #[serde(flatten)]
    report: Report<CheckedTarget>,
}

/// `quell config check`: the resolved targets (passwords redacted) and a live connect to each.
fn config_check(out: &Output, config: &Config, targets: Vec<Target>) -> anyhow::Result<Exit> {
    let describe = |t: &Target| CheckedTarget {
        conninfo: t.params.redacted(),
        role: t.role.clone(),
        notes: t.notes.clone(),
        password: t
            .params
            .endpoints
            .first()
            .map_or("none", |e| password_source(&e.password_source)),
        session: t.session.clone(),
        warnings: t.warnings.clone(),
        server_version: None,
        connect_ms: None,
    };
    let checks = targets.iter().map(|target| async move {
        let started = Instant::now();
        let result = crate::db::connect(target)
            .await
            .map(|session| CheckedTarget {
                server_version: Some(session.server_version.clone()),
                connect_ms: Some(started.elapsed().as_millis() as u64),
                ..describe(target)
            });
        crate::db::Entry::from_result(&target.name, result)
    });
    let mut report = Report {
        targets: block_on(futures_util::future::join_all(checks))?,
    };
    // A target that failed to connect still shows how it resolved.
    for (entry, target) in report.targets.iter_mut().zip(&targets) {
        if entry.data.is_none() {
            entry.data = Some(describe(target));
        }
    }
    let path = config.path.as_ref().map(|p| p.display().to_string());
    let failures: Vec<String> = report.failures().collect();
    if out.is_json() {
        out.json(&ConfigReport {
            config: path,
            report,
        })?;
    } else {
        out.text(&format!(
            "config: {}",
            path.as_deref()
                .unwrap_or("none (libpq environment and defaults)")
        ))?;
        let mut table = out.table(&["target", "conninfo", "password", "role", "status"]);
        for (entry, data) in report
            .targets
            .iter()
            .filter_map(|e| e.data.as_ref().map(|d| (e, d)))
        {
            let status = match (&entry.error, &data.server_version) {
                (Some(err), _) => out.level_cell(err, 2),
                (None, Some(version)) => out.level_cell(
                    format!(
                        "ok: PostgreSQL {version}, {} ms",
                        data.connect_ms.unwrap_or(0)
                    ),
                    0,
                ),
                (None, None) => out.level_cell("?", 1),
            };
            table.add_row(vec![
                comfy_table::Cell::new(&entry.target),
                comfy_table::Cell::new(&data.conninfo),
                comfy_table::Cell::new(data.password),
                comfy_table::Cell::new(data.role.as_deref().unwrap_or("")),
                status,
            ]);
        }
        out.text(&table.to_string())?;
    }
    for failure in &failures {
        output::error(failure);
    }
    Ok(if failures.is_empty() {
        Exit::Ok
    } else {
        Exit::Error
    })
}

fn password_source(source: &PasswordSource) -> &'static str {
    match source {
        PasswordSource::None => "none",
        PasswordSource::Conninfo => "DSN",
        PasswordSource::Env => "PGPASSWORD",
        PasswordSource::Passfile(_) => "password file",
        PasswordSource::Service => "service file",
    }
}

fn sandbox_command(out: &Output, ctx: &Context, cmd: SandboxCommand) -> anyhow::Result<Exit> {
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

fn init_tracing(verbose: u8) {
    let level = match verbose {
        0 => "quell=warn",
        1 => "quell=debug",
        _ => "quell=trace",
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(tracing_subscriber::EnvFilter::new(level))
        .with_target(false)
        .try_init();
}
