//! `quell backends cancel | terminate`: match backends by pid or filter, show them,
//! confirm, act on each, report each.
//!
//! Safety: quell's own backend is never matched (the snapshot leaves it out); a
//! backend is signalled only if it is still the same session that was shown (pid
//! and `backend_start` both match), so a pid reused in between is left alone;
//! without `--pid` or a filter nothing is matched at all.

use comfy_table::Cell;
use serde::Serialize;

use super::block_on;
use crate::confirm::Approval;
use crate::db::fleet::{each, Connected, Fleet, Report};
use crate::db::Session;
use crate::error::Exit;
use crate::inspect::snapshot::{self, age, one_line, truncate, Backend, Filter};
use crate::output::{self, Output};
use crate::tenants::SessionOrg;

const CANCEL_SQL: &str = "\
SELECT pg_cancel_backend(pid) FROM pg_stat_activity
 WHERE pid = $1 AND backend_start = $2 AND pid <> pg_backend_pid()";
const TERMINATE_SQL: &str = "\
SELECT pg_terminate_backend(pid) FROM pg_stat_activity
 WHERE pid = $1 AND backend_start = $2 AND pid <> pg_backend_pid()";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Cancel,
    Terminate,
}

impl Action {
    fn verb(self) -> &'static str {
        match self {
            Action::Cancel => "cancel",
            Action::Terminate => "terminate",
        }
    }
}

/// What the operator asked for, resolved.
#[derive(Debug, Clone)]
pub struct Request {
    pub action: Action,
    pub pids: Vec<i32>,
    pub filter: Filter,
    pub approval: Approval,
    pub dry_run: bool,
}

/// One target's outcome.
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub action: Action,
    pub dry_run: bool,
    pub matched: Vec<Backend>,
    /// Pids asked for with `--pid` that are not (or no longer) there.
    pub missing: Vec<i32>,
    pub results: Vec<PidResult>,
}

#[derive(Debug, Serialize)]
pub struct PidResult {
    pub pid: i32,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// It ended on its own between being matched and being signalled: nothing to do.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub gone: bool,
}

pub fn run(
    out: &Output,
    fleet: &Fleet,
    req: &Request,
    orgs: Option<&SessionOrg>,
) -> anyhow::Result<Exit> {
    check(req, fleet.targets.len(), orgs)?;
    block_on(async {
        let sessions = fleet.connect_all().await?;
        let report = act_on(out, &sessions, req, orgs).await?;
        finish(out, &report, req)
    })?
}

/// What makes a request unanswerable before anything is read.
fn check(req: &Request, targets: usize, orgs: Option<&SessionOrg>) -> anyhow::Result<()> {
    if req.pids.is_empty() && req.filter.is_empty() {
        anyhow::bail!(
            "say which backends: --pid PID, or a filter (--state, --role, --db, --app, --min-duration, --org)"
        );
    }
    if !req.pids.is_empty() && targets > 1 {
        anyhow::bail!("--pid names backends of one server: select exactly one target");
    }
    if req.filter.org.is_some() && orgs.is_none() {
        anyhow::bail!(
            "--org needs tenants.session_org (role_pattern or app_pattern) in the config"
        );
    }
    Ok(())
}

/// Match, show, confirm and signal on open sessions: what `backends cancel |
/// terminate` does, and the `backends.*` playbook actions.
pub async fn act_on(
    out: &Output,
    sessions: &[Connected],
    req: &Request,
    orgs: Option<&SessionOrg>,
) -> anyhow::Result<Report<Outcome>> {
    check(req, sessions.len(), orgs)?;
    let mut report = each(sessions, async |s| matching(s, req, orgs).await).await;
    show(out, &report)?;
    let count: usize = report
        .targets
        .iter()
        .filter_map(|e| e.data.as_ref())
        .map(|o| o.matched.len())
        .sum();
    if count > 0 && !req.dry_run {
        let where_ = match report.targets.as_slice() {
            [one] => format!(" on {}", one.target),
            many => format!(" on {} targets", many.len()),
        };
        let what = output::count(count, "backend");
        req.approval
            .confirm(&format!("{} {what}{where_}", req.action.verb()))?;
        act(sessions, &mut report, req.action).await;
    }
    Ok(report)
}

async fn matching(
    session: &Session,
    req: &Request,
    orgs: Option<&SessionOrg>,
) -> anyhow::Result<Outcome> {
    let backends = snapshot::read(session, false, orgs).await?;
    let matched: Vec<Backend> = backends
        .into_iter()
        .filter(|b| (req.pids.is_empty() || req.pids.contains(&b.pid)) && req.filter.matches(b))
        .collect();
    let missing = req
        .pids
        .iter()
        .copied()
        .filter(|p| !matched.iter().any(|b| b.pid == *p))
        .collect();
    Ok(Outcome {
        action: req.action,
        dry_run: req.dry_run,
        matched,
        missing,
        results: Vec::new(),
    })
}

async fn act(sessions: &[Connected], report: &mut Report<Outcome>, action: Action) {
    let sql = match action {
        Action::Cancel => CANCEL_SQL,
        Action::Terminate => TERMINATE_SQL,
    };
    for (entry, connected) in report.targets.iter_mut().zip(sessions) {
        let (Some(outcome), Ok(session)) = (entry.data.as_mut(), connected.session.as_ref()) else {
            continue;
        };
        // One statement per backend, pipelined: a failure stays with its pid.
        let signals = outcome.matched.iter().map(|b| async move {
            let started = b.backend_start;
            let result = session
                .client
                .query_typed(
                    sql,
                    &[
                        (&b.pid, tokio_postgres::types::Type::INT4),
                        (&started, tokio_postgres::types::Type::TIMESTAMPTZ),
                    ],
                )
                .await;
            let (ok, error, gone) = match result {
                Ok(rows) => match rows.first().map(|r| r.try_get::<_, bool>(0)) {
                    Some(Ok(true)) => (true, None, false),
                    Some(Ok(false)) => (
                        false,
                        Some("the server could not signal it".to_string()),
                        false,
                    ),
                    Some(Err(e)) => (false, Some(e.to_string()), false),
                    None => (true, None, true),
                },
                Err(e) => (
                    false,
                    Some(crate::error::chain(&anyhow::Error::from(e))),
                    false,
                ),
            };
            PidResult {
                pid: b.pid,
                ok,
                error,
                gone,
            }
        });
        outcome.results = futures_util::future::join_all(signals).await;
    }
}

/// Before acting: the matched backends (table) or, with `--dry-run`, the SQL.
fn show(out: &Output, report: &Report<Outcome>) -> anyhow::Result<()> {
    if out.is_json() {
        return Ok(());
    }
    for entry in &report.targets {
        let Some(outcome) = &entry.data else { continue };
        if outcome.matched.is_empty() {
            out.text(&format!("{}: no backend matched", entry.target))?;
            continue;
        }
        if outcome.dry_run {
            let sql = one_line(match outcome.action {
                Action::Cancel => CANCEL_SQL,
                Action::Terminate => TERMINATE_SQL,
            });
            let lines: Vec<String> = outcome
                .matched
                .iter()
                .map(|b| {
                    let started = b
                        .backend_start
                        .map(|t| humantime::format_rfc3339_micros(t).to_string());
                    format!(
                        "{sql};  -- $1 = {}, $2 = '{}' ({} on {}, {})",
                        b.pid,
                        started.unwrap_or_default(),
                        b.role,
                        b.database,
                        b.state
                    )
                })
                .collect();
            out.text(&format!(
                "-- {} (dry run: nothing is signalled)\n{}",
                entry.target,
                lines.join("\n")
            ))?;
            continue;
        }
        let mut table = out.table(&["pid", "role", "db", "app", "state", "in state", "query"]);
        for b in &outcome.matched {
            table.add_row(vec![
                Cell::new(b.pid),
                Cell::new(&b.role),
                Cell::new(&b.database),
                Cell::new(truncate(&b.application, 20)),
                Cell::new(&b.state),
                Cell::new(b.state_secs.map(age).unwrap_or_default()),
                Cell::new(truncate(&one_line(&b.query), 50)),
            ]);
        }
        out.text(&format!(
            "{}: {} matched\n{table}",
            entry.target,
            outcome.matched.len()
        ))?;
    }
    Ok(())
}

/// After acting: each result, failures on stderr, the exit code.
fn finish(out: &Output, report: &Report<Outcome>, req: &Request) -> anyhow::Result<Exit> {
    let mut failed = report.any_failed();
    let done = match req.action {
        Action::Cancel => "cancelled",
        Action::Terminate => "terminated",
    };
    let mut lines = Vec::new();
    for failure in report.failures() {
        output::error(&failure);
    }
    for entry in &report.targets {
        let Some(outcome) = &entry.data else { continue };
        for pid in &outcome.missing {
            failed = true;
            output::error(&format!(
                "target {}: pid {pid}: no such backend (or it is quell's own)",
                entry.target
            ));
        }
        for r in &outcome.results {
            match &r.error {
                None if r.gone => lines.push(format!(
                    "{}: {} had already ended (nothing to {})",
                    entry.target,
                    r.pid,
                    req.action.verb()
                )),
                None => lines.push(format!("{}: {done} {}", entry.target, r.pid)),
                Some(e) => {
                    failed = true;
                    output::error(&format!("target {}: pid {}: {e}", entry.target, r.pid));
                }
            }
        }
    }
    if out.is_json() {
        out.json(report)?;
    } else if !lines.is_empty() {
        out.text(&lines.join("\n"))?;
    }
    Ok(if failed { Exit::Error } else { Exit::Ok })
}
