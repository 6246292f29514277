//! `quell.job_pauses`: one row per job quell paused, open until quell resumes it.
//! Rows are written in the transaction of the change they record, under an
//! advisory lock keyed by backend and job name, so two engineers racing cannot
//! pause one job twice or lose its prior state.
//!
//! Open pauses are looked up by backend and job, whatever target name the
//! operator used: the ledger sits in the database that holds the jobs.

use std::time::SystemTime;

use crate::db::Client;
use serde::Serialize;

use crate::control::Actor;

/// Transaction-scoped: released at COMMIT or ROLLBACK. `$1` = [`lock_key`].
pub const LOCK_SQL: &str = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
const OPEN_ONE_SQL: &str = "\
SELECT id, job, prior, actor, run_id, paused_at
  FROM quell.job_pauses
 WHERE backend = $1 AND job = $2 AND resumed_at IS NULL
 ORDER BY id
 LIMIT 1";
const OPEN_ALL_SQL: &str = "\
SELECT id, job, prior, actor, run_id, paused_at
  FROM quell.job_pauses
 WHERE backend = $1 AND resumed_at IS NULL
 ORDER BY paused_at, id";
pub const INSERT_SQL: &str = "\
INSERT INTO quell.job_pauses (job, backend, target, prior, actor, run_id)
VALUES ($1, $2, $3, $4, $5, $6)";
pub const CLOSE_SQL: &str = "\
UPDATE quell.job_pauses SET resumed_at = clock_timestamp(), resumed_by = $2 WHERE id = $1";
const EXISTS_SQL: &str = "SELECT to_regclass('quell.job_pauses') IS NOT NULL";

/// An open pause: a job quell paused and has not resumed.
#[derive(Debug, Clone, Serialize)]
pub struct Pause {
    #[serde(skip)]
    pub id: i64,
    pub job: String,
    /// The job's state before quell paused it: `{"active", "schedule", "jobid"?}`.
    pub prior: serde_json::Value,
    pub by: String,
    pub run_id: String,
    /// RFC 3339, UTC.
    pub since: String,
}

/// The advisory-lock key of one job.
pub fn lock_key(backend: &str, job: &str) -> String {
    format!("quell.job/{backend}/{job}")
}

fn pause(row: &tokio_postgres::Row) -> anyhow::Result<Pause> {
    let at: SystemTime = row.try_get(5)?;
    Ok(Pause {
        id: row.try_get(0)?,
        job: row.try_get(1)?,
        prior: row.try_get(2)?,
        by: row.try_get(3)?,
        run_id: row.try_get(4)?,
        since: humantime::format_rfc3339_seconds(at).to_string(),
    })
}

/// Every open pause of `backend`, oldest first; empty when there is no control schema.
pub async fn open_pauses(client: &Client, backend: &str) -> anyhow::Result<Vec<Pause>> {
    let exists: bool = client.query_one(EXISTS_SQL, &[]).await?.try_get(0)?;
    if !exists {
        return Ok(Vec::new());
    }
    let rows = client.query(OPEN_ALL_SQL, &[&backend]).await?;
    rows.iter().map(pause).collect()
}

/// The open pause of one job, if any.
pub async fn open(client: &Client, backend: &str, job: &str) -> anyhow::Result<Option<Pause>> {
    let row = client.query_opt(OPEN_ONE_SQL, &[&backend, &job]).await?;
    row.as_ref().map(pause).transpose()
}

pub async fn insert(
    client: &Client,
    job: &str,
    backend: &str,
    target: &str,
    prior: &serde_json::Value,
    actor: &Actor,
) -> anyhow::Result<()> {
    client
        .execute(
            INSERT_SQL,
            &[&job, &backend, &target, prior, &actor.name, &actor.run_id],
        )
        .await?;
    Ok(())
}

pub async fn close(client: &Client, id: i64, actor: &Actor) -> anyhow::Result<()> {
    client.execute(CLOSE_SQL, &[&id, &actor.name]).await?;
    Ok(())
}
