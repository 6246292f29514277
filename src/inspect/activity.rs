//! `quell activity`: one `pg_stat_activity` snapshot grouped by the keys asked for,
//! plus the longest-running backends, with filters. The change since the previous
//! frame (`--watch`) is computed here too; the watch loop and printing are not.

use std::collections::BTreeMap;

use comfy_table::Cell;
use indexmap::IndexMap;
use serde::Serialize;

use crate::attribution::SessionOrg;
use crate::cli::{AgeKind, GroupKey};
use crate::db::Session;
use crate::inspect::snapshot::{self, age, one_line, truncate, Backend, Filter};
use crate::output::Output;

/// Resolved options of `quell activity`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Grouping keys, in order (default: state).
    pub group_by: Vec<GroupKey>,
    /// How many of the longest to list.
    pub limit: usize,
    /// Which age ranks the longest.
    pub age: AgeKind,
    pub filter: Filter,
    /// Include autovacuum, walsenders and other non-client backends.
    pub all_backends: bool,
}

/// One snapshot of one server.
#[derive(Debug, Serialize)]
pub struct Activity {
    /// Backends that passed the filters.
    pub total: usize,
    pub group_by: Vec<&'static str>,
    /// Counts per combination of the grouping keys, largest first.
    pub groups: Vec<Group>,
    /// Which age ranks `longest`: query, xact or backend.
    pub ranked_by: &'static str,
    /// The longest-running backends by `ranked_by`, oldest first.
    pub longest: Vec<Backend>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub key: IndexMap<&'static str, String>,
    pub count: usize,
    /// Change since the previous frame (`--watch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<i64>,
}

pub fn key_name(key: GroupKey) -> &'static str {
    match key {
        GroupKey::State => "state",
        GroupKey::Wait => "wait",
        GroupKey::Role => "role",
        GroupKey::Db => "db",
        GroupKey::App => "app",
        GroupKey::Client => "client",
        GroupKey::Org => "org",
    }
}

fn key_value(key: GroupKey, b: &Backend) -> String {
    let value = match key {
        GroupKey::State => b.state.clone(),
        GroupKey::Wait => b.wait(),
        GroupKey::Role => b.role.clone(),
        GroupKey::Db => b.database.clone(),
        GroupKey::App => b.application.clone(),
        GroupKey::Client => {
            if b.client.is_empty() {
                "local".to_string()
            } else {
                b.client.clone()
            }
        }
        GroupKey::Org => b.org.clone().unwrap_or_default(),
    };
    if value.is_empty() {
        "-".to_string()
    } else {
        value
    }
}

/// The age `kind` ranks `b` by. By query age, an active backend counts with its
/// query; one idle in a transaction with the transaction (what holds its locks and
/// its snapshot); an idle one not at all.
fn age_of(kind: AgeKind, b: &Backend) -> Option<f64> {
    match kind {
        AgeKind::Query if b.state == "active" => b.query_secs,
        AgeKind::Query if b.state.starts_with("idle in transaction") => b.xact_secs,
        AgeKind::Query => None,
        AgeKind::Xact => b.xact_secs,
        AgeKind::Backend => b.backend_secs,
    }
}

fn age_name(kind: AgeKind) -> &'static str {
    match kind {
        AgeKind::Query => "query",
        AgeKind::Xact => "xact",
        AgeKind::Backend => "backend",
    }
}

/// Take one snapshot of `session`'s server.
pub async fn collect(
    session: &Session,
    opts: &Options,
    orgs: Option<&SessionOrg>,
) -> anyhow::Result<Activity> {
    if opts.group_by.contains(&GroupKey::Org) && orgs.is_none() {
        anyhow::bail!(
            "--group-by org needs tenants.session_org (role_pattern or app_pattern) in the config"
        );
    }
    let backends = snapshot::read(session, opts.all_backends, orgs).await?;
    Ok(summarize(backends, opts))
}

/// Filter, group and rank one snapshot.
pub fn summarize(backends: Vec<Backend>, opts: &Options) -> Activity {
    let keys = if opts.group_by.is_empty() {
        vec![GroupKey::State]
    } else {
        opts.group_by.clone()
    };
    let matched: Vec<Backend> = backends
        .into_iter()
        .filter(|b| opts.filter.matches(b))
        .collect();
    let mut counts: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for b in &matched {
        *counts
            .entry(keys.iter().map(|k| key_value(*k, b)).collect())
            .or_default() += 1;
    }
    let mut groups: Vec<Group> = counts
        .into_iter()
        .map(|(values, count)| Group {
            key: keys.iter().map(|k| key_name(*k)).zip(values).collect(),
            count,
            change: None,
        })
        .collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.count));
    let mut longest: Vec<Backend> = matched
        .iter()
        .filter(|b| age_of(opts.age, b).is_some())
        .cloned()
        .collect();
    longest.sort_by(|a, b| {
        let (x, y) = (
            age_of(opts.age, a).unwrap_or(0.0),
            age_of(opts.age, b).unwrap_or(0.0),
        );
        y.total_cmp(&x)
    });
    longest.truncate(opts.limit);
    Activity {
        total: matched.len(),
        group_by: keys.iter().map(|k| key_name(*k)).collect(),
        groups,
        ranked_by: age_name(opts.age),
        longest,
    }
}

/// Fill in `change` on each group against the previous frame; groups that vanished
/// are kept with a count of 0 so a drop is visible.
pub fn diff(current: &mut Activity, previous: &Activity) {
    for group in &mut current.groups {
        let before = previous
            .groups
            .iter()
            .find(|g| g.key == group.key)
            .map_or(0, |g| g.count);
        group.change = Some(group.count as i64 - before as i64);
    }
    let gone: Vec<Group> = previous
        .groups
        .iter()
        .filter(|g| !current.groups.iter().any(|c| c.key == g.key))
        .map(|g| Group {
            key: g.key.clone(),
            count: 0,
            change: Some(-(g.count as i64)),
        })
        .collect();
    current.groups.extend(gone);
}

/// The human view: groups, then the longest.
pub fn render_table(out: &Output, target: &str, a: &Activity) -> String {
    let mut text = format!("{target} · {}\n", crate::output::count(a.total, "backend"));
    let watching = a.groups.iter().any(|g| g.change.is_some());
    let mut header: Vec<&str> = a.group_by.clone();
    header.push("count");
    if watching {
        header.push("change");
    }
    let mut groups = out.table(&header);
    for g in &a.groups {
        let mut row: Vec<Cell> = g.key.values().map(Cell::new).collect();
        row.push(Cell::new(g.count));
        if let Some(change) = g.change {
            let level = u8::from(change > 0);
            row.push(out.level_cell(
                if change == 0 {
                    String::new()
                } else {
                    format!("{change:+}")
                },
                level,
            ));
        }
        groups.add_row(row);
    }
    text.push_str(&format!("{groups}\n"));
    let kind = match a.ranked_by {
        "xact" => AgeKind::Xact,
        "backend" => AgeKind::Backend,
        _ => AgeKind::Query,
    };
    if a.longest.is_empty() {
        text.push_str(match kind {
            AgeKind::Query => "no backend is running a query or holding a transaction open",
            AgeKind::Xact => "no backend is in a transaction",
            AgeKind::Backend => "no backend",
        });
        return text;
    }
    let mut longest = out.table(&["pid", "age", "role", "db", "app", "state", "wait", "query"]);
    for b in &a.longest {
        let secs = age_of(kind, b);
        longest.add_row(vec![
            Cell::new(b.pid),
            out.level_cell(
                secs.map(age).unwrap_or_default(),
                u8::from(secs.unwrap_or(0.0) >= 60.0),
            ),
            Cell::new(&b.role),
            Cell::new(&b.database),
            Cell::new(truncate(&b.application, 20)),
            Cell::new(&b.state),
            Cell::new(b.wait()),
            Cell::new(truncate(&one_line(&b.query), 60)),
        ]);
    }
    let legend = match kind {
        AgeKind::Query => "query age (idle in transaction: transaction age)",
        AgeKind::Xact => "transaction age",
        AgeKind::Backend => "backend age",
    };
    text.push_str(&format!("longest by {legend}:\n{longest}"));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(pid: i32, role: &str, state: &str, query_secs: f64) -> Backend {
        Backend {
            role: role.into(),
            state: state.into(),
            backend_secs: Some(1000.0 - f64::from(pid)),
            xact_secs: Some(query_secs),
            query_secs: Some(query_secs),
            state_secs: Some(query_secs),
            ..Backend::fixture(pid)
        }
    }

    fn opts(group_by: Vec<GroupKey>, age: AgeKind) -> Options {
        Options {
            group_by,
            limit: 2,
            age,
            filter: Filter::default(),
            all_backends: false,
        }
    }

    #[test]
    fn groups_rank_and_diff() {
        let backends = vec![
            b(1, "app", "active", 5.0),
            b(2, "app", "idle", 50.0),
            b(3, "ops", "active", 30.0),
            b(4, "app", "active", 1.0),
        ];
        let a = summarize(
            backends.clone(),
            &opts(vec![GroupKey::Role, GroupKey::State], AgeKind::Query),
        );
        assert_eq!(a.total, 4);
        assert_eq!(a.groups[0].count, 2);
        assert_eq!(a.groups[0].key["role"], "app");
        assert_eq!(a.groups[0].key["state"], "active");
        // Query age ranks active backends only: the idle one's last query doesn't count.
        assert_eq!(a.longest.iter().map(|b| b.pid).collect::<Vec<_>>(), [3, 1]);
        let by_backend = summarize(backends.clone(), &opts(vec![], AgeKind::Backend));
        assert_eq!(by_backend.group_by, ["state"]);
        assert_eq!(
            by_backend.longest.iter().map(|b| b.pid).collect::<Vec<_>>(),
            [1, 2]
        );

        let mut next = summarize(
            backends[..2].to_vec(),
            &opts(vec![GroupKey::Role], AgeKind::Query),
        );
        let before = summarize(backends, &opts(vec![GroupKey::Role], AgeKind::Query));
        diff(&mut next, &before);
        let change = |role: &str| {
            next.groups
                .iter()
                .find(|g| g.key["role"] == role)
                .and_then(|g| g.change)
        };
        assert_eq!(change("app"), Some(-1));
        assert_eq!(change("ops"), Some(-1));
    }
}
