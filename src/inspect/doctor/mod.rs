//! `quell doctor`: every check over one connection, findings with stable ids,
//! severity, evidence, a suggestion and the playbook that applies.
//!
//! It gathers its inputs with the other inspectors' collectors, pipelined on one
//! session (settings, one `pg_stat_activity` snapshot, the role census, the lock
//! trees), then `checks` turns them
//! into findings. A part that cannot be read (permissions, a timeout) is listed
//! under `skipped`; the rest of the checks still run.

mod checks;
mod thresholds;

use comfy_table::Cell;
use serde::Serialize;

pub use thresholds::Thresholds;

use crate::db::Session;
use crate::inspect::{connections, locks, roles, snapshot};
use crate::output::Output;

/// How bad a finding is: the one scale of [`crate::level::Level`] (a finding is never `ok`).
pub use crate::level::Level as Severity;

/// One finding. `id` is stable: scripts and playbooks branch on it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub id: &'static str,
    pub severity: Severity,
    /// One sentence a tired engineer can act on.
    pub title: String,
    /// The numbers behind it.
    pub evidence: serde_json::Value,
    pub suggestion: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub playbook: Option<&'static str>,
}

/// A check that could not run, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub check: &'static str,
    pub reason: String,
}

/// One server's diagnosis.
#[derive(Debug, Serialize)]
pub struct Diagnosis {
    /// The worst severity found, or "ok".
    pub worst: Severity,
    /// Worst first.
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skipped>,
}

impl Diagnosis {
    pub fn worst_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// What the checks read.
pub struct Inputs {
    pub server_version_num: i32,
    pub connections: connections::Connections,
    pub backends: Vec<snapshot::Backend>,
    pub locks: Option<locks::Locks>,
    pub roles: Option<roles::Roles>,
}

/// Diagnose `session`'s server.
pub async fn collect(session: &Session, thresholds: &Thresholds) -> anyhow::Result<Diagnosis> {
    let role_opts = roles::Options {
        top: 5,
        probe: None,
        probe_budget: std::time::Duration::ZERO,
        force: false,
        largest_groups: false,
        walk_from: Some(thresholds.fanout_warning),
    };
    // All pipelined on the one session, and only what can matter: the fan-out walk
    // when the server has enough memberships to reach the warning, the blocking
    // trees when the snapshot shows a backend waiting on a lock (each statement on a
    // fresh backend pays for planning with cold caches: the common quiet server runs
    // five small ones).
    let lock_opts = locks::Options::default();
    let snapshot_then_locks = async {
        let backends = snapshot::read(session, true, None).await?;
        let locks = match backends.iter().any(|b| b.wait_event_type == "Lock") {
            true => locks::collect(session, &lock_opts).await,
            false => Ok(locks::Locks::none()),
        };
        anyhow::Ok((backends, locks))
    };
    let (settings, read, roles) = tokio::join!(
        connections::settings(session),
        snapshot_then_locks,
        roles::collect(session, &role_opts),
    );
    let (settings, (backends, locks)) = (settings?, read?);
    let mut skipped = Vec::new();
    let roles = roles.map_err(|e| skipped.push(skip("roles", &e))).ok();
    let locks = locks.map_err(|e| skipped.push(skip("locks", &e))).ok();
    let inputs = Inputs {
        server_version_num: session.server_version_num,
        connections: connections::summarize(session.server_version.clone(), settings, &backends),
        backends,
        locks,
        roles,
    };
    let mut findings = checks::run(&inputs, thresholds);
    // Each suggested command (the playbook's too) reaches this server the way the
    // operator reached it.
    let how = crate::output::rerun_on(&session.target);
    for f in &mut findings {
        if let Some(p) = f.playbook {
            f.suggestion = format!(
                "{}; playbook: `quell playbook run {p} --dry-run`",
                f.suggestion
            );
        }
        f.suggestion = crate::output::with_prefix(&f.suggestion, &how);
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let worst = findings.first().map_or(Severity::Ok, |f| f.severity);
    Ok(Diagnosis {
        worst,
        findings,
        skipped,
    })
}

fn skip(check: &'static str, err: &anyhow::Error) -> Skipped {
    Skipped {
        check,
        reason: crate::error::chain(err),
    }
}

/// The human view: the worst finding in one sentence, then every finding; the
/// suggested commands carry the run's target selection, so they reach the same
/// server.
pub fn render_table(out: &Output, target: &str, d: &Diagnosis) -> String {
    let mut text = String::new();
    match d.findings.first() {
        None => text.push_str(&format!(
            "{target}: no findings: the server looks healthy\n"
        )),
        Some(worst) => {
            // Each suggestion already names its playbook, with the selection.
            text.push_str(&format!(
                "{target}: {}: {}\n  → {}\n",
                worst.severity.label().to_uppercase(),
                worst.title,
                worst.suggestion
            ));
            let mut table = out.table(&["severity", "id", "finding"]);
            for f in &d.findings {
                table.add_row(vec![
                    out.level_cell(f.severity.label(), f.severity.rank()),
                    Cell::new(f.id),
                    Cell::new(&f.title),
                ]);
            }
            text.push_str(&format!("{table}\n"));
            for f in &d.findings {
                text.push_str(&format!("  {}: {}\n", f.id, f.suggestion));
            }
        }
    }
    for s in &d.skipped {
        text.push_str(&format!("skipped {}: {}\n", s.check, s.reason));
    }
    text.trim_end().to_string()
}
