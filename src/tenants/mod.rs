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

    pub fn failed(org: &str, err: &anyhow::Error) -> OrgResult {
        OrgResult {
            error: Some(crate::error::chain(err)),
            ..OrgResult::new(org, Outcome::Failed)
        }
    }
}
