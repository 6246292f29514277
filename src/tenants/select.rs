//! Which orgs a command acts on, and where: ids from a file, the top N orgs by live
//! sessions across the fleet, and routing each org to the target that holds it
//! (`placement_sql`, asked on the first target) or, without placement, to every
//! selected target.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context as _;

use super::config::{SessionOrg, TenantsConfig};
use super::model;
use crate::db::fleet::Connected;

/// Org ids from a file: one per line; blank lines and `#` comments skipped.
pub fn from_file(path: &Path) -> anyhow::Result<Vec<String>> {
    // Bounded, UTF-8, a byte-order mark dropped (never part of the first org id).
    let text = crate::yaml::read(path, "--from-file")?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect())
}

/// The `n` orgs with the most live sessions over all connected targets (ties by id).
pub async fn top_by_connections(
    sessions: &[Connected],
    orgs: &SessionOrg,
    n: usize,
) -> anyhow::Result<Vec<(String, u64)>> {
    let mut total: BTreeMap<String, u64> = BTreeMap::new();
    for c in sessions {
        let Ok(session) = &c.session else { continue };
        let counts = model::session_counts(session, orgs)
            .await
            .with_context(|| format!("target {}: counting sessions per org", c.target))?;
        for (org, count) in counts {
            *total.entry(org).or_insert(0) += count;
        }
    }
    let mut ranked: Vec<(String, u64)> = total.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(n);
    Ok(ranked)
}

/// Orgs per session (same order as `sessions`), and the orgs that could not be
/// placed with why.
pub type Routing = (Vec<Vec<String>>, Vec<(String, String)>);

pub async fn route(
    sessions: &[Connected],
    cfg: &TenantsConfig,
    orgs: &[String],
) -> anyhow::Result<Routing> {
    let Some(placement_sql) = &cfg.placement_sql else {
        return Ok((vec![orgs.to_vec(); sessions.len()], Vec::new()));
    };
    let first = sessions.first().context("no target selected")?;
    let control = first.session.as_ref().map_err(|e| {
        anyhow::anyhow!(
            "target {}: needed for tenants.placement_sql: {e}",
            first.target
        )
    })?;
    let lookups = orgs
        .iter()
        .map(|org| model::placement(&control.client, placement_sql, org));
    let placed = futures_util::future::join_all(lookups).await;
    let mut routed = vec![Vec::new(); sessions.len()];
    let mut unplaced = Vec::new();
    for (org, place) in orgs.iter().zip(placed) {
        match place {
            Err(e) => unplaced.push((org.clone(), crate::error::chain(&e))),
            Ok(None) => unplaced.push((
                org.clone(),
                "tenants.placement_sql names no target for it".into(),
            )),
            Ok(Some(target)) => match sessions.iter().position(|c| c.target == target) {
                Some(i) => routed[i].push(org.clone()),
                None => unplaced.push((
                    org.clone(),
                    format!("held by target {target}, which is not selected (add -t {target})"),
                )),
            },
        }
    }
    Ok((routed, unplaced))
}
