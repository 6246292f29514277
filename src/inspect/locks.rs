//! `quell locks`: blocking trees built from `pg_blocking_pids()`.
//! (Stub: filled in by the locks work of issue #3.)

use std::time::Duration;

use serde::Serialize;

use crate::db::Session;
use crate::error::NotImplemented;
use crate::output::Output;

/// Resolved options of `quell locks`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only waits at least this old.
    pub min_wait: Option<Duration>,
}

/// One server's lock waits.
#[derive(Debug, Serialize)]
pub struct Locks {}

/// Read the blocking trees of `session`'s server.
pub async fn collect(_session: &Session, _opts: &Options) -> anyhow::Result<Locks> {
    Err(NotImplemented {
        command: "locks",
        issue: 3,
    }
    .into())
}

/// The oldest wait in seconds, for `--fail-if-blocked`.
pub fn oldest_wait_secs(_locks: &Locks) -> Option<f64> {
    None
}

/// The human view.
pub fn render_table(_out: &Output, _target: &str, _locks: &Locks) -> String {
    String::new()
}
