//! `quell doctor` across a fleet: the diagnosis of each target, the worst of all,
//! and exit 1 when a finding reaches `--fail-on`.

use super::{block_on, failures, finish};
use crate::db::fleet::Fleet;
use crate::error::Exit;
use crate::inspect::doctor::{self, Severity, Thresholds};
use crate::output::Output;

pub fn run(
    out: &Output,
    fleet: &Fleet,
    thresholds: &Thresholds,
    fail_on: Severity,
) -> anyhow::Result<Exit> {
    let report = crate::actions::doctor_of(block_on(
        fleet.run(async |s| doctor::collect(s, thresholds).await),
    )?);
    let exit = if out.is_json() {
        out.json(&report)?;
        failures(&report.report)
    } else {
        finish(out, &report.report, |target, d| {
            doctor::render_table(out, target, d)
        })?
    };
    Ok(match exit {
        Exit::Ok if report.worst.is_some_and(|w| w >= fail_on) => Exit::Found,
        exit => exit,
    })
}
