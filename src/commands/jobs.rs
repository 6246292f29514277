//! `quell jobs list | pause | resume`: connect each target to the database its
//! jobs live in (`jobs.database`), work out which jobs to act on, show them,
//! confirm (an essential job named explicitly needs `--force` or a person at a
//! terminal, even with `--yes`), then act on each job, carrying on past failures.

use anyhow::Context as _;
use comfy_table::Cell;
use serde::Serialize;

use super::{block_on, finish};
use crate::confirm::Approval;
use crate::control::{self, Actor};
use crate::db::fleet::{each, Connected, Fleet, Report};
use crate::db::Session;
use crate::error::{Exit, Refused};
use crate::jobs::{self, Acting, JobResult, JobsConfig, Listing, Store};
use crate::output::{self, Output};

/// What the operator asked for, resolved.
#[derive(Debug, Clone)]
pub enum Request {
    List,
    Pause {
        jobs: Vec<String>,
        non_essential: bool,
        force: bool,
    },
    Resume {
        jobs: Vec<String>,
        paused: bool,
    },
}

/// One target's outcome of `pause` or `resume`.
#[derive(Debug, Serialize)]
pub struct Acted {
    pub backend: &'static str,
    pub database: String,
    pub dry_run: bool,
    pub jobs: Vec<JobResult>,
}

/// Which jobs one target acts on, before confirmation.
struct Plan {
    database: String,
    jobs: Vec<String>,
    essential: Vec<String>,
}

pub fn run(
    out: &Output,
    fleet: Fleet,
    config: &JobsConfig,
    req: &Request,
    approval: Approval,
    dry_run: bool,
    actor: &Actor,
) -> anyhow::Result<Exit> {
    let store = Store::new(config)?;
    let fleet = in_jobs_database(fleet, config);
    match req {
        Request::List => {
            let report = block_on(
                fleet.run(async |s| in_db(s, jobs::list(&s.client, &store, config)).await),
            )?;
            finish(out, &report, |target, l| render_list(out, target, l))
        }
        Request::Pause {
            jobs,
            non_essential,
            ..
        } => {
            selection(jobs, *non_essential, "--non-essential")?;
            act(out, &fleet, &store, config, req, approval, dry_run, actor)
        }
        Request::Resume { jobs, paused } => {
            selection(jobs, *paused, "--paused")?;
            act(out, &fleet, &store, config, req, approval, dry_run, actor)
        }
    }
}

pub fn selection(names: &[String], flag: bool, flag_name: &str) -> anyhow::Result<()> {
    match (names.is_empty(), flag) {
        (true, false) => anyhow::bail!("say which jobs: NAME… or {flag_name}"),
        (false, true) => anyhow::bail!("give job names or {flag_name}, not both"),
        _ => Ok(()),
    }
}

/// Point every target at the database its jobs live in (the control schema is there too).
pub fn in_jobs_database(fleet: Fleet, config: &JobsConfig) -> Fleet {
    let targets = fleet
        .targets
        .into_iter()
        .map(|t| jobs_target(&t, config).unwrap_or(t))
        .collect();
    Fleet {
        targets,
        parallel: fleet.parallel,
    }
}

/// `target` pointed at its jobs database, when `jobs.database` names another one
/// (pg_cron's `postgres`): where `init` also creates the control schema and `log`
/// also reads the journal.
pub fn jobs_target(
    target: &crate::config::Target,
    config: &JobsConfig,
) -> Option<crate::config::Target> {
    let database = config.database().filter(|d| *d != target.params.dbname)?;
    let mut jobs = target.clone();
    jobs.params.dbname = database.to_string();
    Some(jobs)
}

/// `quell init` on one target's open session, and on its jobs database when that
/// is another one.
pub async fn init(
    session: &Session,
    target: &crate::config::Target,
    config: &JobsConfig,
    dry_run: bool,
) -> anyhow::Result<control::Initialised> {
    let Some(jobs) = jobs_target(target, config) else {
        return control::init(&session.client, None, dry_run).await;
    };
    let database = &jobs.params.dbname;
    let other = crate::db::connect(&jobs)
        .await
        .with_context(|| format!("jobs database {database}"))?;
    control::init(&session.client, Some((database, &other.client)), dry_run).await
}

const DATABASE_SQL: &str = "SELECT current_database()";

async fn database(s: &Session) -> anyhow::Result<String> {
    Ok(s.client.query_one(DATABASE_SQL, &[]).await?.try_get(0)?)
}

/// Errors say which database they came from (it may not be the target's own).
pub async fn in_db<T>(
    s: &Session,
    work: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    let db = database(s).await?;
    work.await.with_context(|| format!("database {db}"))
}

async fn plan(
    s: &Session,
    store: &Store,
    config: &JobsConfig,
    req: &Request,
) -> anyhow::Result<Plan> {
    let database = database(s).await?;
    let inner = async {
        control::ensure_current(&s.client).await?;
        store.check(&s.client).await?;
        let names: Vec<String> = match req {
            Request::Pause {
                non_essential: true,
                ..
            } => store
                .list(&s.client)
                .await?
                .into_iter()
                .filter(|j| j.active && !config.is_essential(&j.name))
                .map(|j| j.name)
                .collect(),
            Request::Resume { paused: true, .. } => {
                jobs::open_pauses(&s.client, store.backend.name())
                    .await?
                    .into_iter()
                    .map(|p| p.job)
                    .collect()
            }
            Request::Pause { jobs, .. } | Request::Resume { jobs, .. } => jobs.clone(),
            Request::List => Vec::new(),
        };
        let mut unique: Vec<String> = Vec::new();
        for name in names {
            if !unique.contains(&name) {
                unique.push(name);
            }
        }
        anyhow::Ok(unique)
    };
    let jobs = inner
        .await
        .with_context(|| format!("database {database}"))?;
    let essential = match req {
        Request::Pause {
            non_essential: false,
            ..
        } => jobs
            .iter()
            .filter(|j| config.is_essential(j))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    Ok(Plan {
        database,
        jobs,
        essential,
    })
}

#[allow(clippy::too_many_arguments)]
fn act(
    out: &Output,
    fleet: &Fleet,
    store: &Store,
    config: &JobsConfig,
    req: &Request,
    approval: Approval,
    dry_run: bool,
    actor: &Actor,
) -> anyhow::Result<Exit> {
    let verb = match req {
        Request::Pause { .. } => "pause",
        _ => "resume",
    };
    block_on(async {
        let sessions = fleet.connect_all().await?;
        let how = Act {
            store,
            config,
            approval,
            dry_run,
            actor,
        };
        let report = act_on(out, &sessions, &how, req).await?;
        show(out, &report, verb)
    })?
}

/// How `jobs pause`/`resume` act, resolved.
pub struct Act<'a> {
    pub store: &'a Store,
    pub config: &'a JobsConfig,
    pub approval: Approval,
    pub dry_run: bool,
    pub actor: &'a Actor,
}

/// The `jobs.pause` / `jobs.resume` action over sessions open in the jobs database:
/// plan each target, confirm (essential jobs need `force`), act on each job (its line
/// printed as it happens), report.
pub async fn act_on(
    out: &Output,
    sessions: &[Connected],
    how: &Act<'_>,
    req: &Request,
) -> anyhow::Result<Report<Acted>> {
    let Act {
        store,
        config,
        approval,
        dry_run,
        actor,
    } = *how;
    let (verb, pausing) = match req {
        Request::Pause { .. } => ("pause", true),
        _ => ("resume", false),
    };
    let plans = each(sessions, async |s| plan(s, store, config, req).await).await;
    let count: usize = plans
        .targets
        .iter()
        .filter_map(|e| e.data.as_ref())
        .map(|p| p.jobs.len())
        .sum();
    let essential: Vec<String> = plans
        .targets
        .iter()
        .filter_map(|e| e.data.as_ref().map(|p| (e, p)))
        .flat_map(|(e, p)| {
            p.essential
                .iter()
                .map(move |j| format!("{j} on {}", e.target))
        })
        .collect();
    if count > 0 && !dry_run {
        let where_ = match plans.targets.as_slice() {
            [one] => format!(" on {}", one.target),
            many => format!(" on {} targets", many.len()),
        };
        approval.confirm(&format!(
            "{verb} {}{where_}",
            crate::output::count(count, "job")
        ))?;
        if !essential.is_empty() {
            let force = matches!(req, Request::Pause { force: true, .. });
            essential_gate(force, &essential)?;
        }
    }
    crate::interrupt::graceful();
    let mut report: Report<Acted> = Report {
        targets: Vec::new(),
    };
    for (entry, connected) in plans.targets.into_iter().zip(sessions) {
        let acted = match (entry.data, &connected.session) {
            (Some(plan), Ok(session)) => {
                let how = Acting {
                    store,
                    target: &entry.target,
                    actor,
                    dry_run,
                };
                let mut results = Vec::new();
                if dry_run {
                    dry_run_header(out, &entry.target, &plan.database, &plan.jobs);
                }
                for name in &plan.jobs {
                    let result = match crate::tenants::stop_reason(session) {
                        Some(why) => jobs::JobResult::not_attempted(name, &why),
                        None if pausing => jobs::pause(&session.client, how, name).await,
                        None => jobs::resume(&session.client, how, name).await,
                    };
                    // As it happens: a signal or a lost session leaves a true record.
                    print_job(out, &entry.target, &result);
                    results.push(result);
                }
                Ok(Acted {
                    backend: store.backend.name(),
                    database: plan.database,
                    dry_run,
                    jobs: results,
                })
            }
            _ => Err(anyhow::anyhow!(entry
                .error
                .unwrap_or_else(|| "not connected".to_string()))),
        };
        report
            .targets
            .push(crate::db::Entry::from_result(&entry.target, acted));
    }
    Ok(report)
}

/// `--yes` does not cover an essential job named explicitly: `--force` does, or a
/// person at a terminal; otherwise refused (exit 3).
fn essential_gate(force: bool, essential: &[String]) -> anyhow::Result<()> {
    let noun = if essential.len() == 1 { "job" } else { "jobs" };
    let what = format!("pause essential {noun} {}", essential.join(", "));
    match Approval::from_flags(force) {
        Approval::Refuse => Err(Refused(format!(
            "refusing to {what}: --yes does not cover essential jobs; pass --force to pause them"
        ))
        .into()),
        approval => approval.confirm(&what),
    }
}

/// Before a dry run's jobs on a target: the header their SQL goes under.
fn dry_run_header(out: &Output, target: &str, database: &str, jobs: &[String]) {
    if !out.is_json() && !jobs.is_empty() {
        let _ = out.text(&format!(
            "-- {target} (dry run: nothing is changed), database {database}"
        ));
    }
}

/// One job's line as soon as it is known: its outcome on stdout (not with `-o json`),
/// a failure on stderr (always).
fn print_job(out: &Output, target: &str, job: &jobs::JobResult) {
    if let Some(error) = &job.error {
        output::error(&format!("target {target}: job {}: {error}", job.job));
        return;
    }
    if out.is_json() || job.result == jobs::Outcome::NotAttempted {
        return;
    }
    let mut lines = vec![format!("{target}: {}: {}", job.job, job.detail)];
    lines.extend(job.sql.iter().map(|s| format!("  {s}")));
    let _ = out.text(&lines.join("\n"));
}

/// After every job: JSON, failed targets, what was left undone; the exit code.
fn show(out: &Output, report: &Report<Acted>, verb: &str) -> anyhow::Result<Exit> {
    let mut failed = report.any_failed();
    for failure in report.failures() {
        output::error(&failure);
    }
    let mut left = Vec::new();
    for entry in &report.targets {
        let Some(acted) = &entry.data else { continue };
        if acted.jobs.is_empty() && !out.is_json() {
            out.text(&format!(
                "{}: no job to {verb} (database {}, {})",
                entry.target, acted.database, acted.backend
            ))?;
        }
        failed |= acted.jobs.iter().any(|j| j.error.is_some());
        left.extend(
            acted
                .jobs
                .iter()
                .filter(|j| j.result == jobs::Outcome::NotAttempted)
                .map(|j| (j.job.as_str(), j.detail.as_str())),
        );
    }
    if out.is_json() {
        out.json(report)?;
    }
    if let (None, Some(signal)) = (left.first(), crate::interrupt::requested()) {
        output::note(&format!(
            "interrupted by {} after every job was done",
            crate::interrupt::name(signal)
        ));
    }
    if let Some((_, why)) = left.first() {
        let names: Vec<&str> = left.iter().map(|(j, _)| *j).collect();
        output::note(&format!(
            "{}: {} not attempted: {}",
            why.trim_start_matches("not attempted: "),
            left.len(),
            output::some(&names, 20)
        ));
    }
    Ok(if let Some(exit) = crate::interrupt::exit() {
        exit
    } else if failed || !left.is_empty() {
        Exit::Error
    } else {
        Exit::Ok
    })
}

fn render_list(out: &Output, target: &str, listing: &Listing) -> String {
    if listing.jobs.is_empty() {
        return format!(
            "{target}: no jobs ({}, database {})",
            listing.backend, listing.database
        );
    }
    let mut table = out.table(&["job", "schedule", "active", "essential", "paused by quell"]);
    for job in &listing.jobs {
        let paused = job
            .paused_by_quell
            .as_ref()
            .map(|p| format!("since {} by {}", p.since, p.by))
            .unwrap_or_default();
        table.add_row(vec![
            Cell::new(&job.name),
            Cell::new(&job.schedule),
            Cell::new(if job.active { "yes" } else { "no" }),
            Cell::new(if job.essential { "yes" } else { "" }),
            Cell::new(paused),
        ]);
    }
    format!(
        "{target}: {} jobs ({}, database {})\n{table}",
        listing.jobs.len(),
        listing.backend,
        listing.database
    )
}
