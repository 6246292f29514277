//! `quell connections`: the slot budget of a server and who holds the slots.
//!
//! Reads the three slot settings and one `snapshot` of `pg_stat_activity` (client
//! backends other than quell's own), pipelined, and computes the
//! breakdowns and the backend-age histogram in Rust. Rendering is `render_table`'s;
//! printing is `output`'s.

use std::collections::HashMap;

use crate::level::Level;
use comfy_table::Cell;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::db::Session;
use crate::inspect::snapshot::{self, Backend};
use crate::output::Output;

const SETTINGS_SQL: &str = "\
SELECT current_setting('max_connections')::int4,
       current_setting('superuser_reserved_connections')::int4,
       coalesce(current_setting('reserved_connections', true), '0')::int4";

/// Upper bounds of the age buckets, in seconds; the last bucket is everything older.
const AGE_BUCKETS: [(f64, &str); 4] =
    [(1.0, "<1s"), (10.0, "<10s"), (60.0, "<1m"), (600.0, "<10m")];
const AGE_OLDEST: &str = ">=10m";

/// One server's slot budget.
#[derive(Debug, Serialize)]
pub struct Connections {
    pub server_version: String,
    pub max_connections: i64,
    pub superuser_reserved_connections: i64,
    /// `reserved_connections` (PostgreSQL 16+; 0 before).
    pub reserved_connections: i64,
    /// Slots only privileged roles can take: the two settings above together.
    pub reserved: i64,
    /// Client backends, quell's own excluded.
    pub used: i64,
    /// Slots an ordinary role can still take.
    pub available: i64,
    /// used / (max_connections − reserved); above 1 when privileged roles use reserved slots.
    pub utilization: f64,
    /// How bad the utilization is: ok, warning (≥ 0.75), critical (≥ 0.9).
    pub level: Level,
    pub by_role: Breakdown,
    pub by_database: Breakdown,
    pub by_application: Breakdown,
    pub by_state: Breakdown,
    pub by_client: Breakdown,
    pub age_histogram: Vec<AgeBucket>,
}

/// Counts per value, largest first, serialized as `[{"<key>": value, "count": n}]`.
#[derive(Debug, Default)]
pub struct Breakdown {
    pub key: &'static str,
    pub rows: Vec<(String, u64)>,
}

impl Serialize for Breakdown {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.rows.len()))?;
        for (value, count) in &self.rows {
            seq.serialize_element(&KeyCount {
                key: self.key,
                value,
                count: *count,
            })?;
        }
        seq.end()
    }
}

struct KeyCount<'a> {
    key: &'static str,
    value: &'a str,
    count: u64,
}

impl Serialize for KeyCount<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry(self.key, self.value)?;
        map.serialize_entry("count", &self.count)?;
        map.end()
    }
}

impl Breakdown {
    fn tally<'a>(key: &'static str, values: impl Iterator<Item = &'a str>) -> Breakdown {
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for value in values {
            *counts.entry(value).or_default() += 1;
        }
        let mut rows: Vec<(String, u64)> = counts
            .into_iter()
            .map(|(v, n)| (v.to_string(), n))
            .collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Breakdown { key, rows }
    }
}

#[derive(Debug, Serialize)]
pub struct AgeBucket {
    pub bucket: &'static str,
    pub count: u64,
}

/// The three settings that make the slot budget.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub max_connections: i64,
    pub superuser_reserved_connections: i64,
    /// `reserved_connections` (PostgreSQL 16+; 0 before).
    pub reserved_connections: i64,
}

/// Read the slot settings.
pub async fn settings(session: &Session) -> anyhow::Result<Settings> {
    let row = session.client.query_typed(SETTINGS_SQL, &[]).await?;
    let row = row
        .first()
        .ok_or_else(|| anyhow::anyhow!("reading connection settings: no row"))?;
    Ok(Settings {
        max_connections: i64::from(row.try_get::<_, i32>(0)?),
        superuser_reserved_connections: i64::from(row.try_get::<_, i32>(1)?),
        reserved_connections: i64::from(row.try_get::<_, i32>(2)?),
    })
}

/// Read the slot budget of `session`'s server: the settings and one snapshot, pipelined.
pub async fn collect(session: &Session) -> anyhow::Result<Connections> {
    let (settings, backends) =
        tokio::try_join!(settings(session), snapshot::read(session, false, None))?;
    Ok(summarize(
        session.server_version.clone(),
        settings,
        &backends,
    ))
}

/// The budget from settings and a snapshot; only client backends count.
pub fn summarize(server_version: String, settings: Settings, backends: &[Backend]) -> Connections {
    let Settings {
        max_connections,
        superuser_reserved_connections,
        reserved_connections,
    } = settings;
    let backends: Vec<&Backend> = backends
        .iter()
        .filter(|b| b.backend_type == "client backend")
        .collect();
    let reserved = superuser_reserved_connections + reserved_connections;
    let usable = (max_connections - reserved).max(1);
    let used = backends.len() as i64;
    let or = |value: &str, empty: &'static str| -> String {
        if value.is_empty() {
            empty.to_string()
        } else {
            value.to_string()
        }
    };
    let named = |f: fn(&Backend) -> &str, empty: &'static str| -> Vec<String> {
        backends.iter().map(|b| or(f(b), empty)).collect()
    };
    let roles = named(|b| &b.role, "(none)");
    let databases = named(|b| &b.database, "(none)");
    let apps = named(|b| &b.application, "(unnamed)");
    let states = named(|b| &b.state, "(unknown)");
    let clients = named(|b| &b.client, "local");
    let mut age_histogram: Vec<AgeBucket> = AGE_BUCKETS
        .iter()
        .map(|(_, label)| AgeBucket {
            bucket: label,
            count: 0,
        })
        .chain(std::iter::once(AgeBucket {
            bucket: AGE_OLDEST,
            count: 0,
        }))
        .collect();
    for backend in &backends {
        let age = backend.backend_secs.unwrap_or(0.0);
        let slot = AGE_BUCKETS
            .iter()
            .position(|(limit, _)| age < *limit)
            .unwrap_or(AGE_BUCKETS.len());
        age_histogram[slot].count += 1;
    }
    let utilization = round3(used as f64 / usable as f64);
    Connections {
        server_version,
        max_connections,
        superuser_reserved_connections,
        reserved_connections,
        reserved,
        used,
        available: (usable - used).max(0),
        utilization,
        level: utilization_level(utilization),
        by_role: Breakdown::tally("role", roles.iter().map(String::as_str)),
        by_database: Breakdown::tally("database", databases.iter().map(String::as_str)),
        by_application: Breakdown::tally("application", apps.iter().map(String::as_str)),
        by_state: Breakdown::tally("state", states.iter().map(String::as_str)),
        by_client: Breakdown::tally("client", clients.iter().map(String::as_str)),
        age_histogram,
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// ok, warning (≥ 75 %), critical (≥ 90 %).
pub fn utilization_level(utilization: f64) -> Level {
    if utilization >= 0.9 {
        Level::Critical
    } else if utilization >= 0.75 {
        Level::Warning
    } else {
        Level::Ok
    }
}

/// The human view: a headline, the breakdowns side by side, the age histogram.
pub fn render_table(out: &Output, target: &str, c: &Connections, limit: usize) -> String {
    let usable = c.max_connections - c.reserved;
    let level = c.level.rank();
    let utilization = format!("utilization {:.0}%", c.utilization * 100.0);
    let utilization = match (out.color, level) {
        (true, 2) => format!("\x1b[1;31m{utilization}\x1b[0m"),
        (true, 1) => format!("\x1b[33m{utilization}\x1b[0m"),
        _ => utilization,
    };
    let mut text = format!(
        "{target} · PostgreSQL {}\n{} used of {usable} usable slots (max_connections {}, {} reserved) · {} available · {utilization}\n",
        c.server_version, c.used, c.max_connections, c.reserved, c.available
    );
    if c.used == 0 {
        text.push_str("no client backends besides quell's own\n");
    } else {
        let mut table = out.table(&["by", "value", "count"]);
        for breakdown in [
            &c.by_role,
            &c.by_database,
            &c.by_application,
            &c.by_state,
            &c.by_client,
        ] {
            for (i, (value, count)) in breakdown.rows.iter().take(limit).enumerate() {
                let by = if i == 0 { breakdown.key } else { "" };
                table.add_row(vec![Cell::new(by), Cell::new(value), Cell::new(count)]);
            }
            let hidden = breakdown.rows.len().saturating_sub(limit);
            if hidden > 0 {
                table.add_row(vec![
                    String::new(),
                    format!("… {hidden} more (-o json has all)"),
                    String::new(),
                ]);
            }
        }
        text.push_str(&format!("{table}\n"));
    }
    let ages: Vec<String> = c
        .age_histogram
        .iter()
        .map(|b| format!("{} {}", b.bucket, b.count))
        .collect();
    let young = c.age_histogram.first().map_or(0, |b| b.count);
    let storm = if young >= 5 && young * 4 >= c.used as u64 {
        "  ← many brand-new backends: a connection storm?"
    } else {
        ""
    };
    text.push_str(&format!("backend age: {}{storm}", ages.join(" · ")));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backend(role: &str, state: &str, client: &str, age: f64) -> Backend {
        Backend {
            role: role.into(),
            database: "app".into(),
            client: client.into(),
            state: state.into(),
            backend_secs: Some(age),
            ..Backend::fixture(1)
        }
    }

    fn settings(max: i64, su: i64, reserved: i64) -> Settings {
        Settings {
            max_connections: max,
            superuser_reserved_connections: su,
            reserved_connections: reserved,
        }
    }

    #[test]
    fn budget_breakdowns_and_histogram() {
        let backends = [
            backend("app", "active", "10.0.0.1", 0.2),
            backend("app", "idle", "10.0.0.1", 5.0),
            backend("ops", "idle", "", 59.9),
            backend("app", "active", "10.0.0.2", 60.0),
            backend("app", "", "10.0.0.2", 4000.0),
        ];
        let c = summarize("15.0".into(), settings(10, 3, 0), &backends);
        assert_eq!((c.used, c.reserved, c.available), (5, 3, 2));
        assert_eq!(c.utilization, 0.714);
        assert_eq!(
            c.by_role.rows,
            vec![("app".to_string(), 4), ("ops".to_string(), 1)]
        );
        assert_eq!(c.by_client.rows[0], ("10.0.0.1".to_string(), 2));
        assert!(c.by_client.rows.contains(&("local".to_string(), 1)));
        assert!(c.by_state.rows.contains(&("(unknown)".to_string(), 1)));
        assert!(c.by_application.rows == vec![("(unnamed)".to_string(), 5)]);
        let counts: Vec<u64> = c.age_histogram.iter().map(|b| b.count).collect();
        assert_eq!(counts, [1, 1, 1, 1, 1]);
        let json = serde_json::to_value(&c.by_role).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!([{"role": "app", "count": 4}, {"role": "ops", "count": 1}])
        );
    }

    #[test]
    fn over_budget_when_reserved_slots_are_used() {
        let backends: Vec<Backend> = (0..9)
            .map(|_| backend("postgres", "idle", "", 1.0))
            .collect();
        let c = summarize("16.0".into(), settings(10, 2, 1), &backends);
        assert_eq!((c.reserved, c.available), (3, 0));
        assert!(c.utilization > 1.0);
    }
}
