//! `quell roles`: the role census, the transitive membership fan-out of login
//! roles, what their first privilege check costs (estimated from the measured
//! measurements, and measured with `--probe`), and the other role-count costs of
//! connecting: database CONNECT ACLs, pg_hba membership rules, CREATEROLE roles.
//!
//! This file owns the data shape, the cost model and the verdict, and runs the
//! reads: `fanout` (census and fan-out), `access` (datacl, hba), `probe` (timing
//! one role's first check); `render` draws the table. Nothing here prints.

mod access;
mod fanout;
mod probe;
mod render;

use std::time::Duration;

use anyhow::Context as _;
use serde::Serialize;

pub use access::{DatabaseAcl, HbaRule};
pub use fanout::Group;
pub use probe::Probe;
pub use render::render_table;

use crate::db::Session;

/// Catalog reads of an incident tool stay serial and unjitted: under a connection
/// storm, parallel workers and JIT compilation are CPU the server does not have
/// (and the recursive fan-out's row estimates are wild enough to trigger JIT).
/// First version whose membership walk de-duplicates with a Bloom filter (above 1,024 roles).
const BLOOM_FILTER_VERSION_NUM: i32 = 170_000;
/// The measured 10,000-membership cost (docs/commands/roles.md), the scale of the quadratic model.
const MODEL_MS_AT_10K: f64 = 582.0;

/// Resolved options of `quell roles`.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many login roles to list by fan-out.
    pub top: usize,
    /// Measure the first privilege check of this role.
    pub probe: Option<String>,
    /// Refuse to probe when the estimate exceeds this (unless `force`).
    pub probe_budget: Duration,
    pub force: bool,
    /// Also list the roles with the most members (`largest_groups`); `doctor` skips it.
    pub largest_groups: bool,
    /// Skip the fan-out walk on a server with fewer `pg_auth_members` rows than this:
    /// no role can then reach it (a role's fan-out is at most the number of rows).
    /// `doctor` passes its warning threshold; `quell roles` always walks.
    pub walk_from: Option<i64>,
}

/// One server's roles.
#[derive(Debug, Serialize)]
pub struct Roles {
    pub server_version: String,
    pub server_version_num: i32,
    /// Every row of `pg_roles`, predefined roles included.
    pub role_count: i64,
    pub login_role_count: i64,
    pub superuser_count: i64,
    /// `pg_auth_members` rows (PG16+ can hold one per grantor for the same pair).
    pub membership_count: i64,
    /// Login roles whose fan-out is 1,024 or more: where the pre-17 walk turns quadratic
    /// and PostgreSQL 17+ switches to its Bloom filter.
    pub login_roles_over_1024: i64,
    /// How `est_first_check_ms` is computed on this server.
    pub estimate_model: String,
    /// One sentence for the operator: the worst login role and what its connections pay.
    pub verdict: String,
    /// 0 fine, 1 warning, 2 critical.
    pub verdict_level: crate::level::Level,
    /// The top login roles by fan-out, plus the probed role wherever it ranks.
    pub top_fanout: Vec<Fanout>,
    /// The roles with the most direct members.
    pub largest_groups: Vec<Group>,
    /// Non-superuser roles with CREATEROLE: on PG16+ each role one of them creates
    /// adds an ADMIN membership to its fan-out.
    pub createrole_roles: Vec<CreateRole>,
    /// `createrole_self_grant` (PostgreSQL 16+; null before).
    pub createrole_self_grant: Option<String>,
    /// Every database's CONNECT ACL size, largest first.
    pub databases: Vec<DatabaseAcl>,
    /// pg_hba.conf rules using `+group`, `samerole` or `samegroup`; null when unreadable.
    pub hba_membership_rules: Option<Vec<HbaRule>>,
    /// Why `hba_membership_rules` is null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hba_unavailable: Option<String>,
    /// What `--probe` measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<Probe>,
}

/// One role's transitive membership fan-out.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fanout {
    pub role: String,
    pub login: bool,
    /// Superusers' privilege checks skip the walk (hba `+group` matching still walks).
    pub superuser: bool,
    /// Distinct roles it is a member of, directly or through other roles: what the
    /// first privilege check of each new backend of this role walks.
    pub memberships: i64,
    /// Distinct roles it is a direct member of.
    pub direct_memberships: i64,
    /// The quadratic model's cost of that walk (PostgreSQL < 17; null on 17+).
    pub est_first_check_ms: Option<f64>,
    /// `--probe`: the first check, timed by the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured_first_check_ms: Option<f64>,
    /// `--probe`: the second, cached check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured_cached_check_ms: Option<f64>,
}

/// A non-superuser role with CREATEROLE.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CreateRole {
    pub role: String,
    pub login: bool,
    /// Transitive fan-out, as in `top_fanout`.
    pub memberships: i64,
    pub direct_memberships: i64,
    /// Direct memberships held WITH ADMIN OPTION (PG16+ grants one per role it creates).
    pub admin_of: i64,
}

/// Read the role census of `session`'s server (and probe, when asked).
pub async fn collect(session: &Session, opts: &Options) -> anyhow::Result<Roles> {
    let client = &session.client;
    // Parallel query and JIT are off for every quell session (db::connect): the
    // recursive fan-out's row estimates are wild enough to trigger both.
    let (fanouts, (databases, hba)) = tokio::try_join!(
        async {
            fanout::read(
                client,
                session.server_version_num,
                opts.top,
                opts.probe.as_deref(),
                opts.largest_groups,
                opts.walk_from,
            )
            .await
            .context("reading role memberships")
        },
        async { access::read(client).await.context("reading database ACLs") },
    )?;
    let version = session.server_version_num;
    let mut top_fanout: Vec<Fanout> = fanouts
        .seeds
        .iter()
        .filter(|s| s.top || s.probed)
        .map(|s| Fanout {
            role: s.role.clone(),
            login: s.login,
            superuser: s.superuser,
            memberships: s.transitive,
            direct_memberships: s.direct,
            est_first_check_ms: est_first_check_ms(s.transitive, version),
            measured_first_check_ms: None,
            measured_cached_check_ms: None,
        })
        .collect();
    let createrole_roles = fanouts
        .seeds
        .iter()
        .filter(|s| s.createrole && !s.superuser)
        .map(|s| CreateRole {
            role: s.role.clone(),
            login: s.login,
            memberships: s.transitive,
            direct_memberships: s.direct,
            admin_of: s.admin_of,
        })
        .collect();
    let probe = match opts.probe.as_deref() {
        None => None,
        Some(role) => {
            let seed = fanouts.seeds.iter().find(|s| s.probed);
            let req = probe::Request {
                role,
                memberships: seed.map_or(0, |s| s.transitive),
                est_ms: seed.and_then(|s| est_first_check_ms(s.transitive, version)),
                budget: opts.probe_budget,
                force: opts.force,
            };
            let measured = probe::run(client, &req).await?;
            if let Some(entry) = top_fanout.iter_mut().find(|f| f.role == role) {
                entry.measured_first_check_ms = Some(measured.first_check_ms);
                entry.measured_cached_check_ms = Some(measured.cached_check_ms);
            }
            Some(measured)
        }
    };
    let (hba_membership_rules, hba_unavailable) = match hba {
        access::Hba::Rules(rules) => (Some(rules), None),
        access::Hba::Unavailable(reason) => (None, Some(reason)),
    };
    let (verdict, verdict_level) = verdict(&top_fanout, version);
    Ok(Roles {
        server_version: session.server_version.clone(),
        server_version_num: version,
        role_count: fanouts.census.roles,
        login_role_count: fanouts.census.login_roles,
        superuser_count: fanouts.census.superusers,
        membership_count: fanouts.census.memberships,
        login_roles_over_1024: fanouts.login_roles_over_1024,
        estimate_model: estimate_model(version),
        verdict,
        verdict_level,
        top_fanout,
        largest_groups: fanouts.groups,
        createrole_roles,
        createrole_self_grant: fanouts.census.createrole_self_grant,
        databases,
        hba_membership_rules,
        hba_unavailable,
        probe,
    })
}

/// The quadratic fit of the pre-17 walk: 582 ms × (memberships / 10,000)²
/// (5k → 146 ms, 10k → 582 ms, 20k → 2.3 s; it underestimates at 50k, ~15 s vs ~30 s
/// measured). `None` on PostgreSQL 17+, which de-duplicates with a Bloom filter.
pub fn est_first_check_ms(memberships: i64, server_version_num: i32) -> Option<f64> {
    if server_version_num >= BLOOM_FILTER_VERSION_NUM {
        return None;
    }
    let x = memberships as f64 / 10_000.0;
    Some((MODEL_MS_AT_10K * x * x * 10.0).round() / 10.0)
}

fn estimate_model(server_version_num: i32) -> String {
    if server_version_num >= BLOOM_FILTER_VERSION_NUM {
        "none: PostgreSQL 17+ de-duplicates memberships with a Bloom filter above 1,024, \
         so the first-check walk is no longer quadratic; --probe measures it"
            .to_string()
    } else {
        "582 ms × (memberships / 10,000)², fitted to PostgreSQL 15 on 2 cores \
         (5k → 146 ms, 10k → 582 ms, 20k → 2.3 s; underestimates at 50k)"
            .to_string()
    }
}

/// The worst non-superuser login role, in one sentence, and how bad (0, 1, 2).
fn verdict(top: &[Fanout], server_version_num: i32) -> (String, crate::level::Level) {
    let (text, level) = verdict_rank(top, server_version_num);
    let level = match level {
        2 => crate::level::Level::Critical,
        1 => crate::level::Level::Warning,
        _ => crate::level::Level::Ok,
    };
    (text, level)
}

fn verdict_rank(top: &[Fanout], server_version_num: i32) -> (String, u8) {
    let major = server_version_num / 10_000;
    let Some(worst) = top.iter().find(|f| f.login && !f.superuser) else {
        return (
            "no non-superuser login role is a member of any role".to_string(),
            0,
        );
    };
    if worst.memberships == 0 {
        return (
            "no non-superuser login role is a member of any role".to_string(),
            0,
        );
    }
    let (role, n) = (&worst.role, thousands(worst.memberships));
    let Some(est) = worst.est_first_check_ms else {
        return if worst.memberships >= 1024 {
            (format!("login role {role} is a member of {n} roles; PostgreSQL {major} de-duplicates them with a Bloom filter, so its first privilege check should stay cheap (--probe {role} measures it)"), 1)
        } else {
            (
                format!("largest fan-out: login role {role}, {n} roles: fine"),
                0,
            )
        };
    };
    let (cost, how) = match worst.measured_first_check_ms {
        Some(measured) => (measured, "measured"),
        None => (est, "estimated"),
    };
    let level = if cost >= 500.0 {
        2
    } else if cost >= 50.0 || worst.memberships >= 1024 {
        1
    } else {
        0
    };
    let text = if level == 0 {
        format!(
            "largest fan-out: login role {role}, {n} roles (~{} first privilege check, {how}): fine",
            format_ms(cost)
        )
    } else {
        format!(
            "login role {role} is a member of {n} roles: every new connection pays ~{} on its first privilege check (PG {major}, {how})",
            format_ms(cost)
        )
    };
    (text, level)
}

/// "0.006 ms", "4.2 ms", "839 ms", "2.3 s".
pub(crate) fn format_ms(ms: f64) -> String {
    if ms == 0.0 {
        "0 ms".to_string()
    } else if ms < 1.0 {
        format!("{ms:.3} ms")
    } else if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

/// 12004 → "12,004".
pub(crate) fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fanout(role: &str, memberships: i64, version: i32) -> Fanout {
        Fanout {
            role: role.into(),
            login: true,
            superuser: false,
            memberships,
            direct_memberships: memberships,
            est_first_check_ms: est_first_check_ms(memberships, version),
            measured_first_check_ms: None,
            measured_cached_check_ms: None,
        }
    }

    #[test]
    fn the_model_fits_design_measurements() {
        let est = |n| est_first_check_ms(n, 150_020).unwrap_or(-1.0);
        assert_eq!(est(10_000), 582.0);
        assert!((est(5_000) - 146.0).abs() < 1.0);
        assert!((est(20_000) - 2328.0).abs() < 1.0);
        assert_eq!(est(0), 0.0);
        assert_eq!(est_first_check_ms(10_000, 170_000), None);
    }

    #[test]
    fn verdict_names_the_worst_login_role_and_its_cost() {
        let top = [fanout("app", 12_004, 150_020), fanout("web", 3, 150_020)];
        let (text, level) = verdict(&top, 150_020);
        assert_eq!(
            text,
            "login role app is a member of 12,004 roles: every new connection pays ~839 ms on its first privilege check (PG 15, estimated)"
        );
        assert_eq!(level.rank(), 2);
        let mut su = fanout("postgres", 50_000, 150_020);
        su.superuser = true;
        let (text, level) = verdict(&[su, fanout("web", 3, 150_020)], 150_020);
        assert!(
            text.starts_with("largest fan-out: login role web, 3 roles"),
            "{text}"
        );
        assert_eq!(level.rank(), 0);
        let (text, level) = verdict(&[fanout("app", 12_004, 170_000)], 170_000);
        assert!(
            text.contains("Bloom filter") && text.contains("PostgreSQL 17"),
            "{text}"
        );
        assert_eq!(level.rank(), 1);
        assert_eq!(verdict(&[], 150_020).1, crate::level::Level::Ok);
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(12_004), "12,004");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(format_ms(838.6), "839 ms");
        assert_eq!(format_ms(2328.0), "2.3 s");
        assert_eq!(format_ms(0.0061), "0.006 ms");
        assert_eq!(format_ms(4.25), "4.2 ms");
    }
}
