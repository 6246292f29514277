//! Dispatch: resolve configuration once, hand each command resolved values (never
//! `&Cli`), and return its exit code. The glue of each command is in `commands`.

use crate::cli::{
    BackendFilter, BackendsCommand, Cli, Command, ConfigCommand, GlobalArgs, JobsCommand,
    NoticeCommand, TenantsCommand,
};
use crate::commands::{self, block_on, finish};
use crate::config::Config;
use crate::db::conninfo::Context;
use crate::db::fleet::Fleet;
use crate::error::Exit;
use crate::inspect::snapshot::Filter;
use crate::inspect::{activity, connections, doctor, locks, roles};
use crate::output::{self, Output};
use crate::values::parse_duration;
use crate::{artifacts, confirm, control};
use anyhow::Context as _;

/// Run one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    init_tracing(cli.global.verbose);
    let started = std::time::Instant::now();
    let result = dispatch(cli);
    let outcome = match &result {
        Ok(exit) => format!("exit {}", *exit as u8),
        Err(e) => format!("error: {}", crate::error::chain(e)),
    };
    tracing::debug!(
        "done in {:.1} ms ({outcome})",
        started.elapsed().as_secs_f64() * 1000.0
    );
    result
}

fn dispatch(cli: Cli) -> anyhow::Result<Exit> {
    crate::interrupt::install();
    let ctx = Context::from_process();
    let no_color_env = ctx.env.get("NO_COLOR").is_some_and(|v| !v.is_empty());
    let out = Output::new(cli.global.output, cli.global.no_color, no_color_env);
    let g = &cli.global;
    match cli.command {
        Command::Connections(args) => {
            let (_, fleet) = fleet(g, &ctx)?;
            let report = block_on(fleet.run(async |s| connections::collect(s).await))?;
            finish(&out, &report, |target, c| {
                connections::render_table(&out, target, c, args.limit)
            })
        }
        Command::Activity(args) => {
            let (config, fleet) = fleet(g, &ctx)?;
            let opts = activity::Options {
                group_by: args.group_by,
                limit: args.limit,
                age: args.age,
                filter: Filter {
                    wait: args.wait,
                    ..filter(&args.filter, None)?
                }
                .validated()?,
                all_backends: args.all_backends,
            };
            let watch = args.watch.map(std::time::Duration::from_secs);
            commands::activity::run(
                &out,
                &fleet,
                &opts,
                config.file.tenants.session_org.as_ref(),
                watch,
            )
        }
        Command::Locks(args) => {
            let (_, fleet) = fleet(g, &ctx)?;
            let opts = crate::actions::LocksRequest {
                min_wait: args
                    .min_wait
                    .as_deref()
                    .map(parse_duration)
                    .transpose()?
                    .map(crate::actions::Dur),
            }
            .options();
            let report = block_on(fleet.run(async |s| locks::collect(s, &opts).await))?;
            let exit = finish(&out, &report, |target, l| {
                locks::render_table(&out, target, l)
            })?;
            let blocked_too_long = args.fail_if_blocked.is_some_and(|limit| {
                report
                    .targets
                    .iter()
                    .filter_map(|e| e.data.as_ref().and_then(locks::oldest_wait_secs))
                    .any(|oldest| oldest > limit.as_secs_f64())
            });
            Ok(if exit == Exit::Ok && blocked_too_long {
                Exit::Found
            } else {
                exit
            })
        }
        Command::Roles(args) => {
            let (_, fleet) = fleet(g, &ctx)?;
            let opts = crate::actions::RolesRequest {
                top: args.top,
                probe: args.probe,
                probe_budget: crate::actions::Dur(parse_duration(&args.probe_budget)?),
                force: args.force,
            }
            .options();
            let report = block_on(fleet.run(async |s| roles::collect(s, &opts).await))?;
            finish(&out, &report, |target, r| {
                roles::render_table(&out, target, r)
            })
        }
        Command::Backends(cmd) => {
            let (config, fleet) = fleet(g, &ctx)?;
            let (action, args) = match cmd {
                BackendsCommand::Cancel(args) => (commands::backends::Action::Cancel, args),
                BackendsCommand::Terminate(args) => (commands::backends::Action::Terminate, args),
            };
            let request = commands::backends::Request {
                action,
                pids: args.pid,
                filter: filter(&args.filter, args.org)?.validated()?,
                approval: confirm::Approval::from_flags(g.yes),
                dry_run: g.dry_run,
                actor: control::Actor::from_env(&ctx.env, &ctx.os_user),
            };
            commands::backends::run(
                &out,
                &fleet,
                &request,
                config.file.tenants.session_org.as_ref(),
            )
        }
        Command::Config(ConfigCommand::Check) => {
            let (config, fleet) = fleet(g, &ctx)?;
            commands::config_check::run(&out, &config, fleet)
        }
        Command::Sandbox(cmd) => commands::sandbox::run(&out, &ctx, cmd),
        Command::Completions(args) => {
            out.bytes(&artifacts::completions(args.shell))?;
            Ok(Exit::Ok)
        }
        Command::Man(args) => {
            let pages = artifacts::man_pages()?;
            if let Some(dir) = args.dir {
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
                for (name, page) in &pages {
                    let path = dir.join(name);
                    std::fs::write(&path, page)
                        .with_context(|| format!("writing {}", path.display()))?;
                }
                out.text(&format!(
                    "wrote {} man pages to {}",
                    pages.len(),
                    dir.display()
                ))?;
                return Ok(Exit::Ok);
            }
            let name = std::iter::once("quell".to_string())
                .chain(args.command.iter().cloned())
                .collect::<Vec<_>>()
                .join("-");
            let file = format!("{name}.1");
            match pages.iter().find(|(n, _)| *n == file) {
                Some((_, page)) => out.bytes(page)?,
                None => anyhow::bail!(
                    "no man page for `{}`: `quell --help` lists the commands",
                    args.command.join(" ")
                ),
            }
            Ok(Exit::Ok)
        }
        Command::Doctor(args) => {
            let (config, fleet) = fleet(g, &ctx)?;
            let thresholds = &config.file.doctor;
            commands::doctor::run(&out, &fleet, thresholds, doctor_severity(args.fail_on))
        }
        Command::Init => {
            let (config, fleet) = fleet(g, &ctx)?;
            let report = block_on(fleet.run(async |s| {
                let target = fleet.target(&s.target).context("the session's target")?;
                commands::jobs::init(s, target, &config.file.jobs, g.dry_run).await
            }))?;
            finish(&out, &report, |target, m| m.text(target))
        }
        Command::Tenants(cmd) => tenants(&out, g, &ctx, cmd),
        Command::Jobs(cmd) => {
            let (config, fleet) = fleet(g, &ctx)?;
            let request = match cmd {
                JobsCommand::List => commands::jobs::Request::List,
                JobsCommand::Pause(a) => commands::jobs::Request::Pause {
                    jobs: a.jobs,
                    non_essential: a.non_essential,
                    force: a.force,
                },
                JobsCommand::Resume(a) => commands::jobs::Request::Resume {
                    jobs: a.jobs,
                    paused: a.paused,
                },
            };
            let actor = control::Actor::from_env(&ctx.env, &ctx.os_user);
            commands::jobs::run(
                &out,
                fleet,
                &config.file.jobs,
                &request,
                confirm::Approval::from_flags(g.yes),
                g.dry_run,
                &actor,
            )
        }
        Command::Log(args) => {
            let (config, fleet) = fleet(g, &ctx)?;
            let since = args
                .since
                .as_deref()
                .map(parse_duration)
                .transpose()
                .map_err(|e| e.context("--since"))?;
            // PostgreSQL's timestamps reach back to 4713 BC; a century is plenty and
            // keeps the arithmetic (and the driver's) from overflowing.
            let since = match since {
                Some(d) if d > std::time::Duration::from_secs(100 * 365 * 86_400) => {
                    anyhow::bail!("--since reaches back more than 100 years; give a shorter duration, e.g. 30d")
                }
                Some(d) => std::time::SystemTime::now().checked_sub(d),
                None => None,
            };
            if let Some(kind) = &args.kind {
                crate::vocab::check("action kind", kind, crate::vocab::ACTION_KINDS, false)?;
            }
            let filter = control::LogFilter {
                subject: args.org,
                kind: args.kind,
                since,
                run_id: args.run_id,
                limit: args.limit,
            };
            commands::log::run(&out, &fleet, &filter, &config.file.jobs)
        }
        Command::Notice(cmd) => notice(&out, g, &ctx, cmd),
        Command::Playbook(cmd) => playbook(&out, g, &ctx, cmd),
        Command::Rehearse(a) => {
            let opts = crate::rehearse::Options {
                playbook: a.playbook,
                scenario: crate::sandbox::scenario::Scenario {
                    orgs: a.scenario.orgs,
                    users_per_org: a.scenario.users_per_org,
                    split: a.scenario.split,
                },
                max_connections: a.max_connections,
                bug: parse_duration(&a.bug).map_err(|e| e.context("--bug"))?,
                keep: a.keep,
                svg: a.svg,
            };
            crate::rehearse::run(&out, &ctx, &opts)
        }
    }
}

fn tenants(
    out: &Output,
    g: &GlobalArgs,
    ctx: &Context,
    cmd: TenantsCommand,
) -> anyhow::Result<Exit> {
    use commands::tenants as t;
    let (config, fleet) = fleet(g, ctx)?;
    let cfg = &config.file.tenants;
    let actor = || control::Actor::from_env(&ctx.env, &ctx.os_user);
    let timing = ctx.env.get("QUELL_TIMING").is_some_and(|v| !v.is_empty());
    match cmd {
        TenantsCommand::List => t::list(out, &fleet, cfg),
        TenantsCommand::Status => t::status(out, &fleet),
        TenantsCommand::Suspend(args) => {
            let crate::cli::RankBy::Connections = args.by;
            let req = t::SuspendRequest {
                orgs: args.orgs,
                top: args.top,
                from_file: args.from_file,
                reason: args.reason,
                approval: confirm::Approval::from_flags(g.yes),
                dry_run: g.dry_run,
                actor: actor(),
                timing,
            };
            t::suspend(out, &fleet, cfg, &req)
        }
        TenantsCommand::Resume(args) => {
            let interval = match args.interval.as_deref() {
                Some(d) => Some(crate::actions::Dur(
                    parse_duration(d).map_err(|e| e.context("--interval"))?,
                )),
                None => None,
            };
            let req = crate::actions::request::TenantsResumeRequest {
                orgs: args.orgs,
                all: args.all,
                batch: args.batch,
                interval,
                max_utilization: args.max_utilization,
            }
            .resolve_with(
                confirm::Approval::from_flags(g.yes),
                g.dry_run,
                actor(),
                timing,
            )?;
            t::resume(out, &fleet, cfg, &req)
        }
    }
}

fn notice(out: &Output, g: &GlobalArgs, ctx: &Context, cmd: NoticeCommand) -> anyhow::Result<Exit> {
    use crate::notice::model::EventKind;
    let config = config(g, ctx)?;
    let cfg = &config.file.notices;
    // Control targets: only when some are configured or named; never the PG* fallback.
    let configured = !config.file.targets.is_empty() || !g.targets.is_empty() || g.dsn.is_some();
    let control = match configured && !g.dry_run {
        false => Vec::new(),
        true => config
            .targets(&g.targets, g.dsn.as_deref(), ctx)
            .unwrap_or_else(|e| {
                output::warn(&format!(
                    "notices will not be journaled in quell.actions: {e:#}"
                ));
                Vec::new()
            }),
    };
    let body = |b, f: Option<std::path::PathBuf>| commands::notice::body(b, f.as_deref());
    let patch = |kind, a: crate::cli::NoticeUpdateArgs| -> anyhow::Result<_> {
        let Some(text) = body(a.body, a.body_file)? else {
            anyhow::bail!("--body (or --body-file) is required");
        };
        let action = commands::notice::patch_action(
            kind,
            a.incident,
            a.status.as_deref(),
            text,
            &a.component,
            a.no_notify,
            a.reopen,
        )?;
        Ok((action, a.provider))
    };
    let (action, provider) = match cmd {
        NoticeCommand::List(a) => (commands::notice::Action::List, a.provider),
        NoticeCommand::Post(a) => {
            let text = body(a.body, a.body_file.clone())?;
            // With --body-file and no --title, the file's first line is the title.
            let (title, text) = match (a.title, text, a.body_file.is_some()) {
                (Some(t), Some(b), _) => (t, b),
                (None, Some(b), true) => match b.split_once('\n') {
                    Some((t, rest)) => (t.trim().to_string(), rest.trim().to_string()),
                    None => anyhow::bail!(
                        "--title is required (or a title line, then the body, in --body-file)"
                    ),
                },
                (None, _, _) => anyhow::bail!("--title is required"),
                (_, None, _) => anyhow::bail!("--body (or --body-file) is required"),
            };
            let action = commands::notice::post_action(
                title,
                text,
                a.status.as_deref(),
                a.impact.as_deref(),
                &a.component,
                a.key,
                a.no_notify,
            )?;
            (action, a.provider)
        }
        NoticeCommand::Update(a) => patch(EventKind::Update, a)?,
        NoticeCommand::Resolve(a) => patch(EventKind::Resolve, a)?,
    };
    let request = commands::notice::Request {
        action,
        provider,
        approval: confirm::Approval::from_flags(g.yes),
        dry_run: g.dry_run,
        actor: control::Actor::from_env(&ctx.env, &ctx.os_user),
        journal: cfg.journal_path(ctx)?,
        control,
    };
    commands::notice::run(out, cfg, &ctx.env, request)
}

fn playbook(
    out: &Output,
    g: &GlobalArgs,
    ctx: &Context,
    cmd: crate::cli::PlaybookCommand,
) -> anyhow::Result<Exit> {
    use crate::cli::PlaybookCommand as P;
    match cmd {
        P::Schema => {
            out.bytes(commands::playbook::schema_text().as_bytes())?;
            Ok(Exit::Ok)
        }
        P::Validate(a) => commands::playbook::validate(out, &a.playbooks),
        P::List => commands::playbook::list(out),
        P::Show(a) => commands::playbook::show(out, &a.playbook),
        P::Run(a) => {
            let source = crate::playbook::locate(&a.playbook)?;
            let book = commands::playbook::loaded(&source)?;
            let (config, fleet) = fleet(g, ctx)?;
            let mut inputs = Vec::new();
            for kv in &a.inputs {
                let Some((k, v)) = kv.split_once('=') else {
                    anyhow::bail!("--input {kv:?}: write NAME=VALUE");
                };
                inputs.push((k.trim().to_string(), v.to_string()));
            }
            let opts = crate::playbook::run::Options {
                inputs,
                yes: g.yes,
                approve: a.approve,
                journal_dir: commands::playbook::journal_dir(ctx),
                source: source.text.clone(),
                resume: None,
            };
            let actor = control::Actor::from_env(&ctx.env, &ctx.os_user);
            commands::playbook::run(
                out,
                commands::playbook::Setting {
                    process: ctx,
                    config: &config,
                    fleet,
                    actor: &actor,
                    dry_run: g.dry_run,
                },
                &book,
                &opts,
            )
        }
        P::Resume(a) => {
            let dir = commands::playbook::journal_dir(ctx);
            let crate::playbook::run::Journaled {
                source: text,
                inputs,
                resumed,
            } = crate::playbook::run::read_journal(dir.as_deref(), &a.run_id)?;
            let source = crate::playbook::Source {
                path: std::path::PathBuf::from(format!("(run {})", a.run_id)),
                text,
            };
            let book = commands::playbook::loaded(&source)?;
            let (config, fleet) = fleet(g, ctx)?;
            let dry_run = resumed.dry_run;
            if g.dry_run && !dry_run {
                anyhow::bail!(
                    "--dry-run: run {} was a live run, and resume continues it for real; to see what it would do, run the playbook again with --dry-run",
                    a.run_id
                );
            }
            let opts = crate::playbook::run::Options {
                inputs,
                yes: g.yes,
                approve: a.approve,
                journal_dir: dir,
                source: source.text.clone(),
                resume: Some(resumed),
            };
            let mut actor = control::Actor::from_env(&ctx.env, &ctx.os_user);
            actor.run_id = a.run_id.clone();
            commands::playbook::run(
                out,
                commands::playbook::Setting {
                    process: ctx,
                    config: &config,
                    fleet,
                    actor: &actor,
                    dry_run,
                },
                &book,
                &opts,
            )
        }
        P::Runs(a) => commands::playbook::runs(
            out,
            commands::playbook::journal_dir(ctx).as_deref(),
            a.limit,
        ),
    }
}

/// Load the config and resolve the selected targets; print their resolution warnings.
/// The config this invocation uses. `-t sandbox` alone, with no target of that name
/// configured: the running sandbox's own quell.yaml (its app database, tenants,
/// jobs and notices), so that what works with `-c DIR/quell.yaml` works with `-t
/// sandbox` too.
fn config(g: &GlobalArgs, ctx: &Context) -> anyhow::Result<Config> {
    let config = Config::load(g.config.as_deref(), ctx)?;
    if g.targets == ["sandbox"] && g.dsn.is_none() && !config.file.targets.contains_key("sandbox") {
        let own = crate::sandbox::local::default_dir(ctx).join("quell.yaml");
        if own.is_file() && crate::sandbox::local::running_dsn(ctx).is_ok() {
            return Config::load(Some(&own), ctx);
        }
    }
    Ok(config)
}

fn fleet(g: &GlobalArgs, ctx: &Context) -> anyhow::Result<(Config, Fleet)> {
    let config = config(g, ctx)?;
    let targets = config.targets(&g.targets, g.dsn.as_deref(), ctx)?;
    output::set_selection(output::Selection {
        config: g.config.as_ref().map(|c| c.display().to_string()),
        targets: g.targets.clone(),
        dsn: g.dsn.clone(),
        named: config.file.targets.keys().cloned().collect(),
    });
    for target in &targets {
        for warning in &target.warnings {
            output::warn(&format!("target {}: {warning}", target.name));
        }
    }
    Ok((
        config,
        Fleet {
            targets,
            parallel: g.parallel,
        },
    ))
}

fn doctor_severity(s: crate::cli::Severity) -> doctor::Severity {
    match s {
        crate::cli::Severity::Info => doctor::Severity::Info,
        crate::cli::Severity::Warning => doctor::Severity::Warning,
        crate::cli::Severity::Critical => doctor::Severity::Critical,
    }
}

fn filter(args: &BackendFilter, org: Option<String>) -> anyhow::Result<Filter> {
    Ok(Filter {
        state: args.state.clone(),
        database: args.db.clone(),
        role: args.role.clone(),
        application: args.app.clone(),
        min_duration: args
            .min_duration
            .as_deref()
            .map(parse_duration)
            .transpose()
            .map_err(|e| e.context("--min-duration"))?,
        wait: None,
        org,
    })
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
