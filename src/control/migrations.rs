//! Versioned, idempotent migrations of the `quell` control schema. Safe to run twice
//! or concurrently: each run takes a transaction-scoped advisory lock, reads the
//! recorded version and applies only what is missing, all in one transaction.

use crate::db::Client;
use anyhow::Context as _;
use serde::Serialize;

/// The version this build of quell writes and expects.
pub const SCHEMA_VERSION: i32 = 2;

/// Serializes concurrent `quell init` runs on one database (any constant works: it
/// only has to be the same for every quell).
const MIGRATE_LOCK: i64 = 0x7175_656c_6c00_0001;

const LOCK_SQL: &str = "SELECT pg_advisory_xact_lock($1)";
const BOOTSTRAP_SQL: &str = "\
CREATE SCHEMA IF NOT EXISTS quell;
CREATE TABLE IF NOT EXISTS quell.schema_version (
    version    int PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text NOT NULL DEFAULT current_user
);";
const VERSION_SQL: &str = "SELECT coalesce(max(version), 0) FROM quell.schema_version";
const RECORD_SQL: &str = "INSERT INTO quell.schema_version (version) VALUES ($1)";
/// Whether the schema is there at all (reading the version of a missing table fails).
const EXISTS_SQL: &str =
    "SELECT to_regclass('quell.schema_version') IS NOT NULL, current_database()::text";

/// Each migration, in order; index + 1 is its version.
const MIGRATIONS: [&str; 2] = ["\
CREATE TABLE quell.actions (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor    text NOT NULL,
    db_user  text NOT NULL DEFAULT current_user,
    run_id   text NOT NULL,
    target   text NOT NULL,
    kind     text NOT NULL,
    subject  text,
    detail   text NOT NULL,
    before   jsonb,
    after    jsonb
);
CREATE INDEX actions_at ON quell.actions (at);
CREATE INDEX actions_run ON quell.actions (run_id);
CREATE INDEX actions_subject ON quell.actions (subject);
CREATE TABLE quell.suspensions (
    id           bigserial PRIMARY KEY,
    org          text NOT NULL,
    target       text NOT NULL,
    mechanisms   text[] NOT NULL,
    prior        jsonb NOT NULL,
    reason       text,
    actor        text NOT NULL,
    run_id       text NOT NULL,
    suspended_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    resumed_at   timestamptz,
    resumed_by   text
);
CREATE UNIQUE INDEX suspensions_one_active ON quell.suspensions (target, org) WHERE resumed_at IS NULL;
CREATE TABLE quell.job_pauses (
    id         bigserial PRIMARY KEY,
    job        text NOT NULL,
    backend    text NOT NULL,
    target     text NOT NULL,
    prior      jsonb NOT NULL,
    actor      text NOT NULL,
    run_id     text NOT NULL,
    paused_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    resumed_at timestamptz,
    resumed_by text
);
CREATE UNIQUE INDEX job_pauses_one_active ON quell.job_pauses (target, backend, job) WHERE resumed_at IS NULL;",
// 2: the playbook run journal (also kept locally, as JSONL, whether or not this answers).
"\
CREATE TABLE quell.runs (
    run_id      text PRIMARY KEY,
    playbook    text NOT NULL,
    actor       text NOT NULL,
    db_user     text NOT NULL DEFAULT current_user,
    target      text NOT NULL,
    inputs      jsonb NOT NULL,
    status      text NOT NULL DEFAULT 'running',
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz
);
CREATE INDEX runs_started ON quell.runs (started_at);
CREATE TABLE quell.run_steps (
    id         bigserial PRIMARY KEY,
    run_id     text NOT NULL REFERENCES quell.runs ON DELETE CASCADE,
    step       text NOT NULL,
    action     text NOT NULL,
    event      text NOT NULL,
    attempt    int,
    status     text,
    request    jsonb,
    output     jsonb,
    error      text,
    duration_s double precision,
    at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX run_steps_run ON quell.run_steps (run_id, id);"];

/// What `quell init` did.
#[derive(Debug, Serialize)]
pub struct Migrated {
    pub from_version: i32,
    pub to_version: i32,
    /// The migrations applied (with `dry_run`: the ones that would be).
    pub applied: Vec<i32>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
}

/// What `quell init` did on one target: its database, and the jobs database when
/// `jobs.database` names another one (pg_cron's `postgres`), since `jobs pause`
/// keeps its ledger there.
#[derive(Debug, Serialize)]
pub struct Initialised {
    #[serde(flatten)]
    pub migrated: Migrated,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jobs_database: Option<JobsInitialised>,
}

#[derive(Debug, Serialize)]
pub struct JobsInitialised {
    pub database: String,
    #[serde(flatten)]
    pub migrated: Migrated,
}

/// `quell init` on one target: its own database, then the jobs database when it is
/// another one (`jobs`: that database's name and a session in it).
/// With `dry_run`, nothing is created: the report says what would be applied.
pub async fn init(
    client: &Client,
    jobs: Option<(&str, &Client)>,
    dry_run: bool,
) -> anyhow::Result<Initialised> {
    let run = async |c: &Client| match dry_run {
        true => planned(c).await,
        false => migrate(c).await,
    };
    let migrated = run(client).await?;
    let jobs_database = match jobs {
        Some((database, jobs)) => Some(JobsInitialised {
            database: database.to_string(),
            migrated: run(jobs)
                .await
                .with_context(|| format!("jobs database {database}"))?,
        }),
        None => None,
    };
    Ok(Initialised {
        migrated,
        jobs_database,
    })
}

impl Initialised {
    /// The text line for target `target`.
    pub fn text(&self, target: &str) -> String {
        let line = |what: &str, m: &Migrated| {
            match m.applied.as_slice() {
            [] => format!(
                "{what}: control schema quell is current (version {})",
                m.to_version
            ),
            _ if m.dry_run && m.from_version == 0 => format!(
                "{what}: control schema quell would be created at version {} (dry run: nothing was changed)",
                m.to_version
            ),
            applied if m.dry_run => format!(
                "{what}: control schema quell would be upgraded from version {} to {} (dry run: migrations {applied:?} not applied)",
                m.from_version, m.to_version
            ),
            applied if m.from_version == 0 => format!(
                "{what}: control schema quell created at version {} (applied {applied:?})",
                m.to_version
            ),
            applied => format!(
                "{what}: control schema quell upgraded from version {} to {} (applied {applied:?})",
                m.from_version, m.to_version
            ),
        }
        };
        let mut text = line(target, &self.migrated);
        if let Some(j) = &self.jobs_database {
            text.push('\n');
            text.push_str(&line(
                &format!("{target} (jobs database {})", j.database),
                &j.migrated,
            ));
        }
        text
    }
}

/// Create or upgrade the schema. Refuses to touch a schema newer than this quell.
pub async fn migrate(client: &Client) -> anyhow::Result<Migrated> {
    crate::db::tx::in_transaction(client, async |tx| {
    tx.execute(LOCK_SQL, &[&MIGRATE_LOCK]).await.context("waiting for other quell init runs")?;
    tx.batch_execute(BOOTSTRAP_SQL).await.context("creating schema quell")?;
    let from: i32 = tx.query_one(VERSION_SQL, &[]).await?.try_get(0)?;
    if from > SCHEMA_VERSION {
        anyhow::bail!(
            "schema quell is at version {from}, newer than this quell understands ({SCHEMA_VERSION}): upgrade quell"
        );
    }
    let mut applied = Vec::new();
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let version = i as i32 + 1;
        tx.batch_execute(sql).await.with_context(|| format!("applying migration {version}"))?;
        tx.execute(RECORD_SQL, &[&version]).await?;
        applied.push(version);
    }
    Ok(Migrated { from_version: from, to_version: SCHEMA_VERSION, applied, dry_run: false })
    })
    .await
}

/// What [`migrate`] would do, read without a change (a dry run's `init`).
async fn planned(client: &Client) -> anyhow::Result<Migrated> {
    let exists: bool = client.query_one(EXISTS_SQL, &[]).await?.try_get(0)?;
    let from: i32 = match exists {
        true => client.query_one(VERSION_SQL, &[]).await?.try_get(0)?,
        false => 0,
    };
    if from > SCHEMA_VERSION {
        anyhow::bail!(
            "schema quell is at version {from}, newer than this quell understands ({SCHEMA_VERSION}): upgrade quell"
        );
    }
    Ok(Migrated {
        from_version: from,
        to_version: SCHEMA_VERSION,
        applied: (from + 1..=SCHEMA_VERSION).collect(),
        dry_run: true,
    })
}

/// Err with "run quell init" unless the schema is there and current.
pub async fn ensure_current(client: &Client) -> anyhow::Result<()> {
    let row = client.query_one(EXISTS_SQL, &[]).await?;
    let (exists, database): (bool, String) = (row.try_get(0)?, row.try_get(1)?);
    let version: i32 = match exists {
        true => client.query_one(VERSION_SQL, &[]).await?.try_get(0)?,
        false => 0,
    };
    match version {
        // Say which server: with no config, the libpq defaults may have reached one
        // the user never meant to initialise.
        0 => anyhow::bail!(
            "no quell control schema in database {database} on {}: if that is the server you meant, \
             run `{} init` on it first",
            client.server(),
            crate::output::rerun()
        ),
        v if v < SCHEMA_VERSION => {
            anyhow::bail!(
                "control schema version {v} is older than {SCHEMA_VERSION}: run `{} init` on this target",
                crate::output::rerun()
            )
        }
        v if v > SCHEMA_VERSION => {
            anyhow::bail!("control schema version {v} is newer than this quell: upgrade quell")
        }
        _ => Ok(()),
    }
}
