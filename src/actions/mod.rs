//! The actions layer: one typed async function per capability, over sessions that are
//! already open. A CLI command resolves its flags into the request, opens the sessions,
//! calls the action and renders the report; a playbook step renders its `with:` into
//! the same request (unknown fields rejected), calls the same function and keeps the
//! report as `steps.<id>.output`. Nothing here prints except the per-item lines a long
//! action streams (an org suspended, a job paused), which go through `Output` as the
//! CLI's do.

pub mod request;

use serde::Serialize;
use serde_json::Value;

use crate::config::Config;
use crate::confirm::Approval;
use crate::control::Actor;
use crate::db::fleet::{each, Connected, Report};
use crate::db::Session;
use crate::inspect::{activity, connections, doctor, locks, roles};
use crate::output::Output;
pub use request::*;

/// What every action runs with.
pub struct Ctx<'a> {
    pub out: &'a Output,
    pub config: &'a Config,
    /// The process's environment, home and user (notice providers read their secrets
    /// from it; the notice journal lives under its state dir).
    pub process: &'a crate::db::conninfo::Context,
    /// One session per selected target.
    pub sessions: &'a [Connected],
    /// Sessions in `jobs.database` (the same as `sessions` when it is not configured).
    pub jobs_sessions: &'a [Connected],
    pub actor: &'a Actor,
    pub dry_run: bool,
    /// How a confirmation inside an action is answered (a playbook's gate has already
    /// been passed when its step runs: `Given`).
    pub approval: Approval,
}

/// What an action does to the world, for dry runs, gates and resume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Reads only: runs for real in a dry run.
    Read,
    /// Changes something: prints its SQL in a dry run.
    Write,
    /// Controls the run (sleep, log, wait_until).
    Flow,
}

/// One action's catalogue entry.
pub struct Spec {
    pub name: &'static str,
    pub effect: Effect,
    /// Safe to run again after a run died mid-way (a ledger makes a repeat a no-op).
    pub idempotent: bool,
    pub summary: &'static str,
    /// The request's JSON Schema.
    pub schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    /// Parse a request (unknown fields rejected).
    pub check: fn(Value) -> anyhow::Result<()>,
}

macro_rules! spec {
    ($name:literal, $effect:ident, $idem:literal, $req:ty, $summary:literal) => {
        Spec {
            name: $name,
            effect: Effect::$effect,
            idempotent: $idem,
            summary: $summary,
            schema: |g| g.subschema_for::<$req>(),
            check: |v| parse::<$req>(v).map(|_| ()),
        }
    };
}

/// Every action a playbook step can name, in the order docs/playbooks.md lists them.
pub const SPECS: &[Spec] = &[
    spec!(
        "doctor",
        Read,
        true,
        DoctorRequest,
        "Diagnose each target: findings worst first, the worst severity of all"
    ),
    spec!(
        "activity",
        Read,
        true,
        ActivityRequest,
        "What the backends are doing, grouped, with the longest-running"
    ),
    spec!(
        "locks",
        Read,
        true,
        LocksRequest,
        "Lock waits as blocking trees"
    ),
    spec!(
        "connections",
        Read,
        true,
        ConnectionsRequest,
        "Connection slots: used, available, utilization, breakdowns"
    ),
    spec!(
        "roles",
        Read,
        true,
        RolesRequest,
        "Role-membership fan-out of login roles"
    ),
    spec!(
        "backends.cancel",
        Write,
        false,
        BackendsRequest,
        "Cancel the running query of matched backends (pg_cancel_backend)"
    ),
    spec!(
        "backends.terminate",
        Write,
        false,
        BackendsRequest,
        "End matched sessions (pg_terminate_backend)"
    ),
    spec!(
        "tenants.list",
        Read,
        true,
        TenantsListRequest,
        "Orgs, their sessions and whether quell suspended them"
    ),
    spec!(
        "tenants.status",
        Read,
        true,
        TenantsStatusRequest,
        "Orgs suspended by quell"
    ),
    spec!(
        "tenants.suspend",
        Write,
        true,
        TenantsSuspendRequest,
        "Suspend orgs (journaled; resume restores exactly)"
    ),
    spec!(
        "tenants.resume",
        Write,
        true,
        TenantsResumeRequest,
        "Resume orgs quell suspended, at once or gradually"
    ),
    spec!(
        "jobs.list",
        Read,
        true,
        JobsListRequest,
        "Periodic jobs, essential or not, paused by quell or not"
    ),
    spec!(
        "jobs.pause",
        Write,
        true,
        JobsPauseRequest,
        "Pause jobs (journaled; resume restores exactly)"
    ),
    spec!(
        "jobs.resume",
        Write,
        true,
        JobsResumeRequest,
        "Resume jobs quell paused"
    ),
    spec!(
        "notice.post",
        Write,
        true,
        NoticePostRequest,
        "Open a status-page incident (adopted, never duplicated, when its key is open)"
    ),
    spec!(
        "notice.update",
        Write,
        true,
        NoticeUpdateRequest,
        "Post an update to the incident quell opened"
    ),
    spec!(
        "notice.resolve",
        Write,
        true,
        NoticeResolveRequest,
        "Resolve the incident, every affected component back to operational"
    ),
    spec!(
        "init",
        Write,
        true,
        InitRequest,
        "Create or upgrade the control schema"
    ),
    spec!(
        "log",
        Flow,
        true,
        LogRequest,
        "Write a message to the run's output and journal"
    ),
    spec!(
        "sql",
        Read,
        false,
        SqlRequest,
        "Run SQL: a read-only query (rows as JSON), or with write: true a statement"
    ),
    spec!(
        "sleep",
        Flow,
        true,
        SleepRequest,
        "Wait a fixed time (interruptible)"
    ),
    spec!(
        "wait_until",
        Flow,
        true,
        WaitUntilRequest,
        "Poll a check until a condition holds continuously for a while"
    ),
];

pub fn spec(name: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.name == name)
}

/// A request from JSON: unknown fields and wrong types are errors naming the field.
pub fn parse<T: serde::de::DeserializeOwned>(with: Value) -> anyhow::Result<T> {
    let with = match with {
        Value::Null => Value::Object(Default::default()),
        v => v,
    };
    serde_path_to_error::deserialize(with).map_err(|e| {
        let path = e.path().to_string();
        match path.as_str() {
            "." | "" => anyhow::anyhow!("{}", e.inner()),
            p => anyhow::anyhow!("{p}: {}", e.inner()),
        }
    })
}

/// Run `action` with the JSON request `with` and return its report as JSON. `sleep`
/// and `wait_until` belong to the runner (they need the run's clock and expressions).
pub async fn call(ctx: &Ctx<'_>, action: &str, with: Value) -> anyhow::Result<Value> {
    fn json<T: Serialize>(v: T) -> anyhow::Result<Value> {
        Ok(serde_json::to_value(v)?)
    }
    match action {
        "doctor" => json(doctor(ctx, &parse(with)?).await),
        "activity" => json(activity(ctx, &parse(with)?).await?),
        "locks" => json(locks(ctx, &parse(with)?).await),
        "connections" => json(connections(ctx, &parse(with)?).await),
        "roles" => json(roles(ctx, &parse(with)?).await),
        "backends.cancel" => json(backends(ctx, Backends::Cancel, &parse(with)?).await?),
        "backends.terminate" => json(backends(ctx, Backends::Terminate, &parse(with)?).await?),
        "tenants.list" => json(tenants_list(ctx, &parse(with)?).await?),
        "tenants.status" => json(tenants_status(ctx, &parse(with)?).await),
        "tenants.suspend" => json(tenants_suspend(ctx, parse(with)?).await?),
        "tenants.resume" => json(tenants_resume(ctx, parse(with)?).await?),
        "jobs.list" => json(jobs_list(ctx, &parse(with)?).await?),
        "jobs.pause" => json(jobs_pause(ctx, parse(with)?).await?),
        "jobs.resume" => json(jobs_resume(ctx, parse(with)?).await?),
        "notice.post" => notice(ctx, parse::<NoticePostRequest>(with)?.action()?).await,
        "notice.update" => notice(ctx, parse::<NoticeUpdateRequest>(with)?.action()?).await,
        "notice.resolve" => notice(ctx, parse::<NoticeResolveRequest>(with)?.action()?).await,
        "init" => json(init(ctx, &parse(with)?).await),
        "sql" => json(sql(ctx, &parse(with)?).await),
        other => anyhow::bail!("action {other} is not callable here"),
    }
}

/// `{"worst": …, "targets": […]}`: doctor's fleet report.
#[derive(Debug, Serialize)]
pub struct DoctorReport {
    /// The worst severity over the targets: `null` when a target did not answer and
    /// none that did is critical (unknown is not ok); `ok` when every target answered
    /// and none found anything.
    pub worst: Option<crate::level::Level>,
    #[serde(flatten)]
    pub report: Report<doctor::Diagnosis>,
}

pub async fn doctor(ctx: &Ctx<'_>, _req: &DoctorRequest) -> DoctorReport {
    let thresholds = &ctx.config.file.doctor;
    doctor_of(each(ctx.sessions, async |s| doctor::collect(s, thresholds).await).await)
}

/// The fleet report with its worst severity.
pub fn doctor_of(report: Report<doctor::Diagnosis>) -> DoctorReport {
    let answered = report
        .targets
        .iter()
        .filter_map(|e| e.data.as_ref().map(|d| d.worst))
        .max()
        .unwrap_or(crate::level::Level::Ok);
    let worst = match report.any_failed() {
        true if answered < crate::level::Level::Critical => None,
        _ => Some(answered),
    };
    DoctorReport { worst, report }
}

pub async fn activity(
    ctx: &Ctx<'_>,
    req: &ActivityRequest,
) -> anyhow::Result<Report<activity::Activity>> {
    let opts = req.options()?;
    let orgs = ctx.config.file.tenants.session_org.as_ref();
    Ok(each(ctx.sessions, async |s| {
        activity::collect(s, &opts, orgs).await
    })
    .await)
}

pub async fn locks(ctx: &Ctx<'_>, req: &LocksRequest) -> Report<locks::Locks> {
    let opts = req.options();
    each(ctx.sessions, async |s| locks::collect(s, &opts).await).await
}

pub async fn connections(
    ctx: &Ctx<'_>,
    _req: &ConnectionsRequest,
) -> Report<connections::Connections> {
    each(ctx.sessions, async |s| connections::collect(s).await).await
}

pub async fn roles(ctx: &Ctx<'_>, req: &RolesRequest) -> Report<roles::Roles> {
    let opts = req.options();
    each(ctx.sessions, async |s| roles::collect(s, &opts).await).await
}

use crate::commands::backends::Action as Backends;

/// `backends.cancel` / `backends.terminate`: the matched backends, each one's result.
pub async fn backends(
    ctx: &Ctx<'_>,
    action: Backends,
    req: &BackendsRequest,
) -> anyhow::Result<Report<crate::commands::backends::Outcome>> {
    let req = crate::commands::backends::Request {
        action,
        pids: req.pid.clone(),
        filter: req.filter().validated()?,
        approval: ctx.approval,
        dry_run: ctx.dry_run,
        actor: ctx.actor.clone(),
    };
    let orgs = ctx.config.file.tenants.session_org.as_ref();
    crate::commands::backends::act_on(ctx.out, ctx.sessions, &req, orgs).await
}

pub async fn tenants_list(
    ctx: &Ctx<'_>,
    _req: &TenantsListRequest,
) -> anyhow::Result<Report<crate::commands::tenants::OrgList>> {
    let cfg = &ctx.config.file.tenants;
    cfg.list_sql()?;
    Ok(each(ctx.sessions, async |s| {
        crate::commands::tenants::list_one(s, cfg).await
    })
    .await)
}

pub async fn tenants_status(
    ctx: &Ctx<'_>,
    _req: &TenantsStatusRequest,
) -> Report<crate::commands::tenants::Status> {
    each(ctx.sessions, async |s| {
        crate::commands::tenants::status_one(s).await
    })
    .await
}

pub async fn tenants_suspend(
    ctx: &Ctx<'_>,
    req: TenantsSuspendRequest,
) -> anyhow::Result<crate::commands::tenants::TenantsReport> {
    let req = crate::commands::tenants::SuspendRequest {
        orgs: req.orgs,
        top: req.top,
        from_file: req.from_file,
        reason: req.reason,
        approval: ctx.approval,
        dry_run: ctx.dry_run,
        actor: ctx.actor.clone(),
        timing: false,
    };
    crate::commands::tenants::suspend_on(ctx.out, ctx.sessions, &ctx.config.file.tenants, &req)
        .await
}

pub async fn tenants_resume(
    ctx: &Ctx<'_>,
    req: TenantsResumeRequest,
) -> anyhow::Result<crate::commands::tenants::TenantsReport> {
    let req = req.resolve(ctx)?;
    crate::commands::tenants::resume_on(ctx.out, ctx.sessions, &ctx.config.file.tenants, &req).await
}

pub async fn jobs_list(
    ctx: &Ctx<'_>,
    _req: &JobsListRequest,
) -> anyhow::Result<Report<crate::jobs::Listing>> {
    let config = &ctx.config.file.jobs;
    let store = crate::jobs::Store::new(config)?;
    let store = &store;
    Ok(each(ctx.jobs_sessions, async |s| {
        crate::commands::jobs::in_db(s, crate::jobs::list(&s.client, store, config)).await
    })
    .await)
}

async fn jobs_act(
    ctx: &Ctx<'_>,
    req: crate::commands::jobs::Request,
) -> anyhow::Result<Report<crate::commands::jobs::Acted>> {
    let config = &ctx.config.file.jobs;
    let store = crate::jobs::Store::new(config)?;
    let how = crate::commands::jobs::Act {
        store: &store,
        config,
        approval: ctx.approval,
        dry_run: ctx.dry_run,
        actor: ctx.actor,
    };
    crate::commands::jobs::act_on(ctx.out, ctx.jobs_sessions, &how, &req).await
}

pub async fn jobs_pause(
    ctx: &Ctx<'_>,
    req: JobsPauseRequest,
) -> anyhow::Result<Report<crate::commands::jobs::Acted>> {
    jobs_act(
        ctx,
        crate::commands::jobs::Request::Pause {
            jobs: req.jobs,
            non_essential: req.non_essential,
            force: req.force,
        },
    )
    .await
}

pub async fn jobs_resume(
    ctx: &Ctx<'_>,
    req: JobsResumeRequest,
) -> anyhow::Result<Report<crate::commands::jobs::Acted>> {
    jobs_act(
        ctx,
        crate::commands::jobs::Request::Resume {
            jobs: req.jobs,
            paused: req.paused,
        },
    )
    .await
}

/// `notice.*`: the same provider, journal and idempotency as the commands; the
/// `quell.actions` row goes on the run's sessions.
pub async fn notice(
    ctx: &Ctx<'_>,
    (action, provider): (crate::commands::notice::Action, Option<String>),
) -> anyhow::Result<Value> {
    let cfg = &ctx.config.file.notices;
    let req = crate::commands::notice::Request {
        action,
        provider,
        approval: ctx.approval,
        dry_run: ctx.dry_run,
        actor: ctx.actor.clone(),
        journal: cfg.journal_path(ctx.process)?,
        control: Vec::new(),
    };
    let done = crate::commands::notice::act(cfg, &ctx.process.env, req, Some(ctx.sessions)).await?;
    Ok(done.json())
}

/// `init`: every selected target, and its jobs database when that is another one
/// (in a dry run: what would be applied, nothing created).
pub async fn init(ctx: &Ctx<'_>, _req: &InitRequest) -> Report<crate::control::Initialised> {
    let separate = !std::ptr::eq(ctx.sessions, ctx.jobs_sessions);
    each(ctx.sessions, async |s| {
        let jobs = ctx
            .jobs_sessions
            .iter()
            .find(|j| separate && j.target == s.target)
            .filter(|j| j.config.params.dbname != ctx_database(ctx, &s.target));
        match jobs {
            None => crate::control::init(&s.client, None, ctx.dry_run).await,
            Some(j) => {
                let database = &j.config.params.dbname;
                let session = j
                    .session
                    .as_ref()
                    .map_err(|e| anyhow::anyhow!("jobs database {database}: {e}"))?;
                let jobs = Some((database.as_str(), &session.client));
                crate::control::init(&s.client, jobs, ctx.dry_run).await
            }
        }
    })
    .await
}

/// The database target `name` is configured with.
fn ctx_database<'a>(ctx: &'a Ctx<'_>, name: &str) -> &'a str {
    ctx.sessions
        .iter()
        .find(|c| c.target == name)
        .map_or("", |c| c.config.params.dbname.as_str())
}

/// One target's result of `sql`.
#[derive(Debug, Serialize)]
pub struct SqlResult {
    pub dry_run: bool,
    /// Rows as JSON objects (a query); empty for a statement.
    pub rows: Vec<Value>,
    /// The statement as it would run (a dry run of a write).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql: Option<String>,
}

const SQL_ROWS: &str = "SELECT coalesce(jsonb_agg(to_jsonb(q)), '[]'::jsonb) FROM (\n";

pub async fn sql(ctx: &Ctx<'_>, req: &SqlRequest) -> Report<SqlResult> {
    if req.write && ctx.dry_run && !ctx.out.is_json() {
        for c in ctx.sessions {
            let _ = ctx.out.text(&format!(
                "-- {} (dry run: nothing is changed)\n  {}",
                c.target,
                req.query.trim()
            ));
        }
    }
    each(ctx.sessions, async |s| sql_one(s, req, ctx.dry_run).await).await
}

/// The step changes something: a write action, or `sql` with `write: true`.
pub fn writes(spec: &Spec, with: &Value) -> bool {
    spec.effect == Effect::Write
        || spec.name == "sql" && with.get("write").and_then(Value::as_bool) == Some(true)
}

async fn sql_one(s: &Session, req: &SqlRequest, dry_run: bool) -> anyhow::Result<SqlResult> {
    if req.write && dry_run {
        return Ok(SqlResult {
            dry_run,
            rows: Vec::new(),
            sql: Some(req.query.clone()),
        });
    }
    if req.write {
        crate::db::tx::in_transaction(&s.client, async |tx| {
            tx.batch_execute(&req.query)
                .await
                .map_err(anyhow::Error::from)
        })
        .await?;
        return Ok(SqlResult {
            dry_run,
            rows: Vec::new(),
            sql: None,
        });
    }
    let wrapped = format!("{SQL_ROWS}{}\n) q", req.query.trim().trim_end_matches(';'));
    let rows: Value = crate::db::tx::in_transaction(&s.client, async |tx| {
        tx.batch_execute("SET TRANSACTION READ ONLY").await?;
        let row = tx.query_one(&wrapped, &[]).await?;
        Ok(row.try_get::<_, Value>(0)?)
    })
    .await
    .map_err(|e| {
        // A change refused by the read-only transaction, or a statement that is not
        // a query (it cannot be read as rows): say how to run it.
        let read_only = e.chain().any(|cause| {
            cause
                .downcast_ref::<tokio_postgres::error::DbError>()
                .is_some_and(|db| {
                    db.code() == &tokio_postgres::error::SqlState::READ_ONLY_SQL_TRANSACTION
                })
        });
        let first = req.query.split_whitespace().next().unwrap_or("");
        let query = ["select", "with", "values", "table", "("]
            .iter()
            .any(|k| first.to_ascii_lowercase().starts_with(k));
        match read_only || !query {
            true => {
                e.context("sql is read-only: pass write: true for a statement that changes data")
            }
            false => e.context("sql"),
        }
    })?;
    let rows = match rows {
        Value::Array(rows) => rows,
        other => vec![other],
    };
    Ok(SqlResult {
        dry_run,
        rows,
        sql: None,
    })
}
