//! Periodic jobs: the `jobs:` model, the two backends (pg_cron's `cron.job`, a
//! table through configured SQL), the ledger of what quell paused
//! (`quell.job_pauses`) and pausing/resuming one job at a time.
//!
//! Jobs, their ledger and the action journal live in one database (the backend's:
//! see [`JobsConfig::database`]), so a change and its ledger rows commit together.

mod config;
mod ledger;
mod pause;
mod pg_cron;
mod sql;

use crate::db::Client;
use serde::Serialize;

pub use config::{glob, Backend, JobsConfig, SqlBackend, DEFAULT_PG_CRON_DATABASE};
pub use ledger::{open_pauses, Pause};
pub use pause::{list, pause, resume, Acting, JobResult, Listed, Listing, Outcome};

/// A job as its backend reports it.
#[derive(Debug, Clone, Serialize)]
pub struct Job {
    pub name: String,
    /// pg_cron's id (pg_cron only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jobid: Option<i64>,
    pub schedule: String,
    pub active: bool,
}

/// The backend of one invocation, validated.
#[derive(Debug, Clone)]
pub struct Store {
    pub backend: Backend,
    sql: Option<SqlBackend>,
}

/// One statement that changes a job, with its parameters (also printed by `--dry-run`).
#[derive(Debug, Clone)]
pub enum Change {
    PgCron { jobid: i64, active: bool },
    Sql { sql: String, name: String },
}

impl Change {
    /// The exact SQL and its parameters, on one line.
    pub fn display(&self) -> String {
        match self {
            Change::PgCron { jobid, active } => {
                format!(
                    "{};  -- $1 = {jobid}, $2 = {active}",
                    pg_cron::SET_ACTIVE_SQL
                )
            }
            Change::Sql { sql, name } => format!(
                "{};  -- $1 = '{}'",
                crate::inspect::snapshot::one_line(sql.trim().trim_end_matches(';')),
                name.replace('\'', "''")
            ),
        }
    }

    async fn run(&self, client: &Client) -> anyhow::Result<()> {
        match self {
            Change::PgCron { jobid, active } => {
                client
                    .query(pg_cron::SET_ACTIVE_SQL, &[jobid, active])
                    .await?;
                Ok(())
            }
            Change::Sql { sql, name } => sql::run(client, sql, name).await,
        }
    }
}

impl Store {
    pub fn new(config: &JobsConfig) -> anyhow::Result<Store> {
        Ok(Store {
            backend: config.backend,
            sql: config.validate()?,
        })
    }

    /// Err unless the backend is there (pg_cron installed in this database).
    pub async fn check(&self, client: &Client) -> anyhow::Result<()> {
        match self.backend {
            Backend::PgCron => pg_cron::check(client).await,
            Backend::Sql => Ok(()),
        }
    }

    pub async fn list(&self, client: &Client) -> anyhow::Result<Vec<Job>> {
        match &self.sql {
            None => pg_cron::list(client).await,
            Some(s) => sql::list(client, &s.list_sql).await,
        }
    }

    /// The one job named `name`; None when there is none, Err when the name is ambiguous.
    pub async fn find(&self, client: &Client, name: &str) -> anyhow::Result<Option<Job>> {
        let mut jobs = match &self.sql {
            None => pg_cron::find(client, name).await?,
            Some(s) => sql::find(client, &s.list_sql, name).await?,
        };
        match jobs.len() {
            0 => Ok(None),
            1 => Ok(jobs.pop()),
            n => anyhow::bail!(
                "{n} jobs are named {name:?}: rename one (quell acts on one job per name)"
            ),
        }
    }

    /// The statement that makes `job` active or inactive.
    pub fn change(&self, job: &Job, active: bool) -> anyhow::Result<Change> {
        match (&self.sql, job.jobid) {
            (None, Some(jobid)) => Ok(Change::PgCron { jobid, active }),
            (None, None) => anyhow::bail!("pg_cron job {} has no jobid", job.name),
            (Some(s), _) => Ok(Change::Sql {
                sql: if active {
                    s.resume_sql.clone()
                } else {
                    s.pause_sql.clone()
                },
                name: job.name.clone(),
            }),
        }
    }
}
