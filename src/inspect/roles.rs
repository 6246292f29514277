//! `quell roles`: role census and transitive membership fan-out.
//! (Stub: filled in by the roles work of issue #3.)

use std::time::Duration;

use serde::Serialize;

use crate::db::Session;
use crate::error::NotImplemented;
use crate::output::Output;

/// Resolved options of `quell roles`.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many login roles to list by fan-out.
    pub top: usize,
    /// Measure the first privilege check of this role.
    pub probe: Option<String>,
    /// Refuse to probe when the estimate exceeds this (unless `force`).
    pub probe_budget: Duration,
    pub force: bool,
}

/// One server's roles.
#[derive(Debug, Serialize)]
pub struct Roles {}

/// Read the role census of `session`'s server (and probe, when asked).
pub async fn collect(_session: &Session, _opts: &Options) -> anyhow::Result<Roles> {
    Err(NotImplemented {
        command: "roles",
        issue: 3,
    }
    .into())
}

/// The human view.
pub fn render_table(_out: &Output, _target: &str, _roles: &Roles) -> String {
    String::new()
}
