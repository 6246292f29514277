//! Listing jobs, and pausing or resuming one job: each in its own transaction,
//! under an advisory lock keyed by the job, with its `quell.job_pauses` row and
//! its `quell.actions` row committed together with the change.
//!
//! Pausing an inactive job changes and records nothing; resuming touches only a
//! job with an open pause, restoring its recorded state. Which jobs to act on,
//! confirmations and printing are the command's business.

use crate::db::Client;
use serde::Serialize;
use serde_json::json;

use super::ledger::{self, lock_key, Pause};
use super::{JobsConfig, Store};
use crate::control::{self, Action, Actor};
use crate::db::tx::in_transaction;
use crate::inspect::snapshot::one_line;

const DATABASE_SQL: &str = "SELECT current_database()";

/// `quell jobs list` for one target.
#[derive(Debug, Serialize)]
pub struct Listing {
    pub backend: &'static str,
    pub database: String,
    pub jobs: Vec<Listed>,
}

#[derive(Debug, Serialize)]
pub struct Listed {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jobid: Option<i64>,
    pub schedule: String,
    pub active: bool,
    pub essential: bool,
    /// The open pause when quell paused this job and has not resumed it.
    pub paused_by_quell: Option<Pause>,
}

/// What happened to one job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Paused,
    WouldPause,
    /// Inactive before quell came: nothing changed, nothing recorded.
    AlreadyInactive,
    /// quell paused it earlier and has not resumed it.
    AlreadyPaused,
    Resumed,
    WouldResume,
    /// Not paused by quell: left as it is.
    NotPausedByQuell,
    /// Paused by quell but active again (someone resumed it by hand): ledger closed.
    AlreadyActive,
    /// Paused by quell but no longer there: ledger closed.
    Gone,
    Failed,
    /// The session was lost during COMMIT: it may or may not have committed.
    Unknown,
    /// Not tried: interrupted, or the session was lost before it.
    NotAttempted,
}

/// One job's result.
#[derive(Debug, Serialize)]
pub struct JobResult {
    pub job: String,
    pub result: Outcome,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `--dry-run`: the exact statements a real run would execute.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sql: Vec<String>,
}

impl JobResult {
    fn new(job: &str, result: Outcome, detail: String) -> JobResult {
        JobResult {
            job: job.to_string(),
            result,
            detail,
            error: None,
            sql: Vec::new(),
        }
    }

    fn failed(job: &str, err: &anyhow::Error) -> JobResult {
        let mut error = crate::error::chain(err);
        let outcome = if crate::db::tx::commit_unknown(err) {
            error.push_str(&format!(
                ": check with `{} jobs list`",
                crate::output::rerun()
            ));
            Outcome::Unknown
        } else {
            Outcome::Failed
        };
        JobResult {
            error: Some(error.clone()),
            ..JobResult::new(job, outcome, error)
        }
    }

    pub fn not_attempted(job: &str, why: &str) -> JobResult {
        JobResult::new(job, Outcome::NotAttempted, format!("not attempted: {why}"))
    }
}

/// Every job with whether it is essential and whether quell paused it.
pub async fn list(client: &Client, store: &Store, config: &JobsConfig) -> anyhow::Result<Listing> {
    store.check(client).await?;
    let database: String = client.query_one(DATABASE_SQL, &[]).await?.try_get(0)?;
    let pauses = ledger::open_pauses(client, store.backend.name()).await?;
    let jobs = store.list(client).await?;
    Ok(Listing {
        backend: store.backend.name(),
        database,
        jobs: jobs
            .into_iter()
            .map(|job| Listed {
                essential: config.is_essential(&job.name),
                paused_by_quell: pauses.iter().find(|p| p.job == job.name).cloned(),
                name: job.name,
                jobid: job.jobid,
                schedule: job.schedule,
                active: job.active,
            })
            .collect(),
    })
}

/// Who acts where, and whether for real.
#[derive(Debug, Clone, Copy)]
pub struct Acting<'a> {
    pub store: &'a Store,
    pub target: &'a str,
    pub actor: &'a Actor,
    pub dry_run: bool,
}

fn statement(sql: &str, params: &[String]) -> String {
    let values: Vec<String> = params
        .iter()
        .enumerate()
        .map(|(i, v)| format!("${} = {v}", i + 1))
        .collect();
    format!("{};  -- {}", one_line(sql), values.join(", "))
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Pause one job; a failure is reported in the result.
pub async fn pause(client: &Client, how: Acting<'_>, name: &str) -> JobResult {
    match in_transaction(client, async |c| pause_tx(c, how, name).await).await {
        Ok(result) => result,
        Err(e) => JobResult::failed(name, &e),
    }
}

async fn pause_tx(c: &Client, how: Acting<'_>, name: &str) -> anyhow::Result<JobResult> {
    let backend = how.store.backend.name();
    c.execute(ledger::LOCK_SQL, &[&lock_key(backend, name)])
        .await?;
    let Some(job) = how.store.find(c, name).await? else {
        anyhow::bail!("no such job");
    };
    if let Some(p) = ledger::open(c, backend, name).await? {
        let detail = format!(
            "already paused by quell since {} by {} (run {})",
            p.since, p.by, p.run_id
        );
        return Ok(JobResult::new(name, Outcome::AlreadyPaused, detail));
    }
    if !job.active {
        let detail = "already inactive: nothing changed, nothing recorded".to_string();
        return Ok(JobResult::new(name, Outcome::AlreadyInactive, detail));
    }
    let change = how.store.change(&job, false)?;
    let prior = json!({"active": job.active, "schedule": job.schedule, "jobid": job.jobid});
    if how.dry_run {
        let mut result = JobResult::new(
            name,
            Outcome::WouldPause,
            format!("would pause ({})", job.schedule),
        );
        result.sql = vec![
            change.display(),
            statement(
                ledger::INSERT_SQL,
                &[
                    name,
                    backend,
                    how.target,
                    &prior.to_string(),
                    &how.actor.name,
                    &how.actor.run_id,
                ]
                .map(literal),
            ),
            "-- and one quell.actions row, kind job.pause, in the same transaction".to_string(),
        ];
        return Ok(result);
    }
    change.run(c).await?;
    ledger::insert(c, name, backend, how.target, &prior, how.actor).await?;
    let detail = format!("paused (schedule {})", job.schedule);
    control::record(
        c,
        how.actor,
        &Action {
            target: how.target,
            kind: "job.pause",
            subject: Some(name),
            detail: format!("paused {backend} job {name} (schedule {})", job.schedule),
            before: Some(prior.clone()),
            after: Some(json!({"active": false, "schedule": job.schedule})),
        },
    )
    .await?;
    Ok(JobResult::new(name, Outcome::Paused, detail))
}

/// Resume one job quell paused; a failure is reported in the result.
pub async fn resume(client: &Client, how: Acting<'_>, name: &str) -> JobResult {
    match in_transaction(client, async |c| resume_tx(c, how, name).await).await {
        Ok(result) => result,
        Err(e) => JobResult::failed(name, &e),
    }
}

async fn resume_tx(c: &Client, how: Acting<'_>, name: &str) -> anyhow::Result<JobResult> {
    let backend = how.store.backend.name();
    c.execute(ledger::LOCK_SQL, &[&lock_key(backend, name)])
        .await?;
    let job = how.store.find(c, name).await?;
    let pause = ledger::open(c, backend, name).await?;
    let (pause, job) = match (pause, job) {
        (None, None) => anyhow::bail!("no such job"),
        (None, Some(job)) => {
            let state = if job.active { "active" } else { "inactive" };
            let detail = format!("not paused by quell: left {state}");
            return Ok(JobResult::new(name, Outcome::NotPausedByQuell, detail));
        }
        (Some(pause), job) => (pause, job),
    };
    let prior_active = pause
        .prior
        .get("active")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let (outcome, detail, change) = match &job {
        None => (
            Outcome::Gone,
            "no longer exists: ledger closed".to_string(),
            None,
        ),
        Some(job) if job.active == prior_active => (
            Outcome::AlreadyActive,
            "already active again: ledger closed, nothing else changed".to_string(),
            None,
        ),
        Some(job) => (
            Outcome::Resumed,
            format!("resumed (schedule {})", job.schedule),
            Some(how.store.change(job, prior_active)?),
        ),
    };
    if how.dry_run {
        let mut result = JobResult::new(
            name,
            Outcome::WouldResume,
            format!("would resume: {detail}"),
        );
        result.sql = change.iter().map(|c| c.display()).collect();
        result.sql.push(statement(
            ledger::CLOSE_SQL,
            &[pause.id.to_string(), literal(&how.actor.name)],
        ));
        result.sql.push(
            "-- and one quell.actions row, kind job.resume, in the same transaction".to_string(),
        );
        return Ok(result);
    }
    if let Some(change) = &change {
        change.run(c).await?;
    }
    ledger::close(c, pause.id, how.actor).await?;
    control::record(
        c,
        how.actor,
        &Action {
            target: how.target,
            kind: "job.resume",
            subject: Some(name),
            detail: format!(
                "{backend} job {name}: {detail} (paused since {} by {})",
                pause.since, pause.by
            ),
            before: job
                .as_ref()
                .map(|j| json!({"active": j.active, "schedule": j.schedule})),
            after: job
                .as_ref()
                .map(|j| json!({"active": prior_active, "schedule": j.schedule})),
        },
    )
    .await?;
    Ok(JobResult::new(name, outcome, detail))
}
