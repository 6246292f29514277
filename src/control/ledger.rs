//! The action journal, `quell.actions`: one row per change quell makes, written in
//! the transaction of the change itself, and read back by `quell log`. Also who is
//! acting (`Actor`): the operator and the run the change belongs to.

use std::time::SystemTime;

use crate::db::Client;
use serde::Serialize;
use tokio_postgres::types::Type;

const INSERT_SQL: &str = "\
INSERT INTO quell.actions (actor, run_id, target, kind, subject, detail, before, after)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id";

/// Every filter is optional (NULL matches all).
const LOG_SQL: &str = "\
SELECT id, at, actor, db_user, run_id, target, kind, subject, detail, before, after,
       current_database()::text
  FROM quell.actions
 WHERE ($1::text IS NULL OR subject = $1)
   AND ($2::text IS NULL OR kind = $2 OR kind LIKE $2 || '.%')
   AND ($3::timestamptz IS NULL OR at >= $3)
   AND ($4::text IS NULL OR run_id = $4)
 ORDER BY at DESC, id DESC
 LIMIT $5";

/// Who is acting, and in which run: every ledger row carries both.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    /// `$QUELL_ACTOR`, else `<os user>@<host>`.
    pub name: String,
    /// `$QUELL_RUN_ID` (a playbook run passes its own), else one made for this invocation.
    pub run_id: String,
}

impl Actor {
    /// Resolve from the environment snapshot.
    pub fn from_env(env: &std::collections::HashMap<String, String>, os_user: &str) -> Actor {
        let name = env
            .get("QUELL_ACTOR")
            .filter(|v| !v.is_empty())
            .cloned()
            .unwrap_or_else(|| {
                let host = nix::unistd::gethostname()
                    .ok()
                    .and_then(|h| h.into_string().ok())
                    .unwrap_or_else(|| "localhost".to_string());
                format!("{os_user}@{host}")
            });
        let run_id = env
            .get("QUELL_RUN_ID")
            .filter(|v| !v.is_empty())
            .cloned()
            .unwrap_or_else(new_run_id);
        Actor { name, run_id }
    }
}

/// A time-ordered id: `r` + UTC seconds + pid, e.g. `r20261124T011502-4211`.
fn new_run_id() -> String {
    let now = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let compact: String = now.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    format!("r{}-{}", compact.trim_end_matches('Z'), std::process::id())
}

/// One change to journal.
#[derive(Debug, Clone)]
pub struct Action<'a> {
    pub target: &'a str,
    /// Dotted kind: `tenant.suspend`, `tenant.resume`, `job.pause`, `job.resume`, …
    pub kind: &'a str,
    /// What it was done to: an org id, a job name.
    pub subject: Option<&'a str>,
    /// One line for people.
    pub detail: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Journal `action` on `client` (inside the caller's transaction); returns its id.
pub async fn record(client: &Client, actor: &Actor, action: &Action<'_>) -> anyhow::Result<i64> {
    let row = client
        .query_one(
            INSERT_SQL,
            &[
                &actor.name,
                &actor.run_id,
                &action.target,
                &action.kind,
                &action.subject,
                &action.detail,
                &action.before,
                &action.after,
            ],
        )
        .await?;
    Ok(row.try_get(0)?)
}

/// `quell log` filters.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub subject: Option<String>,
    /// A kind (`tenant.suspend`) or a family (`tenant`).
    pub kind: Option<String>,
    pub since: Option<SystemTime>,
    pub run_id: Option<String>,
    pub limit: i64,
}

/// One journal row.
#[derive(Debug, Clone, Serialize)]
pub struct LogRow {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: String,
    pub db_user: String,
    pub run_id: String,
    pub target: String,
    pub kind: String,
    pub subject: Option<String>,
    pub detail: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    /// The database the row lives in: the target's, or `jobs.database` for jobs.
    pub database: String,
    /// `at` as read, to order rows of two databases.
    #[serde(skip)]
    pub at_time: SystemTime,
}

/// Newest first.
pub async fn read_log(client: &Client, filter: &LogFilter) -> anyhow::Result<Vec<LogRow>> {
    let rows = client
        .query_typed(
            LOG_SQL,
            &[
                (&filter.subject, Type::TEXT),
                (&filter.kind, Type::TEXT),
                (&filter.since, Type::TIMESTAMPTZ),
                (&filter.run_id, Type::TEXT),
                (&filter.limit, Type::INT8),
            ],
        )
        .await?;
    rows.iter()
        .map(|row| {
            let at: SystemTime = row.try_get(1)?;
            Ok(LogRow {
                id: row.try_get(0)?,
                at: humantime::format_rfc3339_seconds(at).to_string(),
                actor: row.try_get(2)?,
                db_user: row.try_get(3)?,
                run_id: row.try_get(4)?,
                target: row.try_get(5)?,
                kind: row.try_get(6)?,
                subject: row.try_get(7)?,
                detail: row.try_get(8)?,
                before: row.try_get(9)?,
                after: row.try_get(10)?,
                database: row.try_get(11)?,
                at_time: at,
            })
        })
        .collect()
}
