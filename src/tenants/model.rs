//! Orgs as the config defines them, read from a target: which ids exist
//! (`list_sql`), an org's login roles and their state (`roles_sql`), where an org
//! lives (`placement_sql`), its live sessions (`session_org`), and which orgs the
//! ledger holds as suspended. Read-only; changing orgs is `suspend` and `resume`.
//!
//! The configured SQL is trusted text from quell.yaml and is wrapped in a
//! subquery; org ids given on the command line only ever travel as `$n`.

use std::collections::{BTreeMap, HashSet};

use crate::db::Client;
use serde::{Deserialize, Serialize};
use tokio_postgres::types::Type;

use super::config::{SessionOrg, TenantsConfig};
use crate::db::Session;
use crate::inspect::snapshot;

/// The prior state of one role, as the ledger keeps it (`prior.roles[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleState {
    pub role: String,
    pub connection_limit: i32,
    pub can_login: bool,
    /// `rolsuper`: read to refuse changing a superuser; not part of the recorded prior state.
    #[serde(skip_serializing, default)]
    pub superuser: bool,
}

/// One org of `list_sql`.
#[derive(Debug, Clone, Serialize)]
pub struct Org {
    pub org: String,
    pub name: Option<String>,
}

/// An active row of `quell.suspensions`.
#[derive(Debug, Clone, Serialize)]
pub struct Suspended {
    pub org: String,
    /// RFC 3339, UTC.
    pub since: String,
    pub by: String,
    pub reason: Option<String>,
    pub mechanisms: Vec<String>,
}

/// Active suspensions of this target, oldest first.
pub const ACTIVE_SQL: &str = "\
SELECT org, suspended_at, actor, reason, mechanisms
  FROM quell.suspensions
 WHERE target = $1 AND resumed_at IS NULL
 ORDER BY suspended_at, id";

/// Whether the control schema is there (list works without it).
const HAS_LEDGER_SQL: &str = "SELECT to_regclass('quell.suspensions') IS NOT NULL";

fn list_wrapped(list_sql: &str) -> String {
    format!("SELECT l.org::text, to_jsonb(l) ->> 'name' FROM ({list_sql}) AS l")
}

fn existing_wrapped(list_sql: &str) -> String {
    format!("SELECT l.org::text FROM ({list_sql}) AS l WHERE l.org::text = ANY($1)")
}

/// The role state of the org's roles; `roles_sql` takes the org id as `$1`.
pub fn roles_wrapped(roles_sql: &str) -> String {
    let roles_sql = roles_sql.trim().trim_end_matches(';');
    format!(
        "SELECT r.rolname::text, r.rolconnlimit, r.rolcanlogin, r.rolsuper FROM pg_roles r \
         WHERE r.rolname IN (SELECT q.r::name FROM ({roles_sql}) AS q(r)) ORDER BY 1"
    )
}

fn placement_wrapped(placement_sql: &str) -> String {
    let placement_sql = placement_sql.trim().trim_end_matches(';');
    format!("SELECT p.t::text FROM ({placement_sql}) AS p(t) LIMIT 1")
}

/// Every org of `list_sql`, in its order.
pub async fn list(client: &Client, cfg: &TenantsConfig) -> anyhow::Result<Vec<Org>> {
    let rows = client
        .query_typed(&list_wrapped(cfg.list_sql()?), &[])
        .await
        .map_err(|e| anyhow::Error::from(e).context("running tenants.list_sql"))?;
    rows.iter()
        .map(|r| {
            Ok(Org {
                org: r.try_get(0)?,
                name: r.try_get(1)?,
            })
        })
        .collect()
}

/// Which of `orgs` `list_sql` knows (one query, the ids as one `$1` array).
pub async fn existing(
    client: &Client,
    cfg: &TenantsConfig,
    orgs: &[String],
) -> anyhow::Result<HashSet<String>> {
    let rows = client
        .query_typed(
            &existing_wrapped(cfg.list_sql()?),
            &[(&orgs, Type::TEXT_ARRAY)],
        )
        .await
        .map_err(|e| anyhow::Error::from(e).context("running tenants.list_sql"))?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// The roles of `org` and their current state.
pub async fn roles(client: &Client, roles_sql: &str, org: &str) -> anyhow::Result<Vec<RoleState>> {
    let rows = client
        .query_typed(&roles_wrapped(roles_sql), &[(&org, Type::TEXT)])
        .await
        .map_err(|e| anyhow::Error::from(e).context("running tenants.roles_sql"))?;
    rows.iter()
        .map(|r| {
            Ok(RoleState {
                role: r.try_get(0)?,
                connection_limit: r.try_get(1)?,
                can_login: r.try_get(2)?,
                superuser: r.try_get(3)?,
            })
        })
        .collect()
}

/// The target holding `org` per `placement_sql`, if it names one.
pub async fn placement(
    client: &Client,
    placement_sql: &str,
    org: &str,
) -> anyhow::Result<Option<String>> {
    let rows = client
        .query_typed(&placement_wrapped(placement_sql), &[(&org, Type::TEXT)])
        .await
        .map_err(|e| anyhow::Error::from(e).context("running tenants.placement_sql"))?;
    Ok(rows.first().map(|r| r.try_get(0)).transpose()?)
}

/// Live client sessions per org (quell's own left out).
pub async fn session_counts(
    session: &Session,
    orgs: &SessionOrg,
) -> anyhow::Result<BTreeMap<String, u64>> {
    let mut counts = BTreeMap::new();
    for b in snapshot::read(session, false, Some(orgs)).await? {
        if let Some(org) = b.org {
            *counts.entry(org).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// The active suspensions of `target`; none when the control schema is missing.
pub async fn suspended(client: &Client, target: &str) -> anyhow::Result<Vec<Suspended>> {
    let has: bool = client.query_one(HAS_LEDGER_SQL, &[]).await?.try_get(0)?;
    if !has {
        return Ok(Vec::new());
    }
    let rows = client
        .query_typed(ACTIVE_SQL, &[(&target, Type::TEXT)])
        .await?;
    rows.iter()
        .map(|r| {
            let since: std::time::SystemTime = r.try_get(1)?;
            Ok(Suspended {
                org: r.try_get(0)?,
                since: humantime::format_rfc3339_seconds(since).to_string(),
                by: r.try_get(2)?,
                reason: r.try_get(3)?,
                mechanisms: r.try_get(4)?,
            })
        })
        .collect()
}
