//! `quell doctor` across a fleet: the diagnosis of each target, the worst of all,
//! and exit 1 when a finding reaches `--fail-on`.

use serde::Serialize;

use super::{block_on, failures, finish};
use crate::db::fleet::{Fleet, Report};
use crate::error::Exit;
use crate::inspect::doctor::{self, Diagnosis, Severity, Thresholds};
use crate::output::Output;

/// `{"worst": …, "targets": […]}`.
#[derive(Debug, Serialize)]
struct DoctorReport<'a> {
    worst: &'static str,
    #[serde(flatten)]
    report: &'a Report<Diagnosis>,
}

pub fn run(
    out: &Output,
    fleet: &Fleet,
    thresholds: &Thresholds,
    fail_on: Severity,
) -> anyhow::Result<Exit> {
    let report = block_on(fleet.run(async |s| doctor::collect(s, thresholds).await))?;
    let worst = report
        .targets
        .iter()
        .filter_map(|e| e.data.as_ref().and_then(Diagnosis::worst_severity))
        .max();
    let exit = if out.is_json() {
        let wrapped = DoctorReport {
            worst: worst.map_or("ok", Severity::label),
            report: &report,
        };
        out.json(&wrapped)?;
        failures(&report)
    } else {
        finish(out, &report, |target, d| {
            doctor::render_table(out, target, d)
        })?
    };
    Ok(match (exit, worst) {
        (Exit::Ok, Some(w)) if w >= fail_on => Exit::Found,
        (exit, _) => exit,
    })
}
