//! The checks of `quell doctor`: plain functions from [`Inputs`] and
//! [`Thresholds`] to findings. No I/O here, so each rule is unit-tested.

use serde_json::json;

use super::{Finding, Inputs, Severity, Thresholds};
use crate::inspect::snapshot::{age, thousands, Backend};

// The shipped playbook that addresses each finding (doctor's suggestion names it).
const SATURATION_PLAYBOOK: &str = "connection-saturation";
const LOCK_PLAYBOOK: &str = "lock-pileup";
const FANOUT_PLAYBOOK: &str = "role-fanout-assessment";

/// Every check.
pub fn run(inputs: &Inputs, t: &Thresholds) -> Vec<Finding> {
    let mut findings = Vec::new();
    // In this order among equal severities: the incident's chain of causes first.
    findings.extend(connection_saturation(inputs, t));
    findings.extend(connection_storm(inputs, t));
    findings.extend(role_checks(inputs, t));
    findings.extend(lwlock_contention(inputs, t));
    findings.extend(lock_chain(inputs, t));
    findings.extend(idle_in_transaction(inputs, t));
    findings.extend(long_running_query(inputs, t));
    findings
}

/// Severity for `value` against a warning and a critical threshold.
fn grade<T: PartialOrd>(value: T, warning: T, critical: T) -> Option<Severity> {
    if value >= critical {
        Some(Severity::Critical)
    } else if value >= warning {
        Some(Severity::Warning)
    } else {
        None
    }
}

fn client_backends(inputs: &Inputs) -> impl Iterator<Item = &Backend> {
    inputs
        .backends
        .iter()
        .filter(|b| b.backend_type == "client backend")
}

fn connection_saturation(inputs: &Inputs, t: &Thresholds) -> Option<Finding> {
    let c = &inputs.connections;
    let severity = grade(c.utilization, t.saturation_warning, t.saturation_critical)?;
    let usable = c.max_connections - c.reserved;
    let top_role = c
        .by_role
        .rows
        .first()
        .map(|(role, n)| format!("; most held by role {role} ({n})"))
        .unwrap_or_default();
    Some(Finding {
        id: "connection_saturation",
        severity,
        title: format!(
            "{} of {usable} usable connection slots in use ({:.0}%){top_role}",
            c.used,
            c.utilization * 100.0
        ),
        evidence: json!({
            "used": c.used, "usable": usable, "max_connections": c.max_connections,
            "reserved": c.reserved, "available": c.available, "utilization": c.utilization,
            "top_roles": c.by_role.rows.iter().take(3).map(|(r, n)| json!({"role": r, "count": n})).collect::<Vec<_>>(),
        }),
        suggestion: "shed load: suspend the heaviest tenant orgs and pause non-essential jobs; see `quell connections`".into(),
        playbook: Some(SATURATION_PLAYBOOK),
    })
}

fn connection_storm(inputs: &Inputs, t: &Thresholds) -> Option<Finding> {
    let total = client_backends(inputs).count() as u64;
    let young = client_backends(inputs)
        .filter(|b| b.backend_secs.unwrap_or(f64::MAX) < 1.0)
        .count() as u64;
    if young < t.storm_min_young || total == 0 {
        return None;
    }
    let share = young as f64 / total as f64;
    let severity = grade(share, t.storm_warning_share, t.storm_critical_share)?;
    Some(Finding {
        id: "connection_storm",
        severity,
        title: format!("{young} of {total} client backends are less than 1 s old: connections are being opened in a storm"),
        evidence: json!({"young_backends": young, "client_backends": total, "young_share": (share * 1000.0).round() / 1000.0}),
        suggestion: "find who connects (`quell connections`, by role and client); each new backend pays its role-membership walk, so cap the pool or suspend the noisiest orgs".into(),
        playbook: Some(SATURATION_PLAYBOOK),
    })
}

fn lwlock_contention(inputs: &Inputs, t: &Thresholds) -> Option<Finding> {
    let waiting: Vec<&Backend> = inputs
        .backends
        .iter()
        .filter(|b| b.wait_event_type == "LWLock")
        .collect();
    let severity = grade(waiting.len(), t.lwlock_warning, t.lwlock_critical)?;
    let mut events: Vec<(String, usize)> = Vec::new();
    for b in &waiting {
        match events.iter_mut().find(|(e, _)| *e == b.wait_event) {
            Some((_, n)) => *n += 1,
            None => events.push((b.wait_event.clone(), 1)),
        }
    }
    events.sort_by_key(|e| std::cmp::Reverse(e.1));
    let (top, top_n) = events.first().cloned().unwrap_or_default();
    Some(Finding {
        id: "lwlock_contention",
        severity,
        title: format!("{} backends are waiting on internal locks (LWLock), most on {top} ({top_n})", waiting.len()),
        evidence: json!({"waiting": waiting.len(), "events": events.iter().map(|(e, n)| json!({"event": e, "count": n})).collect::<Vec<_>>()}),
        suggestion: "internal lock contention grows with concurrent backends: reduce concurrency (fewer connections, suspend orgs); LockManager waits point at many partitions or pg_blocking_pids polling".into(),
        playbook: Some(SATURATION_PLAYBOOK),
    })
}

fn oldest<'a>(
    backends: impl Iterator<Item = &'a Backend>,
    secs: impl Fn(&Backend) -> Option<f64>,
) -> Vec<(&'a Backend, f64)> {
    let mut found: Vec<(&Backend, f64)> =
        backends.filter_map(|b| secs(b).map(|s| (b, s))).collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    found
}

fn idle_in_transaction(inputs: &Inputs, t: &Thresholds) -> Option<Finding> {
    let warn = t.idle_in_transaction_warning.0.as_secs_f64();
    let idle = oldest(
        client_backends(inputs).filter(|b| b.state.starts_with("idle in transaction")),
        |b| b.state_secs.filter(|s| *s >= warn),
    );
    let (first, secs) = idle.first()?;
    let severity = grade(*secs, warn, t.idle_in_transaction_critical.0.as_secs_f64())?;
    Some(Finding {
        id: "idle_in_transaction",
        severity,
        title: format!(
            "{} session{} idle in a transaction for over {}; oldest pid {} ({}, {})",
            idle.len(),
            if idle.len() == 1 { "" } else { "s" },
            age(warn),
            first.pid,
            first.role,
            age(*secs)
        ),
        evidence: json!({"sessions": idle.iter().take(10).map(|(b, s)| json!({"pid": b.pid, "role": b.role, "database": b.database, "application": b.application, "idle_secs": s, "xmin_age": b.xmin_age})).collect::<Vec<_>>(), "count": idle.len()}),
        suggestion: format!(
            "they hold locks and the xmin horizon: `quell backends terminate --state 'idle in transaction' --min-duration {}`, and set idle_in_transaction_session_timeout",
            age(warn)
        ),
        playbook: None,
    })
}

fn long_running_query(inputs: &Inputs, t: &Thresholds) -> Option<Finding> {
    let warn = t.long_query_warning.0.as_secs_f64();
    let long = oldest(
        client_backends(inputs).filter(|b| b.state == "active"),
        |b| b.query_secs.filter(|s| *s >= warn),
    );
    let (first, secs) = long.first()?;
    let severity = grade(*secs, warn, t.long_query_critical.0.as_secs_f64())?;
    Some(Finding {
        id: "long_running_query",
        severity,
        title: format!(
            "{} quer{} running for over {}; oldest pid {} ({}, {})",
            long.len(),
            if long.len() == 1 { "y" } else { "ies" },
            age(warn),
            first.pid,
            first.role,
            age(*secs)
        ),
        evidence: json!({"queries": long.iter().take(10).map(|(b, s)| json!({"pid": b.pid, "role": b.role, "database": b.database, "query_secs": s, "wait": b.wait(), "query": crate::inspect::snapshot::truncate(&crate::inspect::snapshot::one_line(&b.query), 200)})).collect::<Vec<_>>(), "count": long.len()}),
        suggestion: format!("look at them with `quell activity --age query`; cancel with `quell backends cancel --pid {}`", first.pid),
        playbook: None,
    })
}

fn lock_chain(inputs: &Inputs, t: &Thresholds) -> Vec<Finding> {
    let Some(locks) = &inputs.locks else {
        return Vec::new();
    };
    let oldest = locks.oldest_wait_secs.unwrap_or(0.0);
    let by_wait = grade(
        oldest,
        t.lock_wait_warning.0.as_secs_f64(),
        t.lock_wait_critical.0.as_secs_f64(),
    );
    let by_depth = (locks.max_depth >= t.lock_depth_critical).then_some(Severity::Critical);
    let Some(severity) = by_wait.max(by_depth) else {
        return Vec::new();
    };
    // The root whose tree holds up the most backends is the one to look at first.
    let Some(root) = locks.trees.iter().max_by_key(|n| (n.size(), n.depth())) else {
        return Vec::new();
    };
    let what = root.state.clone().unwrap_or_default();
    vec![Finding {
        id: "lock_chain",
        severity,
        title: format!(
            "{} backend{} waiting on locks (oldest {}, deepest chain {}); root pid {} ({}, {what}) holds up {}",
            locks.waiting,
            if locks.waiting == 1 { " is" } else { "s are" },
            age(oldest),
            locks.max_depth,
            root.pid,
            root.role.clone().unwrap_or_default(),
            root.size() - 1
        ),
        evidence: json!({
            "waiting": locks.waiting, "oldest_wait_secs": locks.oldest_wait_secs, "max_depth": locks.max_depth,
            "roots": locks.trees.iter().map(|n| json!({"pid": n.pid, "role": n.role, "state": n.state, "blocked": n.size() - 1, "depth": n.depth()})).collect::<Vec<_>>(),
        }),
        suggestion: format!(
            "see the trees with `quell locks`; ending the root releases the chain: `quell backends terminate --pid {}`",
            root.pid
        ),
        playbook: Some(LOCK_PLAYBOOK),
    }]
}

fn role_checks(inputs: &Inputs, t: &Thresholds) -> Vec<Finding> {
    let Some(roles) = &inputs.roles else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    let pre17 = inputs.server_version_num < 170_000;
    let heavy = roles
        .top_fanout
        .iter()
        .find(|f| f.login && !f.superuser && f.memberships >= t.fanout_warning);
    if let Some(f) = heavy {
        let severity = if !pre17 {
            Severity::Info
        } else if f.memberships >= t.fanout_critical {
            Severity::Critical
        } else {
            Severity::Warning
        };
        let cost = match (f.measured_first_check_ms, f.est_first_check_ms) {
            (Some(ms), _) => format!("~{} (measured)", age(ms / 1000.0)),
            (None, Some(ms)) => format!("~{} (estimated)", age(ms / 1000.0)),
            (None, None) => "little: PostgreSQL 17+ de-duplicates with a Bloom filter".to_string(),
        };
        findings.push(Finding {
            id: "role_membership_fanout",
            severity,
            title: format!(
                "login role {} is a member of {} roles: each new connection pays {cost} on its first privilege check",
                f.role,
                thousands(f.memberships)
            ),
            evidence: json!({
                "role": f.role, "memberships": f.memberships, "direct_memberships": f.direct_memberships,
                "est_first_check_ms": f.est_first_check_ms, "server_version_num": inputs.server_version_num,
                "login_roles_over_1024": roles.login_roles_over_1024,
            }),
            suggestion: format!(
                "measure it with `quell roles --probe {}`; under a storm, cut new connections (suspend orgs, cap the pool); for good, stop granting every per-user role to one login role, or split tenants over databases as the incident team did",
                f.role
            ),
            playbook: Some(FANOUT_PLAYBOOK),
        });
    }
    if let Some(severity) = grade(roles.role_count, t.role_count_info, t.role_count_warning) {
        let severity = if severity == Severity::Critical {
            Severity::Warning
        } else {
            Severity::Info
        };
        findings.push(Finding {
            id: "role_count",
            severity,
            title: format!(
                "{} roles in the cluster ({} can log in)",
                thousands(roles.role_count),
                thousands(roles.login_role_count)
            ),
            evidence: json!({"roles": roles.role_count, "login_roles": roles.login_role_count, "memberships": roles.membership_count}),
            suggestion: "one role per end user makes catalogs, ACLs and membership walks grow with users; see `quell roles`".into(),
            playbook: Some(FANOUT_PLAYBOOK),
        });
    }
    if let Some(rules) = roles
        .hba_membership_rules
        .as_ref()
        .filter(|r| !r.is_empty())
    {
        findings.push(Finding {
            id: "hba_membership_rules",
            severity: Severity::Warning,
            title: format!(
                "{} pg_hba.conf rule{} match by role membership (+group, samerole): every login walks its memberships before authenticating",
                rules.len(),
                if rules.len() == 1 { "" } else { "s" }
            ),
            evidence: json!({"rules": rules}),
            suggestion: "list the roles explicitly or by a flat group with few members; see `quell roles`".into(),
            playbook: None,
        });
    }
    if let Some(db) = roles.databases.iter().max_by_key(|d| d.datacl_entries) {
        if let Some(severity) = grade(db.datacl_entries, t.datacl_warning, t.datacl_critical) {
            findings.push(Finding {
                id: "datacl_size",
                severity,
                title: format!(
                    "database {} has {} ACL entries: every non-superuser login scans them",
                    db.database,
                    thousands(db.datacl_entries)
                ),
                evidence: json!({"databases": roles.databases.iter().filter(|d| d.datacl_entries >= t.datacl_warning).collect::<Vec<_>>()}),
                suggestion: "grant CONNECT to one group role instead of each user".into(),
                playbook: None,
            });
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::connections::{summarize, Settings};

    fn backend(
        pid: i32,
        state: &str,
        wait: (&str, &str),
        backend_secs: f64,
        state_secs: f64,
    ) -> Backend {
        Backend {
            state: state.into(),
            wait_event_type: wait.0.into(),
            wait_event: wait.1.into(),
            backend_secs: Some(backend_secs),
            xact_secs: Some(state_secs),
            query_secs: Some(state_secs),
            state_secs: Some(state_secs),
            ..Backend::fixture(pid)
        }
    }

    fn inputs(backends: Vec<Backend>, max: i64) -> Inputs {
        let settings = Settings {
            max_connections: max,
            superuser_reserved_connections: 3,
            reserved_connections: 0,
        };
        Inputs {
            server_version_num: 150000,
            connections: summarize("15".into(), settings, &backends),
            backends,
            locks: None,
            roles: None,
        }
    }

    fn ids(findings: &[Finding]) -> Vec<(&'static str, Severity)> {
        findings.iter().map(|f| (f.id, f.severity)).collect()
    }

    #[test]
    fn quiet_is_silent() {
        let quiet = inputs(
            (0..10)
                .map(|i| backend(i, "idle", ("Client", "ClientRead"), 100.0, 5.0))
                .collect(),
            100,
        );
        assert!(run(&quiet, &Thresholds::default()).is_empty());
    }

    #[test]
    fn saturation_grades() {
        let t = Thresholds::default();
        let at = |n: i32| {
            ids(&run(
                &inputs(
                    (0..n)
                        .map(|i| backend(i, "idle", ("", ""), 100.0, 1.0))
                        .collect(),
                    103,
                ),
                &t,
            ))
        };
        assert_eq!(at(74), []);
        assert_eq!(at(75), [("connection_saturation", Severity::Warning)]);
        assert_eq!(at(90), [("connection_saturation", Severity::Critical)]);
    }

    #[test]
    fn storm_needs_enough_young_backends() {
        let t = Thresholds::default();
        let mixed = |young: i32, old: i32| {
            let mut b: Vec<Backend> = (0..young)
                .map(|i| backend(i, "active", ("", ""), 0.3, 0.1))
                .collect();
            b.extend((0..old).map(|i| backend(1000 + i, "idle", ("", ""), 500.0, 10.0)));
            ids(&run(&inputs(b, 1000), &t))
        };
        assert_eq!(mixed(9, 0), [], "fewer than storm_min_young");
        assert_eq!(mixed(10, 20), [("connection_storm", Severity::Warning)]);
        assert_eq!(mixed(30, 20), [("connection_storm", Severity::Critical)]);
        assert_eq!(mixed(10, 100), []);
    }

    #[test]
    fn lwlock_contention_counts_events() {
        let t = Thresholds::default();
        let mut b: Vec<Backend> = (0..6)
            .map(|i| backend(i, "active", ("LWLock", "LockManager"), 10.0, 1.0))
            .collect();
        b.push(backend(99, "active", ("LWLock", "ProcArray"), 10.0, 1.0));
        let findings = run(&inputs(b.clone(), 1000), &t);
        assert_eq!(ids(&findings), [("lwlock_contention", Severity::Warning)]);
        assert!(
            findings[0].title.contains("LockManager (6)"),
            "{}",
            findings[0].title
        );
        b.extend((100..120).map(|i| backend(i, "active", ("LWLock", "LockManager"), 10.0, 1.0)));
        assert_eq!(
            ids(&run(&inputs(b, 1000), &t)),
            [("lwlock_contention", Severity::Critical)]
        );
    }

    #[test]
    fn idle_and_long_grades() {
        let t = Thresholds::default();
        let one = |b: Backend| ids(&run(&inputs(vec![b], 1000), &t));
        assert_eq!(
            one(backend(
                1,
                "idle in transaction",
                ("Client", "ClientRead"),
                900.0,
                59.0
            )),
            []
        );
        assert_eq!(
            one(backend(
                1,
                "idle in transaction",
                ("Client", "ClientRead"),
                900.0,
                61.0
            )),
            [("idle_in_transaction", Severity::Warning)]
        );
        assert_eq!(
            one(backend(
                1,
                "idle in transaction (aborted)",
                ("", ""),
                900.0,
                601.0
            )),
            [("idle_in_transaction", Severity::Critical)]
        );
        assert_eq!(one(backend(1, "active", ("", ""), 9000.0, 299.0)), []);
        assert_eq!(
            one(backend(1, "active", ("", ""), 9000.0, 301.0)),
            [("long_running_query", Severity::Warning)]
        );
        assert_eq!(
            one(backend(1, "active", ("", ""), 9000.0, 1801.0)),
            [("long_running_query", Severity::Critical)]
        );
        assert_eq!(
            one(backend(1, "idle", ("", ""), 9000.0, 5000.0)),
            [],
            "an idle session's last query is not running"
        );
    }
}
