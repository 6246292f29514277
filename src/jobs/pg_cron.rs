//! pg_cron's `cron.job`: reading jobs and the statement that toggles one
//! (`cron.alter_job(job_id, active := …)`). Unnamed jobs go by their jobid.
//!
//! It does not decide what to pause or keep the ledger (`pause`, `ledger`).

use crate::db::Client;
use anyhow::Context as _;

use super::Job;

const LIST_SQL: &str = "\
SELECT jobid, coalesce(jobname, jobid::text), schedule, active
  FROM cron.job
 ORDER BY 2, 1";
const FIND_SQL: &str = "\
SELECT jobid, coalesce(jobname, jobid::text), schedule, active
  FROM cron.job
 WHERE coalesce(jobname, jobid::text) = $1
 ORDER BY 1";
/// `$1` job_id (bigint), `$2` active.
pub const SET_ACTIVE_SQL: &str = "SELECT cron.alter_job($1, active := $2)";
const INSTALLED_SQL: &str = "\
SELECT to_regclass('cron.job') IS NOT NULL, current_database(),
       current_setting('cron.database_name', true)";

/// Err, saying where to look, unless pg_cron is installed in this database.
pub async fn check(client: &Client) -> anyhow::Result<()> {
    let row = client.query_one(INSTALLED_SQL, &[]).await?;
    let installed: bool = row.try_get(0)?;
    if installed {
        return Ok(());
    }
    let here: String = row.try_get(1)?;
    let setting: Option<String> = row.try_get(2)?;
    match setting {
        Some(db) if db != here => anyhow::bail!(
            "pg_cron is not installed in database {here}; the server's cron.database_name is {db}: set jobs.database: {db}"
        ),
        Some(_) => anyhow::bail!(
            "pg_cron is loaded but not installed in database {here}: CREATE EXTENSION pg_cron there"
        ),
        None => anyhow::bail!(
            "pg_cron is not loaded on this server (no cron.database_name) and cron.job is not in database {here}: \
             add pg_cron to shared_preload_libraries, or use `backend: sql`"
        ),
    }
}

fn job(row: &tokio_postgres::Row) -> anyhow::Result<Job> {
    Ok(Job {
        jobid: Some(row.try_get(0)?),
        name: row.try_get(1)?,
        schedule: row.try_get(2)?,
        active: row.try_get(3)?,
    })
}

/// Every job, by name.
pub async fn list(client: &Client) -> anyhow::Result<Vec<Job>> {
    let rows = client
        .query(LIST_SQL, &[])
        .await
        .context("reading cron.job")?;
    rows.iter().map(job).collect()
}

/// The jobs named `name` (pg_cron allows one name per user, so more than one is possible).
pub async fn find(client: &Client, name: &str) -> anyhow::Result<Vec<Job>> {
    let rows = client
        .query(FIND_SQL, &[&name])
        .await
        .context("reading cron.job")?;
    rows.iter().map(job).collect()
}
