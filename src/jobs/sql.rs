//! The `sql` backend: jobs in a table of the application's own, read and toggled
//! through the SQL in `jobs:` (`list_sql`, `pause_sql`, `resume_sql`, the job name
//! as `$1`).
//!
//! The configured SQL is the operator's own (trusted like the config file); the
//! job name is only ever a `$1` parameter. `list_sql` is wrapped so its columns
//! are read as text, text, boolean whatever their declared types.

use crate::db::Client;
use anyhow::Context as _;
use tokio_postgres::types::Type;

use super::Job;

/// `list_sql` wrapped: its columns cast, optionally filtered by name (`$1`).
fn wrapped(list_sql: &str, by_name: bool) -> String {
    let inner = list_sql.trim().trim_end_matches(';');
    let filter = if by_name {
        " WHERE quell_jobs.name::text = $1"
    } else {
        ""
    };
    format!(
        "SELECT quell_jobs.name::text, quell_jobs.schedule::text, quell_jobs.active::boolean \
         FROM ({inner}) AS quell_jobs{filter} ORDER BY 1"
    )
}

fn job(row: &tokio_postgres::Row) -> anyhow::Result<Job> {
    Ok(Job {
        jobid: None,
        name: row.try_get(0)?,
        schedule: row.try_get::<_, Option<String>>(1)?.unwrap_or_default(),
        active: row.try_get::<_, Option<bool>>(2)?.unwrap_or(false),
    })
}

/// Every job `list_sql` returns.
pub async fn list(client: &Client, list_sql: &str) -> anyhow::Result<Vec<Job>> {
    let rows = client
        .query(&wrapped(list_sql, false), &[])
        .await
        .context("running jobs.list_sql (columns name, schedule, active)")?;
    rows.iter().map(job).collect()
}

/// The jobs `list_sql` returns named `name`.
pub async fn find(client: &Client, list_sql: &str, name: &str) -> anyhow::Result<Vec<Job>> {
    let rows = client
        .query_typed(&wrapped(list_sql, true), &[(&name, Type::TEXT)])
        .await
        .context("running jobs.list_sql (columns name, schedule, active)")?;
    rows.iter().map(job).collect()
}

/// Run `pause_sql` or `resume_sql` for job `name` (as text `$1`).
pub async fn run(client: &Client, sql: &str, name: &str) -> anyhow::Result<()> {
    client.query_typed(sql, &[(&name, Type::TEXT)]).await?;
    Ok(())
}
