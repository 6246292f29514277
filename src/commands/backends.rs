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
use crate::attribution::SessionOrg;
use crate::confirm::Approval;
use crate::db::fleet::{each, Connected, Fleet, Report};
use crate::db::Session;
use crate::error::Exit;
use crate::inspect::snapshot::{self, age, one_line, truncate, Backend, Filter};
use crate::output::{self, Output};

/// Signal one backend (pid `$1`, started at `$2`) and return what the journal keeps
/// of it, read in the same statement (after a terminate the row is gone). Not the
/// query text: it can hold a secret.
macro_rules! signal_sql {
    ($function:literal) => {
        concat!(
            "SELECT ",
            $function,
            "(pid),
       jsonb_build_object('pid', pid, 'role', usename, 'database', datname,
                          'application', application_name, 'state', state,
                          'backend_start', backend_start, 'xact_start', xact_start,
                          'query_start', query_start)
  FROM pg_stat_activity
 WHERE pid = $1 AND backend_start = $2 AND pid <> pg_backend_pid()"
        )
    };
}
const CANCEL_SQL: &str = signal_sql!("pg_cancel_backend");
const TERMINATE_SQL: &str = signal_sql!("pg_terminate_backend");
/// The journal is written where the control schema exists; elsewhere it is skipped.
const HAS_JOURNAL_SQL: &str = "SELECT to_regclass('quell.actions') IS NOT NULL";

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

    fn done(self) -> &'static str {
        match self {
            Action::Cancel => "cancelled",
            Action::Terminate => "terminated",
        }
    }

    /// Its kind in `quell.actions`.
    fn kind(self) -> &'static str {
        match self {
            Action::Cancel => "backend.cancel",
            Action::Terminate => "backend.terminate",
        }
    }

    /// The statement that signals one backend (pid `$1`, started at `$2`).
    fn sql(self) -> &'static str {
        match self {
            Action::Cancel => CANCEL_SQL,
            Action::Terminate => TERMINATE_SQL,
        }
    }
}

/// A state in which a backend runs something a cancel could stop.
fn running(state: &str) -> bool {
    matches!(state, "active" | "fastpath function call")
}

/// What the operator asked for, resolved.
#[derive(Debug, Clone)]
pub struct Request {
    pub action: Action,
    pub pids: Vec<i32>,
    pub filter: Filter,
    pub approval: Approval,
    pub dry_run: bool,
    /// Who signals, for the journal.
    pub actor: crate::control::Actor,
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
    /// The signals were journaled in `quell.actions` (false where there is no
    /// control schema, or nothing was signalled).
    pub journaled: bool,
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
    /// A cancel of a backend that was running nothing (idle, or idle in a
    /// transaction): not signalled, nothing to cancel.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub idle: bool,
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
        act(sessions, &mut report, req).await;
    }
    settle(&mut report);
    Ok(report)
}

/// A target where a pid asked for was not there, or a signal failed, is not ok: its
/// entry says so (`ok: false` and why), keeping what was done, so `ok` and the exit
/// code agree.
fn settle(report: &mut Report<Outcome>) {
    for entry in &mut report.targets {
        let Some(outcome) = &entry.data else { continue };
        let problems = outcome.problems();
        if !problems.is_empty() {
            entry.ok = false;
            entry.error = Some(problems.join("; "));
        }
    }
}

impl Outcome {
    /// Each pid that was asked for and not there, or whose signal failed: `pid P: why`.
    fn problems(&self) -> Vec<String> {
        let missing = self
            .missing
            .iter()
            .map(|pid| format!("pid {pid}: no such backend (or it is quell's own)"));
        let failed = self
            .results
            .iter()
            .filter_map(|r| Some(format!("pid {}: {}", r.pid, r.error.as_ref()?)));
        missing.chain(failed).collect()
    }
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
        journaled: false,
    })
}

async fn act(sessions: &[Connected], report: &mut Report<Outcome>, req: &Request) {
    let action = req.action;
    let sql = action.sql();
    for (entry, connected) in report.targets.iter_mut().zip(sessions) {
        let (Some(outcome), Ok(session)) = (entry.data.as_mut(), connected.session.as_ref()) else {
            continue;
        };
        // One statement per backend, pipelined: a failure stays with its pid.
        let signals = outcome.matched.iter().map(|b| async move {
            let mut result = PidResult {
                pid: b.pid,
                ok: true,
                error: None,
                gone: false,
                idle: false,
            };
            // pg_cancel_backend on an idle backend "succeeds" and does nothing; and
            // one that became active since it was shown runs a query nobody saw.
            if action == Action::Cancel && !running(&b.state) {
                result.idle = true;
                return (result, None);
            }
            let rows = session
                .client
                .query_typed(
                    sql,
                    &[
                        (&b.pid, tokio_postgres::types::Type::INT4),
                        (&b.backend_start, tokio_postgres::types::Type::TIMESTAMPTZ),
                    ],
                )
                .await;
            let mut seen = None;
            match rows {
                Ok(rows) => match rows
                    .first()
                    .map(|r| (r.try_get::<_, bool>(0), r.try_get(1)))
                {
                    Some((Ok(true), Ok(detail))) => seen = Some(detail),
                    Some((Ok(true), Err(_))) => {}
                    Some((Ok(false), _)) => {
                        result.ok = false;
                        result.error = Some("the server could not signal it".to_string());
                    }
                    Some((Err(e), _)) => {
                        result.ok = false;
                        result.error = Some(e.to_string());
                    }
                    None => result.gone = true,
                },
                Err(e) => {
                    result.ok = false;
                    result.error = Some(crate::error::chain(&anyhow::Error::from(e)));
                }
            }
            (result, seen)
        });
        let done: Vec<(PidResult, Option<serde_json::Value>)> =
            futures_util::future::join_all(signals).await;
        let signalled: Vec<(i32, serde_json::Value)> = done
            .iter()
            .filter_map(|(r, seen)| Some((r.pid, seen.clone()?)))
            .collect();
        outcome.results = done.into_iter().map(|(r, _)| r).collect();
        if signalled.is_empty() {
            continue;
        }
        match journal(session, &entry.target, action, &req.actor, &signalled).await {
            Ok(journaled) => outcome.journaled = journaled,
            // The signals are sent and cannot be taken back: say what is missing.
            Err(e) => output::warn(&format!(
                "target {}: {} {}, but not journaled: {}",
                entry.target,
                action.done(),
                output::count(signalled.len(), "backend"),
                crate::error::chain(&e)
            )),
        }
    }
}

/// One `quell.actions` row per signalled backend, in one transaction, where the
/// control schema exists; `Ok(false)` where it does not.
async fn journal(
    session: &Session,
    target: &str,
    action: Action,
    actor: &crate::control::Actor,
    signalled: &[(i32, serde_json::Value)],
) -> anyhow::Result<bool> {
    let exists: bool = session
        .client
        .query_one(HAS_JOURNAL_SQL, &[])
        .await?
        .try_get(0)?;
    if !exists {
        return Ok(false);
    }
    crate::db::tx::in_transaction(&session.client, async |tx| {
        for (pid, seen) in signalled {
            let subject = pid.to_string();
            let text = |key: &str| seen[key].as_str().unwrap_or("?").to_string();
            let detail = format!(
                "{} backend {pid} ({} on {}, {})",
                action.done(),
                text("role"),
                text("database"),
                text("state")
            );
            let row = crate::control::Action {
                target,
                kind: action.kind(),
                subject: Some(&subject),
                detail,
                before: Some(seen.clone()),
                after: None,
            };
            crate::control::record(tx, actor, &row).await?;
        }
        anyhow::Ok(())
    })
    .await?;
    Ok(true)
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
            let sql = one_line(outcome.action.sql());
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

/// After acting: what was done per target (a count and the pids, not a line per
/// backend), each failure on stderr as `target T: pid P: why`, the exit code.
fn finish(out: &Output, report: &Report<Outcome>, req: &Request) -> anyhow::Result<Exit> {
    let mut lines = Vec::new();
    for entry in &report.targets {
        let Some(outcome) = &entry.data else {
            if let Some(e) = &entry.error {
                output::error(&format!("target {}: {e}", entry.target));
            }
            continue;
        };
        for problem in outcome.problems() {
            output::error(&format!("target {}: {problem}", entry.target));
        }
        let pids = |keep: fn(&PidResult) -> bool| -> Vec<String> {
            outcome
                .results
                .iter()
                .filter(|r| r.ok && keep(r))
                .map(|r| r.pid.to_string())
                .collect()
        };
        let target = &entry.target;
        let verb = req.action.verb();
        let done = pids(|r| !r.gone && !r.idle);
        match done.as_slice() {
            [] => {}
            [one] => lines.push(format!("{target}: {} {one}", req.action.done())),
            many => lines.push(format!(
                "{target}: {} {}: {}",
                req.action.done(),
                output::count(many.len(), "backend"),
                output::some(many, 20)
            )),
        }
        let gone = pids(|r| r.gone);
        if !gone.is_empty() {
            lines.push(format!(
                "{target}: {} had already ended (nothing to {verb})",
                output::some(&gone, 20)
            ));
        }
        for r in outcome.results.iter().filter(|r| r.idle) {
            let state = outcome
                .matched
                .iter()
                .find(|b| b.pid == r.pid)
                .map_or("idle", |b| b.state.as_str());
            let hint = match state.starts_with("idle in transaction") {
                true => " (terminate ends its session and rolls the transaction back)",
                false => "",
            };
            lines.push(format!(
                "{target}: {} was {state}: nothing to cancel{hint}",
                r.pid
            ));
        }
    }
    if out.is_json() {
        out.json(report)?;
    } else if !lines.is_empty() {
        out.text(&lines.join("\n"))?;
    }
    Ok(if report.any_failed() {
        Exit::Error
    } else {
        Exit::Ok
    })
}
