//! Command glue: what runs between a resolved configuration and `output`:
//! fleets, watch loops, confirmations, exit codes. Domain modules stay free of it.

pub mod activity;
pub mod backends;
pub mod config_check;
pub mod doctor;
pub mod jobs;
pub mod log;
pub mod notice;
pub mod playbook;
pub mod sandbox;
pub mod tenants;

use anyhow::Context as _;
use serde::Serialize;

use crate::db::fleet::Report;
use crate::error::Exit;
use crate::output::{self, Output};

/// Run a future on a single-threaded runtime (quell waits on I/O, not CPU).
pub fn block_on<F: std::future::Future>(future: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    Ok(runtime.block_on(future))
}

/// Print a fleet report (JSON, or one table per target) and pick the exit code:
/// 2 when any target failed, each failure named on stderr.
pub fn finish<T: Serialize>(
    out: &Output,
    report: &Report<T>,
    render: impl Fn(&str, &T) -> String,
) -> anyhow::Result<Exit> {
    if out.is_json() {
        out.json(report)?;
    } else {
        let sections: Vec<String> = report
            .targets
            .iter()
            .filter_map(|e| e.data.as_ref().map(|data| render(&e.target, data)))
            .collect();
        if !sections.is_empty() {
            out.text(&sections.join("\n\n"))?;
        }
    }
    Ok(failures(report))
}

/// Name each failed target on stderr; 2 when any failed, else 0.
pub fn failures<T>(report: &Report<T>) -> Exit {
    for failure in report.failures() {
        output::error(&failure);
    }
    if report.any_failed() {
        Exit::Error
    } else {
        Exit::Ok
    }
}
