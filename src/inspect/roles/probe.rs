//! `quell roles --probe ROLE`: time ROLE's first privilege check on the server.
//!
//! Role memberships are cached per backend, per role, and quell's own session has
//! not computed ROLE's yet, so the first `pg_has_role(ROLE, <a role it belongs to>,
//! 'USAGE')` in it pays the whole membership walk a new backend of ROLE pays, and
//! the second call is served from the cache. Both are timed by the server
//! (`EXPLAIN ANALYZE` execution time, so network and parsing stay out) and by the
//! client (wall time minus a `SELECT 1` round trip). This module refuses a probe
//! whose estimate exceeds the budget (the walk burns that much server CPU),
//! raises `statement_timeout` for the probe when the estimate needs it and puts it
//! back. It does not compute fan-outs or estimates (`fanout`, `estimate`).

use std::time::{Duration, Instant};

use crate::db::Client;
use anyhow::{bail, Context as _};
use serde::Serialize;
use tokio_postgres::types::{Oid, Type};

/// The probed role, whether checks on it walk at all, and one role it is a direct member of.
const ROLE_SQL: &str = "\
SELECT r.oid, r.rolsuper, r.rolinherit, t.oid, t.rolname::text, r.rolname = session_user
  FROM pg_roles r
  LEFT JOIN LATERAL (SELECT m.roleid FROM pg_auth_members m
                      WHERE m.member = r.oid ORDER BY m.roleid LIMIT 1) d ON true
  LEFT JOIN pg_roles t ON t.oid = d.roleid
 WHERE r.rolname = $1";

/// A round trip that does no work: the client-side baseline.
const BASELINE_SQL: &str = "SELECT 1";

/// One privilege check, timed by the server.
const CHECK_SQL: &str = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT pg_has_role($1, $2, $3)";

/// The session's statement_timeout, as text (to put back) and in milliseconds (0 = none).
const TIMEOUT_SQL: &str = "\
SELECT current_setting('statement_timeout'), setting::int8
  FROM pg_settings WHERE name = 'statement_timeout'";

const SET_TIMEOUT_SQL: &str = "SELECT set_config('statement_timeout', $1, false)";

/// The model underestimates large sets (about 2× at 50,000 memberships) and the
/// server may be loaded: the probe's timeout is this many times the estimate…
const TIMEOUT_FACTOR: f64 = 4.0;
/// …plus this.
const TIMEOUT_MARGIN_MS: f64 = 2_000.0;

/// What the probe measured.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Probe {
    pub role: String,
    /// The role the check asks about (a direct membership of `role`).
    pub against: String,
    /// `USAGE`, or `MEMBER` for a NOINHERIT role (whose USAGE check walks nothing).
    pub privilege: &'static str,
    /// Server execution time of the first check: the walk a new backend pays.
    pub first_check_ms: f64,
    /// Server execution time of the second, cached check.
    pub cached_check_ms: f64,
    /// Client wall time of the first check minus the baseline round trip.
    pub first_check_wall_ms: f64,
    /// The fastest of three `SELECT 1` round trips.
    pub baseline_round_trip_ms: f64,
    /// Why the figures may read low.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// statement_timeout during the probe when quell raised it (put back afterwards).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_timeout_ms: Option<i64>,
}

/// What `run` needs besides the session.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub role: &'a str,
    /// The fan-out of `role` (for messages).
    pub memberships: i64,
    /// The model's first-check estimate; `None` on PostgreSQL 17+.
    pub est_ms: Option<f64>,
    pub budget: Duration,
    pub force: bool,
}

/// Check the request, then probe.
pub async fn run(client: &Client, req: &Request<'_>) -> anyhow::Result<Probe> {
    let role = req.role;
    let rows = client
        .query_typed(ROLE_SQL, &[(&role, Type::NAME)])
        .await
        .with_context(|| format!("looking up role {role}"))?;
    let Some(row) = rows.first() else {
        bail!("--probe {role}: no role named {role:?} on this server");
    };
    let oid: Oid = row.try_get(0)?;
    let superuser: bool = row.try_get(1)?;
    let inherit: bool = row.try_get(2)?;
    let target: Option<Oid> = row.try_get(3)?;
    let against: Option<String> = row.try_get(4)?;
    let own_role: bool = row.try_get(5)?;
    if superuser {
        bail!("--probe {role}: {role} is a superuser, whose privilege checks skip the membership walk; nothing to probe");
    }
    let (Some(target), Some(against)) = (target, against) else {
        bail!("--probe {role}: {role} is a member of no role, so its first privilege check walks nothing; nothing to probe");
    };
    check_budget(req)?;
    let privilege = if inherit { "USAGE" } else { "MEMBER" };

    let bound_before = client.statement_timeout();
    let raised = raise_timeout(client, req.est_ms).await?;
    let measured = measure(client, oid, target, privilege).await;
    if let Some((previous, _)) = &raised {
        client
            .query_typed(SET_TIMEOUT_SQL, &[(previous, Type::TEXT)])
            .await
            .context("putting statement_timeout back after the probe")?;
        client.set_statement_timeout(bound_before);
    }
    let (first, cached, wall, baseline) = measured.with_context(|| {
        format!("probing {role}: timing pg_has_role({role}, {against}, '{privilege}')")
    })?;
    Ok(Probe {
        role: role.to_string(),
        against,
        privilege,
        first_check_ms: round3(first),
        cached_check_ms: round3(cached),
        first_check_wall_ms: round3((wall - baseline).max(0.0)),
        baseline_round_trip_ms: round3(baseline),
        note: own_role.then(|| {
            format!(
                "quell is connected as {role}: connecting may already have walked its memberships \
                 (CONNECT ACL, hba +group), leaving the first check cached; probe it from another role"
            )
        }),
        statement_timeout_ms: raised.map(|(_, ms)| ms),
    })
}

/// Refuse (unless forced) a probe whose estimate exceeds the budget.
fn check_budget(req: &Request<'_>) -> anyhow::Result<()> {
    let Some(est) = req.est_ms else {
        return Ok(());
    };
    let budget_ms = req.budget.as_secs_f64() * 1000.0;
    if req.force || est <= budget_ms {
        return Ok(());
    }
    bail!(
        "not probing {role}: its first privilege check is estimated at {est} ({n} memberships), over \
         --probe-budget {budget}, and the probe burns that much CPU on the server; pass --force to probe anyway",
        role = req.role,
        est = super::format_ms(est),
        n = super::thousands(req.memberships),
        budget = humantime::format_duration(req.budget),
    )
}

/// Raise statement_timeout when the estimate needs more than it allows.
/// Returns the previous setting (to put back) and the new one in milliseconds.
async fn raise_timeout(
    client: &Client,
    est_ms: Option<f64>,
) -> anyhow::Result<Option<(String, i64)>> {
    let Some(est) = est_ms else {
        return Ok(None);
    };
    let rows = client
        .query_typed(TIMEOUT_SQL, &[])
        .await
        .context("reading statement_timeout")?;
    let row = rows.first().context("reading statement_timeout: no row")?;
    let previous: String = row.try_get(0)?;
    let current_ms: i64 = row.try_get(1)?;
    let needed_ms = (est * TIMEOUT_FACTOR + TIMEOUT_MARGIN_MS).ceil() as i64;
    if current_ms == 0 || current_ms >= needed_ms {
        return Ok(None);
    }
    client
        .query_typed(SET_TIMEOUT_SQL, &[(&needed_ms.to_string(), Type::TEXT)])
        .await
        .context("raising statement_timeout for the probe")?;
    client.set_statement_timeout(std::time::Duration::from_millis(needed_ms.unsigned_abs()));
    Ok(Some((previous, needed_ms)))
}

/// (first server ms, cached server ms, first wall ms, baseline ms).
async fn measure(
    client: &Client,
    role: Oid,
    target: Oid,
    privilege: &str,
) -> anyhow::Result<(f64, f64, f64, f64)> {
    let mut baseline = f64::INFINITY;
    for _ in 0..3 {
        let started = Instant::now();
        client.query_typed(BASELINE_SQL, &[]).await?;
        baseline = baseline.min(ms(started.elapsed()));
    }
    let check = || async {
        let started = Instant::now();
        let rows = client
            .query_typed(
                CHECK_SQL,
                &[
                    (&role, Type::OID),
                    (&target, Type::OID),
                    (&privilege, Type::TEXT),
                ],
            )
            .await?;
        let wall = ms(started.elapsed());
        let lines = rows
            .iter()
            .map(|row| row.try_get::<_, String>(0))
            .collect::<Result<Vec<_>, _>>()?;
        let server = execution_time_ms(&lines)
            .with_context(|| format!("no execution time in the plan: {lines:?}"))?;
        anyhow::Ok((server, wall))
    };
    let (first, wall) = check().await?;
    let (cached, _) = check().await?;
    Ok((first, cached, wall, baseline))
}

/// The `Execution Time: 12.345 ms` line of an `EXPLAIN ANALYZE` text plan.
fn execution_time_ms(lines: &[String]) -> Option<f64> {
    lines.iter().find_map(|line| {
        line.trim()
            .strip_prefix("Execution Time:")?
            .trim()
            .strip_suffix("ms")?
            .trim()
            .parse()
            .ok()
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_execution_time_from_a_text_plan() {
        let plan = [
            "Result (actual rows=1 loops=1)",
            "Planning Time: 0.031 ms",
            "Execution Time: 268.512 ms",
        ]
        .map(String::from);
        assert_eq!(execution_time_ms(&plan), Some(268.512));
        assert_eq!(execution_time_ms(&plan[..2]), None);
    }

    #[test]
    fn budget_refuses_unless_forced_and_ignores_missing_estimates() {
        let mut req = Request {
            role: "app",
            memberships: 12_000,
            est_ms: Some(838.1),
            budget: Duration::from_millis(1),
            force: false,
        };
        let err = check_budget(&req)
            .map_err(|e| e.to_string())
            .err()
            .unwrap_or_default();
        assert!(
            err.contains("--force") && err.contains("--probe-budget 1ms"),
            "{err}"
        );
        assert!(err.contains("838 ms"), "{err}");
        req.force = true;
        assert!(check_budget(&req).is_ok());
        req.force = false;
        req.budget = Duration::from_secs(5);
        assert!(check_budget(&req).is_ok());
        req.budget = Duration::from_millis(1);
        req.est_ms = None;
        assert!(check_budget(&req).is_ok());
    }
}
