//! Tenant orgs: how they are configured (`tenants:` in quell.yaml), how a session
//! is attributed to one, and suspending and resuming them with the ledger
//! (`quell.suspensions`, `quell.actions`) written in the same transaction.
//!
//! Domain code only: selection across a fleet, confirmation, pacing and printing
//! are in `commands::tenants`.

mod config;
pub mod mechanisms;
pub mod model;
pub mod resume;
pub mod select;
pub mod suspend;

use std::time::Duration;

use serde::Serialize;

pub use config::{AppFlag, Mechanism, SessionOrg, TenantsConfig};

/// What happened to one org.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Suspended,
    AlreadySuspended,
    Resumed,
    NotSuspended,
    /// `--dry-run`: `sql` is what would run.
    Planned,
    Failed,
    /// The session was lost during COMMIT: it may or may not have committed.
    Unknown,
    /// Not tried: the command was interrupted, or the session was lost before it.
    NotAttempted,
}

/// One org's result, in every suspend/resume report.
#[derive(Debug, Clone, Serialize)]
pub struct OrgResult {
    pub org: String,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// For people: already suspended since when, what a resume left alone, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Roles altered (`ALTER ROLE` statements run or planned).
    pub roles_changed: usize,
    /// Sessions ended by `terminate` (suspend only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminated: Option<u64>,
    /// `--dry-run`: the exact statements, parameters shown beside them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sql: Vec<String>,
    /// Time spent on this org inside quell (for `QUELL_TIMING`).
    #[serde(skip)]
    pub elapsed: Duration,
}

impl OrgResult {
    pub fn new(org: &str, outcome: Outcome) -> OrgResult {
        OrgResult {
            org: org.to_string(),
            outcome,
            error: None,
            note: None,
            roles_changed: 0,
            terminated: None,
            sql: Vec::new(),
            elapsed: Duration::ZERO,
        }
    }

    /// A failed org; a COMMIT whose reply never came is `unknown`, not failed.
    pub fn failed(org: &str, err: &anyhow::Error) -> OrgResult {
        let unknown = crate::db::tx::commit_unknown(err);
        let mut error = crate::error::chain(err);
        if unknown {
            error.push_str(&format!(
                ": check with `{} tenants status`",
                crate::output::rerun()
            ));
        }
        OrgResult {
            error: Some(error),
            ..OrgResult::new(
                org,
                if unknown {
                    Outcome::Unknown
                } else {
                    Outcome::Failed
                },
            )
        }
    }

    pub fn not_attempted(org: &str, why: &str) -> OrgResult {
        OrgResult {
            note: Some(why.to_string()),
            ..OrgResult::new(org, Outcome::NotAttempted)
        }
    }
}

/// One target's orgs after a bulk run, and a failure that is not any one org's: the
/// session lost part-way, or the terminate phase failing after the suspensions
/// committed. It never replaces the per-org results.
#[derive(Debug, Default)]
pub struct Ran {
    pub orgs: Vec<OrgResult>,
    pub error: Option<String>,
}

/// "session lost (…)", once `session` is.
pub fn lost(session: &crate::db::Session) -> Option<String> {
    session
        .client
        .lost()
        .map(|lost| format!("session lost ({lost})"))
}

/// Why a bulk run on `session` should not start its next org, if it should not.
pub fn stop_reason(session: &crate::db::Session) -> Option<String> {
    lost(session).or_else(|| {
        crate::interrupt::requested()
            .map(|s| format!("interrupted by {}", crate::interrupt::name(s)))
    })
}

/// Run `one` over `orgs` in order, reporting each result to `done` as it is known;
/// when the session is lost or a signal arrived, the rest are `not_attempted`.
pub async fn each_org(
    session: &crate::db::Session,
    orgs: &[String],
    done: &(dyn Fn(&OrgResult) + Sync),
    one: impl AsyncFn(&str) -> OrgResult,
) -> Vec<OrgResult> {
    let mut results = Vec::with_capacity(orgs.len());
    for (i, org) in orgs.iter().enumerate() {
        if let Some(why) = stop_reason(session) {
            for rest in &orgs[i..] {
                results.push(OrgResult::not_attempted(rest, &why));
            }
            break;
        }
        let started = std::time::Instant::now();
        let mut result = one(org).await;
        result.elapsed = started.elapsed();
        done(&result);
        results.push(result);
    }
    results
}
