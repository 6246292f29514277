//! Suspending orgs on one target. Each org is one transaction on the target's one
//! session: an advisory lock keyed by the org, a check for an active suspension
//! (none: go on; one: change nothing and say so), the roles' prior state read
//! under the lock, the mechanisms, the `quell.suspensions` row and the
//! `quell.actions` row, then COMMIT. A process killed between orgs leaves each org
//! either fully suspended with its ledger rows or untouched. `terminate` runs after
//! the commits, since ending sessions cannot be rolled back.
//!
//! Statements of one step are pipelined on the session (sent together, answered
//! in order); org ids only ever travel as `$n`.

use crate::db::Client;
use anyhow::Context as _;
use tokio_postgres::types::Type;

use super::config::{Mechanism, TenantsConfig};
use super::mechanisms::{self, show, Prior};
use super::model::{self, RoleState};
use super::{OrgResult, Outcome, Ran};
use crate::control::{self, Action, Actor};
use crate::db::Session;

/// Serializes every quell change to one org (suspend and resume take it alike).
pub const LOCK_SQL: &str =
    "SELECT pg_advisory_xact_lock(hashtextextended('quell.tenant:' || $1, 0))";
const ACTIVE_ONE_SQL: &str = "\
SELECT suspended_at, actor FROM quell.suspensions
 WHERE target = $1 AND org = $2 AND resumed_at IS NULL";
const INSERT_SQL: &str = "\
INSERT INTO quell.suspensions (org, target, mechanisms, prior, reason, actor, run_id)
VALUES ($1, $2, $3, $4, $5, $6, $7)";
/// Signal a backend only if it is still the session that was seen.
const TERMINATE_SQL: &str = "\
SELECT pg_terminate_backend(pid) FROM pg_stat_activity
 WHERE pid = $1 AND backend_start = $2 AND pid <> pg_backend_pid()";

/// A suspension as asked for, resolved.
#[derive(Debug)]
pub struct Request<'a> {
    pub cfg: &'a TenantsConfig,
    pub actor: &'a Actor,
    pub reason: Option<&'a str>,
    pub dry_run: bool,
}

/// Suspend `orgs` on this target, one at a time; `done` hears each result as soon as
/// it is known. A failed org is a result with `outcome: failed`; the others go on.
/// A lost session or a signal leaves the rest `not_attempted`; `terminate` still runs
/// for the orgs already suspended after a signal (it is one short statement each),
/// and its failure is the run's `error`, beside the results.
pub async fn run(
    session: &Session,
    req: &Request<'_>,
    orgs: &[String],
    done: &(dyn Fn(&OrgResult) + Sync),
) -> anyhow::Result<Ran> {
    control::ensure_current(&session.client).await?;
    let known = model::existing(&session.client, req.cfg, orgs).await?;
    // A dry run says how many sessions each org has now, in the org's own lines
    // (they are printed as each org is planned).
    let now = match (
        &req.cfg.session_org,
        req.dry_run && req.cfg.uses(Mechanism::Terminate),
    ) {
        (Some(attribution), true) => {
            Some(crate::inspect::snapshot::read(session, false, Some(attribution)).await?)
        }
        _ => None,
    };
    let mut results = super::each_org(session, orgs, done, async |org| {
        if !known.iter().any(|k| k == org) {
            Ok(OrgResult::failed(
                org,
                &anyhow::anyhow!("no such org in tenants.list_sql"),
            ))
        } else if req.dry_run {
            plan(session, req, org, now.as_deref()).await
        } else {
            suspend_one(session, req, org).await
        }
        .unwrap_or_else(|e| OrgResult::failed(org, &e))
    })
    .await;
    let mut error = None;
    if req.cfg.uses(Mechanism::Terminate) {
        if let Err(e) = terminate(session, req, &mut results).await {
            let waiting = results
                .iter()
                .filter(|r| r.outcome == Outcome::Suspended && r.terminated.is_none())
                .count();
            error = Some(format!(
                "{} suspended, but their sessions were not terminated: {}",
                crate::output::count(waiting, "org"),
                crate::error::chain(&e)
            ));
        }
    }
    Ok(Ran {
        orgs: results,
        error,
    })
}

/// The role state, the lock and the ledger check, sent together.
async fn read_locked(
    c: &Client,
    cfg: &TenantsConfig,
    target: &str,
    org: &str,
    lock: bool,
) -> anyhow::Result<(Option<String>, Vec<RoleState>)> {
    let uses_roles = cfg.uses(Mechanism::ConnectionLimit) || cfg.uses(Mechanism::Nologin);
    let locked = async {
        if lock {
            c.query_typed(LOCK_SQL, &[(&org, Type::TEXT)]).await?;
        }
        Ok::<_, crate::db::client::Error>(())
    };
    let active = async {
        c.query_typed(ACTIVE_ONE_SQL, &[(&target, Type::TEXT), (&org, Type::TEXT)])
            .await
    };
    let roles = async {
        match (&cfg.roles_sql, uses_roles) {
            (Some(sql), true) => model::roles(c, sql, org).await,
            _ => Ok(Vec::new()),
        }
    };
    let (locked, active, roles) = futures_util::future::join3(locked, active, roles).await;
    locked.context("taking the org's advisory lock")?;
    let active = active.context("reading quell.suspensions")?;
    let roles = roles?;
    if let Some(admin) = roles.iter().find(|r| r.superuser) {
        if !cfg.allow_superuser_roles {
            anyhow::bail!(
                "tenants.roles_sql returns {:?}, a superuser: quell will not change a superuser's login or \
                 connection limit (NOLOGIN can lock administrators out); leave it out of roles_sql, or set \
                 tenants.allow_superuser_roles: true",
                admin.role
            );
        }
    }
    let already = match active.first() {
        Some(row) => {
            let since: std::time::SystemTime = row.try_get(0)?;
            let by: String = row.try_get(1)?;
            Some(format!(
                "already suspended since {} by {by}: nothing changed",
                humantime::format_rfc3339_seconds(since)
            ))
        }
        None => None,
    };
    Ok((already, roles))
}

async fn suspend_one(session: &Session, req: &Request<'_>, org: &str) -> anyhow::Result<OrgResult> {
    let target = session.target.as_str();
    crate::db::tx::in_transaction(&session.client, async |c| {
        let (already, roles) = read_locked(c, req.cfg, target, org, true).await?;
        if let Some(note) = already {
            return Ok(OrgResult {
                note: Some(note),
                ..OrgResult::new(org, Outcome::AlreadySuspended)
            });
        }
        let statements = mechanisms::suspend_statements(&req.cfg.suspend, &roles)?;
        let names: Vec<&str> = req.cfg.suspend.iter().map(|m| m.name()).collect();
        let prior = serde_json::to_value(Prior { roles })?;
        let flag = async {
            match (&req.cfg.app_flag, req.cfg.uses(Mechanism::AppFlag)) {
                (Some(flag), true) => c
                    .query_typed(&flag.suspend_sql, &[(&org, Type::TEXT)])
                    .await
                    .map(drop)
                    .context("running tenants.app_flag.suspend_sql"),
                _ => Ok(()),
            }
        };
        let alter = async {
            if statements.is_empty() {
                return Ok(());
            }
            c.batch_execute(&statements.join(";\n"))
                .await
                .context("altering the org's roles")
        };
        let insert = async {
            c.query_typed(
                INSERT_SQL,
                &[
                    (&org, Type::TEXT),
                    (&target, Type::TEXT),
                    (&names, Type::TEXT_ARRAY),
                    (&prior, Type::JSONB),
                    (&req.reason, Type::TEXT),
                    (&req.actor.name, Type::TEXT),
                    (&req.actor.run_id, Type::TEXT),
                ],
            )
            .await
        };
        let action = Action {
            target,
            kind: "tenant.suspend",
            subject: Some(org),
            detail: format!(
                "suspended org {org} ({}; {} altered){}",
                names.join(", "),
                crate::output::count(statements.len(), "role"),
                req.reason.map(|r| format!(": {r}")).unwrap_or_default()
            ),
            before: Some(prior.clone()),
            after: Some(serde_json::json!({ "mechanisms": names })),
        };
        let record = control::record(c, req.actor, &action);
        let (flag, alter, insert, record) =
            futures_util::future::join4(flag, alter, insert, record).await;
        flag?;
        alter?;
        insert.context("recording the suspension")?;
        record.context("journaling the suspension")?;
        Ok(OrgResult {
            roles_changed: statements.len(),
            ..OrgResult::new(org, Outcome::Suspended)
        })
    })
    .await
}

/// `--dry-run`: what `suspend_one` would send, read without locking or writing.
async fn plan(
    session: &Session,
    req: &Request<'_>,
    org: &str,
    now: Option<&[crate::inspect::snapshot::Backend]>,
) -> anyhow::Result<OrgResult> {
    let target = session.target.as_str();
    let (already, roles) = read_locked(&session.client, req.cfg, target, org, false).await?;
    if let Some(note) = already {
        return Ok(OrgResult {
            note: Some(note),
            ..OrgResult::new(org, Outcome::AlreadySuspended)
        });
    }
    let statements = mechanisms::suspend_statements(&req.cfg.suspend, &roles)?;
    let names: Vec<&str> = req.cfg.suspend.iter().map(|m| m.name()).collect();
    let prior = serde_json::to_string(&Prior { roles })?;
    let mut sql = vec!["BEGIN;".to_string(), show(LOCK_SQL, &[org])];
    if let (Some(flag), true) = (&req.cfg.app_flag, req.cfg.uses(Mechanism::AppFlag)) {
        sql.push(show(&flag.suspend_sql, &[org]));
    }
    sql.extend(statements.iter().map(|s| format!("{s};")));
    let mechanisms = format!("{{{}}}", names.join(","));
    sql.push(show(
        INSERT_SQL,
        &[
            org,
            target,
            &mechanisms,
            &prior,
            req.reason.unwrap_or(""),
            &req.actor.name,
            &req.actor.run_id,
        ],
    ));
    sql.push("-- and one quell.actions row (kind tenant.suspend)".to_string());
    sql.push("COMMIT;".to_string());
    if req.cfg.uses(Mechanism::Terminate) {
        sql.push(format!(
            "-- then, for each of the org's sessions: {}",
            show(TERMINATE_SQL, &["<pid>", "<backend_start>"])
        ));
    }
    if let Some(backends) = now {
        let mine = backends
            .iter()
            .filter(|b| b.org.as_deref() == Some(org))
            .count();
        sql.push(format!("-- {mine} session(s) of org {org} now"));
    }
    Ok(OrgResult {
        roles_changed: statements.len(),
        sql,
        ..OrgResult::new(org, Outcome::Planned)
    })
}

/// End the sessions of the orgs just suspended.
async fn terminate(
    session: &Session,
    req: &Request<'_>,
    results: &mut [OrgResult],
) -> anyhow::Result<()> {
    let Some(orgs) = &req.cfg.session_org else {
        return Ok(());
    };
    let wanted = |r: &OrgResult| r.outcome == Outcome::Suspended;
    if !results.iter().any(wanted) {
        return Ok(());
    }
    let backends = crate::inspect::snapshot::read(session, false, Some(orgs)).await?;
    for result in results.iter_mut().filter(|r| wanted(r)) {
        let mine: Vec<_> = backends
            .iter()
            .filter(|b| b.org.as_deref() == Some(&result.org))
            .collect();
        let signals = mine.iter().map(|b| async move {
            session
                .client
                .query_typed(
                    TERMINATE_SQL,
                    &[(&b.pid, Type::INT4), (&b.backend_start, Type::TIMESTAMPTZ)],
                )
                .await
        });
        let ended = futures_util::future::join_all(signals)
            .await
            .into_iter()
            .filter(|r| {
                matches!(
                    r.as_ref()
                        .map(|rows| rows.first().map(|row| row.try_get::<_, bool>(0))),
                    Ok(Some(Ok(true)))
                )
            })
            .count() as u64;
        result.terminated = Some(ended);
        if ended > 0 {
            let action = Action {
                target: &session.target,
                kind: "tenant.terminate",
                subject: Some(&result.org),
                detail: format!(
                    "terminated {ended} session(s) of suspended org {}",
                    result.org
                ),
                before: None,
                after: Some(serde_json::json!({ "terminated": ended })),
            };
            control::record(&session.client, req.actor, &action)
                .await
                .context("journaling the terminations")?;
        }
    }
    Ok(())
}
